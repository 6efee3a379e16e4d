// EXPECT: deleted function.*deadlines_by_date
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// deadlines_by_date points into the route, and a temporary route would dangle.
#include <spfgov/report.hpp>
#include <spfgov/route.hpp>

void list_dates(const spfgov::route& r) {
    const auto by_date = spfgov::deadlines_by_date(r);
    (void)by_date;
#ifdef SPFGOV_COMPILE_FAIL
    const auto dangling = spfgov::deadlines_by_date(spfgov::route{});
    (void)dangling;
#endif
}
