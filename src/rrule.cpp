#include "spfgov/rrule.hpp"

#include "spfgov/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <utility>

namespace spfgov {
namespace {

constexpr std::array<std::string_view, 7> weekday_codes{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

// Monday = 0. From the day number (a Julian Day Number, whose day 0 was a
// Monday): date::day_of_week() converts to year, month and day first, and
// next_meeting asks this of every day it passes.
int monday_based(date d) { return static_cast<int>(d.day_number() % 7); }

/// Days from a day of weekday `from` (Monday = 0) to the first of a weekday
/// that `by_day` names, 0-6.
int days_to_weekday_in(const std::vector<weekday_num>& by_day, int from) {
    int best = 7;
    for (const auto& w : by_day) best = std::min(best, (static_cast<int>(w.day) - from + 7) % 7);
    return best;
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = upper(c);
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// The parts we know; the first seven are supported.
enum class part_kind : std::uint8_t {
    freq, interval, by_day, by_month, by_month_day, count, until, unsupported, unknown
};

part_kind classify(std::string_view upper_name) {
    if (upper_name == "FREQ") return part_kind::freq;
    if (upper_name == "INTERVAL") return part_kind::interval;
    if (upper_name == "BYDAY") return part_kind::by_day;
    if (upper_name == "BYMONTH") return part_kind::by_month;
    if (upper_name == "BYMONTHDAY") return part_kind::by_month_day;
    if (upper_name == "COUNT") return part_kind::count;
    if (upper_name == "UNTIL") return part_kind::until;
    static constexpr std::array<std::string_view, 7> rfc_only{
        "BYSECOND", "BYMINUTE", "BYHOUR", "BYYEARDAY", "BYWEEKNO", "BYSETPOS", "WKST"};
    if (std::find(rfc_only.begin(), rfc_only.end(), upper_name) != rfc_only.end())
        return part_kind::unsupported;
    return part_kind::unknown;
}

struct part {
    std::string_view text;  // NAME=VALUE as written
    std::string_view value;
    std::size_t offset = 0; // of `text` in the rule
};

class rule_parser {
public:
    explicit rule_parser(std::string_view text) : text_(text) {}

    meeting_rule parse();

private:
    [[noreturn]] void fail(std::string code, const part& p, std::string_view problem,
                           std::string_view expected) const {
        std::string msg;
        msg += p.text;
        msg += " at offset " + std::to_string(p.offset) + " in \"" + std::string(text_) + "\": ";
        msg += problem;
        msg += "; expected ";
        msg += expected;
        // The part's place as data too: its column in the rule's text (1-based,
        // in characters, as error_location counts them; the message gives
        // the byte offset).
        error_location where;
        where.column = 1 + static_cast<std::size_t>(std::count_if(
                               text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(std::min(p.offset, text_.size())),
                               [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
        throw rrule_error(std::move(code), msg, std::move(where));
    }

    // A whole number of [min, max]; a sign only when `signed_ok`.
    int number(const part& p, std::string_view item, bool signed_ok, int min, int max,
               const char* range_code, std::string_view expected) const {
        std::string_view digits = item;
        bool negative = false;
        if (signed_ok && !digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
            negative = digits.front() == '-';
            digits.remove_prefix(1);
        }
        long long v = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (!all_digits(digits) || ec != std::errc() || end != digits.data() + digits.size() ||
            v > std::numeric_limits<int>::max())
            fail("rrule.bad_number", p, "\"" + std::string(item) + "\" is not a whole number",
                 expected);
        const long long signed_v = negative ? -v : v;
        if (signed_v < min || signed_v > max)
            fail(range_code, p, std::string(item) + " is out of range", expected);
        return static_cast<int>(signed_v);
    }

    template <class F> void for_each_item(const part& p, F&& f) const {
        std::string_view rest = p.value;
        for (;;) {
            const auto comma = rest.find(',');
            const auto item = rest.substr(0, comma);
            if (item.empty())
                fail("rrule.syntax", p, "empty item in list", "a comma-separated list of values");
            f(item);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }

    std::string_view text_;
};

meeting_rule rule_parser::parse() {
    // Pass 1: split into parts, classify, reject syntax errors and duplicates
    // in text order; values are read once FREQ is known (ranges depend on it).
    std::size_t begin = 0;
    while (begin < text_.size() && (text_[begin] == ' ' || text_[begin] == '\t')) ++begin;
    std::size_t end = text_.size();
    while (end > begin && (text_[end - 1] == ' ' || text_[end - 1] == '\t' ||
                           text_[end - 1] == '\r' || text_[end - 1] == '\n'))
        --end;
    if (end - begin >= 6 && upper(text_.substr(begin, 6)) == "RRULE:") begin += 6;
    if (begin == end)
        throw rrule_error("rrule.empty", "the meeting rule \"" + std::string(text_) +
                                             "\" is empty; expected e.g. FREQ=MONTHLY;BYDAY=2TU");

    std::array<std::optional<part>, 7> parts{};
    std::size_t pos = begin;
    while (pos < end) {
        const std::size_t semi = std::min(text_.find(';', pos), end);
        part p{text_.substr(pos, semi - pos), {}, pos};
        if (p.text.empty()) {
            p.text = ";";
            fail("rrule.syntax", p, "empty part", "NAME=VALUE parts separated by single ';'");
        }
        const auto eq = p.text.find('=');
        if (eq == std::string_view::npos || eq == 0)
            fail("rrule.syntax", p, "not a NAME=VALUE part", "NAME=VALUE, e.g. FREQ=MONTHLY");
        p.value = p.text.substr(eq + 1);
        const std::string name = upper(p.text.substr(0, eq));
        if (p.value.empty())
            fail("rrule.syntax", p, "no value after '='", "a value, e.g. " + name + "=...");
        const part_kind kind = classify(name);
        if (kind == part_kind::unsupported)
            fail("rrule.unsupported_part", p, name + " is not supported by spfgov",
                 "FREQ, INTERVAL, BYDAY, BYMONTH, BYMONTHDAY, COUNT or UNTIL");
        if (kind == part_kind::unknown)
            fail("rrule.unknown_part", p, "unknown part \"" + name + "\"",
                 "FREQ, INTERVAL, BYDAY, BYMONTH, BYMONTHDAY, COUNT or UNTIL");
        auto& slot = parts[static_cast<std::size_t>(kind)];
        if (slot)
            fail("rrule.duplicate_part", p,
                 name + " already given at offset " + std::to_string(slot->offset),
                 "each part at most once");
        slot = p;
        pos = semi + 1; // one trailing ';' is fine: the loop ends at `end`
    }

    meeting_rule rule;
    const auto& freq = parts[static_cast<std::size_t>(part_kind::freq)];
    if (!freq)
        throw rrule_error("rrule.missing_freq",
                          "no FREQ part in \"" + std::string(text_) +
                              "\"; expected FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY");
    {
        const std::string v = upper(freq->value);
        if (v == "WEEKLY") rule.freq = frequency::weekly;
        else if (v == "MONTHLY") rule.freq = frequency::monthly;
        else if (v == "YEARLY") rule.freq = frequency::yearly;
        else if (v == "DAILY" || v == "HOURLY" || v == "MINUTELY" || v == "SECONDLY")
            fail("rrule.unsupported_freq", *freq, "FREQ=" + v + " is not supported by spfgov",
                 "WEEKLY, MONTHLY or YEARLY");
        else
            fail("rrule.bad_freq", *freq, "\"" + std::string(freq->value) + "\" is not a frequency",
                 "WEEKLY, MONTHLY or YEARLY");
    }

    if (const auto& p = parts[static_cast<std::size_t>(part_kind::interval)])
        rule.interval = number(*p, p->value, false, 1, std::numeric_limits<int>::max(),
                               "rrule.bad_interval", "a whole number of 1 or more");

    if (const auto& p = parts[static_cast<std::size_t>(part_kind::count)])
        rule.count = number(*p, p->value, false, 1, std::numeric_limits<int>::max(),
                            "rrule.bad_count", "a whole number of 1 or more");

    if (const auto& p = parts[static_cast<std::size_t>(part_kind::by_month)]) {
        for_each_item(*p, [&](std::string_view item) {
            rule.by_month.push_back(
                number(*p, item, false, 1, 12, "rrule.bad_month", "months 1 to 12"));
        });
    }

    if (const auto& p = parts[static_cast<std::size_t>(part_kind::by_month_day)]) {
        if (rule.freq == frequency::weekly)
            fail("rrule.bad_combination", *p, "BYMONTHDAY cannot be used with FREQ=WEEKLY",
                 "FREQ=MONTHLY or FREQ=YEARLY (RFC 5545)");
        for_each_item(*p, [&](std::string_view item) {
            const int v = number(*p, item, true, -31, 31, "rrule.bad_monthday",
                                 "days 1 to 31 or -31 to -1");
            if (v == 0) fail("rrule.bad_monthday", *p, "0 is not a day", "days 1 to 31 or -31 to -1");
            rule.by_month_day.push_back(v);
        });
    }

    if (const auto& p = parts[static_cast<std::size_t>(part_kind::by_day)]) {
        // An ordinal counts within the month, or within the year for YEARLY
        // without BYMONTH (RFC 5545 3.3.10).
        const int max_ordinal =
            rule.freq == frequency::yearly && rule.by_month.empty() ? 53 : 5;
        const std::string ordinal_expect =
            "an ordinal from 1 to " + std::to_string(max_ordinal) + " or -" +
            std::to_string(max_ordinal) + " to -1 before the weekday, e.g. 2TU or -1FR";
        for_each_item(*p, [&](std::string_view item) {
            const std::string code = item.size() >= 2 ? upper(item.substr(item.size() - 2)) : "";
            const auto wd = std::find(weekday_codes.begin(), weekday_codes.end(), code);
            const auto prefix = item.substr(0, item.size() >= 2 ? item.size() - 2 : 0);
            std::string_view digits = prefix;
            if (!digits.empty() && (digits.front() == '+' || digits.front() == '-'))
                digits.remove_prefix(1);
            if (wd == weekday_codes.end() || (!prefix.empty() && !all_digits(digits)))
                fail("rrule.bad_weekday", *p, "\"" + std::string(item) + "\" is not a weekday",
                     "MO, TU, WE, TH, FR, SA or SU, optionally after an ordinal such as 2 or -1");
            weekday_num wn;
            wn.day = static_cast<weekday>(wd - weekday_codes.begin());
            if (!prefix.empty()) {
                if (rule.freq == frequency::weekly)
                    fail("rrule.bad_ordinal", *p,
                         "an ordinal such as " + std::string(item) +
                             " needs FREQ=MONTHLY or FREQ=YEARLY",
                         "plain weekdays with FREQ=WEEKLY");
                const std::size_t n = digits.size();
                // Too many digits to be an int is out of range too.
                if (n > 3)
                    fail("rrule.bad_ordinal", *p, std::string(item) + " has an ordinal out of range",
                         ordinal_expect);
                int v = 0;
                for (char c : digits) v = v * 10 + (c - '0');
                if (prefix.front() == '-') v = -v;
                if (v == 0 || v > max_ordinal || v < -max_ordinal)
                    fail("rrule.bad_ordinal", *p, std::string(item) + " has an ordinal out of range",
                         ordinal_expect);
                wn.ordinal = v;
            }
            rule.by_day.push_back(wn);
        });
    }

    if (const auto& p = parts[static_cast<std::size_t>(part_kind::until)]) {
        // DATE (YYYYMMDD), ISO (YYYY-MM-DD), or a DATE-TIME whose date is used.
        std::string_view v = p->value;
        std::string iso;
        if (v.size() == 10) {
            iso = std::string(v);
        } else if (v.size() == 8 || ((v.size() == 15 || v.size() == 16) && upper(v[8]) == 'T' &&
                                     all_digits(v.substr(9, 6)) &&
                                     (v.size() == 15 || upper(v[15]) == 'Z'))) {
            if (all_digits(v.substr(0, 8)))
                iso = std::string(v.substr(0, 4)) + "-" + std::string(v.substr(4, 2)) + "-" +
                      std::string(v.substr(6, 2));
        }
        const auto d = parse_iso_date(iso);
        if (!d)
            fail("rrule.bad_until", *p, "\"" + std::string(v) + "\" is not a date",
                 "a real date as YYYYMMDD or YYYY-MM-DD");
        rule.until = *d;
    }

    const auto& count = parts[static_cast<std::size_t>(part_kind::count)];
    const auto& until = parts[static_cast<std::size_t>(part_kind::until)];
    if (count && until) {
        const part& later = count->offset > until->offset ? *count : *until;
        fail("rrule.count_and_until", later, "COUNT and UNTIL cannot both be given",
             "one of COUNT or UNTIL (RFC 5545)");
    }

    // Canonical order, no duplicates: equal meaning compares equal. Counting
    // from the start comes before counting from the end: 1,2,-1 not -1,1,2.
    const auto key = [](int v) { return std::pair{v < 0, v < 0 ? -v : v}; };
    std::sort(rule.by_day.begin(), rule.by_day.end(), [&](const weekday_num& a, const weekday_num& b) {
        return a.day != b.day ? a.day < b.day : key(a.ordinal) < key(b.ordinal);
    });
    rule.by_day.erase(std::unique(rule.by_day.begin(), rule.by_day.end()), rule.by_day.end());
    for (auto* v : {&rule.by_month, &rule.by_month_day}) {
        std::sort(v->begin(), v->end(), [&](int a, int b) { return key(a) < key(b); });
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    return rule;
}

std::string yyyymmdd(date d) {
    const auto ymd = d.year_month_day();
    std::string s(8, '0');
    auto put = [&](std::size_t at, std::size_t n, unsigned v) {
        for (std::size_t i = 0; i < n; ++i, v /= 10) s[at + n - 1 - i] = static_cast<char>('0' + v % 10);
    };
    put(0, 4, ymd.year);
    put(4, 2, ymd.month);
    put(6, 2, ymd.day);
    return s;
}

template <class T> bool contains(const std::vector<T>& v, const T& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

} // namespace

meeting_rule parse_rrule(std::string_view text) { return rule_parser(text).parse(); }

std::string to_string(const meeting_rule& rule) {
    std::string s = "FREQ=";
    s += rule.freq == frequency::weekly ? "WEEKLY" : rule.freq == frequency::monthly ? "MONTHLY" : "YEARLY";
    if (rule.interval != 1) s += ";INTERVAL=" + std::to_string(rule.interval);
    auto list = [&](const char* name, const std::vector<int>& v) {
        if (v.empty()) return;
        s += ';';
        s += name;
        s += '=';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i) s += ',';  // appended apart: g++ 12 -O2 warns falsely (-Wrestrict) of "," + std::string
            s += std::to_string(v[i]);
        }
    };
    list("BYMONTH", rule.by_month);
    list("BYMONTHDAY", rule.by_month_day);
    if (!rule.by_day.empty()) {
        s += ";BYDAY=";
        for (std::size_t i = 0; i < rule.by_day.size(); ++i) {
            if (i) s += ',';
            if (rule.by_day[i].ordinal != 0) s += std::to_string(rule.by_day[i].ordinal);
            s += weekday_codes[static_cast<std::size_t>(rule.by_day[i].day)];
        }
    }
    if (rule.count) s += ";COUNT=" + std::to_string(*rule.count);
    if (rule.until) s += ";UNTIL=" + yyyymmdd(*rule.until);
    return s;
}

date rrule_horizon() noexcept { return holiday_calendar::last_day(); }

// ------------------------------------------------------------- expansion

occurrence_generator::occurrence_generator(meeting_rule rule, date start)
    : occurrence_generator(std::cref(rule), start) {
    owned_rule_ = std::move(rule);  // open_period() read only the frequency and interval, which stay the same
    borrowed_rule_ = nullptr;
}

occurrence_generator::occurrence_generator(std::reference_wrapper<const meeting_rule> rule, date start)
    : borrowed_rule_(&rule.get()), start_(start), cursor_(start), period_end_(start) {
    if (start.is_special())
        throw date_error("rrule.bad_start", "a meeting rule needs a real start date");
    const auto ymd = start.year_month_day();
    start_year_ = ymd.year;
    start_month_ = ymd.month;
    start_day_ = ymd.day;
    if (!open_period()) return;
    cursor_ = start_ + boost::gregorian::days(1); // the start itself is emitted first
}

// Sets the bounds of period `period_` (weeks from Monday, months or years,
// INTERVAL apart, counted from the one holding the start). False at the horizon.
bool occurrence_generator::open_period() {
    ++steps_;
    const date horizon = rrule_horizon();
    // The horizon is the calendar's fixed last day: its year is worked out once
    // (a day-number conversion per call, else).
    static const std::int64_t horizon_year = horizon.year();
    const std::int64_t step = std::int64_t{rule().interval} * period_;
    date first = start_;
    switch (rule().freq) {
    case frequency::weekly: {
        const date week0 = start_ - boost::gregorian::days(monday_based(start_));
        if (week0 > horizon || step * 7 > (horizon - week0).days()) { done_ = true; return false; }
        first = week0 + boost::gregorian::days(static_cast<long>(step * 7));
        period_end_ = first + boost::gregorian::days(6);
        break;
    }
    case frequency::monthly: {
        const std::int64_t m = std::int64_t{start_year_} * 12 + (start_month_ - 1) + step;
        if (m / 12 > horizon_year) { done_ = true; return false; }
        const auto year = static_cast<unsigned short>(m / 12), month = static_cast<unsigned short>(m % 12 + 1);
        first = date(year, month, 1);
        period_end_ = first + boost::gregorian::days(boost::gregorian::gregorian_calendar::end_of_month_day(year, month) - 1);
        break;
    }
    case frequency::yearly: {
        const std::int64_t y = std::int64_t{start_year_} + step;
        if (y > horizon_year) { done_ = true; return false; }
        first = date(static_cast<unsigned short>(y), 1, 1);
        period_end_ = date(static_cast<unsigned short>(y), 12, 31);
        break;
    }
    }
    if (first > horizon || (rule().until && first > *rule().until)) { done_ = true; return false; }
    if (period_end_ > horizon) period_end_ = horizon;
    cursor_ = first;
    return true;
}

bool occurrence_generator::matches(date d) const {
    const auto ymd = d.year_month_day();
    const int month = ymd.month, mday = ymd.day;
    if (!rule().by_month.empty() && !contains(rule().by_month, month)) return false;
    const int dim = boost::gregorian::gregorian_calendar::end_of_month_day(ymd.year, ymd.month);
    if (!rule().by_month_day.empty() &&
        !std::any_of(rule().by_month_day.begin(), rule().by_month_day.end(),
                     [&](int md) { return md > 0 ? md == mday : dim + md + 1 == mday; }))
        return false;
    if (!rule().by_day.empty()) {
        const auto wd = static_cast<weekday>(monday_based(d));
        // Ordinals count within the year only for YEARLY without BYMONTH.
        const bool in_year = rule().freq == frequency::yearly && rule().by_month.empty();
        const int pos = in_year ? static_cast<int>(d.day_of_year()) : mday;
        const int len = in_year ? (boost::gregorian::gregorian_calendar::is_leap_year(ymd.year) ? 366 : 365)
                                : dim;
        const bool any = std::any_of(rule().by_day.begin(), rule().by_day.end(), [&](const weekday_num& w) {
            if (w.day != wd) return false;
            if (w.ordinal > 0) return (pos - 1) / 7 + 1 == w.ordinal;
            if (w.ordinal < 0) return (len - pos) / 7 + 1 == -w.ordinal;
            return true;
        });
        if (!any) return false;
    }
    // Without BYDAY/BYMONTHDAY the start supplies the weekday or day (and month).
    if (rule().by_day.empty() && rule().by_month_day.empty()) {
        switch (rule().freq) {
        case frequency::weekly: return monday_based(d) == monday_based(start_);
        case frequency::monthly: return mday == start_day_;
        case frequency::yearly: return mday == start_day_ && (!rule().by_month.empty() || month == start_month_);
        }
    }
    return true;
}

// The first day from `d` on, within the current period, that can pass the
// BYMONTH and BYMONTHDAY filters and (without BYMONTHDAY) has a weekday
// BYDAY names (or, without BYDAY and BYMONTHDAY, the start's day of a
// MONTHLY or YEARLY rule); past period_end_ if none. Every day it passes
// over would fail matches().
date occurrence_generator::next_candidate(date d) {
    const bool start_day = rule().by_day.empty() && rule().by_month_day.empty() && rule().freq != frequency::weekly;
    while (d <= period_end_) {
        ++steps_;
        const auto ymd = d.year_month_day();
        const int month = ymd.month, mday = ymd.day;
        const int dim = boost::gregorian::gregorian_calendar::end_of_month_day(ymd.year, ymd.month);
        const date next_month = d + boost::gregorian::days(dim - mday + 1);
        if (!rule().by_month.empty() && !contains(rule().by_month, month)) {
            d = next_month;
            continue;
        }
        int want = 0;  // the day of this month to go to; 0 = d itself
        if (!rule().by_month_day.empty()) {
            want = 32;
            for (int md : rule().by_month_day) {
                const int day = md > 0 ? md : dim + md + 1;
                if (day >= mday && day >= 1 && day <= dim) want = std::min(want, day);
            }
        } else if (start_day) {
            const bool month_ok = rule().freq != frequency::yearly || !rule().by_month.empty() ||
                                  month == start_month_;
            const int day = start_day_;
            want = month_ok && day >= mday && day <= dim ? day : 32;
        }
        if (want == 32) {
            d = next_month;
            continue;
        }
        if (want != 0) d += boost::gregorian::days(want - mday);  // want >= mday, within the month
        if (want == 0 && !rule().by_day.empty()) {
            // To the first day from d whose weekday BYDAY names: a rule such as
            // 2TU matches about one day a month, and each day passed costs a
            // calendar conversion in matches().
            const int delta = days_to_weekday_in(rule().by_day, monday_based(d));
            if (delta > 0) {
                d += boost::gregorian::days(delta);
                continue;  // the month's filters again, and the period's end
            }
        }
        return d;
    }
    return d;
}

void occurrence_generator::skip_to(date d) {
    if (rule().count || done_ || d <= start_) return;
    started_ = true;  // the start is before d: not emitted
    emitted_ = 1;
    const std::int64_t interval = rule().interval;
    std::int64_t k = 0;
    switch (rule().freq) {
    case frequency::weekly: {
        const date week0 = start_ - boost::gregorian::days(monday_based(start_));
        k = (d - week0).days() / 7 / interval;
        break;
    }
    case frequency::monthly: {
        const auto b = d.year_month_day();
        k = ((std::int64_t{b.year} * 12 + b.month) - (std::int64_t{start_year_} * 12 + start_month_)) / interval;
        break;
    }
    case frequency::yearly: k = (std::int64_t{d.year()} - start_year_) / interval; break;
    }
    period_ = k;
    if (!open_period()) return;
    if (cursor_ < d) cursor_ = d;
    if (period_ == 0 && cursor_ <= start_) cursor_ = start_ + boost::gregorian::days(1);
}

std::optional<date> occurrence_generator::next() {
    if (!started_) {
        started_ = true;
        if (start_ > rrule_horizon() || (rule().until && start_ > *rule().until)) {
            done_ = true;
            return std::nullopt;
        }
        emitted_ = 1;
        return start_;
    }
    if (done_ || (rule().count && emitted_ >= *rule().count)) {
        done_ = true;
        return std::nullopt;
    }
    for (;;) {
        while ((cursor_ = next_candidate(cursor_)) <= period_end_) {
            const date d = cursor_;
            cursor_ += boost::gregorian::days(1);
            ++steps_;
            if (!matches(d)) continue;
            if (rule().until && d > *rule().until) {
                done_ = true;
                return std::nullopt;
            }
            ++emitted_;
            return d;
        }
        ++period_;
        if (!open_period()) return std::nullopt;
    }
}

std::vector<date> occurrences(const meeting_rule& rule, date start, std::size_t max) {
    std::vector<date> out;
    out.reserve(std::min<std::size_t>(max, 1024));
    occurrence_generator gen(std::cref(rule), start);
    while (out.size() < max) {
        const auto d = gen.next();
        if (!d) break;
        out.push_back(*d);
    }
    return out;
}

std::optional<next_meeting_result> next_meeting(const meeting_schedule& schedule, date on_or_after,
                                                const holiday_calendar& calendar, std::uint64_t* steps) {
    if (schedule.papers_days < working_days{})
        throw rrule_error("rrule.bad_papers_days",
                          "papers_days " + std::to_string(schedule.papers_days.count()) +
                              " is negative; expected 0 or more working days");
    (void)calendar.is_working_day(on_or_after); // throws date_error outside the calendar
    const date end = holiday_calendar::last_day() + boost::gregorian::days(1);
    const date first = holiday_calendar::first_day();
    occurrence_generator gen(std::cref(schedule.rule), schedule.start);  // borrowed: no copy per meeting
    // The first scheduled day that can give a meeting: on_or_after itself when
    // papers are due before the meeting; with papers due on the day, any day
    // after the last working day before on_or_after (it moves forward to a
    // working day on or after on_or_after), and never before the calendar.
    date lo = on_or_after;
    if (schedule.papers_days == working_days{}) {
        lo = first;
        if (on_or_after > first && calendar.working_days_between(first, on_or_after) > working_days{})
            lo = calendar.previous_working_day(on_or_after - boost::gregorian::days(1)) + boost::gregorian::days(1);
    }
    gen.skip_to(lo);
    struct report {
        std::uint64_t* out;
        const occurrence_generator& gen;
        ~report() {
            if (out) *out = gen.steps();
        }
    } reported{steps, gen};
    while (const auto s = gen.next()) {
        // No working day lies in [s, meeting), so papers due >= on_or_after needs
        // s >= on_or_after unless papers are due on the meeting day itself.
        if (*s < on_or_after && (schedule.papers_days > working_days{} || *s < first)) continue;
        if (calendar.working_days_between(*s, end) == working_days{}) return std::nullopt;
        const date meeting = calendar.next_working_day(*s);
        if (calendar.working_days_between(first, meeting) < schedule.papers_days) continue;
        const date due = calendar.add_working_days(meeting, -schedule.papers_days);
        if (due >= on_or_after) return next_meeting_result{meeting, due, meeting != *s, *s};
    }
    return std::nullopt;
}

} // namespace spfgov
