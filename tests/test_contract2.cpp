// Unit tests of the pipeline units for the changes of contract version 2
// (domain.md §6), on small graphs read from JSON; the scenario files in
// tests/scenarios/contract2-*.yaml pin the same promises on the England graph.
#include <spfgov/io.hpp>
#include <spfgov/redundancies.hpp>
#include <spfgov/route.hpp>
#include <spfgov/validate.hpp>

#include <doctest/doctest.h>

#include <tuple>

#include <algorithm>
#include <string>
#include <vector>

namespace test_contract2_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

namespace {

using strings = std::vector<std::string>;

// Two systems in one region, an LNC beside a general JNCC, a CCG and an ICB,
// a sub-group for CCG/ICB staff, a negotiating body.
const governance_graph& two_systems() {
    static const governance_graph g = read_graph(R"({"spfgov": 1, "bodies": [
      {"id": "spf", "kind": "national_forum"},
      {"id": "council", "kind": "negotiating_body"},
      {"id": "tpg", "kind": "subgroup", "parent": "spf", "remit": ["staff_transfer"], "remit_sectors": ["ccg", "icb"]},
      {"id": "R", "kind": "region"}, {"id": "R-spf", "kind": "regional_forum", "region": "R"},
      {"id": "A", "kind": "system", "region": "R"}, {"id": "A-forum", "kind": "system_forum", "system": "A"},
      {"id": "B", "kind": "system", "region": "R"}, {"id": "B-forum", "kind": "system_forum", "system": "B"},
      {"id": "T1", "kind": "employer", "sector": "nhs_trust", "system": "A"},
      {"id": "T1-jncc", "kind": "jncc", "employer": "T1"},
      {"id": "T1-lnc", "kind": "jncc", "employer": "T1", "staff_groups": ["medical_and_dental"]},
      {"id": "T2", "kind": "employer", "sector": "nhs_trust", "system": "B"},
      {"id": "T2-jncc", "kind": "jncc", "employer": "T2"},
      {"id": "X", "kind": "employer", "sector": "independent"},
      {"id": "X-jncc", "kind": "jncc", "employer": "X"},
      {"id": "C", "kind": "employer", "sector": "ccg", "system": "A", "valid_to": "2022-07-01"},
      {"id": "C-jncc", "kind": "jncc", "employer": "C", "valid_to": "2022-07-01"},
      {"id": "A-icb", "kind": "employer", "sector": "icb", "system": "A", "valid_from": "2022-07-01", "succeeds": "C"},
      {"id": "A-icb-jncc", "kind": "jncc", "employer": "A-icb", "valid_from": "2022-07-01"}
    ]})", "two-systems.json");
    return g;
}

issue make(strings affected, issue_kind kind = issue_kind::restructure, level origin = level::employer,
           date on = date(2026, 11, 22)) {
    issue i;
    i.id = "I";
    i.kind = kind;
    i.origin = origin;
    i.affected = std::move(affected);
    i.date = on;
    return i;
}

strings ids_of(const std::vector<body_handle>& hs) { return ids(two_systems(), hs); }

} // namespace

TEST_CASE("the contract-2 test graph validates") {
    CHECK_FALSE(has_errors(validate(two_systems())));
}

TEST_CASE("R2/§5.6: staff groups choose the committees consulted") {
    auto i = make({"T1"});
    CHECK(ids_of(route_issue(two_systems(), i).consult) == strings{"T1-jncc", "T1-lnc"});
    i.staff_groups = {"medical_and_dental"};
    CHECK(ids_of(route_issue(two_systems(), i).consult) == strings{"T1-lnc"});
    i.staff_groups = {"nursing"};
    CHECK(ids_of(route_issue(two_systems(), i).consult) == strings{"T1-jncc"});
    i.staff_groups = {"medical_and_dental", "nursing"};  // nursing has no committee of its own
    CHECK(ids_of(route_issue(two_systems(), i).consult) == strings{"T1-jncc", "T1-lnc"});
}

