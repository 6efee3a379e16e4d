// Routing an issue: where it goes, who leads, where it escalates, which dates
// bind, and why (domain.md §3, rules R1-R12).
//
// Light header: no Boost.Graph, no range-v3. The graph is only named here;
// include graph.hpp to build or inspect one, as_of.hpp for routing_index::view().
#pragma once

#include "spfgov/export_macro.hpp"
#include "spfgov/fwd.hpp"
#include "spfgov/handles.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/policy.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace spfgov {

class holiday_calendar;

struct rule_citation;

/// Why a body is in the route, as data: the rule that fired (as its policy
/// cites it), which of its sentences, and the bodies and values it names.
/// The sentence is rendered when the route is written (rationale_text), so
/// routing builds no text. The layout of `bodies` and `values` is the
/// rule's own.
struct SPFGOV_API rationale_entry {
    std::shared_ptr<const rule_citation> cited{};
    std::uint8_t form = 0;
    std::vector<body_handle> bodies{};
    std::vector<std::int64_t> values{};
    /// The law a dated parameter came from (R10's table), cited instead of the rule's source.
    std::optional<std::string> authority{};

    /// The rule's id ("R1".."R12", or a custom rule's).
    [[nodiscard]] std::string_view rule() const noexcept;
    /// The source cited: the document's title, or null for structural rules.
    [[nodiscard]] std::optional<std::string_view> source() const noexcept;
    friend SPFGOV_API bool operator==(const rationale_entry& a, const rationale_entry& b);
};

enum class deadline_kind : std::uint8_t { consultation_start, hr1_notification };
[[nodiscard]] constexpr std::string_view to_string(deadline_kind k) noexcept {
    return k == deadline_kind::consultation_start ? "consultation_start" : "hr1_notification";
}

/// A statutory date (R10).
struct SPFGOV_API deadline {
    deadline_kind kind{};
    body_handle body{}; ///< the employer
    spfgov::date date{};
    std::string rule = "R10";
    bool late = false;  ///< strictly before the date routed (the issue's, or --as-of's: domain.md §5.11)
    /// The employer's count, after succession: a sum of counts (each at most
    /// 2^31 - 1) when predecessors merged, so 64 bits.
    std::int64_t redundancies = 0;
    calendar_days days{};       ///< the band's period: calendar days before the first dismissal
    int band_min = 0;           ///< the band: this many proposed redundancies or more ...
    int band_max = 0;           ///< ... up to this many (0: no upper end, the highest band)
    spfgov::date in_force_from{}; ///< the statutory table used: in force from this date ...
    std::optional<spfgov::date> in_force_until{}; ///< ... until this one (exclusive), if a later table exists
    std::string authority{};    ///< ... under this law
    friend bool operator==(const deadline&, const deadline&) = default;
};

/// The next meeting of a lead or engaged body (R12).
struct SPFGOV_API meeting {
    body_handle body{};
    spfgov::date date{};      ///< after any move past a bank holiday
    spfgov::date papers_due{}; ///< papers_days working days before `date`
    spfgov::date scheduled{}; ///< the date the rule gives
    bool moved = false;       ///< `date` differs from `scheduled`
    friend bool operator==(const meeting&, const meeting&) = default;
};

/// A routed issue. Body lists are sorted by id (byte order), as in files.
struct SPFGOV_API route {
    std::string issue{};
    std::string title{};                    ///< the issue's title (not in the route JSON)
    issue_kind kind = issue_kind::restructure;  ///< the issue's kind (not in the route JSON)
    spfgov::date as_of{};
    /// The issue's own date (not in the route JSON): as_of, unless routed
    /// as of another date (--as-of); not_a_date_time for a route not made
    /// from an issue.
    spfgov::date issue_date{};
    std::vector<std::string> staff_groups{}; ///< the issue's (not in the route JSON): empty, every group
    std::optional<spfgov::date> first_dismissal{}; ///< the issue's (not in the route JSON)
    level scope = level::employer;
    std::vector<body_handle> lead{};
    std::optional<body_handle> lead_union{};
    std::vector<body_handle> negotiate{}, consult{}, engage{}, inform{};
    std::vector<std::vector<body_handle>> escalation{};
    std::vector<deadline> deadlines{};
    std::vector<meeting> meetings{};
    std::vector<rationale_entry> rationale{};
    std::vector<std::string> warnings{};
    /// The affected employers after expansion and succession (sorted by id).
    std::vector<body_handle> affected{};
    friend bool operator==(const route&, const route&) = default;
};

