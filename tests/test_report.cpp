// route_text, route_events and route_ics (include/spfgov/report.hpp) on
// routes of the Testland graph.
#include "testland.hpp"

#include <spfgov/report.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>

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

/// A redundancy across a region (E1 in S1, E3 in S2), agreed as a system
/// process: regional forum leads, meetings, deadlines, late on 2027-02-01.
route regional_redundancy(date on) {
    auto i = make({"E1", "E3"}, issue_kind::redundancy, on);
    i.redundancies = {{"E1", 25}, {"E3", 150}};
    i.first_dismissal = d(2027, 3, 1);
    return route_issue(land(), i);
}

} // namespace

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
    // Levels are numbered from 1 for people.
    CHECK(has(t, "\nEscalation ladder (4 levels; if a level cannot resolve the matter, it goes to the next):\n"
                 "  level 1: E1-jncc\n"
                 "           E2-jncc\n"
                 "  level 2: S1-forum\n"
                 "  level 3: RA-spf    Region A SPF\n"
                 "  level 4: spf       Social Partnership Forum\n"));
    CHECK(has(t, "\nStatutory deadlines: none\n"));
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

TEST_CASE("route_text: deadlines flagged LATE, meetings with papers, warnings") {
    const route r = regional_redundancy(d(2027, 1, 20));
    REQUIRE(r.deadlines.size() == 4);
    const std::string t = route_text(r, land());
    CHECK(has(t, "\nStatutory deadlines (4):\n"
                 "  2027-01-30  consultation_start  E1 (Employer E1)\n"
                 "              collective consultation must begin by this date (25 proposed\n"
                 "              redundancies: at least 30 days before the first dismissal); rule\n"
                 "              R10."));
    // Each deadline's band, period and authority (wrapped: compared with the lines joined).
    std::string joined = t;
    for (std::size_t at; (at = joined.find("\n              ")) != std::string::npos;) joined.replace(at, 15, " ");
    for (std::size_t at; (at = joined.find("\n       ")) != std::string::npos;) joined.replace(at, 8, " ");
    for (std::size_t at; (at = joined.find("  ")) != std::string::npos;) joined.erase(at, 1);
    CHECK(has(joined, "R10. Band: 20 or more proposed redundancies, 30 days, for proposals from 2013-04-06, under "
                      "Trade Union and Labour Relations (Consolidation) Act 1992 (Amendment) Order 2013, SI 2013/763."));
    CHECK(has(joined, "R10. Band: 100 or more proposed redundancies, 45 days,"));
    CHECK(has(t, "  2027-01-15  hr1_notification  E3 (Employer E3)  LATE\n"));
    CHECK(has(t, "Already past on 2027-01-20."));
    CHECK(has(t, "\nMeetings (1):\n  2027-03-09  RA-spf (Region A SPF)\n              papers due by 2027-03-02\n"));
    CHECK(has(t, "\nWarnings (1):\n  - statutory deadline 2027-01-15 for E3 is already past on 2027-01-20"));
    CHECK(has(t, "\n  R10  The statutory minimum periods for proposals from 2013-04-06 are"));
    CHECK(has(joined, "E1: 25 proposed redundancies, in the band 20-99"));
    // The band's authority is the entry's source.
    CHECK(has(joined, "Source: Trade Union and Labour Relations (Consolidation) Act 1992 (Amendment)"));
    const std::string clean = route_text(regional_redundancy(d(2026, 11, 22)), land());
    CHECK_FALSE(has(clean, "LATE"));
    CHECK(has(clean, "\nWarnings: none\n"));
}

TEST_CASE("route_events: one per deadline, and papers and meeting for each meeting, with stable UIDs") {
    const route r = regional_redundancy(d(2026, 11, 22));
    REQUIRE(r.deadlines.size() == 4);
    REQUIRE(r.meetings.size() == 1);
    const auto events = route_events(r, land());
    REQUIRE(events.size() == 6);
    CHECK(events[0].day == d(2027, 1, 30));
    CHECK(has(events[0].summary, "collective consultation must begin"));
    CHECK(has(events[0].summary, "E1"));
    CHECK(events[0].uid == make_uid("T-1\nconsultation_start\nE1\n2027-01-30"));
    CHECK(events[1].uid == make_uid("T-1\nhr1_notification\nE1\n2027-01-30"));
    CHECK(events[4].day == r.meetings[0].papers_due);
    CHECK(events[4].uid == make_uid("T-1\npapers_due\nRA-spf\n" + to_iso(r.meetings[0].papers_due)));
    CHECK(has(events[4].summary, "Papers due: RA-spf"));
    CHECK(events[5].day == r.meetings[0].date);
    CHECK(events[5].uid == make_uid("T-1\nmeeting\nRA-spf\n" + to_iso(r.meetings[0].date)));
    CHECK(has(events[5].summary, "Meeting: RA-spf (Region A SPF)"));
    CHECK(events[5].categories == std::vector<std::string>{"spfgov", "meeting", "T-1"});
    std::set<std::string> uids;
    for (const auto& e : events) uids.insert(e.uid);
    CHECK(uids.size() == events.size());
    // Same route, same events; a late deadline says so.
    CHECK(route_events(r, land())[3].uid == events[3].uid);
    const auto late = route_events(regional_redundancy(d(2027, 1, 20)), land());
    CHECK(late[2].summary.starts_with("LATE: "));
    CHECK(has(late[2].description, "Already past on 2027-01-20"));
}

TEST_CASE("route_ics: an iCalendar file stamped with the route's date") {
    const route r = regional_redundancy(d(2026, 11, 22));
    const std::string ics = route_ics(r, land());
    CHECK(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    CHECK(ics.ends_with("END:VCALENDAR\r\n"));
    std::size_t events = 0;
    for (auto at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1)) ++events;
    CHECK(events == 6);
    CHECK(has(ics, "DTSTAMP:20261122T000000Z"));
    CHECK(has(ics, "DTSTART;VALUE=DATE:20270130"));
    CHECK(has(ics, "spfgov route T-1"));
    CHECK(route_ics(r, land()) == ics);
    // A route with no dates gives an empty calendar, still valid.
    const route none = route_issue(land(), make({"E1"}, issue_kind::restructure, d(2026, 5, 1)));
    const std::string empty = route_ics(none, land());
    CHECK(has(empty, "BEGIN:VCALENDAR"));
    CHECK_FALSE(has(empty, "BEGIN:VEVENT"));
}
