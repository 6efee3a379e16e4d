#include "spfgov/calendar.hpp"

#include "spfgov/error.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace spfgov {
namespace {
date make_date(int y, int m, int d) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}
} // namespace

namespace detail {

/// Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" algorithm.
date easter_sunday(int year) {
    const int a = year % 19, b = year / 100, c = year % 100;
    const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return make_date(year, month, day);
}

namespace {

constexpr std::uint8_t weekend_flag = 1;
constexpr std::uint8_t bank_holiday_flag = 2;
constexpr std::uint8_t closure_flag = 4;

// 0 = Monday .. 6 = Sunday.
int monday_based(date d) { return (d.day_of_week().as_number() + 6) % 7; }

date first_monday(int year, int month) {
    const date first = make_date(year, month, 1);
    return first + boost::gregorian::days((7 - monday_based(first)) % 7);
}

date last_monday(int year, int month) {
    const date last = make_date(year, month, 1).end_of_month();
    return last - boost::gregorian::days(monday_based(last));
}

struct rule_day {
    date day;
    std::string_view name;
};

// The statutory rules (Banking and Financial Dealings Act 1971 and the annual
// proclamations that make them routine), before one-off changes.
std::vector<rule_day> rule_holidays(int year) {
    std::vector<rule_day> out;
    const date new_year = make_date(year, 1, 1);
    const int ny = monday_based(new_year);
    if (ny == 5)
        out.push_back({make_date(year, 1, 3), "New Year's Day (substitute day)"});
    else if (ny == 6)
        out.push_back({make_date(year, 1, 2), "New Year's Day (substitute day)"});
    else
        out.push_back({new_year, "New Year's Day"});

    const date easter = easter_sunday(year);
    out.push_back({easter - boost::gregorian::days(2), "Good Friday"});
    out.push_back({easter + boost::gregorian::days(1), "Easter Monday"});
    out.push_back({first_monday(year, 5), "Early May bank holiday"});
    out.push_back({last_monday(year, 5), "Spring bank holiday"});
    out.push_back({last_monday(year, 8), "Summer bank holiday"});

    const date christmas = make_date(year, 12, 25);
    switch (monday_based(christmas)) {
    case 4: // Fri: Boxing Day is Saturday
        out.push_back({christmas, "Christmas Day"});
        out.push_back({make_date(year, 12, 28), "Boxing Day (substitute day)"});
        break;
    case 5: // Sat and Sun
        out.push_back({make_date(year, 12, 27), "Christmas Day (substitute day)"});
        out.push_back({make_date(year, 12, 28), "Boxing Day (substitute day)"});
        break;
    case 6: // Sun: Boxing Day keeps Monday, Christmas moves to Tuesday
        out.push_back({make_date(year, 12, 26), "Boxing Day"});
        out.push_back({make_date(year, 12, 27), "Christmas Day (substitute day)"});
        break;
    default:
        out.push_back({christmas, "Christmas Day"});
        out.push_back({make_date(year, 12, 26), "Boxing Day"});
        break;
    }
    return out;
}

[[noreturn]] void throw_out_of_range(date d) {
    throw date_error("calendar.out_of_range",
                     "date " + (d.is_not_a_date() ? std::string("not-a-date") : to_iso(d)) +
                         " is outside the bank holiday calendar's range " +
                         to_iso(holiday_calendar::first_day()) + ".." +
                         to_iso(holiday_calendar::last_day()));
}

} // namespace
} // namespace detail

