// Reading and writing the formats of shared/spec/formats.md (and the
// project's extensions, docs/formats.md): graphs, issues, routes.

#include "spfgov/io.hpp"
#include "spfgov/quoted_ids.hpp"

#include "spfgov/as_of.hpp"
#include "spfgov/detail/graph_reading.hpp"
#include "spfgov/detail/issue_reading.hpp"
#include "spfgov/flat.hpp"
#include "spfgov/validate.hpp"

#include "detail_dates.hpp"
#include "detail_files.hpp"
#include "detail_id_lists.hpp"
#include "detail_json.hpp"
#include "detail_location.hpp"
#include "detail_field_names.hpp"
#include "detail_nearest.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <new>
#include <set>
#include <span>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace spfgov {

namespace detail {
// Defined in sources CMake generates from data/england.json and data/england-gp.json.
extern const std::string_view england_graph_json;
extern const std::string_view england_gp_graph_json;
} // namespace detail

namespace {

namespace js = detail::json;
using js::node;

using js::append_location;

std::string location(std::string_view file, js::position at) {
    std::string out;
    append_location(out, file, at);
    return out;
}

std::string where_of(std::string_view file, const node& at, std::string_view path) {
    if (path.empty()) path = "/";
    std::string out;
    out.reserve(file.size() + path.size() + 24);
    append_location(out, file, at.pos);
    out += ' ';
    out += path;
    return out;
}

/// The position of `at` as data for spfgov::error (the root's "/" becomes "").
error_location located(std::string_view file, const node& at, std::string_view pointer) {
    return {std::string(file), at.pos.line, at.pos.column, std::string(pointer == "/" ? std::string_view() : pointer)};
}

/// A diagnostic's position: as its text (`where`) and as data (`location`).
struct place {
    std::string text;
    error_location location;
};
place place_of(std::string_view file, const node& at, std::string_view path) {
    return {where_of(file, at, path), located(file, at, path)};
}

std::string child(std::string_view path, std::string_view key) {
    std::string out{path};
    js::append_pointer_segment(out, key);
    return out;
}

std::string child(std::string_view path, std::size_t index) {
    std::string out{path};
    out += '/';
    out += std::to_string(index);
    return out;
}

std::string q(std::string_view s) { return js::json_string(s); }

// An id cut to a readable length (at a character boundary), with "...".
std::string cut_id(std::string_view id) { return detail::text::cut_for_message(id); }

// What id_too_long says: "expected an id of at most N bytes, got M bytes"
// (`what`: "id", "employer id"), the same from the reader and write_issue.
std::string id_too_long_text(std::string_view what, std::size_t max, std::size_t got) {
    return "expected an " + std::string(what) + " of at most " + std::to_string(max) + " bytes, got " +
           std::to_string(got) + " bytes";
}

// An id for a message: quoted, cut when absurdly long.
std::string shown_id(std::string_view id) {
    std::string s = cut_id(id);
    if (s.size() < id.size()) return q(s.substr(0, s.size() - 3)) + "...";
    return q(id);
}

std::string link_subject(std::string_view from, std::string_view rel, std::string_view to) {
    std::string s{from};
    s += " -";
    s += rel;
    s += "-> ";
    s += to;
    return s;
}

// ------------------------------------------------------------ body fields

using detail::common_body_fields;

/// The graph file's own top-level keys (formats.md; `allow` the project's).
bool is_known_root_field(std::string_view key) noexcept {
    return std::find(detail::root_fields.begin(), detail::root_fields.end(), key) != detail::root_fields.end();
}

bool is_known_body_field(std::string_view key) noexcept {
    return std::find(common_body_fields.begin(), common_body_fields.end(), key) != common_body_fields.end() ||
           parse_enum<body_field>(key).has_value();
}

using detail::max_papers_days;

// Whether a JSON number as written is whole: 25.0 and 2.5e1 are;
// 25.0000000000000000001 is not, though the nearest double is 25 (a Python
// Decimal written exactly came back a count of 25).
bool written_whole(std::string_view t) noexcept {
    std::size_t i = t.starts_with('-') ? 1 : 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
        return t.substr(from, i - from);
    };
    const std::string_view whole_part = digits();
    std::string_view fraction;
    if (i < t.size() && t[i] == '.') {
        ++i;
        fraction = digits();
    }
    std::int64_t exponent = 0;  // clamped: past +-10^9 only the sign matters
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        const bool negative = i < t.size() && t[i] == '-';
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
        for (const char c : digits()) exponent = std::min<std::int64_t>(exponent * 10 + (c - '0'), 1'000'000'000);
        if (negative) exponent = -exponent;
    }
    // The digits whole_part + fraction with the point after `point` of them:
    // whole when no digit after the point is other than 0.
    const std::int64_t point = static_cast<std::int64_t>(whole_part.size()) + exponent;
    std::int64_t at = 0;
    for (const std::string_view part : {whole_part, fraction})
        for (const char c : part) {
            if (c != '0' && at >= point) return false;
            ++at;
        }
    return true;
}

// A whole number in [0, max]; 25.0 counts (some JSON writers print every
// number as a float).
std::optional<std::uint64_t> whole_number(const node& v, std::uint64_t max) noexcept {
    if (v.kind == node::type::integer && v.integer == 0) return 0;  // -0, as -0.0 below
    if (v.kind == node::type::unsigned_integer) {
        if (v.unsigned_integer <= max) return v.unsigned_integer;
    } else if (v.kind == node::type::floating) {
        if (std::isfinite(v.floating) && v.floating >= 0 && v.floating <= static_cast<double>(max) &&
            std::floor(v.floating) == v.floating && written_whole(v.text))
            return static_cast<std::uint64_t>(v.floating);
    }
    return std::nullopt;
}

// ------------------------------------------------------------ graph reader

// Reads one graph file into a builder: the base (an empty builder) or an
// overlay on what earlier files gave (formats.md "Overlays").
class graph_reader {
public:
    /// `fresh`: the builder is new (a base file, not an overlay), so the
    /// file may be streamed, and the builder started again if need be.
    /// `padded`: detail::fast_read_padding NUL bytes follow the text read.
    graph_reader(graph_builder& builder, std::string_view file, const read_limits& limits, bool fresh = false,
                 bool padded = false)
        : file_(file), file_name_(file), limits_(limits), builder_(builder), fresh_(fresh && builder.body_count() == 0),
          padded_(padded) {}

    void read(std::string_view text) {
        if (fresh_) {
            // The simdjson read first: it reads usual files several times
            // faster, and gives up (nothing read) on anything else.
            if (auto fast = detail::read_graph_fast_into_builder(text, file_, limits_, padded_)) {
                builder_ = std::move(*fast);
                return;
            }
            if (read_streamed(text)) {
                report_unlisted_meets_keys();
                return;
            }
        }
        read_tree(js::parse(text, file_, {limits_.max_bytes, limits_.max_depth}));
        report_unlisted_meets_keys();
    }

    /// Reads the file streamed; false, with the builder as it was, when
    /// only read_tree() could read it exactly (see stream()).
    bool read_streamed(std::string_view text) {
        try {
            stream(text);
            return true;
        } catch (const restart_as_tree&) {
            builder_ = graph_builder{};
            pending_.clear();
            skipped_.clear();
            reported_ = 0;
            unknown_meets_keys_ = 0;
            misspelt_fields_ = 0;
            return false;
        }
    }

private:
    // unknown_meets_key (and misspelt_field) warnings listed one by one: a
    // generated file with the same slip on every body needs no ten thousand
    // lines (nor their memory), and the rest are counted in one more warning.
    static constexpr std::size_t max_listed_meets_keys = 100;

    void report_unlisted_meets_keys() {
        const auto more = [&](const char* code, std::size_t count, const char* what) {
            if (count <= max_listed_meets_keys) return;
            report(code, "", place{std::string(file_), {std::string(file_), {}, {}, {}}},
                   std::to_string(count - max_listed_meets_keys) + what + std::to_string(max_listed_meets_keys) +
                       " are listed)",
                   severity::warning);
        };
        more("unknown_meets_key", unknown_meets_keys_,
             " more keys inside \"meets\" that the format does not have are ignored (the first ");
        more("misspelt_field", misspelt_fields_, " more keys that the format does not have are near one it has (the first ");
    }

    // Thrown when a streamed read would not read the file exactly as the
    // tree does (a repeated key, fields out of the usual order): the file is
    // then read again as a tree, from a fresh builder.
    struct restart_as_tree {};

    // The whole file as one tree: any file, an overlay too.
    void read_tree(const js::document& doc) {
        const bool overlay = builder_.body_count() > 0;
        const node& root = doc.root;
        check_version(root);
        report_duplicates(doc);
        read_root_extra(root);

        if (const node* allow = present(root, "allow")) read_allow(*allow);
        if (const node* covers = present(root, "covers")) read_covers(*covers);

        const node* bodies = root.find("bodies");
        {
            // About one structural link a body, plus the links given.
            const node* links = root.find("links");
            const std::size_t body_count = bodies && bodies->is_array() ? bodies->items.size() : 0;
            const std::size_t link_count = body_count + (links && links->is_array() ? links->items.size() : 0);
            if (fresh_) builder_.reserve(body_count, link_count);
            else pending_.reserve(link_count);
        }
        if (!bodies) {
            report("missing_field", "", place_of(file_, root, "/bodies"),
                   "the graph has no \"bodies\"; expected an array of body objects");
        } else if (!bodies->is_array()) {
            report("wrong_type", "", place_of(file_, *bodies, "/bodies"),
                   "expected an array of body objects, got " + js::describe(*bodies));
        } else {
            for (std::size_t i = 0; i < bodies->items.size(); ++i) read_body(bodies->items[i], i);
        }
        read_links(root);
        warn_misspelt_root_keys(root);
        add_pending(overlay);
    }

