// Builds the Midlands fragment of formats.md in code with the typed builder,
// validates it, routes the formats.md issue and prints a summary.
// The relation table is checked by the compiler: linking the JNCC straight to
// the region (`b.link<relation::part_of>(jncc, midlands)`) would not compile.
#include <spfgov/route.hpp>
#include <spfgov/typed_builder.hpp>
#include <spfgov/validate.hpp>

#include <iostream>

int main() {
    using namespace spfgov;
    using bk = body_kind;
    using rl = relation;
    const date jan_2026(2026, 1, 1);

    typed_builder b;
    auto spf = b.add<bk::national_forum>("spf", "Social Partnership Forum");
    body tpg;
    tpg.id = "spf-tpg";
    tpg.name = "ICS Transition Partnership Group";
    tpg.remit = {issue_kind::staff_transfer};
    tpg.has_remit = true;
    tpg.valid = {date(2021, 4, 1), date(boost::date_time::pos_infin)};
    b.link<rl::subgroup_of>(b.add<bk::subgroup>(tpg), spf);

    auto midlands = b.add<bk::region>("Y60", "Midlands");
    body regional;
    regional.id = "Y60-spf";
    regional.name = "Midlands Regional SPF";
    regional.meets = meeting_spec{"FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", date(2026, 1, 13), spfgov::working_days{5}};
    b.link<rl::committee_of>(b.add<bk::regional_forum>(regional), midlands);

    auto bsol = b.add<bk::system>("QHL", "Birmingham and Solihull ICS");
    b.link<rl::part_of>(bsol, midlands);
    auto forum = b.add<bk::system_forum>("QHL-forum", "BSol system partnership forum");
    b.link<rl::committee_of>(forum, bsol);
    b.link<rl::committee_of>(b.add<bk::people_board>("QHL-people-board"), bsol);

    body uhb;
    uhb.id = "RRK";
    uhb.name = "University Hospitals Birmingham NHS Foundation Trust";
    uhb.sector = sector::foundation_trust;
    auto rrk = b.add<bk::employer>(uhb);
    b.link<rl::part_of>(rrk, bsol);
    b.link<rl::committee_of>(b.add<bk::jncc>("RRK-jncc"), rrk);

    auto unison = b.add<bk::trade_union>("unison", "UNISON");
    b.link<rl::recognises>(rrk, unison);
    b.link<rl::lead_union>(unison, forum, {jan_2026, date(boost::date_time::pos_infin)});

    const governance_graph g = std::move(b).build();
    const auto diagnostics = validate(g);
    std::cout << "Midlands fragment: " << g.body_count() << " bodies, " << g.link_count()
              << " links (including derived escalation), " << diagnostics.size() << " diagnostics\n";
    for (const auto& d : diagnostics) std::cout << "  " << format(d) << "\n";

    issue estates;
    estates.id = "UHB-estates-2027";
    estates.title = "Estates restructure";
    estates.kind = issue_kind::redundancy;
    estates.origin = level::employer;
    estates.affected = {"RRK"};
    estates.date = date(2026, 11, 22);
    estates.redundancies = {{"RRK", 25}};
    estates.first_dismissal = date(2027, 3, 1);

    const route r = route_issue(g, estates);
    auto list = [&](const std::vector<body_handle>& hs) {
        std::string s;
        for (auto h : hs) s += (s.empty() ? "" : ", ") + g.id(h);
        return "[" + s + "]";
    };
    std::cout << "Issue " << r.issue << " as of " << to_iso(r.as_of) << ": scope " << to_string(r.scope) << "\n"
              << "  lead " << list(r.lead) << ", consult " << list(r.consult) << ", negotiate " << list(r.negotiate)
              << "\n  escalation:";
    for (const auto& level : r.escalation) std::cout << " " << list(level);
    std::cout << "\n";
    for (const auto& d : r.deadlines)
        std::cout << "  " << to_string(d.kind) << " for " << g.id(d.body) << " by " << to_iso(d.date)
                  << (d.late ? " (late)" : "") << "\n";
    for (const auto& e : r.rationale) std::cout << "  " << e.rule() << ": " << spfgov::rationale_text(e, r, g) << "\n";
    return 0;
}
