// Cycle finding over one relation's links of any Boost graph whose edges
// carry spfgov::link (the full graph, or an as-of view of it).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

namespace spfgov::detail {

template <class Graph>
struct relation_only {
    const Graph* graph = nullptr;
    relation rel{};
    template <class Edge> bool operator()(const Edge& e) const { return (*graph)[e].rel == rel; }
};

// On each back edge, walks DFS parents from its source to its target: that is
// one cycle, reported with its members in link order. Parallel links (the same
// two ends) close the same cycle: it is reported once.
struct SPFGOV_API cycle_recorder : boost::default_dfs_visitor {
    std::vector<std::size_t>* parent;
    std::vector<std::vector<body_handle>>* cycles;
    std::set<std::pair<std::size_t, std::size_t>>* closed;
    template <class Edge, class G> void tree_edge(Edge e, const G& g) const {
        (*parent)[boost::target(e, g)] = boost::source(e, g);
    }
    template <class Edge, class G> void back_edge(Edge e, const G& g) const {
        const auto head = boost::target(e, g);
        if (!closed->emplace(boost::source(e, g), head).second) return;
        std::vector<body_handle> cycle;
        for (std::size_t v = boost::source(e, g); v != head; v = (*parent)[v])
            cycle.push_back(governance_graph::handle(static_cast<governance_graph::vertex_descriptor>(v)));
        cycle.push_back(governance_graph::handle(head));
        std::reverse(cycle.begin(), cycle.end());
        cycles->push_back(std::move(cycle));
    }
};

/// Every cycle of `rel` links that a depth-first search meets in `g`
/// (at least one per strongly connected tangle). `vertex_count` is the
/// underlying graph's number of vertices.
template <class Graph>
std::vector<std::vector<body_handle>> cycles_of(const Graph& g, std::size_t vertex_count, relation rel) {
    boost::filtered_graph<Graph, relation_only<Graph>> only(g, relation_only<Graph>{&g, rel});
    std::vector<std::size_t> parent(vertex_count);
    std::vector<std::vector<body_handle>> cycles;
    std::set<std::pair<std::size_t, std::size_t>> closed;
    std::vector<boost::default_color_type> colour(vertex_count);
    boost::depth_first_search(
        only, boost::visitor(cycle_recorder{{}, &parent, &cycles, &closed})
                  .color_map(boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g))));
    return cycles;
}

} // namespace spfgov::detail
