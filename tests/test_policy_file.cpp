#include <spfgov/error.hpp>
#include <spfgov/io.hpp>
#include <spfgov/policy_file.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rule.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace test_policy_file_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;

namespace {

/// The error of reading `text`: "code" and the message.
struct outcome {
    std::string code, message;
};
outcome load(const std::string& text) {
    try {
        (void)read_policy(text, "mine.yaml");
    } catch (const policy_error& e) {
        return {e.code(), e.what()};
    }
    return {"(no error)", ""};
}

const std::string head = "spfgov-policy: 1\nbased_on: default\n";

/// A policy file with one custom rule whose `add` (and `when`) are given.
std::string custom(const std::string& add, const std::string& when = "{}") {
    return head + "custom_rules:\n  - id: X1\n    text: \"a rule\"\n    when: " + when + "\n    add: " + add + "\n";
}

issue sample_issue(std::string_view json) { return read_issue(json, "<test>"); }

} // namespace

TEST_CASE("write_policy(default) reads back equal to the default policy, and routes byte-identically") {
    const std::string text = write_policy(default_policy());
    CHECK(text.find("\nbased_on:") == std::string::npos);  // a complete file
    CHECK(text.find("# R10: ") != std::string::npos);   // commented
    const routing_policy back = read_policy(text, "default.yaml");
    CHECK(back == default_policy());
    CHECK(write_policy(back) == text);

    const auto& g = england_graph();
    for (const char* json :
         {R"({"id": "A", "kind": "redundancy", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22",
              "redundancies": {"RRK": 150}, "first_dismissal": "2027-03-01"})",
          R"({"id": "B", "kind": "restructure", "origin": "system", "affected": ["QHL"], "date": "2026-11-22",
              "system_process_agreed": true})",
          R"({"id": "C", "kind": "pay_and_terms", "origin": "national", "affected": [], "date": "2026-11-22"})"}) {
        const issue i = sample_issue(json);
        CHECK(write_route(route_issue(g, i, back), g) == write_route(route_issue(g, i), g));
    }
}

TEST_CASE("a policy based on the default changes only what it gives") {
    const auto p = read_policy(head + R"yaml(name: ours
parameters:
  papers_days: 7
rules:
  R6: {enabled: false}
  R4: {source: "Our ICS partnership agreement (2025)"}
  R12: {source: null}
custom_rules:
  - id: X1
    source: "Midlands MoU (2024)"
    text: "Regional people boards also hear of system-level issues"
    when: {scope_at_least: system, kinds: [restructure, service_change], origins: [system, region], sectors: [icb]}
    add: {role: inform, kind: regional_people_board, of: affected_regions}
  - id: X2
    text: "The workforce issues group hears of every redundancy"
    add: {role: engage, ids: [spf-wig]}
)yaml", "ours.yaml");
    CHECK(p.name == "ours");
    CHECK(p.parameters.papers_days == spfgov::working_days{7});
    CHECK(p.parameters.statutory_bands == default_policy().parameters.statutory_bands);
    CHECK_FALSE(p.enabled("R6"));
    CHECK(*p.find("R4")->source == "Our ICS partnership agreement (2025)");
    REQUIRE(p.find("X1"));
    const auto* spec = p.find("X1")->unit->spec();
    REQUIRE(spec);
    CHECK(spec->when.scope_at_least == level::system);
    CHECK(spec->when.kinds->contains(issue_kind::service_change));
    CHECK_FALSE(spec->when.kinds->contains(issue_kind::redundancy));
    CHECK(*spec->when.sectors == std::vector<sector>{sector::icb});
    CHECK(spec->of == rule_selector::affected_regions);
    CHECK(p.find("X2")->unit->spec()->ids == std::vector<std::string>{"spf-wig"});
    // Round trip, custom rules included.
    CHECK(read_policy(write_policy(p), "again.yaml") == p);
}

TEST_CASE("statutory_bands replace the whole list; a complete file needs every parameter") {
    const auto p = read_policy(head + R"yaml(parameters:
  statutory_bands:
    - from: 2013-04-06
      authority: "SI 2013/763"
      bands: [{min: 20, days: 30}, {min: 100, days: 45}]
    - from: 2030-01-01
      authority: "A future order"
      bands: [{min: 10, days: 30}]
)yaml", "bands.yaml");
    REQUIRE(p.parameters.statutory_bands.size() == 2);
    CHECK(p.parameters.statutory_bands[1].bands == std::vector<statutory_band>{{10, spfgov::calendar_days{30}}});

    auto e = load("spfgov-policy: 1\nparameters:\n  statutory_bands: []\n");
    CHECK(e.code == "policy.missing_parameter");
    CHECK(e.message.find("parameters.papers_days") != std::string::npos);
    e = load("spfgov-policy: 1\nparameters:\n  papers_days: 5\n");
    CHECK(e.code == "policy.missing_parameter");
    CHECK(e.message.find("statutory_bands") != std::string::npos);
    // Most policies change a few things: the message says how.
    CHECK(e.message.ends_with(" (or add \"based_on: default\" to start from the built-in policy and give only what you change)"));
    CHECK(load("spfgov-policy: 1\n").code == "policy.missing_parameter");
    CHECK(load("spfgov-policy: 1\n").message.find("based_on: default") != std::string::npos);
    // A key left unindented under its section is named with the section it belongs to.
    e = load("spfgov-policy: 1\nbased_on: default\nparameters:\npapers_days: 10\n");
    CHECK(e.code == "policy.unknown_key");
    CHECK(e.message.ends_with("; papers_days belongs under parameters: indent it below \"parameters:\", further right (e.g. two spaces)"));
    e = load("spfgov-policy: 1\nbased_on: default\nrules:\nR6: {enabled: false}\n");
    CHECK(e.message.find("; R6 belongs under rules:") != std::string::npos);
    CHECK(load("spfgov-policy: 1\nbased_on: default\nrulez: {}\n").message.find("belongs under") == std::string::npos);
    // JSON is YAML.
    CHECK(read_policy(R"({"spfgov-policy": 1, "based_on": "default", "rules": {"R8": {"enabled": false}}})", "p.json")
              .enabled("R8") == false);
}

