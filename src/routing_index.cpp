// The routing index: what routing needs on one date, computed once.
#include "routing_detail.hpp"

#include "spfgov/detail/cycles.hpp"

#include <algorithm>

namespace spfgov {

namespace {

using detail::epoch_data;

using detail::sort_unique;

std::vector<std::vector<body_handle>> rows_for(const governance_graph& g) {
    return std::vector<std::vector<body_handle>>(g.body_count());
}

template <class T> std::size_t vector_bytes(const std::vector<T>& v) { return v.capacity() * sizeof(T); }

/// Heap bytes of an epoch, estimated from capacities (allocator overhead of
/// about 16 bytes per block included for node-based containers).
std::size_t estimate_bytes(const epoch_data& x) {
    const governance_graph& g = *x.g;
    std::size_t n = sizeof(epoch_data) + sizeof(detail::as_of_mask);
    n += (g.body_count() + g.link_count()) / 8 + 64;  // the view's two bit masks
    for (const auto* rows : {&x.jnccs, &x.systems, &x.regions, &x.members, &x.forums, &x.boards, &x.lead_unions,
                             &x.escalates})
        n += rows->bytes();
    n += vector_bytes(x.stopped_at) + vector_bytes(x.national_forums) + vector_bytes(x.negotiating_bodies) +
         vector_bytes(x.subgroups);
    for (const auto& s : x.subgroups) n += vector_bytes(s.regions) + vector_bytes(s.systems);
    n += x.meetings.bucket_count() * sizeof(void*);
    for (const auto& [body, m] : x.meetings) {
        n += sizeof(std::pair<const std::uint32_t, detail::parsed_meeting>) + 2 * sizeof(void*) + 16;
        if (const auto* sched = std::get_if<meeting_schedule>(&m))
            n += vector_bytes(sched->rule.by_day) + vector_bytes(sched->rule.by_month) +
                 vector_bytes(sched->rule.by_month_day);
        else
            n += std::get<std::string>(m).capacity();
    }
    return n;
}

void build_index(epoch_data& x) {
    const governance_graph& g = *x.g;
    const as_of_view& v = x.view;
    using bk = body_kind;

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

    auto jnccs = rows_for(g), systems = rows_for(g), regions = rows_for(g), members = rows_for(g),
         forums = rows_for(g), boards = rows_for(g), unions = rows_for(g), escalates = rows_for(g);
    x.stopped_at.assign(g.body_count(), body_handle{});
    for (auto b : g.bodies()) x.stopped_at[b.index()] = b;

    for (auto b : g.bodies()) {
        if (!v.contains(b)) continue;
        const body_kind k = g[b].kind;
        escalates[b.index()] = v.targets(b, relation::escalates_to);
        switch (k) {
        case bk::jncc:
            for (auto e : v.targets(b, relation::committee_of)) jnccs[e.index()].push_back(b);
            break;
        case bk::employer:
            for (auto s : v.targets(b, relation::part_of)) {
                systems[b.index()].push_back(s);
                members[s.index()].push_back(b);
            }
            break;
        case bk::system:
            for (auto r : v.targets(b, relation::part_of)) regions[b.index()].push_back(r);
            break;
        case bk::system_forum:
        case bk::regional_forum:
            for (auto c : v.targets(b, relation::committee_of)) forums[c.index()].push_back(b);
            if (k == bk::system_forum) unions[b.index()] = v.sources(b, relation::lead_union);
            break;
        case bk::people_board:
        case bk::regional_people_board:
            for (auto c : v.targets(b, relation::committee_of)) boards[c.index()].push_back(b);
            break;
        case bk::national_forum:
            x.national_forums.push_back(b);
            break;
        case bk::negotiating_body:
            x.negotiating_bodies.push_back(b);
            break;
        default:
            break;
        }
        if (g[b].meets) {
            // Parsed once per index; R12 computes the next meeting only for
            // the bodies a route names.
            try {
                x.meetings.emplace(b.index(), detail::parsed_meeting{meeting_schedule{
                                                  parse_rrule(g[b].meets->rule), g[b].meets->start,
                                                  g[b].meets->papers_days.value_or(-1)}});
            } catch (const error& e) {
                x.meetings.emplace(b.index(), detail::parsed_meeting{std::string(e.what())});
            }
        }
    }
    // A link valid on the date whose target is not: the ladder stops there (§5.10).
    for (auto l : g.links()) {
        const link_data& data = g[l];
        if (data.rel != relation::escalates_to || !data.valid.contains(x.built_on)) continue;
        const auto from = g.source(l), to = g.target(l);
        if (v.contains(from) && !v.contains(to)) x.stopped_at[from.index()] = to;
    }
    // Employers' regions via their systems; regions' members via systems.
    for (auto b : g.bodies()) {
        if (!v.contains(b) || g[b].kind != bk::employer) continue;
        for (auto s : systems[b.index()])
            for (auto r : regions[s.index()]) {
                regions[b.index()].push_back(r);
                members[r.index()].push_back(b);
            }
    }
    for (auto* rows : {&jnccs, &systems, &regions, &members, &forums, &boards, &unions})
        for (auto& r : *rows) sort_unique(g, r);
    sort_unique(g, x.national_forums);
    sort_unique(g, x.negotiating_bodies);

    for (auto s : v.bodies_of_kind(bk::subgroup)) {
        detail::subgroup_info info{s, g[s].remit, g[s].remit_sectors, false, {}, {}};
        if (!g[s].has_remit || g[s].remit.empty()) continue;  // §5.9: no remit, never engaged
        for (auto parent : v.targets(s, relation::subgroup_of)) {
            switch (g[parent].kind) {
            case bk::national_forum: info.national = true; break;
            case bk::regional_forum:
            case bk::regional_people_board:
                for (auto r : v.targets(parent, relation::committee_of)) info.regions.push_back(r);
                break;
            case bk::people_board:
                for (auto sys : v.targets(parent, relation::committee_of)) info.systems.push_back(sys);
                break;
            default: break;
            }
        }
        x.subgroups.push_back(std::move(info));
    }

    x.jnccs.build(jnccs);
    x.systems.build(systems);
    x.regions.build(regions);
    x.members.build(members);
    x.forums.build(forums);
    x.boards.build(boards);
    x.lead_unions.build(unions);
    x.escalates.build(escalates);
    x.bytes = estimate_bytes(x);
}

} // namespace

std::shared_ptr<const epoch_data> detail::build_epoch(const governance_graph& g, date on) {
    auto x = std::make_shared<epoch_data>(g, on);
    build_index(*x);
    return x;
}

routing_index::routing_index(const governance_graph& g, date on)
    : data_(std::make_unique<detail::index_data>(detail::build_epoch(g, on), on)) {}
routing_index::routing_index(std::shared_ptr<const detail::epoch_data> epoch, date on)
    : data_(std::make_unique<detail::index_data>(std::move(epoch), on)) {}
routing_index::~routing_index() = default;
routing_index::routing_index(routing_index&&) noexcept = default;
routing_index& routing_index::operator=(routing_index&&) noexcept = default;
const governance_graph& routing_index::graph() const noexcept { return *data_->g; }
const as_of_view& routing_index::view() const noexcept { return data_->view; }
std::size_t routing_index::memory_bytes() const noexcept { return data_->epoch->bytes; }
date routing_index::on() const noexcept { return data_->on; }

} // namespace spfgov
