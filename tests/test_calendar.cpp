#include "iso_date.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/error.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace test_calendar_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using spfgov::date;
using spfgov::holiday_calendar;
using spfgov::working_days;

namespace {

using test_dates::d;

std::vector<date> dates(std::initializer_list<const char*> isos) {
    std::vector<date> out;
    for (const char* s : isos) out.push_back(d(s));
    return out;
}

std::string show(const std::vector<date>& v) {
    std::string s;
    for (const auto& x : v) s += spfgov::to_iso(x) + " ";
    return s;
}

std::vector<date> holidays_in(int year, int month) {
    std::vector<date> out;
    for (const auto& x : holiday_calendar::england_and_wales().holidays(year))
        if (x.month() == month) out.push_back(x);
    return out;
}

} // namespace

TEST_CASE("published England and Wales bank holidays") {
    const auto& cal = holiday_calendar::england_and_wales();
    struct published {
        int year;
        std::vector<date> days;
    };
    // As published on gov.uk (and, before 2012, in the proclamations).
    const std::vector<published> lists{
        {1995, dates({"1995-01-02", "1995-04-14", "1995-04-17", "1995-05-08", "1995-05-29",
                      "1995-08-28", "1995-12-25", "1995-12-26"})},
        {1999, dates({"1999-01-01", "1999-04-02", "1999-04-05", "1999-05-03", "1999-05-31",
                      "1999-08-30", "1999-12-27", "1999-12-28", "1999-12-31"})},
        {2002, dates({"2002-01-01", "2002-03-29", "2002-04-01", "2002-05-06", "2002-06-03",
                      "2002-06-04", "2002-08-26", "2002-12-25", "2002-12-26"})},
        {2011, dates({"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02",
                      "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27"})},
        {2012, dates({"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04",
                      "2012-06-05", "2012-08-27", "2012-12-25", "2012-12-26"})},
        {2020, dates({"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25",
                      "2020-08-31", "2020-12-25", "2020-12-28"})},
        {2022, dates({"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02",
                      "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"})},
        {2023, dates({"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
                      "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"})},
        {2026, dates({"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
                      "2026-08-31", "2026-12-25", "2026-12-28"})},
        {2027, dates({"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
                      "2027-08-30", "2027-12-27", "2027-12-28"})},
    };
    for (const auto& l : lists) {
        CAPTURE(l.year);
        const auto got = cal.holidays(l.year);
        CHECK_MESSAGE(got == l.days, "got " << show(got) << "\nwant " << show(l.days));
        for (const auto& x : l.days) {
            CHECK(cal.is_bank_holiday(x));
            CHECK_FALSE(cal.is_working_day(x));
            CHECK_FALSE(cal.holiday_name(x).empty());
        }
    }
    // Days the proclamations replaced are ordinary working days.
    for (const char* s : {"1995-05-01", "2002-05-27", "2012-05-28", "2020-05-04", "2022-05-30"}) {
        const std::string t = s;
        CAPTURE(t);
        CHECK_FALSE(cal.is_bank_holiday(d(s)));
        CHECK(cal.is_working_day(d(s)));
        CHECK(cal.holiday_name(d(s)).empty());
    }
}

TEST_CASE("holiday names") {
    const auto& cal = holiday_calendar::england_and_wales();
    CHECK(cal.holiday_name(d("2026-04-03")) == "Good Friday");
    CHECK(cal.holiday_name(d("2026-04-06")) == "Easter Monday");
    CHECK(cal.holiday_name(d("2026-05-04")) == "Early May bank holiday");
    CHECK(cal.holiday_name(d("2026-05-25")) == "Spring bank holiday");
    CHECK(cal.holiday_name(d("2026-08-31")) == "Summer bank holiday");
    CHECK(cal.holiday_name(d("2026-12-28")) == "Boxing Day (substitute day)");
    CHECK(cal.holiday_name(d("2022-01-03")) == "New Year's Day (substitute day)");
    CHECK(cal.holiday_name(d("2022-12-26")) == "Boxing Day");
    CHECK(cal.holiday_name(d("2022-12-27")) == "Christmas Day (substitute day)");
    CHECK(cal.holiday_name(d("2020-05-08")) == "Early May bank holiday (VE day)");
    CHECK(cal.holiday_name(d("2022-09-19")) ==
          "Bank Holiday for the State Funeral of Queen Elizabeth II");
    CHECK(cal.holiday_name(d("2026-06-01")).empty());
}

