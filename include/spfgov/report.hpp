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
/// (flagged LATE when already past), the next meetings with their papers
/// deadlines, the rationale (each rule id with its text and source), and the
/// warnings. Bodies are given by id and name. Every line ends with '\n';
/// deterministic. Bodies are looked up in `g`, the graph the route was made on.
[[nodiscard]] SPFGOV_API std::string route_text(const route& r, const governance_graph& g);

/// The route's dates as all-day events, in this order: one per deadline (in
/// the route's order), then for each meeting (in the route's order) its
/// papers deadline and the meeting itself. UIDs are stable:
/// make_uid(issue id, event kind, body id and date, joined by '\n'), where
/// the event kind is the deadline kind, "papers_due" or "meeting". Each
/// event's categories hold "spfgov", the event kind and the issue id.
[[nodiscard]] SPFGOV_API std::vector<ics_event> route_events(const route& r, const governance_graph& g);

/// route_events as an iCalendar file (to_ics) named after the issue, with
/// DTSTAMP the route's as-of date, so the same route gives the same bytes.
[[nodiscard]] SPFGOV_API std::string route_ics(const route& r, const governance_graph& g);

} // namespace spfgov
