// Internals of routing shared by the index, the pipeline and the rule units
// (private to src/).
#pragma once

#include "spfgov/as_of.hpp"
#include "detail_prefetch.hpp"
#include "spfgov/route.hpp"
#include "spfgov/rrule.hpp"
#include "spfgov/rule.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <tuple>
#include <type_traits>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace spfgov::detail {

/// One chunk of a table's rows: chunk_rows + 1 row starts (held as
/// handles), then the rows' bodies. One block, shared between epochs whose
/// chunk is the same (chunk_pool).
using rows_chunk = std::vector<body_handle>;

/// Chunks of table rows already built, by content, so that epochs whose
/// rows are the same share one copy: a batch's dates fall in ~33 epochs of
/// a generated graph, which differ in a few rows each, and every copy was
/// memory touched for the first time (zeroed by the kernel) and cache
/// missed when read. Held by a router for its epochs; thread-safe.
class chunk_pool {
public:
    /// The pool's chunk with this hash for which `equals(chunk)` holds, or
    /// else `make()`'s, which the pool then keeps. The hash only groups
    /// chunks: `equals` decides.
    template <class Equals, class Make>
    [[nodiscard]] std::shared_ptr<const rows_chunk> intern(std::uint64_t hash, const Equals& equals, const Make& make) {
        std::lock_guard lock(mutex_);
        for (auto [it, end] = by_hash_.equal_range(hash); it != end;) {
            if (auto kept = it->second.lock()) {
                if (equals(*kept)) return kept;
                ++it;
            } else {
                it = by_hash_.erase(it);
            }
        }
        sweep_if_due();
        std::shared_ptr<const rows_chunk> made = make();
        by_hash_.emplace(hash, made);
        return made;
    }

    /// Entries held, live or expired (bounded: tests/internal).
    [[nodiscard]] std::size_t entries();

private:
    void sweep_if_due();

    std::mutex mutex_;
    std::unordered_multimap<std::uint64_t, std::weak_ptr<const rows_chunk>> by_hash_;
    std::size_t swept_size_ = 0;  ///< entries after the last sweep of expired ones
};

/// Compressed rows: the bodies related to each body, by chunks of
/// chunk_rows rows (each one block: its row starts, then its bodies).
class body_rows {
public:
    /// (row, body) pairs in the order found.
    using pairs = std::vector<std::pair<std::uint32_t, body_handle>>;
    static constexpr std::uint32_t chunk_rows = 256;

    /// Lays `found` out by rows (`rows` of them): a counting sort, so each
    /// row keeps the order its pairs were found in; with `by_id`, each row is
    /// then sorted by id and its repeats dropped. Chunks equal to one in
    /// `pool` (if given) are shared with it. (routing_index.cpp: only the
    /// epoch build lays tables out.)
    void build(std::size_t rows, const pairs& found, const governance_graph* by_id, chunk_pool* pool = nullptr);
    [[nodiscard]] std::span<const body_handle> operator[](body_handle h) const {
        const body_handle* const chunk = chunk_data_[h.index() / chunk_rows];
        const std::uint32_t r = h.index() % chunk_rows;
        const body_handle* const items = chunk + (chunk_rows + 1);
        return {items + chunk[r].index(), items + chunk[r + 1].index()};
    }
    /// Starts loading where `h`'s row begins and ends (a cache miss apiece
    /// on a big graph) for a rule that reads it later in the route.
    void prefetch(body_handle h) const noexcept {
        prefetch_address(chunk_data_[h.index() / chunk_rows] + h.index() % chunk_rows);
    }
    /// Heap bytes held by the table itself (its lists of chunks). Its
    /// chunks' bytes (chunk_bytes) are counted apart, each once, since
    /// epochs share them (held_chunks).
    [[nodiscard]] std::size_t own_bytes() const noexcept {
        return chunks_.capacity() * sizeof(chunks_[0]) + chunk_data_.capacity() * sizeof(chunk_data_[0]);
    }
    [[nodiscard]] static std::size_t chunk_bytes(const rows_chunk& c) noexcept {
        return c.capacity() * sizeof(body_handle) + 32;  // + the shared block's counts
    }
    [[nodiscard]] std::span<const std::shared_ptr<const rows_chunk>> chunks() const noexcept { return chunks_; }

private:
    std::vector<std::shared_ptr<const rows_chunk>> chunks_;
    std::vector<const body_handle*> chunk_data_;  ///< each chunk's first element: one load a lookup
};

struct subgroup_info {
    body_handle handle;
    issue_kind_set remit;
    sector_set sectors;                  ///< remit_sectors; empty: any sector
    bool national = false;               ///< parent is a national forum: covers every issue
    std::vector<body_handle> regions;    ///< parent's regions (regional bodies)
    std::vector<body_handle> systems;    ///< parent's systems (people boards)
};

/// A body's meeting rule parsed once per index, or why it is unusable.
using parsed_meeting = std::variant<meeting_schedule, std::string>;

