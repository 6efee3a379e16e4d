// A proposed workforce change or policy matter (domain.md §2).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"
#include "spfgov/kinds.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spfgov {

struct SPFGOV_API issue {
    // {} on every member: g++ -Wextra warns of a member a designated
    // initializer leaves out unless it has a default member initializer.
    std::string id{};
    std::string title{};
    issue_kind kind = issue_kind::restructure;
    level origin = level::employer;
    /// Employer ids; a system or region id stands for every employer valid in
    /// it on the date. May be empty only for national origin.
    std::vector<std::string> affected{};
    /// The staff groups affected (domain.md §2, §5.6): lowercase ids; empty
    /// means every staff group (an issue file's `"staff_groups": []` is an error).
    std::vector<std::string> staff_groups{};
    spfgov::date date{};  ///< when raised: the as-of date
    bool system_process_agreed = false;
    /// Proposed redundancies per employer id (R10), in input order.
    std::vector<std::pair<std::string, int>> redundancies{};
    std::optional<spfgov::date> first_dismissal{};

    /// Every field equal (what a round trip through write_issue and
    /// read_issue keeps, and what two readers of one text must agree on).
    friend bool operator==(const issue&, const issue&) = default;
};

/// The keys of an issue object, in formats.md's order. Issue readers ignore other keys (the contract); scenario
/// files, written by hand, refuse them.
inline constexpr std::array<std::string_view, 10> issue_keys{
    "id", "title", "kind", "origin", "affected", "staff_groups", "date", "system_process_agreed", "redundancies",
    "first_dismissal"};

} // namespace spfgov
