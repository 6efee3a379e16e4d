// Walkthrough (a): a redundancy at a single trust, with its statutory dates.
//
// University Hospitals Birmingham NHS Foundation Trust (ODS code RRK) plans
// redundancies. We route two versions of the plan on the built-in England
// graph and look at what the router says:
//   1. 120 proposed redundancies, raised in good time: 100 or more, so
//      collective consultation must start (and form HR1 reach the Secretary
//      of State) at least 45 days before the first dismissal (R10).
//   2. 40 proposed redundancies, raised late: 20-99, so 30 days; the date is
//      already past when the issue is raised, and the route flags it "late".
// Everything else (who consults, who negotiates, the escalation ladder) is
// the same: a single-employer issue stays with the trust's JNCC (R2, R3, R5).
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

// "[A, B]": the ids of a list of bodies (lists are already sorted by id).
std::string list(const spfgov::governance_graph& g, const std::vector<spfgov::body_handle>& hs) {
    std::string s;
    for (auto h : hs) s += (s.empty() ? "" : ", ") + g.id(h);
    return "[" + s + "]";
}

// The first sentence of a rationale entry: enough to say why.
std::string first_sentence(const std::string& text) {
    const auto end = text.find(". ");
    return end == std::string::npos ? text : text.substr(0, end + 1);
}

void print(const spfgov::governance_graph& g, const spfgov::route& r) {
    std::cout << "Issue " << r.issue << " as of " << spfgov::to_iso(r.as_of) << "\n"
              << "  scope      " << spfgov::to_string(r.scope) << "\n"
              << "  lead       " << list(g, r.lead) << "\n"
              << "  negotiate  " << list(g, r.negotiate) << "\n"
              << "  consult    " << list(g, r.consult) << "\n"
              << "  engage     " << list(g, r.engage) << "\n"
              << "  inform     " << list(g, r.inform) << "\n"
              << "  escalation";
    for (const auto& level : r.escalation) std::cout << " " << list(g, level);
    std::cout << "\n";
    // R10: one consultation_start and one hr1_notification per employer.
    for (const auto& d : r.deadlines)
        std::cout << "  " << spfgov::to_string(d.kind) << " for " << g.id(d.body) << " by "
                  << spfgov::to_iso(d.date) << " (" << d.redundancies << " redundancies, " << d.days.count()
                  << " days before first dismissal)" << (d.late ? " LATE" : "") << "\n";
    for (const auto& e : r.rationale) std::cout << "  " << e.rule() << ": " << first_sentence(spfgov::rationale_text(e, r, g)) << "\n";
    for (const auto& w : r.warnings) std::cout << "  warning: " << w << "\n";
}

} // namespace

int main() {
    // Step 1: the built-in England graph (7 regions, 42 ICSs, 202 trusts),
    // compiled into the library. A router caches one routing index per date.
    const spfgov::governance_graph& england = spfgov::england_graph();
    const spfgov::router route(england);
    const auto& rrk = england[england.at("RRK")];
    std::cout << "Employer RRK: " << rrk.name << "\n\n";

    // Step 2: the plan as first proposed. 120 redundancies, raised on
    // 2026-11-02, first dismissal 2027-03-01: the 45-day deadline is
    // 2027-01-15, comfortably after the date the issue is raised.
    spfgov::issue large;
    large.id = "UHB-estates-120";
    large.title = "Estates and facilities redundancies (120 posts)";
    large.kind = spfgov::issue_kind::redundancy;
    large.origin = spfgov::level::employer;
    large.affected = {"RRK"};
    large.date = spfgov::date(2026, 11, 2);
    large.redundancies = {{"RRK", 120}};
    large.first_dismissal = spfgov::date(2027, 3, 1);
    print(england, route(large));

    // Step 3: a smaller plan, raised late. 40 redundancies with the first
    // dismissal on 2027-01-04 need consultation from 2026-12-05 (30 days
    // before), but the issue is only raised on 2026-12-14: the route keeps
    // the statutory date and flags it late, so the trust can see that the
    // dismissal date must move.
    spfgov::issue late = large;
    late.id = "UHB-estates-40";
    late.title = "Estates and facilities redundancies (40 posts)";
    late.date = spfgov::date(2026, 12, 14);
    late.redundancies = {{"RRK", 40}};
    late.first_dismissal = spfgov::date(2027, 1, 4);
    std::cout << "\n";
    print(england, route(late));
    return 0;
}
