// route_text, route_events and route_ics (include/spfgov/report.hpp) on
// routes of the Testland graph.
#include "testland.hpp"

#include <spfgov/error.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/html.hpp>
#include <spfgov/ics.hpp>
#include <spfgov/redundancies.hpp>
#include <spfgov/report.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>

namespace test_report_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

namespace {

const governance_graph& land() { return testland::shared(); }

issue make(std::vector<std::string> affected, issue_kind kind, date on) {
    issue i;
    i.id = "T-1";
    i.title = "test issue";
    i.kind = kind;
    i.origin = level::employer;
    i.affected = std::move(affected);
    i.date = on;
    return i;
}

bool has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

/// Redundancies at `employers`, `counts` of them, first dismissal 2027-03-01.
issue redundancy(std::vector<std::string> employers, std::vector<int> counts, date on) {
    issue i = make(employers, issue_kind::redundancy, on);
    for (std::size_t k = 0; k < employers.size(); ++k) i.redundancies.emplace_back(employers[k], counts[k]);
    i.first_dismissal = d(2027, 3, 1);
    return i;
}

/// A redundancy across a region (E1 in S1, E3 in S2), agreed as a system
/// process: regional forum leads, meetings, deadlines, late on 2027-02-01.
route regional_redundancy(date on) { return route_issue(land(), redundancy({"E1", "E3"}, {25, 150}, on)); }

/// Testland with `bodies` meeting on the first Monday of each month (papers 5 working days before).
governance_graph meeting_first_mondays(std::initializer_list<const char*> bodies) {
    graph_builder b(land());
    for (const char* id : bodies)
        b.update_body(id, [](body& x) { x.meets = meeting_spec{"FREQ=MONTHLY;BYDAY=1MO", d(2026, 1, 5), spfgov::working_days{5}}; });
    return std::move(b).build();
}

} // namespace

TEST_CASE("policy_summary and the reports: the policy's name and how it differs from the built-in rules") {
    CHECK(policy_summary(default_policy()) == "NHS England (contract 2), the built-in rules");
    routing_policy local;
    local.name = "Local agreement";
    CHECK(policy_summary(local) == "Local agreement, the built-in rules");
    local.disable("R5").disable("R2");
    local.cite("R4", "Our own agreement, 2026");
    custom_rule_spec ours;
    ours.id = "R7";  // put in R7's place
    ours.text = "Our sub-group rule";
    ours.kind = body_kind::system_forum;
    ours.of = rule_selector::affected_systems;
    local.replace(make_custom_rule(ours));
    ours.id = "L1";
    local.add(make_custom_rule(ours));
    ours.id = "L2";  // added, then switched off: not said
    local.add(make_custom_rule(ours));
    local.disable("L2");
    local.parameters.papers_days = working_days{10};
    CHECK(policy_summary(local) ==
          "Local agreement (switches off R2, R5; replaces R7; cites another source for R4; adds L1; has papers due 10 "
          "working days before a meeting (R12))");
    routing_policy tables;
    tables.name = "";
    tables.parameters.statutory_bands.pop_back();
    CHECK(policy_summary(tables) == "an unnamed policy (has its own statutory tables (R10))");
    tables.parameters.statutory_bands.clear();
    tables.parameters.papers_days = working_days{1};
    CHECK(policy_summary(tables) ==
          "an unnamed policy (has no statutory tables (R10); has papers due 1 working day before a meeting (R12))");
    tables.disable("R10").disable("R12").disable("R2");  // tables unused: not said; ids by number, not run order
    tables.cite("R4", std::nullopt);
    CHECK(policy_summary(tables) == "an unnamed policy (switches off R2, R10, R12; cites no source for R4; has papers "
                                    "due 1 working day before a meeting (R12))");

    // The text report's line after the scope, and the HTML report's fact; without a policy, neither.
    const route r = route_issue(land(), make({"E1"}, issue_kind::restructure, d(2026, 5, 1)), local);
    CHECK(has(route_text(r, land(), local), "\nScope: employer\nPolicy: Local agreement (switches off R2, R5; "));
    CHECK_FALSE(has(route_text(r, land()), "Policy:"));
    CHECK(route_text(r, land(), local).size() > route_text(r, land()).size());
    CHECK(has(route_html(r, land(), local), "<dt>Policy</dt><dd>Local agreement (switches off R2, R5; "));
    CHECK_FALSE(has(route_html(r, land()), "<dt>Policy</dt>"));
    const html_report_item item{&r, {}, {}, {}};
    CHECK(has(routes_html({&item, 1}, land(), "Routes", page_notes{&local, {}}), "<dt>Policy</dt><dd>Local agreement ("));
    CHECK_FALSE(has(routes_html({&item, 1}, land(), "Routes"), "<dt>Policy</dt>"));
    // A name is the policy file's text: escaped in HTML, printable in text.
    local.name = "<b>Bell\a</b>";
    CHECK(has(route_html(r, land(), local), "<dd>&lt;b&gt;Bell"));
    CHECK_FALSE(has(route_text(r, land(), local), "\a"));
}

