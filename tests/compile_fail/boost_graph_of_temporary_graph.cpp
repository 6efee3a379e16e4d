// EXPECT: deleted (function|member function).*boost_graph
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// the Boost graph of a temporary governance_graph would dangle (and is not
// copied, as the other accessors' answers are for a temporary).
#include <spfgov/graph.hpp>

void temporary_graph() {
    const spfgov::governance_graph g;
    (void)g.boost_graph();
    (void)spfgov::governance_graph{}.build_diagnostics();  // a copy: fine
#ifdef SPFGOV_COMPILE_FAIL
    (void)spfgov::governance_graph{}.boost_graph();
#endif
}
