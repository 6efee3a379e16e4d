// Private to src/: what a date field expects, said of the value refused.
#pragma once

#include <array>
#include <cstddef>
#include <string>
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

/// For a date written another common way, the same day as YYYY-MM-DD in a
/// hint: `31/03/2027` and `31.03.2027` (day first, as England writes them),
/// `2027/03/31`: ` (did you mean "2027-03-31"? dates are year-month-day)`;
/// "" otherwise, and for a day that does not exist.
[[nodiscard]] inline std::string iso_date_hint(std::string_view text) {
    // The text's runs of digits, split at '/', '.', '-' or ' ': three of them.
    std::array<std::string_view, 3> parts{};
    std::size_t count = 0, from = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const bool end = i == text.size();
        if (!end && text[i] >= '0' && text[i] <= '9') continue;
        if (!end && text[i] != '/' && text[i] != '.' && text[i] != '-' && text[i] != ' ') return {};
        if (i == from || count == parts.size()) return {};
        parts[count++] = text.substr(from, i - from);
        from = i + 1;
    }
    if (count != 3) return {};
    std::string_view year, month, day;
    if (parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2) year = parts[0], month = parts[1], day = parts[2];
    else if (parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) day = parts[0], month = parts[1], year = parts[2];
    else return {};
    std::string iso(year);
    iso += month.size() == 1 ? "-0" : "-";
    iso += month;
    iso += day.size() == 1 ? "-0" : "-";
    iso += day;
    int y = 0, m = 0, d = 0;
    // (Years before 1400 no reader takes: no hint to a date that would be refused too.)
    if (iso == text || !iso_date_fields(iso, y, m, d) || y < 1400 || m < 1 || m > 12 || d < 1) return {};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > days_in[m - 1] + (m == 2 && leap ? 1 : 0)) return {};  // no such day: no hint
    return " (did you mean \"" + iso + "\"? dates are year-month-day)";
}

} // namespace spfgov::detail
