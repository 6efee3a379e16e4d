// Unit tests of the epoch tables' layout (src/routing_detail.hpp,
// detail::body_rows): internals, so this binary is built only against a
// static library, whose hidden symbols still link.
#include "../../src/routing_detail.hpp"

#include <spfgov/generate.hpp>
#include <spfgov/graph.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace spfgov;
using pairs = detail::body_rows::pairs;

/// A graph of `n` employers whose ids sort in the reverse of their handles
/// (handle 0 is "E<n-1>"...), so that handle order is never id order.
governance_graph reversed_ids(std::size_t n) {
    graph_builder b;
    for (std::size_t i = 0; i < n; ++i) {
        body x;
        const std::string number = std::to_string(n - 1 - i);
        x.id = "E" + std::string(6 - std::min<std::size_t>(6, number.size()), '0') + number;  // (n < 10^6)
        x.kind = body_kind::employer;
        (void)b.add_body(std::move(x));
    }
    return std::move(b).build();
}

/// What build(rows, found, &g) must give: each row's bodies sorted by id,
/// each once.
std::vector<std::vector<body_handle>> expected(const governance_graph& g, std::size_t rows, const pairs& found) {
    std::vector<std::vector<body_handle>> out(rows);
    for (const auto& [row, item] : found) out[row].push_back(item);
    for (auto& row : out) {
        std::sort(row.begin(), row.end(), [&](body_handle a, body_handle b) { return g.id_rank(a) < g.id_rank(b); });
        row.erase(std::unique(row.begin(), row.end()), row.end());
    }
    return out;
}

std::vector<std::vector<body_handle>> laid_out(const detail::body_rows& t, std::size_t rows) {
    std::vector<std::vector<body_handle>> out(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const auto row = t[body_handle{static_cast<std::uint32_t>(r)}];
        out[r].assign(row.begin(), row.end());
    }
    return out;
}

body_handle h(std::uint32_t i) { return body_handle{i}; }

} // namespace

TEST_CASE("body_rows: rows come out sorted by id with each body once, whatever order they were found in") {
    const governance_graph g = reversed_ids(8);  // id order: handles 7, 6, ..., 0
    const std::size_t rows = 6;
    SUBCASE("already in id order: kept as found") {
        const pairs found{{0, h(7)}, {0, h(5)}, {2, h(3)}, {5, h(1)}, {5, h(0)}};
        detail::body_rows t;
        t.build(rows, found, &g);
        CHECK(laid_out(t, rows) == expected(g, rows, found));
    }
    SUBCASE("a row out of order is sorted; the others stay where they are") {
        const pairs found{{0, h(7)}, {1, h(0)}, {1, h(4)}, {1, h(2)}, {3, h(6)}};
        detail::body_rows t;
        t.build(rows, found, &g);
        CHECK(laid_out(t, rows) == expected(g, rows, found));
    }
    SUBCASE("a body repeated in the first row: the rows after it move left") {
        const pairs found{{0, h(7)}, {0, h(7)}, {0, h(6)}, {1, h(5)}, {4, h(4)}, {4, h(3)}, {5, h(0)}};
        detail::body_rows t;
        t.build(rows, found, &g);
        CHECK(laid_out(t, rows) == expected(g, rows, found));
    }
    SUBCASE("repeats in several rows, between good and empty rows, and in the last row") {
        const pairs found{{1, h(2)}, {1, h(6)}, {1, h(2)}, {2, h(7)}, {3, h(1)}, {3, h(5)}, {3, h(1)}, {3, h(5)},
                          {5, h(3)}, {5, h(3)}, {5, h(3)}};
        detail::body_rows t;
        t.build(rows, found, &g);
        CHECK(laid_out(t, rows) == expected(g, rows, found));
    }
    SUBCASE("without an id order (a ladder), rows keep the order found, repeats included") {
        const pairs found{{2, h(0)}, {2, h(4)}, {2, h(0)}, {0, h(1)}};
        detail::body_rows t;
        t.build(rows, found, nullptr);
        CHECK(laid_out(t, rows)[2] == std::vector<body_handle>{h(0), h(4), h(0)});
        CHECK(laid_out(t, rows)[0] == std::vector<body_handle>{h(1)});
    }
}

TEST_CASE("body_rows: random tables agree with sorting each row by id") {
    const governance_graph g = reversed_ids(40);
    std::mt19937 rng(20261204);
    for (int round = 0; round < 300; ++round) {
        // Up to three chunks of rows (body_rows::chunk_rows each), and a
        // chunk's last rows past the table's end.
        const std::size_t rows = 1 + rng() % (round % 3 == 0 ? 3 * detail::body_rows::chunk_rows : 30);
        pairs found(rng() % (rows < 30 ? 80 : 2 * rows));
        for (auto& [row, item] : found) {
            row = static_cast<std::uint32_t>(rng() % rows);
            item = h(static_cast<std::uint32_t>(rng() % 40));
        }
        // Half the rounds mostly in id order, as epoch builds find them.
        if (round % 2 == 0)
            std::stable_sort(found.begin(), found.end(),
                             [&](const auto& a, const auto& b) { return g.id_rank(a.second) < g.id_rank(b.second); });
        detail::body_rows t;
        t.build(rows, found, &g);
        INFO("round " << round);
        REQUIRE(laid_out(t, rows) == expected(g, rows, found));
        // Built again into the same table (the epoch build lays regions out twice).
        t.build(rows, found, &g);
        REQUIRE(laid_out(t, rows) == expected(g, rows, found));
    }
}