TEST_CASE("every policy error code, with file, line, column, key path and what was expected") {
    struct expectation {
        std::string text, code, where, path;
    };
    const expectation cases[] = {
        {"spfgov-policy: 1\nbased_on: default\ncolour: blue\n", "policy.unknown_key", "mine.yaml:3:1", "colour"},
        {head + "parameters:\n  papers_days: 5\n  papers_days: 6\n", "policy.duplicate_key", "mine.yaml:5:3", "parameters.papers_days"},
        {"name: x\n", "policy.bad_version", "mine.yaml:1:1", "spfgov-policy"},
        {"spfgov-policy: 2\n", "policy.bad_version", "mine.yaml:1:16", "spfgov-policy"},
        {"spfgov-policy: 1\nbased_on: ours\n", "policy.bad_based_on", "mine.yaml:2:11", "based_on"},
        {"spfgov-policy: 1\nbased_on: [default\n", "policy.syntax", "mine.yaml:", "(top level)"},
        {head + "parameters:\n  papers_days: soon\n", "policy.bad_value", "mine.yaml:4:16", "parameters.papers_days"},
        {head + "parameters:\n  statutory_bands:\n    - from: 2013-02-30\n      authority: x\n      bands: []\n",
         "policy.bad_date", "mine.yaml:5:13", "parameters.statutory_bands[0].from"},
        {head + "parameters:\n  statutory_bands:\n    - from: 2013-04-06\n      bands: []\n", "policy.missing_key",
         "mine.yaml:5:7", "parameters.statutory_bands[0].authority"},
        {head + "parameters:\n  statutory_bands:\n    - from: 2013-04-06\n      authority: x\n      bands: [{min: 100, days: 45}, {min: 20, days: 30}]\n",
         "policy.bands_out_of_order", "mine.yaml:7:37", "parameters.statutory_bands[0].bands[1].min"},
        {head + "parameters:\n  statutory_bands:\n    - {from: 2013-04-06, authority: b, bands: []}\n    - {from: 1995-10-26, authority: a, bands: []}\n",
         "policy.tables_out_of_order", "mine.yaml:6:7", "parameters.statutory_bands[1].from"},
        {head + "rules:\n  R13: {enabled: false}\n", "policy.unknown_rule", "mine.yaml:4:3", "rules.R13"},
        {head + "rules:\n  R9: {enabled: false}\n", "policy.required_rule", "mine.yaml:4:17", "rules.R9.enabled"},
        {head + "rules:\n  R6: {enabled: maybe}\n", "policy.bad_value", "mine.yaml:4:17", "rules.R6.enabled"},
        {custom("{role: inform, kind: regional_people_board, of: affected_trusts}"), "policy.unknown_selector",
         "mine.yaml:7:58", "custom_rules[0].add.of"},
        {custom("{role: lead, kind: jncc, of: affected_employers}"), "policy.unknown_role", "mine.yaml:7:17",
         "custom_rules[0].add.role"},
        {custom("{role: inform, kind: regional_board, of: affected_regions}"), "policy.unknown_kind", "mine.yaml:7:31",
         "custom_rules[0].add.kind"},
        {custom("{role: inform, kind: jncc, of: affected_employers}", "{kinds: [reorganisation]}"), "policy.unknown_kind",
         "mine.yaml:6:20", "custom_rules[0].when.kinds[0]"},
        {custom("{role: inform, kind: jncc, of: affected_employers}", "{scope_at_least: county}"), "policy.unknown_level",
         "mine.yaml:6:28", "custom_rules[0].when.scope_at_least"},
        {custom("{role: inform, kind: jncc, of: affected_employers}", "{sectors: [hospice]}"), "policy.unknown_sector",
         "mine.yaml:6:22", "custom_rules[0].when.sectors[0]"},
        {custom("{role: negotiate, kind: system_forum, of: affected_systems}"), "policy.negotiate_not_allowed",
         "mine.yaml:7:17", "custom_rules[0].add.role"},
        {custom("{role: inform, kind: jncc, of: affected_employers, ids: [spf]}"), "policy.bad_custom_rule",
         "mine.yaml:7:10", "custom_rules[0].add"},
        {custom("{role: inform, kind: jncc}"), "policy.missing_key", "mine.yaml:7:10", "custom_rules[0].add.of"},
        {head + "custom_rules:\n  - id: R6\n    text: t\n    add: {role: inform, ids: [spf]}\n", "policy.duplicate_rule",
         "mine.yaml:4:9", "custom_rules[0].id"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto got = load(c.text);
        CAPTURE(got.message);
        CHECK(got.code == c.code);
        CHECK(got.message.find(c.where) != std::string::npos);
        CHECK(got.message.find(c.path) != std::string::npos);
        CHECK(got.message.find("expected") != std::string::npos);
    }
}

TEST_CASE("a statutory table dated before 1400 is refused by the range, not as a day that does not exist") {
    const auto got = load(head + "parameters:\n  statutory_bands:\n    - from: 1215-06-15\n      authority: x\n      bands: []\n");
    CHECK(got.code == "policy.bad_date");
    CHECK(got.message.find("expected a date YYYY-MM-DD from 1400-01-01 to 9999-12-31, got") != std::string::npos);
}

TEST_CASE("an unknown rule names the nearest and lists the rules in number order, custom rules after") {
    const auto lower = load(head + "rules:\n  r6: {enabled: false}\n");
    CHECK(lower.code == "policy.unknown_rule");
    CHECK(lower.message.find("no rule \"r6\" (did you mean \"R6\"?); expected one of: R1, R2, R3, R4, R5, R6, R7, R8, R9, "
                             "R10, R11, R12") != std::string::npos);
    const auto with_custom = load(head + "custom_rules:\n  - id: L1\n    text: t\n    add: {role: inform, ids: [spf]}\n"
                                  "rules:\n  Q1: {enabled: false}\n");
    CHECK(with_custom.message.find("expected one of: R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, L1") !=
          std::string::npos);
}

TEST_CASE("a key holding a dot or a bracket is named whole, in the message and in the pointer") {
    struct expectation {
        std::string text, where, pointer;
    };
    const expectation cases[] = {
        {head + "rules:\n  R6.1: {enabled: false}\n", R"(mine.yaml:4:3: rules["R6.1"]: )", "/rules/R6.1"},
        {head + "\"parameters[0]\": {}\n", R"(mine.yaml:3:1: ["parameters[0]"]: )", "/parameters[0]"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        try {
            (void)read_policy(c.text, "mine.yaml");
            FAIL("no error");
        } catch (const policy_error& e) {
            CHECK(std::string(e.what()).find(c.where) != std::string::npos);
            CHECK(e.pointer() == c.pointer);
        }
    }
}

TEST_CASE("size limit before parsing; unreadable files; a policy a file cannot express") {
    CHECK(load(head + "# " + std::string(max_policy_bytes, 'x') + "\n").code == "policy.too_large");
    std::string code;
    const auto missing = std::filesystem::path(SPFGOV_BINARY_DIR) / "no-such-policy.yaml";
    try {
        (void)read_policy_file(missing);
    } catch (const policy_error& e) {
        code = e.code();
        CHECK(std::string(e.what()).ends_with("no-such-policy.yaml: cannot open the policy file (No such file or directory)"));
        CHECK(e.file() == missing.string());
    }
    CHECK(code == "policy.cannot_open");

    struct my_rule final : rule {
        std::string_view id() const noexcept override { return "R4"; }
        std::string_view title() const noexcept override { return "mine"; }
        std::optional<std::string_view> source() const noexcept override { return std::nullopt; }
        void apply(routing_context&) const override {}
        std::string text(const rationale_entry&, const route&, const governance_graph&) const override { return {}; }
    };
    routing_policy p;
    p.replace(std::make_shared<my_rule>());
    code.clear();
    try {
        (void)write_policy(p);
    } catch (const policy_error& e) {
        code = e.code();
    }
    CHECK(code == "policy.not_writable");
}

TEST_CASE("a custom rule naming a body by id: unknown, or negotiating when it may not, is refused with the graph") {
    for (const auto& [add, want] : {std::pair<std::string, std::string>{"{role: inform, ids: [no-such-body]}", "policy.unknown_body"},
                                    {"{role: negotiate, ids: [QHL-forum]}", "policy.negotiate_not_allowed"}}) {
        const auto p = read_policy(custom(add), "ids.yaml");
        std::string code;
        try {
            const router rt(england_graph(), p);
        } catch (const policy_error& e) {
            code = e.code();
            CHECK(std::string(e.what()).find("X1") != std::string::npos);
        }
        CHECK(code == want);
    }
}

namespace {
/// The error of routing with `p` on the England graph, if any.
std::optional<policy_error> error_using(const routing_policy& p) {
    try {
        const router rt(england_graph(), p);
    } catch (const policy_error& e) {
        return e;
    }
    return std::nullopt;
}
} // namespace

TEST_CASE("a custom rule's id the graph lacks is reported where the policy file wrote it") {
    // Line 7 is "    add: {role: ..., ids: [RRK-jncc, no-such-body]}".
    auto caught = error_using(read_policy(custom("{role: inform, ids: [RRK-jncc, no-such-body]}"), "ids.yaml"));
    REQUIRE(caught);
    CHECK(caught->code() == "policy.unknown_body");
    CHECK(caught->file() == "ids.yaml");
    CHECK(caught->line() == 7);
    CHECK(caught->column() == 41);
    CHECK(caught->pointer() == "/custom_rules/0/add/ids/1");
    CHECK(std::string(caught->what()) ==
          "policy.unknown_body: ids.yaml:7:41: custom_rules[0].add.ids[1]: custom rule X1 names \"no-such-body\", which "
          "is not in the graph");

    // Locations that no longer match the ids one for one (a spec edited after
    // reading) are not used: the message names the rule, not a wrong line.
    custom_rule_spec edited = *read_policy(custom("{role: inform, ids: [RRK-jncc, no-such-body]}"), "ids.yaml")
                                   .find("X1")
                                   ->unit->spec();
    edited.ids.erase(edited.ids.begin());
    routing_policy e;
    e.add(make_custom_rule(edited));
    caught = error_using(e);
    REQUIRE(caught);
    CHECK_FALSE(caught->file());
    CHECK(std::string(caught->what()) ==
          "policy.unknown_body: custom rule X1: add.ids names \"no-such-body\", which is not in the graph");

    // A mistyped id names the nearest id of the graph, compared without case.
    caught = error_using(read_policy(custom("{role: inform, ids: [rrk-jnc]}"), "ids.yaml"));
    REQUIRE(caught);
    CHECK(std::string(caught->what()).ends_with("custom rule X1 names \"rrk-jnc\", which is not in the graph "
                                                "(did you mean \"RRK-jncc\"?)"));

    // A spec made in code has no file: the message still names the rule.
    custom_rule_spec spec;
    spec.id = "X2";
    spec.text = "made in code";
    spec.add_role = role::negotiate;
    spec.ids = {"QHL-forum"};
    routing_policy q;
    q.add(make_custom_rule(spec));
    caught = error_using(q);
    REQUIRE(caught);
    CHECK(caught->code() == "policy.negotiate_not_allowed");
    CHECK_FALSE(caught->file());
    CHECK(std::string(caught->what()).starts_with("policy.negotiate_not_allowed: custom rule X2: add.ids names \"QHL-forum\""));
}

TEST_CASE("a custom rule within systems or regions: read, written back, and an id that is not one reported where written") {
    // Line 6 is "    when: {regions: [Y63], systems: [QWO, QF7]}".
    const std::string text = custom("{role: consult, kind: system_forum, of: affected_systems}",
                                    "{regions: [Y63], systems: [QWO, QF7]}");
    const auto p = read_policy(text, "within.yaml");
    const auto* spec = p.find("X1")->unit->spec();
    REQUIRE(spec);
    CHECK(spec->when.systems == std::vector<std::string>{"QWO", "QF7"});
    CHECK(spec->when.regions == std::vector<std::string>{"Y63"});
    REQUIRE(spec->area_locations.size() == 3);  // systems first, then regions, whatever the file's order
    CHECK(spec->area_locations[0].pointer == "/custom_rules/0/when/systems/0");
    CHECK(spec->area_locations[2].pointer == "/custom_rules/0/when/regions/0");
    // Written back in full (systems, then regions), and read back equal.
    const std::string written = write_policy(p);
    CHECK(written.find("when: {systems: [\"QWO\", \"QF7\"], regions: [\"Y63\"]}") != std::string::npos);
    CHECK(read_policy(written, "written.yaml") == p);
    CHECK_FALSE(error_using(p));
    // A system's id misspelt: where it was written, with the nearest system.
    auto caught = error_using(read_policy(custom("{role: consult, kind: system_forum, of: affected_systems}",
                                                 "{systems: [QWO, QWOO]}"),
                                          "within.yaml"));
    REQUIRE(caught);
    CHECK(caught->code() == "policy.unknown_body");
    CHECK(caught->line() == 6);
    CHECK(caught->pointer() == "/custom_rules/0/when/systems/1");
    CHECK(std::string(caught->what()) ==
          "policy.unknown_body: within.yaml:6:27: custom_rules[0].when.systems[1]: custom rule X1 names \"QWOO\", which "
          "is not in the graph (did you mean \"QWO\"?)");
    // A system given as a region: named as what it is.
    caught = error_using(read_policy(custom("{role: consult, kind: regional_forum, of: affected_regions}",
                                            "{regions: [QWO]}"),
                                     "within.yaml"));
    REQUIRE(caught);
    CHECK(std::string(caught->what()).ends_with("custom rule X1 names \"QWO\", which is a system, not a region"));
    // Made in code, with no places: the rule and key named.
    custom_rule_spec made = *spec;
    made.area_locations.clear();
    made.when.systems = std::vector<std::string>{"NOPE"};
    routing_policy q;
    q.add(make_custom_rule(made));
    caught = error_using(q);
    REQUIRE(caught);
    CHECK_FALSE(caught->file());
    CHECK(std::string(caught->what()) ==
          "policy.unknown_body: custom rule X1: when.systems names \"NOPE\", which is not in the graph");
    // Not a list of text: the reader's own error.
    CHECK(load(custom("{role: consult, kind: system_forum, of: affected_systems}", "{systems: QWO}")).code ==
          "policy.bad_value");
}

TEST_CASE("a custom rule within an area: --explain names the area for a body it leaves out; a rule whose areas never meet is idle") {
    // R4 off, so Birmingham's forum is not in the route at all: WY1 is asked why not (helper-80).
    const auto p = read_policy(head + "rules:\n  R4: {enabled: false}\ncustom_rules:\n  - id: WY1\n"
                                      "    text: West Yorkshire's forum is consulted\n    when: {systems: [QWO]}\n"
                                      "    add: {role: consult, kind: system_forum, of: affected_systems}\n",
                               "wy.yaml");
    const router rt(england_graph(), p);
    const auto i = sample_issue(R"({"id": "L", "kind": "restructure", "origin": "employer", "affected": ["RR8", "RRK"],
                                   "date": "2026-11-22"})");
    CHECK(explanation_text(explain_body(rt, i, "QHL-forum")).find(
              "WY1 (West Yorkshire's forum is consulted) adds only the bodies within the area it names (QWO); "
              "QHL-forum lies outside it.") != std::string::npos);
    CHECK(explanation_text(explain_body(rt, i, "QWO-forum")).find("WY1 put it in consult") != std::string::npos);
    // Both a system and a region, which never meet: idle, said when the policy meets the graph.
    const auto never = read_policy(custom("{role: inform, kind: negotiating_body, of: national}",
                                          "{systems: [QWO], regions: [Y60]}"),
                                   "never.yaml");
    const auto idle = idle_custom_rules(never, england_graph());
    REQUIRE(idle.size() == 1);
    CHECK(idle[0] == "custom rule X1 never fires: no employer of its systems (QWO) is in one of its regions (Y60) at any "
                     "date, and every condition of `when` must hold (for one or the other, give two rules)");
    CHECK(idle_custom_rules(read_policy(custom("{role: inform, kind: negotiating_body, of: national}",
                                               "{systems: [QWO], regions: [Y63]}"),
                                        "meet.yaml"),
                            england_graph())
              .empty());
    // An employer in two systems of two regions meets S1 and R2 though S1 is not in R2 (helper-81):
    // not idle, and the rule fires.
    const auto two = read_graph(R"({"spfgov": 1, "bodies": [
      {"id": "R1", "kind": "region"}, {"id": "R2", "kind": "region"},
      {"id": "S1", "kind": "system", "region": "R1"}, {"id": "S2", "kind": "system", "region": "R2"},
      {"id": "E", "kind": "employer", "system": ["S1", "S2"]}, {"id": "E-jncc", "kind": "jncc", "employer": "E"},
      {"id": "N", "kind": "national_forum"}]})",
                                "two.json");
    const auto across = read_policy(custom("{role: inform, ids: [N]}", "{systems: [S1], regions: [R2]}"), "across.yaml");
    CHECK(idle_custom_rules(across, two).empty());
    const auto r = route_issue(two, sample_issue(R"({"id": "A", "kind": "restructure", "origin": "employer",
                                                     "affected": ["E"], "date": "2026-11-22"})"),
                               across);
    CHECK(ids(two, r.inform) == std::vector<std::string>{"N"});
}

