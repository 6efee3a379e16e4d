#include <spfgov/error.hpp>
#include <spfgov/io.hpp>
#include <spfgov/policy.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rule.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace test_policy_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

namespace {
std::vector<std::string> rule_ids(const routing_policy& p) {
    std::vector<std::string> out;
    for (const auto& c : p.rules()) out.emplace_back(c->id());
    return out;
}
template <class F>
std::string code_of(F&& f) {
    try {
        f();
    } catch (const error& e) {
        return e.code();
    }
    return "(no error)";
}
} // namespace

TEST_CASE("routing_policy{} is the default policy: R1-R12 in pipeline order, each citing its source") {
    const routing_policy p;
    CHECK(p == default_policy());
    CHECK(rule_ids(p) == std::vector<std::string>{"R11", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R12", "R10"});
    // R1, R9, R11 (structural) and R12 (calendar) cite nothing; the rest cite their documents.
    for (const char* id : {"R1", "R9", "R11", "R12"}) CHECK_FALSE(p.find(id)->source.has_value());
    CHECK(*p.find("R2")->source == std::string(sources::workforce_change) + "; " + std::string(sources::midlands_principles));
    CHECK(p.find("R7")->source->find("How we do partnership") != std::string::npos);
    CHECK(p.find("R10")->source->find("1992") != std::string::npos);
    for (const auto& c : p.rules()) {
        CHECK(c->enabled);
        CHECK_FALSE(c->unit->title().empty());
    }
    CHECK(p.parameters.papers_days == spfgov::working_days{5});
    REQUIRE_FALSE(p.parameters.statutory_bands.empty());
}

TEST_CASE("a copy of the default policy changes without touching the default") {
    routing_policy mine = default_policy();
    mine.disable("R8").cite("R4", "Our ICS partnership agreement");
    CHECK_FALSE(mine.enabled("R8"));
    CHECK(*mine.find("R4")->source == "Our ICS partnership agreement");
    CHECK(default_policy().enabled("R8"));
    CHECK(*default_policy().find("R4")->source == sources::workforce_change);
    CHECK_FALSE(mine == default_policy());
    mine.enable("R8").cite("R4", std::string(sources::workforce_change));
    CHECK(mine == default_policy());
}

namespace {
/// The run order as "id:order" strings.
std::vector<std::string> run_order_of(const routing_policy& p) {
    std::vector<std::string> out;
    for (const auto step : p.run_order())
        out.push_back(std::string(p.rules()[step.position]->id()) + ":" + std::to_string(step.order));
    return out;
}
} // namespace

TEST_CASE("rules run stage by stage, switched-off rules not at all, custom ones after the built-in ones of their stage") {
    routing_policy p;
    // Scope (R11, R1), membership (R2-R8), the ladder (R9), meetings (R12),
    // dates (R10); rationale order is the rule's number.
    CHECK(run_order_of(p) == std::vector<std::string>{"R11:11", "R1:1", "R2:2", "R3:3", "R4:4", "R5:5", "R6:6", "R7:7",
                                                      "R8:8", "R9:9", "R12:12", "R10:10"});
    CHECK(p.built_in_rules_only());
    p.disable("R8");
    CHECK(p.built_in_rules_only());
    custom_rule_spec spec;
    spec.id = "X1";
    spec.text = "Regional people boards hear of system issues";
    spec.kind = body_kind::regional_people_board;
    spec.of = rule_selector::affected_regions;
    p.add(make_custom_rule(spec));  // the 13th rule: rationale order 100 + its place, 12
    CHECK(run_order_of(p) == std::vector<std::string>{"R11:11", "R1:1", "R2:2", "R3:3", "R4:4", "R5:5", "R6:6", "R7:7",
                                                      "X1:112", "R9:9", "R12:12", "R10:10"});
    p.enable("R8").cite("R8", "Our ICS agreement");
    CHECK(run_order_of(p) == std::vector<std::string>{"R11:11", "R1:1", "R2:2", "R3:3", "R4:4", "R5:5", "R6:6", "R7:7",
                                                      "R8:8", "X1:112", "R9:9", "R12:12", "R10:10"});
    const routing_policy copy = p;  // a copy runs as its original
    CHECK(run_order_of(copy) == run_order_of(p));
    CHECK_FALSE(p.built_in_rules_only());  // X1 may give a body two roles: finish() checks inform
    CHECK_FALSE(copy.built_in_rules_only());
    p.disable("X1");
    CHECK(p.built_in_rules_only());  // switched off, it adds nothing
}

TEST_CASE("built_ins_switched_off: one bit a built-in rule switched off, kept up to date by every change") {
    routing_policy p;
    CHECK(p.built_ins_switched_off() == 0);
    p.disable("R10").disable("R2");
    CHECK(p.built_ins_switched_off() == ((1u << 9) | (1u << 1)));
    const routing_policy copy = p;
    CHECK(copy.built_ins_switched_off() == p.built_ins_switched_off());
    p.enable("R10");
    CHECK(p.built_ins_switched_off() == (1u << 1));
    // A rule put in R2's place is not the built-in R2: switched off, it is not counted as one.
    custom_rule_spec spec;
    spec.id = "R2";
    spec.text = "Our own consultation rule";
    spec.kind = body_kind::jncc;
    spec.of = rule_selector::affected_employers;
    p.replace(make_custom_rule(spec));
    CHECK(p.built_ins_switched_off() == 0);
}

TEST_CASE("statutory_table_gap: a policy whose tables begin after 1978 says from when dates are bare") {
    CHECK_FALSE(statutory_table_gap(default_policy()));
    routing_policy p;
    p.parameters.statutory_bands.erase(p.parameters.statutory_bands.begin());  // from 1995-10-26 on
    CHECK(statutory_table_gap(p) ==
          "statutory_bands begins on 1995-10-26: a redundancy proposed before then gets no statutory date (R10); to "
          "keep the law before it, list the earlier tables too (`spfgov policy` prints the default ones)");
    p.disable("R10");  // no dates at all: routing's own warnings say so
    CHECK_FALSE(statutory_table_gap(p));
    p.enable("R10");
    p.parameters.statutory_bands.clear();
    REQUIRE(statutory_table_gap(p));
    CHECK(statutory_table_gap(p)->starts_with("statutory_bands is empty: no redundancy gets a statutory date (R10)"));
}

TEST_CASE("policy errors: unknown rule, required rule, duplicate rule, a custom rule that would negotiate") {
    routing_policy p;
    CHECK(code_of([&] { p.disable("R13"); }) == "policy.unknown_rule");
    for (const char* id : {"R1", "R9", "R11"}) CHECK(code_of([&] { p.disable(id); }) == "policy.required_rule");
    custom_rule_spec spec;
    spec.id = "X1";
    spec.text = "Regional people boards hear of system issues";
    spec.kind = body_kind::regional_people_board;
    spec.of = rule_selector::affected_regions;
    p.add(make_custom_rule(spec));
    CHECK(code_of([&] { p.add(make_custom_rule(spec)); }) == "policy.duplicate_rule");
    spec.add_role = role::negotiate;
    CHECK(code_of([&] { (void)make_custom_rule(spec); }) == "policy.negotiate_not_allowed");
    spec.kind.reset();
    CHECK(code_of([&] { (void)make_custom_rule(spec); }) == "policy.bad_custom_rule");
}

TEST_CASE("statutory tables: the one in force is the last from on or before the date; bands by count") {
    const std::vector<statutory_table> tables{
        {date(1978, 1, 1), "A", {{10, spfgov::calendar_days{30}}, {100, spfgov::calendar_days{90}}}},
        {date(2013, 4, 6), "B", {{20, spfgov::calendar_days{30}}, {100, spfgov::calendar_days{45}}}},
    };
    CHECK(table_in_force(tables, date(1977, 12, 31)) == nullptr);
    CHECK(table_in_force(tables, date(2013, 4, 5))->authority == "A");
    CHECK(table_in_force(tables, date(2013, 4, 6))->authority == "B");
    CHECK(band_for(tables[1], 19) == nullptr);
    CHECK(band_for(tables[1], 20)->days == spfgov::calendar_days{30});
    CHECK(band_for(tables[1], 100)->days == spfgov::calendar_days{45});
    CHECK(band_for(tables[0], 10)->days == spfgov::calendar_days{30});
}

TEST_CASE("parameters set in code are checked as a policy file's are, before anything is routed with them") {
    struct bad {
        const char* what;
        std::function<void(policy_parameters&)> edit;
        std::string code, pointer;
    };
    const std::vector<bad> cases{
        {"tables out of order: the 1978 table after the 2013 one would be chosen for 2026",
         [](policy_parameters& p) { std::swap(p.statutory_bands[0], p.statutory_bands[2]); },
         "policy.tables_out_of_order", "/parameters/statutory_bands/1/from"},
        {"two tables from one date", [](policy_parameters& p) { p.statutory_bands[1].from = p.statutory_bands[0].from; },
         "policy.tables_out_of_order", "/parameters/statutory_bands/1/from"},
        {"bands out of order", [](policy_parameters& p) { std::swap(p.statutory_bands[2].bands[0], p.statutory_bands[2].bands[1]); },
         "policy.bands_out_of_order", "/parameters/statutory_bands/2/bands/1/min"},
        {"a negative period would start consultation after the first dismissal",
         [](policy_parameters& p) { p.statutory_bands[2].bands[0].days = calendar_days{-30}; },
         "policy.bad_value", "/parameters/statutory_bands/2/bands/0/days"},
        {"a band from no redundancies", [](policy_parameters& p) { p.statutory_bands[2].bands[0].min = 0; },
         "policy.bad_value", "/parameters/statutory_bands/2/bands/0/min"},
        {"a table from no date", [](policy_parameters& p) { p.statutory_bands[0].from = date(); },
         "policy.bad_value", "/parameters/statutory_bands/0/from"},
        {"negative papers days would lose every meeting", [](policy_parameters& p) { p.papers_days = working_days{-3}; },
         "policy.bad_value", "/parameters/papers_days"},
        {"papers due more than a year ahead", [](policy_parameters& p) { p.papers_days = working_days{366}; },
         "policy.bad_value", "/parameters/papers_days"},
    };
    issue i;
    i.id = "I";
    i.kind = issue_kind::redundancy;
    i.affected = {"RRK"};
    i.date = date(2026, 11, 2);
    i.redundancies = {{"RRK", 150}};
    i.first_dismissal = date(2027, 3, 1);
    for (const auto& c : cases) {
        CAPTURE(c.what);
        routing_policy p;
        c.edit(p.parameters);
        try {
            check_parameters(p.parameters);
            FAIL("no error");
        } catch (const policy_error& e) {
            CHECK(e.code() == c.code);
            CHECK(e.pointer() == c.pointer);
            CHECK(std::string(e.what()).find("expected") != std::string::npos);
        }
        // Every way in: a router, the one-issue convenience, an index, an explanation.
        CHECK(code_of([&] { const router rt(england_graph(), p); }) == c.code);
        CHECK(code_of([&] { (void)route_issue(england_graph(), i, p); }) == c.code);
        const routing_index index(england_graph(), i.date);
        CHECK(code_of([&] { (void)route_issue(index, i, p); }) == c.code);
        CHECK(code_of([&] { (void)explain_body(index, i, "RRK-jncc", p); }) == c.code);
    }
    // The default parameters, and an empty list of tables (no statutory dates, each route warns), are accepted.
    CHECK_NOTHROW(check_parameters(routing_policy{}.parameters));
    routing_policy none;
    none.parameters.statutory_bands.clear();
    CHECK(router(england_graph(), none)(i).deadlines.empty());
}

TEST_CASE("custom rules that can never add a body on a graph are named, with why") {
    const auto spec = [](std::string id, body_kind kind, rule_selector of) {
        custom_rule_spec x;
        x.id = std::move(id);
        x.text = "a rule";
        x.kind = kind;
        x.of = of;
        return make_custom_rule(x);
    };
    routing_policy p;
    p.add(spec("X1", body_kind::people_board, rule_selector::affected_regions));
    p.add(spec("X2", body_kind::regional_people_board, rule_selector::affected_regions));
    p.add(spec("X3", body_kind::people_board, rule_selector::affected_systems));  // adds ICS people boards
    p.add(spec("X4", body_kind::system_forum, rule_selector::national));
    p.add(spec("X5", body_kind::regional_forum, rule_selector::affected_employers));
    p.disable("X4");  // switched off: not reported
    const auto idle = idle_custom_rules(p, england_graph());
    REQUIRE(idle.size() == 3);
    CHECK(idle[0] == "custom rule X1 (people_board of affected_regions) never adds a body: affected_regions holds "
                     "only regional_forum and regional_people_board bodies");
    // The built-in England graph has no regional people boards (the ODS data names none).
    CHECK(idle[1] == "custom rule X2 (regional_people_board of affected_regions) never adds a body: the graph has no "
                     "regional_people_board at any date");
    CHECK(idle[2] == "custom rule X5 (regional_forum of affected_employers) never adds a body: affected_employers "
                     "holds only jncc bodies");
    CHECK(idle_custom_rules(default_policy(), england_graph()).empty());
}

} // namespace test_policy_cpp
