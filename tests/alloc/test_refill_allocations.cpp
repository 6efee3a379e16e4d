// Refilling a route allocates nothing once warm (issue 11, deliverable 2).
// Its own binary: it counts every operator new of the thread with the
// benchmark's counting replacement (bench/alloc_count.cpp), which the unit
// test binary must not have.
#include "../../bench/alloc_count.hpp"

#include <spfgov/generate.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <new>
#include <string>
#include <thread>
#include <vector>

using namespace spfgov;

namespace {

date d(int y, int m, int day) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
}

/// Issues of a generated mix that route without error or warnings (a
/// warning's text is made per route, by design): nearly all of the mix,
/// redundancy issues with their statutory dates included.
std::vector<issue> plain_issues(const router& rt, std::size_t count, std::uint64_t seed) {
    std::vector<issue> out;
    for (auto& i : generate_issues(rt.graph(), {.count = count, .seed = seed, .from = d(2022, 7, 1), .to = d(2026, 12, 31)})) {
        try {
            const route r = rt(i);
            if (r.warnings.empty()) out.push_back(std::move(i));
        } catch (const spfgov::error&) {
        }
    }
    return out;
}

/// Allocations made by this thread while refilling `out` with each issue in turn.
std::uint64_t allocations_refilling(const router& rt, const std::vector<issue>& issues, route& out) {
    const std::uint64_t before = bench::allocations_by_this_thread();
    for (const auto& i : issues) rt.route_into(i, out);
    return bench::allocations_by_this_thread() - before;
}

} // namespace

TEST_CASE("refilling a route for the same issue again allocates nothing") {
    const router rt(england_graph());
    const auto issues = plain_issues(rt, 200, 3);
    REQUIRE(issues.size() > 100);
    const auto dated = std::count_if(issues.begin(), issues.end(), [&](const issue& i) { return !rt(i).deadlines.empty(); });
    CHECK(dated > 10);  // redundancy issues with statutory dates are among them
    {  // this thread's routing scratch memory grows once, for any route
        route warm;
        (void)allocations_refilling(rt, issues, warm);
        (void)allocations_refilling(rt, issues, warm);
    }
    std::size_t checked = 0;
    for (const auto& i : issues) {
        route out;
        rt.route_into(i, out);  // the route's lists grow to this issue's sizes
        CAPTURE(i.id);
        CHECK(allocations_refilling(rt, {i}, out) == 0);
        ++checked;
    }
    CHECK(checked == issues.size());
}

TEST_CASE("refilling one route over a batch allocates nothing once it has held each route") {
    for (const auto* g : {&england_graph(), static_cast<const governance_graph*>(nullptr)}) {
        const governance_graph generated = g ? governance_graph() : generate_graph({.employers = 300, .seed = 5});
        const router rt(g ? *g : generated);
        const auto issues = plain_issues(rt, 500, 9);
        REQUIRE(issues.size() > 200);
        route out;
        (void)allocations_refilling(rt, issues, out);  // warm: indexes built, lists grown
        (void)allocations_refilling(rt, issues, out);
        CAPTURE(g ? "England" : "generated, 300 employers");
        CHECK(allocations_refilling(rt, issues, out) == 0);
        // And it is the route a fresh routing gives.
        for (const auto& i : issues) {
            rt.route_into(i, out);
            CHECK(out == rt(i));
        }
    }
}

TEST_CASE("routing issues that name staff groups, listed or not, allocates nothing once warm") {
    // R2 checks each unlisted staff group for a near miss of a listed one, or a
    // listed one it is a word of, on every route.
    std::string text = R"({"spfgov": 1, "bodies": [{"id": "E", "kind": "employer", "sector": "nhs_trust"},
      {"id": "E-jncc", "kind": "jncc", "employer": "E"})";
    for (const char* group : {"medical_and_dental", "nursing_and_midwifery", "allied_health", "estates", "admin"})
        text += std::string(R"(, {"id": "E-)") + group + R"(", "kind": "jncc", "employer": "E", "staff_groups": [")" + group + R"("]})";
    text += "]}";
    const auto g = read_graph(text, "groups.json");
    const router rt(g);
    issue i;
    i.id = "S";
    i.kind = issue_kind::role_change;
    i.affected = {"E"};
    i.date = d(2026, 11, 22);
    for (const std::vector<std::string>& groups : std::vector<std::vector<std::string>>{
             {"medical_and_dental"}, {"midwifery_support"}, {"porters", "cleaners", "estates", "pharmacists", "x"}}) {
        // (None warns: "nursing" would, as a word of nursing_and_midwifery, and a warning's text is made.)
        i.staff_groups = groups;
        route out;
        (void)allocations_refilling(rt, {i}, out);
        CAPTURE(groups.front());
        CHECK(allocations_refilling(rt, {i}, out) == 0);
    }
}

