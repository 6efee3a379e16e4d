/* Checks an .ics file with libical (Debian: libical-dev), a parser
 * independent of spfgov's writer and of Python's icalendar.
 *
 * usage: ics_libical_check FILE
 *
 * Parses FILE with icalparser; every problem the parser records (an
 * X-LIC-ERROR property: a malformed line, a bad value) is a failure. Then
 * checks RFC 5545's property counts on libical's parsed model (3.6.1 VEVENT,
 * 3.6.6 VALARM, 3.6 VCALENDAR): libical's own icalrestriction_check applies
 * only iTIP methods (RFC 5546), and a published file without METHOD is
 * checked by nothing there. Also: at least one VEVENT (3.6), DTEND after
 * DTSTART, a RECURRENCE-ID of DTSTART's value type that names a series in the
 * file, and a SEQUENCE on every event (spfgov always writes one).
 * On success prints one line per VEVENT:
 *   UID SEQUENCE DTSTART [RRULE:...] [RECURRENCE-ID:...]
 * Exit status: 0 valid, 1 a problem, 2 usage or unreadable file.
 */
#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* read_all(const char* path) {
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    size_t size = 0, capacity = 1 << 16;
    char* text = malloc(capacity + 1);
    size_t n;
    while (text && (n = fread(text + size, 1, capacity - size, f)) > 0) {
        size += n;
        if (size == capacity) {
            char* bigger = realloc(text, 2 * capacity + 1);
            if (!bigger) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            capacity *= 2;
        }
    }
    fclose(f);
    if (text) text[size] = '\0';
    return text;
}

static const char* file_name = "";
static int problems = 0;

static void problem(const char* uid, const char* what) {
    fprintf(stderr, "ics_libical_check: %s: %s%s%s%s\n", file_name, uid ? "event " : "", uid ? uid : "",
            uid ? ": " : "", what);
    ++problems;
}

static void parser_errors(icalcomponent* c) {
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        char text[512];
        snprintf(text, sizeof text, "%s: %s", icalcomponent_kind_to_string(icalcomponent_isa(c)),
                 icalproperty_get_xlicerror(p));
        problem(NULL, text);
    }
    for (icalcomponent* k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
         k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        parser_errors(k);
}

/* The property must occur `min` to `max` times in `c`. */
static void count(icalcomponent* c, const char* uid, icalproperty_kind kind, int min, int max) {
    const int n = icalcomponent_count_properties(c, kind);
    if (n < min || n > max) {
        char text[256];
        snprintf(text, sizeof text, "%s %s %d time(s); RFC 5545 allows %d to %d",
                 icalcomponent_kind_to_string(icalcomponent_isa(c)), icalproperty_kind_to_string(kind), n, min, max);
        problem(uid, text);
    }
}

static void check_alarm(icalcomponent* a, const char* uid) {
    count(a, uid, ICAL_ACTION_PROPERTY, 1, 1);
    count(a, uid, ICAL_TRIGGER_PROPERTY, 1, 1);
    icalproperty* action = icalcomponent_get_first_property(a, ICAL_ACTION_PROPERTY);
    if (action && icalproperty_get_action(action) == ICAL_ACTION_DISPLAY)
        count(a, uid, ICAL_DESCRIPTION_PROPERTY, 1, 1);
    const int duration = icalcomponent_count_properties(a, ICAL_DURATION_PROPERTY);
    const int repeat = icalcomponent_count_properties(a, ICAL_REPEAT_PROPERTY);
    if (duration != repeat) problem(uid, "VALARM DURATION and REPEAT must come together");
}

