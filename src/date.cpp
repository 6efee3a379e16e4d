#include "spfgov/date.hpp"

#include "spfgov/error.hpp"

#include "detail_dates.hpp"


namespace spfgov {

std::optional<date> parse_iso_date(std::string_view t) noexcept {
    int y = 0, m = 0, d = 0;
    if (!detail::iso_date_fields(t, y, m, d)) return std::nullopt;
    // Boost's gregorian date covers 1400..9999.
    if (y < 1400 || m < 1 || m > 12 || d < 1) return std::nullopt;
    if (d > boost::gregorian::gregorian_calendar::end_of_month_day(
                static_cast<unsigned short>(y), static_cast<unsigned short>(m)))
        return std::nullopt;
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}

date checked_date(int year, int month, int day) {
    const auto text = [&] {
        return std::to_string(year) + "-" + (month < 10 && month >= 0 ? "0" : "") + std::to_string(month) + "-" +
               (day < 10 && day >= 0 ? "0" : "") + std::to_string(day);
    };
    if (year < 1400 || year > 9999)
        throw date_error("bad_date", text() + " is not a date: years 1400 to 9999 only");
    if (month < 1 || month > 12) throw date_error("bad_date", text() + " is not a date: months 1 to 12 only");
    const auto last = boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                                             static_cast<unsigned short>(month));
    if (day < 1 || day > last)
        throw date_error("bad_date", text() + " is not a date: that month has days 1 to " + std::to_string(last));
    return date(static_cast<unsigned short>(year), static_cast<unsigned short>(month), static_cast<unsigned short>(day));
}

std::string to_iso(date d) {
    if (d.is_special()) return d.is_pos_infinity() ? "+infinity" : d.is_neg_infinity() ? "-infinity" : "not-a-date";
    const auto ymd = d.year_month_day();
    const unsigned y = ymd.year, m = ymd.month, day = ymd.day;
    std::string out(10, '-');
    out[0] = static_cast<char>('0' + y / 1000 % 10);
    out[1] = static_cast<char>('0' + y / 100 % 10);
    out[2] = static_cast<char>('0' + y / 10 % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[8] = static_cast<char>('0' + day / 10);
    out[9] = static_cast<char>('0' + day % 10);
    return out;
}

std::string to_text(const validity& v) {
    return "[" + (v.open_start() ? std::string("open") : to_iso(v.from)) + ", " +
           (v.open_end() ? std::string("open") : to_iso(v.to)) + ")";
}

} // namespace spfgov
