// EXPECT: (could not convert|no viable conversion from) .+working_day_tag.+ to .+calendar_day_tag
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a statutory consultation period (TULRCA s.188) is in calendar days.
#include <spfgov/policy.hpp>

void band() {
    const spfgov::statutory_band ok{.min = 20, .days = spfgov::calendar_days{30}};
    (void)ok;
#ifdef SPFGOV_COMPILE_FAIL
    const spfgov::statutory_band wrong{.min = 20, .days = spfgov::working_days{30}};
    (void)wrong;
#endif
}
