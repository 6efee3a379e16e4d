// Private to src/: turning a reader's position into spfgov::error_location.
#pragma once

#include "detail_text.hpp"
#include "spfgov/error.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::detail {

/// Whether a YAML key must be written quoted in a key path (join_key_path):
/// empty, or holding a character the path uses to separate its parts.
[[nodiscard]] inline bool key_needs_quotes(std::string_view key) noexcept {
    return key.empty() || key.find_first_of(".[]\"\\") != std::string_view::npos;
}

/// `path` followed by the mapping key `key`, as the readers print key paths:
/// "cases[2].expect" + "lead" -> "cases[2].expect.lead"; a key that
/// key_needs_quotes is written as a quoted index ("expect[\"colour.x\"]", with
/// `"` and `\` escaped by a backslash), so that key_path_pointer gives it
/// one segment, not two.
[[nodiscard]] inline std::string join_key_path(std::string_view path, std::string_view key) {
    std::string out(path);
    if (!key_needs_quotes(key)) {
        if (!out.empty()) out += '.';
        out += key;
        return out;
    }
    out += "[\"";
    for (const char c : key) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += "\"]";
    return out;
}

/// A YAML key path as the readers print it ("custom_rules[0].add.of",
/// "cases[2].expect.lead", "expect[\"colour.x\"]": join_key_path) as an
/// RFC 6901 JSON pointer ("/custom_rules/0/add/of", "/cases/2/expect/lead",
/// "/expect/colour.x"); "" (the top level) stays "".
[[nodiscard]] inline std::string key_path_pointer(std::string_view path) {
    std::string out;
    const auto put = [&out](char c) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    };
    bool segment_open = false;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '[' && i + 1 < path.size() && path[i + 1] == '"') {  // a quoted key, up to its closing "]
            out += '/';
            for (i += 2; i < path.size() && path[i] != '"'; ++i) {
                if (path[i] == '\\' && i + 1 < path.size()) ++i;
                put(path[i]);
            }
            if (i + 1 < path.size() && path[i + 1] == ']') ++i;
            segment_open = false;
        } else if (c == '.' || c == '[') {
            out += '/';
            segment_open = true;
        } else if (c == ']') {
            segment_open = false;
        } else {
            if (!segment_open) {
                out += '/';
                segment_open = true;
            }
            put(c);
        }
    }
    return out;
}

/// For a YAML syntax error at 0-based line `line0` of `text`: "; line N is
/// indented with a tab, and YAML indents with spaces only" when that line or
/// the one before (where yaml-cpp often notices it) has a tab in its
/// indentation (yaml-cpp says only "illegal map value" or the like), else
/// "". Lines further up are not blamed: a tab inside a block scalar is legal.
/// With no position (-1), any line.
/// Where yaml_tab_hint's tab is: its 0-based line and byte column (the
/// last such line of the two), or nullopt.
[[nodiscard]] inline std::optional<std::pair<int, int>> yaml_tab_at(std::string_view text, int line0) {
    const std::size_t last = line0 < 0 ? text.size() : static_cast<std::size_t>(line0);
    const std::size_t first = line0 < 1 ? 0 : last - 1;
    std::optional<std::pair<int, int>> found;
    std::size_t line = 0;
    for (std::size_t at = 0; at < text.size() && line <= last; ++line) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view l = text.substr(at, end - at);
        const std::size_t content = l.find_first_not_of(" \t");
        const std::size_t tab = l.substr(0, content == std::string_view::npos ? l.size() : content).find('\t');
        if (line >= first && tab != std::string_view::npos) found = std::pair{static_cast<int>(line), static_cast<int>(tab)};
        at = end + 1;
    }
    return found;
}

/// The hint for yaml_tab_at's answer, or "".
[[nodiscard]] inline std::string yaml_tab_hint(const std::optional<std::pair<int, int>>& tab) {
    if (!tab) return {};
    return "; line " + std::to_string(tab->first + 1) + " is indented with a tab, and YAML indents with spaces only";
}

[[nodiscard]] inline std::string yaml_tab_hint(std::string_view text, int line0) { return yaml_tab_hint(yaml_tab_at(text, line0)); }



namespace yaml_hint {

/// Line `line0` (0-based) of `text` and the last line before it with
/// content (not blank, not a comment), without line ends; one pass.
struct line_and_previous {
    std::string_view line{}, previous{};
};
[[nodiscard]] inline bool content(std::string_view l) {
    const std::size_t at = l.find_first_not_of(' ');
    return at != std::string_view::npos && l[at] != '#' && l[at] != '\r';
}
[[nodiscard]] inline line_and_previous lines(std::string_view text, std::size_t line0) {
    line_and_previous out;
    std::size_t at = 0;
    for (std::size_t n = 0; at <= text.size(); ++n) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(at, end - at);
        if (l.ends_with('\r')) l.remove_suffix(1);
        if (n == line0) {
            out.line = l;
            break;
        }
        if (content(l)) out.previous = l;
        at = end + 1;
    }
    return out;
}

