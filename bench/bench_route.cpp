// Routing throughput, by scope and for the realistic mix, on the built-in
// England graph and on generated graphs of 10^3..10^5 employers, each beside
// the no-precomputation Boost BFS baseline (bench_common.hpp).
#include "bench_common.hpp"

#include <string>

namespace bench {

using namespace spfgov;

namespace {

const std::vector<graph_key> route_sizes{england, 1000, 5000, 10000, 100000};
constexpr std::array<std::string_view, 4> scope_names{"employer", "system", "region", "national"};

const std::vector<issue>& pick(graph_key k, int scope) {
    const auto& set = issues(k);
    return scope < 0 ? set.mix : set.by_scope[static_cast<std::size_t>(scope)];
}

/// Steady state: a router whose indexes for every date are already built.
void route_warm(benchmark::State& state, graph_key k, int scope) {
    const auto& is = pick(k, scope);
    if (is.empty()) {
        state.SkipWithError("no generated issue routes to this scope");
        return;
    }
    const router& r = warm_router(k);
    std::size_t n = 0, lists = 0;
    for (auto _ : state) {
        const route out = r(is[n]);
        lists += out.consult.size() + out.escalation.size();
        benchmark::DoNotOptimize(out.scope);
        if (++n == is.size()) n = 0;
    }
    benchmark::DoNotOptimize(lists);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["issues_in_set"] = static_cast<double>(is.size());
    state.counters["route_errors"] = static_cast<double>(issues(k).route_errors);
}

/// A fresh router per pass over the whole mix: index builds for every date
/// are paid inside the timing (what a one-shot batch pays).
void route_cold(benchmark::State& state, graph_key k) {
    const auto& is = pick(k, -1);
    const governance_graph& g = graph(k);
    for (auto _ : state) {
        const router r(g);
        std::size_t lists = 0;
        for (const auto& i : is) lists += r(i).consult.size();
        benchmark::DoNotOptimize(lists);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(is.size()));
}

void baseline(benchmark::State& state, graph_key k, int scope) {
    const auto& is = pick(k, scope);
    if (is.empty()) {
        state.SkipWithError("no generated issue routes to this scope");
        return;
    }
    const governance_graph& g = graph(k);
    std::size_t n = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(baseline_query(g, is[n]));
        if (++n == is.size()) n = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

} // namespace

void register_route_benchmarks() {
    for (graph_key k : route_sizes) {
        const std::string g = graph_name(k);
        for (int scope = -1; scope < 4; ++scope) {
            const std::string what =
                "route/graph:" + g + "/" + (scope < 0 ? std::string("mix") : "scope:" + std::string(scope_names[static_cast<std::size_t>(scope)]));
            benchmark::RegisterBenchmark(what.c_str(), [k, scope](benchmark::State& s) { route_warm(s, k, scope); })
                ->Unit(benchmark::kMicrosecond)
                ->MinTime(0.5);
            benchmark::RegisterBenchmark((what + "/BASELINE_bfs").c_str(),
                                         [k, scope](benchmark::State& s) { baseline(s, k, scope); })
                ->Unit(benchmark::kMicrosecond)
                ->MinTime(k >= 100000 ? 0.3 : 0.5);
        }
        if (k <= 10000)
            benchmark::RegisterBenchmark(("route/graph:" + g + "/mix_cold_router_20000_issues").c_str(),
                                         [k](benchmark::State& s) { route_cold(s, k); })
                ->Unit(benchmark::kMillisecond)
                ->Iterations(1);
    }
}

} // namespace bench
