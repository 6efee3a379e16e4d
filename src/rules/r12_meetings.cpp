// R12 Meetings: for each body that leads or is engaged, the first meeting
// whose papers deadline is on or after the routing date. Computed only for
// the bodies a route names (domain.md §3).
#include "../detail_meeting_timeline.hpp"
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r12_meetings final : public builtin_rule {
public:
    r12_meetings() : builtin_rule("R12", "Meetings", std::nullopt, rule_stage::meetings) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const governance_graph& g = s.g;
        if (s.x.meetings.empty()) return;  // no body of this epoch has a meeting rule
        scratch_list bodies_list(s.scratch), named_list(s.scratch);
        auto& bodies = *bodies_list;
        auto& named = *named_list;
        // Only the bodies with a rule are gathered and sorted (an engaged
        // region names hundreds of employers; few have a rule). A list that
        // is a whole unit's JNCCs: those of them with a rule, derived once.
        for (const role which : {role::lead, role::engage}) {
            const auto& list = which == role::lead ? s.r.lead : s.r.engage;
            if (s.unit_jnccs_lists & (1u << static_cast<unsigned>(which))) {
                append_handles(bodies, s.affected_unit->jnccs_with_meetings);
                continue;
            }
            for (auto b : list)
                if (s.x.meetings.find(b)) bodies.push_back(b);
        }
        sort_unique(g, bodies);
        for (auto b : bodies) {
            const parsed_meeting* rule_of_b = s.x.meetings.find(b);
            if (!rule_of_b) continue;  // gathered above only when it has one
            const meeting_schedule* parsed = std::get_if<meeting_schedule>(rule_of_b);
            if (!parsed) {  // unusable: the table holds why
                ctx.warn("meeting rule of " + g.id(b) + " is invalid: " + std::get<std::string>(*rule_of_b) + " (R12)");
                continue;
            }
            const working_days papers =
                parsed->papers_days < working_days{} ? s.policy.parameters.papers_days : parsed->papers_days;
            // Worked out once per meeting for this thread (meeting_timelines).
            thread_local meeting_timelines timelines;
            std::optional<next_meeting_result> next;
            try {
                next = timelines.answer(s.x.epoch->serial, b, papers, s.x.on, [&](date from) {
                    // Copied only to fill in the policy's papers_days, into scratch
                    // memory whose vectors keep their capacity.
                    if (parsed->papers_days != papers) {
                        s.scratch.schedule = *parsed;
                        s.scratch.schedule.papers_days = papers;
                        parsed = &s.scratch.schedule;
                    }
                    return next_meeting(*parsed, from);
                });
            } catch (const error& e) {  // a date the calendar does not cover (not kept: warned each time)
                ctx.warn("meeting rule of " + g.id(b) + " is invalid: " + std::string(e.what()) + " (R12)");
                continue;
            }
            if (!next) continue;
            s.r.meetings.push_back({b, next->meeting, next->papers_due, next->scheduled, next->moved});
            named.push_back(b);
        }
        if (!named.empty()) assign_handles(ctx.explain().bodies, named);
    }

    [[nodiscard]] std::string text(const rationale_entry& e, const route& r, const governance_graph& g) const override {
        std::string text;
        for (auto b : e.bodies) {
            const auto it = std::find_if(r.meetings.begin(), r.meetings.end(), [&](const meeting& m) { return m.body == b; });
            if (it == r.meetings.end()) continue;
            text += (text.empty() ? "" : " ") + g.id(b) + " next meets on " + to_iso(it->date) +
                    (it->moved ? " (moved from " + to_iso(it->scheduled) + ", not a working day)" : "") +
                    "; papers are due by " + to_iso(it->papers_due) + ".";
        }
        return text;
    }
};

} // namespace

std::shared_ptr<const rule> make_r12_meetings() { return std::make_shared<r12_meetings>(); }

} // namespace spfgov::detail
