// A cache hint for routing (internal).
#pragma once

namespace spfgov::detail {

/// Starts loading the cache line at `p`; no result depends on it, and it
/// never faults. Inline assembly on x86: GCC treats __builtin_prefetch as
/// free of side effects, and with -ffinite-loops (C++'s default) deletes a
/// loop of nothing but hints whole (found in the 35th session: a loop
/// hinting an issue's ids compiled to nothing).
inline void prefetch_address(const void* p) noexcept {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#elif defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

} // namespace spfgov::detail