TEST_CASE("route_text: every part of a route, bodies by id and name") {
    auto i = make({"E1", "E2"}, issue_kind::restructure, d(2026, 5, 1));
    i.system_process_agreed = true;
    const route r = route_issue(land(), i);
    const std::string t = route_text(r, land());
    CHECK(t.starts_with("Route for issue T-1, as of 2026-05-01\n"));
    CHECK(has(t, "\nKind: restructure\nScope: system\n"));
    CHECK(has(t, "\nAffected employers (2):\n  E1  Employer E1\n  E2  Employer E2\n"));
    CHECK(has(t, "\nLead (1):\n  S1-forum\nLead union: unison (UNISON)\n"));
    CHECK(has(t, "\nNegotiate (2):\n  E1-jncc\n  E2-jncc\n"));
    CHECK(has(t, "\nConsult (2):\n"));
    CHECK(has(t, "\nEngage (1):\n  S1-forum\n"));
    CHECK(has(t, "\nInform (2):\n  RA-spf  Region A SPF\n  S1-pb\n"));
    // Levels are numbered from 0, as domain.md's R9 ("Level 0 is the consult set").
    CHECK(has(t, "\nEscalation ladder (levels 0-3; if a level cannot resolve the matter, it goes to the next):\n"
                 "  level 0: E1-jncc\n"
                 "           E2-jncc\n"
                 "  level 1: S1-forum\n"
                 "  level 2: RA-spf    Region A SPF\n"
                 "  level 3: spf       Social Partnership Forum\n"));
    CHECK(has(t, "\nStatutory deadlines: none\n"));
    // "none" alone would read as "no meeting is scheduled": why none is known.
    CHECK(has(t, "\nMeetings: none known (R12 gives the next meeting of each lead or engaged body with a meeting rule)\n"));
    CHECK(has(t, "\nRationale:\n  R1   Scope is system"));
    // Every rationale entry with its rule id, and its source when it has one.
    for (const auto& e : r.rationale) {
        CHECK(has(t, "\n  " + std::string(e.rule()) + " "));
        if (e.source()) CHECK(has(t, "Source: " + std::string(e.source()->substr(0, 20))));
    }
    CHECK(has(t, "Source: Principles for partnership in workforce change for ICSs"));
    CHECK(t.ends_with("\n"));
    CHECK(route_text(r, land()) == t);
    // No line is much wider than the text width (long words aside).
    std::size_t start = 0;
    for (auto nl = t.find('\n'); nl != std::string::npos; start = nl + 1, nl = t.find('\n', start))
        CHECK(nl - start <= 100);
}

TEST_CASE("route_text: a one-level ladder does not say the matter goes to a next level") {
    route r = regional_redundancy(d(2026, 11, 22));
    REQUIRE(r.escalation.size() > 1);
    CHECK(has(route_text(r, land()), "; if a level cannot resolve the matter, it goes to the next):\n"));
    r.escalation.resize(1);
    const std::string t = route_text(r, land());
    CHECK(has(t, "\nEscalation ladder (level 0 only: no body above it to escalate to on this date):\n  level 0: "));
    CHECK_FALSE(has(t, "goes to the next"));
}

/// A deadline of 25 proposed redundancies, 30 days before the first dismissal, on `on`.
deadline deadline_of_25(deadline_kind kind, date on) {
    deadline dl;
    dl.kind = kind;
    dl.redundancies = 25;
    dl.days = calendar_days{30};
    dl.date = on;
    return dl;
}

