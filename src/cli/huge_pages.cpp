#include "huge_pages.hpp"

#include <cstdlib>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spfgov::cli {

namespace {
/// What a relaunch adds to GLIBC_TUNABLES.
constexpr std::string_view huge_pages_tunable = "glibc.malloc.hugetlb=1";
} // namespace

std::string huge_page_tunables(std::span<char* const> args, const char* tunables, std::string_view thp_enabled,
                               const std::function<std::uintmax_t(const char*)>& size_of) {
    const std::string_view current = tunables ? tunables : "";
    if (current.find("glibc.malloc.hugetlb") != std::string_view::npos) return {};
    // "always": malloc's memory gets huge pages already; "never": it cannot.
    if (thp_enabled.find("[madvise]") == std::string_view::npos) return {};
    // The subcommand: the first argument that is no option (the top-level
    // options, --help and --version, take no value).
    std::string_view command;
    for (std::size_t i = 0; i < args.size() && args[i] && command.empty(); ++i)
        if (args[i][0] != '-') command = args[i];
    std::uintmax_t graphs = 0;
    std::uintmax_t issues = 0;
    for (std::size_t i = 0; i < args.size() && args[i]; ++i) {
        const std::string_view a = args[i];
        for (std::string_view option :
             {std::string_view("--graph"), std::string_view("--vs-graph"), std::string_view("--issues")}) {
            const char* file = nullptr;
            if (a == option && i + 1 < args.size() && args[i + 1]) {
                file = args[i + 1];
            } else if (a.size() > option.size() + 1 && a.starts_with(option) && a[option.size()] == '=') {
                file = args[i] + option.size() + 1;
            }
            // "-" is standard input, whose size is not known.
            const std::uintmax_t size = file && std::string_view(file) != "-" ? size_of(file) : 0;
            (option == "--issues" ? issues : graphs) += size;
        }
    }
    const bool big = graphs >= relaunch_from_graph_bytes ||
                     (command == "agenda" && graphs + issues >= relaunch_agenda_from_bytes);
    if (!big) return {};
    std::string out(current);
    if (!out.empty()) out += ':';
    out += huge_pages_tunable;
    return out;
}

void relaunch_with_huge_pages_if_big(int argc, char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
    // Most commands name no input file: they read nothing from /sys.
    bool names_input = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        names_input = names_input || a.starts_with("--graph") || a.starts_with("--vs-graph") || a.starts_with("--issues");
    }
    if (!names_input) return;
    // A set-user-ID or capability program gets GLIBC_TUNABLES stripped (it
    // would run itself again and again); a program started through the
    // dynamic loader (`ld-linux-x86-64.so.2 spfgov ...`) is not
    // /proc/self/exe. Both run on as they are.
    if (::getauxval(AT_SECURE) != 0) return;
    {
        char exe[4096];
        const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0) return;
        const std::string_view path(exe, static_cast<std::size_t>(n));
        const std::string_view file = path.substr(path.rfind('/') + 1);
        if (file.starts_with("ld-") || file.starts_with("ld.so")) return;
    }
    std::string thp;
    {
        std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
        std::getline(in, thp);
    }
    const auto size_of = [](const char* path) -> std::uintmax_t {
        struct stat st {};
        return ::stat(path, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<std::uintmax_t>(st.st_size) : 0;
    };
    const std::string tunables =
        huge_page_tunables({argv + 1, static_cast<std::size_t>(argc - 1)}, std::getenv("GLIBC_TUNABLES"), thp, size_of);
    if (tunables.empty()) return;
    const char* const users = std::getenv("GLIBC_TUNABLES");
    const std::string before = users ? users : "";
    // What the user had, for restore_environment_after_relaunch().
    const std::string saved = users ? "set:" + before : std::string("unset");
    if (::setenv(tunables_before_relaunch, saved.c_str(), 1) != 0) return;
    if (::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) {
        (void)::unsetenv(tunables_before_relaunch);
        return;
    }
    ::execv("/proc/self/exe", argv);
    // exec failed (no /proc, say): carry on here, with the environment as it
    // was (children such as `dot` inherit it).
    if (users) (void)::setenv("GLIBC_TUNABLES", before.c_str(), 1);
    else (void)::unsetenv("GLIBC_TUNABLES");
    (void)::unsetenv(tunables_before_relaunch);
#else
    (void)argc;
    (void)argv;
#endif
}

void restore_environment_after_relaunch() {
    const char* const saved = std::getenv(tunables_before_relaunch);
    if (!saved) return;
    const std::string_view value = saved;
    const bool was_set = value.starts_with("set:");
    // Only what relaunch_with_huge_pages_if_big() set is undone: a marker
    // that came some other way leaves the user's GLIBC_TUNABLES alone.
    std::string relaunched_with = was_set ? std::string(value.substr(4)) : std::string();
    if (!relaunched_with.empty()) relaunched_with += ':';
    relaunched_with += huge_pages_tunable;
    const char* const now = std::getenv("GLIBC_TUNABLES");
    if ((was_set || value == "unset") && now && relaunched_with == now) {
        // glibc read the tunables when this process started; from here on
        // the variable only reaches children, which get what the user gave us.
        if (was_set) (void)::setenv("GLIBC_TUNABLES", saved + 4, 1);
        else (void)::unsetenv("GLIBC_TUNABLES");
    }
    (void)::unsetenv(tunables_before_relaunch);
}

