// EXPECT: deleted (function|constructor).*redundancy_batch
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a redundancy batch borrows its router, and a temporary router would dangle.
#include <spfgov/graph.hpp>
#include <spfgov/redundancies.hpp>
#include <spfgov/route.hpp>

void count_with(const spfgov::router& rt) {
    spfgov::redundancy_batch b{rt};
    (void)b;
#ifdef SPFGOV_COMPILE_FAIL
    const spfgov::governance_graph g;
    spfgov::redundancy_batch dangling{spfgov::router{g}};
    (void)dangling;
#endif
}