    // A base file read as it is parsed: each body and link is read as soon
    // as its object is complete, and dropped (a tree of the whole file is
    // about a kilobyte a body). It reads exactly what read_tree() would, in
    // the same order, or gives up (restart_as_tree) when it could not: a
    // repeated key (reported before anything else), "spfgov", "allow" or
    // "covers" after "bodies", "links" before "bodies".
    void stream(std::string_view text) {
        bool bodies_started = false;
        bool links_streamed = false;
        js::element_stream stream;
        stream.keys = {"bodies", "links"};
        stream.element = [&](std::string_view key, std::size_t index, const node& element,
                             const std::vector<js::member>& root_so_far, std::size_t duplicates) {
            if (duplicates != 0) throw restart_as_tree{};
            if (key == "bodies") {
                if (!bodies_started) {
                    begin_bodies(root_so_far);
                    bodies_started = true;
                    // About a body per 100 bytes and a link per 75 (generated
                    // graphs: 125 and 78; England: 120-170), so that the
                    // tables grow without copying themselves over. Untouched
                    // room costs no memory. Only a hint: where memory is not
                    // overcommitted, a big file of few bodies must not fail
                    // for room it never needed.
                    try {
                        builder_.reserve(text.size() / 100, text.size() / 75);
                    } catch (const std::bad_alloc&) {
                    }
                }
                read_body(element, index);
                give_up_if_reporting_much();
            } else {
                // Links before any body (or with "bodies" empty or not an
                // array) would be read before what read_tree() says first.
                if (!bodies_started) throw restart_as_tree{};
                links_streamed = true;
                read_link(element, index);
                give_up_if_reporting_much();
            }
        };
        const js::document doc = js::parse(text, file_, {limits_.max_bytes, limits_.max_depth}, stream);
        if (!bodies_started) {  // nothing streamed: the tree is whole
            read_tree(doc);
            return;
        }
        if (!doc.duplicates.empty()) throw restart_as_tree{};
        const auto& members = doc.root.members;
        const auto bodies_at = std::find_if(members.begin(), members.end(), [](const js::member& m) { return m.key == "bodies"; });
        for (auto it = bodies_at + 1; it != members.end(); ++it)
            if (it->key == "spfgov" || it->key == "allow" || it->key == "covers") throw restart_as_tree{};
        if (!links_streamed) read_links(doc.root);
        warn_misspelt_root_keys(doc.root);
        read_root_extra(doc.root);
        add_pending(false);
    }

    // The root's unknown keys near one of its own ("link"), warned of after
    // the bodies and links (as a streamed read meets them), in file order.
    void warn_misspelt_root_keys(const node& root) {
        if (!root.is_object()) return;
        for (const auto& m : root.members)
            if (!is_known_root_field(m.key))
                warn_if_misspelt(
                    m, "", "", misspelt_root, [] { return std::string("the graph file"); }, "kept unread, as local data",
                    [](detail::nearest_word& near) {
                        for (const auto f : detail::root_fields) near.consider(f);
                    });
    }

    // The root's unknown fields are kept (formats.md: "kept and ignored, so
    // files can carry local data"), as an object with sorted keys; an
    // overlay's replace the earlier files' of the same key.
    void read_root_extra(const node& root) {
        if (!root.is_object()) return;
        node extra;
        extra.kind = node::type::object;
        for (const auto& m : root.members)
            if (!is_known_root_field(m.key)) extra.members.push_back(m);
        if (extra.members.empty()) return;
        std::string text;
        js::append_canonical(text, extra);
        builder_.set_extra(merged_extra(builder_.extra(), text));
    }

    // The parser's memory budget (too_dense) counts the tree it would
    // build, not the messages a streamed read makes as it goes: an array of
    // 2-byte values that are not bodies costs a ~300-byte message each. A
    // file with that much wrong is read as a tree, whose budget then stops
    // it where it always did; a usual file has no message at all.
    void give_up_if_reporting_much() const {
        constexpr std::size_t max_streamed_reports = 10'000;
        if (reported_ > max_streamed_reports) throw restart_as_tree{};
    }

    // Before the first body: what read_tree() does before the bodies, from
    // the root members before "bodies"; gives up when "spfgov" is not
    // there as 1 (read_tree() reports it, or a syntax error found later).
    void begin_bodies(const std::vector<js::member>& root_so_far) {
        const auto before = std::span(root_so_far).first(root_so_far.size() - 1);
        const node* version = nullptr;
        const node* allow = nullptr;
        const node* covers = nullptr;
        for (const auto& m : before) {
            if (m.key == "spfgov") version = &m.value;
            else if (m.key == "allow" && !m.value.is_null()) allow = &m.value;
            else if (m.key == "covers" && !m.value.is_null()) covers = &m.value;
        }
        if (!version || !(version->kind == node::type::unsigned_integer && version->unsigned_integer == 1))
            throw restart_as_tree{};
        if (allow) read_allow(*allow);
        if (covers) read_covers(*covers);
    }

    void report_duplicates(const js::document& doc) {
        for (const auto& d : doc.duplicates)
            report("duplicate_key", "",
                   place{location(file_, d.pos) + " " + d.path, {std::string(file_), d.pos.line, d.pos.column, d.path}},
                   "key " + shown_id(d.key) + " is given more than once in one object; expected each key once (the last is used)");
    }

    void read_links(const node& root) {
        if (const node* links = present(root, "links")) {
            if (!links->is_array())
                report("wrong_type", "", place_of(file_, *links, "/links"),
                       "expected an array of link objects, got " + js::describe(*links));
            else
                for (std::size_t i = 0; i < links->items.size(); ++i) read_link(links->items[i], i);
        }
    }

    // The links read go to the builder.
    void add_pending(bool overlay) {
        // A link naming a body that could not be read (unknown kind, ...)
        // would only repeat that body's error as a dangling reference.
        if (fresh_) {
            if (!skipped_.empty())
                builder_.remove_links_naming_missing([&](std::string_view id) { return skipped_.count(id) > 0; });
            return;
        }
        // An overlay's link already given by an earlier file counts once.
        std::vector<bool> earlier(pending_.size(), false);
        if (overlay)
            for (std::size_t i = 0; i < pending_.size(); ++i)
                earlier[i] = builder_.has_link(pending_[i].from, pending_[i].to, pending_[i].data);
        for (std::size_t i = 0; i < pending_.size(); ++i) {
            auto& p = pending_[i];
            auto lost = [&](const std::string& id) { return skipped_.count(id) && !builder_.find(id); };
            if (earlier[i] || lost(p.from) || lost(p.to)) continue;
            builder_.add_link(std::move(p.from), std::move(p.to), std::move(p.data));
        }
    }

private:
    struct pending_link {
        std::string from, to;
        link_data data;
    };

    // An id as a diagnostic's subject: cut only when it is over the limit.
    std::string subject_id(const std::string& id) const {
        return id.size() > limits_.max_id_length ? cut_id(id) : id;
    }

    // A member that is present and not null.
    static const node* present(const node& obj, std::string_view key) {
        const node* v = obj.find(key);
        return v && !v->is_null() ? v : nullptr;
    }

    /// A body's or link's position, kept compact in the graph.
    [[nodiscard]] source_position position_of(const node& n, std::string_view path) const {
        return {file_name_, n.pos.line, n.pos.column, path};
    }

    void report(std::string code, std::string subject, place where, std::string message,
                severity sev = severity::error) {
        builder_.report({sev, std::move(code), std::move(subject), std::move(where.text), std::move(message),
                         std::move(where.location)});
        ++reported_;
    }

    void wrong_type(const std::string& subject, const node& v, const std::string& path, std::string_view expected) {
        report("wrong_type", subject, place_of(file_, v, path),
               "expected " + std::string(expected) + ", got " + js::describe(v));
    }

    /// A key the format does not have, near one it does ("vaild_to"): a
    /// warning, since formats.md keeps unknown fields as local data (a
    /// link's are ignored) and the misspelt field would otherwise be lost
    /// without a word (an end date never applied). `context` says which
    /// keys `candidates` offers (the root's, a link's, a body kind's): the
    /// answer is kept per key and context, as a file's local fields repeat
    /// on every body. `where` names the object, asked only for a warning.
    template <class Where, class Candidates>
    void warn_if_misspelt(const js::member& m, std::string_view path, const std::string& subject, std::uint8_t context,
                          Where&& where, std::string_view fate, Candidates&& candidates) {
        // Longer than any field name by more than the edits a hint may take: near none.
        if (m.key.size() > detail::longest_field_name + 3) return;
        std::string cache_key(1, static_cast<char>(context));
        cache_key += m.key;
        auto [answer, asked] = misspelt_hints_.try_emplace(std::move(cache_key));
        if (asked) {
            detail::nearest_word near = detail::near_key(m.key);
            candidates(near);
            answer->second = near.hint();
        }
        if (answer->second.empty() || ++misspelt_fields_ > max_listed_meets_keys) return;
        std::string key;
        append_printable(key, std::string_view(m.key).substr(0, 64));
        report("misspelt_field", subject, place_of(file_, m.value, child(path, m.key)),
               "\"" + key + "\" is not a field of " + where() + ", so it is " + std::string(fate) + answer->second,
               severity::warning);
    }
    // warn_if_misspelt's contexts: the root, a link, a seat_on link, then one a body kind.
    static constexpr std::uint8_t misspelt_root = 0, misspelt_link = 1, misspelt_seat_link = 2, misspelt_body = 3;

    void check_version(const node& root) {
        if (!root.is_object())
            throw parse_error("bad_version", where_of(file_, root, "/") +
                                                 ": expected a graph object starting {\"spfgov\": 1, ...}, got " +
                                                 js::describe(root),
                              located(file_, root, "/"));
        const node* v = root.find("spfgov");
        if (!v)
            throw parse_error("bad_version", where_of(file_, root, "/spfgov") +
                                                 ": the graph has no \"spfgov\" field; expected \"spfgov\": 1",
                              located(file_, root, "/spfgov"));
        if (!(v->kind == node::type::unsigned_integer && v->unsigned_integer == 1))
            throw parse_error("bad_version", where_of(file_, *v, "/spfgov") + ": expected \"spfgov\": 1, got " +
                                                 js::describe(*v) + " (this library reads format version 1)",
                              located(file_, *v, "/spfgov"));
    }

