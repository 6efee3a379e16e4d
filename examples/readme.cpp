// The README's opening example, kept here so CTest proves it compiles and prints what the README says.
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <iostream>

int main() {
    const auto& england = spfgov::england_graph();          // 7 regions, 42 ICSs, 202 trusts
    spfgov::issue i{.id = "UHB-estates-2027", .kind = spfgov::issue_kind::redundancy,
                    .affected = {"RRK"}, .date = spfgov::date(2026, 11, 22),
                    .redundancies = {{"RRK", 25}}, .first_dismissal = spfgov::date(2027, 3, 1)};
    const auto r = spfgov::route_issue(england, i);
    for (const auto& level : r.escalation)
        for (auto body : level) std::cout << england.id(body) << ' ';
    std::cout << "\nconsult by " << spfgov::to_iso(r.deadlines.at(0).date) << '\n';
}
