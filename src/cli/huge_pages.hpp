// Big inputs on transparent huge pages (private to src/cli/).
//
// This VM-heavy world charges dearly for page faults: every fresh 4 KiB page
// a command touches costs microseconds, and a graph or a batch touches tens
// of thousands (a million employers: several GB, a quarter of its load in
// page faults and much of the rest in TLB misses). With the kernel's THP in
// "madvise" mode (Ubuntu's and many clouds' default), glibc's malloc asks
// for huge pages only when told by the GLIBC_TUNABLES variable
// `glibc.malloc.hugetlb=1`, which ld.so reads before main() runs. So when
// --graph, --vs-graph and --issues name files of 1 MiB or more in all, the
// command runs itself again with it set (one exec, about 4 ms here; measured
// gains in docs/performance.md: a million employers 60 s -> 32 s, a 1.3 MB
// graph's validate 106 -> 78 ms, 3,000 issues routed 266 -> 176 ms).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace spfgov::cli {

/// Input files at least this big (summed) are worth huge pages: below it,
/// the exec costs about what the pages save (the built-in England graph,
/// which is no file, gains nothing).
inline constexpr std::uintmax_t huge_pages_from_bytes = std::uintmax_t{1} << 20;

/// The GLIBC_TUNABLES value to run again with, or "" to go on as we are:
/// non-empty only when the files named by --graph / --vs-graph / --issues in
/// `args` (argv without argv[0]) sum to huge_pages_from_bytes or more, THP is in
/// "madvise" mode (`thp_enabled`: the text of
/// /sys/kernel/mm/transparent_hugepage/enabled), and `tunables` (the current
/// GLIBC_TUNABLES, or nullptr) does not already set glibc.malloc.hugetlb: a
/// user's own setting wins, and the relaunched process never relaunches.
/// `size_of` gives a file's size (0 when it cannot be read).
[[nodiscard]] std::string huge_page_tunables(std::span<char* const> args, const char* tunables,
                                             std::string_view thp_enabled,
                                             const std::function<std::uintmax_t(const char*)>& size_of);

/// Runs this program again (same arguments, standard streams untouched)
/// with huge pages when huge_page_tunables() says so; returns if not, or if
/// exec fails (the command then runs on small pages, as before).
void relaunch_with_huge_pages_if_big(int argc, char** argv);

/// glibc malloc keeps what a command frees for its next allocations: up to
/// 64 MiB free at the heap's top is not given back, and only blocks of
/// 32 MiB or more get mappings of their own. By default glibc gave back
/// anything over 128 KiB and mapped blocks from 128 KiB, so a batch's route
/// buffers and epoch tables faulted in fresh, zeroed pages again and again:
/// the kernel clearing pages was 15% of a 10,000-line batch's CPU. A
/// setting of the user's own in GLIBC_TUNABLES (`tunables`) is kept. Only
/// the command does this: the library leaves its host's malloc alone.
void keep_freed_memory(const char* tunables);

} // namespace spfgov::cli
