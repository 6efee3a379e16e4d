// An RFC 5545 iCalendar writer for all-day events (meetings, papers deadlines).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// A reminder (VALARM, ACTION:DISPLAY) before an all-day event.
struct SPFGOV_API ics_alarm {
    calendar_days days_before{1}; ///< TRIGGER:-P<n>D, relative to the event's start (midnight); 0..365
    std::string description{}; ///< the text shown; the event's summary when empty
    friend bool operator==(const ics_alarm&, const ics_alarm&) = default;
};

struct SPFGOV_API ics_event {
    std::string uid{}; ///< empty: make_uid(YYYY-MM-DD + '\n' + summary)
    date day{};      ///< the day; for a series (`rrule`) its first occurrence (DTSTART)
    std::string summary{};
    std::string description{}; ///< omitted when empty
    std::vector<std::string> categories{}; ///< omitted when empty
    /// A recurring series: the RRULE value (e.g. to_string(meeting_rule)),
    /// written as given; empty for a single event.
    std::string rrule = {};
    /// One instance of the series with the same UID, overridden by this event
    /// (RECURRENCE-ID;VALUE=DATE): the date the rule gives; `day` is when it is held.
    std::optional<date> recurrence_id = {};
    std::optional<ics_alarm> alarm = {}; ///< a VALARM inside the VEVENT
};

/// When a calendar is written, which is also its revision number.
/// RFC 5545: DTSTAMP (3.8.7.2) is a UTC date-time; SEQUENCE (3.8.7.4) must grow
/// whenever an event is revised, or a client that has the event already keeps
/// its old copy. spfgov writes no state between exports, so the revision
/// number is derived from the time of writing: whole minutes since
/// 2020-01-01T00:00:00Z. A calendar written later therefore carries a higher
/// SEQUENCE on every event and a re-import replaces the old events (same
/// UIDs), whatever dates changed. The same stamp gives byte-identical output.
struct SPFGOV_API ics_stamp {
    std::int64_t unix_seconds = 0; ///< DTSTAMP, seconds since 1970-01-01T00:00:00Z (UTC)
    int sequence = 0;              ///< SEQUENCE of every event

    /// The stamp at `unix_seconds`, with the derived sequence (0 before 2020,
    /// at most 2^31-1). Throws `date_error` ("ics.bad_stamp") before
    /// 1970-01-01 or after 9999-12-31T23:59:59Z.
    [[nodiscard]] static ics_stamp at(std::int64_t unix_seconds);
    /// The stamp at midnight UTC starting `day`.
    [[nodiscard]] static ics_stamp at(date day);
    friend bool operator==(const ics_stamp&, const ics_stamp&) = default;
};

/// Parses a stamp written as `YYYY-MM-DDTHH:MM:SSZ`, `YYYYMMDDTHHMMSSZ` or a
/// date `YYYY-MM-DD` (midnight UTC). Throws `date_error` ("ics.bad_stamp")
/// naming the text and the accepted forms.
[[nodiscard]] SPFGOV_API ics_stamp parse_ics_stamp(std::string_view text);

/// A VCALENDAR (VERSION:2.0, PRODID:-//spfgov//spfgov//EN, CALSCALE:GREGORIAN,
/// X-WR-CALNAME) with one VEVENT per event, in the order given: UID,
/// DTSTAMP and SEQUENCE from `stamp`, DTSTART;VALUE=DATE and DTEND;VALUE=DATE
/// (the next day), then RRULE or RECURRENCE-ID when set, SUMMARY,
/// DESCRIPTION, CATEGORIES and a VALARM when set. CRLF line endings, TEXT
/// escaping, lines folded at 75 octets without splitting a UTF-8 character;
/// invalid UTF-8 becomes U+FFFD and control characters other than tab and
/// newline are dropped. The output depends only on the arguments.
/// Throws `date_error`: "ics.bad_date" for a date that is not a real date,
/// "ics.empty_calendar" for no events (RFC 5545 3.6: a calendar holds at
/// least one component), "ics.bad_alarm" for an alarm outside 0..365 days.
[[nodiscard]] SPFGOV_API std::string to_ics(std::span<const ics_event> events,
                                 std::string_view calendar_name, const ics_stamp& stamp);

/// to_ics with ics_stamp::at(dtstamp): DTSTAMP at T000000Z of `dtstamp`.
[[nodiscard]] SPFGOV_API std::string to_ics(std::span<const ics_event> events,
                                 std::string_view calendar_name, date dtstamp);

/// A UID stable across exports: FNV-1a 64-bit hash of `seed` as 16 hex
/// digits, then "@spfgov". Use a seed naming the event (body id and date...).
[[nodiscard]] SPFGOV_API std::string make_uid(std::string_view seed);

namespace detail {
/// RFC 5545 TEXT escaping (\\ \; \, \n), with the clean-up described above.
[[nodiscard]] SPFGOV_API std::string ics_escape_text(std::string_view text);
/// One content line folded to at most 75 octets a line, each line ending CRLF.
[[nodiscard]] SPFGOV_API std::string ics_fold_line(std::string_view line);
} // namespace detail

} // namespace spfgov
