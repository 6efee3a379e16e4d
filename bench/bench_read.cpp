// Reading issue lines (issue 11, deliverable 4): read_issue's simdjson fast
// path against the located reader (nlohmann SAX with positions) it falls back
// to, and read_issue itself (the two together, as every batch line is read),
// over 20,000 generated lines (1,000-employer graph, dates over 2020..2026).
// Registered by a static object, so bench_main.cpp needs no change.
#include "bench_common.hpp"

#include "spfgov/detail/issue_reading.hpp"
#include "spfgov/io.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

namespace {

using namespace spfgov;

const std::vector<std::string>& lines() {
    static const std::vector<std::string> out = [] {
        issue_mix_options mix;
        mix.count = 20000;
        mix.from = date(2020, 1, 1);
        mix.to = date(2026, 12, 31);
        std::vector<std::string> made;
        generate_issues(graph(1000), mix, [&](const issue& i) { made.push_back(write_issue(i)); });
        return made;
    }();
    return out;
}

template <class Read>
void read_lines(benchmark::State& state, Read read) {
    const auto& ls = lines();
    const read_limits limits;
    std::size_t n = 0, bytes = 0, affected = 0;
    for (auto _ : state) {
        const std::string& line = ls[n];
        affected += read(line, limits).affected.size();
        bytes += line.size();
        if (++n == ls.size()) n = 0;
    }
    benchmark::DoNotOptimize(affected);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

[[maybe_unused]] const bool registered = [] {
    benchmark::RegisterBenchmark("read/issue:simdjson", [](benchmark::State& s) {
        read_lines(s, [](const std::string& line, const read_limits& limits) {
            auto i = detail::read_issue_fast(line, limits);
            if (!i) throw std::runtime_error("the fast path gave up on a generated line: " + line);
            return std::move(*i);
        });
    })->MinTime(0.5);
    benchmark::RegisterBenchmark("read/issue:located", [](benchmark::State& s) {
        read_lines(s, [](const std::string& line, const read_limits& limits) {
            return detail::read_issue_located(line, "<bench>", limits);
        });
    })->MinTime(0.5);
    benchmark::RegisterBenchmark("read/issue:read_issue", [](benchmark::State& s) {
        read_lines(s, [](const std::string& line, const read_limits& limits) { return read_issue(line, "<bench>", limits); });
    })->MinTime(0.5);
    return true;
}();

} // namespace

} // namespace bench
