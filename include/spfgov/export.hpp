// Exporting a governance graph for other tools: Graphviz DOT (to draw it) and
// GraphML (yEd, Gephi, networkx). The JSON round-trip format is io.hpp's
// write_graph.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spfgov {

struct route;

/// Which part of the graph a map shows (`spfgov export --region`, `--system`,
/// `--around`, `--overview`). A map of a whole England graph is too big to
/// read; these fit on a screen.
struct map_scope {
    enum class part : std::uint8_t {
        everything,  ///< every body
        region,      ///< the region `id` and what it contains (its forum and people board, its systems, their employers...)
        system,      ///< the system `id` and what it contains
        around,      ///< the bodies at most `depth` links (either direction) from the body `id`
        overview,    ///< every body but employers and what they contain; each system's employers as one count node
    };
    part what = part::everything;
    std::string id{};         ///< the region, system or centre; unused for everything and overview
    unsigned depth = 1;       ///< for around: 0 is the body alone
    static constexpr unsigned max_depth = 16;
};

/// Throws graph_error when `scope` names no body ("unknown_id"), a body of the
/// wrong kind for --region / --system ("wrong_body_kind"), a body not valid on
/// `as_of` ("not_valid_on_date"), or a depth above map_scope::max_depth
/// ("bad_depth"). to_dot and to_graphml call it; a caller may check first.
SPFGOV_API void check_scope(const governance_graph& g, std::optional<date> as_of, const map_scope& scope);

/// How a link came to be, as exported: "explicit", "structural" or "derived".
[[nodiscard]] SPFGOV_API constexpr std::string_view to_string(link_origin o) noexcept {
    switch (o) {
    case link_origin::explicit_link: return "explicit";
    case link_origin::structural_field: return "structural";
    case link_origin::derived: return "derived";
    }
    return "?";
}

/// How one body kind is drawn in DOT output (and listed in its legend).
struct SPFGOV_API dot_kind_style {
    std::string_view shape{};    ///< a Graphviz node shape
    std::string_view fillcolor{}; ///< "#RRGGBB"
    std::string_view fontcolor{}; ///< "#RRGGBB"
};
[[nodiscard]] SPFGOV_API dot_kind_style dot_style(body_kind k) noexcept;

/// How one relation is drawn in DOT output. Derived links (default
/// escalates_to / reports_to) are drawn dashed whatever their relation.
struct SPFGOV_API dot_relation_style {
    std::string_view color{};    ///< "#RRGGBB"
    std::string_view style{};    ///< "solid", "bold", "dotted"
    std::string_view arrowhead{}; ///< a Graphviz arrow shape
};
[[nodiscard]] SPFGOV_API dot_relation_style dot_style(relation r) noexcept;

/// The graph as a Graphviz `digraph` that `dot -Tsvg` renders: one node per
/// body (its id as the node id, quoted and escaped; the label is the id and
/// the name), shaped and coloured by kind; one edge per link, labelled (an
/// `xlabel`) with its relation (and role, and validity when bounded), coloured
/// by relation, dashed when derived; and a `cluster_legend` subgraph showing
/// the shape and colour of each kind drawn and the edge style of each
/// relation drawn. Bodies appear in graph
/// order, links in link order: the same graph gives the same text.
/// With `as_of`, only the bodies and links of `as_of_view(g, *as_of)`.
/// With a `scope`, only its bodies and the links between them (see map_scope).
/// Bodies are drawn inside a cluster per region and, within it, per system
/// (a body belongs where its part_of / committee_of / subgroup_of links lead);
/// the legend shows only the kinds and relations drawn. The whole graph is
/// drawn bottom to top (employers at the bottom); a part left to right
/// (employers at the left), so that a region's employers stack down the page.
[[nodiscard]] SPFGOV_API std::string to_dot(const governance_graph& g, std::optional<date> as_of = {},
                                 const map_scope& scope = {});

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
/// only what `as_of_view(g, *as_of)` shows; with a `scope`, as to_dot. An
/// overview's count nodes have kind "employer_count", label "N employers",
/// an id no body has, and a part_of edge to their system.
[[nodiscard]] SPFGOV_API std::string to_graphml(const governance_graph& g, std::optional<date> as_of = {},
                                     const map_scope& scope = {});

/// More bodies than this in one rank of a route's picture (the affected
/// employers, or one level of the ladder) and the picture is drawn left to
/// right: its ranks become columns, their bodies stacked down the page.
/// (Compiled into callers: a later release may draw at another width.)
inline constexpr std::size_t route_picture_max_row = 6;

/// A picture of a route as a Graphviz digraph: the affected employers at the
/// bottom; above them the escalation ladder, level by level (each level a
/// rank, labelled "level N"), with the bodies of each role (lead, negotiate,
/// consult, engage, inform, lead union) in that role's own colour and shape
/// (a body in several roles is drawn in the first and lists them all); bodies
/// in a role but not on the ladder beside it. A legend shows the roles drawn.
/// A route with a rank wider than route_picture_max_row is drawn left to
/// right instead (affected employers at the left). Deterministic; ids
/// escaped as in to_dot.
[[nodiscard]] SPFGOV_API std::string route_to_dot(const route& r, const governance_graph& g);


} // namespace spfgov
