// Every check of domain.md §4, reported together (not just the first).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/diagnostic.hpp"
#include "spfgov/graph.hpp"

#include <vector>

namespace spfgov {

/// The graph's build diagnostics followed by the graph-level checks:
/// errors `escalation_cycle`, `succeeds_loop`, `system_outside_region`,
/// `bad_meeting_rule`, `reversed_covers`, `empty_remit_sectors`,
/// `empty_staff_groups`, `bad_staff_group`; warnings `employer_without_jncc`,
/// `system_without_forum`, `employer_without_system`,
/// `deputy_not_on_same_body`, `validity_outside_container`.
/// (Build-time codes: `duplicate_id`, `empty_id`, `dangling_reference`,
/// `forbidden_link`, `succeeds_kind_mismatch`, `reversed_validity`,
/// `field_not_allowed` (body_field_rules()); reader
/// codes are listed in docs/formats.md.)
[[nodiscard]] SPFGOV_API std::vector<diagnostic> validate(const governance_graph& g);

/// The bodies of one cycle of `rel` links (in link order), or empty if the
/// links of that relation form no cycle. Dates are ignored: a cycle on any
/// date is a cycle.
[[nodiscard]] SPFGOV_API std::vector<body_handle> find_cycle(const governance_graph& g, relation rel);

} // namespace spfgov