    // A string id (from/to, a structural field's target): reports and returns
    // nullopt if it is not a string or is too long.
    std::optional<std::string> read_id(const node& v, const std::string& path, const std::string& subject,
                                       std::string_view what) {
        if (!v.is_string()) {
            wrong_type(subject, v, path, "the id of " + std::string(what) + " (a string)");
            return std::nullopt;
        }
        if (v.text.size() > limits_.max_id_length) {
            report("id_too_long", subject, place_of(file_, v, path),
                   "id " + shown_id(v.text) + " is " + std::to_string(v.text.size()) + " bytes; expected at most " +
                       std::to_string(limits_.max_id_length));
            return std::nullopt;
        }
        return v.text;
    }

    // An optional date; `ok` turns false on a problem.
    std::optional<date> read_date(const node& obj, std::string_view key, const std::string& path,
                                  const std::string& subject, bool& ok) {
        const node* v = present(obj, key);
        if (!v) return std::nullopt;
        const std::string p = child(path, key);
        if (!v->is_string()) {
            wrong_type(subject, *v, p, "a YYYY-MM-DD date string");
            ok = false;
            return std::nullopt;
        }
        auto d = parse_iso_date(v->text);
        if (!d) {
            report("bad_date", subject, place_of(file_, *v, p),
                   "expected a YYYY-MM-DD date " + std::string(detail::iso_date_expected(v->text)) + ", got " +
                       js::describe(*v) + detail::iso_date_hint(v->text));
            ok = false;
        }
        return d;
    }

    validity read_validity(const node& obj, const std::string& path, const std::string& subject, bool& ok) {
        validity v;
        if (auto from = read_date(obj, "valid_from", path, subject, ok)) v.from = *from;
        if (auto to = read_date(obj, "valid_to", path, subject, ok)) v.to = *to;
        return v;
    }

    template <spelled_enum Enum>
    std::optional<Enum> read_enum(const node& v, const std::string& path, const std::string& subject,
                                  std::string_view unknown_code) {
        if (!v.is_string()) {
            wrong_type(subject, v, path, "a " + std::string(enum_spelling<Enum>::type) + " string, " +
                                             expected_spellings<Enum>());
            return std::nullopt;
        }
        auto e = parse_enum<Enum>(v.text);
        if (!e) {
            // "foundation trust", "Foundation_Trust": the spelling it is near.
            detail::nearest_word near(v.text, detail::nearest_word::edits_for(v.text), /*fold_case=*/true);
            for (const auto name : enum_spelling<Enum>::names) near.consider(name);
            report(std::string(unknown_code), subject, place_of(file_, v, path),
                   "unknown " + std::string(enum_spelling<Enum>::type) + " " + js::describe(v) + near.hint() +
                       "; expected " + expected_spellings<Enum>());
        }
        return e;
    }

    void read_allow(const node& allow) {
        if (!allow.is_array()) {
            wrong_type("", allow, "/allow", "an array of {\"relation\", \"from\", \"to\"} objects");
            return;
        }
        for (std::size_t i = 0; i < allow.items.size(); ++i) {
            const node& a = allow.items[i];
            const std::string path = child("/allow", i);
            if (!a.is_object()) {
                wrong_type("", a, path, "an object {\"relation\": R, \"from\": KIND, \"to\": KIND}");
                continue;
            }
            bool ok = true;
            auto need = [&](std::string_view key) -> const node* {
                const node* v = present(a, key);
                if (!v) {
                    report("missing_field", "", place_of(file_, a, child(path, key)),
                           "an \"allow\" entry needs \"" + std::string(key) + "\"; expected {\"relation\": R, \"from\": KIND, \"to\": KIND}");
                    ok = false;
                }
                return v;
            };
            const node* rel = need("relation");
            const node* from = need("from");
            const node* to = need("to");
            if (!ok) continue;
            const std::string subject = link_subject(from->is_string() ? subject_id(from->text) : "?",
                                                     rel->is_string() ? subject_id(rel->text) : "?",
                                                     to->is_string() ? subject_id(to->text) : "?");
            auto r = read_enum<relation>(*rel, child(path, "relation"), subject, "unknown_relation");
            auto f = read_enum<body_kind>(*from, child(path, "from"), subject, "unknown_kind");
            auto t = read_enum<body_kind>(*to, child(path, "to"), subject, "unknown_kind");
            if (r && f && t) builder_.allow({*r, *f, *t});
        }
    }

    void read_covers(const node& c) {
        const std::string path = "/covers";
        if (!c.is_object()) {
            wrong_type("", c, path, "an object {\"from\": DATE, \"to\": DATE} (either end optional)");
            return;
        }
        bool ok = true;
        validity v;
        if (auto from = read_date(c, "from", path, "covers", ok)) v.from = *from;
        if (auto to = read_date(c, "to", path, "covers", ok)) v.to = *to;
        builder_.set_covers(v, where_of(file_, c, path), located(file_, c, path));
    }

    void read_body(const node& b, std::size_t index) {
        const std::string path = child("/bodies", index);
        if (!b.is_object()) {
            wrong_type("", b, path, "a body object");
            return;
        }
        const node* id = b.find("id");
        if (!id) {
            report("missing_field", "", place_of(file_, b, child(path, "id")),
                   "a body needs \"id\"; expected a non-empty string");
            return;
        }
        if (!id->is_string()) {
            wrong_type("", *id, child(path, "id"), "a body id (a non-empty string)");
            return;
        }
        if (id->text.size() > limits_.max_id_length) {
            report("id_too_long", cut_id(id->text), place_of(file_, *id, child(path, "id")),
                   "id " + shown_id(id->text) + " is " + std::to_string(id->text.size()) + " bytes; expected at most " +
                       std::to_string(limits_.max_id_length));
            skipped_.insert(id->text);
            return;
        }
        const std::string& bid = id->text;

        const node* kind_node = b.find("kind");
        std::optional<body_kind> kind;
        if (!kind_node)
            report("missing_field", bid, place_of(file_, b, child(path, "kind")),
                   "body " + shown_id(bid) + " needs \"kind\"; expected " + expected_spellings<body_kind>());
        else
            kind = read_enum<body_kind>(*kind_node, child(path, "kind"), bid, "unknown_kind");
        if (!kind) {
            skipped_.insert(bid);
            return;
        }

        // A body whose id came from an earlier layer (formats.md "Overlays")
        // changes that body: it repeats the kind, and replaces the fields it gives.
        const auto earlier_handle = first_added_here_ > 0 ? builder_.find(bid) : std::nullopt;
        const bool change = earlier_handle && earlier_handle->index() < first_added_here_;
        if (change) {
            const body& earlier = builder_.body_at(*earlier_handle);
            if (earlier.kind != *kind) {
                report("overlay_kind_mismatch", bid, place_of(file_, *kind_node, child(path, "kind")),
                       "body " + shown_id(bid) + " is of kind " + std::string(to_string(earlier.kind)) +
                           (earlier.where.empty() ? std::string{} : " (" + earlier.where.str() + ")") + "; an overlay that changes it must repeat kind " +
                           q(to_string(earlier.kind)) + ", got " + js::describe(*kind_node));
                return;
            }
        }

        body out;
        out.id = bid;
        out.kind = *kind;
        out.where = position_of(b, path);
        bool ok = true; // content problems are reported; the body is still added

        const node* name = present(b, "name");
        if (name) {
            if (name->is_string()) out.name = name->text;
            else wrong_type(bid, *name, child(path, "name"), "a string");
        }
        const auto valid_from = read_date(b, "valid_from", path, bid, ok);
        const auto valid_to = read_date(b, "valid_to", path, bid, ok);
        if (valid_from) out.valid.from = *valid_from;
        if (valid_to) out.valid.to = *valid_to;

        // Every other field, as the field table (kinds.hpp) allows it on this kind.
        // The body's structural links wait in body_links_, and are dropped
        // if the body is not added.
        std::array<bool, enum_count<body_field>> given{};
        body_links_.clear();
        for (std::size_t i = 0; i < enum_count<body_field>; ++i) {
            const auto f = static_cast<body_field>(i);
            const node* v = present(b, to_string(f));
            if (!v) continue;
            if (!field_allowed(f, *kind)) {
                report("field_not_allowed", bid, place_of(file_, *v, child(path, to_string(f))),
                       "\"" + std::string(to_string(f)) + "\" cannot stand on a " + std::string(to_string(*kind)) +
                           " (" + shown_id(bid) + "); expected it only on " + kinds_taking(f));
                continue;
            }
            given[i] = true;
            if (is_structural(f)) read_structural(*v, f, path, bid, *kind);
            else read_attribute(*v, f, child(path, to_string(f)), bid, out);
        }

        // Unknown fields are kept, as an object with sorted keys.
        node extra;
        extra.kind = node::type::object;
        for (const auto& m : b.members)
            if (!is_known_body_field(m.key)) {
                const auto where = [&] {
                    const std::string_view kind_name = to_string(*kind);
                    const bool vowel = std::string_view("aeiou").find(kind_name.front()) != std::string_view::npos;
                    return (vowel ? "an " : "a ") + std::string(kind_name);
                };
                warn_if_misspelt(m, path, bid, static_cast<std::uint8_t>(misspelt_body + static_cast<unsigned>(*kind)),
                                 where, "kept unread, as local data",
                                 [&](detail::nearest_word& near) { detail::consider_body_fields(near, *kind); });
                extra.members.push_back(m);
            }
        if (!extra.members.empty()) js::append_canonical(out.extra, extra);

        (void)ok;
        if (!change) {
            if (builder_.add_body(std::move(out)))
                for (auto& l : body_links_) add_link(std::move(l));
            return;
        }
        builder_.update_body(bid, [&](body& target) {
            if (name && name->is_string()) target.name = out.name;
            if (valid_from) target.valid.from = *valid_from;
            if (valid_to) target.valid.to = *valid_to;
            for (std::size_t i = 0; i < given.size(); ++i)
                if (given[i]) copy_attribute(out, target, static_cast<body_field>(i));
            target.extra = merged_extra(target.extra, out.extra);
            target.where = out.where;
        });
        for (std::size_t i = 0; i < given.size(); ++i)
            if (given[i] && is_structural(static_cast<body_field>(i)))
                builder_.remove_links(bid, *structural_relation(static_cast<body_field>(i), *kind));
        for (auto& l : body_links_) add_link(std::move(l));
    }

