// Exporting a governance graph for other tools: Graphviz DOT (to draw it) and
// GraphML (yEd, Gephi, networkx). The JSON round-trip format is io.hpp's
// write_graph.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace spfgov {

/// How a link came to be, as exported: "explicit", "structural" or "derived".
[[nodiscard]] constexpr std::string_view to_string(link_origin o) noexcept {
    switch (o) {
    case link_origin::explicit_link: return "explicit";
    case link_origin::structural_field: return "structural";
    case link_origin::derived: return "derived";
    }
    return "?";
}

/// How one body kind is drawn in DOT output (and listed in its legend).
struct SPFGOV_API dot_kind_style {
    std::string_view shape;      ///< a Graphviz node shape
    std::string_view fillcolor;  ///< "#RRGGBB"
    std::string_view fontcolor;  ///< "#RRGGBB"
};
[[nodiscard]] SPFGOV_API dot_kind_style dot_style(body_kind k) noexcept;

/// How one relation is drawn in DOT output. Derived links (default
/// escalates_to / reports_to) are drawn dashed whatever their relation.
struct SPFGOV_API dot_relation_style {
    std::string_view color;      ///< "#RRGGBB"
    std::string_view style;      ///< "solid", "bold", "dotted"
    std::string_view arrowhead;  ///< a Graphviz arrow shape
};
[[nodiscard]] SPFGOV_API dot_relation_style dot_style(relation r) noexcept;

/// The graph as a Graphviz `digraph` that `dot -Tsvg` renders: one node per
/// body (its id as the node id, quoted and escaped; the label is the id and
/// the name), shaped and coloured by kind; one edge per link, labelled with
/// its relation (and role, and validity when bounded), coloured by relation,
/// dashed when derived; and a `cluster_legend` subgraph showing every kind's
/// shape and colour and every relation's edge style. Bodies appear in graph
/// order, links in link order: the same graph gives the same text.
/// With `as_of`, only the bodies and links of `as_of_view(g, *as_of)`.
[[nodiscard]] SPFGOV_API std::string to_dot(const governance_graph& g, std::optional<date> as_of = {});

/// The graph as GraphML 1.0 (a directed graph; parallel edges allowed).
/// Node data: `id`, `kind`, `name`, `sector`, `valid_from`, `valid_to`, and
/// `label` (the name, or the id when there is none) for viewers.
/// Edge data: `relation`, `origin` ("explicit", "structural", "derived"),
/// `valid_from`, `valid_to`, `role`.
/// Every value is a string. A value that does not exist (an open end of a
/// validity period, no name, no sector, no role) is left out, not written
/// as an empty string: networkx gives no attribute, `G.nodes[n].get("valid_to")`
/// is None. Dates are ISO `YYYY-MM-DD`; `valid_to` is exclusive.
/// The XML node id is the body id. Deterministic, like to_dot. With `as_of`,
/// only what `as_of_view(g, *as_of)` shows.
[[nodiscard]] SPFGOV_API std::string to_graphml(const governance_graph& g, std::optional<date> as_of = {});

} // namespace spfgov
