#include "spfgov/graph.hpp"
#include "spfgov/typed_builder.hpp"

#include "spfgov/detail/cycles.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace spfgov {

std::string format(const diagnostic& d) {
    // One diagnostic a line: ids and names from the input are made printable,
    // so none can forge another line or act on the terminal.
    std::string out{to_string(d.severity)};
    out += ' ';
    out += d.code;
    if (!d.subject.empty()) {
        out += ' ';
        append_printable(out, d.subject);
    }
    if (!d.where.empty()) {
        out += " (";
        append_printable(out, d.where);
        out += ')';
    }
    out += ": ";
    append_printable(out, d.message);
    return out;
}

bool carries(const body& b, body_field f) noexcept {
    switch (f) {
    case body_field::sector: return b.sector.has_value();
    case body_field::remit: return b.has_remit || !b.remit.empty();
    case body_field::remit_sectors: return b.has_remit_sectors || !b.remit_sectors.empty();
    case body_field::staff_groups: return b.has_staff_groups || !b.staff_groups.empty();
    case body_field::side: return b.side.has_value();
    case body_field::meets: return b.meets.has_value();
    default: return false;  // structural fields are links
    }
}

// ------------------------------------------------------------ governance_graph

governance_graph::governance_graph() : graph_(std::make_unique<graph_type>()) {}
governance_graph::~governance_graph() = default;

// Edge descriptors are positions, not addresses: the copy's are the same.
governance_graph::governance_graph(const governance_graph& other)
    : bodies_(other.bodies_), graph_(std::make_unique<graph_type>(*other.graph_)), edges_(other.edges_),
      in_start_(other.in_start_), in_links_(other.in_links_), index_(other.index_), keys_(other.keys_),
      id_rank_(other.id_rank_),
      escalation_may_cycle_(other.escalation_may_cycle_), build_diagnostics_(other.build_diagnostics_),
      extra_rules_(other.extra_rules_), covers_(other.covers_), covers_where_(other.covers_where_),
      covers_location_(other.covers_location_), extra_(other.extra_), listed_staff_groups_(other.listed_staff_groups_) {}

std::uint32_t typed_builder::next_serial() noexcept {
    static std::atomic<std::uint32_t> last{0};
    const std::uint32_t s = last.fetch_add(1, std::memory_order_relaxed) + 1;
    return s != 0 ? s : last.fetch_add(1, std::memory_order_relaxed) + 1;  // 0 means "made by hand"
}

void governance_graph::no_such_link(link_handle h) const {
    throw graph_error("unknown_id", "link handle " + std::to_string(h.index()) + " is not in the graph (it has " +
                                        std::to_string(edges_.size()) + " links)");
}

governance_graph& governance_graph::operator=(const governance_graph& other) {
    if (this != &other) *this = governance_graph(other);
    return *this;
}

std::optional<body_handle> governance_graph::find(std::string_view id) const {
    const auto i = index_.find(id, [&](std::uint32_t b) {
        const body_key& key = keys_[b];
        if (key.size == body_key::long_id) return detail::id_index::same(bodies_[b].id, id);
        return detail::id_index::same(std::string_view(key.head.data(), key.size), id);
    });
    if (!i) return std::nullopt;
    return body_handle{*i};
}

body_handle governance_graph::at(std::string_view id) const {
    if (auto h = find(id)) return *h;
    throw graph_error("unknown_id", "no body with id \"" + std::string(id) + "\" in the graph");
}

std::vector<link_handle> governance_graph::out_links(body_handle from) const {
    std::vector<link_handle> out;
    for (auto [it, end] = boost::out_edges(vertex(from), *graph_); it != end; ++it)
        out.push_back((*graph_)[*it].handle);
    return out;
}

namespace {
bool allowed_by(const std::vector<relation_rule>& extra, relation rel, body_kind from, body_kind to) noexcept {
    if (link_allowed(rel, from, to)) return true;
    return std::any_of(extra.begin(), extra.end(),
                       [&](const relation_rule& r) { return r.rel == rel && r.from == from && r.to == to; });
}
} // namespace

