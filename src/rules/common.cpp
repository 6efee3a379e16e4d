// Helpers shared by several rule units.
#include "../detail_text.hpp"
#include "../routing_detail.hpp"

#include "spfgov/text.hpp"

namespace spfgov::detail {

namespace {

bool lists(const std::vector<std::string>& groups, const std::string& group) {
    return std::find(groups.begin(), groups.end(), group) != groups.end();
}

/// §5.6: one employer's JNCCs for the staff groups: those whose
/// staff_groups meet the issue's, plus its general JNCCs when some named
/// group has no specific committee there.
void jnccs_for_groups(const governance_graph& g, const std::vector<std::string>& wanted,
                      std::span<const body_handle> jnccs, std::vector<body_handle>& out) {
    if (wanted.empty()) {  // every staff group: every valid JNCC
        append_handles(out, jnccs);
        return;
    }
    bool uncovered = false;
    for (const auto& group : wanted) {
        bool specific = false;
        for (auto j : jnccs)
            if (lists(g[j].staff_groups, group)) specific = true;
        if (!specific) uncovered = true;
    }
    for (auto j : jnccs) {
        const auto& covers = g[j].staff_groups;
        if (covers.empty()) {
            if (uncovered) out.push_back(j);
        } else if (std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return lists(covers, w); })) {
            out.push_back(j);
        }
    }
}

} // namespace

void jnccs_of_employers_into(const governance_graph& g, const body_rows& jnccs, const std::vector<std::string>& wanted,
                             std::span<const body_handle> employers, std::vector<body_handle>& out,
                             std::vector<body_handle>& without) {
    out.clear();
    without.clear();
    for (auto e : employers) {
        const std::size_t before = out.size();
        jnccs_for_groups(g, wanted, jnccs[e], out);
        if (out.size() == before) without.push_back(e);
    }
    sort_unique(g, out);
}

namespace {
/// `"a", "b"`: staff groups for a message (the and a graph's text).
std::string quoted_groups(const std::vector<std::string>& groups) { return printable(text::quoted_list(groups)); }
} // namespace

std::string why_jncc_not_consulted(const routing_state& s, body_handle b, bool valid) {
    const governance_graph& g = s.g;
    if (!valid) return " is not valid on " + to_iso(s.x.on) + ".";
    for (auto e : s.affected) {
        const auto row = s.x.jnccs[e];
        if (std::find(row.begin(), row.end(), b) == row.end()) continue;
        // An affected employer's committee left out by §5.6's staff groups.
        const auto& wanted = s.is.staff_groups;
        const auto& covers = g[b].staff_groups;
        if (!covers.empty())
            return " is " + g.id(e) + "'s committee for " + quoted_groups(covers) +
                   ", and the issue's staff groups (" + quoted_groups(wanted) + ") are none of them.";
        std::vector<body_handle> specific;
        for (auto j : row)
            if (std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return lists(g[j].staff_groups, w); }))
                specific.push_back(j);
        if (specific.empty()) return " is " + g.id(e) + "'s general committee, for the issue's staff groups.";
        return " is " + g.id(e) + "'s general committee, but " + id_list(g, specific) +
               (specific.size() == 1 ? " lists" : " list") + " the issue's staff groups (" + quoted_groups(wanted) +
               "), so " + (specific.size() == 1 ? "it is" : "they are") + " consulted instead (§5.6).";
    }
    return " belongs to no affected employer.";
}

std::vector<body_handle> affected_jnccs(const routing_state& s, std::vector<body_handle>* without) {
    std::vector<body_handle> out, none;
    jnccs_of_employers_into(s.g, s.x.jnccs, s.is.staff_groups, s.affected, out, none);
    if (without) without->insert(without->end(), none.begin(), none.end());
    return out;
}

namespace {
/// Every member of one unit, for every staff group: the epoch derived the
/// lists, which are read in place (a region's 1,300 JNCCs were copied into
/// the scratch memory first, 4% of a whole-region route).
bool unit_lists_apply(const routing_state& s) noexcept { return s.affected_unit && s.is.staff_groups.empty(); }

void compute_affected_jnccs(routing_state& s) {
    routing_scratch& m = s.scratch;
    if (m.jnccs_known) return;
    jnccs_of_employers_into(s.g, s.x.jnccs, s.is.staff_groups, s.affected, m.jnccs, m.without_jnccs);
    m.jnccs_known = true;
    if (m.jnccs.size() <= 4)  // whom they escalate to: R9 reads it (set_affected says why now)
        for (auto j : m.jnccs) s.x.escalates.prefetch(j);
}
} // namespace

const std::vector<body_handle>& affected_jnccs_once(routing_state& s) {
    if (unit_lists_apply(s)) return s.affected_unit->jnccs;
    compute_affected_jnccs(s);
    return s.scratch.jnccs;
}