TEST_CASE("deadline_detail: a deadline on a weekend or bank holiday names the last working day before it") {
    // 2027-01-30 is a Saturday: the date stands (the law counts calendar
    // days), and the note says when offices are last open before it.
    deadline dl = deadline_of_25(deadline_kind::consultation_start, d(2027, 1, 30));
    CHECK(deadline_detail(dl, d(2027, 1, 20)) ==
          "collective consultation must begin by this date (25 proposed redundancies: at least 30 days before the "
          "first dismissal); rule R10. It falls on a Saturday: the last working day in England and Wales before it "
          "is Friday 2027-01-29.");
    // Easter Monday 2027 (29 March): back past Good Friday to the Thursday.
    dl.date = d(2027, 3, 29);
    CHECK(non_working_day_note(dl.date) ==
          " It falls on a bank holiday, Easter Monday, a Monday: the last working day in England and Wales before "
          "it is Thursday 2027-03-25.");
    // A Sunday after a Friday bank holiday (Christmas 2026).
    CHECK(non_working_day_note(d(2026, 12, 27)) ==
          " It falls on a Sunday: the last working day in England and Wales before it is Thursday 2026-12-24.");
    // A working day, and the calendar's first days (no working day before them in it), get no note;
    // its first Saturday does.
    dl.date = d(2027, 1, 29);
    CHECK(deadline_detail(dl, d(2027, 1, 20)).find("falls on") == std::string::npos);
    CHECK(non_working_day_note(d(1978, 1, 1)).empty());
    CHECK(non_working_day_note(d(1978, 1, 2)).empty());  // New Year's Day (substitute day)
    CHECK(non_working_day_note(d(1977, 12, 25)).empty());
    CHECK(non_working_day_note(d(1978, 1, 7)) ==
          " It falls on a Saturday: the last working day in England and Wales before it is Friday 1978-01-06.");
}

TEST_CASE("deadline_detail: HR1 before any notice of dismissal from 2006-10-01, when SI 2006/2387 put it in s.193") {
    deadline dl = deadline_of_25(deadline_kind::hr1_notification, d(2027, 1, 29));
    const std::string clause = "and in any case before the first notice of dismissal is given (TULRCA s.193(1)(a), (2)(a))";
    CHECK(has(deadline_detail(dl, d(2006, 10, 1)), clause));
    CHECK_FALSE(has(deadline_detail(dl, d(2006, 9, 30)), "notice of dismissal"));
    dl.kind = deadline_kind::consultation_start;  // s.188 has no such words
    CHECK_FALSE(has(deadline_detail(dl, d(2027, 1, 20)), "notice of dismissal"));
}

TEST_CASE("redundancy_window_text: the employer, proposals, total and the date consultation must begin, for a person") {
    redundancy_window w;
    w.employer = "E1";
    w.issues = {"A", "B"};
    w.from = d(2027, 3, 1);
    w.to = d(2027, 3, 31);
    w.total = 30;
    w.days = calendar_days{30};
    w.deadline = d(2027, 1, 30);
    w.combined = true;
    CHECK(redundancy_window_text(w, land()) ==
          "E1 (Employer E1)\n"
          "  30 proposed redundancies in 2 proposals, A and B, first dismissals from\n"
          "  2027-03-01 to 2027-03-31. Collective consultation must begin, and form HR1\n"
          "  reach the Secretary of State, by 2027-01-30 (30 days before 2027-03-01). It\n"
          "  falls on a Saturday: the last working day in England and Wales before it is\n"
          "  Friday 2027-01-29. COMBINED: together they reach a band with a longer period\n"
          "  than any of them alone (s.188(1)).\n");
    // Not combined, but earlier than the issues' own routes give (helper-79).
    w.combined = false;
    w.earlier_than_alone = true;
    w.alone = {std::nullopt, d(2027, 3, 1)};
    CHECK(redundancy_window_text(w, land()).ends_with(
        "  Friday 2027-01-29. EARLIER: consultation on them all must begin by this date\n"
        "  (s.188(1A): before the first of the dismissals), earlier than their routes\n"
        "  give, each counted alone: A (no date) and B (2027-03-01).\n"));
    // One proposal below the lowest band; an employer the graph does not have
    // is named by its id, shown escaped.
    redundancy_window alone;
    alone.employer = "X\x1b[2J";
    alone.issues = {"C"};
    alone.from = alone.to = d(2027, 4, 5);
    alone.total = 15;
    CHECK(redundancy_window_text(alone, land()) ==
          "X\\u001b[2J\n  15 proposed redundancies in proposal C, first dismissal on 2027-04-05. Below\n"
          "  the lowest band: no statutory minimum period.\n");
}

