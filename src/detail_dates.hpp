// Private to src/: what a date field expects, said of the value refused.
#pragma once

#include <cstddef>
#include <string_view>

namespace spfgov::detail {

/// The year, month and day of `text` in the form YYYY-MM-DD (ten
/// characters, digits where digits go), whether or not such a day exists;
/// false for any other form.
constexpr bool iso_date_fields(std::string_view text, int& y, int& m, int& d) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    const auto digits = [&](std::size_t at, std::size_t n, int& out) {
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    return digits(0, 4, y) && digits(5, 2, m) && digits(8, 2, d);
}

/// What a reader that refused `text` as a date (parse_iso_date) says it
/// expected, after "a YYYY-MM-DD date": "that exists", or, for a day that
/// does exist but before 1400 (Boost's dates begin there: "0001-01-01"),
/// "from 1400-01-01 to 9999-12-31", since "that exists" would be untrue.
[[nodiscard]] constexpr std::string_view iso_date_expected(std::string_view text) noexcept {
    int y = 0, m = 0, d = 0;
    if (!iso_date_fields(text, y, m, d) || y >= 1400 || m < 1 || m > 12 || d < 1) return "that exists";
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;  // proleptic Gregorian, as ISO 8601
    constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int last = days_in[m - 1] + (m == 2 && leap ? 1 : 0);
    return d <= last ? "from 1400-01-01 to 9999-12-31" : "that exists";
}
static_assert(iso_date_expected("0001-01-01") == "from 1400-01-01 to 9999-12-31");
static_assert(iso_date_expected("1399-02-29") == "that exists");  // not a leap year
static_assert(iso_date_expected("1200-02-29") == "from 1400-01-01 to 9999-12-31");
static_assert(iso_date_expected("2027-02-30") == "that exists");
static_assert(iso_date_expected("soon") == "that exists");

} // namespace spfgov::detail
