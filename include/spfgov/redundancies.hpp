// Separate redundancy proposals at one employer count together when their
// first dismissals fall within 90 days (TULRCA 1992 s.188(1)): the windows
// of `spfgov redundancies` (formats.md, docs/redundancies.md).
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"
#include "spfgov/fwd.hpp"
#include "spfgov/handles.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/policy.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {


/// One issue's proposal at one employer, after succession as of its date.
struct SPFGOV_API redundancy_proposal {
    std::string issue{};
    date proposed{};       ///< the issue's date (or --as-of): chooses the statutory table
    date first_dismissal{};
    std::string employer{}; ///< after succession
    std::int64_t count = 0; ///< after succession: predecessors' counts summed
    friend bool operator==(const redundancy_proposal&, const redundancy_proposal&) = default;
};

/// The proposals of one issue. An issue without counts gives none; one of
/// another kind with counts, a redundancy issue without first_dismissal,
/// or a count naming an employer not affected, gives none for it and a
/// warning ending "; skipped" in `warnings` (routing's own warnings, such
/// as a date outside the graph's cover, are added as they are: those
/// counts are counted). Throws issue_error as routing does (unknown ids,
/// "redundancies_split", ...).
[[nodiscard]] SPFGOV_API std::vector<redundancy_proposal> redundancy_proposals(const router& rt, const issue& i,
                                                                    std::optional<date> as_of,
                                                                    std::vector<std::string>& warnings);

/// One kept window (formats.md `spfgov redundancies`).
struct SPFGOV_API redundancy_window {
    std::string employer{};
    date from{}, to{};                ///< first and last first dismissal in the window
    std::vector<std::string> issues{}; ///< in window order, ties by id
    std::int64_t total = 0;           ///< a sum of the issues' counts: 64 bits, so no batch can wrap it round
    calendar_days days{};             ///< the band of the total (0 below the lowest)
    std::optional<date> deadline{};   ///< from - days; absent below the lowest band
    bool combined = false;            ///< two or more issues whose total reaches a band with more days than any alone
    /// Each issue's own deadline at this employer, counted alone under the
    /// table in force on its own date, as its route gives it (in `issues`'
    /// order; absent below the lowest band).
    std::vector<std::optional<date>> alone{};
    /// Each issue's date, when it was proposed (in `issues`' order).
    std::vector<date> proposed{};
    /// Two or more issues, and `deadline` is before the date some of them
    /// get alone (or that one gets none), among those proposed by then (a
    /// proposal made after it is late_warning's): consultation on all of
    /// them must begin by the first dismissal's date less the total's
    /// period (s.188(1A)), so those issues' routes give a date too late.
    /// Not in the JSON line (formats.md fixes its keys); `combined` implies
    /// it when its issues were proposed by the deadline.
    bool earlier_than_alone = false;
    friend bool operator==(const redundancy_window&, const redundancy_window&) = default;
};

/// For each employer, each proposal starts a window of the proposals whose
/// first dismissal is on or up to 89 days after its own; windows contained
/// in another (or with the same issues) are dropped. Ordered by employer,
/// then window start. Bands from the table of `tables` in force on the
/// earliest `proposed` of the window.
[[nodiscard]] SPFGOV_API std::vector<redundancy_window> redundancy_windows(std::vector<redundancy_proposal> proposals,
                                                                const std::vector<statutory_table>& tables);

/// A batch's proposals, added issue by issue in line order, and what
/// `spfgov redundancies` says of them: the command and the Python binding
/// (`spfgov.redundancies_frame`) count with it, so they count alike.
/// Holds every proposal (a window may span the whole batch).
class SPFGOV_API redundancy_batch {
public:
    /// Proposals resolved and banded as of `as_of` (each issue's own date
    /// when absent), with `rt`'s policy's statutory tables.
    explicit redundancy_batch(const router& rt, std::optional<date> as_of = std::nullopt) : rt_(&rt), as_of_(as_of) {}
    /// The router is borrowed: not from a temporary.
    explicit redundancy_batch(const router&&, std::optional<date> = std::nullopt) = delete;

    /// Whether the caller of add() has just routed the issue itself.
    enum class routed_already : bool { no, yes };

