// printable(): ids and names made safe for a terminal and for line-oriented output.
#include <spfgov/flat.hpp>
#include <spfgov/text.hpp>

#include <doctest/doctest.h>

namespace test_text_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using spfgov::csv_record;
using spfgov::printable;

TEST_CASE("printable writes what acts on a terminal visibly and keeps the rest") {
    CHECK(printable("RRK-jncc") == "RRK-jncc");
    CHECK(printable("Caf\xC3\xA9 \xE2\x80\x94 \\ \"") == "Caf\xC3\xA9 \xE2\x80\x94 \\ \"");
    CHECK(printable("X\x1b[31mRED\nspfgov: note") == "X\\u001b[31mRED\\u000aspfgov: note");
    CHECK(printable("\t\r\x7f") == "\\u0009\\u000d\\u007f");
    CHECK(printable("\xC2\x9b") == "\\u009b");                     // C1 CSI
    CHECK(printable("a\xE2\x80\xA8" "b\xE2\x80\xAE") == "a\\u2028b\\u202e");  // line separator, RTL override
    CHECK(printable("bad \xFF\xC3") == "bad \\xff\\xc3");            // not UTF-8
    CHECK(printable("") == "");
}

TEST_CASE("a CSV record writes what would act on a terminal visibly, and keeps tab as it is, and CR and LF quoted") {
    CHECK(csv_record({std::string("A\x1b[31mB\x07"), std::int64_t{3}}) == "A\\u001b[31mB\\u0007,3\n");
    CHECK(csv_record({std::string("right\xe2\x80\xaeleft"), std::string("\xff")}) == "right\\u202eleft,\\xff\n");
    CHECK(csv_record({std::string("a,\x1b")}) == "\"a,\\u001b\"\n");
    CHECK(csv_record({std::string("tab\there"), std::string("two\nlines")}) == "tab\there,\"two\nlines\"\n");
    CHECK(csv_record({std::string("Ysbyty G\xc3\xbbyr")}) == "Ysbyty G\xc3\xbbyr\n");  // other characters as they are
}

} // namespace test_text_cpp
