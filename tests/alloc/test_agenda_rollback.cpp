// agenda_builder::add keeps nothing of a route when it throws (agenda.hpp),
// checked by failing each allocation it makes in turn. Its own binary's
// replacement of operator new (bench/alloc_count.cpp) fails the one asked.
#include "../../bench/alloc_count.hpp"

#include <spfgov/agenda.hpp>
#include <spfgov/generate.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

namespace test_agenda_rollback_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

/// The text agenda of `b` (which write_agenda empties).
std::string text_of(agenda_builder& b) {
    std::string out;
    write_agenda(b, agenda_format::text, [&](std::string_view piece) { out += piece; });
    return out;
}

/// A builder holding `routes`.
agenda_builder holding(const governance_graph& g, const std::vector<route>& routes) {
    agenda_builder b(g);
    for (const auto& r : routes) b.add(r);
    return b;
}

TEST_CASE("an agenda add that runs out of memory at any of its allocations keeps nothing of the route") {
    const governance_graph& g = england_graph();
    const router rt(g);
    std::vector<route> routes;
    for (const auto& i : generate_issues(g, {.count = 60, .seed = 11})) {
        try {
            routes.push_back(rt(i));
        } catch (const spfgov::error&) {
        }
    }
    REQUIRE(routes.size() > 40);
    const std::vector<route> before(routes.begin(), routes.begin() + 20);
    // The routes that reach the most bodies: the most items added at once.
    std::vector<route> added(routes.begin() + 20, routes.end());
    const auto reach = [](const route& r) { return r.lead.size() + r.consult.size() + r.engage.size() + r.inform.size(); };
    std::stable_sort(added.begin(), added.end(), [&](const route& a, const route& b) { return reach(a) > reach(b); });
    added.resize(4);

    agenda_builder reference = holding(g, before);
    const std::size_t items = reference.item_count();
    const std::size_t bodies = reference.body_count();
    const std::string text_before = text_of(reference);
    REQUIRE(items > 0);

    for (const route& r : added) {
        CAPTURE(r.issue);
        agenda_builder whole = holding(g, before);
        whole.add(r);
        REQUIRE(whole.item_count() > items);
        const std::string text_after = text_of(whole);
        std::uint64_t failed = 0;
        for (std::uint64_t n = 1;; ++n) {
            CAPTURE(n);
            REQUIRE(n < 100000);
            agenda_builder b = holding(g, before);
            bool threw = false;
            bench::fail_allocation_after(n);
            try {
                b.add(r);
            } catch (const std::bad_alloc&) {
                threw = true;
            }
            bench::fail_allocation_after(0);
            if (!threw) {  // add made fewer than n allocations
                CHECK(text_of(b) == text_after);
                break;
            }
            ++failed;
            CHECK(b.item_count() == items);
            CHECK(b.body_count() == bodies);
            CHECK(text_of(b) == text_before);
            // A builder that failed so goes on: the same route added again
            // (in another builder, as writing `b` emptied it).
            agenda_builder again = holding(g, before);
            bench::fail_allocation_after(n);
            CHECK_THROWS_AS(again.add(r), std::bad_alloc);
            bench::fail_allocation_after(0);
            again.add(r);
            CHECK(text_of(again) == text_after);
        }
        CHECK(failed > 2);  // add allocates: the failures above were its own
    }
}

} // namespace test_agenda_rollback_cpp
