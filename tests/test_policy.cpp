#include <spfgov/policy.hpp>

#include <doctest/doctest.h>

using namespace spfgov;

TEST_CASE("the default policy is domain.md's, with a source for every non-structural rule") {
    const routing_policy& p = default_policy();
    CHECK(p.collective_threshold == 20);
    CHECK(p.collective_days == 30);
    CHECK(p.large_threshold == 100);
    CHECK(p.large_days == 45);
    CHECK(p.negotiating_body_kinds == issue_kind_set{issue_kind::pay_and_terms});
    CHECK(p.negotiating_body_scope == level::national);
    CHECK(p.extra_rules.empty());
    // R1, R9, R11 (structural) and R12 (calendar) cite nothing; the rest cite their documents.
    for (int rule : {1, 9, 11, 12}) CHECK(p.rule_sources[static_cast<std::size_t>(rule - 1)].empty());
    CHECK(p.rule_sources[1] == std::string(sources::workforce_change) + "; " + std::string(sources::midlands_principles));
    CHECK(p.rule_sources[6].find("How we do partnership") != std::string::npos);
    CHECK(p.rule_sources[9].find("1992") != std::string::npos);
}

TEST_CASE("a copy of the default policy changes without touching the default") {
    routing_policy mine = default_policy();
    mine.inform_people_boards = false;
    mine.rule_sources[3] = "Our ICS partnership agreement";
    CHECK(default_policy().inform_people_boards);
    CHECK(default_policy().rule_sources[3] == sources::workforce_change);
}
