#include <spfgov/diagnostic.hpp>
#include <spfgov/error.hpp>
#include <spfgov/io.hpp>
#include <spfgov/policy_file.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

namespace test_error_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

TEST_CASE("errors carry a stable code and say it first") {
    const issue_error e("unknown_id", "issue \"X\": affected[0] = \"NOPE\": no body with this id");
    CHECK(e.code() == "unknown_id");
    CHECK(std::string(e.what()) == "unknown_id: issue \"X\": affected[0] = \"NOPE\": no body with this id");
    // Every library error is a spfgov::error and a std::runtime_error.
    const auto is_error = [](const std::exception& x) { return dynamic_cast<const error*>(&x) != nullptr; };
    CHECK(is_error(graph_error("a", "b")));
    CHECK(is_error(date_error("a", "b")));
    CHECK(is_error(rrule_error("a", "b")));
    CHECK(is_error(parse_error("a", "b")));
}

TEST_CASE("diagnostics format as one line naming code, subject and place") {
    const diagnostic x{severity::error, "duplicate_id", "RRK", "g.json:7:5 /bodies/7", "id \"RRK\" is already used"};
    CHECK(format(x) == "error duplicate_id RRK (g.json:7:5 /bodies/7): id \"RRK\" is already used");
    CHECK(format(diagnostic{severity::warning, "system_without_forum", "S", "", "m"}) ==
          "warning system_without_forum S: m");
    CHECK(has_errors({x}));
    CHECK_FALSE(has_errors({diagnostic{severity::warning, "w", "", "", "m"}}));
}

// ------------------------------------------------------------ locations

namespace {
template <class E, class F> E caught(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    }
    FAIL("expected an exception");
    return E("none", "");
}
} // namespace

TEST_CASE("an error without a location has none; what() is the same with or without one") {
    const parse_error bare("json_syntax", "x");
    CHECK_FALSE(bare.file());
    CHECK_FALSE(bare.line());
    CHECK_FALSE(bare.column());
    CHECK_FALSE(bare.pointer());
    const parse_error located("json_syntax", "x", error_location{"f.json", 3, 7, "/a/0"});
    CHECK(std::string(located.what()) == std::string(bare.what()));
    CHECK(located.file() == "f.json");
    CHECK(located.line() == 3u);
    CHECK(located.column() == 7u);
    CHECK(located.pointer() == "/a/0");
    CHECK(located.location() == error_location{"f.json", 3, 7, "/a/0"});
}

TEST_CASE("JSON syntax errors carry file, line, column and the pointer being read") {
    const auto e = caught<parse_error>([] { (void)read_graph("{\"spfgov\": 1,\n \"bodies\": [1, }", "g.json"); });
    CHECK(e.code() == "json_syntax");
    CHECK(e.file() == "g.json");
    CHECK(e.line() == 2u);
    REQUIRE(e.column());
    CHECK(std::string(e.what()).find("g.json:2:" + std::to_string(*e.column())) != std::string::npos);
    CHECK(e.pointer() == "/bodies/1");

    const auto v = caught<parse_error>([] { (void)read_graph("{\"spfgov\": 2, \"bodies\": []}", "g.json"); });
    CHECK(v.code() == "bad_version");
    CHECK(v.line() == 1u);
    CHECK(v.column() == 12u);
    CHECK(v.pointer() == "/spfgov");
}

TEST_CASE("issue errors carry file, line, column and JSON pointer") {
    const auto e = caught<issue_error>([] {
        (void)read_issue("{\"id\": \"I\", \"kind\": \"restructure\", \"origin\": \"employer\",\n"
                         " \"affected\": [\"RRK\"], \"date\": \"2026-02-30\"}",
                         "i.json");
    });
    CHECK(e.code() == "bad_date");
    CHECK(e.file() == "i.json");
    CHECK(e.line() == 2u);
    CHECK(e.column() == 31u);
    CHECK(e.pointer() == "/date");
    const auto root = caught<issue_error>([] { (void)read_issue("[]", "i.json"); });
    CHECK(root.pointer() == "");  // the whole document
}

TEST_CASE("routing errors carry the JSON pointer of the issue's field") {
    issue i;
    i.id = "I";
    i.affected = {"RRK", "NOPE"};
    i.date = date(2026, 11, 22);
    const auto e = caught<issue_error>([&] { (void)route_issue(england_graph(), i); });
    CHECK(e.code() == "unknown_id");
    CHECK(e.pointer() == "/affected/1");
    CHECK_FALSE(e.file());
    CHECK_FALSE(e.line());
}

