// A routing rule as a unit of the pipeline (docs/architecture.md): its id,
// title and source travel with it, it works on a routing context and the
// route under construction, and it renders its own rationale sentence when
// the route is written (routing builds no text).
//
//   succession and scope (R11, R1) -> membership (R2-R8, then custom rules)
//   -> ladder (R9) -> meetings (R12) -> dates (R10) -> finishing (sorting)
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/policy.hpp"
#include "spfgov/route.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// Where in the pipeline a rule runs; within a stage, rules run in the
/// policy's order.
enum class rule_stage : std::uint8_t { scope, membership, ladder, meetings, dates };

namespace detail {
struct routing_state;
}

/// What a rule sees and changes while one issue is routed. Lookups are on
/// the routing date and return bodies sorted by id; additions go into the
/// route under construction, and the finishing step sorts and deduplicates
/// every list, so rules may add in any order.
class SPFGOV_API routing_context {
public:
    [[nodiscard]] const governance_graph& graph() const noexcept;
    [[nodiscard]] const issue& subject() const noexcept;
    [[nodiscard]] date on() const noexcept;
    [[nodiscard]] const routing_policy& policy() const noexcept;
    [[nodiscard]] const routing_index& index() const noexcept;

    /// Set by R11 (succession) and R1 (scope); valid for later stages.
    [[nodiscard]] std::span<const body_handle> affected() const noexcept;
    [[nodiscard]] std::span<const body_handle> affected_systems() const noexcept;
    [[nodiscard]] std::span<const body_handle> affected_regions() const noexcept;
    [[nodiscard]] level scope() const noexcept;
    /// The smallest level containing every affected employer (before origin).
    [[nodiscard]] level containing_level() const noexcept;
    /// Sets the affected employers (deduplicated and sorted) and derives
    /// their systems and regions.
    void set_affected(std::vector<body_handle> employers);
    void set_scope(level containing, level scope) noexcept;

    /// On the routing date: an employer's JNCCs, systems and regions; a
    /// system's or region's member employers, forums and boards; a system
    /// forum's lead unions; a body's escalates_to targets.
    [[nodiscard]] std::span<const body_handle> jnccs_of(body_handle employer) const;
    [[nodiscard]] std::span<const body_handle> systems_of(body_handle employer) const;
    [[nodiscard]] std::span<const body_handle> regions_of(body_handle employer_or_system) const;
    [[nodiscard]] std::span<const body_handle> members_of(body_handle container) const;
    [[nodiscard]] std::span<const body_handle> forums_of(body_handle container) const;
    [[nodiscard]] std::span<const body_handle> boards_of(body_handle container) const;
    [[nodiscard]] std::span<const body_handle> lead_unions_of(body_handle system_forum) const;
    [[nodiscard]] std::span<const body_handle> escalates_to(body_handle body) const;
    [[nodiscard]] std::span<const body_handle> national_forums() const noexcept;
    [[nodiscard]] std::span<const body_handle> negotiating_bodies() const noexcept;
    /// Whether the body is valid on the routing date.
    [[nodiscard]] bool valid(body_handle b) const;

    /// The route so far (lists unsorted until the finishing step). Its
    /// rationale holds the entries explained so far; entries are added by
    /// explain() only (a rule adding or removing entries itself leaves the
    /// route's rationale unspecified).
    [[nodiscard]] route& result() noexcept;
    [[nodiscard]] const route& result() const noexcept;
    [[nodiscard]] std::vector<body_handle>& members(role r) noexcept;
    [[nodiscard]] bool holds(role r, body_handle b) const noexcept;
    void add(role r, body_handle b);
    void add(role r, std::span<const body_handle> bodies);

    /// A new rationale entry citing the running rule. `form` picks one of
    /// the rule's sentences; the rule renders it from the entry's bodies
    /// and values when the route is written.
    rationale_entry& explain(std::uint8_t form = 0);
    /// A warning for the person reading the route (ordered by rule in the output).
    void warn(std::string text);
    /// Fails routing with an issue_error whose message names the issue, the
    /// field (as a JSON pointer such as /affected/1) and the value.
    [[noreturn]] void fail(std::string code, std::string_view pointer, std::string_view value,
                           std::string_view what) const;

    [[nodiscard]] detail::routing_state& state() noexcept { return *state_; }
    [[nodiscard]] const detail::routing_state& state() const noexcept { return *state_; }
    explicit routing_context(detail::routing_state& s) noexcept : state_(&s) {}

private:
    detail::routing_state* state_;
};

/// A routing rule. Subclass it to add or replace a rule in C++
/// (routing_policy::add / replace); make_custom_rule() makes the
/// declarative ones of policy files.
class SPFGOV_API rule {
public:
    virtual ~rule() = default;
    [[nodiscard]] virtual std::string_view id() const noexcept = 0;
    [[nodiscard]] virtual std::string_view title() const noexcept = 0;
    /// The source it cites unless the policy says otherwise (nullopt: none).
    [[nodiscard]] virtual std::optional<std::string_view> source() const noexcept = 0;
    [[nodiscard]] virtual rule_stage stage() const noexcept { return rule_stage::membership; }
    /// R1, R9 and R11 cannot be switched off.
    [[nodiscard]] virtual bool required() const noexcept { return false; }

    virtual void apply(routing_context& ctx) const = 0;
    /// The sentence of one of this rule's rationale entries.
    [[nodiscard]] virtual std::string text(const rationale_entry& entry, const route& r,
                                           const governance_graph& g) const = 0;
    /// Why this rule did not put `b` in the route (for `route --explain`),
    /// or nullopt when the rule never concerns a body like `b`.
    [[nodiscard]] virtual std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const;
    /// Checks the rule against a graph before first use (e.g. a custom rule
    /// naming a body that may not negotiate); throws policy_error.
    virtual void check(const governance_graph& g) const;
    /// The spec of a declarative rule, or nullptr.
    [[nodiscard]] virtual const custom_rule_spec* spec() const noexcept { return nullptr; }
    /// The sentence of text(), appended to `out` (the route writer renders
    /// one per entry of every route, so the built-in rules write in place
    /// rather than make strings). The default appends text().
    virtual void append_text(std::string& out, const rationale_entry& entry, const route& r,
                             const governance_graph& g) const;
};

/// "a, b, c" (ids), or "none".
[[nodiscard]] SPFGOV_API std::string id_list(const governance_graph& g, std::span<const body_handle> bodies);
/// id_list appended to `out`.
SPFGOV_API void append_id_list(std::string& out, const governance_graph& g, std::span<const body_handle> bodies);

} // namespace spfgov
