#include "testland.hpp"

#include <spfgov/graph.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <range/v3/range/conversion.hpp>
#include <range/v3/view/transform.hpp>

namespace test_graph_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

TEST_CASE("a body and a link stay small: a million-employer graph holds two million bodies and four million links") {
    // Issue 11: 400 bytes a body resident, links and positions included. These
    // sizes (libstdc++; smaller with libc++) took the 1M graph to 349 B.
    CHECK(sizeof(body) <= 176);
    CHECK(sizeof(link_data) <= 44);
    CHECK(sizeof(source_position) <= 24);
    CHECK(sizeof(body::meets) == sizeof(void*));
}

TEST_CASE("bodies are found by id in O(1) and handles are strong types") {
    const auto g = testland::build();
    const auto e1 = g.find("E1");
    REQUIRE(e1.has_value());
    CHECK(g[*e1].kind == body_kind::employer);
    CHECK(g[*e1].sector == sector::nhs_trust);
    CHECK(g.id(*e1) == "E1");
    CHECK_FALSE(g.find("nope").has_value());
    CHECK_THROWS_AS((void)g.at("nope"), graph_error);
    static_assert(!std::is_convertible_v<std::size_t, body_handle>);
    static_assert(!std::is_convertible_v<body_handle, std::size_t>);
    static_assert(!std::is_convertible_v<link_handle, body_handle>);
    // id_rank orders as ids do.
    CHECK(g.id_rank(g.at("E1")) < g.id_rank(g.at("E10")));
    CHECK(g.id_rank(g.at("E10")) < g.id_rank(g.at("E2")));
}

TEST_CASE("the id index finds each of many bodies, through its growth and in copies, and no other id") {
    // Grown from empty (no reserve), so every regrowth of the table is crossed.
    graph_builder b;
    std::vector<std::string> ids;
    for (int i = 0; i < 5000; ++i) {
        ids.push_back((i % 3 == 0 ? "a-long-id-past-the-short-string-buffer-" : "r") + std::to_string(i));
        body r;
        r.id = ids.back();
        r.kind = body_kind::region;
        REQUIRE(b.add_body(std::move(r)));
    }
    body again;
    again.id = ids[1234];
    again.kind = body_kind::region;
    CHECK_FALSE(b.add_body(std::move(again)));  // a duplicate id is found as such
    const governance_graph g = std::move(b).build();
    const governance_graph copy = g;  // NOLINT(performance-unnecessary-copy-initialization): copies keep the index
    for (std::size_t i = 0; i < ids.size(); ++i) {
        REQUIRE(g.find(ids[i]) == body_handle{static_cast<std::uint32_t>(i)});
        REQUIRE(copy.find(ids[i]) == body_handle{static_cast<std::uint32_t>(i)});
    }
    for (const std::string absent : {"", "r", "r5000", "a-long-id-past-the-short-string-buffer-1", "R1", "r1 "})
        CHECK_FALSE(g.find(absent));
    CHECK(g.build_diagnostics().size() == 1);
    CHECK(g.build_diagnostics().front().code == "duplicate_id");
}

