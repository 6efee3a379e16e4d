// make_agenda, agenda_text, agenda_csv and agenda_events (include/spfgov/agenda.hpp)
// on routes of the Testland graph.
#include "testland.hpp"

#include <spfgov/agenda.hpp>
#include <spfgov/error.hpp>
#include <spfgov/report.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace test_agenda_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

namespace {

const governance_graph& land() { return testland::shared(); }

issue make(std::string id, std::vector<std::string> affected, issue_kind kind, date on) {
    issue i;
    i.id = std::move(id);
    i.title = "title of " + i.id;
    i.kind = kind;
    i.origin = level::employer;
    i.affected = std::move(affected);
    i.date = on;
    return i;
}

/// RA-spf leads (it meets on the second Tuesday every two months); E1 and E3
/// have statutory dates (E3's, 45 days, is the earlier).
issue regional_redundancy(std::string id, date on) {
    auto i = make(std::move(id), {"E1", "E3"}, issue_kind::redundancy, on);
    i.system_process_agreed = false;
    i.redundancies = {{"E1", 25}, {"E3", 150}};
    i.first_dismissal = d(2027, 3, 1);
    return i;
}

const agenda_body* find(const std::vector<agenda_body>& a, std::string_view id) {
    for (const auto& b : a)
        if (land().id(b.body) == id) return &b;
    return nullptr;
}

bool has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

std::vector<route> month() {
    return {route_issue(land(), regional_redundancy("R-2", d(2026, 11, 22))),
            route_issue(land(), make("X-1", {"E1"}, issue_kind::restructure, d(2026, 11, 25))),
            route_issue(land(), regional_redundancy("R-1", d(2026, 11, 22)))};
}

} // namespace

TEST_CASE("make_agenda: each body, the issues that reach it, their roles, meeting and statutory date") {
    const auto routes = month();
    const auto agenda = make_agenda(routes, land());
    // Sorted by body id; every body reached in some role is there.
    for (std::size_t k = 1; k < agenda.size(); ++k) CHECK(land().id(agenda[k - 1].body) < land().id(agenda[k].body));
    const auto* ra = find(agenda, "RA-spf");
    REQUIRE(ra != nullptr);
    REQUIRE(ra->items.size() == 2);
    // Same meeting: by issue id.
    CHECK(ra->items[0].issue == "R-1");
    CHECK(ra->items[1].issue == "R-2");
    const auto& item = ra->items[0];
    CHECK(item.title == "title of R-1");
    CHECK(item.kind == issue_kind::redundancy);
    CHECK(item.raised == d(2026, 11, 22));
    CHECK(item.roles == std::vector{agenda_role::engage});
    // The route's own meeting (R12) and its earliest statutory date.
    REQUIRE(item.next);
    CHECK(*item.next == routes[2].meetings.at(0));
    CHECK(item.next->date == d(2027, 1, 12));
    CHECK(item.next->papers_due == d(2027, 1, 5));
    CHECK(item.statutory == d(2027, 1, 15));
    CHECK_FALSE(item.statutory_late);
    CHECK_FALSE(item.meeting_after_statutory());
    // E1's JNCC leads, negotiates and is consulted on all three; it has no meeting rule.
    const auto* jncc = find(agenda, "E1-jncc");
    REQUIRE(jncc != nullptr);
    REQUIRE(jncc->items.size() == 3);
    CHECK(jncc->items[0].issue == "R-1");  // no meeting: filed under the date raised
    CHECK(jncc->items[2].issue == "X-1");
    CHECK_FALSE(jncc->items[2].next);
    CHECK_FALSE(jncc->items[2].statutory);
    CHECK(jncc->items[2].roles == std::vector{agenda_role::lead, agenda_role::negotiate, agenda_role::consult});
    // The regional people board is informed only.
    CHECK(find(agenda, "RA-rpb")->items.at(0).roles == std::vector{agenda_role::inform});
    // Escalation-only bodies are not on an agenda.
    CHECK(find(agenda, "spf") == nullptr);
}

TEST_CASE("make_agenda: a meeting after the statutory date is flagged") {
    const std::vector<route> late{route_issue(land(), regional_redundancy("L-1", d(2027, 1, 20)))};
    const auto agenda = make_agenda(late, land());
    const auto& item = find(agenda, "RA-spf")->items.at(0);
    CHECK(item.next->date == d(2027, 3, 9));
    CHECK(item.statutory == d(2027, 1, 15));
    CHECK(item.statutory_late);
    CHECK(item.meeting_after_statutory());
    const std::string text = agenda_text(agenda, land());
    CHECK(has(text, "      statutory date 2027-01-15 (already past when raised): this meeting comes AFTER it\n"));
}

