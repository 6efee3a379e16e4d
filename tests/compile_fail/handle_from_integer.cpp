// EXPECT: conversion from .int. to non-scalar type|no viable conversion|no matching
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a body handle is not an integer, and an untyped handle cannot be linked.
#include <spfgov/typed_builder.hpp>

void handles() {
    spfgov::typed_builder b;
    auto region = b.add<spfgov::body_kind::region>("Y60");
    auto system = b.add<spfgov::body_kind::system>("QHL");
    spfgov::body_handle h = system;  // typed -> untyped widening is fine
    (void)h;
    b.link<spfgov::relation::part_of>(system, region);
#ifdef SPFGOV_COMPILE_FAIL
    spfgov::body_handle from_int = 3;
    b.link<spfgov::relation::part_of>(h, region);
#endif
}