/// std::popcount, in line: for the x86-64 baseline (no POPCNT instruction)
/// GCC calls libgcc's __popcountdi2, ~1% of the gen5000 mix's time in perf
/// from R12's and R9's lookups (body_positions::position).
constexpr int popcount64(std::uint64_t x) noexcept {
#if defined(__POPCNT__) || !(defined(__x86_64__) || defined(__i386__))
    return std::popcount(x);
#else
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return static_cast<int>((x * 0x0101010101010101u) >> 56);
#endif
}
static_assert(popcount64(0) == 0 && popcount64(~std::uint64_t{0}) == 64 && popcount64(0x8000000000000001u) == 2);

/// Where an epoch's table of a few bodies (those with a meeting rule, those
/// a link escalates to) holds a body's entry: bit b of word b / 64 says
/// whether it has one, and the count of entries before that word plus the
/// bits before b say which. One load a lookup, and mostly no entry read at
/// all (a binary search of thousands of entries cost a cache miss a step:
/// a third of R12's samples in perf).
class body_positions {
public:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    /// For `entries`, a table in ascending order of their bodies' indexes
    /// (`index_of(entry)`), each body once, of a graph of `bodies` bodies.
    template <class Entries, class IndexOf> void build(std::size_t bodies, const Entries& entries, IndexOf index_of) {
        assert(std::adjacent_find(std::begin(entries), std::end(entries), [&](const auto& a, const auto& b) {
                   return index_of(a) >= index_of(b);
               }) == std::end(entries));
        words_.assign(std::empty(entries) ? 0 : (bodies + 63) / 64, word{});
        for (const auto& entry : entries) {
            const std::uint32_t i = index_of(entry);
            assert(i < bodies);
            words_[i / 64].bits |= std::uint64_t{1} << (i % 64);
        }
        std::uint64_t before = 0;
        for (word& w : words_) {
            w.before = before;
            before += static_cast<std::uint64_t>(std::popcount(w.bits));
        }
    }
    /// `b`'s place in the table; `none` when it has none.
    [[nodiscard]] std::size_t position(body_handle b) const noexcept {
        const std::uint32_t i = b.index();
        if (i / 64 >= words_.size()) return none;
        const word& w = words_[i / 64];
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        if (!(w.bits & bit)) return none;
        return static_cast<std::size_t>(w.before) + static_cast<std::size_t>(popcount64(w.bits & (bit - 1)));
    }
    [[nodiscard]] std::size_t bytes() const noexcept { return words_.capacity() * sizeof(word); }

private:
    struct word {
        std::uint64_t bits = 0;    ///< bit k: body 64 w + k has an entry
        std::uint64_t before = 0;  ///< the entries of the bodies before 64 w
    };
    std::vector<word> words_;
};

