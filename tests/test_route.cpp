// Rules R1-R12 on the Testland graph (tests/testland.hpp), each with the
// concrete bodies and dates it must produce.
#include "testland.hpp"

#include <spfgov/as_of.hpp>
#include <spfgov/batch.hpp>
#include <spfgov/generate.hpp>
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rrule.hpp>
#include <spfgov/rule.hpp>
#include <spfgov/validate.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>
#include <utility>

namespace test_route_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;
using strings = std::vector<std::string>;

namespace {

const governance_graph& land() { return testland::shared(); }

issue make(strings affected, issue_kind kind = issue_kind::restructure, level origin = level::employer,
           date on = d(2026, 5, 1)) {
    issue i;
    i.id = "T-1";
    i.title = "test issue";
    i.kind = kind;
    i.origin = origin;
    i.affected = std::move(affected);
    i.date = on;
    return i;
}

route go(const issue& i, const governance_graph& g = land(), const routing_policy& p = default_policy()) {
    return route_issue(g, i, p);
}

strings ids_of(const route& r, const std::vector<body_handle>& hs, const governance_graph& g = land()) {
    (void)r;
    return spfgov::ids(g, hs);
}

std::vector<strings> ladder(const route& r, const governance_graph& g = land()) {
    std::vector<strings> out;
    for (const auto& level : r.escalation) out.push_back(spfgov::ids(g, level));
    return out;
}

strings rules(const route& r) {
    strings out;
    for (const auto& e : r.rationale) out.push_back(std::string(e.rule()));
    return out;
}

/// A rationale entry as written: its rule, sentence and source.
struct rendered_entry {
    std::string rule, text;
    std::optional<std::string> source;
};

std::optional<rendered_entry> entry_of(const route& r, const std::string& id, const governance_graph& g = land()) {
    for (const auto& e : r.rationale)
        if (e.rule() == id)
            return rendered_entry{id, rationale_text(e, r, g),
                                  e.source() ? std::optional<std::string>(std::string(*e.source())) : std::nullopt};
    return std::nullopt;
}

bool mentions(const std::vector<std::string>& warnings, const std::string& text) {
    return std::any_of(warnings.begin(), warnings.end(), [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

} // namespace

TEST_CASE("R1 scope: the smallest level containing every affected employer, raised by origin") {
    CHECK(go(make({"E1"})).scope == level::employer);
    CHECK(go(make({"E1", "E2"})).scope == level::system);
    CHECK(go(make({"E1", "E3"})).scope == level::region);
    CHECK(go(make({"E1", "E4"})).scope == level::national);
    // An employer in two systems: one system (S1) contains both.
    CHECK(go(make({"E7", "E1"})).scope == level::system);
    CHECK(go(make({"E7", "E3"})).scope == level::system);
    // §5.3: an employer in no system with any other employer is national.
    CHECK(go(make({"E8", "E1"})).scope == level::national);
    CHECK(go(make({"E8"})).scope == level::employer);
    // §5.4: origin raises the scope, whatever the kind.
    CHECK(go(make({"E1"}, issue_kind::restructure, level::system)).scope == level::system);
    CHECK(go(make({"E1"}, issue_kind::restructure, level::region)).scope == level::region);
    CHECK(go(make({"E1"}, issue_kind::restructure, level::national)).scope == level::national);
    CHECK(go(make({}, issue_kind::policy, level::national)).scope == level::national);
    const auto r = go(make({"E1", "E3"}));
    REQUIRE(entry_of(r, "R1"));
    CHECK(entry_of(r, "R1")->text.find("region RA") != std::string::npos);
    CHECK_FALSE(entry_of(r, "R1")->source.has_value());
}

TEST_CASE("R2 employer primacy: every affected employer's JNCC is consulted, at every scope") {
    CHECK(ids_of({}, go(make({"E1"})).consult) == strings{"E1-jncc"});
    CHECK(ids_of({}, go(make({"E1", "E2"})).consult) == strings{"E1-jncc", "E2-jncc"});
    CHECK(ids_of({}, go(make({"E4", "E1"})).consult) == strings{"E1-jncc", "E4-jncc"});
    CHECK(ids_of({}, go(make({"E1"}, issue_kind::policy, level::national)).consult) == strings{"E1-jncc"});
    // §5.6: an employer with no jncc adds none, with a warning.
    const auto r = go(make({"E12", "E4"}));
    CHECK(ids_of(r, r.consult) == strings{"E4-jncc"});
    CHECK(mentions(r.warnings, "employer E12 has no jncc"));
    REQUIRE(entry_of(r, "R2"));
    CHECK(entry_of(r, "R2")->source.value().find("Principles for partnership in workforce change") != std::string::npos);
}

TEST_CASE("R3 negotiation stays with sovereign machinery") {
    CHECK(ids_of({}, go(make({"E1", "E3"})).negotiate) == strings{"E1-jncc", "E3-jncc"});
    // pay_and_terms at national scope adds the negotiating body.
    const auto national = go(make({"E1"}, issue_kind::pay_and_terms, level::national));
    CHECK(ids_of(national, national.negotiate) == strings{"E1-jncc", "staff-council"});
    // ... but not below national scope, and not for other kinds.
    CHECK(ids_of({}, go(make({"E1"}, issue_kind::pay_and_terms)).negotiate) == strings{"E1-jncc"});
    CHECK(ids_of({}, go(make({"E1"}, issue_kind::policy, level::national)).negotiate) == strings{"E1-jncc"});
    // No forum, board or sub-group negotiates, even when engaged.
    const auto wide = go(make({"E1", "E4"}, issue_kind::staff_transfer));
    CHECK(ids_of(wide, wide.negotiate) == strings{"E1-jncc", "E4-jncc"});
    const auto empty = go(make({}, issue_kind::pay_and_terms, level::national));
    CHECK(ids_of(empty, empty.negotiate) == strings{"staff-council"});
}

TEST_CASE("R4 system forums are engaged from system scope, or for system-origin issues") {
    CHECK(go(make({"E1"})).engage.empty());
    CHECK(ids_of({}, go(make({"E1", "E2"})).engage) == strings{"S1-forum"});
    // Origin system affecting one employer.
    const auto sys = go(make({"E1"}, issue_kind::restructure, level::system));
    CHECK(sys.scope == level::system);
    CHECK(ids_of(sys, sys.engage) == strings{"S1-forum"});
    // The ambulance trust E7 is in S1 and S2: both systems are affected.
    const auto amb = go(make({"E7", "E1"}));
    CHECK(ids_of(amb, amb.engage) == strings{"S1-forum", "S2-forum"});
    // Region scope: both systems' forums and the regional forum.
    CHECK(ids_of({}, go(make({"E1", "E3"})).engage) == strings{"RA-spf", "S1-forum", "S2-forum"});
}

TEST_CASE("R5 without an agreed system process, each employer's JNCC leads") {
    const auto r = go(make({"E1", "E2"}));
    CHECK(ids_of(r, r.lead) == strings{"E1-jncc", "E2-jncc"});
    CHECK_FALSE(r.lead_union.has_value());
    CHECK(entry_of(r, "R5")->text.find("No system-led process") != std::string::npos);
}

TEST_CASE("R5 with an agreed system process the lowest covering forum leads, with its lead union") {
    auto i = make({"E1", "E2"});
    i.system_process_agreed = true;
    auto r = go(i);
    CHECK(ids_of(r, r.lead) == strings{"S1-forum"});
    REQUIRE(r.lead_union.has_value());
    CHECK(land().id(*r.lead_union) == "unison");
    // §5.8: one employer with agreement: its system forum.
    i.affected = {"E1"};
    CHECK(ids_of({}, go(i).lead) == strings{"S1-forum"});
    // Before unison's lead_union link is valid: no lead union.
    i.date = d(2025, 6, 1);
    CHECK_FALSE(go(i).lead_union.has_value());
    // §5.8 (d), contract 2: across systems of one region, the affected systems'
    // forums lead jointly; the regional forum keeps oversight and never leads.
    i = make({"E1", "E3"});
    i.system_process_agreed = true;
    r = go(i);
    CHECK(ids_of(r, r.lead) == strings{"S1-forum", "S2-forum"});
    REQUIRE(r.lead_union.has_value());
    CHECK(land().id(*r.lead_union) == "gmb");  // the first by id of the leading forums' lead unions
    CHECK(mentions(r.warnings, "several lead unions"));
    // Across regions: still the systems' forums, never the national forum.
    i.affected = {"E1", "E4"};
    CHECK(ids_of({}, go(i).lead) == strings{"S1-forum", "S3-forum"});
    // Several valid lead unions: the first by id (gmb < rcn), with a warning.
    i.affected = {"E3"};
    r = go(i);
    CHECK(ids_of(r, r.lead) == strings{"S2-forum"});
    CHECK(land().id(r.lead_union.value()) == "gmb");
    CHECK(mentions(r.warnings, "several lead unions"));
}

TEST_CASE("R6 regional oversight: informed of system scope, engaged from region scope") {
    const auto sys = go(make({"E1", "E2"}));
    CHECK(ids_of(sys, sys.inform) == strings{"RA-spf", "S1-pb"});
    const auto reg = go(make({"E1", "E3"}));
    CHECK(ids_of(reg, reg.engage) == strings{"RA-spf", "S1-forum", "S2-forum"});
    CHECK(ids_of(reg, reg.inform) == strings{"RA-rpb", "S1-pb", "S2-pb"});
    CHECK(go(make({"E1"})).inform.empty());
    // A policy switch: R6 off, so regional forums are not informed of system-scope issues.
    routing_policy quiet = default_policy();
    quiet.disable("R6");
    const auto q = go(make({"E1", "E2"}), land(), quiet);
    CHECK(ids_of(q, q.inform) == strings{"S1-pb"});
    CHECK(!entry_of(q, "R6"));
}

TEST_CASE("R7 the national forum at national scope, and sub-groups whose remit and parent cover the issue") {
    const auto nat = go(make({"E1", "E4"}));
    CHECK(ids_of(nat, nat.engage) == strings{"RA-spf", "RB-spf", "S1-forum", "S3-forum", "spf"});
    // staff_transfer engages the ICS Transition Partnership Group from April 2021.
    const auto tpg = go(make({"E1"}, issue_kind::staff_transfer));
    CHECK(ids_of(tpg, tpg.engage) == strings{"spf-tpg"});
    CHECK(go(make({"E1"}, issue_kind::staff_transfer, level::employer, d(2021, 3, 31))).engage.empty());
    // A people board's sub-group, inside and outside its validity, and outside its system.
    const auto inside = go(make({"E1"}, issue_kind::new_technology));
    CHECK(ids_of(inside, inside.engage) == strings{"S1-pb-sub"});
    CHECK(go(make({"E1"}, issue_kind::new_technology, level::employer, d(2026, 7, 1))).engage.empty());
    CHECK(go(make({"E3"}, issue_kind::new_technology)).engage.empty());
    // A regional people board's sub-group covers employers in its region only.
    CHECK(ids_of({}, go(make({"E1"}, issue_kind::workforce_plan)).engage) == strings{"RA-edi"});
    CHECK(go(make({"E4"}, issue_kind::workforce_plan)).engage.empty());
    REQUIRE(entry_of(tpg, "R7"));
    CHECK(entry_of(tpg, "R7")->source.value().find("How we do partnership") != std::string::npos);
}

TEST_CASE("R8 people boards are informed from system scope") {
    CHECK(ids_of({}, go(make({"E1"}, issue_kind::restructure, level::system)).inform) == strings{"RA-spf", "S1-pb"});
    CHECK(go(make({"E1"})).inform.empty());
    const auto nat = go(make({"E1", "E4"}));
    CHECK(ids_of(nat, nat.inform) == strings{"RA-rpb", "S1-pb", "S3-pb"});  // RA-rpb by R6
}

TEST_CASE("R9 escalation ladder: breadth-first, merged paths, each body once") {
    CHECK(ladder(go(make({"E1"}))) == std::vector<strings>{{"E1-jncc"}, {"S1-forum"}, {"RA-spf"}, {"spf"}});
    // Two systems' paths merge at the regional forum.
    CHECK(ladder(go(make({"E1", "E3"}))) ==
          std::vector<strings>{{"E1-jncc", "E3-jncc"}, {"S1-forum", "S2-forum"}, {"RA-spf"}, {"spf"}});
    // E7 is in two systems: its JNCC escalates to both forums.
    CHECK(ladder(go(make({"E7"}))) == std::vector<strings>{{"E7-jncc"}, {"S1-forum", "S2-forum"}, {"RA-spf"}, {"spf"}});
    // Two regions meet at the national forum.
    CHECK(ladder(go(make({"E1", "E4"}))) ==
          std::vector<strings>{{"E1-jncc", "E4-jncc"}, {"S1-forum", "S3-forum"}, {"RA-spf", "RB-spf"}, {"spf"}});
    // No employer: the ladder starts from engage (§5.5).
    CHECK(ladder(go(make({}, issue_kind::policy, level::national))) == std::vector<strings>{{"spf"}});
}

TEST_CASE("R9 an explicit escalates_to replaces the default for its source") {
    const auto g = testland::build({.explicit_override = true});
    CHECK(ladder(go(make({"E4"}), g), g) == std::vector<strings>{{"E4-jncc"}, {"S1-forum"}, {"RA-spf"}, {"spf"}});
    // Other bodies keep their defaults.
    CHECK(ladder(go(make({"E1"}), g), g) == std::vector<strings>{{"E1-jncc"}, {"S1-forum"}, {"RA-spf"}, {"spf"}});
}

TEST_CASE("R9 a cycle is a validation error and routing fails clearly instead of hanging") {
    const auto g = testland::build({.cycle = true});
    const auto diags = validate(g);
    CHECK(std::any_of(diags.begin(), diags.end(), [](const diagnostic& x) { return x.code == "escalation_cycle"; }));
    try {
        (void)go(make({"E1"}), g);
        FAIL("routing on a graph with a cycle must throw");
    } catch (const graph_error& e) {
        CHECK(e.code() == "escalation_cycle");
        CHECK(std::string(e.what()).find("RA-spf") != std::string::npos);
        CHECK(std::string(e.what()).find("RB-spf") != std::string::npos);
    }
}

TEST_CASE("R10 statutory redundancy dates: 30 days from 20, 45 days from 100, none below 20") {
    auto i = make({"E1", "E2", "E3", "E4"}, issue_kind::redundancy);
    i.date = d(2026, 11, 22);
    i.first_dismissal = d(2027, 3, 1);
    i.redundancies = {{"E1", 19}, {"E2", 20}, {"E3", 99}, {"E4", 100}};
    const auto r = go(i);
    REQUIRE(r.deadlines.size() == 6);
    auto check = [&](std::size_t at, const char* body, deadline_kind kind, date when) {
        CHECK(land().id(r.deadlines[at].body) == body);
        CHECK(r.deadlines[at].kind == kind);
        CHECK(r.deadlines[at].date == when);
        CHECK_FALSE(r.deadlines[at].late);
    };
    check(0, "E2", deadline_kind::consultation_start, d(2027, 1, 30));
    check(1, "E2", deadline_kind::hr1_notification, d(2027, 1, 30));
    check(2, "E3", deadline_kind::consultation_start, d(2027, 1, 30));
    check(4, "E4", deadline_kind::consultation_start, d(2027, 1, 15));
    check(5, "E4", deadline_kind::hr1_notification, d(2027, 1, 15));
    REQUIRE(entry_of(r, "R10"));
    CHECK(entry_of(r, "R10")->source.value().find("1992") != std::string::npos);
    CHECK(entry_of(r, "R10")->text.find("E1: 19 proposed redundancies, below 20") != std::string::npos);
}

TEST_CASE("R10 the formats.md example and a late deadline") {
    auto i = make({"E1"}, issue_kind::redundancy, level::employer, d(2026, 11, 22));
    i.redundancies = {{"E1", 25}};
    i.first_dismissal = d(2027, 3, 1);
    auto r = go(i);
    REQUIRE(r.deadlines.size() == 2);
    CHECK(r.deadlines[0].date == d(2027, 1, 30));
    CHECK_FALSE(r.deadlines[0].late);
    // Raised on 2027-02-01, the 2027-01-30 deadline has passed: late, with a warning.
    i.date = d(2027, 2, 1);
    r = go(i);
    REQUIRE(r.deadlines.size() == 2);
    CHECK(r.deadlines[0].late);
    CHECK(r.deadlines[1].late);
    CHECK(mentions(r.warnings, "already past"));
    // On the deadline itself it is not late (strictly before, §5.11).
    i.date = d(2027, 1, 30);
    CHECK_FALSE(go(i).deadlines[0].late);
}

TEST_CASE("R10 warnings: other kinds, missing first_dismissal, employers not affected") {
    auto i = make({"E1"}, issue_kind::restructure);
    i.redundancies = {{"E1", 30}};
    i.first_dismissal = d(2026, 9, 1);
    auto r = go(i);
    CHECK(r.deadlines.empty());
    CHECK(mentions(r.warnings, "redundancy issues only"));
    // The duty follows the dismissals, not the label: the warning says what to give.
    CHECK(mentions(r.warnings, "TULRCA s.188 applies whatever the change is called, so give it kind \"redundancy\""));
    i.kind = issue_kind::redundancy;
    i.first_dismissal.reset();
    r = go(i);
    CHECK(r.deadlines.empty());
    CHECK(mentions(r.warnings, "without first_dismissal"));
    i.first_dismissal = d(2026, 9, 1);
    i.redundancies = {{"E2", 30}};
    r = go(i);
    CHECK(r.deadlines.empty());
    CHECK(mentions(r.warnings, "redundancies name E2"));
    // Counts of merged predecessors are summed onto the successor (§5.11).
    i = make({"E6"}, issue_kind::redundancy);
    i.redundancies = {{"E5", 15}, {"E6", 10}};
    i.first_dismissal = d(2026, 9, 1);
    r = go(i);
    REQUIRE(r.deadlines.size() == 2);
    CHECK(land().id(r.deadlines[0].body) == "E6");
    CHECK(r.deadlines[0].redundancies == 25);
    CHECK(r.deadlines[0].date == d(2026, 8, 2));
}

TEST_CASE("R11 as of a date: succession across a merger, named systems, and its errors") {
    // Before the merger date E5 stands for itself; after, E6 replaces it.
    auto before = go(make({"E5"}, issue_kind::restructure, level::employer, d(2026, 3, 31)));
    CHECK(ids_of(before, before.consult) == strings{"E5-jncc"});
    CHECK(!entry_of(before, "R11"));
    auto after = go(make({"E5"}, issue_kind::restructure, level::employer, d(2026, 4, 1)));
    CHECK(ids_of(after, after.consult) == strings{"E6-jncc"});
    CHECK(ids_of(after, after.affected) == strings{"E6"});
    REQUIRE(entry_of(after, "R11"));
    CHECK(entry_of(after, "R11")->text == "As of 2026-04-01, E5 ended on 2026-04-01 and is replaced by its successor E6 (succeeds).");
    // A system named in affected: every employer valid in it on the date.
    const auto sys = go(make({"S2"}, issue_kind::restructure, level::system));
    CHECK(ids_of(sys, sys.affected) == strings{"E3", "E6", "E7"});
    CHECK(sys.scope == level::system);
    const auto sys_before = go(make({"S2"}, issue_kind::restructure, level::system, d(2026, 3, 1)));
    CHECK(ids_of(sys_before, sys_before.affected) == strings{"E3", "E5", "E7"});
    // A region named in affected.
    CHECK(go(make({"RB"}, issue_kind::restructure, level::region)).affected.size() == 3);  // E4, E10, E12
    // Bodies outside their validity are ignored: E9 ended, its successor E10 not yet started.
    try {
        (void)go(make({"E9"}, issue_kind::restructure, level::employer, d(2026, 3, 15)));
        FAIL("a gap before the successor starts must fail");
    } catch (const issue_error& e) {
        CHECK(e.code() == "succession_gap");
        CHECK(std::string(e.what()).find("E9") != std::string::npos);
        CHECK(std::string(e.what()).find("2026-03-15") != std::string::npos);
    }
    try {
        (void)go(make({"E11"}));
        FAIL("an ended employer with no successor must fail");
    } catch (const issue_error& e) {
        CHECK(e.code() == "no_successor");
        CHECK(std::string(e.what()).find("E11") != std::string::npos);
        CHECK(std::string(e.what()).find("2026-05-01") != std::string::npos);
        // The built-in graphs have no successors for closed trusts: say how to give one.
        CHECK(std::string(e.what()).find("; a graph overlay can name its successor (a body with \"succeeds\": [\"E11\"]") !=
              std::string::npos);
        CHECK(e.pointer() == "/affected/0");
    }
    try {
        (void)go(make({"E6"}, issue_kind::restructure, level::employer, d(2026, 1, 1)));
        FAIL("an employer not yet valid must fail");
    } catch (const issue_error& e) {
        CHECK(e.code() == "not_yet_valid");
        CHECK(std::string(e.what()).find("E6") != std::string::npos);
    }
}

TEST_CASE("an affected id in lower case, or with blanks around it, is named as the id it means, by lookups alone") {
    auto message_of = [](const std::string& id) -> std::string {
        try {
            (void)route_issue(testland::shared(), make({id}));
        } catch (const issue_error& e) {
            CHECK(e.code() == "unknown_id");
            return e.what();
        }
        return "routed";
    };
    CHECK(message_of("e1").ends_with("no body with this id in the graph (did you mean \"E1\"?)"));
    CHECK(message_of(" E1\t").ends_with("(did you mean \"E1\"?)"));
    CHECK(message_of("e1-jncc").ends_with("(did you mean \"E1-jncc\"?)"));  // the code part in capitals
    CHECK(message_of("E99").ends_with("no body with this id in the graph"));  // no near id by lookup: no guess
    // A count under a lower-case code of an employer that merged names it too:
    // E9 ended on 2026-03-01, and E10, affected, succeeds it from 2026-04-01.
    issue merged = make({"E9"}, issue_kind::redundancy, level::employer, d(2026, 5, 1));
    merged.redundancies = {{"e9", 25}};
    merged.first_dismissal = d(2026, 9, 1);
    const auto warned = route_issue(testland::shared(), merged);
    CHECK(warned.deadlines.empty());
    REQUIRE(warned.warnings.size() == 1);
    CHECK(warned.warnings[0].find("redundancies name e9, which is not an affected employer on 2026-05-01 (did you mean \"E9\"?)") !=
          std::string::npos);
    // In a batch line too (a scan of every id per line would not be bounded).
    const router rt(testland::shared());
    const auto line = route_batch_line(rt, R"({"id": "B", "title": "t", "kind": "restructure", "origin": "employer", "affected": ["e1"], "date": "2026-05-01"})", 1, "b.jsonl");
    REQUIRE(std::holds_alternative<batch_error>(line));
    CHECK(std::get<batch_error>(line).message.ends_with("(did you mean \"E1\"?)"));
}

TEST_CASE("a batch line's error gives the column of the value at fault as a field, as its message does") {
    const router rt(testland::shared());
    // A routing error: the unknown id "e1" (routing knows no positions; the line is read again).
    const std::string unknown = R"({"id": "B", "kind": "restructure", "origin": "employer", "affected": ["e1"], "date": "2026-05-01"})";
    const auto routed = route_batch_line(rt, unknown, 7, "b.jsonl");
    REQUIRE(std::holds_alternative<batch_error>(routed));
    const auto& e = std::get<batch_error>(routed);
    CHECK(e.pointer == "/affected/0");
    REQUIRE(e.column);
    CHECK(*e.column == unknown.find("\"e1\"") + 1);
    CHECK(e.message.starts_with("unknown_id: b.jsonl:7:" + std::to_string(*e.column) + ": "));
    // A reading error: the impossible date, at its column in the line.
    const std::string bad_date = R"({"id": "C", "kind": "restructure", "origin": "employer", "affected": ["E1"], "date": "2026-02-30"})";
    const auto read = read_batch_line(bad_date, 8, "b.jsonl");
    REQUIRE(std::holds_alternative<batch_error>(read));
    const auto& r = std::get<batch_error>(read);
    REQUIRE(r.column);
    CHECK(*r.column == bad_date.find("\"2026-02-30\"") + 1);
    CHECK(r.message.find("b.jsonl:8:" + std::to_string(*r.column) + " /date") != std::string::npos);
    // No value at fault: a blank line has no column.
    const auto blank = read_batch_line("   ", 9, "b.jsonl");
    REQUIRE(std::holds_alternative<batch_error>(blank));
    CHECK_FALSE(std::get<batch_error>(blank).column);
}

TEST_CASE("R12 meetings of lead and engaged bodies, with papers deadlines in working days") {
    // Region scope engages RA-spf, which meets on the 2nd Tuesday every two months
    // from 2026-01-13: 2026-05-12, papers 5 working days before = 2026-05-05
    // (Monday 4 May 2026 is the early May bank holiday).
    const auto r = go(make({"E1", "E3"}));
    REQUIRE(r.meetings.size() == 1);
    CHECK(land().id(r.meetings[0].body) == "RA-spf");
    CHECK(r.meetings[0].date == d(2026, 5, 12));
    CHECK(r.meetings[0].papers_due == d(2026, 5, 5));
    REQUIRE(entry_of(r, "R12"));
    // Raised after that papers deadline: the next meeting, 2026-07-14.
    const auto later = go(make({"E1", "E3"}, issue_kind::restructure, level::employer, d(2026, 5, 6)));
    REQUIRE(later.meetings.size() == 1);
    CHECK(later.meetings[0].date == d(2026, 7, 14));
    // Bodies neither leading nor engaged get no meeting.
    CHECK(go(make({"E1", "E2"})).meetings.empty());
}

namespace {
/// Checks the meetings of `r` against next_meeting worked out afresh from
/// the rule of each body that leads or is engaged: one meeting for each
/// that has a next meeting, the same one, and none for the others; the
/// meetings checked.
std::size_t check_meetings_afresh(const governance_graph& g, const route& r, spfgov::working_days policy_papers) {
    std::set<std::uint32_t> named;
    for (const auto* list : {&r.lead, &r.engage})
        for (auto b : *list) named.insert(b.index());
    std::size_t expected = 0;
    for (const auto index : named) {
        const body_handle b{index};
        if (!g[b].meets) continue;
        const auto& spec = *g[b].meets;
        const meeting_schedule schedule{parse_rrule(spec.rule), spec.start, spec.papers_days.value_or(policy_papers)};
        const auto next = next_meeting(schedule, r.as_of);
        const auto m = std::find_if(r.meetings.begin(), r.meetings.end(), [&](const meeting& x) { return x.body == b; });
        CHECK_MESSAGE((m != r.meetings.end()) == next.has_value(), r.issue << ": " << g.id(b));
        if (!next || m == r.meetings.end()) continue;
        ++expected;
        CHECK_MESSAGE((next->meeting == m->date && next->papers_due == m->papers_due && next->scheduled == m->scheduled &&
                       next->moved == m->moved),
                      r.issue << ": " << g.id(b) << " on " << to_iso(r.as_of));
    }
    CHECK(r.meetings.size() == expected);
    return expected;
}
} // namespace

TEST_CASE("R12: each next meeting is the one its rule gives on the routing date, however many routes asked before") {
    // Routing remembers the next meetings it works out, per thread, by epoch,
    // body, papers days and date: what it remembers must never stand in for
    // another policy's papers days or another graph's meeting days.
    SUBCASE("a batch over seven years, routed twice") {
        const auto g = generate_graph({.employers = 200, .seed = 5});
        const auto issues = generate_issues(g, {.count = 600, .seed = 5, .from = d(2021, 1, 1), .to = d(2027, 12, 31)});
        const router rt(g);
        std::size_t checked = 0;
        for (int pass = 0; pass < 2; ++pass)
            for (const auto& i : issues) {
                try {
                    checked += check_meetings_afresh(g, rt(i), working_days{5});
                } catch (const spfgov::error&) {
                }
            }
        CHECK(checked > 200);
    }
    SUBCASE("two policies' papers days on one index") {
        // The generated forums' rules without papers_days: the policy's apply.
        const std::string text =
            std::regex_replace(write_graph(generate_graph({.employers = 100, .seed = 3})), std::regex(R"(, *"papers_days": *[0-9]+)"), "");
        const auto g = read_graph(text);
        const auto issues = generate_issues(g, {.count = 200, .seed = 3, .from = d(2026, 1, 1), .to = d(2026, 12, 31)});
        const routing_index index(g, d(2026, 6, 1));
        routing_policy three, twelve;
        three.parameters.papers_days = working_days{3};
        twelve.parameters.papers_days = working_days{12};
        std::size_t checked = 0, differ = 0;
        for (const auto& i0 : issues) {
            issue i = i0;
            i.date = d(2026, 6, 1);
            try {
                const route a = route_issue(index, i, three), b = route_issue(index, i, twelve);
                checked += check_meetings_afresh(g, a, working_days{3}) + check_meetings_afresh(g, b, working_days{12});
                if (a.meetings != b.meetings) ++differ;
            } catch (const spfgov::error&) {
            }
        }
        CHECK(checked > 50);
        CHECK(differ > 0);
    }
    SUBCASE("whole regions and systems whose JNCCs meet, each named twice in an epoch") {
        // The second route naming a unit takes its JNCCs with a meeting rule
        // from the epoch's derived lists; the first walks its members.
        auto j = nlohmann::json::parse(write_graph(generate_graph({.employers = 200, .seed = 8})));
        std::size_t given = 0;
        for (auto& b : j["bodies"])
            if (b["kind"] == "jncc" && given++ % 3 == 0)
                b["meets"] = {{"rule", "FREQ=MONTHLY;BYDAY=1MO"}, {"start", "2024-01-01"}};
        const auto g = read_graph(j.dump());
        const router rt(g);
        std::size_t checked = 0;
        for (auto b : g.bodies()) {
            const auto k = g[b].kind;
            if (k != body_kind::region && k != body_kind::system) continue;
            const auto i = make({g.id(b)}, issue_kind::restructure, k == body_kind::region ? level::region : level::system,
                                d(2026, 3, 10));
            for (int twice = 0; twice < 2; ++twice) checked += check_meetings_afresh(g, rt(i), working_days{5});
        }
        CHECK(checked > 100);
    }
    SUBCASE("a graph rebuilt with the forum meeting on other days") {
        const auto i = make({"E1", "E3"});
        {
            const router first(testland::shared());
            CHECK(first(i).meetings.at(0).date == d(2026, 5, 12));
        }
        std::string text = write_graph(testland::shared());
        const auto at = text.find("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU");
        REQUIRE(at != std::string::npos);
        text.replace(at, 33, "FREQ=MONTHLY;INTERVAL=2;BYDAY=3TU");
        const auto g = read_graph(text);
        const router second(g);
        const route r = second(i);
        REQUIRE(r.meetings.size() == 1);
        CHECK(r.meetings[0].date == d(2026, 5, 19));  // the 3rd Tuesday of May 2026
        CHECK(check_meetings_afresh(g, r, working_days{5}) == 1);
    }
}

TEST_CASE("R9: every ladder is the breadth-first climb from its first level, each body once at its lowest level") {
    // Routing puts a consult set whose bodies all climb to one forum below the
    // ladder its epoch holds for that forum; here each ladder is walked again
    // from the graph's links valid on the date, level by level.
    const auto climb = [](const governance_graph& g, const route& r) {
        std::vector<std::vector<body_handle>> levels{r.escalation.at(0)};
        const as_of_view view(g, r.as_of);
        std::set<std::uint32_t> reached;
        for (auto b : levels[0]) reached.insert(b.index());
        while (true) {
            std::vector<body_handle> next;
            for (auto b : levels.back())
                for (auto t : view.targets(b, relation::escalates_to))
                    if (reached.insert(t.index()).second) next.push_back(t);
            if (next.empty()) return levels;
            std::sort(next.begin(), next.end(), [&](body_handle a, body_handle b) { return g.id_rank(a) < g.id_rank(b); });
            levels.push_back(next);
        }
    };
    std::size_t checked = 0;
    for (const std::uint64_t seed : {2u, 9u}) {
        const auto g = generate_graph({.employers = 150, .seed = seed});
        const router rt(g);
        for (const auto& i : generate_issues(g, {.count = 300, .seed = seed, .from = d(2021, 1, 1), .to = d(2027, 12, 31)})) {
            std::optional<route> r;
            try {
                r = rt(i);
            } catch (const spfgov::error&) {
                continue;
            }
            if (r->escalation.empty()) continue;
            CHECK_MESSAGE(r->escalation == climb(g, *r), i.id);
            ++checked;
        }
    }
    CHECK(checked > 400);
    // Ladders that stop early (tests/scenarios/r09-ladder-stops.yaml's graph:
    // JNCCs told to escalate to a forum that has closed), beside ones that climb.
    const auto stops = read_graph_file(std::filesystem::path(SPFGOV_SOURCE_DIR) / "tests/scenarios/graphs/ladder-stops.json");
    const router rt(stops);
    for (const auto& affected : {strings{"RRK"}, strings{"RQ3"}, strings{"RRK", "RQ3"}, strings{"RXT", "RQ3", "RRK"}})
        for (const auto on : {d(2024, 11, 22), d(2026, 11, 22)}) {
            const route r = rt(make(affected, issue_kind::relocation, level::employer, on));
            CHECK_MESSAGE(r.escalation == climb(stops, r), affected.front() << " on " << to_iso(on));
        }
}

TEST_CASE("rationale: one entry per rule that held, in rule order, R1 R5 R9 always") {
    CHECK(rules(go(make({"E1"}))) == strings{"R1", "R2", "R3", "R5", "R9"});
    CHECK(rules(go(make({"E1", "E3"}))) == strings{"R1", "R2", "R3", "R4", "R5", "R6", "R8", "R9", "R12"});
    CHECK(rules(go(make({"E5"}, issue_kind::restructure, level::employer, d(2026, 6, 1)))) ==
          strings{"R1", "R2", "R3", "R5", "R9", "R11"});
    // Every body in the route is named by some rationale entry.
    const auto r = go(make({"E1", "E3"}, issue_kind::workforce_plan));
    std::string all;
    for (const auto& e : r.rationale) all += rationale_text(e, r, land()) + "\n";
    for (const auto* set : {&r.lead, &r.negotiate, &r.consult, &r.engage, &r.inform})
        for (auto h : *set) CHECK_MESSAGE(all.find(land().id(h)) != std::string::npos, land().id(h));
}

namespace {
/// A rule a C++ user adds: informs UNISON of every issue.
class inform_unison final : public spfgov::rule {
public:
    std::string_view id() const noexcept override { return "local-1"; }
    std::string_view title() const noexcept override { return "Our local agreement informs UNISON"; }
    std::optional<std::string_view> source() const noexcept override { return "Our local agreement (2025)"; }
    void apply(routing_context& ctx) const override {
        const auto unison = ctx.graph().at("unison");
        ctx.add(role::inform, unison);
        ctx.explain().bodies = {unison};
    }
    std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        return "Our local agreement informs " + id_list(g, e.bodies) + " of every issue.";
    }
};
} // namespace

TEST_CASE("policy as data: dated statutory bands and a rule added in C++") {
    routing_policy p;
    p.parameters.statutory_bands = {{d(1978, 1, 1), "Our reading", {{10, spfgov::calendar_days{30}}, {100, spfgov::calendar_days{45}}}}};
    p.add(std::make_shared<inform_unison>());
    auto i = make({"E1"}, issue_kind::redundancy);
    i.redundancies = {{"E1", 12}};
    i.first_dismissal = d(2026, 9, 1);
    const auto r = go(i, land(), p);
    REQUIRE(r.deadlines.size() == 2);
    CHECK(r.deadlines[0].date == d(2026, 8, 2));
    CHECK(ids_of(r, r.inform) == strings{"unison"});
    CHECK(r.rationale.back().rule() == "local-1");
    CHECK(entry_of(r, "local-1")->text == "Our local agreement informs unison of every issue.");
    CHECK(entry_of(r, "local-1")->source == "Our local agreement (2025)");
    // A rule added in C++ runs with the membership rules, before the ladder:
    // R9 starts from consult, so it is unchanged, but the body is sorted in.
    CHECK(go(i).deadlines.empty());  // the default policy is unchanged
    CHECK(routing_policy{} == default_policy());
}

namespace {
/// A rule that adds lists of the route to the route: inform whoever is
/// consulted, and consult them again (the list read is the list grown).
class echoes_consult final : public spfgov::rule {
public:
    std::string_view id() const noexcept override { return "local-echo"; }
    std::string_view title() const noexcept override { return "Whoever is consulted is engaged"; }
    std::optional<std::string_view> source() const noexcept override { return "Our local agreement (2025)"; }
    void apply(routing_context& ctx) const override {
        ctx.add(role::engage, ctx.result().consult);
        for (int n = 0; n < 4; ++n) ctx.add(role::consult, ctx.result().consult);  // doubles it each time
        ctx.explain().bodies = ctx.result().engage;
    }
    std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        return "Whoever is consulted is engaged: " + id_list(g, e.bodies) + ".";
    }
};
} // namespace

namespace {
/// A rule that adds to lists the built-in rules filled, out of id order and
/// with a repeat: by add(), through members(), and through result() (then
/// last of all, after R9, into the ladder's first level too).
class adds_out_of_order final : public spfgov::rule {
public:
    explicit adds_out_of_order(int how) : how_(how) {}
    std::string_view id() const noexcept override { return "local-unsorted"; }
    std::string_view title() const noexcept override { return "Adds out of order"; }
    std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
    rule_stage stage() const noexcept override { return how_ == 2 ? rule_stage::dates : rule_stage::membership; }
    void apply(routing_context& ctx) const override {
        const auto& g = ctx.graph();
        const std::vector<body_handle> backwards{g.at("E3-jncc"), g.at("E1-jncc"), g.at("E1-jncc")};
        if (how_ == 2) {
            auto& first_level = ctx.result().escalation.at(0);
            first_level.insert(first_level.begin(), backwards.begin(), backwards.end());
        }
        for (const role which : {role::lead, role::negotiate, role::consult}) {
            if (how_ == 0) ctx.add(which, backwards);
            if (how_ == 1) ctx.members(which).insert(ctx.members(which).begin(), backwards.begin(), backwards.end());
            if (how_ == 2) {
                auto& r = ctx.result();
                auto& list = which == role::lead ? r.lead : which == role::negotiate ? r.negotiate : r.consult;
                list.insert(list.begin(), backwards.begin(), backwards.end());
            }
        }
    }
    std::string text(const rationale_entry&, const route&, const governance_graph&) const override { return {}; }

private:
    int how_;
};
} // namespace

TEST_CASE("lists a rule adds to out of id order, after the built-in rules, come out sorted, each body once") {
    for (const int how : {0, 1, 2}) {
        CAPTURE(how);  // 0: add(); 1: members(); 2: result()
        routing_policy p = default_policy();
        p.add(std::make_shared<adds_out_of_order>(how));
        const route r = go(make({"E2"}), land(), p);  // E2's own JNCC is led, negotiated and consulted first
        for (const auto* list : {&r.lead, &r.negotiate, &r.consult})
            CHECK(ids_of(r, *list) == strings{"E1-jncc", "E2-jncc", "E3-jncc"});
        if (how == 2) CHECK(ids_of(r, r.escalation.at(0)) == strings{"E1-jncc", "E2-jncc", "E3-jncc"});
    }
}

TEST_CASE("a rule may add a list of the route to that same list, with or without --explain recording") {
    routing_policy p = default_policy();
    p.add(std::make_shared<echoes_consult>());
    const auto i = make({"E1", "E3"});
    const auto r = go(i, land(), p);
    CHECK(ids_of(r, r.consult) == ids_of(r, go(i).consult));  // each once, as before the rule
    const auto engaged = ids_of(r, r.engage);
    for (const auto& c : ids_of(r, r.consult)) CHECK(std::find(engaged.begin(), engaged.end(), c) != engaged.end());
    const routing_index index(land(), i.date);
    const auto why = explain_body(index, i, "E1-jncc", p);  // records who added what, body by body
    CHECK(std::find(why.roles.begin(), why.roles.end(), role::engage) != why.roles.end());
}

TEST_CASE("a body a custom rule engages is listed there alone, and R6's sentence and --explain say where") {
    const auto g = read_graph_file(std::filesystem::path(SPFGOV_SOURCE_DIR) / "tests/scenarios/graphs/two-regions.json");
    routing_policy p = default_policy();
    custom_rule_spec engage_forum;
    engage_forum.id = "U1";
    engage_forum.text = "The regional forum is engaged in system-level change";
    engage_forum.when.scope_at_least = level::system;
    engage_forum.add_role = role::engage;
    engage_forum.kind = body_kind::regional_forum;
    engage_forum.of = rule_selector::affected_regions;
    p.add(make_custom_rule(engage_forum));
    const issue i{.id = "E1", .kind = issue_kind::relocation, .affected = {"RRK", "RQ3"}, .date = d(2026, 11, 22)};
    const route r = route_issue(g, i, p);
    CHECK(ids_of(r, r.engage, g) == strings{"QHL-forum", "Y60-spf"});
    CHECK(ids_of(r, r.inform, g) == strings{"QHL-people-board"});
    const routing_index index(g, i.date);
    const std::string why = explanation_text(explain_body(index, i, "Y60-spf", p));
    CHECK(why.starts_with("Y60-spf: in engage.\n"));
    const std::string note = "(Y60-spf is also engaged, so the route lists it there alone.)";
    REQUIRE(why.find(note) != std::string::npos);
    CHECK(why.find(note) == why.rfind(note));  // said once
    CHECK(why.find("U1 put it in engage") != std::string::npos);
}

TEST_CASE("issue errors name the issue, the field and the value") {
    auto expect = [](const issue& i, const char* code, const char* text) {
        try {
            (void)go(i);
            FAIL("expected an issue_error " << code);
        } catch (const issue_error& e) {
            CHECK(e.code() == code);
            CHECK_MESSAGE(std::string(e.what()).find(text) != std::string::npos, e.what());
            CHECK(std::string(e.what()).find("T-1") != std::string::npos);
        }
    };
    expect(make({"NOPE"}), "unknown_id", "/affected/0 = \"NOPE\"");
    expect(make({"E1", "E1-jncc"}), "not_an_employer", "/affected/1 = \"E1-jncc\"");
    expect(make({}), "empty_affected", "affected");
    expect(make({"E1"}, static_cast<issue_kind>(99)), "unknown_kind", "kind");
    expect(make({"E1"}, issue_kind::restructure, static_cast<level>(9)), "unknown_origin", "origin");
    expect(make({"E1"}, issue_kind::restructure, level::employer, d(1970, 1, 1)), "date_out_of_range", "1970-01-01");
    expect(make({"E1"}, issue_kind::restructure, level::employer, d(2101, 1, 1)), "date_out_of_range", "2101-01-01");
}

TEST_CASE("a router caches one index per date and routes from many threads at once") {
    const router route_on(land());
    std::vector<issue> issues;
    for (const auto& a : std::vector<strings>{{"E1"}, {"E1", "E2"}, {"E1", "E3"}, {"E1", "E4"}, {"S2"}, {"E5"}})
        for (int day = 1; day <= 4; ++day) {
            auto i = make(a, issue_kind::restructure, a == strings{"S2"} ? level::system : level::employer, d(2026, 5, day));
            issues.push_back(i);
        }
    std::vector<route> expected;
    for (const auto& i : issues) expected.push_back(go(i));

    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int round = 0; round < 25; ++round)
                for (std::size_t n = 0; n < issues.size(); ++n)
                    if (!(route_on(issues[n]) == expected[n])) ++mismatches[static_cast<std::size_t>(t)];
        });
    for (auto& th : threads) th.join();
    CHECK(mismatches == std::vector<int>(4, 0));
    // --as-of routes as of another date, shown in as_of.
    const auto r = route_on(make({"E5"}), d(2026, 4, 2));
    CHECK(r.as_of == d(2026, 4, 2));
    CHECK(ids_of(r, r.consult) == strings{"E6-jncc"});
}

