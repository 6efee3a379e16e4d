// Walkthrough (e): what if two neighbouring ICBs merged?
//
// Birmingham and Solihull (QHL) and the Black Country (QUA) are neighbouring
// Midlands ICSs. We build a what-if copy of the England graph in which, on
// 2027-04-01, their two ICB employers (QHL-icb, QUA-icb) and their JNCCs end,
// and a merged ICB (BSBC-icb, with its JNCC BSBC-icb-jncc) begins and
// `succeeds` both. Our choice: the two systems stay. The ICS partnerships
// (trusts, system partnership forums, people boards) carry on as before, and
// the merged ICB is part of both systems (an employer may belong to several,
// domain.md settled reading 3). Merging the systems too would be another
// what-if: the same code, plus a new system, forum and board and moving the
// trusts into it.
//
// Then we route the same issues before (2027-03-01) and after (2027-05-04)
// the merger with a router and print what changed in each route.
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/validate.hpp>

#include <algorithm>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {

using id_set = std::set<std::string>;

id_set ids_of(const spfgov::governance_graph& g, const std::vector<spfgov::body_handle>& hs) {
    id_set s;
    for (auto h : hs) s.insert(g.id(h));
    return s;
}

// One line of the diff, "-removed +added" ids, added to `out` only if
// something changed.
void diff(std::string& out, const std::string& what, const id_set& before, const id_set& after) {
    std::string line;
    for (const auto& id : before)
        if (!after.contains(id)) line += " -" + id;
    for (const auto& id : after)
        if (!before.contains(id)) line += " +" + id;
    if (!line.empty()) out += "  " + what + line + "\n";
}

spfgov::issue make_issue(std::string id, std::string title, spfgov::issue_kind kind, spfgov::level origin,
                         std::vector<std::string> affected) {
    spfgov::issue i;
    i.id = std::move(id);
    i.title = std::move(title);
    i.kind = kind;
    i.origin = origin;
    i.affected = std::move(affected);
    i.date = spfgov::date(2027, 3, 1);
    return i;
}

} // namespace

int main() {
    const spfgov::governance_graph& england = spfgov::england_graph();
    const spfgov::date merger(2027, 4, 1);
    const spfgov::date forever(boost::date_time::pos_infin);

    // Step 1: start a builder from the England graph (a built graph is
    // immutable, so a what-if is always a new graph) and end the two ICBs
    // and their JNCCs on the merger date.
    spfgov::graph_builder b(england);
    for (const char* id : {"QHL-icb", "QHL-icb-jncc", "QUA-icb", "QUA-icb-jncc"})
        b.update_body(id, [&](spfgov::body& body) { body.valid.to = merger; });

    // Step 2: the merged ICB, its JNCC, its two systems and its predecessors.
    spfgov::body icb;
    icb.id = "BSBC-icb";
    icb.kind = spfgov::body_kind::employer;
    icb.sector = spfgov::sector::icb;
    icb.name = "NHS Birmingham, Solihull and Black Country Integrated Care Board (what-if)";
    icb.valid = {merger, forever};
    b.add_body(icb);
    spfgov::body jncc;
    jncc.id = "BSBC-icb-jncc";
    jncc.kind = spfgov::body_kind::jncc;
    jncc.name = icb.name + " JNCC";
    jncc.valid = {merger, forever};
    b.add_body(jncc);
    auto add_link = [&](const char* from, const char* to, spfgov::relation rel) {
        spfgov::link_data l;
        l.rel = rel;
        b.add_link(from, to, l);  // the relation table is checked by build_or_throw()
    };
    add_link("BSBC-icb-jncc", "BSBC-icb", spfgov::relation::committee_of);
    add_link("BSBC-icb", "QHL", spfgov::relation::part_of);
    add_link("BSBC-icb", "QUA", spfgov::relation::part_of);
    add_link("BSBC-icb", "QHL-icb", spfgov::relation::succeeds);
    add_link("BSBC-icb", "QUA-icb", spfgov::relation::succeeds);
    const spfgov::governance_graph what_if = std::move(b).build_or_throw();

    const auto problems = spfgov::validate(what_if);
    const auto errors = std::count_if(problems.begin(), problems.end(), [](const spfgov::diagnostic& d) {
        return d.severity == spfgov::severity::error;
    });
    std::cout << "What-if graph: " << what_if.body_count() << " bodies (England: " << england.body_count()
              << "), " << errors << " validation errors\n";

    // Step 3: the issues, routed before and after the merger date. Expect:
    // the ICB's own issue moves to the merged ICB by succession (R11), and
    // its ladder now reaches both system forums; a BSol system plan takes in
    // the merged ICB, which is also in the Black Country system, so that
    // system's forum and people board join; a trust's issue does not change.
    const std::vector<spfgov::issue> issues{
        make_issue("BSol-ICB-restructure", "Restructure of the BSol ICB's corporate services",
                   spfgov::issue_kind::restructure, spfgov::level::employer, {"QHL-icb"}),
        make_issue("BSol-people-plan", "BSol system workforce plan", spfgov::issue_kind::workforce_plan,
                   spfgov::level::system, {"QHL"}),
        make_issue("BC-ambulance-roles", "New roles at West Midlands Ambulance Service",
                   spfgov::issue_kind::new_roles, spfgov::level::employer, {"RYA"}),
    };
    const spfgov::router route(what_if);
    const spfgov::date before(2027, 3, 1), after(2027, 5, 4);
    std::cout << "Routes as of " << spfgov::to_iso(before) << " -> as of " << spfgov::to_iso(after)
              << " (-removed +added)\n";
    for (const auto& i : issues) {
        const auto r0 = route(i, before);
        const auto r1 = route(i, after);
        std::cout << "\n" << i.id << " (" << i.title << "), scope " << spfgov::to_string(r0.scope) << " -> "
                  << spfgov::to_string(r1.scope) << "\n";
        std::string changes;
        diff(changes, "affected", ids_of(what_if, r0.affected), ids_of(what_if, r1.affected));
        diff(changes, "lead", ids_of(what_if, r0.lead), ids_of(what_if, r1.lead));
        diff(changes, "negotiate", ids_of(what_if, r0.negotiate), ids_of(what_if, r1.negotiate));
        diff(changes, "consult", ids_of(what_if, r0.consult), ids_of(what_if, r1.consult));
        diff(changes, "engage", ids_of(what_if, r0.engage), ids_of(what_if, r1.engage));
        diff(changes, "inform", ids_of(what_if, r0.inform), ids_of(what_if, r1.inform));
        for (std::size_t n = 0; n < std::max(r0.escalation.size(), r1.escalation.size()); ++n)
            diff(changes, "ladder level " + std::to_string(n),
                 n < r0.escalation.size() ? ids_of(what_if, r0.escalation[n]) : id_set{},
                 n < r1.escalation.size() ? ids_of(what_if, r1.escalation[n]) : id_set{});
        std::cout << (changes.empty() ? "  no change\n" : changes);
        for (const auto& e : r1.rationale)
            if (e.rule() == "R11") std::cout << "  after, R11: " << spfgov::rationale_text(e, r1, what_if) << "\n";
    }
    return 0;
}
