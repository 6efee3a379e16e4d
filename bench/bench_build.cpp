// Building graphs (generate_graph in code, read_graph of write_graph's JSON),
// routing_index construction and memory per body, each beside a baseline:
//   build  <-> a bare boost::adjacency_list with the same vertices and edges
//   load   <-> nlohmann::json::parse of the same text (parse only)
//   index  <-> one Boost BFS over the whole graph as of the date
//   memory <-> the bare adjacency_list's heap bytes per vertex
#include "bench_common.hpp"

#include <boost/graph/adjacency_list.hpp>

#include "spfgov/detail/graph_reading.hpp"
#include "spfgov/io.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

namespace bench {

using namespace spfgov;

namespace {

using bare_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

const std::vector<graph_key> build_sizes{1000, 10000, 100000, 1000000};

// Seconds the whole bench may spend on one build of the largest graph.
double budget_seconds() {
    if (const char* s = std::getenv("SPFGOV_BENCH_BUDGET_S")) return std::strtod(s, nullptr);
    return 120.0;
}

/// Skips (with the reason) a size whose build is projected over budget from
/// the two sizes before it: graph building that grows faster than linearly
/// would not finish in the bench's time.
bool over_budget(benchmark::State& state, graph_key k) {
    if (k < 1000000) return false;
    const double t5 = build_seconds(k / 10), t4 = build_seconds(k / 100);
    if (t5 <= 0 || t4 <= 0) return false;
    const double growth = t5 / t4;  // per tenfold
    const double projected = t5 * std::max(growth, 10.0);
    if (projected <= budget_seconds()) return false;
    const std::string why = "skipped: building " + std::to_string(k) + " employers is projected at " +
                            std::to_string(static_cast<long>(projected)) + " s (x" +
                            std::to_string(static_cast<long>(growth)) +
                            " per tenfold from 10^4 to 10^5; linear would be x10), over the " +
                            std::to_string(static_cast<long>(budget_seconds())) +
                            " s budget (SPFGOV_BENCH_BUDGET_S). See docs/performance.md.";
    state.SkipWithError(why.c_str());
    return true;
}

// The same vertices and (non-derived and derived) edges, without properties.
std::pair<std::size_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> shape_of(const governance_graph& g) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    edges.reserve(g.link_count());
    for (auto l : g.links()) edges.emplace_back(g.source(l).index(), g.target(l).index());
    return {g.body_count(), std::move(edges)};
}

std::map<graph_key, std::pair<std::size_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>>>& shapes() {
    static std::map<graph_key, std::pair<std::size_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>>> m;
    return m;
}
std::map<graph_key, std::string>& texts() {
    static std::map<graph_key, std::string> m;
    return m;
}

double per(std::size_t bytes, std::size_t n) { return n ? static_cast<double>(bytes) / static_cast<double>(n) : 0.0; }

std::size_t delta(std::size_t after, std::size_t before) { return after > before ? after - before : 0; }

// ---------------------------------------------------------------- memory

void memory_per_body(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    release(k);
    for (auto _ : state) {
        generator_options o;
        o.employers = static_cast<std::size_t>(k);
        const auto before = sample_memory();
        const auto t0 = std::chrono::steady_clock::now();
        std::unique_ptr<governance_graph> g(new governance_graph(generate_graph(o)));
        record_build_seconds(k, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        const auto after = sample_memory();
        const std::size_t bodies = g->body_count(), links = g->link_count();
        state.counters["bodies"] = static_cast<double>(bodies);
        state.counters["links"] = static_cast<double>(links);
        state.counters["heap_B_per_body"] = per(delta(after.heap_in_use, before.heap_in_use), bodies);
        state.counters["rss_B_per_body"] = per(delta(after.resident, before.resident), bodies);

        // Baseline: a bare adjacency_list of the same shape.
        shapes()[k] = shape_of(*g);
        const auto& [v, e] = shapes()[k];
        const auto b0 = sample_memory();
        {
            auto bare = std::make_unique<bare_graph>(v);
            for (const auto& [s, t] : e) boost::add_edge(s, t, *bare);
            const auto b1 = sample_memory(false);
            state.counters["baseline_heap_B_per_body"] = per(delta(b1.heap_in_use, b0.heap_in_use), bodies);
            benchmark::DoNotOptimize(boost::num_edges(*bare));
        }
        state.counters["heap_ratio_vs_baseline"] =
            state.counters["heap_B_per_body"].value / std::max(1.0, state.counters["baseline_heap_B_per_body"].value);
        keep_graph(k, std::move(g));
    }
}

// ---------------------------------------------------------------- build

void generate(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    std::size_t bodies = 0;
    for (auto _ : state) {
        generator_options o;
        o.employers = static_cast<std::size_t>(k);
        std::unique_ptr<governance_graph> g(new governance_graph(generate_graph(o)));
        bodies = g->body_count();
        state.PauseTiming();
        keep_graph(k, std::move(g));  // destroying it is not building it
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bodies));
    state.counters["bodies"] = static_cast<double>(bodies);
}

void generate_baseline(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    if (!shapes().count(k)) shapes()[k] = shape_of(graph(k));
    const auto& [v, e] = shapes()[k];
    for (auto _ : state) {
        auto b = std::make_unique<bare_graph>(v);
        for (const auto& [s, t] : e) boost::add_edge(s, t, *b);
        benchmark::DoNotOptimize(boost::num_edges(*b));
        state.PauseTiming();
        b.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(v));
}

// ---------------------------------------------------------------- load

const std::string& text_of(graph_key k) {
    auto& t = texts()[k];
    if (t.empty()) t = k == england ? std::string(england_graph_json()) : write_graph(graph(k));
    return t;
}

governance_graph read_as_usual(const std::string& text, const std::string& name) { return read_graph(text, name); }

// The located reads alone (streamed, else as a tree): read_graph before the
// simdjson read was put in front of them.
governance_graph read_located(const std::string& text, const std::string& name) {
    if (auto g = spfgov::detail::read_graph_streamed(text, name, {})) return std::move(*g);
    return spfgov::detail::read_graph_as_tree(text, name, {});
}

template <governance_graph (*Read)(const std::string&, const std::string&)>
void load(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    const std::string& text = text_of(k);
    if (k >= 1000000) release(k);  // room for the loaded copy
    std::size_t bodies = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto before = sample_memory();
        state.ResumeTiming();
        std::unique_ptr<governance_graph> g(new governance_graph(Read(text, graph_name(k) + ".json")));
        state.PauseTiming();
        bodies = g->body_count();
        const auto after = sample_memory(false);
        state.counters["heap_B_per_body"] = per(delta(after.heap_in_use, before.heap_in_use), bodies);
        state.counters["rss_B_per_body"] = per(delta(after.resident, before.resident), bodies);
        g.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bodies));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
    state.counters["bodies"] = static_cast<double>(bodies);
    state.counters["json_MB"] = static_cast<double>(text.size()) / 1e6;
}

