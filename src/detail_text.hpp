// Private to src/: walking UTF-8 text code point by code point, and the one
// visible escape form (\u001b, \xff) every writer uses for characters its
// format cannot hold (text, stderr, GraphML, DOT labels).
#pragma once

#include <cstddef>
#include <iterator>
#include <ranges>
#include <string>
#include <string_view>

namespace spfgov::detail::text {

/// The width of the text reports' lines (route_text, agenda_text).
inline constexpr std::size_t wrap_width = 78;
/// Appends `raw`, made printable, word-wrapped to wrap_width: the first line
/// after what the caller has written (`used` columns), the next lines
/// indented by `indent` spaces; ends with '\n'. A word longer than a line
/// is not broken.
void append_wrapped(std::string& out, std::string_view raw, std::size_t used, std::size_t indent);

/// `"a", "b"`: names that may hold " and " or "_and_" themselves (staff
/// groups), quoted so that a list of them reads one way. Not made printable.
template <class Range> [[nodiscard]] std::string quoted_list(const Range& items) {
    std::string out;
    for (const auto& item : items) {
        out += out.empty() ? "\"" : ", \"";
        out += item;
        out += '"';
    }
    return out;
}

/// "1 proposed redundancy", "30 proposed redundancies".
[[nodiscard]] inline std::string proposed_redundancies(long long n) {
    return std::to_string(n) + (n == 1 ? " proposed redundancy" : " proposed redundancies");
}

/// Length of the valid UTF-8 sequence starting at s[i], or 0.
[[nodiscard]] std::size_t utf8_length(std::string_view s, std::size_t i) noexcept;

/// Stands for a byte that starts no valid UTF-8 sequence.
inline constexpr char32_t not_utf8 = 0x110000;

/// Calls f(code_point, bytes) for each character of `s`; a byte that starts
/// no valid sequence comes alone, with code point not_utf8.
template <class F> void for_each_code_point(std::string_view s, F&& f) {
    for (std::size_t i = 0; i < s.size();) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t n = lead < 0x80 ? 1 : utf8_length(s, i);
        if (n == 0) {
            f(not_utf8, s.substr(i, 1));
            ++i;
            continue;
        }
        char32_t cp = n == 1 ? lead : n == 2 ? lead & 0x1FU : n == 3 ? lead & 0x0FU : lead & 0x07U;
        for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
        f(cp, s.substr(i, n));
        i += n;
    }
}

/// The typographic ("smart") quote `s` starts with, as a message shows it
/// ("“ (U+201C)"), or "". A word processor turns quotes into these, which
/// neither JSON nor YAML reads as quotes; nlohmann and yaml-cpp name them
/// only as bytes, or as an unknown key holding one.
[[nodiscard]] inline std::string_view curly_quote_at(std::string_view s) noexcept {
    if (s.size() < 3 || s[0] != '\xE2' || s[1] != '\x80') return {};
    switch (s[2]) {
    case '\x9C': return "\u201C (U+201C)";
    case '\x9D': return "\u201D (U+201D)";
    case '\x98': return "\u2018 (U+2018)";
    case '\x99': return "\u2019 (U+2019)";
    default: return {};
    }
}

/// The byte offset of the first curly quote in `s` (curly_quote_at), or npos.
[[nodiscard]] inline std::size_t find_curly_quote(std::string_view s) noexcept {
    for (std::size_t i = s.find('\xE2'); i != std::string_view::npos; i = s.find('\xE2', i + 1))
        if (!curly_quote_at(s.substr(i)).empty()) return i;
    return std::string_view::npos;
}

/// The byte offset of the first curly quote of `s` where a quote would open
/// a value: after the start, ':', '-', '[', '{' or ',' (blanks between);
/// with `closing_double`, also a ” (U+201D) that ends `s` or comes before
/// ',', ']', '}' or '#' (a key split off a value at its comma: `clause 4”`).
/// npos if none. An apostrophe in or after a word ("Trust’s", "the Trusts’")
/// is text, not a mistaken quote.
[[nodiscard]] inline std::size_t find_quoting_curly_quote(std::string_view s, bool closing_double = false) noexcept {
    constexpr std::string_view blanks = " \t\r";
    std::size_t from = 0;
    while (from < s.size()) {
        const std::size_t found = find_curly_quote(s.substr(from));
        if (found == std::string_view::npos) return std::string_view::npos;
        const std::size_t at = from + found;
        const std::size_t before = s.substr(0, at).find_last_not_of(blanks);
        if (before == std::string_view::npos || std::string_view(":-[{,").find(s[before]) != std::string_view::npos) return at;
        const std::size_t after = s.find_first_not_of(blanks, at + 3);
        if (closing_double && s.substr(at, 3) == "\xE2\x80\x9D" &&
            (after == std::string_view::npos || std::string_view(",]}#").find(s[after]) != std::string_view::npos))
            return at;
        from = at + 3;  // a curly quote is 3 bytes
    }
    return std::string_view::npos;
}

/// Appends `\uXXXX` for a code point up to U+FFFF (`\U00XXXXXX` above), or
/// `\xHH` for a byte that is not UTF-8 (`cp` == not_utf8).
void append_escape(std::string& out, char32_t cp, std::string_view bytes);

/// Characters that act on a terminal or split lines (see spfgov::printable).
[[nodiscard]] constexpr bool acts_on_terminal(char32_t cp) noexcept {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == not_utf8;
}

/// Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage
/// return; U+FFFE, U+FFFF; bytes that are not UTF-8). GraphML and DOT node
/// names write them with append_escape, so both formats name a body alike.
[[nodiscard]] constexpr bool xml_forbidden(char32_t cp) noexcept {
    return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF || cp == not_utf8;
}

/// Appends `text` escaped for XML (and HTML) element content or a quoted
/// attribute value: & < > " ' as entities; tab, newline and carriage return
/// as character references; characters XML cannot hold (xml_forbidden)
/// written visibly with append_escape, so distinct ids stay distinct.
void append_xml(std::string& out, std::string_view text);

/// Appends `field` as one RFC 4180 CSV field: in double quotes, with `"`
/// doubled, when it holds a comma, a quote, CR or LF. With `keep_as_text`, a
/// field that a spreadsheet would run as a formula (starting with =, +, -,
/// @, tab or CR) gets an apostrophe in front. Characters that act on a
/// terminal, but tab, CR and LF, are written visibly (append_escape).
void append_csv_field(std::string& out, std::string_view field, bool keep_as_text = false);

/// Items as a reader lists them: "A", "A and B", "A, B and C" (`last` is
/// the word before the final item: " and ", " or ").
template <class Range> [[nodiscard]] std::string join_as_list(const Range& items, std::string_view last = " and ") {
    std::string out;
    const auto n = static_cast<std::size_t>(std::ranges::distance(items));
    std::size_t k = 0;
    for (const auto& item : items) {
        if (k != 0) out += k + 1 == n ? last : std::string_view(", ");
        out += item;
        ++k;
    }
    return out;
}

/// A value (an id, a staff group) cut to a readable length for a message,
/// at a character boundary, with "..." (a megabyte-long id is not echoed).
[[nodiscard]] inline std::string cut_for_message(std::string_view value, std::size_t max_shown = 64) {
    if (value.size() <= max_shown) return std::string(value);
    std::size_t cut = max_shown;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0U) == 0x80U) --cut;
    return std::string(value.substr(0, cut)) + "...";
}

} // namespace spfgov::detail::text
