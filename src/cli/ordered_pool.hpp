// The streaming ordered pool of `route --issues` (src/cli/route_cmd.cpp):
// lines routed on several threads, written in input order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace spfgov::cli {

/// A batch's lines routed on `threads` threads, the caller's among them,
/// while the caller reads lines ahead and writes routed ones in input order.
/// Nothing waits for a whole chunk: with chunks, a core idled while the
/// other finished a chunk's last big lines, and while the caller wrote it.
/// A ring of slots bounds memory: a slot is filled again only after its line
/// is written. Lines are claimed a few at a time, so the lock is taken about
/// once per group, not per line.
///
/// The caller (one thread) fills slot_to_fill(), stage()s it, publish()es
/// what it staged, writes finished() lines and release()s them, and routes
/// lines itself with help() or waits for the next line with wait_for_next().
/// `work` is told which thread runs it (0 the caller's, 1.. the pool's), so
/// that each keeps its own routing session. What `work` throws for a line
/// is thrown to the caller by finished_line() for that line, in its turn,
/// as if the caller had routed it: a pool thread does not end the process.
template <class Slot>
class ordered_pool {
public:
    ordered_pool(unsigned threads, std::size_t slots, std::function<void(Slot&, unsigned)> work)
        : work_(std::move(work)), slots_(std::max<std::size_t>(slots, 1)), done_(slots_.size(), 0),
          thrown_(slots_.size()), helpers_(threads > 1 ? threads - 1 : 0) {
        for (unsigned t = 0; t < helpers_; ++t) threads_.emplace_back([this, t] { serve(t + 1); });
    }
    ordered_pool(const ordered_pool&) = delete;
    ordered_pool& operator=(const ordered_pool&) = delete;
    ~ordered_pool() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        more_work_.notify_all();
        for (auto& t : threads_) t.join();
    }

    /// The slot for the next line read, or null while every slot holds a
    /// line not yet written.
    [[nodiscard]] Slot* slot_to_fill() noexcept {
        const std::size_t next = filled_ + staged_;
        return next - written_ < slots_.size() ? &slots_[next % slots_.size()] : nullptr;
    }
    /// The slot from slot_to_fill() holds its line.
    void stage() noexcept { ++staged_; }
    [[nodiscard]] std::size_t staged() const noexcept { return staged_; }
    /// Staged lines may now be routed by any thread.
    void publish() {
        if (staged_ == 0) return;
        {
            std::lock_guard lock(mutex_);
            filled_ += std::exchange(staged_, 0);
        }
        more_work_.notify_all();
    }
    /// How many lines, next in input order, are routed and not yet
    /// written (0 while the next is not routed, or every line is written).
    /// One lock for the run, not two a line.
    [[nodiscard]] std::size_t finished() {
        std::lock_guard lock(mutex_);
        std::size_t n = 0;
        while (written_ + n < filled_ && done_[(written_ + n) % slots_.size()] == written_ + n + 1) ++n;
        return n;
    }
    /// The `k`th of the lines finished() counted (0 the next to write).
    /// Throws what routing that line threw (the line is then written: call
    /// release() for the lines before it, if going on).
    [[nodiscard]] Slot& finished_line(std::size_t k) {
        const std::size_t at = (written_ + k) % slots_.size();
        if (thrown_[at]) std::rethrow_exception(std::exchange(thrown_[at], nullptr));
        return slots_[at];
    }
    /// The first `n` of those lines are written: their slots may be filled again.
    void release(std::size_t n) {
        std::lock_guard lock(mutex_);
        written_ += n;
    }
    /// Whether a published line is not yet written.
    [[nodiscard]] bool unwritten() const noexcept { return written_ < filled_; }
    /// Routes a group of published lines on the caller's thread; false when
    /// every published line is already claimed.
    bool help() {
        std::size_t first = 0, count = 0;
        {
            std::lock_guard lock(mutex_);
            std::tie(first, count) = claim();
        }
        if (count == 0) return false;
        run(first, count, 0);
        return true;
    }
    /// Waits until the next line to write is routed. Call only after help()
    /// returned false, when another thread has claimed it.
    void wait_for_next() {
        std::unique_lock lock(mutex_);
        line_done_.wait(lock, [this] { return head_done() || written_ == filled_; });
    }

private:
    [[nodiscard]] bool head_done() const noexcept {
        return written_ < filled_ && done_[written_ % slots_.size()] == written_ + 1;
    }
    /// Claims published lines under the lock: a group small enough that
    /// every thread gets some, at most 16 (a line is tens of microseconds).
    std::pair<std::size_t, std::size_t> claim() {
        const std::size_t open = filled_ - claimed_;
        if (open == 0) return {claimed_, 0};
        const std::size_t count = std::clamp<std::size_t>(open / (2 * (helpers_ + 1)), 1, 16);
        const std::size_t first = claimed_;
        claimed_ += count;
        return {first, count};
    }
    void run(std::size_t first, std::size_t count, unsigned thread) {
        for (std::size_t k = first; k < first + count; ++k) {
            try {
                work_(slots_[k % slots_.size()], thread);
            } catch (...) {  // the caller's, in the line's turn (finished_line)
                thrown_[k % slots_.size()] = std::current_exception();
            }
        }
        {
            std::lock_guard lock(mutex_);
            for (std::size_t k = first; k < first + count; ++k) done_[k % slots_.size()] = k + 1;
        }
        line_done_.notify_all();
    }
    void serve(unsigned thread) {
        for (;;) {
            std::size_t first = 0, count = 0;
            {
                std::unique_lock lock(mutex_);
                more_work_.wait(lock, [this] { return stop_ || claimed_ < filled_; });
                if (stop_) return;
                std::tie(first, count) = claim();
            }
            run(first, count, thread);
        }
    }

    std::function<void(Slot&, unsigned)> work_;
    std::vector<Slot> slots_;
    std::vector<std::size_t> done_;  ///< slot -> 1 + the number of the last line routed in it
    /// slot -> what routing its line threw (set by the thread that routed
    /// it before marking it done, read by the caller after)
    std::vector<std::exception_ptr> thrown_;
    unsigned helpers_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable more_work_, line_done_;
    // Line numbers (from 0) of the whole batch: written <= claimed <= filled,
    // and filled + staged - written <= the ring's size. staged_ is the
    // caller's alone; the others change under the mutex.
    std::size_t staged_ = 0, filled_ = 0, claimed_ = 0, written_ = 0;
    bool stop_ = false;
};

} // namespace spfgov::cli
