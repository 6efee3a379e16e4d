#include <spfgov/diagnostic.hpp>
#include <spfgov/error.hpp>

#include <doctest/doctest.h>

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
