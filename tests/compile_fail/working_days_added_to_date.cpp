// EXPECT: no match for .+operator-|invalid operands to binary expression
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// working days do not add to a date (which days are working needs a calendar).
#include <spfgov/calendar.hpp>

void papers_due() {
    const spfgov::date meeting(2027, 3, 1);
    const auto& cal = spfgov::holiday_calendar::england_and_wales();
    (void)cal.add_working_days(meeting, -spfgov::working_days{5});  // with the calendar: fine
    (void)(meeting - spfgov::calendar_days{30});                     // calendar days: fine
#ifdef SPFGOV_COMPILE_FAIL
    (void)(meeting - spfgov::working_days{5});
#endif
}