TEST_CASE("where a policy file wrote a custom rule's ids is not part of the rule: the same rule a line lower is equal") {
    const std::string text = custom("{role: inform, ids: [RRK-jncc]}");
    const auto p = read_policy(text, "a.yaml");
    const auto q = read_policy("# moved down a line\n" + text, "a.yaml");
    REQUIRE(p.find("X1"));
    CHECK(p.find("X1")->unit->spec()->id_locations != q.find("X1")->unit->spec()->id_locations);
    CHECK(p == q);
    // Every term is compared: a spec differing in any one is another rule.
    const custom_rule_spec base = *p.find("X1")->unit->spec();
    const auto differs = [&](auto change) {
        custom_rule_spec other = base;
        change(other);
        return !(other == base);
    };
    CHECK(differs([](custom_rule_spec& s) { s.id = "X2"; }));
    CHECK(differs([](custom_rule_spec& s) { s.source = "elsewhere"; }));
    CHECK(differs([](custom_rule_spec& s) { s.text = "other words"; }));
    CHECK(differs([](custom_rule_spec& s) { s.when.scope_at_least = level::region; }));
    CHECK(differs([](custom_rule_spec& s) { s.add_role = role::engage; }));
    CHECK(differs([](custom_rule_spec& s) { s.ids.push_back("RQ3-jncc"); }));
    CHECK(differs([](custom_rule_spec& s) { s.kind = body_kind::jncc; }));
    CHECK_FALSE(differs([](custom_rule_spec& s) { s.id_locations.clear(); }));
}

