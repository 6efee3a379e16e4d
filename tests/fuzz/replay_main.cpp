// Replays fuzz_route's inputs without libFuzzer, so the seed corpora are
// checked by every build (g++ or clang, with or without sanitizers), not only
// by the clang `fuzz` preset. Each file runs once; an input that takes longer
// than the fuzzer's -timeout or grows peak RSS past its -rss_limit_mb is a
// failure here as it would be a finding there (run-fuzz.sh uses 5 s, 512 MB).
//
//   fuzz_route_replay [--max-seconds S] [--max-rss-mb M] [--all-routed] FILE...
//
// --all-routed: every file must get past graph validation to the router (a
// seed the validator rejects tests nothing).
#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" unsigned long spfgov_fuzz_routed;  // defined by fuzz_route.cpp

namespace {

long peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

} // namespace

int main(int argc, char** argv) {
    double max_seconds = 5;
    long max_rss_mb = 512;
    bool all_routed = false;
    std::vector<std::string> files;
    for (int k = 1; k < argc; ++k) {
        const std::string_view a = argv[k];
        if (a == "--max-seconds" && k + 1 < argc) max_seconds = std::strtod(argv[++k], nullptr);
        else if (a == "--max-rss-mb" && k + 1 < argc) max_rss_mb = std::strtol(argv[++k], nullptr, 10);
        else if (a == "--all-routed") all_routed = true;
        else files.emplace_back(a);
    }
    if (files.empty()) {
        std::fputs("usage: fuzz_route_replay [--max-seconds S] [--max-rss-mb M] [--all-routed] FILE...\n", stderr);
        return 2;
    }
    int failures = 0;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "%s: cannot open\n", f.c_str());
            ++failures;
            continue;
        }
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const unsigned long routed_before = spfgov_fuzz_routed;
        const auto start = std::chrono::steady_clock::now();
        // An invariant failure aborts inside the target, which fails the test.
        (void)LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const long rss = peak_rss_mb();
        std::printf("%s: %zu bytes, %.3f s, peak RSS %ld MB\n", f.c_str(), bytes.size(), seconds, rss);
        if (all_routed && spfgov_fuzz_routed == routed_before) {
            std::fprintf(stderr, "%s: never reached the router (its graph fails validation)\n", f.c_str());
            ++failures;
        }
        if (seconds > max_seconds) {
            std::fprintf(stderr, "%s: took %.1f s, over the fuzzer's limit of %.1f s\n", f.c_str(), seconds, max_seconds);
            ++failures;
        }
        if (rss > max_rss_mb) {
            std::fprintf(stderr, "%s: peak RSS %ld MB, over the fuzzer's limit of %ld MB\n", f.c_str(), rss, max_rss_mb);
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