TEST_CASE("route_text: deadlines flagged LATE, meetings with papers, warnings") {
    const route r = regional_redundancy(d(2027, 1, 20));
    REQUIRE(r.deadlines.size() == 4);
    const std::string t = route_text(r, land());
    // Earliest first: E3's 45-day period binds before E1's 30 days, though
    // the route (and its JSON) lists E1 first.
    CHECK(has(t, "\nStatutory deadlines (4), earliest first:\n"
                 "  2027-01-15  consultation_start  E3 (Employer E3)  LATE\n"));
    CHECK(has(t, "\n  2027-01-30  consultation_start  E1 (Employer E1)\n"
                 "              collective consultation must begin by this date (25 proposed\n"
                 "              redundancies: at least 30 days before the first dismissal); rule\n"
                 "              R10."));
    CHECK(r.deadlines.front().body == land().find("E1"));
    CHECK(t.find("2027-01-15  hr1_notification  E3") < t.find("2027-01-30  consultation_start  E1"));
    // Each deadline's band, period and authority (wrapped: compared with the lines joined).
    std::string joined = t;
    for (std::size_t at; (at = joined.find("\n              ")) != std::string::npos;) joined.replace(at, 15, " ");
    for (std::size_t at; (at = joined.find("\n       ")) != std::string::npos;) joined.replace(at, 8, " ");
    for (std::size_t at; (at = joined.find("  ")) != std::string::npos;) joined.erase(at, 1);
    // E1's date is a Saturday: said before its band.
    CHECK(has(joined, "R10. It falls on a Saturday: the last working day in England and Wales before it is Friday "
                      "2027-01-29. Band: 20-99 proposed redundancies, 30 days, for proposals from 2013-04-06, under "
                      "Trade Union and Labour Relations (Consolidation) Act 1992 (Amendment) Order 2013, SI 2013/763."));
    CHECK(has(joined, "R10. Band: 100 or more proposed redundancies, 45 days,"));
    CHECK(has(t, "  2027-01-15  hr1_notification  E3 (Employer E3)  LATE\n"));
    CHECK(has(t, "Already past on 2027-01-20."));
    // The regional forum's meeting is after the route's earliest statutory date (E3's).
    CHECK(has(t, "\nMeetings (1), earliest first:\n  2027-03-09  RA-spf (Region A SPF)\n"
                 "              papers due by 2027-03-02. This meeting comes AFTER the statutory\n"
                 "              date 2027-01-15 (E3: collective consultation must begin by\n"
                 "              then).\n"));
    CHECK(has(t, "\nWarnings (1):\n  - statutory deadline 2027-01-15 for E3 is already past on 2027-01-20"));
    CHECK(t.ends_with("\n  (and see Meetings: 1 comes AFTER a statutory date)\n"));
    CHECK(has(t, "\n  R10  The statutory minimum periods for proposals from 2013-04-06 are"));
    CHECK(has(joined, "E1: 25 proposed redundancies, in the band 20-99"));
    // The band's authority is the entry's source.
    CHECK(has(joined, "Source: Trade Union and Labour Relations (Consolidation) Act 1992 (Amendment)"));
    // What the issue gave that the dates rest on, in the header; HR1's second limit (s.193(1)(a)).
    CHECK(has(t, "\nKind: redundancy\nScope: region\nFirst dismissal: 2027-03-01\n\n"));
    CHECK(has(joined, "form HR1 must reach the Secretary of State by this date (150 proposed redundancies: at least "
                      "45 days before the first dismissal), and in any case before the first notice of dismissal is "
                      "given (TULRCA s.193(1)(a), (2)(a)); rule R10."));
    CHECK_FALSE(has(joined, "collective consultation must begin by this date (25 proposed redundancies: at least 30 "
                            "days before the first dismissal), and in any case"));
    const std::string clean = route_text(regional_redundancy(d(2026, 11, 22)), land());
    CHECK_FALSE(has(clean, "LATE"));
    CHECK(has(clean, "\nWarnings: none\n"));
}

