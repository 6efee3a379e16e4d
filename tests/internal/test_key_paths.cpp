// Unit tests of the YAML readers' key paths (src/detail_location.hpp): the
// text errors print and the JSON pointer their location carries, which must
// agree segment for segment whatever characters a key holds.
#include "../../src/detail_location.hpp"

#include <doctest/doctest.h>

#include <string>

namespace test_key_paths {

using spfgov::detail::join_key_path;
using spfgov::detail::key_path_pointer;

TEST_CASE("a plain key joins with a dot and each part is one pointer segment") {
    CHECK(join_key_path("", "rules") == "rules");
    CHECK(join_key_path("rules", "R6") == "rules.R6");
    CHECK(join_key_path("cases[2].expect", "lead") == "cases[2].expect.lead");
    CHECK(key_path_pointer("") == "");
    CHECK(key_path_pointer("rules.R6.enabled") == "/rules/R6/enabled");
    CHECK(key_path_pointer("custom_rules[0].add.ids[1]") == "/custom_rules/0/add/ids/1");
    CHECK(key_path_pointer("cases[2]") == "/cases/2");
}

TEST_CASE("a key holding a dot or a bracket is quoted in the path and stays one segment of the pointer") {
    CHECK(join_key_path("cases[0].expect", "colour.x") == R"(cases[0].expect["colour.x"])");
    CHECK(key_path_pointer(join_key_path("cases[0].expect", "colour.x")) == "/cases/0/expect/colour.x");
    CHECK(join_key_path("", "a[1]") == R"(["a[1]"])");
    CHECK(key_path_pointer(join_key_path("", "a[1]")) == "/a[1]");
    // A key after a quoted one joins as usual.
    CHECK(key_path_pointer(join_key_path(join_key_path("rules", "R.6"), "enabled")) == "/rules/R.6/enabled");
    CHECK(key_path_pointer(join_key_path("rules", "R.6") + "[3]") == "/rules/R.6/3");
}

TEST_CASE("quotes and backslashes in a key are escaped in the path and come back whole in the pointer") {
    const std::string key = R"(say "hi" \ bye.)";
    CHECK(join_key_path("x", key) == R"(x["say \"hi\" \\ bye."])");
    CHECK(key_path_pointer(join_key_path("x", key)) == "/x/" + key);
}

TEST_CASE("an empty key is one empty segment, and ~ and / are escaped as RFC 6901 asks") {
    CHECK(join_key_path("x", "") == R"(x[""])");
    CHECK(key_path_pointer(join_key_path("x", "")) == "/x/");
    CHECK(key_path_pointer(join_key_path("x", "a/b~c")) == "/x/a~1b~0c");
    CHECK(key_path_pointer(join_key_path("x", "a/b.c")) == "/x/a~1b.c");
}

} // namespace test_key_paths