TEST_CASE("ids up to fourteen bytes and past them are told apart from their kinds' table, NUL and high bytes too") {
    // find() compares short ids in a dense table of 16 bytes a body and
    // longer ones in the bodies: ids alike in their first fourteen bytes,
    // prefixes of each other, and with NUL or high bytes must all stay apart.
    const std::vector<std::string> ids = {
        "E", "E1", "abcdefghijklm", "abcdefghijklmn", "abcdefghijklmno", "abcdefghijklmnoX",
        std::string("abcdefghijklm\0", 14), std::string("ab\0", 3), "\xc3\xa9" "cole", "\xff\xfe"};
    const body_kind kinds[] = {body_kind::employer, body_kind::region, body_kind::jncc, body_kind::trade_union};
    graph_builder b;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        body x;
        x.id = ids[i];
        x.kind = kinds[i % 4];
        REQUIRE(b.add_body(std::move(x)));
    }
    const governance_graph g = std::move(b).build();
    const governance_graph copy = g;  // NOLINT(performance-unnecessary-copy-initialization): copies keep the table
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CAPTURE(i);
        const body_handle h{static_cast<std::uint32_t>(i)};
        CHECK(g.find(ids[i]) == h);
        CHECK(copy.find(ids[i]) == h);
        CHECK(g.kind(h) == kinds[i % 4]);
        CHECK(copy.kind(h) == kinds[i % 4]);
    }
    const std::vector<std::string> absent_ids = {
        "abcdefghijklmnp", "abcdefghijklmnoY", "abcdefghijklmnoXZ", "abcdefghijkl", std::string("abcdefghijklmn\0", 15),
        std::string("E\0", 2), "ab", std::string("ab\0\0", 4), "\xc3\xa9" "col", "\xff"};
    for (const auto& absent : absent_ids) {
        CAPTURE(absent);
        CHECK_FALSE(g.find(absent));
    }
    // Every body of a real graph: the table's kind is the body's.
    const auto land = testland::build();
    for (auto h : land.bodies()) CHECK(land.kind(h) == land[h].kind);
}

TEST_CASE("a body stays found by its id when a what-if change throws, and a moved-from builder starts empty") {
    graph_builder b;
    body r;
    r.id = "Y60";
    r.kind = body_kind::region;
    REQUIRE(b.add_body(r));
    CHECK_THROWS_AS(b.update_body("Y60", [](body& x) {
        x.id = "renamed";
        throw std::runtime_error("the change failed half way");
    }), std::runtime_error);
    CHECK(b.find("Y60"));
    CHECK_FALSE(b.find("renamed"));
    CHECK(b.body_at(*b.find("Y60")).id == "Y60");

    graph_builder moved = std::move(b);
    CHECK(moved.find("Y60"));
    b = graph_builder();  // reused after the move
    CHECK_FALSE(b.find("Y60"));
    REQUIRE(b.add_body(r));
    CHECK(b.find("Y60") == body_handle{0});
}

TEST_CASE("id ranks order bodies as their ids' bytes do, past the first eight bytes and through NUL and high bytes") {
    // id_rank sorts on the first eight bytes first: ids alike there, ids
    // that are prefixes of others, NUL bytes and bytes over 0x7f must still
    // come out in plain byte order (std::string_view's).
    const std::vector<std::string> ids = {
        "E1000000002", "E1000000001", "E10000000", "E1000000", std::string("E1000000\0", 9), "E100000",
        std::string("E\0", 2), "E", "e", "\xc3\xa9" "cole", "\x7f", "ABCDEFGHZ", "ABCDEFGHA", "ABCDEFGH"};
    graph_builder b;
    for (const auto& id : ids) {
        body x;
        x.id = id;
        x.kind = body_kind::trade_union;
        REQUIRE(b.add_body(std::move(x)));
    }
    const auto g = std::move(b).build();
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end(), [](const std::string& x, const std::string& y) {
        return std::string_view(x) < std::string_view(y);
    });
    std::vector<std::string> by_rank(ids.size());
    for (auto h : g.bodies()) by_rank.at(g.id_rank(h)) = g.id(h);
    CHECK(by_rank == sorted);
}

TEST_CASE("reserve is a hint: a builder given less or more room builds the same graph") {
    auto build_with = [](std::optional<std::pair<std::size_t, std::size_t>> room) {
        graph_builder b;
        if (room) b.reserve(room->first, room->second);
        for (int i = 0; i < 40; ++i) {
            body e;
            e.id = "E" + std::to_string(i);
            e.kind = body_kind::employer;
            (void)b.add_body(std::move(e));
            link_data l;
            l.rel = relation::succeeds;
            if (i > 0) b.add_link("E" + std::to_string(i), "E" + std::to_string(i - 1), l);
        }
        const auto g = std::move(b).build();
        std::string out;
        for (auto l : g.links()) out += g.id(g.source(l)) + ">" + g.id(g.target(l)) + " ";
        return std::to_string(g.body_count()) + " " + out;
    };
    const std::string plain = build_with(std::nullopt);
    CHECK(plain.starts_with("40 E1>E0 E2>E1 "));
    CHECK(build_with(std::pair{std::size_t{0}, std::size_t{0}}) == plain);
    CHECK(build_with(std::pair{std::size_t{3}, std::size_t{2}}) == plain);
    CHECK(build_with(std::pair{std::size_t{1000}, std::size_t{1000}}) == plain);
}

