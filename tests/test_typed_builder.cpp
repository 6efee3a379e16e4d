// The typed builder: kinds in the types, the relation table checked by the
// compiler (see tests/compile_fail/ for what must not compile).
#include <spfgov/as_of.hpp>
#include <spfgov/error_codes.hpp>
#include <spfgov/typed_builder.hpp>
#include <spfgov/validate.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <string_view>

namespace test_typed_builder_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

TEST_CASE("typed handles carry their kind and widen to body handles") {
    typed_builder b;
    auto region = b.add<body_kind::region>("Y60", "Midlands");
    auto system = b.add<body_kind::system>("QHL");
    static_assert(decltype(region)::kind == body_kind::region);
    static_assert(std::is_same_v<decltype(system), typed_body<body_kind::system>>);
    const body_handle untyped = system;
    CHECK(untyped == system.handle());
    b.link<relation::part_of>(system, region);
    const auto g = std::move(b).build();
    CHECK(g[g.at("Y60")].kind == body_kind::region);
    CHECK(g[g.at("Y60")].name == "Midlands");
    CHECK(g.out_links(g.at("QHL")).size() == 1);
}

TEST_CASE("links carry validity and seat roles") {
    typed_builder b;
    auto forum = b.add<body_kind::system_forum>("F");
    auto rep = b.add<body_kind::representative>("rep");
    const validity term{date(2026, 1, 1), date(2028, 1, 1)};
    b.link<relation::seat_on>(rep, forum, term, seat_role::co_chair);
    const auto g = std::move(b).build();
    const auto l = g.out_links(g.at("rep")).front();
    CHECK(g[l].rel == relation::seat_on);
    CHECK(g[l].role == seat_role::co_chair);
    CHECK(g[l].valid == term);
    CHECK(g[l].origin == link_origin::explicit_link);
}

TEST_CASE("a handle of another builder or graph is refused, not taken for whatever body its number names here") {
    // Two builders whose handles have the same numbers: b's link must not join b's own bodies.
    typed_builder a, b;
    const auto a_region = a.add<body_kind::region>("A-REGION");
    const auto a_system = a.add<body_kind::system>("A-SYSTEM");
    (void)b.add<body_kind::region>("B-REGION");
    const auto b_system = b.add<body_kind::system>("B-SYSTEM");
    try {
        b.link<relation::part_of>(a_system, a_region);
        FAIL("another builder's handles must throw");
    } catch (const graph_error& e) {
        CHECK(e.code() == codes::foreign_handle);
    }
    CHECK_THROWS_AS(b.link<relation::part_of>(b_system, a_region), graph_error);
    a.link<relation::part_of>(a_system, a_region);  // its own are taken
    // A copy is a builder of its own: it takes the handles the source had given, not later ones of either.
    typed_builder copy = a;
    const auto copy_system = copy.add<body_kind::system>("COPY-SYSTEM");
    const auto later_in_a = a.add<body_kind::system>("LATER-IN-A");
    copy.link<relation::part_of>(copy_system, a_region);
    CHECK_THROWS_AS(copy.link<relation::part_of>(later_in_a, a_region), graph_error);  // number 2 is COPY-SYSTEM here
    CHECK_THROWS_AS(a.link<relation::part_of>(copy_system, a_region), graph_error);
    // A copy of a copy still takes what the first source had given.
    typed_builder copy_of_copy = copy;
    copy_of_copy.link<relation::part_of>(a_system, a_region);
    copy_of_copy.link<relation::part_of>(copy_system, a_region);
    CHECK_THROWS_AS(copy_of_copy.link<relation::part_of>(later_in_a, a_region), graph_error);
    // A handle made by hand from a number carries no builder: checked only against the bodies there are.
    CHECK_THROWS_AS(b.link<relation::part_of>(b_system, typed_body<body_kind::region>{body_handle{7}}), graph_error);
    const auto g = std::move(a).build();
    // A link handle past the graph's links is graph_error (every exception is an spfgov::error).
    try {
        (void)g[link_handle{5000}];
        FAIL("no such link");
    } catch (const graph_error& e) {
        CHECK(e.code() == codes::unknown_id);
        CHECK(std::string(e.what()).find("link handle 5000 is not in the graph") != std::string::npos);
    }
    CHECK_THROWS_AS((void)g.source(link_handle{5000}), graph_error);
    CHECK_THROWS_AS((void)g.target(link_handle{5000}), graph_error);
    // A body handle the graph does not hold: holds() says so, and no view has it.
    CHECK(g.holds(g.at("A-REGION")));
    CHECK_FALSE(g.holds(body_handle{5000}));
    const as_of_view view(g, date(2026, 1, 1));
    CHECK(view.contains(g.at("A-REGION")));
    CHECK_FALSE(view.contains(body_handle{5000}));
    CHECK_FALSE(view.contains(link_handle{5000}));
}

TEST_CASE("what types cannot check is checked at run time and build() throws") {
    typed_builder dup;
    (void)dup.add<body_kind::region>("Y60");
    try {
        (void)dup.add<body_kind::system>("Y60");
        FAIL("a duplicate id must throw");
    } catch (const graph_error& e) {
        CHECK(e.code() == "duplicate_id");
    }
    try {
        (void)dup.add<body_kind::system>("");
        FAIL("an empty id must throw");
    } catch (const graph_error& e) {
        CHECK(e.code() == "empty_id");
    }
    // As the catalogue says (all_error_codes): both are raised as graph_error here.
    for (const auto code : {codes::empty_id, codes::duplicate_id}) {
        const auto entry = std::find_if(std::begin(all_error_codes), std::end(all_error_codes),
                                        [&](const auto& e) { return e.code == code; });
        REQUIRE(entry != std::end(all_error_codes));
        CHECK(entry->raised_as.find("graph_error") != std::string_view::npos);
    }

    typed_builder reversed;
    (void)reversed.add<body_kind::region>("R", "", validity{date(2027, 1, 1), date(2026, 1, 1)});
    try {
        (void)std::move(reversed).build();
        FAIL("a reversed period must make build() throw");
    } catch (const graph_error& e) {
        CHECK(e.code() == "invalid_graph");
        CHECK(std::string(e.what()).find("reversed_validity") != std::string::npos);
    }
}

} // namespace test_typed_builder_cpp
