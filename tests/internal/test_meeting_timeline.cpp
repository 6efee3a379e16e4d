// Unit tests of R12's per-thread answers (src/detail_meeting_timeline.hpp:
// detail::meeting_timelines): each answer is next_meeting's for its date,
// whatever order the dates come in, and a meeting is worked out again only
// for a date no answer is known to hold for. Internals: built only against
// the static library.
#include "../../src/detail_meeting_timeline.hpp"

#include <spfgov/rrule.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace test_meeting_timeline_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

date d(int y, int m, int day) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
}

meeting_schedule schedule(const char* rule, date start, int papers) {
    return {parse_rrule(rule), start, working_days{papers}};
}

/// Every date from `from` to `to`, shuffled.
std::vector<date> shuffled_dates(date from, date to, unsigned seed) {
    std::vector<date> out;
    for (date x = from; x <= to; x += boost::gregorian::days(1)) out.push_back(x);
    std::mt19937 random(seed);
    std::shuffle(out.begin(), out.end(), random);
    return out;
}

struct case_of_rule {
    const char* name;
    meeting_schedule sched;
};

const std::vector<case_of_rule>& rules() {
    static const std::vector<case_of_rule> all{
        {"monthly on the first Thursday, papers 5 working days before", schedule("FREQ=MONTHLY;BYDAY=1TH", d(2024, 1, 1), 5)},
        {"the 15th of each month, papers on the day (moved off weekends)",
         schedule("FREQ=MONTHLY;BYMONTHDAY=15", d(2024, 1, 1), 0)},
        {"every Saturday, so every meeting moves to the Monday, papers 3 days before",
         schedule("FREQ=WEEKLY;BYDAY=SA", d(2024, 1, 6), 3)},
        {"every other month, ending after 6 meetings (then no meeting at all)",
         schedule("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6", d(2025, 9, 1), 10)},
        {"quarterly until 2026-06-30", schedule("FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE;UNTIL=20260630", d(2025, 1, 1), 5)},
        {"the last working days of December (bank holidays move meetings)",
         schedule("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24,25,26,27,28,29", d(2024, 1, 1), 1)},
    };
    return all;
}

} // namespace test_meeting_timeline_cpp

using namespace test_meeting_timeline_cpp;

TEST_CASE("a thread's answers for a body are next_meeting's for every date, whatever order the dates come in") {
    for (const auto& rule_case : rules()) {  // (not a structured binding: clang 14 cannot capture one)
        const meeting_schedule& sched = rule_case.sched;
        CAPTURE(rule_case.name);
        detail::meeting_timelines timelines;
        const body_handle body{7};
        std::size_t worked_out = 0;
        const auto compute = [&](date from) {
            ++worked_out;
            return next_meeting(sched, from);
        };
        const auto dates = shuffled_dates(d(2025, 6, 1), d(2027, 3, 31), 11);
        std::set<std::string> distinct;
        for (const date on : dates) {
            const auto expected = next_meeting(sched, on);
            CAPTURE(to_iso(on));
            CHECK(timelines.answer(1, body, sched.papers_days, on, compute) == expected);
            distinct.insert(expected ? to_iso(expected->scheduled) : "none");
        }
        CHECK(worked_out < dates.size() / 2);  // most dates found an answer known to hold
        CHECK(timelines.answers_held(1, body, sched.papers_days) == distinct.size());  // one each, joined
        // Asked again, in another order: nothing is worked out again.
        const std::size_t before = worked_out;
        for (const date on : shuffled_dates(d(2025, 6, 1), d(2027, 3, 31), 12))
            CHECK(timelines.answer(1, body, sched.papers_days, on, compute) == next_meeting(sched, on));
        CHECK(worked_out == before);
    }
}

TEST_CASE("dates asked in order work each meeting out once; in reverse order, at most once a date, as a memo by date") {
    const auto& sched = rules().front().sched;
    const auto count_worked_out = [&](date from, date to, long step_days) {
        detail::meeting_timelines timelines;
        std::size_t worked_out = 0;
        std::set<date> meetings;
        for (date on = from; step_days > 0 ? on <= to : on >= to; on += boost::gregorian::days(step_days)) {
            const auto got = timelines.answer(3, body_handle{2}, sched.papers_days, on, [&](date x) {
                ++worked_out;
                return next_meeting(sched, x);
            });
            REQUIRE(got == next_meeting(sched, on));
            meetings.insert(got->meeting);
        }
        return std::pair{worked_out, meetings.size()};
    };
    const auto [in_order, meetings] = count_worked_out(d(2026, 1, 1), d(2026, 12, 31), 1);
    CHECK(in_order == meetings);  // 13: each answer's dates run on from the day after the last one's
    const auto [reversed, same_meetings] = count_worked_out(d(2026, 12, 31), d(2026, 1, 1), -1);
    CHECK(same_meetings == meetings);
    CHECK(reversed == 365);  // the dates below an answer's earliest are not known to share it
}

