// EXPECT: deleted (function|member).*view
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// the view lives in the index, and a temporary index would leave the
// reference dangling.
#include <spfgov/as_of.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/route.hpp>

void view_of(const spfgov::governance_graph& g, spfgov::date d) {
    const spfgov::routing_index index(g, d);
    const spfgov::as_of_view& kept = index.view();
    (void)kept;
#ifdef SPFGOV_COMPILE_FAIL
    const spfgov::as_of_view& dangling = spfgov::routing_index(g, d).view();
    (void)dangling;
#endif
}
