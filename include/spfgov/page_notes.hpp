// What a page of a batch says beyond its routes or agenda items: the policy
// they were made under and the warnings about the batch as a whole.
#pragma once
#include "spfgov/fwd.hpp"

#include <span>
#include <string>

namespace spfgov {

/// What a page of a batch's routes (routes_html, html.hpp) or of its forward
/// plan (agenda_text, agenda_html, write_agenda: agenda.hpp) says beyond
/// them. Borrowed: the policy and the warnings must outlive the call.
struct page_notes {
    /// The policy the routes were made under, for a batch routed under a
    /// policy other than the built-in one; null: the built-in rules, unsaid.
    /// A routes page names it on each route (as route_html with a policy);
    /// an agenda names it once at its top (policy_summary, report.hpp) with
    /// statutory_table_gap's sentence (policy.hpp) when its tables leave
    /// dates without a statutory deadline, since the agenda's items then
    /// show none and would not say why.
    const routing_policy* policy = nullptr;
    /// Warnings about the batch as a whole, listed before the routes or
    /// bodies: proposals whose dates counted together are earlier than each
    /// route gives (earlier_window_check, redundancies.hpp).
    std::span<const std::string> batch_warnings{};
};

} // namespace spfgov
