// A rule of your own, in C++ (docs/rules.md "Changing the rules in C++").
//
// Suppose an ICS's partnership agreement says its system partnership forum
// is informed of every issue at one of its employers, however small. Policy
// files can say that too (custom_rules, docs/policies.md); a C++ rule can do
// what no declarative rule can (here: only for kinds that change jobs).
//
// A subclass of spfgov::rule overrides five functions: id(), title(),
// source() (what it cites; std::nullopt for nothing), apply() (what it adds
// to the route, and one rationale entry naming the bodies) and text() (the
// entry's sentence, made when the route is written). The rest have defaults.
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rule.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace {

class inform_system_forums final : public spfgov::rule {
public:
    std::string_view id() const noexcept override { return "local-1"; }
    std::string_view title() const noexcept override { return "The system forum hears of every job change"; }
    std::optional<std::string_view> source() const noexcept override {
        return "Our ICS partnership agreement (2025), clause 4";
    }
    void apply(spfgov::routing_context& ctx) const override {
        if (ctx.subject().kind == spfgov::issue_kind::policy) return;  // no jobs change
        auto& entry = ctx.explain();
        for (auto employer : ctx.affected())
            for (auto system : ctx.systems_of(employer))
                for (auto forum : ctx.forums_of(system)) {
                    ctx.add(spfgov::role::inform, forum);
                    entry.bodies.push_back(forum);
                }
    }
    std::string text(const spfgov::rationale_entry& entry, const spfgov::route&,
                     const spfgov::governance_graph& g) const override {
        return "Our agreement informs " + spfgov::id_list(g, entry.bodies) + " of every change to jobs.";
    }
};

} // namespace

int main() {
    const auto& england = spfgov::england_graph();
    spfgov::routing_policy ours;  // the default policy, plus our rule
    ours.add(std::make_shared<inform_system_forums>());
    const spfgov::router route_with(england, ours);

    spfgov::issue i{.id = "RRK-rota-2027", .kind = spfgov::issue_kind::role_change,
                    .affected = {"RRK"}, .date = spfgov::checked_date(2027, 1, 11)};
    const auto r = route_with(i);
    std::cout << "inform:";
    for (auto body : r.inform) std::cout << ' ' << england.id(body);
    std::cout << '\n';
    for (const auto& entry : r.rationale)
        if (entry.rule() == "local-1")
            std::cout << spfgov::rationale_text(entry, r, england) << "\n  (" << *entry.source() << ")\n";

    // The other changes docs/rules.md shows, as it shows them (tests/docs
    // checks that its code is this code): a rule off, a source cited, the
    // statutory periods replaced, our rule added.
    const auto& graph = england;
    using my_rule = inform_system_forums;
    spfgov::routing_policy mine;                 // the default policy
    mine.disable("R6");                          // our region does not want system reports
    mine.cite("R4", "Our ICS partnership agreement (2025)");
    mine.parameters.statutory_bands = {{spfgov::date(1978, 1, 1), "Our local agreement",
                                        {{10, spfgov::calendar_days{30}}, {100, spfgov::calendar_days{90}}}}};
    mine.add(std::make_shared<my_rule>());       // a subclass of spfgov::rule: runs with R2-R8
    spfgov::router route_mine(graph, mine);

    // 15 proposed redundancies: below the law's lowest band (20), in ours (10).
    spfgov::issue cuts{.id = "RRK-cuts-2027", .kind = spfgov::issue_kind::redundancy, .affected = {"RRK"},
                       .date = spfgov::checked_date(2027, 1, 11), .redundancies = {{"RRK", 15}},
                       .first_dismissal = spfgov::checked_date(2027, 4, 1)};
    const auto under_ours = route_mine(cuts);
    for (const auto& d : under_ours.deadlines)
        std::cout << to_string(d.kind) << ' ' << spfgov::to_iso(d.date) << " (" << d.days.count() << " days, "
                  << d.authority << ")\n";
    std::cout << "under the default policy: " << route_with(cuts).deadlines.size() << " deadlines\n";
}