/// Where the line's key starts: after its indentation and any "- " of a list item.
[[nodiscard]] inline std::size_t key_column(std::string_view l) {
    std::size_t at = l.find_first_not_of(' ');
    while (at != std::string_view::npos && l[at] == '-' && (at + 1 == l.size() || l[at + 1] == ' '))
        at = l.find_first_not_of(' ', at + 1);
    return at == std::string_view::npos ? l.size() : at;
}

/// "; ..." when the `key: value` on line `line0` has a plain value holding
/// ": " (read as a second key) or text after a quoted value's closing quote.
[[nodiscard]] inline std::string quoting(std::string_view l, std::size_t line0) {
    const std::size_t key = key_column(l);
    if (key >= l.size() || l[key] == '"' || l[key] == '\'' || l[key] == '{' || l[key] == '[') return {};
    const std::size_t colon = l.find(": ", key);
    if (colon == std::string_view::npos) return {};
    const std::size_t value = l.find_first_not_of(' ', colon + 2);
    if (value == std::string_view::npos) return {};
    const std::string n = std::to_string(line0 + 1);
    const char open = l[value];
    if (open == '"' || open == '\'') {
        std::size_t close = value + 1;
        for (; close < l.size(); ++close) {
            if (open == '"' && l[close] == '\\') ++close;
            else if (l[close] == open && open == '\'' && close + 1 < l.size() && l[close + 1] == '\'') ++close;
            else if (l[close] == open) break;
        }
        if (close >= l.size()) return {};
        const std::size_t after = l.find_first_not_of(" \t", close + 1);
        if (after == std::string_view::npos || l[after] == '#') return {};
        return "; line " + n + " has text after its value's closing quote: put the whole value inside the quotes";
    }
    if (open == '{' || open == '[' || open == '|' || open == '>') return {};
    // A comment starts at a '#' after a space or tab.
    std::size_t comment = value;
    while (comment != std::string_view::npos && comment < l.size() &&
           !(l[comment] == '#' && (l[comment - 1] == ' ' || l[comment - 1] == '\t')))
        comment = l.find('#', comment + 1);
    const std::size_t second = l.find(": ", value);
    if (second == std::string_view::npos || (comment != std::string_view::npos && second > comment)) return {};
    return "; the value on line " + n + " holds \": \", which YAML reads as another key: put the whole value in "
           "quotes (\"...\")";
}

} // namespace yaml_hint

