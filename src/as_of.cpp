#include "spfgov/as_of.hpp"

#include <cstdint>
#include <vector>

namespace spfgov {

namespace {
std::unique_ptr<detail::as_of_mask> make_mask(const governance_graph& g, date on) {
    auto mask = std::make_unique<detail::as_of_mask>();
    mask->body_ok.resize(g.body_count());
    for (auto h : g.bodies()) mask->body_ok[h.index()] = g[h].valid.contains(on);

    // A derived escalates_to / reports_to yields to an explicit one of the
    // same relation valid on this date (domain.md §5.2). One walk reads each
    // link's data; the second reads only what the first noted, a byte a link.
    enum : std::uint8_t { visible = 1, derived_escalation = 2, derived_report = 4 };
    std::vector<std::uint8_t> noted(g.link_count());
    std::vector<bool> explicit_escalation(g.body_count()), explicit_report(g.body_count());
    for (auto l : g.links()) {
        const link_data& data = g[l];
        if (!data.valid.contains(on)) continue;
        const auto from = g.source(l).index();
        std::uint8_t& n = noted[l.index()];
        if (data.origin == link_origin::derived)
            n |= data.rel == relation::escalates_to ? derived_escalation : derived_report;
        else if (data.rel == relation::escalates_to)
            explicit_escalation[from] = true;
        else if (data.rel == relation::reports_to)
            explicit_report[from] = true;
        if (mask->body_ok[from] && mask->body_ok[g.target(l).index()]) n |= visible;
    }
    mask->link_ok.resize(g.link_count());
    for (auto l : g.links()) {
        const std::uint8_t n = noted[l.index()];
        if (!(n & visible)) continue;
        const auto from = g.source(l).index();
        mask->link_ok[l.index()] = !((n & derived_escalation) && explicit_escalation[from]) &&
                                   !((n & derived_report) && explicit_report[from]);
    }
    return mask;
}
} // namespace

as_of_view::as_of_view(const governance_graph& g, date on)
    : graph_(&g), on_(on), mask_(make_mask(g, on)), bodies_(g.body_count()), links_(g.link_count()),
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
    // The graph's in-links, in link order, as the view sees them (a link it
    // shows has both ends valid on the date).
    for (auto l : graph_->in_links(to))
        if (contains(l) && (*graph_)[l].rel == rel) out.push_back(graph_->source(l));
    return out;
}

} // namespace spfgov
