// Private to src/: a JSON document with the line and column of every value,
// parsed with nlohmann/json's SAX interface, plus the JSON text helpers the
// readers and writers share. Not installed; nlohmann/json stays out of the
// public headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::detail::json {

/// Where a value starts: 1-based line, and 1-based column counted in
/// characters (UTF-8 code points) from the start of the line.
struct position {
    std::size_t line = 1;
    std::size_t column = 1;
};

struct member;

/// A parsed JSON value and where it starts in the text.
struct node {
    enum class type : std::uint8_t { null, boolean, integer, unsigned_integer, floating, string, array, object };

    type kind = type::null;
    // The one scalar `kind` says (read none other): a node is made for every
    // value of a graph file, so it is kept small.
    union {
        bool boolean = false;             ///< type::boolean
        std::int64_t integer;             ///< type::integer (negative numbers)
        std::uint64_t unsigned_integer;   ///< type::unsigned_integer (non-negative integers)
        double floating;                  ///< type::floating
    };
    std::string text;                 ///< a string's value, or a number exactly as written
    std::vector<node> items;          ///< type::array
    std::vector<member> members;      ///< type::object, in input order (duplicates kept)
    position pos;

    [[nodiscard]] bool is_object() const noexcept { return kind == type::object; }
    [[nodiscard]] bool is_array() const noexcept { return kind == type::array; }
    [[nodiscard]] bool is_string() const noexcept { return kind == type::string; }
    [[nodiscard]] bool is_null() const noexcept { return kind == type::null; }
    [[nodiscard]] bool is_number() const noexcept {
        return kind == type::integer || kind == type::unsigned_integer || kind == type::floating;
    }
    /// The member named `key` (the last, if repeated), or nullptr.
    [[nodiscard]] const node* find(std::string_view key) const noexcept;
};

struct member {
    std::string key;
    node value;
};

/// A key given twice in one object (reported by the caller).
struct duplicate_key {
    std::string path;  ///< JSON pointer of the repeated member
    std::string key;
    position pos;      ///< of the second occurrence's value
};

struct parse_options {
    std::size_t max_bytes = std::size_t{512} << 20;
    std::size_t max_depth = 32;
};

struct document {
    node root;
    std::vector<duplicate_key> duplicates;
};

/// Parses `text` (RFC 8259, strict: nothing but whitespace after the value;
/// an initial UTF-8 BOM is skipped). Throws spfgov::parse_error with code
/// "empty_input", "too_large", "too_deep" or "json_syntax", and a message
/// starting "FILE:LINE:COL: ".
[[nodiscard]] document parse(std::string_view text, std::string_view file_name, const parse_options& options);

/// Streams the elements of arrays that are members of the root object: each
/// element of the array under a root key in `keys` is given to `element` as
/// soon as it is complete, and then dropped, so that a graph of a million
/// bodies is never a tree of a million bodies. The document keeps such an
/// array, empty; every other value is kept as parse() keeps it. Positions,
/// JSON pointers, limits (the too_dense budget counts streamed values too)
/// and errors are parse()'s. `element` may throw to stop the parse.
struct element_stream {
    std::vector<std::string_view> keys;
    /// The root key, the element's index in its array, the element, the
    /// root members read so far (the last is the open array's, its value
    /// still empty), and how many repeated keys were found so far.
    std::function<void(std::string_view key, std::size_t index, const node& element,
                       const std::vector<member>& root_so_far, std::size_t duplicates_so_far)>
        element;
};

/// parse(), streaming the arrays `stream` names.
[[nodiscard]] document parse(std::string_view text, std::string_view file_name, const parse_options& options,
                             const element_stream& stream);

/// The memory a parsed tree of `text_size` bytes may take (too_dense):
/// 16 times the input plus 64 MiB (docs/limits.md).
[[nodiscard]] std::size_t tree_memory_budget(std::size_t text_size) noexcept;

/// `FILE:LINE:COL` appended to `out`, as messages and `where` strings give a
/// position (no temporary strings: a graph has one per body and per link).
void append_location(std::string& out, std::string_view file, position at);

/// A JSON pointer segment: `~` as `~0`, `/` as `~1`.
void append_pointer_segment(std::string& path, std::string_view segment);

/// The first byte after a text's first JSON value and the whitespace after
/// it: where trailing data starts (trailing_data's location). The value must
/// be complete (the parser read it, then found more), so that brackets and
/// strings balance; else the answer is only some byte of the text. Inline:
/// the command uses it too, and a shared library exports no detail.
[[nodiscard]] inline std::size_t after_first_value(std::string_view t) {
    std::size_t i = t.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // a byte order mark
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    const auto skip_space = [&] {
        while (i < t.size() && is_space(t[i])) ++i;
    };
    skip_space();
    int depth = 0;
    bool in_string = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
                if (depth == 0) {  // a string was the value
                    ++i;
                    break;
                }
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) break;  // after a number or literal
            if (--depth == 0) {
                ++i;
                break;
            }
        } else if (depth == 0 && (is_space(c) || c == '{' || c == '"')) {
            break;  // the end of a number or literal
        }
    }
    skip_space();
    return i < t.size() ? i : t.size();  // a backslash ending the text steps past it
}

/// Appends `s` as a JSON string literal (quotes included). Invalid UTF-8 is
/// replaced by U+FFFD so the output is always valid JSON.
void append_quoted(std::string& out, std::string_view s);
[[nodiscard]] std::string json_string(std::string_view s);
/// Whether append_quoted would write `s` other than byte for byte between
/// the quotes (a control character, quote, backslash or non-ASCII byte).
[[nodiscard]] bool needs_escaping(std::string_view s) noexcept;

/// What one pass over JSON text finds, for the fast (simdjson) readers to
/// decide whether they and the located reader cannot differ on it.
struct text_scan {
    /// No backslash, no control character but JSON's whitespace (tab,
    /// newline, carriage return; space is not a control character) and that
    /// only outside strings, and every string closed.
    bool plain = false;
    bool high = false;  ///< a byte of 0x80 or more (non-ASCII UTF-8, or not UTF-8)
    bool del = false;   ///< a 0x7F byte
};
/// Sixteen bytes at a time where the compiler has vector types: a byte loop
/// over a 1.3 MB graph file was a sixth of loading it.
[[nodiscard]] text_scan scan_text(std::string_view text) noexcept;

/// Compact JSON of a node: object keys sorted (byte order; a repeated key
/// keeps its last value), numbers exactly as written, separators ", " and
/// ": ". Used for kept unknown fields.
void append_canonical(std::string& out, const node& n);

/// Short description of a value for messages: `number 12`, `"abc"` (long
/// strings cut with "..."), `an array`, `an object`, `null`, `true`.
[[nodiscard]] std::string describe(const node& n);

/// Where the key of the member whose value starts at `value` (in `text`,
/// which was parsed) starts: its opening quote. The parser keeps values'
/// positions only (a node per value of a graph file is kept small); a
/// message naming a key looks it up here.
[[nodiscard]] position key_position(std::string_view text, position value);

/// The name of a value's JSON type: "a string", "a number", ...
[[nodiscard]] std::string_view type_name(const node& n) noexcept;

} // namespace spfgov::detail::json
