// EXPECT: deleted (function|constructor).*as_of_view
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// an as_of_view borrows its graph, and a temporary graph would dangle.
#include <spfgov/as_of.hpp>

void view_of(const spfgov::governance_graph& g) {
    spfgov::as_of_view view{g, spfgov::date(2026, 11, 22)};
    (void)view;
#ifdef SPFGOV_COMPILE_FAIL
    spfgov::as_of_view dangling{spfgov::governance_graph{}, spfgov::date(2026, 11, 22)};
    (void)dangling;
#endif
}
