// What-if diffs (spfgov/diff.hpp): the same issue routed on two dates, on a
// graph and an edited copy, and lines that fail in one run.
#include "testland.hpp"

#include <spfgov/diff.hpp>
#include <spfgov/graph.hpp>
#include <spfgov/io.hpp>

#include <doctest/doctest.h>

#include <algorithm>

namespace test_diff_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;
using strings = std::vector<std::string>;

namespace {

issue make(strings affected, issue_kind kind = issue_kind::restructure, date on = d(2026, 5, 1)) {
    issue i;
    i.id = "W-1";
    i.title = "what-if";
    i.kind = kind;
    i.origin = level::employer;
    i.affected = std::move(affected);
    i.date = on;
    return i;
}

const role_change* change_of(const route_diff& diff, std::string_view role) {
    const auto it = std::find_if(diff.roles.begin(), diff.roles.end(), [&](const role_change& c) { return c.role == role; });
    return it == diff.roles.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("diff_routes: a route compared with itself has no changes") {
    const auto& g = testland::shared();
    const router rt(g);
    const auto r = rt(make({"E1", "E2"}));
    const auto diff = diff_routes(r, g, r, g);
    CHECK(diff.empty());
    CHECK(diff.issue == "W-1");
    CHECK(write_route_diff(diff_batch_line(r, g, r, g, 7)) == R"({"issue": "W-1", "line": 7})");
}

TEST_CASE("diff_routes: S1's lead union (from 2026-01-01) and its new_technology subgroup (until 2026-07-01)") {
    const auto& g = testland::shared();
    const router rt(g);
    issue i = make({"E1", "E2"}, issue_kind::new_technology);
    i.system_process_agreed = true;  // S1-forum leads, with its lead union
    const auto before = rt(i, d(2025, 12, 1)), during = rt(i, d(2026, 5, 1)), after = rt(i, d(2026, 8, 1));
    REQUIRE(during.lead_union.has_value());
    CHECK_FALSE(before.lead_union.has_value());

    const auto gained = diff_routes(before, g, during, g);
    const auto* union_change = change_of(gained, "lead_union");
    REQUIRE(union_change != nullptr);
    CHECK(union_change->added == strings{"unison"});
    CHECK(union_change->removed.empty());
    CHECK_FALSE(gained.scope.has_value());  // both system scope

    // The subgroup of S1's people board leaves when its validity ends.
    const auto ended = diff_routes(during, g, after, g);
    bool sub_removed = false;
    for (const auto& c : ended.roles)
        sub_removed = sub_removed || std::find(c.removed.begin(), c.removed.end(), "S1-pb-sub") != c.removed.end();
    CHECK(sub_removed);
    for (const auto& c : ended.roles) CHECK(std::find(c.added.begin(), c.added.end(), "S1-pb-sub") == c.added.end());
    // Each change is the set difference of the two routes' bodies, sorted.
    for (const auto& c : ended.roles) {
        CHECK(std::is_sorted(c.added.begin(), c.added.end()));
        CHECK(std::is_sorted(c.removed.begin(), c.removed.end()));
    }
    // Reversed, added and removed swap.
    const auto back = diff_routes(after, g, during, g);
    REQUIRE(back.roles.size() == ended.roles.size());
    for (std::size_t k = 0; k < back.roles.size(); ++k) {
        CHECK(back.roles[k].role == ended.roles[k].role);
        CHECK(back.roles[k].added == ended.roles[k].removed);
        CHECK(back.roles[k].removed == ended.roles[k].added);
    }
}

TEST_CASE("diff_routes: scope and bodies, compared by id across two graph objects") {
    const auto& g = testland::shared();
    // A second graph object with the same bodies: handles are compared by id, not by index.
    const governance_graph other = testland::build();
    const router rt(g);
    const issue i = make({"E1", "E3"});
    const auto region = rt(i);
    const auto employer = rt(make({"E1"}));
    const auto diff = diff_routes(region, g, employer, other);
    REQUIRE(diff.scope.has_value());
    CHECK(diff.scope->first == level::region);
    CHECK(diff.scope->second == level::employer);
    const auto* consult = change_of(diff, "consult");
    REQUIRE(consult != nullptr);
    CHECK(consult->removed == strings{"E3-jncc"});
    CHECK(consult->added.empty());
    if (region.escalation != employer.escalation) CHECK(diff.escalation.has_value());
    const std::string json = write_route_diff(diff);
    CHECK(json.find(R"("scope": {"before": "region", "after": "employer"})") != std::string::npos);
    CHECK(json.find(R"("consult": {"added": [], "removed": ["E3-jncc"]})") != std::string::npos);
}

TEST_CASE("diff_routes: deadlines added and removed (R10 needs redundancies and a first dismissal)") {
    const auto& g = testland::shared();
    const router rt(g);
    issue with = make({"E1"});
    with.kind = issue_kind::redundancy;
    with.redundancies = {{"E1", 120}};
    with.first_dismissal = d(2026, 9, 1);
    issue without = with;
    without.redundancies.clear();
    const auto a = rt(without), b = rt(with);
    REQUIRE_FALSE(b.deadlines.empty());
    const auto diff = diff_routes(a, g, b, g);
    CHECK(diff.deadlines_added.size() == b.deadlines.size() - a.deadlines.size());
    CHECK(diff.deadlines_removed.empty());
    for (const auto& dl : diff.deadlines_added) CHECK(dl.body == "E1");
    CHECK(write_route_diff(diff).find(R"("deadlines": {"added": [{"kind": ")") != std::string::npos);
}

TEST_CASE("diff_routes: meetings compared, so a papers_days change is not 'no change'") {
    // RA-spf is engaged in a regional issue and meets (R12); its rule gives
    // papers 5 working days before, the copy's 10 (as a policy's papers_days
    // does for a body whose rule gives none).
    const auto& g = testland::shared();
    graph_builder edit(g);
    edit.update_body("RA-spf", [](body& x) { x.meets->papers_days = working_days{10}; });
    const governance_graph g10 = std::move(edit).build();
    const issue i = make({"E1", "E3"}, issue_kind::redundancy, d(2026, 11, 22));
    const auto a = route_issue(g, i), b = route_issue(g10, i);
    REQUIRE(a.meetings.size() == 1);
    REQUIRE(b.meetings.size() == 1);
    CHECK(a.meetings[0].papers_due != b.meetings[0].papers_due);
    const auto diff = diff_routes(a, g, b, g10);
    CHECK_FALSE(diff.empty());
    REQUIRE(diff.meetings_added.size() == 1);
    REQUIRE(diff.meetings_removed.size() == 1);
    CHECK(diff.meetings_added[0].body == "RA-spf");
    CHECK(diff.meetings_added[0].papers_due == b.meetings[0].papers_due);
    CHECK(diff.meetings_removed[0].papers_due == a.meetings[0].papers_due);
    CHECK(write_route_diff(diff).find(R"("meetings": {"added": [{"body": "RA-spf", "date": ")") != std::string::npos);
    diff_summary s;
    s.add(diff);
    CHECK(s.text() == "1 of 1 route changes\n  meetings: 1 route changes\n");
    CHECK(diff_routes(a, g, a, g).empty());
}

TEST_CASE("diff_batch_line: a line that fails in one run, or fails the same way in both") {
    const auto& g = testland::shared();
    const router rt(g);
    const std::string line = R"({"id": "L", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["E9"], "date": "2026-02-01"})";
    // E9 ends on 2026-03-01 and its successor E10 starts on 2026-04-01: as of 2026-03-15 it fails.
    const auto ok = route_batch_line(rt, line, 3, "b.jsonl", d(2026, 2, 1));
    const auto failed = route_batch_line(rt, line, 3, "b.jsonl", d(2026, 3, 15));
    REQUIRE(std::holds_alternative<route>(ok));
    REQUIRE(std::holds_alternative<batch_error>(failed));
    const auto now_fails = diff_batch_line(ok, g, failed, g, 3);
    REQUIRE(now_fails.error.has_value());
    CHECK_FALSE(now_fails.error->first.has_value());
    CHECK(now_fails.error->second->code == "succession_gap");
    CHECK(now_fails.issue == "L");
    CHECK(now_fails.line == 3);
    CHECK(now_fails.roles.empty());
    const std::string json = write_route_diff(now_fails);
    CHECK(json.rfind(R"({"issue": "L", "line": 3, "error": {"before": null, "after": {"code": ")", 0) == 0);

    // The same failure on two dates: the messages name each date, but the
    // code and the value at fault (/affected/0) are the same: no change.
    const auto failed_later = route_batch_line(rt, line, 3, "b.jsonl", d(2026, 3, 20));
    REQUIRE(std::holds_alternative<batch_error>(failed_later));
    CHECK(std::get<batch_error>(failed).pointer == "/affected/0");
    CHECK(std::get<batch_error>(failed).message != std::get<batch_error>(failed_later).message);
    const auto same_failure = diff_batch_line(failed, g, failed_later, g, 3);
    CHECK(same_failure.empty());
    CHECK(same_failure.unrouted == "succession_gap");  // not a change, but never compared
    CHECK_FALSE(now_fails.unrouted.has_value());
    // Another code for the same value is a change.
    const auto unknown = route_batch_line(rt, R"({"id": "L", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["E99"], "date": "2026-02-01"})", 3, "b.jsonl");
    REQUIRE(std::holds_alternative<batch_error>(unknown));
    const auto other = diff_batch_line(failed, g, unknown, g, 3);
    REQUIRE(other.error.has_value());
    CHECK(other.error->first->code == "succession_gap");
    CHECK(other.error->second->code == "unknown_id");

    const auto blank = route_batch_line(rt, "   ", 4, "b.jsonl");
    CHECK(diff_batch_line(blank, g, blank, g, 4).empty());
    const auto none = diff_batch_line(blank, g, failed, g, 4);
    REQUIRE(none.error.has_value());
    CHECK(none.error->first->code == "blank_line");
}

TEST_CASE("diff_summary: counts per body and role, in a sentence with thousands separators") {
    route_diff lose;
    lose.issue = "A";
    lose.roles.push_back({"engage", {}, {"Y60-spf"}});
    route_diff gain = lose;
    gain.roles = {{"consult", {"X-jncc"}, {}}};
    gain.scope = std::pair{level::employer, level::system};
    diff_summary s;
    for (int k = 0; k < 388; ++k) s.add(lose);
    for (int k = 0; k < 24; ++k) s.add(gain);
    for (int k = 0; k < 10000 - 412; ++k) s.add(route_diff{});
    CHECK(s.lines() == 10000);
    CHECK(s.changed() == 412);
    CHECK(s.count("engage", "Y60-spf", false) == 388);
    CHECK(s.count("engage", "Y60-spf", true) == 0);
    const std::string text = s.text();
    CHECK(text.rfind("412 of 10,000 routes change: 388 lose Y60-spf from engage, 24 gain X-jncc in consult\n", 0) == 0);
    CHECK(text.find("  scope employer -> system: 24 routes\n") != std::string::npos);
    CHECK(text.find("  engage: 388 routes change\n") != std::string::npos);
    diff_summary one;
    one.add(route_diff{});
    CHECK(one.text() == "0 of 1 route changes\n");
    one.add(route_diff{});
    CHECK(one.text() == "0 of 2 routes change\n");
    CHECK(with_thousands(0) == "0");
    CHECK(with_thousands(999) == "999");
    CHECK(with_thousands(1000) == "1,000");
    CHECK(with_thousands(1234567) == "1,234,567");
}

TEST_CASE("diff_summary: lines that fail the same way in both runs are counted, not hidden as unchanged") {
    // An analyst's trial: "0 of 18 routes change" for a batch of which 10
    // lines were never routed read as "the scenario makes no difference".
    route_diff unknown, syntax, gain;
    unknown.unrouted = "unknown_id";
    syntax.unrouted = "json_syntax";
    gain.roles = {{"consult", {"X-jncc"}, {}}};
    diff_summary s;
    s.add(gain);
    for (int k = 0; k < 7; ++k) s.add(unknown);
    for (int k = 0; k < 3; ++k) s.add(syntax);
    for (int k = 0; k < 7; ++k) s.add(route_diff{});
    CHECK(s.lines() == 18);
    CHECK(s.changed() == 1);
    CHECK(s.unrouted() == 10);
    const std::string text = s.text();
    CHECK(text.rfind("1 of 18 routes changes (10 lines could not be routed in either run, so were not compared): "
                     "1 gains X-jncc in consult\n", 0) == 0);
    CHECK(text.find("  not routed in either run, the same error both times: 3 json_syntax and 7 unknown_id\n") !=
          std::string::npos);
    diff_summary one;
    one.add(unknown);
    CHECK(one.text() == "0 of 1 route changes (1 line could not be routed in either run, so was not compared)\n"
                        "  not routed in either run, the same error both times: 1 unknown_id\n");
}

} // namespace test_diff_cpp
