#include <spfgov/kinds.hpp>

#include <doctest/doctest.h>

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
    CHECK(enum_count<sector> == 10);
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
