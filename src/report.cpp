#include "spfgov/report.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/error.hpp"
#include "spfgov/rrule.hpp"
#include "spfgov/text.hpp"

#include "detail_binding_deadlines.hpp"
#include "detail_redundancy_text.hpp"
#include "detail_text.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <utility>
#include <span>
#include <string_view>

namespace spfgov {

namespace {

constexpr std::size_t max_id_column = 24;

class writer {
public:
    explicit writer(const governance_graph& g) : g_(g) {}

    std::string out;

    [[nodiscard]] std::string label(body_handle h) const {
        const body& b = g_[h];
        return printable(b.name.empty() ? b.id : b.id + " (" + b.name + ")");
    }

    [[nodiscard]] std::size_t id_column(std::span<const body_handle> hs) const {
        std::size_t w = 0;
        for (auto h : hs) w = std::max(w, printable(g_.id(h)).size());
        return std::min(w, max_id_column);
    }

    /// "  ID   Name" with the id padded to `width`.
    void body_line(body_handle h, std::size_t width, std::string_view prefix = "  ") {
        const body& b = g_[h];
        out += prefix;
        const std::string id = printable(b.id);
        out += id;
        if (!b.name.empty()) {
            out.append(id.size() < width ? width - id.size() : 0, ' ');
            out += "  ";
            append_printable(out, b.name);
        }
        out += '\n';
    }

    /// A heading with the count, then one line per body; "Heading: none" when empty.
    void body_list(std::string_view heading, std::span<const body_handle> hs) {
        out += heading;
        if (hs.empty()) {
            out += ": none\n";
            return;
        }
        out += " (" + std::to_string(hs.size()) + "):\n";
        const auto w = id_column(hs);
        for (auto h : hs) body_line(h, w);
    }

private:
    const governance_graph& g_;
};

std::string_view deadline_title(deadline_kind k) {
    return k == deadline_kind::consultation_start ? "collective consultation must begin"
                                                  : "form HR1 must reach the Secretary of State";
}

/// s.193(1)(a), (2)(a): HR1 also comes before any notice of dismissal, which
/// under NHS notice periods is often weeks before the deadline's date. The
/// words came into s.193 on 2006-10-01 (SI 2006/2387, after Junk v Kühnel);
/// a proposal routed as of an earlier date is not told them.
std::string_view deadline_also(deadline_kind k, date proposed) {
    static const date in_force(2006, boost::gregorian::Oct, 1);
    if (k != deadline_kind::hr1_notification || proposed < in_force) return "";
    return ", and in any case before the first notice of dismissal is given (TULRCA s.193(1)(a), (2)(a))";
}

using detail::text::proposed_redundancies;

} // namespace

namespace {
template <class T> std::vector<const T*> by_date(const std::vector<T>& items) {
    std::vector<const T*> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(&item);
    std::stable_sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->date < b->date; });
    return out;
}
} // namespace

std::vector<const deadline*> deadlines_by_date(const route& r) { return by_date(r.deadlines); }
std::vector<const meeting*> meetings_by_date(const route& r) { return by_date(r.meetings); }

namespace {
std::string_view weekday_name(date d) {
    static constexpr std::array<std::string_view, 7> names{"Sunday", "Monday", "Tuesday", "Wednesday",
                                                           "Thursday", "Friday", "Saturday"};
    return names[d.day_of_week().as_number()];
}
} // namespace

std::string non_working_day_note(date d) {
    // The law counts calendar days, so the date stands; the note only says
    // when the offices are open. (No note where the working day before lies
    // outside the calendar: 1978's first days.)
    const auto& calendar = holiday_calendar::england_and_wales();
    if (!holiday_calendar::covers(d) || calendar.is_working_day(d)) return {};
    date before;
    try {
        before = calendar.previous_working_day(d);
    } catch (const date_error&) {  // the calendar's first days: none before them in it
        return {};
    }
    const bool weekend = d.day_of_week().as_number() == 0 || d.day_of_week().as_number() == 6;
    std::string note = " It falls on a ";
    note += weekend ? std::string(weekday_name(d))
                    : "bank holiday, " + std::string(calendar.holiday_name(d)) + ", a " + std::string(weekday_name(d));
    note += ": the last working day in England and Wales before it is " + std::string(weekday_name(before)) + " " +
            to_iso(before) + ".";
    return note;
}