TEST_CASE("a multigraph: two bodies joined by several relations") {
    graph_builder b;
    body e;
    e.id = "E";
    e.kind = body_kind::employer;
    body u;
    u.id = "U";
    u.kind = body_kind::trade_union;
    body a;
    a.id = "A";
    a.kind = body_kind::agreement;
    (void)b.add_body(e);
    (void)b.add_body(u);
    (void)b.add_body(a);
    spfgov::link_data l1;
    l1.rel = relation::recognises;
    spfgov::link_data l2 = l1;
    l2.valid = {d(2020, 1, 1), d(2021, 1, 1)};  // recognised twice, at different times
    b.add_link("E", "U", l1);
    b.add_link("E", "U", l2);
    spfgov::link_data p;
    p.rel = relation::party_to;
    b.add_link("E", "A", p);
    b.add_link("U", "A", p);
    const auto g = std::move(b).build();
    CHECK(g.build_diagnostics().empty());
    CHECK(g.link_count() == 4);
    CHECK(g.out_links(g.at("E")).size() == 3);
    CHECK(g.in_links(g.at("A")).size() == 2);
}

TEST_CASE("a body's links in and out come in the order they were given, whichever body they join") {
    // The graph keeps its links sorted by source; in_links must still give
    // link order, not source order (reports list agreements' parties so).
    graph_builder b;
    for (const auto& [id, kind] : {std::pair{"E", body_kind::employer}, std::pair{"U", body_kind::trade_union},
                                   std::pair{"A", body_kind::agreement}}) {
        body x;
        x.id = id;
        x.kind = kind;
        (void)b.add_body(x);
    }
    spfgov::link_data party;
    party.rel = relation::party_to;
    spfgov::link_data recognises;
    recognises.rel = relation::recognises;
    b.add_link("U", "A", party);       // link 0: from the body added second
    b.add_link("E", "U", recognises);  // link 1
    b.add_link("E", "A", party);       // link 2: from the body added first
    const auto g = std::move(b).build();
    REQUIRE(g.link_count() == 3);
    std::vector<std::string> parties;
    for (auto l : g.in_links(g.at("A"))) parties.push_back(g.id(g.source(l)));
    CHECK(parties == std::vector<std::string>{"U", "E"});
    const auto out = g.out_links(g.at("E"));
    REQUIRE(out.size() == 2);
    CHECK(g[out[0]].rel == relation::recognises);
    CHECK(g.target(out[1]) == g.at("A"));
    for (auto l : g.links()) CHECK(g[l].handle == l);  // each link knows its own handle
}

TEST_CASE("default escalates_to and reports_to links are derived from structure") {
    const auto g = testland::build();
    auto derived_targets = [&](const char* from, relation rel) {
        std::vector<std::string> out;
        for (auto l : g.out_links(g.at(from)))
            if (g[l].rel == rel && g[l].origin == link_origin::derived) out.push_back(g.id(g.target(l)));
        std::sort(out.begin(), out.end());
        return out;
    };
    CHECK(derived_targets("E1-jncc", relation::escalates_to) == std::vector<std::string>{"S1-forum"});
    CHECK(derived_targets("E7-jncc", relation::escalates_to) == std::vector<std::string>{"S1-forum", "S2-forum"});
    CHECK(derived_targets("S1-forum", relation::escalates_to) == std::vector<std::string>{"RA-spf"});
    CHECK(derived_targets("S1-forum", relation::reports_to) == std::vector<std::string>{"RA-spf"});
    CHECK(derived_targets("RA-spf", relation::escalates_to) == std::vector<std::string>{"spf"});
    CHECK(derived_targets("RA-spf", relation::reports_to) == std::vector<std::string>{"spf"});
    CHECK(derived_targets("spf-tpg", relation::escalates_to) == std::vector<std::string>{"spf"});
    CHECK(derived_targets("S1-pb", relation::escalates_to).empty());  // people boards: no default
    // A derived link is valid only while everything it came from is: E5-jncc's ends with E5.
    for (auto l : g.out_links(g.at("E5-jncc")))
        if (g[l].origin == link_origin::derived) CHECK(g[l].valid.to == d(2026, 4, 1));
    // The subgroup's default link starts with the subgroup.
    for (auto l : g.out_links(g.at("spf-tpg")))
        if (g[l].origin == link_origin::derived) CHECK(g[l].valid.from == d(2021, 4, 1));
}