namespace {
/// A rule that routes another issue while its own route is being made: the
/// inner routing must get its own scratch memory, not the outer one's.
class routes_inside final : public spfgov::rule {
public:
    explicit routes_inside(issue inner) : inner_(std::move(inner)) {}
    std::string_view id() const noexcept override { return "local-nested"; }
    std::string_view title() const noexcept override { return "Routes another issue"; }
    std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
    void apply(routing_context& ctx) const override {
        const route inner = route_issue(ctx.graph(), inner_);
        inner_routes.push_back(inner);
        ctx.add(role::inform, inner.consult);
        ctx.explain().bodies = inner.consult;
    }
    std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        return "Also informed: " + id_list(g, e.bodies) + ".";
    }
    mutable std::vector<route> inner_routes;

private:
    issue inner_;
};
} // namespace

TEST_CASE("routing inside a rule gets its own scratch memory: both routes are as if made alone") {
    const auto outer = make({"E1", "E2"}, issue_kind::restructure, level::system);
    auto inner = make({"E3"}, issue_kind::redundancy);
    inner.id = "T-inner";
    inner.redundancies = {{"E3", 25}};
    inner.first_dismissal = d(2026, 9, 1);
    const route outer_alone = go(outer);
    const route inner_alone = go(inner);
    routing_policy p;
    auto nested = std::make_shared<routes_inside>(inner);
    p.add(nested);
    const route both = go(outer, land(), p);
    REQUIRE(nested->inner_routes.size() == 1);
    CHECK(nested->inner_routes.front() == inner_alone);
    // The outer route is the default one plus what the rule added.
    CHECK(both.consult == outer_alone.consult);
    CHECK(both.lead == outer_alone.lead);
    CHECK(both.engage == outer_alone.engage);
    CHECK(both.escalation == outer_alone.escalation);
    CHECK(both.affected == outer_alone.affected);
    CHECK(both.warnings == outer_alone.warnings);
    CHECK(both.rationale.size() == outer_alone.rationale.size() + 1);
    // Routing the same issues again on this thread (scratch memory reused) gives the same routes.
    for (int n = 0; n < 3; ++n) {
        CHECK(go(outer) == outer_alone);
        CHECK(go(inner) == inner_alone);
    }
}

