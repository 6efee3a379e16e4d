// R12's next meetings as a thread has worked them out, per (epoch, body,
// papers days), each with the dates it is known to hold for (internal).
#pragma once

#include "spfgov/calendar.hpp"
#include "spfgov/handles.hpp"
#include "spfgov/rrule.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace spfgov::detail {

/// next_meeting(schedule, d) is the first meeting whose papers are due on or
/// after d, and papers due dates rise with the meetings: so its answer for d
/// holds for every date from d up to that answer's due date. A timeline
/// keeps, for one body, the answers worked out so far, each with the dates
/// it is known to hold for: from the earliest date it was worked out for up
/// to its due date (for no meeting at all, every later date of the calendar). A date inside
/// one of them is answered by a binary search; any other date is worked out
/// (one next_meeting) and its answer's dates joined to those known for it.
/// So a meeting is worked out about once per thread, epoch, body and papers
/// days, however many dates of a batch name the body before its papers are
/// due, and never more often than a memo by date would: that memo missed on
/// half the routes of the generated mix, each miss working a meeting out
/// again (12% of the mix's instructions).
///
/// Per thread: no lock, no sharing. The epoch's serial is never reused, so
/// an epoch freed and another built at its address cannot be mistaken for
/// it. Bounded: up to `max_timelines` timelines (an open-addressed table of
/// twice as many slots, 40 KiB) of at most `max_steps` answers each (a full
/// one is emptied), and `max_answers` in all (then the table is emptied
/// whole: a batch over many epochs), 28 bytes an answer: under 1 MiB a
/// thread at most with the vectors' spare capacity, a few KiB for a
/// generated graph's few dozen meeting bodies.
class meeting_timelines {
public:
    static constexpr std::size_t max_timelines = 512;
    static constexpr std::size_t max_steps = 128;
    static constexpr std::size_t max_answers = 16384;

    /// One answer and the dates it is known to hold for, [from, last].
    struct step {
        date from;
        date last;  ///< its papers' due date; the calendar's last day when there is no meeting
        std::optional<next_meeting_result> next;
    };

    /// The answer for `on` of the body `b`'s schedule in epoch `epoch` with
    /// `papers` days: a known one, else `compute(on)` (next_meeting of that
    /// schedule), kept. If `compute` throws, nothing is kept.
    template <class Compute>
    std::optional<next_meeting_result> answer(std::uint64_t epoch, body_handle b, working_days papers, date on,
                                              Compute&& compute) {
        timeline& t = find(epoch, b, papers);
        auto it = std::lower_bound(t.steps.begin(), t.steps.end(), on, [](const step& s, date d) { return s.last < d; });
        if (it != t.steps.end() && !(on < it->from)) return it->next;  // a copy: the steps may move later
        std::optional<next_meeting_result> next = compute(on);  // (a new timeline stays empty if it throws)
        // No meeting holds to the calendar's end (past it next_meeting throws).
        const date last = next ? next->papers_due : holiday_calendar::last_day();
        if (t.epoch == 0) {
            t.epoch = epoch;
            t.body = b.index();
            t.papers = static_cast<std::int32_t>(papers.count());
            ++used_;
        }
        if (it != t.steps.end() && it->last == last && it->next.has_value() == next.has_value()) {
            // The same answer, known for later dates (one due date, one
            // answer: the first meeting due then): it holds from `on` too.
            // (No meeting and one due on the calendar's last day never both
            // occur; compared all the same.)
            it->from = on;
            return next;
        }
        // Any other known answer is due before `on` or after `last`.
        if (t.steps.size() >= max_steps) {
            answers_ -= t.steps.size();
            std::vector<step>().swap(t.steps);  // (its memory freed: capacity stays within twice the answers)
            it = t.steps.end();
        }
        t.steps.insert(it, step{on, last, next});
        ++answers_;
        return next;
    }

    /// Timelines filled, and answers held in all of them (tests).
    [[nodiscard]] std::size_t timelines_in_use() const noexcept { return used_; }
    [[nodiscard]] std::size_t answers_in_all() const noexcept { return answers_; }

    /// The answers held for `b` (tests: how many meetings were worked out).
    [[nodiscard]] std::size_t answers_held(std::uint64_t epoch, body_handle b, working_days papers) const {
        if (timelines_.empty()) return 0;
        for (std::size_t i = slot_index(epoch, b, papers);; i = (i + 1) & (slots - 1)) {
            const timeline& t = timelines_[i];
            if (t.epoch == 0) return 0;
            if (t.epoch == epoch && t.body == b.index() && t.papers == papers.count()) return t.steps.size();
        }
    }

private:
    static constexpr std::size_t slots = 2 * max_timelines;  // a power of two, at most half full

    struct timeline {
        std::uint64_t epoch = 0;  // 0: an empty slot (serials start at 1)
        std::uint32_t body = 0;
        std::int32_t papers = 0;
        std::vector<step> steps;  ///< by `last`, rising; their dates do not overlap
    };

    static std::size_t slot_index(std::uint64_t epoch, body_handle b, working_days papers) noexcept {
        constexpr std::uint64_t k1{0x9E3779B97F4A7C15}, k2{0xC2B2AE3D27D4EB4F};
        const std::uint64_t h = (epoch * k1) ^ (std::uint64_t{b.index()} * k2) ^ static_cast<std::uint64_t>(papers.count());
        return static_cast<std::size_t>(h ^ (h >> 29)) & (slots - 1);
    }

    /// The timeline of (epoch, b, papers), or the empty slot where it goes
    /// (filled once an answer is kept in it).
    timeline& find(std::uint64_t epoch, body_handle b, working_days papers) {
        if (timelines_.empty()) timelines_.resize(slots);
        if (used_ >= max_timelines || answers_ >= max_answers) {  // a batch over many epochs: start again
            for (auto& t : timelines_) t = timeline{};  // (their memory freed)
            used_ = answers_ = 0;
        }
        for (std::size_t i = slot_index(epoch, b, papers);; i = (i + 1) & (slots - 1)) {
            timeline& t = timelines_[i];
            if (t.epoch == 0 || (t.epoch == epoch && t.body == b.index() && t.papers == papers.count())) return t;
        }
    }

    std::vector<timeline> timelines_;
    std::size_t used_ = 0;     ///< timelines filled
    std::size_t answers_ = 0;  ///< answers held in all of them
};

} // namespace spfgov::detail