/// The byte-order mark a UTF-8 file may start with, which yaml-cpp skips
/// (its marks do not count it).
[[nodiscard]] inline std::size_t utf8_bom_size(std::string_view text) noexcept {
    return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

/// A flow collection's opening bracket ('{' or '['), 0-based line and byte
/// column as YAML::Mark.
struct yaml_flow_open {
    char bracket = '{';
    int line0 = 0, column0 = 0;
};

/// The flow collections still open just before (line0, column0) of `text`
/// (the end of the text: -1, -1), innermost last: quoted text, comments and
/// block scalars (`|`, `>`) skipped, and in block context only a bracket
/// that can start a value (after ':', '-', ',' or at a line's start)
/// counted, since a plain block value may hold "[1]". Empty when the text
/// cannot be followed (a bracket closed by the other kind). One pass.
[[nodiscard]] inline std::vector<yaml_flow_open> yaml_open_flows(std::string_view text, int line0, int column0) {
    const bool to_end = line0 < 0;
    std::vector<yaml_flow_open> open;
    int line = 0, column = 0;
    char quote = 0;
    bool comment = false;
    char last = '\n';           // the last character not a space or tab, in this line or flow
    int line_indent = 0;         // this line's indentation
    int block_scalar = -1;       // the indentation of the line a `|` or `>` value began on; -1: none
    bool at_line_start = true;   // nothing but spaces yet on this line
    for (std::size_t i = utf8_bom_size(text); i < text.size(); ++i, ++column) {
        if (!to_end && (line > line0 || (line == line0 && column >= column0))) break;
        const char c = text[i];
        if (c == '\n') {
            ++line;
            column = -1;
            comment = false;
            at_line_start = true;
            line_indent = 0;
            if (open.empty() && !quote) last = '\n';
            continue;
        }
        if (at_line_start && c == ' ') {
            ++line_indent;
            continue;
        }
        if (at_line_start && block_scalar >= 0) {
            // A block scalar's lines are text: those indented past the line
            // it began on, and blank ones.
            if (line_indent > block_scalar || c == '\r') {
                const std::size_t end = text.find('\n', i);
                const std::size_t skip = (end == std::string_view::npos ? text.size() : end) - i;
                i += skip - 1;
                column += static_cast<int>(skip) - 1;
                continue;
            }
            block_scalar = -1;
        }
        at_line_start = false;
        if (comment) continue;
        if (quote) {
            if (quote == '"' && c == '\\' && i + 1 < text.size()) {
                ++i;
                ++column;
                if (text[i] == '\n') {  // an escaped line break: the next line begins
                    ++line;
                    column = -1;
                    at_line_start = true;
                    line_indent = 0;
                }
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                    ++i;
                    ++column;
                } else {
                    quote = 0;
                    last = 'x';
                }
            }
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') continue;
        const bool value_start = last == '\n' || last == ':' || last == '-' || last == ',' || last == '[' || last == '{';
        if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
            comment = true;
            continue;
        }
        if ((c == '"' || c == '\'') && value_start) {
            quote = c;
            continue;
        }
        if ((c == '|' || c == '>') && open.empty() && value_start && last != '\n') {
            block_scalar = line_indent;
            comment = true;  // the rest of the line is its header (and a comment)
            continue;
        }
        if ((c == '{' || c == '[') && (value_start || !open.empty())) {
            open.push_back({c, line, column});
        } else if ((c == '}' || c == ']') && !open.empty()) {
            if (open.back().bracket != (c == '}' ? '{' : '[')) return {};
            open.pop_back();
        }
        last = c;
    }
    return open;
}

/// The flow collection yaml-cpp says it found no end of ("end of map flow
/// not found" at (line0, column0)), when it is still open at the end of the
/// text: else a comma is missing between its entries, and the mark stands.
[[nodiscard]] inline std::optional<yaml_flow_open> yaml_unclosed_flow(std::string_view text, int line0, int column0,
                                                                      std::string_view message) {
    const bool map = message == "end of map flow not found";
    if (!map && message != "end of sequence flow not found") return std::nullopt;
    const auto open = yaml_open_flows(text, line0, column0);
    if (open.empty() || open.back().bracket != (map ? '{' : '[')) return std::nullopt;
    const auto at_end = yaml_open_flows(text, -1, -1);
    const bool still_open = std::any_of(at_end.begin(), at_end.end(), [&](const yaml_flow_open& o) {
        return o.line0 == open.back().line0 && o.column0 == open.back().column0;
    });
    if (!still_open) return std::nullopt;
    return open.back();
}

/// yaml-cpp's mark of a syntax error, moved to the tab when yaml_tab_hint
/// blames one (it notices a tab a few columns on, or a line later), or to
/// the bracket of a flow collection left open (it notices at the next
/// key, a line later), so the position and the hint agree. `Mark`:
/// YAML::Mark (this header does not include yaml-cpp).
template <class Mark> [[nodiscard]] Mark yaml_error_mark(std::string_view text, Mark mark, std::string_view message = {}) {
    // Only on the error line itself: a tab on the line before may be legal
    // text of a block scalar, and not the cause.
    if (const auto tab = yaml_tab_at(text, mark.line); tab && tab->first == mark.line) {
        mark.column = tab->second;
        return mark;
    }
    if (const auto open = yaml_unclosed_flow(text, mark.line, mark.column, message)) {
        mark.line = open->line0;
        mark.column = open->column0;
    }
    return mark;
}

/// "; the { opened here is never closed: ..." for a flow collection left
/// open, or "; the [ on line N is closed by } here: ..." for one closed by
/// the other bracket; "" when neither is seen. (line0, column0): yaml-cpp's
/// own mark, before yaml_error_mark moves it.
[[nodiscard]] inline std::string yaml_flow_hint(std::string_view text, int line0, int column0, std::string_view message) {
    const bool map = message == "end of map flow not found";
    if (map || message == "end of sequence flow not found") {
        if (const auto open = yaml_unclosed_flow(text, line0, column0, message))
            return std::string("; the ") + (map ? "{" : "[") + " opened on line " + std::to_string(open->line0 + 1) +
                   " is never closed: expected " + (map ? "}" : "]") + " after its last entry";
        // Closed later: yaml-cpp met an entry where it wanted a comma.
        const auto open = yaml_open_flows(text, line0, column0);
        if (open.empty() || open.back().bracket != (map ? '{' : '[')) return {};
        return std::string("; a comma may be missing before this: the entries of the ") + (map ? "{" : "[") +
               " opened on line " + std::to_string(open.back().line0 + 1) + " are separated by commas";
    }
    if (message == "illegal flow end" && line0 >= 0) {
        const auto open = yaml_open_flows(text, line0, column0);
        const auto [l, prev] = yaml_hint::lines(text, static_cast<std::size_t>(line0));
        const auto col = static_cast<std::size_t>(column0);
        if (open.empty() || col >= l.size() || (l[col] != '}' && l[col] != ']')) return {};
        const char want = open.back().bracket == '{' ? '}' : ']';
        if (l[col] == want) return {};
        return std::string("; the ") + open.back().bracket + " opened on line " + std::to_string(open.back().line0 + 1) +
               " is closed by " + l[col] + " here: expected " + want;
    }
    return {};
}

