// A router that runs out of memory while it builds or caches an epoch keeps
// nothing of it (route.hpp: "if it cannot be, each of them fails with its
// own error"): its cache's counted bytes, its epochs and its routes are a
// fresh router's, and it builds the epoch when asked again. (The index
// index_for makes for its caller is allocated after the epoch is cached:
// when that fails, the epoch stays cached, counted once.) Checked by
// failing each allocation an epoch's build and caching make in turn (the
// binary's replacement of operator new, bench/alloc_count.cpp), which
// includes the map nodes detail::held_chunks::add counts shared chunks in.
#include "../../bench/alloc_count.hpp"

#include <spfgov/generate.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <new>
#include <vector>

namespace test_router_rollback_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

date d(int y, int m, int day) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
}

/// What a router's cache holds, to compare two routers by.
struct cache_state {
    std::size_t built, cached, cached_bytes;
    bool operator==(const cache_state&) const = default;
};
cache_state state_of(const router& r) {
    const auto s = r.statistics();
    return {s.built, s.cached, s.cached_bytes};
}

TEST_CASE("a router that runs out of memory building or caching an epoch counts nothing of it and builds it when asked "
          "again") {
    const governance_graph g = generate_graph({.employers = 40, .seed = 5});
    const router probe(g);
    // Three dates in three epochs: the second and third share most of the
    // first one's table chunks, so caching them counts shared chunks.
    std::vector<date> dates;
    for (date on = d(2021, 1, 1); on < d(2027, 1, 1) && dates.size() < 3; on += boost::gregorian::days(30))
        if (dates.empty() || probe.epoch_of(on) != probe.epoch_of(dates.back())) dates.push_back(on);
    REQUIRE(dates.size() == 3);
    const auto issues = generate_issues(g, {.count = 40, .seed = 2, .from = dates[2], .to = dates[2]});
    REQUIRE(!issues.empty());

    // The reference: a router that never failed.
    const router fresh(g);
    (void)fresh.index_for(dates[0]);
    (void)fresh.index_for(dates[1]);
    const cache_state before = state_of(fresh);
    (void)fresh.index_for(dates[2]);
    const cache_state after = state_of(fresh);
    REQUIRE(after.cached == 3);
    REQUIRE(after.cached_bytes > before.cached_bytes);
    std::vector<route> expected;
    for (const auto& i : issues) expected.push_back(fresh(i));
    // How many allocations building and caching the third epoch makes: the
    // loop below must fail each of them (not stop at one swallowed).
    std::uint64_t allocations = 0;
    {
        router counted(g);
        (void)counted.index_for(dates[0]);
        (void)counted.index_for(dates[1]);
        const std::uint64_t before_third = bench::allocations_by_this_thread();
        (void)counted.index_for(dates[2]);
        allocations = bench::allocations_by_this_thread() - before_third;
    }
    REQUIRE(allocations > 10);

    std::uint64_t failed = 0, cached_before_failing = 0;
    for (std::uint64_t n = 1;; ++n) {
        CAPTURE(n);
        REQUIRE(n < 200000);
        router rt(g);
        (void)rt.index_for(dates[0]);
        (void)rt.index_for(dates[1]);
        REQUIRE(state_of(rt) == before);
        bool threw = false;
        bench::fail_allocation_after(n);
        try {
            (void)rt.index_for(dates[2]);
        } catch (const std::bad_alloc&) {
            threw = true;
        }
        bench::fail_allocation_after(0);
        if (!threw) {  // the build and its caching made fewer than n allocations
            CHECK(n > allocations);
            CHECK(state_of(rt) == after);
            break;
        }
        ++failed;
        // Nothing of the failed epoch counted nor cached; or, when what
        // failed was the index made for the caller after the epoch was
        // cached (index_for's last allocations), the epoch counted once.
        const cache_state failed_state = state_of(rt);
        CHECK((failed_state == before || failed_state == after));
        if (failed_state == after) ++cached_before_failing;
        // Asked again, it gives the epoch (built again, or the one cached
        // before the failure) and counts it as the fresh router did.
        (void)rt.index_for(dates[2]);
        const cache_state again = state_of(rt);
        CHECK(again.cached == after.cached);
        CHECK(again.cached_bytes == after.cached_bytes);
        if (failed % 64 == 1) {  // its routes too, now and then (each failure would take too long)
            for (std::size_t k = 0; k < issues.size(); ++k) CHECK(rt(issues[k]) == expected[k]);
        }
        // Evicted down to the one epoch it keeps, it counts that one's bytes
        // alone: a chunk counted twice, or never, would be left over here.
        rt.set_cache_budget(0);
        const auto kept = rt.statistics();
        CHECK(kept.cached == 1);
        CHECK(kept.cached_bytes == rt.index_for(dates[2])->memory_bytes());
    }
    CHECK(failed > 10);  // building an epoch allocates: the failures above were its own
    CHECK(cached_before_failing >= 1);  // the caller's index failed after the epoch was cached
    CHECK(cached_before_failing < 4);   // and only that
}

} // namespace test_router_rollback_cpp
