// R9 Escalation ladder: breadth-first along escalates_to from the consult
// set (or the engage set), each body once at its lowest level (domain.md
// §3, §5.10).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r09_ladder final : public in_place_rule {
public:
    r09_ladder() : in_place_rule("R9", "Escalation ladder", std::nullopt, rule_stage::ladder, true) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const governance_graph& g = s.g;
        route& r = s.r;
        // The ladder: `first_level` (when not empty), then the levels of `above`.
        std::span<const body_handle> first_level;
        const escalation_ladder_walk* above = nullptr;
        scratch_list start_list(s.scratch), next_list(s.scratch);
        // Every JNCC of one whole system or region, as its routes' consult
        // sets mostly are: the ladder its epoch walked from them.
        constexpr auto consult_bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(role::consult));
        if (const unit_derived* u = s.affected_unit;
            u && !r.consult.empty() &&
            ((s.unit_jnccs_lists & consult_bit) ||
             std::equal(r.consult.begin(), r.consult.end(), u->jnccs.begin(), u->jnccs.end()))) {
            above = &u->ladder;
        } else {
            // The consult (or engage) set as the ladder's first level: read in
            // place when it is known to be sorted, each body once, else a copy sorted.
            const role first = r.consult.empty() ? role::engage : role::consult;
            const std::vector<body_handle>& listed = first == role::consult ? r.consult : r.engage;
            std::span<const body_handle> start = listed;
            if (!(s.sorted_lists & (1u << static_cast<unsigned>(first)))) {
                start_list->assign(listed.begin(), listed.end());
                sort_unique(g, *start_list);
                start = *start_list;
            }
            // One employer's JNCCs (or a system's) all climb to one forum:
            // the ladder the epoch holds for it, below which they are written
            // (not walked again, nor copied into a walk first).
            if ((above = ladder_above_one_target(s.x, start))) {
                first_level = start;
            } else {
                thread_local escalation_ladder_walk mine;
                escalation_ladder(g, s.x.escalates, s.x.stopped_ladders, start, mine, *next_list);
                above = &mine;
            }
        }
        const auto stops_early = [&](body_handle b, body_handle stop) {
            ctx.warn("escalation stops early: " + g.id(b) + " escalates_to " + g.id(stop) + ", which is not valid on " +
                     to_iso(s.x.on) + " (R9)");
        };
        for (auto b : first_level)  // the first level's stops come first, as a walk meets them
            if (const body_handle* stop = stopped_at(s.x.stopped_ladders, b)) stops_early(b, *stop);
        for (const auto& [b, stop] : above->stops) stops_early(b, stop);
        r.escalation.clear();
        r.escalation.reserve(4);  // consult, forums, regions, national: most ladders have at most four levels
        auto& e = ctx.explain();
        // bodies: the levels one after another; values: their sizes.
        e.values.clear();
        if (!first_level.empty()) e.values.push_back(static_cast<std::int64_t>(first_level.size()));
        e.values.insert(e.values.end(), above->sizes.begin(), above->sizes.end());
        assign_handles(e.bodies, first_level);
        append_handles(e.bodies, above->bodies);
        const auto add_level = [&](std::span<const body_handle> level_bodies) {
            r.escalation.push_back(take_spare_level(s.scratch));  // a refilled route's level, if any
            assign_handles(r.escalation.back(), level_bodies);
        };
        if (!first_level.empty()) add_level(first_level);
        std::size_t at = 0;
        for (const auto n : above->sizes) {
            add_level(std::span<const body_handle>(above->bodies).subspan(at, n));
            at += n;
        }
        s.sorted_lists |= routing_state::ladder_sorted;  // each level is (escalation_ladder)
    }

    void append_text(std::string& out, const rationale_entry& e, const route&, const governance_graph& g) const override {
        if (e.values.size() == 1) {  // nothing above the first level: no "level by level"
            out += "Escalation has one level, as no escalates_to link leads on from it: ";
            append_id_list(out, g, slice(e.bodies, 0, static_cast<std::size_t>(e.values[0])));
            out += '.';
            return;
        }
        out += "Escalation goes level by level along escalates_to links: ";
        std::size_t at = 0;
        for (std::size_t i = 0; i < e.values.size(); ++i) {
            const auto n = static_cast<std::size_t>(e.values[i]);
            if (i) out += " -> ";
            append_id_list(out, g, slice(e.bodies, at, n));
            at += n;
        }
        if (e.values.empty()) out += "no body to start from";
        out += '.';
    }
};

} // namespace

std::shared_ptr<const rule> make_r09_ladder() { return std::make_shared<r09_ladder>(); }

} // namespace spfgov::detail
