// EXPECT: spfgov needs C\+\+20
// Compiles as written (C++20); the compile-fail target is built with
// -std=c++17 (tests/CMakeLists.txt): a public header must then say, first,
// that spfgov needs C++20, not fail pages later in concepts.
#include <spfgov/route.hpp>

#ifdef SPFGOV_COMPILE_FAIL
static_assert(__cplusplus < 202002L, "the compile-fail target must be built as C++17");
#endif
