// EXPECT: relation table .kinds.hpp. has no such link
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile,
// because the relation table has no part_of from a jncc to a region.
#include <spfgov/typed_builder.hpp>

void build_midlands_fragment() {
    spfgov::typed_builder b;
    auto region = b.add<spfgov::body_kind::region>("Y60", "Midlands");
    auto system = b.add<spfgov::body_kind::system>("QHL", "Birmingham and Solihull ICS");
    auto employer = b.add<spfgov::body_kind::employer>("RRK");
    auto jncc = b.add<spfgov::body_kind::jncc>("RRK-jncc");
    b.link<spfgov::relation::part_of>(system, region);
    b.link<spfgov::relation::part_of>(employer, system);
    b.link<spfgov::relation::committee_of>(jncc, employer);
#ifdef SPFGOV_COMPILE_FAIL
    b.link<spfgov::relation::part_of>(jncc, region);
#endif
}
