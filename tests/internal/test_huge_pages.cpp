// Unit tests of the command's memory settings (src/cli/huge_pages.*): when
// it runs itself again with glibc.malloc.hugetlb=1, the heap it reserves for
// huge pages otherwise, and the freed memory it keeps for reuse.
#include "../../src/cli/huge_pages.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using spfgov::cli::huge_page_tunables;
using spfgov::cli::relaunch_agenda_from_bytes;
using spfgov::cli::relaunch_from_graph_bytes;
using spfgov::cli::restore_environment_after_relaunch;
using spfgov::cli::tunables_before_relaunch;

constexpr const char* madvise_mode = "always [madvise] never";

/// huge_page_tunables on `words` (argv without argv[0]), with these file sizes.
std::string tunables_for(std::vector<std::string> words, const std::map<std::string, std::uintmax_t>& sizes,
                         const char* tunables = nullptr, const char* thp = madvise_mode) {
    std::vector<char*> args;
    for (auto& w : words) args.push_back(w.data());
    args.push_back(nullptr);
    return huge_page_tunables({args.data(), args.size()}, tunables, thp, [&](const char* path) -> std::uintmax_t {
        const auto it = sizes.find(path);
        return it == sizes.end() ? 0 : it->second;
    });
}

} // namespace

TEST_CASE("a graph of 6 MiB or more runs the command again with huge pages; a smaller one does not") {
    const std::map<std::string, std::uintmax_t> sizes{{"big.json", relaunch_from_graph_bytes},
                                                      {"almost.json", relaunch_from_graph_bytes - 1},
                                                      {"half.json", relaunch_from_graph_bytes / 2}};
    CHECK(tunables_for({"validate", "--graph", "big.json"}, sizes) == "glibc.malloc.hugetlb=1");
    CHECK(tunables_for({"validate", "--graph=big.json"}, sizes) == "glibc.malloc.hugetlb=1");
    CHECK(tunables_for({"validate", "--graph", "almost.json"}, sizes).empty());
    // --graph and --vs-graph add up.
    CHECK(tunables_for({"diff", "--graph", "half.json", "--vs-graph", "half.json"}, sizes) ==
          "glibc.malloc.hugetlb=1");
}

TEST_CASE("a big batch counts only for agenda, which keeps every issue; route streams it") {
    const std::map<std::string, std::uintmax_t> sizes{{"graph.json", 300u << 10},
                                                      {"batch.jsonl", std::uintmax_t{100} << 20},
                                                      {"small.jsonl", 800u << 10},
                                                      {"tiny.jsonl", 100u << 10}};
    CHECK(tunables_for({"route", "--graph", "graph.json", "--issues", "batch.jsonl"}, sizes).empty());
    CHECK(tunables_for({"redundancies", "--graph", "graph.json", "--issues", "batch.jsonl"}, sizes).empty());
    CHECK(tunables_for({"agenda", "--graph", "graph.json", "--issues", "small.jsonl"}, sizes) ==
          "glibc.malloc.hugetlb=1");
    CHECK(tunables_for({"agenda", "--graph", "graph.json", "--issues=small.jsonl"}, sizes) ==
          "glibc.malloc.hugetlb=1");
    CHECK(sizes.at("graph.json") + sizes.at("tiny.jsonl") < relaunch_agenda_from_bytes);
    CHECK(tunables_for({"agenda", "--graph", "graph.json", "--issues", "tiny.jsonl"}, sizes).empty());
    // "-" is standard input, not a file of that name.
    CHECK(tunables_for({"agenda", "--graph", "graph.json", "--issues", "-"}, {{"-", std::uintmax_t{100} << 20}})
              .empty());
}

TEST_CASE("the user's GLIBC_TUNABLES are kept, and their own hugetlb setting wins") {
    const std::map<std::string, std::uintmax_t> sizes{{"big.json", relaunch_from_graph_bytes}};
    const std::vector<std::string> args{"validate", "--graph", "big.json"};
    CHECK(tunables_for(args, sizes, "glibc.malloc.trim_threshold=1") ==
          "glibc.malloc.trim_threshold=1:glibc.malloc.hugetlb=1");
    CHECK(tunables_for(args, sizes, "glibc.malloc.hugetlb=0").empty());
    CHECK(tunables_for(args, sizes, "glibc.malloc.hugetlb=1").empty());  // the relaunched command
}