TEST_CASE("route_issue_into with an index allocates nothing once warm, its policy checked each call") {
    const router rt(england_graph());
    const auto issues = plain_issues(rt, 50, 3);
    REQUIRE(!issues.empty());
    const routing_index index(england_graph(), issues.front().date);
    route out;
    route_issue_into(index, issues.front(), out);
    route_issue_into(index, issues.front(), out);
    const std::uint64_t before = bench::allocations_by_this_thread();
    route_issue_into(index, issues.front(), out);
    CHECK(bench::allocations_by_this_thread() - before == 0);
}

TEST_CASE("a route made afresh for each issue allocates (what refilling saves)") {
    const router rt(england_graph());
    const auto issues = plain_issues(rt, 100, 3);
    REQUIRE(!issues.empty());
    for (const auto& i : issues) (void)rt(i);  // warm
    const std::uint64_t before = bench::allocations_by_this_thread();
    for (const auto& i : issues) (void)rt(i);
    CHECK(bench::allocations_by_this_thread() - before >= issues.size() * 5);
}

TEST_CASE("a refill that runs out of memory at any of its allocations leaves the thread's later routes whole") {
    const router rt(england_graph());
    const auto issues = plain_issues(rt, 200, 3);
    REQUIRE(issues.size() > 100);
    // The route with the most statutory dates (each citing its law) and
    // rationale entries, refilled with the one with the fewest entries.
    const auto weight = [&](const issue& i) {
        const route r = rt(i);
        return r.deadlines.size() * 100 + r.rationale.size();
    };
    std::vector<std::size_t> by_weight(issues.size());
    for (std::size_t k = 0; k < issues.size(); ++k) by_weight[k] = weight(issues[k]);
    const auto heaviest = std::max_element(by_weight.begin(), by_weight.end()) - by_weight.begin();
    const auto lightest = std::min_element(by_weight.begin(), by_weight.end()) - by_weight.begin();
    const issue& big = issues[static_cast<std::size_t>(heaviest)];
    const issue& small = issues[static_cast<std::size_t>(lightest)];
    REQUIRE(rt(big).deadlines.size() >= 2);
    REQUIRE(rt(small).deadlines.empty());
    const std::vector<issue> later(issues.begin(), issues.begin() + 30);
    std::vector<route> expected;
    for (const auto& i : later) expected.push_back(rt(i));
    const route expected_big = rt(big);
    std::uint64_t failed = 0;
    for (std::uint64_t n = 1;; ++n) {
        CAPTURE(n);
        REQUIRE(n < 10000);
        bool threw = false;
        std::vector<std::string> differs;
        // A thread of its own each time: its routing scratch starts empty,
        // so the refill below allocates (spare texts and levels grow).
        std::thread([&] {
            // A refill first: this thread's spare entries now have room, its
            // spare texts none (the small route cites no law).
            route other;
            rt.route_into(small, other);
            rt.route_into(small, other);
            route held;
            rt.route_into(big, held);
            bench::fail_allocation_after(n);
            try {
                rt.route_into(small, held);
            } catch (const std::bad_alloc&) {
                threw = true;
            }
            bench::fail_allocation_after(0);
            // Routes made afresh take every rationale entry from the spares.
            for (std::size_t k = 0; k < later.size(); ++k) {
                route fresh;
                rt.route_into(later[k], fresh);
                if (!(fresh == expected[k])) differs.push_back(later[k].id);
            }
            rt.route_into(big, held);
            if (!(held == expected_big)) differs.push_back("the refilled route, " + big.id);
        }).join();
        std::string named;
        for (const auto& id : differs) named += " " + id;
        CHECK_MESSAGE(differs.empty(), "routes unlike a fresh routing's:" << named);
        if (!threw) break;
        ++failed;
    }
    CHECK(failed > 0);  // the refill allocated: the failures above were its own
}
