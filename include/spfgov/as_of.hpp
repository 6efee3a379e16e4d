// The graph as it stood on one date: only bodies and links valid then, with
// derived default escalation links hidden where an explicit one is valid.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"

#include <boost/graph/filtered_graph.hpp>

#include <memory>
#include <vector>

namespace spfgov {

namespace detail {
// The view's precomputed visibility, shared by the filtered_graph predicates
// (which Boost copies by value) at a stable heap address.
struct SPFGOV_API as_of_mask {
    std::vector<bool> body_ok{};
    std::vector<bool> link_ok{};
};
struct SPFGOV_API body_visible {
    const as_of_mask* mask = nullptr;
    bool operator()(governance_graph::vertex_descriptor v) const { return mask->body_ok[v]; }
};
struct SPFGOV_API link_visible {
    const governance_graph::graph_type* graph = nullptr;
    const as_of_mask* mask = nullptr;
    bool operator()(const governance_graph::edge_descriptor& e) const {
        return mask->link_ok[(*graph)[e].handle.index()];
    }
};
} // namespace detail

class SPFGOV_API as_of_view {
public:
    using filtered_type =
        boost::filtered_graph<governance_graph::graph_type, detail::link_visible, detail::body_visible>;

    /// O(bodies + links). The graph must outlive the view.
    as_of_view(const governance_graph& g, date on);
    /// A view borrows its graph: a temporary would dangle.
    as_of_view(const governance_graph&& g, date on) = delete;

    [[nodiscard]] date on() const noexcept { return on_; }
    [[nodiscard]] const governance_graph& graph() const noexcept { return *graph_; }
    /// Whether the body (link) is valid on the date; false for a handle the
    /// graph does not hold (of another graph, or past its end).
    /// (Routing asks on every step: the bounds are plain members here.)
    [[nodiscard]] bool contains(body_handle h) const { return h.index() < bodies_ && mask_->body_ok[h.index()]; }
    [[nodiscard]] bool contains(link_handle h) const { return h.index() < links_ && mask_->link_ok[h.index()]; }

    /// Targets of the visible `rel` links leaving `from` (in link order).
    [[nodiscard]] std::vector<body_handle> targets(body_handle from, relation rel) const;
    /// Sources of the visible `rel` links entering `to`.
    [[nodiscard]] std::vector<body_handle> sources(body_handle to, relation rel) const;
    /// Every visible body of one kind. The view refers to this as_of_view: it must outlive the view.
    [[nodiscard]] auto bodies_of_kind(body_kind k) const& {
        return graph_->bodies_of_kind(k) | ranges::views::filter([this](body_handle h) { return contains(h); });
    }
    /// The view would refer to a temporary as_of_view: it would dangle.
    void bodies_of_kind(body_kind k) const&& = delete;
    /// For Boost.Graph algorithms. The filtered graph is this view's: it must outlive it.
    [[nodiscard]] const filtered_type& boost_graph() const& noexcept { return filtered_; }
    /// It would refer to a temporary as_of_view: it would dangle.
    void boost_graph() const&& = delete;

private:
    const governance_graph* graph_;
    date on_;
    std::unique_ptr<detail::as_of_mask> mask_;
    std::size_t bodies_ = 0, links_ = 0;  ///< the graph's, when the view was made
    filtered_type filtered_;
};

} // namespace spfgov