    // A link read: to the builder at once when this file is the first (the
    // order is the same), or kept to the end, where an overlay's links are
    // checked against the earlier files' before any is added. Holding a big
    // graph's links here as well as in the builder was half its peak memory.
    void add_link(pending_link l) {
        if (fresh_) builder_.add_link(std::move(l.from), std::move(l.to), std::move(l.data));
        else pending_.push_back(std::move(l));
    }

    // A structural field's target(s) become links from the body (in body_links_).
    void read_structural(const node& v, body_field f, const std::string& path, const std::string& bid,
                         body_kind kind) {
        const std::string p = child(path, to_string(f));
        const relation rel = *structural_relation(f, kind);
        auto add = [&](const node& target, const std::string& tp) {
            if (!target.is_string() || target.text.size() > limits_.max_id_length) {
                // read_id reports it; the subject is made only then.
                const std::string subject =
                    link_subject(bid, to_string(rel), target.is_string() ? subject_id(target.text) : "?");
                (void)read_id(target, tp, subject, "a body");
                return;
            }
            link_data l;
            l.rel = rel;
            l.origin = link_origin::structural_field;
            l.where = position_of(target, tp);
            body_links_.push_back({bid, target.text, std::move(l)});
        };
        if (v.is_array()) {
            for (std::size_t i = 0; i < v.items.size(); ++i) add(v.items[i], child(p, i));
        } else if (v.is_string()) {
            add(v, p);
        } else {
            wrong_type(bid, v, p, "a body id (a string) or an array of body ids");
        }
    }

    // An attribute field (`sector`, `remit`, ...) into `out`.
    void read_attribute(const node& v, body_field f, const std::string& p, const std::string& bid, body& out) {
        switch (f) {
        case body_field::sector:
            out.sector = read_enum<sector>(v, p, bid, "unknown_sector");
            break;
        case body_field::remit:
            out.has_remit = read_list(v, p, bid, "issue kinds", [&](const node& item, const std::string& ip) {
                if (auto k = read_enum<issue_kind>(item, ip, bid, "unknown_issue_kind")) out.remit.insert(*k);
            });
            break;
        case body_field::remit_sectors:
            out.has_remit_sectors = read_list(v, p, bid, "employer sectors", [&](const node& item, const std::string& ip) {
                if (auto k = read_enum<sector>(item, ip, bid, "unknown_sector")) out.remit_sectors.insert(*k);
            });
            break;
        case body_field::staff_groups:
            out.has_staff_groups = read_list(v, p, bid, "staff-group ids", [&](const node& item, const std::string& ip) {
                if (!item.is_string()) {
                    wrong_type(bid, item, ip, "a staff-group id (a lowercase string such as \"medical_and_dental\")");
                } else if (!is_staff_group_id(item.text) || item.text.size() > limits_.max_id_length) {
                    report("bad_staff_group", bid, place_of(file_, item, ip),
                           "expected a staff-group id of lowercase letters, digits, _ and - (such as "
                           "\"medical_and_dental\"), got " + js::describe(item));
                } else {
                    out.staff_groups.push_back(item.text);
                }
            });
            break;
        case body_field::side:
            out.side = read_enum<side>(v, p, bid, "unknown_side");
            break;
        case body_field::meets:
            read_meets(v, p, bid, out);
            break;
        default:
            break;
        }
    }

    // An array, each item given to `item`; false (reported) when not an array.
    template <class Item>
    bool read_list(const node& v, const std::string& p, const std::string& bid, std::string_view what, Item&& item) {
        if (!v.is_array()) {
            wrong_type(bid, v, p, "an array of " + std::string(what));
            return false;
        }
        for (std::size_t i = 0; i < v.items.size(); ++i) item(v.items[i], child(p, i));
        return true;
    }

    static void copy_attribute(body& from, body& to, body_field f) {
        switch (f) {
        case body_field::sector: to.sector = from.sector; break;
        case body_field::remit: to.remit = from.remit; to.has_remit = from.has_remit; break;
        case body_field::remit_sectors:
            to.remit_sectors = from.remit_sectors;
            to.has_remit_sectors = from.has_remit_sectors;
            break;
        case body_field::staff_groups:
            to.staff_groups = std::move(from.staff_groups);
            to.has_staff_groups = from.has_staff_groups;
            break;
        case body_field::side: to.side = from.side; break;
        case body_field::meets: to.meets = std::move(from.meets); break;
        default: break;
        }
    }

    // Kept unknown fields: an overlay's replace the earlier ones of the same key.
    static std::string merged_extra(const std::string& earlier, const std::string& later) {
        if (earlier.empty() || later.empty()) return later.empty() ? earlier : later;
        js::document a, b;
        try {
            a = js::parse(earlier, "<extra>", {earlier.size(), 256});
            b = js::parse(later, "<extra>", {later.size(), 256});
        } catch (const error&) {
            return later;  // an earlier extra set by code that is not JSON: nothing to merge with
        }
        if (!a.root.is_object()) return later;
        node merged = std::move(a.root);  // a repeated key keeps its last value
        merged.members.insert(merged.members.end(), b.root.members.begin(), b.root.members.end());
        std::string out;
        js::append_canonical(out, merged);
        return out;
    }

    void read_meets(const node& m, const std::string& path, const std::string& bid, body& out) {
        if (!m.is_object()) {
            wrong_type(bid, m, path, "an object {\"rule\": RRULE, \"start\": DATE, \"papers_days\": N}");
            return;
        }
        bool ok = true;
        meeting_spec spec;
        if (const node* rule = present(m, "rule")) {
            if (rule->is_string()) spec.rule = rule->text;
            else {
                wrong_type(bid, *rule, child(path, "rule"), "an RRULE string such as \"FREQ=MONTHLY;BYDAY=2TU\"");
                ok = false;
            }
        } else {
            report("missing_field", bid, place_of(file_, m, child(path, "rule")),
                   "\"meets\" needs \"rule\"; expected an RRULE string such as \"FREQ=MONTHLY;BYDAY=2TU\"");
            ok = false;
        }
        if (present(m, "start")) {
            if (auto d = read_date(m, "start", path, bid, ok)) spec.start = *d;
        } else {
            report("missing_field", bid, place_of(file_, m, child(path, "start")),
                   "\"meets\" needs \"start\"; expected the YYYY-MM-DD date of the first meeting");
            ok = false;
        }
        if (const node* pd = present(m, "papers_days")) {
            const std::string p = child(path, "papers_days");
            if (!pd->is_number()) {
                wrong_type(bid, *pd, p, "a whole number of working days");
                ok = false;
            } else if (auto n = whole_number(*pd, max_papers_days)) {
                spec.papers_days = working_days{static_cast<int>(*n)};
            } else {
                report("bad_count", bid, place_of(file_, *pd, p),
                       "expected a whole number of working days from 0 to " + std::to_string(max_papers_days) +
                           ", got " + js::describe(*pd));
                ok = false;
            }
        }
        // The format ignores other keys here; a misspelt "papers_days" would
        // silently give the policy's papers deadline, so each one is a warning.
        static constexpr std::string_view meets_keys[] = {"rule", "start", "papers_days"};
        for (const auto& member : m.members) {
            if (std::find(std::begin(meets_keys), std::end(meets_keys), member.key) != std::end(meets_keys)) continue;
            if (++unknown_meets_keys_ > max_listed_meets_keys) continue;
            detail::nearest_word nearest(member.key, detail::nearest_word::edits_for(member.key));
            for (auto k : meets_keys) nearest.consider(k);
            // At the value (the pointer names the key): finding a key's
            // column rescans the text, too dear for a warning a body.
            report("unknown_meets_key", bid, place_of(file_, member.value, child(path, member.key)),
                   "\"meets\" has no key " + shown_id(member.key) + ", so it is ignored" +
                       (nearest.found().empty() ? std::string() : " (did you mean \"" + std::string(nearest.found()) + "\"?)") +
                       "; expected \"rule\", \"start\" and \"papers_days\"",
                   severity::warning);
        }
        if (ok) out.meets = std::move(spec);
    }