TEST_CASE("R2/§5.6: a staff group near one a committee lists is warned of; beyond 256 listed groups none is searched") {
    CHECK(two_systems().listed_staff_groups() == strings{"medical_and_dental"});
    auto i = make({"T1"});
    i.staff_groups = {"medical_and_dentl"};
    const auto r = route_issue(two_systems(), i);
    CHECK(ids_of(r.consult) == strings{"T1-jncc"});
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find("(did you mean \"medical_and_dental\"?)") != std::string::npos);
    // A graph listing 300 distinct groups: the search is skipped (it would run on every route).
    std::string bodies = R"({"id": "E", "kind": "employer", "sector": "nhs_trust"})";
    for (int k = 0; k < 300; ++k)
        bodies += R"(, {"id": "J)" + std::to_string(k) + R"(", "kind": "jncc", "employer": "E", "staff_groups": ["group_)" +
                  std::to_string(k) + R"("]})";
    const auto many = read_graph(R"({"spfgov": 1, "bodies": [)" + bodies + "]}", "many.json");
    CHECK(many.listed_staff_groups().size() == 300);
    auto j = make({"E"});
    j.staff_groups = {"group_1x"};
    CHECK_FALSE(route_issue(many, j).warnings.empty());  // E has no committee for it: the statutory warning only
    for (const auto& w : route_issue(many, j).warnings) CHECK(w.find("did you mean") == std::string::npos);
    // An issue of many near misses (a crafted line): at most 8 are searched a route, so at most 8 warned of.
    auto crafted = make({"T1"});
    for (char c = 'a'; c <= 'z'; ++c) crafted.staff_groups.push_back(std::string("medical_and_denta") + c);
    const auto warned = route_issue(two_systems(), crafted).warnings;
    CHECK(std::count_if(warned.begin(), warned.end(), [](const std::string& w) { return w.find("did you mean") != std::string::npos; }) ==
          8);  // 25 near misses (and "medical_and_dental" itself, listed): the first 8 are searched
}

TEST_CASE("R3/§5.7 and R5/§5.8 (a): national pay is negotiated and led by the negotiating body") {
    auto i = make({}, issue_kind::pay_and_terms, level::national);
    auto r = route_issue(two_systems(), i);
    CHECK(ids_of(r.lead) == strings{"council"});
    CHECK(ids_of(r.negotiate) == strings{"council"});
    // Local pay across two systems: scope region, no negotiating body.
    r = route_issue(two_systems(), make({"T1", "T2"}, issue_kind::pay_and_terms));
    CHECK(r.scope == level::region);
    CHECK(ids_of(r.negotiate) == strings{"T1-jncc", "T1-lnc", "T2-jncc"});
}

TEST_CASE("R5/§5.8 (d): an agreed process is led by every affected system's forum; an employer in none keeps its JNCC") {
    auto i = make({"T1", "T2"});
    i.system_process_agreed = true;
    auto r = route_issue(two_systems(), i);
    CHECK(ids_of(r.lead) == strings{"A-forum", "B-forum"});
    i.affected = {"T1", "X"};
    r = route_issue(two_systems(), i);
    CHECK(ids_of(r.lead) == strings{"A-forum", "X-jncc"});
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find("employer X is in no system with a system forum") == 0);
}

TEST_CASE("R7/§5.9: remit_sectors limits a sub-group to its sectors") {
    auto i = make({"T1"}, issue_kind::staff_transfer);
    CHECK(route_issue(two_systems(), i).engage.empty());
    i.affected = {"C"};
    i.date = date(2022, 5, 1);
    CHECK(ids_of(route_issue(two_systems(), i).engage) == strings{"tpg"});
    i.date = date(2022, 8, 1);  // the ICB that succeeds the CCG is of a listed sector too
    CHECK(ids_of(route_issue(two_systems(), i).engage) == strings{"tpg"});
}

TEST_CASE("R10/§5.11: the table in force on the proposal's date, days on each deadline, its authority cited") {
    auto i = make({"T2"}, issue_kind::redundancy, level::employer, date(2012, 11, 1));
    i.redundancies = {{"T2", 150}};
    i.first_dismissal = date(2013, 3, 1);
    auto r = route_issue(two_systems(), i);
    REQUIRE(r.deadlines.size() == 2);
    CHECK(r.deadlines[0].days == spfgov::calendar_days{90});
    CHECK(r.deadlines[0].date == date(2012, 12, 1));
    CHECK(r.deadlines[0].authority.find("SI 1995/2587") != std::string::npos);
    const auto& entry = r.rationale.back();
    CHECK(entry.rule() == "R10");
    CHECK(entry.source()->find("SI 1995/2587") != std::string::npos);
    CHECK(rationale_text(entry, r, two_systems()).find("from 1995-10-26 until 2013-04-05") != std::string::npos);
    i.date = date(2013, 4, 6);
    CHECK(route_issue(two_systems(), i).deadlines[0].days == spfgov::calendar_days{45});
    // A policy without a table before 2000: no deadline, a warning and an R10 entry.
    routing_policy late_tables;
    late_tables.parameters.statutory_bands = {{date(2000, 1, 1), "Our table", {{20, spfgov::calendar_days{30}}}}};
    i.date = date(1999, 6, 1);
    r = route_issue(two_systems(), i, late_tables);
    CHECK(r.deadlines.empty());
    CHECK(r.rationale.back().rule() == "R10");
    CHECK(r.warnings.back().find("no statutory table is in force on 1999-06-01") == 0);
}

