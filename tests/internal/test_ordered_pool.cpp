// Unit tests of the streaming ordered pool of route --issues
// (src/cli/ordered_pool.hpp): lines routed on several threads come out in
// input order, the ring bounds what is read ahead, and what routing a line
// throws reaches the caller in that line's turn.
#include "../../src/cli/ordered_pool.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct test_line {
    std::size_t number = 0;
    std::size_t result = 0;
    unsigned thread = 0;
};

using pool_type = spfgov::cli::ordered_pool<test_line>;

/// Feeds lines 1..count through `pool` as route_batch does: fill, stage,
/// publish in small groups; write what is finished, help, or wait.
/// Returns the line numbers in the order written.
std::vector<std::size_t> run_lines(pool_type& pool, std::size_t count) {
    std::vector<std::size_t> written;
    const auto write_finished = [&] {
        while (const std::size_t ready = pool.finished()) {
            for (std::size_t k = 0; k < ready; ++k) {
                const test_line& line = pool.finished_line(k);
                CHECK(line.result == line.number * 3);
                written.push_back(line.number);
            }
            pool.release(ready);
        }
    };
    const auto make_progress = [&](bool until_all) {
        pool.publish();
        while (pool.unwritten()) {
            write_finished();
            if (!until_all && pool.slot_to_fill()) return;
            if (!pool.help() && pool.unwritten()) pool.wait_for_next();
        }
    };
    for (std::size_t n = 1; n <= count;) {
        test_line* line = pool.slot_to_fill();
        if (!line) {
            make_progress(false);
            continue;
        }
        line->number = n++;
        pool.stage();
        if (pool.staged() >= 16) pool.publish();
    }
    make_progress(true);
    return written;
}

} // namespace

TEST_CASE("ordered_pool: lines routed on three threads are written in input order, each once") {
    std::atomic<unsigned> routed_by_pool_threads{0};
    pool_type pool(3, 64, [&](test_line& line, unsigned thread) {
        CHECK(thread < 3);
        if (thread != 0) ++routed_by_pool_threads;
        // Uneven work, so that lines finish out of order.
        std::size_t spin = (line.number % 7) * 2000;
        volatile std::size_t sink = 0;
        while (spin-- != 0) sink = sink + 1;
        line.result = line.number * 3;
        line.thread = thread;
    });
    const auto written = run_lines(pool, 5000);
    REQUIRE(written.size() == 5000);
    bool in_order = true;
    for (std::size_t k = 0; k < written.size(); ++k) in_order = in_order && written[k] == k + 1;
    CHECK(in_order);
    MESSAGE("lines routed by the pool's threads: " << routed_by_pool_threads.load());
}

TEST_CASE("ordered_pool: no more lines are read ahead than the ring holds") {
    pool_type pool(2, 8, [](test_line& line, unsigned) { line.result = line.number * 3; });
    for (std::size_t n = 1; n <= 8; ++n) {
        test_line* line = pool.slot_to_fill();
        REQUIRE(line != nullptr);
        line->number = n;
        pool.stage();
    }
    CHECK(pool.slot_to_fill() == nullptr);  // eight lines read, none written
    pool.publish();
    while (pool.help()) {
    }
    while (pool.finished() < 8) pool.wait_for_next();
    CHECK(pool.slot_to_fill() == nullptr);  // routed, but not yet written
    pool.release(3);
    CHECK(pool.slot_to_fill() != nullptr);  // three slots free again
}

TEST_CASE("ordered_pool: what routing a line throws on a pool thread reaches the caller in that line's turn") {
    for (const unsigned threads : {1U, 2U, 4U}) {
        CAPTURE(threads);
        std::vector<std::size_t> written;
        bool thrown = false;
        {
            pool_type pool(threads, 32, [](test_line& line, unsigned) {
                if (line.number == 777) throw std::runtime_error("line 777 cannot be routed");
                line.result = line.number * 3;
            });
            try {
                written = run_lines(pool, 2000);
            } catch (const std::runtime_error& e) {
                thrown = std::string(e.what()) == "line 777 cannot be routed";
            }
            // The pool's destructor stops and joins its threads (an exception
            // escaping a thread would have ended the process).
        }
        CHECK(thrown);
        CHECK(written.empty());  // run_lines gave nothing back: it threw
    }
}

TEST_CASE("ordered_pool: the lines before a failing line are all written first") {
    std::vector<std::size_t> written;
    pool_type pool(2, 32, [](test_line& line, unsigned) {
        if (line.number == 100) throw std::runtime_error("no");
        line.result = line.number * 3;
    });
    pool.publish();
    for (std::size_t n = 1; n <= 32; ++n) {
        test_line* line = pool.slot_to_fill();
        REQUIRE(line != nullptr);
        line->number = n + 80;  // lines 81..112: the 20th fails
        pool.stage();
    }
    pool.publish();
    while (pool.help()) {
    }
    std::size_t released = 0;
    bool thrown = false;
    while (released < 32 && !thrown) {
        pool.wait_for_next();
        const std::size_t ready = pool.finished();
        std::size_t k = 0;
        try {
            for (; k < ready; ++k) written.push_back(pool.finished_line(k).number);
        } catch (const std::runtime_error&) {
            thrown = true;
        }
        pool.release(k);
        released += k;
    }
    CHECK(thrown);
    REQUIRE(written.size() == 19);
    CHECK(written.front() == 81);
    CHECK(written.back() == 99);
}