TEST_CASE("R10's source is cited only when no statutory table is in force; its dates cite their table's authority") {
    const std::string text = head +
                             "parameters:\n  statutory_bands:\n    - from: 2030-01-01\n      authority: \"A future act\"\n"
                             "      bands: [{min: 20, days: 30}]\nrules:\n  R10: {source: \"Our own reading of s.188\"}\n";
    const auto p = read_policy(text, "r10.yaml");
    const router rt(england_graph(), p);
    const auto r10_sources = [&](std::string_view date) {
        const auto r = rt(sample_issue(R"({"id": "T", "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
                                           "date": ")" + std::string(date) + R"(", "redundancies": {"RRK": 25},
                                           "first_dismissal": "2031-06-01"})"));
        std::vector<std::string> out;
        for (const auto& e : r.rationale)
            if (e.rule() == "R10") out.emplace_back(e.source().value_or("(none)"));
        return out;
    };
    CHECK(r10_sources("2026-11-22") == std::vector<std::string>{"Our own reading of s.188"});
    CHECK(r10_sources("2030-02-01") == std::vector<std::string>{"A future act"});
    // The policy file says so beside R10.
    CHECK(write_policy(p).find("R10's") == std::string::npos);
    CHECK(write_policy(p).find("this\n  # source is cited when no table is in force") != std::string::npos);
}

