// A route as a web page for a person: one self-contained HTML file (inline
// CSS and SVG, nothing fetched from the network), printable, with headings
// and tables a screen reader can navigate.
#pragma once
#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/page_notes.hpp"
#include "spfgov/route.hpp"

#include <span>
#include <string>
#include <string_view>

namespace spfgov {

/// One issue of an HTML report: a route, or the error that stopped it.
struct html_report_item {
    const route* routed = nullptr;  ///< null when the issue could not be routed
    /// The route's picture (route_to_dot rendered by Graphviz as SVG), put
    /// inline; empty: no picture section. Anything before `<svg` (the XML
    /// declaration, the DOCTYPE) is dropped.
    std::string_view picture_svg{};
    std::string_view label{}; ///< for an error: what failed ("line 3 (issue X)")
    std::string_view error{}; ///< for an error: the message
};

/// One route as a complete HTML page: the issue (id, title, kind, scope,
/// date), the picture when given, who takes part by role (a table), the
/// escalation ladder (a table), statutory deadlines and meetings (tables of
/// dates), the rationale with each rule's source, the warnings, and at the
/// end "Terms used in this report" (scope, roles, ladder, JNCC, HR1...: the
/// built-in rules' meanings, each citing its rule). Every
/// text from the graph, issue or policy is escaped for HTML; characters XML
/// cannot hold are written visibly (`\u0001`). Tables have captions and
/// `<th scope>` headers. Deterministic.
[[nodiscard]] SPFGOV_API std::string route_html(const route& r, const governance_graph& g, std::string_view picture_svg = {});
/// route_html with a "Policy" fact (policy_summary, report.hpp) beside the
/// issue's: for a route made under a policy other than the built-in one.
[[nodiscard]] SPFGOV_API std::string route_html(const route& r, const governance_graph& g, const routing_policy& policy,
                                                std::string_view picture_svg = {});

/// Several issues as one page: an index linking to each issue's section
/// (`#issue-1`, `#issue-2`... in order), then each route as route_html
/// draws it (one heading level lower), or its error; the terms once, at the end.
[[nodiscard]] SPFGOV_API std::string routes_html(std::span<const html_report_item> items, const governance_graph& g,
                                      std::string_view title);
/// routes_html with the policy named on each route and the batch's warnings.
[[nodiscard]] SPFGOV_API std::string routes_html(std::span<const html_report_item> items, const governance_graph& g,
                                                 std::string_view title, const page_notes& notes);

} // namespace spfgov