std::string detail::meeting_after_deadline_note(const meeting& m, const deadline* binding, const governance_graph& g) {
    if (!binding || !(binding->date < m.date)) return {};
    return " This meeting comes AFTER the statutory date " + to_iso(binding->date) + " (" + printable(g.id(binding->body)) +
           ": " + std::string(deadline_title(binding->kind)) + " by then).";
}

std::string redundancy_window_text(const redundancy_window& w, const governance_graph& g) {
    std::string out;
    const auto employer = g.find(w.employer);
    out += employer ? writer(g).label(*employer) : printable(w.employer);
    out += '\n';
    const std::string issues = detail::text::join_as_list(w.issues);
    std::string detail = proposed_redundancies(w.total) + " in " +
                         (w.issues.size() == 1 ? "proposal " : std::to_string(w.issues.size()) + " proposals, ") + issues +
                         (w.issues.size() == 1 ? ", first dismissal " : ", first dismissals ") +
                         (w.from == w.to ? "on " + to_iso(w.from) : "from " + to_iso(w.from) + " to " + to_iso(w.to)) + ".";
    if (w.deadline) {
        detail += " Collective consultation must begin, and form HR1 reach the Secretary of State, by " +
                  to_iso(*w.deadline) + " (" + std::to_string(w.days.count()) + " days before " + to_iso(w.from) + ").";
        detail += non_working_day_note(*w.deadline);
    } else {
        detail += " Below the lowest band: no statutory minimum period.";
    }
    if (w.combined)
        detail += " COMBINED: together they reach a band with a longer period than any of them alone (s.188(1))" +
                  detail::proposed_apart_caveat(w) + ".";
    else if (w.earlier_than_alone)
        detail += " EARLIER: consultation on them all must begin by this date (s.188(1A): before the first of the "
                  "dismissals), earlier than their routes give, each counted alone: " +
                  detail::text::join_as_list(detail::later_alone(w)) + detail::proposed_apart_caveat(w) + ".";
    out += "  ";
    detail::text::append_wrapped(out, detail, 2, 2);
    return out;
}

std::string deadline_detail(const deadline& d, date as_of) {
    std::string detail = std::string(deadline_title(d.kind)) + " by this date";
    if (d.redundancies > 0)
        detail += " (" + proposed_redundancies(d.redundancies) + ": at least " + std::to_string(d.days.count()) +
                  " days before the first dismissal)";
    detail += deadline_also(d.kind, as_of);
    detail += "; rule " + d.rule + ".";
    detail += non_working_day_note(d.date);
    if (d.band_min > 0) {
        detail += " Band: " +
                  (d.band_max > 0 ? std::to_string(d.band_min) + "-" + std::to_string(d.band_max)
                                  : std::to_string(d.band_min) + " or more") +
                  " proposed redundancies, " + std::to_string(d.days.count()) + " days, for proposals from " +
                  to_iso(d.in_force_from) +
                  (d.in_force_until ? " until " + to_iso(*d.in_force_until - boost::gregorian::days(1)) : std::string()) +
                  ", under " + printable(d.authority) + ".";
    }
    if (d.late) detail += " Already past on " + to_iso(as_of) + ".";
    return detail;
}

std::string detail::below_lowest_band_detail(const below_lowest_band& b) {
    return proposed_redundancies(b.redundancies) + ", below the lowest band of the statutory table in force (" +
           std::to_string(b.lowest_band_min) +
           " or more), so no statutory collective minimum period and no date for this issue counted alone; rule R10. "
           "Proposals at one employer whose first dismissals fall within 90 days count together (s.188(1); "
           "spfgov redundancies counts them).";
}

