// The routing rules as data (domain.md §3; formats.md "Policy file"): an
// ordered list of rule units, each with whether it runs and the source it
// cites, and the dated parameters the rules read. `routing_policy{}` is the
// product's default policy. A C++ user replaces, switches off, re-cites or
// adds a rule without editing the library; a policy file does the same
// (policy_file.hpp).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"
#include "spfgov/error.hpp"
#include "spfgov/fwd.hpp"
#include "spfgov/kinds.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

class rule;

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

/// The roles a body can hold in a route (formats.md "Route").
enum class role : std::uint8_t { lead, negotiate, consult, engage, inform };
template <> struct enum_spelling<role> {
    static constexpr std::string_view type = "role";
    static constexpr std::array<std::string_view, 5> names{"lead", "negotiate", "consult", "engage", "inform"};
};

/// One band of a statutory table: `min` or more proposed redundancies at one
/// employer need `days` calendar days of consultation before the first dismissal.
struct SPFGOV_API statutory_band {
    int min = 0;
    calendar_days days{};
    friend bool operator==(const statutory_band&, const statutory_band&) = default;
};

/// The bands in force for proposals made on or after `from` (until the next
/// table's `from`), and the law that set them (R10, domain.md §5.11).
struct SPFGOV_API statutory_table {
    date from{};
    std::string authority{};
    std::vector<statutory_band> bands{}; ///< increasing `min`
    friend bool operator==(const statutory_table&, const statutory_table&) = default;
};

/// The parameters the built-in rules read.
struct SPFGOV_API policy_parameters {
    /// R10: tables in increasing `from`; the one in force on a date is the
    /// last whose `from` is on or before it.
    std::vector<statutory_table> statutory_bands{};
    /// R12: working days before a meeting by which papers are due, for a
    /// body whose meeting rule does not say.
    working_days papers_days{5};
    friend bool operator==(const policy_parameters&, const policy_parameters&) = default;
};

/// The largest values check_parameters and the policy file allow: a band's
/// `min` and `days`, and `papers_days`.
inline constexpr int max_band_min = 1'000'000;
inline constexpr int max_band_days = 3'650;
inline constexpr int max_policy_papers_days = 365;

/// Checks what a policy file's reader checks of its parameters, for
/// parameters set in code: tables in strictly increasing `from` (each a
/// real date), each table's bands in strictly increasing `min` from 1 to
/// 1,000,000, each band's days from 1 to 3,650, `papers_days` from 0 to
/// 365. Throws policy_error (`policy.tables_out_of_order`,
/// `policy.bands_out_of_order`, `policy.bad_value`) whose pointer names the
/// value ("/parameters/statutory_bands/1/from"). A router, route_issue and
/// explain_body check their policy with it before routing: tables out of
/// order would choose the wrong table, a negative period would put the
/// start of consultation after the first dismissal.
SPFGOV_API void check_parameters(const policy_parameters& parameters);

/// The statute's tables since 1978 (domain.md R10).
[[nodiscard]] SPFGOV_API std::vector<statutory_table> default_statutory_bands();

/// The table in force on `on`, or nullptr before the first.
[[nodiscard]] SPFGOV_API const statutory_table* table_in_force(std::span<const statutory_table> tables, date on) noexcept;
/// The band `count` falls in, or nullptr below the lowest.
[[nodiscard]] SPFGOV_API const statutory_band* band_for(const statutory_table& table, std::int64_t count) noexcept;

/// A rule as one policy runs it. Immutable once in a policy, and shared with
/// the routes it explains (a rationale entry points at it), so a route can
/// be written after its policy is gone.
struct SPFGOV_API rule_citation {
    std::shared_ptr<const rule> unit{};
    bool enabled = true;
    std::optional<std::string> source{}; ///< null for structural rules
    [[nodiscard]] std::string_view id() const noexcept;
};

/// What a custom rule adds, attached to which part of the issue.
enum class rule_selector : std::uint8_t { affected_employers, affected_systems, affected_regions, national };
template <> struct enum_spelling<rule_selector> {
    static constexpr std::string_view type = "selector";
    static constexpr std::array<std::string_view, 4> names{"affected_employers", "affected_systems",
                                                           "affected_regions", "national"};
};

/// What a declarative rule (formats.md `custom_rules`) says: when every
/// condition given holds, add bodies in one role. Compared member by member
/// (a member added here is compared without more ado).
struct SPFGOV_API custom_rule_terms {
    std::string id{};
    std::optional<std::string> source{};
    std::string text{};
    struct conditions {
        std::optional<level> scope_at_least{};
        std::optional<issue_kind_set> kinds{};
        std::optional<std::vector<level>> origins{};
        std::optional<std::vector<sector>> sectors{};
        /// Systems by id: the rule applies within them (a local agreement):
        /// some affected employer is in one, and with `of`, it adds only
        /// the bodies of those systems (their forums and boards, the JNCCs
        /// of the affected employers in them, their regions' bodies).
        std::optional<std::vector<std::string>> systems{};
        /// Regions by id, as `systems`: some affected employer is in one,
        /// and with `of`, only the bodies within them are added.
        std::optional<std::vector<std::string>> regions{};
        friend bool operator==(const conditions&, const conditions&) = default;
    } when{};
    role add_role = role::inform;
    std::optional<body_kind> kind{};    ///< with `of`
    std::optional<rule_selector> of{};  ///< with `kind`
    std::vector<std::string> ids{};     ///< instead of kind/of
    friend bool operator==(const custom_rule_terms&, const custom_rule_terms&) = default;
};

