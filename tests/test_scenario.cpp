#include <spfgov/policy_file.hpp>
#include <spfgov/scenario.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace test_scenario_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

namespace {
const std::filesystem::path here = std::filesystem::path(SPFGOV_SOURCE_DIR) / "tests" / "scenarios";

scenario_file_result run(const std::string& cases, const std::string& top = "graph: england\n") {
    return run_scenarios("spfgov-scenarios: 1\n" + top + "cases:\n" + cases, "s.yaml", here);
}
const std::string t1 = "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22}\n";
} // namespace

TEST_CASE("what makes a file test less than it seems is said: no cases, a case expecting nothing, a name given twice") {
    auto r = run("  - name: routes\n" + t1 + "    expect: {}\n" + "  - name: routes\n" + t1 + "    expect: {scope: employer}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 2);
    CHECK(r.passed() == 2);  // warned of, not failed
    REQUIRE(r.warnings.size() == 2);
    CHECK(r.warnings[0] == "s.yaml:6:13: cases[0].expect: case \"routes\" expects nothing, so it passes whenever its issue "
                           "routes; expected at least one field (consult: [...], deadlines: [...], error: CODE, ...)");
    CHECK(r.warnings[1].starts_with("s.yaml:7:5: cases[1].name: case \"routes\" is named as cases[0] is"));
    r = run("[]\n");
    REQUIRE_FALSE(r.error);
    CHECK(r.warnings == std::vector<std::string>{"s.yaml: no cases: it tests nothing"});
    CHECK(run("  - name: x\n" + t1 + "    expect: {scope: employer}\n").warnings.empty());
}

TEST_CASE("a passing case, and a failing one naming the field, what was expected and what came") {
    const auto r = run("  - name: ok\n" + t1 + "    expect: {scope: employer, consult: [RRK-jncc], lead_union: null}\n"
                       "  - name: wrong\n" + t1 + "    expect: {scope: system, engage: [QHL-forum], consult: [RRK-jncc]}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 2);
    CHECK(scenario_line(r.cases[0]) == "PASS ok");
    CHECK(scenario_line(r.cases[1]) ==
          R"(FAIL wrong: scope: expected "system", got "employer"; engage: expected ["QHL-forum"], got [])");
    CHECK(r.passed() == 1);
    CHECK(r.failed() == 1);
}

TEST_CASE("deadlines match per object on the keys given; warnings_contain; rules; error codes") {
    const std::string red =
        "    issue: {id: R, kind: redundancy, origin: employer, affected: [RRK], date: 2026-11-22,\n"
        "            redundancies: {RRK: 25}, first_dismissal: 2027-03-01}\n";
    const auto r = run("  - name: dates\n" + red +
                       "    expect:\n      deadlines: [{kind: consultation_start, date: 2027-01-30}, {kind: hr1_notification}]\n"
                       "      rules: [R11, R1, R2, R3, R5, R9, R10]\n"
                       "  - name: wrong date\n" + red + "    expect: {deadlines: [{date: 2027-01-31}, {}]}\n"
                       "  - name: unknown\n"
                       "    issue: {id: T2, kind: restructure, origin: employer, affected: [NOPE], date: 2026-11-22}\n"
                       "    expect: {error: unknown_id}\n"
                       "  - name: warned\n"
                       "    issue: {id: T3, kind: restructure, origin: employer, affected: [RRK], date: 2026-11-22, redundancies: {RRK: 3}}\n"
                       "    expect: {warnings_contain: [redundancy]}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 4);
    // The rationale's order is the rules' numbers (domain.md §5.13).
    CHECK(scenario_line(r.cases[0]).find("rules: expected [\"R11\"") != std::string::npos);
    CHECK(scenario_line(r.cases[1]) ==
          R"(FAIL wrong date: deadlines: expected [{"date":"2027-01-31"},{}], got [{"date":"2027-01-30"},{}])");
    CHECK(r.cases[2].passed);
    CHECK(r.cases[3].passed);
}

TEST_CASE("a failing case shows the route's warnings, which often say why; not when warnings are what differ") {
    const std::string lower =
        "    issue: {id: R, kind: redundancy, origin: employer, affected: [RRK], date: 2026-11-22,\n"
        "            redundancies: {rrk: 25}, first_dismissal: 2027-03-01}\n";
    const auto r = run("  - name: dates\n" + lower + "    expect: {deadlines: [{date: 2027-01-30}, {}]}\n"
                       "  - name: warned\n" + lower + "    expect: {deadlines: [{date: 2027-01-30}, {}], warnings: []}\n");
    REQUIRE(r.cases.size() == 2);
    CHECK(scenario_line(r.cases[0]) ==
          R"(FAIL dates: deadlines: expected [{"date":"2027-01-30"},{}], got [] (the route warns: redundancies name rrk, )"
          R"(which is not an affected employer on 2026-11-22 (did you mean "RRK"?); no statutory date for it (R10)))");
    CHECK(r.cases[1].route_warnings.empty());  // the warnings are in the difference itself
    CHECK(scenario_line(r.cases[1]).find("the route warns") == std::string::npos);
}

TEST_CASE("a list of objects of another length is shown on the keys the expected objects give") {
    const auto r = run("  - name: too few\n" + t1 + "    expect: {rationale: [{rule: R1}, {rule: R2}]}\n");
    REQUIRE(r.cases.size() == 1);
    // The route's five entries by rule alone, not their sentences and sources.
    CHECK(scenario_line(r.cases[0]) == R"(FAIL too few: rationale: expected [{"rule":"R1"},{"rule":"R2"}], got )"
                                       R"([{"rule":"R1"},{"rule":"R2"},{"rule":"R3"},{"rule":"R5"},{"rule":"R9"}])");
}

TEST_CASE("a file that cannot be run says why, with the key path") {
    auto r = run("  - name: x\n" + t1 + "    expect: {colour: blue}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.unknown_key") == 0);
    CHECK(r.error->find("cases[0].expect.colour") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {}\n", "graph: no-such-graph.json\n");
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.cannot_open") == 0);
    r = run("  - name: x\n" + t1 + "    expect: {}\n", "policy: no-such-policy.yaml\n");
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.bad_policy") == 0);
    CHECK(r.error->find("policy.cannot_open") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {}\n", "graph: [england, no-such-overlay.json]\n");
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.cannot_open") == 0);
    CHECK(r.error->find("no-such-overlay.json") != std::string::npos);
    CHECK(r.error->find("did you mean") == std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {}\n", "graph: englnd\n");  // a built-in graph, misspelt
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.cannot_open") == 0);
    CHECK(r.error->find("(did you mean \"england\"?)") != std::string::npos);
    r = run_scenario_file(here / "no-such-file.yaml");
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.cannot_open") == 0);
    CHECK(r.error->ends_with("no-such-file.yaml: cannot open the scenario file (No such file or directory)"));
    r = run_scenario_file(here);
    REQUIRE(r.error);
    CHECK(r.error->ends_with("scenarios: cannot open the scenario file: it is a directory"));
}

TEST_CASE("a case that cannot be read fails alone, with its error and place; the file's other cases still run") {
    // helper-76 and helper-79: one typo in case 2 of 10 hid the other nine.
    const auto r = run("  - name: first\n" + t1 + "    expect: {scope: employer}\n"
                       "  - name: a typo\n" + t1 + "    expect: {consul: [RRK-jncc]}\n"
                       "  - issue: {}\n    expect: {scope: ICS}\n"
                       "  - name: last\n" + t1 + "    expect: {scope: system}\n");
    REQUIRE(r.cases.size() == 4);
    CHECK(r.cases[0].passed);
    CHECK_FALSE(r.cases[0].read_error);
    // The slip: its case fails, named, with the error at the key's own line and column.
    CHECK_FALSE(r.cases[1].passed);
    CHECK(r.cases[1].name == "a typo");
    REQUIRE(r.cases[1].read_error);
    CHECK(r.cases[1].read_error->starts_with("scenario.unknown_key: s.yaml:9:14: cases[1].expect.consul: unknown field "
                                             "\"consul\" (did you mean \"consult\"?)"));
    CHECK(r.cases[1].read_error_at.file == "s.yaml");
    CHECK(r.cases[1].read_error_at.line == 9);
    CHECK(r.cases[1].read_error_at.column == 14);
    CHECK(r.cases[1].read_error_at.pointer == "/cases/1/expect/consul");
    CHECK(r.cases[1].differences.empty());
    // formats.md's FIELD: expected X, got Y, X and Y as JSON (the message's quotes escaped).
    const std::string line = scenario_line(r.cases[1]);
    CHECK(line.starts_with("FAIL a typo: case: expected \"a case spfgov can read\", got \""));
    CHECK(nlohmann::json::parse(line.substr(line.find(", got ") + 6)).get<std::string>() == *r.cases[1].read_error);
    // A case with no name is named by its place.
    CHECK(r.cases[2].name == "cases[2]");
    REQUIRE(r.cases[2].read_error);
    CHECK(r.cases[2].read_error->find("cases[2].expect.scope: unknown scope \"ICS\"") != std::string::npos);
    // The case after the slips ran (and failed on its own terms: RRK alone is employer scope).
    CHECK_FALSE(r.cases[3].read_error);
    REQUIRE(r.cases[3].differences.size() == 1);
    CHECK(r.cases[3].differences[0].field == "scope");
    CHECK((r.passed() == 1 && r.failed() == 3 && r.unreadable() == 2));
    // The file's error is the first slip's, so a caller that checks only it still sees one.
    REQUIRE(r.error);
    CHECK(*r.error == *r.cases[1].read_error);
    CHECK(r.error_at == r.cases[1].read_error_at);
    // A case missing its issue is a slip of its own too.
    const auto missing = run("  - name: no issue\n    expect: {scope: employer}\n  - name: ok\n" + t1 +
                             "    expect: {scope: employer}\n");
    REQUIRE(missing.cases.size() == 2);
    REQUIRE(missing.cases[0].read_error);
    CHECK(missing.cases[0].read_error->starts_with("scenario.missing_key: s.yaml:4:"));
    CHECK(missing.cases[1].passed);
    // A file-level slip still stops the file: no cases run.
    const auto whole = run("  - name: ok\n" + t1 + "    expect: {scope: employer}\n", "graph: englnd\n");
    REQUIRE(whole.error);
    CHECK(whole.cases.empty());
}

TEST_CASE("a file that cannot be run says where as data: file, line, column and key path") {
    // The scenario file's own slip: line 6 (the case's expect), its key path.
    auto r = run("  - name: x\n" + t1 + "    expect: {colour: blue}\n");
    REQUIRE(r.error);
    INFO(*r.error);
    CHECK(r.error_at.file == "s.yaml");
    CHECK(r.error_at.line == 6);
    REQUIRE(r.error_at.column);
    CHECK(r.error_at.pointer == "/cases/0/expect/colour");
    CHECK(r.error->find("s.yaml:6:" + std::to_string(*r.error_at.column) + ": ") != std::string::npos);
    // A key holding a dot is one key: quoted in the path, one segment of the pointer.
    r = run("  - name: x\n" + t1 + "    expect: {colour.x: blue}\n");
    REQUIRE(r.error);
    CHECK(r.error_at.pointer == "/cases/0/expect/colour.x");
    CHECK(r.error->find(R"(cases[0].expect["colour.x"]: unknown field "colour.x")") != std::string::npos);
    // A graph file it names that is malformed: the scenario's `graph:` key
    // (the code is scenario.bad_graph); the message adds the graph's place.
    const auto dir = std::filesystem::temp_directory_path() / "spfgov-test-scenario-error-at";
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "bad.json") << "{\"spfgov\": 1,\n \"bodies\": [\n  {\"id\": \"a\", \"kind\": }]}\n";
    }
    r = run_scenarios("spfgov-scenarios: 1\ngraph: bad.json\ncases:\n  - name: x\n" + t1 + "    expect: {}\n",
                      "s.yaml", dir);
    REQUIRE(r.error);
    INFO(*r.error);
    CHECK(r.error_at.file == "s.yaml");
    CHECK(r.error_at.line == 2);
    CHECK(r.error_at.pointer == "/graph");
    CHECK(r.error->find((dir / "bad.json").string() + ":3:") != std::string::npos);
    // A file that cannot be opened: its name, no line.
    r = run_scenario_file(here / "no-such-file.yaml");
    CHECK(r.error_at.file == (here / "no-such-file.yaml").string());
    CHECK_FALSE(r.error_at.line);
    // An error with no place of its own is still the file's.
    r = run_scenarios(std::string(max_scenario_bytes + 1, ' '), "big.yaml", here);
    REQUIRE(r.error);
    CHECK(r.error->find("scenario.too_large") == 0);
    CHECK(r.error_at.file == "big.yaml");
    CHECK_FALSE(r.error_at.line);
    // A file that runs has no error, and so no position.
    CHECK(run("  - name: ok\n" + t1 + "    expect: {scope: employer}\n").error_at == error_location{});
    std::filesystem::remove_all(dir);
}

TEST_CASE("a scenario's graph with errors is named on one line: the first five, then how many more") {
    const auto dir = std::filesystem::temp_directory_path() / "spfgov-test-scenario-bad-graph";
    std::filesystem::create_directories(dir);
    {
        std::ofstream out(dir / "bad.json");
        out << R"({"spfgov": 1, "bodies": [)";
        for (int k = 0; k < 7; ++k) out << (k ? ", " : "") << R"({"id": "E)" << k << R"(", "kind": "employer", "system": "NOPE"})";
        out << "]}";
    }
    const auto r = run_scenarios("spfgov-scenarios: 1\ngraph: bad.json\ncases:\n  - name: x\n" + t1 + "    expect: {}\n",
                                 "s.yaml", dir);
    std::filesystem::remove_all(dir);
    REQUIRE(r.error);
    CHECK(r.error->find('\n') == std::string::npos);
    CHECK(r.error->find("has errors: error dangling_reference E0 -part_of-> NOPE") != std::string::npos);
    CHECK(r.error->ends_with("; and 2 more (spfgov validate lists them)"));
}

TEST_CASE("a case's name cannot act on the terminal its PASS or FAIL line is printed to") {
    const auto r = run("  - name: \"bad\\e[31mname\\a\"\n" + t1 + "    expect: {scope: system}\n");
    REQUIRE(r.cases.size() == 1);
    CHECK(r.cases[0].name == "bad\x1b[31mname\x07");  // kept as written
    CHECK(scenario_line(r.cases[0]).starts_with("FAIL bad\\u001b[31mname\\u0007: scope: "));
}

TEST_CASE("a tab in a scenario file's indentation is named as such, with its line") {
    const auto r = run("  - name: x\n" + t1 + "    expect:\n\t  scope: employer\n");
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.syntax: s.yaml:"));
    CHECK(r.error->find("line 7 is indented with a tab, and YAML indents with spaces only") != std::string::npos);
}

TEST_CASE("a { left open in a scenario file is named where it opens, not at the next key") {
    const auto r = run("  - name: x\n" + t1 + "    expect: {scope: employer\n  - name: y\n" + t1 +
                       "    expect: {scope: employer}\n");
    REQUIRE(r.error);
    CHECK(r.cases.empty());
    CHECK(r.error->starts_with("scenario.syntax: s.yaml:6:13: "));
    CHECK(r.error->find("the { opened on line 6 is never closed: expected } after its last entry") != std::string::npos);
}

TEST_CASE("a line indented out of step in a scenario file is named as the likely cause") {
    const auto r = run("  - name: x\n" + t1 + "      expect: {scope: employer}\n");
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.syntax: s.yaml:6:"));
    CHECK(r.error->find("check the indentation of line 6") != std::string::npos);
}

TEST_CASE("a scenario file that is not UTF-8 text is refused at the byte, before any case runs") {
    const auto r = run("  - name: \"Caf\xe9 case\"\n" + t1 + "    expect: {scope: employer}\n");
    REQUIRE(r.error);
    CHECK(r.cases.empty());
    CHECK(r.error->starts_with("scenario.syntax: s.yaml:4:15: "));
    CHECK(r.error->find("byte \\xe9 is not UTF-8; expected UTF-8 text") != std::string::npos);
}

TEST_CASE("a misspelt key or a date that does not exist in an expected deadline, meeting or rationale entry is refused") {
    auto r = run("  - name: x\n" + t1 + "    expect: {deadlines: [{kind: consultation_start, dat: 2027-01-30}]}\n");
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.unknown_key: s.yaml:6:"));
    CHECK(r.error->find("cases[0].expect.deadlines[0].dat: unknown key \"dat\" (did you mean \"date\"?); expected one "
                        "of: kind, body, date") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {negotiat: [RRK-jncc]}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("unknown field \"negotiat\" (did you mean \"negotiate\"?); expected one of: ") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {xyzzy: 1}\n");  // near nothing: the list alone
    REQUIRE(r.error);
    CHECK(r.error->find("unknown field \"xyzzy\"; expected one of: ") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {meetings: [{body: RRK-jncc, date: 2027-02-30}]}\n");
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.bad_date: s.yaml:6:"));
    CHECK(r.error->find("cases[0].expect.meetings[0].date: expected a date YYYY-MM-DD that exists, got \"2027-02-30\"") !=
          std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {rationale: [{rules: R1}]}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("cases[0].expect.rationale[0].rules: unknown key") != std::string::npos);
    // Known keys, and null where a value may be null, are fine.
    r = run("  - name: x\n" + t1 + "    expect: {deadlines: [], meetings: [], rationale: [{rule: R1, source: null}, {}, {}, {}, {}]}\n");
    CHECK_FALSE(r.error);
}

TEST_CASE("a misspelt field in a case's issue is refused, where it is written, not ignored") {
    const auto r = run("  - name: agreed\n"
                       "    issue: {id: T1, kind: restructure, origin: system, affected: [RRK], date: 2026-11-22,\n"
                       "            system_process_agred: true}\n"
                       "    expect: {scope: system}\n");
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.unknown_key: s.yaml:6:13: cases[0].issue.system_process_agred: unknown key"));
    CHECK(r.error->find("system_process_agreed") != std::string::npos);  // among the keys expected
}

TEST_CASE("an issue a case cannot read is reported at the line and column of the bad value in the scenario file") {
    const std::string issue_line =
        "    issue: {id: T1, kind: restructure, origin: employer, affected: [RRK], date: 2026-02-30}\n";
    const auto r = run("  - name: a date that does not exist\n" + issue_line + "    expect: {scope: employer}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 1);
    const std::string at = "s.yaml:5:" + std::to_string(issue_line.find("2026-02-30") + 1) + " /date: ";
    CHECK(r.cases[0].error_message.starts_with("bad_date: " + at));
    // A routing error keeps its own message (no position of the JSON read).
    const auto u = run("  - name: unknown\n    issue: {id: T2, kind: restructure, origin: employer, affected: [NOPE], "
                       "date: 2026-11-22}\n    expect: {scope: employer}\n");
    REQUIRE(u.cases.size() == 1);
    CHECK(u.cases[0].error_message.find("NOPE") != std::string::npos);
    CHECK(u.cases[0].error_message.find("issue of case") == std::string::npos);
    // An id routing finds nowhere: at its line and column, with the nearest id.
    const std::string near_line =
        "    issue: {id: T3, kind: restructure, origin: employer, affected: [RRK, RLX4], date: 2026-11-22}\n";
    const auto n = run("  - name: a typo in an id\n" + near_line + "    expect: {scope: employer}\n");
    REQUIRE(n.cases.size() == 1);
    CHECK(n.cases[0].error_message.starts_with("unknown_id: s.yaml:5:" + std::to_string(near_line.find("RLX4") + 1) +
                                               " "));
    CHECK(n.cases[0].error_message.ends_with("(did you mean \"RL4\" or \"RX4\"?)"));  // both one edit away
}

TEST_CASE("an issue id or body id written as digits in a case is the text written, leading zeros and all") {
    // YAML would read id: 0123 as the number 123; the issue format wants text there.
    const auto r = run("  - name: digits\n"
                       "    issue: {id: 0123, title: 2027, kind: restructure, origin: employer, affected: [RRK],\n"
                       "            staff_groups: [007], date: 2026-11-22}\n"
                       "    expect: {issue: \"0123\", scope: employer}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 1);
    CHECK(r.cases[0].passed);
    CHECK(r.cases[0].error_message.empty());
    // An id of digits no body has is an unknown id, by its text.
    const auto u = run("  - name: digits\n"
                       "    issue: {id: T1, kind: restructure, origin: employer, affected: [0123], date: 2026-11-22}\n"
                       "    expect: {scope: employer}\n");
    REQUIRE(u.cases.size() == 1);
    CHECK(u.cases[0].error_message.starts_with("unknown_id: s.yaml:5:"));
    CHECK(u.cases[0].error_message.find("/affected/0 = \"0123\"") != std::string::npos);
    // Where the format wants a number, a number it stays: a count written as text is still refused.
    const auto n = run("  - name: count\n"
                       "    issue: {id: T1, kind: redundancy, origin: employer, affected: [RRK], date: 2026-11-22,\n"
                       "            redundancies: {RRK: \"25\"}}\n"
                       "    expect: {scope: employer}\n");
    REQUIRE(n.cases.size() == 1);
    CHECK(n.cases[0].error_message.starts_with("wrong_type: s.yaml:6:"));
}

TEST_CASE("columns in a scenario file count characters, not bytes, and not a leading byte-order mark") {
    // "é" is one character (two bytes): RLX4 is at character 78 of its line.
    const std::string line = "    issue: {id: \"Caf\xc3\xa9\", kind: restructure, origin: employer, affected: [RRK, RLX4], "
                             "title: \"\xc3\xa9\", date: 2026-11-22}\n";
    const auto n = run("  - name: a typo in an id\n" + line + "    expect: {scope: employer}\n");
    REQUIRE(n.cases.size() == 1);
    CHECK(n.cases[0].error_message.starts_with("unknown_id: s.yaml:5:78 "));
    const auto bad = run("  - name: x\n" + t1 + "    expect: {lead_union: \"\xc3\xbc\", scope: \"\xc3\xa9\"}\n");
    REQUIRE(bad.error);
    CHECK(bad.error->starts_with("scenario.bad_value: s.yaml:6:38: "));
    const auto bom = run_scenarios("\xEF\xBB\xBFspfgov-scenarios: 2\n", "s.yaml", here);
    REQUIRE(bom.error);
    CHECK(bom.error->starts_with("scenario.bad_version: s.yaml:1:19: "));
    const auto bom_ctl = run_scenarios("\xEF\xBB\xBFspfgov-scenarios: 1\x01\n", "s.yaml", here);
    REQUIRE(bom_ctl.error);
    CHECK(bom_ctl.error->starts_with("scenario.syntax: s.yaml:1:20: "));
}

TEST_CASE("an expected error code, scope or deadline kind that cannot exist is refused with the nearest word") {
    auto r = run("  - name: x\n" + t1 + "    expect: {error: unknown_idd}\n");
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.bad_value: s.yaml:6:"));
    CHECK(r.error->find("cases[0].expect.error: unknown error code \"unknown_idd\" (did you mean \"unknown_id\"?)") !=
          std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {scope: regoin}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("cases[0].expect.scope: unknown scope \"regoin\" (did you mean \"region\"?); expected one of: "
                        "employer, system, region, national") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {deadlines: [{kind: hr1}]}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("cases[0].expect.deadlines[0].kind: unknown deadline kind \"hr1\"") != std::string::npos);
    // Real codes and words are fine; an expected error that does not come says the issue routed.
    r = run("  - name: x\n" + t1 + "    expect: {error: not_an_employer}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 1);
    CHECK(scenario_line(r.cases[0]) ==
          "FAIL x: error: expected \"not_an_employer\", got null (the issue routed, with no error)");
    // route_error is the case's own code for a failure that is not spfgov's.
    r = run("  - name: x\n" + t1 + "    expect: {error: route_error}\n");
    REQUIRE_FALSE(r.error);
}

TEST_CASE("an expected error no case can raise, or a scope or deadline kind that is null or a list, is refused") {
    auto r = run("  - name: x\n" + t1 + "    expect: {error: policy.unknown_rule}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("cases[0].expect.error: error code \"policy.unknown_rule\" is raised as policy_error, never by "
                        "routing a case's issue; expected a code of reading or routing an issue") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {error: forbidden_link}\n");  // a graph diagnostic
    REQUIRE(r.error);
    CHECK(r.error->find("is raised as diagnostic, never by routing") != std::string::npos);
    // The generator's, a map's, a calendar file's and a graph file's own codes neither.
    for (const char* code : {"bad_generator_options", "invalid_graph", "bad_version", "ics.bad_date", "wrong_body_kind"}) {
        r = run("  - name: x\n" + t1 + "    expect: {error: " + code + "}\n");
        CHECK_MESSAGE(r.error.has_value(), code);
    }
    // A date past the calendar and a ladder's cycle can come from routing.
    for (const char* code : {"calendar.out_of_range", "escalation_cycle", "date_out_of_range", "too_large"})
        CHECK_MESSAGE(!run("  - name: x\n" + t1 + "    expect: {error: " + code + "}\n").error.has_value(), code);
    r = run("  - name: x\n" + t1 + "    expect: {scope: null}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("cases[0].expect.scope: expected one scope (employer, system, region, national), got null; a "
                        "route always has one") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {scope: [employer]}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("expected one scope (employer, system, region, national), got a list") != std::string::npos);
    r = run("  - name: x\n" + t1 + "    expect: {deadlines: [{kind: ~}]}\n");
    REQUIRE(r.error);
    CHECK(r.error->find("cases[0].expect.deadlines[0].kind: expected one deadline kind (consultation_start, "
                        "hr1_notification), got null") != std::string::npos);
}

TEST_CASE("locating a bad value leaves the file as written: an aliased issue fails the same way in every case") {
    const std::string bad =
        "    issue: &i {id: W1, kind: redundancy, origin: employer, affected: [RRK], date: 2026-11-22, redundancies: [1, 2]}\n";
    const auto r = run("  - name: first\n" + bad + "    expect: {scope: employer}\n"
                       "  - name: second\n    issue: *i\n    expect: {scope: employer}\n");
    REQUIRE_FALSE(r.error);
    REQUIRE(r.cases.size() == 2);
    const std::string at = "s.yaml:5:" + std::to_string(bad.find("[1, 2]") + 1) + " /redundancies: ";
    CHECK(r.cases[0].error_message.starts_with("wrong_type: " + at));
    CHECK(r.cases[1].error_message.starts_with("wrong_type: " + at));
}

TEST_CASE("a policy given on the command line that does not fit the graph is blamed, not the file's policy line") {
    scenario_options options;
    options.policy = read_policy("spfgov-policy: 1\nbased_on: default\ncustom_rules:\n  - id: X1\n    text: \"a rule\"\n"
                                 "    add: {role: inform, ids: [no-such-body]}\n",
                                 "ours.yaml");
    const auto r = run_scenarios("spfgov-scenarios: 1\ngraph: england\npolicy: theirs.yaml\ncases:\n  - name: x\n" + t1 +
                                     "    expect: {}\n",
                                 "s.yaml", here, options);
    REQUIRE(r.error);
    CHECK(r.error->starts_with("scenario.bad_policy: s.yaml: the policy given instead of this file's own (--policy)"));
    CHECK(r.error->find("policy.unknown_body: ours.yaml:6:31:") != std::string::npos);
    CHECK(r.error->find("s.yaml:3") == std::string::npos);  // not the file's own policy: line
}

} // namespace test_scenario_cpp