TEST_CASE("an issue built in code is refused where a file would be: counts, repeats and dates, with pointers") {
    issue i;
    i.id = "I";
    i.kind = issue_kind::redundancy;
    i.affected = {"RRK"};
    i.date = date(2026, 11, 22);
    i.redundancies = {{"RRK", -3}};
    auto e = caught<issue_error>([&] { (void)route_issue(england_graph(), i); });
    CHECK(e.code() == "bad_count");
    CHECK(e.pointer() == "/redundancies/RRK");
    CHECK(std::string(e.what()).find("/redundancies/RRK = -3: expected a whole number from 0") != std::string::npos);
    i.redundancies = {{"RRK", 30}, {"a/b", 1}, {"RRK", 30}};
    e = caught<issue_error>([&] { (void)route_issue(england_graph(), i); });
    CHECK(e.code() == "duplicate_key");
    CHECK(e.pointer() == "/redundancies/RRK");
    // The same in a long list (sorted, not compared pairwise).
    i.redundancies.clear();
    for (int n = 0; n < 100; ++n) i.redundancies.emplace_back("X" + std::to_string(n), 1);
    i.redundancies.emplace_back("X7", 2);
    e = caught<issue_error>([&] { (void)route_issue(england_graph(), i); });
    CHECK(e.code() == "duplicate_key");
    CHECK(e.pointer() == "/redundancies/X7");
    i.redundancies = {{"RRK", 30}};
    CHECK_NOTHROW((void)route_issue(england_graph(), i));
    // A date out of range names /date as its pointer; an as-of date given is blamed as such.
    i.date = date(1900, 1, 5);
    e = caught<issue_error>([&] { (void)route_issue(england_graph(), i); });
    CHECK(e.code() == "date_out_of_range");
    CHECK(e.pointer() == "/date");
    i.date = date(2026, 11, 22);
    const router rt(england_graph());
    e = caught<issue_error>([&] { (void)rt(i, date{}); });
    CHECK(e.code() == "date_out_of_range");
    CHECK(std::string(e.what()).find("the as-of date is not set") != std::string::npos);
    CHECK_FALSE(e.pointer());
}