TEST_CASE("a misspelt policy key names the nearest key, and then every key it may be") {
    auto o = load(head + "rule:\n  R4: {enabled: false}\n");
    CHECK(o.code == "policy.unknown_key");
    CHECK(o.message.find("unknown key \"rule\" (did you mean \"rules\"?); expected one of: spfgov-policy, name, "
                         "based_on, parameters, rules, custom_rules") != std::string::npos);
    o = load(head + "parameters:\n  paper_days: 5\n");
    CHECK(o.message.find("unknown key \"paper_days\" (did you mean \"papers_days\"?)") != std::string::npos);
    o = load(head + "colour: blue\n");  // near no key: no guess
    CHECK(o.message.find("unknown key \"colour\"; expected one of: ") != std::string::npos);
}

TEST_CASE("a tab in a policy file's indentation is named as such, with its line") {
    const auto bad = load(head + "rules:\n\tR6: {enabled: false}\n");
    CHECK(bad.code == "policy.syntax");
    CHECK(bad.message.find("line 4 is indented with a tab, and YAML indents with spaces only") != std::string::npos);
    // A tab inside a block scalar is text: the next line's own cause is named, where it is.
    const auto block_tab = load(head + "rules:\n  R4:\n    source: |\n      text\n      \tmore\n    enabled: a: b\n");
    CHECK(block_tab.message.starts_with("policy.syntax: mine.yaml:8:"));
    CHECK(block_tab.message.find("tab") == std::string::npos);
    CHECK(block_tab.message.find("the value on line 8 holds \": \"") != std::string::npos);
    // Located at the tab, where yaml-cpp noticed it further on (4:13 here).
    const auto later = load(head + "parameters:\n\tpapers_days: 10\n");
    CHECK(later.message.starts_with("policy.syntax: mine.yaml:4:1: "));
    CHECK(later.message.find("line 4 is indented with a tab") != std::string::npos);
    const auto other = load(head + "rules: [\n");  // no tab: no such hint
    CHECK(other.code == "policy.syntax");
    CHECK(other.message.find("tab") == std::string::npos);
    // A tab inside a block scalar is legal, and not blamed for an error further down.
    const auto block = load(head + "name: |\n  first\n  \tsecond\nparameters: {papers_days: 5}\nrules: [\n");
    CHECK(block.code == "policy.syntax");
    CHECK(block.message.find("tab") == std::string::npos);
}

