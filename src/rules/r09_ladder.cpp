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
        scratch_list current_list(s.scratch), next_list(s.scratch), bodies(s.scratch);
        auto& current = *current_list;
        auto& next = *next_list;
        current = r.consult.empty() ? r.engage : r.consult;
        sort_unique(g, current);
        // Each body once, at the lowest level it is reached: O(1) marks that
        // need no clearing between routes (a new pass per route).
        thread_local body_marks reached;
        reached.start(g.body_count());
        for (auto b : current) reached.mark(b);
        r.escalation.clear();
        r.escalation.reserve(4);  // consult, forums, regions, national: most ladders have at most four levels
        auto& e = ctx.explain();
        e.values.reserve(4);
        while (!current.empty()) {
            next.clear();
            for (auto b : current) {
                for (auto t : s.x.escalates[b])
                    if (reached.mark(t)) next.push_back(t);
                if (const auto stop = s.x.stopped_at(b))
                    ctx.warn("escalation stops early: " + g.id(b) + " escalates_to " + g.id(*stop) +
                             ", which is not valid on " + to_iso(s.x.on) + " (R9)");
            }
            sort_unique(g, next);
            // bodies: the levels one after another; values: their sizes.
            bodies->insert(bodies->end(), current.begin(), current.end());
            e.values.push_back(static_cast<std::int64_t>(current.size()));
            r.escalation.push_back(take_spare_level(s.scratch));  // a refilled route's level, if any
            r.escalation.back().assign(current.begin(), current.end());
            current.swap(next);
        }
        e.bodies = *bodies;
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