const std::vector<body_handle>& affected_without_jnccs(routing_state& s) {
    if (unit_lists_apply(s)) return s.affected_unit->without_jnccs;
    compute_affected_jnccs(s);
    return s.scratch.without_jnccs;
}

void gather_into(const routing_state& s, const body_rows& rows, std::span<const body_handle> from,
                 std::vector<body_handle>& out) {
    out.clear();
    if (from.size() == 1) {  // one row: sorted by id and each once already
        const auto f = rows[from.front()];
        assign_handles(out, f);
        return;
    }
    if (from.size() > 8) {  // many rows: one sort beats merging each in
        for (auto c : from) {
            const auto f = rows[c];
            append_handles(out, f);
        }
        sort_unique(s.g, out);
        return;
    }
    const by_id_rank less{&s.g};
    for (auto c : from) {
        const auto f = rows[c];
        if (f.empty()) continue;
        // Merge the sorted row into the sorted list so far, in place from the
        // back (room made first, so no buffer is needed).
        const std::size_t had = out.size();
        out.resize(had + f.size());
        auto write = out.end();
        auto mine = out.begin() + static_cast<std::ptrdiff_t>(had);
        auto theirs = f.end();
        while (theirs != f.begin()) {
            if (mine != out.begin() && less(*(theirs - 1), *(mine - 1)))
                *--write = *--mine;
            else
                *--write = *--theirs;
        }
    }
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::vector<body_handle> gather(const routing_state& s, const body_rows& rows, std::span<const body_handle> from) {
    std::vector<body_handle> out;
    gather_into(s, rows, from, out);
    return out;
}

void common_to_employers_into(const body_rows& rows, std::span<const body_handle> employers,
                              std::vector<body_handle>& out) {
    out.clear();
    bool first = true;
    for (auto e : employers) {
        const auto mine = rows[e];
        if (first) {
            assign_handles(out, mine);
            first = false;
        } else {
            std::erase_if(out, [&](body_handle h) { return std::find(mine.begin(), mine.end(), h) == mine.end(); });
        }
        if (out.empty()) return;  // nothing left in common
    }
}

void common_to_affected_into(const routing_state& s, const body_rows& rows, std::vector<body_handle>& out) {
    // Every member of one unit: the epoch's derived lists, for its own tables.
    if (const unit_derived* u = s.affected_unit; u && (&rows == &s.x.systems || &rows == &s.x.regions)) {
        const auto& common = &rows == &s.x.systems ? u->common_systems : u->common_regions;
        assign_handles(out, common);
        return;
    }
    common_to_employers_into(rows, s.affected, out);
}

std::vector<body_handle> common_to_affected(const routing_state& s, const body_rows& rows) {
    std::vector<body_handle> acc;
    common_to_affected_into(s, rows, acc);
    return acc;
}

void append_listed_elsewhere(std::string& out, std::span<const body_handle> informed, const route& r,
                             const governance_graph& g) {
    for (const body_handle b : informed) {
        if (sorted_contains(g, r.inform, b)) continue;  // as the sentence says
        for (const role stronger : {role::lead, role::negotiate, role::consult, role::engage}) {
            if (!sorted_contains(g, role_list(r, stronger), b)) continue;
            out += " (";
            append_printable(out, g.id(b));
            out += stronger == role::lead        ? " also leads"
                   : stronger == role::negotiate ? " also negotiates"
                   : stronger == role::consult   ? " is also consulted"
                                                 : " is also engaged";
            out += ", so the route lists it there alone.)";
            break;
        }
    }
}

void set_affected_unit(routing_state& s, body_handle unit) {
    const unit_derived* u = s.x.unit(unit);
    if (!u) {  // not derived (the epoch's first ask), or no member on the date
        set_affected(s, s.x.members[unit]);
        return;
    }
    const auto members = s.x.members[unit];  // sorted by id, each once
    assign_handles(s.affected, members);
    assign_handles(s.r.affected, s.affected);
    s.scratch.jnccs_known = false;
    s.unit_jnccs_lists = 0;
    assign_handles(s.systems, u->systems);
    assign_handles(s.regions, u->regions);
    s.affected_unit = u;
}

void set_affected(routing_state& s, std::span<const body_handle> employers) {
    assign_handles(s.affected, employers);
    sort_unique(s.g, s.affected);
    assign_handles(s.r.affected, s.affected);
    s.scratch.jnccs_known = false;
    s.affected_unit = nullptr;
    s.unit_jnccs_lists = 0;
    // The JNCCs of a few employers are read a few rules on (R2, R3): their
    // rows' misses overlap these (the systems' and regions') when started now.
    if (s.affected.size() <= 4)
        for (auto e : s.affected) s.x.jnccs.prefetch(e);
    homes_of_employers_into(s.g, s.x.systems, s.x.regions, s.affected, s.systems, s.regions);
}

// (A pointer, not an optional: asked for each of a region's ~1,300 bodies,
// the optional's flag byte, stored then read back within a wider load, cost
// a store-forwarding stall apiece, 12% of a whole-region route.)
const body_handle* stopped_at(std::span<const std::pair<body_handle, body_handle>> stopped, body_handle b) noexcept {
    if (stopped.empty()) return nullptr;
    const auto it = std::lower_bound(stopped.begin(), stopped.end(), b,
                                     [](const auto& p, body_handle x) { return p.first.index() < x.index(); });
    if (it == stopped.end() || it->first != b) return nullptr;
    return &it->second;
}

void escalation_ladder(const governance_graph& g, const body_rows& escalates,
                       std::span<const std::pair<body_handle, body_handle>> stopped_ladders,
                       std::span<const body_handle> start, escalation_ladder_walk& out, std::vector<body_handle>& next) {
    out.clear();
    // Each body once, at the lowest level it is reached: O(1) marks that
    // need no clearing between walks (a new pass per walk).
    thread_local body_marks reached;
    reached.start(g.body_count());
    for (auto b : start) reached.mark(b);
    assign_handles(out.bodies, start);
    std::size_t level_start = 0;
    while (level_start < out.bodies.size()) {
        const std::size_t level_end = out.bodies.size();
        out.sizes.push_back(static_cast<std::uint32_t>(level_end - level_start));
        next.clear();
        for (std::size_t i = level_start; i < level_end; ++i) {
            const body_handle b = out.bodies[i];
            for (auto t : escalates[b])
                if (reached.mark(t)) next.push_back(t);
            if (const body_handle* stop = stopped_at(stopped_ladders, b)) out.stops.emplace_back(b, *stop);
        }
        sort_unique(g, next);
        append_handles(out.bodies, next);
        level_start = level_end;
    }
}

const escalation_ladder_walk* ladder_above_one_target(const index_data& x, std::span<const body_handle> start) {
    if (start.empty() || x.target_ladders.empty()) return nullptr;
    body_handle target;
    for (std::size_t i = 0; i < start.size(); ++i) {
        const auto up = x.escalates[start[i]];
        if (up.size() != 1 || (i > 0 && up.front() != target)) return nullptr;
        target = up.front();
    }
    const std::size_t at = x.target_ladder_positions.position(target);
    return at == body_positions::none ? nullptr : &x.target_ladders[at].second;
}

void employers_without_system_forum_into(const body_rows& systems, const body_rows& forums,
                                         std::span<const body_handle> employers, std::vector<body_handle>& out) {
    out.clear();
    for (auto e : employers) {
        const auto mine = systems[e];
        if (std::none_of(mine.begin(), mine.end(), [&](body_handle sys) { return !forums[sys].empty(); }))
            out.push_back(e);
    }
}

void add_sorted(routing_context& ctx, role which, std::span<const body_handle> bodies) {
    if (bodies.empty()) return;  // nothing added: the list stays as known
    const bool was_empty = ctx.members(which).empty();
    ctx.add(which, bodies);
    if (!was_empty) return;
    routing_state& s = ctx.state();
    const auto bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(which));
    s.sorted_lists |= bit;
    if (const unit_derived* u = s.affected_unit; u && bodies.data() == u->jnccs.data() && bodies.size() == u->jnccs.size())
        s.unit_jnccs_lists |= bit;
}