TEST_CASE("§5.12: a split followed by a merge gives the merged body once, and its deadline") {
    const governance_graph g = read_graph(R"({"spfgov": 1, "bodies": [
      {"id": "S", "kind": "system"},
      {"id": "P", "kind": "employer", "system": "S", "valid_to": "2025-01-01"},
      {"id": "L", "kind": "employer", "system": "S", "valid_from": "2025-01-01", "valid_to": "2026-01-01", "succeeds": "P"},
      {"id": "Q", "kind": "employer", "system": "S", "valid_from": "2025-01-01", "valid_to": "2026-01-01", "succeeds": "P"},
      {"id": "M", "kind": "employer", "system": "S", "valid_from": "2026-01-01", "succeeds": ["L", "Q"]},
      {"id": "M-jncc", "kind": "jncc", "employer": "M"}
    ]})", "diamond.json");
    auto i = make({"P"}, issue_kind::redundancy, level::employer, date(2026, 6, 1));
    i.redundancies = {{"P", 30}};
    i.first_dismissal = date(2026, 12, 1);
    const auto r = route_issue(g, i);
    CHECK(ids(g, r.affected) == strings{"M"});
    REQUIRE(r.deadlines.size() == 2);
    CHECK(r.deadlines[0].redundancies == 30);
}

TEST_CASE("redundancy windows: proposals within 90 days count together") {
    const auto tables = default_statutory_bands();
    std::vector<redundancy_proposal> p{
        {"A", date(2026, 11, 1), date(2027, 3, 1), "RRK", 15},
        {"B", date(2026, 11, 20), date(2027, 3, 31), "RRK", 15},
        {"C", date(2026, 11, 20), date(2027, 6, 1), "RRK", 15},
    };
    const auto w = redundancy_windows(p, tables);
    REQUIRE(w.size() == 2);
    CHECK(w[0].issues == strings{"A", "B"});  // C is 92 days after A
    CHECK(w[0].total == 30);
    CHECK(w[0].days == spfgov::calendar_days{30});
    CHECK(w[0].deadline == date(2027, 1, 30));
    CHECK(w[0].combined);
    CHECK(w[1].issues == strings{"B", "C"});
    CHECK(write_redundancy_window(w[0]) ==
          R"({"employer": "RRK", "from": "2027-03-01", "to": "2027-03-31", "issues": ["A", "B"], "total": 30, "days": 30, "deadline": "2027-01-30", "combined": true})");
}