void load_baseline(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    const std::string& text = text_of(k);
    for (auto _ : state) {
        auto j = std::make_unique<nlohmann::json>(nlohmann::json::parse(text));
        benchmark::DoNotOptimize(j->size());
        state.PauseTiming();
        j.reset();
        state.ResumeTiming();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}

void write(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    const governance_graph& g = graph(k);
    for (auto _ : state) {
        auto t = write_graph(g);
        benchmark::DoNotOptimize(t.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(g.body_count()));
}

// ---------------------------------------------------------------- index

const date index_date{2026, 3, 3};

void index(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    const governance_graph& g = graph(k);
    for (auto _ : state) {
        routing_index ix(g, index_date);
        benchmark::DoNotOptimize(&ix);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(g.body_count()));
    state.counters["bodies"] = static_cast<double>(g.body_count());
}

void as_of_only(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    const governance_graph& g = graph(k);
    for (auto _ : state) {
        as_of_view v(g, index_date);
        benchmark::DoNotOptimize(&v);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(g.body_count()));
}

void index_baseline(benchmark::State& state, graph_key k) {
    if (over_budget(state, k)) return;
    const governance_graph& g = graph(k);
    for (auto _ : state) benchmark::DoNotOptimize(baseline_full_traversal(g, index_date));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(g.body_count()));
}

/// Heavy work (building, loading, writing whole graphs) runs once at 10^5
/// employers and more; cheap work runs for at least half a second.
template <class F>
void add(const std::string& name, F f, graph_key k, bool heavy) {
    auto* b = benchmark::RegisterBenchmark(name.c_str(), [f, k](benchmark::State& s) { f(s, k); });
    b->Unit(benchmark::kMillisecond);
    if (k >= 1000000 || (heavy && k >= 100000)) b->Iterations(1);
    else b->MinTime(0.5);
}

} // namespace

void register_build_benchmarks() {
    add("index/graph:england", index, england, false);
    add("index/graph:england/as_of_view_only", as_of_only, england, false);
    add("index/graph:england/BASELINE_full_bfs", index_baseline, england, false);
    add("load/graph:england", load<read_as_usual>, england, false);
    add("load/graph:england/BASELINE_located_read", load<read_located>, england, false);
    add("load/graph:england/BASELINE_json_parse", load_baseline, england, false);
    for (graph_key k : build_sizes) {
        const std::string n = graph_name(k);
        add("memory/graph:" + n, memory_per_body, k, true);
        add("build/graph:" + n, generate, k, true);
        add("build/graph:" + n + "/BASELINE_bare_adjacency_list", generate_baseline, k, true);
        add("index/graph:" + n, index, k, false);
        add("index/graph:" + n + "/as_of_view_only", as_of_only, k, false);
        add("index/graph:" + n + "/BASELINE_full_bfs", index_baseline, k, false);
        add("write/graph:" + n, write, k, true);
        add("load/graph:" + n, load<read_as_usual>, k, true);
        if (k < 1000000) add("load/graph:" + n + "/BASELINE_located_read", load<read_located>, k, true);
        add("load/graph:" + n + "/BASELINE_json_parse", load_baseline, k, true);
    }
    // The 10^6 graph and its JSON are not needed by the routing benchmarks.
    benchmark::RegisterBenchmark("release/graph:gen1000000", [](benchmark::State& s) {
        for (auto _ : s) release(1000000);
        texts().erase(1000000);
        shapes().erase(1000000);
    })->Iterations(1)->Unit(benchmark::kMillisecond);
}

} // namespace bench
