// The fast path of read_issue (spfgov/detail/issue_reading.hpp): one issue
// read with simdjson's On-Demand parser, straight into spfgov::issue, with no
// tree and no positions. It reads only what it is sure of; everything else
// ("not sure": nullopt) goes to the located reader in json_io.cpp, which
// produces today's errors byte for byte. So the rule for every check below
// is: accept only what the located reader accepts, to the same value, and
// give up on anything else, including things the located reader accepts but
// that are rare in real batches (escapes, non-ASCII text, unknown keys,
// nulls in required fields...). tests/test_issue_reading.cpp and
// tests/fuzz/fuzz_issue_fast_reader.cpp check that the two agree.
#include "spfgov/detail/issue_reading.hpp"

#include "detail_json.hpp"

#include "spfgov/date.hpp"
#include "spfgov/kinds.hpp"

#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

namespace spfgov::detail {

namespace {

namespace od = simdjson::ondemand;

/// Whether the text is plain enough that simdjson and the located reader
/// (nlohmann/json underneath) cannot differ on it: printable ASCII, no
/// backslash (so every string's bytes are its value, and a `"` always opens
/// or closes a string), and no control character but JSON's whitespace
/// outside strings. Non-ASCII text, escapes and a byte-order mark go to the
/// located reader, which checks UTF-8 and decodes escapes its own way.
bool plain_text(std::string_view text) noexcept {
    const detail::json::text_scan scan = detail::json::scan_text(text);
    return scan.plain && !scan.high && !scan.del;
}

/// One parser and one padded copy of the line per thread: simdjson reads up
/// to SIMDJSON_PADDING bytes past the end of its input, which a caller's
/// string_view does not promise, and a parser is not to be shared.
struct thread_state {
    od::parser parser;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;