TEST_CASE("make_agenda: a JNCC's statutory date is its own employer's; a forum's is the route's earliest") {
    // E1: 25 proposed redundancies, 30 days (2027-01-30); E3: 150, 45 days (2027-01-15).
    const std::vector<route> routes{route_issue(land(), regional_redundancy("R-1", d(2026, 11, 22)))};
    const auto agenda = make_agenda(routes, land());
    CHECK(find(agenda, "E1-jncc")->items.at(0).statutory == d(2027, 1, 30));  // not E3's earlier date
    CHECK(find(agenda, "E3-jncc")->items.at(0).statutory == d(2027, 1, 15));
    CHECK(find(agenda, "RA-spf")->items.at(0).statutory == d(2027, 1, 15));
    // Below the lowest band, an employer has no statutory minimum: its JNCC shows none.
    auto below = regional_redundancy("R-2", d(2026, 11, 22));
    below.redundancies = {{"E1", 10}, {"E3", 150}};
    const auto second = make_agenda(std::vector<route>{route_issue(land(), below)}, land());
    CHECK_FALSE(find(second, "E1-jncc")->items.at(0).statutory);
    CHECK(find(second, "E3-jncc")->items.at(0).statutory == d(2027, 1, 15));
    // Late is the employer's own too: raised after E3's date, before E1's.
    const auto late = make_agenda(std::vector<route>{route_issue(land(), regional_redundancy("R-3", d(2027, 1, 20)))}, land());
    CHECK_FALSE(find(late, "E1-jncc")->items.at(0).statutory_late);
    CHECK(find(late, "E3-jncc")->items.at(0).statutory_late);
}

TEST_CASE("make_agenda: an informed body with a meeting rule gets its own next meeting") {
    graph_builder b(land());
    b.update_body("S1-pb", [](body& x) { x.meets = meeting_spec{"FREQ=MONTHLY;BYDAY=1MO", d(2026, 1, 5), std::nullopt}; });
    const governance_graph g = std::move(b).build();
    const std::vector<route> routes{route_issue(g, regional_redundancy("R-1", d(2026, 11, 22)))};
    REQUIRE(routes[0].meetings.size() == 1);  // R12 gives RA-spf's only: S1-pb is informed
    agenda_options options;
    options.body = "S1-pb";
    options.papers_days = spfgov::working_days{3};
    const auto agenda = make_agenda(routes, g, options);
    REQUIRE(agenda.size() == 1);
    const auto& item = agenda[0].items.at(0);
    CHECK(item.roles == std::vector{agenda_role::inform});
    REQUIRE(item.next);
    CHECK(item.next->body == g.at("S1-pb"));
    CHECK(item.next->date == d(2026, 12, 7));
    CHECK(item.next->papers_due == d(2026, 12, 2));  // the policy's 3 working days, the body giving none
}

TEST_CASE("make_agenda: --body and the date window") {
    const auto routes = month();
    agenda_options only;
    only.body = "RA-spf";
    const auto one = make_agenda(routes, land(), only);
    REQUIRE(one.size() == 1);
    CHECK(land().id(one[0].body) == "RA-spf");
    only.body = "NOPE";
    CHECK_THROWS_WITH_AS((void)make_agenda(routes, land(), only), doctest::Contains("unknown_id"), graph_error);

    agenda_options window;  // meetings in January 2027; without a meeting, the date raised
    window.from = d(2027, 1, 1);
    window.to = d(2027, 1, 31);
    const auto january = make_agenda(routes, land(), window);
    for (const auto& a : january)
        for (const auto& item : a.items) {
            REQUIRE(item.next);
            CHECK(item.next->date.month() == 1);
        }
    CHECK(find(january, "RA-spf") != nullptr);
    CHECK(find(january, "E1-jncc") == nullptr);
    window.from = d(2026, 11, 25);
    window.to = d(2026, 11, 25);
    const auto day = make_agenda(routes, land(), window);
    REQUIRE(find(day, "E1-jncc") != nullptr);
    CHECK(find(day, "E1-jncc")->items.size() == 1);
    CHECK(make_agenda({}, land()).empty());
    CHECK(agenda_text({}, land()) == "No issue reaches any body in this period.\n");
}

