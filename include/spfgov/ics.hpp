// An RFC 5545 iCalendar writer for all-day events (meetings, papers deadlines).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

struct SPFGOV_API ics_event {
    std::string uid; ///< empty: make_uid(YYYY-MM-DD + '\n' + summary)
    date day;
    std::string summary;
    std::string description; ///< omitted when empty
    std::vector<std::string> categories; ///< omitted when empty
};

/// A VCALENDAR (VERSION:2.0, PRODID:-//spfgov//spfgov//EN, CALSCALE:GREGORIAN,
/// X-WR-CALNAME) with one all-day VEVENT per event, in the order given:
/// DTSTART;VALUE=DATE and DTEND;VALUE=DATE (the next day), DTSTAMP `dtstamp` at
/// T000000Z so the output depends only on the arguments. CRLF line endings,
/// TEXT escaping, lines folded at 75 octets without splitting a UTF-8
/// character; invalid UTF-8 becomes U+FFFD and control characters other than
/// tab and newline are dropped. Throws `date_error` ("ics.bad_date") for a
/// date that is not a real date.
[[nodiscard]] SPFGOV_API std::string to_ics(std::span<const ics_event> events,
                                 std::string_view calendar_name, date dtstamp);

/// A UID stable across exports: FNV-1a 64-bit hash of `seed` as 16 hex
/// digits, then "@spfgov". Use a seed naming the event (body id and date...).
[[nodiscard]] SPFGOV_API std::string make_uid(std::string_view seed);

namespace detail {
/// RFC 5545 TEXT escaping (\\ \; \, \n), with the clean-up described above.
[[nodiscard]] SPFGOV_API std::string ics_escape_text(std::string_view text);
/// One content line folded to at most 75 octets a line, each line ending CRLF.
[[nodiscard]] SPFGOV_API std::string ics_fold_line(std::string_view line);
} // namespace detail

} // namespace spfgov
