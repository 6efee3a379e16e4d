// Heap allocations made by this thread, counted by the benchmark binary's
// replacement of the global operator new (alloc_count.cpp), so that a
// benchmark can report allocations per item beside its time.
#pragma once

#include <cstdint>

namespace bench {

/// Calls of operator new (every form) made by the calling thread so far.
[[nodiscard]] std::uint64_t allocations_by_this_thread() noexcept;

/// Makes the `n`-th operator new of the calling thread from now on fail
/// (std::bad_alloc, or nullptr from the nothrow forms), once; 0 disarms.
/// For tests of what a failed allocation leaves behind.
void fail_allocation_after(std::uint64_t n) noexcept;

} // namespace bench
