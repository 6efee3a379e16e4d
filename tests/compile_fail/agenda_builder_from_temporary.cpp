// EXPECT: deleted (function|constructor).*agenda_builder
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// an agenda builder borrows its graph, and a temporary graph would dangle.
#include <spfgov/agenda.hpp>
#include <spfgov/graph.hpp>

void collect_with(const spfgov::governance_graph& g) {
    spfgov::agenda_builder builder{g};
    (void)builder;
#ifdef SPFGOV_COMPILE_FAIL
    spfgov::agenda_builder dangling{spfgov::governance_graph{}};
    (void)dangling;
#endif
}