/// The parsed meeting rules of an epoch's bodies. R12 asks about every body
/// a route leads or engages (a region's hundreds) and few have a rule: a bit
/// a body answers most asks without leaving the cache (a hash map's chains
/// were 6% of a batch's CPU in perf).
class meeting_table {
public:
    /// Adds `b`'s rule (each body once, in any order); then finish().
    void add(body_handle b, parsed_meeting m) { items_.emplace_back(b.index(), std::move(m)); }
    /// Makes the table ready for find(), for a graph of `bodies` bodies.
    void finish(std::size_t bodies) {
        std::sort(items_.begin(), items_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        positions_.build(bodies, items_, [](const auto& item) { return item.first; });
    }
    /// `b`'s parsed rule; null when it has none.
    [[nodiscard]] const parsed_meeting* find(body_handle b) const noexcept {
        const std::size_t at = positions_.position(b);
        return at == body_positions::none ? nullptr : &items_[at].second;
    }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    /// Heap bytes held, the rules' own vectors included (the router's budget).
    [[nodiscard]] std::size_t bytes() const noexcept;

private:
    std::vector<std::pair<std::uint32_t, parsed_meeting>> items_;  ///< by body index
    body_positions positions_;
};

/// An escalation ladder (R9, domain.md §3 and §5.10): its levels one after
/// another, each sorted by id, with their sizes; and each (body, target) of
/// an escalates_to link whose target is not valid on the date, in the order
/// the walk met them.
struct escalation_ladder_walk {
    std::vector<body_handle> bodies;
    std::vector<std::uint32_t> sizes;
    std::vector<std::pair<body_handle, body_handle>> stops;
    void clear() noexcept {
        bodies.clear();
        sizes.clear();
        stops.clear();
    }
};

/// What the affected employers of an issue naming one system or region
/// (every employer in it) derive, worked out once per epoch, by the first
/// route that names the unit (lazy_unit_derived): a region's
/// ~1,200 employers were walked for their systems, regions and JNCCs by
/// every such route (set_affected, R1 and the JNCCs: over a third of a
/// whole-region route, and a quarter of the generated mix's cache misses).
/// Each list is what the per-route walk gives, in the same order.
struct unit_derived {
    body_handle unit;
    std::vector<body_handle> systems, regions;                ///< every member's, sorted by id, each once
    std::vector<body_handle> common_systems, common_regions;  ///< those every member is in (common_to_affected)
    std::vector<body_handle> jnccs;                           ///< every member's valid JNCCs, sorted by id
    std::vector<body_handle> without_jnccs;                   ///< members with none, by id
    /// Members in no system with a valid system forum (R5's system-led lead), by id.
    std::vector<body_handle> without_system_forum;
    /// R9's ladder from `jnccs` (escalation_ladder): for the routes whose
    /// consult set is exactly those JNCCs, as a whole unit's mostly is.
    escalation_ladder_walk ladder;
    /// Those of `jnccs` with a meeting rule (R12), by id: mostly none, where
    /// R12 asked the meeting table about each of a region's 1,300.
    std::vector<body_handle> jnccs_with_meetings;
};

/// One unit's unit_derived, worked out by the second route naming it in
/// the epoch (index_data::unit): worked out for every unit when the epoch
/// was built, they made building it 30-80% slower, which a short batch of
/// many dates pays for; and most of a short batch's units are named once an
/// epoch, when walking the members costs less than deriving every list.
/// The once flag lets the threads sharing an epoch read it.
struct lazy_unit_derived {
    explicit lazy_unit_derived(body_handle u) noexcept { derived.unit = u; }
    std::atomic<bool> asked{false};
    std::once_flag once;
    unit_derived derived;
};

/// What routing needs for one validity epoch of the graph: every date
/// between two consecutive change points (a valid_from or valid_to of any
/// body or link, derived links included) sees the same bodies and links, so
/// they share one epoch_data (built once, immutable, shared between threads).
struct epoch_data {
    epoch_data(const governance_graph& graph, date d) : g(&graph), built_on(d), view(graph, d) {}
    epoch_data(const epoch_data&) = delete;  // a copy would share the serial
    epoch_data& operator=(const epoch_data&) = delete;
    /// Unique to this epoch in the process, never reused (not an address):
    /// per-thread memos of what its tables give (R12's next meetings) key on it.
    const std::uint64_t serial = next_serial();
    const governance_graph* g;
    date built_on;             ///< the date it was built for (one date of the epoch)
    as_of_view view;           ///< its date is `built_on`: use index_data::on for the routing date
    body_rows jnccs;           ///< employer -> its valid jnccs
    body_rows systems;         ///< employer -> systems it is part_of
    body_rows regions;         ///< employer or system -> regions
    body_rows members;         ///< system or region -> employers valid in it
    body_rows forums;          ///< system -> system_forums; region -> regional_forums
    body_rows boards;          ///< system -> people_boards; region -> regional_people_boards
    body_rows lead_unions;     ///< system_forum -> trade unions leading there
    body_rows escalates;       ///< body -> escalates_to targets on the date
    /// (body, an escalates_to target not valid on the date), by body index:
    /// few or none, so not a table of every body (a route's ladder read it
    /// for each of its bodies, a cache miss apiece).
    std::vector<std::pair<body_handle, body_handle>> stopped_ladders;
    std::vector<body_handle> national_forums, negotiating_bodies;
    std::vector<subgroup_info> subgroups;
    /// By issue kind: the indexes in `subgroups` of those whose remit holds
    /// it (R7 tested every sub-group's remit on every route).
    std::vector<std::vector<std::uint32_t>> subgroups_by_kind;
    /// The ladder from each body an escalates_to link targets (forums,
    /// mostly), by body index: R9 puts a consult set whose bodies all
    /// escalate to one body (an employer's JNCCs, a system's) below that
    /// body's ladder rather than walk it (ladder_above_one_target). Within
    /// a budget of handles: a long chain of targets would be quadratic.
    std::vector<std::pair<body_handle, escalation_ladder_walk>> target_ladders;
    body_positions target_ladder_positions;  ///< where target_ladders holds a body's ladder
    /// Each body with members on the date (systems and regions), by body
    /// index; what they derive is worked out when first asked (index_data::unit).
    std::vector<std::unique_ptr<lazy_unit_derived>> units;
    /// Bodies with a meeting rule (R12): computed per route, for the bodies it names.
    meeting_table meetings;
    /// An estimate of the heap bytes this epoch holds, its tables' chunks
    /// included, each once (routing_index::memory_bytes).
    std::size_t bytes = 0;
    /// The part of `bytes` in no table chunk: what the epoch adds to a
    /// router's cache whose other epochs hold every chunk it has.
    std::size_t own_bytes = 0;
    /// Its tables, each of chunks that may be shared with other epochs.
    [[nodiscard]] std::array<const body_rows*, 8> tables() const noexcept {
        return {&jnccs, &systems, &regions, &members, &forums, &boards, &lead_unions, &escalates};
    }
    static std::uint64_t next_serial() noexcept {
        static std::atomic<std::uint64_t> last{0};
        return last.fetch_add(1, std::memory_order_relaxed) + 1;
    }
    /// The router's tick when the epoch was last routed on (its least
    /// recently used eviction): set under the router's lock, and by a
    /// routing session without it, once a tick (on a line of its own: no
    /// route's reads share it).
    alignas(64) mutable std::atomic<std::uint64_t> last_used{0};
};

/// Epochs a router is building, each with the future its builder fills
/// (the epoch, or null if building it threw: each waiting thread then tries
/// for itself, for an error of its own): threads starting a batch at once,
/// or crossing into a new epoch together, build it once.
struct epochs_in_construction {
    std::map<std::size_t, std::shared_future<std::shared_ptr<const epoch_data>>> by_epoch;
};

/// The table chunks of a router's cached epochs, each counted once for the
/// cache's budget: the epochs of a batch's dates share most of their chunks
/// (chunk_pool), and counting a shared chunk in each epoch made the budget
/// hold 36 of gen10000's 50 epochs, so a seven-year batch built epochs
/// again and again (714 builds for 5,000 issues). Used under the router's lock.
class held_chunks {
public:
    /// Counts the epoch in; returns the bytes it adds (its own, and its
    /// chunks no other cached epoch holds).
    std::size_t add(const epoch_data& x);
    /// Counts it out (it was added); returns the bytes that frees.
    std::size_t remove(const epoch_data& x) noexcept;
    [[nodiscard]] std::size_t chunks() const noexcept { return epochs_holding_.size(); }

private:
    /// Cached epochs holding each chunk.
    std::unordered_map<const rows_chunk*, std::uint32_t> epochs_holding_;
};

/// One routing date's view of its epoch: the date, and references to the
/// epoch's tables (so that the rule units read `x.on`, `x.jnccs`, ... as
/// before). Cheap to make: a shared_ptr copy and a few pointers.
struct index_data {
    index_data(std::shared_ptr<const epoch_data> e, date d) noexcept
        : epoch(std::move(e)), g(epoch->g), on(d), view(epoch->view), jnccs(epoch->jnccs), systems(epoch->systems),
          regions(epoch->regions), members(epoch->members), forums(epoch->forums), boards(epoch->boards),
          lead_unions(epoch->lead_unions), escalates(epoch->escalates), stopped_ladders(epoch->stopped_ladders),
          national_forums(epoch->national_forums), negotiating_bodies(epoch->negotiating_bodies),
          subgroups(epoch->subgroups), subgroups_by_kind(epoch->subgroups_by_kind),
          target_ladders(epoch->target_ladders), target_ladder_positions(epoch->target_ladder_positions),
          units(epoch->units),
          meetings(epoch->meetings) {}
    std::shared_ptr<const epoch_data> epoch;
    const governance_graph* g;
    date on;
    const as_of_view& view;
    const body_rows& jnccs;
    const body_rows& systems;
    const body_rows& regions;
    const body_rows& members;
    const body_rows& forums;
    const body_rows& boards;
    const body_rows& lead_unions;
    const body_rows& escalates;
    const std::vector<std::pair<body_handle, body_handle>>& stopped_ladders;
    const std::vector<body_handle>& national_forums;
    const std::vector<body_handle>& negotiating_bodies;
    const std::vector<subgroup_info>& subgroups;
    const std::vector<std::vector<std::uint32_t>>& subgroups_by_kind;
    const std::vector<std::pair<body_handle, escalation_ladder_walk>>& target_ladders;
    const body_positions& target_ladder_positions;
    const std::vector<std::unique_ptr<lazy_unit_derived>>& units;
    /// What the members of `u` (a system or region) derive, worked out on
    /// the second ask in this epoch; null on the first, or if it has no
    /// member on the date (walk `members[u]` then).
    [[nodiscard]] const unit_derived* unit(body_handle u) const;
    const meeting_table& meetings;
};

/// Builds the epoch holding `on` (throws graph_error "escalation_cycle"),
/// sharing table chunks with `pool` when given.
std::shared_ptr<const epoch_data> build_epoch(const governance_graph& g, date on, chunk_pool* pool = nullptr);

/// One body's resolution by succession on the routing date (R11).
struct succession_memo_entry {
    body_handle body;
    std::vector<body_handle> resolved;  ///< sorted by id, each once
    bool done = false;                  ///< false while its successors are being resolved
};

/// Working memory of one routing, reused by the next routing on the same
/// thread so that routing allocates only the route it returns: every
/// vector here is cleared, never freed, between routes. Taken from a
/// per-thread pool (routing_state's constructor) and given back by its
/// destructor, so a routing started inside another (a custom rule routing
/// something else) gets its own.
struct routing_scratch {
    std::vector<body_handle> affected, systems, regions;
    std::vector<std::pair<std::uint32_t, std::string>> warnings;
    std::vector<std::uint32_t> rationale_order;
    /// R11's memo: entries [0, succession_memo_used) are this routing's;
    /// those after keep their lists' capacity for the next routing.
    std::vector<succession_memo_entry> succession_memo;
    std::size_t succession_memo_used = 0;
    /// R10: the JSON pointer of the redundancies key being read, and the counts.
    std::string pointer;
    std::vector<std::pair<body_handle, std::int64_t>> redundancy_counts;
    /// A refilled route's cited-law strings (R10), emptied, capacity kept.
    std::vector<std::string> spare_texts;
    /// affected_jnccs, computed once per set of affected employers (R2, R3
    /// and R5 all ask), and the affected employers with none.
    std::vector<body_handle> jnccs, without_jnccs;
    bool jnccs_known = false;
    /// Lists a rule builds and drops (the `list` helpers hand them out).
    /// Each behind a pointer: handing out one more never moves the others.
    /// (A deque did the same, at ~40 instructions a hand-out for its size
    /// and index: 10% of a one-employer route's instructions.)
    std::vector<std::unique_ptr<std::vector<body_handle>>> lists;
    std::size_t lists_in_use = 0;
    /// R12's schedule with the policy's papers_days filled in (copy-assigned:
    /// its vectors keep their capacity).
    meeting_schedule schedule;
    /// The route's rationale entries [0, this) are this routing's; those
    /// after are a refilled route's, emptied (start_refill), which explain()
    /// reuses in place. keep_unexplained_entries() moves them to the spares.
    std::size_t entries_explained = 0;
    /// Rationale entries and ladder levels, emptied with their capacity
    /// kept, for explain() and R9 when a route holds more than the one
    /// refilled did.
    std::vector<rationale_entry> spare_entries;
    std::vector<std::vector<body_handle>> spare_levels;

