// The public structs a program fills in itself may be built with C++20
// designated initialisers naming only the members it needs, under g++'s
// -Wextra (-Wmissing-field-initializers) and -Werror: every member has a
// default member initialiser. This file is compiled with that warning on
// (tests/CMakeLists.txt), so a member added without one fails the build.
#include "spfgov/agenda.hpp"
#include "spfgov/batch.hpp"
#include "spfgov/diagnostic.hpp"
#include "spfgov/error.hpp"
#include "spfgov/export.hpp"
#include "spfgov/graph.hpp"
#include "spfgov/ics.hpp"
#include "spfgov/io.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/policy.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/route.hpp"
#include "spfgov/rrule.hpp"
#include "spfgov/scenario.hpp"

#include <doctest/doctest.h>

namespace test_designated_init_cpp {

using namespace spfgov;

TEST_CASE("an issue names only the fields it has; the rest take their defaults") {
    const issue i{.id = "T1", .kind = issue_kind::redundancy, .affected = {"RRK"}};
    CHECK(i.title.empty());
    CHECK(!i.system_process_agreed);
    CHECK(!i.first_dismissal);
}

TEST_CASE("what a program builds for routing, agendas and windows takes partial designated initialisers") {
    const redundancy_proposal p{.issue = "A", .employer = "RRK", .count = 40};
    CHECK(p.proposed.is_not_a_date());
    const agenda_options a{.body = "RRK"};
    CHECK(!a.from);
    CHECK(a.papers_days == spfgov::working_days{5});
    const map_scope m{.what = map_scope::part::system, .id = "QHL"};
    CHECK(m.depth == 1);
    const meeting_spec s{.rule = "FREQ=MONTHLY;BYDAY=2TU"};
    CHECK(!s.papers_days);
    const meeting_rule r{.interval = 2};
    CHECK(r.freq == frequency::monthly);
    CHECK(r.by_day.empty());
    const body b{.id = "X", .name = "X trust"};
    CHECK(!b.sector);
}

TEST_CASE("policy terms, tables and scenario options take partial designated initialisers") {
    const custom_rule_terms t{.id = "X1", .text = "Regional boards hear of system change", .add_role = role::inform};
    CHECK(!t.source);
    CHECK(!t.when.scope_at_least);
    CHECK(t.ids.empty());
    const statutory_table table{.authority = "TULRCA s.188"};
    CHECK(table.bands.empty());
    const scenario_options o{};
    CHECK(!o.policy);
}

TEST_CASE("results a program may build for its own tests take partial designated initialisers") {
    const deadline d{.kind = deadline_kind::hr1_notification, .late = true};
    CHECK(d.rule == "R10");
    CHECK(d.authority.empty());
    CHECK(!d.in_force_until);
    const meeting mt{.moved = true};
    CHECK(mt.date.is_not_a_date());
    const batch_error e{.line = 3, .code = "json_syntax"};
    CHECK(!e.issue);
    const diagnostic g{.severity = severity::warning, .code = "no_meeting_rule"};
    CHECK(g.where.empty());
    const ics_event ev{.summary = "JNCC"};
    CHECK(ev.uid.empty());
    CHECK(!ev.alarm);
    const graph_layer layer{.json_text = "{}"};
    CHECK(layer.file_name.empty());
    const error_location at{.file = "batch.jsonl", .line = 2};
    CHECK(!at.pointer);
}

} // namespace test_designated_init_cpp
