// Routing on hostile inputs (../shared/repro/hostile: r01, r02, r03, r05):
// each pinned by what it costs in memory or steps, never by time.
#include <spfgov/generate.hpp>
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rrule.hpp>

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <string>
#include <latch>
#include <set>
#include <thread>
#include <vector>

namespace test_hostile_routing_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

namespace {

date day(int y, int m, int dd) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(dd));
}

std::string iso(date d) { return to_iso(d); }

/// Peak resident set of this process so far, in KiB (Linux ru_maxrss).
long peak_rss_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/// r01: k split-then-merge "diamonds" in a row: E0 -> A1, B1 -> E1 -> ...
std::string diamonds(int k) {
    const auto at = [](int n) { return iso(day(2000, 1, 1) + boost::gregorian::days(n)); };
    std::string b = R"({"id":"spf","kind":"national_forum"},{"id":"Y","kind":"region"},)"
                    R"({"id":"S","kind":"system","region":"Y"},{"id":"S-forum","kind":"system_forum","system":"S"},)"
                    R"({"id":"E0","kind":"employer","system":"S","valid_to":")" + at(0) + R"("})";
    for (int i = 1; i <= k; ++i) {
        for (const char* ab : {"A", "B"})
            b += R"(,{"id":")" + std::string(ab) + std::to_string(i) + R"(","kind":"employer","system":"S","succeeds":"E)" +
                 std::to_string(i - 1) + R"(","valid_from":")" + at(2 * i - 2) + R"(","valid_to":")" + at(2 * i - 1) + "\"}";
        b += R"(,{"id":"E)" + std::to_string(i) + R"(","kind":"employer","system":"S","succeeds":["A)" + std::to_string(i) +
             R"(","B)" + std::to_string(i) + R"("],"valid_from":")" + at(2 * i - 1) + "\"" +
             (i < k ? R"(,"valid_to":")" + at(2 * i) + "\"" : std::string()) + "}";
        if (i == k)
            b += R"(,{"id":"E)" + std::to_string(i) + R"(-jncc","kind":"jncc","employer":"E)" + std::to_string(i) +
                 R"(","valid_from":")" + at(2 * i - 1) + "\"}";
    }
    return R"({"spfgov":1,"bodies":[)" + b + "]}";
}

issue redundancy_at(std::string employer, date on) {
    issue i;
    i.id = "H-1";
    i.kind = issue_kind::redundancy;
    i.origin = level::employer;
    i.affected = {employer};
    i.date = on;
    i.first_dismissal = day(2027, 3, 1);
    i.redundancies = {{employer, 150}};
    return i;
}

} // namespace

TEST_CASE("r01/r02: a split-then-merge diamond of depth 20 gives the merged body once and keeps R10's deadline") {
    const auto g = read_graph(diamonds(20), "diamonds.json");
    const auto r = route_issue(g, redundancy_at("E0", day(2026, 11, 22)));
    CHECK(ids(g, r.affected) == std::vector<std::string>{"E20"});
    CHECK(ids(g, r.consult) == std::vector<std::string>{"E20-jncc"});
    REQUIRE(r.deadlines.size() == 2);  // consultation start and HR1, for E20 once
    for (const auto& dl : r.deadlines) {
        CHECK(g.id(dl.body) == "E20");
        CHECK(dl.days == spfgov::calendar_days{45});
        CHECK(dl.date == day(2027, 1, 15));
    }
}

TEST_CASE("r02: a trust that split and re-merged keeps its TULRCA deadline") {
    const auto g = read_graph(R"({"spfgov": 1, "bodies": [
 {"id": "spf", "kind": "national_forum"}, {"id": "Y60", "kind": "region"},
 {"id": "Y60-spf", "kind": "regional_forum", "region": "Y60"},
 {"id": "QHL", "kind": "system", "region": "Y60"}, {"id": "QHL-forum", "kind": "system_forum", "system": "QHL"},
 {"id": "T", "kind": "employer", "system": "QHL", "valid_to": "2024-04-01"}, {"id": "T-jncc", "kind": "jncc", "employer": "T"},
 {"id": "A", "kind": "employer", "system": "QHL", "succeeds": "T", "valid_from": "2024-04-01", "valid_to": "2025-04-01"},
 {"id": "A-jncc", "kind": "jncc", "employer": "A"},
 {"id": "B", "kind": "employer", "system": "QHL", "succeeds": "T", "valid_from": "2024-04-01", "valid_to": "2025-04-01"},
 {"id": "B-jncc", "kind": "jncc", "employer": "B"},
 {"id": "M", "kind": "employer", "system": "QHL", "succeeds": ["A", "B"], "valid_from": "2025-04-01"},
 {"id": "M-jncc", "kind": "jncc", "employer": "M"}]})",
                              "split_merge.json");
    for (const char* who : {"T", "M"}) {
        CAPTURE(who);
        const auto r = route_issue(g, redundancy_at(who, day(2026, 11, 22)));
        CHECK(ids(g, r.affected) == std::vector<std::string>{"M"});
        REQUIRE(r.deadlines.size() == 2);
        CHECK(g.id(r.deadlines[0].body) == "M");
        CHECK(r.deadlines[0].date == day(2027, 1, 15));
    }
}

