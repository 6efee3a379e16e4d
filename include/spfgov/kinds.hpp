// Body kinds, relations and the other closed vocabularies of domain.md, with
// their spellings, and the relation table (which kinds a relation may join).
#pragma once

#include "spfgov/export_macro.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
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
    independent, voluntary, social_enterprise, ccg, other,
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
    static constexpr std::array<std::string_view, 11> names{
        "nhs_trust", "foundation_trust", "icb", "csu", "primary_care", "local_authority",
        "independent", "voluntary", "social_enterprise", "ccg", "other"};
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

/// A set of enumerators of one vocabulary, one bit each: a sub-group's
/// `remit` (issue kinds) or `remit_sectors` (sectors).
template <spelled_enum Enum>
class enum_set {
public:
    static_assert(enum_count<Enum> <= 32, "enum_set holds at most 32 enumerators");
    constexpr enum_set() noexcept = default;
    constexpr enum_set(std::initializer_list<Enum> values) noexcept {
        for (auto v : values) insert(v);
    }
    constexpr void insert(Enum v) noexcept { bits_ |= bit(v); }
    [[nodiscard]] constexpr bool contains(Enum v) const noexcept { return (bits_ & bit(v)) != 0; }
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
    friend constexpr bool operator==(enum_set, enum_set) noexcept = default;

private:
    static constexpr std::uint32_t bit(Enum v) noexcept { return std::uint32_t{1} << static_cast<unsigned>(v); }
    std::uint32_t bits_ = 0;
};

/// A set of issue kinds (a sub-group's remit).
using issue_kind_set = enum_set<issue_kind>;
/// A set of employer sectors (a sub-group's remit_sectors).
using sector_set = enum_set<sector>;