TEST_CASE("Christmas and Boxing Day substitutes for every weekday") {
    const auto& cal = holiday_calendar::england_and_wales();
    struct row {
        int year;
        unsigned short christmas_weekday; // 0 = Sunday (Boost)
        std::vector<date> december;
    };
    const std::vector<row> rows{
        {2023, 1, dates({"2023-12-25", "2023-12-26"})}, // Mon
        {2018, 2, dates({"2018-12-25", "2018-12-26"})}, // Tue
        {2024, 3, dates({"2024-12-25", "2024-12-26"})}, // Wed
        {2025, 4, dates({"2025-12-25", "2025-12-26"})}, // Thu
        {2026, 5, dates({"2026-12-25", "2026-12-28"})}, // Fri: Boxing Sat -> Mon 28
        {2027, 6, dates({"2027-12-27", "2027-12-28"})}, // Sat: Mon 27, Tue 28
        {2022, 0, dates({"2022-12-26", "2022-12-27"})}, // Sun: Boxing Mon 26, Christmas Tue 27
    };
    for (const auto& r : rows) {
        CAPTURE(r.year);
        REQUIRE(date(static_cast<unsigned short>(r.year), 12, 25).day_of_week().as_number() ==
                r.christmas_weekday);
        CHECK_MESSAGE(holidays_in(r.year, 12) == r.december, show(holidays_in(r.year, 12)));
    }
    CHECK(cal.holiday_name(d("2027-12-27")) == "Christmas Day (substitute day)");
    CHECK(cal.holiday_name(d("2027-12-28")) == "Boxing Day (substitute day)");
}

TEST_CASE("New Year's Day substitutes for every weekday") {
    struct row {
        int year;
        unsigned short weekday; // 0 = Sunday (Boost)
        date holiday;
    };
    const std::vector<row> rows{
        {2024, 1, d("2024-01-01")}, {2019, 2, d("2019-01-01")}, {2025, 3, d("2025-01-01")},
        {2026, 4, d("2026-01-01")}, {2027, 5, d("2027-01-01")},
        {2022, 6, d("2022-01-03")}, // Sat -> Mon 3
        {2023, 0, d("2023-01-02")}, // Sun -> Mon 2
    };
    for (const auto& r : rows) {
        CAPTURE(r.year);
        REQUIRE(date(static_cast<unsigned short>(r.year), 1, 1).day_of_week().as_number() ==
                r.weekday);
        CHECK(holidays_in(r.year, 1) == std::vector<date>{r.holiday});
    }
}

TEST_CASE("every year of the range has the rule-based holidays plus the proclamations") {
    const auto& cal = holiday_calendar::england_and_wales();
    int extras_seen = 0;
    for (int y = holiday_calendar::first_year(); y <= holiday_calendar::last_year(); ++y) {
        CAPTURE(y);
        std::size_t extras = 0;
        for (const auto& p : holiday_calendar::proclamations())
            if (p.year == y && !p.replaces) ++extras;
        const auto h = cal.holidays(y);
        CHECK(h.size() == 8 + extras);
        extras_seen += static_cast<int>(extras);
        for (const auto& x : h) {
            CHECK(x.year() == y);
            CHECK(x.day_of_week().as_number() != 0);
            CHECK(x.day_of_week().as_number() != 6);
        }
        // Easter Monday is the day after Easter Sunday, Good Friday two days before.
        const date easter = spfgov::detail::easter_sunday(y);
        CHECK(easter.day_of_week().as_number() == 0);
        CHECK(cal.is_bank_holiday(easter + boost::gregorian::days(1)));
        CHECK(cal.is_bank_holiday(easter - boost::gregorian::days(2)));
    }
    CHECK(extras_seen == 8); // 1981, 1999, 2002, 2011, 2012, 2022 (2), 2023
    CHECK(spfgov::detail::easter_sunday(2000) == d("2000-04-23"));
    CHECK(spfgov::detail::easter_sunday(2008) == d("2008-03-23"));
    CHECK(spfgov::detail::easter_sunday(2038) == d("2038-04-25"));
    CHECK(spfgov::detail::easter_sunday(2100) == d("2100-03-28"));
}