TEST_CASE("agenda_text and agenda_csv") {
    auto routes = month();
    routes[1].title = "=HYPERLINK(\"x\"), with a comma";
    const auto agenda = make_agenda(routes, land());
    const std::string text = agenda_text(agenda, land());
    CHECK(has(text, "RA-spf (Region A SPF): 2 issues\n"
                    "  Meeting 2027-01-12, papers due 2027-01-05:\n"
                    "    - R-1 \"title of R-1\", redundancy, raised 2026-11-22; role: engage\n"
                    "      statutory date 2027-01-15\n"));
    CHECK(has(text, "  No meeting known (no meeting rule in the graph, or it has ended):\n"));
    CHECK(agenda_text(agenda, land()) == text);

    const std::string csv = agenda_csv(agenda, land());
    CHECK(csv.starts_with("body,body_name,meeting,papers_due,moved_from,issue,title,kind,roles,statutory_date,"
                          "statutory_late,meeting_after_statutory\r\n"));
    CHECK(has(csv, "\r\nRA-spf,Region A SPF,2027-01-12,2027-01-05,,R-1,title of R-1,redundancy,"));
    CHECK(has(csv, ",2027-01-15,false,false\r\n"));
    // Quoted (comma, quote) and kept as text (a leading '=').
    CHECK(has(csv, ",X-1,\"'=HYPERLINK(\"\"x\"\"), with a comma\",restructure,lead;negotiate;consult,,false,false\r\n"));
    std::size_t rows = 0;
    for (const auto& a : agenda) rows += a.items.size();
    CHECK(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == rows + 1);
}

TEST_CASE("agenda_rows: the CSV's cells as data, a row per item, for tables (Python's agenda_frame)") {
    auto routes = month();
    routes[1].title = "=HYPERLINK(\"x\"), with a comma";
    const auto agenda = make_agenda(routes, land());
    std::string header;
    for (const auto& c : agenda_columns()) header += (header.empty() ? "" : ",") + std::string(c.name);
    CHECK(agenda_csv(agenda, land()).starts_with(header + "\r\n"));
    std::vector<flat_row> rows;
    for (const auto& a : agenda)
        for (auto& row : agenda_rows(a, land())) rows.push_back(std::move(row));
    std::size_t items = 0;
    for (const auto& a : agenda) items += a.items.size();
    REQUIRE(rows.size() == items);
    for (const auto& row : rows) REQUIRE(row.size() == agenda_columns().size());
    const auto row_of = [&](std::string_view body, std::string_view issue) {
        const auto at = std::find_if(rows.begin(), rows.end(), [&](const flat_row& r) {
            return std::get<std::string>(r[0]) == body && std::get<std::string>(r[5]) == issue;
        });
        REQUIRE(at != rows.end());
        return *at;
    };
    // RA-spf's R-1: a meeting, no move, a statutory date not yet past.
    const flat_row first = row_of("RA-spf", "R-1");
    CHECK(std::get<std::string>(first[1]) == "Region A SPF");
    CHECK(std::get<std::string>(first[2]) == "2027-01-12");
    CHECK(std::get<std::string>(first[3]) == "2027-01-05");
    CHECK(std::holds_alternative<std::monostate>(first[4]));  // not moved
    CHECK(std::get<std::string>(first[9]) == "2027-01-15");
    CHECK(std::get<bool>(first[10]) == false);
    // The title as written (no formula guard: that is the CSV's), no meeting.
    const auto titled = std::find_if(rows.begin(), rows.end(), [](const flat_row& r) {
        return std::get<std::string>(r[5]) == "X-1";
    });
    REQUIRE(titled != rows.end());
    CHECK(std::get<std::string>((*titled)[6]) == "=HYPERLINK(\"x\"), with a comma");
    CHECK(std::holds_alternative<std::monostate>((*titled)[2]));  // no meeting known
    CHECK(std::get<std::string>((*titled)[8]) == "lead;negotiate;consult");
    CHECK(std::get<bool>((*titled)[11]) == false);
}