TEST_CASE("write_issue refuses what read_issue would refuse in its file, as routing does where it checks the same") {
    // A C++ developer's trial: write_issue wrote "date": null, -5 and "" that
    // read_issue then refused, so a generated batch did not read back.
    const issue i{.id = "T1", .kind = issue_kind::redundancy, .affected = {"RRK"}, .date = date(2026, 11, 22)};
    CHECK(read_issue(write_issue(i)) == i);
    const auto refused = [](const issue& bad, auto&& call) {
        const auto e = caught<issue_error>([&] { call(bad); });
        return std::pair{e.code(), e.pointer().value_or("(none)")};
    };
    const auto write = [](const issue& x) { (void)write_issue(x); };
    const auto route = [](const issue& x) { (void)route_issue(england_graph(), x); };
    issue no_id = i;
    no_id.id.clear();
    CHECK(refused(no_id, write) == std::pair{std::string("empty_id"), std::string("/id")});
    CHECK(refused(no_id, route) == std::pair{std::string("empty_id"), std::string("/id")});
    issue no_date = i;
    no_date.date = date{};
    CHECK(refused(no_date, write) == std::pair{std::string("missing_field"), std::string("/date")});
    CHECK(refused(no_date, route) == std::pair{std::string("missing_field"), std::string("/date")});
    issue negative = i;
    negative.redundancies = {{"R/K~", -5}};
    CHECK(refused(negative, write) == std::pair{std::string("bad_count"), std::string("/redundancies/R~1K~0")});
    // The message names the field too, and the location is the pointer alone (no file, no line 0).
    const auto e = caught<issue_error>([&] { (void)write_issue(negative); });
    CHECK(std::string(e.what()).find("issue \"T1\": /redundancies/R~1K~0: expected a whole number") != std::string::npos);
    CHECK_FALSE(e.file());
    CHECK_FALSE(e.line());
    issue twice = i;
    twice.redundancies = {{"RRK", 5}, {"RRK", 6}};
    CHECK(refused(twice, write) == std::pair{std::string("duplicate_key"), std::string("/redundancies/RRK")});
    issue odd_kind = i;
    odd_kind.kind = static_cast<issue_kind>(200);
    CHECK(refused(odd_kind, write).first == "unknown_kind");

    // Ids longer than the reader takes, and staff groups it would not read:
    // refused by write_issue as read_issue refuses them in a line.
    const std::string long_id(read_limits{}.max_id_length + 1, 'E');
    const auto read = [](const std::string& line) { (void)read_issue(line); };
    const auto line_with = [](const std::string& fields) {
        return R"({"id": "T1", "kind": "redundancy", "origin": "employer", )" + fields + R"(, "date": "2026-11-22"})";
    };
    issue long_name = i;
    long_name.id = long_id;
    CHECK(refused(long_name, write) == std::pair{std::string("id_too_long"), std::string("/id")});
    const auto long_message = std::string(caught<issue_error>([&] { (void)write_issue(long_name); }).what());
    CHECK(long_message.find("expected an id of at most 256 bytes, got 257 bytes") != std::string::npos);
    CHECK(long_message.size() < 300);  // the id is cut in the message, not written whole
    issue long_affected = i;
    long_affected.affected = {"RRK", long_id};
    CHECK(refused(long_affected, write) == std::pair{std::string("id_too_long"), std::string("/affected/1")});
    CHECK(caught<issue_error>([&] { read(line_with(R"("affected": ["RRK", ")" + long_id + R"("])")); }).code() ==
          "id_too_long");
    issue long_key = i;
    long_key.redundancies = {{long_id, 5}};
    CHECK(refused(long_key, write) == std::pair{std::string("id_too_long"), "/redundancies/" + long_id});
    issue huge_key = i;  // the pointer whole in the location, cut and visible in the message
    huge_key.redundancies = {{std::string(100000, 'K') + "\x1b[2J", 5}};
    const auto huge = caught<issue_error>([&] { (void)write_issue(huge_key); });
    CHECK(huge.pointer() == "/redundancies/" + huge_key.redundancies[0].first);
    CHECK(std::string(huge.what()).size() < 300);
    CHECK(std::string(huge.what()).find('\x1b') == std::string::npos);
    issue two_faults = long_name;  // refused in the reader's order: the id's length first, then the kind
    two_faults.id = "T1";
    two_faults.kind = static_cast<issue_kind>(200);
    two_faults.affected = {long_id};
    CHECK(refused(two_faults, write).first == "unknown_kind");
    issue odd_group = i;
    odd_group.staff_groups = {"nursing", "Medical and dental"};
    CHECK(refused(odd_group, write) == std::pair{std::string("bad_staff_group"), std::string("/staff_groups/1")});
    // Routed, it used to match no JNCC and route without a word.
    CHECK(refused(odd_group, route) == std::pair{std::string("bad_staff_group"), std::string("/staff_groups/1")});
    const auto route_error = caught<issue_error>([&] { route(odd_group); });
    CHECK(std::string(route_error.what()).find(R"(/staff_groups/1 = "Medical and dental": expected a staff-group id)") !=
          std::string::npos);
    // A hostile group is shown cut and visible, as write_issue shows it; an unknown affected id too.
    odd_group.staff_groups = {"\x1b[2J" + std::string(100000, 'x')};
    const auto hostile = std::string(caught<issue_error>([&] { route(odd_group); }).what());
    CHECK(hostile.find('\x1b') == std::string::npos);
    CHECK(hostile.size() < 400);
    issue odd_id = i;
    odd_id.affected = {"\x1b[2J" + std::string(100000, 'R')};
    const auto unknown = caught<issue_error>([&] { route(odd_id); });
    CHECK(unknown.code() == "unknown_id");
    CHECK(std::string(unknown.what()).find('\x1b') == std::string::npos);
    CHECK(std::string(unknown.what()).size() < 400);
    odd_group.staff_groups = {"nursing", "medical_and_dental"};
    CHECK_NOTHROW(route(odd_group));
    const auto read_error =
        caught<issue_error>([&] { read(line_with(R"("affected": ["RRK"], "staff_groups": ["nursing", "Medical and dental"])")); });
    CHECK(read_error.code() == "bad_staff_group");
    CHECK(read_error.pointer() == "/staff_groups/1");
    odd_group.staff_groups = {"nursing", "medical_and_dental"};
    CHECK(read_issue(write_issue(odd_group)) == odd_group);  // well-spelt groups still write and read back
}

TEST_CASE("an issue built in code without its own date is refused when routed as of another date") {
    // Routed as of a date, it used to route, and R10 compared a not-a-date.
    issue i{.id = "T1", .kind = issue_kind::redundancy, .affected = {"RRK"}};
    i.redundancies = {{"RRK", 30}};
    i.first_dismissal = date(2027, 3, 1);
    const router rt(england_graph());
    for (const auto& e : {caught<issue_error>([&] { (void)rt(i, date(2026, 11, 22)); }),
                          caught<issue_error>([&] { (void)route_issue(*rt.index_for(date(2026, 11, 22)), i); })}) {
        CHECK(e.code() == "missing_field");
        CHECK(e.pointer() == "/date");
        CHECK(std::string(e.what()).find("issue \"T1\": /date = (none): is not set") != std::string::npos);
    }
    i.date = date(2026, 11, 22);
    CHECK_FALSE(rt(i, date(2026, 12, 1)).deadlines.empty());  // with its date, it routes as of another
}

TEST_CASE("policy file errors carry file, line, column and the key path as a pointer") {
    const auto e = caught<policy_error>([] {
        (void)read_policy("spfgov-policy: 1\nbased_on: default\nrules:\n  R4:\n    enabled: maybe\n", "p.yaml");
    });
    CHECK(e.file() == "p.yaml");
    CHECK(e.line() == 5u);
    CHECK(e.column() == 14u);
    CHECK(e.pointer() == "/rules/R4/enabled");
}

} // namespace test_error_cpp