/// "; line N holds the curly quote “ (U+201C), ..." when 0-based line
/// `line0` (its text `line`) holds one where a quote would open or close a
/// value, else "". YAML reads a curly quote as text, so a value a user
/// thinks is quoted is not.
[[nodiscard]] inline std::string yaml_curly_quote_hint(std::string_view line, std::size_t line0) {
    const std::size_t at = text::find_quoting_curly_quote(line);
    if (at == std::string_view::npos) return {};
    return "; line " + std::to_string(line0 + 1) + " holds the curly quote " + std::string(text::curly_quote_at(line.substr(at))) +
           ", which YAML does not read as a quote: write straight quotes \" or ' (a word processor's \"smart quotes\" "
           "make curly ones)";
}

/// yaml_tab_hint's hint, else, when yaml-cpp lost track of a block ("end of
/// map not found", "illegal map value"; it names no cause): a plain value
/// holding ": " or text after a quoted one, else a line whose key does not
/// start in the column of the line before it ("; check the indentation of
/// line N: ..."). No hint when neither is seen: a wrong cause misleads more
/// than none.
[[nodiscard]] inline std::string yaml_syntax_hint(std::string_view text, int line0, std::string_view message,
                                                  int column0 = 0) {
    // A tab on the error line itself is the cause; one on the line before
    // only when the error line shows none of its own (that line may be text
    // of a block scalar, where a tab is legal).
    const auto tab = yaml_tab_at(text, line0);
    std::string hint = yaml_tab_hint(tab);  // on the line before: used if nothing better
    if (line0 < 0 || (tab && tab->first == line0)) return hint;
    const auto at = static_cast<std::size_t>(line0);
    const auto [l, prev] = yaml_hint::lines(text, at);
    // Whatever yaml-cpp says ("end of map flow not found" too): a curly quote
    // opening a value on the line is the likely cause.
    if (auto curly = yaml_curly_quote_hint(l, at); !curly.empty()) return curly;
    if (auto flow = yaml_flow_hint(text, line0, column0, message); !flow.empty()) return flow;
    if (message != "end of map not found" && message != "end of sequence not found" && message != "illegal map value")
        return hint;
    // Lines ended by CR alone (old Mac files) are one line to YAML: no other hint holds.
    if (l.find('\r') != std::string_view::npos)
        return "; line " + std::to_string(at + 1) +
               " holds carriage returns without line feeds; expected lines ended by LF or CR LF";
    if (auto quoting = yaml_hint::quoting(l, at); !quoting.empty()) return quoting;
    if (!hint.empty() || !yaml_hint::content(l) || !yaml_hint::content(prev)) return hint;
    if (yaml_hint::key_column(prev) != yaml_hint::key_column(l))
        hint = "; check the indentation of line " + std::to_string(at + 1) +
               " and the line before it: the keys of one mapping start in the same column, and a key's "
               "nested keys further right";
    return hint;
}

/// The reference tokens of an RFC 6901 JSON pointer ("/affected/1" gives
/// "affected", "1"; ~1 is '/', ~0 is '~'), each given to `f`, which returns
/// false to stop.
template <class F> void for_each_pointer_token(std::string_view pointer, F&& f) {
    for (std::size_t from = 1; from <= pointer.size();) {
        std::size_t to = pointer.find('/', from);
        if (to == std::string_view::npos) to = pointer.size();
        std::string token;
        for (std::size_t k = from; k < to; ++k) {
            if (pointer[k] == '~' && k + 1 < to) {
                token += pointer[k + 1] == '1' ? '/' : '~';
                ++k;
            } else {
                token += pointer[k];
            }
        }
        if (!f(token)) return;
        from = to + 1;
    }
}

