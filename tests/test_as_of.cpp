#include "testland.hpp"

#include <spfgov/as_of.hpp>

#include <boost/graph/breadth_first_search.hpp>

namespace test_as_of_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

TEST_CASE("an as-of view exposes only what is valid on its date") {
    const auto g = testland::build();
    const as_of_view before(g, d(2026, 3, 31)), after(g, d(2026, 4, 1));
    CHECK(before.contains(g.at("E5")));
    CHECK_FALSE(before.contains(g.at("E6")));
    CHECK_FALSE(after.contains(g.at("E5")));
    CHECK(after.contains(g.at("E6")));
    CHECK(before.sources(g.at("S2"), relation::part_of).size() == 3);  // E3, E5, E7
    CHECK(after.targets(g.at("E6-jncc"), relation::escalates_to) == std::vector<body_handle>{g.at("S2-forum")});
    CHECK(after.targets(g.at("E5-jncc"), relation::escalates_to).empty());
    // The lead_union link starts on 2026-01-01.
    CHECK(as_of_view(g, d(2025, 12, 31)).sources(g.at("S1-forum"), relation::lead_union).empty());
    CHECK(as_of_view(g, d(2026, 1, 1)).sources(g.at("S1-forum"), relation::lead_union).size() == 1);
    // range-v3 over the view.
    CHECK(ranges::distance(after.bodies_of_kind(body_kind::subgroup)) == 3);
    // (bodies_of_kind is deleted on a temporary view: its result refers to the view.)
    const as_of_view august(g, d(2026, 8, 1));
    CHECK(ranges::distance(august.bodies_of_kind(body_kind::subgroup)) == 2);
}

TEST_CASE("an explicit escalates_to hides the default only on the dates it is valid") {
    graph_builder b(testland::build());
    spfgov::link_data l;
    l.rel = relation::escalates_to;
    l.valid = {d(2026, 6, 1), d(2026, 9, 1)};
    b.add_link("E4-jncc", "S1-forum", l);
    const auto g = std::move(b).build();
    auto ladder_step = [&](date on) {
        const as_of_view v(g, on);
        std::vector<std::string> out;
        for (auto h : v.targets(g.at("E4-jncc"), relation::escalates_to)) out.push_back(g.id(h));
        return out;
    };
    CHECK(ladder_step(d(2026, 5, 31)) == std::vector<std::string>{"S3-forum"});
    CHECK(ladder_step(d(2026, 6, 1)) == std::vector<std::string>{"S1-forum"});
    CHECK(ladder_step(d(2026, 9, 1)) == std::vector<std::string>{"S3-forum"});
}

TEST_CASE("Boost.Graph algorithms run on the view") {
    const auto g = testland::build();
    const as_of_view v(g, d(2026, 5, 1));
    // Count the bodies a breadth-first search reaches from E1-jncc along visible links.
    std::vector<boost::default_color_type> colour(g.body_count(), boost::white_color);
    std::size_t reached = 0;
    struct counter : boost::default_bfs_visitor {
        std::size_t* n;
        void discover_vertex(governance_graph::vertex_descriptor, const as_of_view::filtered_type&) const { ++*n; }
    };
    boost::breadth_first_search(v.boost_graph(), governance_graph::vertex(g.at("E1-jncc")),
                                boost::visitor(counter{{}, &reached})
                                    .color_map(boost::make_iterator_property_map(colour.begin(),
                                                                                 boost::get(boost::vertex_index, g.boost_graph()))));
    // E1-jncc, E1 (committee_of), S1 and RA (part_of), unison (recognises),
    // S1-forum, RA-spf, spf (escalates_to/reports_to).
    CHECK(reached == 8);
    // On a date before E1-jncc's forum chain changes nothing; E5-jncc on a date after E5 ended is hidden.
    CHECK_FALSE(v.contains(g.at("E5-jncc")));
}

} // namespace test_as_of_cpp
