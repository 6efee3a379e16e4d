// EXPECT: (cannot convert|no viable conversion from) .+int.+ to .+working_days
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a bare number says neither calendar nor working days (the constructor is explicit).
#include <spfgov/calendar.hpp>

void papers_due() {
    const spfgov::date meeting(2027, 3, 1);
    const auto& cal = spfgov::holiday_calendar::england_and_wales();
    (void)cal.add_working_days(meeting, spfgov::working_days{-5});
#ifdef SPFGOV_COMPILE_FAIL
    (void)cal.add_working_days(meeting, -5);
#endif
}