TEST_CASE("answers are kept apart by epoch, body and papers days") {
    const auto monthly = rules().front().sched;
    auto later_papers = monthly;
    later_papers.papers_days = working_days{15};
    detail::meeting_timelines timelines;
    const date on = d(2026, 3, 2);
    const auto ask = [&](std::uint64_t epoch, std::uint32_t body, const meeting_schedule& sched) {
        return timelines.answer(epoch, body_handle{body}, sched.papers_days, on, [&](date from) { return next_meeting(sched, from); });
    };
    CHECK(ask(1, 5, monthly) == next_meeting(monthly, on));
    CHECK(ask(1, 5, later_papers) == next_meeting(later_papers, on));  // not the answer with 5 days' papers
    CHECK(next_meeting(later_papers, on) != next_meeting(monthly, on));
    const auto weekly = rules()[2].sched;
    CHECK(ask(2, 5, weekly) == next_meeting(weekly, on));  // another epoch's rule for the same body
    CHECK(ask(1, 6, weekly) == next_meeting(weekly, on));
    CHECK(ask(1, 5, monthly) == next_meeting(monthly, on));
    CHECK(timelines.answers_held(1, body_handle{5}, monthly.papers_days) == 1);
    CHECK(timelines.answers_held(9, body_handle{5}, monthly.papers_days) == 0);
}

TEST_CASE("a timeline past its most answers, and a table past its most timelines, start again and stay right") {
    const auto weekly = rules()[2].sched;  // a meeting a week: many answers
    detail::meeting_timelines timelines;
    const auto dates = shuffled_dates(d(2024, 1, 8), d(2029, 12, 31), 5);  // ~310 meetings
    for (const date on : dates) {
        REQUIRE(timelines.answer(1, body_handle{1}, weekly.papers_days, on, [&](date from) { return next_meeting(weekly, from); }) ==
                next_meeting(weekly, on));
        REQUIRE(timelines.answers_held(1, body_handle{1}, weekly.papers_days) <= detail::meeting_timelines::max_steps);
    }
    // (Emptied at its most more than once: the count in all is still its own.)
    CHECK(timelines.answers_in_all() == timelines.answers_held(1, body_handle{1}, weekly.papers_days));
    // More timelines than the table holds (a batch over many epochs).
    const auto monthly = rules().front().sched;
    const std::size_t epochs = detail::meeting_timelines::max_timelines + 40;
    for (std::uint64_t epoch = 1; epoch <= epochs; ++epoch) {
        const date on = d(2026, 1, 1) + boost::gregorian::days(static_cast<long>(epoch % 300));
        REQUIRE(timelines.answer(epoch, body_handle{4}, monthly.papers_days, on,
                                 [&](date from) { return next_meeting(monthly, from); }) == next_meeting(monthly, on));
    }
    CHECK(timelines.answers_held(1, body_handle{1}, weekly.papers_days) == 0);  // emptied with the table
    CHECK(timelines.answers_held(epochs, body_handle{4}, monthly.papers_days) == 1);
    CHECK(timelines.timelines_in_use() < detail::meeting_timelines::max_timelines);
}

TEST_CASE("the answers of all timelines together stay within their most, the table emptied when they reach it") {
    const auto weekly = rules()[2].sched;
    detail::meeting_timelines timelines;
    std::size_t most = 0, bodies_most = 0;
    bool emptied = false;
    // 170 bodies a meeting a week for two years: 170 x ~104 answers (each
    // timeline under its own most), past 16,384 in all.
    for (std::uint32_t body = 0; body < 170; ++body) {
        for (date on = d(2024, 1, 8); on <= d(2025, 12, 31); on += boost::gregorian::days(1)) {
            REQUIRE(timelines.answer(1, body_handle{body}, weekly.papers_days, on,
                                     [&](date from) { return next_meeting(weekly, from); }) == next_meeting(weekly, on));
            REQUIRE(timelines.answers_in_all() <= detail::meeting_timelines::max_answers);
            if (timelines.timelines_in_use() < bodies_most) emptied = true;
            most = std::max(most, timelines.answers_in_all());
            bodies_most = std::max(bodies_most, timelines.timelines_in_use());
        }
    }
    CHECK(most == detail::meeting_timelines::max_answers);
    CHECK(emptied);
    CHECK(timelines.timelines_in_use() < 170);  // the table started again
}

TEST_CASE("an answer that cannot be worked out keeps nothing, and the answers known before stay") {
    const auto& sched = rules().front().sched;
    detail::meeting_timelines timelines;
    const auto compute = [&](date from) { return next_meeting(sched, from); };
    const date known = d(2026, 5, 1);
    const auto first = timelines.answer(1, body_handle{3}, sched.papers_days, known, compute);
    CHECK_THROWS_AS(timelines.answer(1, body_handle{3}, sched.papers_days, d(2026, 9, 1),
                                     [](date) -> std::optional<next_meeting_result> { throw std::runtime_error("no"); }),
                    std::runtime_error);
    CHECK(timelines.answers_held(1, body_handle{3}, sched.papers_days) == 1);
    CHECK(timelines.answer(1, body_handle{3}, sched.papers_days, known, [](date) -> std::optional<next_meeting_result> {
        throw std::runtime_error("known: not worked out again");
    }) == first);
    CHECK(timelines.answer(1, body_handle{3}, sched.papers_days, d(2026, 9, 1), compute) == next_meeting(sched, d(2026, 9, 1)));
    // A new body whose first answer throws holds nothing.
    CHECK_THROWS_AS(timelines.answer(1, body_handle{8}, sched.papers_days, known,
                                     [](date) -> std::optional<next_meeting_result> { throw std::runtime_error("no"); }),
                    std::runtime_error);
    CHECK(timelines.answers_held(1, body_handle{8}, sched.papers_days) == 0);
    CHECK(timelines.timelines_in_use() == 1);  // no slot filled for it
    CHECK(timelines.answers_in_all() == 2);
}
