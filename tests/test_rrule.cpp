#include "iso_date.hpp"

#include "spfgov/error.hpp"
#include "spfgov/rrule.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

namespace test_rrule_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using spfgov::date;
using spfgov::meeting_rule;
using spfgov::parse_rrule;

namespace {

using test_dates::d;

std::vector<std::string> expand(std::string_view rule, const char* start, std::size_t max = 8) {
    std::vector<std::string> out;
    for (const auto& x : spfgov::occurrences(parse_rrule(rule), d(start), max))
        out.push_back(spfgov::to_iso(x));
    return out;
}

using strings = std::vector<std::string>;

} // namespace

TEST_CASE("parse each supported part") {
    const meeting_rule r = parse_rrule(
        "FREQ=YEARLY;INTERVAL=2;BYMONTH=3,1;BYMONTHDAY=-1,15;BYDAY=2TU,-1FR,MO;COUNT=4");
    CHECK(r.freq == spfgov::frequency::yearly);
    CHECK(r.interval == 2);
    CHECK(r.by_month == std::vector<int>{1, 3});
    CHECK(r.by_month_day == std::vector<int>{15, -1});
    REQUIRE(r.by_day.size() == 3);
    CHECK(r.by_day[0] == spfgov::weekday_num{0, spfgov::weekday::mo});
    CHECK(r.by_day[1] == spfgov::weekday_num{2, spfgov::weekday::tu});
    CHECK(r.by_day[2] == spfgov::weekday_num{-1, spfgov::weekday::fr});
    CHECK(r.count == 4);
    CHECK_FALSE(r.until);

    const meeting_rule u = parse_rrule("FREQ=WEEKLY;UNTIL=20261231;BYDAY=TH,MO");
    CHECK(u.freq == spfgov::frequency::weekly);
    CHECK(u.until == d("2026-12-31"));
    CHECK(u.interval == 1);
    CHECK(parse_rrule("FREQ=MONTHLY;UNTIL=2026-12-31").until == d("2026-12-31"));
    CHECK(parse_rrule("FREQ=MONTHLY;UNTIL=20261231T235959Z").until == d("2026-12-31"));
    CHECK(parse_rrule("FREQ=MONTHLY;BYDAY=+2TU") == parse_rrule("FREQ=MONTHLY;BYDAY=2TU"));
}

TEST_CASE("names and values are case-insensitive; RRULE: prefix and one trailing ';' accepted") {
    const auto canonical = parse_rrule("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU");
    CHECK(parse_rrule("freq=monthly;interval=2;byday=2tu") == canonical);
    CHECK(parse_rrule("RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU") == canonical);
    CHECK(parse_rrule("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;") == canonical);
    CHECK(parse_rrule("  FREQ=MONTHLY;BYDAY=2TU;INTERVAL=2\n") == canonical);
    CHECK(parse_rrule("FREQ=MONTHLY;BYDAY=2TU,2TU;INTERVAL=2") == canonical); // duplicates dropped
}

TEST_CASE("to_string is canonical and round-trips") {
    CHECK(spfgov::to_string(parse_rrule("byday=2tu;interval=2;freq=monthly")) ==
          "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU");
    CHECK(spfgov::to_string(parse_rrule("FREQ=WEEKLY;INTERVAL=1;BYDAY=FR,MO")) ==
          "FREQ=WEEKLY;BYDAY=MO,FR");
    CHECK(spfgov::to_string(parse_rrule("FREQ=YEARLY;UNTIL=2030-01-01;BYMONTH=12,6;BYMONTHDAY=-1")) ==
          "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1;UNTIL=20300101");
    for (const char* text : {"FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=10",
                             "FREQ=YEARLY;BYMONTH=3;BYDAY=-1WE", "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270101",
                             "FREQ=MONTHLY;BYMONTHDAY=1,-1", "FREQ=MONTHLY;BYDAY=1MO,-1MO,2FR", "FREQ=YEARLY;BYDAY=20MO"}) {
        const std::string t = text;
        CAPTURE(t);
        const auto r = parse_rrule(text);
        CHECK(spfgov::to_string(r) == text);
        CHECK(parse_rrule(spfgov::to_string(r)) == r);
    }
}

