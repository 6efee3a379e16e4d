// The fast path of reading a base graph file (spfgov/detail/graph_reading.hpp):
// the file read with simdjson's On-Demand parser straight into a
// graph_builder, with no tree, making exactly the builder calls the streamed
// read in json_io.cpp makes, in the same order, with the same positions.
// It reads only what it is sure of. Anything the located readers would
// report, and anything rare that they read (escapes, nulls, repeated keys,
// keys out of the usual order, unknown keys but on bodies and the root,
// nested unknown values on a body), makes it give up ("not sure"), and the
// file goes to the streamed and tree reads, which give today's diagnostics
// byte for byte. tests/test_graph_reading.cpp and the differential fuzz
// target tests/fuzz/fuzz_graph_stream.cpp check that the reads agree.
#include "spfgov/detail/graph_reading.hpp"

#include "spfgov/date.hpp"
#include "spfgov/kinds.hpp"

#include "detail_field_names.hpp"
#include "detail_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace spfgov::detail {

namespace {

namespace od = simdjson::ondemand;
namespace js = detail::json;

/// Whether the text is plain enough that simdjson and the located reader
/// cannot differ on it: no backslash (every string's bytes are its value,
/// and a `"` always opens or closes a string), no control character but
/// JSON's whitespace outside strings, no byte-order mark, and UTF-8 that
/// both accept. `ascii` tells whether every byte is below 0x80 (columns are
/// then byte counts).
bool plain_text(std::string_view text, bool& ascii) noexcept {
    const js::text_scan scan = js::scan_text(text);
    ascii = !scan.high;
    if (!scan.plain) return false;
    if (text.starts_with("\xEF\xBB\xBF")) return false;
    return ascii || simdjson::validate_utf8(text.data(), text.size());
}

/// Line and column of byte offsets asked for in increasing order, counted as
/// the located reader counts them: a newline starts a line; a column is a
/// UTF-8 code point (a byte that is not a continuation byte).
class locator {
public:
    locator(std::string_view text, bool ascii) : text_(text), ascii_(ascii) {}

