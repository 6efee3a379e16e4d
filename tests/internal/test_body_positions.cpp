// Unit tests of the epoch's meeting table and body positions
// (src/routing_detail.hpp: detail::meeting_table, detail::body_positions):
// which bodies have a meeting rule or a ladder, found by the count of
// entries before them. Internals: built only against the static library.
#include "../../src/routing_detail.hpp"

#include <spfgov/generate.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace {

using namespace spfgov;

/// A parsed rule that tells which body it was added for (an invalid rule's
/// reason holds the body's index).
detail::parsed_meeting rule_of(std::uint32_t body) { return std::string("body ") + std::to_string(body); }

void check_finds_exactly(const detail::meeting_table& table, std::uint32_t bodies, const std::set<std::uint32_t>& with) {
    for (std::uint32_t b = 0; b < bodies + 130; ++b) {  // and bodies past the graph's end
        const detail::parsed_meeting* found = table.find(body_handle{b});
        if (!with.count(b)) {
            CHECK_MESSAGE(found == nullptr, "body ", b, " has no rule");
            continue;
        }
        REQUIRE_MESSAGE(found != nullptr, "body ", b, " has a rule");
        CHECK(std::get<std::string>(*found) == "body " + std::to_string(b));
    }
}

} // namespace

TEST_CASE("the meeting table finds each body's own rule, whichever word of bits it falls in, and none for the rest") {
    SUBCASE("rules at the edges of 64-body words, added out of order") {
        const std::set<std::uint32_t> with{0, 1, 62, 63, 64, 127, 128, 191, 199};
        detail::meeting_table table;
        for (auto it = with.rbegin(); it != with.rend(); ++it) table.add(body_handle{*it}, rule_of(*it));
        table.finish(200);
        CHECK_FALSE(table.empty());
        check_finds_exactly(table, 200, with);
    }
    SUBCASE("every body of a word has a rule, and the words around it none") {
        std::set<std::uint32_t> with;
        for (std::uint32_t b = 64; b < 128; ++b) with.insert(b);
        detail::meeting_table table;
        for (auto b : with) table.add(body_handle{b}, rule_of(b));
        table.finish(256);
        check_finds_exactly(table, 256, with);
    }
    SUBCASE("a random tenth of 5,000 bodies") {
        std::mt19937 random(20261206);
        std::set<std::uint32_t> with;
        std::vector<std::uint32_t> order;
        for (std::uint32_t b = 0; b < 5000; ++b)
            if (random() % 10 == 0) order.push_back(b), with.insert(b);
        std::shuffle(order.begin(), order.end(), random);
        detail::meeting_table table;
        for (auto b : order) table.add(body_handle{b}, rule_of(b));
        table.finish(5000);
        check_finds_exactly(table, 5000, with);
    }
    SUBCASE("no rule at all: nothing is found") {
        detail::meeting_table table;
        table.finish(100);
        CHECK(table.empty());
        check_finds_exactly(table, 100, {});
    }
}

TEST_CASE("body positions give each listed body its place in the table, and none to a body not listed") {
    // As the epoch's ladders from escalation targets are looked up: pairs
    // ascending by body index.
    std::vector<std::pair<body_handle, int>> table;
    for (std::uint32_t b : {3u, 63u, 64u, 65u, 700u, 4095u}) table.emplace_back(body_handle{b}, static_cast<int>(b) * 10);
    detail::body_positions positions;
    positions.build(5000, table, [](const auto& entry) { return entry.first.index(); });
    for (std::uint32_t b = 0; b < 5200; ++b) {
        const std::size_t at = positions.position(body_handle{b});
        const auto listed = std::find_if(table.begin(), table.end(), [&](const auto& e) { return e.first.index() == b; });
        if (listed == table.end()) {
            CHECK_MESSAGE(at == detail::body_positions::none, "body ", b);
        } else {
            REQUIRE_MESSAGE(at == static_cast<std::size_t>(listed - table.begin()), "body ", b);
            CHECK(table[at].second == static_cast<int>(b) * 10);
        }
    }
    detail::body_positions empty;
    empty.build(5000, std::vector<std::pair<body_handle, int>>{}, [](const auto& entry) { return entry.first.index(); });
    CHECK(empty.position(body_handle{0}) == detail::body_positions::none);
    CHECK(empty.bytes() == 0);
}

TEST_CASE("a JNCC that escalates to one forum gets that forum's kept ladder, and a body that escalates nowhere none") {
    // R9 walks the ladder itself when this finds none, so routes would not
    // show a lookup that never finds: the epoch's own tables are checked.
    const governance_graph g = generate_graph(generator_options{.employers = 300, .seed = 7});
    const auto epoch = detail::build_epoch(g, boost::gregorian::date(2026, 6, 1));
    const detail::index_data x(epoch, boost::gregorian::date(2026, 6, 1));
    REQUIRE_FALSE(x.target_ladders.empty());
    std::size_t found = 0;
    for (auto b : g.bodies()) {
        const detail::escalation_ladder_walk* ladder = detail::ladder_above_one_target(x, std::span(&b, 1));
        const auto up = x.escalates[b];
        const auto kept = std::find_if(x.target_ladders.begin(), x.target_ladders.end(),
                                       [&](const auto& e) { return up.size() == 1 && e.first == up.front(); });
        if (kept == x.target_ladders.end()) {
            CHECK_MESSAGE(ladder == nullptr, g.id(b));
        } else {
            CHECK_MESSAGE(ladder == &kept->second, g.id(b));
            ++found;
        }
    }
    CHECK(found > 300);  // every employer's JNCCs, at least
}
