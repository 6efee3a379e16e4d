#include "spfgov/ics.hpp"

#include "spfgov/error.hpp"

#include "detail_text.hpp"

#include <cstdint>

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

void add_line(std::string& out, std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    out += detail::ics_fold_line(line);
}

} // namespace

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

std::string to_ics(std::span<const ics_event> events, std::string_view calendar_name, date dtstamp) {
    const std::string stamp = yyyymmdd(dtstamp) + "T000000Z";
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
        add_line(out, "DTSTAMP", stamp);
        add_line(out, "DTSTART;VALUE=DATE", start);
        add_line(out, "DTEND;VALUE=DATE", end);
        add_line(out, "SUMMARY", detail::ics_escape_text(e.summary));
        if (!e.description.empty()) add_line(out, "DESCRIPTION", detail::ics_escape_text(e.description));
        std::string cats;
        for (const auto& c : e.categories) {
            if (c.empty()) continue;
            if (!cats.empty()) cats += ',';
            cats += detail::ics_escape_text(c);
        }
        if (!cats.empty()) add_line(out, "CATEGORIES", cats);
        out += "END:VEVENT\r\n";
    }
    out += "END:VCALENDAR\r\n";
    return out;
}

} // namespace spfgov