TEST_CASE("graph_builder collects every problem and leaves the bad records out") {
    graph_builder b;
    body s;
    s.id = "S";
    s.kind = body_kind::system;
    s.where = source_position("t.json", 3, 5, "/bodies/0");
    body dup = s;
    dup.where = source_position("t.json", 4, 5, "/bodies/1");
    body j;
    j.id = "J";
    j.kind = body_kind::jncc;
    body bad;
    bad.id = "B";
    bad.kind = body_kind::region;
    bad.valid = {d(2027, 1, 1), d(2026, 1, 1)};
    body nameless;
    nameless.kind = body_kind::region;
    CHECK(b.add_body(s).has_value());
    CHECK_FALSE(b.add_body(dup).has_value());
    CHECK(b.add_body(j).has_value());
    CHECK(b.add_body(bad).has_value());
    CHECK_FALSE(b.add_body(nameless).has_value());
    spfgov::link_data part;
    part.rel = relation::part_of;
    part.where = source_position("t.json", 9, 5, "/links/0");
    b.add_link("J", "S", part);        // forbidden: jncc part_of system
    b.add_link("S", "nowhere", part);  // dangling
    spfgov::link_data succ;
    succ.rel = relation::succeeds;
    b.add_link("S", "J", succ);  // different kinds
    const auto g = std::move(b).build();
    std::vector<std::string> codes;
    for (const auto& x : g.build_diagnostics()) codes.push_back(x.code);
    CHECK(codes == std::vector<std::string>{"duplicate_id", "reversed_validity", "empty_id", "forbidden_link",
                                            "dangling_reference", "succeeds_kind_mismatch"});
    CHECK(g.build_diagnostics()[0].where == "t.json:4:5 /bodies/1");
    CHECK(g.build_diagnostics()[0].message.find("at t.json:3:5 /bodies/0;") != std::string::npos);
    CHECK(g.build_diagnostics()[3].subject == "J -part_of-> S");
    CHECK(g.build_diagnostics()[3].message.find("jncc") != std::string::npos);
    CHECK(g.link_count() == 0);
    CHECK_THROWS_AS((void)graph_builder(g).build_or_throw(), graph_error);
}

TEST_CASE("a builder made from a graph copies it for what-if changes") {
    const auto g = testland::build();
    graph_builder what_if(g);
    body merged;
    merged.id = "E13";
    merged.kind = body_kind::employer;
    merged.valid = {d(2027, 4, 1), date(boost::date_time::pos_infin)};
    (void)what_if.add_body(merged);
    const auto g2 = std::move(what_if).build();
    CHECK(g2.body_count() == g.body_count() + 1);
    CHECK(g2.link_count() == g.link_count());  // derived links re-derived, not copied twice
}

TEST_CASE("range-v3 queries compose over the graph") {
    const auto g = testland::build();
    const auto systems = g.bodies_of_kind(body_kind::system) |
                         ranges::views::transform([&](body_handle h) { return g.id(h); }) |
                         ranges::to<std::vector<std::string>>();
    CHECK(systems == std::vector<std::string>{"S1", "S2", "S3"});
}

