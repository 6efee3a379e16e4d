// Meeting rules: an RFC 5545 RRULE subset (domain.md R12), their expansion,
// and the next meeting whose papers deadline is still to come.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/date.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

enum class frequency : std::uint8_t { weekly, monthly, yearly };

/// RFC 5545 weekday, Monday first (the default WKST).
enum class weekday : std::uint8_t { mo, tu, we, th, fr, sa, su };

/// A BYDAY item: `2TU` is {2, tu}, `-1FR` is {-1, fr}, plain `MO` is {0, mo}.
struct SPFGOV_API weekday_num {
    int ordinal = 0; ///< 0 = every such weekday in the period
    weekday day = weekday::mo;
    friend bool operator==(const weekday_num&, const weekday_num&) = default;
};

/// A parsed rule. The BY lists are sorted and free of duplicates, so two
/// rules with the same meaning compare equal.
struct SPFGOV_API meeting_rule {
    frequency freq = frequency::monthly;
    int interval = 1;
    std::vector<weekday_num> by_day{};
    std::vector<int> by_month{};   ///< 1..12
    std::vector<int> by_month_day{}; ///< -31..-1, 1..31
    std::optional<int> count{};    ///< >= 1
    std::optional<date> until{};   ///< inclusive
    friend bool operator==(const meeting_rule&, const meeting_rule&) = default;
};

/// Parses `FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU` and the like (an optional
/// `RRULE:` prefix and one trailing `;` are accepted; names and values are
/// case-insensitive). Throws `rrule_error` whose message names the part, its
/// byte offset and what was expected, and whose column() is the part's (in
/// characters, 1-based; absent for rrule.empty and rrule.missing_freq,
/// which name no part). Codes: rrule.empty, rrule.syntax,
/// rrule.missing_freq, rrule.bad_freq, rrule.unsupported_freq,
/// rrule.unknown_part, rrule.unsupported_part, rrule.duplicate_part,
/// rrule.bad_number, rrule.bad_interval, rrule.bad_count, rrule.bad_weekday,
/// rrule.bad_ordinal, rrule.bad_month, rrule.bad_monthday, rrule.bad_until,
/// rrule.count_and_until, rrule.bad_combination.
[[nodiscard]] SPFGOV_API meeting_rule parse_rrule(std::string_view text);

/// Canonical text: FREQ, INTERVAL (when not 1), BYMONTH, BYMONTHDAY, BYDAY,
/// COUNT, UNTIL (YYYYMMDD). `parse_rrule(to_string(r)) == r`.
[[nodiscard]] SPFGOV_API std::string to_string(const meeting_rule& rule);

/// No occurrence is generated after this day (the calendar's last day), so
/// expansion of any rule is bounded.
[[nodiscard]] SPFGOV_API date rrule_horizon() noexcept;

/// Walks a rule's occurrences in order, without allocating per occurrence.
/// As RFC 5545 says, `start` (DTSTART) is always the first occurrence and
/// counts towards COUNT, even when it does not match the rule.
class SPFGOV_API occurrence_generator {
public:
    /// Throws `date_error` ("rrule.bad_start") when `start` is not a real date.
    occurrence_generator(meeting_rule rule, date start);
    /// The same, borrowing `rule` (no copy of its lists): it must outlive
    /// the generator. `std::cref` of a temporary does not compile.
    occurrence_generator(std::reference_wrapper<const meeting_rule> rule, date start);
    /// `std::ref(rule)` borrows too (without this it would be ambiguous).
    occurrence_generator(std::reference_wrapper<meeting_rule> rule, date start)
        : occurrence_generator(std::cref(rule.get()), start) {}
    /// The next occurrence, or nullopt when COUNT, UNTIL or the horizon ends it.
    [[nodiscard]] std::optional<date> next();
    /// Jumps to the period holding `d`, so that next() gives the first
    /// occurrence on or after `d` (without the start when it is before `d`).
    /// Only for a rule without COUNT (what came before would count); a
    /// no-op when `d` is not after the start.
    void skip_to(date d);
    /// Steps taken so far: periods opened, months and days skipped or
    /// examined. Within a period only days that can match BYMONTH and
    /// BYMONTHDAY (or the start's day) are examined.
    [[nodiscard]] std::uint64_t steps() const noexcept { return steps_; }

private:
    bool open_period();
    [[nodiscard]] bool matches(date d) const;
    [[nodiscard]] date next_candidate(date d);

    [[nodiscard]] const meeting_rule& rule() const noexcept { return borrowed_rule_ ? *borrowed_rule_ : owned_rule_; }

    // Owned, or borrowed when borrowed_rule_ is set (copies then borrow too).
    meeting_rule owned_rule_;
    const meeting_rule* borrowed_rule_ = nullptr;
    date start_;
    // The start's year, month and day: a boost date converts its day number
    // to them on each ask (a tenth of R12's instructions went to it).
    unsigned short start_year_ = 0, start_month_ = 0, start_day_ = 0;
    date cursor_;     // next day to examine
    date period_end_; // last day of the current period
    std::int64_t period_ = 0;
    int emitted_ = 0;
    bool started_ = false;
    bool done_ = false;
    std::uint64_t steps_ = 0;
};

/// The first `max` occurrences (fewer when the rule ends).
[[nodiscard]] SPFGOV_API std::vector<date> occurrences(const meeting_rule& rule, date start,
                                            std::size_t max);

struct SPFGOV_API meeting_schedule {
    meeting_rule rule{};
    date start{};
    working_days papers_days{5};
};

struct SPFGOV_API next_meeting_result {
    date meeting{};  ///< the day it is held (moved off non-working days)
    date papers_due{}; ///< the `papers_days`th working day before `meeting`
    bool moved{};    ///< `meeting != scheduled`
    date scheduled{}; ///< the rule's date
    friend bool operator==(const next_meeting_result&, const next_meeting_result&) = default;
};

/// R12: the first meeting whose papers deadline is on or after `on_or_after`.
/// A meeting on a weekend, bank holiday or closure moves to the next working
/// day. nullopt when the rule's COUNT/UNTIL (or the horizon) is exhausted.
/// Throws `date_error` when `on_or_after` is outside the calendar and
/// `rrule_error` ("rrule.bad_papers_days") when `papers_days` is negative.
/// A rule without COUNT is not walked from its start: the search jumps to
/// the period holding the first day that could give a meeting, so its cost
/// is bounded by the periods from there to the horizon (docs/limits.md);
/// `steps`, when given, receives the generator's steps (for tests).
[[nodiscard]] SPFGOV_API std::optional<next_meeting_result> next_meeting(
    const meeting_schedule& schedule, date on_or_after,
    const holiday_calendar& calendar = holiday_calendar::england_and_wales(), std::uint64_t* steps = nullptr);

} // namespace spfgov
