// EXPECT: deleted (function|constructor).*routing_session
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a routing session borrows its router, and a temporary router would dangle.
#include <spfgov/graph.hpp>
#include <spfgov/route.hpp>

void route_with(const spfgov::router& rt) {
    spfgov::routing_session s{rt};
    (void)s;
#ifdef SPFGOV_COMPILE_FAIL
    const spfgov::governance_graph g;
    spfgov::routing_session dangling{spfgov::router{g}};
    (void)dangling;
#endif
}
