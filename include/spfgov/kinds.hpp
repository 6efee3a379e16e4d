// Body kinds, relations and the other closed vocabularies of domain.md, with
// their spellings, and the relation table (which kinds a relation may join).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace spfgov {

enum class body_kind : std::uint8_t {
    national_forum, subgroup, negotiating_body, region, regional_forum,
    regional_people_board, system, system_forum, people_board, employer,
    jncc, trade_union, representative, agreement,
};

enum class relation : std::uint8_t {
    part_of, committee_of, subgroup_of, escalates_to, reports_to, seat_on,
    deputy_for, recognises, lead_union, party_to, succeeds,
};

enum class sector : std::uint8_t {
    nhs_trust, foundation_trust, icb, csu, primary_care, local_authority,
    independent, voluntary, social_enterprise, other,
};

enum class issue_kind : std::uint8_t {
    restructure, relocation, redeployment, new_roles, new_technology, role_change,
    staff_transfer, redundancy, service_change, workforce_plan, policy, pay_and_terms,
};

/// Where a plan was developed, and the level of a route's scope; ordered so
/// that "higher" compares greater.
enum class level : std::uint8_t { employer, system, region, national };

enum class seat_role : std::uint8_t { member, deputy, co_chair };
enum class side : std::uint8_t { staff, employer };

/// Spellings used in files and messages, indexed by the enumerator's value.
template <class Enum> struct enum_spelling;

template <> struct enum_spelling<body_kind> {
    static constexpr std::string_view type = "body kind";
    static constexpr std::array<std::string_view, 14> names{
        "national_forum", "subgroup", "negotiating_body", "region", "regional_forum",
        "regional_people_board", "system", "system_forum", "people_board", "employer",
        "jncc", "trade_union", "representative", "agreement"};
};
template <> struct enum_spelling<relation> {
    static constexpr std::string_view type = "relation";
    static constexpr std::array<std::string_view, 11> names{
        "part_of", "committee_of", "subgroup_of", "escalates_to", "reports_to", "seat_on",
        "deputy_for", "recognises", "lead_union", "party_to", "succeeds"};
};
template <> struct enum_spelling<sector> {
    static constexpr std::string_view type = "sector";
    static constexpr std::array<std::string_view, 10> names{
        "nhs_trust", "foundation_trust", "icb", "csu", "primary_care", "local_authority",
        "independent", "voluntary", "social_enterprise", "other"};
};
template <> struct enum_spelling<issue_kind> {
    static constexpr std::string_view type = "issue kind";
    static constexpr std::array<std::string_view, 12> names{
        "restructure", "relocation", "redeployment", "new_roles", "new_technology",
        "role_change", "staff_transfer", "redundancy", "service_change", "workforce_plan",
        "policy", "pay_and_terms"};
};
template <> struct enum_spelling<level> {
    static constexpr std::string_view type = "level";
    static constexpr std::array<std::string_view, 4> names{"employer", "system", "region", "national"};
};
template <> struct enum_spelling<seat_role> {
    static constexpr std::string_view type = "seat role";
    static constexpr std::array<std::string_view, 3> names{"member", "deputy", "co_chair"};
};
template <> struct enum_spelling<side> {
    static constexpr std::string_view type = "side";
    static constexpr std::array<std::string_view, 2> names{"staff", "employer"};
};

template <class Enum>
concept spelled_enum = requires { enum_spelling<Enum>::names; };

template <spelled_enum Enum>
inline constexpr std::size_t enum_count = enum_spelling<Enum>::names.size();

template <spelled_enum Enum>
[[nodiscard]] constexpr std::string_view to_string(Enum e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < enum_count<Enum> ? enum_spelling<Enum>::names[i] : std::string_view{"?"};
}

/// The enumerator spelled `text`, or nullopt.
template <spelled_enum Enum>
[[nodiscard]] constexpr std::optional<Enum> parse_enum(std::string_view text) noexcept {
    for (std::size_t i = 0; i < enum_count<Enum>; ++i)
        if (enum_spelling<Enum>::names[i] == text) return static_cast<Enum>(i);
    return std::nullopt;
}

/// "one of: a, b, c" for error messages.
template <spelled_enum Enum>
[[nodiscard]] std::string expected_spellings() {
    std::string out = "one of: ";
    for (std::size_t i = 0; i < enum_count<Enum>; ++i) {
        if (i) out += ", ";
        out += enum_spelling<Enum>::names[i];
    }
    return out;
}