    void read_link(const node& l, std::size_t index) {
        const std::string path = child("/links", index);
        if (!l.is_object()) {
            wrong_type("", l, path, "a link object {\"from\", \"to\", \"relation\"}");
            return;
        }
        const node* from = present(l, "from");
        const node* to = present(l, "to");
        const node* rel = present(l, "relation");
        const std::string subject = link_subject(from && from->is_string() ? subject_id(from->text) : "?",
                                                 rel && rel->is_string() ? subject_id(rel->text) : "?",
                                                 to && to->is_string() ? subject_id(to->text) : "?");
        bool ok = true;
        for (auto [key, v] : {std::pair{"from", from}, std::pair{"to", to}, std::pair{"relation", rel}})
            if (!v) {
                report("missing_field", subject, place_of(file_, l, child(path, key)),
                       std::string("a link needs \"") + key + "\"; expected {\"from\": ID, \"to\": ID, \"relation\": R}");
                ok = false;
            }
        if (!ok) return;
        auto from_id = read_id(*from, child(path, "from"), subject, "the link's source body");
        auto to_id = read_id(*to, child(path, "to"), subject, "the link's target body");
        auto r = read_enum<relation>(*rel, child(path, "relation"), subject, "unknown_relation");
        link_data out;
        out.valid = read_validity(l, path, subject, ok);
        if (const node* role = present(l, "role")) {
            if (r && *r != relation::seat_on) {
                report("field_not_allowed", subject, place_of(file_, *role, child(path, "role")),
                       "\"role\" cannot stand on a " + std::string(to_string(*r)) + " link; expected it only on seat_on");
                ok = false;
            } else {
                out.role = read_enum<seat_role>(*role, child(path, "role"), subject, "unknown_role");
                ok = ok && out.role.has_value();
            }
        }
        for (const auto& m : l.members)
            if (std::find(detail::link_fields.begin(), detail::link_fields.end(), m.key) == detail::link_fields.end())
                warn_if_misspelt(
                    m, path, subject, r && *r == relation::seat_on ? misspelt_seat_link : misspelt_link,
                    [] { return std::string("a link"); }, "ignored", [&](detail::nearest_word& near) {
                        for (const auto f : detail::link_fields)
                            if (f != "role" || (r && *r == relation::seat_on)) near.consider(f);
                    });
        if (!from_id || !to_id || !r) return;
        // A bad date leaves that end open; the link is still added so that
        // later checks (dangling, forbidden) see it.
        (void)ok;
        out.rel = *r;
        out.origin = link_origin::explicit_link;
        out.where = position_of(l, path);
        add_link({std::move(*from_id), std::move(*to_id), std::move(out)});
    }

    std::string_view file_;
    source_position::file_name file_name_;  // file_, interned once for the positions kept
    const read_limits& limits_;
    graph_builder& builder_;
    std::vector<pending_link> pending_;
    std::vector<pending_link> body_links_;  // the structural links of the body being read
    std::set<std::string, std::less<>> skipped_;
    // Bodies this file added (a repeat is a duplicate, not a change) are the
    // builder's handles from here on: handles are given in order.
    std::uint32_t first_added_here_ = static_cast<std::uint32_t>(builder_.body_count());
    // A new builder: the file may be streamed (and the builder started
    // again), and links go to the builder as they are read (add_link), since
    // the links naming a body this file could not read are all this file's
    // (not so for a later file over a base that gave links but no body).
    bool fresh_;
    bool padded_;
    std::size_t reported_ = 0;  // messages reported so far
    std::size_t unknown_meets_keys_ = 0;  // keys inside "meets" ignored so far
    std::size_t misspelt_fields_ = 0;     // misspelt_field warnings so far (listed: the first 100)
    std::unordered_map<std::string, std::string> misspelt_hints_;  // warn_if_misspelt's answers, by context and key
};

// ------------------------------------------------------------ issue reader

class issue_reader {
public:
    issue_reader(std::string_view file, const read_limits& limits) : file_(file), limits_(limits) {}

    issue read(std::string_view text) {
        const std::size_t max = std::min({limits_.max_bytes, limits_.max_issue_bytes, limits_.max_line_length});
        js::document doc = js::parse(text, file_, {max, limits_.max_depth});
        text_ = text;
        const node& root = doc.root;
        if (!root.is_object()) fail("wrong_type", root, "/", "expected an issue object {\"id\": ..., ...}, got " + js::describe(root));

        // The id first, so that every later message can name the issue.
        issue out;
        const node* id = root.find("id");
        if (!id) fail_missing(root, "id", "a non-empty string");
        if (!id->is_string()) fail("wrong_type", *id, "/id", "expected the issue id (a non-empty string), got " + js::describe(*id));
        if (id->text.size() > limits_.max_id_length)
            fail("id_too_long", *id, "/id", id_too_long_text("id", limits_.max_id_length, id->text.size()));
        if (id->text.empty()) fail("empty_id", *id, "/id", "expected a non-empty string, got \"\"");
        out.id = id->text;
        id_ = &out.id;

        if (!doc.duplicates.empty()) {
            const auto& d = doc.duplicates.front();
            throw issue_error("duplicate_key", location(file_, d.pos) + " " + d.path + ": " + named() + "key " +
                                                   shown_id(d.key) + " is given more than once; expected each key once",
                              error_location{std::string(file_), d.pos.line, d.pos.column, d.path});
        }

        if (const node* title = present(root, "title")) {
            if (!title->is_string()) fail("wrong_type", *title, "/title", "expected a string, got " + js::describe(*title));
            out.title = title->text;
        }
        out.kind = required_enum<issue_kind>(root, "kind", "unknown_kind");
        out.origin = required_enum<level>(root, "origin", "unknown_origin");

        const node* affected = root.find("affected");
        if (!affected)
            fail_missing(root, "affected", "an array of employer, system or region ids (empty only for national origin)");
        if (!affected->is_array()) fail("wrong_type", *affected, "/affected", "expected an array of body ids, got " + js::describe(*affected));
        for (std::size_t i = 0; i < affected->items.size(); ++i)
            out.affected.push_back(read_id(affected->items[i], child("/affected", i), "a body id (a string)"));

        if (const node* groups = present(root, "staff_groups")) {
            if (!groups->is_array())
                fail("wrong_type", *groups, "/staff_groups", "expected an array of staff-group ids, got " + js::describe(*groups));
            if (groups->items.empty())
                fail("empty_staff_groups", *groups, "/staff_groups",
                     "expected at least one staff-group id (leave \"staff_groups\" out for every staff group), got []");
            for (std::size_t i = 0; i < groups->items.size(); ++i) {
                const std::string p = child("/staff_groups", i);
                std::string group = read_id(groups->items[i], p, "a staff-group id (a string)");
                if (!is_staff_group_id(group))
                    fail("bad_staff_group", groups->items[i], p,
                         "expected a staff-group id of lowercase letters, digits, _ and - (such as \"medical_and_dental\"), got " +
                             js::describe(groups->items[i]));
                out.staff_groups.push_back(std::move(group));
            }
        }

        const node* d = root.find("date");
        if (!d) fail_missing(root, "date", "the YYYY-MM-DD date the issue is raised");
        out.date = read_date(*d, "/date");

        if (const node* agreed = present(root, "system_process_agreed")) {
            if (agreed->kind != node::type::boolean)
                fail("wrong_type", *agreed, "/system_process_agreed", "expected true or false, got " + js::describe(*agreed));
            out.system_process_agreed = agreed->boolean;
        }
        if (const node* r = present(root, "redundancies")) {
            if (!r->is_object())
                fail("wrong_type", *r, "/redundancies", "expected an object {\"EMPLOYER\": COUNT, ...}, got " + js::describe(*r));
            for (const auto& m : r->members) {
                const std::string p = child("/redundancies", m.key);
                if (m.key.size() > limits_.max_id_length)
                    fail("id_too_long", m.value, p, id_too_long_text("employer id", limits_.max_id_length, m.key.size()));
                out.redundancies.emplace_back(m.key, read_count(m.value, p));
            }
        }
        if (const node* fd = present(root, "first_dismissal")) out.first_dismissal = read_date(*fd, "/first_dismissal");
        if (unknown_keys_)
            for (const auto& m : root.members)
                if (std::find(issue_keys.begin(), issue_keys.end(), m.key) == issue_keys.end())
                    unknown_keys_->push_back(m.key);
        return out;
    }

    /// Collect the keys the contract ignores (in the text's order) into `keys`.
    issue_reader& collect_unknown_keys(std::vector<std::string>& keys) {
        unknown_keys_ = &keys;
        return *this;
    }

private:
    static const node* present(const node& obj, std::string_view key) {
        const node* v = obj.find(key);
        return v && !v->is_null() ? v : nullptr;
    }

    std::string named() const { return id_ ? "issue " + shown_id(*id_) + ": " : std::string(); }

    [[noreturn]] void fail(std::string code, const node& at, std::string_view path, const std::string& message) const {
        throw issue_error(std::move(code), where_of(file_, at, path) + ": " + named() + message,
                          located(file_, at, path));
    }

    /// A required key absent; when a key the contract ignores is a typo of
    /// it ("afected"), the message says so: the unknown-key warning is not
    /// printed for an issue that fails.
    [[noreturn]] void fail_missing(const node& root, std::string_view key, const std::string& expected) const {
        std::string message = "missing \"" + std::string(key) + "\"";
        for (const auto& m : root.members) {
            if (std::find(issue_keys.begin(), issue_keys.end(), m.key) != issue_keys.end()) continue;
            detail::nearest_word nearest(m.key, detail::nearest_word::edits_for(m.key));
            nearest.consider(key);
            if (nearest.found().empty()) continue;
            const js::position found_at = js::key_position(text_, m.value.pos);
            message += " (found " + shown_id(m.key) + " at " + std::string(file_) + ":" + std::to_string(found_at.line) + ":" +
                       std::to_string(found_at.column) + "; did you mean " + shown_id(nearest.found()) + "?)";
            break;
        }
        fail("missing_field", root, child("", key), message + "; expected " + expected);
    }

    template <spelled_enum Enum>
    Enum required_enum(const node& root, std::string_view key, std::string_view unknown_code) const {
        const std::string path = child("", key);
        const node* v = root.find(key);
        if (!v) fail_missing(root, key, expected_spellings<Enum>());
        if (!v->is_string()) fail("wrong_type", *v, path, "expected " + expected_spellings<Enum>() + ", got " + js::describe(*v));
        auto e = parse_enum<Enum>(v->text);
        if (!e) {
            // "restructre", "Redundancy": the spelling it is near, as the graph reader says.
            detail::nearest_word near(v->text, detail::nearest_word::edits_for(v->text), /*fold_case=*/true);
            for (const auto name : enum_spelling<Enum>::names) near.consider(name);
            fail(std::string(unknown_code), *v, path,
                 "expected " + expected_spellings<Enum>() + ", got " + js::describe(*v) + near.hint());
        }
        return *e;
    }