TEST_CASE("only THP in madvise mode is worth running again for") {
    const std::map<std::string, std::uintmax_t> sizes{{"big.json", relaunch_from_graph_bytes}};
    const std::vector<std::string> args{"validate", "--graph", "big.json"};
    CHECK(tunables_for(args, sizes, nullptr, "[always] madvise never").empty());
    CHECK(tunables_for(args, sizes, nullptr, "always madvise [never]").empty());
    CHECK(tunables_for(args, sizes, nullptr, "").empty());  // no THP in the kernel
}

TEST_CASE("after a relaunch, programs the command runs get the user's GLIBC_TUNABLES back") {
    // This test's own environment, put back at the end.
    const char* const had = std::getenv("GLIBC_TUNABLES");
    const std::optional<std::string> kept = had ? std::optional<std::string>(had) : std::nullopt;
    const auto tunables = []() -> std::optional<std::string> {
        const char* const now = std::getenv("GLIBC_TUNABLES");
        return now ? std::optional<std::string>(now) : std::nullopt;
    };
    const auto relaunched = [](const char* marker, const char* glibc) {
        REQUIRE(::setenv(tunables_before_relaunch, marker, 1) == 0);
        REQUIRE(::setenv("GLIBC_TUNABLES", glibc, 1) == 0);
        restore_environment_after_relaunch();
        CHECK(std::getenv(tunables_before_relaunch) == nullptr);
    };

    relaunched("unset", "glibc.malloc.hugetlb=1");
    CHECK(tunables() == std::nullopt);
    relaunched("set:glibc.malloc.arena_max=4", "glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1");
    CHECK(tunables() == "glibc.malloc.arena_max=4");
    relaunched("set:", "glibc.malloc.hugetlb=1");  // set, but empty
    CHECK(tunables() == "");
    // A marker that no relaunch of ours set changes nothing but itself.
    relaunched("unset", "glibc.malloc.hugetlb=0");
    CHECK(tunables() == "glibc.malloc.hugetlb=0");
    relaunched("something else", "glibc.malloc.hugetlb=1");
    CHECK(tunables() == "glibc.malloc.hugetlb=1");
    // Not relaunched: nothing to do.
    REQUIRE(::setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) == 0);
    restore_environment_after_relaunch();
    CHECK(tunables() == "glibc.malloc.hugetlb=1");

    if (kept) (void)::setenv("GLIBC_TUNABLES", kept->c_str(), 1);
    else (void)::unsetenv("GLIBC_TUNABLES");
}

// The sanitizers bring their own malloc, which has no heap to mark.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SPFGOV_TEST_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SPFGOV_TEST_SANITIZED_MALLOC 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(SPFGOV_TEST_SANITIZED_MALLOC)
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

/// The VmFlags of the mapping that holds `address`, from /proc/self/smaps.
std::string vm_flags_of(const void* address) {
    const auto a = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t lo = 0;
        std::uintptr_t hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
            inside = lo <= a && a < hi;
        } else if (inside && line.starts_with("VmFlags:")) {
            return line.substr(8) + " ";
        }
    }
    return {};
}

} // namespace

TEST_CASE("memory the command frees stays for reuse: an 8 MiB block comes from the heap and stays there when freed") {
    spfgov::cli::keep_freed_memory(nullptr);
    constexpr std::size_t size = std::size_t{8} << 20;
    // volatile: the compiler may not drop the malloc/free pair.
    void* volatile block = std::malloc(size);
    REQUIRE(block != nullptr);
    // glibc's own thresholds (128 KiB to start with) would have mapped the
    // block on its own, above the heap, and given it back when freed.
    const auto heap_end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    CHECK(reinterpret_cast<std::uintptr_t>(block) + size <= heap_end);
    std::free(block);
    CHECK(mallinfo2().keepcost >= size);  // free at the heap's top, not trimmed
    // Leave the heap's top as small as a command finds it at its start (the
    // reserve below leaves a big free top alone).
    (void)malloc_trim(0);
}

