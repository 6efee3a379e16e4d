#include "spfgov/export.hpp"

#include "spfgov/as_of.hpp"
#include "spfgov/text.hpp"

#include "detail_text.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>

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

/// The view when exporting as of a date; nothing (everything shown) otherwise.
class visibility {
public:
    visibility(const governance_graph& g, std::optional<date> on) {
        if (on) view_ = std::make_unique<as_of_view>(g, *on);
    }
    [[nodiscard]] bool shows(body_handle h) const { return !view_ || view_->contains(h); }
    [[nodiscard]] bool shows(link_handle h) const { return !view_ || view_->contains(h); }

private:
    std::unique_ptr<as_of_view> view_;
};

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

/// A prefix for the legend's node ids that no body id starts with.
std::string legend_prefix(const governance_graph& g) {
    std::string prefix = "legend:";
    for (bool clash = true; clash;) {
        clash = false;
        for (auto h : g.bodies()) {
            if (g.id(h).starts_with(prefix)) {
                clash = true;
                prefix.insert(prefix.begin(), '_');
                break;
            }
        }
    }
    return prefix;
}

void dot_legend(std::string& out, const governance_graph& g) {
    const std::string prefix = legend_prefix(g);
    out += "  subgraph cluster_legend {\n";
    out += "    label=\"Legend\"; fontname=\"Helvetica\"; style=\"rounded\"; color=\"#7F7F7F\";\n";
    out += "    // body kinds\n";
    for (std::size_t i = 0; i < enum_count<body_kind>; ++i) {
        const auto k = static_cast<body_kind>(i);
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
    for (std::size_t i = 0; i + 1 < enum_count<body_kind>; ++i) {
        out += "    ";
        dot_id(out, prefix + "kind:" + std::string(to_string(static_cast<body_kind>(i))));
        out += " -> ";
        dot_id(out, prefix + "kind:" + std::string(to_string(static_cast<body_kind>(i + 1))));
        out += " [style=\"invis\"];\n";
    }
    out += "    // relations: one edge between two points each; derived links are dashed\n";
    auto legend_edge = [&](std::string_view name, std::string_view label, dot_relation_style s, bool dashed) {
        const std::string a = prefix + "rel:" + std::string(name) + ":from";
        const std::string b = prefix + "rel:" + std::string(name) + ":to";
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
        dot_attr(out, "style", dashed ? std::string_view{"dashed"} : s.style, first);
        dot_attr(out, "arrowhead", s.arrowhead, first);
        out += "];\n";
    };
    for (std::size_t i = 0; i < enum_count<relation>; ++i) {
        const auto r = static_cast<relation>(i);
        legend_edge(to_string(r), to_string(r), dot_style(r), false);
    }
    legend_edge("derived", "derived (default) link", dot_style(relation::escalates_to), true);
    out += "  }\n";
}

// ------------------------------------------------------------ GraphML

/// Text for an XML attribute value or element content. Characters XML 1.0
/// cannot hold (C0 controls but tab, newline and carriage return; U+FFFE,
/// U+FFFF; bytes that are not UTF-8) are written visibly as `\u0001`, so ids
/// that differ only there stay distinct; tab, newline and carriage return are
/// written as character references so that attribute values keep them.
void xml_escape(std::string& out, std::string_view text) {
    namespace t = detail::text;
    t::for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t': out += "&#9;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        default:
            if (t::xml_forbidden(cp)) t::append_escape(out, cp, bytes);
            else out += bytes;
        }
    });
}

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
    xml_escape(out, value);
    out += "</data>\n";
}

void graphml_validity(std::string& out, const validity& v, std::string_view from_key, std::string_view to_key) {
    if (!v.open_start()) graphml_data(out, from_key, to_iso(v.from));
    if (!v.open_end()) graphml_data(out, to_key, to_iso(v.to));
}

} // namespace

std::string to_dot(const governance_graph& g, std::optional<date> as_of) {
    const visibility vis(g, as_of);
    std::string out;
    out.reserve(256 + 200 * (g.body_count() + g.link_count()));
    out += "// spfgov governance graph";
    if (as_of) out += " as of " + to_iso(*as_of);
    out += "\n// Render: dot -Tsvg graph.dot -o graph.svg\n";
    out += "digraph \"spfgov\" {\n";
    out += "  graph [rankdir=\"BT\", fontname=\"Helvetica\", newrank=\"true\"";
    out += ", label=";
    out += dot_label({"spfgov governance graph", as_of ? "as of " + to_iso(*as_of) : std::string{"all dates"}});
    out += ", labelloc=\"t\"];\n";
    out += "  node [fontname=\"Helvetica\", fontsize=\"10\", style=\"filled\"];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=\"8\"];\n";
    dot_legend(out, g);

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
        out += " [label=";
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
    out += "}\n";
    return out;
}

std::string to_graphml(const governance_graph& g, std::optional<date> as_of) {
    const visibility vis(g, as_of);
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
        xml_escape(out, b.id);
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
        xml_escape(out, g.id(g.source(l)));
        out += "\" target=\"";
        xml_escape(out, g.id(g.target(l)));
        out += "\">\n";
        graphml_data(out, "e_relation", to_string(data.rel));
        graphml_data(out, "e_origin", to_string(data.origin));
        graphml_validity(out, data.valid, "e_valid_from", "e_valid_to");
        if (data.role) graphml_data(out, "e_role", to_string(*data.role));
        out += "    </edge>\n";
    }
    out += "  </graph>\n</graphml>\n";
    return out;
}

} // namespace spfgov
