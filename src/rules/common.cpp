// Helpers shared by several rule units.
#include "../routing_detail.hpp"

namespace spfgov::detail {

std::vector<body_handle> affected_jnccs(const routing_state& s, std::vector<body_handle>* without) {
    std::vector<body_handle> out;
    for (auto e : s.affected) {
        const auto j = s.x.jnccs[e];
        if (j.empty() && without) without->push_back(e);
        out.insert(out.end(), j.begin(), j.end());
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
