// EXPECT: only a seat_on link carries a seat role
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a role belongs to a seat (formats.md), and the graph reader refuses a
// role on any other link (field_not_allowed), so a graph built in code
// must not be able to carry one.
#include <spfgov/typed_builder.hpp>

void build_seats() {
    spfgov::typed_builder b;
    auto region = b.add<spfgov::body_kind::region>("Y60", "Midlands");
    auto system = b.add<spfgov::body_kind::system>("QHL", "Birmingham and Solihull ICS");
    auto forum = b.add<spfgov::body_kind::system_forum>("QHL-forum");
    auto rep = b.add<spfgov::body_kind::representative>("rep");
    b.link<spfgov::relation::part_of>(system, region);
    b.link<spfgov::relation::seat_on>(rep, forum, {}, spfgov::seat_role::co_chair);
#ifdef SPFGOV_COMPILE_FAIL
    b.link<spfgov::relation::part_of>(system, region, {}, spfgov::seat_role::co_chair);
#endif
}
