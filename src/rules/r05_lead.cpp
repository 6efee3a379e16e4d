// R5 Who leads: without an agreed system-led process, each employer's
// JNCCs; with one, the forums covering the affected employers (domain.md
// §3, §5.8).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

enum form : std::uint8_t { national_forum_leads, employers_lead, system_led };

class r05_lead final : public builtin_rule {
public:
    r05_lead()
        : builtin_rule("R5", "Who leads", "Principles for partnership in workforce change for ICSs (SPF, 2022)",
                       rule_stage::membership) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const governance_graph& g = s.g;
        std::vector<body_handle> lead;
        std::optional<body_handle> lead_union;
        form f;
        if (s.affected.empty()) {
            f = national_forum_leads;
            lead = s.x.national_forums;
        } else if (!s.is.system_process_agreed) {
            f = employers_lead;
            lead = affected_jnccs(s);
        } else {
            f = system_led;
            // The lowest forum covering every affected employer.
            const auto cs = common_to_affected(s, s.x.systems), cr = common_to_affected(s, s.x.regions);
            if (auto sf = gather(s, s.x.forums, cs); !sf.empty()) {
                lead = std::move(sf);
            } else {
                if (!cs.empty())
                    ctx.warn("system " + id_list(g, cs) + " has no system forum valid on " + to_iso(s.x.on) +
                             "; the lead goes to the next level up (R5)");
                if (auto rf = gather(s, s.x.forums, cr); !rf.empty()) {
                    lead = std::move(rf);
                } else {
                    if (!cr.empty())
                        ctx.warn("region " + id_list(g, cr) + " has no regional forum valid on " + to_iso(s.x.on) +
                                 "; the lead goes to the national forum (R5)");
                    lead = s.x.national_forums;
                }
            }
            std::vector<body_handle> unions;
            for (auto forum : lead)
                if (g[forum].kind == body_kind::system_forum) {
                    const auto u = s.x.lead_unions[forum];
                    unions.insert(unions.end(), u.begin(), u.end());
                }
            sort_unique(g, unions);
            if (!unions.empty()) {
                lead_union = unions.front();
                if (unions.size() > 1)
                    ctx.warn("several lead unions are valid on " + to_iso(s.x.on) + " (" + id_list(g, unions) +
                             "); the first by id, " + g.id(unions.front()) + ", is named (R5)");
            }
        }
        ctx.add(role::lead, lead);
        s.r.lead_union = lead_union;
        // bodies: the lead, then the lead union if any.
        auto& e = ctx.explain(f);
        e.values = {static_cast<std::int64_t>(lead.size())};
        e.bodies = std::move(lead);
        if (lead_union) e.bodies.push_back(*lead_union);
    }

    [[nodiscard]] std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        const auto n = static_cast<std::size_t>(e.values.at(0));
        const auto lead = slice(e.bodies, 0, n);
        switch (e.form) {
        case national_forum_leads:
            return "No employer in particular is affected, so the national forum leads: " + id_list(g, lead) + ".";
        case employers_lead:
            return "No system-led process has been agreed between employers and trade unions, so engagement stays with "
                   "each employer: " + id_list(g, lead) + " lead" + (lead.empty() ? " (no valid JNCC)" : "") + ".";
        default: {
            std::string text = "A system-led process has been agreed between employers and trade unions, so the lowest "
                               "forum covering every affected employer leads: " + id_list(g, lead) + ".";
            if (e.bodies.size() > n)
                text += " " + g.id(e.bodies[n]) + " is the lead union, co-ordinating all staff-side constituents.";
            return text;
        }
        }
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        switch (s.g[b].kind) {
        case body_kind::system_forum:
        case body_kind::regional_forum:
            if (!s.is.system_process_agreed)
                return "R5 gives the lead to forums only when a system-led process has been agreed "
                       "(system_process_agreed); it has not, so each employer's JNCCs lead.";
            return "R5 gives a system-led process to the lowest forum covering every affected employer; " + s.g.id(b) +
                   " is not that forum.";
        case body_kind::national_forum:
            return std::string("R5 gives the lead to the national forum only when no employer is affected, or no ") +
                   "lower forum covers an agreed system-led process.";
        default:
            return std::nullopt;
        }
    }
};

} // namespace

std::shared_ptr<const rule> make_r05_lead() { return std::make_shared<r05_lead>(); }

} // namespace spfgov::detail