TEST_CASE("route_text and route_html: an employer below the lowest band is listed with no statutory date, and why") {
    // E1 in the 20-99 band, E2 below it: E2 gets no date, said beside E1's
    // (before, only R10's rationale said why a trust had none).
    const route r = route_issue(land(), redundancy({"E1", "E2"}, {25, 19}, d(2026, 11, 22)));
    REQUIRE(r.deadlines.size() == 2);
    const std::string t = route_text(r, land());
    // "Counted alone": with other proposals at E2 within 90 days it may have one (spfgov redundancies).
    CHECK(has(t, "\n  no date     E2 (Employer E2)\n"
                 "              19 proposed redundancies, below the lowest band of the statutory\n"
                 "              table in force (20 or more), so no statutory collective minimum\n"
                 "              period and no date for this issue counted alone; rule R10.\n"
                 "              Proposals at one employer whose first dismissals fall within 90\n"
                 "              days count together (s.188(1); spfgov redundancies counts them).\n\nMeetings"));
    CHECK_FALSE(has(t, "no date     E1"));
    const std::string h = route_html(r, land(), "");
    CHECK(has(h, "<caption>No statutory date: below the lowest band (rule R10)</caption>"));
    CHECK(has(h, "<tr><td><code>E2</code></td><td>Employer E2</td><td>19 proposed redundancies, below the lowest band"));
    // Only employers below the band: "none", then why.
    const route alone = route_issue(land(), redundancy({"E2"}, {1}, d(2026, 11, 22)));
    CHECK(alone.deadlines.empty());
    CHECK(has(route_text(alone, land()), "\nStatutory deadlines: none\n  no date     E2 (Employer E2)\n"
                                         "              1 proposed redundancy, below the lowest band"));
    // The 1978 table's lowest band is 10 (domain.md R10): the minimum said is the table's.
    const route old = route_issue(land(), redundancy({"E2"}, {9}, d(1990, 6, 1)));
    CHECK(has(route_text(old, land()), "9 proposed redundancies, below the lowest band of the statutory\n"
                                       "              table in force (10 or more)"));
    // A route with no R10 entry (R10 off) lists nothing and does not fail.
    routing_policy p = default_policy();
    p.disable("R10");
    const route off = route_issue(land(), redundancy({"E2"}, {19}, d(2026, 11, 22)), p);
    CHECK_FALSE(has(route_text(off, land()), "no date"));
    CHECK_FALSE(has(route_html(off, land(), ""), "No statutory date"));
}

TEST_CASE("deadlines_by_date and meetings_by_date: earliest first, ties in the route's order") {
    const route r = regional_redundancy(d(2026, 11, 22));
    REQUIRE(r.deadlines.size() == 4);
    const auto by_date = deadlines_by_date(r);
    REQUIRE(by_date.size() == 4);
    // E3 (45 days) then E1 (30 days); each consultation_start before its hr1_notification.
    CHECK(by_date[0] == &r.deadlines[2]);
    CHECK(by_date[1] == &r.deadlines[3]);
    CHECK(by_date[2] == &r.deadlines[0]);
    CHECK(by_date[3] == &r.deadlines[1]);
    CHECK(r.deadlines[2].kind == deadline_kind::consultation_start);
    for (std::size_t n = 1; n < by_date.size(); ++n) CHECK(by_date[n - 1]->date <= by_date[n]->date);
    route none;
    CHECK(deadlines_by_date(none).empty());
    CHECK(meetings_by_date(none).empty());
    REQUIRE(r.meetings.size() == 1);
    CHECK(meetings_by_date(r).front() == &r.meetings[0]);
}

TEST_CASE("route_text and route_html name the issue's staff groups, which choose the committees (§5.6)") {
    issue i = redundancy({"E1"}, {25}, d(2026, 11, 22));
    i.staff_groups = {"medical_and_dental", "nursing"};
    const route r = route_issue(land(), i);
    CHECK(r.staff_groups == i.staff_groups);
    CHECK(has(route_text(r, land()), "\nKind: redundancy\nStaff groups: \"medical_and_dental\", \"nursing\"\nScope: employer\n"));
    CHECK(has(route_html(r, land(), ""), "<dt>Staff groups</dt><dd>&quot;medical_and_dental&quot;, &quot;nursing&quot;</dd>"));
}