std::string policy_summary(const routing_policy& policy) {
    const routing_policy& built_in = default_policy();
    std::vector<std::string> off, replaced, recited, unsourced, added;
    for (const auto& rule : policy.rules()) {
        const rule_citation* own = built_in.find(rule->id());
        if (!own) {
            if (rule->enabled) added.emplace_back(rule->id());
            continue;
        }
        if (!rule->enabled) off.emplace_back(rule->id());
        else if (rule->unit != own->unit) replaced.emplace_back(rule->id());
        else if (rule->source != own->source) (rule->source ? recited : unsourced).emplace_back(rule->id());
    }
    // Built-in rules by number (R2, R10, R12), not in run order; added ones as the policy gives them.
    const auto by_number = [](std::vector<std::string>& ids) {
        const auto number = [](const std::string& id) { return std::stoi(id.substr(1)); };
        std::stable_sort(ids.begin(), ids.end(), [&](const auto& x, const auto& y) { return number(x) < number(y); });
    };
    for (auto* ids : {&off, &replaced, &recited, &unsourced}) by_number(*ids);
    std::vector<std::string> changes;
    auto list = [&](std::string_view what, const std::vector<std::string>& ids) {
        if (ids.empty()) return;
        std::string said(what);
        for (std::size_t k = 0; k < ids.size(); ++k) said += (k == 0 ? " " : ", ") + ids[k];
        changes.push_back(std::move(said));
    };
    list("switches off", off);
    list("replaces", replaced);
    list("cites another source for", recited);
    list("cites no source for", unsourced);
    list("adds", added);
    if (policy.enabled("R10") && policy.parameters.statutory_bands != built_in.parameters.statutory_bands)
        changes.emplace_back(policy.parameters.statutory_bands.empty() ? "has no statutory tables (R10)"
                                                                       : "has its own statutory tables (R10)");
    if (policy.parameters.papers_days != built_in.parameters.papers_days) {
        const auto n = policy.parameters.papers_days.count();
        changes.push_back("has papers due " + std::to_string(n) + (n == 1 ? " working day" : " working days") +
                          " before a meeting (R12)");
    }
    std::string out = policy.name.empty() ? std::string("an unnamed policy") : policy.name;
    if (changes.empty()) return out + ", the built-in rules";
    for (std::size_t k = 0; k < changes.size(); ++k) out += (k == 0 ? " (" : "; ") + changes[k];
    return out + ")";
}

