#include "huge_pages.hpp"

#include <cstdlib>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spfgov::cli {

std::string huge_page_tunables(std::span<char* const> args, const char* tunables, std::string_view thp_enabled,
                               const std::function<std::uintmax_t(const char*)>& size_of) {
    const std::string_view current = tunables ? tunables : "";
    if (current.find("glibc.malloc.hugetlb") != std::string_view::npos) return {};
    // "always": malloc's memory gets huge pages already; "never": it cannot.
    if (thp_enabled.find("[madvise]") == std::string_view::npos) return {};
    std::uintmax_t total = 0;
    for (std::size_t i = 0; i < args.size() && args[i]; ++i) {
        const std::string_view a = args[i];
        for (std::string_view option :
             {std::string_view("--graph"), std::string_view("--vs-graph"), std::string_view("--issues")}) {
            if (a == option && i + 1 < args.size() && args[i + 1]) {
                total += size_of(args[i + 1]);
            } else if (a.size() > option.size() + 1 && a.starts_with(option) && a[option.size()] == '=') {
                total += size_of(args[i] + option.size() + 1);
            }
        }
    }
    if (total < huge_pages_from_bytes) return {};
    std::string out(current);
    if (!out.empty()) out += ':';
    out += "glibc.malloc.hugetlb=1";
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
    if (::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
    ::execv("/proc/self/exe", argv);
    // exec failed (no /proc, say): carry on here, on small pages.
#else
    (void)argc;
    (void)argv;
#endif
}

void keep_freed_memory(const char* tunables) {
#if defined(__GLIBC__)
    const std::string_view set = tunables ? tunables : "";
    if (set.find("glibc.malloc.mmap_threshold") == std::string_view::npos)
        (void)::mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's ceiling for it on 64-bit systems
    if (set.find("glibc.malloc.trim_threshold") == std::string_view::npos) (void)::mallopt(M_TRIM_THRESHOLD, 64 << 20);
#else
    (void)tunables;
#endif
}

} // namespace spfgov::cli