TEST_CASE("route_events: deadlines, papers and the meeting series, with UIDs that do not hold the date") {
    const route r = regional_redundancy(d(2026, 11, 22));
    REQUIRE(r.deadlines.size() == 4);
    REQUIRE(r.meetings.size() == 1);
    const meeting& m = r.meetings[0];
    const auto events = route_events(r, land());
    // 4 deadlines, the papers deadline, RA-spf's series and its instance for this issue
    // (RA-spf meets on the second Tuesday: never moved, so no other override).
    REQUIRE(events.size() == 7);
    CHECK(events[0].day == d(2027, 1, 30));
    CHECK(has(events[0].summary, "collective consultation must begin"));
    CHECK(has(events[0].summary, "(E1) - test issue"));
    CHECK(events[0].uid == make_uid("T-1\nconsultation_start\nE1"));
    // A Saturday: the calendar says so, as the text and HTML reports do.
    CHECK(events[0].description.ends_with(". It falls on a Saturday: the last working day in England and Wales before "
                                          "it is Friday 2027-01-29."));
    CHECK(events[2].day == d(2027, 1, 15));
    CHECK(events[2].description.find("falls on") == std::string::npos);
    CHECK(events[1].uid == make_uid("T-1\nhr1_notification\nE1"));
    CHECK(has(events[1].description, "30 days before the first dismissal (25 proposed redundancies), and in any case "
                                     "before the first notice of dismissal is given (TULRCA s.193(1)(a), (2)(a)). Rule R10"));
    CHECK_FALSE(has(events[0].description, "notice of dismissal"));
    // Proposed before 2006-10-01 (SI 2006/2387): HR1 had no such limit, in the calendar as in the reports.
    const route before = route_issue(land(), redundancy({"E1"}, {25}, d(2006, 9, 30)));
    for (const auto& e : route_events(before, land())) CHECK_FALSE(has(e.description, "notice of dismissal"));
    CHECK_FALSE(has(route_text(before, land()), "notice of dismissal"));
    for (std::size_t k = 0; k < 4; ++k) {
        REQUIRE(events[k].alarm);
        CHECK(events[k].alarm->days_before == statutory_alarm_days);
    }
    CHECK(events[4].day == m.papers_due);
    CHECK(events[4].uid == make_uid("T-1\npapers_due\nRA-spf"));
    CHECK(events[4].summary == "Papers due: RA-spf meeting on " + to_iso(m.date) + " - test issue");
    REQUIRE(events[4].alarm);
    CHECK(events[4].alarm->days_before == papers_alarm_days);
    // The series: the body's rule from its start.
    CHECK(events[5].uid == make_uid("T-1\nmeeting\nRA-spf"));
    CHECK(events[5].day == d(2026, 1, 13));
    CHECK(events[5].rrule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU");
    CHECK_FALSE(events[5].recurrence_id);
    CHECK(events[5].summary == "Meeting: RA-spf (Region A SPF) - test issue");
    CHECK(events[5].categories == std::vector<std::string>{"spfgov", "meeting", "T-1"});
    CHECK_FALSE(events[5].alarm);
    // The meeting the issue goes to: the same UID, overriding its instance.
    CHECK(events[6].uid == events[5].uid);
    CHECK(events[6].recurrence_id == m.scheduled);
    CHECK(events[6].day == m.date);
    CHECK(events[6].rrule.empty());
    CHECK(has(events[6].summary, "issue on the agenda - test issue"));
    std::set<std::pair<std::string, std::string>> keys;
    for (const auto& e : events) keys.insert({e.uid, e.recurrence_id ? to_iso(*e.recurrence_id) : ""});
    CHECK(keys.size() == events.size());
    // Same route, same events; a late deadline says so.
    CHECK(route_events(r, land())[3].uid == events[3].uid);
    const auto late = route_events(regional_redundancy(d(2027, 1, 20)), land());
    CHECK(late[2].summary.starts_with("LATE: "));
    CHECK(has(late[2].description, "Already past on 2027-01-20"));
    // An untitled issue is named by its id.
    auto untitled = r;
    untitled.title.clear();
    CHECK(route_events(untitled, land())[0].summary.ends_with(" - issue T-1"));
}

TEST_CASE("route_text, route_events: a JNCC's meeting after its own employer's statutory date says so; another "
          "trust's earlier date does not") {
    // E1 and E2 each lead through their JNCC; both JNCCs meet on the first Monday.
    const governance_graph g = meeting_first_mondays({"E1-jncc", "E2-jncc"});
    // E1: 150 (45 days: 2027-01-15, before the meeting of 2027-02-01); E2: 15 (below the lowest band: no date).
    // Raised on 2027-01-10: E1's date is not yet past (no routing warning).
    const route r = route_issue(g, redundancy({"E1", "E2"}, {150, 15}, d(2027, 1, 10)));
    REQUIRE(r.meetings.size() == 2);
    REQUIRE(r.meetings[0].date == d(2027, 2, 1));
    const std::string t = route_text(r, g);
    CHECK(has(t, "  2027-02-01  E1-jncc\n              papers due by 2027-01-25. This meeting comes AFTER the statutory\n"
                 "              date 2027-01-15 (E1: collective consultation must begin by\n"
                 "              then).\n"));
    CHECK(has(t, "  2027-02-01  E2-jncc\n              papers due by 2027-01-25\n"));
    // Where a reader looks first: not a routing warning, but pointed to.
    CHECK(t.substr(t.rfind("\nWarnings")) == "\nWarnings: none from routing, but see Meetings: 1 comes AFTER a statutory date\n");
    // The calendar's instance of the meeting the issue goes to says the same.
    std::vector<std::string> instances;
    for (const auto& e : route_events(r, g))
        if (e.recurrence_id) instances.push_back(e.description);
    REQUIRE(instances.size() >= 2);
    CHECK(instances[0].ends_with("(rule R12). This meeting comes AFTER the statutory date 2027-01-15 (E1: collective "
                                 "consultation must begin by then)."));
    CHECK(instances[0].starts_with("Issue T-1 goes to this meeting of E1-jncc"));
    CHECK(std::count_if(instances.begin(), instances.end(),
                        [](const std::string& x) { return has(x, "comes AFTER"); }) == 1);
}

TEST_CASE("route_events: meetings moved off a bank holiday override their instances") {
    const governance_graph g = meeting_first_mondays({"RA-spf"});
    const route r = route_issue(g, redundancy({"E1", "E3"}, {25, 150}, d(2026, 11, 22)));
    REQUIRE(r.meetings.size() == 1);
    CHECK(r.meetings[0].date == d(2026, 12, 7));
    const auto events = route_events(r, g);
    // In the year from 2026-11-22, the first Monday is a bank holiday in May 2027 (early May).
    std::vector<std::pair<date, date>> moved;
    for (const auto& e : events)
        if (e.recurrence_id && *e.recurrence_id != r.meetings[0].scheduled) moved.emplace_back(*e.recurrence_id, e.day);
    REQUIRE(moved.size() == 1);
    CHECK(moved[0] == std::pair{d(2027, 5, 3), d(2027, 5, 4)});
    CHECK(events.back().description == "Meeting of RA-spf (Region A SPF), moved from 2027-05-03, which is not a working "
                                       "day (rule R12).");
}

namespace {

/// Runs a checker on `text` written to a file; its output, and its exit status in `status`.
std::string run_checker(const std::string& command, const std::string& text, int& status) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("spfgov_test_report_" + std::to_string(std::random_device{}()) + ".ics");
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    std::string output;
    status = -1;
    if (FILE* pipe = popen((command + " '" + path.string() + "' 2>&1").c_str(), "r")) {
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
        status = pclose(pipe);
    }
    std::filesystem::remove(path);
    return output;
}

/// libical's reading: "UID SEQUENCE DTSTART [RRULE:..] [RECURRENCE-ID:..]" per event.
std::vector<std::string> libical_events(const std::string& ics) {
    int status = -1;
    const std::string out = run_checker(SPFGOV_ICS_VALIDATOR, ics, status);
    REQUIRE_MESSAGE(status == 0, "libical rejects the calendar (status " << status << "):\n" << out << "\n" << ics);
    std::vector<std::string> lines;
    for (std::size_t at = 0, nl; (nl = out.find('\n', at)) != std::string::npos; at = nl + 1)
        lines.push_back(out.substr(at, nl - at));
    return lines;
}

} // namespace

