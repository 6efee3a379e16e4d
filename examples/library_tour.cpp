// A tour of the library for a developer of another NHS tool (docs/library.md):
// read issues with located errors, route many on threads through one
// router, change the policy, write JSON and text. CTest runs it and compares
// its output with examples/expected/library_tour.txt.
#include <spfgov/error.hpp>
#include <spfgov/io.hpp>
#include <spfgov/policy.hpp>
#include <spfgov/report.hpp>
#include <spfgov/route.hpp>

#include <iostream>
#include <string>
#include <thread>
#include <vector>

int main() {
    // 1. The built-in England graph: parsed once, shared, never freed.
    const spfgov::governance_graph& england = spfgov::england_graph();

    // 2. Issues from JSON (formats.md): a field that is wrong is an
    //    spfgov::issue_error whose position is data, not only text.
    const spfgov::issue uhb = spfgov::read_issue(
        R"({"id": "UHB-estates-2027", "kind": "redundancy", "origin": "employer", "affected": ["RRK"],
            "date": "2026-11-22", "redundancies": {"RRK": 25}, "first_dismissal": "2027-03-01"})",
        "uhb.json");
    try {
        (void)spfgov::read_issue(R"({"id": "X", "kind": "restructure", "origin": "employer",
            "affected": ["RRK"], "date": "2026-02-30"})", "x.json");
    } catch (const spfgov::error& e) {
        std::cout << "code " << e.code() << ", " << *e.file() << " line " << *e.line() << " column "
                  << *e.column() << ", at " << *e.pointer() << "\n  " << e.what() << "\n";
    }

    // 3. One router for many issues: it caches an index per period in which
    //    the graph does not change, and any number of threads may use it.
    //    It borrows the graph (router(england_graph()) is fine: the built-in
    //    graph lives for ever; a temporary graph does not compile).
    const spfgov::router route(england);
    std::vector<spfgov::issue> batch;
    for (const std::vector<std::string>& trusts :
         {std::vector<std::string>{"RRK"}, {"RNA"}, {"RRK", "RNA"}, {"RRK", "RYW"}, {"RL4"}, {"RRK", "RNA", "RJC"}}) {
        std::string id = "restructure";
        for (const auto& t : trusts) id += "-" + t;
        batch.push_back(spfgov::issue{.id = id, .kind = spfgov::issue_kind::restructure, .affected = trusts,
                                      .date = spfgov::checked_date(2027, 1, 11)});
    }
    std::vector<spfgov::route> routes(batch.size());
    {
        std::vector<std::jthread> threads;
        for (std::size_t t = 0; t < 2; ++t)
            threads.emplace_back([&, t] {
                for (std::size_t k = t; k < batch.size(); k += 2) routes[k] = route(batch[k]);
            });
    }  // the threads join here
    for (const auto& r : routes)
    {
        std::cout << r.issue << ": " << spfgov::to_string(r.scope) << " scope, lead";
        for (const auto& id : spfgov::ids(england, r.lead)) std::cout << ' ' << id;
        std::cout << ", ladder of " << r.escalation.size() << " levels\n";
    }

    // 4. The policy is data: switch a rule off, or cite your own source.
    spfgov::routing_policy ours;
    ours.disable("R10");  // (for the tour only: R10 gives the statutory dates)
    const spfgov::router without_r10(england, ours);
    std::cout << "deadlines: " << route(uhb).deadlines.size() << " by default, " << without_r10(uhb).deadlines.size()
              << " without R10\n";

    // 5. Writing: the route JSON of formats.md, and the text report.
    const spfgov::route r = route(uhb);
    const std::string json = spfgov::write_route(r, england);
    std::cout << json.substr(0, json.find(", \"lead_union\"")) << ", ...}\n";
    const std::string text = spfgov::route_text(r, england);
    std::cout << text.substr(0, text.find("\n\n")) << "\n";
}