namespace {
/// A rule added in C++ that renders only text(): append_text's default must give the same.
class inform_unison_if_any final : public spfgov::rule {
public:
    std::string_view id() const noexcept override { return "local-2"; }
    std::string_view title() const noexcept override { return "Names the consulted bodies again"; }
    std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
    void apply(routing_context& ctx) const override { ctx.explain().bodies = ctx.result().consult; }
    std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        return "Consulted so far: " + id_list(g, e.bodies) + ".";
    }
};
} // namespace

TEST_CASE("append_rationale_text appends exactly rationale_text, for built-in and added rules") {
    const auto g = generate_graph({.employers = 200, .seed = 7});
    const auto issues = generate_issues(g, {.count = 300, .seed = 7, .from = d(2021, 1, 1), .to = d(2027, 12, 31)});
    routing_policy p;
    p.add(std::make_shared<inform_unison_if_any>());
    const router rt(g, p);
    std::size_t entries = 0, routed = 0;
    for (const auto& i : issues) {
        route r;
        try {
            r = rt(i);
        } catch (const spfgov::error&) {
            continue;
        }
        ++routed;
        for (const auto& e : r.rationale) {
            std::string out = "prefix ";  // appended after what is there, never replacing it
            append_rationale_text(out, e, r, g);
            CHECK(out == "prefix " + rationale_text(e, r, g));
            ++entries;
        }
    }
    CHECK(routed > 250);
    CHECK(entries > routed * 4);
}