TEST_CASE("r03: one index per validity epoch, and the cache bounded in memory over 5,000 distinct dates") {
    const auto g = generate_graph({.employers = 1000, .seed = 3});
    router rt(g);
    const auto stats0 = rt.statistics();
    CHECK(stats0.epochs > 10);  // mergers and splits on the 1st of months, 2023-2026
    CHECK(stats0.built == 0);

    // Dates of one epoch share one index (the tables, not a copy).
    const auto a = rt.index_for(day(2019, 3, 1)), b = rt.index_for(day(2019, 3, 2));
    CHECK(rt.epoch_of(a->on()) == rt.epoch_of(b->on()));
    CHECK(&a->view() == &b->view());
    CHECK(a->on() == day(2019, 3, 1));
    CHECK(b->on() == day(2019, 3, 2));
    CHECK(rt.statistics().built == 1);
    const std::size_t one_index = a->memory_bytes();
    CHECK(one_index > 10000);

    // A budget of four indexes: 5,000 distinct dates over 2019-2032 cross
    // every epoch, and the cache never holds more than the budget.
    rt.set_cache_budget(4 * one_index);
    const long before = peak_rss_kib();
    issue i;
    i.kind = issue_kind::restructure;
    i.origin = level::national;
    std::size_t routed = 0, over_budget = 0;
    for (int n = 0; n < 5000; ++n) {
        i.id = "D" + std::to_string(n);
        i.date = day(2019, 1, 1) + boost::gregorian::days(n);
        (void)rt(i);
        ++routed;
        const auto s = rt.statistics();
        if (s.cached_bytes > s.budget && s.cached > 1) ++over_budget;
    }
    const long after = peak_rss_kib();
    const auto s = rt.statistics();
    CHECK(routed == 5000);
    CHECK(over_budget == 0);
    CHECK(s.built <= 5000);
    CHECK(s.built > 10);  // 2019..2032 spans most change points
    // Four indexes' bytes hold a few more epochs than four (their shared
    // chunks counted once), but far from all of them.
    CHECK(s.cached <= 8);
    CHECK(s.evicted > 0);
    // Generous: 5,000 per-date indexes of this graph took ~500 MiB before.
    MESSAGE("peak RSS before " << before << " KiB, after " << after << " KiB; epochs " << s.epochs << ", built "
                               << s.built << ", cached " << s.cached << " (" << s.cached_bytes << " B), index "
                               << one_index << " B");
    CHECK(after - before < 128 * 1024);
    // The cache's count is exact after all those evictions: with one epoch
    // left it holds that epoch's bytes, no more, no less.
    rt.set_cache_budget(1);
    const auto last = rt.index_for(i.date);  // the epoch routed on last (kept)
    CHECK(rt.statistics().cached == 1);
    CHECK(rt.statistics().cached_bytes == last->memory_bytes());

    // r03b: an out-of-range date is rejected before any index is built.
    const auto built = rt.statistics().built;
    i.date = day(5000, 1, 1);
    CHECK_THROWS_WITH_AS((void)rt(i), doctest::Contains("date_out_of_range"), issue_error);
    CHECK(rt.statistics().built == built);
}