namespace {
std::string route_text_with(const route& r, const governance_graph& g, const routing_policy* policy) {
    writer w(g);
    std::string& out = w.out;
    out.reserve(4096);

    out += "Route for issue " + printable(r.issue) + ", as of " + to_iso(r.as_of) + "\n";
    if (!r.title.empty()) out += "Title: " + printable(r.title) + "\n";
    out += "Kind: " + std::string(to_string(r.kind)) + "\n";
    if (!r.staff_groups.empty()) out += "Staff groups: " + printable(detail::text::quoted_list(r.staff_groups)) + "\n";
    out += "Scope: " + std::string(to_string(r.scope)) + "\n";
    if (policy) out += "Policy: " + printable(policy_summary(*policy)) + "\n";
    if (r.first_dismissal) out += "First dismissal: " + to_iso(*r.first_dismissal) + "\n";
    out += '\n';
    w.body_list("Affected employers", r.affected);
    out += '\n';

    w.body_list("Lead", r.lead);
    out += "Lead union: ";
    out += r.lead_union ? w.label(*r.lead_union) : std::string("none");
    out += '\n';
    out += '\n';
    w.body_list("Negotiate", r.negotiate);
    w.body_list("Consult", r.consult);
    w.body_list("Engage", r.engage);
    w.body_list("Inform", r.inform);
    out += '\n';

    // R9: level by level.
    if (r.escalation.empty()) {
        out += "Escalation ladder: none\n";
    } else {
        out += r.escalation.size() == 1
                   ? std::string("Escalation ladder (level 0 only: no body above it to escalate to on this date):\n")
                   : "Escalation ladder (levels 0-" + std::to_string(r.escalation.size() - 1) +
                         "; if a level cannot resolve the matter, it goes to the next):\n";
        std::vector<body_handle> all;
        for (const auto& level_bodies : r.escalation) all.insert(all.end(), level_bodies.begin(), level_bodies.end());
        const auto width = w.id_column(all);
        for (std::size_t i = 0; i < r.escalation.size(); ++i) {
            // Numbered from 0, as domain.md's R9 names the levels ("Level 0
            // is the consult set"): a reader cross-checking the two, or the
            // route's JSON array, finds the same number.
            std::string prefix = "  level " + std::to_string(i) + ": ";
            const std::string blank(prefix.size(), ' ');
            if (r.escalation[i].empty()) {
                out += prefix + "(none)\n";
                continue;
            }
            for (auto h : r.escalation[i]) {
                w.body_line(h, width, prefix);
                prefix = blank;
            }
        }
    }
    out += '\n';

    // R10.
    const auto below = detail::below_lowest_band_employers(r);
    if (r.deadlines.empty()) {
        out += "Statutory deadlines: none\n";
    } else {
        out += "Statutory deadlines (" + std::to_string(r.deadlines.size()) + "), earliest first:\n";
        for (const deadline* by_date : deadlines_by_date(r)) {
            const deadline& d = *by_date;
            out += "  " + to_iso(d.date) + "  " + std::string(to_string(d.kind)) + "  " + w.label(d.body);
            out += d.late ? "  LATE\n" : "\n";
            const std::string detail = deadline_detail(d, r.as_of);
            out += "              ";
            detail::text::append_wrapped(out, detail, 14, 14);
        }
    }
    for (const auto& b : below) {
        out += "  no date     " + w.label(b.employer) + "\n              ";
        detail::text::append_wrapped(out, detail::below_lowest_band_detail(b), 14, 14);
    }
    out += '\n';

    // R12.
    if (r.meetings.empty()) {
        // What would list one: "none" alone reads as "no meeting is
        // scheduled" (and the policy may have switched R12 off).
        out += "Meetings: none known (R12 gives the next meeting of each lead or engaged body with a meeting rule)\n";
    } else {
        out += "Meetings (" + std::to_string(r.meetings.size()) + "), earliest first:\n";
        const detail::binding_deadlines binding(r, g);
        for (const meeting* by_date : meetings_by_date(r)) {
            const meeting& m = *by_date;
            out += "  " + to_iso(m.date) + "  " + w.label(m.body) + "\n";
            std::string detail = "papers due by " + to_iso(m.papers_due);
            if (m.moved) detail += "; moved from " + to_iso(m.scheduled) + ", not a working day";
            if (const std::string after = detail::meeting_after_deadline_note(m, binding.for_body(m.body), g); !after.empty())
                detail += "." + after;
            out += "              ";
            detail::text::append_wrapped(out, detail, 14, 14);
        }
    }
    out += '\n';

    // Why.
    if (r.rationale.empty()) {
        out += "Rationale: none\n";
    } else {
        out += "Rationale:\n";
        for (const auto& e : r.rationale) {
            std::string head = "  " + std::string(e.rule());
            head.append(head.size() < 7 ? 7 - head.size() : 1, ' ');
            out += head;
            detail::text::append_wrapped(out, rationale_text(e, r, g), head.size(), 7);
            if (const auto source = e.source()) {
                out += "       Source: ";
                detail::text::append_wrapped(out, *source, 15, 15);
            }
        }
    }
    out += '\n';

    // Not a routing warning (the route JSON has none), but read as one.
    const std::size_t after = detail::meetings_after_deadlines(r, g);
    if (r.warnings.empty()) {
        out += after == 0 ? std::string("Warnings: none\n")
                          : "Warnings: none from routing, but see Meetings: " + detail::meetings_after_summary(after) + "\n";
    } else {
        out += "Warnings (" + std::to_string(r.warnings.size()) + "):\n";
        for (const auto& s : r.warnings) {
            out += "  - ";
            detail::text::append_wrapped(out, s, 4, 4);
        }
        if (after > 0) out += "  (and see Meetings: " + detail::meetings_after_summary(after) + ")\n";
    }
    return out;
}
} // namespace

std::string route_text(const route& r, const governance_graph& g) { return route_text_with(r, g, nullptr); }
std::string route_text(const route& r, const governance_graph& g, const routing_policy& policy) {
    return route_text_with(r, g, &policy);
}

