// EXPECT: deleted (function|member function).*bodies_of_kind
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// as_of_view::bodies_of_kind returns a view that refers to the as_of_view,
// so it cannot be called on a temporary view.
#include <spfgov/as_of.hpp>

int employers(const spfgov::governance_graph& g) {
    const spfgov::as_of_view view{g, spfgov::date(2026, 11, 22)};
    int n = 0;
    for (auto h : view.bodies_of_kind(spfgov::body_kind::employer)) {
        (void)h;
        ++n;
    }
#ifdef SPFGOV_COMPILE_FAIL
    auto dangling = spfgov::as_of_view{g, spfgov::date(2026, 11, 22)}.bodies_of_kind(spfgov::body_kind::employer);
#endif
    return n;
}