/// An array index token ("12"), or nullopt.
[[nodiscard]] inline std::optional<std::size_t> pointer_index(std::string_view token) {
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc{} || end != token.data() + token.size() || token.empty()) return std::nullopt;
    return index;
}


/// Where a YAML file holds a character YAML 1.2 does not allow in a stream
/// (its c-printable set): a byte that is not UTF-8 (a file saved as
/// Latin-1) or a control character other than tab, line feed and carriage
/// return (a binary file). yaml-cpp reads the first as text, to reach the
/// reports as mojibake, and stops at the second with a message that ends in
/// the raw byte. A file saved as UTF-16 or UTF-32 (which yaml-cpp would
/// read) is named as such: spfgov's files are UTF-8 (formats.md).
///
/// Whether `text` begins as ASCII written `width` bytes a character: each
/// character's byte at `at`, zero bytes around it, for the first 8
/// characters (or all, if fewer but at least 2). A stray NUL in UTF-8 text
/// does not look so.
[[nodiscard]] inline bool looks_wide(std::string_view text, std::size_t width, std::size_t at) noexcept {
    const std::size_t n = std::min(text.size() / width, std::size_t{8});
    if (n < 2) return false;
    for (std::size_t i = 0; i < n * width; ++i)
        if ((text[i] == '\0') == (i % width == at)) return false;
    return true;
}

/// Text that is UTF-16 or UTF-32 (what Notepad's "Unicode" and PowerShell
/// write): what it is and what was expected, or nullopt. Byte-order marks
/// first (UTF-32's before UTF-16's, which they begin with), then text that
/// begins as ASCII in 4 or 2 bytes a character: a file without a mark (or a
/// later line of one). The JSON readers ask it when a text holds a NUL
/// byte, the YAML readers always.
[[nodiscard]] inline std::optional<std::string> wide_encoding_of(std::string_view text) {
    constexpr std::string_view save_as = "; expected UTF-8 text (save the file as UTF-8)";
    const auto said = [&](std::string_view what) { return std::string(what) + std::string(save_as); };
    if (text.starts_with(std::string_view("\xFF\xFE\0\0", 4)) || text.starts_with(std::string_view("\0\0\xFE\xFF", 4)))
        return said("the file is UTF-32 (it starts with a UTF-32 byte-order mark)");
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
        return said("the file is UTF-16 (it starts with a UTF-16 byte-order mark)");
    for (std::size_t at = 0; at < 4; ++at)
        if (looks_wide(text, 4, at)) return said("the file looks like UTF-32 (three zero bytes beside each character)");
    for (std::size_t at = 0; at < 2; ++at)
        if (looks_wide(text, 2, at)) return said("the file looks like UTF-16 (a zero byte beside each character)");
    return std::nullopt;
}

struct yaml_unprintable_char {
    int line0 = 0;   ///< 0-based, as YAML::Mark
    int column0 = 0; ///< 0-based, in bytes after the line's start (and a leading BOM), as YAML::Mark
    std::string what{};
};
[[nodiscard]] inline std::optional<yaml_unprintable_char> find_yaml_unprintable(std::string_view text) {
    if (auto wide = wide_encoding_of(text)) return yaml_unprintable_char{0, 0, std::move(*wide)};
    const std::size_t bom = utf8_bom_size(text);
    std::optional<yaml_unprintable_char> found;
    int line0 = 0;
    std::size_t line_start = bom;
    std::size_t offset = bom;
    text::for_each_code_point(text.substr(bom), [&](char32_t cp, std::string_view bytes) {
        if (found) return;
        const bool allowed = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp < 0x7F) || cp == 0x85 ||
                             (cp >= 0xA0 && cp != 0xFFFE && cp != 0xFFFF && cp != text::not_utf8);
        if (!allowed) {
            std::string shown;
            text::append_escape(shown, cp, bytes);
            const int column0 = static_cast<int>(offset - line_start);
            if (cp == text::not_utf8)
                found = yaml_unprintable_char{line0, column0, "byte " + shown + " is not UTF-8; expected UTF-8 text (save the file as UTF-8)"};
            else if (cp == 0xFFFE || cp == 0xFFFF)
                found = yaml_unprintable_char{line0, column0,
                                              "character " + shown +
                                                  " (a Unicode noncharacter) is not allowed in YAML; expected a text file"};
            else
                found = yaml_unprintable_char{line0, column0,
                                              "control character " + shown + " is not allowed in YAML; expected a text file"};
            return;
        }
        offset += bytes.size();
        if (cp == '\n') {
            ++line0;
            line_start = offset;
        }
    });
    return found;
}

} // namespace spfgov::detail
