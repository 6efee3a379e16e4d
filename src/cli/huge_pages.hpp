// The command's memory on transparent huge pages (private to src/cli/).
//
// This VM-heavy world charges dearly for page faults: every fresh 4 KiB page
// a command touches costs about 10 microseconds here (a fault, then the
// kernel zeroing the page), and a 2 MiB huge page costs about the same as
// one of them. With the kernel's THP in "madvise" mode (Ubuntu's, Debian's
// and many clouds' default) memory gets huge pages only where a program asks
// for them. Two ways, both measured in docs/performance.md:
// - reserve_heap_on_huge_pages(): every command first grows glibc's heap by
//   about 50 MiB of address space and marks 48 MiB of it for huge pages. Two
//   syscalls, no exec; what is never touched costs nothing, what is touched
//   comes 2 MiB at a time (a small command's resident memory grows by about
//   4 MiB). England's one issue went from about 400 page faults to about
//   180 (9.45 -> 7.30 ms), a 10,000-line batch from 84 to 72 ms.
// - relaunch_with_huge_pages_if_big(): inputs whose memory outgrows that
//   (a graph of 6 MiB or more, or `agenda`, which keeps a few bytes for
//   every body and issue of its plan) run the command again with GLIBC_TUNABLES
//   `glibc.malloc.hugetlb=1`, which ld.so reads before main() and with
//   which malloc asks for huge pages for all it gets from the kernel, on
//   every thread. That costs an exec (about 4 ms) and pays from there: a
//   million employers 60 s -> 32 s.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace spfgov::cli {

/// Graph files (`--graph`, `--vs-graph`) this big in all make a heap bigger
/// than reserve_heap_on_huge_pages() reserves (a 5 MB graph, 20,000
/// employers, peaks at 38 MB; 12.5 MB at 75 MB), so they are worth an exec.
inline constexpr std::uintmax_t relaunch_from_graph_bytes = std::uintmax_t{6} << 20;

/// `agenda` keeps every issue of its plan (not its route): from this many
/// bytes of graph and `--issues` files in all, it is worth an exec (10,000
/// lines on a 5,000-employer graph, 2 MB: 0.32 s against 0.42 s without).
inline constexpr std::uintmax_t relaunch_agenda_from_bytes = std::uintmax_t{1} << 20;

/// The address space reserve_heap_on_huge_pages() marks. With what it adds
/// around it, it stays below the 64 MiB that keep_freed_memory() lets lie
/// free at the heap's top, or glibc would give it straight back.
inline constexpr std::size_t heap_reserve_bytes = std::size_t{48} << 20;

/// The GLIBC_TUNABLES value to run again with, or "" to go on as we are:
/// non-empty only when the files named by --graph / --vs-graph in `args`
/// (argv without argv[0]) sum to relaunch_from_graph_bytes or more, or the
/// command is `agenda` and those and its --issues file sum to
/// relaunch_agenda_from_bytes or more (other commands stream their batch, so
/// its size does not count), THP is in "madvise" mode (`thp_enabled`: the text of
/// /sys/kernel/mm/transparent_hugepage/enabled), and `tunables` (the current
/// GLIBC_TUNABLES, or nullptr) does not already set glibc.malloc.hugetlb: a
/// user's own setting wins, and the relaunched process never relaunches.
/// `size_of` gives a file's size (0 when it cannot be read).
[[nodiscard]] std::string huge_page_tunables(std::span<char* const> args, const char* tunables,
                                             std::string_view thp_enabled,
                                             const std::function<std::uintmax_t(const char*)>& size_of);

/// Set for the relaunched process only: "unset", or "set:" and the
/// user's GLIBC_TUNABLES, as they were before the relaunch.
inline constexpr const char* tunables_before_relaunch = "SPFGOV_TUNABLES_BEFORE_RELAUNCH";

/// Runs this program again (same arguments, standard streams untouched)
/// with huge pages when huge_page_tunables() says so; returns if not, or if
/// exec fails (the command then runs on small pages, as before). The
/// relaunched process finds the user's GLIBC_TUNABLES in
/// tunables_before_relaunch.
void relaunch_with_huge_pages_if_big(int argc, char** argv);

/// In a relaunched process, puts GLIBC_TUNABLES back as the user had it and
/// removes tunables_before_relaunch, so that programs the command runs
/// (Graphviz's `dot`) get the user's environment, not our malloc settings.
/// Call it once the settings have been read (after
/// reserve_heap_on_huge_pages()); does nothing in a process not relaunched.
void restore_environment_after_relaunch();

/// glibc malloc keeps what a command frees for its next allocations: up to
/// 64 MiB free at the heap's top is not given back, and only blocks of
/// 32 MiB or more get mappings of their own. By default glibc gave back
/// anything over 128 KiB and mapped blocks from 128 KiB, so a batch's route
/// buffers and epoch tables faulted in fresh, zeroed pages again and again:
/// the kernel clearing pages was 15% of a 10,000-line batch's CPU. A
/// setting of the user's own, in GLIBC_TUNABLES (`tunables`) or by
/// MALLOC_TRIM_THRESHOLD_ / MALLOC_MMAP_THRESHOLD_, is kept. Only
/// the command does this: the library leaves its host's malloc alone.
void keep_freed_memory(const char* tunables);

/// Grows glibc's main heap by heap_reserve_bytes (and a huge page) of
/// address space, marks the huge-page-aligned part of it for transparent
/// huge pages (madvise MADV_HUGEPAGE) and keeps one allocation below it, so
/// that what the main thread allocates next comes from huge pages as it is
/// touched. Call it at the start of main(), after keep_freed_memory() and
/// before any thread starts; it runs once a process. True: the region is
/// marked and the next allocations begin in it. False where it cannot be
/// done or would override the user: not glibc 2.33+ on Linux; the user sets
/// glibc.malloc.hugetlb, the heap's top pad or perturb (in GLIBC_TUNABLES,
/// `tunables`, or by MALLOC_TOP_PAD_ / MALLOC_PERTURB_); more than 4 MiB
/// free in the heap already; the heap not growing by the reserve (a
/// mapping served the probe, brk failed); a trim threshold that
/// gives the reserve straight back; madvise failing (a kernel without
/// THP). After a failure the heap may keep the address space it grew by,
/// untouched; nothing is marked unless every check before the mark passed
/// (the one check after it, that the block below the region came from the
/// heap's top, cannot fail unless malloc changes: its mark would then stay).
/// Under THP "never" the mark is kept but does nothing.
bool reserve_heap_on_huge_pages(const char* tunables);

} // namespace spfgov::cli
