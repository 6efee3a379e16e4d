// libFuzzer: meeting rules. The first three bytes choose the start date (days
// after 2020-01-01), the papers deadline and the day asked about; the rest is
// the RRULE text. Checks the canonical text round trip, that occurrences
// ascend from the start, and that next_meeting's answer is consistent.
// spfgov::error is the expected outcome of bad input; anything else is a crash.
#include <spfgov/calendar.hpp>
#include <spfgov/error.hpp>
#include <spfgov/rrule.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_rrule: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    using spfgov::date;
    const date start = date(2020, 1, 1) + boost::gregorian::days(data[0] * 64 + data[1] % 64);
    const int papers_days = data[1] / 64 * 7 + data[2] % 8;  // 0..28
    const date asked = start + boost::gregorian::days(data[2] * 3 - 100);
    const std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);
    try {
        const spfgov::meeting_rule rule = spfgov::parse_rrule(text);
        const std::string canonical = spfgov::to_string(rule);
        if (!(spfgov::parse_rrule(canonical) == rule)) fail("parse_rrule(to_string(r)) != r");

        const auto dates = spfgov::occurrences(rule, start, 24);
        for (std::size_t i = 0; i < dates.size(); ++i) {
            if (dates[i] < start) fail("an occurrence before the start");
            if (i > 0 && !(dates[i - 1] < dates[i])) fail("occurrences not strictly ascending");
        }
        const auto next = spfgov::next_meeting({rule, start, spfgov::working_days{papers_days}}, asked);
        if (next) {
            if (next->papers_due < asked) fail("next_meeting: papers due before the day asked about");
            if (next->meeting < next->scheduled) fail("next_meeting: moved to an earlier day");
            if (next->moved != (next->meeting != next->scheduled)) fail("next_meeting: moved flag wrong");
            if (!spfgov::holiday_calendar::england_and_wales().is_working_day(next->meeting))
                fail("next_meeting: not a working day");
        }
    } catch (const spfgov::error&) {
    }
    return 0;
}