namespace {
/// A rule whose rationale text writes another route (found in review: the
/// route writer's per-thread text buffer must not be shared with that inner
/// write, or the outer sentence starts with the inner route's last one).
class writes_inside final : public spfgov::rule {
public:
    explicit writes_inside(route inner) : inner_(std::move(inner)) {}
    std::string_view id() const noexcept override { return "local-writes"; }
    std::string_view title() const noexcept override { return "Writes another route"; }
    std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
    void apply(routing_context& ctx) const override { (void)ctx.explain(); }
    std::string text(const rationale_entry&, const route&, const governance_graph& g) const override {
        return "Inner route of " + std::to_string(write_route(inner_, g).size()) + " bytes.";
    }

private:
    route inner_;
};
} // namespace

TEST_CASE("a rule whose rationale text writes another route gets its own sentence, whole") {
    auto inner_issue = make({"E3"}, issue_kind::redundancy);
    inner_issue.id = "T-inner";
    inner_issue.redundancies = {{"E3", 25}};
    inner_issue.first_dismissal = d(2026, 9, 1);
    const route inner = go(inner_issue);
    const std::string inner_line = write_route(inner, land());
    routing_policy p;
    p.add(std::make_shared<writes_inside>(inner));
    const route outer = go(make({"E1", "E2"}, issue_kind::restructure, level::system), land(), p);
    const std::string line = write_route(outer, land());
    const std::string want = R"("rule": "local-writes", "text": "Inner route of )" + std::to_string(inner_line.size()) +
                             R"( bytes.", "source": null})";
    CHECK_MESSAGE(line.find(want) != std::string::npos, line);
}

