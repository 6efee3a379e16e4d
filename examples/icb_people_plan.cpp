// Walkthrough (b): an ICB people-function plan across a whole system.
//
// NHS Birmingham and Solihull ICB's people function drafts a workforce plan
// for every employer in the Birmingham and Solihull ICS (system QHL). Naming
// the system in `affected` stands for every employer valid in it on the date
// (its trusts and the ICB itself). We route the plan three times:
//   1. on the built-in England graph, with no agreed system-led process:
//      engagement stays with each employer, so the employers' JNCCs lead (R5);
//   2. the same, but employers and unions have agreed a system-led process:
//      the system partnership forum QHL-forum leads; the data names no lead
//      union, so none is named;
//   3. on a what-if copy of the graph where UNISON is the lead union of the
//      QHL system forum: the forum leads, and the route names UNISON.
// In every case the JNCCs keep consultation and negotiation (R2, R3).
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

std::string list(const spfgov::governance_graph& g, const std::vector<spfgov::body_handle>& hs) {
    std::string s;
    for (auto h : hs) s += (s.empty() ? "" : ", ") + g.id(h);
    return "[" + s + "]";
}

void print(const std::string& heading, const spfgov::governance_graph& g, const spfgov::route& r) {
    std::cout << heading << "\n"
              << "  scope " << spfgov::to_string(r.scope) << ", affected " << list(g, r.affected) << "\n"
              << "  lead       " << list(g, r.lead) << "\n"
              << "  lead union " << (r.lead_union ? g.id(*r.lead_union) : std::string("none")) << "\n"
              << "  consult    " << list(g, r.consult) << "\n"
              << "  engage     " << list(g, r.engage) << "\n"
              << "  inform     " << list(g, r.inform) << "\n";
    // The rules that decide who leads and who is engaged.
    for (const auto& e : r.rationale)
        if (e.rule() == "R4" || e.rule() == "R5") std::cout << "  " << e.rule() << ": " << spfgov::rationale_text(e, r, g) << "\n";
}

} // namespace

int main() {
    const spfgov::governance_graph& england = spfgov::england_graph();

    // Step 1: the issue. origin = system: the plan was developed by the ICB's
    // people function across the system, which brings in the system forum
    // (R4) whatever the scope.
    spfgov::issue plan;
    plan.id = "BSol-people-plan-2027";
    plan.title = "BSol system workforce plan 2027/28";
    plan.kind = spfgov::issue_kind::workforce_plan;
    plan.origin = spfgov::level::system;
    plan.affected = {"QHL"};
    plan.date = spfgov::date(2026, 9, 7);

    // Step 2: no system-led process agreed (the default).
    print("1. England graph, no agreed system-led process", england, spfgov::route_issue(england, plan));

    // Step 3: employers and trade unions agree a system-led process.
    plan.system_process_agreed = true;
    print("\n2. England graph, system-led process agreed", england, spfgov::route_issue(england, plan));

    // Step 4: a what-if graph. graph_builder(existing) copies every body and
    // written link of the England graph; we add UNISON and make it the lead
    // union of the QHL system forum from 2026-04-01, then build a new,
    // immutable graph. The England graph itself is untouched.
    spfgov::graph_builder what_if(england);
    spfgov::body unison;
    unison.id = "unison";
    unison.kind = spfgov::body_kind::trade_union;
    unison.name = "UNISON";
    what_if.add_body(unison);
    spfgov::link_data lead;
    lead.rel = spfgov::relation::lead_union;  // trade_union -> system_forum (checked at build)
    lead.valid = {spfgov::date(2026, 4, 1), spfgov::date(boost::date_time::pos_infin)};
    what_if.add_link("unison", "QHL-forum", lead);
    const spfgov::governance_graph with_lead_union = std::move(what_if).build_or_throw();

    print("\n3. What-if graph with UNISON as lead union, system-led process agreed", with_lead_union,
          spfgov::route_issue(with_lead_union, plan));
    return 0;
}