    std::string read_id(const node& v, const std::string& path, std::string_view expected) const {
        if (!v.is_string()) fail("wrong_type", v, path, "expected " + std::string(expected) + ", got " + js::describe(v));
        if (v.text.size() > limits_.max_id_length)
            fail("id_too_long", v, path, id_too_long_text("id", limits_.max_id_length, v.text.size()));
        return v.text;
    }

    date read_date(const node& v, std::string_view path) const {
        if (!v.is_string()) fail("wrong_type", v, path, "expected a YYYY-MM-DD date string, got " + js::describe(v));
        auto d = parse_iso_date(v.text);
        if (!d)
            fail("bad_date", v, path,
                 "expected a YYYY-MM-DD date " + std::string(detail::iso_date_expected(v.text)) + ", got " + js::describe(v) +
                     detail::iso_date_hint(v.text));
        return *d;
    }

    int read_count(const node& v, std::string_view path) const {
        if (!v.is_number()) fail("wrong_type", v, path, "expected a whole number of proposed redundancies, got " + js::describe(v));
        if (auto n = whole_number(v, static_cast<std::uint64_t>(INT_MAX))) return static_cast<int>(*n);
        fail("bad_count", v, path, "expected a whole number from 0 to 2147483647, got " + js::describe(v));
    }

    std::string_view file_;
    const read_limits& limits_;
    std::string_view text_{};  // what read() reads: a key's position is found in it
    const std::string* id_ = nullptr;
    std::vector<std::string>* unknown_keys_ = nullptr;
};

// ------------------------------------------------------------ writing helpers

/// A fragment of JSON fixed when compiling (`, "key": `), copied as it is:
/// the writers' keys are plain ASCII names, which need no escaping.
template <std::size_t N> void append_raw(std::string& out, const char (&fragment)[N]) { out.append(fragment, N - 1); }

void append_key(std::string& out, std::string_view key) {
    js::append_quoted(out, key);
    out += ": ";
}

void append_string_member(std::string& out, std::string_view key, std::string_view value) {
    out += ", ";
    append_key(out, key);
    js::append_quoted(out, value);
}

// `, "key": ["a", "b"]`
template <class Strings>
void append_string_list(std::string& out, std::string_view key, const Strings& items) {
    out += ", ";
    append_key(out, key);
    out += '[';
    bool any = false;
    for (const auto& item : items) {
        if (any) out += ", ";
        any = true;
        js::append_quoted(out, item);
    }
    out += ']';
}

// `, "key": [...]` with the set's members in enumerator order.
template <spelled_enum Enum>
void append_enum_set(std::string& out, std::string_view key, enum_set<Enum> set) {
    std::vector<std::string_view> names;
    for (std::size_t k = 0; k < enum_count<Enum>; ++k)
        if (set.contains(static_cast<Enum>(k))) names.push_back(to_string(static_cast<Enum>(k)));
    append_string_list(out, key, names);
}

void append_date_or_null(std::string& out, date d) {
    if (d.is_special()) out += "null";
    else js::append_quoted(out, to_iso(d));
}

std::string_view safe_id(const governance_graph& g, body_handle h) {
    if (h.index() >= g.body_count())
        throw graph_error("unknown_id", "body handle " + std::to_string(h.index()) + " is not in the graph (it has " +
                                            std::to_string(g.body_count()) + " bodies)");
    return g.id(h);
}

/// A body's id, quoted: copied from the table when there is one.
void append_quoted_id(std::string& out, const governance_graph& g, const quoted_ids* ids, body_handle h) {
    if (ids) out += (*ids)[h];
    else js::append_quoted(out, safe_id(g, h));
}

void append_id_list(std::string& out, const governance_graph& g, const quoted_ids* ids,
                    const std::vector<body_handle>& hs) {
    if (ids) {
        ids->append_array(out, hs);
        return;
    }
    out += '[';
    for (std::size_t i = 0; i < hs.size(); ++i) {
        if (i) out += ", ";
        append_quoted_id(out, g, ids, hs[i]);
    }
    out += ']';
}

// A body's (or the graph's) kept unknown fields, in key order, each after
// `separator`, skipping any that would clash with a field the writer
// produces (`known`).
void append_extra(std::string& out, const std::string& extra, bool (*known)(std::string_view) noexcept = is_known_body_field,
                  std::string_view separator = ", ") {
    if (extra.empty()) return;
    js::document doc;
    try {
        doc = js::parse(extra, "<extra>", {extra.size(), 256});
    } catch (const error&) {
        return; // not JSON (set by code, not read from a file): nothing to keep
    }
    if (!doc.root.is_object()) return;
    std::vector<const js::member*> sorted;
    for (const auto& m : doc.root.members) sorted.push_back(&m);
    std::stable_sort(sorted.begin(), sorted.end(), [](const js::member* a, const js::member* b) { return a->key < b->key; });
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i + 1 < sorted.size() && sorted[i + 1]->key == sorted[i]->key) continue;
        if (known(sorted[i]->key)) continue;
        out += separator;
        append_key(out, sorted[i]->key);
        js::append_canonical(out, sorted[i]->value);
    }
}

bool written_as_field(const governance_graph& g, link_handle l) {
    const link_data& data = g[l];
    return data.origin == link_origin::structural_field && data.valid == validity::always() &&
           structural_field(data.rel, g[g.source(l)].kind).has_value();
}

} // namespace

// ------------------------------------------------------------ public API

governance_graph read_graph(std::string_view json_text, std::string_view file_name, const read_limits& limits) {
    graph_builder b;
    graph_reader(b, file_name, limits, /*fresh=*/true).read(json_text);
    return std::move(b).build();
}

std::optional<governance_graph> detail::read_graph_streamed(std::string_view json_text, std::string_view file_name,
                                                            const read_limits& limits) {
    graph_builder b;
    if (!graph_reader(b, file_name, limits, /*fresh=*/true).read_streamed(json_text)) return std::nullopt;
    return std::move(b).build();
}

governance_graph detail::read_graph_as_tree(std::string_view json_text, std::string_view file_name,
                                            const read_limits& limits) {
    graph_builder b;
    graph_reader(b, file_name, limits).read(json_text);
    return std::move(b).build();
}

void apply_overlay(graph_builder& b, std::string_view json_text, std::string_view file_name, const read_limits& limits) {
    graph_reader(b, file_name, limits).read(json_text);
}

namespace {

// A graph file's text, followed by detail::fast_read_padding NUL bytes
// (not part of the text: see padded_view()); throws parse_error naming it.
std::string read_file_text_padded(const std::filesystem::path& path, const read_limits& limits) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw parse_error("cannot_open", name + ": cannot open the graph file: it is a directory",
                          error_location{name, {}, {}, {}});
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > limits.max_bytes)
        throw parse_error("too_large", name + ":1:1: the file is " + std::to_string(size) + " bytes; expected at most " +
                                           std::to_string(limits.max_bytes),
                              error_location{name, 1, 1, {}});
    std::string text;
    // Room for the file and the padding appended below (not a copy of it).
    if (!ec) text.reserve(static_cast<std::size_t>(size) + 1 + detail::fast_read_padding);
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw parse_error("cannot_open", name + ": cannot open the graph file" +
                                             (errno ? detail::open_failure_reason(errno)
                                                    : ec ? " (" + ec.message() + ")" : std::string()),
                          error_location{name, {}, {}, {}});
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limits.max_bytes)
            throw parse_error("too_large", name + ":1:1: the file is more than " + std::to_string(limits.max_bytes) +
                                               " bytes; expected at most " + std::to_string(limits.max_bytes),
                              error_location{name, 1, 1, {}});
    }
    if (in.bad()) throw parse_error("cannot_open", name + ": error reading the graph file", error_location{name, {}, {}, {}});
    text.append(detail::fast_read_padding, '\0');
    return text;
}

std::string_view padded_view(const std::string& padded) {
    return std::string_view(padded).substr(0, padded.size() - detail::fast_read_padding);
}

} // namespace

governance_graph read_graph_file(const std::filesystem::path& path, const read_limits& limits) {
    const std::string text = read_file_text_padded(path, limits);
    graph_builder b;
    graph_reader(b, path.string(), limits, /*fresh=*/true, /*padded=*/true).read(padded_view(text));
    return std::move(b).build();
}

governance_graph read_graph_layers(std::span<const graph_layer> layers, const read_limits& limits) {
    graph_builder b;
    for (const auto& layer : layers)
        graph_reader(b, layer.file_name, limits, /*fresh=*/&layer == layers.data()).read(layer.json_text);
    return std::move(b).build();
}

bool is_built_in_graph_name(std::string_view name) noexcept { return name == "england" || name == "england-gp"; }

const governance_graph* built_in_graph(std::string_view name) {
    if (name == "england") return &england_graph();
    if (name == "england-gp") return &england_gp_graph();
    return nullptr;
}

governance_graph read_graph_files(std::span<const std::string> names, const read_limits& limits,
                                  const std::function<std::string(const std::string&)>& read_text) {
    if (names.empty()) throw parse_error("cannot_open", "no graph given; expected a base graph file or \"england\"");
    // A built-in base starts from the graph parsed once, not from its text.
    const governance_graph* base = built_in_graph(names.front());
    if (base && names.size() == 1) return *base;
    graph_builder b = base ? graph_builder(*base) : graph_builder();
    for (std::size_t i = base ? 1 : 0; i < names.size(); ++i) {
        const std::string& name = names[i];
        if (name == "england") apply_overlay(b, england_graph_json(), "<built-in England graph>", limits);
        else if (name == "england-gp") apply_overlay(b, england_gp_graph_json(), "<built-in England GP graph>", limits);
        else {
            // Padded for the fast read (free when read_text left room for it).
            std::string text;
            try {
                text = read_text ? read_text(name) : read_file_text_padded(name, limits);
            } catch (const parse_error& e) {
                const std::string hint = e.code() == "cannot_open" ? detail::built_in_graph_hint(name) : std::string();
                if (hint.empty()) throw;
                throw parse_error(e.code(), std::string(e.what()).substr(e.code().size() + 2) + hint, e.location());
            }
            if (read_text) text.append(detail::fast_read_padding, '\0');
            graph_reader(b, name == "-" ? "<stdin>" : name, limits, /*fresh=*/i == 0, /*padded=*/true).read(padded_view(text));
        }
    }
    return std::move(b).build();
}