TEST_CASE("a route refilled issue after issue is each time the route a fresh routing gives") {
    const router rt(land());
    // Big to small and back, with deadlines, warnings and ladders of
    // different heights, so that nothing of one route shows in the next.
    auto region = make({"E1", "E4"}, issue_kind::restructure, level::region);
    auto redundancy = make({"E6"}, issue_kind::redundancy);
    redundancy.redundancies = {{"E5", 15}, {"E6", 10}};
    redundancy.first_dismissal = d(2026, 9, 1);
    auto warned = make({"E1"}, issue_kind::restructure);
    warned.redundancies = {{"E1", 30}};
    warned.first_dismissal = d(2026, 9, 1);
    auto national = make({}, issue_kind::pay_and_terms, level::national);
    auto agreed = make({"E1", "E2"}, issue_kind::restructure, level::system);
    agreed.system_process_agreed = true;
    auto out_of_range = make({"E1"}, issue_kind::restructure, level::employer, d(2101, 1, 1));
    const std::vector<issue> sequence{region, make({"E8"}), redundancy, warned, national, make({"E1"}),
                                      agreed, out_of_range, make({"E5"}), region, make({"E12"})};
    route reused;
    for (const auto& i : sequence) {
        CAPTURE(i.affected);
        if (i.date == d(2101, 1, 1)) {
            CHECK_THROWS_AS(rt.route_into(i, reused), issue_error);
            continue;
        }
        rt.route_into(i, reused);
        const route fresh = rt(i);
        CHECK(reused == fresh);
        CHECK(reused == go(i));
    }
    // route_issue_into on an index refills the same way.
    const routing_index index(land(), d(2026, 5, 1));
    for (const auto& i : {region, make({"E3"}), redundancy}) {
        route_issue_into(index, i, reused);
        CHECK(reused == go(i));
    }
}