    js::position at(std::size_t offset) {
        const char* const data = text_.data();
        // Newlines between the last offset asked for and this one.
        const char* p = data + cursor_;
        const char* const end = data + offset;
        while (p < end) {
            const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            if (!nl) break;
            p = static_cast<const char*>(nl) + 1;
            ++line_;
            line_start_ = static_cast<std::size_t>(p - data);
            column_ = 1;
            counted_to_ = line_start_;
        }
        cursor_ = offset;
        if (ascii_) return {line_, offset - line_start_ + 1};
        for (; counted_to_ < offset; ++counted_to_)
            if ((static_cast<unsigned char>(data[counted_to_]) & 0xC0U) != 0x80U) ++column_;
        return {line_, column_};
    }

private:
    std::string_view text_;
    bool ascii_;
    std::size_t cursor_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
    std::size_t column_ = 1;       // the column at counted_to_ (non-ASCII text)
    std::size_t counted_to_ = 0;
};

/// Whether `t` is a whole number of at most 19 digits, as JSON writes it
/// (no leading zero). The located reader keeps a kept field's number as
/// written, but refuses one out of a double's range (`1e999`, `1e-400`, 310
/// digits): fractions, exponents and long numbers are left to it.
bool is_plain_integer(std::string_view t) noexcept {
    if (t.starts_with('-')) t.remove_prefix(1);
    if (t.empty() || t.size() > 19 || (t.size() > 1 && t[0] == '0')) return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// `t` without the JSON whitespace at its end.
std::string_view without_trailing_blanks(std::string_view t) {
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\r')) t.remove_suffix(1);
    return t;
}

/// A scalar's token, without the whitespace simdjson leaves after it.
std::string_view trimmed_token(od::value& v) { return without_trailing_blanks(v.raw_json_token()); }

/// What stops the fast read: the file goes to the located reads.
struct not_sure {};

/// The keys of one small object seen so far, by number: a repeated key is the
/// located reads' to report.
class seen_keys {
public:
    void once(unsigned key) {
        if (bits_ & (1U << key)) throw not_sure{};
        bits_ |= 1U << key;
    }
    [[nodiscard]] bool has(unsigned key) const noexcept { return (bits_ & (1U << key)) != 0; }

private:
    unsigned bits_ = 0;
};

class fast_graph_reader {
public:
    fast_graph_reader(std::string_view text, const char* padded, std::string_view file, const read_limits& limits,
                      bool ascii)
        : text_(text), padded_(padded), text_end_(padded + text.size()), file_(file), limits_(limits), where_(text, ascii),
          budget_(js::tree_memory_budget(text.size())) {}

    /// Reads the whole file into `builder`; throws not_sure.
    void read(od::parser& parser, graph_builder& builder) {
        builder_ = &builder;
        od::document doc;
        if (parser.iterate(padded_, text_.size(), text_.size() + simdjson::SIMDJSON_PADDING).get(doc)) throw not_sure{};
        od::object root;
        if (doc.get_object().get(root)) throw not_sure{};
        charge_value(0);
        enter(1);

        enum root_key : unsigned { version, allow, covers, bodies, links };
        seen_keys seen;
        std::vector<std::string_view> other_keys;
        js::node extra;  // the unknown root members
        extra.kind = js::node::type::object;
        for_each_field(root, [&](std::string_view key, od::value& v) {
            // "spfgov", "allow" and "covers" before the bodies, "links" after
            // them: the order the streamed read reads.
            if (key == "spfgov") {
                if (seen.has(bodies)) throw not_sure{};
                seen.once(version);
                const std::string_view t = trimmed_token(v);
                std::uint64_t n = 0;
                if (t != "1" || v.get_uint64().get(n) || n != 1) throw not_sure{};
                charge_value(t.size());
            } else if (key == "allow") {
                if (seen.has(bodies)) throw not_sure{};
                seen.once(allow);
                read_allow(v);
            } else if (key == "covers") {
                if (seen.has(bodies)) throw not_sure{};
                seen.once(covers);
                read_covers(v);
            } else if (key == "bodies") {
                if (!seen.has(version)) throw not_sure{};
                seen.once(bodies);
                read_bodies(v);
            } else if (key == "links") {
                if (!seen.has(bodies)) throw not_sure{};
                seen.once(links);
                read_links(v);
            } else {
                // Kept (formats.md), as the located reads keep it: checked
                // and counted, then its text canonicalised as they write it.
                // A likely misspelling ("link") gets its warning from the located reader.
                detail::nearest_word near = detail::near_key(key);
                for (const auto f : detail::root_fields) near.consider(f);
                if (!near.found().empty()) throw not_sure{};
                remember_key(other_keys, key);
                od::json_type type{};
                if (v.type().get(type)) throw not_sure{};
                std::string_view value;
                if (type == od::json_type::object || type == od::json_type::array) {
                    // From its first byte to the token after it (a scalar's
                    // token is its own; a container's ends where the
                    // document's iterator stands once it is skipped).
                    const char* start = nullptr;
                    if (v.current_location().get(start)) throw not_sure{};
                    skip_checked(v, 2);
                    const char* end = nullptr;
                    if (doc.current_location().get(end) || end <= start) throw not_sure{};
                    value = without_trailing_blanks(std::string_view(start, static_cast<std::size_t>(end - start)));
                } else {
                    value = trimmed_token(v);
                    skip_checked(v, 2);
                }
                js::member kept;
                kept.key = std::string(key);
                try {
                    kept.value = js::parse(value, file_, {value.size(), limits_.max_depth}).root;
                } catch (const error&) {
                    throw not_sure{};
                }
                extra.members.push_back(std::move(kept));
            }
        });
        if (!seen.has(bodies)) throw not_sure{};
        if (!extra.members.empty()) {
            std::string text;
            js::append_canonical(text, extra);
            builder_->set_extra(std::move(text));
        }
        // Nothing may follow the object: simdjson 3.0's On-Demand documents
        // do not check that themselves (OUT_OF_BOUNDS: no token is left).
        if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) throw not_sure{};
    }

private:
    // ---- the located reader's limits

    // The tree's memory budget (too_dense), counted as the located parser
    // counts it, streamed values included: a file it would refuse is not
    // read here.
    void charge(std::size_t bytes) {
        used_ += bytes;
        if (used_ > budget_) throw not_sure{};
    }
    void charge_value(std::size_t text_size) { charge(sizeof(js::node) + (text_size > 15 ? text_size + 1 : 0)); }
    void charge_key(std::string_view key) { charge(sizeof(js::member) + (key.size() > 15 ? key.size() + 1 : 0)); }
    /// A container at nesting `depth` (the root object is 1).
    void enter(std::size_t depth) const {
        if (depth > limits_.max_depth) throw not_sure{};
    }

    // ---- values

    /// A string's value where it stands in the text: plain text has no
    /// escapes, so its value is its bytes up to the next quote. (Not
    /// unescaped into simdjson's string buffer: memory not touched is time
    /// not spent.)
    std::string_view in_place(od::raw_json_string raw) const {
        const char* const begin = raw.raw();
        const auto* end = static_cast<const char*>(std::memchr(begin, '"', static_cast<std::size_t>(text_end_ - begin)));
        if (!end) throw not_sure{};
        return {begin, static_cast<std::size_t>(end - begin)};
    }

    /// Where `v` starts. Asked in file order (the locator only moves on).
    js::position position_of(od::value& v) {
        const char* at = nullptr;
        if (v.current_location().get(at)) throw not_sure{};
        return where_.at(static_cast<std::size_t>(at - padded_));
    }

    std::string_view string_of(od::value& v) {
        od::raw_json_string raw;
        if (v.get_raw_json_string().get(raw)) throw not_sure{};
        const std::string_view s = in_place(raw);
        charge_value(s.size());
        return s;
    }

    /// An id: a string of at most max_id_length bytes.
    std::string_view id_of(od::value& v) {
        const std::string_view s = string_of(v);
        if (s.size() > limits_.max_id_length) throw not_sure{};
        return s;
    }

    date date_of(od::value& v) {
        const auto d = parse_iso_date(string_of(v));
        if (!d) throw not_sure{};
        return *d;
    }

    template <spelled_enum Enum>
    Enum enum_of(od::value& v) {
        const auto e = parse_enum<Enum>(string_of(v));
        if (!e) throw not_sure{};
        return *e;
    }

    od::object object_of(od::value& v, std::size_t depth) {
        od::object o;
        if (v.get_object().get(o)) throw not_sure{};
        charge_value(0);
        enter(depth);
        return o;
    }

    od::array array_of(od::value& v, std::size_t depth) {
        od::array a;
        if (v.get_array().get(a)) throw not_sure{};
        charge_value(0);
        enter(depth);
        return a;
    }

    /// Each field of `o`, its key counted, given to `f(key, value)`.
    template <class F>
    void for_each_field(od::object& o, F&& f) {
        for (auto field_result : o) {
            od::field field;
            std::string_view key;
            if (std::move(field_result).get(field)) throw not_sure{};
            key = in_place(field.key());
            charge_key(key);
            f(key, field.value());
        }
    }

    /// Each item of `a`, with its index.
    template <class F>
    void for_each_item(od::array& a, F&& f) {
        std::size_t i = 0;
        for (auto item_result : a) {
            od::value item;
            if (std::move(item_result).get(item)) throw not_sure{};
            f(i++, item);
        }
    }

    /// `key` added to the keys of an object seen so far; not_sure if it is
    /// there already, or past a few (a repeat is then found by a linear
    /// search: a file of many unknown keys goes to the located reads).
    static void remember_key(std::vector<std::string_view>& keys, std::string_view key) {
        constexpr std::size_t max_unknown_keys = 16;
        if (keys.size() >= max_unknown_keys || std::find(keys.begin(), keys.end(), key) != keys.end()) throw not_sure{};
        keys.push_back(key);
    }

    /// A value neither read keeps (an unknown root member): checked to the
    /// last token, since On-Demand would skip it unchecked, and counted.
    void skip_checked(od::value& v, std::size_t depth) {
        od::json_type type{};
        if (v.type().get(type)) throw not_sure{};
        switch (type) {
        case od::json_type::object: {
            od::object o = object_of(v, depth);
            std::vector<std::string_view> keys;
            for_each_field(o, [&](std::string_view key, od::value& item) {
                remember_key(keys, key);
                skip_checked(item, depth + 1);
            });
            break;
        }
        case od::json_type::array: {
            od::array a = array_of(v, depth);
            for_each_item(a, [&](std::size_t, od::value& item) { skip_checked(item, depth + 1); });
            break;
        }
        default:
            scalar_text(v, scratch_);
            break;
        }
    }

    /// A scalar into `out` as the located reader's canonical JSON writes it
    /// (strings quoted as it quotes them, numbers as written), or not_sure
    /// for a container.
    void scalar_text(od::value& v, std::string& out) {
        od::json_type type{};
        if (v.type().get(type)) throw not_sure{};
        out.clear();
        switch (type) {
        case od::json_type::string:
            js::append_quoted(out, string_of(v));
            break;
        case od::json_type::number: {
            // Checked here: On-Demand checks a number only when it is read.
            const std::string_view t = trimmed_token(v);
            if (!is_plain_integer(t)) throw not_sure{};
            charge_value(t.size());
            out += t;
            break;
        }
        case od::json_type::boolean: {
            bool b = false;
            if (v.get_bool().get(b)) throw not_sure{};
            charge_value(0);
            out += b ? "true" : "false";
            break;
        }
        case od::json_type::null: {
            bool is_null = false;
            if (v.is_null().get(is_null) || !is_null) throw not_sure{};
            charge_value(0);
            out += "null";
            break;
        }
        default:
            throw not_sure{};
        }
    }

    /// `where` as the located reader writes it: "FILE:LINE:COL PATH".
    std::string where(js::position p, std::string_view path) const {
        std::string out;
        out.reserve(file_.size() + path.size() + 24);
        js::append_location(out, file_, p);
        out += ' ';
        out += path;
        return out;
    }

    // ---- root members before the bodies

    void read_allow(od::value& v) {
        od::array a = array_of(v, 2);
        for_each_item(a, [&](std::size_t, od::value& item) {
            od::object o = object_of(item, 3);
            std::optional<relation> rel;
            std::optional<body_kind> from, to;
            seen_keys seen;
            for_each_field(o, [&](std::string_view key, od::value& value) {
                if (key == "relation") seen.once(0), rel = enum_of<relation>(value);
                else if (key == "from") seen.once(1), from = enum_of<body_kind>(value);
                else if (key == "to") seen.once(2), to = enum_of<body_kind>(value);
                else throw not_sure{};
            });
            if (!rel || !from || !to) throw not_sure{};
            allow_.push_back({*rel, *from, *to});
        });
    }

    void read_covers(od::value& v) {
        const js::position at = position_of(v);
        od::object o = object_of(v, 2);
        validity period;
        seen_keys seen;
        for_each_field(o, [&](std::string_view key, od::value& value) {
            if (key == "from") seen.once(0), period.from = date_of(value);
            else if (key == "to") seen.once(1), period.to = date_of(value);
            else throw not_sure{};
        });
        covers_.emplace(covers_given{period, where(at, "/covers"), {std::string(file_), at.line, at.column, "/covers"}});
    }

    // ---- bodies

    // A body's keys: the common ones, then the field table's (body_field order).
    static constexpr std::size_t common_keys = 5;  // id, kind, name, valid_from, valid_to
    static constexpr std::size_t body_keys = common_keys + enum_count<body_field>;

    static std::size_t body_key_of(std::string_view key) noexcept {
        static constexpr std::array<std::string_view, common_keys> common{"id", "kind", "name", "valid_from", "valid_to"};
        for (std::size_t i = 0; i < common.size(); ++i)
            if (common[i] == key) return i;
        if (const auto f = parse_enum<body_field>(key)) return common_keys + static_cast<std::size_t>(*f);
        return body_keys;  // unknown: kept in `extra`
    }

    struct structural_target {
        body_field field;
        std::string_view id;
        js::position at;
        std::size_t index;  // in the field's array, or npos for a lone string
    };

    void read_bodies(od::value& v) {
        od::array a = array_of(v, 2);
        bool first = true;
        for_each_item(a, [&](std::size_t index, od::value& item) {
            if (first) {
                first = false;
                // As the streamed read, at its first body: "allow", then
                // "covers" (whatever their order in the file), then room
                // for about a body per 100 bytes and a link per 75, a hint.
                for (const relation_rule& rule : allow_) builder_->allow(rule);
                if (covers_) builder_->set_covers(covers_->period, std::move(covers_->where), std::move(covers_->location));
                try {
                    builder_->reserve(text_.size() / 100, text_.size() / 75);
                } catch (const std::bad_alloc&) {
                }
            }
            read_body(item, index);
        });
        if (first) throw not_sure{};  // no body: the tree read reads it
    }

    void read_body(od::value& v, std::size_t index) {
        const js::position at = position_of(v);
        od::object o = object_of(v, 3);

        body out;
        std::optional<body_kind> kind;
        std::uint32_t seen = 0;
        static_assert(body_keys <= 32);
        targets_.clear();
        extra_count_ = 0;

        for_each_field(o, [&](std::string_view key, od::value& value) {
            const std::size_t k = body_key_of(key);
            if (k == body_keys) {
                // A likely misspelling gets its warning from the located reader.
                if (near_a_body_field(key)) throw not_sure{};
                // Each extra's string is kept from body to body (its capacity reused).
                if (extra_count_ == extras_.size()) extras_.emplace_back();
                extras_[extra_count_].first = key;
                scalar_text(value, extras_[extra_count_].second);
                ++extra_count_;
                return;
            }
            if (seen & (1U << k)) throw not_sure{};
            seen |= 1U << k;
            switch (k) {
            case 0: out.id = id_of(value); break;
            case 1: kind = enum_of<body_kind>(value); break;
            case 2: out.name = string_of(value); break;
            case 3: out.valid.from = date_of(value); break;
            case 4: out.valid.to = date_of(value); break;
            default: {
                const auto f = static_cast<body_field>(k - common_keys);
                if (is_structural(f)) read_structural(value, f);
                else read_attribute(value, f, out);
                break;
            }
            }
        });
        if (!(seen & 1U) || out.id.empty() || !kind) throw not_sure{};
        out.kind = *kind;
        // Every field given must stand on this kind (else a message).
        for (std::size_t i = 0; i < enum_count<body_field>; ++i)
            if ((seen & (1U << (common_keys + i))) && !field_allowed(static_cast<body_field>(i), *kind)) throw not_sure{};
        out.where = source_position::in_body(file_name_, at.line, at.column, index);

        if (extra_count_ != 0) {
            // Sorted by key, as the located reader's canonical JSON.
            const auto extras = std::span(extras_).first(extra_count_);
            std::sort(extras.begin(), extras.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t i = 1; i < extras.size(); ++i)
                if (extras[i].first == extras[i - 1].first) throw not_sure{};
            out.extra += '{';
            for (std::size_t i = 0; i < extras.size(); ++i) {
                if (i) out.extra += ", ";
                js::append_quoted(out.extra, extras[i].first);
                out.extra += ": ";
                out.extra += extras[i].second;
            }
            out.extra += '}';
        }

        const std::string id = out.id;
        if (!builder_->add_body(std::move(out))) return;
        // The structural links, in field-table order, as the located read.
        for (std::size_t f = 0; f <= static_cast<std::size_t>(body_field::succeeds); ++f) {
            const auto field = static_cast<body_field>(f);
            for (const auto& t : targets_) {
                if (t.field != field) continue;
                link_data l;
                l.rel = *structural_relation(field, *kind);
                l.origin = link_origin::structural_field;
                l.where = source_position::in_body(
                    file_name_, t.at.line, t.at.column, index, field,
                    t.index != std::string::npos ? std::optional<std::size_t>(t.index) : std::nullopt);
                builder_->add_link(id, std::string(t.id), std::move(l));
            }
        }
    }

    void read_structural(od::value& v, body_field f) {
        od::json_type type{};
        if (v.type().get(type)) throw not_sure{};
        // Positions are taken in file order, as each target is read.
        if (type == od::json_type::string) {
            const js::position at = position_of(v);
            targets_.push_back({f, id_of(v), at, std::string::npos});
            return;
        }
        od::array a = array_of(v, 4);
        for_each_item(a, [&](std::size_t i, od::value& item) {
            const js::position at = position_of(item);
            targets_.push_back({f, id_of(item), at, i});
        });
    }

    void read_attribute(od::value& v, body_field f, body& out) {
        switch (f) {
        case body_field::sector: out.sector = enum_of<sector>(v); break;
        case body_field::remit: {
            od::array a = array_of(v, 4);
            for_each_item(a, [&](std::size_t, od::value& item) { out.remit.insert(enum_of<issue_kind>(item)); });
            out.has_remit = true;
            break;
        }
        case body_field::remit_sectors: {
            od::array a = array_of(v, 4);
            for_each_item(a, [&](std::size_t, od::value& item) { out.remit_sectors.insert(enum_of<sector>(item)); });
            out.has_remit_sectors = true;
            break;
        }
        case body_field::staff_groups: {
            od::array a = array_of(v, 4);
            for_each_item(a, [&](std::size_t, od::value& item) {
                const std::string_view s = id_of(item);
                if (!is_staff_group_id(s)) throw not_sure{};
                out.staff_groups.emplace_back(s);
            });
            out.has_staff_groups = true;
            break;
        }
        case body_field::side: out.side = enum_of<side>(v); break;
        case body_field::meets: read_meets(v, out); break;
        default: throw not_sure{};
        }
    }

    void read_meets(od::value& v, body& out) {
        od::object o = object_of(v, 4);
        meeting_spec spec;
        seen_keys seen;
        for_each_field(o, [&](std::string_view key, od::value& value) {
            if (key == "rule") {
                seen.once(0);
                spec.rule = string_of(value);
            } else if (key == "start") {
                seen.once(1);
                spec.start = date_of(value);
            } else if (key == "papers_days") {
                seen.once(2);
                // Only a plain whole number in range, as the located reader takes it.
                const std::string_view t = trimmed_token(value);
                std::uint64_t n = 0;
                if (value.get_uint64().get(n) || n > max_papers_days || t.empty() ||
                    !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
                    (t.size() > 1 && t[0] == '0'))
                    throw not_sure{};
                charge_value(t.size());
                spec.papers_days = working_days{static_cast<int>(n)};
            } else {
                throw not_sure{};
            }
        });
        if (!seen.has(0) || !seen.has(1)) throw not_sure{};
        out.meets = std::move(spec);
    }

    // ---- links

    void read_links(od::value& v) {
        od::array a = array_of(v, 2);
        for_each_item(a, [&](std::size_t index, od::value& item) { read_link(item, index); });
    }

    void read_link(od::value& v, std::size_t index) {
        const js::position at = position_of(v);
        od::object o = object_of(v, 3);
        std::string_view from, to;
        std::optional<relation> rel;
        link_data out;
        seen_keys seen;
        for_each_field(o, [&](std::string_view key, od::value& value) {
            if (key == "from") seen.once(0), from = id_of(value);
            else if (key == "to") seen.once(1), to = id_of(value);
            else if (key == "relation") seen.once(2), rel = enum_of<relation>(value);
            else if (key == "valid_from") seen.once(3), out.valid.from = date_of(value);
            else if (key == "valid_to") seen.once(4), out.valid.to = date_of(value);
            else if (key == "role") seen.once(5), out.role = enum_of<seat_role>(value);
            else throw not_sure{};
        });
        if (!seen.has(0) || !seen.has(1) || !seen.has(2)) throw not_sure{};
        if (out.role && *rel != relation::seat_on) throw not_sure{};
        out.rel = *rel;
        out.origin = link_origin::explicit_link;
        out.where = source_position::in_link(file_name_, at.line, at.column, index);
        builder_->add_link(std::string(from), std::string(to), std::move(out));
    }

    /// Whether a body's unknown key is near a body field of some kind;
    /// answered once per key, since a file's local fields repeat on every
    /// body (a million bodies' "staff").
    bool near_a_body_field(std::string_view key) {
        if (key.size() > detail::longest_field_name + 3) return false;  // near none
        // The first few keys met, which are most files' every key, by a
        // short scan (no hashing per body); any others by a map.
        // (Compared inline, length first: a call to compare() a key a body
        // was 1% of a 100,000-employer load's instructions.)
        for (const auto& [known, near] : first_answers_)
            if (known.size() == key.size() && std::equal(key.begin(), key.end(), known.begin())) return near;
        std::string owned(key);
        if (const auto known = other_answers_.find(owned); known != other_answers_.end()) return known->second;
        detail::nearest_word near = detail::near_key(key);
        detail::consider_body_fields(near, std::nullopt);
        const bool found = !near.found().empty();
        if (first_answers_.size() < 16) first_answers_.emplace_back(std::move(owned), found);
        else other_answers_.emplace(std::move(owned), found);
        return found;
    }

    std::string_view text_;
    const char* padded_;
    const char* text_end_;
    std::string_view file_;
    const read_limits& limits_;
    locator where_;
    std::size_t budget_;
    std::size_t used_ = 0;
    graph_builder* builder_ = nullptr;
    source_position::file_name file_name_{file_};                       // interned once for the positions kept
    std::vector<structural_target> targets_;                            // the body's structural field targets
    std::vector<std::pair<std::string_view, std::string>> extras_;  // the body's unknown fields, as JSON
    std::size_t extra_count_ = 0;                                    // of extras_, this body's
    std::vector<std::pair<std::string, bool>> first_answers_;       // near_a_body_field's: the first 16 keys'
    std::unordered_map<std::string, bool> other_answers_;           // ... and the others
    std::string scratch_;
    std::vector<relation_rule> allow_;                     // given at the first body, as the streamed read
    struct covers_given {
        validity period;
        std::string where;
        error_location location;
    };
    std::optional<covers_given> covers_;  // (its begin_bodies) gives them
};

} // namespace

