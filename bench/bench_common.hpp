// Shared fixtures for spfgov's benchmarks: graphs (the built-in England graph,
// generated graphs by employer count), issue sets bucketed by routed scope,
// warmed routers, memory probes and the plain Boost.Graph baselines.
#pragma once

#include "spfgov/generate.hpp"
#include "spfgov/as_of.hpp"
#include "spfgov/graph.hpp"
#include "spfgov/route.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bench {

/// 0 stands for the built-in England graph; otherwise generated employers.
using graph_key = std::int64_t;
inline constexpr graph_key england = 0;

[[nodiscard]] std::string graph_name(graph_key k);

/// The graph (built on first use and cached; generated with seed 1).
[[nodiscard]] const spfgov::governance_graph& graph(graph_key k);
/// Puts an already built graph into the cache (from a build benchmark).
/// Graphs are held by pointer and never moved, so that what refers to a
/// cached graph (routers, views) stays valid.
void keep_graph(graph_key k, std::unique_ptr<spfgov::governance_graph> g);
/// Drops a cached generated graph and everything derived from it.
void release(graph_key k);

/// Wall-clock seconds the first generate_graph of `k` employers took (0 if
/// not built yet), for projecting the cost of the next size.
[[nodiscard]] double build_seconds(graph_key k);
void record_build_seconds(graph_key k, double seconds);

/// Issues for a graph: the realistic mix (generate_issues) and the same
/// issues bucketed by the scope they route to (employer, system, region,
/// national). Dated over 2026 for small graphs, over one week for 10^5 and
/// more (each date needs its own routing_index).
struct issue_set {
    std::vector<spfgov::issue> mix;
    std::array<std::vector<spfgov::issue>, 4> by_scope;
    std::size_t route_errors = 0;
};
[[nodiscard]] const issue_set& issues(graph_key k);

/// A router over graph(k) with an index already built for every issue date.
[[nodiscard]] const spfgov::router& warm_router(graph_key k);

/// Memory probes.
struct memory_sample {
    std::size_t heap_in_use = 0;  ///< mallinfo2(): uordblks + hblkhd (chunks in use + mmapped blocks)
    std::size_t resident = 0;     ///< /proc/self/statm resident pages * page size
};
[[nodiscard]] memory_sample sample_memory(bool trim_first = true);

/// The baseline for routing: no precomputation, one plain Boost.Graph
/// breadth_first_search per query. Expands named systems and regions by
/// walking part_of in-edges valid on the date, finds each affected employer's
/// JNCCs by committee_of in-edges, then runs a multi-source BFS over the full
/// graph following escalates_to and committee_of edges, checking each edge's
/// and target's validity as it goes (a fresh colour map per query), and sorts
/// what it reached by id. Returns the number of bodies reached.
[[nodiscard]] std::size_t baseline_query(const spfgov::governance_graph& g, const spfgov::issue& i);

/// The baseline for index construction: one BFS over the whole graph as of
/// `on` (every vertex a source), following every edge valid on the date.
[[nodiscard]] std::size_t baseline_full_traversal(const spfgov::governance_graph& g, spfgov::date on);

void register_build_benchmarks();
void register_route_benchmarks();

} // namespace bench