TEST_CASE("proclamation table") {
    const auto table = holiday_calendar::proclamations();
    const auto& cal = holiday_calendar::england_and_wales();
    auto find = [&](const char* iso) {
        for (const auto& p : table)
            if (p.day == d(iso)) return &p;
        return static_cast<const spfgov::proclamation*>(nullptr);
    };
    for (const auto& p : table) {
        CAPTURE(spfgov::to_iso(p.day));
        CHECK(p.day.year() == p.year);
        CHECK(cal.is_bank_holiday(p.day));
        CHECK(cal.holiday_name(p.day) == p.name);
        CHECK_FALSE(p.description.empty());
        if (p.replaces) CHECK_FALSE(cal.is_bank_holiday(*p.replaces));
    }
    const auto* ve50 = find("1995-05-08");
    REQUIRE(ve50);
    CHECK(ve50->replaces == d("1995-05-01"));
    REQUIRE(find("1999-12-31"));
    CHECK_FALSE(find("1999-12-31")->replaces);
    REQUIRE(find("2002-06-04"));
    CHECK(find("2002-06-04")->replaces == d("2002-05-27"));
    REQUIRE(find("2002-06-03"));
    REQUIRE(find("2011-04-29"));
    REQUIRE(find("2012-06-04"));
    CHECK(find("2012-06-04")->replaces == d("2012-05-28"));
    REQUIRE(find("2012-06-05"));
    REQUIRE(find("2020-05-08"));
    CHECK(find("2020-05-08")->replaces == d("2020-05-04"));
    REQUIRE(find("2022-06-02"));
    CHECK(find("2022-06-02")->replaces == d("2022-05-30"));
    REQUIRE(find("2022-06-03"));
    REQUIRE(find("2022-09-19"));
    REQUIRE(find("2023-05-08"));
    CHECK_FALSE(find("2023-05-08")->replaces);
    CHECK(cal.is_bank_holiday(d("2023-05-01"))); // the coronation day was extra
}