TEST_CASE("redundancy windows: a window whose date is earlier than its issues' own routes give is marked, though no band is longer") {
    // helper-79's Leeds case: 15 estates posts (no date alone) dismissed from
    // 2027-02-15, 25 catering posts (30 days alone: 2027-03-02) from
    // 2027-04-01. Together 40 within 90 days: consultation on all of them by
    // 30 days before the first dismissal, 2027-01-16 (s.188(1A)). The band
    // (30 days) is no longer than catering's alone, so not `combined`.
    const auto tables = default_statutory_bands();
    std::vector<redundancy_proposal> p{
        {"A-estates", date(2026, 12, 1), date(2027, 2, 15), "RR8", 15},
        {"B-catering", date(2026, 12, 1), date(2027, 4, 1), "RR8", 25},
    };
    auto w = redundancy_windows(p, tables);
    REQUIRE(w.size() == 1);
    CHECK(w[0].deadline == date(2027, 1, 16));
    CHECK_FALSE(w[0].combined);
    CHECK(w[0].earlier_than_alone);
    REQUIRE(w[0].alone.size() == 2);
    CHECK_FALSE(w[0].alone[0]);                     // A alone: below the lowest band
    CHECK(w[0].alone[1] == date(2027, 3, 2));       // B alone: 30 days before its own first dismissal
    // The JSON line keeps formats.md's keys.
    CHECK(write_redundancy_window(w[0]) ==
          R"({"employer": "RR8", "from": "2027-02-15", "to": "2027-04-01", "issues": ["A-estates", "B-catering"], "total": 40, "days": 30, "deadline": "2027-01-16", "combined": false})");
    CHECK(earlier_than_alone_warning(w[0]) ==
          "RR8: issues A-estates and B-catering, with first dismissals from 2027-02-15 to 2027-04-01 (within 90 days), "
          "together propose 40 redundancies (TULRCA s.188(1)): collective consultation must begin, and form HR1 reach "
          "the Secretary of State, by 2027-01-16 (30 days before the first dismissal, on 2027-02-15), earlier than "
          "their routes give, each counted alone: A-estates (no date) and B-catering (2027-03-02)");
    // Two proposals with the same first dismissal and band as their total:
    // each route already gives the window's date; nothing to say.
    p = {{"A", date(2026, 12, 1), date(2027, 2, 15), "RR8", 25}, {"B", date(2026, 12, 1), date(2027, 2, 15), "RR8", 30}};
    w = redundancy_windows(p, tables);
    REQUIRE(w.size() == 1);
    CHECK_FALSE(w[0].earlier_than_alone);
    CHECK_FALSE(earlier_than_alone_warning(w[0]));
    // One proposal alone is never earlier than itself.
    p = {{"A", date(2026, 12, 1), date(2027, 2, 15), "RR8", 25}};
    CHECK_FALSE(redundancy_windows(p, tables)[0].earlier_than_alone);
    // Combined (a band none reaches alone) implies earlier; the warning then says the band.
    p = {{"A", date(2026, 11, 1), date(2027, 3, 1), "RRK", 15}, {"B", date(2026, 11, 20), date(2027, 3, 31), "RRK", 15}};
    w = redundancy_windows(p, tables);
    CHECK(w[0].combined);
    CHECK(w[0].earlier_than_alone);
    REQUIRE(earlier_than_alone_warning(w[0]));
    CHECK(earlier_than_alone_warning(w[0])->find("reaching a band with a longer period than any of them alone") !=
          std::string::npos);
    // Each issue alone under the table of its own date, as its route: 150
    // proposed on 2013-04-06 get 45 days alone (SI 2013/763), 150 proposed
    // the day before 90 (SI 1995/2587); the window, dated by its earliest
    // proposal, uses 90, so A's own date is the later.
    p = {{"A", date(2013, 4, 6), date(2013, 9, 1), "RRK", 150}, {"B", date(2013, 4, 5), date(2013, 9, 1), "RRK", 150}};
    w = redundancy_windows(p, tables);
    REQUIRE(w[0].alone.size() == 2);
    CHECK(w[0].alone[0] == date(2013, 7, 18));  // A: 45 days
    CHECK(w[0].alone[1] == date(2013, 6, 3));   // B: 90 days
    CHECK(w[0].deadline == date(2013, 6, 3));
    CHECK(w[0].earlier_than_alone);
    CHECK(w[0].proposed == std::vector<date>{date(2013, 4, 6), date(2013, 4, 5)});
    // Proposed a day apart: s.188(3) may count the later alone, which the warning says.
    CHECK(earlier_than_alone_warning(w[0])->ends_with(
        " (unless consultation on the earlier proposals had already begun when the later were made: s.188(3) leaves "
        "their employees out of the later count)"));
    // A proposal made after the window's deadline is late_warning's, not this one's (helper-80): 150 at
    // Leeds proposed 2026-10-01 (first dismissal 2027-03-01, 45 days: 2027-01-15, its own date too) and
    // 150 proposed 2027-02-01: the window cannot ask consultation on the second before it was made.
    p = {{"P1", date(2026, 10, 1), date(2027, 3, 1), "RR8", 150}, {"P2", date(2027, 2, 1), date(2027, 5, 1), "RR8", 150}};
    w = redundancy_windows(p, tables);
    REQUIRE(w.size() == 1);
    CHECK(w[0].deadline == date(2027, 1, 15));
    CHECK_FALSE(w[0].earlier_than_alone);
    CHECK_FALSE(earlier_than_alone_warning(w[0]));
}

TEST_CASE("redundancy windows: the largest counts a file may give add up exactly, never wrapping round") {
    // Each count may be up to 2^31 - 1; two of them once wrapped round to -2,
    // "below the lowest band: no statutory minimum".
    const auto tables = default_statutory_bands();
    const std::int64_t most = 2147483647;
    std::vector<redundancy_proposal> p{
        {"A", date(2026, 11, 1), date(2027, 3, 1), "RRK", most},
        {"B", date(2026, 11, 1), date(2027, 3, 5), "RRK", most},
    };
    const auto w = redundancy_windows(p, tables);
    REQUIRE(w.size() == 1);
    CHECK(w[0].total == 2 * most);
    CHECK(w[0].days == spfgov::calendar_days{45});
    CHECK(w[0].deadline == date(2027, 1, 15));
    CHECK(write_redundancy_window(w[0]).find("\"total\": 4294967294,") != std::string::npos);
}