TEST_CASE("body_rows: tables built with a pool share their equal chunks, and read as if they did not") {
    const governance_graph g = reversed_ids(40);
    const std::size_t rows = 3 * detail::body_rows::chunk_rows + 5;
    pairs found;
    for (std::uint32_t r = 0; r < rows; r += 7) found.emplace_back(r, h(r % 40));
    pairs changed = found;
    changed.emplace_back(static_cast<std::uint32_t>(rows - 1), h(3));  // only the last chunk differs
    detail::chunk_pool pool;
    detail::body_rows a, b, c, alone;
    a.build(rows, found, &g, &pool);
    b.build(rows, found, &g, &pool);
    c.build(rows, changed, &g, &pool);
    alone.build(rows, found, &g);
    CHECK(laid_out(a, rows) == expected(g, rows, found));
    CHECK(laid_out(b, rows) == expected(g, rows, found));
    CHECK(laid_out(c, rows) == expected(g, rows, changed));
    CHECK(laid_out(alone, rows) == expected(g, rows, found));
    // The same rows are the same memory; a changed chunk is its own.
    const auto first = [](const detail::body_rows& t, std::uint32_t row) { return t[body_handle{row}].data(); };
    CHECK(first(a, 0) == first(b, 0));
    CHECK(first(a, 0) == first(c, 0));
    CHECK(first(a, static_cast<std::uint32_t>(rows - 1)) == first(b, static_cast<std::uint32_t>(rows - 1)));
    CHECK(first(a, static_cast<std::uint32_t>(rows - 1)) != first(c, static_cast<std::uint32_t>(rows - 1)));
    CHECK(first(a, 0) != first(alone, 0));
}

TEST_CASE("body_rows: a pool forgets the chunks of tables that are gone, so a long batch's pool stays bounded") {
    // Each round's table differs from every other (its row 0 names another
    // body), as epochs evicted one after another would: the pool's entries
    // for chunks no table holds are swept, not kept for ever.
    const governance_graph g = reversed_ids(3100);
    const std::size_t rows = 4 * detail::body_rows::chunk_rows;
    detail::chunk_pool pool;
    std::size_t most = 0;
    for (std::uint32_t round = 0; round < 3000; ++round) {
        const pairs found{{0, h(round)}, {1, h(round + 1)}, {300, h(7)}, {900, h(9)}};
        detail::body_rows t;
        t.build(rows, found, &g, &pool);
        REQUIRE(laid_out(t, rows) == expected(g, rows, found));
        most = std::max(most, pool.entries());
    }
    // 3,000 tables whose first chunk is new each time, each table gone
    // before the next: without sweeping the pool would hold 3,000 entries.
    CHECK(most <= 2 * 1024 + 8);
}

namespace {
/// The distinct chunks of epochs' tables, and their bytes.
std::size_t chunk_bytes_of(std::initializer_list<const detail::epoch_data*> epochs) {
    std::set<const detail::rows_chunk*> seen;
    std::size_t n = 0;
    for (const auto* x : epochs)
        for (const auto* table : x->tables())
            for (const auto& c : table->chunks())
                if (seen.insert(c.get()).second) n += detail::body_rows::chunk_bytes(*c);
    return n;
}
} // namespace

TEST_CASE("held chunks: a chunk two cached epochs share is counted once, and freed with the last of them") {
    // Two dates a year apart on a graph with mergers between them: epochs
    // that share most chunks (one pool), but not all.
    const governance_graph g = generate_graph(generator_options{.employers = 1000, .seed = 3});
    detail::chunk_pool pool;
    const auto a = detail::build_epoch(g, boost::gregorian::date(2023, 1, 15), &pool);
    const auto b = detail::build_epoch(g, boost::gregorian::date(2025, 1, 15), &pool);
    const std::size_t only_a = chunk_bytes_of({a.get()}), only_b = chunk_bytes_of({b.get()});
    const std::size_t both = chunk_bytes_of({a.get(), b.get()});
    REQUIRE(both < only_a + only_b);  // they share chunks
    REQUIRE(both > std::max(only_a, only_b));  // and differ in some
    CHECK(a->bytes == a->own_bytes + only_a);

    detail::held_chunks held;
    CHECK(held.add(*a) == a->bytes);
    CHECK(held.add(*b) == b->own_bytes + (both - only_a));  // only b's chunks a does not hold
    // Counted out in either order, each chunk is freed once, by the last
    // epoch holding it.
    CHECK(held.remove(*a) == a->own_bytes + (both - only_b));
    CHECK(held.remove(*b) == b->bytes);
    CHECK(held.chunks() == 0);

    CHECK(held.add(*b) == b->bytes);
    CHECK(held.add(*a) == a->own_bytes + (both - only_b));
    CHECK(held.remove(*b) == b->own_bytes + (both - only_a));
    CHECK(held.remove(*a) == a->bytes);
    CHECK(held.chunks() == 0);
}