TEST_CASE("agenda_events and agenda_ics: one meeting and one papers deadline per body and meeting") {
    const auto routes = month();
    const auto agenda = make_agenda(routes, land());
    const auto events = agenda_events(agenda, land());
    // Only RA-spf has a meeting: its meeting and papers deadline, both issues
    // listed; then the issues' statutory deadlines (below).
    REQUIRE(events.size() == 2 + 8);
    CHECK(events[0].day == d(2027, 1, 12));
    CHECK(events[0].summary == "Meeting: RA-spf (Region A SPF) - 2 issues: R-1, R-2");
    CHECK(has(events[0].description, "- R-1 \"title of R-1\" (engage); statutory date 2027-01-15\n"));
    CHECK(events[0].uid == make_uid("RA-spf\nagenda\n2027-01-12"));
    CHECK(events[1].day == d(2027, 1, 5));
    REQUIRE(events[1].alarm);
    CHECK(events[1].alarm->days_before == papers_alarm_days);
    // A third issue for the same meeting keeps the UIDs: a re-import updates.
    auto more = routes;
    more.push_back(route_issue(land(), regional_redundancy("R-3", d(2026, 11, 23))));
    const auto again = agenda_events(make_agenda(more, land()), land());
    REQUIRE(again.size() == 2 + 12);
    CHECK(again[0].uid == events[0].uid);
    CHECK(has(again[0].summary, "3 issues"));

    const std::string ics = agenda_ics(agenda, land(), ics_stamp::at(d(2026, 12, 1)));
    CHECK(has(ics, "X-WR-CALNAME:spfgov agenda\r\n"));
}

TEST_CASE("agenda_events: the issues' statutory deadlines once each, as their route calendars give them") {
    const auto routes = month();  // E1 (25) and E3 (150) have dates
    const auto events = agenda_events(make_agenda(routes, land()), land());
    // Every body the two redundancies reach lists them, but each deadline is
    // in the calendar once, after the meetings' events, equal to the route
    // calendar's event (UID, summary, description, reminder), so importing
    // both calendars keeps one copy. By date (E3's 45 days first), then
    // issue id, then in the route's order.
    std::vector<ics_event> expected;
    for (const route* r : {&routes[2], &routes[0]})
        for (const ics_event& e : route_events(*r, land()))
            if (e.categories.size() > 1 && (e.categories[1] == "consultation_start" || e.categories[1] == "hr1_notification"))
                expected.push_back(e);
    REQUIRE(expected.size() == 8);
    std::stable_sort(expected.begin(), expected.end(), [](const ics_event& x, const ics_event& y) {
        return std::tie(x.day, x.categories[2]) < std::tie(y.day, y.categories[2]);
    });
    CHECK(expected[0].day == d(2027, 1, 15));  // E3's
    CHECK(expected[0].categories[2] == "R-1");
    CHECK(expected[7].day == d(2027, 1, 30));  // E1's
    CHECK(expected[7].categories[2] == "R-2");
    REQUIRE(events.size() == 2 + expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        CAPTURE(k);
        const ics_event& got = events[2 + k];
        CHECK(got.uid == expected[k].uid);
        CHECK(got.day == expected[k].day);
        CHECK(got.summary == expected[k].summary);
        CHECK(got.description == expected[k].description);
        CHECK(got.categories == expected[k].categories);
        REQUIRE(got.alarm);
        CHECK(got.alarm->days_before == statutory_alarm_days);
    }
    CHECK(events[2].summary == "Statutory deadline: collective consultation must begin (E3) - title of R-1");

    // A JNCC's agenda: its own employer's deadlines only (E1's, not E3's
    // earlier ones), as its statutory date is; it has no meeting rule, so
    // the deadlines are the whole calendar. Its items share the issue's
    // list (every deadline of the route), not copies.
    agenda_options jncc;
    jncc.body = "E1-jncc";
    const auto own = make_agenda(routes, land(), jncc);
    REQUIRE(own.size() == 1);
    for (const auto& item : own[0].items) {
        CAPTURE(item.issue);
        if (item.kind == issue_kind::redundancy) {
            REQUIRE(item.deadlines);
            CHECK(item.deadlines->size() == 4);  // E1's and E3's
        } else {
            CHECK_FALSE(item.deadlines);
        }
    }
    const auto own_events = agenda_events(own, land());
    REQUIRE(own_events.size() == 4);
    for (const auto& e : own_events) CHECK(has(e.summary, "(E1) - title of R-"));
    // Not kept when asked not to (a plan written as text): no deadlines, no calendar events for them.
    agenda_options lean;
    lean.keep_deadlines = false;
    const auto plain = make_agenda(routes, land(), lean);
    for (const auto& body : plain)
        for (const auto& item : body.items) CHECK_FALSE(item.deadlines);
    CHECK(agenda_events(plain, land()).size() == 2);  // the meeting and its papers
    CHECK(agenda_text(plain, land()) == agenda_text(make_agenda(routes, land()), land()));

    // Nothing with a meeting or a date: an error, not an empty calendar.
    const std::vector<route> restructure{routes[1]};
    CHECK_THROWS_WITH_AS((void)agenda_ics(make_agenda(restructure, land(), jncc), land(), ics_stamp::at(d(2026, 12, 1))),
                         doctest::Contains("ics.empty_calendar"), date_error);
}