namespace {

/// What each summary names the issue by: its title, else its id.
std::string issue_subject(std::string_view issue, std::string_view title) {
    return title.empty() ? "issue " + std::string(issue) : std::string(title);
}
std::string issue_subject(const route& r) { return issue_subject(r.issue, r.title); }

/// Occurrences of a meeting series that move off a non-working day, shown as
/// overrides for this long after the route's date: enough for the months a
/// workforce change runs, few enough to keep the calendar small.
constexpr int moved_window_days = 366;

/// The series of a body's meetings, when its meeting rule is usable.
struct meeting_series {
    std::string rrule;
    date start;
    std::vector<std::pair<date, date>> moved;  ///< (scheduled, held) within the window
};

std::optional<meeting_series> series_of(const body& b, date from) {
    if (!b.meets) return std::nullopt;
    meeting_series s;
    try {
        const meeting_rule rule = parse_rrule(b.meets->rule);
        s.rrule = to_string(rule);
        s.start = b.meets->start;
        const auto& calendar = holiday_calendar::england_and_wales();
        const date until = from + boost::gregorian::days(moved_window_days);
        occurrence_generator occurrences(rule, s.start);
        if (!rule.count) occurrences.skip_to(from);  // with COUNT, what came before counts
        while (const auto day = occurrences.next()) {
            if (*day > until || !holiday_calendar::covers(*day)) break;
            if (*day < from) continue;
            const date held = calendar.next_working_day(*day);
            if (held != *day) s.moved.emplace_back(*day, held);
        }
    } catch (const error&) {  // R12 has already warned about the rule
        return std::nullopt;
    }
    return s;
}

} // namespace

namespace detail {

std::string route_event_uid(std::string_view issue, std::string_view kind, std::string_view body_id) {
    // Not the date: an event keeps its UID when its date changes, so a
    // re-imported calendar moves it instead of adding a second one.
    std::string seed(issue);
    seed += '\n';
    seed += kind;
    seed += '\n';
    seed += body_id;
    return make_uid(seed);
}

ics_event statutory_deadline_event(const deadline& d, std::string_view issue, std::string_view title, date as_of,
                                   const governance_graph& g) {
    const std::string kind{to_string(d.kind)};
    const std::string subject = issue_subject(issue, title);
    ics_event e;
    e.uid = route_event_uid(issue, kind, g.id(d.body));
    e.day = d.date;
    e.summary = std::string(d.late ? "LATE: " : "") + "Statutory deadline: " + std::string(deadline_title(d.kind)) +
                " (" + g.id(d.body) + ") - " + subject;
    e.description = "Issue " + std::string(issue) + ": " + std::string(deadline_title(d.kind)) + " for " +
                    writer(g).label(d.body) + " by " + to_iso(d.date);
    if (d.redundancies > 0)
        e.description += ", " + std::to_string(d.days.count()) + " days before the first dismissal (" +
                         proposed_redundancies(d.redundancies) + ")";
    e.description += deadline_also(d.kind, as_of);
    // The law of the statutory table used (R10's authority), as the
    // route's other outputs cite it.
    e.description += ". Rule " + d.rule + ": " + (d.authority.empty() ? std::string(sources::tulrca) : d.authority) + ".";
    e.description += non_working_day_note(d.date);  // the calendar is where people act on the date
    if (d.late) e.description += " Already past on " + to_iso(as_of) + ", the route's date.";
    e.categories = {"spfgov", kind, std::string(issue)};
    e.alarm = ics_alarm{statutory_alarm_days, "In " + std::to_string(statutory_alarm_days.count()) + " days: " +
                                                  std::string(deadline_title(d.kind)) + " (" + g.id(d.body) + ") - " +
                                                  subject};
    return e;
}

} // namespace detail

