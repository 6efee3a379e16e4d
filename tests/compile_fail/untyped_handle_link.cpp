// EXPECT: no matching|no viable|could not deduce|deduction
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// the typed builder links typed handles only; an untyped body_handle has no
// kind for the relation table to check.
#include <spfgov/typed_builder.hpp>

void handles() {
    spfgov::typed_builder b;
    auto region = b.add<spfgov::body_kind::region>("Y60");
    auto system = b.add<spfgov::body_kind::system>("QHL");
    spfgov::body_handle h = system;
    (void)h;
    b.link<spfgov::relation::part_of>(system, region);
#ifdef SPFGOV_COMPILE_FAIL
    b.link<spfgov::relation::part_of>(h, region);
#endif
}
