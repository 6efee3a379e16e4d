// EXPECT: deleted (function|constructor).*earlier_window_check
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// the check borrows its router, and a temporary router would dangle.
#include <spfgov/graph.hpp>
#include <spfgov/redundancies.hpp>
#include <spfgov/route.hpp>

void check_with(const spfgov::router& rt) {
    spfgov::earlier_window_check c{rt};
    (void)c;
#ifdef SPFGOV_COMPILE_FAIL
    const spfgov::governance_graph g;
    spfgov::earlier_window_check dangling{spfgov::router{g}};
    (void)dangling;
#endif
}