/// A set of issue kinds (a sub-group's remit), one bit per kind.
class issue_kind_set {
public:
    constexpr issue_kind_set() noexcept = default;
    constexpr issue_kind_set(std::initializer_list<issue_kind> kinds) noexcept {
        for (auto k : kinds) insert(k);
    }
    constexpr void insert(issue_kind k) noexcept { bits_ = static_cast<std::uint16_t>(bits_ | bit(k)); }
    [[nodiscard]] constexpr bool contains(issue_kind k) const noexcept { return (bits_ & bit(k)) != 0; }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    friend constexpr bool operator==(issue_kind_set, issue_kind_set) noexcept = default;

private:
    static constexpr std::uint16_t bit(issue_kind k) noexcept {
        return static_cast<std::uint16_t>(1u << static_cast<unsigned>(k));
    }
    std::uint16_t bits_ = 0;
};

// ------------------------------------------------------------ relation table

/// One allowed (relation, from kind, to kind) triple of domain.md §1.
struct relation_rule {
    relation rel;
    body_kind from;
    body_kind to;
};

namespace detail {
using bk = body_kind;
using rl = relation;
inline constexpr std::array relation_table{
    relation_rule{rl::part_of, bk::employer, bk::system},
    relation_rule{rl::part_of, bk::system, bk::region},
    relation_rule{rl::committee_of, bk::jncc, bk::employer},
    relation_rule{rl::committee_of, bk::system_forum, bk::system},
    relation_rule{rl::committee_of, bk::people_board, bk::system},
    relation_rule{rl::committee_of, bk::regional_forum, bk::region},
    relation_rule{rl::committee_of, bk::regional_people_board, bk::region},
    relation_rule{rl::subgroup_of, bk::subgroup, bk::national_forum},
    relation_rule{rl::subgroup_of, bk::subgroup, bk::regional_forum},
    relation_rule{rl::subgroup_of, bk::subgroup, bk::regional_people_board},
    relation_rule{rl::subgroup_of, bk::subgroup, bk::people_board},
    relation_rule{rl::escalates_to, bk::jncc, bk::system_forum},
    relation_rule{rl::escalates_to, bk::system_forum, bk::regional_forum},
    relation_rule{rl::escalates_to, bk::regional_forum, bk::national_forum},
    relation_rule{rl::escalates_to, bk::people_board, bk::regional_forum},
    // A subgroup escalates to its parent: any kind a subgroup can belong to.
    relation_rule{rl::escalates_to, bk::subgroup, bk::national_forum},
    relation_rule{rl::escalates_to, bk::subgroup, bk::regional_forum},
    relation_rule{rl::escalates_to, bk::subgroup, bk::regional_people_board},
    relation_rule{rl::escalates_to, bk::subgroup, bk::people_board},
    relation_rule{rl::reports_to, bk::system_forum, bk::regional_forum},
    relation_rule{rl::reports_to, bk::regional_forum, bk::national_forum},
    // seat_on: "any forum, board or jncc".
    relation_rule{rl::seat_on, bk::representative, bk::national_forum},
    relation_rule{rl::seat_on, bk::representative, bk::subgroup},
    relation_rule{rl::seat_on, bk::representative, bk::negotiating_body},
    relation_rule{rl::seat_on, bk::representative, bk::regional_forum},
    relation_rule{rl::seat_on, bk::representative, bk::regional_people_board},
    relation_rule{rl::seat_on, bk::representative, bk::system_forum},
    relation_rule{rl::seat_on, bk::representative, bk::people_board},
    relation_rule{rl::seat_on, bk::representative, bk::jncc},
    relation_rule{rl::deputy_for, bk::representative, bk::representative},
    relation_rule{rl::recognises, bk::employer, bk::trade_union},
    relation_rule{rl::lead_union, bk::trade_union, bk::system_forum},
    relation_rule{rl::party_to, bk::employer, bk::agreement},
    relation_rule{rl::party_to, bk::trade_union, bk::agreement},
};
} // namespace detail

/// Whether domain.md's relation table lets `rel` join `from` to `to`.
/// `succeeds` joins any two bodies of the same kind.
[[nodiscard]] constexpr bool link_allowed(relation rel, body_kind from, body_kind to) noexcept {
    if (rel == relation::succeeds) return from == to;
    for (const auto& r : detail::relation_table)
        if (r.rel == rel && r.from == from && r.to == to) return true;
    return false;
}

/// The compile-time form of the table, used by the typed builder: a link the
/// table forbids does not compile.
template <relation Rel, body_kind From, body_kind To>
concept allowed_link = link_allowed(Rel, From, To);

} // namespace spfgov
