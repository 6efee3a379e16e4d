#include "bench_common.hpp"

#include "spfgov/io.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/range/iterator_range.hpp>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

namespace bench {

using namespace spfgov;

namespace {

struct cache {
    std::map<graph_key, std::unique_ptr<governance_graph>> graphs;
    std::map<graph_key, std::unique_ptr<issue_set>> issues;
    std::map<graph_key, std::unique_ptr<router>> routers;
    std::map<graph_key, double> build_seconds;
};
cache& the_cache() {
    static cache c;
    return c;
}

date ymd(int y, int m, int d) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
}

} // namespace

std::string graph_name(graph_key k) {
    if (k == england) return "england";
    return "gen" + std::to_string(k);
}

const governance_graph& graph(graph_key k) {
    if (k == england) return england_graph();
    auto& slot = the_cache().graphs[k];
    if (!slot) {
        generator_options o;
        o.employers = static_cast<std::size_t>(k);
        o.seed = 1;
        const auto t0 = std::chrono::steady_clock::now();
        slot.reset(new governance_graph(generate_graph(o)));  // built in place, never moved
        if (build_seconds(k) == 0)
            record_build_seconds(k, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return *slot;
}

void keep_graph(graph_key k, std::unique_ptr<governance_graph> g) {
    if (k == england) return;
    auto& c = the_cache();
    c.routers.erase(k);
    c.issues.erase(k);
    c.graphs[k] = std::move(g);
}

void release(graph_key k) {
    auto& c = the_cache();
    c.routers.erase(k);
    c.issues.erase(k);
    c.graphs.erase(k);
    (void)malloc_trim(0);
}

double build_seconds(graph_key k) {
    const auto& m = the_cache().build_seconds;
    const auto it = m.find(k);
    return it == m.end() ? 0.0 : it->second;
}

void record_build_seconds(graph_key k, double seconds) {
    auto& m = the_cache().build_seconds;
    if (!m.count(k)) m[k] = seconds;
}

namespace {
// R1 from the issue alone (named systems and regions are not expanded; the
// generator names only employers valid on the date): for big graphs, where
// routing every issue just to bucket it would take minutes.
std::vector<body_handle> containers(const governance_graph& g, body_handle b) {
    std::vector<body_handle> out;
    for (auto l : g.out_links(b))
        if (g[l].rel == relation::part_of) out.push_back(g.target(l));
    std::sort(out.begin(), out.end());
    return out;
}

level shape_scope(const governance_graph& g, const issue& i) {
    if (i.affected.empty() || i.origin == level::national) return level::national;
    std::vector<body_handle> systems, regions;
    bool first = true;
    level named = level::employer;
    for (const auto& a : i.affected) {
        const auto h = g.find(a);
        if (!h) continue;
        std::vector<body_handle> s, r;
        switch (g[*h].kind) {
        case body_kind::employer: s = containers(g, *h); break;
        case body_kind::system: s = {*h}; named = std::max(named, level::system); break;
        case body_kind::region: named = std::max(named, level::region); r = {*h}; break;
        default: break;
        }
        for (auto sys : s)
            for (auto reg : containers(g, sys)) r.push_back(reg);
        std::sort(r.begin(), r.end());
        if (first) {
            systems = s;
            regions = r;
            first = false;
        } else {
            std::vector<body_handle> x, y;
            std::set_intersection(systems.begin(), systems.end(), s.begin(), s.end(), std::back_inserter(x));
            std::set_intersection(regions.begin(), regions.end(), r.begin(), r.end(), std::back_inserter(y));
            systems = std::move(x);
            regions = std::move(y);
        }
    }
    level containing = level::national;
    if (i.affected.size() == 1 && named == level::employer) containing = level::employer;
    else if (!systems.empty()) containing = level::system;
    else if (!regions.empty()) containing = level::region;
    return std::max({containing, named, i.origin});
}
} // namespace

const issue_set& issues(graph_key k) {
    auto& slot = the_cache().issues[k];
    if (slot) return *slot;
    slot = std::make_unique<issue_set>();
    const governance_graph& g = graph(k);
    issue_mix_options m;
    m.count = 20000;
    m.seed = 1;
    if (k >= 100000) {  // one routing_index per date: keep big graphs to a week
        m.from = ymd(2026, 3, 2);
        m.to = ymd(2026, 3, 8);
    }
    slot->mix = generate_issues(g, m);
    const router& r = warm_router(k);
    for (const auto& i : slot->mix) {
        if (k >= 100000) {  // routing every region-wide issue here would take minutes
            slot->by_scope[static_cast<std::size_t>(shape_scope(g, i))].push_back(i);
            continue;
        }
        try {
            const auto routed = r(i);
            slot->by_scope[static_cast<std::size_t>(routed.scope)].push_back(i);
        } catch (const spfgov::error&) {
            ++slot->route_errors;
        }
    }
    return *slot;
}

const router& warm_router(graph_key k) {
    auto& c = the_cache();
    auto& slot = c.routers[k];
    if (!slot) {
        slot = std::make_unique<router>(graph(k));
        // Dates of the issue set (generated with the same options as issues()).
        const date from = k >= 100000 ? ymd(2026, 3, 2) : ymd(2026, 1, 1);
        const date to = k >= 100000 ? ymd(2026, 3, 8) : ymd(2026, 12, 31);
        for (date d = from; d <= to; d += boost::gregorian::days(1)) (void)slot->index_for(d);
    }
    return *slot;
}

memory_sample sample_memory(bool trim_first) {
    if (trim_first) (void)malloc_trim(0);
    memory_sample s;
    const auto mi = mallinfo2();
    s.heap_in_use = mi.uordblks + mi.hblkhd;  // small chunks in use + big (mmapped) blocks
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    s.resident = resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    return s;
}

// ------------------------------------------------------------ baselines

namespace {

using graph_type = governance_graph::graph_type;
using vertex = governance_graph::vertex_descriptor;
using edge = governance_graph::edge_descriptor;

/// Edges to follow: escalates_to and committee_of, valid on the date, into a
/// body valid on the date (checked per edge, nothing precomputed).
struct ladder_edge {
    const governance_graph* g = nullptr;
    date on;
    bool operator()(const edge& e) const {
        const graph_type& bg = g->boost_graph();
        const spfgov::link_data& l = bg[e];
        if (l.rel != relation::escalates_to && l.rel != relation::committee_of) return false;
        return l.valid.contains(on) && (*g)[governance_graph::handle(boost::target(e, bg))].valid.contains(on);
    }
};

/// Every edge valid on the date, between bodies valid on the date.
struct any_valid_edge {
    const governance_graph* g = nullptr;
    date on;
    bool operator()(const edge& e) const {
        const graph_type& bg = g->boost_graph();
        const spfgov::link_data& l = bg[e];
        return l.valid.contains(on) && (*g)[governance_graph::handle(boost::source(e, bg))].valid.contains(on) &&
               (*g)[governance_graph::handle(boost::target(e, bg))].valid.contains(on);
    }
};

struct recorder : boost::default_bfs_visitor {
    std::vector<vertex>* reached;
    template <class G> void discover_vertex(vertex v, const G&) const { reached->push_back(v); }
};

const spfgov::body& body_of(const governance_graph& g, vertex v) { return g[governance_graph::handle(v)]; }
bool valid(const governance_graph& g, vertex v, date on) { return body_of(g, v).valid.contains(on); }

// Calls f(source, link) for each link entering `to`.
template <class F> void each_in(const governance_graph& g, vertex to, F&& f) {
    for (auto l : g.in_links(governance_graph::handle(to))) f(governance_graph::vertex(g.source(l)), g[l]);
}

// Employers valid on the date with a part_of edge into `container`.
void members(const governance_graph& g, vertex container, date on, std::vector<vertex>& out) {
    each_in(g, container, [&](vertex s, const spfgov::link_data& l) {
        if (l.rel == relation::part_of && l.valid.contains(on) && valid(g, s, on) &&
            body_of(g, s).kind == body_kind::employer)
            out.push_back(s);
    });
}

} // namespace

std::size_t baseline_query(const governance_graph& gg, const issue& i) {
    const graph_type& g = gg.boost_graph();
    const date on = i.date;
    std::vector<vertex> employers;
    for (const auto& name : i.affected) {
        const auto h = gg.find(name);
        if (!h) continue;
        const vertex v = governance_graph::vertex(*h);
        switch (gg[*h].kind) {
        case body_kind::employer:
            if (valid(gg, v, on)) employers.push_back(v);
            break;
        case body_kind::system:
            members(gg, v, on, employers);
            break;
        case body_kind::region:
            each_in(gg, v, [&](vertex s, const spfgov::link_data& l) {
                if (l.rel == relation::part_of && l.valid.contains(on)) members(gg, s, on, employers);
            });
            break;
        default:
            break;
        }
    }
    std::sort(employers.begin(), employers.end());
    employers.erase(std::unique(employers.begin(), employers.end()), employers.end());
    std::vector<vertex> sources;
    for (const vertex e : employers)
        each_in(gg, e, [&](vertex j, const spfgov::link_data& l) {
            if (l.rel == relation::committee_of && body_of(gg, j).kind == body_kind::jncc && l.valid.contains(on) &&
                valid(gg, j, on))
                sources.push_back(j);
        });
    if (sources.empty())  // no employer in particular: start from the national forum
        for (auto v : boost::make_iterator_range(boost::vertices(g)))
            if (body_of(gg, v).kind == body_kind::national_forum && valid(gg, v, on)) sources.push_back(v);

    boost::filtered_graph<graph_type, ladder_edge> fg(g, ladder_edge{&gg, on});
    std::vector<boost::default_color_type> colour(boost::num_vertices(g), boost::white_color);
    std::vector<vertex> reached;
    boost::queue<vertex> queue;
    boost::breadth_first_search(fg, sources.begin(), sources.end(), queue, recorder{{}, &reached},
                                boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g)));
    // Lists come out sorted by id, as a route's do.
    const auto by_id = [&](vertex a, vertex b) { return body_of(gg, a).id < body_of(gg, b).id; };
    std::sort(reached.begin(), reached.end(), by_id);
    std::sort(sources.begin(), sources.end(), by_id);
    return reached.size() + sources.size();
}

std::size_t baseline_full_traversal(const governance_graph& gg, date on) {
    const graph_type& g = gg.boost_graph();
    boost::filtered_graph<graph_type, any_valid_edge> fg(g, any_valid_edge{&gg, on});
    std::vector<vertex> sources;
    sources.reserve(boost::num_vertices(g));
    for (auto v : boost::make_iterator_range(boost::vertices(g)))
        if (valid(gg, v, on)) sources.push_back(v);
    std::vector<boost::default_color_type> colour(boost::num_vertices(g), boost::white_color);
    std::vector<vertex> reached;
    reached.reserve(sources.size());
    boost::queue<vertex> queue;
    boost::breadth_first_search(fg, sources.begin(), sources.end(), queue, recorder{{}, &reached},
                                boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, g)));
    return reached.size();
}

} // namespace bench