TEST_CASE("agenda_events: an issue id given on two lines keeps its earlier statutory date, and says so") {
    // The same id with other counts: the same UIDs, which one calendar cannot hold twice.
    auto first = regional_redundancy("DUP", d(2026, 11, 22));
    auto second = first;
    second.redundancies = {{"E1", 150}, {"E3", 150}};  // E1: 45 days, not 30
    const std::vector<route> routes{route_issue(land(), first), route_issue(land(), second)};
    const auto events = agenda_events(make_agenda(routes, land()), land());
    std::vector<const ics_event*> e1;
    for (const auto& e : events)
        if (has(e.summary, "(E1) - title of DUP")) e1.push_back(&e);
    REQUIRE(e1.size() == 2);  // consultation and HR1, once each
    for (const ics_event* e : e1) {
        CHECK(e->day == d(2027, 1, 15));  // 45 days before 2027-03-01, not the 30 days' 2027-01-30
        CHECK(e->description.ends_with("The issue's id is given on more than one line of the batch: this is the "
                                       "earliest of its dates."));
    }
    std::set<std::string> uids;
    for (const auto& e : events) CHECK(uids.insert(e.uid).second);
    // The same line twice: the same dates, nothing to say.
    const std::vector<route> twice{route_issue(land(), first), route_issue(land(), first)};
    for (const auto& e : agenda_events(make_agenda(twice, land()), land()))
        CHECK_FALSE(has(e.description, "given on more than one line"));
    // Three lines, the earliest date last: it is kept, said once.
    auto third = first;
    third.first_dismissal = d(2027, 2, 1);
    const std::vector<route> three{route_issue(land(), first), route_issue(land(), second), route_issue(land(), third)};
    for (const auto& e : agenda_events(make_agenda(three, land()), land())) {
        if (!has(e.summary, "(E1) - title of DUP")) continue;
        CHECK(e.day == d(2027, 1, 2));  // 30 days before 2027-02-01, before the second line's 2027-01-15
        CHECK(e.description.find("given on more than one line") == e.description.rfind("given on more than one line"));
    }
}

TEST_CASE("agenda_events: an issue reaching many bodies builds each deadline's event once, in the route's order among ties") {
    // Both employers' deadlines fall on one day: the route's order (E1's, then E3's) among them.
    auto i = regional_redundancy("TIE", d(2026, 11, 22));
    i.redundancies = {{"E1", 25}, {"E3", 25}};
    const route r = route_issue(land(), i);
    std::vector<std::string> expected;
    for (const auto& e : route_events(r, land()))
        if (e.categories.size() > 1 && (e.categories[1] == "consultation_start" || e.categories[1] == "hr1_notification"))
            expected.push_back(e.uid);
    std::vector<std::string> got;
    for (const auto& e : agenda_events(make_agenda(std::vector<route>{r}, land()), land()))
        if (e.categories.size() > 1 && (e.categories[1] == "consultation_start" || e.categories[1] == "hr1_notification"))
            got.push_back(e.uid);
    CHECK(got == expected);
}

TEST_CASE("agenda_html and write_agenda: the batch's warnings at the top of the page, escaped") {
    const auto routes = month();
    const auto agenda = make_agenda(routes, land());
    const std::vector<std::string> said{"E1: issues R-1 and R-2 <together> need an earlier date"};
    const std::string page = agenda_html(agenda, land(), "Plan", page_notes{nullptr, said});
    const auto at = page.find("<h2 id=\"batch-warnings-title\">Warnings about the batch</h2>");
    REQUIRE(at != std::string::npos);
    CHECK(page.find("<h1>Plan</h1>") < at);
    CHECK(at < page.find("<section>\n<h2 id="));  // before the first body
    CHECK(has(page, "<li>E1: issues R-1 and R-2 &lt;together&gt; need an earlier date</li>"));
    CHECK_FALSE(has(agenda_html(agenda, land(), "Plan"), "Warnings about the batch"));
    agenda_builder builder(land());
    for (const route& r : routes) builder.add(r);
    std::string written;
    write_agenda(builder, agenda_format::html, [&](std::string_view piece) { written += piece; }, "Plan", {},
                 page_notes{nullptr, said});
    CHECK(written == page);
}