TEST_CASE("R10: an employer ended by the first dismissal names who then dismisses, through a later merger too") {
    // A splits into B and C on 2025-04-01; B merges into D on 2025-06-01.
    const auto g = read_graph(R"({"spfgov": 1, "bodies": [
      {"id": "A", "kind": "employer", "sector": "nhs_trust", "valid_to": "2025-04-01"},
      {"id": "A-jncc", "kind": "jncc", "employer": "A", "valid_to": "2025-04-01"},
      {"id": "B", "kind": "employer", "sector": "nhs_trust", "succeeds": "A", "valid_from": "2025-04-01", "valid_to": "2025-06-01"},
      {"id": "C", "kind": "employer", "sector": "nhs_trust", "succeeds": "A", "valid_from": "2025-04-01"},
      {"id": "D", "kind": "employer", "sector": "nhs_trust", "succeeds": "B", "valid_from": "2025-06-01"}]})", "chain.json");
    issue i = make({"A"}, issue_kind::redundancy, level::employer, date(2025, 1, 10));
    i.redundancies = {{"A", 25}};
    const auto said = [&](date first) {
        i.first_dismissal = first;
        for (const auto& w : route_issue(g, i).warnings)
            if (w.find("has ended by the first dismissal") != std::string::npos) return w;
        return std::string();
    };
    CHECK(said(date(2025, 5, 1)).find("the dismissals would then be made by its successors B, C;") != std::string::npos);
    CHECK(said(date(2025, 8, 1)).find("the dismissals would then be made by its successors C, D;") != std::string::npos);
    CHECK(said(date(2025, 3, 31)).empty());  // A's last day: A dismisses

    // Hostile shapes: a split into 3,000 (each met once), and a chain of 70
    // trusts all ended by then (followed at most 64 steps, as R11 is; none live).
    std::string wide = R"({"id": "W", "kind": "employer", "sector": "nhs_trust", "valid_to": "2025-04-01"})";
    for (int k = 0; k < 3000; ++k)
        wide += R"(, {"id": "S)" + std::to_string(10000 + k) + R"(", "kind": "employer", "sector": "nhs_trust", "succeeds": "W"})";
    std::string chain = R"({"id": "K0", "kind": "employer", "sector": "nhs_trust", "valid_to": "2025-04-01"})";
    for (int k = 1; k <= 70; ++k)
        chain += R"(, {"id": "K)" + std::to_string(k) + R"(", "kind": "employer", "sector": "nhs_trust", "succeeds": "K)" +
                 std::to_string(k - 1) + R"(", "valid_to": "2025-04-01"})";
    for (const auto& [bodies, first, expected] :
         {std::tuple{wide, std::string("W"), std::string("made by its successors S10000, S10001, ")},
          std::tuple{chain, std::string("K0"), std::string("the graph names no successor on that day")}}) {
        const auto h = read_graph(R"({"spfgov": 1, "bodies": [)" + bodies + "]}", "hostile.json");
        issue j = make({first}, issue_kind::redundancy, level::employer, date(2025, 1, 10));
        j.redundancies = {{first, 25}};
        j.first_dismissal = date(2025, 5, 1);
        const auto warnings = route_issue(h, j).warnings;
        const std::string& want = expected;  // clang 14 does not capture structured bindings
        CHECK(std::any_of(warnings.begin(), warnings.end(),
                          [&](const std::string& w) { return w.find(want) != std::string::npos; }));
    }
}

TEST_CASE("a redundancy batch told an issue was routed already counts it as one that routes it to check it") {
    const router rt(two_systems());
    redundancy_batch checking(rt), trusting(rt);
    std::vector<std::string> warnings;
    for (const auto& [id, first, count] : {std::tuple{"A", date(2027, 3, 1), 12}, std::tuple{"B", date(2027, 4, 1), 9}}) {
        issue i = make({"T1"}, issue_kind::redundancy, level::employer, date(2026, 11, 1));
        i.id = id;
        i.redundancies = {{"T1", count}};
        i.first_dismissal = first;
        checking.add(i, 1, warnings);
        (void)rt(i);  // what agenda does before counting
        trusting.add(i, 1, warnings, redundancy_batch::routed_already::yes);
    }
    CHECK(trusting.proposals() == checking.proposals());
    REQUIRE(trusting.windows().size() == 1);
    CHECK(trusting.windows()[0].combined);  // 12 + 9: a band neither reaches alone
    CHECK(trusting.windows() == checking.windows());
}

