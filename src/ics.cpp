#include "spfgov/ics.hpp"

#include "spfgov/error.hpp"

#include "detail_text.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace spfgov {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

using detail::text::utf8_length;

std::string yyyymmdd(date d) {
    if (d.is_special())
        throw date_error("ics.bad_date", "an iCalendar event needs a real date, not " + to_iso(d));
    const auto ymd = d.year_month_day();
    std::string s(8, '0');
    auto put = [&](std::size_t at, std::size_t n, unsigned v) {
        for (std::size_t i = 0; i < n; ++i, v /= 10)
            s[at + n - 1 - i] = static_cast<char>('0' + v % 10);
    };
    put(0, 4, ymd.year);
    put(4, 2, ymd.month);
    put(6, 2, ymd.day);
    return s;
}

constexpr std::int64_t seconds_per_day = 86400;
const date unix_epoch(1970, 1, 1);
const date sequence_epoch(2020, 1, 1);  // SEQUENCE counts minutes from here
constexpr std::int64_t max_stamp = 253402300799;  // 9999-12-31T23:59:59Z

[[noreturn]] void bad_stamp(const std::string& message) { throw date_error("ics.bad_stamp", message); }

std::string two(int v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); }

/// YYYYMMDDTHHMMSSZ
std::string utc_date_time(std::int64_t unix_seconds) {
    const std::int64_t days = unix_seconds / seconds_per_day;
    const std::int64_t rest = unix_seconds % seconds_per_day;
    const date day = unix_epoch + boost::gregorian::days(static_cast<long>(days));
    const int h = static_cast<int>(rest / 3600), m = static_cast<int>(rest / 60 % 60), sec = static_cast<int>(rest % 60);
    return yyyymmdd(day) + "T" + two(h) + two(m) + two(sec) + "Z";
}

void add_line(std::string& out, std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    out += detail::ics_fold_line(line);
}

} // namespace

ics_stamp ics_stamp::at(std::int64_t unix_seconds) {
    if (unix_seconds < 0 || unix_seconds > max_stamp)
        bad_stamp("a DTSTAMP must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, not " +
                  std::to_string(unix_seconds) + " seconds after 1970-01-01T00:00:00Z");
    const std::int64_t from = (sequence_epoch - unix_epoch).days() * seconds_per_day;
    const std::int64_t minutes = unix_seconds <= from ? 0 : (unix_seconds - from) / 60;
    return {unix_seconds, static_cast<int>(std::min<std::int64_t>(minutes, std::numeric_limits<std::int32_t>::max()))};
}

ics_stamp ics_stamp::at(date day) {
    if (day.is_special()) throw date_error("ics.bad_date", "an iCalendar DTSTAMP needs a real date, not " + to_iso(day));
    return at(static_cast<std::int64_t>((day - unix_epoch).days()) * seconds_per_day);
}

ics_stamp parse_ics_stamp(std::string_view text) {
    const std::string shown(text);
    auto fail = [&]() -> ics_stamp {
        bad_stamp("\"" + shown + "\" is not a UTC date-time; expected YYYY-MM-DDTHH:MM:SSZ (e.g. 2026-11-22T09:30:00Z), "
                  "YYYYMMDDTHHMMSSZ or a date YYYY-MM-DD (midnight UTC)");
    };
    if (const auto day = parse_iso_date(text)) return ics_stamp::at(*day);
    std::string digits;  // YYYYMMDDHHMMSS
    std::string_view rest = text;
    const bool extended = text.size() == 20;  // YYYY-MM-DDTHH:MM:SSZ
    if (!extended && text.size() != 16) return fail();
    std::string iso;
    if (extended) {
        if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return fail();
        iso = std::string(text.substr(0, 10));
        rest = text.substr(11, 8);
        digits = std::string(rest.substr(0, 2)) + std::string(rest.substr(3, 2)) + std::string(rest.substr(6, 2));
    } else {
        if (text[8] != 'T' || text[15] != 'Z') return fail();
        iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" + std::string(text.substr(6, 2));
        digits = std::string(text.substr(9, 6));
    }
    const auto day = parse_iso_date(iso);
    if (!day) return fail();
    for (const char c : digits)
        if (c < '0' || c > '9') return fail();
    const int h = (digits[0] - '0') * 10 + (digits[1] - '0');
    const int m = (digits[2] - '0') * 10 + (digits[3] - '0');
    const int sec = (digits[4] - '0') * 10 + (digits[5] - '0');
    if (h > 23 || m > 59 || sec > 59) return fail();  // no leap seconds: DTSTAMP needs none
    const ics_stamp midnight = ics_stamp::at(*day);
    return ics_stamp::at(midnight.unix_seconds + h * 3600 + m * 60 + sec);
}

