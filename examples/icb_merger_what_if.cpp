// Walkthrough (e): what if two neighbouring ICBs merged? A HYPOTHETICAL
// merger: no such merger has been announced.
//
// Birmingham and Solihull (QHL) and the Black Country (QUA) are neighbouring
// Midlands ICSs. The overlay file examples/overlays/hypothetical-bsbc-icb-merger.json
// (formats.md "Overlays") says what changes: on 2027-04-01 their two ICB
// employers (QHL-icb, QUA-icb) and their JNCCs end, and a merged ICB
// (BSBC-icb, with its JNCC BSBC-icb-jncc) begins and `succeeds` both. Our
// choice: the two systems stay. The ICS partnerships (trusts, system
// partnership forums, people boards) carry on as before, and the merged ICB
// is part of both systems (an employer may belong to several, domain.md
// settled reading 3). Merging the systems too would be another overlay: a
// new system, forum and board, and each trust's "system" given again.
//
// The program layers the overlay over the built-in England graph, exactly as
// `spfgov route --graph england --graph examples/overlays/hypothetical-bsbc-icb-merger.json`
// does, then routes the same issues before (2027-03-01) and after
// (2027-05-04) the merger date and prints what changed in each route.
// Usage: example_icb_merger_what_if [OVERLAY.json]
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

int main(int argc, char** argv) {
    const spfgov::governance_graph& england = spfgov::england_graph();

    // Step 1: the built-in England graph as the base, the hypothetical merger
    // as an overlay on it (errors in the overlay would name its file).
    const std::string overlay =
        argc > 1 ? argv[1] : std::string(SPFGOV_EXAMPLES_DIR) + "/overlays/hypothetical-bsbc-icb-merger.json";
    const std::vector<std::string> layers{"england", overlay};
    const spfgov::governance_graph what_if = spfgov::read_graph_files(layers);

    const auto problems = spfgov::validate(what_if);
    const auto errors = std::count_if(problems.begin(), problems.end(), [](const spfgov::diagnostic& d) {
        return d.severity == spfgov::severity::error;
    });
    std::cout << "HYPOTHETICAL merger (overlays/hypothetical-bsbc-icb-merger.json over the built-in England "
                 "graph): not an announced change\n";
    std::cout << "What-if graph: " << what_if.body_count() << " bodies (England: " << england.body_count()
              << "), " << errors << " validation errors\n";

    // Step 2: the issues, routed before and after the merger date. Expect:
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
