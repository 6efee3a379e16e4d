// What a page of a batch says beyond its routes or agenda items: the policy
// they were made under and the warnings about the batch as a whole.
#pragma once
#include "spfgov/fwd.hpp"

#include <string>
#include <vector>

namespace spfgov {

/// What a page of a batch's routes (routes_html, html.hpp) or of its forward
/// plan (agenda_text, agenda_html, write_agenda: agenda.hpp) says beyond
/// them. The policy is borrowed (it must outlive the call); the warnings
/// are the notes' own, so notes built from a function's result are safe.
struct page_notes {
    /// The policy the routes were made under, for a batch routed under a
    /// policy other than the built-in one; null: the built-in rules, unsaid.
    /// A routes page names it on each route (as route_html with a policy;
    /// each route's own warnings say when R10 finds no statutory table for
    /// its date); an agenda names it once at its top (policy_summary, report.hpp) with
    /// statutory_table_gap's sentence (policy.hpp) when its tables leave
    /// dates without a statutory deadline, since the agenda's items then
    /// show none and would not say why.
    const routing_policy* policy = nullptr;
    /// Warnings about the batch as a whole, listed before the routes or
    /// bodies: proposals whose dates counted together are earlier than each
    /// route gives (earlier_window_check, redundancies.hpp).
    std::vector<std::string> batch_warnings{};
};

} // namespace spfgov
