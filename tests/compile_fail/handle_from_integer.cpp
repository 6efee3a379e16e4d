// EXPECT: conversion from .+int.+ to non-scalar type|no viable conversion
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a body handle is not an integer (its constructor is explicit).
#include <spfgov/typed_builder.hpp>

void handles() {
    spfgov::typed_builder b;
    auto system = b.add<spfgov::body_kind::system>("QHL");
    spfgov::body_handle h = system;  // typed -> untyped widening is fine
    spfgov::body_handle explicit_h{3};  // explicit construction is fine
    (void)h;
    (void)explicit_h;
#ifdef SPFGOV_COMPILE_FAIL
    spfgov::body_handle from_int = 3;
    (void)from_int;
#endif
}