/// A declarative rule: its terms, and where its ids were written. Runs with
/// the membership rules.
struct SPFGOV_API custom_rule_spec : custom_rule_terms {
    /// Where each of `ids` was written (read_policy fills it), so that an id
    /// the graph lacks is reported with its file, line and column; empty
    /// for a spec made in code. Not part of ==: the same rule read from two
    /// files is the same rule.
    std::vector<error_location> id_locations;
    /// Where each of when.systems, then each of when.regions, was written
    /// (as id_locations; not part of ==).
    std::vector<error_location> area_locations;
    friend bool operator==(const custom_rule_spec& a, const custom_rule_spec& b) {
        return static_cast<const custom_rule_terms&>(a) == static_cast<const custom_rule_terms&>(b);
    }
};

/// Makes the rule a spec describes. Throws policy_error
/// "policy.negotiate_not_allowed" when it would add negotiating bodies of
/// a kind other than jncc or negotiating_body (R3 is not negotiable), and
/// "policy.bad_custom_rule" when neither kind/of nor ids is given.
[[nodiscard]] SPFGOV_API std::shared_ptr<const rule> make_custom_rule(custom_rule_spec spec);

class SPFGOV_API routing_policy {
public:
    /// The default policy: rules R1-R12 citing their sources, the statutory
    /// tables since 1978, papers due 5 working days before a meeting.
    routing_policy();

    std::string name = "NHS England (contract 2)";
    policy_parameters parameters;

    /// Every rule, enabled or not, in run order within each stage: the
    /// built-in ones, then custom rules in the order added.
    [[nodiscard]] std::span<const std::shared_ptr<const rule_citation>> rules() const noexcept { return rules_; }

    /// One enabled rule as a route runs it: its place in rules(), and its
    /// place in rationale and warnings order (domain.md §5.13: built-in
    /// rules by number, then the others in the policy's order).
    struct run_step {
        std::uint32_t position;
        std::uint32_t order;
        friend bool operator==(const run_step&, const run_step&) = default;
    };
    /// The enabled rules in the order a route runs them, stage by stage.
    /// Kept up to date by every change to the policy, so that a route need
    /// not ask each rule its stage and id (which, asked per route, were 8%
    /// of a one-employer route in perf).
    [[nodiscard]] std::span<const run_step> run_order() const noexcept { return run_order_; }
    /// Whether every enabled rule is one of the library's own (R1-R12 as
    /// built, no custom or C++ rule): routing then knows which of a route's
    /// lists can hold the same body, and checks no more.
    [[nodiscard]] bool built_in_rules_only() const noexcept { return built_in_rules_only_; }
    /// Which built-in rules (R1-R12, as built) are switched off: bit n-1
    /// for Rn. Routing warns when one a law stands behind is (R2, R10), so
    /// that a report's empty list is not read as "no duty".
    [[nodiscard]] std::uint16_t built_ins_switched_off() const noexcept { return built_ins_switched_off_; }
    /// The rule with this id, or nullptr.
    [[nodiscard]] const rule_citation* find(std::string_view id) const noexcept;
    [[nodiscard]] bool enabled(std::string_view id) const noexcept;

    /// Replaces the rule of the same id (keeping its place and switch; the
    /// source becomes the new rule's own). Throws policy_error
    /// "policy.unknown_rule" if there is none.
    routing_policy& replace(std::shared_ptr<const rule> unit);
    /// Adds a rule after the others. Throws "policy.duplicate_rule" if the id is taken.
    routing_policy& add(std::shared_ptr<const rule> unit);
    /// Switches a rule on or off. R1, R9 and R11 cannot be switched off
    /// ("policy.required_rule"); "policy.unknown_rule" for an unknown id.
    routing_policy& enable(std::string_view id, bool on = true);
    routing_policy& disable(std::string_view id) { return enable(id, false); }
    /// Cites another source (nullopt: none).
    routing_policy& cite(std::string_view id, std::optional<std::string> source);

    friend SPFGOV_API bool operator==(const routing_policy& a, const routing_policy& b);

private:
    std::shared_ptr<const rule_citation>& slot(std::string_view id);
    void plan_run_order();
    std::vector<std::shared_ptr<const rule_citation>> rules_;
    std::vector<run_step> run_order_;  ///< derived from rules_ (plan_run_order)
    bool built_in_rules_only_ = true;  ///< derived from rules_ (plan_run_order)
    std::uint16_t built_ins_switched_off_ = 0;  ///< derived from rules_ (plan_run_order)
};

/// The product's rules, as domain.md §3 and §5 give them (a shared
/// instance; `routing_policy{}` equals it).
[[nodiscard]] SPFGOV_API const routing_policy& default_policy();

/// The enabled custom rules (kind and of) of `p` that can never add a body
/// on `g`, each with why, one sentence each: a kind that `of` never holds
/// (affected_employers hold JNCCs; affected_systems system forums and people
/// boards; affected_regions regional forums and regional people boards;
/// national the national forums and negotiating bodies), or a kind of which
/// `g` has no body at any date. Not errors: the rule is valid, only idle on
/// this graph (`spfgov route --policy` prints them as warnings).
[[nodiscard]] SPFGOV_API std::vector<std::string> idle_custom_rules(const routing_policy& p,
                                                                    const governance_graph& g);

/// When `p`'s statutory tables leave the dates routing supports without one
/// (R10 enabled, and no table, or the first in force only after
/// holiday_calendar::first_day()): one sentence saying from when, and that
/// a redundancy proposed before then gets no statutory date; else none. A
/// policy giving only a new law's table (`statutory_bands` replaces the
/// whole list) would otherwise drop today's law with no word until each
/// route warns. Not an error (`spfgov route --policy` prints it as a
/// warning).
[[nodiscard]] SPFGOV_API std::optional<std::string> statutory_table_gap(const routing_policy& p);

} // namespace spfgov