    const char* padded_copy(std::string_view text) {
        const std::size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
        if (needed > capacity) {
            capacity = std::max(needed, std::size_t{4096});
            buffer = std::make_unique<char[]>(capacity);
        }
        std::memcpy(buffer.get(), text.data(), text.size());
        std::memset(buffer.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
        return buffer.get();
    }
};

// The issue keys the located reader knows; any other key means "not sure".
enum key : unsigned {
    k_id,
    k_title,
    k_kind,
    k_origin,
    k_affected,
    k_staff_groups,
    k_date,
    k_system_process_agreed,
    k_redundancies,
    k_first_dismissal,
    k_unknown
};

key key_of(std::string_view k) noexcept {
    static_assert(issue_keys.size() == k_unknown && issue_keys[k_first_dismissal] == "first_dismissal");
    for (unsigned i = 0; i < k_unknown; ++i)
        if (issue_keys[i] == k) return static_cast<key>(i);
    return k_unknown;
}

/// Whether `v` is a JSON null (consumed if so); nullopt on a malformed value.
std::optional<bool> null_value(od::value& v) {
    od::json_type type{};
    if (v.type().get(type)) return std::nullopt;
    if (type != od::json_type::null) return false;
    bool is_null = false;
    if (v.is_null().get(is_null) || !is_null) return std::nullopt;
    return true;
}

std::optional<std::string_view> string_value(od::value& v) {
    std::string_view s;
    if (v.get_string().get(s)) return std::nullopt;
    return s;
}

/// A string of at most `max_length` bytes (the located reader's read_id).
std::optional<std::string_view> id_value(od::value& v, std::size_t max_length) {
    auto s = string_value(v);
    if (!s || s->size() > max_length) return std::nullopt;
    return s;
}

std::optional<date> date_value(od::value& v) {
    auto s = string_value(v);
    if (!s) return std::nullopt;
    return parse_iso_date(*s);
}

template <spelled_enum Enum>
std::optional<Enum> enum_value(od::value& v) {
    auto s = string_value(v);
    if (!s) return std::nullopt;
    return parse_enum<Enum>(*s);
}

/// Sets `field` to `value` if there is one.
template <class Field, class Value>
bool assign(Field& field, const std::optional<Value>& value) {
    if (!value) return false;
    field = *value;
    return true;
}

/// An array whose every item `read_item` accepts (each pushed to `out`).
template <class ReadItem>
bool read_string_array(od::value& v, std::vector<std::string>& out, ReadItem read_item) {
    od::array array;
    if (v.get_array().get(array)) return false;
    for (auto item_result : array) {
        od::value item;
        if (std::move(item_result).get(item)) return false;
        auto s = read_item(item);
        if (!s) return false;
        out.emplace_back(*s);
    }
    return true;
}

// A redundancies object's repeated keys are found by comparing each key with
// those before it: beyond this many members the line goes to the located
// reader rather than spend quadratic time here.
constexpr std::size_t max_fast_redundancies = 64;

bool read_redundancies(od::value& v, std::vector<std::pair<std::string, int>>& out, std::size_t max_id_length) {
    od::object object;
    if (v.get_object().get(object)) return false;
    for (auto field_result : object) {
        od::field field;
        if (std::move(field_result).get(field)) return false;
        std::string_view employer;
        if (field.unescaped_key().get(employer) || employer.size() > max_id_length) return false;
        // Only a plain whole number: simdjson refuses a fraction, an exponent
        // or a minus sign here, and the located reader accepts each of the
        // rest to the same value.
        std::uint64_t count = 0;
        if (field.value().get_uint64().get(count) || count > static_cast<std::uint64_t>(INT_MAX)) return false;
        if (out.size() >= max_fast_redundancies) return false;
        for (const auto& before : out)
            if (before.first == employer) return false;  // a repeated key: the located reader names it
        out.emplace_back(std::string(employer), static_cast<int>(count));
    }
    return true;
}

/// `out` as a default issue, its strings and lists keeping their capacity.
void clear_keeping_capacity(issue& out) noexcept {
    out.id.clear();
    out.title.clear();
    out.kind = issue{}.kind;
    out.origin = issue{}.origin;
    out.affected.clear();
    out.staff_groups.clear();
    out.date = spfgov::date();
    out.system_process_agreed = false;
    out.redundancies.clear();
    out.first_dismissal.reset();
}

bool read_fast(thread_state& state, std::string_view text, const read_limits& limits, issue& out) {
    od::document doc;
    if (state.parser.iterate(state.padded_copy(text), text.size(), text.size() + simdjson::SIMDJSON_PADDING).get(doc))
        return false;
    od::object root;
    if (doc.get_object().get(root)) return false;

    clear_keeping_capacity(out);
    unsigned seen = 0;
    for (auto field_result : root) {
        od::field field;
        if (std::move(field_result).get(field)) return false;
        std::string_view name;
        if (field.unescaped_key().get(name)) return false;
        const key k = key_of(name);
        if (k == k_unknown || (seen & (1U << k))) return false;
        seen |= 1U << k;
        od::value& v = field.value();

        // Optional fields may be null (as if left out); required ones may not.
        switch (k) {
        case k_title:
        case k_staff_groups:
        case k_system_process_agreed:
        case k_redundancies:
        case k_first_dismissal: {
            const auto is_null = null_value(v);
            if (!is_null) return false;
            if (*is_null) continue;
            break;
        }
        default:
            break;
        }

        bool ok = true;
        switch (k) {
        case k_id: {
            const auto id = id_value(v, limits.max_id_length);
            ok = id && !id->empty() && assign(out.id, id);
            break;
        }
        case k_title: ok = assign(out.title, string_value(v)); break;
        case k_kind: ok = assign(out.kind, enum_value<issue_kind>(v)); break;
        case k_origin: ok = assign(out.origin, enum_value<level>(v)); break;
        case k_affected:
            ok = read_string_array(v, out.affected, [&](od::value& item) { return id_value(item, limits.max_id_length); });
            break;
        case k_staff_groups: {
            auto staff_group = [&](od::value& item) -> std::optional<std::string_view> {
                auto s = id_value(item, limits.max_id_length);
                if (!s || !is_staff_group_id(*s)) return std::nullopt;
                return s;
            };
            ok = read_string_array(v, out.staff_groups, staff_group) && !out.staff_groups.empty();
            break;
        }
        case k_date: ok = assign(out.date, date_value(v)); break;
        case k_system_process_agreed: {
            bool agreed = false;
            ok = !v.get_bool().get(agreed);
            out.system_process_agreed = agreed;
            break;
        }
        case k_redundancies: ok = read_redundancies(v, out.redundancies, limits.max_id_length); break;
        case k_first_dismissal: ok = assign(out.first_dismissal, date_value(v)); break;
        case k_unknown: ok = false; break;
        }
        if (!ok) return false;
    }
    constexpr unsigned required = (1U << k_id) | (1U << k_kind) | (1U << k_origin) | (1U << k_affected) | (1U << k_date);
    if ((seen & required) != required) return false;
    // Nothing may follow the object: simdjson 3.0's On-Demand documents do
    // not check that themselves (OUT_OF_BOUNDS means no token is left).
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

} // namespace

std::optional<issue> read_issue_fast(std::string_view json_text, const read_limits& limits) {
    std::optional<issue> out(std::in_place);
    if (!read_issue_fast_into(json_text, limits, *out)) out.reset();
    return out;
}

bool read_issue_fast_into(std::string_view json_text, const read_limits& limits, issue& out) {
    // The located reader's own limits: its size limit, and nesting (an issue
    // is an object holding arrays and an object: depth 2).
    const std::size_t max_bytes = std::min({limits.max_bytes, limits.max_issue_bytes, limits.max_line_length});
    if (json_text.size() > max_bytes || limits.max_depth < 2) return false;
    // The located reader also refuses text whose tree would pass its memory
    // budget (64 MiB plus 16 times the input: `too_dense`). A line this path
    // accepts holds strings and counts, at least 3 bytes per value and about
    // 40 bytes of tree per byte, so up to 1 MiB (the default line limit) it
    // stays under the budget; longer lines (raised limits) go to that reader.
    if (json_text.size() > (std::size_t{1} << 20)) return false;
    // simdjson's own limit on one document (4 GiB) is far above any line's.
    if (json_text.size() > simdjson::SIMDJSON_MAXSIZE_BYTES - simdjson::SIMDJSON_PADDING) return false;
    if (!plain_text(json_text)) return false;
    thread_local thread_state state;
    return read_fast(state, json_text, limits, out);
}

} // namespace spfgov::detail
