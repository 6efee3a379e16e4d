#include "spfgov/export.hpp"

#include "spfgov/as_of.hpp"
#include "spfgov/error.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include "detail_nearest.hpp"
#include "detail_text.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <vector>

namespace spfgov {

// ------------------------------------------------------------ styles

dot_kind_style dot_style(body_kind k) noexcept {
    switch (k) {
    case body_kind::national_forum: return {"doubleoctagon", "#005EB8", "#FFFFFF"};
    case body_kind::subgroup: return {"note", "#B3D4EE", "#000000"};
    case body_kind::negotiating_body: return {"hexagon", "#FFB81C", "#000000"};
    case body_kind::region: return {"tab", "#D9D9D9", "#000000"};
    case body_kind::regional_forum: return {"octagon", "#41B6E6", "#000000"};
    case body_kind::regional_people_board: return {"house", "#AE2573", "#FFFFFF"};
    case body_kind::system: return {"folder", "#EDEDED", "#000000"};
    case body_kind::system_forum: return {"ellipse", "#00A499", "#FFFFFF"};
    case body_kind::people_board: return {"invhouse", "#E8B4D4", "#000000"};
    case body_kind::employer: return {"box", "#FFFFFF", "#000000"};
    case body_kind::jncc: return {"component", "#78BE20", "#000000"};
    case body_kind::trade_union: return {"diamond", "#DA291C", "#FFFFFF"};
    case body_kind::representative: return {"egg", "#FFF3B0", "#000000"};
    case body_kind::agreement: return {"cylinder", "#C4B5A3", "#000000"};
    }
    return {"box", "#FFFFFF", "#000000"};
}

dot_relation_style dot_style(relation r) noexcept {
    switch (r) {
    case relation::part_of: return {"#7F7F7F", "solid", "empty"};
    case relation::committee_of: return {"#006747", "solid", "odiamond"};
    case relation::subgroup_of: return {"#005EB8", "solid", "odiamond"};
    case relation::escalates_to: return {"#DA291C", "bold", "normal"};
    case relation::reports_to: return {"#ED8B00", "solid", "vee"};
    case relation::seat_on: return {"#330072", "solid", "dot"};
    case relation::deputy_for: return {"#7C2855", "dotted", "dot"};
    case relation::recognises: return {"#00A499", "solid", "normal"};
    case relation::lead_union: return {"#00A499", "bold", "diamond"};
    case relation::party_to: return {"#8A6D3B", "solid", "box"};
    case relation::succeeds: return {"#000000", "solid", "onormal"};
    }
    return {"#000000", "solid", "normal"};
}

namespace {

std::string period_text(const validity& v) {
    if (v.open_start() && v.open_end()) return {};
    std::string out = "[";
    out += v.open_start() ? std::string{"\xE2\x80\xA6"} : to_iso(v.from);  // "…"
    out += ", ";
    out += v.open_end() ? std::string{"\xE2\x80\xA6"} : to_iso(v.to);
    out += ')';
    return out;
}

// ------------------------------------------------------------ DOT

/// A DOT quoted string for a label or attribute (an escString): `"` and `\`
/// are escaped, so that neither ends the string nor starts an escape
/// sequence (\n, \l, \N...), and control characters are written visibly
/// (spfgov::printable).
void dot_quote(std::string& out, std::string_view text) {
    out += '"';
    for (char c : printable(text)) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

/// A node name that Graphviz reads back as exactly `id`, so distinct ids stay
/// distinct nodes (but for the characters XML forbids, written like GraphML
/// as `\u0001`). In a quoted DOT string only `\"` is an escape (a backslash
/// before anything else is kept, control characters too), except that a
/// backslash before a newline continues the line. An id with a backslash
/// there, or before a `"` or at its end, is written as an HTML-like string
/// `<...>`, which Graphviz keeps as it is; one that cannot be written either
/// way (it also holds `<`, `>` or `&`) keeps the label escaping.
void dot_id(std::string& out, std::string_view raw) {
    // Characters XML forbids are written visibly, as GraphML does (Graphviz
    // copies them raw into its own outputs, making its JSON invalid).
    std::string shown;
    detail::text::for_each_code_point(raw, [&](char32_t cp, std::string_view bytes) {
        if (detail::text::xml_forbidden(cp)) detail::text::append_escape(shown, cp, bytes);
        else shown += bytes;
    });
    const std::string_view id = shown;
    bool quotable = true;
    for (std::size_t i = 0; i < id.size(); ++i)
        if (id[i] == '\\' && (i + 1 == id.size() || id[i + 1] == '"' || id[i + 1] == '\n' || id[i + 1] == '\r'))
            quotable = false;
    if (quotable) {
        out += '"';
        for (char c : id) {
            if (c == '"') out += '\\';
            out += c;
        }
        out += '"';
    } else if (id.find_first_of("<>&") == std::string_view::npos) {
        out += '<';
        out += id;
        out += '>';
    } else {
        dot_quote(out, id);
    }
}

/// A label with several lines: each part escaped, joined by DOT's centred
/// line break `\n` (written after escaping, so it stays an escape).
std::string dot_label(std::initializer_list<std::string_view> lines) {
    std::string out = "\"";
    bool first = true;
    for (auto line : lines) {
        if (line.empty()) continue;
        if (!first) out += "\\n";
        first = false;
        std::string quoted;
        dot_quote(quoted, line);
        out.append(quoted, 1, quoted.size() - 2);
    }
    out += '"';
    return out;
}

void dot_attr(std::string& out, std::string_view name, std::string_view value, bool& first) {
    out += first ? " [" : ", ";
    first = false;
    out += name;
    out += '=';
    dot_quote(out, value);
}

/// A prefix for node ids of our own (legend, counts, level labels) that no
/// body id starts with: `base`, with '_' put in front until none does.
std::string own_prefix(const governance_graph& g, std::string base) {
    for (bool clash = true; clash;) {
        clash = false;
        for (auto h : g.bodies()) {
            if (g.id(h).starts_with(base)) {
                clash = true;
                base.insert(base.begin(), '_');
                break;
            }
        }
    }
    return base;
}

/// A legend's entry for an edge: two points `id_base`:from and :to, joined
/// by an edge drawn as the picture draws it, labelled `label`.
void dot_legend_edge(std::string& out, const std::string& id_base, std::string_view label, dot_relation_style s) {
    const std::string a = id_base + ":from";
    const std::string b = id_base + ":to";
    for (const auto& p : {a, b}) {
        out += "    ";
        dot_id(out, p);
        out += " [shape=\"point\", width=\"0.05\", style=\"filled\", fillcolor=\"#000000\"];\n";
    }
    out += "    ";
    dot_id(out, a);
    out += " -> ";
    dot_id(out, b);
    bool first = true;
    dot_attr(out, "label", label, first);
    dot_attr(out, "color", s.color, first);
    dot_attr(out, "fontcolor", s.color, first);
    dot_attr(out, "style", s.style, first);
    dot_attr(out, "arrowhead", s.arrowhead, first);
    out += "];\n";
}

/// What a map draws, for its legend.
struct drawn {
    std::array<bool, enum_count<body_kind>> kinds{};
    std::array<bool, enum_count<relation>> relations{};
    bool derived = false;
};

void dot_legend(std::string& out, const governance_graph& g, const drawn& shown) {
    const std::string prefix = own_prefix(g, "legend:");
    out += "  subgraph cluster_legend {\n";
    out += "    label=\"Legend\"; fontname=\"Helvetica\"; style=\"rounded\"; color=\"#7F7F7F\";\n";
    out += "    // body kinds drawn\n";
    std::vector<body_kind> kinds;
    for (std::size_t i = 0; i < enum_count<body_kind>; ++i)
        if (shown.kinds[i]) kinds.push_back(static_cast<body_kind>(i));
    for (const auto k : kinds) {
        const auto s = dot_style(k);
        out += "    ";
        dot_id(out, prefix + "kind:" + std::string(to_string(k)));
        bool first = true;
        dot_attr(out, "label", to_string(k), first);
        dot_attr(out, "shape", s.shape, first);
        dot_attr(out, "fillcolor", s.fillcolor, first);
        dot_attr(out, "fontcolor", s.fontcolor, first);
        out += "];\n";
    }
    // Kinds stacked in one column, in vocabulary order.
    for (std::size_t i = 0; i + 1 < kinds.size(); ++i) {
        out += "    ";
        dot_id(out, prefix + "kind:" + std::string(to_string(kinds[i])));
        out += " -> ";
        dot_id(out, prefix + "kind:" + std::string(to_string(kinds[i + 1])));
        out += " [style=\"invis\"];\n";
    }
    out += "    // relations drawn: one edge between two points each; derived links are dashed\n";
    auto legend_edge = [&](std::string_view name, std::string_view label, dot_relation_style s, bool dashed) {
        if (dashed) s.style = "dashed";
        dot_legend_edge(out, prefix + "rel:" + std::string(name), label, s);
    };
    for (std::size_t i = 0; i < enum_count<relation>; ++i) {
        if (!shown.relations[i]) continue;
        const auto r = static_cast<relation>(i);
        legend_edge(to_string(r), to_string(r), dot_style(r), false);
    }
    if (shown.derived) legend_edge("derived", "derived (default) link", dot_style(relation::escalates_to), true);
    out += "  }\n";
}

bool contains_relation(relation r) noexcept {
    return r == relation::part_of || r == relation::committee_of || r == relation::subgroup_of;
}

/// What a map shows: the view as of a date, narrowed to a scope, and (for an
/// overview) each system's employers as one count.
class selection {
public:
    struct count_node {
        std::optional<body_handle> system;  ///< where the employers are; none: no system shown
        std::size_t employers = 0;
    };

    selection(const governance_graph& g, std::optional<date> on, const map_scope& scope)
        : g_(g), scope_(scope) {
        check_scope(g, on, scope);
        if (on) view_ = std::make_unique<as_of_view>(g, *on);
        body_ok_.assign(g.body_count(), 0);
        using part = map_scope::part;
        switch (scope.what) {
        case part::everything:
            for (auto h : g.bodies()) body_ok_[h.index()] = visible(h);
            break;
        case part::region:
        case part::system: {
            // The body and everything whose containment links lead to it.
            std::vector<body_handle> todo{g.at(scope.id)};
            body_ok_[todo.front().index()] = 1;
            while (!todo.empty()) {
                const auto h = todo.back();
                todo.pop_back();
                for (auto l : g.in_links(h)) {
                    const auto from = g.source(l);
                    if (!contains_relation(g[l].rel) || !visible(l) || !visible(from) || body_ok_[from.index()]) continue;
                    body_ok_[from.index()] = 1;
                    todo.push_back(from);
                }
            }
            break;
        }
        case part::around: {
            // Breadth first, along links either way.
            std::vector<unsigned> dist(g.body_count(), ~0U);
            std::deque<body_handle> todo{g.at(scope.id)};
            dist[todo.front().index()] = 0;
            body_ok_[todo.front().index()] = 1;
            while (!todo.empty()) {
                const auto h = todo.front();
                todo.pop_front();
                if (dist[h.index()] == scope.depth) continue;
                auto visit = [&](link_handle l, body_handle next) {
                    if (!visible(l) || !visible(next) || dist[next.index()] != ~0U) return;
                    dist[next.index()] = dist[h.index()] + 1;
                    body_ok_[next.index()] = 1;
                    todo.push_back(next);
                };
                for (auto l : g.out_links(h)) visit(l, g.target(l));
                for (auto l : g.in_links(h)) visit(l, g.source(l));
            }
            break;
        }
        case part::overview: {
            std::vector<std::size_t> per_system(g.body_count(), 0);
            std::size_t without_system = 0;
            for (auto h : g.bodies()) {
                if (!visible(h)) continue;
                const auto k = g[h].kind;
                if (k != body_kind::employer && k != body_kind::jncc && k != body_kind::representative) {
                    body_ok_[h.index()] = 1;
                    continue;
                }
                if (k != body_kind::employer) continue;
                bool counted = false;
                for (auto l : g.out_links(h)) {
                    if (g[l].rel != relation::part_of || !visible(l) || g[g.target(l)].kind != body_kind::system)
                        continue;
                    ++per_system[g.target(l).index()];
                    counted = true;
                    break;  // an employer counts once, in its first system
                }
                if (!counted) ++without_system;
            }
            for (auto h : g.bodies())
                if (per_system[h.index()] > 0) counts_.push_back({h, per_system[h.index()]});
            if (without_system > 0) counts_.push_back({std::nullopt, without_system});
            break;
        }
        }
    }

    [[nodiscard]] bool shows(body_handle h) const { return body_ok_[h.index()] != 0; }
    [[nodiscard]] bool shows(link_handle l) const {
        return visible(l) && shows(g_.source(l)) && shows(g_.target(l));
    }
    [[nodiscard]] const std::vector<count_node>& counts() const noexcept { return counts_; }

    /// The system and region a shown body is drawn in: the first system and
    /// region its shown containment links lead to (a region or system is in
    /// its own cluster).
    [[nodiscard]] std::pair<std::optional<body_handle>, std::optional<body_handle>> home(body_handle h) const {
        std::optional<body_handle> system, region;
        for (int step = 0; step < 16; ++step) {
            const auto k = g_[h].kind;
            if (k == body_kind::system && !system) system = h;
            if (k == body_kind::region) {
                region = h;
                break;
            }
            std::optional<body_handle> up;
            for (auto l : g_.out_links(h))
                if (contains_relation(g_[l].rel) && shows(l)) {
                    up = g_.target(l);
                    break;
                }
            if (!up) break;
            h = *up;
        }
        return {system, region};
    }

private:
    [[nodiscard]] bool visible(body_handle h) const { return !view_ || view_->contains(h); }
    [[nodiscard]] bool visible(link_handle h) const { return !view_ || view_->contains(h); }

    const governance_graph& g_;
    map_scope scope_;
    std::unique_ptr<as_of_view> view_;
    std::vector<char> body_ok_;
    std::vector<count_node> counts_;
};

std::string count_label(std::size_t n) { return std::to_string(n) + (n == 1 ? " employer" : " employers"); }

/// The DOT clusters: one per shown region, holding its bodies and a cluster
/// per shown system in it; systems whose region is not shown at top level.
/// Bodies are declared before (with their attributes); here only named.
void dot_clusters(std::string& out, const governance_graph& g, const selection& sel,
                  const std::vector<std::string>& count_ids) {
    const std::size_t n = g.body_count();
    std::vector<std::vector<std::string>> members(n);  // by system or region index
    std::vector<std::vector<body_handle>> systems_of(n);
    std::vector<std::string> top_systems_unused;
    std::vector<char> is_cluster(n, 0);
    std::vector<std::optional<body_handle>> region_of_system(n);
    for (auto h : g.bodies()) {
        if (!sel.shows(h)) continue;
        const auto [system, region] = sel.home(h);
        std::string id;
        dot_id(id, g.id(h));
        if (system) {
            members[system->index()].push_back(std::move(id));
            if (*system == h) region_of_system[h.index()] = region;
        } else if (region) {
            members[region->index()].push_back(std::move(id));
        }
        if (g[h].kind == body_kind::system) is_cluster[h.index()] = 1;
        if (g[h].kind == body_kind::region) is_cluster[h.index()] = 1;
    }
    for (std::size_t i = 0; i < sel.counts().size(); ++i) {
        const auto& c = sel.counts()[i];
        if (c.system) members[c.system->index()].push_back(count_ids[i]);
    }
    std::vector<body_handle> top_systems;
    for (auto h : g.bodies()) {
        if (!is_cluster[h.index()] || g[h].kind != body_kind::system) continue;
        const auto region = region_of_system[h.index()];
        if (region && is_cluster[region->index()]) systems_of[region->index()].push_back(h);
        else top_systems.push_back(h);
    }
    auto open = [&](body_handle h, std::string_view indent, std::string_view fill) {
        out += indent;
        out += "subgraph \"cluster_" + std::to_string(h.index()) + "\" {\n";
        out += indent;
        out += "  label=";
        out += dot_label({g.id(h), g[h].name});
        out += "; style=\"rounded,filled\"; fillcolor=\"";
        out += fill;
        out += "\"; color=\"#7F7F7F\"; fontname=\"Helvetica\";\n";
        for (const auto& m : members[h.index()]) {
            out += indent;
            out += "  ";
            out += m;
            out += ";\n";
        }
    };
    auto system_cluster = [&](body_handle s, std::string_view indent) {
        open(s, indent, "#F7F7F7");
        out += indent;
        out += "}\n";
    };
    out += "  // clusters: regions, and the systems in them\n";
    for (auto h : g.bodies()) {
        if (!is_cluster[h.index()] || g[h].kind != body_kind::region) continue;
        open(h, "  ", "#FBFBFB");
        for (auto s : systems_of[h.index()]) system_cluster(s, "    ");
        out += "  }\n";
    }
    for (auto s : top_systems) system_cluster(s, "  ");
}

// ------------------------------------------------------------ GraphML

struct graphml_key {
    std::string_view id, domain, name;
};
constexpr std::array<graphml_key, 12> graphml_keys{{
    {"n_id", "node", "id"},
    {"n_kind", "node", "kind"},
    {"n_name", "node", "name"},
    {"n_sector", "node", "sector"},
    {"n_valid_from", "node", "valid_from"},
    {"n_valid_to", "node", "valid_to"},
    {"n_label", "node", "label"},
    {"e_relation", "edge", "relation"},
    {"e_origin", "edge", "origin"},
    {"e_valid_from", "edge", "valid_from"},
    {"e_valid_to", "edge", "valid_to"},
    {"e_role", "edge", "role"},
}};

void graphml_data(std::string& out, std::string_view key, std::string_view value) {
    out += "      <data key=\"";
    out += key;
    out += "\">";
    detail::text::append_xml(out, value);
    out += "</data>\n";
}

void graphml_validity(std::string& out, const validity& v, std::string_view from_key, std::string_view to_key) {
    if (!v.open_start()) graphml_data(out, from_key, to_iso(v.from));
    if (!v.open_end()) graphml_data(out, to_key, to_iso(v.to));
}

} // namespace

void check_scope(const governance_graph& g, std::optional<date> as_of, const map_scope& scope) {
    using part = map_scope::part;
    if (scope.what == part::everything || scope.what == part::overview) return;
    const std::string_view option = scope.what == part::region ? "--region" : scope.what == part::system ? "--system" : "--around";
    const auto h = g.find(scope.id);
    const body_kind want = scope.what == part::region ? body_kind::region : body_kind::system;
    if (!h)  // one id, typed by hand: the scan of every id is cheap enough; --region and --system offer their kind
        throw graph_error("unknown_id", std::string(option) + " " + printable(scope.id) + ": no body has this id" +
                                            detail::nearest_id_hint(g, scope.id, [&](body_handle b) {
                                                return scope.what == part::around || g[b].kind == want;
                                            }));
    if (scope.what != part::around && g[*h].kind != want)
        throw graph_error("wrong_body_kind", std::string(option) + " " + printable(scope.id) + ": this body is of kind " +
                                                 std::string(to_string(g[*h].kind)) + ", not " +
                                                 std::string(to_string(want)));
    if (as_of && !as_of_view(g, *as_of).contains(*h))
        throw graph_error("not_valid_on_date", std::string(option) + " " + printable(scope.id) +
                                                   ": this body is not valid on " + to_iso(*as_of) + " (the --as-of date)");
    if (scope.what == part::around && scope.depth > map_scope::max_depth)
        throw graph_error("bad_depth", "--depth " + std::to_string(scope.depth) + ": expected 0 to " +
                                           std::to_string(map_scope::max_depth));
}

std::string to_dot(const governance_graph& g, std::optional<date> as_of, const map_scope& scope) {
    const selection vis(g, as_of, scope);
    std::string out;
    out.reserve(256 + 200 * (g.body_count() + g.link_count()));
    drawn shown;
    for (auto h : g.bodies())
        if (vis.shows(h)) shown.kinds[static_cast<std::size_t>(g[h].kind)] = true;
    for (auto l : g.links()) {
        if (!vis.shows(l)) continue;
        if (g[l].origin == link_origin::derived) shown.derived = true;
        else shown.relations[static_cast<std::size_t>(g[l].rel)] = true;
    }
    if (!vis.counts().empty()) shown.relations[static_cast<std::size_t>(relation::part_of)] = true;

    std::string what = "spfgov governance graph";
    switch (scope.what) {
    case map_scope::part::everything: break;
    case map_scope::part::region: what += ": region " + scope.id; break;
    case map_scope::part::system: what += ": system " + scope.id; break;
    case map_scope::part::around:
        what += ": around " + scope.id + ", " + std::to_string(scope.depth) + (scope.depth == 1 ? " link" : " links");
        break;
    case map_scope::part::overview: what += ": overview (employers counted)"; break;
    }
    out += "// ";
    out += printable(what);
    if (as_of) out += " as of " + to_iso(*as_of);
    out += "\n// Render: dot -Tsvg graph.dot -o graph.svg\n";
    out += "digraph \"spfgov\" {\n";
    // A part is drawn left to right: a region's dozens of employers then
    // stack down the page instead of making one row metres wide.
    out += scope.what == map_scope::part::everything ? "  graph [rankdir=\"BT\"" : "  graph [rankdir=\"LR\"";
    out += ", fontname=\"Helvetica\", newrank=\"true\"";
    out += ", label=";
    out += dot_label({what, as_of ? "as of " + to_iso(*as_of) : std::string{"all dates"}});
    out += ", labelloc=\"t\"];\n";
    out += "  node [fontname=\"Helvetica\", fontsize=\"10\", style=\"filled\"];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=\"8\"];\n";
    dot_legend(out, g, shown);

    out += "  // bodies\n";
    for (auto h : g.bodies()) {
        if (!vis.shows(h)) continue;
        const body& b = g[h];
        const auto s = dot_style(b.kind);
        out += "  ";
        dot_id(out, b.id);
        const std::string period = period_text(b.valid);
        out += " [label=";
        out += dot_label({b.id, b.name, period});
        bool first = false;
        dot_attr(out, "shape", s.shape, first);
        dot_attr(out, "fillcolor", s.fillcolor, first);
        dot_attr(out, "fontcolor", s.fontcolor, first);
        std::string tooltip = std::string(to_string(b.kind));
        if (b.sector) tooltip += " (" + std::string(to_string(*b.sector)) + ")";
        dot_attr(out, "tooltip", tooltip, first);
        out += "];\n";
    }

    out += "  // links\n";
    for (auto l : g.links()) {
        if (!vis.shows(l)) continue;
        const link_data& data = g[l];
        const auto s = dot_style(data.rel);
        const bool derived = data.origin == link_origin::derived;
        out += "  ";
        dot_id(out, g.id(g.source(l)));
        out += " -> ";
        dot_id(out, g.id(g.target(l)));
        std::string rel{to_string(data.rel)};
        if (data.role) rel += " (" + std::string(to_string(*data.role)) + ")";
        if (derived) rel += " (derived)";
        // An external label: placed after layout, so labels cannot upset the
        // ranks and clusters (plain edge labels made Graphviz warn and fail
        // to route splines on the England graph).
        out += " [xlabel=";
        out += dot_label({rel, period_text(data.valid)});
        bool first = false;
        dot_attr(out, "color", s.color, first);
        dot_attr(out, "fontcolor", s.color, first);
        dot_attr(out, "style", derived ? std::string_view{"dashed"} : s.style, first);
        dot_attr(out, "arrowhead", s.arrowhead, first);
        // Containment and escalation give the drawing its ranks; the other
        // relations are drawn without pulling bodies up or down.
        const bool ranks = data.rel == relation::part_of || data.rel == relation::committee_of ||
                           data.rel == relation::subgroup_of || data.rel == relation::escalates_to;
        if (!ranks) out += ", constraint=\"false\"";
        out += "];\n";
    }

    // Overview: each system's employers as one node.
    std::vector<std::string> count_ids;
    if (!vis.counts().empty()) {
        out += "  // employers, counted per system\n";
        const std::string prefix = own_prefix(g, "count:");
        const auto style = dot_style(body_kind::employer);
        for (const auto& c : vis.counts()) {
            std::string id;
            dot_id(id, prefix + (c.system ? g.id(*c.system) : std::string("no system")));
            out += "  " + id + " [label=";
            out += dot_label({count_label(c.employers), c.system ? std::string_view{"and their JNCCs"} : std::string_view{"in no system"}});
            out += ", shape=\"";
            out += style.shape;
            out += "\", style=\"filled,dashed\", fillcolor=\"";
            out += style.fillcolor;
            out += "\"];\n";
            if (c.system) {
                const auto e = dot_style(relation::part_of);
                out += "  " + id + " -> ";
                dot_id(out, g.id(*c.system));
                out += " [color=\"";
                out += e.color;
                out += "\", arrowhead=\"";
                out += e.arrowhead;
                out += "\"];\n";
            }
            count_ids.push_back(std::move(id));
        }
    }
    dot_clusters(out, g, vis, count_ids);
    out += "}\n";
    return out;
}

std::string to_graphml(const governance_graph& g, std::optional<date> as_of, const map_scope& scope) {
    const selection vis(g, as_of, scope);
    std::string out;
    out.reserve(1024 + 300 * (g.body_count() + g.link_count()));
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n";
    out += "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n";
    out += "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    out += "  <!-- spfgov governance graph";
    if (as_of) out += " as of " + to_iso(*as_of);
    out += ". Open ends of validity periods, and absent names, sectors and roles, are left out. -->\n";
    for (const auto& k : graphml_keys) {
        out += "  <key id=\"";
        out += k.id;
        out += "\" for=\"";
        out += k.domain;
        out += "\" attr.name=\"";
        out += k.name;
        out += "\" attr.type=\"string\"/>\n";
    }
    out += "  <graph id=\"spfgov\" edgedefault=\"directed\">\n";
    for (auto h : g.bodies()) {
        if (!vis.shows(h)) continue;
        const body& b = g[h];
        out += "    <node id=\"";
        detail::text::append_xml(out, b.id);
        out += "\">\n";
        graphml_data(out, "n_id", b.id);
        graphml_data(out, "n_kind", to_string(b.kind));
        if (!b.name.empty()) graphml_data(out, "n_name", b.name);
        if (b.sector) graphml_data(out, "n_sector", to_string(*b.sector));
        graphml_validity(out, b.valid, "n_valid_from", "n_valid_to");
        graphml_data(out, "n_label", b.name.empty() ? b.id : b.name);
        out += "    </node>\n";
    }
    for (auto l : g.links()) {
        if (!vis.shows(l)) continue;
        const link_data& data = g[l];
        out += "    <edge source=\"";
        detail::text::append_xml(out, g.id(g.source(l)));
        out += "\" target=\"";
        detail::text::append_xml(out, g.id(g.target(l)));
        out += "\">\n";
        graphml_data(out, "e_relation", to_string(data.rel));
        graphml_data(out, "e_origin", to_string(data.origin));
        graphml_validity(out, data.valid, "e_valid_from", "e_valid_to");
        if (data.role) graphml_data(out, "e_role", to_string(*data.role));
        out += "    </edge>\n";
    }
    if (!vis.counts().empty()) {
        const std::string prefix = own_prefix(g, "count:");
        for (const auto& c : vis.counts()) {
            const std::string id = prefix + (c.system ? g.id(*c.system) : std::string("no system"));
            out += "    <node id=\"";
            detail::text::append_xml(out, id);
            out += "\">\n";
            graphml_data(out, "n_id", id);
            graphml_data(out, "n_kind", "employer_count");
            graphml_data(out, "n_label", count_label(c.employers));
            out += "    </node>\n";
            if (!c.system) continue;
            out += "    <edge source=\"";
            detail::text::append_xml(out, id);
            out += "\" target=\"";
            detail::text::append_xml(out, g.id(*c.system));
            out += "\">\n";
            graphml_data(out, "e_relation", to_string(relation::part_of));
            graphml_data(out, "e_origin", "structural");
            out += "    </edge>\n";
        }
    }
    out += "  </graph>\n</graphml>\n";
    return out;
}

// ------------------------------------------------------------ a route's picture

namespace {

struct role_style {
    std::string_view name, shape, fillcolor, fontcolor;
};
// Colours from the NHS identity palette; shapes differ too, for printing in grey.
constexpr std::array<role_style, 8> role_styles{{
    {"lead", "box", "#005EB8", "#FFFFFF"},
    {"negotiate", "hexagon", "#FFB81C", "#000000"},
    {"consult", "ellipse", "#00A499", "#FFFFFF"},
    {"engage", "octagon", "#41B6E6", "#000000"},
    {"inform", "note", "#E8EDEE", "#000000"},
    {"lead union", "diamond", "#DA291C", "#FFFFFF"},
    {"affected", "box3d", "#FFFFFF", "#000000"},
    {"ladder only", "plain", "#FFFFFF", "#000000"},
}};
enum role_index : std::size_t { r_lead, r_negotiate, r_consult, r_engage, r_inform, r_union, r_affected, r_ladder };

} // namespace

std::string route_to_dot(const route& r, const governance_graph& g) {
    // Each body's roles, as bits of role_index.
    std::vector<unsigned> roles(g.body_count(), 0);
    std::vector<body_handle> order;  // bodies in first-seen order
    auto add = [&](body_handle h, role_index i) {
        if (roles[h.index()] == 0) order.push_back(h);
        roles[h.index()] |= 1U << i;
    };
    for (auto h : r.lead) add(h, r_lead);
    for (auto h : r.negotiate) add(h, r_negotiate);
    for (auto h : r.consult) add(h, r_consult);
    for (auto h : r.engage) add(h, r_engage);
    for (auto h : r.inform) add(h, r_inform);
    if (r.lead_union) add(*r.lead_union, r_union);
    for (auto h : r.affected) add(h, r_affected);
    for (const auto& level : r.escalation)
        for (auto h : level) add(h, r_ladder);

    std::array<bool, role_styles.size()> used{};
    const std::string prefix = own_prefix(g, "route:");
    std::string out;
    out += "// spfgov route picture: issue ";
    out += printable(r.issue);
    out += ", as of " + to_iso(r.as_of) + "\n// Render: dot -Tsvg route.dot -o route.svg\n";
    out += "digraph \"route\" {\n";
    // The ladder climbs up the page; a rank wider than a page holds (a
    // system's every employer and JNCC) is drawn left to right instead, its
    // bodies stacked down the page, else the picture shrinks to fit and its
    // labels cannot be read (as export does for a region's part).
    std::size_t widest = r.affected.size();
    for (const auto& level : r.escalation) widest = std::max(widest, level.size());
    out += widest > route_picture_max_row ? "  graph [rankdir=\"LR\"" : "  graph [rankdir=\"BT\"";
    out += ", fontname=\"Helvetica\", newrank=\"true\", nodesep=\"0.3\", ranksep=\"0.5\", label=";
    out += dot_label({"Route for issue " + r.issue, r.title, "as of " + to_iso(r.as_of)});
    out += ", labelloc=\"t\"];\n";
    out += "  node [fontname=\"Helvetica\", fontsize=\"10\", style=\"filled\"];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=\"8\"];\n";

    out += "  // bodies, drawn in their first role\n";
    for (auto h : order) {
        const unsigned bits = roles[h.index()];
        std::size_t first = 0;
        while (!(bits & (1U << first))) ++first;
        // "ladder only" marks nothing when the body has a real role.
        const auto& st = role_styles[first];
        used[first] = true;
        std::string list;
        for (std::size_t i = 0; i < r_ladder; ++i)
            if (bits & (1U << i)) list += (list.empty() ? "" : ", ") + std::string(role_styles[i].name);
        const body& b = g[h];
        out += "  ";
        dot_id(out, b.id);
        out += " [label=";
        out += dot_label({b.id, b.name, list});
        bool f = false;
        dot_attr(out, "shape", st.shape == "plain" ? std::string_view{"box"} : st.shape, f);
        dot_attr(out, "fillcolor", st.fillcolor, f);
        dot_attr(out, "fontcolor", st.fontcolor, f);
        if (first == r_ladder) dot_attr(out, "style", "dashed", f);
        if (first == r_lead) dot_attr(out, "penwidth", "3", f);
        out += "];\n";
    }

    // The ladder: one rank per level, a label node at the left of each, and
    // every body of a level escalating to every body of the next.
    std::vector<char> ranked(g.body_count(), 0);
    out += "  // affected employers, at the bottom\n";
    out += "  { rank=\"same\"; ";
    dot_id(out, prefix + "affected");
    out += " [label=\"affected\", shape=\"plaintext\", style=\"\"]; ";
    for (auto h : r.affected) {
        dot_id(out, g.id(h));
        out += "; ";
        ranked[h.index()] = 1;
    }
    out += "}\n";
    std::string below = prefix + "affected";
    for (std::size_t level = 0; level < r.escalation.size(); ++level) {
        // Numbered from 0, as domain.md's R9 and the text report.
        const std::string label_id = prefix + "level:" + std::to_string(level);
        out += "  { rank=\"same\"; ";
        dot_id(out, label_id);
        out += " [label=\"level " + std::to_string(level) + "\", shape=\"plaintext\", style=\"\"]; ";
        for (auto h : r.escalation[level]) {
            if (ranked[h.index()]) continue;
            ranked[h.index()] = 1;
            dot_id(out, g.id(h));
            out += "; ";
        }
        out += "}\n  ";
        dot_id(out, below);
        out += " -> ";
        dot_id(out, label_id);
        out += " [style=\"invis\"];\n";
        below = label_id;
    }
    // The two kinds of edge, as drawn and as the legend shows them.
    const auto esc = dot_style(relation::escalates_to);
    const dot_relation_style raised{"#7F7F7F", "dashed", "normal"};
    auto edge = [&](body_handle a, body_handle b, std::string_view color, std::string_view style) {
        out += "  ";
        dot_id(out, g.id(a));
        out += " -> ";
        dot_id(out, g.id(b));
        out += " [color=\"";
        out += color;
        out += "\", style=\"";
        out += style;
        out += "\"];\n";
    };
    // Each body is joined to the bodies of the next level that the graph
    // links it with on the route's date (an employer to its JNCC, a JNCC to
    // its system forum...); one with no such link to all of the next level.
    auto linked = [&](body_handle a, body_handle b) {
        for (auto l : g.out_links(a))
            if (g.target(l) == b && g[l].valid.contains(r.as_of)) return true;
        for (auto l : g.in_links(a))
            if (g.source(l) == b && g[l].valid.contains(r.as_of)) return true;
        return false;
    };
    auto join = [&](const std::vector<body_handle>& from, const std::vector<body_handle>& to, std::string_view color,
                    std::string_view style) {
        for (auto a : from) {
            bool any = false;
            for (auto b : to)
                if (linked(a, b)) {
                    edge(a, b, color, style);
                    any = true;
                }
            if (!any)
                for (auto b : to) edge(a, b, color, style);
        }
    };
    out += "  // raised at the first level, then escalated level by level\n";
    const bool raised_edges = !r.escalation.empty() && !r.affected.empty();
    if (raised_edges) join(r.affected, r.escalation.front(), raised.color, raised.style);
    for (std::size_t level = 0; level + 1 < r.escalation.size(); ++level)
        join(r.escalation[level], r.escalation[level + 1], esc.color, esc.style);

    // Bodies in a role but not on the ladder: beside it, in one cluster.
    std::vector<body_handle> beside;
    for (auto h : order)
        if (!ranked[h.index()]) beside.push_back(h);
    if (!beside.empty()) {
        out += "  subgraph \"cluster_beside\" {\n    label=\"also in the route\"; style=\"rounded\"; color=\"#7F7F7F\";\n";
        for (auto h : beside) {
            out += "    ";
            dot_id(out, g.id(h));
            out += ";\n";
        }
        out += "  }\n";
    }

    out += "  subgraph \"cluster_legend\" {\n    label=\"Legend\"; style=\"rounded\"; color=\"#7F7F7F\";\n";
    std::string last;
    for (std::size_t i = 0; i < role_styles.size(); ++i) {
        if (!used[i]) continue;
        const auto& st = role_styles[i];
        std::string id;
        dot_id(id, prefix + "legend:" + std::string(st.name));
        out += "    " + id + " [label=\"" + std::string(st.name) + "\", shape=\"" +
               std::string(st.shape == "plain" ? std::string_view{"box"} : st.shape) + "\", fillcolor=\"" +
               std::string(st.fillcolor) + "\", fontcolor=\"" + std::string(st.fontcolor) + "\"" +
               (i == r_ladder ? ", style=\"dashed\"" : "") + "];\n";
        if (!last.empty()) out += "    " + id + " -> " + last + " [style=\"invis\"];\n";  // first role on top
        last = id;
    }
    // The edges, that a reader cannot tell apart by colour alone: each drawn
    // kind under the roles, labelled with what it means.
    if (raised_edges) dot_legend_edge(out, prefix + "legend:edge:raised", "affected employer: raised at level 0", raised);
    if (r.escalation.size() > 1) dot_legend_edge(out, prefix + "legend:edge:escalates", "escalates to the next level", esc);
    out += "  }\n}\n";
    return out;
}

} // namespace spfgov
