// Separate redundancy proposals at one employer count together when their
// first dismissals fall within 90 days (TULRCA 1992 s.188(1)): the windows
// of `spfgov redundancies` (formats.md, docs/redundancies.md).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spfgov {

class router;

/// One issue's proposal at one employer, after succession as of its date.
struct SPFGOV_API redundancy_proposal {
    std::string issue{};
    date proposed{};       ///< the issue's date (or --as-of): chooses the statutory table
    date first_dismissal{};
    std::string employer{}; ///< after succession
    std::int64_t count = 0; ///< after succession: predecessors' counts summed
    friend bool operator==(const redundancy_proposal&, const redundancy_proposal&) = default;
};

/// The proposals of one issue. Issues of another kind give none; a
/// redundancy issue without first_dismissal, or a count naming an employer
/// not affected, gives none for it and a warning in `warnings`. Throws
/// issue_error as routing does (unknown ids, "redundancies_split", ...).
[[nodiscard]] SPFGOV_API std::vector<redundancy_proposal> redundancy_proposals(const router& rt, const issue& i,
                                                                    std::optional<date> as_of,
                                                                    std::vector<std::string>& warnings);

/// One kept window (formats.md `spfgov redundancies`).
struct SPFGOV_API redundancy_window {
    std::string employer{};
    date from{}, to{};                ///< first and last first dismissal in the window
    std::vector<std::string> issues{}; ///< in window order, ties by id
    std::int64_t total = 0;           ///< a sum of the issues' counts: 64 bits, so no batch can wrap it round
    calendar_days days{};             ///< the band of the total (0 below the lowest)
    std::optional<date> deadline{};   ///< from - days; absent below the lowest band
    bool combined = false;            ///< two or more issues whose total reaches a band with more days than any alone
    friend bool operator==(const redundancy_window&, const redundancy_window&) = default;
};

/// For each employer, each proposal starts a window of the proposals whose
/// first dismissal is on or up to 89 days after its own; windows contained
/// in another (or with the same issues) are dropped. Ordered by employer,
/// then window start. Bands from the table of `tables` in force on the
/// earliest `proposed` of the window.
[[nodiscard]] SPFGOV_API std::vector<redundancy_window> redundancy_windows(std::vector<redundancy_proposal> proposals,
                                                                const std::vector<statutory_table>& tables);

/// One window as a JSON line (no newline), formats.md's key order.
[[nodiscard]] SPFGOV_API std::string write_redundancy_window(const redundancy_window& w);

} // namespace spfgov
