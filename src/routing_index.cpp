// The routing index: what routing needs on one date, computed once.
#include "routing_detail.hpp"

#include "spfgov/detail/cycles.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <tuple>
#include <type_traits>

namespace spfgov {

namespace {

using detail::epoch_data;

using detail::sort_unique;

template <class T> std::size_t vector_bytes(const std::vector<T>& v) { return v.capacity() * sizeof(T); }

/// Heap bytes of an epoch, estimated from capacities (allocator overhead of
/// about 16 bytes per block included for node-based containers).
std::size_t estimate_bytes(const epoch_data& x) {
    const governance_graph& g = *x.g;
    std::size_t n = sizeof(epoch_data) + sizeof(detail::as_of_mask);
    n += (g.body_count() + g.link_count()) / 8 + 64;  // the view's two bit masks
    for (const auto* rows : x.tables()) n += rows->own_bytes();
    n += vector_bytes(x.stopped_ladders) + vector_bytes(x.national_forums) + vector_bytes(x.negotiating_bodies) +
         vector_bytes(x.subgroups);
    for (const auto& s : x.subgroups) n += vector_bytes(s.regions) + vector_bytes(s.systems);
    n += vector_bytes(x.subgroups_by_kind);
    for (const auto& k : x.subgroups_by_kind) n += vector_bytes(k);
    n += vector_bytes(x.target_ladders) + x.target_ladder_positions.bytes();
    for (const auto& [t, w] : x.target_ladders) n += vector_bytes(w.bodies) + vector_bytes(w.sizes) + vector_bytes(w.stops);
    // Each unit's derived lists, made later (index_data::unit), counted now,
    // generously: its JNCCs and ladder about twice the members' JNCCs each,
    // with vectors' doubling, the employers without a JNCC or a forum, and
    // the JNCCs with a meeting rule (at most all of them).
    n += vector_bytes(x.units);
    for (const auto& u : x.units)
        n += sizeof(detail::lazy_unit_derived) + 16 + (10 * x.members[u->derived.unit].size() + 32) * sizeof(body_handle);
    n += x.meetings.bytes();
    return n;
}

/// The whole table laid out densely (row starts for every row, then the
/// items), in the thread's scratch: body_rows::build then cuts it into
/// chunks.
void lay_out(std::size_t rows, const detail::body_rows::pairs& found, const governance_graph* by_id,
             std::vector<std::uint32_t>& offsets, std::vector<body_handle>& items) {
    // Counts, then each row's start (a prefix sum), then each pair placed
    // at its row's cursor. The cursors end as the next rows' starts, so
    // one shift restores the starts: no second array of cursors.
    offsets.assign(rows + 1, 0);
    for (const auto& [row, item] : found) {
        assert(row < rows);
        ++offsets[row];
    }
    std::uint32_t start = 0;
    for (std::size_t r = 0; r < rows; ++r) start += std::exchange(offsets[r], start);
    items.resize(found.size());
    for (const auto& [row, item] : found) items[offsets[row]++] = item;
    std::copy_backward(offsets.begin(), offsets.end() - 1, offsets.end());
    offsets[0] = 0;
    if (!by_id) return;

    // Rows are mostly in id order already (gathered in id order:
    // build_index). One pass over the pairs, in the order they were laid
    // out, finds the rows not strictly increasing by id (a row's last rank
    // so far kept per row): checking every row, and sorting and compacting
    // them all when one was out of order, was a fifth of an epoch's build.
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max(), bad = none - 1;
    thread_local std::vector<std::uint32_t> last_rank;
    thread_local std::vector<std::uint32_t> bad_rows;
    last_rank.assign(rows, none);
    bad_rows.clear();
    for (const auto& [row, item] : found) {
        std::uint32_t& last = last_rank[row];
        const std::uint32_t rank = by_id->id_rank(item);
        if (last == bad) continue;
        if (last != none && rank <= last) {
            last = bad;
            bad_rows.push_back(row);
        } else {
            last = rank;
        }
    }
    if (rows > (std::size_t{1} << 17)) last_rank = {};  // a million-body graph's ranks do not stay with the thread
    if (bad_rows.empty()) return;
    const auto trim_bad_rows = [] {
        if (bad_rows.capacity() > (std::size_t{1} << 17)) bad_rows = {};  // nor a hostile graph's million bad rows
    };
    // Each bad row sorted and its repeats dropped where it stands; the rows
    // after a repeat then move left by what was dropped before them.
    std::sort(bad_rows.begin(), bad_rows.end());
    const auto by_rank = [&](body_handle a, body_handle b) { return by_id->id_rank(a) < by_id->id_rank(b); };
    std::uint32_t dropped = 0;
    std::size_t moved_from = 0;  // the first row whose start is not yet moved
    std::uint32_t segment = 0;   // the first item not yet moved
    for (const std::uint32_t r : bad_rows) {
        const std::uint32_t begin = offsets[r], end = offsets[r + 1];
        auto first = items.begin() + begin;
        // (Most bad rows only repeat a body: a region's employers reached
        // through two of its systems. Those are sorted already.)
        if (!std::is_sorted(first, items.begin() + end, by_rank)) std::sort(first, items.begin() + end, by_rank);
        const auto kept_end = std::unique(first, items.begin() + end);
        const auto kept = static_cast<std::uint32_t>(kept_end - first);
        if (dropped != 0) {
            std::move(items.begin() + segment, items.begin() + begin + kept, items.begin() + (segment - dropped));
            for (std::size_t x = moved_from; x <= r; ++x) offsets[x] -= dropped;
        }
        moved_from = r + 1;
        segment = end;
        dropped += (end - begin) - kept;
    }
    if (dropped != 0) {
        std::move(items.begin() + segment, items.end(), items.begin() + (segment - dropped));
        for (std::size_t x = moved_from; x <= rows; ++x) offsets[x] -= dropped;
        items.resize(items.size() - dropped);
    }
    trim_bad_rows();
}

} // namespace

std::size_t detail::held_chunks::add(const epoch_data& x) {
    std::size_t added = x.own_bytes;
    std::size_t counted = 0;  // chunks counted in so far: counted out again if a map node cannot be had
    try {
        for (const auto* rows : x.tables())
            for (const auto& c : rows->chunks()) {
                if (++epochs_holding_[c.get()] == 1) added += body_rows::chunk_bytes(*c);
                ++counted;
            }
    } catch (...) {
        for (const auto* rows : x.tables())
            for (const auto& c : rows->chunks()) {
                if (counted-- == 0) throw;
                const auto it = epochs_holding_.find(c.get());
                if (--it->second == 0) epochs_holding_.erase(it);
            }
        throw;
    }
    return added;
}

std::size_t detail::held_chunks::remove(const epoch_data& x) noexcept {
    std::size_t freed = x.own_bytes;
    for (const auto* rows : x.tables())
        for (const auto& c : rows->chunks()) {
            const auto it = epochs_holding_.find(c.get());
            assert(it != epochs_holding_.end());
            if (--it->second == 0) {
                freed += body_rows::chunk_bytes(*c);
                epochs_holding_.erase(it);
            }
        }
    return freed;
}

std::size_t detail::chunk_pool::entries() {
    std::lock_guard lock(mutex_);
    return by_hash_.size();
}

void detail::chunk_pool::sweep_if_due() {
    // Chunks of evicted epochs leave expired entries behind: swept whenever
    // the entries have doubled since the last sweep, so they stay bounded.
    if (by_hash_.size() < 2 * swept_size_ + 1024) return;
    std::erase_if(by_hash_, [](const auto& entry) { return entry.second.expired(); });
    swept_size_ = by_hash_.size();
}

void detail::body_rows::build(std::size_t rows, const pairs& found, const governance_graph* by_id,
                              chunk_pool* pool) {
    thread_local std::vector<std::uint32_t> offsets;
    thread_local std::vector<body_handle> items;
    lay_out(rows, found, by_id, offsets, items);
    const std::size_t chunks = (rows + chunk_rows - 1) / chunk_rows;
    chunks_.clear();
    chunks_.reserve(chunks);
    chunk_data_.clear();
    chunk_data_.reserve(chunks);
    for (std::size_t c = 0; c < chunks; ++c) {
        // Row starts relative to the chunk's first item; rows past the
        // table's end (the last chunk's) are empty.
        const std::size_t first = c * chunk_rows, last = std::min(rows, first + chunk_rows);
        const std::uint32_t base = offsets[first], end = offsets[last];
        const std::span<const std::uint32_t> starts(offsets.data() + first, last - first + 1);
        const std::span<const body_handle> chunk_items(items.data() + base, end - base);
        const auto make = [&] {
            auto made = std::make_shared<rows_chunk>();
            made->reserve(chunk_rows + 1 + chunk_items.size());
            for (const std::uint32_t start : starts) made->emplace_back(start - base);
            made->resize(chunk_rows + 1, body_handle{end - base});
            made->insert(made->end(), chunk_items.begin(), chunk_items.end());
            return std::shared_ptr<const rows_chunk>(std::move(made));
        };
        if (!pool) {
            chunks_.push_back(make());
        } else {
            // Sums, not a chain of multiplications: the hash only groups
            // chunks (equals decides), and sums vectorise.
            std::uint64_t start_sum = 0, item_sum = 0, item_weighted = 0;
            for (const std::uint32_t start : starts) start_sum += start - base;
            for (std::size_t i = 0; i < chunk_items.size(); ++i) {
                item_sum += chunk_items[i].index();
                item_weighted += std::uint64_t{chunk_items[i].index()} * (i + 1);
            }
            const std::uint64_t hash = (start_sum * 0x9E3779B97F4A7C15ULL) ^ (item_sum * 0xC2B2AE3D27D4EB4FULL) ^
                                       (item_weighted * 0x165667B19E3779F9ULL) ^ chunk_items.size();
            const auto equals = [&](const rows_chunk& kept) {
                if (kept.size() != chunk_rows + 1 + chunk_items.size()) return false;
                for (std::size_t r = 0; r < starts.size(); ++r)
                    if (kept[r].index() != starts[r] - base) return false;
                for (std::size_t r = starts.size(); r <= chunk_rows; ++r)
                    if (kept[r].index() != end - base) return false;
                return std::equal(chunk_items.begin(), chunk_items.end(), kept.begin() + (chunk_rows + 1));
            };
            chunks_.push_back(pool->intern(hash, equals, make));
        }
        chunk_data_.push_back(chunks_.back()->data());
    }
    constexpr std::size_t max_kept = std::size_t{1} << 17;  // a million-body graph's layout does not stay with the thread
    if (offsets.capacity() > max_kept) offsets = {};
    if (items.capacity() > max_kept) items = {};
}

namespace {

/// The lists an epoch is built from, kept by a thread between builds.
struct epoch_build_scratch {
    std::tuple<detail::body_rows::pairs, detail::body_rows::pairs, detail::body_rows::pairs, detail::body_rows::pairs,
               detail::body_rows::pairs, detail::body_rows::pairs, detail::body_rows::pairs, detail::body_rows::pairs,
               std::vector<body_handle>>
        lists;
};

/// Lends a thread's scratch to one build: emptied for it, and afterwards
/// emptied again, keeping what is small enough (a 5,000-employer graph's
/// every pair fits; a million employers' do not stay with every thread).
class scratch_lease {
public:
    explicit scratch_lease(epoch_build_scratch& s) : s_(s) { clear(false); }
    scratch_lease(const scratch_lease&) = delete;
    scratch_lease& operator=(const scratch_lease&) = delete;
    ~scratch_lease() { clear(true); }

private:
    void clear(bool trim) {
        constexpr std::size_t max_kept = std::size_t{1} << 17;  // elements of each list
        std::apply([&](auto&... list) { (clear_one(list, trim && list.capacity() > max_kept), ...); }, s_.lists);
    }
    template <class List> static void clear_one(List& list, bool release) {
        if (release) List().swap(list);
        else list.clear();
    }
    epoch_build_scratch& s_;
};

void build_index(epoch_data& x, detail::chunk_pool* pool) {
    const governance_graph& g = *x.g;
    const as_of_view& v = x.view;

    // Only a graph with an escalates_to cycle on some date can have one on this date.
    const auto cycles = g.escalation_may_cycle()
                            ? detail::cycles_of(v.boost_graph(), g.body_count(), relation::escalates_to)
                            : std::vector<std::vector<body_handle>>{};
    if (!cycles.empty()) {
        std::string path;
        for (auto h : cycles.front()) path += g.id(h) + " -> ";
        path += g.id(cycles.front().front());
        throw graph_error("escalation_cycle", "escalates_to links valid on " + to_iso(x.built_on) +
                                                  " form a cycle (" + path + "); routing needs every ladder to end");
    }

    // The tables are gathered as (row, body) pairs and laid out once each
    // (body_rows::build); links are walked in place, not copied out.
    const auto& bg = g.boost_graph();  // every link: those not valid on the date are skipped below
    const auto each_source = [&](body_handle to, relation rel, auto&& f) {
        for (auto l : g.in_links(to))
            if (v.contains(l) && g[l].rel == rel) f(g.source(l));
    };
    // The pairs live in this thread's scratch: a batch builds dozens of
    // epochs, and growing them afresh each time touched new pages.
    thread_local epoch_build_scratch scratch;
    const scratch_lease lease(scratch);
    auto& [jnccs, systems, regions, members, forums, boards, unions, escalates, by_id] = scratch.lists;
    x.stopped_ladders.clear();

    // Bodies in id order, so that the rows gathered below come out sorted
    // by id (body_rows::build then only checks them): sorting the members
    // of every system was an eighth of each epoch's build.
    by_id.resize(g.body_count());
    for (auto b : g.bodies()) by_id[g.id_rank(b)] = b;

    for (auto b : by_id) {
        if (!v.contains(b)) continue;
        const body_kind k = g[b].kind;
        // One walk over the body's links (not one per relation), in link order.
        for (auto [it, end] = boost::out_edges(governance_graph::vertex(b), bg); it != end; ++it) {
            const link_data& data = bg[*it];
            const auto to = governance_graph::handle(boost::target(*it, bg));
            if (!v.contains(data.handle)) {
                // A link valid on the date whose target is not: the ladder
                // stops there (§5.10); the last such link, in link order.
                if (data.rel == relation::escalates_to && data.valid.contains(x.built_on) && !v.contains(to)) {
                    if (x.stopped_ladders.empty() || x.stopped_ladders.back().first != b)
                        x.stopped_ladders.emplace_back(b, to);
                    else
                        x.stopped_ladders.back().second = to;
                }
                continue;
            }
            switch (data.rel) {
            case relation::escalates_to:
                escalates.emplace_back(b.index(), to);
                break;
            case relation::committee_of:
                if (k == body_kind::jncc) jnccs.emplace_back(to.index(), b);
                else if (k == body_kind::system_forum || k == body_kind::regional_forum) forums.emplace_back(to.index(), b);
                else if (k == body_kind::people_board || k == body_kind::regional_people_board) boards.emplace_back(to.index(), b);
                break;
            case relation::part_of:
                if (k == body_kind::employer) {
                    systems.emplace_back(b.index(), to);
                    members.emplace_back(to.index(), b);
                } else if (k == body_kind::system) {
                    regions.emplace_back(b.index(), to);
                }
                break;
            default:
                break;
            }
        }
        switch (k) {
        case body_kind::system_forum:
            // (A plain reference: clang 14 cannot capture a structured binding.)
            each_source(b, relation::lead_union,
                        [&lead_unions = unions, b](body_handle u) { lead_unions.emplace_back(b.index(), u); });
            break;
        case body_kind::national_forum:
            x.national_forums.push_back(b);
            break;
        case body_kind::negotiating_body:
            x.negotiating_bodies.push_back(b);
            break;
        default:
            break;
        }
        if (g[b].meets) {
            // Parsed once per index; R12 computes the next meeting only for
            // the bodies a route names.
            try {
                x.meetings.add(b, detail::parsed_meeting{meeting_schedule{parse_rrule(g[b].meets->rule),
                                                                          g[b].meets->start,
                                                                          g[b].meets->papers_days.value_or(working_days{-1})}});
            } catch (const error& e) {
                x.meetings.add(b, detail::parsed_meeting{std::string(e.what())});
            }
        }
    }
    std::sort(x.stopped_ladders.begin(), x.stopped_ladders.end(),  // gathered in id order; looked up by index
              [](const auto& a, const auto& b) { return a.first.index() < b.first.index(); });
    const std::size_t rows = g.body_count();
    x.meetings.finish(rows);
    x.systems.build(rows, systems, &g, pool);
    // Employers' regions via their systems; regions' members via systems
    // (the systems' own regions, laid out first to be read here, and not
    // shared: the table is built again below).
    x.regions.build(rows, regions, &g, nullptr);
    for (auto b : by_id) {
        if (!v.contains(b) || g[b].kind != body_kind::employer) continue;
        for (auto s : x.systems[b])
            for (auto r : x.regions[s]) {
                regions.emplace_back(b.index(), r);
                members.emplace_back(r.index(), b);
            }
    }
    x.regions.build(rows, regions, &g, pool);
    sort_unique(g, x.national_forums);
    sort_unique(g, x.negotiating_bodies);

    for (auto s : v.bodies_of_kind(body_kind::subgroup)) {
        detail::subgroup_info info{s, g[s].remit, g[s].remit_sectors, false, {}, {}};
        if (!g[s].has_remit || g[s].remit.empty()) continue;  // §5.9: no remit, never engaged
        for (auto parent : v.targets(s, relation::subgroup_of)) {
            switch (g[parent].kind) {
            case body_kind::national_forum: info.national = true; break;
            case body_kind::regional_forum:
            case body_kind::regional_people_board:
                for (auto r : v.targets(parent, relation::committee_of)) info.regions.push_back(r);
                break;
            case body_kind::people_board:
                for (auto sys : v.targets(parent, relation::committee_of)) info.systems.push_back(sys);
                break;
            default: break;
            }
        }
        x.subgroups.push_back(std::move(info));
    }
    x.subgroups_by_kind.resize(enum_count<issue_kind>);
    for (std::size_t k = 0; k < enum_count<issue_kind>; ++k)
        for (std::size_t i = 0; i < x.subgroups.size(); ++i)
            if (x.subgroups[i].remit.contains(static_cast<issue_kind>(k)))
                x.subgroups_by_kind[k].push_back(static_cast<std::uint32_t>(i));

    x.jnccs.build(rows, jnccs, &g, pool);
    x.members.build(rows, members, &g, pool);
    x.forums.build(rows, forums, &g, pool);
    x.boards.build(rows, boards, &g, pool);
    x.lead_unions.build(rows, unions, &g, pool);
    x.escalates.build(rows, escalates, nullptr, pool);  // in link order: the ladder's order
    {
        // The ladder from each body a link climbs to (R9 puts consult sets
        // that all climb to one below it: ladder_above_one_target).
        thread_local detail::body_marks targeted;
        targeted.start(rows);
        std::vector<body_handle> targets;
        for (const auto& [from, to] : escalates)
            if (targeted.mark(to)) targets.push_back(to);
        std::sort(targets.begin(), targets.end(), [](body_handle a, body_handle b) { return a.index() < b.index(); });
        std::size_t budget = 4 * rows + 1024;  // handles, all ladders together
        std::vector<body_handle> next;
        for (auto t : targets) {
            detail::escalation_ladder_walk walk;
            escalation_ladder(g, x.escalates, x.stopped_ladders, std::span<const body_handle>(&t, 1), walk, next);
            if (walk.bodies.size() > budget) break;
            budget -= walk.bodies.size();
            x.target_ladders.emplace_back(t, std::move(walk));
        }
        x.target_ladder_positions.build(rows, x.target_ladders, [](const auto& entry) { return entry.first.index(); });
    }

    // Every body with members (systems and regions, or whatever a graph's
    // own `allow` rules make an employer part_of), by index: what they
    // derive is worked out when a route first names one (index_data::unit).
    {
        thread_local detail::body_marks seen;
        seen.start(rows);
        std::vector<body_handle> units;
        for (const auto& [row, employer] : members)
            if (seen.mark(body_handle{row})) units.push_back(body_handle{row});
        std::sort(units.begin(), units.end(), [](body_handle a, body_handle b) { return a.index() < b.index(); });
        x.units.reserve(units.size());
        for (auto u : units) x.units.push_back(std::make_unique<detail::lazy_unit_derived>(u));
    }
    x.own_bytes = estimate_bytes(x);
    x.bytes = detail::held_chunks().add(x);  // each chunk once: tables share chunks too (empty ones, mostly)
}

} // namespace

const detail::unit_derived* detail::index_data::unit(body_handle u) const {
    const auto it = std::lower_bound(units.begin(), units.end(), u, [](const auto& lazy, body_handle x) {
        return lazy->derived.unit.index() < x.index();
    });
    if (it == units.end() || (*it)->derived.unit != u) return nullptr;
    lazy_unit_derived& lazy = **it;
    if (!lazy.asked.load(std::memory_order_relaxed) && !lazy.asked.exchange(true, std::memory_order_relaxed))
        return nullptr;  // the first ask: the asker walks the members
    // By the functions a route would walk the members with, so the lists are
    // those walking gives.
    std::call_once(lazy.once, [&] {
        static const std::vector<std::string> every_staff_group;
        unit_derived& d = lazy.derived;
        const auto m = members[u];
        homes_of_employers_into(*g, systems, regions, m, d.systems, d.regions);
        common_to_employers_into(systems, m, d.common_systems);
        common_to_employers_into(regions, m, d.common_regions);
        jnccs_of_employers_into(*g, jnccs, every_staff_group, m, d.jnccs, d.without_jnccs);
        employers_without_system_forum_into(systems, forums, m, d.without_system_forum);
        std::vector<body_handle> next;
        if (!d.jnccs.empty()) escalation_ladder(*g, escalates, stopped_ladders, d.jnccs, d.ladder, next);
        const auto has_rule = [&](body_handle j) { return meetings.find(j) != nullptr; };
        d.jnccs_with_meetings.reserve(static_cast<std::size_t>(std::count_if(d.jnccs.begin(), d.jnccs.end(), has_rule)));
        std::copy_if(d.jnccs.begin(), d.jnccs.end(), std::back_inserter(d.jnccs_with_meetings), has_rule);
    });
    return &lazy.derived;
}

std::size_t detail::meeting_table::bytes() const noexcept {
    std::size_t n = vector_bytes(items_) + positions_.bytes();
    for (const auto& [body, m] : items_) {
        if (const auto* sched = std::get_if<meeting_schedule>(&m))
            n += vector_bytes(sched->rule.by_day) + vector_bytes(sched->rule.by_month) +
                 vector_bytes(sched->rule.by_month_day);
        else
            n += std::get<std::string>(m).capacity();
    }
    return n;
}

std::shared_ptr<const epoch_data> detail::build_epoch(const governance_graph& g, date on, chunk_pool* pool) {
    auto x = std::make_shared<epoch_data>(g, on);
    build_index(*x, pool);
    return x;
}

routing_index::routing_index(const governance_graph& g, date on)
    : data_(std::make_unique<detail::index_data>(detail::build_epoch(g, on), on)) {}
routing_index::routing_index(std::shared_ptr<const detail::epoch_data> epoch, date on)
    : data_(std::make_unique<detail::index_data>(std::move(epoch), on)) {}
routing_index::~routing_index() = default;
void routing_index::rebind(std::shared_ptr<const detail::epoch_data> epoch, date on) noexcept {
    static_assert(std::is_nothrow_constructible_v<detail::index_data, std::shared_ptr<const detail::epoch_data>, date>);
    std::destroy_at(data_.get());
    std::construct_at(data_.get(), std::move(epoch), on);
}
routing_index::routing_index(routing_index&&) noexcept = default;
routing_index& routing_index::operator=(routing_index&&) noexcept = default;
const governance_graph& routing_index::graph() const noexcept { return *data_->g; }
const as_of_view& routing_index::view() const& noexcept { return data_->view; }
std::size_t routing_index::memory_bytes() const noexcept { return data_->epoch->bytes; }
date routing_index::on() const noexcept { return data_->on; }

} // namespace spfgov
