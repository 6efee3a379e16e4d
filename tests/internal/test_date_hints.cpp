// Unit tests of the date hints every date reader adds (src/detail_dates.hpp):
// a day written another common way is named as YYYY-MM-DD, day first as
// England writes it; nothing is suggested that is not the same day.
#include "../../src/detail_dates.hpp"

#include <doctest/doctest.h>

#include <string>

namespace test_date_hints {

using spfgov::detail::iso_date_hint;

TEST_CASE("a day written day-first or with slashes is named as year-month-day") {
    CHECK(iso_date_hint("31/03/2027") == " (did you mean \"2027-03-31\"? dates are year-month-day)");
    CHECK(iso_date_hint("1/4/2027") == " (did you mean \"2027-04-01\"? dates are year-month-day)");
    CHECK(iso_date_hint("01.04.2027") == " (did you mean \"2027-04-01\"? dates are year-month-day)");
    CHECK(iso_date_hint("31-03-2027") == " (did you mean \"2027-03-31\"? dates are year-month-day)");
    CHECK(iso_date_hint("2027/03/31") == " (did you mean \"2027-03-31\"? dates are year-month-day)");
    CHECK(iso_date_hint("2027-3-1") == " (did you mean \"2027-03-01\"? dates are year-month-day)");
    CHECK(iso_date_hint("29/02/2028") == " (did you mean \"2028-02-29\"? dates are year-month-day)");  // a leap day
}

TEST_CASE("no hint for a day that does not exist, another form, or a date already as written") {
    for (const char* text : {"31/02/2027", "29/02/2027", "03/31/2027" /* month first: no 31st month */, "2027-03-31",
                             "2027-02-30", "soon", "", "31/03/27", "2027/03", "1/2/3/2027", "31//03/2027", "2027-03-31T00:00",
                             "Q1 2027", "12345/1/1", "31/03/1300" /* before 1400: no reader takes it */}) {
        CAPTURE(text);
        CHECK(iso_date_hint(text).empty());
    }
}

} // namespace test_date_hints
