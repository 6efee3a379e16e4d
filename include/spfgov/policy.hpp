// The routing rules as data: a user copies default_policy(), changes what
// their organisation does differently, and passes it to route_issue/router.
#pragma once

#include "spfgov/kinds.hpp"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace spfgov {

struct route;
struct issue;
class routing_index;

/// Titles of the source documents (shared/seeds/README.md), as cited.
namespace sources {
inline constexpr std::string_view workforce_change =
    "Principles for partnership in workforce change for ICSs (SPF, 2022)";
inline constexpr std::string_view supporting_system_change =
    "Supporting system change (SPF ICS Transition Partnership Group, 2021)";
inline constexpr std::string_view midlands_principles =
    "Principles for supportive and aligned regional and system partnership working (Midlands SPF, 2024)";
inline constexpr std::string_view new_care_models =
    "Guidance for social partnership working in new care models and system transformation (SPF, 2016)";
inline constexpr std::string_view how_we_do_partnership = "How we do partnership (SPF)";
inline constexpr std::string_view tulrca =
    "Trade Union and Labour Relations (Consolidation) Act 1992, s.188 and s.193";
} // namespace sources

/// A rule added by a user: called after the built-in rules with the index,
/// the issue and the route so far; it may add bodies, warnings and a
/// rationale entry. It must not keep references beyond the call.
using custom_rule = std::function<void(const routing_index&, const issue&, route&)>;

struct routing_policy {
    // R1: policy and pay_and_terms issues of national origin are national
    // (already implied by origin; kept as a switch for local policies).
    bool national_kinds_national = true;
    // R3: issue kinds a negotiating_body negotiates, and from which scope.
    issue_kind_set negotiating_body_kinds{issue_kind::pay_and_terms};
    level negotiating_body_scope = level::national;
    // R4: engage the system forums of affected systems.
    bool engage_system_forums = true;
    // R6: inform regional forums of system-scope issues; engage them at
    // region scope or wider; inform regional people boards from region scope.
    bool inform_regional_forum_of_system_scope = true;
    bool engage_regional_forum = true;
    bool inform_regional_people_board = true;
    // R7: engage the national forum at national scope; engage sub-groups.
    bool engage_national_forum = true;
    bool engage_subgroups = true;
    // R8: inform people boards from system scope.
    bool inform_people_boards = true;
    // R10: statutory collective-consultation thresholds (TULRCA s.188).
    int collective_threshold = 20;
    int collective_days = 30;
    int large_threshold = 100;
    int large_days = 45;
    // R12: compute meetings for lead and engaged bodies.
    bool meetings = true;
    /// Source cited by each rule R1..R12 (index 0 = R1); empty = null.
    std::array<std::string, 12> rule_sources{};
    /// Rules run after the built-in ones, in order.
    std::vector<custom_rule> extra_rules;
};

/// The product's rules, as domain.md §3 and §5 give them.
[[nodiscard]] const routing_policy& default_policy();

} // namespace spfgov
