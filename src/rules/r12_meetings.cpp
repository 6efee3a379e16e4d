// R12 Meetings: for each body that leads or is engaged, the first meeting
// whose papers deadline is on or after the routing date. Computed only for
// the bodies a route names (domain.md §3).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

/// The next meetings this thread has worked out, by (epoch, body, papers
/// days, date): a batch routes many issues on one date, each naming the
/// same few forums, and working a meeting out again (the rule's periods,
/// the calendar) was 12% of the generated mix's instructions. Direct-mapped
/// and per thread (no lock, no sharing between threads); the epoch's serial
/// is never reused, so an epoch freed and another built at its address
/// cannot be mistaken for it. A fixed 2,048 answers: 80 KiB a thread.
class next_meeting_memo {
public:
    struct answer {
        std::uint64_t epoch = 0;  // 0: empty (serials start at 1)
        std::uint32_t body = 0;
        std::uint32_t on = 0;     // the date's day number
        std::int32_t papers_days = 0;
        std::optional<next_meeting_result> next;
    };

    answer& slot(std::uint64_t epoch, body_handle b, date on, working_days papers) {
        if (slots_.empty()) slots_.resize(size);
        constexpr std::uint64_t k1{0x9E3779B97F4A7C15}, k2{0xC2B2AE3D27D4EB4F}, k3{0x165667B19E3779F9};
        const std::uint64_t h = (epoch * k1) ^ (std::uint64_t{b.index()} * k2) ^ (std::uint64_t{on.day_number()} * k3) ^
                                static_cast<std::uint64_t>(papers.count());
        return slots_[(h ^ (h >> 29)) & (size - 1)];
    }
    static bool holds(const answer& a, std::uint64_t epoch, body_handle b, date on, working_days papers) noexcept {
        return a.epoch == epoch && a.body == b.index() && a.on == on.day_number() && a.papers_days == papers.count();
    }

private:
    static constexpr std::size_t size = 2048;
    std::vector<answer> slots_;
};

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
            thread_local next_meeting_memo memo;
            auto& known = memo.slot(s.x.epoch->serial, b, s.x.on, papers);
            if (!next_meeting_memo::holds(known, s.x.epoch->serial, b, s.x.on, papers)) {
                // Copied only to fill in the policy's papers_days, into scratch
                // memory whose vectors keep their capacity.
                if (parsed->papers_days != papers) {
                    s.scratch.schedule = *parsed;
                    s.scratch.schedule.papers_days = papers;
                    parsed = &s.scratch.schedule;
                }
                try {
                    known.next = next_meeting(*parsed, s.x.on);
                } catch (const error& e) {  // a date the calendar does not cover (not kept: warned each time)
                    known.epoch = 0;
                    ctx.warn("meeting rule of " + g.id(b) + " is invalid: " + std::string(e.what()) + " (R12)");
                    continue;
                }
                known.epoch = s.x.epoch->serial;
                known.body = b.index();
                known.on = s.x.on.day_number();
                known.papers_days = static_cast<std::int32_t>(papers.count());
            }
            const std::optional<next_meeting_result> next = known.next;  // a copy: nothing may reuse the slot meanwhile
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