namespace detail {

std::string ics_escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += replacement;
            ++i;
            continue;
        }
        if (n > 1) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        ++i;
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ';': out += "\\;"; break;
        case ',': out += "\\,"; break;
        case '\r':
            if (i < text.size() && text[i] == '\n') ++i; // CRLF is one newline
            out += "\\n";
            break;
        case '\n': out += "\\n"; break;
        case '\t': out += c; break;
        default:
            // TEXT excludes other control characters (RFC 5545 3.3.11).
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
            break;
        }
    }
    return out;
}

std::string ics_fold_line(std::string_view line) {
    std::string out;
    out.reserve(line.size() + 3 * (line.size() / 74 + 1));
    std::size_t limit = 75; // octets on the first line; later ones lose one to the space
    while (true) {
        if (line.size() <= limit) {
            out.append(line);
            out += "\r\n";
            return out;
        }
        std::size_t cut = limit;
        // Never split a UTF-8 sequence: back up over continuation bytes.
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) cut = limit; // not UTF-8 at all: still make progress
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = 74;
    }
}

} // namespace detail

std::string make_uid(std::string_view seed) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : seed) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (std::size_t i = 0; i < 16; ++i) out[15 - i] = hex[(h >> (4 * i)) & 0xF];
    return out + "@spfgov";
}

std::string to_ics(std::span<const ics_event> events, std::string_view calendar_name, const ics_stamp& stamp) {
    if (events.empty())
        throw date_error("ics.empty_calendar", "calendar \"" + std::string(calendar_name) +
                                                   "\" has no events, and RFC 5545 (3.6) requires at least one");
    const std::string dtstamp = utc_date_time(ics_stamp::at(stamp.unix_seconds).unix_seconds);
    if (stamp.sequence < 0)
        throw date_error("ics.bad_stamp", "SEQUENCE must be 0 or more, not " + std::to_string(stamp.sequence));
    const std::string sequence = std::to_string(stamp.sequence);
    std::string out;
    out += "BEGIN:VCALENDAR\r\n";
    out += "VERSION:2.0\r\n";
    out += "PRODID:-//spfgov//spfgov//EN\r\n";
    out += "CALSCALE:GREGORIAN\r\n";
    add_line(out, "X-WR-CALNAME", detail::ics_escape_text(calendar_name));
    for (const auto& e : events) {
        const std::string start = yyyymmdd(e.day);
        if (e.day == date(9999, 12, 31))
            throw date_error("ics.bad_date", "an event on 9999-12-31 has no next day for DTEND");
        const std::string end = yyyymmdd(e.day + boost::gregorian::days(1));
        out += "BEGIN:VEVENT\r\n";
        add_line(out, "UID", detail::ics_escape_text(
                                 e.uid.empty() ? make_uid(to_iso(e.day) + "\n" + e.summary) : e.uid));
        add_line(out, "DTSTAMP", dtstamp);
        add_line(out, "SEQUENCE", sequence);
        add_line(out, "DTSTART;VALUE=DATE", start);
        add_line(out, "DTEND;VALUE=DATE", end);
        if (!e.rrule.empty()) add_line(out, "RRULE", e.rrule);
        if (e.recurrence_id) add_line(out, "RECURRENCE-ID;VALUE=DATE", yyyymmdd(*e.recurrence_id));
        add_line(out, "SUMMARY", detail::ics_escape_text(e.summary));
        if (!e.description.empty()) add_line(out, "DESCRIPTION", detail::ics_escape_text(e.description));
        std::string cats;
        for (const auto& c : e.categories) {
            if (c.empty()) continue;
            if (!cats.empty()) cats += ',';
            cats += detail::ics_escape_text(c);
        }
        if (!cats.empty()) add_line(out, "CATEGORIES", cats);
        if (e.alarm) {
            const int before = e.alarm->days_before.count();
            if (before < 0 || before > 365)
                throw date_error("ics.bad_alarm", "a reminder must come 0 to 365 days before its event, not " +
                                                      std::to_string(before) + " (event \"" +
                                                      e.summary + "\")");
            out += "BEGIN:VALARM\r\n";
            out += "ACTION:DISPLAY\r\n";
            add_line(out, "TRIGGER", before == 0 ? std::string("PT0S") : "-P" + std::to_string(before) + "D");
            add_line(out, "DESCRIPTION",
                     detail::ics_escape_text(e.alarm->description.empty() ? e.summary : e.alarm->description));
            out += "END:VALARM\r\n";
        }
        out += "END:VEVENT\r\n";
    }
    out += "END:VCALENDAR\r\n";
    return out;
}

std::string to_ics(std::span<const ics_event> events, std::string_view calendar_name, date dtstamp) {
    return to_ics(events, calendar_name, ics_stamp::at(dtstamp));
}

} // namespace spfgov