std::optional<graph_builder> read_graph_fast_into_builder(std::string_view json_text, std::string_view file_name,
                                                          const read_limits& limits, bool padded) {
    static_assert(fast_read_padding >= simdjson::SIMDJSON_PADDING);
    if (json_text.empty() || json_text.size() > limits.max_bytes) return std::nullopt;
    if (json_text.size() > simdjson::SIMDJSON_MAXSIZE_BYTES - simdjson::SIMDJSON_PADDING) return std::nullopt;
    bool ascii = true;
    if (!plain_text(json_text, ascii)) return std::nullopt;
    // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input,
    // which a caller's string_view does not promise unless it says so: else
    // a padded copy (byte for byte, so positions are the text's).
    std::unique_ptr<char[]> copy;
    if (!padded) {
        copy.reset(new (std::nothrow) char[json_text.size() + simdjson::SIMDJSON_PADDING]);
        if (!copy) return std::nullopt;
        std::memcpy(copy.get(), json_text.data(), json_text.size());
        std::memset(copy.get() + json_text.size(), 0, simdjson::SIMDJSON_PADDING);
    }
    od::parser parser;
    graph_builder builder;
    try {
        fast_graph_reader(json_text, copy ? copy.get() : json_text.data(), file_name, limits, ascii).read(parser, builder);
    } catch (const not_sure&) {
        return std::nullopt;
    }
    return builder;
}

std::optional<governance_graph> read_graph_fast(std::string_view json_text, std::string_view file_name,
                                                const read_limits& limits) {
    auto builder = read_graph_fast_into_builder(json_text, file_name, limits);
    if (!builder) return std::nullopt;
    return std::move(*builder).build();
}

} // namespace spfgov::detail
