#include "spfgov/text.hpp"

#include "detail_text.hpp"

#include <algorithm>
#include <array>

namespace spfgov {

namespace detail::text {

std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned c = b(i);
    auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
        return k < s.size() && b(k) >= lo && b(k) <= hi;
    };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
    if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
    if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    return 0;
}

void append_escape(std::string& out, char32_t cp, std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    auto hex = [&](std::uint32_t v, int width) {
        for (int shift = 4 * (width - 1); shift >= 0; shift -= 4) out += digits[(v >> shift) & 0xFU];
    };
    if (cp == not_utf8) {
        out += "\\x";
        hex(bytes.empty() ? 0U : static_cast<unsigned char>(bytes.front()), 2);
    } else if (cp <= 0xFFFF) {
        out += "\\u";
        hex(static_cast<std::uint32_t>(cp), 4);
    } else {
        out += "\\U";
        hex(static_cast<std::uint32_t>(cp), 8);
    }
}

/// Text for an XML attribute value or element content. Characters XML 1.0
/// cannot hold (C0 controls but tab, newline and carriage return; U+FFFE,
/// U+FFFF; bytes that are not UTF-8) are written visibly as `\u0001`, so ids
/// that differ only there stay distinct; tab, newline and carriage return are
/// written as character references so that attribute values keep them.
void append_xml(std::string& out, std::string_view text) {
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': out += "&#9;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        default:
            if (xml_forbidden(cp)) append_escape(out, cp, bytes);
            else out += bytes;
        }
    });
}

namespace {
/// Per byte: 1 if a CSV field holding it is quoted (comma, quote, CR, LF);
/// 2 if it may start or be part of a character that acts on a terminal
/// (controls but tab, CR and LF; DEL; any byte of a multi-byte character).
constexpr std::array<unsigned char, 256> csv_byte_class = [] {
    std::array<unsigned char, 256> t{};
    for (unsigned c = 0; c < 256; ++c) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') t[c] |= 1;
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c >= 0x7F) t[c] |= 2;
    }
    return t;
}();

/// Whether a tab, CR and LF aside, `cp` acts on a terminal (they are kept, quoted).
constexpr bool escaped_in_csv(char32_t cp) noexcept {
    return acts_on_terminal(cp) && cp != '\t' && cp != '\r' && cp != '\n';
}
} // namespace

void append_csv_field(std::string& out, std::string_view field, bool keep_as_text) {
    // One pass over a table: find_first_of with a set calls memchr once per
    // byte, and a chain of comparisons per byte is slower still.
    unsigned seen = 0;
    for (const char c : field) seen |= csv_byte_class[static_cast<unsigned char>(c)];
    // CSV has no escapes: what would act on a terminal that shows the file
    // (ESC, BEL, bidi controls, bytes that are not UTF-8) is written
    // visibly, as spfgov::printable does. Most such candidates are plain
    // accented letters: the escaped copy is made only when one is not.
    std::string visible;
    if ((seen & 2) != 0) {
        bool acts = false;
        for_each_code_point(field, [&](char32_t cp, std::string_view) { acts = acts || escaped_in_csv(cp); });
        if (acts) {
            for_each_code_point(field, [&](char32_t cp, std::string_view bytes) {
                if (escaped_in_csv(cp)) append_escape(visible, cp, bytes);
                else visible += bytes;
            });
            field = visible;
        }
    }
    const bool quote = (seen & 1) != 0;
    const bool formula = keep_as_text && !field.empty() &&
                         (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
                          field[0] == '\t' || field[0] == '\r');
    if (quote) out += '"';
    if (formula) out += '\'';
    if (!quote) {
        out += field;
        return;
    }
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_wrapped(std::string& out, std::string_view raw, std::size_t used, std::size_t indent) {
    const std::string shown = printable(raw);  // may quote ids: nothing may act on the terminal
    const std::string_view text = shown;
    std::size_t column = used;
    bool line_start = true;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        std::size_t j = text.find(' ', i);
        if (j == std::string_view::npos) j = text.size();
        const std::string_view word = text.substr(i, j - i);
        if (!line_start && column + 1 + word.size() > wrap_width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
            line_start = true;
        }
        if (!line_start) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
        line_start = false;
        i = j;
    }
    out += '\n';
}

} // namespace detail::text

void append_printable(std::string& out, std::string_view text) {
    namespace t = detail::text;
    t::for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        if (t::acts_on_terminal(cp)) t::append_escape(out, cp, bytes);
        else out += bytes;
    });
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_printable(out, text);
    return out;
}

} // namespace spfgov