TEST_CASE("a trim threshold under the reserve gives it back at once: then the reserve says it is not made") {
    // In a child process: the reserve is made once a process.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        (void)::mallopt(M_MMAP_THRESHOLD, 32 << 20);
        (void)::mallopt(M_TRIM_THRESHOLD, 128 << 10);  // as GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072
        ::_exit(spfgov::cli::reserve_heap_on_huge_pages(nullptr) ? 1 : 0);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

namespace {
/// Bytes of this process's mappings marked for huge pages ("hg" in VmFlags).
std::uintmax_t bytes_marked_for_huge_pages() {
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    std::uintmax_t size = 0;
    std::uintmax_t marked = 0;
    while (std::getline(smaps, line)) {
        std::uintptr_t lo = 0;
        std::uintptr_t hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-') size = hi - lo;
        else if (line.starts_with("VmFlags:") && (line + " ").find(" hg ") != std::string::npos) marked += size;
    }
    return marked;
}
} // namespace

namespace {
/// Free bytes in the heap (top and bins) once trimmed.
std::size_t free_heap_bytes_after_trim() {
    (void)malloc_trim(0);
    return mallinfo2().fordblks;
}

/// The probe must be smaller than the pad a trim keeps (128 KiB below) for
/// the case below to test anything, so the heap must have little free memory.
constexpr std::size_t little_free = std::size_t{32} << 10;

/// Runs this binary again on the test cases `filter` names, with
/// SPFGOV_TEST_RUN_ALONE naming a file the case writes when it has run (a
/// filter that matches nothing exits 0 too); its output goes to stderr, apart
/// from this run's reporter. True when it exited 0 and wrote the file.
bool ran_alone(const char* filter) {
    char marker[] = "/tmp/spfgov-run-alone-XXXXXX";
    const int fd = ::mkstemp(marker);
    if (fd < 0) return false;
    ::close(fd);
    ::unlink(marker);  // the case creates it again
    const pid_t child = ::fork();
    if (child < 0) return false;
    if (child == 0) {
        ::setenv("SPFGOV_TEST_RUN_ALONE", marker, 1);
        (void)::dup2(2, 1);
        const std::string test_case = std::string("--test-case=") + filter;
        ::execl("/proc/self/exe", "spfgov_internal_tests", test_case.c_str(), "--no-intro", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    const bool exited = ::waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    const bool ran = ::unlink(marker) == 0;
    return exited && ran;
}
} // namespace

TEST_CASE("a reserve given back by the trim threshold leaves nothing marked, wherever the heap's top lies") {
    // The heap the trim keeps (the top pad, 128 KiB) can reach past the
    // first huge page of the reserve, which begins past the probe (all the
    // heap's free memory and 64 KiB): with the heap's top just below a 2 MiB
    // boundary, a mark made before the trim outlived it. That needs a
    // heap with little free memory; one that ran other test cases first
    // holds their fragments in its bins, so the case then runs again alone.
    // (Under valgrind /proc/self/exe is valgrind itself: run the file alone, as CTest does.)
    const char* alone = std::getenv("SPFGOV_TEST_RUN_ALONE");
    if (free_heap_bytes_after_trim() > little_free) {
        REQUIRE_MESSAGE(alone == nullptr, "even alone, the heap has much free memory");
        // No commas in the filter: doctest splits filters at commas.
        CHECK(ran_alone("a reserve given back by the trim threshold leaves nothing marked*"));
        return;
    }
    // Fillers of every size to 2 MiB, in 16 KiB steps, put the top everywhere.
    int failures = 0;
    int small_probes = 0;
    for (std::size_t filler = 0; filler < (std::size_t{2} << 20); filler += std::size_t{16} << 10) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            (void)::mallopt(M_MMAP_THRESHOLD, 32 << 20);
            (void)::mallopt(M_TRIM_THRESHOLD, 128 << 10);
            (void)malloc_trim(0);
            void* volatile block = filler > 0 ? std::malloc(filler) : nullptr;
            (void)block;
            const std::uintmax_t before = bytes_marked_for_huge_pages();
            // A small free top: the reserve's probe is then smaller than the pad kept.
            const bool small_probe = free_heap_bytes_after_trim() <= little_free;
            if (spfgov::cli::reserve_heap_on_huge_pages(nullptr)) ::_exit(1);
            if (bytes_marked_for_huge_pages() != before) ::_exit(2);
            ::_exit(small_probe ? 0 : 3);
        }
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        if (WEXITSTATUS(status) == 0) ++small_probes;
        if (WEXITSTATUS(status) == 1 || WEXITSTATUS(status) == 2) {
            ++failures;
            FAIL_CHECK("filler " << filler << ": " << std::string(WEXITSTATUS(status) == 1 ? "reserved" : "a mark left"));
        }
    }
    CHECK(failures == 0);
    // Children whose probe was too big to test the window prove nothing.
    CHECK(small_probes > 64);
    if (alone != nullptr) std::ofstream(alone) << "ran\n";  // for ran_alone()
}

TEST_CASE("free blocks in the heap's bins do not stop the reserve: its probe is bigger than all of them") {
    if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good()) return;  // no THP: nothing to mark
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        spfgov::cli::keep_freed_memory(nullptr);
        // Every other block of 40 freed: 20 free blocks of 96 KiB in the
        // bins, between blocks still in use, and a small free top.
        std::vector<void*> blocks;
        for (int n = 0; n < 40; ++n) blocks.push_back(std::malloc(std::size_t{96} << 10));
        for (std::size_t n = 0; n < blocks.size(); n += 2) std::free(blocks[n]);
        (void)malloc_trim(0);
        const auto heap = mallinfo2();
        if (heap.fordblks - heap.keepcost < (std::size_t{1} << 20)) ::_exit(3);  // the bins hold them
        ::_exit(spfgov::cli::reserve_heap_on_huge_pages(nullptr) ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);  // 1: no reserve; 3: the blocks were not left in the bins
}