static void check_event(icalcomponent* cal, icalcomponent* e) {
    const char* uid = icalcomponent_get_uid(e);
    count(e, uid, ICAL_UID_PROPERTY, 1, 1);
    count(e, uid, ICAL_DTSTAMP_PROPERTY, 1, 1);
    count(e, uid, ICAL_DTSTART_PROPERTY, 1, 1); /* required without METHOD */
    count(e, uid, ICAL_SEQUENCE_PROPERTY, 1, 1); /* RFC: at most one; spfgov: always */
    static const icalproperty_kind at_most_once[] = {
        ICAL_CLASS_PROPERTY, ICAL_CREATED_PROPERTY, ICAL_DESCRIPTION_PROPERTY, ICAL_GEO_PROPERTY,
        ICAL_LASTMODIFIED_PROPERTY, ICAL_LOCATION_PROPERTY, ICAL_ORGANIZER_PROPERTY, ICAL_PRIORITY_PROPERTY,
        ICAL_STATUS_PROPERTY, ICAL_SUMMARY_PROPERTY, ICAL_TRANSP_PROPERTY, ICAL_URL_PROPERTY,
        ICAL_RECURRENCEID_PROPERTY, ICAL_RRULE_PROPERTY, ICAL_DTEND_PROPERTY, ICAL_DURATION_PROPERTY};
    for (size_t i = 0; i < sizeof at_most_once / sizeof at_most_once[0]; ++i) count(e, uid, at_most_once[i], 0, 1);
    const int dtend = icalcomponent_count_properties(e, ICAL_DTEND_PROPERTY);
    if (dtend && icalcomponent_count_properties(e, ICAL_DURATION_PROPERTY))
        problem(uid, "both DTEND and DURATION");
    const struct icaltimetype start = icalcomponent_get_dtstart(e);
    if (dtend) {
        const struct icaltimetype end = icalcomponent_get_dtend(e);
        if (icaltime_compare(end, start) <= 0) problem(uid, "DTEND is not after DTSTART");
        if (end.is_date != start.is_date) problem(uid, "DTEND and DTSTART have different value types");
    }
    icalproperty* rid = icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY);
    if (rid) {
        if (icalproperty_get_recurrenceid(rid).is_date != start.is_date)
            problem(uid, "RECURRENCE-ID and DTSTART have different value types");
        int series = 0;
        /* An external iterator: the caller is walking the same list with the internal one. */
        for (icalcompiter it = icalcomponent_begin_component(cal, ICAL_VEVENT_COMPONENT); icalcompiter_deref(&it);
             icalcompiter_next(&it)) {
            icalcomponent* s = icalcompiter_deref(&it);
            const char* other = icalcomponent_get_uid(s);
            if (other && uid && strcmp(other, uid) == 0 &&
                icalcomponent_get_first_property(s, ICAL_RRULE_PROPERTY))
                ++series;
        }
        if (series != 1) problem(uid, "RECURRENCE-ID without one recurring event of the same UID");
    }
    for (icalcomponent* a = icalcomponent_get_first_component(e, ICAL_VALARM_COMPONENT); a;
         a = icalcomponent_get_next_component(e, ICAL_VALARM_COMPONENT))
        check_alarm(a, uid);

    printf("%s %d %s", uid ? uid : "?", icalcomponent_get_sequence(e), icaltime_as_ical_string(start));
    icalproperty* rrule = icalcomponent_get_first_property(e, ICAL_RRULE_PROPERTY);
    if (rrule) printf(" RRULE:%s", icalproperty_get_value_as_string(rrule));
    if (rid) printf(" RECURRENCE-ID:%s", icalproperty_get_value_as_string(rid));
    printf("\n");
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: ics_libical_check FILE\n");
        return 2;
    }
    file_name = argv[1];
    char* text = read_all(argv[1]);
    if (!text) {
        fprintf(stderr, "ics_libical_check: cannot read %s\n", argv[1]);
        return 2;
    }
    icalcomponent* cal = icalparser_parse_string(text);
    free(text);
    if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
        problem(NULL, "not one VCALENDAR");
        if (cal) icalcomponent_free(cal);
        return 1;
    }
    parser_errors(cal);
    count(cal, NULL, ICAL_PRODID_PROPERTY, 1, 1);
    count(cal, NULL, ICAL_VERSION_PROPERTY, 1, 1);
    count(cal, NULL, ICAL_CALSCALE_PROPERTY, 0, 1);
    count(cal, NULL, ICAL_METHOD_PROPERTY, 0, 1);
    int events = 0;
    for (icalcomponent* e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        ++events;
        check_event(cal, e);
    }
    if (events == 0) problem(NULL, "no VEVENT (RFC 5545 3.6: a calendar holds at least one component)");
    icalcomponent_free(cal);
    return problems == 0 ? 0 : 1;
}