TEST_CASE("r03: threads wanting an epoch at once build it once; the others wait for it") {
    // A C++ developer's trial: 4 threads x 20,000 issues built 7 to 9 epochs
    // for 6 cached (two threads missing the cache at once each built it).
    // Here four threads start together on each of four epochs in turn.
    const auto g = generate_graph({.employers = 1000, .seed = 3});
    const router rt(g);
    const std::vector<date> days{day(2019, 3, 1), day(2024, 6, 3), day(2026, 1, 5), day(2030, 2, 4)};
    std::set<std::size_t> epochs;
    for (const auto d : days) epochs.insert(rt.epoch_of(d));
    REQUIRE(epochs.size() == days.size());
    constexpr int threads = 4;
    std::vector<std::string> failures(threads);
    for (const auto d : days) {
        std::latch start(threads);
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                issue i;
                i.id = "T" + std::to_string(t);
                i.kind = issue_kind::restructure;
                i.origin = level::national;
                i.date = d;
                start.arrive_and_wait();
                try {
                    if (rt(i).as_of != d) failures[static_cast<std::size_t>(t)] += "wrong date; ";
                } catch (const std::exception& e) {
                    failures[static_cast<std::size_t>(t)] += e.what();
                }
            });
        for (auto& th : pool) th.join();
    }
    CHECK(failures == std::vector<std::string>(threads));
    CHECK(rt.statistics().built == days.size());
    CHECK(rt.statistics().cached == days.size());
}

TEST_CASE("r03: an epoch that cannot be built fails every thread waiting for it, and is tried again later") {
    // Two escalates_to links that form a cycle from 2026-06-01.
    const std::string text = R"({"spfgov": 1,
      "allow": [{"relation": "escalates_to", "from": "system_forum", "to": "system_forum"}],
      "bodies": [
        {"id": "A", "kind": "system_forum", "name": "A"}, {"id": "B", "kind": "system_forum", "name": "B"}],
      "links": [{"from": "A", "to": "B", "relation": "escalates_to"},
                {"from": "B", "to": "A", "relation": "escalates_to", "valid_from": "2026-06-01"}]})";
    const auto g = read_graph(text, "cycle.json");
    const router rt(g);
    constexpr int threads = 4;
    std::vector<std::string> codes(threads);
    std::latch start(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            start.arrive_and_wait();
            try {
                (void)rt.index_for(day(2026, 7, 1));
            } catch (const error& e) {
                codes[static_cast<std::size_t>(t)] = e.code();
            }
        });
    for (auto& th : pool) th.join();
    CHECK(codes == std::vector<std::string>(threads, "escalation_cycle"));
    CHECK(rt.statistics().cached == 0);
    CHECK_THROWS_WITH_AS((void)rt.index_for(day(2026, 7, 1)), doctest::Contains("escalation_cycle"), graph_error);
    CHECK(rt.index_for(day(2026, 5, 1))->on() == day(2026, 5, 1));  // before the cycle
}

TEST_CASE("r03: routes through the epoch cache equal routes through a fresh per-date index") {
    const auto g = generate_graph({.employers = 300, .seed = 5});
    const auto issues = generate_issues(g, {.count = 400, .seed = 5, .from = day(2020, 1, 1), .to = day(2027, 12, 31)});
    router rt(g);
    rt.set_cache_budget(1);  // evict all but the epoch in use
    int mismatches = 0;
    for (const auto& i : issues)
        if (!(rt(i) == route_issue(g, i))) ++mismatches;
    CHECK(mismatches == 0);
}

