// England and Wales bank holidays and working-day arithmetic (domain.md R10, R12).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// A one-off change to the bank holidays made by royal proclamation: an extra
/// day, or a rule-based holiday moved to another date (`replaces` set).
struct SPFGOV_API proclamation {
    int year{};
    date day{};                   ///< the day added, or the new date of a moved holiday
    std::optional<date> replaces{}; ///< the rule-based holiday it replaced, if moved
    std::string_view name{};      ///< the name `holiday_calendar::holiday_name` gives `day`
    std::string_view description{};
};

/// Bank holidays of England and Wales, computed from the statutory rules plus
/// the proclamation table, for every day from 1978-01-01 to 2100-12-31 (1978 is
/// the first year of the early May bank holiday). A query outside that range
/// throws `date_error` ("calendar.out_of_range").
///
/// Copy `england_and_wales()` and call `add_closure` for an organisation's own
/// closure days. Working-day queries are O(1) (O(log n) for `add_working_days`)
/// and never allocate: the calendar holds a flag per day and a running count of
/// working days.
class SPFGOV_API holiday_calendar {
public:
    /// The built-in calendar, built once (thread-safe).
    [[nodiscard]] static const holiday_calendar& england_and_wales();

    /// The one-off changes by proclamation applied to the rules, by date.
    [[nodiscard]] static std::span<const proclamation> proclamations();

    [[nodiscard]] static date first_day() noexcept; ///< 1978-01-01
    [[nodiscard]] static date last_day() noexcept;  ///< 2100-12-31
    [[nodiscard]] static constexpr int first_year() noexcept { return 1978; }
    [[nodiscard]] static constexpr int last_year() noexcept { return 2100; }
    /// True when `d` is a real date in [first_day(), last_day()].
    [[nodiscard]] static bool covers(date d) noexcept;

    /// An England and Wales bank holiday (user closures are not).
    [[nodiscard]] bool is_bank_holiday(date d) const;
    /// A day added with `add_closure`.
    [[nodiscard]] bool is_closure(date d) const;
    /// Monday to Friday, and neither a bank holiday nor a closure.
    [[nodiscard]] bool is_working_day(date d) const;

    /// `d` if it is a working day, else the first working day after it.
    [[nodiscard]] date next_working_day(date d) const;
    /// `d` if it is a working day, else the last working day before it.
    [[nodiscard]] date previous_working_day(date d) const;

    /// The `n`th working day after (`n > 0`) or before (`n < 0`) `from`, not
    /// counting `from` itself; `from` when `n == 0`. Throws `date_error` when
    /// `from` or the answer lies outside the calendar.
    [[nodiscard]] date add_working_days(date from, working_days n) const;

    /// Working days in [a, b); negative when b < a. Either end may also be
    /// 2101-01-01, the exclusive end of the calendar.
    [[nodiscard]] working_days working_days_between(date a, date b) const;

    /// Bank holidays and closures of `year`, sorted.
    [[nodiscard]] std::vector<date> holidays(int year) const;

    /// The holiday's name ("Easter Monday", "Christmas Day (substitute day)",
    /// a closure's name...), or empty. Valid until this calendar next changes
    /// (or ends).
    [[nodiscard]] std::string_view holiday_name(date d) const&;
    /// The name would be in a temporary calendar: it would dangle.
    void holiday_name(date d) const&& = delete;

    /// Marks `d` as a non-working closure day named `name`. On a day that is
    /// already a holiday or closure, the names are joined with "; ".
    void add_closure(date d, std::string name);

private:
    holiday_calendar() = default;
    static holiday_calendar build_england_and_wales();
    void add_named(date d, std::string name, std::uint8_t flag);
    void rebuild_counts(std::size_t from_index);
    [[nodiscard]] std::size_t index_of(date d) const; // throws when out of range
    [[nodiscard]] std::size_t end_index_of(date d) const; // also allows last_day()+1

    struct named_day {
        date day;
        std::string name;
    };
    std::vector<std::uint8_t> flags_;    // per day: bit set = why the day is not worked
    std::vector<std::int32_t> working_;  // working_[i] = working days in days [0, i)
    std::vector<named_day> named_;       // sorted by day
};

namespace detail {
/// Easter Sunday in the Gregorian calendar.
[[nodiscard]] SPFGOV_API date easter_sunday(int year);
} // namespace detail

} // namespace spfgov
