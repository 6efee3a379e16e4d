// Where in-process routing's time goes, by the shape of the issue: its scope,
// how many bodies it names (1 or more), the kind of the first (E employer,
// S system, Y region) and its origin. Routes every issue of a file, refilling
// one route as `route --issues` does, warm (after one untimed pass), and
// prints per shape: the issues, the mean time of a route and the share of
// the whole. Run it on `spfgov generate` output:
//   spfgov generate --employers 5000 --seed 1 > g.json
//   spfgov generate --employers 5000 --seed 1 --issues 20000 > i.jsonl
//   build/bench/bench/spfgov_route_shapes g.json i.jsonl [ROUNDS]   (10 by default)
// Figures and their use: docs/performance.md.
#include "spfgov/io.hpp"
#include "spfgov/route.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using namespace spfgov;
    if (argc < 3) {
        std::cerr << "usage: spfgov_route_shapes GRAPH.json ISSUES.jsonl [ROUNDS]\n";
        return 2;
    }
    const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 10;
    try {
        const governance_graph g = read_graph_file(argv[1]);
        std::ifstream in(argv[2]);
        std::vector<issue> issues;
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) issues.push_back(read_issue(line, argv[2]));
        const router r(g);
        route out;
        std::vector<std::string> shape_of(issues.size());
        for (std::size_t n = 0; n < issues.size(); ++n) {  // the untimed pass: every epoch built, every shape known
            const issue& i = issues[n];
            try {
                r.route_into(i, out);
            } catch (const error&) {
                continue;  // not routed: not timed
            }
            shape_of[n] = std::string(to_string(out.scope)) + " scope, " + (i.affected.size() > 1 ? "2+" : std::to_string(i.affected.size())) +
                          " named" + (i.affected.empty() ? "" : " (first " + i.affected.front().substr(0, 1) + ")") +
                          ", origin " + std::string(to_string(i.origin));
        }
        struct tally { double us = 0; std::size_t routes = 0; };
        std::map<std::string, tally> by_shape;
        double total_us = 0;
        std::size_t total_routes = 0;
        // Each issue once a round, among the others, so that its rows are
        // as cold as in a batch (routing one issue ten times over kept them
        // in the cache and hid the misses). A clock reading costs ~20 ns.
        for (int round = 0; round < rounds; ++round)
            for (std::size_t n = 0; n < issues.size(); ++n) {
                if (shape_of[n].empty()) continue;
                const auto start = std::chrono::steady_clock::now();
                r.route_into(issues[n], out);
                const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
                auto& t = by_shape[shape_of[n]];
                t.us += us;
                ++t.routes;
                total_us += us;
                ++total_routes;
            }
        std::printf("%-52s %8s %10s %8s\n", "shape (scope, bodies named, origin)", "issues", "us/route", "share");
        for (const auto& [shape, t] : by_shape)
            std::printf("%-52s %8zu %10.3f %7.1f%%\n", shape.c_str(), t.routes / static_cast<std::size_t>(rounds),
                        t.us / static_cast<double>(t.routes), 100.0 * t.us / total_us);
        std::printf("%-52s %8zu %10.3f %7.1f%%\n", "all", total_routes / static_cast<std::size_t>(rounds),
                    total_us / static_cast<double>(total_routes), 100.0);
    } catch (const std::exception& e) {
        std::cerr << "spfgov_route_shapes: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