TEST_CASE("agenda_text and agenda_html: a plan made under a policy names it, and says why its tables leave a "
          "redundancy without a statutory date") {
    routing_policy later;
    later.name = "New law only";
    later.parameters.statutory_bands.erase(later.parameters.statutory_bands.begin());  // from 1995-10-26 on
    const auto gap = statutory_table_gap(later);
    REQUIRE(gap);
    const auto routes = month();
    const auto agenda = make_agenda(routes, land());
    const std::vector<std::string> said{
        "E1: issues R-1 and R-2 need an earlier date, since together they propose more redundancies than either "
        "alone, reaching a band with a longer period (a warning long enough to wrap)"};
    const std::string plain = agenda_text(agenda, land());

    const std::string text = agenda_text(agenda, land(), page_notes{&later, said});
    CHECK(text.starts_with("Policy: New law only (has its own statutory tables (R10))\n"
                           "  statutory_bands begins on 1995-10-26: a redundancy proposed before then gets\n"
                           "  no statutory date (R10); to keep the law before it, list the earlier tables\n"));
    // An empty line between the policy and the warnings; each warning's lines under its first word.
    CHECK(has(text, "(`spfgov policy` prints the default ones)\n\nWarnings about the batch:\n  - E1: issues R-1 and "
                    "R-2 need an earlier date, since together they propose\n    more redundancies than"));
    REQUIRE(text.ends_with("\n\n" + plain));  // the bodies follow an empty line, as without notes
    const std::string head = text.substr(0, text.size() - plain.size());
    for (std::size_t start = 0, nl = head.find('\n'); nl != std::string::npos; start = nl + 1, nl = head.find('\n', start))
        CHECK(nl - start <= 78);  // the head is wrapped (the items are not)
    // The built-in tables leave no date bare: the policy is named, nothing more.
    routing_policy named;
    named.name = "Local agreement";
    CHECK(agenda_text(agenda, land(), page_notes{&named, {}}) ==
          "Policy: Local agreement, the built-in rules\n\n" + plain);
    CHECK(agenda_text(agenda, land(), page_notes{}) == plain);

    const std::string page = agenda_html(agenda, land(), "Plan", page_notes{&later, said});
    CHECK(has(page, "</h1>\n<p><strong>Policy:</strong> New law only"));
    CHECK(has(page, "<p class=\"after\">statutory_bands begins on 1995-10-26: a redundancy proposed before then"));
    CHECK(page.find("<strong>Policy:</strong>") < page.find("Warnings about the batch"));
    CHECK_FALSE(has(agenda_html(agenda, land(), "Plan", page_notes{&named, {}}), "class=\"after\">statutory_bands"));

    for (const auto& [format, expected] : {std::pair{agenda_format::text, text}, std::pair{agenda_format::html, page}}) {
        agenda_builder builder(land());
        for (const route& r : routes) builder.add(r);
        std::string written;
        write_agenda(builder, format, [&](std::string_view piece) { written += piece; }, "Plan", {},
                     page_notes{&later, said});
        CHECK(written == expected);
    }
    // An empty plan keeps its head.
    CHECK(agenda_text({}, land(), page_notes{&named, {}}) ==
          "Policy: Local agreement, the built-in rules\n\nNo issue reaches any body in this period.\n");
}