    void reset() noexcept;
};

/// Empties `r` for routing again, keeping its memory: its lists keep their
/// capacity, its ladder levels go to `s`'s spares, and its rationale
/// entries stay where they are, emptied, for explain() to reuse in place
/// (at most max(`entries_wanted`, 64) of them, in a vector of at most
/// twice that capacity). `entries_wanted`: the entries a route mostly holds.
void start_refill(route& r, routing_scratch& s, std::size_t entries_wanted);
/// Moves the route's rationale entries that this routing has not explained
/// (a refilled route's, beyond the count this one reached) to the spares
/// while they have room, and drops the rest: after it, `r.rationale` holds
/// exactly this routing's entries. Run before the route is read (finish,
/// routing_context::result) and when the routing ends, even by an exception.
void keep_unexplained_entries_slow(route& r, routing_scratch& s) noexcept;
inline void keep_unexplained_entries(route& r, routing_scratch& s) noexcept {
    if (r.rationale.size() != s.entries_explained) keep_unexplained_entries_slow(r, s);  // mostly equal: a test only
}
/// An empty ladder level, from the spares when there is one.
[[nodiscard]] std::vector<body_handle> take_spare_level(routing_scratch& s) noexcept;
/// `text` in a string from the spares when there is one (no allocation if it fits).
[[nodiscard]] std::string spare_text(routing_scratch& s, std::string_view text);

/// A scratch list of the routing's scratch memory, empty, given back when
/// this goes out of scope (scoped: lists are handed out and back in stack order).
class scratch_list {
public:
    explicit scratch_list(routing_scratch& s) : scratch_(&s) {
        if (s.lists_in_use == s.lists.size()) s.lists.push_back(std::make_unique<std::vector<body_handle>>());
        list_ = s.lists[s.lists_in_use++].get();
        list_->clear();
    }
    ~scratch_list() { --scratch_->lists_in_use; }
    scratch_list(const scratch_list&) = delete;
    scratch_list& operator=(const scratch_list&) = delete;
    std::vector<body_handle>& operator*() noexcept { return *list_; }
    std::vector<body_handle>* operator->() noexcept { return list_; }

private:
    routing_scratch* scratch_;
    std::vector<body_handle>* list_;
};

/// Everything one routing needs, behind routing_context.
struct routing_state {
    routing_state(const index_data& x_, const issue& is_, const routing_policy& policy_, const routing_index& index_,
                  route& r_);
    ~routing_state();
    routing_state(const routing_state&) = delete;
    routing_state& operator=(const routing_state&) = delete;
    const index_data& x;
    const governance_graph& g;
    const issue& is;
    const routing_policy& policy;
    const routing_index& index;
    route& r;
    routing_scratch& scratch;  ///< this thread's, for this routing only

