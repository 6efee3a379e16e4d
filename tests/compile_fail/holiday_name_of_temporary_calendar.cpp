// EXPECT: deleted (function|member).*holiday_name
// Compiles as written; with SPFGOV_COMPILE_FAIL defined it must not compile:
// the name is held by the calendar, and a temporary calendar would leave
// the string_view dangling.
#include <spfgov/calendar.hpp>

#include <string_view>

void name_of(const spfgov::holiday_calendar& calendar, spfgov::date d) {
    const std::string_view kept = calendar.holiday_name(d);
    (void)kept;
#ifdef SPFGOV_COMPILE_FAIL
    const std::string_view dangling = spfgov::holiday_calendar(calendar).holiday_name(d);
    (void)dangling;
#endif
}
