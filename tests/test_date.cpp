#include <spfgov/date.hpp>
#include <spfgov/error.hpp>

#include <doctest/doctest.h>

namespace test_date_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

TEST_CASE("ISO dates: strict, and only days that exist") {
    CHECK(parse_iso_date("2027-03-01") == date(2027, 3, 1));
    CHECK(parse_iso_date("2024-02-29") == date(2024, 2, 29));
    CHECK_FALSE(parse_iso_date("2027-02-29").has_value());
    CHECK_FALSE(parse_iso_date("2027-02-30").has_value());
    CHECK_FALSE(parse_iso_date("2027-13-01").has_value());
    CHECK_FALSE(parse_iso_date("2027-3-1").has_value());
    CHECK_FALSE(parse_iso_date("2027/03/01").has_value());
    CHECK_FALSE(parse_iso_date("").has_value());
    CHECK_FALSE(parse_iso_date("20270301").has_value());
    CHECK_FALSE(parse_iso_date("2027-03-01T00").has_value());
    CHECK(to_iso(date(2027, 1, 30)) == "2027-01-30");
    CHECK(to_iso(date(999 + 1001, 12, 9)) == "2000-12-09");
    // Open ends of a period, and a date never set, each said as what it is.
    CHECK(to_iso(date(boost::gregorian::neg_infin)) == "-infinity");
    CHECK(to_iso(date(boost::gregorian::pos_infin)) == "+infinity");
    CHECK(to_iso(date()) == "not-a-date");
    CHECK(to_iso(date(boost::gregorian::not_a_date_time)) == "not-a-date");
}

TEST_CASE("checked_date: a day that does not exist is an spfgov date_error naming it, not Boost's exception") {
    CHECK(checked_date(2028, 2, 29) == date(2028, 2, 29));
    const auto message_of = [](int y, int m, int d) -> std::string {
        try {
            (void)checked_date(y, m, d);
        } catch (const date_error& e) {
            CHECK(e.code() == "bad_date");
            return e.what();
        }
        return "no error";
    };
    CHECK(message_of(2026, 13, 1) == "bad_date: 2026-13-01 is not a date: months 1 to 12 only");
    CHECK(message_of(2027, 2, 29) == "bad_date: 2027-02-29 is not a date: that month has days 1 to 28");
    CHECK(message_of(2027, 4, 0) == "bad_date: 2027-04-00 is not a date: that month has days 1 to 30");
    CHECK(message_of(2027, -1, 5) == "bad_date: 2027--1-05 is not a date: months 1 to 12 only");
    CHECK(message_of(10000, 1, 1) == "bad_date: 10000-01-01 is not a date: years 1400 to 9999 only");
    CHECK(message_of(1399, 12, 31) == "bad_date: 1399-12-31 is not a date: years 1400 to 9999 only");
}

TEST_CASE("validity periods are half-open, with open ends") {
    const validity v{date(2026, 4, 1), date(2027, 4, 1)};
    CHECK(v.contains(date(2026, 4, 1)));
    CHECK(v.contains(date(2027, 3, 31)));
    CHECK_FALSE(v.contains(date(2027, 4, 1)));
    CHECK_FALSE(v.contains(date(2026, 3, 31)));
    const validity always;
    CHECK(always.contains(date(1400, 1, 1)));
    CHECK(always.covers(v));
    CHECK_FALSE(v.covers(always));
    CHECK(always.intersect(v) == v);
    CHECK((validity{date(2027, 1, 1), date(2026, 1, 1)}).empty());
    CHECK((validity{date(2026, 1, 1), date(2026, 1, 1)}).empty());
    CHECK(v.intersect(validity{date(2028, 1, 1), date(boost::date_time::pos_infin)}).empty());
}

} // namespace test_date_cpp