TEST_CASE("refilling one route over a generated batch gives every route a fresh routing gives") {
    const auto g = generate_graph({.employers = 200, .seed = 11});
    const auto issues = generate_issues(g, {.count = 400, .seed = 11, .from = d(2021, 1, 1), .to = d(2027, 12, 31)});
    const router rt(g);
    route reused;
    std::size_t routed = 0, failed = 0;
    for (const auto& i : issues) {
        std::optional<route> fresh;
        try {
            fresh = rt(i);
        } catch (const spfgov::error&) {
            ++failed;
            CHECK_THROWS_AS(rt.route_into(i, reused), spfgov::error);
            continue;
        }
        rt.route_into(i, reused);
        ++routed;
        if (!(reused == *fresh)) FAIL_CHECK("issue " << i.id << ": the refilled route differs");
    }
    CHECK(routed > 350);
    CHECK(routed + failed == issues.size());
}

namespace {
/// A rule that reads the route being made (the rules of its rationale so
/// far), then explains `times` times, and fails when told to.
class reads_rationale final : public spfgov::rule {
public:
    std::string_view id() const noexcept override { return "local-reads"; }
    std::string_view title() const noexcept override { return "Reads the rationale so far"; }
    std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
    void apply(routing_context& ctx) const override {
        seen.clear();
        // Through the const view, then the mutable one: both show the same.
        for (const auto& e : std::as_const(ctx).result().rationale) seen.emplace_back(e.rule());
        seen_through_mutable = ctx.result().rationale.size();
        for (std::size_t n = 0; n < times; ++n) ctx.explain().values = {static_cast<std::int64_t>(n)};
        if (fail) ctx.fail("bad_count", "/affected/0", "\"E1\"", "a rule failing on purpose, in a test");
    }
    std::string text(const rationale_entry& e, const route&, const governance_graph&) const override {
        return "Entry " + std::to_string(e.values.at(0)) + ".";
    }
    mutable strings seen;
    mutable std::size_t seen_through_mutable = 0;
    std::size_t times = 1;
    bool fail = false;
};

routing_policy with_rule(std::shared_ptr<spfgov::rule> r) {
    routing_policy p;
    p.add(std::move(r));
    return p;
}
} // namespace