    std::vector<body_handle>& affected;  ///< employers, after expansion and succession
    std::vector<body_handle>& systems;
    std::vector<body_handle>& regions;
    /// Set when the affected employers are every member of one system or
    /// region (set_affected_unit), whose derived lists then stand for
    /// walking them; null otherwise.
    const unit_derived* affected_unit = nullptr;
    /// Bit 1 << role: that list of the route is sorted by id, each body once
    /// (add_sorted), so the finishing step need not check it; bit
    /// ladder_sorted: each level of the escalation ladder is (R9). Cleared
    /// by any other change a rule may make.
    std::uint8_t sorted_lists = 0;
    static constexpr std::uint8_t ladder_sorted = 1u << 5;
    /// Bit 1 << role: that list of the route is exactly affected_unit's
    /// JNCCs (add_sorted of them into an empty list), which R9 and R12 then
    /// read from the epoch's derived lists rather than body by body. Cleared
    /// with sorted_lists, and when the affected employers change.
    std::uint8_t unit_jnccs_lists = 0;
    level containing = level::national;

    /// The running rule, as the policy holds it (copied only into the
    /// rationale entries it explains: no reference count per rule run).
    const std::shared_ptr<const rule_citation>* current = nullptr;
    std::uint32_t current_order = 0;               ///< its place in rationale and warnings order
    std::vector<std::pair<std::uint32_t, std::string>>& warnings;
    std::vector<std::uint32_t>& rationale_order;    ///< parallel to r.rationale
    std::vector<succession_memo_entry>& succession_memo;
    /// When explaining a body: every (role, body, rule id) added, in order.
    std::vector<std::tuple<role, body_handle, std::string_view>>* provenance = nullptr;
};

/// A route's list of the bodies in role `which` (const or not, as the route is).
template <class Route> auto& role_list(Route& r, role which) noexcept {
    switch (which) {
    case role::lead: return r.lead;
    case role::negotiate: return r.negotiate;
    case role::consult: return r.consult;
    case role::engage: return r.engage;
    case role::inform: break;
    }
    return r.inform;
}

/// Marks bodies seen in one pass, in O(1) and with nothing to clear between
/// passes: a new pass is a new stamp. Kept per thread and per call site
/// (`thread_local body_marks`), so two passes never share one.
class body_marks {
public:
    /// Starts a pass over a graph of `bodies` bodies.
    void start(std::size_t bodies) {
        if (stamps_.size() < bodies) stamps_.resize(bodies, 0);
        if (++pass_ == 0) {  // the stamps wrapped: clear them once
            std::fill(stamps_.begin(), stamps_.end(), 0);
            pass_ = 1;
        }
    }
    /// Marks `b`; whether it was not yet marked in this pass.
    bool mark(body_handle b) noexcept {
        std::uint32_t& stamp = stamps_[b.index()];
        if (stamp == pass_) return false;
        stamp = pass_;
        return true;
    }

private:
    std::vector<std::uint32_t> stamps_;
    std::uint32_t pass_ = 0;
};

#if defined(__GNUC__)  // GCC and Clang; other compilers choose for themselves
#define SPFGOV_DETAIL_NOINLINE [[gnu::noinline]]
#define SPFGOV_DETAIL_ALWAYS_INLINE [[gnu::always_inline]]
#else
#define SPFGOV_DETAIL_NOINLINE
#define SPFGOV_DETAIL_ALWAYS_INLINE
#endif

/// Appends `from` (32 handles or more) to `out`, which it must not alias, by
/// one memmove. body_handle is not a trivial type (its default is 0), so
/// the standard library's insert and assign may copy it handle by handle:
/// GCC 12 did, in a scalar loop of 4 instructions a handle, for lists of a
/// region's 1,300 JNCCs copied several times a route.
SPFGOV_DETAIL_NOINLINE inline void append_many_handles(std::vector<body_handle>& out, std::span<const body_handle> from) {
    static_assert(std::is_trivially_copyable_v<body_handle>);
    const std::size_t had = out.size();
    out.resize(had + from.size());  // zeroes them: a memset
    std::memmove(out.data() + had, from.data(), from.size_bytes());
}
/// Appends `from` to `out`, which it must not alias: a long list by
/// append_many_handles, a few in place (a call costs more than their loop).
SPFGOV_DETAIL_ALWAYS_INLINE inline void append_handles(std::vector<body_handle>& out, std::span<const body_handle> from) {
    if (from.size() >= 32) append_many_handles(out, from);
    else out.insert(out.end(), from.begin(), from.end());
}
/// `out` = `from` (which it must not alias), as append_handles copies.
inline void assign_handles(std::vector<body_handle>& out, std::span<const body_handle> from) {
    out.clear();
    append_handles(out, from);
}

/// Orders bodies by id (rank).
struct by_id_rank {
    const governance_graph* g;
    bool operator()(body_handle a, body_handle b) const { return g->id_rank(a) < g->id_rank(b); }
};

/// Sorts by id (rank) and drops duplicates.
inline void sort_unique(const governance_graph& g, std::vector<body_handle>& hs) {
    const auto by_id = [&](body_handle a, body_handle b) { return g.id_rank(a) < g.id_rank(b); };
    // Rows of the index are already in id order, each body once: most lists
    // need neither a sort nor a pass for repeats, and one pass tells (a
    // region's lists, 1,300 bodies each, were checked twice per list).
    const auto not_before = [&](body_handle a, body_handle b) { return !by_id(a, b); };
    if (std::adjacent_find(hs.begin(), hs.end(), not_before) == hs.end()) return;
    if (!std::is_sorted(hs.begin(), hs.end(), by_id)) std::sort(hs.begin(), hs.end(), by_id);
    hs.erase(std::unique(hs.begin(), hs.end()), hs.end());
}

/// Whether sorted-by-id `hs` holds `h`.
inline bool sorted_contains(const governance_graph& g, std::span<const body_handle> hs, body_handle h) {
    return std::binary_search(hs.begin(), hs.end(), h,
                              [&](body_handle a, body_handle b) { return g.id_rank(a) < g.id_rank(b); });
}

/// Day numbers for rationale values.
inline std::int64_t day_value(date d) { return static_cast<std::int64_t>(d.day_number()); }
inline date value_day(std::int64_t v) {
    return date(boost::gregorian::gregorian_calendar::from_day_number(static_cast<std::uint32_t>(v)));
}

/// A span of `values` [from, from+n) as body ids: rule renderers' helper.
inline std::span<const body_handle> slice(const std::vector<body_handle>& hs, std::size_t from, std::size_t n) {
    return std::span<const body_handle>(hs).subspan(from, n);
}

// The built-in rule units (src/rules/).
std::shared_ptr<const rule> make_r01_scope();
std::shared_ptr<const rule> make_r02_employer_primacy();
std::shared_ptr<const rule> make_r03_negotiation();
std::shared_ptr<const rule> make_r04_system_discussion();
std::shared_ptr<const rule> make_r05_lead();
std::shared_ptr<const rule> make_r06_regional_oversight();
std::shared_ptr<const rule> make_r07_national_and_subgroups();
std::shared_ptr<const rule> make_r08_people_boards();
std::shared_ptr<const rule> make_r09_ladder();
std::shared_ptr<const rule> make_r10_statutory_dates();
std::shared_ptr<const rule> make_r11_succession();
std::shared_ptr<const rule> make_r12_meetings();

/// R11's resolution of one body on the routing date (memoised per body,
/// domain.md §5.12), used by R11 and R10. Throws issue_error as R11 says.
void resolve_successors(routing_state& s, body_handle h, std::string_view pointer, std::vector<body_handle>& out,
                        std::vector<std::pair<body_handle, std::vector<body_handle>>>* notes);

/// The JNCCs of the affected employers that cover the issue's staff groups
/// (domain.md §5.6), sorted; employers with none are appended to `without`
/// when given.
std::vector<body_handle> affected_jnccs(const routing_state& s, std::vector<body_handle>* without = nullptr);
/// Why JNCC `b` (`valid` on the route's date or not) is not one R2 consults,
/// as the rest of a sentence after its id: not valid, no affected employer's,
/// or left out by the issue's staff groups (§5.6), naming what was chosen.
std::string why_jncc_not_consulted(const routing_state& s, body_handle b, bool valid);
/// The same, computed once per set of affected employers and kept in the
/// routing's scratch memory, or the unit's derived list when the affected
/// employers are one whole unit (valid until the affected employers change).
const std::vector<body_handle>& affected_jnccs_once(routing_state& s);
/// The affected employers with no JNCC for the issue's staff groups (as affected_jnccs_once).
const std::vector<body_handle>& affected_without_jnccs(routing_state& s);
/// The bodies of `rows` for each of `from`, sorted, each once.
std::vector<body_handle> gather(const routing_state& s, const body_rows& rows, std::span<const body_handle> from);
/// The same into `out` (cleared first): rows are sorted by id already, so
/// one row is copied and a few are merged rather than sorted.
void gather_into(const routing_state& s, const body_rows& rows, std::span<const body_handle> from,
                 std::vector<body_handle>& out);
/// The bodies of `rows` common to every affected employer.
std::vector<body_handle> common_to_affected(const routing_state& s, const body_rows& rows);
/// The same into `out` (cleared first).
void common_to_affected_into(const routing_state& s, const body_rows& rows, std::vector<body_handle>& out);
/// Sets the affected employers (sorted, each once) and their systems and
/// regions; forgets the JNCCs computed for the previous ones.
void set_affected(routing_state& s, std::span<const body_handle> employers);
/// The same for every member of system or region `unit` valid on the date,
/// from the lists the epoch derived for it (unit_derived).
void set_affected_unit(routing_state& s, body_handle unit);
/// For a rule's sentence about bodies it informed: those the route lists in
/// a stronger role instead (inform is "only informed", domain.md §3; a
/// custom rule, or nested units, may do it), as ` (S2-forum is also
/// engaged, so the route lists it there alone.)`; nothing otherwise.
void append_listed_elsewhere(std::string& out, std::span<const body_handle> informed, const route& r,
                             const governance_graph& g);
/// Walks the ladder breadth-first along `escalates` from `start` (sorted by
/// id, each once), each body once at the lowest level it is reached, into
/// `out` (cleared first); `stopped_ladders` as epoch_data holds them.
/// `next` is working memory.
void escalation_ladder(const governance_graph& g, const body_rows& escalates,
                       std::span<const std::pair<body_handle, body_handle>> stopped_ladders,
                       std::span<const body_handle> start, escalation_ladder_walk& out, std::vector<body_handle>& next);
/// When every body of `start` (sorted by id, each once) escalates to one
/// and the same body whose ladder the epoch holds (epoch_data::target_ladders):
/// that ladder. The ladder from `start` is then `start` with its bodies'
/// stops (stopped_at), then that ladder, as escalation_ladder would walk it
/// (no body of `start` is on it: the epoch's links have no cycle). Null otherwise.
[[nodiscard]] const escalation_ladder_walk* ladder_above_one_target(const index_data& x,
                                                                    std::span<const body_handle> start);
/// Where `b`'s ladder stops early (§5.10), if it does: the target; null if not.
[[nodiscard]] const body_handle* stopped_at(std::span<const std::pair<body_handle, body_handle>> stopped,
                                            body_handle b) noexcept;
/// The employers of `employers` in no system with a forum in `forums`
/// (R5), in their order, into `out` (cleared first).
void employers_without_system_forum_into(const body_rows& systems, const body_rows& forums,
                                         std::span<const body_handle> employers, std::vector<body_handle>& out);
/// ctx.add(which, bodies) for `bodies` sorted by id, each once: when the
/// route's list was empty, it is then known to be sorted (routing_state::sorted_lists).
void add_sorted(routing_context& ctx, role which, std::span<const body_handle> bodies);
/// The systems and regions of `employers`, each sorted by id, each once (cleared first).
void homes_of_employers_into(const governance_graph& g, const body_rows& systems_rows, const body_rows& regions_rows,
                             std::span<const body_handle> employers, std::vector<body_handle>& systems,
                             std::vector<body_handle>& regions);
/// `rows`' bodies common to every employer of `employers` (the first's
/// row, in its order, less what another lacks).
void common_to_employers_into(const body_rows& rows, std::span<const body_handle> employers,
                              std::vector<body_handle>& out);
/// Every JNCC of `employers` for staff groups `wanted` (§5.6; empty: every
/// staff group) into `out`, sorted by id, each once; the employers with
/// none into `without`, in their order.
void jnccs_of_employers_into(const governance_graph& g, const body_rows& jnccs, const std::vector<std::string>& wanted,
                             std::span<const body_handle> employers, std::vector<body_handle>& out,
                             std::vector<body_handle>& without);

/// R10's counts: per affected employer after succession, each once, summed
/// where predecessors merged, sorted by id. Warns (via ctx) of counts that
/// name no affected employer; fails with "redundancies_split" for a split.
/// Into `counts` (cleared first).
void redundancy_counts(routing_context& ctx, std::vector<std::pair<body_handle, std::int64_t>>& counts);
/// What to say when `employer` has ended by `first_dismissal`: s.188 binds
/// the employer proposing, so its dates stand, but its successor (named,
/// or said to be unknown) would dismiss. `redo`, when a successor is named:
/// what the user can run to see its side.
std::optional<std::string> ended_by_first_dismissal(const governance_graph& g, body_handle employer, date first_dismissal,
                                                    date on, std::string_view redo);

/// A built-in rule: id, title, default source and stage as data.
class builtin_rule : public rule {
public:
    builtin_rule(std::string_view id, std::string_view title, std::optional<std::string_view> source,
                 rule_stage stage, bool required = false) noexcept
        : id_(id), title_(title), source_(source), stage_(stage), required_(required) {}
    [[nodiscard]] std::string_view id() const noexcept override { return id_; }
    [[nodiscard]] std::string_view title() const noexcept override { return title_; }
    [[nodiscard]] std::optional<std::string_view> source() const noexcept override { return source_; }
    [[nodiscard]] rule_stage stage() const noexcept override { return stage_; }
    [[nodiscard]] bool required() const noexcept override { return required_; }

private:
    std::string_view id_, title_;
    std::optional<std::string_view> source_;
    rule_stage stage_;
    bool required_;
};

/// A built-in rule that renders its sentence in place (append_text, which it
/// must override); text() is that sentence as a string. Kept apart from
/// builtin_rule so that no rule can inherit two defaults calling each other.
class in_place_rule : public builtin_rule {
public:
    using builtin_rule::builtin_rule;
    [[nodiscard]] std::string text(const rationale_entry& e, const route& r, const governance_graph& g) const final {
        std::string out;
        append_text(out, e, r, g);
        return out;
    }
};

} // namespace spfgov::detail
