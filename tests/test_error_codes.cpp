// The error-code catalogue (error_codes.hpp): its shape, and the codes that
// no other test triggers, each triggered here through the public API. The
// scan test (tests/codes/scan_codes.py, CTest "codes.catalogue") checks that
// the catalogue equals the codes produced in src/ and that some test names
// every code.
#include <spfgov/error_codes.hpp>
#include <spfgov/generate.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/ics.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rrule.hpp>
#include <spfgov/scenario.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace test_error_codes_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

namespace {

// The code of the spfgov::error `f` throws, or "" when it throws none.
template <class F> std::string code_of(F&& f) {
    try {
        f();
    } catch (const error& e) {
        return e.code();
    }
    return "";
}

bool well_formed(std::string_view code) {
    static constexpr std::string_view prefixes[] = {"policy.", "scenario.", "rrule.", "calendar.", "ics."};
    std::string_view rest = code;
    for (const auto prefix : prefixes)
        if (code.starts_with(prefix)) rest = code.substr(prefix.size());
    if (rest.empty() || rest.front() < 'a' || rest.front() > 'z') return false;
    return std::all_of(rest.begin(), rest.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

date d(int y, int m, int day) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
}

body make_body(std::string id, body_kind kind, validity v = {}) {
    body b;
    b.id = std::move(id);
    b.kind = kind;
    b.valid = v;
    return b;
}

scenario_file_result scenarios(const std::string& text, const std::filesystem::path& dir = ".") {
    return run_scenarios(text, "codes.yaml", dir);
}
std::string scenario_code(const scenario_file_result& r) {
    if (!r.error) return "";
    return r.error->substr(0, r.error->find(':'));
}

const std::string case_ok =
    "  - name: ok\n"
    "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n"
    "    expect: {scope: employer}\n";

} // namespace

TEST_CASE("the catalogue: one entry per code, each well formed, with its constant and meaning") {
    std::set<std::string_view> seen;
    for (const auto& info : all_error_codes) {
        CAPTURE(info.code);
        CHECK(seen.insert(info.code).second);
        CHECK(well_formed(info.code));
        CHECK_FALSE(info.meaning.empty());
        CHECK_FALSE(info.raised_as.empty());
        CHECK(find_error_code(info.code) == &info);
    }
    CHECK(find_error_code("no_such_code") == nullptr);
    // The codes formats.md fixes for scenario files are bare.
    for (const auto code : {codes::unknown_id, codes::not_an_employer, codes::empty_affected, codes::not_yet_valid,
                            codes::no_successor, codes::succession_gap, codes::date_out_of_range,
                            codes::escalation_cycle, codes::unknown_kind, codes::unknown_origin})
        CHECK(code.find('.') == std::string_view::npos);
    CHECK(codes::policy_unknown_rule == "policy.unknown_rule");
}

TEST_CASE("generate_issues: bad_generator_options and no_valid_employer") {
    const governance_graph empty;
    issue_mix_options reversed;
    reversed.from = d(2026, 12, 31);
    reversed.to = d(2026, 1, 1);
    CHECK(code_of([&] { (void)generate_issues(empty, reversed); }) == codes::bad_generator_options);
    CHECK(code_of([&] { (void)generate_issues(empty, issue_mix_options{}); }) == codes::bad_generator_options);

    // Employers in systems in regions, but none valid in the issues' year.
    graph_builder b;
    (void)b.add_body(make_body("R", body_kind::region));
    (void)b.add_body(make_body("S", body_kind::system));
    (void)b.add_body(make_body("E", body_kind::employer, validity{date(boost::date_time::neg_infin), d(2020, 1, 1)}));
    b.add_link("S", "R", link_data{.rel = relation::part_of});
    b.add_link("E", "S", link_data{.rel = relation::part_of});
    const governance_graph ended = std::move(b).build();
    CHECK(code_of([&] { (void)generate_issues(ended, issue_mix_options{.count = 5}); }) == codes::no_valid_employer);
}

TEST_CASE("routing: succession_loop when ended employers succeed each other") {
    graph_builder b;
    const validity ended{date(boost::date_time::neg_infin), d(2020, 1, 1)};
    (void)b.add_body(make_body("A", body_kind::employer, ended));
    (void)b.add_body(make_body("B", body_kind::employer, ended));
    b.add_link("A", "B", link_data{.rel = relation::succeeds});
    b.add_link("B", "A", link_data{.rel = relation::succeeds});
    const governance_graph g = std::move(b).build();
    issue i;
    i.id = "LOOP";
    i.affected = {"A"};
    i.date = d(2026, 5, 1);
    CHECK(code_of([&] { (void)route_issue(g, i); }) == codes::succession_loop);
}

TEST_CASE("routing: redundancies_split when the employer counted split into several successors") {
    graph_builder b;
    (void)b.add_body(make_body("A", body_kind::employer, validity{date(boost::date_time::neg_infin), d(2026, 1, 1)}));
    (void)b.add_body(make_body("B", body_kind::employer, validity{d(2026, 1, 1), date(boost::date_time::pos_infin)}));
    (void)b.add_body(make_body("C", body_kind::employer, validity{d(2026, 1, 1), date(boost::date_time::pos_infin)}));
    b.add_link("B", "A", link_data{.rel = relation::succeeds});
    b.add_link("C", "A", link_data{.rel = relation::succeeds});
    const governance_graph g = std::move(b).build();
    issue i;
    i.id = "SPLIT";
    i.kind = issue_kind::redundancy;
    i.affected = {"A"};
    i.date = d(2026, 5, 1);
    i.redundancies = {{"A", 30}};
    i.first_dismissal = d(2026, 9, 1);
    CHECK(code_of([&] { (void)route_issue(g, i); }) == codes::redundancies_split);
    // The message names the issue, the count's JSON pointer and the successors.
    const router rt(g);
    route reused;
    for (int n = 0; n < 2; ++n) {  // the pointer is built in reused memory: the same both times
        try {
            rt.route_into(i, reused);
            FAIL("expected redundancies_split");
        } catch (const issue_error& e) {
            CHECK(std::string(e.what()).find("issue \"SPLIT\": /redundancies/A = 30: employer \"A\" split into B, C") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("calendars and meeting rules: ics.bad_date and rrule.bad_start") {
    const std::vector<ics_event> last_day{ics_event{.uid = "u", .day = d(9999, 12, 31), .summary = "s"}};
    CHECK(code_of([&] { (void)to_ics(last_day, "cal", d(2026, 1, 1)); }) == codes::ics_bad_date);
    CHECK(code_of([&] { (void)to_ics({}, "cal", d(2026, 1, 1)); }) == codes::ics_empty_calendar);
    CHECK(code_of([&] { (void)parse_ics_stamp("2026-11-22 09:30"); }) == codes::ics_bad_stamp);
    CHECK(code_of([&] { (void)ics_stamp::at(std::int64_t{-1}); }) == codes::ics_bad_stamp);
    const std::vector<ics_event> early{ics_event{.uid = "u", .day = d(2026, 5, 1), .summary = "s",
                                                 .alarm = ics_alarm{.days_before = calendar_days{-1}}}};
    CHECK(code_of([&] { (void)to_ics(early, "cal", d(2026, 1, 1)); }) == codes::ics_bad_alarm);
    CHECK(code_of([&] {
        occurrence_generator gen(parse_rrule("FREQ=MONTHLY"), date());
        (void)gen;
    }) == codes::rrule_bad_start);
}

TEST_CASE("scenario files: every scenario.* code a reader can raise") {
    CHECK(scenario_code(scenarios(std::string(max_scenario_bytes + 1, ' '))) == codes::scenario_too_large);
    CHECK(scenario_code(scenarios("spfgov-scenarios: 2\ngraph: england\ncases: []\n")) == codes::scenario_bad_version);
    CHECK(scenario_code(scenarios("spfgov-scenarios: 1\ngraph: england\ncases: 3\n")) == codes::scenario_bad_value);
    CHECK(scenario_code(scenarios("spfgov-scenarios: 1\ngraph: england\ncases:\n  - name: a\n    name: b\n")) ==
          codes::scenario_duplicate_key);
    CHECK(scenario_code(scenarios("spfgov-scenarios: 1\ngraph: england\ncases:\n  - name: a\n"
                                  "    expect: {scope: employer}\n")) == codes::scenario_missing_key);
    CHECK(scenario_code(scenarios("spfgov-scenarios: 1\ngraph: england\ncases:\n" + case_ok +
                                  "    as_of: 2026-02-30\n")) == codes::scenario_bad_date);

    // A graph file with an error (a dangling reference).
    const auto dir = std::filesystem::temp_directory_path() / "spfgov-test-error-codes";
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / "bad.json");
        out << R"({"spfgov": 1, "bodies": [{"id": "E", "kind": "employer", "system": "NOPE"}]})";
    }
    CHECK(scenario_code(scenarios("spfgov-scenarios: 1\ngraph: bad.json\ncases:\n" + case_ok, dir)) ==
          codes::scenario_bad_graph);
    std::filesystem::remove_all(dir);
}

} // namespace test_error_codes_cpp