TEST_CASE("earlier_window_check: the windows whose dates together are earlier, for every body or one body's issues") {
    const router rt(two_systems());
    // 12 + 9 at T1 (a band neither reaches alone) and at T2, 12 at T1 alone later.
    auto proposal = [](const char* id, strings at, date first, int count) {
        issue i = make(at, issue_kind::redundancy, level::employer, date(2026, 11, 1));
        i.id = id;
        for (const auto& e : at) i.redundancies.emplace_back(e, count);
        i.first_dismissal = first;
        return i;
    };
    const std::vector<issue> batch{proposal("A", {"T1", "T2"}, date(2027, 3, 1), 12),
                                   proposal("B", {"T1", "T2"}, date(2027, 4, 1), 9),
                                   proposal("L", {"T1"}, date(2027, 9, 1), 12)};
    auto warnings_for = [&](const char* body) {
        earlier_window_check check(rt);
        if (body) check.only_reaching(two_systems(), two_systems().at(body));
        std::size_t line = 0;
        for (const issue& i : batch) check.add(i, rt(i), ++line);
        return check.warnings();
    };
    const auto all = warnings_for(nullptr);
    REQUIRE(all.size() == 2);  // T1's and T2's windows of A and B; L alone says nothing
    CHECK(all[0].starts_with("T1: issues A and B, with first dismissals from 2027-03-01 to 2027-04-01"));
    CHECK(all[1].starts_with("T2: issues A and B"));
    // A JNCC's plan: its own employer's window only; a forum's: its issues' windows.
    CHECK(warnings_for("T2-jncc") == strings{all[1]});
    CHECK(warnings_for("A-forum") == all);
    // A body no issue reaches: nothing.
    CHECK(warnings_for("X-jncc").empty());
    // An issue that is not a dated redundancy is not counted, and nothing is thrown.
    earlier_window_check none(rt);
    issue restructure = make({"T1"});
    none.add(restructure, rt(restructure), 1);
    CHECK(none.warnings().empty());
}

TEST_CASE("a redundancy batch counts issue by issue: skipped issues, a repeated id and a late proposal are said") {
    const router rt(two_systems());
    redundancy_batch batch(rt);
    std::vector<std::string> warnings;
    auto proposal = [](std::string id, date on, date first, int count) {
        issue i = make({"T1"}, issue_kind::redundancy, level::employer, on);
        i.id = std::move(id);
        i.redundancies = {{"T1", count}};
        i.first_dismissal = first;
        return i;
    };
    batch.add(proposal("P1", date(2026, 11, 1), date(2027, 3, 1), 15), 1, warnings);
    CHECK(warnings.empty());
    // No first dismissal: not counted, and said.
    issue undated = proposal("P2", date(2026, 11, 1), date(2027, 3, 1), 15);
    undated.first_dismissal.reset();
    batch.add(undated, 2, warnings);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] == "issue \"P2\": a redundancy issue without first_dismissal is not counted; skipped");
    // Proposed on 2027-02-20, after the pair's deadline (2027-01-30): both
    // are counted, and the window says the later one came too late.
    warnings.clear();
    batch.add(proposal("P3", date(2027, 2, 20), date(2027, 3, 20), 15), 3, warnings);
    CHECK(warnings.empty());
    // The same id again: counted again (formats.md), and said.
    batch.add(proposal("P1", date(2026, 11, 1), date(2027, 3, 1), 15), 4, warnings);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].starts_with("issue \"P1\" is given again (first on line 1): both lines are counted"));
    CHECK(batch.proposals().size() == 3);
    // Another kind giving counts: not counted, and said (s.188 follows the dismissals, not the label).
    warnings.clear();
    issue restructure = proposal("P5", date(2026, 11, 1), date(2027, 3, 1), 30);
    restructure.kind = issue_kind::restructure;
    batch.add(restructure, 5, warnings);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].starts_with("issue \"P5\": a restructure issue's redundancies are not counted"));
    CHECK(warnings[0].ends_with("give it kind \"redundancy\"; skipped"));
    CHECK(batch.proposals().size() == 3);
    // An unknown employer: routing's error, nothing added.
    issue unknown = proposal("P4", date(2026, 11, 1), date(2027, 3, 1), 15);
    unknown.affected = {"nobody"};
    unknown.redundancies = {{"nobody", 15}};
    CHECK_THROWS_AS(batch.add(unknown, 5, warnings), issue_error);
    CHECK(batch.proposals().size() == 3);

    const auto windows = batch.windows();
    REQUIRE(windows.size() == 1);
    CHECK(windows[0].issues == strings{"P1", "P1", "P3"});
    CHECK(windows[0].total == 45);
    CHECK(windows[0].deadline == date(2027, 1, 30));
    const auto late = batch.late_warning(windows[0]);
    REQUIRE(late);
    CHECK(*late == "T1: the window from 2027-03-01 (45 proposed redundancies) must begin collective consultation by "
                   "2027-01-30, before P3 (2027-02-20) was proposed (unless consultation on the earlier proposals had "
                   "already begun when it was proposed: s.188(3) leaves their employees out of the later count)");
    // A window no late proposal joined says nothing.
    redundancy_batch on_time(rt);
    on_time.add(proposal("Q1", date(2026, 11, 1), date(2027, 3, 1), 25), 1, warnings);
    REQUIRE(on_time.windows().size() == 1);
    CHECK_FALSE(on_time.late_warning(on_time.windows()[0]));
}