std::vector<ics_event> route_events(const route& r, const governance_graph& g) {
    std::vector<ics_event> events;
    events.reserve(r.deadlines.size() + 2 * r.meetings.size());
    const writer w(g);
    const std::string subject = issue_subject(r);
    auto uid = [&](std::string_view kind, body_handle b) { return detail::route_event_uid(r.issue, kind, g.id(b)); };
    auto categories = [&](std::string_view kind) {
        return std::vector<std::string>{"spfgov", std::string(kind), r.issue};
    };

    for (const auto& d : r.deadlines) events.push_back(detail::statutory_deadline_event(d, r.issue, r.title, r.as_of, g));
    const detail::binding_deadlines binding(r, g);
    for (const auto& m : r.meetings) {
        ics_event papers;
        papers.uid = uid("papers_due", m.body);
        papers.day = m.papers_due;
        papers.summary = "Papers due: " + g.id(m.body) + " meeting on " + to_iso(m.date) + " - " + subject;
        papers.description = "Issue " + r.issue + ": papers for the meeting of " + w.label(m.body) + " on " +
                             to_iso(m.date) + " are due by " + to_iso(m.papers_due) + " (rule R12).";
        papers.categories = categories("papers_due");
        papers.alarm = ics_alarm{papers_alarm_days, "In " + std::to_string(papers_alarm_days.count()) +
                                                        " days: papers due for " + g.id(m.body) + " - " + subject};
        events.push_back(std::move(papers));

        const std::string body_label = w.label(m.body);
        // Said of the meeting the issue goes to.
        const std::string notes =
            (m.moved ? " Moved from " + to_iso(m.scheduled) + ", which is not a working day." : std::string()) +
            detail::meeting_after_deadline_note(m, binding.for_body(m.body), g);
        const auto series = series_of(g[m.body], r.as_of);
        if (!series) {  // no usable rule: the one meeting on its own
            ics_event meet;
            meet.uid = uid("meeting", m.body);
            meet.day = m.date;
            meet.summary = "Meeting: " + body_label + " - " + subject;
            meet.description = "Issue " + r.issue + ": next meeting of " + body_label + "; papers due by " +
                               to_iso(m.papers_due) + " (rule R12)." + notes;
            meet.categories = categories("meeting");
            events.push_back(std::move(meet));
            continue;
        }
        // The body's meetings as one recurring event; the meeting the issue
        // goes to, and any other meeting moved off a non-working day, as
        // overrides of their instances (same UID, RECURRENCE-ID).
        ics_event all;
        all.uid = uid("meeting", m.body);
        all.day = series->start;
        all.rrule = series->rrule;
        all.summary = "Meeting: " + body_label + " - " + subject;
        all.description = "Meetings of " + body_label + " (" + series->rrule + ", from " + to_iso(series->start) +
                          "; one on a weekend or bank holiday moves to the next working day). Issue " + r.issue +
                          " goes to the meeting of " + to_iso(m.date) + " (rule R12).";
        all.categories = categories("meeting");
        events.push_back(all);

        ics_event next = all;
        next.rrule.clear();
        next.day = m.date;
        next.recurrence_id = m.scheduled;
        next.summary = "Meeting: " + body_label + ", issue on the agenda - " + subject;
        next.description = "Issue " + r.issue + " goes to this meeting of " + body_label + "; papers due by " +
                           to_iso(m.papers_due) + " (rule R12)." + notes;
        events.push_back(next);
        for (const auto& [scheduled, held] : series->moved) {
            if (scheduled == m.scheduled) continue;
            ics_event moved = all;
            moved.rrule.clear();
            moved.day = held;
            moved.recurrence_id = scheduled;
            moved.description = "Meeting of " + body_label + ", moved from " + to_iso(scheduled) +
                                ", which is not a working day (rule R12).";
            events.push_back(std::move(moved));
        }
    }
    return events;
}

std::string route_ics(const route& r, const governance_graph& g, const ics_stamp& stamp) {
    const auto events = route_events(r, g);
    if (events.empty())
        throw date_error("ics.empty_calendar",
                         "issue \"" + r.issue + "\" has no dates to put in a calendar: its route has no statutory "
                         "deadline (R10: a redundancy issue with a first_dismissal and enough proposed redundancies) "
                         "and no meeting of a leading or engaged body with a meeting rule (R12)");
    return to_ics(events, "spfgov route " + r.issue + " - " + issue_subject(r), stamp);
}

std::string route_ics(const route& r, const governance_graph& g) { return route_ics(r, g, ics_stamp::at(r.as_of)); }

} // namespace spfgov
