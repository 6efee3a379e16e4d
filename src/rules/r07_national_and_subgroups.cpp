// R7 National and sub-groups: the national forum is engaged at national
// scope; a sub-group whose remit holds the issue's kind is engaged when its
// parent covers the issue (domain.md §3, §5.9).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r07_national_and_subgroups final : public in_place_rule {
public:
    r07_national_and_subgroups()
        : in_place_rule("R7", "National and sub-groups",
                       "How we do partnership (SPF); Supporting system change (SPF ICS Transition Partnership Group, 2021)",
                       rule_stage::membership) {}

    static bool parent_covers(const routing_state& s, const subgroup_info& sg) {
        auto meets = [](const std::vector<body_handle>& mine, const std::vector<body_handle>& affected) {
            return std::any_of(mine.begin(), mine.end(), [&](body_handle h) {
                return std::find(affected.begin(), affected.end(), h) != affected.end();
            });
        };
        return sg.national || meets(sg.regions, s.regions) || meets(sg.systems, s.systems);
    }

    /// §5.9: with remit_sectors, some affected employer (after succession) is
    /// of a listed sector; an issue naming no employer matches.
    static bool sectors_match(const routing_state& s, const subgroup_info& sg) {
        if (sg.sectors.empty() || s.affected.empty()) return true;
        return std::any_of(s.affected.begin(), s.affected.end(), [&](body_handle e) {
            const auto& sector = s.g[e].sector;
            return sector && sg.sectors.contains(*sector);
        });
    }

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        std::span<const body_handle> national;
        if (s.r.scope == level::national) national = s.x.national_forums;
        scratch_list subgroups(s.scratch);
        // Only the sub-groups whose remit holds the issue's kind (the epoch sorted them by kind).
        if (const auto kind = static_cast<std::size_t>(s.is.kind); kind < s.x.subgroups_by_kind.size())
            for (const std::uint32_t i : s.x.subgroups_by_kind[kind])
                if (const auto& sg = s.x.subgroups[i]; parent_covers(s, sg) && sectors_match(s, sg))
                    subgroups->push_back(sg.handle);
        sort_unique(s.g, *subgroups);
        if (national.empty() && subgroups->empty()) return;
        ctx.add(role::engage, national);
        ctx.add(role::engage, *subgroups);
        // bodies: the national forums, then the sub-groups; values: their count, the issue's kind.
        auto& e = ctx.explain();
        e.values = {static_cast<std::int64_t>(national.size()), static_cast<std::int64_t>(s.is.kind)};
        e.bodies.reserve(national.size() + subgroups->size());
        assign_handles(e.bodies, national);
        append_handles(e.bodies, *subgroups);
    }

    void append_text(std::string& out, const rationale_entry& e, const route&, const governance_graph& g) const override {
        const auto n = static_cast<std::size_t>(e.values.at(0));
        const std::size_t start = out.size();
        if (n) {
            out += n == 1 ? "At national scope the national forum " : "At national scope the national forums ";
            append_id_list(out, g, slice(e.bodies, 0, n));
            out += n == 1 ? " is engaged: no surprises." : " are engaged: no surprises.";
        }
        if (e.bodies.size() > n) {
            const auto kind = static_cast<issue_kind>(e.values.at(1));
            if (out.size() != start) out += ' ';
            const bool one = e.bodies.size() - n == 1;
            out += one ? "Sub-group " : "Sub-groups ";
            append_id_list(out, g, slice(e.bodies, n, e.bodies.size() - n));
            out += one ? ", whose remit covers " : ", whose remits cover ";
            out += to_string(kind);
            out += one ? " issues (and the affected employers' sectors, where it names any) and whose parent covers "
                         "this one, is engaged."
                       : " issues (and the affected employers' sectors, where they name any) and whose parents cover "
                         "this one, are engaged.";
        }
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        const body& data = s.g[b];
        if (data.kind == body_kind::national_forum)
            return "R7 engages the national forum at national scope; this issue is " + std::string(to_string(s.r.scope)) +
                   " scope.";
        if (data.kind != body_kind::subgroup) return std::nullopt;
        if (!ctx.valid(b)) return "R7: sub-group " + data.id + " is not valid on " + to_iso(s.x.on) + ".";
        const auto it = std::find_if(s.x.subgroups.begin(), s.x.subgroups.end(),
                                     [&](const subgroup_info& sg) { return sg.handle == b; });
        if (it == s.x.subgroups.end()) return "R7 engages sub-groups by their remit; " + data.id + " has none.";
        if (!it->remit.contains(s.is.kind))
            return "R7 engages a sub-group whose remit holds the issue's kind; " + data.id + "'s remit does not hold " +
                   std::string(to_string(s.is.kind)) + ".";
        if (!parent_covers(s, *it))
            return "R7 engages a sub-group when its parent covers the issue; " + data.id +
                   "'s parent covers no affected region or system.";
        return "R7 engages " + data.id + " only for employers of the sectors in its remit_sectors; no affected employer "
               "is of one of them.";
    }
};

} // namespace

std::shared_ptr<const rule> make_r07_national_and_subgroups() { return std::make_shared<r07_national_and_subgroups>(); }

} // namespace spfgov::detail