TEST_CASE("r03: a routing session gives the router's routes, on one thread or two, and lets go of evicted epochs") {
    const auto g = generate_graph({.employers = 300, .seed = 5});
    const auto issues = generate_issues(g, {.count = 600, .seed = 7, .from = day(2020, 1, 1), .to = day(2027, 12, 31)});
    router rt(g);
    std::vector<route> expected;
    for (const auto& i : issues) expected.push_back(rt(i));

    SUBCASE("one session, issue after issue into one route") {
        routing_session session(rt);
        CHECK(&session.routes_through() == &rt);
        route r;
        int mismatches = 0;
        for (std::size_t n = 0; n < issues.size(); ++n) {
            session.route_into(issues[n], r);
            if (!(r == expected[n])) ++mismatches;
        }
        CHECK(mismatches == 0);
        // It holds the epochs it routed on, no more than the router has built.
        CHECK(session.epochs_held() > 1);
        CHECK(session.epochs_held() <= rt.statistics().built);
        // --as-of as the router does it.
        CHECK(session(issues[0], day(2024, 6, 3)) == rt(issues[0], day(2024, 6, 3)));
    }
    SUBCASE("a session a thread, two threads at once") {
        std::vector<route> got(issues.size());
        auto work = [&](std::size_t first) {
            routing_session session(rt);
            for (std::size_t n = first; n < issues.size(); n += 2) got[n] = session(issues[n]);
        };
        std::thread other(work, 1);
        work(0);
        other.join();
        int mismatches = 0;
        for (std::size_t n = 0; n < issues.size(); ++n)
            if (!(got[n] == expected[n])) ++mismatches;
        CHECK(mismatches == 0);
    }
    SUBCASE("after an eviction a session holds only the epoch of its next route") {
        routing_session session(rt);
        for (std::size_t n = 0; n < 100; ++n) (void)session(issues[n]);
        REQUIRE(session.epochs_held() > 1);
        rt.set_cache_budget(1);  // evicts all but one epoch
        REQUIRE(rt.statistics().evicted > 0);
        CHECK(session(issues[100]) == expected[100]);
        CHECK(session.epochs_held() == 1);
        // With the budget at one epoch, every route evicts: never more than one held.
        std::size_t most = 0;
        for (std::size_t n = 101; n < 300; ++n) {
            CHECK(session(issues[n]) == expected[n]);
            most = std::max(most, session.epochs_held());
        }
        CHECK(most == 1);
    }
    SUBCASE("a released session holds nothing, and routes again as before") {
        routing_session session(rt);
        for (std::size_t n = 0; n < 100; ++n) (void)session(issues[n]);
        REQUIRE(session.epochs_held() > 1);
        session.release();
        CHECK(session.epochs_held() == 0);
        session.release();  // twice: still nothing
        CHECK(session.epochs_held() == 0);
        for (std::size_t n = 100; n < 150; ++n) CHECK(session(issues[n]) == expected[n]);
        CHECK(session.epochs_held() > 0);
    }
    SUBCASE("a moved-from session routes again from nothing") {
        routing_session first(rt);
        (void)first(issues[0]);
        routing_session second(std::move(first));
        CHECK(second(issues[1]) == expected[1]);
        CHECK(first.epochs_held() == 0);  // NOLINT(bugprone-use-after-move): a moved-from session is usable
        CHECK(first(issues[2]) == expected[2]);
        first = std::move(second);
        CHECK(first(issues[3]) == expected[3]);
    }
    SUBCASE("a date out of range is refused before any epoch is built") {
        routing_session session(rt);
        const auto built = rt.statistics().built;
        issue far = issues[0];
        far.date = day(2101, 1, 1);
        CHECK_THROWS_WITH_AS((void)session(far), doctest::Contains("date_out_of_range"), issue_error);
        CHECK(rt.statistics().built == built);
        CHECK(session.epochs_held() == 0);
    }
}

TEST_CASE("r03: epochs that share most of their tables count the shared part once, so a batch's epochs are built once") {
    // A seven-year batch's epochs differ in a few rows each and share the
    // rest (one copy of each chunk). Counting the shared chunks in every
    // epoch, a budget that held their memory many times over evicted them
    // and built them again and again (gen10000: 714 builds for 50 epochs).
    const auto g = generate_graph({.employers = 1000, .seed = 3});
    router rt(g);
    std::vector<date> one_a_epoch;  // the first day of each epoch from 2020 to 2026
    for (date on = day(2020, 1, 1); on < day(2027, 1, 1); on += boost::gregorian::days(1))
        if (one_a_epoch.empty() || rt.epoch_of(on) != rt.epoch_of(one_a_epoch.back())) one_a_epoch.push_back(on);
    REQUIRE(one_a_epoch.size() >= 10);
    std::size_t counted_apart = 0;
    {
        router apart(g);  // each epoch's bytes on its own
        for (const date on : one_a_epoch) counted_apart += apart.index_for(on)->memory_bytes();
    }
    rt.set_cache_budget(counted_apart * 9 / 10);  // held once: ~78% of it
    issue i;
    i.kind = issue_kind::restructure;
    i.origin = level::national;
    for (int round = 0; round < 3; ++round)
        for (const date on : one_a_epoch) {
            i.id = "E" + std::to_string(round) + "-" + to_iso(on);
            i.date = on;
            (void)rt(i);
        }
    const auto s = rt.statistics();
    CHECK(s.built == one_a_epoch.size());  // each once
    CHECK(s.evicted == 0);
    CHECK(s.cached_bytes <= s.budget);
    // Not too few either: at least the biggest epoch, and more than any two
    // apart from it would share.
    std::size_t biggest = 0;
    for (const date on : one_a_epoch) biggest = std::max(biggest, rt.index_for(on)->memory_bytes());
    CHECK(s.cached_bytes > biggest);
    MESSAGE("epochs " << one_a_epoch.size() << ", bytes counted apart " << counted_apart << ", held " << s.cached_bytes);
}

