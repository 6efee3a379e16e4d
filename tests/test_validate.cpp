// Every check of domain.md §4: a test that triggers it, and one that shows a valid graph passes.
#include "testland.hpp"

#include <spfgov/validate.hpp>

namespace test_validate_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

namespace {

std::vector<std::string> codes(const std::vector<diagnostic>& ds, severity s) {
    std::vector<std::string> out;
    for (const auto& x : ds)
        if (x.severity == s) out.push_back(x.code);
    return out;
}

const diagnostic* find(const std::vector<diagnostic>& ds, const std::string& code) {
    for (const auto& x : ds)
        if (x.code == code) return &x;
    return nullptr;
}

body make(const char* id, body_kind k, validity v = {}) {
    body b;
    b.id = id;
    b.kind = k;
    b.valid = v;
    b.where = source_position("test.json", 1, 1, std::string("/") + id);  // kept whole: not a graph file's shape
    return b;
}

spfgov::link_data rel(relation r, validity v = {}) {
    spfgov::link_data l;
    l.rel = r;
    l.valid = v;
    return l;
}

// A minimal valid graph: one region, system, forum, employer, jncc.
graph_builder minimal() {
    graph_builder b;
    (void)b.add_body(make("N", body_kind::national_forum));
    (void)b.add_body(make("R", body_kind::region));
    (void)b.add_body(make("R-spf", body_kind::regional_forum));
    (void)b.add_body(make("S", body_kind::system));
    (void)b.add_body(make("S-forum", body_kind::system_forum));
    (void)b.add_body(make("E", body_kind::employer));
    (void)b.add_body(make("E-jncc", body_kind::jncc));
    b.add_link("R-spf", "R", rel(relation::committee_of));
    b.add_link("S", "R", rel(relation::part_of));
    b.add_link("S-forum", "S", rel(relation::committee_of));
    b.add_link("E", "S", rel(relation::part_of));
    b.add_link("E-jncc", "E", rel(relation::committee_of));
    return b;
}

} // namespace

TEST_CASE("valid graphs pass: minimal and Testland") {
    CHECK(validate(minimal().build()).empty());
    const auto land = validate(testland::build());
    CHECK(codes(land, severity::error).empty());
    // Testland's known warnings: E8 in no system, E12 without a jncc, the people board sub-group's period.
    CHECK(codes(land, severity::warning) == std::vector<std::string>{"employer_without_system", "employer_without_jncc"});
}

TEST_CASE("errors from building: duplicate id, dangling reference, forbidden link, reversed validity, succeeds across kinds") {
    auto b = minimal();
    (void)b.add_body(make("E", body_kind::employer));
    b.add_link("E", "ghost", rel(relation::part_of));
    b.add_link("E-jncc", "R", rel(relation::part_of));
    (void)b.add_body(make("X", body_kind::region, {d(2027, 1, 1), d(2026, 1, 1)}));
    b.add_link("S", "R", rel(relation::part_of, {d(2027, 1, 1), d(2026, 1, 1)}));
    b.add_link("S", "E", rel(relation::succeeds));
    const auto ds = validate(std::move(b).build());
    CHECK(codes(ds, severity::error) == std::vector<std::string>{"duplicate_id", "reversed_validity", "dangling_reference",
                                                                 "forbidden_link", "reversed_validity",
                                                                 "succeeds_kind_mismatch"});
    CHECK(find(ds, "duplicate_id")->where == "test.json:1:1 /E");
    CHECK(find(ds, "dangling_reference")->message.find("ghost") != std::string::npos);
    CHECK(find(ds, "forbidden_link")->subject == "E-jncc -part_of-> R");
    CHECK(find(ds, "reversed_validity")->subject == "X");
}

TEST_CASE("error: succeeds chains that loop") {
    auto b = minimal();
    (void)b.add_body(make("E2", body_kind::employer));
    b.add_link("E2", "S", rel(relation::part_of));
    b.add_link("E2", "E", rel(relation::succeeds));
    b.add_link("E", "E2", rel(relation::succeeds));
    const auto ds = validate(std::move(b).build());
    REQUIRE(find(ds, "succeeds_loop"));
    CHECK(find(ds, "succeeds_loop")->message.find("E -succeeds-> E2 -succeeds-> E") != std::string::npos);
}