std::span<const proclamation> holiday_calendar::proclamations() {
    // Written from the published lists of England and Wales bank holidays;
    // not machine-checked against a gov.uk file (none is available offline).
    // tests/test_calendar.cpp pins the resulting lists for the years it names.
    static const proclamation table[] = {
        {1981, make_date(1981, 7, 29), std::nullopt, "Royal wedding",
         "Wedding of Prince Charles and Lady Diana Spencer (extra day)"},
        {1995, make_date(1995, 5, 8), make_date(1995, 5, 1), "Early May bank holiday (VE day)",
         "Early May bank holiday moved from 1 May to 8 May for the 50th anniversary of VE day"},
        {1999, make_date(1999, 12, 31), std::nullopt, "Millennium celebrations",
         "Extra day for the millennium"},
        {2002, make_date(2002, 6, 3), std::nullopt, "Golden Jubilee bank holiday",
         "Extra day for Queen Elizabeth II's Golden Jubilee"},
        {2002, make_date(2002, 6, 4), make_date(2002, 5, 27), "Spring bank holiday",
         "Spring bank holiday moved from 27 May to 4 June for the Golden Jubilee"},
        {2011, make_date(2011, 4, 29), std::nullopt, "Royal wedding",
         "Wedding of Prince William and Catherine Middleton (extra day)"},
        {2012, make_date(2012, 6, 4), make_date(2012, 5, 28), "Spring bank holiday",
         "Spring bank holiday moved from 28 May to 4 June for the Diamond Jubilee"},
        {2012, make_date(2012, 6, 5), std::nullopt, "Queen's Diamond Jubilee",
         "Extra day for Queen Elizabeth II's Diamond Jubilee"},
        {2020, make_date(2020, 5, 8), make_date(2020, 5, 4), "Early May bank holiday (VE day)",
         "Early May bank holiday moved from 4 May to 8 May for the 75th anniversary of VE day"},
        {2022, make_date(2022, 6, 2), make_date(2022, 5, 30), "Spring bank holiday",
         "Spring bank holiday moved from 30 May to 2 June for the Platinum Jubilee"},
        {2022, make_date(2022, 6, 3), std::nullopt, "Platinum Jubilee bank holiday",
         "Extra day for Queen Elizabeth II's Platinum Jubilee"},
        {2022, make_date(2022, 9, 19), std::nullopt,
         "Bank Holiday for the State Funeral of Queen Elizabeth II",
         "Extra day for the state funeral of Queen Elizabeth II"},
        {2023, make_date(2023, 5, 8), std::nullopt,
         "Bank holiday for the coronation of King Charles III",
         "Extra day for the coronation of King Charles III"},
    };
    return table;
}

date holiday_calendar::first_day() noexcept { return date(1978, 1, 1); }
date holiday_calendar::last_day() noexcept { return date(2100, 12, 31); }

bool holiday_calendar::covers(date d) noexcept {
    return !d.is_special() && first_day() <= d && d <= last_day();
}

const holiday_calendar& holiday_calendar::england_and_wales() {
    static const holiday_calendar instance = build_england_and_wales();
    return instance;
}

holiday_calendar holiday_calendar::build_england_and_wales() {
    holiday_calendar cal;
    const auto days = static_cast<std::size_t>((last_day() - first_day()).days() + 1);
    cal.flags_.assign(days, 0);
    cal.working_.assign(days + 1, 0);
    for (std::size_t i = 0; i < days; ++i) {
        const date d = first_day() + boost::gregorian::days(static_cast<long>(i));
        if (detail::monday_based(d) >= 5) cal.flags_[i] = detail::weekend_flag;
    }
    const auto table = proclamations();
    for (int year = first_year(); year <= last_year(); ++year) {
        auto rules = detail::rule_holidays(year);
        std::vector<detail::rule_day> extra;
        for (const auto& p : table) {
            if (p.year != year) continue;
            if (p.replaces) {
                const auto it = std::find_if(rules.begin(), rules.end(),
                                             [&](const auto& r) { return r.day == *p.replaces; });
                // The table is ours: a replaced day must be a rule-based holiday.
                if (it == rules.end())
                    throw std::logic_error("proclamation replaces a day that is not a holiday: " +
                                           to_iso(*p.replaces));
                rules.erase(it);
            }
            extra.push_back({p.day, p.name});
        }
        rules.insert(rules.end(), extra.begin(), extra.end());
        for (const auto& r : rules) cal.add_named(r.day, std::string(r.name), detail::bank_holiday_flag);
    }
    cal.rebuild_counts(0);
    return cal;
}

std::size_t holiday_calendar::index_of(date d) const {
    if (!covers(d)) detail::throw_out_of_range(d);
    return static_cast<std::size_t>((d - first_day()).days());
}

std::size_t holiday_calendar::end_index_of(date d) const {
    if (!d.is_special() && d == last_day() + boost::gregorian::days(1)) return flags_.size();
    return index_of(d);
}

void holiday_calendar::add_named(date d, std::string name, std::uint8_t flag) {
    const std::size_t i = index_of(d);
    flags_[i] = static_cast<std::uint8_t>(flags_[i] | flag);
    const auto it = std::lower_bound(named_.begin(), named_.end(), d,
                                     [](const named_day& n, date x) { return n.day < x; });
    if (it != named_.end() && it->day == d) {
        it->name += "; ";
        it->name += name;
    } else {
        named_.insert(it, named_day{d, std::move(name)});
    }
}

void holiday_calendar::rebuild_counts(std::size_t from_index) {
    for (std::size_t i = from_index; i < flags_.size(); ++i)
        working_[i + 1] = working_[i] + (flags_[i] == 0 ? 1 : 0);
}