    /// Adds the proposals of `i`, read from line `line` of the batch. Each
    /// warning is appended to `warnings` as the text to write after
    /// "FILE:LINE: ": redundancy_proposals' (what is skipped, and why), or
    /// an id given again (formats.md counts
    /// every line, so both are counted, and the total may reach a band that
    /// does not exist). Throws issue_error as routing does; nothing is
    /// added then. `routed_already::yes`: the caller has just routed `i`
    /// with this batch's router and date, without error (a command that
    /// routes and counts each line), so the route that checks it is not
    /// made again; an issue that would not route then is not refused.
    void add(const issue& i, std::size_t line, std::vector<std::string>& warnings,
             routed_already checked = routed_already::no);

    /// The proposals added, in line order.
    [[nodiscard]] const std::vector<redundancy_proposal>& proposals() const noexcept { return proposals_; }
    /// The windows of every proposal added (redundancy_windows).
    [[nodiscard]] std::vector<redundancy_window> windows() const;
    /// For a window whose deadline falls before one or more of its issues
    /// were proposed (a later proposal brought the total into a band whose
    /// deadline had passed): the warning, naming the employer, the window,
    /// the deadline and up to ten such issues; else none.
    [[nodiscard]] std::optional<std::string> late_warning(const redundancy_window& w) const;

private:
    const router* rt_;
    std::optional<date> as_of_;
    std::vector<redundancy_proposal> proposals_;
    std::map<std::string, std::size_t, std::less<>> first_line_of_;  ///< each proposing issue's first line
    std::map<std::string, date, std::less<>> proposed_on_;           ///< each proposing issue's date (its first line's)
};

/// For a window `earlier_than_alone` or `combined`: the warning, naming the employer,
/// the issues (up to ten), their first dismissals and total, the window's
/// deadline, and, unless `combined` (whose band no issue reaches alone),
/// the later date or none each issue gets alone; when its issues were
/// proposed on different dates, that s.188(3) counts a later proposal
/// alone if consultation on the earlier had begun; else none.
[[nodiscard]] SPFGOV_API std::optional<std::string> earlier_than_alone_warning(const redundancy_window& w);

/// Beside a command that dates each issue alone (an agenda, a route's HTML
/// page): counts the batch's proposals as redundancy_batch does and gives
/// earlier_than_alone_warning of each window whose date, counted together,
/// is earlier than its issues' routes give (`combined` or
/// `earlier_than_alone`). `spfgov agenda`, `route --issues --format html`
/// and Python's `agenda_frame` warn with it, so they warn alike.
class SPFGOV_API earlier_window_check {
public:
    /// Proposals resolved and banded as redundancy_batch(rt, as_of) does.
    explicit earlier_window_check(const router& rt, std::optional<date> as_of = std::nullopt) : batch_(rt, as_of) {}
    /// The router is borrowed: not from a temporary.
    explicit earlier_window_check(const router&&, std::optional<date> = std::nullopt) = delete;

    /// Only the windows of issues whose routes name `b` in a role an agenda
    /// lists (lead, negotiate, consult, engage, inform), and for a jncc only
    /// those at an employer it is a committee of (it consults for its own):
    /// one body's agenda. Call before add().
    void only_reaching(const governance_graph& g, body_handle b);
    /// An issue from line `line` of the batch and its route, made by the
    /// constructor's router as of its date without error. Counts that
    /// cannot be (already warned of by routing) are left out, never thrown.
    void add(const issue& i, const route& r, std::size_t line);
    /// One text a window, in redundancy_windows' order (employer, then
    /// start): the windows a person reading the issues' own dates would miss.
    [[nodiscard]] std::vector<std::string> warnings() const;

private:
    redundancy_batch batch_;
    std::optional<body_handle> only_;
    std::set<std::string, std::less<>> reaching_;  ///< with only_: the issues whose routes name it
    std::set<std::string, std::less<>> employers_; ///< with only_ a jncc: its employers
};

/// One window as a JSON line (no newline), formats.md's key order.
[[nodiscard]] SPFGOV_API std::string write_redundancy_window(const redundancy_window& w);

} // namespace spfgov