TEST_CASE("formats.md example: every other month on the second Tuesday") {
    CHECK(expand("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "2026-01-13", 6) ==
          strings{"2026-01-13", "2026-03-10", "2026-05-12", "2026-07-14", "2026-09-08",
                  "2026-11-10"});
}

TEST_CASE("WEEKLY") {
    CHECK(expand("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=5", "2026-01-05") ==
          strings{"2026-01-05", "2026-01-08", "2026-01-12", "2026-01-15", "2026-01-19"});
    // Without BYDAY the start's weekday; INTERVAL counts whole weeks from Monday.
    CHECK(expand("FREQ=WEEKLY;INTERVAL=2", "2026-01-07", 4) ==
          strings{"2026-01-07", "2026-01-21", "2026-02-04", "2026-02-18"});
    CHECK(expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "2026-01-07", 4) ==
          strings{"2026-01-07", "2026-01-09", "2026-01-19", "2026-01-23"});
    // BYMONTH limits.
    CHECK(expand("FREQ=WEEKLY;BYMONTH=2;BYDAY=MO", "2026-01-26", 5) ==
          strings{"2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"});
}

TEST_CASE("MONTHLY") {
    CHECK(expand("FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30", 4) ==
          strings{"2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"});
    CHECK(expand("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-01-31", 4) ==
          strings{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"});
    // A month without the 31st has no occurrence (RFC 5545: invalid dates are ignored).
    CHECK(expand("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31", 4) ==
          strings{"2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"});
    CHECK(expand("FREQ=MONTHLY", "2026-01-15", 3) ==
          strings{"2026-01-15", "2026-02-15", "2026-03-15"});
    // 5th Thursday only in months that have one.
    CHECK(expand("FREQ=MONTHLY;BYDAY=5TH", "2026-01-29", 3) ==
          strings{"2026-01-29", "2026-04-30", "2026-07-30"});
    // BYDAY with BYMONTHDAY: Friday the 13th.
    CHECK(expand("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "2026-02-13", 3) ==
          strings{"2026-02-13", "2026-03-13", "2026-11-13"});
    CHECK(expand("FREQ=MONTHLY;BYMONTH=1,7;BYDAY=1WE", "2026-01-07", 3) ==
          strings{"2026-01-07", "2026-07-01", "2027-01-06"});
}

TEST_CASE("YEARLY") {
    CHECK(expand("FREQ=YEARLY", "2026-03-10", 3) == strings{"2026-03-10", "2027-03-10", "2028-03-10"});
    CHECK(expand("FREQ=YEARLY;BYMONTH=3;BYDAY=-1WE", "2026-03-25", 3) ==
          strings{"2026-03-25", "2027-03-31", "2028-03-29"});
    // Without BYMONTH an ordinal counts within the year: the 20th Monday.
    CHECK(expand("FREQ=YEARLY;BYDAY=20MO", "2026-05-18", 2) == strings{"2026-05-18", "2027-05-17"});
    CHECK(expand("FREQ=YEARLY;INTERVAL=2;BYMONTH=6,12;BYMONTHDAY=1", "2026-06-01", 4) ==
          strings{"2026-06-01", "2026-12-01", "2028-06-01", "2028-12-01"});
    // 29 February only in leap years.
    CHECK(expand("FREQ=YEARLY", "2024-02-29", 3) == strings{"2024-02-29", "2028-02-29", "2032-02-29"});
}

TEST_CASE("COUNT and UNTIL") {
    CHECK(expand("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", "2026-01-13", 10) ==
          strings{"2026-01-13", "2026-02-10", "2026-03-10"});
    // UNTIL is inclusive.
    CHECK(expand("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260310", "2026-01-13", 10) ==
          strings{"2026-01-13", "2026-02-10", "2026-03-10"});
    CHECK(expand("FREQ=MONTHLY;BYDAY=2TU;UNTIL=2026-03-09", "2026-01-13", 10) ==
          strings{"2026-01-13", "2026-02-10"});
    // The start always counts as the first occurrence (RFC 5545), even off-rule.
    CHECK(expand("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", "2026-01-01", 10) ==
          strings{"2026-01-01", "2026-01-13", "2026-02-10"});
    CHECK(expand("FREQ=MONTHLY;COUNT=1", "2026-01-01", 10) == strings{"2026-01-01"});
    // UNTIL before the start: nothing at all.
    CHECK(expand("FREQ=MONTHLY;UNTIL=20251231", "2026-01-01", 10).empty());
}

TEST_CASE("expansion is bounded") {
    // Never matches after the start: ends at the horizon instead of looping.
    CHECK(expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2026-01-01", 10) == strings{"2026-01-01"});
    CHECK(expand("FREQ=YEARLY", "2099-06-01", 10) == strings{"2099-06-01", "2100-06-01"});
    CHECK(expand("FREQ=MONTHLY;INTERVAL=2147483647", "2026-01-01", 10) == strings{"2026-01-01"});
    CHECK(expand("FREQ=WEEKLY;INTERVAL=2147483647", "2026-01-01", 10) == strings{"2026-01-01"});
    CHECK(expand("FREQ=YEARLY;INTERVAL=2147483647", "2026-01-01", 10) == strings{"2026-01-01"});
    CHECK(expand("FREQ=WEEKLY", "2100-12-24", 10) == strings{"2100-12-24", "2100-12-31"});
    CHECK(expand("FREQ=WEEKLY", "2101-01-01", 10).empty());
    const auto all = spfgov::occurrences(parse_rrule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"),
                                         d("1990-01-01"), 1'000'000);
    CHECK(all.size() == static_cast<std::size_t>((spfgov::rrule_horizon() - d("1990-01-01")).days() + 1));
    CHECK_THROWS_AS(spfgov::occurrence_generator(parse_rrule("FREQ=WEEKLY"),
                                                 date(boost::date_time::not_a_date_time)),
                    spfgov::date_error);
}

TEST_CASE("next_meeting: the formats.md regional forum") {
    const spfgov::meeting_schedule s{parse_rrule("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"), d("2026-01-13"), spfgov::working_days{5}};
    auto m = spfgov::next_meeting(s, d("2026-01-01"));
    REQUIRE(m);
    CHECK(m->meeting == d("2026-01-13"));
    CHECK(m->papers_due == d("2026-01-06"));
    CHECK_FALSE(m->moved);
    CHECK(m->scheduled == d("2026-01-13"));

    m = spfgov::next_meeting(s, d("2026-03-03")); // papers due that very day
    REQUIRE(m);
    CHECK(m->meeting == d("2026-03-10"));
    CHECK(m->papers_due == d("2026-03-03"));

    m = spfgov::next_meeting(s, d("2026-03-04")); // too late for March
    REQUIRE(m);
    CHECK(m->meeting == d("2026-05-12"));
    CHECK(m->papers_due == d("2026-05-05")); // 5 working days back, over nothing special
}

TEST_CASE("next_meeting: a meeting on a bank holiday moves; papers across Easter") {
    // First Monday: 6 April 2026 is Easter Monday, 4 May the early May bank holiday.
    const spfgov::meeting_schedule s{parse_rrule("FREQ=MONTHLY;BYDAY=1MO"), d("2026-01-05"), spfgov::working_days{5}};
    auto m = spfgov::next_meeting(s, d("2026-03-10"));
    REQUIRE(m);
    CHECK(m->scheduled == d("2026-04-06"));
    CHECK(m->meeting == d("2026-04-07"));
    CHECK(m->moved);
    // Back 5 working days from Tue 7 April over Easter Monday and Good Friday.
    CHECK(m->papers_due == d("2026-03-27"));
    CHECK(spfgov::next_meeting(s, d("2026-03-27")) == m);

    m = spfgov::next_meeting(s, d("2026-03-28"));
    REQUIRE(m);
    CHECK(m->scheduled == d("2026-05-04"));
    CHECK(m->meeting == d("2026-05-05"));
    CHECK(m->moved);
    CHECK(m->papers_due == d("2026-04-27"));
}

TEST_CASE("next_meeting: weekends, closures, papers_days 0, exhaustion") {
    const auto rule = parse_rrule("FREQ=MONTHLY;BYMONTHDAY=1");
    // 1 Jan 2026 is New Year's Day, 1 Feb a Sunday.
    auto m = spfgov::next_meeting({rule, d("2026-01-01"), spfgov::working_days{0}}, d("2026-01-01"));
    REQUIRE(m);
    CHECK(m->meeting == d("2026-01-02"));
    CHECK(m->papers_due == d("2026-01-02"));
    CHECK(m->moved);
    // Scheduled before the date, held on it: papers due the same day still count.
    m = spfgov::next_meeting({rule, d("2026-01-01"), spfgov::working_days{0}}, d("2026-02-02"));
    REQUIRE(m);
    CHECK(m->scheduled == d("2026-02-01"));
    CHECK(m->meeting == d("2026-02-02"));

    // A user's closure moves a meeting too.
    auto cal = spfgov::holiday_calendar::england_and_wales();
    cal.add_closure(d("2026-03-02"), "Staff training");
    m = spfgov::next_meeting({rule, d("2026-01-01"), spfgov::working_days{1}}, d("2026-02-20"), cal);
    REQUIRE(m);
    CHECK(m->scheduled == d("2026-03-01"));
    CHECK(m->meeting == d("2026-03-03"));
    CHECK(m->papers_due == d("2026-02-27"));

    CHECK_FALSE(spfgov::next_meeting({parse_rrule("FREQ=MONTHLY;COUNT=3"), d("2026-01-05"), spfgov::working_days{5}},
                                     d("2026-03-01")));
    CHECK_FALSE(spfgov::next_meeting({parse_rrule("FREQ=MONTHLY;UNTIL=20260401"), d("2026-01-05"), spfgov::working_days{5}},
                                     d("2026-04-01")));
    CHECK(spfgov::next_meeting({parse_rrule("FREQ=MONTHLY;UNTIL=20260401"), d("2026-01-05"), spfgov::working_days{5}},
                               d("2026-02-20")));
    // Beyond the calendar's horizon: no meeting rather than an endless search.
    CHECK_FALSE(spfgov::next_meeting({parse_rrule("FREQ=YEARLY"), d("2026-01-05"), spfgov::working_days{5}},
                                     d("2100-12-01")));
    // Started long ago: found all the same.
    m = spfgov::next_meeting({parse_rrule("FREQ=WEEKLY;BYDAY=WE"), d("1978-01-04"), spfgov::working_days{2}}, d("2099-06-01"));
    REQUIRE(m);
    CHECK(m->meeting == d("2099-06-03"));
    CHECK(m->papers_due == d("2099-06-01"));

    try {
        (void)spfgov::next_meeting({rule, d("2026-01-01"), spfgov::working_days{-1}}, d("2026-01-01"));
        FAIL("no exception");
    } catch (const spfgov::rrule_error& e) {
        CHECK(e.code() == "rrule.bad_papers_days");
    }
    CHECK_THROWS_AS((void)spfgov::next_meeting({rule, d("2026-01-01"), spfgov::working_days{5}}, d("2101-01-01")),
                    spfgov::date_error);
}

TEST_CASE("malformed rules: stable codes, messages name the part and its offset") {
    struct bad {
        const char* text;
        const char* code;
        const char* names; // must appear in the message
    };
    const bad cases[] = {
        {"", "rrule.empty", "empty"},
        {"   ", "rrule.empty", "empty"},
        {"RRULE:", "rrule.empty", "empty"},
        {"INTERVAL=2;BYDAY=MO", "rrule.missing_freq", "FREQ"},
        {"FREQ=MONTHLY;FOO=1", "rrule.unknown_part", "FOO=1 at offset 13"},
        {"FREQ=MONTHLY;BYSETPOS=1", "rrule.unsupported_part", "BYSETPOS=1 at offset 13"},
        {"FREQ=MONTHLY;WKST=SU", "rrule.unsupported_part", "WKST=SU at offset 13"},
        {"FREQ=MONTHLY;INTERVAL=2;FREQ=WEEKLY", "rrule.duplicate_part", "FREQ=WEEKLY at offset 24"},
        {"FREQ=MONTHLY;INTERVAL=x", "rrule.bad_number", "INTERVAL=x at offset 13"},
        {"FREQ=MONTHLY;INTERVAL=2x", "rrule.bad_number", "INTERVAL=2x"},
        {"FREQ=MONTHLY;INTERVAL=99999999999", "rrule.bad_number", "INTERVAL=99999999999"},
        {"FREQ=MONTHLY;INTERVAL=0", "rrule.bad_interval", "INTERVAL=0 at offset 13"},
        {"FREQ=MONTHLY;COUNT=0", "rrule.bad_count", "COUNT=0 at offset 13"},
        {"FREQ=MONTHLY;COUNT=-1", "rrule.bad_number", "COUNT=-1"},
        {"FREQ=MONTHLY;BYDAY=9XX", "rrule.bad_weekday", "BYDAY=9XX at offset 13"},
        {"FREQ=MONTHLY;BYDAY=MO,TUE", "rrule.bad_weekday", "BYDAY=MO,TUE"},
        {"FREQ=MONTHLY;BYDAY=XMO", "rrule.bad_weekday", "BYDAY=XMO"},
        {"FREQ=MONTHLY;BYDAY=6TU", "rrule.bad_ordinal", "BYDAY=6TU at offset 13"},
        {"FREQ=MONTHLY;BYDAY=-6TU", "rrule.bad_ordinal", "BYDAY=-6TU"},
        {"FREQ=MONTHLY;BYDAY=0TU", "rrule.bad_ordinal", "BYDAY=0TU"},
        {"FREQ=MONTHLY;BYDAY=-TU", "rrule.bad_weekday", "BYDAY=-TU"},
        {"FREQ=MONTHLY;BYDAY=99999999999TU", "rrule.bad_ordinal", "BYDAY=99999999999TU"},
        {"FREQ=YEARLY;BYDAY=54MO", "rrule.bad_ordinal", "BYDAY=54MO"},
        {"FREQ=YEARLY;BYMONTH=1;BYDAY=6MO", "rrule.bad_ordinal", "BYDAY=6MO"},
        {"FREQ=WEEKLY;BYDAY=2TU", "rrule.bad_ordinal", "BYDAY=2TU at offset 12"},
        {"FREQ=MONTHLY;BYMONTH=13", "rrule.bad_month", "BYMONTH=13 at offset 13"},
        {"FREQ=MONTHLY;BYMONTH=0", "rrule.bad_month", "BYMONTH=0"},
        {"FREQ=MONTHLY;BYMONTH=-1", "rrule.bad_number", "BYMONTH=-1"},
        {"FREQ=MONTHLY;BYMONTHDAY=32", "rrule.bad_monthday", "BYMONTHDAY=32 at offset 13"},
        {"FREQ=MONTHLY;BYMONTHDAY=-32", "rrule.bad_monthday", "BYMONTHDAY=-32"},
        {"FREQ=MONTHLY;BYMONTHDAY=0", "rrule.bad_monthday", "BYMONTHDAY=0"},
        {"FREQ=MONTHLY;BYMONTHDAY=1,x", "rrule.bad_number", "BYMONTHDAY=1,x"},
        {"FREQ=WEEKLY;BYMONTHDAY=1", "rrule.bad_combination", "BYMONTHDAY=1 at offset 12"},
        {"FREQ=MONTHLY;COUNT=3;UNTIL=20261231", "rrule.count_and_until", "UNTIL=20261231 at offset 21"},
        {"FREQ=MONTHLY;UNTIL=20260230", "rrule.bad_until", "UNTIL=20260230 at offset 13"},
        {"FREQ=MONTHLY;UNTIL=2026-13-01", "rrule.bad_until", "UNTIL=2026-13-01"},
        {"FREQ=MONTHLY;UNTIL=tomorrow", "rrule.bad_until", "UNTIL=tomorrow"},
        {"FREQ=MONTHLY;UNTIL=20261231T2359", "rrule.bad_until", "UNTIL=20261231T2359"},
        {"FREQ=DAILY", "rrule.unsupported_freq", "FREQ=DAILY at offset 0"},
        {"FREQ=HOURLY;COUNT=2", "rrule.unsupported_freq", "FREQ=HOURLY"},
        {"FREQ=FORTNIGHTLY", "rrule.bad_freq", "FREQ=FORTNIGHTLY at offset 0"},
        {"FREQ=MONTHLY;;BYDAY=MO", "rrule.syntax", "offset 13"},
        {"FREQ=MONTHLY;;", "rrule.syntax", "offset 13"},
        {";FREQ=MONTHLY", "rrule.syntax", "offset 0"},
        {"FREQ", "rrule.syntax", "FREQ at offset 0"},
        {"=MONTHLY", "rrule.syntax", "=MONTHLY at offset 0"},
        {"FREQ=MONTHLY;BYDAY=", "rrule.syntax", "BYDAY= at offset 13"},
        {"FREQ=MONTHLY;BYDAY=MO,,TU", "rrule.syntax", "BYDAY=MO,,TU"},
        {"FREQ=MONTHLY;BYDAY=MO,", "rrule.syntax", "BYDAY=MO,"},
    };
    for (const auto& c : cases) {
        const std::string t = c.text;
        CAPTURE(t);
        try {
            (void)parse_rrule(c.text);
            FAIL("no exception for " << c.text);
        } catch (const spfgov::rrule_error& e) {
            CHECK(e.code() == c.code);
            const std::string msg = e.what();
            CHECK_MESSAGE(msg.find(c.names) != std::string::npos, msg);
            CHECK_MESSAGE(msg.find("expected") != std::string::npos, msg);
            // The part's place as data: the column (1-based) of the offset
            // named; none when the message names no part (an empty rule).
            const auto at = msg.find(" offset ");
            if (at != std::string::npos) CHECK(e.column() == 1 + std::stoul(msg.substr(at + 8)));
            else CHECK_FALSE(e.column());
            CHECK_FALSE(e.line());
        }
    }
    // Columns count characters, not bytes (the message's offset is in bytes).
    const auto refused = [](const char* text) -> std::pair<std::string, std::optional<std::size_t>> {
        try {
            (void)parse_rrule(text);
        } catch (const spfgov::rrule_error& e) {
            return {e.code(), e.column()};
        }
        return {"no exception", std::nullopt};
    };
    // FREQ=WEEKLY at byte offset 22, after a two-byte character: column 22, not 23.
    CHECK(refused("FREQ=MONTHLY;BYDAY=\xC3\xA9;FREQ=WEEKLY") ==
          std::pair{std::string("rrule.duplicate_part"), std::optional<std::size_t>(22)});
    // Valid edge values.
    CHECK_NOTHROW((void)parse_rrule("FREQ=YEARLY;BYDAY=53MO,-53SU"));
    CHECK_NOTHROW((void)parse_rrule("FREQ=MONTHLY;BYDAY=5TU,-5FR;BYMONTHDAY=31,-31"));
    CHECK_NOTHROW((void)parse_rrule("FREQ=MONTHLY;BYMONTH=1,12"));
}

TEST_CASE("a generator that borrows its rule gives the owning one's dates, and so do copies of either") {
    for (const char* text : {"FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=9",
                             "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=-1;UNTIL=20300101"}) {
        CAPTURE(text);
        const meeting_rule rule = parse_rrule(text);
        spfgov::occurrence_generator owning(rule, d("2026-01-15"));
        spfgov::occurrence_generator borrowing(std::cref(rule), d("2026-01-15"));
        meeting_rule mutable_rule = rule;
        spfgov::occurrence_generator by_ref(std::ref(mutable_rule), d("2026-01-15"));
        for (int n = 0; n < 5; ++n) {
            const auto expected = owning.next();
            CHECK(borrowing.next() == expected);
            CHECK(by_ref.next() == expected);
        }
        // A copy made midway goes on from where the original was.
        auto owning_copy = owning;
        auto borrowing_copy = borrowing;
        for (int n = 0; n < 5; ++n) {
            const auto expected = owning.next();
            CHECK(owning_copy.next() == expected);
            CHECK(borrowing.next() == expected);
            CHECK(borrowing_copy.next() == expected);
        }
    }
}

namespace {

// A reference expansion written from RFC 5545's wording, not the
// generator's arithmetic: every day of every period is tried, and an
// ordinal BYDAY (2TU, -1FR) is found by listing that weekday's days in the
// month (or the year) and counting. Slow, and plainly right.
int weekday_of(date x) { return (x.day_of_week().as_number() + 6) % 7; }  // Monday = 0

bool nth_weekday(date x, const spfgov::weekday_num& w, bool in_year) {
    const auto ymd = x.year_month_day();
    const date from = in_year ? date(ymd.year, 1, 1) : date(ymd.year, ymd.month, 1);
    const date to = in_year ? date(ymd.year, 12, 31) : x.end_of_month();
    std::vector<date> same;
    for (date y = from; y <= to; y += boost::gregorian::days(1))
        if (weekday_of(y) == static_cast<int>(w.day)) same.push_back(y);
    const long i = w.ordinal > 0 ? w.ordinal - 1 : static_cast<long>(same.size()) + w.ordinal;
    return i >= 0 && i < static_cast<long>(same.size()) && same[static_cast<std::size_t>(i)] == x;
}

bool reference_matches(const meeting_rule& r, date start, date x) {
    const auto ymd = x.year_month_day();
    const int dim = x.end_of_month().day();
    if (!r.by_month.empty() && std::find(r.by_month.begin(), r.by_month.end(), int{ymd.month}) == r.by_month.end())
        return false;
    if (!r.by_month_day.empty() && std::none_of(r.by_month_day.begin(), r.by_month_day.end(), [&](int md) {
            return md > 0 ? md == ymd.day : dim + md + 1 == ymd.day;
        }))
        return false;
    const bool in_year = r.freq == spfgov::frequency::yearly && r.by_month.empty();
    if (!r.by_day.empty() && std::none_of(r.by_day.begin(), r.by_day.end(), [&](const spfgov::weekday_num& w) {
            return weekday_of(x) == static_cast<int>(w.day) && (w.ordinal == 0 || nth_weekday(x, w, in_year));
        }))
        return false;
    if (r.by_day.empty() && r.by_month_day.empty()) {
        switch (r.freq) {
        case spfgov::frequency::weekly: return weekday_of(x) == weekday_of(start);
        case spfgov::frequency::monthly: return ymd.day == start.day();
        case spfgov::frequency::yearly:
            return ymd.day == start.day() && (!r.by_month.empty() || ymd.month == start.month());
        }
    }
    return true;
}

/// The occurrences up to `max` of them, none after `last_day`.
std::vector<date> reference_occurrences(const meeting_rule& r, date start, std::size_t max, date last_day) {
    std::vector<date> out{start};  // DTSTART is the first occurrence, matching or not
    const date horizon = std::min(spfgov::rrule_horizon(), last_day);
    const auto full = [&] { return out.size() >= max || (r.count && out.size() >= static_cast<std::size_t>(*r.count)); };
    for (long k = 0; !full(); ++k) {
        const long step = k * r.interval;
        date first = start, last = start;
        switch (r.freq) {
        case spfgov::frequency::weekly:
            first = start - boost::gregorian::days(weekday_of(start)) + boost::gregorian::days(7 * step);
            last = first + boost::gregorian::days(6);
            break;
        case spfgov::frequency::monthly: {
            const long m = start.year() * 12L + start.month() - 1 + step;
            first = date(static_cast<unsigned short>(m / 12), static_cast<unsigned short>(m % 12 + 1), 1);
            last = first.end_of_month();
            break;
        }
        case spfgov::frequency::yearly:
            first = date(static_cast<unsigned short>(start.year() + step), 1, 1);
            last = date(static_cast<unsigned short>(start.year() + step), 12, 31);
            break;
        }
        for (date x = first; x <= last && !full(); x += boost::gregorian::days(1)) {
            if (x <= start) continue;
            if (x > horizon || (r.until && x > *r.until)) return out;
            if (reference_matches(r, start, x)) out.push_back(x);
        }
    }
    return out;
}

/// R12 by its definition: the first occurrence, from the start, whose
/// meeting (moved to a working day) has papers due on or after `on`.
std::optional<spfgov::next_meeting_result> reference_next_meeting(const spfgov::meeting_schedule& s, date on) {
    const auto& cal = spfgov::holiday_calendar::england_and_wales();
    const date first = spfgov::holiday_calendar::first_day();
    const date end = spfgov::holiday_calendar::last_day() + boost::gregorian::days(1);
    spfgov::occurrence_generator from_start(std::cref(s.rule), s.start);
    while (const auto next = from_start.next()) {
        const date x = *next;
        if (x < first) continue;
        if (cal.working_days_between(x, end) == spfgov::working_days{}) return std::nullopt;
        const date meeting = cal.next_working_day(x);
        if (cal.working_days_between(first, meeting) < s.papers_days) continue;
        const date due = cal.add_working_days(meeting, -s.papers_days);
        if (due >= on) return spfgov::next_meeting_result{meeting, due, meeting != x, x};
    }
    return std::nullopt;
}

/// lo..hi from the generator's raw output: std::mt19937's numbers are the
/// same in every standard library, its distributions' are not.
int pick(std::mt19937& rng, int lo, int hi) {
    return lo + static_cast<int>(rng() % static_cast<std::uint32_t>(hi - lo + 1));
}

std::string random_rule(std::mt19937& rng, date start) {
    const auto p = [&](int lo, int hi) { return pick(rng, lo, hi); };
    static constexpr std::array<const char*, 7> days{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    const int freq = p(0, 2);
    std::string text = std::array<const char*, 3>{"FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY"}[static_cast<std::size_t>(freq)];
    if (p(0, 1)) text += ";INTERVAL=" + std::to_string(p(1, 6));
    const bool by_month = p(0, 3) == 0;
    if (by_month) text += ";BYMONTH=" + std::to_string(p(1, 12)) + (p(0, 1) ? "," + std::to_string(p(1, 12)) : "");
    if (freq != 0 && p(0, 3) == 0) {
        text += ";BYMONTHDAY=" + std::to_string(p(0, 1) ? p(1, 31) : -p(1, 31));
        if (p(0, 2) == 0) text += "," + std::to_string(p(0, 1) ? p(1, 31) : -p(1, 31));
    }
    if (p(0, 3) != 0) {
        text += ";BYDAY=";
        const int n = p(1, 3);
        for (int i = 0; i < n; ++i) {
            if (i) text += ',';
            if (freq != 0 && p(0, 2) != 0) {
                // Within a month (MONTHLY, or YEARLY with BYMONTH) at most the 5th; within a year the 53rd.
                const int ordinal = freq == 1 || by_month ? p(1, 5) : p(1, 53);
                text += std::to_string(p(0, 3) == 0 ? -ordinal : ordinal);
            }
            text += days[static_cast<std::size_t>(p(0, 6))];
        }
    }
    switch (p(0, 5)) {
    case 0: text += ";COUNT=" + std::to_string(p(1, 30)); break;
    case 1: {
        const date until = start + boost::gregorian::days(p(0, 365 * 4));
        std::string day = spfgov::to_iso(until);
        std::erase(day, '-');  // YYYYMMDD
        text += ";UNTIL=" + day;
        break;
    }
    default: break;
    }
    return text;
}

} // namespace

TEST_CASE("the generator and next_meeting agree with a day-by-day reading of RFC 5545 on random rules") {
    std::mt19937 rng(20261206);  // fixed: the same rules every run, with any standard library
    const auto p = [&](int lo, int hi) { return pick(rng, lo, hi); };
    const date calendar_end = spfgov::holiday_calendar::last_day();
    int rules = 0, meetings = 0;
    while (rules < 800) {
        // One rule in ten starts in the last years before the horizon (2100).
        const date start = p(0, 9) == 0 ? d("2094-06-01") + boost::gregorian::days(p(0, 365 * 6 + 150))
                                        : d("2019-01-01") + boost::gregorian::days(p(0, 365 * 8));
        const std::string text = random_rule(rng, start);
        meeting_rule r;
        try {
            r = parse_rrule(text);
        } catch (const spfgov::rrule_error&) {
            continue;  // a combination the parser refuses (e.g. an ordinal in a WEEKLY rule)
        }
        ++rules;
        CAPTURE(text);
        CAPTURE(spfgov::to_iso(start));
        const date last_day = start + boost::gregorian::days(365 * 6);
        auto expanded = spfgov::occurrences(r, start, 40);
        std::erase_if(expanded, [&](date x) { return x > last_day; });
        CHECK(expanded == reference_occurrences(r, start, 40, last_day));
        const spfgov::meeting_schedule s{r, start, spfgov::working_days{p(0, 10)}};
        for (int k = 0; k < 3; ++k) {
            const date on = std::min(calendar_end, start + boost::gregorian::days(p(-40, 1200)));
            CAPTURE(spfgov::to_iso(on));
            const auto got = spfgov::next_meeting(s, on);
            CHECK(got == reference_next_meeting(s, on));
            meetings += got.has_value();
        }
    }
    CHECK(meetings > 1500);  // the comparison covered meetings found, not only none
}

} // namespace test_rrule_cpp
