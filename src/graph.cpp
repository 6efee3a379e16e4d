#include "spfgov/graph.hpp"

#include "spfgov/detail/cycles.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

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

body_handle governance_graph::add_vertex(body b) {
    const auto h = handle(boost::add_vertex(std::move(b), *graph_));
    index_.emplace((*graph_)[vertex(h)].id, h);
    return h;
}

link_handle governance_graph::add_edge(body_handle from, body_handle to, link_data l) {
    const link_handle h{static_cast<std::uint32_t>(edges_.size())};
    l.handle = h;
    edges_.push_back(boost::add_edge(vertex(from), vertex(to), std::move(l), *graph_).first);
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

// Default links (domain.md §1, §5.2): derived from structure, each valid only
// while every body and link it was derived from is valid.
void derive_default_links(governance_graph& g, auto&& add) {
    using bk = body_kind;
    auto targets = [&](body_handle from, relation rel) {
        std::vector<std::pair<body_handle, validity>> out;
        for (auto l : g.out_links(from))
            if (g[l].rel == rel && g[l].origin != link_origin::derived)
                out.emplace_back(g.target(l), g[l].valid);
        return out;
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
    auto forums_of = [&](body_handle container, body_kind kind) {
        std::vector<std::pair<body_handle, validity>> out;
        for (const auto& f : forums[container.index()])
            if (g[f.first].kind == kind) out.push_back(f);
        return out;
    };
    std::vector<body_handle> national;
    for (auto h : g.bodies_of_kind(bk::national_forum)) national.push_back(h);

    for (auto b : g.bodies()) {
        const body& src = g[b];
        switch (src.kind) {
        case bk::jncc: // jncc -> employer -> system <- system_forum
            for (auto [emp, v1] : targets(b, relation::committee_of))
                for (auto [sys, v2] : targets(emp, relation::part_of))
                    for (auto [forum, v3] : forums_of(sys, bk::system_forum)) {
                        auto v = src.valid.intersect(v1).intersect(g[emp].valid).intersect(v2)
                                     .intersect(g[sys].valid).intersect(v3).intersect(g[forum].valid);
                        add(b, forum, relation::escalates_to, v);
                    }
            break;
        case bk::system_forum: // system_forum -> system -> region <- regional_forum
            for (auto [sys, v1] : targets(b, relation::committee_of))
                for (auto [reg, v2] : targets(sys, relation::part_of))
                    for (auto [rf, v3] : forums_of(reg, bk::regional_forum)) {
                        auto v = src.valid.intersect(v1).intersect(g[sys].valid).intersect(v2)
                                     .intersect(g[reg].valid).intersect(v3).intersect(g[rf].valid);
                        add(b, rf, relation::escalates_to, v);
                        add(b, rf, relation::reports_to, v);
                    }
            break;
        case bk::regional_forum: // every national_forum
            for (auto nf : national) {
                auto v = src.valid.intersect(g[nf].valid);
                add(b, nf, relation::escalates_to, v);
                add(b, nf, relation::reports_to, v);
            }
            break;
        case bk::subgroup: // its parent
            for (auto [parent, v1] : targets(b, relation::subgroup_of))
                add(b, parent, relation::escalates_to, src.valid.intersect(v1).intersect(g[parent].valid));
            break;
        default: // people boards and the rest have no default
            break;
        }
    }
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
    for (auto& b : bodies_) g.add_vertex(std::move(b));

    std::map<link_key, std::string> seen;  // each link added, and where it was given
    for (auto& pl : links_) {
        const auto subject = link_subject(pl.from, pl.data.rel, pl.to);
        const auto from = g.find(pl.from);
        const auto to = g.find(pl.to);
        if (!from || !to) {
            const auto& missing = !from ? pl.from : pl.to;
            diagnostics_.push_back(make_error("dangling_reference", subject, pl.data.where,
                                              "no body with id \"" + missing + "\"; expected the id of a body in the graph"));
            continue;
        }
        const body_kind fk = g[*from].kind, tk = g[*to].kind;
        if (pl.data.rel == relation::succeeds && fk != tk) {
            diagnostics_.push_back(make_error(
                "succeeds_kind_mismatch", subject, pl.data.where,
                std::string(to_string(fk)) + " \"" + pl.from + "\" cannot succeed " + std::string(to_string(tk)) +
                    " \"" + pl.to + "\"; a successor must be of the same kind"));
            continue;
        }
        if (!g.allows(pl.data.rel, fk, tk)) {
            diagnostics_.push_back(make_error(
                "forbidden_link", subject, pl.data.where,
                std::string(to_string(pl.data.rel)) + " cannot join " + std::string(to_string(fk)) + " \"" + pl.from +
                    "\" to " + std::string(to_string(tk)) + " \"" + pl.to + "\"; see the relation table in domain.md §1"));
            continue;
        }
        if (pl.data.valid.empty()) {
            diagnostics_.push_back(make_error("reversed_validity", subject, pl.data.where,
                                              "valid_to " + to_iso(pl.data.valid.to) + " is not after valid_from " +
                                                  to_iso(pl.data.valid.from) + "; expected valid_from < valid_to"));
            continue;
        }
        // The same link given twice counts once (§4), so that repeated
        // structural targets cannot multiply the links derived from them.
        const auto [first, fresh] = seen.emplace(key_of(*from, *to, pl.data), pl.data.where);
        if (!fresh) {
            diagnostics_.push_back({severity::warning, "duplicate_link", subject, pl.data.where,
                                    "the same " + std::string(to_string(pl.data.rel)) + " link, valid " +
                                        to_text(pl.data.valid) + ", is already given" +
                                        (first->second.empty() ? std::string() : " at " + first->second) +
                                        "; it counts once"});
            continue;
        }
        g.add_edge(*from, *to, std::move(pl.data));
    }
    seen.clear();

    std::vector<std::tuple<body_handle, body_handle, relation, validity>> derived;
    std::set<link_key> derived_seen;
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
    std::vector<body_handle> by_id(g.bodies().begin(), g.bodies().end());
    std::sort(by_id.begin(), by_id.end(), [&](body_handle a, body_handle b) { return g.id(a) < g.id(b); });
    g.id_rank_.resize(by_id.size());
    for (std::uint32_t r = 0; r < by_id.size(); ++r) g.id_rank_[by_id[r].index()] = r;
    g.escalation_may_cycle_ = !detail::cycles_of(g.boost_graph(), g.body_count(), relation::escalates_to).empty();
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
