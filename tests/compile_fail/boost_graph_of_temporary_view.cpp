// EXPECT: deleted (function|member).*boost_graph
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// the filtered graph belongs to the view, and a temporary view would leave
// the reference dangling.
#include <spfgov/as_of.hpp>
#include <spfgov/graph.hpp>

void filtered_of(const spfgov::governance_graph& g, spfgov::date d) {
    const spfgov::as_of_view v(g, d);
    const auto& kept = v.boost_graph();
    (void)kept;
#ifdef SPFGOV_COMPILE_FAIL
    const auto& dangling = spfgov::as_of_view(g, d).boost_graph();
    (void)dangling;
#endif
}