std::string_view england_graph_json() noexcept { return detail::england_graph_json; }
std::string_view england_gp_graph_json() noexcept { return detail::england_gp_graph_json; }

namespace {
// A built-in graph, parsed. A built-in graph with errors is a bug: the tests
// validate both (tests/test_io.cpp "the built-in England graph ..."), so
// start-up does not run validate() on them again. The build's own
// diagnostics cost nothing to check, so they still are.
governance_graph checked_built_in(std::string_view json, std::string_view name) {
    graph_builder b;
    // Embedded with detail::fast_read_padding NUL bytes after it (cmake/embed_file.cmake).
    graph_reader(b, name, read_limits{}, /*fresh=*/true, /*padded=*/true).read(json);
    return std::move(b).build_or_throw();
}
} // namespace

const governance_graph& england_graph() {
    static const governance_graph graph = checked_built_in(detail::england_graph_json, "<built-in England graph>");
    return graph;
}

const governance_graph& england_gp_graph() {
    static const governance_graph graph = checked_built_in(detail::england_gp_graph_json, "<built-in England GP graph>");
    return graph;
}

std::string write_graph(const governance_graph& g, std::optional<date> as_of) {
    std::optional<as_of_view> view;
    if (as_of) view.emplace(g, *as_of);
    auto body_written = [&](body_handle h) { return !view || view->contains(h); };
    auto link_written = [&](link_handle l) {
        return g[l].origin != link_origin::derived && (!view || view->contains(l));
    };

    std::string out = "{\n  \"spfgov\": 1";
    if (const auto& covers = g.covers()) {
        out += ",\n  \"covers\": {";
        std::string_view sep;
        if (!covers->from.is_special()) {
            out += "\"from\": " + q(to_iso(covers->from));
            sep = ", ";
        }
        if (!covers->to.is_special()) out += std::string(sep) + "\"to\": " + q(to_iso(covers->to));
        out += '}';
    }
    if (!g.extra_rules().empty()) {
        out += ",\n  \"allow\": [";
        for (std::size_t i = 0; i < g.extra_rules().size(); ++i) {
            const auto& r = g.extra_rules()[i];
            out += i ? ",\n    " : "\n    ";
            out += "{\"relation\": " + q(to_string(r.rel)) + ", \"from\": " + q(to_string(r.from)) +
                   ", \"to\": " + q(to_string(r.to)) + "}";
        }
        out += "\n  ]";
    }
    append_extra(out, g.extra(), is_known_root_field, ",\n  ");  // before the bodies, as a file mostly has them

    out += ",\n  \"bodies\": [";
    bool first = true;
    for (auto h : g.bodies()) {
        if (!body_written(h)) continue;
        const body& b = g[h];
        out += first ? "\n    {" : ",\n    {";
        first = false;
        append_key(out, "id");
        js::append_quoted(out, b.id);
        append_string_member(out, "kind", to_string(b.kind));
        if (!b.name.empty()) append_string_member(out, "name", b.name);
        if (b.sector) append_string_member(out, "sector", to_string(*b.sector));
        if (b.has_remit || !b.remit.empty()) append_enum_set(out, "remit", b.remit);

        if (b.has_remit_sectors || !b.remit_sectors.empty())
            append_enum_set(out, "remit_sectors", b.remit_sectors);
        if (b.has_staff_groups || !b.staff_groups.empty()) append_string_list(out, "staff_groups", b.staff_groups);
        if (b.side) append_string_member(out, "side", to_string(*b.side));

        // Structural fields, in the field table's order, each a string or an array.
        std::array<std::vector<std::string_view>, enum_count<body_field>> targets;
        for (auto l : g.out_links(h)) {
            if (!link_written(l) || !written_as_field(g, l)) continue;
            targets[static_cast<std::size_t>(*structural_field(g[l].rel, b.kind))].push_back(g.id(g.target(l)));
        }
        for (std::size_t f = 0; f < targets.size(); ++f) {
            const auto field = to_string(static_cast<body_field>(f));
            if (targets[f].size() == 1) append_string_member(out, field, targets[f].front());
            else if (!targets[f].empty()) append_string_list(out, field, targets[f]);
        }

        if (!b.valid.from.is_special()) append_string_member(out, "valid_from", to_iso(b.valid.from));
        if (!b.valid.to.is_special()) append_string_member(out, "valid_to", to_iso(b.valid.to));
        if (b.meets) {
            out += ", ";
            append_key(out, "meets");
            out += '{';
            append_key(out, "rule");
            js::append_quoted(out, b.meets->rule);
            if (!b.meets->start.is_special()) append_string_member(out, "start", to_iso(b.meets->start));
            if (b.meets->papers_days) {
                out += ", ";
                append_key(out, "papers_days");
                out += std::to_string(b.meets->papers_days->count());
            }
            out += '}';
        }
        append_extra(out, b.extra);
        out += '}';
    }
    out += first ? "]" : "\n  ]";

    out += ",\n  \"links\": [";
    first = true;
    for (auto l : g.links()) {
        if (!link_written(l) || written_as_field(g, l)) continue;
        const link_data& data = g[l];
        out += first ? "\n    {" : ",\n    {";
        first = false;
        append_key(out, "from");
        js::append_quoted(out, g.id(g.source(l)));
        append_string_member(out, "to", g.id(g.target(l)));
        append_string_member(out, "relation", to_string(data.rel));
        if (data.role) append_string_member(out, "role", to_string(*data.role));
        if (!data.valid.from.is_special()) append_string_member(out, "valid_from", to_iso(data.valid.from));
        if (!data.valid.to.is_special()) append_string_member(out, "valid_to", to_iso(data.valid.to));
        out += '}';
    }
    out += first ? "]" : "\n  ]";
    out += "\n}\n";
    return out;
}

issue read_issue(std::string_view json_text, std::string_view file_name, const read_limits& limits) {
    // Most lines of a batch are plain, valid issues: the fast path reads
    // those; anything it is not sure of is read again by the located reader,
    // so every error is exactly the located reader's.
    if (auto fast = detail::read_issue_fast(json_text, limits)) return std::move(*fast);
    return issue_reader(file_name, limits).read(json_text);
}

issue detail::read_issue_located(std::string_view json_text, std::string_view file_name, const read_limits& limits,
                                 std::vector<std::string>* unknown_keys) {
    issue_reader reader(file_name, limits);
    if (unknown_keys) reader.collect_unknown_keys(*unknown_keys);
    return reader.read(json_text);
}

std::optional<detail::text_position> detail::locate_json_pointer(std::string_view json_text, std::string_view pointer,
                                                                 const read_limits& limits) {
    std::optional<js::document> doc;
    try {
        doc.emplace(js::parse(json_text, "", {limits.max_bytes, limits.max_depth}));
    } catch (const error&) {
        return std::nullopt;
    }
    const js::node* at = &doc->root;
    detail::for_each_pointer_token(pointer, [&](const std::string& token) {
        const js::node* next = nullptr;
        if (at->is_object()) next = at->find(token);
        else if (const auto index = detail::pointer_index(token); at->is_array() && index && *index < at->items.size())
            next = &at->items[*index];
        at = next;
        return at != nullptr;
    });
    if (!at) return std::nullopt;
    return text_position{at->pos.line, at->pos.column};
}

namespace {
/// What read_issue refuses, refused before it is written: a batch that
/// write_issue writes reads back (an issue built in code skips the reader),
/// in the reader's order. Not covered: an id whose bytes are not UTF-8 is
/// measured as given but written with U+FFFD (3 bytes) for each bad byte,
/// and a line is not held to the reader's max_line_length.
void check_writable(const issue& i) {
    const auto refuse = [&](std::string_view code, const std::string& pointer, const std::string& what) {
        // The pointer whole in the location; cut and visible in the message
        // (a redundancies key is its last segment, as long as it was given).
        std::string message =
            "write_issue: issue \"" + printable(cut_id(i.id)) + "\": " + printable(cut_id(pointer)) + ": " + what;
        throw issue_error(std::string(code), std::move(message), error_location{.pointer = pointer});  // no file or line
    };
    // Ids as the default reader takes them (read_limits::max_id_length).
    const std::size_t max_id = read_limits{}.max_id_length;
    const auto check_id_length = [&](std::string_view id, const std::string& pointer) {
        if (id.size() > max_id)
            refuse("id_too_long", pointer, id_too_long_text("id", max_id, id.size()));
    };
    check_id_length(i.id, "/id");
    if (i.id.empty()) refuse("empty_id", "/id", "expected a non-empty string, got \"\"");
    if (static_cast<std::size_t>(i.kind) >= enum_count<issue_kind>)
        refuse("unknown_kind", "/kind", "expected " + expected_spellings<issue_kind>());
    if (static_cast<std::size_t>(i.origin) >= enum_count<level>)
        refuse("unknown_origin", "/origin", "expected " + expected_spellings<level>());
    for (std::size_t k = 0; k < i.affected.size(); ++k) check_id_length(i.affected[k], "/affected/" + std::to_string(k));
    for (std::size_t k = 0; k < i.staff_groups.size(); ++k) {
        const std::string pointer = "/staff_groups/" + std::to_string(k);
        check_id_length(i.staff_groups[k], pointer);
        if (!is_staff_group_id(i.staff_groups[k]))
            refuse("bad_staff_group", pointer,
                   "expected a staff-group id of lowercase letters, digits, _ and - (such as \"medical_and_dental\"), got \"" +
                       printable(cut_id(i.staff_groups[k])) + "\"");
    }
    if (i.date.is_special()) refuse("missing_field", "/date", "is not set; expected a YYYY-MM-DD date");
    for (std::size_t k = 0; k < i.redundancies.size(); ++k) {
        const auto& [employer, count] = i.redundancies[k];
        std::string pointer = "/redundancies";
        js::append_pointer_segment(pointer, employer);
        check_id_length(employer, pointer);
        if (count < 0) refuse("bad_count", pointer, "expected a whole number from 0 to 2147483647, got " + std::to_string(count));
        for (std::size_t j = 0; j < k; ++j)
            if (i.redundancies[j].first == employer) refuse("duplicate_key", pointer, "expected each employer's count once");
    }
}
} // namespace

