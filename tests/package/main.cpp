// Links spfgov as a consumer would: builds a graph, routes an issue on it
// and on the built-in England graph.
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/typed_builder.hpp>

#include <iostream>

int main() {
    using namespace spfgov;
    typed_builder b;
    auto region = b.add<body_kind::region>("Y60", "Midlands");
    auto system = b.add<body_kind::system>("QHL", "Birmingham and Solihull ICS");
    auto employer = b.add<body_kind::employer>("RRK");
    b.link<relation::part_of>(system, region);
    b.link<relation::part_of>(employer, system);
    b.link<relation::committee_of>(b.add<body_kind::jncc>("RRK-jncc"), employer);
    const auto g = std::move(b).build();

    issue i;
    i.id = "consumer-1";
    i.affected = {"RRK"};
    i.date = date(2026, 11, 22);
    const auto r = route_issue(g, i);
    std::cout << "consult " << g.id(r.consult.at(0)) << "\n";

    const auto& england = england_graph();
    const auto e = route_issue(england, i);
    std::cout << "England: " << england.body_count() << " bodies; consult " << england.id(e.consult.at(0)) << "\n";
    return r.consult.size() == 1 && e.consult.size() == 1 ? 0 : 1;
}