TEST_CASE("explain_body: which rules put a body in which role, and why another is absent") {
    const routing_index index(two_systems(), date(2026, 11, 22));
    const auto in = explain_body(index, make({"T1"}), "T1-lnc");
    CHECK(in.roles == std::vector<role>{role::lead, role::negotiate, role::consult});
    const auto text = explanation_text(in);
    CHECK(text.find("R2 put it in consult") != std::string::npos);
    CHECK(text.find("R5 put it in lead") != std::string::npos);
    const auto out = explanation_text(explain_body(index, make({"T1"}), "R-spf"));
    CHECK(out.find("in no role of the route") != std::string::npos);
    CHECK(out.find("R6 informs regional forums of system-scope issues and engages them from region scope; this issue "
                   "is employer scope.") != std::string::npos);
    CHECK(out.find("R5 never gives the lead to a regional forum") != std::string::npos);
}

TEST_CASE("explain_body: a committee the issue's staff groups leave out is said to be, naming the groups (§5.6)") {
    const routing_index index(two_systems(), date(2026, 11, 22));
    issue nurses = make({"T1"}, issue_kind::role_change);
    nurses.staff_groups = {"nursing"};
    // Not "is not one of the affected employers' JNCCs": T1-lnc is T1's.
    const auto lnc = explanation_text(explain_body(index, nurses, "T1-lnc"));
    CHECK(lnc.find("R2 consults, per affected employer, the JNCCs for the issue's staff groups; T1-lnc is T1's "
                   "committee for \"medical_and_dental\", and the issue's staff groups (\"nursing\") are none of "
                   "them.") != std::string::npos);
    CHECK(lnc.find("R3 lets only the affected employers' JNCCs for the issue's staff groups negotiate; T1-lnc is "
                   "T1's committee for") != std::string::npos);
    issue doctors = make({"T1"}, issue_kind::role_change);
    doctors.staff_groups = {"medical_and_dental"};
    const auto general = explanation_text(explain_body(index, doctors, "T1-jncc"));
    CHECK(general.find("T1-jncc is T1's general committee, but T1-lnc lists the issue's staff groups "
                       "(\"medical_and_dental\"), so it is consulted instead (§5.6).") != std::string::npos);
    const auto other = explanation_text(explain_body(index, doctors, "T2-jncc"));
    CHECK(other.find("T2-jncc belongs to no affected employer.") != std::string::npos);
    const auto gone = explanation_text(explain_body(index, make({"T1"}), "C-jncc"));
    CHECK(gone.find("R2 consults the JNCCs of the affected employers; C-jncc is not valid on 2026-11-22.") !=
          std::string::npos);
}

TEST_CASE("R2/§5.6: a staff group that is a word of a listed one is warned of; a short one is not") {
    issue i = make({"T1"}, issue_kind::role_change);
    i.staff_groups = {"dental"};
    auto r = route_issue(two_systems(), i);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] == "staff group \"dental\" is listed by no committee in the graph (did you mean "
                           "\"medical_and_dental\"?), so the general JNCCs are consulted for it (R2)");
    // Four listed groups with the word: three named, in order, then ", ...".
    const auto care = read_graph(R"({"spfgov": 1, "bodies": [{"id": "E", "kind": "employer", "sector": "nhs_trust"},
      {"id": "E-a", "kind": "jncc", "employer": "E", "staff_groups": ["adult_care"]},
      {"id": "E-b", "kind": "jncc", "employer": "E", "staff_groups": ["child_care"]},
      {"id": "E-c", "kind": "jncc", "employer": "E", "staff_groups": ["care_home"]},
      {"id": "E-d", "kind": "jncc", "employer": "E", "staff_groups": ["social_care"]}]})", "care.json");
    auto carers = make({"E"}, issue_kind::role_change);
    carers.staff_groups = {"care"};
    const auto said = route_issue(care, carers).warnings;
    CHECK(std::any_of(said.begin(), said.end(), [](const std::string& w) {
        return w.find("staff group \"care\" is listed by no committee in the graph (did you mean \"adult_care\", "
                      "\"care_home\", \"child_care\", ...?)") == 0;
    }));
    i.staff_groups = {"dental", "medical_and_dental"};  // named beside it: a second group, not a slip
    CHECK(route_issue(two_systems(), i).warnings.empty());
    i.staff_groups = {"and"};  // a word of it, but too short to mean it
    CHECK(route_issue(two_systems(), i).warnings.empty());
    i.staff_groups = {"medic"};  // part of a word, not a word
    CHECK(route_issue(two_systems(), i).warnings.empty());
}

