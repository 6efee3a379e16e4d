// EXPECT: (cannot convert|no viable conversion from) .+calendar_day_tag.+ to .+working_day_tag
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// a count of calendar days is not a count of working days.
#include <spfgov/calendar.hpp>

void papers_due() {
    const spfgov::date meeting(2027, 3, 1);
    const auto& cal = spfgov::holiday_calendar::england_and_wales();
    (void)cal.add_working_days(meeting, spfgov::working_days{-5});
#ifdef SPFGOV_COMPILE_FAIL
    (void)cal.add_working_days(meeting, spfgov::calendar_days{-5});
#endif
}