#if defined(__GLIBC__)
namespace {
/// Whether the user set this malloc parameter: in GLIBC_TUNABLES
/// (`tunables`) or by the environment variable glibc still reads for it.
bool user_sets(std::string_view tunables, std::string_view tunable, const char* variable) {
    return tunables.find(tunable) != std::string_view::npos || std::getenv(variable) != nullptr;
}
} // namespace
#endif

void keep_freed_memory(const char* tunables) {
#if defined(__GLIBC__)
    const std::string_view set = tunables ? tunables : "";
    if (!user_sets(set, "glibc.malloc.mmap_threshold", "MALLOC_MMAP_THRESHOLD_"))
        (void)::mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's ceiling for it on 64-bit systems
    if (!user_sets(set, "glibc.malloc.trim_threshold", "MALLOC_TRIM_THRESHOLD_"))
        (void)::mallopt(M_TRIM_THRESHOLD, 64 << 20);
#else
    (void)tunables;
#endif
}

#if defined(__linux__) && defined(__GLIBC__)
namespace {
// The probe and the block below the huge-page region, in volatile globals so
// that the compiler cannot drop their allocations (GCC removes an unused
// malloc, and a malloc/free pair). The block is freed only if it did not
// land where the reserve needs it.
void* volatile heap_plug = nullptr;
void* volatile heap_probe = nullptr;
bool heap_reserve_tried = false;

/// The size of a transparent huge page (a PMD's reach), or 0 if unknown.
std::uintptr_t huge_page_size() {
#if defined(__x86_64__)
    return std::uintptr_t{2} << 20;
#else
    std::uintmax_t size = 0;
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size");
    in >> size;
    return static_cast<std::uintptr_t>(size);
#endif
}
} // namespace
#endif

bool reserve_heap_on_huge_pages(const char* tunables) {
#if defined(__linux__) && defined(__GLIBC__)
#if __GLIBC_PREREQ(2, 33)  // mallinfo2
    // The user's own settings win: huge pages or not, the heap's top pad,
    // and perturb (malloc would fill the block below the region, touching
    // every page of it). A trim threshold under the reserve would give it
    // back at once (checked below, whoever set it).
    const std::string_view set = tunables ? tunables : "";
    if (heap_reserve_tried || set.find("glibc.malloc.hugetlb") != std::string_view::npos ||
        user_sets(set, "glibc.malloc.top_pad", "MALLOC_TOP_PAD_") ||
        user_sets(set, "glibc.malloc.perturb", "MALLOC_PERTURB_"))
        return false;
    heap_reserve_tried = true;
    const std::uintptr_t huge = huge_page_size();
    if (huge == 0 || (huge & (huge - 1)) != 0 || huge > heap_reserve_bytes / 4) return false;
    // A probe bigger than all the heap's free memory (mallinfo2's fordblks:
    // the free top and every free block in the bins, none of which can then
    // serve it) makes malloc grow the heap, by the probe plus M_TOP_PAD.
    // Carved from the old top, the probe ends just past what was touched
    // before; everything after it is fresh address space. Much free memory
    // (a host that allocated much before) is left as it is.
    const std::size_t free_bytes = mallinfo2().fordblks;
    if (free_bytes > (std::size_t{4} << 20)) return false;
    const std::size_t probe_size = free_bytes + (std::size_t{64} << 10);
    const auto before = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    (void)::mallopt(M_TOP_PAD, static_cast<int>(heap_reserve_bytes + huge));
    heap_probe = std::malloc(probe_size);
    (void)::mallopt(M_TOP_PAD, 128 << 10);  // glibc's DEFAULT_TOP_PAD (mallopt(3))
    if (heap_probe == nullptr) return false;
    const auto start = reinterpret_cast<std::uintptr_t>(heap_probe);
    const auto end = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    const std::uintptr_t first = (start + probe_size + 64 + huge - 1) & ~(huge - 1);
    const std::uintptr_t last = end & ~(huge - 1);
    // The heap grew by the reserve (the probe came from it, not from a bin
    // or a mapping of its own), and the probe lies in it.
    const bool grown = end >= before + heap_reserve_bytes && start + probe_size <= end && start + probe_size >= before;
    std::free(heap_probe);
    heap_probe = nullptr;
    // Freed, the probe went back to the heap's top, which now begins where
    // the probe did and must still reach `end`: a trim threshold under the
    // reserve gives it back here. Checked before anything is marked: the
    // heap kept by the trim may reach past `first`, and a mark there would
    // outlive the failure.
    if (!grown || last <= first || reinterpret_cast<std::uintptr_t>(::sbrk(0)) != end ||
        mallinfo2().keepcost < end - start)
        return false;
    if (::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE) != 0) return false;
    // Fill the top up to the marked region (the filler's chunk header ends
    // within 64 bytes of `first`), so that the next allocations come from
    // the huge pages: malloc does not touch the pages of a block it hands
    // out, so the filler costs address space only.
    // It is bigger than all the free memory the probe was, so it can only
    // come from the top, at `start`, as the probe did. Should it land
    // elsewhere, it is given back and the mark stays: a mark only lets the
    // kernel use huge pages there, which THP "always" would do anyway.
    heap_plug = std::malloc(first - start - 64);
    if (reinterpret_cast<std::uintptr_t>(heap_plug) == start) return true;
    std::free(heap_plug);
    heap_plug = nullptr;
    return false;
#else
    (void)tunables;
    return false;
#endif
#else
    (void)tunables;
    return false;
#endif
}
} // namespace spfgov::cli