TEST_CASE("explain_body with a router explains as with an index of the routing date, and checks the date as routing does") {
    const router rt(two_systems());
    const routing_index index(two_systems(), date(2026, 11, 22));
    const auto by_router = explain_body(rt, make({"T1"}), "T1-lnc");
    const auto by_index = explain_body(index, make({"T1"}), "T1-lnc");
    CHECK(by_router.roles == by_index.roles);
    CHECK(explanation_text(by_router) == explanation_text(by_index));
    // As of another date: that date's index (the same bodies in being here).
    CHECK(explanation_text(explain_body(rt, make({"T1"}), "R-spf", date(2026, 12, 1))) ==
          explanation_text(explain_body(routing_index(two_systems(), date(2026, 12, 1)), make({"T1"}), "R-spf")));
    // A date out of the calendar's range is refused before any index is built.
    const auto before = rt.statistics().built;
    auto old = make({"T1"});
    old.date = date(1900, 1, 1);
    CHECK_THROWS_WITH_AS((void)explain_body(rt, old, "T1-lnc"), doctest::Contains("date_out_of_range"), issue_error);
    CHECK(rt.statistics().built == before);
}

TEST_CASE("explain_body: each reason cites what its rule rests on, as the route's rationale does") {
    const routing_index index(two_systems(), date(2026, 11, 22));
    const auto in = explain_body(index, make({"T1"}), "T1-lnc");
    const auto& sources = default_policy();
    for (const auto& reason : in.reasons) {
        CAPTURE(reason.rule);
        std::optional<std::string> cited;
        for (const auto& c : sources.rules())
            if (c->id() == reason.rule) cited = c->source;
        CHECK(reason.source == cited);
    }
    const auto r2 = std::find_if(in.reasons.begin(), in.reasons.end(), [](const auto& x) { return x.rule == "R2"; });
    REQUIRE(r2 != in.reasons.end());
    REQUIRE(r2->source);
    CHECK(explanation_text(in).find("    Source: " + *r2->source + "\n") != std::string::npos);
}

TEST_CASE("explain_body: an affected employer is affected, with its statutory deadlines and the law behind them") {
    const routing_index index(two_systems(), date(2026, 11, 22));
    auto i = make({"T1"}, issue_kind::redundancy);
    i.redundancies = {{"T1", 30}};
    i.first_dismissal = date(2027, 3, 1);
    const auto e = explain_body(index, i, "T1");
    CHECK(e.affected);
    CHECK(e.roles.empty());
    const auto r10 = std::count_if(e.reasons.begin(), e.reasons.end(), [](const auto& x) { return x.rule == "R10"; });
    CHECK(r10 == 2);  // consultation start and HR1
    for (const auto& reason : e.reasons)
        if (reason.rule == "R10") {
            CHECK(reason.text.starts_with("2027-01-30: "));
            REQUIRE(reason.source);
            CHECK(reason.source->find("SI 2013/763") != std::string::npos);
        }
    const auto text = explanation_text(e);
    CHECK(text.starts_with("T1: affected by the issue; in no role of the route.\n"));
    // An employer the issue does not affect is not called affected.
    CHECK_FALSE(explain_body(index, i, "T2").affected);
}

TEST_CASE("explanation_text shows control characters from a policy's sources, never sends them") {
    body_explanation e;
    e.body = "B\x1b[31m";
    e.reasons.push_back({"R6", role::engage, "text\x07", std::string("Evil \x1b[31mred")});
    const auto text = explanation_text(e);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("Source: Evil \\u001b[31mred") != std::string::npos);
}

} // namespace test_contract2_cpp