TEST_CASE("update_body changes a body for a what-if, but never its id") {
    graph_builder what_if(testland::build());
    what_if.update_body("E1", [](body& b) { b.valid.to = d(2027, 4, 1); });
    CHECK_THROWS_AS(what_if.update_body("nope", [](body&) {}), graph_error);
    try {
        what_if.update_body("E2", [](body& b) { b.id = "E2b"; });
        FAIL("changing an id must throw");
    } catch (const graph_error& e) {
        CHECK(e.code() == "id_changed");
    }
    const auto g = std::move(what_if).build();
    CHECK(g[g.at("E1")].valid.to == d(2027, 4, 1));
    CHECK(g.find("E2").has_value());
}

TEST_CASE("a kind changed by update_body is the kind the graph's links are checked against and routing reads") {
    // A what-if that changes a kind changes what the links are checked
    // against (build) and what routing reads (kind(), kept apart from the bodies).
    graph_builder b;
    REQUIRE(b.add_body({.id = "Y60", .kind = body_kind::region}));
    REQUIRE(b.add_body({.id = "QHL", .kind = body_kind::region}));
    link_data part;
    part.rel = relation::part_of;
    b.add_link("QHL", "Y60", part);  // region part_of region: forbidden, unless QHL becomes a system
    b.update_body("QHL", [](body& x) { x.kind = body_kind::system; });
    // A change that throws half way still leaves the kind it made.
    CHECK_THROWS_AS(b.update_body("Y60", [](body& x) {
        x.kind = body_kind::national_forum;
        throw std::runtime_error("half way");
    }), std::runtime_error);
    b.update_body("Y60", [](body& x) { x.kind = body_kind::region; });
    const auto g = std::move(b).build();
    CHECK(g.build_diagnostics().empty());
    CHECK(g.kind(g.at("QHL")) == body_kind::system);
    CHECK(g.kind(g.at("Y60")) == body_kind::region);
    for (auto h : g.bodies()) CHECK(g.kind(h) == g[h].kind);
}

TEST_CASE("copies and moves keep every link intact") {
    std::vector<governance_graph> graphs;
    {
        const auto original = testland::build();
        governance_graph copy = original;              // copy
        graphs.push_back(std::move(copy));            // move
        graphs.push_back(original);                   // copy into the vector
        governance_graph assigned;
        assigned = original;                          // copy assignment
        graphs.push_back(std::move(assigned));
        graphs.reserve(100);                          // relocation moves them all
    }  // the original is gone
    for (const auto& g : graphs) {
        REQUIRE(g.link_count() > 0);
        for (auto l : g.links()) {
            CHECK(g[l].handle == l);
            CHECK(g.find(g.id(g.source(l))) == g.source(l));
        }
        CHECK(g.id(g.target(g.out_links(g.at("E1-jncc")).front())) == "E1");
    }
}

TEST_CASE("a link may name a body added after it, and an overlay can find or remove it by ids either way") {
    graph_builder b;
    link_data succ;
    succ.rel = relation::succeeds;
    succ.where = source_position("t.json", 9, 5, "/links/0");
    b.add_link("E2", "E1", succ);  // neither body yet
    body e1;
    e1.id = "E1";
    e1.kind = body_kind::employer;
    (void)b.add_body(e1);
    b.add_link("E3", "E1", succ);  // E1 known, E3 not yet
    CHECK(b.has_link("E2", "E1", succ));
    CHECK(b.has_link("E3", "E1", succ));
    CHECK_FALSE(b.has_link("E1", "E2", succ));
    body e2 = e1, e3 = e1, e4 = e1;
    e2.id = "E2";
    e3.id = "E3";
    e4.id = "E4";
    (void)b.add_body(e2);
    (void)b.add_body(e3);
    (void)b.add_body(e4);
    b.add_link("E4", "E3", succ);  // both known
    CHECK(b.remove_links("E3", relation::succeeds) == 1);
    CHECK(b.remove_links("E3", relation::succeeds) == 0);
    b.add_link("E4", "E5", succ);  // E5 never comes
    const auto g = std::move(b).build();
    std::string links;
    for (auto l : g.links()) links += g.id(g.source(l)) + ">" + g.id(g.target(l)) + " ";
    CHECK(links == "E2>E1 E4>E3 ");
    REQUIRE(g.build_diagnostics().size() == 1);
    CHECK(g.build_diagnostics()[0].code == "dangling_reference");
    CHECK(g.build_diagnostics()[0].subject == "E4 -succeeds-> E5");
}