std::string write_issue(const issue& i) {
    check_writable(i);
    std::string out = "{";
    append_key(out, "id");
    js::append_quoted(out, i.id);
    append_string_member(out, "title", i.title);
    append_string_member(out, "kind", to_string(i.kind));
    append_string_member(out, "origin", to_string(i.origin));
    out += ", ";
    append_key(out, "affected");
    out += '[';
    for (std::size_t k = 0; k < i.affected.size(); ++k) {
        if (k) out += ", ";
        js::append_quoted(out, i.affected[k]);
    }
    out += ']';
    if (!i.staff_groups.empty()) append_string_list(out, "staff_groups", i.staff_groups);
    out += ", ";
    append_key(out, "date");
    append_date_or_null(out, i.date);
    if (!i.redundancies.empty()) {
        out += ", ";
        append_key(out, "redundancies");
        out += '{';
        for (std::size_t k = 0; k < i.redundancies.size(); ++k) {
            if (k) out += ", ";
            append_key(out, i.redundancies[k].first);
            out += std::to_string(i.redundancies[k].second);
        }
        out += '}';
    }
    if (i.first_dismissal && !i.first_dismissal->is_special())
        append_string_member(out, "first_dismissal", to_iso(*i.first_dismissal));
    out += ", ";
    append_key(out, "system_process_agreed");
    out += i.system_process_agreed ? "true" : "false";
    out += '}';
    return out;
}

std::string write_route(const route& r, const governance_graph& g, rationale_detail rationale) {
    std::string out;
    append_route(out, r, g, rationale);
    return out;
}

quoted_ids::quoted_ids(const governance_graph& g) {
    offsets_.reserve(g.body_count() + 1);
    for (std::uint32_t i = 0; i < g.body_count(); ++i) {
        offsets_.push_back(text_.size());
        js::append_quoted(text_, g.id(body_handle{i}));
    }
    offsets_.push_back(text_.size());
}

std::string_view quoted_ids::operator[](body_handle h) const {
    if (h.index() >= size())
        throw graph_error("unknown_id", "body handle " + std::to_string(h.index()) + " is not in the graph (it has " +
                                            std::to_string(size()) + " bodies)");
    return std::string_view(text_).substr(offsets_[h.index()], offsets_[h.index() + 1] - offsets_[h.index()]);
}

void quoted_ids::append_array(std::string& out, std::span<const body_handle> bodies) const {
    // The same list written earlier in this route (of this graph, whose
    // handles were checked then): copied whole.
    detail::id_list_memo* memo = nullptr;
    if (detail::id_list_memo::append_if_written(out, this, detail::id_list_memo::form::json_array, bodies, memo))
        return;
    // Sized first, then copied into place: one growth of `out`, not two
    // appends per id (a route's lists are most of what a batch writes).
    std::size_t bytes = 2 + (bodies.empty() ? 0 : 2 * (bodies.size() - 1));
    for (auto h : bodies) {  // every handle checked before `out` changes
        if (h.index() >= size()) (void)(*this)[h];  // throws unknown_id
        bytes += offsets_[h.index() + 1] - offsets_[h.index()];
    }
    const std::size_t at = out.size();
    out.resize(at + bytes);
    char* p = out.data() + at;
    *p++ = '[';
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        if (i) {
            *p++ = ',';
            *p++ = ' ';
        }
        const std::size_t from = offsets_[bodies[i].index()], to = offsets_[bodies[i].index() + 1];
        std::memcpy(p, text_.data() + from, to - from);
        p += to - from;
    }
    *p = ']';
    if (memo) memo->remember(this, detail::id_list_memo::form::json_array, bodies, std::string_view(out).substr(at));
}

namespace {

void append_route_with(std::string& out, const route& r, const governance_graph& g, const quoted_ids* ids,
                       rationale_detail rationale) {
    // One route of one graph: a list written again is copied (detail_id_lists.hpp).
    const detail::id_list_memo::scope lists_written;
    // The keys and separators are literal fragments, copied whole: most of
    // a route's many small appends (a batch writes millions of them).
    append_raw(out, "{\"issue\": ");
    js::append_quoted(out, r.issue);
    append_raw(out, ", \"as_of\": ");
    append_date_or_null(out, r.as_of);
    append_raw(out, ", \"scope\": ");
    js::append_quoted(out, to_string(r.scope));
    append_raw(out, ", \"lead\": ");
    append_id_list(out, g, ids, r.lead);
    append_raw(out, ", \"lead_union\": ");
    if (r.lead_union) append_quoted_id(out, g, ids, *r.lead_union);
    else append_raw(out, "null");
    append_raw(out, ", \"negotiate\": ");
    append_id_list(out, g, ids, r.negotiate);
    append_raw(out, ", \"consult\": ");
    append_id_list(out, g, ids, r.consult);
    append_raw(out, ", \"engage\": ");
    append_id_list(out, g, ids, r.engage);
    append_raw(out, ", \"inform\": ");
    append_id_list(out, g, ids, r.inform);
    append_raw(out, ", \"escalation\": [");
    for (std::size_t i = 0; i < r.escalation.size(); ++i) {
        if (i) append_raw(out, ", ");
        append_id_list(out, g, ids, r.escalation[i]);
    }
    append_raw(out, "], \"deadlines\": [");
    for (std::size_t i = 0; i < r.deadlines.size(); ++i) {
        const deadline& d = r.deadlines[i];
        if (i) append_raw(out, ", ");
        append_raw(out, "{\"kind\": ");
        js::append_quoted(out, to_string(d.kind));
        append_raw(out, ", \"body\": ");
        append_quoted_id(out, g, ids, d.body);
        append_raw(out, ", \"date\": ");
        append_date_or_null(out, d.date);
        append_raw(out, ", \"rule\": ");
        js::append_quoted(out, d.rule);
        append_raw(out, ", \"late\": ");
        out += d.late ? "true" : "false";
        append_raw(out, ", \"days\": ");
        out += std::to_string(d.days.count());
        out += '}';
    }
    append_raw(out, "], \"meetings\": [");
    for (std::size_t i = 0; i < r.meetings.size(); ++i) {
        const meeting& m = r.meetings[i];
        if (i) append_raw(out, ", ");
        append_raw(out, "{\"body\": ");
        append_quoted_id(out, g, ids, m.body);
        append_raw(out, ", \"date\": ");
        append_date_or_null(out, m.date);
        append_raw(out, ", \"papers_due\": ");
        append_date_or_null(out, m.papers_due);
        append_raw(out, ", \"scheduled\": ");
        append_date_or_null(out, m.scheduled);
        append_raw(out, ", \"moved\": ");
        out += m.moved ? "true" : "false";
        out += '}';
    }
    append_raw(out, "], \"rationale\": [");
    const std::size_t entries = rationale == rationale_detail::none ? 0 : r.rationale.size();
    for (std::size_t i = 0; i < entries; ++i) {
        const rationale_entry& e = r.rationale[i];
        if (i) append_raw(out, ", ");
        append_raw(out, "{\"rule\": ");
        js::append_quoted(out, e.rule());
        if (rationale == rationale_detail::full) {
            // Rendered straight into the line between its quotes; escaped
            // afterwards only when it needs it (sentences of plain ASCII
            // ids, as nearly all are, are then copied once, not twice).
            append_raw(out, ", \"text\": \"");
            const std::size_t start = out.size();
            append_rationale_text(out, e, r, g);
            if (js::needs_escaping(std::string_view(out).substr(start))) {
                const std::string text = out.substr(start);
                out.resize(start - 1);
                js::append_quoted(out, text);
            } else {
                out += '"';
            }
        }
        append_raw(out, ", \"source\": ");
        if (const auto source = e.source()) js::append_quoted(out, *source);
        else append_raw(out, "null");
        out += '}';
    }
    append_raw(out, "], \"warnings\": [");
    for (std::size_t i = 0; i < r.warnings.size(); ++i) {
        if (i) append_raw(out, ", ");
        js::append_quoted(out, r.warnings[i]);
    }
    append_raw(out, "]}");
}

} // namespace

void append_route(std::string& out, const route& r, const governance_graph& g, rationale_detail rationale) {
    append_route_with(out, r, g, nullptr, rationale);
}

void append_route(std::string& out, const route& r, const governance_graph& g, const quoted_ids& ids,
                  rationale_detail rationale) {
    append_route_with(out, r, g, &ids, rationale);
}

std::string write_route_error(const std::optional<std::string>& issue_id, std::size_t line, std::string_view message) {
    std::string out = "{";
    append_key(out, "issue");
    if (issue_id) js::append_quoted(out, *issue_id);
    else out += "null";
    out += ", ";
    append_key(out, "line");
    out += std::to_string(line);
    out += ", ";
    append_key(out, "code");
    if (const auto code = error_code_of(message); !code.empty()) js::append_quoted(out, code);
    else out += "null";
    out += ", ";
    append_key(out, "error");
    js::append_quoted(out, message);
    out += '}';
    return out;
}

} // namespace spfgov
