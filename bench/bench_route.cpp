// Routing throughput, by scope and for the realistic mix, on the built-in
// England graph and on generated graphs of 10^3..10^5 employers, each beside
// the no-precomputation Boost BFS baseline (bench_common.hpp).
#include "alloc_count.hpp"
#include "bench_common.hpp"

#include "spfgov/io.hpp"
#include "spfgov/quoted_ids.hpp"

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

/// How a warm benchmark routes: a route made afresh each time
/// (router::operator()), one route refilled issue after issue
/// (router::route_into), or refilled through a routing_session, as
/// `route --issues` and the Python module's batches do on each thread.
enum class route_path { fresh, refill, session };

/// Steady state: a router whose indexes for every date are already built.
void route_warm(benchmark::State& state, graph_key k, int scope, route_path path = route_path::fresh) {
    const auto& is = pick(k, scope);
    if (is.empty()) {
        state.SkipWithError("no generated issue routes to this scope");
        return;
    }
    const router& r = warm_router(k);
    routing_session session(r);
    std::size_t n = 0, lists = 0;
    route reused;
    if (path == route_path::refill)
        for (const auto& i : is) r.route_into(i, reused);  // as warm as the routes made afresh
    if (path == route_path::session)
        for (const auto& i : is) session.route_into(i, reused);  // and the session holds every epoch
    const std::uint64_t allocations_before = allocations_by_this_thread();
    for (auto _ : state) {
        if (path == route_path::fresh) {
            const route out = r(is[n]);
            lists += out.consult.size() + out.escalation.size();
            benchmark::DoNotOptimize(out.scope);
        } else {
            if (path == route_path::refill) r.route_into(is[n], reused);
            else session.route_into(is[n], reused);
            lists += reused.consult.size() + reused.escalation.size();
            benchmark::DoNotOptimize(reused.scope);
        }
        if (++n == is.size()) n = 0;
    }
    benchmark::DoNotOptimize(lists);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["allocs_per_route"] =
        static_cast<double>(allocations_by_this_thread() - allocations_before) / static_cast<double>(state.iterations());
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

/// Writing routes already made (append_route into one reused buffer, as
/// route --issues does per line), at a rationale detail, with the graph's
/// ids quoted once (quoted_ids, as route --issues does) or escaped per write.
void write_routes(benchmark::State& state, graph_key k, rationale_detail detail, bool quoted) {
    const auto& is = pick(k, -1);
    const router& r = warm_router(k);
    std::vector<route> routes;
    routes.reserve(is.size());
    for (const auto& i : is) routes.push_back(r(i));
    const governance_graph& g = graph(k);
    const quoted_ids ids(g);
    std::string out;
    std::size_t n = 0, bytes = 0;
    const std::uint64_t allocations_before = allocations_by_this_thread();
    for (auto _ : state) {
        out.clear();
        if (quoted) append_route(out, routes[n], g, ids, detail);
        else append_route(out, routes[n], g, detail);
        bytes += out.size();
        benchmark::DoNotOptimize(out.data());
        if (++n == routes.size()) n = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["allocs_per_route"] =
        static_cast<double>(allocations_by_this_thread() - allocations_before) / static_cast<double>(state.iterations());
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
            if (scope < 0)
                for (const auto& [suffix, path] :
                     {std::pair{"_refill", route_path::refill}, std::pair{"_session", route_path::session}})
                    benchmark::RegisterBenchmark((what + suffix).c_str(),
                                                 [k, way = path](benchmark::State& s) { route_warm(s, k, -1, way); })
                        ->Unit(benchmark::kMicrosecond)
                        ->MinTime(0.5);
            benchmark::RegisterBenchmark((what + "/BASELINE_bfs").c_str(),
                                         [k, scope](benchmark::State& s) { baseline(s, k, scope); })
                ->Unit(benchmark::kMicrosecond)
                ->MinTime(k >= 100000 ? 0.3 : 0.5);
        }
        if (k <= 5000)
            for (const auto& [name, detail] : {std::pair{"full", rationale_detail::full},
                                               std::pair{"rules", rationale_detail::rules},
                                               std::pair{"none", rationale_detail::none}})
                for (bool quoted : {false, true})
                    benchmark::RegisterBenchmark(
                        ("write/route:" + g + "/mix/rationale:" + name + (quoted ? "/quoted_ids" : "")).c_str(),
                        // A copy: clang 14 cannot capture a structured binding.
                        [k, level = detail, quoted](benchmark::State& s) { write_routes(s, k, level, quoted); })
                        ->Unit(benchmark::kMicrosecond)
                        ->MinTime(0.5);
        if (k <= 10000)
            benchmark::RegisterBenchmark(("route/graph:" + g + "/mix_cold_router_20000_issues").c_str(),
                                         [k](benchmark::State& s) { route_cold(s, k); })
                ->Unit(benchmark::kMillisecond)
                ->Iterations(1);
    }
}

} // namespace bench