TEST_CASE("route_ics: stamped, checked by libical and Python's icalendar") {
    const route r = regional_redundancy(d(2026, 11, 22));
    const std::string ics = route_ics(r, land());
    CHECK(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    CHECK(ics.ends_with("END:VCALENDAR\r\n"));
    std::size_t events = 0;
    for (auto at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1)) ++events;
    CHECK(events == 7);
    CHECK(has(ics, "DTSTAMP:20261122T000000Z\r\nSEQUENCE:3624480\r\n"));
    CHECK(has(ics, "DTSTART;VALUE=DATE:20270130"));
    CHECK(has(ics, "RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU\r\n"));
    CHECK(has(ics, "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P7D\r\n"));
    CHECK(has(ics, "X-WR-CALNAME:spfgov route T-1 - test issue\r\n"));
    CHECK(route_ics(r, land()) == ics);
    CHECK(route_ics(r, land(), ics_stamp::at(r.as_of)) == ics);
    CHECK(libical_events(ics).size() == 7);
    int status = -1;
    const std::string parsed =
        run_checker("/usr/bin/python3 '" + std::string(SPFGOV_SOURCE_DIR) + "/tests/ics_check.py'", ics, status);
    CHECK_MESSAGE(status == 0, parsed);

    // A statutory date cites the law of the table used (R10's authority, as
    // the route's other outputs do), not a fixed one.
    const auto unfolded = [](std::string text) {
        for (auto at = text.find("\r\n "); at != std::string::npos; at = text.find("\r\n ", at)) text.erase(at, 3);
        return text;
    };
    REQUIRE(!r.deadlines.empty());
    std::string authority;  // as a TEXT value: commas escaped (RFC 5545 3.3.11)
    for (char c : r.deadlines.front().authority) authority += c == ',' ? std::string("\\,") : std::string(1, c);
    CHECK(has(unfolded(ics), "Rule R10: " + authority + "."));
    route other_law = r;
    for (auto& dl : other_law.deadlines) dl.authority = "The Collective Redundancies Order 2031";
    const std::string cited = unfolded(route_ics(other_law, land()));
    CHECK(has(cited, "Rule R10: The Collective Redundancies Order 2031."));
    CHECK_FALSE(has(cited, "s.188 and s.193"));

    // A route with no dates: an error, never an empty VCALENDAR.
    const route none = route_issue(land(), make({"E4"}, issue_kind::restructure, d(2026, 5, 1)));
    REQUIRE(none.deadlines.empty());
    REQUIRE(none.meetings.empty());
    CHECK_THROWS_WITH_AS((void)route_ics(none, land()),
                         doctest::Contains("ics.empty_calendar: issue \"T-1\" has no dates to put in a calendar"),
                         date_error);
}