namespace detail {
struct index_data;
struct epoch_data;
class chunk_pool;
class held_chunks;
struct epochs_in_construction;
}

/// What routing needs on one date, computed once (per employer: its jnccs,
/// systems and regions; per body: its escalation ladder; per body: its
/// parsed meeting rule) so that routing a single-employer issue costs a few
/// lookups. Immutable after construction; safe to share between threads.
/// The tables belong to the date's validity epoch (the dates between two
/// consecutive change points of the graph) and are shared by every index
/// of that epoch that a router hands out.
class SPFGOV_API routing_index {
public:
    /// Throws graph_error "escalation_cycle" if escalates_to links valid on
    /// the date form a cycle.
    routing_index(const governance_graph& g, date on);
    /// An index borrows its graph: a temporary would dangle.
    routing_index(const governance_graph&& g, date on) = delete;
    /// An index on `on` over an epoch already built (router's cache).
    routing_index(std::shared_ptr<const detail::epoch_data> epoch, date on);
    ~routing_index();
    routing_index(routing_index&&) noexcept;
    routing_index& operator=(routing_index&&) noexcept;

    [[nodiscard]] const governance_graph& graph() const noexcept;
    /// The index's view of the graph on its epoch: the index must outlive it.
    [[nodiscard]] const as_of_view& view() const& noexcept;
    /// It would refer into a temporary index: it would dangle.
    void view() const&& = delete;
    [[nodiscard]] date on() const noexcept;
    /// Estimated heap bytes of the epoch's tables (shared by its indexes),
    /// counting in full the table chunks it shares with other epochs: a
    /// router's cache counts those once, so a budget of k times this holds
    /// more than k epochs.
    [[nodiscard]] std::size_t memory_bytes() const noexcept;
    [[nodiscard]] const detail::index_data& data() const noexcept { return *data_; }

private:
    friend class router;
    friend class routing_session;
    /// Points this index at another epoch and date, in the memory it has
    /// (the router's refills: no allocation per route).
    void rebind(std::shared_ptr<const detail::epoch_data> epoch, date on) noexcept;
    std::unique_ptr<detail::index_data> data_;
};

/// Routes `i` as of `index.on()` (which should equal the issue's date, or
/// the --as-of date). Never mutates anything shared; throws issue_error.
[[nodiscard]] SPFGOV_API route route_issue(const routing_index& index, const issue& i,
                                const routing_policy& policy = default_policy());

/// Routes `i` into `out`, replacing everything it held, as route_issue
/// does, but in `out`'s memory: its lists keep their capacity, and its
/// rationale entries and ladder levels are filled again, so routing issue
/// after issue into one route allocates nothing once it has held routes as
/// big. If routing throws, `out` holds a valid but unspecified route.
SPFGOV_API void route_issue_into(const routing_index& index, const issue& i, route& out,
                                 const routing_policy& policy = default_policy());

/// Convenience: builds the index for the issue's date, then routes. For many
/// issues, use a router (it caches one index per date).
[[nodiscard]] SPFGOV_API route route_issue(const governance_graph& g, const issue& i,
                                const routing_policy& policy = default_policy());

/// Routes many issues on one graph, caching one routing index per validity
/// epoch of the graph (dates between two consecutive change points share
/// one). The cache is bounded in memory: epochs are evicted least recently
/// used first once their estimated bytes (a table chunk shared between
/// epochs counted once) pass the budget (64 MiB unless
/// set_cache_budget says otherwise; the epoch in use is always kept).
/// Thread-safe: any number of threads may call route() at once; threads
/// wanting an epoch not built yet wait for the one building it (each epoch
/// is built once; if it cannot be, each of them fails with its own error).
class SPFGOV_API router {
public:
    static constexpr std::size_t default_cache_budget = std::size_t{64} << 20;