/// Whether `id` is a staff-group id (domain.md §5.6: an open set of
/// lowercase ids, compared exactly): non-empty, of the characters a-z, 0-9,
/// `_` and `-`.
[[nodiscard]] constexpr bool is_staff_group_id(std::string_view id) noexcept {
    if (id.empty()) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

// ------------------------------------------------------------ relation table

/// One allowed (relation, from kind, to kind) triple of domain.md §1.
struct SPFGOV_API relation_rule {
    relation rel{};
    body_kind from{};
    body_kind to{};
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

// ------------------------------------------------------------ body fields

/// The fields a body may carry besides `id`, `kind`, `name` and validity
/// (which every body may carry). The first five are structural: shorthand
/// for a link from the body (domain.md §5.1).
enum class body_field : std::uint8_t {
    system, region, employer, parent, succeeds,
    sector, remit, remit_sectors, staff_groups, side, meets,
};

template <> struct enum_spelling<body_field> {
    static constexpr std::string_view type = "body field";
    static constexpr std::array<std::string_view, 11> names{
        "system", "region", "employer", "parent", "succeeds",
        "sector", "remit", "remit_sectors", "staff_groups", "side", "meets"};
};

/// Whether the field stands for a link (`system`, `region`, `employer`,
/// `parent`, `succeeds`).
[[nodiscard]] constexpr bool is_structural(body_field f) noexcept {
    return static_cast<unsigned>(f) <= static_cast<unsigned>(body_field::succeeds);
}

/// One entry of the field table: `kind` may carry `field`; for a structural
/// field, `link` is the relation it stands for on that kind.
struct SPFGOV_API body_field_rule {
    body_field field{};
    body_kind kind{};
    std::optional<relation> link{};
};

namespace detail {
using bf = body_field;
inline constexpr std::array body_field_table{
    // Structural fields (domain.md §5.1).
    body_field_rule{bf::system, bk::employer, rl::part_of},
    body_field_rule{bf::system, bk::system_forum, rl::committee_of},
    body_field_rule{bf::system, bk::people_board, rl::committee_of},
    body_field_rule{bf::region, bk::system, rl::part_of},
    body_field_rule{bf::region, bk::regional_forum, rl::committee_of},
    body_field_rule{bf::region, bk::regional_people_board, rl::committee_of},
    body_field_rule{bf::employer, bk::jncc, rl::committee_of},
    body_field_rule{bf::parent, bk::subgroup, rl::subgroup_of},
    // `succeeds` stands on a body of any kind (its target must be of the same kind).
    body_field_rule{bf::succeeds, bk::national_forum, rl::succeeds},
    body_field_rule{bf::succeeds, bk::subgroup, rl::succeeds},
    body_field_rule{bf::succeeds, bk::negotiating_body, rl::succeeds},
    body_field_rule{bf::succeeds, bk::region, rl::succeeds},
    body_field_rule{bf::succeeds, bk::regional_forum, rl::succeeds},
    body_field_rule{bf::succeeds, bk::regional_people_board, rl::succeeds},
    body_field_rule{bf::succeeds, bk::system, rl::succeeds},
    body_field_rule{bf::succeeds, bk::system_forum, rl::succeeds},
    body_field_rule{bf::succeeds, bk::people_board, rl::succeeds},
    body_field_rule{bf::succeeds, bk::employer, rl::succeeds},
    body_field_rule{bf::succeeds, bk::jncc, rl::succeeds},
    body_field_rule{bf::succeeds, bk::trade_union, rl::succeeds},
    body_field_rule{bf::succeeds, bk::representative, rl::succeeds},
    body_field_rule{bf::succeeds, bk::agreement, rl::succeeds},
    // Attributes (domain.md §1).
    body_field_rule{bf::sector, bk::employer, std::nullopt},
    body_field_rule{bf::remit, bk::subgroup, std::nullopt},
    body_field_rule{bf::remit_sectors, bk::subgroup, std::nullopt},
    body_field_rule{bf::staff_groups, bk::jncc, std::nullopt},
    body_field_rule{bf::side, bk::representative, std::nullopt},
    // A meeting rule (R12) on the bodies that meet: forums, boards,
    // sub-groups, negotiating bodies and JNCCs.
    body_field_rule{bf::meets, bk::national_forum, std::nullopt},
    body_field_rule{bf::meets, bk::subgroup, std::nullopt},
    body_field_rule{bf::meets, bk::negotiating_body, std::nullopt},
    body_field_rule{bf::meets, bk::regional_forum, std::nullopt},
    body_field_rule{bf::meets, bk::regional_people_board, std::nullopt},
    body_field_rule{bf::meets, bk::system_forum, std::nullopt},
    body_field_rule{bf::meets, bk::people_board, std::nullopt},
    body_field_rule{bf::meets, bk::jncc, std::nullopt},
};
} // namespace detail

/// Which fields each kind may carry: the one table the graph builder,
/// validate() and the JSON reader use.
[[nodiscard]] constexpr std::span<const body_field_rule> body_field_rules() noexcept {
    return detail::body_field_table;
}

/// Whether a body of kind `k` may carry `f`.
[[nodiscard]] constexpr bool field_allowed(body_field f, body_kind k) noexcept {
    for (const auto& r : detail::body_field_table)
        if (r.field == f && r.kind == k) return true;
    return false;
}

/// The relation a structural field stands for on kind `k`, or nullopt when
/// `k` cannot carry it (or `f` is not structural).
[[nodiscard]] constexpr std::optional<relation> structural_relation(body_field f, body_kind k) noexcept {
    for (const auto& r : detail::body_field_table)
        if (r.field == f && r.kind == k) return r.link;
    return std::nullopt;
}

/// The inverse: the structural field that writes a `rel` link from a body of
/// kind `from`, if any.
[[nodiscard]] constexpr std::optional<body_field> structural_field(relation rel, body_kind from) noexcept {
    for (const auto& r : detail::body_field_table)
        if (r.kind == from && r.link == rel) return r.field;
    return std::nullopt;
}

/// "an employer (part_of), a system_forum (committee_of)" for messages: the
/// kinds that may carry `f`.
[[nodiscard]] inline std::string kinds_taking(body_field f) {
    std::string out;
    std::size_t n = 0;
    for (const auto& r : detail::body_field_table)
        if (r.field == f) ++n;
    if (n == enum_count<body_kind>) return "any body";
    for (const auto& r : detail::body_field_table) {
        if (r.field != f) continue;
        if (!out.empty()) out += ", ";
        const auto kind = to_string(r.kind);
        out += kind.front() == 'a' || kind.front() == 'e' || kind.front() == 'i' || kind.front() == 'o' ? "an " : "a ";
        out += kind;
        if (r.link) {
            out += " (";
            out += to_string(*r.link);
            out += ')';
        }
    }
    return out;
}

} // namespace spfgov