TEST_CASE("a rule reading the route while it is made sees only the rationale explained so far, in a refilled route too") {
    const auto reader = std::make_shared<reads_rationale>();
    const router rt(land(), with_rule(reader));
    const auto region = make({"E1", "E4"}, issue_kind::restructure, level::region);
    const auto employer = make({"E8"});
    (void)rt(employer);
    const strings fresh_seen = reader->seen;
    REQUIRE_FALSE(fresh_seen.empty());
    CHECK(std::find(fresh_seen.begin(), fresh_seen.end(), "local-reads") == fresh_seen.end());
    route reused;
    rt.route_into(region, reused);  // a longer rationale than the employer's, left in `reused`
    REQUIRE(reused.rationale.size() > rt(employer).rationale.size());
    rt.route_into(employer, reused);
    CHECK(reader->seen == fresh_seen);
    CHECK(reader->seen_through_mutable == fresh_seen.size());
    CHECK(reused == rt(employer));
}

TEST_CASE("a route refilled after one of thousands of rationale entries, or after a rule failed, is the route a fresh routing gives") {
    const auto reader = std::make_shared<reads_rationale>();
    const router rt(land(), with_rule(reader));
    const auto region = make({"E1", "E4"}, issue_kind::restructure, level::region);
    const auto employer = make({"E8"});
    route reused;
    reader->times = 3000;
    rt.route_into(region, reused);
    REQUIRE(reused.rationale.size() > 3000);
    CHECK(reused.rationale.back().values == std::vector<std::int64_t>{2999});
    reader->times = 1;
    rt.route_into(employer, reused);
    const route fresh = rt(employer);
    CHECK(reused == fresh);
    // Nor does the route keep the huge one's memory: its entries' vector is
    // bounded again (at most twice 64 entries, the spares' bound).
    CHECK(reused.rationale.capacity() <= 128);
    // A rule failing after it explained: the route left holds entries of
    // that routing only (none of the last route's), and the next refill is
    // whole again.
    reader->times = 5;
    reader->fail = true;
    CHECK_THROWS_AS(rt.route_into(region, reused), issue_error);
    for (const auto& e : reused.rationale) CHECK_FALSE(e.rule().empty());
    reader->times = 1;
    reader->fail = false;
    rt.route_into(employer, reused);
    CHECK(reused == fresh);
    rt.route_into(region, reused);
    CHECK(reused == rt(region));
}