TEST_CASE("error: escalates_to cycles (with an extended relation table)") {
    auto b = minimal();
    (void)b.add_body(make("R-sub", body_kind::regional_forum));
    b.add_link("R-sub", "R", rel(relation::committee_of));
    b.allow({relation::escalates_to, body_kind::regional_forum, body_kind::regional_forum});
    b.add_link("R-sub", "R-spf", rel(relation::escalates_to));
    b.add_link("R-spf", "R-sub", rel(relation::escalates_to));
    const auto g = std::move(b).build();
    const auto ds = validate(g);
    REQUIRE(find(ds, "escalation_cycle"));
    CHECK(find_cycle(g, relation::escalates_to).size() == 2);
    CHECK(g.escalation_may_cycle());  // routing then checks each date
    // Kinds that could cycle (regional forum to regional forum) but links that do not.
    auto open_chain = minimal();
    (void)open_chain.add_body(make("R-sub", body_kind::regional_forum));
    open_chain.add_link("R-sub", "R", rel(relation::committee_of));
    open_chain.allow({relation::escalates_to, body_kind::regional_forum, body_kind::regional_forum});
    open_chain.add_link("R-sub", "R-spf", rel(relation::escalates_to));
    CHECK_FALSE(std::move(open_chain).build().escalation_may_cycle());
    CHECK_FALSE(minimal().build().escalation_may_cycle());  // domain.md's table: no cycle can form
    // Without the extension the same links are forbidden, so no cycle can form.
    auto plain = minimal();
    (void)plain.add_body(make("R-sub", body_kind::regional_forum));
    plain.add_link("R-spf", "R-sub", rel(relation::escalates_to));
    CHECK(codes(validate(std::move(plain).build()), severity::error) == std::vector<std::string>{"forbidden_link"});
}

TEST_CASE("warning: the same link given twice counts once, and derives its default links once") {
    auto b = minimal();
    constexpr int k = 50;
    for (int i = 0; i < k; ++i) {
        b.add_link("S-forum", "S", rel(relation::committee_of));
        b.add_link("E", "S", rel(relation::part_of));
        b.add_link("E-jncc", "E", rel(relation::committee_of));
    }
    b.add_link("E", "S", rel(relation::part_of, {d(2026, 1, 1), {}}));  // another validity: another link
    const auto g = std::move(b).build();
    const auto ds = validate(g);
    CHECK(codes(ds, severity::error).empty());
    CHECK(codes(ds, severity::warning) == std::vector<std::string>(3 * k, "duplicate_link"));
    CHECK(find(ds, "duplicate_link")->subject == "S-forum -committee_of-> S");
    CHECK(find(ds, "duplicate_link")->message.find("counts once") != std::string::npos);
    // Derived jncc -> system_forum links: one per distinct chain, not k^3.
    const auto jncc = g.at("E-jncc");
    std::size_t escalations = 0;
    for (auto l : g.out_links(jncc)) escalations += g[l].rel == relation::escalates_to;
    CHECK(escalations == 2);  // one via the open part_of, one via the part_of from 2026
}

TEST_CASE("a cycle closed by many parallel links is reported once") {
    auto b = minimal();
    (void)b.add_body(make("E2", body_kind::employer));
    b.add_link("E2", "S", rel(relation::part_of));
    b.add_link("E2", "E", rel(relation::succeeds));
    for (int i = 0; i < 20; ++i)  // different validities: distinct links, one cycle
        b.add_link("E", "E2", rel(relation::succeeds, {d(2000 + i, 1, 1), {}}));
    const auto ds = validate(std::move(b).build());
    CHECK(codes(ds, severity::error) == std::vector<std::string>{"succeeds_loop"});
}

TEST_CASE("error: a system outside any region") {
    auto b = minimal();
    (void)b.add_body(make("S2", body_kind::system));
    (void)b.add_body(make("S2-forum", body_kind::system_forum));
    b.add_link("S2-forum", "S2", rel(relation::committee_of));
    const auto ds = validate(std::move(b).build());
    CHECK(codes(ds, severity::error) == std::vector<std::string>{"system_outside_region"});
    CHECK(find(ds, "system_outside_region")->subject == "S2");
}

TEST_CASE("error: a meeting rule that does not parse") {
    auto b = minimal();
    auto f = make("S2-forum", body_kind::system_forum);
    f.meets = meeting_spec{"FREQ=DAILY", d(2026, 1, 1), spfgov::working_days{5}};
    (void)b.add_body(f);
    b.add_link("S2-forum", "S", rel(relation::committee_of));
    const auto ds = validate(std::move(b).build());
    REQUIRE(find(ds, "bad_meeting_rule"));
    CHECK(find(ds, "bad_meeting_rule")->message.find("FREQ") != std::string::npos);
}