    /// Checks each rule of the policy against the graph (rule::check).
    explicit router(const governance_graph& g, routing_policy policy = default_policy());
    /// A router borrows its graph: a temporary would dangle.
    explicit router(const governance_graph&& g, routing_policy policy = default_policy()) = delete;
    ~router();
    /// Routes as of `as_of` if given, else as of the issue's own date. The
    /// date is range-checked (1978-01-01..2100-12-31) before any index is built.
    [[nodiscard]] route operator()(const issue& i, std::optional<date> as_of = std::nullopt) const;
    /// The same route, made in `out`'s memory (route_issue_into): a loop
    /// that refills one route allocates nothing once warm. If routing
    /// throws, `out` holds a valid but unspecified route.
    void route_into(const issue& i, route& out, std::optional<date> as_of = std::nullopt) const;
    [[nodiscard]] std::shared_ptr<const routing_index> index_for(date on) const;
    [[nodiscard]] const governance_graph& graph() const noexcept { return *graph_; }
    [[nodiscard]] const routing_policy& policy() const noexcept { return policy_; }

    /// The cache's memory budget in bytes (estimated; at least one epoch is kept).
    void set_cache_budget(std::size_t bytes);
    struct cache_statistics {
        std::size_t epochs = 0;        ///< validity epochs of the graph
        std::size_t built = 0;         ///< epoch indexes built so far
        std::size_t evicted = 0;       ///< evicted for the budget
        std::size_t cached = 0;        ///< held now
        std::size_t cached_bytes = 0;  ///< their estimated bytes
        std::size_t budget = 0;
    };
    [[nodiscard]] cache_statistics statistics() const;
    /// The epoch number of a date (0 .. epochs-1): dates with the same number
    /// see the same graph.
    [[nodiscard]] std::size_t epoch_of(date on) const noexcept;

private:
    friend class routing_session;
    [[nodiscard]] std::shared_ptr<const detail::epoch_data> epoch_for(date on) const;
    /// Puts a built epoch in the cache (the one already there, if another
    /// thread's came first) and, when `registered`, ends its being built.
    std::shared_ptr<const detail::epoch_data> store_epoch(std::size_t epoch,
                                                          std::shared_ptr<const detail::epoch_data> built,
                                                          bool registered) const;
    void evict_locked(std::size_t keep) const;

    const governance_graph* graph_;
    routing_policy policy_;
    std::vector<date> change_points_;  ///< sorted, each once
    mutable std::mutex mutex_;
    std::size_t budget_ = default_cache_budget;
    mutable std::map<std::size_t, std::shared_ptr<const detail::epoch_data>> cache_;  ///< by epoch number
    /// Counts epoch_for's calls (atomic: threads that waited for an epoch
    /// count outside the lock); read by sessions without it.
    mutable std::atomic<std::uint64_t> tick_{0};
    mutable std::size_t bytes_ = 0, built_ = 0, evicted_ = 0;
    /// evicted_, readable without the lock: sessions let go of their epochs
    /// when it changes.
    mutable std::atomic<std::uint64_t> evictions_{0};
    std::unique_ptr<detail::chunk_pool> chunks_;  ///< table chunks shared between epochs
    std::unique_ptr<detail::held_chunks> held_;   ///< the cached epochs' chunks, for bytes_ (under mutex_)
    /// Epochs being built now (under mutex_): a thread wanting one waits for
    /// its builder rather than building it again.
    std::unique_ptr<detail::epochs_in_construction> building_;
};

