#include "spfgov/as_of.hpp"

namespace spfgov {

namespace {
std::unique_ptr<detail::as_of_mask> make_mask(const governance_graph& g, date on) {
    auto mask = std::make_unique<detail::as_of_mask>();
    mask->body_ok.resize(g.body_count());
    for (auto h : g.bodies()) mask->body_ok[h.index()] = g[h].valid.contains(on);

    // A derived escalates_to / reports_to yields to an explicit one of the
    // same relation valid on this date (domain.md §5.2).
    std::vector<bool> explicit_escalation(g.body_count()), explicit_report(g.body_count());
    for (auto l : g.links()) {
        const link_data& data = g[l];
        if (data.origin == link_origin::derived || !data.valid.contains(on)) continue;
        if (data.rel == relation::escalates_to) explicit_escalation[g.source(l).index()] = true;
        if (data.rel == relation::reports_to) explicit_report[g.source(l).index()] = true;
    }
    mask->link_ok.resize(g.link_count());
    for (auto l : g.links()) {
        const link_data& data = g[l];
        const auto from = g.source(l).index(), to = g.target(l).index();
        bool ok = data.valid.contains(on) && mask->body_ok[from] && mask->body_ok[to];
        if (ok && data.origin == link_origin::derived)
            ok = !(data.rel == relation::escalates_to ? explicit_escalation[from] : explicit_report[from]);
        mask->link_ok[l.index()] = ok;
    }
    return mask;
}
} // namespace

as_of_view::as_of_view(const governance_graph& g, date on)
    : graph_(&g), on_(on), mask_(make_mask(g, on)),
      filtered_(g.boost_graph(), detail::link_visible{&g.boost_graph(), mask_.get()},
                detail::body_visible{mask_.get()}) {}

std::vector<body_handle> as_of_view::targets(body_handle from, relation rel) const {
    std::vector<body_handle> out;
    if (!contains(from)) return out;
    for (auto [it, end] = boost::out_edges(governance_graph::vertex(from), filtered_); it != end; ++it)
        if (filtered_[*it].rel == rel) out.push_back(governance_graph::handle(boost::target(*it, filtered_)));
    return out;
}

std::vector<body_handle> as_of_view::sources(body_handle to, relation rel) const {
    std::vector<body_handle> out;
    if (!contains(to)) return out;
    for (auto [it, end] = boost::in_edges(governance_graph::vertex(to), filtered_); it != end; ++it)
        if (filtered_[*it].rel == rel) out.push_back(governance_graph::handle(boost::source(*it, filtered_)));
    return out;
}

} // namespace spfgov
