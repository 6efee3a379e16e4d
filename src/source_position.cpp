// source_position: the process-wide tables of file names and of positions
// kept whole, and the rendering of a position as text.
#include "spfgov/source_position.hpp"

#include <charconv>
#include <deque>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace spfgov {
namespace {

struct kept_position {
    std::uint32_t file;
    std::size_t line;
    std::size_t column;
    std::string pointer;
};

// Never destroyed: a message may render a position during static
// destruction. Reachable through the pointer, so no leak is reported.
struct tables {
    std::mutex lock;
    std::deque<std::string> names;  // a deque: the map's keys view its strings
    std::unordered_map<std::string_view, std::uint32_t> name_ids;
    std::deque<kept_position> kept;
};
tables& the_tables() {
    static tables* const t = new tables;
    return *t;
}

constexpr std::uint32_t max32 = std::numeric_limits<std::uint32_t>::max();

/// A canonical decimal index ("0", "17"; not "017", "+1" or ""), or nullopt.
std::optional<std::size_t> index_of(std::string_view s) {
    if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return n;
}

void append_number(std::string& out, std::size_t n) {
    char digits[std::numeric_limits<std::size_t>::digits10 + 2];
    out.append(digits, std::to_chars(std::begin(digits), std::end(digits), n).ptr);
}

}  // namespace

source_position::file_name::file_name(std::string_view name) {
    auto& t = the_tables();
    const std::lock_guard hold(t.lock);
    if (const auto it = t.name_ids.find(name); it != t.name_ids.end()) {
        id_ = it->second;
        return;
    }
    if (t.names.size() >= max32 - 1) throw std::length_error("spfgov: too many distinct file names");
    const std::string& kept = t.names.emplace_back(name);
    id_ = static_cast<std::uint32_t>(t.names.size());
    t.name_ids.emplace(kept, id_);
}

namespace {
std::string file_name_of(std::uint32_t id) {
    if (id == 0) return {};
    auto& t = the_tables();
    const std::lock_guard hold(t.lock);
    return t.names[id - 1];
}
}  // namespace

std::string source_position::file_name::str() const { return file_name_of(id_); }

namespace {

bool fits(std::size_t line, std::size_t column, std::size_t index, std::optional<std::size_t> item) {
    // An item of max32 would read as "no item".
    return line <= max32 && column <= max32 && index <= max32 && (!item || *item < max32);
}

constexpr std::size_t no_number = std::numeric_limits<std::size_t>::max();

/// `field` and `item` are optional: null, no_number when absent (a plain
/// std::optional draws a false GCC 12 maybe-uninitialized warning here).
std::string pointer_text(std::string_view section, std::size_t index, const body_field* field, std::size_t item) {
    std::string pointer = "/";
    pointer += section;
    append_number(pointer += '/', index);
    if (field) (pointer += '/') += to_string(*field);
    if (item != no_number) append_number(pointer += '/', item);
    return pointer;
}

}  // namespace

source_position source_position::in_body(file_name file, std::size_t line, std::size_t column, std::size_t index,
                                         std::optional<body_field> field, std::optional<std::size_t> item) {
    if (item && !field) throw std::invalid_argument("spfgov: source_position::in_body: an item needs its field");
    if (!fits(line, column, index, item)) return {file, line, column, pointer_text("bodies", index, field ? &*field : nullptr, item.value_or(no_number))};
    source_position p;
    p.file_ = file.id_;
    p.line_ = static_cast<std::uint32_t>(line);
    p.column_ = static_cast<std::uint32_t>(column);
    p.index_ = static_cast<std::uint32_t>(index);
    if (field) p.field_ = static_cast<std::uint8_t>(*field);
    if (item) p.item_ = static_cast<std::uint32_t>(*item);
    p.shape_ = shape::bodies;
    return p;
}

source_position source_position::in_link(file_name file, std::size_t line, std::size_t column, std::size_t index) {
    if (!fits(line, column, index, std::nullopt)) return {file, line, column, pointer_text("links", index, nullptr, no_number)};
    source_position p = in_body(file, line, column, index);
    p.shape_ = shape::links;
    return p;
}

source_position::source_position(file_name file, std::size_t line, std::size_t column, std::string_view pointer) {
    // The graph file's shapes, when their numbers fit (else in_body and
    // in_link come back here, and the position is kept whole).
    const std::string_view whole = pointer;
    const auto segment = [&pointer]() -> std::optional<std::string_view> {
        if (pointer.empty() || pointer[0] != '/') return std::nullopt;
        pointer.remove_prefix(1);
        const auto s = pointer.substr(0, pointer.find('/'));
        pointer.remove_prefix(s.size());
        return s;
    };
    const auto section = segment();
    const auto index = section ? segment() : std::nullopt;
    const auto i = index ? index_of(*index) : std::nullopt;
    if (i && (*section == "bodies" || *section == "links")) {
        std::optional<body_field> field;
        std::optional<std::size_t> item;
        bool shaped = pointer.empty();
        if (!shaped && *section == "bodies") {
            field = parse_enum<body_field>(segment().value_or(""));
            const bool item_given = !pointer.empty();
            if (field && item_given) item = index_of(segment().value_or(""));
            shaped = field && pointer.empty() && (!item_given || item);
        }
        if (shaped && fits(line, column, *i, item)) {
            *this = *section == "bodies" ? in_body(file, line, column, *i, field, item)
                                         : in_link(file, line, column, *i);
            return;
        }
    }
    auto& t = the_tables();
    const std::lock_guard hold(t.lock);
    if (t.kept.size() >= max32) throw std::length_error("spfgov: too many source positions kept whole");
    t.kept.push_back({file.id_, line, column, std::string(whole)});
    file_ = file.id_;
    index_ = static_cast<std::uint32_t>(t.kept.size() - 1);
    shape_ = shape::kept_whole;
}

bool operator==(const source_position& a, const source_position& b) {
    if (a.shape_ == source_position::shape::kept_whole && b.shape_ == source_position::shape::kept_whole)
        return a.location() == b.location();
    return a.file_ == b.file_ && a.line_ == b.line_ && a.column_ == b.column_ && a.index_ == b.index_ &&
           a.item_ == b.item_ && a.field_ == b.field_ && a.shape_ == b.shape_;
}

error_location source_position::location() const {
    if (shape_ == shape::none) return {};
    error_location out;
    out.file = file_name_of(file_);
    if (shape_ == shape::kept_whole) {
        auto& t = the_tables();
        const std::lock_guard hold(t.lock);
        const kept_position& k = t.kept[index_];
        out.line = k.line;
        out.column = k.column;
        out.pointer = k.pointer;
        return out;
    }
    out.line = line_;
    out.column = column_;
    const auto field = static_cast<body_field>(field_);
    out.pointer = pointer_text(shape_ == shape::bodies ? "bodies" : "links", index_,
                               field_ == no_field ? nullptr : &field, item_ == no_item ? no_number : item_);
    return out;
}

void source_position::append_to(std::string& out) const {
    if (shape_ == shape::none) return;
    const error_location at = location();
    out += *at.file;
    append_number(out += ':', *at.line);
    append_number(out += ':', *at.column);
    // The document's pointer "" is written "/", as messages always have.
    (out += ' ') += at.pointer->empty() ? std::string_view("/") : std::string_view(*at.pointer);
}

std::string source_position::str() const {
    std::string out;
    append_to(out);
    return out;
}

}  // namespace spfgov