TEST_CASE("agenda_html: one page, a heading and a table per body, text escaped") {
    auto routes = month();
    routes[1].title = "<script>alert(1)</script> & \"more\"";
    const auto agenda = make_agenda(routes, land());
    const std::string page = agenda_html(agenda, land(), "Plan <Region A>");
    CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">\n"));
    CHECK(page.ends_with("</html>\n"));
    CHECK(has(page, "<title>Plan &lt;Region A&gt;</title>"));
    CHECK(has(page, "<h2 id=\"RA-spf\">RA-spf (Region A SPF)</h2>"));
    CHECK(has(page, "<caption>2 issues for RA-spf (Region A SPF)</caption>"));
    CHECK(has(page, "<tr><td><time datetime=\"2027-01-12\">2027-01-12</time></td><td><time datetime=\"2027-01-05\">"
                    "2027-01-05</time></td><th scope=\"row\">R-1</th><td>title of R-1</td><td>redundancy</td>"
                    "<td>engage</td><td><time datetime=\"2027-01-15\">2027-01-15</time></td></tr>"));
    CHECK(has(page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"));
    CHECK_FALSE(has(page, "<script"));
    CHECK_FALSE(has(page, "http"));  // self-contained: nothing fetched
    std::size_t sections = 0;
    for (auto at = page.find("<section>"); at != std::string::npos; at = page.find("<section>", at + 1)) ++sections;
    CHECK(sections == agenda.size());
    CHECK(has(agenda_html({}, land()), "<p>No issue reaches any body in this period.</p>"));
    const std::vector<route> late{route_issue(land(), regional_redundancy("L-1", d(2027, 1, 20)))};
    CHECK(has(agenda_html(make_agenda(late, land()), land()),
              " (already past when raised) <strong class=\"after\">the meeting comes after it</strong>"));
}

TEST_CASE("agenda_builder: routes added one at a time and dropped give make_agenda's agenda") {
    const auto routes = month();
    agenda_builder builder(land());
    for (const issue& i : {regional_redundancy("R-2", d(2026, 11, 22)),
                           make("X-1", {"E1"}, issue_kind::restructure, d(2026, 11, 25)),
                           regional_redundancy("R-1", d(2026, 11, 22))}) {
        const route r = route_issue(land(), i);  // gone before the agenda is taken
        builder.add(r);
    }
    const auto whole = make_agenda(routes, land());
    std::size_t items = 0;
    for (const auto& a : whole) items += a.items.size();
    CHECK(builder.item_count() == items);
    CHECK(builder.body_count() == whole.size());
    CHECK(&builder.graph() == &land());
    const auto taken = builder.take();
    CHECK(agenda_csv(taken, land()) == agenda_csv(whole, land()));
    CHECK(agenda_text(taken, land()) == agenda_text(whole, land()));
    // Taken: the builder is empty, and can collect again.
    CHECK(builder.item_count() == 0);
    CHECK(builder.body_count() == 0);
    CHECK(builder.take().empty());
    builder.add(routes[0]);
    CHECK(builder.body_count() > 0);
}

TEST_CASE("agenda_builder: an issue id given again and again is listed each time, in batch order") {
    // More than 16 equal items: std::sort's insertion sort would keep them
    // in order too, so only a stable sort passes.
    const auto first = route_issue(land(), make("D-1", {"E1"}, issue_kind::restructure, d(2026, 11, 25)));
    agenda_builder builder(land());
    std::vector<std::string> added;
    for (int n = 0; n < 40; ++n) {
        auto again = first;
        again.title = "line " + std::to_string(n);
        added.push_back(again.title);
        builder.add(again);
    }
    std::vector<std::string> titles;
    builder.drain([&](const agenda_body& a) {
        if (land().id(a.body) == "E1-jncc")
            for (const auto& item : a.items) titles.push_back(item.title);
    });
    CHECK(titles == added);
}

TEST_CASE("agenda_builder: a moved-from builder is empty, and adding to it is refused") {
    agenda_builder builder(land());
    for (const route& r : month()) builder.add(r);
    const std::size_t bodies = builder.body_count();
    agenda_builder moved(std::move(builder));
    CHECK(moved.body_count() == bodies);
    CHECK(builder.body_count() == 0);  // NOLINT(bugprone-use-after-move): what this test is about
    CHECK(builder.item_count() == 0);
    CHECK(&builder.graph() == &land());
    CHECK(builder.take().empty());
    std::size_t given = 0;
    builder.drain([&](const agenda_body&) { ++given; });
    CHECK(given == 0);
    CHECK_THROWS_AS(builder.add(month()[0]), std::logic_error);
    CHECK(moved.take().size() == bodies);
}

TEST_CASE("agenda_builder: adding or draining from drain's callback is refused; the rest stays") {
    agenda_builder builder(land());
    for (const route& r : month()) builder.add(r);
    const std::size_t bodies = builder.body_count();
    REQUIRE(bodies > 2);
    const route r = month()[0];
    CHECK_THROWS_AS(builder.drain([&](const agenda_body&) { builder.add(r); }), std::logic_error);
    CHECK(builder.body_count() == bodies - 1);  // the first body was given, the others stay
    CHECK_THROWS_AS(builder.drain([&](const agenda_body&) { builder.drain([](const agenda_body&) {}); }),
                    std::logic_error);
    CHECK(builder.body_count() == bodies - 2);
    // Not draining any more: both work again.
    builder.add(r);
    std::size_t given = 0;
    builder.drain([&](const agenda_body&) { ++given; });
    CHECK(given >= bodies - 2);
    CHECK(builder.body_count() == 0);
}

TEST_CASE("agenda_builder: drain gives every body in id order, each once") {
    agenda_builder builder(land());
    for (const route& r : month()) builder.add(r);
    std::vector<std::string> ids;
    builder.drain([&](const agenda_body& a) { ids.push_back(land().id(a.body)); });
    REQUIRE(ids.size() == make_agenda(month(), land()).size());
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    CHECK(builder.body_count() == 0);
    agenda_options nope;
    nope.body = "NOPE";
    CHECK_THROWS_WITH_AS(agenda_builder(land(), nope), doctest::Contains("unknown_id"), graph_error);
}

namespace {

/// write_agenda's pieces, joined, and how many there were.
std::pair<std::string, std::size_t> written(std::span<const route> routes, agenda_format format,
                                            const agenda_options& options = {}) {
    agenda_builder builder(land(), options);
    for (const route& r : routes) builder.add(r);
    std::string out;
    std::size_t pieces = 0;
    write_agenda(builder, format, [&](std::string_view piece) {
        out += piece;
        ++pieces;
    }, "Plan", ics_stamp::at(d(2026, 12, 1)));
    CHECK(builder.body_count() == 0);
    return {out, pieces};
}

} // namespace

TEST_CASE("write_agenda: byte for byte what agenda_text, agenda_csv, agenda_html and agenda_ics give") {
    const auto routes = month();
    const auto agenda = make_agenda(routes, land());
    CHECK(written(routes, agenda_format::text).first == agenda_text(agenda, land()));
    CHECK(written(routes, agenda_format::csv).first == agenda_csv(agenda, land()));
    CHECK(written(routes, agenda_format::html).first == agenda_html(agenda, land(), "Plan"));
    CHECK(written(routes, agenda_format::ics).first == agenda_ics(agenda, land(), ics_stamp::at(d(2026, 12, 1))));
    agenda_options window;  // the same with a filter
    window.from = d(2027, 1, 1);
    CHECK(written(routes, agenda_format::text, window).first == agenda_text(make_agenda(routes, land(), window), land()));

    // Nothing reaches: the same words as the whole-agenda functions.
    CHECK(written({}, agenda_format::text).first == "No issue reaches any body in this period.\n");
    CHECK(written({}, agenda_format::csv).first == agenda_csv({}, land()));
    CHECK(written({}, agenda_format::html).first == agenda_html({}, land(), "Plan"));
    // A calendar with no meeting and no statutory date: the error, and
    // nothing written.
    agenda_builder builder(land(), [] {
        agenda_options o;
        o.body = "E1-jncc";  // no meeting rule
        return o;
    }());
    builder.add(routes[1]);  // a restructure: no statutory date
    std::size_t writes = 0;
    CHECK_THROWS_WITH_AS(write_agenda(builder, agenda_format::ics, [&](std::string_view) { ++writes; }),
                         doctest::Contains("ics.empty_calendar"), date_error);
    CHECK(writes == 0);
}

TEST_CASE("write_agenda: a long agenda is written in pieces, not held whole, in every format") {
    std::vector<route> routes;
    const std::string long_title(400, 'x');
    for (int n = 0; n < 1500; ++n) {
        auto i = regional_redundancy("L-" + std::to_string(n), d(2026, 11, 22) + boost::gregorian::days(n % 90));
        i.title = long_title;
        routes.push_back(route_issue(land(), i));
    }
    const auto agenda = make_agenda(routes, land());
    const ics_stamp stamp = ics_stamp::at(d(2026, 12, 1));
    for (const auto& [form, expected] : {std::pair{agenda_format::text, agenda_text(agenda, land())},
                                         std::pair{agenda_format::csv, agenda_csv(agenda, land())},
                                         std::pair{agenda_format::html, agenda_html(agenda, land(), "Plan")},
                                         std::pair{agenda_format::ics, agenda_ics(agenda, land(), stamp)}}) {
        // Copies, not the bindings: clang 14 cannot capture a structured binding.
        const agenda_format format = form;
        const std::string& whole = expected;
        CAPTURE(static_cast<int>(format));
        REQUIRE(whole.size() > (std::size_t{1} << 20));
        const auto [out, pieces] = written(routes, format);
        CHECK(out == whole);
        if (format == agenda_format::ics) CHECK(pieces == 1);  // a calendar is written whole
        else CHECK(pieces >= 3);                                // about 1 MiB each
    }
    agenda_builder builder(land());
    CHECK_THROWS_AS(write_agenda(builder, static_cast<agenda_format>(9), [](std::string_view) {}), std::invalid_argument);
}

} // namespace test_agenda_cpp
