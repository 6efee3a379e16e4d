// spfgov's benchmarks: a fixed order (builds first, so that the 10^6 build
// can be projected from 10^4 and 10^5 and skipped if it would not finish),
// then routing. Machine facts go into the report's context.
#include "bench_common.hpp"

#include <fstream>
#include <string>
#include <thread>

namespace {
std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}
} // namespace

int main(int argc, char** argv) {
    benchmark::AddCustomContext("cpu_model", cpu_model());
    benchmark::AddCustomContext("hardware_concurrency", std::to_string(std::thread::hardware_concurrency()));
    bench::register_build_benchmarks();
    bench::register_route_benchmarks();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
