// SPFGOV_API marks the public API of a shared libspfgov. The library is built
// with symbols hidden by default (-fvisibility=hidden), so only what carries
// this mark is exported; tests/package checks that every exported symbol is
// in namespace spfgov. (Not to be confused with spfgov/export.hpp, the DOT
// and GraphML export of a graph.)
#pragma once

// Every public header includes this one: one clear message instead of pages
// of errors from concepts and designated initialisers under an older standard.
// C++17 and older only: g++ 10 reports 201709L under -std=c++20.
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) <= 201703L
#  error "spfgov needs C++20: compile with -std=c++20 (or CMake's cxx_std_20, which spfgov::spfgov carries)"
// A missing header is fatal where #error is not: the compiler stops here,
// so the message above is not followed by pages of others.
#  include "spfgov needs C++20: -std=c++20"
#endif

#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(SPFGOV_SHARED)
#    if defined(SPFGOV_BUILDING)
#      define SPFGOV_API __declspec(dllexport)
#    else
#      define SPFGOV_API __declspec(dllimport)
#    endif
#  else
#    define SPFGOV_API
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define SPFGOV_API __attribute__((visibility("default")))
#else
#  define SPFGOV_API
#endif