TEST_CASE("error: papers due outside 0 to 365 working days before a meeting, as a graph file may give them") {
    for (const int papers : {-3, 366, 100000}) {
        CAPTURE(papers);
        auto b = minimal();
        auto f = make("S2-forum", body_kind::system_forum);
        f.meets = meeting_spec{"FREQ=MONTHLY;BYDAY=2TU", d(2026, 1, 1), spfgov::working_days{papers}};
        (void)b.add_body(f);
        b.add_link("S2-forum", "S", rel(relation::committee_of));
        const auto ds = validate(std::move(b).build());
        REQUIRE(find(ds, "bad_meeting_rule"));
        CHECK(find(ds, "bad_meeting_rule")->message ==
              "meets.papers_days is " + std::to_string(papers) + "; expected 0 to 365 working days");
    }
}

TEST_CASE("warnings: no jncc on some date, no system forum, no system, deputy elsewhere, validity outside container") {
    auto b = minimal();
    // E2's jncc starts a year after E2 does.
    (void)b.add_body(make("E2", body_kind::employer, {d(2025, 1, 1), date(boost::date_time::pos_infin)}));
    (void)b.add_body(make("E2-jncc", body_kind::jncc, {d(2026, 1, 1), date(boost::date_time::pos_infin)}));
    b.add_link("E2", "S", rel(relation::part_of));
    b.add_link("E2-jncc", "E2", rel(relation::committee_of));
    // S3 has no forum.
    (void)b.add_body(make("S3", body_kind::system));
    b.add_link("S3", "R", rel(relation::part_of));
    // E4 is in no system (and has a jncc).
    (void)b.add_body(make("E4", body_kind::employer));
    (void)b.add_body(make("E4-jncc", body_kind::jncc));
    b.add_link("E4-jncc", "E4", rel(relation::committee_of));
    // rep-b is deputy for rep-a but sits on another body.
    (void)b.add_body(make("rep-a", body_kind::representative));
    (void)b.add_body(make("rep-b", body_kind::representative));
    b.add_link("rep-a", "S-forum", rel(relation::seat_on));
    b.add_link("rep-b", "E-jncc", rel(relation::seat_on));
    b.add_link("rep-b", "rep-a", rel(relation::deputy_for));
    // A forum that outlives its system.
    (void)b.add_body(make("S4", body_kind::system, {d(2020, 1, 1), d(2025, 1, 1)}));
    b.add_link("S4", "R", rel(relation::part_of));
    (void)b.add_body(make("S4-forum", body_kind::system_forum, {d(2020, 1, 1), d(2026, 1, 1)}));
    b.add_link("S4-forum", "S4", rel(relation::committee_of));
    const auto ds = validate(std::move(b).build());
    CHECK(codes(ds, severity::error).empty());
    CHECK(codes(ds, severity::warning) == std::vector<std::string>{"employer_without_jncc", "system_without_forum",
                                                                   "employer_without_system", "deputy_not_on_same_body",
                                                                   "validity_outside_container"});
    CHECK(find(ds, "employer_without_jncc")->subject == "E2");
    CHECK(find(ds, "deputy_not_on_same_body")->subject == "rep-b");
    CHECK(find(ds, "validity_outside_container")->message ==
          "system_forum \"S4-forum\" is valid from 2020-01-01 to 2025-12-31, but its container, system \"S4\", only "
          "from 2020-01-01 to 2024-12-31 [2020-01-01, 2025-01-01); give it a valid_to of 2025-01-01 or earlier "
          "(ending a body, in an overlay too, does not end what it contains)");
    // An undated committee of a dated employer, in words a reader follows (helper-74: "[open, open)").
    graph_builder undated;
    (void)undated.add_body(make("E9", body_kind::employer, {d(1995, 4, 1), date(boost::date_time::pos_infin)}));
    (void)undated.add_body(make("E9-lnc", body_kind::jncc));
    undated.add_link("E9-lnc", "E9", rel(relation::committee_of));
    const auto us = validate(std::move(undated).build());
    REQUIRE(find(us, "validity_outside_container"));
    CHECK(find(us, "validity_outside_container")->message ==
          "jncc \"E9-lnc\" is valid at any date (it gives no valid_from or valid_to), but its container, employer "
          "\"E9\", only from 1995-04-01 [1995-04-01, open); give it a valid_from of 1995-04-01 or later");
    // A deputy on the same body is fine.
    auto ok = minimal();
    (void)ok.add_body(make("rep-a", body_kind::representative));
    (void)ok.add_body(make("rep-b", body_kind::representative));
    ok.add_link("rep-a", "S-forum", rel(relation::seat_on));
    ok.add_link("rep-b", "S-forum", rel(relation::seat_on));
    ok.add_link("rep-b", "rep-a", rel(relation::deputy_for));
    CHECK(validate(std::move(ok).build()).empty());
}

