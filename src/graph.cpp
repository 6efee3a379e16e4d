#include "spfgov/graph.hpp"

#include "spfgov/detail/cycles.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
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

governance_graph::governance_graph(const governance_graph& other)
    : graph_(std::make_unique<graph_type>(*other.graph_)), edges_(other.edges_.size()), index_(other.index_),
      id_rank_(other.id_rank_), escalation_may_cycle_(other.escalation_may_cycle_), build_diagnostics_(other.build_diagnostics_), extra_rules_(other.extra_rules_),
      covers_(other.covers_), covers_where_(other.covers_where_) {
    for (auto [it, end] = boost::edges(*graph_); it != end; ++it) edges_[(*graph_)[*it].handle.index()] = *it;
}

governance_graph& governance_graph::operator=(const governance_graph& other) {
    if (this != &other) *this = governance_graph(other);
    return *this;
}

std::optional<body_handle> governance_graph::find(std::string_view id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
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

std::vector<link_handle> governance_graph::in_links(body_handle to) const {
    std::vector<link_handle> out;
    for (auto [it, end] = boost::in_edges(vertex(to), *graph_); it != end; ++it)
        out.push_back((*graph_)[*it].handle);
    return out;
}

bool governance_graph::allows(relation rel, body_kind from, body_kind to) const noexcept {
    if (link_allowed(rel, from, to)) return true;
    return std::any_of(extra_rules_.begin(), extra_rules_.end(), [&](const relation_rule& r) {
        return r.rel == rel && r.from == from && r.to == to;
    });
}

// Boost's add_vertex(property) and add_edge(..., property) take the property
// by const reference and copy it (every string of a body); adding a default
// one and moving ours in copies none.
body_handle governance_graph::add_vertex(body b) {
    const auto h = handle(boost::add_vertex(*graph_));
    body& stored = (*graph_)[vertex(h)];
    stored = std::move(b);
    index_.emplace(stored.id, h);
    return h;
}

link_handle governance_graph::add_edge(body_handle from, body_handle to, link_data l) {
    const link_handle h{static_cast<std::uint32_t>(edges_.size())};
    l.handle = h;
    const auto e = boost::add_edge(vertex(from), vertex(to), *graph_).first;
    (*graph_)[e] = std::move(l);
    edges_.push_back(e);
    return h;
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

diagnostic make_error(std::string code, std::string subject, std::string where, std::string message) {
    return {severity::error, std::move(code), std::move(subject), std::move(where), std::move(message)};
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

// Default links (domain.md §1, §5.2): derived from structure, each valid only
// while every body and link it was derived from is valid.
void derive_default_links(governance_graph& g, auto&& add) {
    using bk = body_kind;
    const auto& bg = g.boost_graph();
    // Calls f(target, validity) for each non-derived `rel` link leaving
    // `from`, in link order, without gathering them (a million JNCCs made
    // three vectors each).
    auto each_target = [&](body_handle from, relation rel, auto&& f) {
        for (auto [it, end] = boost::out_edges(governance_graph::vertex(from), bg); it != end; ++it) {
            const link_data& l = bg[*it];
            if (l.rel == rel && l.origin != link_origin::derived) f(governance_graph::handle(boost::target(*it, bg)), l.valid);
        }
    };
    // The forums of each system and region, gathered once: scanning a
    // system's in-links (one per employer) for every JNCC made building
    // quadratic in system size.
    std::vector<std::vector<std::pair<body_handle, validity>>> forums(g.body_count());
    for (auto l : g.links()) {
        const link_data& data = g[l];
        if (data.rel != relation::committee_of || data.origin == link_origin::derived) continue;
        const body_kind k = g[g.source(l)].kind;
        if (k == bk::system_forum || k == bk::regional_forum)
            forums[g.target(l).index()].emplace_back(g.source(l), data.valid);
    }
    auto each_forum = [&](body_handle container, body_kind kind, auto&& f) {
        for (const auto& [forum, valid] : forums[container.index()])
            if (g[forum].kind == kind) f(forum, valid);
    };
    std::vector<body_handle> national;
    for (auto h : g.bodies_of_kind(bk::national_forum)) national.push_back(h);

    for (auto b : g.bodies()) {
        const body& src = g[b];
        switch (src.kind) {
        case bk::jncc: // jncc -> employer -> system <- system_forum
            each_target(b, relation::committee_of, [&](body_handle emp, const validity& v1) {
                each_target(emp, relation::part_of, [&](body_handle sys, const validity& v2) {
                    each_forum(sys, bk::system_forum, [&](body_handle forum, const validity& v3) {
                        auto v = src.valid.intersect(v1).intersect(g[emp].valid).intersect(v2)
                                     .intersect(g[sys].valid).intersect(v3).intersect(g[forum].valid);
                        add(b, forum, relation::escalates_to, v);
                    });
                });
            });
            break;
        case bk::system_forum: // system_forum -> system -> region <- regional_forum
            each_target(b, relation::committee_of, [&](body_handle sys, const validity& v1) {
                each_target(sys, relation::part_of, [&](body_handle reg, const validity& v2) {
                    each_forum(reg, bk::regional_forum, [&](body_handle rf, const validity& v3) {
                        auto v = src.valid.intersect(v1).intersect(g[sys].valid).intersect(v2)
                                     .intersect(g[reg].valid).intersect(v3).intersect(g[rf].valid);
                        add(b, rf, relation::escalates_to, v);
                        add(b, rf, relation::reports_to, v);
                    });
                });
            });
            break;
        case bk::regional_forum: // every national_forum
            for (auto nf : national) {
                auto v = src.valid.intersect(g[nf].valid);
                add(b, nf, relation::escalates_to, v);
                add(b, nf, relation::reports_to, v);
            }
            break;
        case bk::subgroup: // its parent
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

// The body a link names, by id. Links name a few bodies over and over (a
// body's structural links come one after another; every employer
// recognises the same unions), so a small direct-mapped cache in front of
// the graph's id index saves most of its cache misses on a big graph.
class recent_ids {
public:
    explicit recent_ids(const governance_graph& g) : g_(g) {}
    std::optional<body_handle> find(std::string_view id) {
        auto& [cached, h] = slots_[std::hash<std::string_view>{}(id) % slots_.size()];
        if (!cached.empty() && cached == id) return h;
        const auto found = g_.find(id);
        if (found) {
            cached = g_.id(*found);  // the graph's own copy: it outlives the cache
            h = *found;
        }
        return found;
    }

private:
    const governance_graph& g_;
    // On the heap: 96 KiB would crowd a small thread stack.
    std::vector<std::pair<std::string_view, body_handle>> slots_ =
        std::vector<std::pair<std::string_view, body_handle>>(4096);
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
    if (auto it = index_.find(b.id); it != index_.end()) {
        const body& first = bodies_[it->second.index()];
        diagnostics_.push_back(make_error(
            "duplicate_id", b.id, b.where,
            "id \"" + b.id + "\" is already used by the " + std::string(to_string(first.kind)) +
                (first.where.empty() ? std::string{} : " at " + first.where) + "; ids must be unique"));
        return std::nullopt;
    }
    check_body(b);
    const body_handle h{static_cast<std::uint32_t>(bodies_.size())};
    index_.emplace(b.id, h);
    bodies_.push_back(std::move(b));
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
    change(b);
    if (b.id != id) {
        const std::string changed = b.id;
        b.id = std::string(id);
        throw graph_error("id_changed", "updating \"" + std::string(id) + "\" changed its id to \"" + changed +
                                            "\"; ids are fixed: add a new body and a succeeds link instead");
    }
    check_body(b);
}

void graph_builder::add_link(std::string from_id, std::string to_id, link_data l) {
    links_.push_back({std::move(from_id), std::move(to_id), std::move(l)});
}

bool graph_builder::has_link(std::string_view from_id, std::string_view to_id, const link_data& l) const {
    return std::any_of(links_.begin(), links_.end(), [&](const pending_link& p) {
        return p.from == from_id && p.to == to_id && p.data.rel == l.rel && p.data.valid == l.valid &&
               p.data.role == l.role;
    });
}

std::size_t graph_builder::remove_links(std::string_view from_id, relation rel) {
    return std::erase_if(links_, [&](const pending_link& p) { return p.from == from_id && p.data.rel == rel; });
}

void graph_builder::set_covers(validity period, std::string where) {
    covers_ = period;
    covers_where_ = std::move(where);
}

void graph_builder::allow(relation_rule rule) { extra_rules_.push_back(rule); }

void graph_builder::report(diagnostic d) { diagnostics_.push_back(std::move(d)); }

std::optional<body_handle> graph_builder::find(std::string_view id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

governance_graph graph_builder::build() && {
    governance_graph g;
    g.extra_rules_ = std::move(extra_rules_);
    g.covers_ = covers_;
    g.covers_where_ = std::move(covers_where_);
    // Every vertex at once (no regrowth), each body moved in. Body i is
    // vertex i, so the builder's id index is the graph's.
    g.graph_ = std::make_unique<governance_graph::graph_type>(bodies_.size());
    for (std::uint32_t i = 0; i < bodies_.size(); ++i) (*g.graph_)[i] = std::move(bodies_[i]);
    std::vector<body>().swap(bodies_);  // its memory now, not at the builder's end (a big graph's peak)
    g.index_ = std::move(index_);
    index_.clear();
    g.edges_.reserve(links_.size());

    std::unordered_map<link_key, link_handle, link_key_hash> seen;  // each link added (its where is in the graph)
    seen.reserve(links_.size());
    recent_ids ids(g);
    for (auto& pl : links_) {
        // Made only for a diagnostic: most links have none.
        const auto subject = [&] { return link_subject(pl.from, pl.data.rel, pl.to); };
        const auto from = ids.find(pl.from);
        const auto to = ids.find(pl.to);
        if (!from || !to) {
            const auto& missing = !from ? pl.from : pl.to;
            diagnostics_.push_back(make_error("dangling_reference", subject(), pl.data.where,
                                              "no body with id \"" + missing + "\"; expected the id of a body in the graph"));
            continue;
        }
        const body_kind fk = g[*from].kind, tk = g[*to].kind;
        if (pl.data.rel == relation::succeeds && fk != tk) {
            diagnostics_.push_back(make_error(
                "succeeds_kind_mismatch", subject(), pl.data.where,
                std::string(to_string(fk)) + " \"" + pl.from + "\" cannot succeed " + std::string(to_string(tk)) +
                    " \"" + pl.to + "\"; a successor must be of the same kind"));
            continue;
        }
        if (!g.allows(pl.data.rel, fk, tk)) {
            diagnostics_.push_back(make_error(
                "forbidden_link", subject(), pl.data.where,
                std::string(to_string(pl.data.rel)) + " cannot join " + std::string(to_string(fk)) + " \"" + pl.from +
                    "\" to " + std::string(to_string(tk)) + " \"" + pl.to + "\"; see the relation table in domain.md §1"));
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
        const auto [first, fresh] = seen.emplace(key_of(*from, *to, pl.data), link_handle{});
        if (!fresh) {
            const std::string& first_where = g[first->second].where;
            diagnostics_.push_back({severity::warning, "duplicate_link", subject(), pl.data.where,
                                    "the same " + std::string(to_string(pl.data.rel)) + " link, valid " +
                                        to_text(pl.data.valid) + ", is already given" +
                                        (first_where.empty() ? std::string() : " at " + first_where) +
                                        "; it counts once"});
            continue;
        }
        first->second = g.add_edge(*from, *to, std::move(pl.data));
    }
    decltype(seen)().swap(seen);
    std::vector<pending_link>().swap(links_);

    std::vector<std::tuple<body_handle, body_handle, relation, validity>> derived;
    std::unordered_set<link_key, link_key_hash> derived_seen;
    derive_default_links(g, [&](body_handle a, body_handle b, relation rel, validity v) {
        if (v.empty()) return;
        link_data l;
        l.rel = rel;
        l.valid = v;
        if (derived_seen.insert(key_of(a, b, l)).second) derived.emplace_back(a, b, rel, v);
    });
    for (auto& [a, b, rel, v] : derived) {
        link_data l;
        l.rel = rel;
        l.valid = v;
        l.origin = link_origin::derived;
        g.add_edge(a, b, std::move(l));
    }
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