bool governance_graph::allows(relation rel, body_kind from, body_kind to) const noexcept {
    return allowed_by(extra_rules_, rel, from, to);
}

// ------------------------------------------------------------ graph_builder

namespace {

std::string link_subject(std::string_view from, relation rel, std::string_view to) {
    std::string s{from};
    s += " -";
    s += to_string(rel);
    s += "-> ";
    s += to;
    return s;
}

diagnostic make_error(std::string code, std::string subject, const source_position& where, std::string message) {
    return {severity::error, std::move(code), std::move(subject), where.str(), std::move(message), where.location()};
}

// What makes two links the same link (domain.md §4: same relation, ends and
// validity; a seat's role too).
using link_key = std::tuple<std::uint32_t, std::uint32_t, relation, date, date, int>;
link_key key_of(body_handle from, body_handle to, const link_data& l) {
    return {from.index(), to.index(), l.rel, l.valid.from, l.valid.to, l.role ? static_cast<int>(*l.role) : -1};
}

// Hashed, not ordered: a million-employer graph checks millions of links.
struct link_key_hash {
    std::size_t operator()(const link_key& k) const noexcept {
        auto mix = [](std::uint64_t h, std::uint64_t v) { return (h ^ v) * 0x100000001b3ULL; };
        std::uint64_t h = 0xcbf29ce484222325ULL;
        h = mix(h, (std::uint64_t{std::get<0>(k)} << 32) | std::get<1>(k));
        h = mix(h, static_cast<std::uint64_t>(std::get<2>(k)));
        h = mix(h, static_cast<std::uint64_t>(std::get<3>(k).day_count().as_number()));
        h = mix(h, static_cast<std::uint64_t>(std::get<4>(k).day_count().as_number()));
        h = mix(h, static_cast<std::uint64_t>(std::get<5>(k)));
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

// The links build() has accepted, before the graph is frozen: their ends
// and data by link handle, with the links leaving each body in link order.
struct staged_links {
    using ends_type = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
    const std::vector<body>& bodies;
    const ends_type& ends;
    const std::vector<link_data>& data;
    std::vector<std::uint32_t> out_start, out;  // body i's: out[out_start[i], out_start[i + 1])

    staged_links(const std::vector<body>& b, const ends_type& e, const std::vector<link_data>& d)
        : bodies(b), ends(e), data(d), out_start(b.size() + 1, 0), out(e.size()) {
        for (const auto& [from, to] : ends) ++out_start[from + 1];
        for (std::size_t i = 1; i < out_start.size(); ++i) out_start[i] += out_start[i - 1];
        std::vector<std::uint32_t> next(out_start.begin(), out_start.end() - 1);
        for (std::uint32_t l = 0; l < ends.size(); ++l) out[next[ends[l].first]++] = l;
    }
    const body& operator[](body_handle h) const { return bodies[h.index()]; }
};

// Default links (domain.md §1, §5.2): derived from structure, each valid only
// while every body and link it was derived from is valid.
void derive_default_links(const staged_links& g, auto&& add) {
    // Calls f(target, validity) for each non-derived `rel` link leaving
    // `from`, in link order, without gathering them (a million JNCCs made
    // three vectors each).
    auto each_target = [&](body_handle from, relation rel, auto&& f) {
        for (std::uint32_t i = g.out_start[from.index()]; i < g.out_start[from.index() + 1]; ++i) {
            const link_data& l = g.data[g.out[i]];
            if (l.rel == rel && l.origin != link_origin::derived) f(body_handle{g.ends[g.out[i]].second}, l.valid);
        }
    };
    // The forums of each system and region, gathered once: scanning a
    // system's in-links (one per employer) for every JNCC made building
    // quadratic in system size.
    std::vector<std::vector<std::pair<body_handle, validity>>> forums(g.bodies.size());
    for (std::uint32_t l = 0; l < g.data.size(); ++l) {
        const link_data& data = g.data[l];
        if (data.rel != relation::committee_of || data.origin == link_origin::derived) continue;
        const auto [from, to] = g.ends[l];
        const body_kind k = g.bodies[from].kind;
        if (k == body_kind::system_forum || k == body_kind::regional_forum) forums[to].emplace_back(body_handle{from}, data.valid);
    }
    auto each_forum = [&](body_handle container, body_kind kind, auto&& f) {
        for (const auto& [forum, valid] : forums[container.index()])
            if (g[forum].kind == kind) f(forum, valid);
    };
    std::vector<body_handle> national;
    for (std::uint32_t i = 0; i < g.bodies.size(); ++i)
        if (g.bodies[i].kind == body_kind::national_forum) national.push_back(body_handle{i});

    for (std::uint32_t i = 0; i < g.bodies.size(); ++i) {
        const body_handle b{i};
        const body& src = g[b];
        switch (src.kind) {
        case body_kind::jncc: // jncc -> employer -> system <- system_forum
            each_target(b, relation::committee_of, [&](body_handle emp, const validity& v1) {
                each_target(emp, relation::part_of, [&](body_handle sys, const validity& v2) {
                    each_forum(sys, body_kind::system_forum, [&](body_handle forum, const validity& v3) {
                        auto v = src.valid.intersect(v1).intersect(g[emp].valid).intersect(v2)
                                     .intersect(g[sys].valid).intersect(v3).intersect(g[forum].valid);
                        add(b, forum, relation::escalates_to, v);
                    });
                });
            });
            break;
        case body_kind::system_forum: // system_forum -> system -> region <- regional_forum
            each_target(b, relation::committee_of, [&](body_handle sys, const validity& v1) {
                each_target(sys, relation::part_of, [&](body_handle reg, const validity& v2) {
                    each_forum(reg, body_kind::regional_forum, [&](body_handle rf, const validity& v3) {
                        auto v = src.valid.intersect(v1).intersect(g[sys].valid).intersect(v2)
                                     .intersect(g[reg].valid).intersect(v3).intersect(g[rf].valid);
                        add(b, rf, relation::escalates_to, v);
                        add(b, rf, relation::reports_to, v);
                    });
                });
            });
            break;
        case body_kind::regional_forum: // every national_forum
            for (auto nf : national) {
                auto v = src.valid.intersect(g[nf].valid);
                add(b, nf, relation::escalates_to, v);
                add(b, nf, relation::reports_to, v);
            }
            break;
        case body_kind::subgroup: // its parent
            each_target(b, relation::subgroup_of, [&](body_handle parent, const validity& v1) {
                add(b, parent, relation::escalates_to, src.valid.intersect(v1).intersect(g[parent].valid));
            });
            break;
        default: // people boards and the rest have no default
            break;
        }
    }
}

// Whether the graph's escalates_to links could form a cycle at all: only if
// the kinds they join do (with domain.md's relation table they cannot). The
// kinds are read from the links themselves, derived ones included, so no
// rule of the table is assumed; when they cannot cycle, the search of every
// body for a cycle (a tenth of building a big graph) is skipped.
bool escalation_kinds_may_cycle(const governance_graph& g) {
    constexpr std::size_t n = enum_count<body_kind>;
    std::array<std::array<bool, n>, n> edge{};
    for (auto l : g.links()) {
        if (g[l].rel != relation::escalates_to) continue;
        edge[static_cast<std::size_t>(g[g.source(l)].kind)][static_cast<std::size_t>(g[g.target(l)].kind)] = true;
    }
    // Kahn's algorithm on the kind graph: a cycle leaves kinds unremoved.
    std::array<std::size_t, n> in_degree{};
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            if (edge[a][b]) ++in_degree[b];
    std::vector<std::size_t> ready;
    for (std::size_t k = 0; k < n; ++k)
        if (in_degree[k] == 0) ready.push_back(k);
    std::size_t removed = 0;
    while (!ready.empty()) {
        const std::size_t a = ready.back();
        ready.pop_back();
        ++removed;
        for (std::size_t b = 0; b < n; ++b)
            if (edge[a][b] && --in_degree[b] == 0) ready.push_back(b);
    }
    return removed < n;
}

// Which links there are, by what makes two links the same (key_of): an
// open-addressed table of indexes into a table the caller keeps, with their
// keys computed from it when compared. A node per link (std::unordered_map)
// cost a million-employer graph ~70 bytes and a malloc per link.
class link_table {
public:
    explicit link_table(std::size_t expected)
        : slots_(std::bit_ceil(std::max<std::size_t>(16, expected * 2))), mask_(slots_.size() - 1) {}

    // The index of an entry with key `k` (key_at(index) gives an entry's
    // key), or nullopt; then the caller may record its new entry by
    // add(index), before any other call. At most `expected` entries.
    std::optional<std::uint32_t> find(const link_key& k, auto&& key_at) {
        // link_key_hash leaves the low bits to the target alone; a power of
        // two table needs every bit mixed into them (MurmurHash3's finalizer).
        std::uint64_t h = link_key_hash{}(k);
        h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        for (std::size_t i = static_cast<std::size_t>(h) & mask_;; i = (i + 1) & mask_) {
            if (slots_[i] == 0) {
                free_ = i;
                return std::nullopt;
            }
            if (key_at(slots_[i] - 1) == k) return slots_[i] - 1;
        }
    }
    void add(std::uint32_t index) { slots_[free_] = index + 1; }

private:
    std::vector<std::uint32_t> slots_;  // index + 1; 0 is empty
    std::size_t mask_;
    std::size_t free_ = 0;
};

// Each body's rank among the ids sorted by bytes. The ids are sorted beside
// their first eight bytes as a big-endian number, so most comparisons are
// one integer comparison and read no id (a million-employer graph's sort
// was memcmp on ids scattered over the heap).
std::vector<std::uint32_t> id_ranks(const governance_graph& g) {
    struct entry {
        std::uint64_t prefix;
        std::string_view id;
        std::uint32_t index;
    };
    std::vector<entry> by_id;
    by_id.reserve(g.body_count());
    for (auto h : g.bodies()) {
        const std::string_view id = g.id(h);
        std::uint64_t prefix = 0;
        for (std::size_t i = 0; i < 8; ++i)
            prefix = (prefix << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0U);
        by_id.push_back({prefix, id, h.index()});
    }
    // Equal prefixes (ids alike in their first eight bytes, or shorter with
    // trailing zero bytes) fall back to the ids; ids are unique.
    std::sort(by_id.begin(), by_id.end(), [](const entry& a, const entry& b) {
        return a.prefix != b.prefix ? a.prefix < b.prefix : a.id < b.id;
    });
    std::vector<std::uint32_t> rank(by_id.size());
    for (std::uint32_t r = 0; r < by_id.size(); ++r) rank[by_id[r].index] = r;
    return rank;
}

} // namespace

graph_builder::graph_builder(const governance_graph& from) {
    for (auto h : from.bodies()) add_body(from[h]);
    for (auto l : from.links()) {
        const link_data& data = from[l];
        if (data.origin == link_origin::derived) continue;
        add_link(from.id(from.source(l)), from.id(from.target(l)), data);
    }
    extra_rules_ = from.extra_rules();
    covers_ = from.covers();
    covers_where_ = from.covers_where();
    covers_location_ = from.covers_location();
    extra_ = from.extra();
}

graph_builder::graph_builder(const graph_builder& other)
    : bodies_(other.bodies_),
      index_(other.index_), links_(other.links_), unresolved_ids_(other.unresolved_ids_),
      recent_ends_(other.recent_ends_), extra_rules_(other.extra_rules_), diagnostics_(other.diagnostics_),
      covers_(other.covers_), covers_where_(other.covers_where_), covers_location_(other.covers_location_),
      extra_(other.extra_) {}

graph_builder& graph_builder::operator=(const graph_builder& other) {
    if (this != &other) *this = graph_builder(other);
    return *this;
}

graph_builder::~graph_builder() = default;

const body& graph_builder::body_at(body_handle h) const {
    if (h.index() >= body_count())
        throw graph_error("unknown_id", "body handle " + std::to_string(h.index()) + " is not in the builder (it has " +
                                            std::to_string(body_count()) + " bodies)");
    return bodies_[h.index()];
}

void graph_builder::reserve(std::size_t bodies, std::size_t links) {
    bodies_.reserve(bodies);
    index_.reserve(bodies);
    links_.reserve(links);
}

std::optional<body_handle> graph_builder::add_body(body b) {
    if (b.id.empty()) {
        diagnostics_.push_back(make_error("empty_id", "", b.where, "a body needs a non-empty \"id\""));
        return std::nullopt;
    }
    if (const auto earlier = find(b.id)) {
        const body& first = bodies_[earlier->index()];
        diagnostics_.push_back(make_error(
            "duplicate_id", b.id, b.where,
            "id \"" + b.id + "\" is already used by the " + std::string(to_string(first.kind)) +
                (first.where.empty() ? std::string{} : " at " + first.where.str()) + "; ids must be unique"));
        return std::nullopt;
    }
    check_body(b);
    index_.reserve(index_.size() + 1);  // so that no body is added unindexed
    const body_handle h{static_cast<std::uint32_t>(bodies_.size())};
    index_.insert(h.index(), bodies_.emplace_back(std::move(b)).id);
    return h;
}

void graph_builder::check_body(body& b) {
    if (b.valid.empty())
        diagnostics_.push_back(make_error("reversed_validity", b.id, b.where,
                                          "valid_to " + to_iso(b.valid.to) + " is not after valid_from " +
                                              to_iso(b.valid.from) + "; expected valid_from < valid_to"));
    for (std::size_t i = 0; i < enum_count<body_field>; ++i) {
        const auto f = static_cast<body_field>(i);
        if (!carries(b, f) || field_allowed(f, b.kind)) continue;
        diagnostics_.push_back(make_error("field_not_allowed", b.id, b.where,
                                          std::string(to_string(b.kind)) + " \"" + b.id + "\" carries \"" +
                                              std::string(to_string(f)) + "\"; expected it only on " + kinds_taking(f)));
        switch (f) {
        case body_field::sector: b.sector.reset(); break;
        case body_field::remit: b.remit = {}; b.has_remit = false; break;
        case body_field::remit_sectors: b.remit_sectors = {}; b.has_remit_sectors = false; break;
        case body_field::staff_groups: b.staff_groups.clear(); b.has_staff_groups = false; break;
        case body_field::side: b.side.reset(); break;
        case body_field::meets: b.meets.reset(); break;
        default: break;
        }
    }
}

void graph_builder::update_body(std::string_view id, const std::function<void(body&)>& change) {
    const auto h = find(id);
    if (!h) throw graph_error("unknown_id", "cannot update \"" + std::string(id) + "\": no body with this id");
    body& b = bodies_[h->index()];
    try {
        change(b);
    } catch (...) {
        b.id = std::string(id);  // the index finds the body by its id
        throw;
    }
    if (b.id != id) {
        const std::string changed = b.id;
        b.id = std::string(id);
        throw graph_error("id_changed", "updating \"" + std::string(id) + "\" changed its id to \"" + changed +
                                            "\"; ids are fixed: add a new body and a succeeds link instead");
    }
    check_body(b);
}

std::uint32_t graph_builder::end_of(std::string id) {
    if (recent_ends_.empty()) recent_ends_.resize(4096);
    std::uint32_t& recent = recent_ends_[std::hash<std::string_view>{}(id) % recent_ends_.size()];
    if (recent != 0 && bodies_[recent - 1].id == id) return recent - 1;
    if (const auto h = find(id)) {
        recent = h->index() + 1;
        return h->index();
    }
    unresolved_ids_.push_back(std::move(id));
    return unresolved_end | static_cast<std::uint32_t>(unresolved_ids_.size() - 1);
}

std::string_view graph_builder::end_id(std::uint32_t end) const {
    return (end & unresolved_end) != 0 ? std::string_view(unresolved_ids_[end & ~unresolved_end])
                                       : std::string_view(bodies_[end].id);
}

void graph_builder::add_link(std::string from_id, std::string to_id, link_data l) {
    const std::uint32_t from = end_of(std::move(from_id));
    links_.push_back({from, end_of(std::move(to_id)), std::move(l)});
}

bool graph_builder::has_link(std::string_view from_id, std::string_view to_id, const link_data& l) const {
    return std::any_of(links_.begin(), links_.end(), [&](const pending_link& p) {
        return p.data.rel == l.rel && p.data.valid == l.valid && p.data.role == l.role && end_id(p.from) == from_id &&
               end_id(p.to) == to_id;
    });
}

std::size_t graph_builder::remove_links(std::string_view from_id, relation rel) {
    return std::erase_if(links_, [&](const pending_link& p) { return p.data.rel == rel && end_id(p.from) == from_id; });
}

std::size_t graph_builder::remove_links_naming_missing(const std::function<bool(std::string_view)>& drop) {
    // A missing id is never a resolved end: only the unresolved ids are asked.
    std::vector<bool> dropped(unresolved_ids_.size());
    bool any = false;
    for (std::size_t i = 0; i < unresolved_ids_.size(); ++i) {
        const bool missing = !find(unresolved_ids_[i]) && drop(unresolved_ids_[i]);
        dropped[i] = missing;
        any = any || missing;
    }
    if (!any) return 0;
    const auto names_dropped = [&](std::uint32_t end) {
        return (end & unresolved_end) != 0 && dropped[end & ~unresolved_end];
    };
    return std::erase_if(links_, [&](const pending_link& p) { return names_dropped(p.from) || names_dropped(p.to); });
}

void graph_builder::set_covers(validity period, std::string where, error_location location) {
    covers_ = period;
    covers_where_ = std::move(where);
    covers_location_ = std::move(location);
}

void graph_builder::allow(relation_rule rule) { extra_rules_.push_back(rule); }

void graph_builder::report(diagnostic d) { diagnostics_.push_back(std::move(d)); }

std::optional<body_handle> graph_builder::find(std::string_view id) const {
    const auto i = index_.find(id, [&](std::uint32_t b) { return detail::id_index::same(bodies_[b].id, id); });
    if (!i) return std::nullopt;
    return body_handle{*i};
}

governance_graph graph_builder::build() && {
    // The links accepted, by link handle: their ends (body indexes) and data.
    staged_links::ends_type ends;
    std::vector<link_data> data;
    ends.reserve(links_.size());
    data.reserve(links_.size());

    link_table seen(links_.size());  // each link accepted
    const auto link_key_at = [&](std::uint32_t l) {
        return key_of(body_handle{ends[l].first}, body_handle{ends[l].second}, data[l]);
    };
    // A link's ends as bodies: an id that named no body when the link was
    // added may name one added since.
    const auto resolve = [&](std::uint32_t end) -> std::optional<body_handle> {
        if ((end & unresolved_end) == 0) return body_handle{end};
        return find(unresolved_ids_[end & ~unresolved_end]);
    };
    const auto id_of = [&](std::uint32_t end) { return std::string(end_id(end)); };
    const auto id = [&](body_handle h) -> const std::string& { return bodies_[h.index()].id; };
    for (auto& pl : links_) {
        // Made only for a diagnostic: most links have none.
        const auto subject = [&] { return link_subject(id_of(pl.from), pl.data.rel, id_of(pl.to)); };
        const auto from = resolve(pl.from);
        const auto to = resolve(pl.to);
        if (!from || !to) {
            const auto missing = id_of(!from ? pl.from : pl.to);
            diagnostics_.push_back(make_error("dangling_reference", subject(), pl.data.where,
                                              "no body with id \"" + missing + "\"; expected the id of a body in the graph"));
            continue;
        }
        const body_kind fk = bodies_[from->index()].kind, tk = bodies_[to->index()].kind;
        if (pl.data.rel == relation::succeeds && fk != tk) {
            diagnostics_.push_back(make_error(
                "succeeds_kind_mismatch", subject(), pl.data.where,
                std::string(to_string(fk)) + " \"" + id(*from) + "\" cannot succeed " + std::string(to_string(tk)) +
                    " \"" + id(*to) + "\"; a successor must be of the same kind"));
            continue;
        }
        if (!allowed_by(extra_rules_, pl.data.rel, fk, tk)) {
            diagnostics_.push_back(make_error(
                "forbidden_link", subject(), pl.data.where,
                std::string(to_string(pl.data.rel)) + " cannot join " + std::string(to_string(fk)) + " \"" + id(*from) +
                    "\" to " + std::string(to_string(tk)) + " \"" + id(*to) + "\"; see the relation table in domain.md §1"));
            continue;
        }
        if (pl.data.valid.empty()) {
            diagnostics_.push_back(make_error("reversed_validity", subject(), pl.data.where,
                                              "valid_to " + to_iso(pl.data.valid.to) + " is not after valid_from " +
                                                  to_iso(pl.data.valid.from) + "; expected valid_from < valid_to"));
            continue;
        }
        // The same link given twice counts once (§4), so that repeated
        // structural targets cannot multiply the links derived from them.
        if (const auto first = seen.find(key_of(*from, *to, pl.data), link_key_at)) {
            const std::string first_where = data[*first].where.str();
            diagnostics_.push_back({severity::warning, "duplicate_link", subject(), pl.data.where.str(),
                                    "the same " + std::string(to_string(pl.data.rel)) + " link, valid " +
                                        to_text(pl.data.valid) + ", is already given" +
                                        (first_where.empty() ? std::string() : " at " + first_where) +
                                        "; it counts once",
                                    pl.data.where.location()});
            continue;
        }
        const auto l = static_cast<std::uint32_t>(data.size());
        pl.data.handle = link_handle{l};
        ends.emplace_back(from->index(), to->index());
        data.push_back(std::move(pl.data));
        seen.add(l);
    }
    seen = link_table(0);  // its memory now, as the pending links' below
    std::vector<pending_link>().swap(links_);
    std::vector<std::string>().swap(unresolved_ids_);
    std::vector<std::uint32_t>().swap(recent_ends_);

    // Derived links as they are found, then each once, first found first.
    struct derived_link {
        body_handle from, to;
        relation rel;
        validity valid;
    };
    std::vector<derived_link> derived;
    derive_default_links(staged_links(bodies_, ends, data), [&](body_handle a, body_handle b, relation rel, validity v) {
        if (!v.empty()) derived.push_back({a, b, rel, v});
    });
    link_table derived_seen(derived.size());
    const auto derived_key_at = [&derived](std::uint32_t i) {
        const derived_link& d = derived[i];
        return link_key{d.from.index(), d.to.index(), d.rel, d.valid.from, d.valid.to, -1};
    };
    for (std::uint32_t i = 0; i < derived.size(); ++i) {
        if (derived_seen.find(derived_key_at(i), derived_key_at)) continue;
        derived_seen.add(i);
        link_data l;
        l.rel = derived[i].rel;
        l.valid = derived[i].valid;
        l.origin = link_origin::derived;
        l.handle = link_handle{static_cast<std::uint32_t>(data.size())};
        ends.emplace_back(derived[i].from.index(), derived[i].to.index());
        data.push_back(std::move(l));
    }
    std::vector<derived_link>().swap(derived);

    governance_graph g;
    g.extra_rules_ = std::move(extra_rules_);
    g.covers_ = covers_;
    g.covers_where_ = std::move(covers_where_);
    g.covers_location_ = std::move(covers_location_);
    g.extra_ = std::move(extra_);
    // Body i stays vertex i, so the builder's id index is the graph's.
    g.bodies_ = std::move(bodies_);
    g.index_ = std::move(index_);
    index_.clear();
    const auto body_count = static_cast<std::uint32_t>(g.bodies_.size());
    // Boost sorts the links by source stably (a counting sort), so each
    // body's out-edges keep link order; the data is moved in, not copied.
    g.graph_ = std::make_unique<governance_graph::graph_type>(boost::edges_are_unsorted_multi_pass, ends.begin(),
                                                              ends.end(), std::make_move_iterator(data.begin()),
                                                              body_count);
    std::vector<link_data>().swap(data);
    g.edges_.resize(ends.size());
    for (auto [it, end] = boost::edges(*g.graph_); it != end; ++it) g.edges_[(*g.graph_)[*it].handle.index()] = *it;
    // In-links by target, in link order (a counting sort of the handles).
    g.in_start_.assign(std::size_t{body_count} + 1, 0);
    for (const auto& [from, to] : ends) ++g.in_start_[to + 1];
    for (std::size_t i = 1; i < g.in_start_.size(); ++i) g.in_start_[i] += g.in_start_[i - 1];
    g.in_links_.resize(ends.size());
    {
        std::vector<std::uint32_t> next(g.in_start_.begin(), g.in_start_.end() - 1);
        for (std::uint32_t l = 0; l < ends.size(); ++l) g.in_links_[next[ends[l].second]++] = link_handle{l};
    }
    staged_links::ends_type().swap(ends);

    g.keys_.resize(g.bodies_.size());
    for (std::size_t i = 0; i < g.bodies_.size(); ++i) {
        const body& b = g.bodies_[i];
        g.listed_staff_groups_.insert(g.listed_staff_groups_.end(), b.staff_groups.begin(), b.staff_groups.end());
        auto& key = g.keys_[i];
        key.kind = b.kind;
        if (b.id.size() > governance_graph::body_key::inline_size) {
            key.size = governance_graph::body_key::long_id;
        } else {
            key.size = static_cast<std::uint8_t>(b.id.size());
            std::copy(b.id.begin(), b.id.end(), key.head.begin());
        }
    }
    std::sort(g.listed_staff_groups_.begin(), g.listed_staff_groups_.end());  // then each once: linear in the lists
    g.listed_staff_groups_.erase(std::unique(g.listed_staff_groups_.begin(), g.listed_staff_groups_.end()),
                                 g.listed_staff_groups_.end());
    g.listed_staff_groups_.shrink_to_fit();
    g.id_rank_ = id_ranks(g);
    g.escalation_may_cycle_ = escalation_kinds_may_cycle(g) &&
                              !detail::cycles_of(g.boost_graph(), g.body_count(), relation::escalates_to).empty();
    g.build_diagnostics_ = std::move(diagnostics_);
    return g;
}

governance_graph graph_builder::build_or_throw() && {
    governance_graph g = std::move(*this).build();
    std::string message;
    std::size_t errors = 0;
    for (const auto& d : g.build_diagnostics())
        if (d.severity == severity::error) {
            if (errors++ < 10) message += (message.empty() ? "" : "; ") + format(d);
        }
    if (errors > 0)
        throw graph_error("invalid_graph", std::to_string(errors) + " error(s) building the graph: " + message);
    return g;
}

} // namespace spfgov