TEST_CASE("warning: a committee with no link is reached by no route; an id that differs only in case is named") {
    auto b = minimal();
    // An overlay meant E-jncc and E but wrote them in lower case: new bodies.
    (void)b.add_body(make("e-jncc", body_kind::jncc));
    (void)b.add_body(make("e", body_kind::employer));
    (void)b.add_body(make("Lonely-forum", body_kind::system_forum));
    const auto ds = validate(std::move(b).build());
    CHECK(codes(ds, severity::error).empty());
    CHECK(codes(ds, severity::warning) == std::vector<std::string>{"unattached_body", "employer_without_system",
                                                                   "employer_without_jncc", "unattached_body"});
    CHECK(ds[0].subject == "e-jncc");
    CHECK(ds[0].message == R"(jncc "e-jncc" has no link to any other body, so no route reaches it; ids are case-sensitive: did you mean "E-jncc"?)");
    CHECK(ds[1].message.ends_with(R"(; ids are case-sensitive: did you mean "E"?)"));
    CHECK(ds[3].message == R"(system_forum "Lonely-forum" has no link to any other body, so no route reaches it)");
    // A national forum needs no link (rules find it by its kind): minimal()'s N has none.
    CHECK(validate(minimal().build()).empty());
}

TEST_CASE("errors of contract version 2: empty lists, bad staff groups, a reversed covers, fields a kind may not carry") {
    SUBCASE("empty_remit_sectors and empty_staff_groups") {
        auto b = minimal();
        auto sub = make("N-tpg", body_kind::subgroup);
        sub.has_remit_sectors = true;
        (void)b.add_body(sub);
        b.add_link("N-tpg", "N", rel(relation::subgroup_of));
        b.update_body("E-jncc", [](body& j) { j.has_staff_groups = true; });
        const auto ds = validate(std::move(b).build());
        CHECK(codes(ds, severity::error) == std::vector<std::string>{"empty_staff_groups", "empty_remit_sectors"});
        REQUIRE(find(ds, "empty_remit_sectors"));
        CHECK(find(ds, "empty_remit_sectors")->subject == "N-tpg");
        CHECK(find(ds, "empty_remit_sectors")->where == "test.json:1:1 /N-tpg");
    }
    SUBCASE("lists that are given are fine") {
        auto b = minimal();
        b.update_body("E-jncc", [](body& j) {
            j.has_staff_groups = true;
            j.staff_groups = {"medical_and_dental"};
        });
        CHECK(validate(std::move(b).build()).empty());
    }
    SUBCASE("bad_staff_group") {
        auto b = minimal();
        b.update_body("E-jncc", [](body& j) { j.staff_groups = {"Medical"}; });
        CHECK(codes(validate(std::move(b).build()), severity::error) == std::vector<std::string>{"bad_staff_group"});
    }
    SUBCASE("reversed_covers") {
        auto b = minimal();
        b.set_covers({d(2022, 1, 1), d(2021, 1, 1)}, "test:covers");
        const auto ds = validate(std::move(b).build());
        CHECK(codes(ds, severity::error) == std::vector<std::string>{"reversed_covers"});
        REQUIRE(find(ds, "reversed_covers"));
        CHECK(find(ds, "reversed_covers")->where == "test:covers");
        auto ok = minimal();
        ok.set_covers({d(2021, 4, 1), date(boost::date_time::pos_infin)});
        const auto g = std::move(ok).build();
        CHECK(validate(g).empty());
        REQUIRE(g.covers());
        CHECK(g.covers()->from == d(2021, 4, 1));
    }
    SUBCASE("field_not_allowed: the builder uses the field table and drops the field") {
        auto b = minimal();
        b.update_body("E", [](body& e) {
            e.staff_groups = {"nursing"};
            e.side = side::staff;
        });
        auto sub = make("R-x", body_kind::region);
        sub.remit_sectors = {sector::icb};
        (void)b.add_body(sub);
        const auto g = std::move(b).build();
        const auto ds = validate(g);
        CHECK(codes(ds, severity::error) ==
              std::vector<std::string>{"field_not_allowed", "field_not_allowed", "field_not_allowed"});
        CHECK(g[g.at("E")].staff_groups.empty());
        CHECK_FALSE(g[g.at("E")].side);
        CHECK(g[g.at("R-x")].remit_sectors.empty());
    }
}

} // namespace test_validate_cpp