/// One thread's run of routes through a router (a batch, on that thread).
/// It keeps hold of the epochs it has routed on, so that a route takes
/// neither the router's lock nor an epoch's reference count: threads
/// routing at once through one router contended on both (on two cores, 8%
/// of a 400,000-line batch's time). The routes are the router's, byte for
/// byte. Epochs the router evicts are let go at the session's next route,
/// so memory keeps to the router's budget but for what a session routes on
/// meanwhile. One session per thread: a session is not thread-safe. It
/// borrows the router, which must outlive it.
class SPFGOV_API routing_session {
public:
    explicit routing_session(const router& r);
    /// A session borrows its router: a temporary would dangle.
    explicit routing_session(const router&& r) = delete;
    ~routing_session();
    routing_session(routing_session&&) noexcept;
    routing_session& operator=(routing_session&&) noexcept;

    /// As router::route_into.
    void route_into(const issue& i, route& out, std::optional<date> as_of = std::nullopt);
    /// As router::operator().
    [[nodiscard]] route operator()(const issue& i, std::optional<date> as_of = std::nullopt);
    [[nodiscard]] const router& routes_through() const noexcept { return *router_; }
    /// Epochs held now (at most the router's cached ones, and those it
    /// evicted since this session's last route).
    [[nodiscard]] std::size_t epochs_held() const noexcept;
    /// Lets go of every epoch held, so that an idle session keeps none the
    /// router has evicted (their memory goes when no session holds them);
    /// the next route fetches what it needs again.
    void release() noexcept;

private:
    struct held_epoch {
        std::size_t epoch = 0;
        std::shared_ptr<const detail::epoch_data> data;
    };
    const router* router_;
    std::uint64_t evictions_seen_ = 0;
    /// By epoch number modulo its size (a batch's dates fall in a few dozen
    /// epochs); a collision lets the older go.
    std::vector<held_epoch> held_;
    /// Pointed at a held epoch without owning it; declared after held_, so
    /// destroyed before it.
    std::optional<routing_index> index_;
};

/// The sentence of a rationale entry of `r` (a route made on `g`).
[[nodiscard]] SPFGOV_API std::string rationale_text(const rationale_entry& e, const route& r, const governance_graph& g);
/// The same sentence appended to `out` (rule::append_text).
SPFGOV_API void append_rationale_text(std::string& out, const rationale_entry& e, const route& r, const governance_graph& g);

/// One reason in an explanation of a body (route --explain).
struct SPFGOV_API explanation_reason {
    std::string rule{};            ///< the rule's id
    std::optional<role> in_role{}; ///< the role the rule gave the body; nullopt for "why not"
    std::string text{};
    /// What the reason rests on, as the route's rationale cites it: the
    /// documents' titles or the law (R10); null for structural rules.
    std::optional<std::string> source{};
};
/// Why `body` is in a route, in which roles and by which rules; or, when it
/// is absent, what each rule that could have added it says. An affected
/// employer is explained by its statutory deadlines (R10), when it has any.
struct SPFGOV_API body_explanation {
    std::string body{};
    bool affected = false;                    ///< one of the route's affected employers
    std::vector<role> roles{};                ///< empty when absent
    std::vector<explanation_reason> reasons{}; ///< rule order
};
/// Routes `i` and explains one body. Throws issue_error "unknown_id" when
/// the graph has no such body.
[[nodiscard]] SPFGOV_API body_explanation explain_body(const routing_index& index, const issue& i, std::string_view body_id,
                                            const routing_policy& policy = default_policy());
/// The same with a router's cached index and policy, on `as_of` (else the
/// issue's own date), checked as routing checks it (date_out_of_range,
/// missing_field): what a caller that routes with a router explains with.
[[nodiscard]] SPFGOV_API body_explanation explain_body(const router& rt, const issue& i, std::string_view body_id,
                                            std::optional<date> as_of = std::nullopt);
/// The explanation as lines of text for a person.
[[nodiscard]] SPFGOV_API std::string explanation_text(const body_explanation& e);

/// The route's body ids, for messages and tests.
[[nodiscard]] SPFGOV_API std::vector<std::string> ids(const governance_graph& g, const std::vector<body_handle>& hs);

} // namespace spfgov
