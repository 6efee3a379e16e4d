// Walkthrough (c): a service consolidation across two Midlands systems.
//
// Nottingham University Hospitals (RX1, Nottingham and Nottinghamshire ICS,
// QT1) and University Hospitals of Derby and Burton (RTG, Derby and
// Derbyshire ICS, QJ2) plan to consolidate a specialist service on one site.
// Both systems are in the Midlands region (Y60), so:
//   - R1: no one system holds both trusts, one region does: scope "region";
//   - R2/R3: each trust's JNCC is consulted and negotiates, as always;
//   - R4: both system partnership forums are engaged;
//   - R6: the Midlands regional SPF (Y60-spf) is engaged (ripple effects
//     across systems), not just informed;
//   - R8: both ICS people boards are informed;
//   - R9: the two trusts' escalation ladders merge: two JNCCs, then two
//     system forums, then one regional forum, then the national SPF.
// We first route each trust's part alone to show its own ladder, then the
// joint issue, then the joint issue with an agreed cross-system process
// (R5, contract 2: both system forums lead jointly; the regional SPF keeps oversight).
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

std::string ladder(const spfgov::governance_graph& g, const spfgov::route& r) {
    std::string s;
    for (const auto& level : r.escalation) s += (s.empty() ? "" : " -> ") + list(g, level);
    return s;
}

std::string first_sentence(const std::string& text) {
    const auto end = text.find(". ");
    return end == std::string::npos ? text : text.substr(0, end + 1);
}

} // namespace

int main() {
    const spfgov::governance_graph& england = spfgov::england_graph();
    const spfgov::router route(england);

    spfgov::issue joint;
    joint.id = "EM-stroke-2026";
    joint.title = "Consolidate hyper-acute stroke services for Nottingham and Derby";
    joint.kind = spfgov::issue_kind::service_change;
    joint.origin = spfgov::level::employer;  // planned by the two trusts together
    joint.affected = {"RX1", "RTG"};
    joint.date = spfgov::date(2026, 10, 5);

    // Step 1: each trust on its own: scope employer, its own ladder.
    for (const auto* trust : {"RX1", "RTG"}) {
        spfgov::issue alone = joint;
        alone.id = joint.id + "-" + trust;
        alone.affected = {trust};
        const auto r = route(alone);
        std::cout << trust << " alone (" << england[england.at(trust)].name << "): scope "
                  << spfgov::to_string(r.scope) << "\n  ladder " << ladder(england, r) << "\n";
    }

    // Step 2: the joint issue. The scope rises to the region and the ladders
    // merge level by level; each body appears once, at its lowest level.
    const auto r = route(joint);
    std::cout << "\nIssue " << r.issue << " as of " << spfgov::to_iso(r.as_of) << "\n"
              << "  scope      " << spfgov::to_string(r.scope) << "\n"
              << "  lead       " << list(england, r.lead) << "\n"
              << "  negotiate  " << list(england, r.negotiate) << "\n"
              << "  consult    " << list(england, r.consult) << "\n"
              << "  engage     " << list(england, r.engage) << "\n"
              << "  inform     " << list(england, r.inform) << "\n"
              << "  ladder     " << ladder(england, r) << "\n";
    for (const auto& e : r.rationale) std::cout << "  " << e.rule() << ": " << first_sentence(spfgov::rationale_text(e, r, england)) << "\n";
    for (const auto& w : r.warnings) std::cout << "  warning: " << w << "\n";

    // Step 3: employers and unions agree a process led above the employers.
    // Contract 2 (domain.md §5.8 d): the affected systems' forums lead jointly;
    // the regional SPF keeps oversight and never leads.
    joint.system_process_agreed = true;
    const auto agreed = route(joint);
    std::cout << "\nWith an agreed process: lead " << list(england, agreed.lead) << ", lead union "
              << (agreed.lead_union ? england.id(*agreed.lead_union) : std::string("none")) << "\n";
    for (const auto& e : agreed.rationale)
        if (e.rule() == "R5") std::cout << "  " << e.rule() << ": " << first_sentence(spfgov::rationale_text(e, agreed, england)) << "\n";
    for (const auto& w : agreed.warnings) std::cout << "  warning: " << w << "\n";
    return 0;
}