TEST_CASE("working days around Easter and Christmas") {
    const auto& cal = holiday_calendar::england_and_wales();
    CHECK(cal.is_working_day(d("2026-04-02")));
    CHECK_FALSE(cal.is_working_day(d("2026-04-03")));
    CHECK_FALSE(cal.is_working_day(d("2026-04-04"))); // Saturday
    CHECK_FALSE(cal.is_bank_holiday(d("2026-04-04")));

    // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    CHECK(cal.add_working_days(d("2026-04-02"), working_days{1}) == d("2026-04-07"));
    CHECK(cal.add_working_days(d("2026-04-07"), working_days{-1}) == d("2026-04-02"));
    CHECK(cal.add_working_days(d("2026-04-09"), working_days{-5}) == d("2026-03-31"));
    CHECK(cal.add_working_days(d("2026-04-04"), working_days{1}) == d("2026-04-07"));  // from a Saturday
    CHECK(cal.add_working_days(d("2026-04-04"), working_days{-1}) == d("2026-04-02"));
    CHECK(cal.add_working_days(d("2026-04-04"), working_days{0}) == d("2026-04-04"));  // n == 0: from itself

    // Christmas 2026: 25 (Fri) and 28 (Mon); New Year's Day 2027 is a Friday.
    CHECK(cal.add_working_days(d("2026-12-24"), working_days{1}) == d("2026-12-29"));
    CHECK(cal.add_working_days(d("2026-12-24"), working_days{3}) == d("2026-12-31"));
    CHECK(cal.add_working_days(d("2026-12-31"), working_days{1}) == d("2027-01-04"));
    CHECK(cal.add_working_days(d("2027-01-04"), working_days{-2}) == d("2026-12-30"));
    CHECK(cal.add_working_days(d("2027-01-04"), working_days{-5}) == d("2026-12-23"));

    CHECK(cal.next_working_day(d("2026-12-25")) == d("2026-12-29"));
    CHECK(cal.next_working_day(d("2026-12-24")) == d("2026-12-24"));
    CHECK(cal.previous_working_day(d("2026-12-28")) == d("2026-12-24"));

    CHECK(cal.working_days_between(d("2026-12-21"), d("2027-01-04")) == working_days{7});
    CHECK(cal.working_days_between(d("2027-01-04"), d("2026-12-21")) == working_days{-7});
    CHECK(cal.working_days_between(d("2026-12-21"), d("2026-12-21")) == working_days{0});
    CHECK(cal.working_days_between(d("2026-04-02"), d("2026-04-07")) == working_days{1});
    // 2026: 261 weekdays, all 8 bank holidays on weekdays.
    CHECK(cal.working_days_between(d("2026-01-01"), d("2027-01-01")) == working_days{253});
    // The exclusive end of the calendar may be used as an end.
    CHECK(cal.working_days_between(d("2100-12-31"), d("2101-01-01")) == working_days{1});
}

TEST_CASE("working-day arithmetic agrees with counting day by day") {
    const auto& cal = holiday_calendar::england_and_wales();
    const date from = d("2021-12-01");
    for (date x = from; x < d("2023-02-01"); x += boost::gregorian::days(3)) {
        for (int n : {-12, -5, -1, 1, 2, 5, 12}) {
            date y = x;
            for (int k = 0; k < (n < 0 ? -n : n);) {
                y += boost::gregorian::days(n < 0 ? -1 : 1);
                if (cal.is_working_day(y)) ++k;
            }
            CAPTURE(spfgov::to_iso(x));
            CAPTURE(n);
            CHECK(cal.add_working_days(x, working_days{n}) == y);
        }
        int count = 0;
        for (date y = from; y < x; y += boost::gregorian::days(1)) count += cal.is_working_day(y) ? 1 : 0;
        CHECK(cal.working_days_between(from, x) == working_days{count});
        CHECK(cal.working_days_between(x, from) == working_days{-count});
    }
}

TEST_CASE("dates outside 1978..2100 throw date_error") {
    const auto& cal = holiday_calendar::england_and_wales();
    auto expect_out_of_range = [](auto&& f, const std::string& must_name) {
        try {
            f();
            FAIL("no exception");
        } catch (const spfgov::date_error& e) {
            CHECK(e.code() == "calendar.out_of_range");
            const std::string msg = e.what();
            CHECK_MESSAGE(msg.find(must_name) != std::string::npos, msg);
            CHECK_MESSAGE(msg.find("1978") != std::string::npos, msg);
            CHECK_MESSAGE(msg.find("2100") != std::string::npos, msg);
        }
    };
    expect_out_of_range([&] { (void)cal.holidays(1977); }, "1977");
    expect_out_of_range([&] { (void)cal.holidays(2101); }, "2101");
    expect_out_of_range([&] { (void)cal.is_working_day(d("1977-12-31")); }, "1977-12-31");
    expect_out_of_range([&] { (void)cal.is_bank_holiday(d("2101-01-01")); }, "2101-01-01");
    expect_out_of_range([&] { (void)cal.holiday_name(d("1977-06-07")); }, "1977-06-07");
    expect_out_of_range([&] { (void)cal.add_working_days(d("2101-01-04"), working_days{1}); }, "2101-01-04");
    expect_out_of_range([&] { (void)cal.add_working_days(d("1978-01-04"), working_days{-5}); }, "1978-01-04");
    expect_out_of_range([&] { (void)cal.add_working_days(d("2100-12-29"), working_days{5}); }, "2100-12-29");
    expect_out_of_range([&] { (void)cal.working_days_between(d("1977-12-31"), d("1978-02-01")); },
                        "1977-12-31");
    expect_out_of_range([&] { (void)cal.is_working_day(date(boost::date_time::not_a_date_time)); },
                        "not-a-date");
    CHECK_NOTHROW((void)cal.holidays(1978));
    CHECK_NOTHROW((void)cal.holidays(2100));
    CHECK(cal.holidays(1978).front() == d("1978-01-02")); // 1 Jan 1978 was a Sunday
    CHECK(cal.is_bank_holiday(d("1978-05-01")));          // the first early May bank holiday
    CHECK(holiday_calendar::covers(d("1978-01-01")));
    CHECK_FALSE(holiday_calendar::covers(d("1977-12-31")));
}

