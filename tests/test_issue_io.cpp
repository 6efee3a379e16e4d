// Reading an issue, routing it on the England graph and writing the route
// with the light headers alone (issue_io.hpp, route.hpp): no Boost.Graph.
// (headers.light checks that they compile alone without it.)
#include <spfgov/issue_io.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <string>

namespace test_issue_io_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

TEST_CASE("an issue is read, routed on the England graph and its route written with the light headers alone") {
    const issue i = read_issue(R"({"id": "UHB-1", "title": "Estates", "kind": "restructure", "origin": "employer",
                                    "affected": ["RRK"], "date": "2026-11-22"})",
                               "uhb.json");
    const router r(england_graph());
    const route out = r(i);
    CHECK(out.scope == level::employer);
    const std::string line = write_route(out, england_graph(), rationale_detail::none);
    CHECK(line.starts_with(R"({"issue": "UHB-1", "as_of": "2026-11-22", "scope": "employer", "lead": ["RRK-jncc"])"));
    std::string appended = "> ";
    append_route(appended, out, england_graph(), rationale_detail::none);
    CHECK(appended == "> " + line);
    // The issue writes back as the reader reads it; limits are at hand here too.
    CHECK(read_issue(write_issue(i)) == i);
    read_limits tight;
    tight.max_id_length = 3;
    CHECK_THROWS_AS((void)read_issue(write_issue(i), "uhb.json", tight), issue_error);
}

} // namespace test_issue_io_cpp
