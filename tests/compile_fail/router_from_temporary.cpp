// EXPECT: deleted (function|constructor).*router
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a router borrows its graph, and a temporary graph would dangle.
#include <spfgov/graph.hpp>
#include <spfgov/route.hpp>

void route_with(const spfgov::governance_graph& g) {
    spfgov::router r{g};
    (void)r;
#ifdef SPFGOV_COMPILE_FAIL
    spfgov::router dangling{spfgov::governance_graph{}};
    (void)dangling;
#endif
}
