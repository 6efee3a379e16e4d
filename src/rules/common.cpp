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

std::vector<body_handle> gather(const routing_state& s, const body_rows& rows, std::span<const body_handle> from) {
    std::vector<body_handle> out;
    for (auto c : from) {
        const auto f = rows[c];
        out.insert(out.end(), f.begin(), f.end());
    }
    sort_unique(s.g, out);
    return out;
}

std::vector<body_handle> common_to_affected(const routing_state& s, const body_rows& rows) {
    std::vector<body_handle> acc;
    bool first = true;
    for (auto e : s.affected) {
        const auto mine = rows[e];
        if (first) {
            acc.assign(mine.begin(), mine.end());
            first = false;
        } else {
            std::erase_if(acc, [&](body_handle h) { return std::find(mine.begin(), mine.end(), h) == mine.end(); });
        }
    }
    return acc;
}

} // namespace spfgov::detail
