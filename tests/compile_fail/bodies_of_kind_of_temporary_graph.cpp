// EXPECT: deleted (function|member function).*bodies_of_kind
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// governance_graph::bodies_of_kind returns a view that refers to the graph,
// so it cannot be called on a temporary graph.
#include <spfgov/graph.hpp>

int employers(const spfgov::governance_graph& g) {
    int n = 0;
    for (auto h : g.bodies_of_kind(spfgov::body_kind::employer)) {
        (void)h;
        ++n;
    }
#ifdef SPFGOV_COMPILE_FAIL
    auto dangling = spfgov::governance_graph{}.bodies_of_kind(spfgov::body_kind::employer);
#endif
    return n;
}
