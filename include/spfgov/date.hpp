// Dates: Boost.Date_Time's Gregorian date, with ISO helpers, validity periods,
// and counts of calendar days and of working days, which are different types.
#pragma once

#include "spfgov/export_macro.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace spfgov {

using date = boost::gregorian::date;

/// Parses a strict ISO `YYYY-MM-DD` date that exists (no 2027-02-30).
/// Returns nullopt for anything else; never throws.
[[nodiscard]] SPFGOV_API std::optional<date> parse_iso_date(std::string_view text) noexcept;

/// The date `year`-`month`-`day`. Throws date_error `bad_date` naming it when
/// no such day exists (2027-02-29, month 13): `date(2026, 13, 1)`, Boost's
/// own constructor, throws Boost's bad_month, which is not an spfgov::error.
[[nodiscard]] SPFGOV_API date checked_date(int year, int month, int day);

namespace detail {
struct calendar_day_tag;
struct working_day_tag;
} // namespace detail

/// A count of days of one kind. Calendar days and working days are different
/// types (`calendar_days`, `working_days`), so a count of one cannot be given
/// where the other is meant: a statutory period (calendar days, TULRCA s.188)
/// is not a papers deadline (working days, R12). The constructor is explicit:
/// a bare number says neither. Only calendar days add to a date; working days
/// need a calendar (`holiday_calendar::add_working_days`).
template <class Kind>
class day_count {
public:
    constexpr day_count() noexcept = default;
    constexpr explicit day_count(int n) noexcept : n_(n) {}
    [[nodiscard]] constexpr int count() const noexcept { return n_; }
    [[nodiscard]] constexpr day_count operator-() const noexcept { return day_count{-n_}; }
    friend constexpr bool operator==(const day_count&, const day_count&) noexcept = default;
    friend constexpr auto operator<=>(const day_count&, const day_count&) noexcept = default;

private:
    int n_ = 0;
};

/// Every day counts (TULRCA s.188's consultation periods).
using calendar_days = day_count<detail::calendar_day_tag>;
/// Only working days count: Monday to Friday, not a bank holiday or closure
/// (domain.md, R12's papers deadline). Add them with a holiday_calendar.
using working_days = day_count<detail::working_day_tag>;

[[nodiscard]] inline date operator+(date d, calendar_days n) { return d + boost::gregorian::days(n.count()); }
[[nodiscard]] inline date operator-(date d, calendar_days n) { return d - boost::gregorian::days(n.count()); }

/// Formats as `YYYY-MM-DD`; an open end of a period as `-infinity` or
/// `+infinity`, and a date never set (`date()`, not_a_date_time) as
/// `not-a-date`, so that no message shows an unset date as an open end.
[[nodiscard]] SPFGOV_API std::string to_iso(date d);

/// A half-open validity period `[from, to)`; either end may be open
/// (represented by Boost's neg_infin / pos_infin special values).
struct SPFGOV_API validity {
    date from{boost::date_time::neg_infin};
    date to{boost::date_time::pos_infin};

    [[nodiscard]] static validity always() noexcept { return {}; }
    [[nodiscard]] bool contains(date d) const noexcept { return from <= d && d < to; }
    [[nodiscard]] bool open_start() const noexcept { return from.is_neg_infinity(); }
    [[nodiscard]] bool open_end() const noexcept { return to.is_pos_infinity(); }
    /// `valid_to` before (or equal to) `valid_from`: the period holds no day.
    [[nodiscard]] bool empty() const noexcept { return !(from < to); }
    /// True when every day of `inner` lies inside this period.
    [[nodiscard]] bool covers(const validity& inner) const noexcept {
        return from <= inner.from && inner.to <= to;
    }
    [[nodiscard]] validity intersect(const validity& other) const noexcept {
        return {from < other.from ? other.from : from, to < other.to ? to : other.to};
    }
    friend bool operator==(const validity& a, const validity& b) noexcept {
        return a.from == b.from && a.to == b.to;
    }
};

/// A period for messages: `[2026-04-01, open)`, open ends written "open".
[[nodiscard]] SPFGOV_API std::string to_text(const validity& v);

} // namespace spfgov