bool holiday_calendar::is_bank_holiday(date d) const {
    return (flags_[index_of(d)] & detail::bank_holiday_flag) != 0;
}

bool holiday_calendar::is_closure(date d) const {
    return (flags_[index_of(d)] & detail::closure_flag) != 0;
}

bool holiday_calendar::is_working_day(date d) const { return flags_[index_of(d)] == 0; }

namespace {
// The day holding the m-th working day of the calendar (1-based), if any.
std::optional<std::size_t> day_of_ordinal(const std::vector<std::int32_t>& working,
                                          std::int64_t m) {
    if (m < 1 || m > working.back()) return std::nullopt;
    const auto it = std::lower_bound(working.begin(), working.end(), m);
    return static_cast<std::size_t>(it - working.begin()) - 1;
}

std::string ordinal_text(int n) {
    const int a = n < 0 ? -n : n;
    const char* suffix = "th";
    if (a % 100 < 11 || a % 100 > 13) {
        if (a % 10 == 1) suffix = "st";
        else if (a % 10 == 2) suffix = "nd";
        else if (a % 10 == 3) suffix = "rd";
    }
    return std::to_string(a) + suffix;
}
} // namespace

date holiday_calendar::next_working_day(date d) const {
    const std::size_t i = index_of(d);
    const auto j = day_of_ordinal(working_, std::int64_t{working_[i]} + 1);
    if (!j)
        throw date_error("calendar.out_of_range",
                         "no working day on or after " + to_iso(d) + " up to " +
                             to_iso(last_day()) + ", the end of the bank holiday calendar");
    return first_day() + boost::gregorian::days(static_cast<long>(*j));
}

date holiday_calendar::previous_working_day(date d) const {
    const std::size_t i = index_of(d);
    const auto j = day_of_ordinal(working_, working_[i + 1]);
    if (!j)
        throw date_error("calendar.out_of_range",
                         "no working day on or before " + to_iso(d) + " from " +
                             to_iso(first_day()) + ", the start of the bank holiday calendar");
    return first_day() + boost::gregorian::days(static_cast<long>(*j));
}

date holiday_calendar::add_working_days(date from, working_days count) const {
    const std::size_t i = index_of(from);
    const int n = count.count();
    if (n == 0) return from;
    // The 1-based ordinal, over the whole calendar, of the working day wanted.
    const std::int64_t m = n > 0 ? std::int64_t{working_[i + 1]} + n
                                 : std::int64_t{working_[i]} + n + 1;
    const auto j = day_of_ordinal(working_, m);
    if (!j)
        throw date_error("calendar.out_of_range",
                         "the " + ordinal_text(n) + " working day " + (n > 0 ? "after " : "before ") +
                             to_iso(from) + " lies outside the bank holiday calendar's range " +
                             to_iso(first_day()) + ".." + to_iso(last_day()));
    return first_day() + boost::gregorian::days(static_cast<long>(*j));
}

working_days holiday_calendar::working_days_between(date a, date b) const {
    const std::size_t ia = end_index_of(a);
    const std::size_t ib = end_index_of(b);
    return working_days{working_[ib] - working_[ia]};
}

std::vector<date> holiday_calendar::holidays(int year) const {
    if (year < first_year() || year > last_year())
        throw date_error("calendar.out_of_range",
                         "year " + std::to_string(year) +
                             " is outside the bank holiday calendar's range " +
                             std::to_string(first_year()) + ".." + std::to_string(last_year()));
    const date lo = make_date(year, 1, 1);
    const date hi = make_date(year, 12, 31);
    std::vector<date> out;
    auto it = std::lower_bound(named_.begin(), named_.end(), lo,
                               [](const named_day& n, date x) { return n.day < x; });
    for (; it != named_.end() && it->day <= hi; ++it) out.push_back(it->day);
    return out;
}

std::string_view holiday_calendar::holiday_name(date d) const& {
    if ((flags_[index_of(d)] & (detail::bank_holiday_flag | detail::closure_flag)) == 0) return {};
    const auto it = std::lower_bound(named_.begin(), named_.end(), d,
                                     [](const named_day& n, date x) { return n.day < x; });
    return it != named_.end() && it->day == d ? std::string_view(it->name) : std::string_view();
}

void holiday_calendar::add_closure(date d, std::string name) {
    if (name.empty()) name = "Closure";
    add_named(d, std::move(name), detail::closure_flag);
    rebuild_counts(index_of(d));
}

} // namespace spfgov
