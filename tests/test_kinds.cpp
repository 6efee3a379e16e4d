#include <spfgov/kinds.hpp>

#include <doctest/doctest.h>

namespace test_kinds_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

TEST_CASE("every enumerator round-trips through its spelling") {
    for (std::size_t i = 0; i < enum_count<body_kind>; ++i) {
        const auto k = static_cast<body_kind>(i);
        CHECK(parse_enum<body_kind>(to_string(k)) == k);
    }
    for (std::size_t i = 0; i < enum_count<relation>; ++i) {
        const auto r = static_cast<relation>(i);
        CHECK(parse_enum<relation>(to_string(r)) == r);
    }
    CHECK(enum_count<body_kind> == 14);
    CHECK(enum_count<relation> == 11);
    CHECK(enum_count<issue_kind> == 12);
    CHECK(enum_count<sector> == 11);
    CHECK(parse_enum<sector>("ccg") == sector::ccg);
    CHECK_FALSE(parse_enum<body_kind>("forum").has_value());
    CHECK_FALSE(parse_enum<relation>("Part_of").has_value());
    CHECK(expected_spellings<level>() == "one of: employer, system, region, national");
}

TEST_CASE("the relation table of domain.md") {
    using bk = body_kind;
    using rl = relation;
    CHECK(link_allowed(rl::part_of, bk::employer, bk::system));
    CHECK(link_allowed(rl::part_of, bk::system, bk::region));
    CHECK_FALSE(link_allowed(rl::part_of, bk::jncc, bk::region));
    CHECK_FALSE(link_allowed(rl::part_of, bk::employer, bk::region));
    CHECK(link_allowed(rl::committee_of, bk::jncc, bk::employer));
    CHECK(link_allowed(rl::committee_of, bk::regional_people_board, bk::region));
    CHECK_FALSE(link_allowed(rl::committee_of, bk::system_forum, bk::region));
    CHECK(link_allowed(rl::escalates_to, bk::people_board, bk::regional_forum));
    CHECK_FALSE(link_allowed(rl::escalates_to, bk::regional_forum, bk::regional_forum));
    CHECK(link_allowed(rl::lead_union, bk::trade_union, bk::system_forum));
    CHECK(link_allowed(rl::seat_on, bk::representative, bk::jncc));
    CHECK_FALSE(link_allowed(rl::seat_on, bk::representative, bk::employer));
    CHECK(link_allowed(rl::succeeds, bk::employer, bk::employer));
    CHECK_FALSE(link_allowed(rl::succeeds, bk::employer, bk::system));
    // The same table at compile time.
    static_assert(allowed_link<rl::part_of, bk::employer, bk::system>);
    static_assert(!allowed_link<rl::part_of, bk::jncc, bk::region>);
    static_assert(allowed_link<rl::succeeds, bk::region, bk::region>);
}

TEST_CASE("issue_kind_set holds a remit") {
    issue_kind_set s{issue_kind::staff_transfer, issue_kind::policy};
    CHECK(s.contains(issue_kind::staff_transfer));
    CHECK(s.contains(issue_kind::policy));
    CHECK_FALSE(s.contains(issue_kind::redundancy));
    CHECK(issue_kind_set{}.empty());
}

TEST_CASE("sector_set holds remit_sectors") {
    sector_set s{sector::ccg, sector::icb, sector::csu};
    CHECK(s.contains(sector::ccg));
    CHECK_FALSE(s.contains(sector::other));
    CHECK(sector_set{}.empty());
    CHECK(s == sector_set{sector::csu, sector::icb, sector::ccg});
}

TEST_CASE("staff-group ids are lowercase") {
    CHECK(is_staff_group_id("medical_and_dental"));
    CHECK(is_staff_group_id("band-5"));
    CHECK_FALSE(is_staff_group_id(""));
    CHECK_FALSE(is_staff_group_id("Medical"));
    CHECK_FALSE(is_staff_group_id("medical and dental"));
}

TEST_CASE("the body field table: every entry is consistent with the relation table") {
    using bk = body_kind;
    std::size_t structural_entries = 0;
    for (const auto& rule : body_field_rules()) {
        CAPTURE(to_string(rule.field));
        CAPTURE(to_string(rule.kind));
        CHECK(field_allowed(rule.field, rule.kind));
        // A structural field stands for a relation that the relation table
        // lets that kind start (to some kind); an attribute stands for none.
        CHECK(is_structural(rule.field) == rule.link.has_value());
        if (!rule.link) continue;
        ++structural_entries;
        CHECK(structural_relation(rule.field, rule.kind) == rule.link);
        CHECK(structural_field(*rule.link, rule.kind) == rule.field);
        bool some_target = false;
        for (std::size_t to = 0; to < enum_count<body_kind>; ++to)
            some_target = some_target || link_allowed(*rule.link, rule.kind, static_cast<body_kind>(to));
        CHECK(some_target);
    }
    CHECK(structural_entries == 8 + enum_count<body_kind>);  // §5.1's eight, and succeeds on every kind
    // Each (field, kind) pair appears at most once.
    for (std::size_t f = 0; f < enum_count<body_field>; ++f)
        for (std::size_t k = 0; k < enum_count<body_kind>; ++k) {
            std::size_t n = 0;
            for (const auto& rule : body_field_rules())
                n += rule.field == static_cast<body_field>(f) && rule.kind == static_cast<body_kind>(k);
            CHECK(n <= 1);
        }
    // domain.md §5.1 and §1, spot checks.
    CHECK(structural_relation(body_field::system, bk::employer) == relation::part_of);
    CHECK(structural_relation(body_field::system, bk::people_board) == relation::committee_of);
    CHECK_FALSE(structural_relation(body_field::system, bk::jncc));
    CHECK(field_allowed(body_field::remit_sectors, bk::subgroup));
    CHECK_FALSE(field_allowed(body_field::remit_sectors, bk::employer));
    CHECK(field_allowed(body_field::staff_groups, bk::jncc));
    CHECK_FALSE(field_allowed(body_field::staff_groups, bk::negotiating_body));
    CHECK_FALSE(field_allowed(body_field::meets, bk::employer));
    CHECK(kinds_taking(body_field::succeeds) == "any body");
    CHECK(kinds_taking(body_field::region) ==
          "a system (part_of), a regional_forum (committee_of), a regional_people_board (committee_of)");
    CHECK(kinds_taking(body_field::sector) == "an employer");
}

} // namespace test_kinds_cpp
