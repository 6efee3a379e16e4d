// A route for people: a readable text report, and its dates as calendar
// events (iCalendar) to put in a diary.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/ics.hpp"
#include "spfgov/route.hpp"

#include <string>
#include <vector>

namespace spfgov {

/// A plain-text report of a route, for a person (what `spfgov route --format
/// text` prints): the issue and date, the scope, the affected employers, who
/// leads (and the lead union), who negotiates, is consulted, engaged and
/// informed, the escalation ladder level by level, the statutory deadlines
/// (flagged LATE when already past; an affected employer below the lowest
/// band listed as having none, and why), the next meetings with their papers
/// deadlines, the rationale (each rule id with its text and source), and the
/// warnings. Bodies are given by id and name. Every line ends with '\n';
/// deterministic. Bodies are looked up in `g`, the graph the route was made on.
[[nodiscard]] SPFGOV_API std::string route_text(const route& r, const governance_graph& g);
/// route_text with a line `Policy: ` policy_summary(policy) after the
/// scope: for a route made under a policy other than the built-in one, so a
/// reader comparing reports knows which rules made each (`spfgov route
/// --policy FILE`).
[[nodiscard]] SPFGOV_API std::string route_text(const route& r, const governance_graph& g, const routing_policy& policy);

/// What a report says of the policy a route was made under: its name, then
/// in brackets how it differs from the built-in rules (domain.md,
/// default_policy()): the built-in rules it switches off, replaces or cites
/// another source for, the rules it adds, its own statutory tables or papers
/// days ("Local agreement (switches off R5; adds L1)"). "NHS England
/// (contract 2), the built-in rules" for the default policy.
[[nodiscard]] SPFGOV_API std::string policy_summary(const routing_policy& policy);

/// The route's statutory deadlines in date order, earliest first; ties keep
/// the route's order (by body, consultation_start before hr1_notification).
/// The route JSON lists them by body (formats.md); a person asking "what
/// dates bind us?" reads them by date, as the text and HTML reports list them.
[[nodiscard]] SPFGOV_API std::vector<const deadline*> deadlines_by_date(const route& r);
/// The pointers would outlive a temporary route.
std::vector<const deadline*> deadlines_by_date(const route&& r) = delete;
/// The route's meetings in date order, earliest first; ties by body, as in the route.
[[nodiscard]] SPFGOV_API std::vector<const meeting*> meetings_by_date(const route& r);
std::vector<const meeting*> meetings_by_date(const route&& r) = delete;

/// Reminders (VALARM) come this many calendar days before a statutory
/// deadline and before a papers deadline (an alarm counts every day).
inline constexpr calendar_days statutory_alarm_days{7};
inline constexpr calendar_days papers_alarm_days{2};

/// When `d` is not a working day in England and Wales, " It falls on a
/// Saturday: the last working day in England and Wales before it is Friday
/// YYYY-MM-DD." (or "on a bank holiday, Boxing Day, a Monday"); else empty,
/// and empty where the working day before lies outside the calendar.
/// Statutory periods count calendar days, so such a date stands; the note
/// says when offices are open, not what the law allows.
[[nodiscard]] SPFGOV_API std::string non_working_day_note(date d);

struct redundancy_window;

/// A window of `spfgov redundancies` (redundancies.hpp) as text for a person:
/// the employer by id and name (its id alone when `g` has no such body), the
/// proposals, their first dismissals and total, whether the combination
/// matters, and the date consultation must begin (with non_working_day_note),
/// or that the total is below the lowest band. Lines wrapped at 78 columns.
[[nodiscard]] SPFGOV_API std::string redundancy_window_text(const redundancy_window& w, const governance_graph& g);

/// What a statutory deadline means, in a sentence or two, for a person:
/// what must happen by the date, the redundancy count and period, the rule,
/// the note above when the date is not a working day, the band and the law
/// it comes from, and "Already past on AS_OF." when late. For HR1, from an
/// `as_of` (the proposal's date) of 2006-10-01 on, that it must also come
/// before the first notice of dismissal (s.193(1)(a), (2)(a)).
/// (The text report and the HTML report both use it.)
[[nodiscard]] SPFGOV_API std::string deadline_detail(const deadline& d, date as_of);

/// The route's dates as all-day events, in this order: one per deadline (in
/// the route's order), then for each meeting (in the route's order) its
/// papers deadline and the meeting. A meeting of a body whose meeting rule
/// is usable is written as the body's series (RRULE from the rule, from its
/// start), then the meeting the issue goes to as an override of its instance
/// (RECURRENCE-ID the date the rule gives), then an override for every other
/// instance moved off a non-working day in the year after the route's date.
/// UIDs are make_uid(issue id, event kind, body id, joined by '\n'), where
/// the event kind is the deadline kind, "papers_due" or "meeting": not the
/// date, so an event keeps its UID when its date changes. Each summary ends
/// with " - " and the title (its id when untitled); each event's
/// categories hold "spfgov", the event kind and the issue id. Deadlines and
/// papers deadlines carry a reminder (statutory_alarm_days, papers_alarm_days).
[[nodiscard]] SPFGOV_API std::vector<ics_event> route_events(const route& r, const governance_graph& g);

/// route_events as an iCalendar file (to_ics) named after the issue, with
/// DTSTAMP and SEQUENCE from `stamp`. Throws `date_error`
/// ("ics.empty_calendar") when the route has no dates at all: RFC 5545
/// forbids a calendar without events.
[[nodiscard]] SPFGOV_API std::string route_ics(const route& r, const governance_graph& g, const ics_stamp& stamp);

/// route_ics stamped at midnight UTC of the route's as-of date: the same
/// route gives the same bytes, but a re-export after a change made on the
/// same as-of date has the same SEQUENCE (give a later stamp to replace).
[[nodiscard]] SPFGOV_API std::string route_ics(const route& r, const governance_graph& g);

} // namespace spfgov