TEST_CASE("route_ics: re-exported after the first dismissal changed, the same events with a higher SEQUENCE") {
    auto i = make({"E1", "E3"}, issue_kind::redundancy, d(2026, 11, 22));
    i.redundancies = {{"E1", 25}, {"E3", 150}};
    i.first_dismissal = d(2027, 3, 1);
    const std::string before = route_ics(route_issue(land(), i), land(), parse_ics_stamp("2026-11-22T09:00:00Z"));
    i.first_dismissal = d(2027, 4, 12);
    const std::string after = route_ics(route_issue(land(), i), land(), parse_ics_stamp("2026-11-23T14:30:00Z"));
    const auto a = libical_events(before);
    const auto b = libical_events(after);
    REQUIRE(a.size() == b.size());
    struct seen {
        std::string uid, rest;
        long sequence;
        std::string start;
    };
    auto split = [](const std::string& line) {
        seen s;
        std::istringstream in(line);
        in >> s.uid >> s.sequence >> s.start;
        std::getline(in, s.rest);
        return s;
    };
    std::size_t moved = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const seen x = split(a[k]), y = split(b[k]);
        CHECK(x.uid == y.uid);
        CHECK(x.rest == y.rest);  // the same series and instances
        CHECK(y.sequence > x.sequence);
        if (x.start != y.start) ++moved;
    }
    CHECK(moved == 4);  // the four statutory dates, nothing else
}

} // namespace test_report_cpp