TEST_CASE("the same link given twice counts once, and the warning names where it was first given") {
    graph_builder b;
    for (const char* id : {"E1", "E2"}) {
        body e;
        e.id = id;
        e.kind = body_kind::employer;
        (void)b.add_body(e);
    }
    link_data succ;
    succ.rel = relation::succeeds;
    for (int i = 0; i < 3; ++i) {
        succ.where = source_position("t.json", 9 + static_cast<std::size_t>(i), 5, "/links/" + std::to_string(i));
        b.add_link("E2", "E1", succ);
    }
    succ.valid = {d(2020, 1, 1), d(2021, 1, 1)};  // another period: another link
    succ.where = source_position("t.json", 12, 5, "/links/3");
    b.add_link("E2", "E1", succ);
    const auto g = std::move(b).build();
    CHECK(g.link_count() == 2);
    REQUIRE(g.build_diagnostics().size() == 2);
    for (const auto& x : g.build_diagnostics()) {
        CHECK(x.code == "duplicate_link");
        CHECK(x.message.find("/links/0") != std::string::npos);
    }
    CHECK(g.build_diagnostics()[1].where == "t.json:11:5 /links/2");
}

TEST_CASE("a copied builder is its own: changing the copy leaves the original as it was") {
    graph_builder original(testland::build());
    graph_builder copy = original;
    copy.update_body("E1", [](body& b) { b.name = "Renamed"; });
    body extra;
    extra.id = "X1";
    extra.kind = body_kind::employer;
    (void)copy.add_body(extra);
    CHECK(copy.body_count() == original.body_count() + 1);
    CHECK(original.body_at(*original.find("E1")).name != "Renamed");
    CHECK_FALSE(original.find("X1").has_value());
    graph_builder assigned;
    assigned = copy;
    CHECK(assigned.body_at(*assigned.find("E1")).name == "Renamed");
    CHECK_THROWS_AS((void)assigned.body_at(body_handle{static_cast<std::uint32_t>(assigned.body_count())}), graph_error);
    CHECK_THROWS_AS((void)graph_builder{}.body_at(body_handle{0}), graph_error);  // an spfgov::error, as every exception
    const auto a = std::move(original).build();
    const auto c = std::move(copy).build();
    CHECK(c.body_count() == a.body_count() + 1);
    CHECK(c.link_count() == a.link_count());
    CHECK(c[c.at("E1")].name == "Renamed");
    CHECK(a[a.at("E1")].name != "Renamed");
}

TEST_CASE("links naming a body that could not be read can be dropped, but not those naming a body added") {
    graph_builder b;
    body e1;
    e1.id = "E1";
    e1.kind = body_kind::employer;
    (void)b.add_body(e1);
    link_data succ;
    succ.rel = relation::succeeds;
    b.add_link("BAD", "E1", succ);    // BAD is never added: dropped
    b.add_link("E1", "LATER", succ);  // LATER is added after the link: kept
    b.add_link("E1", "GONE", succ);   // GONE is not asked about: kept, and dangling
    body later = e1;
    later.id = "LATER";
    (void)b.add_body(later);
    std::vector<std::string> asked;
    const auto removed = b.remove_links_naming_missing([&](std::string_view id) {
        asked.emplace_back(id);
        return id == "BAD" || id == "LATER";
    });
    CHECK(removed == 1);
    CHECK(asked == std::vector<std::string>{"BAD", "GONE"});  // never an id that a body has
    CHECK_FALSE(b.has_link("BAD", "E1", succ));
    CHECK(b.has_link("E1", "LATER", succ));
    const auto g = std::move(b).build();
    CHECK(g.link_count() == 1);
    REQUIRE(g.build_diagnostics().size() == 1);
    CHECK(g.build_diagnostics()[0].subject == "E1 -succeeds-> GONE");
}

} // namespace test_graph_cpp
