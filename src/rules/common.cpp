// Helpers shared by several rule units.
#include "../routing_detail.hpp"

namespace spfgov::detail {

namespace {

bool lists(const std::vector<std::string>& groups, const std::string& group) {
    return std::find(groups.begin(), groups.end(), group) != groups.end();
}

/// §5.6: one employer's JNCCs for the staff groups: those whose
/// staff_groups meet the issue's, plus its general JNCCs when some named
/// group has no specific committee there.
void jnccs_for_groups(const routing_state& s, std::span<const body_handle> jnccs, std::vector<body_handle>& out) {
    const auto& wanted = s.is.staff_groups;
    if (wanted.empty()) {  // every staff group: every valid JNCC
        out.insert(out.end(), jnccs.begin(), jnccs.end());
        return;
    }
    bool uncovered = false;
    for (const auto& group : wanted) {
        bool specific = false;
        for (auto j : jnccs)
            if (lists(s.g[j].staff_groups, group)) specific = true;
        if (!specific) uncovered = true;
    }
    for (auto j : jnccs) {
        const auto& covers = s.g[j].staff_groups;
        if (covers.empty()) {
            if (uncovered) out.push_back(j);
        } else if (std::any_of(wanted.begin(), wanted.end(), [&](const std::string& g) { return lists(covers, g); })) {
            out.push_back(j);
        }
    }
}

} // namespace

std::vector<body_handle> affected_jnccs(const routing_state& s, std::vector<body_handle>* without) {
    std::vector<body_handle> out;
    for (auto e : s.affected) {
        const std::size_t before = out.size();
        jnccs_for_groups(s, s.x.jnccs[e], out);
        if (out.size() == before && without) without->push_back(e);
    }
    sort_unique(s.g, out);
    return out;
}

namespace {
void compute_affected_jnccs(routing_state& s) {
    routing_scratch& m = s.scratch;
    if (m.jnccs_known) return;
    m.jnccs.clear();
    m.without_jnccs.clear();
    for (auto e : s.affected) {
        const std::size_t before = m.jnccs.size();
        jnccs_for_groups(s, s.x.jnccs[e], m.jnccs);
        if (m.jnccs.size() == before) m.without_jnccs.push_back(e);
    }
    sort_unique(s.g, m.jnccs);
    m.jnccs_known = true;
}
} // namespace

const std::vector<body_handle>& affected_jnccs_once(routing_state& s) {
    compute_affected_jnccs(s);
    return s.scratch.jnccs;
}

const std::vector<body_handle>& affected_without_jnccs(routing_state& s) {
    compute_affected_jnccs(s);
    return s.scratch.without_jnccs;
}

void gather_into(const routing_state& s, const body_rows& rows, std::span<const body_handle> from,
                 std::vector<body_handle>& out) {
    out.clear();
    if (from.size() == 1) {  // one row: sorted by id and each once already
        const auto f = rows[from.front()];
        out.assign(f.begin(), f.end());
        return;
    }
    if (from.size() > 8) {  // many rows: one sort beats merging each in
        for (auto c : from) {
            const auto f = rows[c];
            out.insert(out.end(), f.begin(), f.end());
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

void common_to_affected_into(const routing_state& s, const body_rows& rows, std::vector<body_handle>& out) {
    out.clear();
    bool first = true;
    for (auto e : s.affected) {
        const auto mine = rows[e];
        if (first) {
            out.assign(mine.begin(), mine.end());
            first = false;
        } else {
            std::erase_if(out, [&](body_handle h) { return std::find(mine.begin(), mine.end(), h) == mine.end(); });
        }
        if (out.empty()) return;  // nothing left in common
    }
}

std::vector<body_handle> common_to_affected(const routing_state& s, const body_rows& rows) {
    std::vector<body_handle> acc;
    common_to_affected_into(s, rows, acc);
    return acc;
}

void set_affected(routing_state& s, std::span<const body_handle> employers) {
    s.affected.assign(employers.begin(), employers.end());
    sort_unique(s.g, s.affected);
    s.r.affected = s.affected;
    s.scratch.jnccs_known = false;
    // Each employer's systems and regions, each once: a region's hundreds of
    // employers name a few systems hundreds of times, and sorting the
    // repeats was 4.5% of a generated batch's CPU. Then a short sort.
    s.systems.clear();
    s.regions.clear();
    // Marks apiece: under a graph's own `allow` rules one body can be both
    // an employer's system and its region (system part_of system).
    thread_local body_marks seen_systems, seen_regions;
    seen_systems.start(s.g.body_count());
    seen_regions.start(s.g.body_count());
    for (auto e : s.affected) {
        for (auto sy : s.x.systems[e])
            if (seen_systems.mark(sy)) s.systems.push_back(sy);
        for (auto rg : s.x.regions[e])
            if (seen_regions.mark(rg)) s.regions.push_back(rg);
    }
    sort_unique(s.g, s.systems);
    sort_unique(s.g, s.regions);
}

} // namespace spfgov::detail