TEST_CASE("a policy file that is not UTF-8 text is refused at the byte, not read as mojibake") {
    // Saved as Latin-1: the source's é is one byte, which would reach every report.
    const auto latin1 = load(head + "rules:\n  R4: {source: \"Caf\xe9 MoU\"}\n");
    CHECK(latin1.code == "policy.syntax");
    CHECK(latin1.message.starts_with("policy.syntax: mine.yaml:4:20: "));
    CHECK(latin1.message.find("byte \\xe9 is not UTF-8; expected UTF-8 text") != std::string::npos);
    // A binary file: the first control character, shown, never sent raw.
    const auto binary = load(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
    CHECK(binary.code == "policy.syntax");
    CHECK(binary.message.find("mine.yaml:1:1: ") != std::string::npos);
    CHECK(binary.message.find("control character \\u007f is not allowed in YAML; expected a text file") !=
          std::string::npos);
    const auto nul_inside = load(head + std::string("name: a\0b\n", 10));
    CHECK(nul_inside.message.find("mine.yaml:3:8: (top level): control character \\u0000") != std::string::npos);
    // UTF-8 beyond ASCII, tabs inside values, CRLF line ends and NEL are text.
    CHECK(load(head + "name: \"Caf\xc3\xa9\tMoU\"\r\nrules:\r\n  R4: {source: \"\xe2\x80\x94 \xc2\x85\"}\r\n").code ==
          "(no error)");
}

TEST_CASE("a policy file's mistakes are all named in one run, the first in the file first") {
    // helper-79: four mistakes took four runs. Parameters, each custom rule and each rule's entry are
    // read on past a mistake; the error is the first in the file, its message naming the others.
    const auto all = load(head + "rules:\n  R6: {enabeld: false}\n  R9: {enabled: false}\n  X1: {enabled: false}\n"
                                 "custom_rules:\n  - id: X1\n    text: a\n    add: {role: infrom, kind: jncc, of: affected_employers}\n"
                                 "parameters:\n  papers_days: -3\n");
    CHECK(all.code == "policy.unknown_key");
    CHECK(all.message.starts_with("policy.unknown_key: mine.yaml:4:8: rules.R6.enabeld: unknown key \"enabeld\""));
    CHECK(all.message.find("; and 3 more mistakes: policy.required_rule: mine.yaml:5:17: rules.R9.enabled: ") !=
          std::string::npos);
    CHECK(all.message.find("; policy.unknown_role: mine.yaml:10:17: custom_rules[0].add.role: unknown role \"infrom\"") !=
          std::string::npos);
    CHECK(all.message.find("; policy.bad_value: mine.yaml:12:16: parameters.papers_days: ") != std::string::npos);
    // rules.X1 names the custom rule that could not be read: not also "no rule X1".
    CHECK(all.message.find("no rule \"X1\"") == std::string::npos);
    // The position as data is the first mistake's.
    try {
        (void)read_policy(head + "rules:\n  R6: {enabeld: false}\n  R9: {enabled: false}\n", "mine.yaml");
        FAIL("no error");
    } catch (const policy_error& e) {
        CHECK(e.line() == 4);
        CHECK(e.pointer() == "/rules/R6/enabeld");
        CHECK(std::string(e.what()).find("; and 1 more mistake: policy.required_rule: ") != std::string::npos);
    }
    // Twelve mistakes: ten named, then how many more.
    std::string many = head + "rules:\n";
    for (int i = 1; i <= 12; ++i) many += "  R" + std::to_string(i) + ": {enabld: true}\n";
    const auto twelve = load(many);
    CHECK(twelve.message.find("; and 11 more mistakes: ") != std::string::npos);
    CHECK(twelve.message.ends_with("; and 1 more"));
    // A second custom rule of a taken id is the mistake; the first one's rules entry is still read.
    const auto twice = load(head + "custom_rules:\n  - {id: X1, text: a, add: {role: inform, ids: [spf]}}\n"
                                   "  - {id: X1, text: b, add: {role: inform, ids: [spf]}}\nrules:\n  X1: {enabld: false}\n");
    CHECK(twice.code == "policy.duplicate_rule");
    CHECK(twice.message.find("rules.X1.enabld: unknown key") != std::string::npos);
    // A key given twice in rules stops that part only: the mistakes before it are still named.
    const auto dup = load(head + "parameters:\n  papers_days: -3\nrules:\n  R6: {enabled: false}\n  R6: {enabled: true}\n");
    CHECK(dup.code == "policy.bad_value");
    CHECK(dup.message.find("; and 1 more mistake: policy.duplicate_key: mine.yaml:7:3: rules.R6") != std::string::npos);
    // Each other mistake is cut to a readable length.
    const std::string key(1000, 'k');  // under YAML's 1,024-character limit for a key
    const auto long_keys = load(head + "rules:\n  R6: {" + key + ": 1}\n  R8: {" + key + ": 1}\n");
    INFO(long_keys.message);
    CHECK(long_keys.message.find("; and 1 more mistake: policy.unknown_key: mine.yaml:5:8: ") != std::string::npos);
    CHECK(long_keys.message.ends_with("..."));
    CHECK(long_keys.message.size() < long_keys.message.find("; and 1 more") + 450);
    // One mistake alone reads as before.
    CHECK(load(head + "rules:\n  R6: {enabeld: false}\n").message.find("more mistake") == std::string::npos);
}

TEST_CASE("a { or [ left open is named where it opens; one closed by the other bracket is named too") {
    // helper-79: "p16.yaml:5:1: ... end of map flow not found", the line after, in YAML's words only.
    auto open = load(head + "rules:\n  R6: {enabled: false\n  R4: {source: \"x\"}\n");
    CHECK(open.code == "policy.syntax");
    CHECK(open.message.starts_with("policy.syntax: mine.yaml:4:7: (top level): not valid YAML: end of map flow not "
                                   "found; the { opened on line 4 is never closed: expected } after its last entry"));
    // At the end of the file, and a list: "[" named.
    open = load(head + "custom_rules:\n  - id: X\n    text: a\n    when: {kinds: [restructure\n");
    CHECK(open.message.find("the [ opened on line 6 is never closed: expected ]") != std::string::npos);
    // A list closed by "}": both brackets named.
    const auto crossed = load(head + "custom_rules:\n  - id: X\n    text: a\n    when: {kinds: [restructure, relocation}\n"
                                     "    add: {role: inform, ids: [spf]}\n");
    CHECK(crossed.message.starts_with("policy.syntax: mine.yaml:6:43: "));
    CHECK(crossed.message.find("the [ opened on line 6 is closed by } here: expected ]") != std::string::npos);
    // Brackets inside quotes, comments and plain text are not counted: the { left open is still found.
    open = load(head + "name: see [1] and {2}  # a [comment {\nrules:\n  R4: {source: \"a { [ quote\"}\n"
                       "  R6: {enabled: false\n  R8: {enabled: true}\n");
    CHECK(open.message.find("mine.yaml:6:7: ") != std::string::npos);
    CHECK(open.message.find("the { opened on line 6 is never closed") != std::string::npos);
    // A comma missing in a { } closed later (helper-81): not "never closed"; YAML's place stands.
    const auto comma = load(head + "rules: {\n  R6: {enabled: false}\n  R4: {source: x}\n}\n");
    CHECK(comma.message.starts_with("policy.syntax: mine.yaml:5:3: "));
    CHECK(comma.message.find("a comma may be missing before this: the entries of the { opened on line 3 are "
                             "separated by commas") != std::string::npos);
    CHECK(comma.message.find("never closed") == std::string::npos);
    // Lines are counted through a double-quoted line break, a block scalar's text and a comment
    // inside a flow.
    open = load(head + "name: \"a\\\n  b\"\nrules:\n  R6: {enabled: false\n  R4: {source: x}\n");
    CHECK(open.message.find("mine.yaml:6:7: ") != std::string::npos);
    open = load(head + "name: |\n  text with { and [\nrules:\n  R6: {enabled: false\n  R4: {source: x}\n");
    CHECK(open.message.find("the { opened on line 6 is never closed") != std::string::npos);
    open = load(head + "rules:\n  R6: {enabled: false,\n#  old: {x\n   source: x\n  R4: {source: y}\n");
    CHECK(open.message.find("mine.yaml:4:7: ") != std::string::npos);
}

TEST_CASE("columns in a policy file count characters, as every other located error, whatever precedes them") {
    // "é" is two bytes and one character; yaml-cpp counts bytes.
    auto caught = error_using(read_policy(head + "custom_rules:\n  - {id: X1, text: \"\xc3\xa9t\xc3\xa9\", when: {}, "
                                                 "add: {role: inform, ids: [no-such-body]}}\n",
                                          "ids.yaml"));
    REQUIRE(caught);
    CHECK(caught->code() == "policy.unknown_body");
    CHECK(caught->line() == 4);
    CHECK(caught->column() == 63);  // 62 characters before it: "  - {id: X1, text: \"été\", ... ids: ["
    CHECK(std::string(caught->what()).starts_with("policy.unknown_body: ids.yaml:4:63: "));
    // The same unit for a yaml-cpp mark of a structural error and a byte the scan refuses.
    CHECK(load(head + "name: \"\xc3\xa9\xc3\xa9\" x\n").message.starts_with("policy.syntax: mine.yaml:3:12: "));
    CHECK(load(head + "name: \"\xc3\xa9\xc3\xa9\x01\"\n").message.starts_with("policy.syntax: mine.yaml:3:10: "));
    // A leading byte-order mark is not a column (yaml-cpp skips it too).
    CHECK(load("\xEF\xBB\xBFspfgov-policy: 1\x01\n").message.starts_with("policy.syntax: mine.yaml:1:17: "));
    CHECK(load("\xEF\xBB\xBFspfgov-policy: 2\n").message.starts_with("policy.bad_version: mine.yaml:1:16: "));
}

TEST_CASE("a policy file saved as UTF-16 or UTF-32 is named as such, and a noncharacter is not called a control character") {
    const auto utf16 = [](std::string_view bom, const std::string& ascii) {
        std::string out(bom);
        for (const char c : ascii) out += std::string{c, '\0'};
        return out;
    };
    const auto with_bom = load(utf16("\xFF\xFE", head));
    CHECK(with_bom.code == "policy.syntax");
    CHECK(with_bom.message == "policy.syntax: mine.yaml:1:1: (top level): the file is UTF-16 (it starts with a UTF-16 "
                              "byte-order mark); expected UTF-8 text (save the file as UTF-8)");
    CHECK(load(utf16("", head)).message.find("the file looks like UTF-16 (a zero byte beside each character)") !=
          std::string::npos);
    CHECK(load(std::string("\0s\0p", 4)).message.find("looks like UTF-16 (a zero byte beside each character)") !=
          std::string::npos);
    CHECK(load(std::string("\xFF\xFE\0\0s\0\0\0", 8)).message.find("the file is UTF-32") != std::string::npos);
    CHECK(load(std::string("s\0\0\0p\0\0\0", 8)).message.find("the file looks like UTF-32 (three zero bytes beside each") !=
          std::string::npos);
    CHECK(load(std::string("\0\0\0s\0\0\0p", 8)).message.find("the file looks like UTF-32 (three zero bytes beside each") !=
          std::string::npos);
    const auto nonchar = load(head + "name: \"a\xef\xbf\xbe\"\n");
    CHECK(nonchar.message.find("mine.yaml:3:9: (top level): character \\ufffe (a Unicode noncharacter) is not allowed "
                               "in YAML") != std::string::npos);
}

TEST_CASE("a line indented out of step in a policy file is named as the likely cause") {
    const auto deeper = load(head + "custom_rules:\n  - id: X1\n    text: a rule\n      when: {}\n    add: {role: inform}\n");
    CHECK(deeper.code == "policy.syntax");
    CHECK(deeper.message.find("mine.yaml:6:") != std::string::npos);
    CHECK(deeper.message.find("; check the indentation of line 6 and the line before it") != std::string::npos);
    // A flow list left open is not an indentation problem.
    CHECK(load(head + "rules: [\n").message.find("indentation") == std::string::npos);
    // A list item's keys start after its "- ".
    const auto outdented = load(head + "custom_rules:\n  - id: X1\n   text: a rule\n");
    CHECK(outdented.message.find("; check the indentation of line 5") != std::string::npos);
}

TEST_CASE("a value holding \": \" or text after its closing quote is named as needing quotes, not as indentation") {
    const auto colon = load(head + "name: Restructure policy: North\n");
    CHECK(colon.code == "policy.syntax");
    CHECK(colon.message.find("; the value on line 3 holds \": \", which YAML reads as another key: put the whole value "
                             "in quotes") != std::string::npos);
    CHECK(colon.message.find("indentation") == std::string::npos);
    const auto after_quote = load(head + "custom_rules:\n  - id: X1\n    text: \"a rule\" for mergers\n");
    CHECK(after_quote.code == "policy.syntax");
    CHECK(after_quote.message.find("; line 5 has text after its value's closing quote: put the whole value inside the "
                                   "quotes") != std::string::npos);
    CHECK(after_quote.message.find("indentation") == std::string::npos);
    // A comment after a tab is a comment: its ": " is not the value's.
    const auto tab_comment = load(head + "parameters:\n  papers_days: 5\n   name: x\t# note: old\n");
    CHECK(tab_comment.message.find("quotes") == std::string::npos);
    CHECK(tab_comment.message.find("; check the indentation of line 5") != std::string::npos);
    // Lines ended by CR alone are one line to YAML, and named as such.
    const auto cr_only = load("spfgov-policy: 1\rbased_on: default\rname: a\r");
    CHECK(cr_only.code == "policy.syntax");
    CHECK(cr_only.message.find("; line 1 holds carriage returns without line feeds; expected lines ended by LF or CR LF") !=
          std::string::npos);
    // The same line indented like its neighbours, with a comment after the quote: no hint at all.
    const auto plain = load(head + "name: \"x\" # a comment\nrules: {R4: \n");
    CHECK(plain.code == "policy.syntax");
    CHECK(plain.message.find("quote") == std::string::npos);
    CHECK(plain.message.find("indentation") == std::string::npos);
}

TEST_CASE("a word processor's curly quotes are named as the cause, in a syntax error or an unknown key") {
    const std::string curly = "\u201C", closing = "\u201D";
    // A plain value holding ": ": the user thinks it is quoted.
    const auto block = load(head + "rules:\n  R12:\n    source: " + curly + "East Midlands agreement: clause 4" + closing + "\n");
    CHECK(block.code == "policy.syntax");
    CHECK(block.message.find("; line 5 holds the curly quote \u201C (U+201C), which YAML does not read as a quote: write "
                             "straight quotes \" or '") != std::string::npos);
    CHECK(block.message.find("put the whole value in quotes") == std::string::npos);
    // In a flow mapping, whatever yaml-cpp says ("end of map flow not found").
    const auto flow = load(head + "rules:\n  R12: {source: " + curly + "agreement: clause 4" + closing + "}\n");
    CHECK(flow.code == "policy.syntax");
    CHECK(flow.message.find("line 4 holds the curly quote \u201C (U+201C)") != std::string::npos);
    // A comma inside them split the value into a key: named on the unknown key.
    const auto split = load(head + "rules:\n  R12: {source: " + curly + "agreement, clause 4" + closing + "}\n");
    CHECK(split.code == "policy.unknown_key");
    CHECK(split.message.find("(it holds the curly quote \u201D (U+201D), which YAML does not read as a quote") !=
          std::string::npos);
    // An apostrophe inside a word is text: the value's ": " is still the cause named.
    const auto apostrophe = load(head + "rules:\n  R12:\n    source: The employer\u2019s agreement: clause 4\n");
    CHECK(apostrophe.code == "policy.syntax");
    CHECK(apostrophe.message.find("curly") == std::string::npos);
    CHECK(apostrophe.message.find("; the value on line 5 holds \": \"") != std::string::npos);
    CHECK(load(head + "rules:\n  R12: {source: Trust\u2019s, enabled: true, x: 1}\n").message.find("curly") == std::string::npos);
    // ... and so is one after a plural, at the end of a value.
    const auto plural = load(head + "rules:\n  R12:\n    source: Our members: the Trusts\u2019\n");
    CHECK(plural.message.find("curly") == std::string::npos);
    CHECK(plural.message.find("the value on line 5 holds \": \"") != std::string::npos);
    // Straight quotes: no such hint.
    CHECK(load(head + "rules:\n  R12: {source: \"agreement: clause 4\"}\n").message.find("curly") == std::string::npos);
}

TEST_CASE("aliases and deep nesting are errors, never crashes") {
    CHECK(load(head + "rules: *nowhere\n").code == "policy.syntax");
    CHECK(load(head + "parameters: " + std::string(5000, '[') + "\n").code == "policy.syntax");
}

} // namespace test_policy_file_cpp
