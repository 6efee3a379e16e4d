// Which statutory date (R10) binds a body's meeting in one route: the agenda,
// and the text, HTML and calendar reports of a route, say when a meeting
// comes after it (too late to consult there first, as agenda.md says).
#pragma once

#include "spfgov/graph.hpp"
#include "spfgov/ics.hpp"
#include "spfgov/route.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace spfgov::detail {

/// Calls `f(employer)` for each employer `jncc` is a joint committee of on
/// `on` (its committee_of links valid then): the employers whose statutory
/// dates bind it.
template <class F>
void each_employer_of_jncc(const governance_graph& g, body_handle jncc, date on, F&& f) {
    for (auto l : g.out_links(jncc))
        if (g[l].rel == relation::committee_of && g[l].valid.contains(on)) f(g.target(l));
}

/// Built once a route (reset), then O(log n) a body. A JNCC consults for its
/// own employer, so the date that binds it is that employer's earliest
/// deadline (another trust's earlier date would raise a false alarm, and a
/// trust below the lowest band has none); any other body is bound by the
/// route's earliest (the first in the route's order among equal dates).
class binding_deadlines {
public:
    binding_deadlines() = default;
    binding_deadlines(const route& r, const governance_graph& g) { reset(r, g); }
    binding_deadlines(const route&& r, const governance_graph& g) = delete;

    /// For `r` (which must outlive the queries), in the memory held.
    void reset(const route& r, const governance_graph& g) {
        route_ = &r;
        graph_ = &g;
        earliest_ = nullptr;
        by_employer_.clear();
        for (std::size_t k = 0; k < r.deadlines.size(); ++k) {
            const deadline& d = r.deadlines[k];
            if (!earliest_ || d.date < earliest_->date) earliest_ = &d;
            by_employer_.emplace_back(d.body.index(), static_cast<std::uint32_t>(k));
        }
        // By employer, then date, then the route's order.
        std::sort(by_employer_.begin(), by_employer_.end(), [&](const auto& x, const auto& y) {
            return std::tuple(x.first, r.deadlines[x.second].date, x.second) <
                   std::tuple(y.first, r.deadlines[y.second].date, y.second);
        });
    }

    /// For `r` (which must outlive the queries), in the memory held.
    void reset(const route&& r, const governance_graph& g) = delete;

    /// Forgets the route (keeping the memory), so nothing points into it.
    void release() noexcept {
        route_ = nullptr;
        earliest_ = nullptr;
        by_employer_.clear();
    }

    /// The route's earliest deadline; null when it has none.
    [[nodiscard]] const deadline* earliest() const noexcept { return earliest_; }

    /// The deadline that binds `b`'s meeting; null when none does.
    [[nodiscard]] const deadline* for_body(body_handle b) const {
        if (!earliest_) return nullptr;
        const governance_graph& g = *graph_;
        if (g[b].kind != body_kind::jncc) return earliest_;
        const deadline* own = nullptr;
        each_employer_of_jncc(g, b, route_->as_of, [&](body_handle e) {
            const std::uint32_t employer = e.index();
            const auto first = std::lower_bound(by_employer_.begin(), by_employer_.end(), employer,
                                                [](const auto& x, std::uint32_t k) { return x.first < k; });
            if (first == by_employer_.end() || first->first != employer) return;
            const deadline& d = route_->deadlines[first->second];  // the employer's earliest
            if (!own || d.date < own->date) own = &d;
        });
        return own;
    }

private:
    const route* route_ = nullptr;
    const governance_graph* graph_ = nullptr;
    const deadline* earliest_ = nullptr;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> by_employer_;  ///< (employer index, deadline position)
};

/// How many of the route's meetings come after the statutory date binding
/// their body: the reports point to them from their warnings, where a
/// reader looks first.
[[nodiscard]] inline std::size_t meetings_after_deadlines(const route& r, const governance_graph& g) {
    if (r.deadlines.empty()) return 0;
    const binding_deadlines binding(r, g);
    std::size_t n = 0;
    for (const auto& m : r.meetings)
        if (const deadline* d = binding.for_body(m.body); d && d->date < m.date) ++n;
    return n;
}

/// How the warnings point to them: "1 comes AFTER a statutory date", ....
[[nodiscard]] inline std::string meetings_after_summary(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " comes" : " come") + " AFTER a statutory date";
}

/// " This meeting comes AFTER the statutory date YYYY-MM-DD (EMPLOYER: what
/// must happen by then)." when `m` falls after `binding`; else empty.
/// (report.cpp)
[[nodiscard]] std::string meeting_after_deadline_note(const meeting& m, const deadline* binding,
                                                      const governance_graph& g);

/// An employer whose count R10 found below its statutory table's lowest
/// band: it has no statutory date. The reports say so beside the dates (a
/// trust with none there would otherwise look forgotten; only R10's
/// rationale said why).
struct below_lowest_band {
    body_handle employer{};
    std::int64_t redundancies = 0;
    std::int64_t lowest_band_min = 0;
};
/// From the built-in R10's rationale entry, in its order (by id); empty when
/// the route has none (R10 switched off by the policy, or no table in
/// force). Defined beside R10, which owns the entry's layout.
[[nodiscard]] std::vector<below_lowest_band> below_lowest_band_employers(const route& r);
/// "19 proposed redundancies, below the lowest band (20 or more) ...; rule
/// R10." (report.cpp; the text and HTML reports)
[[nodiscard]] std::string below_lowest_band_detail(const below_lowest_band& b);

/// The UID of a route's calendar event: the issue, the event's kind and the
/// body, never the date (report.cpp).
[[nodiscard]] std::string route_event_uid(std::string_view issue, std::string_view kind, std::string_view body_id);

/// One statutory deadline (R10) of issue `issue` (titled `title`, routed as
/// of `as_of`) as a calendar event with its reminder: the same in a route's
/// calendar and an agenda's, UID included, so importing both keeps one copy
/// (report.cpp).
[[nodiscard]] ics_event statutory_deadline_event(const deadline& d, std::string_view issue, std::string_view title,
                                                 date as_of, const governance_graph& g);

} // namespace spfgov::detail
