// Walkthrough (d): the 2022 staff transfer from CCGs into ICBs.
//
// The Health and Care Act 2022 abolished clinical commissioning groups and
// established integrated care boards on 1 July 2022; each ICB took over its
// CCGs' functions and staff. The built-in England graph holds that history:
// each CCG (by its ODS code, kept by its sub-ICB location) is an employer
// valid until 2022-07-01, and each ICB employer, valid from 2022-07-01,
// `succeeds` its CCGs. The SPF's ICS Transition Partnership Group (spf-tpg),
// set up in April 2021 for staff moving to statutory ICBs, has the remit
// staff_transfer.
//
// We route one staff-transfer issue naming Leicester City CCG (04C) as of
// three dates with a router (it caches a routing index per date):
//   - 2021-03-15: before the TPG existed, so R7 engages no sub-group;
//   - 2022-06-15: the CCG exists, its JNCC consults and leads, and the TPG
//     is engaged (R7);
//   - 2022-07-15: the CCG no longer exists; succession (R11) replaces it
//     with the ICB that succeeds it, so the ICB's JNCC takes over.
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

std::string period(const spfgov::validity& v) {
    return (v.open_start() ? std::string("...") : spfgov::to_iso(v.from)) + " to " +
           (v.open_end() ? std::string("...") : spfgov::to_iso(v.to));
}

} // namespace

int main() {
    const spfgov::governance_graph& england = spfgov::england_graph();

    // Step 1: what the graph says about the CCG, its ICB and the TPG.
    for (const auto* id : {"04C", "QK1-icb", "spf-tpg"}) {
        const auto& b = england[england.at(id)];
        std::cout << id << ": " << b.name << ", valid " << period(b.valid) << "\n";
    }
    // The ICB's `succeeds` links: the CCGs whose staff it took over.
    std::vector<spfgov::body_handle> predecessors;
    for (auto l : england.out_links(england.at("QK1-icb")))
        if (england[l].rel == spfgov::relation::succeeds) predecessors.push_back(england.target(l));
    std::cout << "QK1-icb succeeds " << list(england, predecessors) << "\n";

    // Step 2: the issue, as the CCG would have raised it.
    spfgov::issue transfer;
    transfer.id = "LC-CCG-transfer";
    transfer.title = "Transfer of Leicester City CCG staff to the ICB";
    transfer.kind = spfgov::issue_kind::staff_transfer;
    transfer.origin = spfgov::level::employer;
    transfer.affected = {"04C"};
    transfer.date = spfgov::date(2022, 6, 15);

    // Step 3: the same issue as of three dates.
    const spfgov::router route(england);
    for (const auto as_of : {spfgov::date(2021, 3, 15), spfgov::date(2022, 6, 15), spfgov::date(2022, 7, 15)}) {
        const auto r = route(transfer, as_of);
        std::cout << "\nAs of " << spfgov::to_iso(r.as_of) << ": affected " << list(england, r.affected)
                  << ", scope " << spfgov::to_string(r.scope) << "\n"
                  << "  lead    " << list(england, r.lead) << "\n"
                  << "  consult " << list(england, r.consult) << "\n"
                  << "  engage  " << list(england, r.engage) << "\n"
                  << "  ladder ";
        for (const auto& level : r.escalation) std::cout << " " << list(england, level);
        std::cout << "\n";
        // R7 (the TPG) and R11 (succession) are the rules this walkthrough is about.
        for (const auto& e : r.rationale)
            if (e.rule() == "R7" || e.rule() == "R11") std::cout << "  " << e.rule() << ": " << spfgov::rationale_text(e, r, england) << "\n";
        for (const auto& w : r.warnings) std::cout << "  warning: " << w << "\n";
    }
    return 0;
}