void homes_of_employers_into(const governance_graph& g, const body_rows& systems_rows, const body_rows& regions_rows,
                             std::span<const body_handle> employers, std::vector<body_handle>& systems,
                             std::vector<body_handle>& regions) {
    // Each employer's systems and regions, each once: a region's hundreds of
    // employers name a few systems hundreds of times, and sorting the
    // repeats was 4.5% of a generated batch's CPU. Then a short sort.
    if (employers.size() == 1) {  // one employer's rows: sorted by id, each once already
        const auto mine = systems_rows[employers.front()];
        assign_handles(systems, mine);
        const auto its = regions_rows[employers.front()];
        assign_handles(regions, its);
        return;
    }
    systems.clear();
    regions.clear();
    // Marks apiece: under a graph's own `allow` rules one body can be both
    // an employer's system and its region (system part_of system).
    thread_local body_marks seen_systems, seen_regions;
    seen_systems.start(g.body_count());
    seen_regions.start(g.body_count());
    for (auto e : employers) {
        for (auto sy : systems_rows[e])
            if (seen_systems.mark(sy)) systems.push_back(sy);
        for (auto rg : regions_rows[e])
            if (seen_regions.mark(rg)) regions.push_back(rg);
    }
    sort_unique(g, systems);
    sort_unique(g, regions);
}

} // namespace spfgov::detail