TEST_CASE("r03: an epoch a session keeps routing on is not the one the router evicts") {
    // The router evicts the least recently used epoch; a session's routes
    // on an epoch it holds do not go through the router's lock, and must
    // still count as use, or the epoch routed on most would look oldest.
    const auto g = generate_graph({.employers = 1000, .seed = 3});
    router rt(g);
    std::vector<date> one_a_epoch;  // the first day of each epoch from 2019
    for (date on = day(2019, 1, 1); on < day(2033, 1, 1); on += boost::gregorian::days(1))
        if (one_a_epoch.empty() || rt.epoch_of(on) != rt.epoch_of(one_a_epoch.back())) one_a_epoch.push_back(on);
    REQUIRE(one_a_epoch.size() >= 10);
    issue i;
    i.kind = issue_kind::restructure;
    i.origin = level::national;
    const date hot = one_a_epoch[0];
    const std::size_t one_epoch = rt.index_for(hot)->memory_bytes();
    rt.set_cache_budget(3 * one_epoch);  // room for a few epochs (more than three: they share chunks), not all
    routing_session session(rt);
    for (std::size_t k = 1; k < one_a_epoch.size(); ++k) {
        i.id = "hot-" + std::to_string(k);
        i.date = hot;
        (void)session(i);
        i.id = "cold-" + std::to_string(k);
        i.date = one_a_epoch[k];
        (void)session(i);
    }
    const auto s = rt.statistics();
    CHECK(s.evicted > 0);
    // Each cold epoch built once, the hot one once (index_for built it):
    // never evicted, so never built again.
    CHECK(s.built == one_a_epoch.size());
    CHECK(session.epochs_held() <= s.cached);
    // Epochs evicted while the session held them, their chunks interned
    // again into others since: still counted exactly, each chunk once.
    session.release();
    rt.set_cache_budget(1);
    const auto last = rt.index_for(one_a_epoch.back());  // the one kept, or built again as the only one
    CHECK(rt.statistics().cached == 1);
    CHECK(rt.statistics().cached_bytes == last->memory_bytes());
}

TEST_CASE("r05: a never-meeting rule is not walked from its start") {
    const meeting_schedule never{parse_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), day(1400, 1, 1), spfgov::working_days{5}};
    std::uint64_t steps = 0;
    CHECK_FALSE(next_meeting(never, day(2026, 1, 1), holiday_calendar::england_and_wales(), &steps).has_value());
    // Years 2026..2100, a dozen month steps each; walking days from 1400 took ~256,000.
    MESSAGE("steps: " << steps);
    CHECK(steps < 1500);

    const meeting_schedule monthly_never{parse_rrule("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30,31"), day(1400, 1, 1), spfgov::working_days{0}};
    CHECK_FALSE(next_meeting(monthly_never, day(2026, 1, 1), holiday_calendar::england_and_wales(), &steps).has_value());
    MESSAGE("steps: " << steps);
    CHECK(steps < 3000);  // a step or two for each month from 2026 to 2100

    // The same answers as a walk from the start, on rules that do meet.
    for (const char* rule : {"FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "FREQ=WEEKLY;BYDAY=MO,TH",
                             "FREQ=YEARLY;BYMONTH=4,10;BYMONTHDAY=-1", "FREQ=MONTHLY", "FREQ=YEARLY",
                             "FREQ=WEEKLY;INTERVAL=3", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=YEARLY;BYDAY=20MO",
                             "FREQ=MONTHLY;UNTIL=20300101;BYMONTHDAY=1,15"}) {
        for (int papers : {0, 5}) {
            const meeting_schedule s{parse_rrule(rule), day(1990, 1, 31), spfgov::working_days{papers}};
            for (date on : {day(1990, 1, 1), day(2021, 12, 24), day(2026, 3, 2), day(2029, 12, 31), day(2100, 12, 1)}) {
                CAPTURE(rule);
                CAPTURE(papers);
                CAPTURE(iso(on));
                // Reference: every occurrence from the start, in order.
                std::optional<next_meeting_result> expected;
                const auto& cal = holiday_calendar::england_and_wales();
                for (date o : occurrences(s.rule, s.start, 100000)) {
                    if (o < holiday_calendar::first_day()) continue;
                    if (cal.working_days_between(o, holiday_calendar::last_day() + boost::gregorian::days(1)) == spfgov::working_days{0}) break;
                    const date m = cal.next_working_day(o);
                    if (cal.working_days_between(holiday_calendar::first_day(), m) < spfgov::working_days{papers}) continue;
                    const date due = cal.add_working_days(m, spfgov::working_days{-papers});
                    if (due >= on) {
                        expected = next_meeting_result{m, due, m != o, o};
                        break;
                    }
                }
                CHECK(next_meeting(s, on) == expected);
            }
        }
    }
}

} // namespace test_hostile_routing_cpp
