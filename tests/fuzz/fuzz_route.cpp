// libFuzzer, structure-aware: the fuzzer's bytes describe a small graph
// (bodies of any kind, links of any relation, validity periods) and an issue
// on it. The graph is built with graph_builder and validated; a graph without
// errors is routed through the public API (route_issue), and the route must
// keep its invariants:
//  - the JNCCs (valid on the as-of date) of every affected employer are consulted;
//  - negotiate holds only jncc and negotiating_body bodies;
//  - the escalation ladder's levels are disjoint;
//  - every list (and each ladder level) is sorted by id;
//  - the same input gives the same bytes (write_route).
// spfgov::error is the expected outcome of an issue that cannot be routed.
#include <spfgov/graph.hpp>
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/validate.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_route: %s\n", what);
    std::abort();
}

/// The fuzzer's bytes, read one small number at a time (0 once used up).
struct bytes {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    unsigned next() { return at < size ? data[at++] : 0U; }
    unsigned below(unsigned n) { return n == 0 ? 0 : next() % n; }
};

const spfgov::date base{2026, 1, 1};

spfgov::date day(bytes& in) { return base + boost::gregorian::days(static_cast<long>(in.next()) * 8 - 1024); }

spfgov::validity period(bytes& in) {
    spfgov::validity v;
    const unsigned shape = in.below(4);  // open, from, to, both
    if (shape & 1U) v.from = day(in);
    if (shape & 2U) v.to = day(in);
    return v;
}

template <class Enum> Enum pick(bytes& in) { return static_cast<Enum>(in.below(spfgov::enum_count<Enum>)); }

void sorted_by_id(const spfgov::governance_graph& g, const std::vector<spfgov::body_handle>& hs, const char* what) {
    for (std::size_t k = 1; k < hs.size(); ++k)
        if (!(g.id(hs[k - 1]) < g.id(hs[k]))) fail(what);
}

void check(const spfgov::governance_graph& g, const spfgov::route& r) {
    using spfgov::body_kind;
    const std::set<spfgov::body_handle> consulted(r.consult.begin(), r.consult.end());
    for (auto e : r.affected)
        for (auto l : g.in_links(e)) {
            const auto& data = g[l];
            const auto j = g.source(l);
            if (data.rel == spfgov::relation::committee_of && g[j].kind == body_kind::jncc &&
                data.valid.contains(r.as_of) && g[j].valid.contains(r.as_of) && !consulted.count(j))
                fail("a JNCC of an affected employer is not consulted");
        }
    for (auto h : r.negotiate)
        if (g[h].kind != body_kind::jncc && g[h].kind != body_kind::negotiating_body)
            fail("negotiate holds a body that is neither a jncc nor a negotiating_body");
    std::set<spfgov::body_handle> on_ladder;
    for (const auto& level : r.escalation) {
        for (auto h : level)
            if (!on_ladder.insert(h).second) fail("a body is on two levels of the escalation ladder");
        sorted_by_id(g, level, "a ladder level is not sorted by id");
    }
    sorted_by_id(g, r.affected, "affected is not sorted by id");
    sorted_by_id(g, r.lead, "lead is not sorted by id");
    sorted_by_id(g, r.negotiate, "negotiate is not sorted by id");
    sorted_by_id(g, r.consult, "consult is not sorted by id");
    sorted_by_id(g, r.engage, "engage is not sorted by id");
    sorted_by_id(g, r.inform, "inform is not sorted by id");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

/// Inputs routed so far (valid graph, a route or an expected error): the
/// corpus replay checks its seeds reach the router, not only the validator.
extern "C" {
unsigned long spfgov_fuzz_routed = 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    bytes in{data, size};
    spfgov::graph_builder b;
    // Up to 64 bodies and 128 links: room for a split-then-merge chain of 21
    // diamonds (hostile reproducer r01; corpus/route/diamond-k21).
    const unsigned n = 1 + in.below(64);
    std::vector<std::string> ids;
    for (unsigned k = 0; k < n; ++k) {
        spfgov::body body;
        body.id = "b" + std::to_string(k);
        body.kind = pick<spfgov::body_kind>(in);
        if (in.below(4) == 0) body.valid = period(in);
        ids.push_back(body.id);
        (void)b.add_body(std::move(body));
    }
    const unsigned links = in.below(128);
    for (unsigned k = 0; k < links; ++k) {
        spfgov::link_data l;
        const auto& from = ids[in.below(n)];
        const auto& to = ids[in.below(n)];
        l.rel = pick<spfgov::relation>(in);
        l.origin = in.below(2) ? spfgov::link_origin::explicit_link : spfgov::link_origin::structural_field;
        if (l.rel == spfgov::relation::seat_on && in.below(2)) l.role = pick<spfgov::seat_role>(in);
        if (in.below(4) == 0) l.valid = period(in);
        b.add_link(from, to, std::move(l));
    }
    const spfgov::governance_graph g = std::move(b).build();
    if (spfgov::has_errors(spfgov::validate(g))) return 0;

    spfgov::issue i;
    i.id = "fuzz";
    i.kind = pick<spfgov::issue_kind>(in);
    i.origin = pick<spfgov::level>(in);
    const unsigned affected = in.below(4);
    for (unsigned k = 0; k < affected; ++k) i.affected.push_back(ids[in.below(n)]);
    i.date = day(in);
    i.system_process_agreed = in.below(2) == 1;
    if (in.below(3) == 0 && !i.affected.empty()) {
        i.redundancies.emplace_back(i.affected.front(), static_cast<int>(in.next()) * 3);
        i.first_dismissal = i.date + boost::gregorian::days(static_cast<long>(in.next()));
    }
    ++spfgov_fuzz_routed;
    try {
        const spfgov::route r = spfgov::route_issue(g, i);
        check(g, r);
        if (spfgov::write_route(r, g) != spfgov::write_route(spfgov::route_issue(g, i), g))
            fail("the same input gave different bytes");
    } catch (const spfgov::error&) {
        // an issue this graph cannot route: an expected outcome
    }
    return 0;
}
