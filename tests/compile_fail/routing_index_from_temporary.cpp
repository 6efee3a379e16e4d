// EXPECT: deleted (function|constructor).*routing_index
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a routing_index borrows its graph, and a temporary graph would dangle.
#include <spfgov/graph.hpp>
#include <spfgov/route.hpp>

void index_of(const spfgov::governance_graph& g) {
    spfgov::routing_index index{g, spfgov::date(2026, 11, 22)};
    (void)index;
#ifdef SPFGOV_COMPILE_FAIL
    spfgov::routing_index dangling{spfgov::governance_graph{}, spfgov::date(2026, 11, 22)};
    (void)dangling;
#endif
}