TEST_CASE("add_closure on a copy") {
    auto cal = holiday_calendar::england_and_wales();
    const auto& builtin = holiday_calendar::england_and_wales();
    cal.add_closure(d("2026-12-24"), "Trust closure");
    CHECK_FALSE(cal.is_working_day(d("2026-12-24")));
    CHECK(cal.is_closure(d("2026-12-24")));
    CHECK_FALSE(cal.is_bank_holiday(d("2026-12-24")));
    CHECK(cal.holiday_name(d("2026-12-24")) == "Trust closure");
    CHECK(cal.add_working_days(d("2026-12-23"), working_days{1}) == d("2026-12-29"));
    CHECK(cal.add_working_days(d("2026-12-29"), working_days{-1}) == d("2026-12-23"));
    CHECK(cal.working_days_between(d("2026-01-01"), d("2027-01-01")) == working_days{252});
    CHECK(cal.working_days_between(d("2027-01-01"), d("2028-01-01")) ==
          builtin.working_days_between(d("2027-01-01"), d("2028-01-01")));
    const auto h = cal.holidays(2026);
    CHECK(h.size() == 9);
    CHECK(std::find(h.begin(), h.end(), d("2026-12-24")) != h.end());
    CHECK(std::is_sorted(h.begin(), h.end()));

    // The built-in calendar is untouched.
    CHECK(builtin.is_working_day(d("2026-12-24")));
    CHECK(builtin.holidays(2026).size() == 8);

    // On a bank holiday: one day, both names.
    cal.add_closure(d("2026-12-25"), "Site closed");
    CHECK(cal.is_bank_holiday(d("2026-12-25")));
    CHECK(cal.is_closure(d("2026-12-25")));
    CHECK(cal.holiday_name(d("2026-12-25")) == "Christmas Day; Site closed");
    CHECK(cal.holidays(2026).size() == 9);

    // A weekend closure changes no working-day count; an empty name gets a default.
    cal.add_closure(d("2026-12-26"), "");
    CHECK(cal.holiday_name(d("2026-12-26")) == "Closure");
    CHECK(cal.working_days_between(d("2026-01-01"), d("2027-01-01")) == working_days{252});

    CHECK_THROWS_AS(cal.add_closure(d("2101-01-01"), "x"), spfgov::date_error);

    auto copy = cal; // copies are independent
    copy.add_closure(d("2026-12-30"), "Copy only");
    CHECK(cal.is_working_day(d("2026-12-30")));
    CHECK_FALSE(copy.is_working_day(d("2026-12-30")));
}

TEST_CASE("england_and_wales is one thread-safe instance") {
    std::vector<const holiday_calendar*> seen(8, nullptr);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i)
        threads.emplace_back([&seen, i] { seen[i] = &holiday_calendar::england_and_wales(); });
    for (auto& t : threads) t.join();
    for (const auto* p : seen) CHECK(p == &holiday_calendar::england_and_wales());
}

} // namespace test_calendar_cpp
