// What-if: how the routes of one batch change between two runs (another
// --as-of date, another graph or overlay, another policy). Used by
// `spfgov diff` and spfgov.diff() in Python; docs/cli.md describes the
// JSON Lines it writes (an extension of formats.md).
#pragma once
#include "spfgov/export_macro.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/date.hpp"
#include "spfgov/kinds.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace spfgov {

/// Bodies that joined or left one role between the two runs (ids, sorted).
struct role_change {
    std::string role{}; ///< lead, lead_union, negotiate, consult, engage or inform
    std::vector<std::string> added{}, removed{};
    friend bool operator==(const role_change&, const role_change&) = default;
};

/// A statutory date as a diff compares it: kind, employer, date and lateness.
struct dated_deadline {
    std::string kind{}; ///< consultation_start | hr1_notification
    std::string body{};
    spfgov::date date{};
    bool late = false;
    friend bool operator==(const dated_deadline&, const dated_deadline&) = default;
    friend bool operator<(const dated_deadline& a, const dated_deadline& b) {
        return std::tie(a.kind, a.body, a.date, a.late) < std::tie(b.kind, b.body, b.date, b.late);
    }
};

/// A meeting (R12) as a diff compares it: the body, the day it is held and
/// the day its papers are due (a papers_days policy moves only the latter).
struct dated_meeting {
    std::string body{};
    spfgov::date date{};
    spfgov::date papers_due{};
    friend bool operator==(const dated_meeting&, const dated_meeting&) = default;
    friend bool operator<(const dated_meeting& a, const dated_meeting& b) {
        return std::tie(a.body, a.date, a.papers_due) < std::tie(b.body, b.date, b.papers_due);
    }
};

/// A line that could not be routed in one run: its error code and message,
/// and the JSON pointer of the value at fault (empty when none). A line
/// fails the same way in both runs when the code and the pointer are the
/// same: the message may still differ, naming each run's date or graph.
struct line_failure {
    std::string code{};
    std::string message{};
    std::string pointer{};
    friend bool operator==(const line_failure&, const line_failure&) = default;
    [[nodiscard]] bool same_as(const line_failure& other) const noexcept {
        return code == other.code && pointer == other.pointer;
    }
};

/// How the route of one batch line changes from the first run ("before") to
/// the second ("after"). Only what changed is filled in; as_of and the
/// rationale are not compared (they follow from what is). Meetings are: a
/// policy's papers_days moves their papers deadlines and nothing else.
struct SPFGOV_API route_diff {
    std::optional<std::string> issue{}; ///< the issue's id, when either run has it
    std::size_t line = 0;              ///< 1-based line of the batch
    /// The line fails in one run or both, differently: each run's failure
    /// (nullopt: that run routes it). Nothing else is compared then.
    std::optional<std::pair<std::optional<line_failure>, std::optional<line_failure>>> error{};
    /// The line fails the same way in both runs (not a change, so `error`
    /// is empty): its code, so that a summary can say how many lines were
    /// never compared.
    std::optional<std::string> unrouted{};
    std::optional<std::pair<level, level>> scope{};
    std::vector<role_change> roles{}; ///< roles whose bodies changed, in route JSON order
    /// The escalation ladder before and after, when it changed (body ids per level).
    std::optional<std::pair<std::vector<std::vector<std::string>>, std::vector<std::vector<std::string>>>> escalation{};
    std::vector<dated_deadline> deadlines_added{}, deadlines_removed{};
    std::vector<dated_meeting> meetings_added{}, meetings_removed{};

    /// Nothing changed.
    [[nodiscard]] bool empty() const noexcept;
    friend bool operator==(const route_diff&, const route_diff&) = default;
};

/// The changes from route `before` (on graph `before_graph`) to route
/// `after` (on `after_graph`); bodies are compared by id, so the two graphs
/// may differ (a graph and the same graph with an overlay).
[[nodiscard]] SPFGOV_API route_diff diff_routes(const route& before, const governance_graph& before_graph, const route& after,
                                     const governance_graph& after_graph);

/// The same for one batch line routed twice (route_batch_line), where either
/// run may have failed. `line` is the line's number.
[[nodiscard]] SPFGOV_API route_diff diff_batch_line(const std::variant<route, batch_error>& before,
                                         const governance_graph& before_graph,
                                         const std::variant<route, batch_error>& after,
                                         const governance_graph& after_graph, std::size_t line);

/// One line of `spfgov diff` JSON Lines (no trailing newline), e.g.
/// {"issue": "T1", "line": 3, "engage": {"added": [], "removed": ["Y60-spf"]}}.
[[nodiscard]] SPFGOV_API std::string write_route_diff(const route_diff& d);

/// Counts the changes of a batch for a text summary:
/// "412 of 10,000 routes change: 388 lose Y60-spf from engage, ...".
class SPFGOV_API diff_summary {
public:
    /// Counts one line of the batch (changed or not).
    void add(const route_diff& d);

    [[nodiscard]] std::size_t lines() const noexcept { return lines_; }
    [[nodiscard]] std::size_t changed() const noexcept { return changed_; }
    /// Lines that fail the same way in both runs: never compared.
    [[nodiscard]] std::size_t unrouted() const noexcept { return unrouted_; }
    /// How many routes gain (`added`) or lose a body in a role.
    [[nodiscard]] std::size_t count(std::string_view role, std::string_view body, bool added) const;

    /// The summary: one sentence with the `most` commonest changes (and how
    /// many lines could not be routed in either run), then one line per kind
    /// of change (roles, scope, ladder, deadlines, meetings, errors) and the
    /// codes of the lines never compared.
    [[nodiscard]] std::string text(std::size_t most = 5) const;

private:
    std::size_t lines_ = 0, changed_ = 0;
    std::map<std::tuple<std::string, std::string, bool>, std::size_t> bodies_;  ///< (role, body, added) -> routes
    std::map<std::string, std::size_t> roles_;                                 ///< role -> routes changed in it
    std::map<std::pair<level, level>, std::size_t> scopes_;
    std::size_t escalation_ = 0, deadlines_ = 0, meetings_ = 0, now_fail_ = 0, no_longer_fail_ = 0, fail_differently_ = 0;
    std::size_t unrouted_ = 0;                          ///< lines failing the same way in both runs
    std::map<std::string, std::size_t> unrouted_codes_;  ///< their error codes
};

/// `n` with thousands separators ("10,000").
[[nodiscard]] SPFGOV_API std::string with_thousands(std::size_t n);

} // namespace spfgov