TEST_CASE("the heap's next allocations lie in memory marked for huge pages, once a process") {
    using spfgov::cli::reserve_heap_on_huge_pages;
    // What the user sets about huge pages, the heap's top or perturb is left
    // alone, whether in GLIBC_TUNABLES or by glibc's older variables.
    CHECK_FALSE(reserve_heap_on_huge_pages("glibc.malloc.hugetlb=0"));
    CHECK_FALSE(reserve_heap_on_huge_pages("glibc.malloc.top_pad=0"));
    CHECK_FALSE(reserve_heap_on_huge_pages("glibc.malloc.perturb=1"));
    for (const char* variable : {"MALLOC_TOP_PAD_", "MALLOC_PERTURB_"}) {
        REQUIRE(::setenv(variable, "1", 1) == 0);
        CHECK_FALSE(reserve_heap_on_huge_pages(nullptr));
        REQUIRE(::unsetenv(variable) == 0);
    }

    spfgov::cli::keep_freed_memory(nullptr);  // as main() does first: blocks up to 32 MiB from the heap
    const bool thp_kernel = std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good();
    const bool reserved = reserve_heap_on_huge_pages(nullptr);
    CHECK(reserved == thp_kernel);
    if (reserved) {
        // The block's header sits just below the marked region; its pages
        // (all but the first) are inside.
        constexpr std::size_t size = std::size_t{1} << 20;
        auto* block = static_cast<char*>(std::malloc(size));
        REQUIRE(block != nullptr);
        CHECK(vm_flags_of(block + 4096).find(" hg ") != std::string::npos);
        CHECK(vm_flags_of(block + size - 1).find(" hg ") != std::string::npos);
        std::free(block);
    }
    CHECK_FALSE(reserve_heap_on_huge_pages(nullptr));  // the reserve is made once
}
#endif
