#include <spfgov/issue.hpp>

#include <doctest/doctest.h>

namespace test_issue_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

TEST_CASE("an issue's defaults: employer origin, no agreement, no statutory data") {
    const issue i{.id = "X", .affected = {"RRK"}, .date = date(2026, 11, 22)};
    CHECK(i.origin == level::employer);
    CHECK_FALSE(i.system_process_agreed);
    CHECK(i.redundancies.empty());
    CHECK_FALSE(i.first_dismissal.has_value());
    // Levels order from employer up, so a scope can be raised with std::max.
    CHECK(level::employer < level::system);
    CHECK(level::system < level::region);
    CHECK(level::region < level::national);
}

} // namespace test_issue_cpp