namespace {
/// What a route says of who and where, without its rationale.
strings who_and_where(const route& r, const governance_graph& g) {
    strings out{std::string(to_string(r.scope)), r.lead_union ? g.id(*r.lead_union) : "-"};
    for (const auto* list : {&r.affected, &r.lead, &r.negotiate, &r.consult, &r.engage, &r.inform}) {
        out.emplace_back("|");
        for (auto h : *list) out.push_back(g.id(h));
    }
    for (const auto& level_bodies : r.escalation) {
        out.emplace_back("^");
        for (auto h : level_bodies) out.push_back(g.id(h));
    }
    for (const auto& w : r.warnings) out.push_back(w);
    return out;
}

/// Routes an issue naming each system and region in being on each date,
/// twice, and one naming every employer of it instead: the three must agree
/// (the first walks the unit's employers, as the third does; the second is
/// routed from the lists the epoch derived for the unit, on its second ask). With and without staff groups, and with a
/// system-led process agreed. The number of comparisons.
std::size_t compare_units_with_their_employers(const governance_graph& g, const std::vector<date>& dates) {
    const router rt(g);
    std::size_t compared = 0;
    for (const date on : dates)
        for (const body_kind k : {body_kind::system, body_kind::region})
            for (const auto unit : g.bodies_of_kind(k)) {
                if (!g[unit].valid.contains(on)) continue;
                for (const int variant : {0, 1, 2}) {
                    const bool staff_groups = variant == 1, agreed = variant == 2;
                    issue whole = make({g.id(unit)}, issue_kind::restructure,
                                       k == body_kind::system ? level::system : level::region, on);
                    if (staff_groups) whole.staff_groups = {"nursing", "estates"};
                    whole.system_process_agreed = agreed;
                    const route first = rt(whole);
                    if (first.affected.empty()) continue;
                    const route by_unit = rt(whole);
                    issue each = whole;
                    each.affected = spfgov::ids(g, by_unit.affected);
                    const route by_employer = rt(each);
                    const std::string what = g.id(unit) + " on " + to_iso(on) +
                                             (staff_groups ? " (staff groups)" : agreed ? " (system process agreed)" : "");
                    if (who_and_where(by_unit, g) != who_and_where(by_employer, g))
                        FAIL_CHECK(what << ": routed as a unit, it differs from its employers");
                    if (!(first == by_unit)) FAIL_CHECK(what << ": routed again as a unit, it differs");
                    CHECK(by_unit.rationale.front().rule() == by_employer.rationale.front().rule());
                    ++compared;
                }
            }
    return compared;
}
} // namespace

TEST_CASE("R11 follows a succeeds link only on the dates it holds, and says which link's date stopped it") {
    const auto file = [](const char* f) {
        std::ifstream in(std::filesystem::path(SPFGOV_SOURCE_DIR) / "tests" / "scenarios" / f, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string base = file("graphs/two-regions.json");
    const auto layered = [&](const std::string& overlay) {
        const graph_layer layers[] = {{base, "two-regions.json"}, {overlay, "overlay.json"}};
        return read_graph_layers(layers);
    };
    const auto error_of = [](const governance_graph& g, date on) -> std::pair<std::string, std::string> {
        issue i{.id = "G", .kind = issue_kind::restructure, .affected = {"GONE"}, .date = on};
        try {
            (void)route_issue(g, i);
        } catch (const issue_error& e) {
            return {e.code(), e.what()};
        }
        return {};
    };
    // The transfer order holds from 2025-06-01: before it, a gap naming the link's date.
    const auto later = layered(R"({"spfgov": 1, "links": [{"from": "RNA", "to": "GONE", "relation": "succeeds",
                                   "valid_from": "2025-06-01"}]})");
    const auto [gap_code, gap_text] = error_of(later, d(2025, 3, 3));
    CHECK(gap_code == "succession_gap");
    CHECK(gap_text.find("its succession by \"RNA\" holds only from 2025-06-01 (the succeeds link's valid_from), "
                        "after 2025-03-03") != std::string::npos);
    CHECK(error_of(later, d(2025, 6, 1)).first.empty());  // from its first day, routed
    const route taken_over = route_issue(later, issue{.id = "G", .affected = {"GONE"}, .date = d(2025, 6, 1)});
    CHECK(ids_of(taken_over, taken_over.consult, later) == strings{"RNA-jncc"});
    // An arrangement that ended: no successor after it, and the message says whose link ended when.
    const auto lapsed = layered(R"({"spfgov": 1, "links": [{"from": "RYA", "to": "GONE", "relation": "succeeds",
                                    "valid_to": "2025-01-01"}]})");
    CHECK(error_of(lapsed, d(2024, 12, 31)).first.empty());
    const auto [none_code, none_text] = error_of(lapsed, d(2025, 1, 1));
    CHECK(none_code == "no_successor");
    CHECK(none_text.find("no body succeeds it on 2025-01-01 (its succession by \"RYA\" ended on 2025-01-01, the "
                         "succeeds link's valid_to)") != std::string::npos);
}

TEST_CASE("an issue naming a system or region routes as one naming every employer in it, on any date") {
    // Testland: a merger within S2 on 2026-04-01; generated graphs: trusts
    // opening and closing over the years; England's built-in graph.
    CHECK(compare_units_with_their_employers(land(), {d(2026, 3, 1), d(2026, 5, 1)}) >= 12);
    const auto generated = generate_graph({.employers = 300, .seed = 5});
    CHECK(compare_units_with_their_employers(generated, {d(2021, 6, 1), d(2024, 2, 29), d(2027, 9, 30)}) >= 45);
    CHECK(compare_units_with_their_employers(england_graph(), {d(2026, 6, 1)}) >= 120);
    // Ladders that stop early; an employer whose system's forum stood down.
    const auto scenario_graph = [](std::vector<std::string> files) {
        for (auto& f : files) f = (std::filesystem::path(SPFGOV_SOURCE_DIR) / "tests" / "scenarios" / f).string();
        return read_graph_files(files);
    };
    CHECK(compare_units_with_their_employers(scenario_graph({"graphs/ladder-stops.json"}),
                                             {d(2024, 11, 22), d(2026, 11, 22)}) >= 12);
    CHECK(compare_units_with_their_employers(
              scenario_graph({"graphs/two-regions.json", "overlays/qua-forum-closed.json"}),
              {d(2025, 11, 22), d(2026, 11, 22)}) >= 30);
}

namespace {
/// A rule that refills a route through the router while the outer route is
/// being made on the same thread: the router's reusable index is in use.
class refills_inside final : public spfgov::rule {
public:
    refills_inside(const router& rt, issue inner) : rt_(rt), inner_(std::move(inner)) {}
    std::string_view id() const noexcept override { return "local-refill"; }
    std::string_view title() const noexcept override { return "Refills another route"; }
    std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
    void apply(routing_context& ctx) const override {
        rt_.route_into(inner_, inner_route);
        ctx.add(role::inform, inner_route.consult);
        ctx.explain().bodies = inner_route.consult;
    }
    std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        return "Also informed: " + id_list(g, e.bodies) + ".";
    }
    mutable route inner_route;

private:
    const router& rt_;
    issue inner_;
};
} // namespace

TEST_CASE("a router refilling a route inside a rule of another route of the same thread routes both as if alone") {
    const router plain(land());
    const auto outer = make({"E1", "E2"}, issue_kind::restructure, level::system, d(2026, 5, 1));
    auto inner = make({"E5"}, issue_kind::restructure, level::employer, d(2026, 4, 2));  // another epoch (E5 -> E6)
    inner.id = "T-inner";
    routing_policy p;
    auto nested = std::make_shared<refills_inside>(plain, inner);
    p.add(nested);
    const router with_rule(land(), p);
    route outer_route;
    with_rule.route_into(outer, outer_route);
    CHECK(nested->inner_route == plain(inner));
    const route outer_alone = plain(outer);
    CHECK(outer_route.as_of == d(2026, 5, 1));
    CHECK(outer_route.consult == outer_alone.consult);
    CHECK(outer_route.escalation == outer_alone.escalation);
    CHECK(outer_route.rationale.size() == outer_alone.rationale.size() + 1);
}

} // namespace test_route_cpp
