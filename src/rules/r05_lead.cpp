// R5 Who leads (domain.md §3, §5.8): in order, (a) national terms and
// conditions: the negotiating bodies; (b) no employer affected: the
// national forum; (c) no agreed system-led process: each employer's JNCCs;
// (d) an agreed system-led process: the affected systems' forums jointly,
// never a regional or national forum (they keep oversight, R6 and R7).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

enum lead_form : std::uint8_t { negotiating_body_leads, national_forum_leads, employers_lead, system_led, national_forum_fallback };

class r05_lead final : public in_place_rule {
public:
    r05_lead()
        : in_place_rule("R5", "Who leads",
                       "Principles for partnership in workforce change for ICSs (SPF, 2022); Principles for supportive "
                       "and aligned regional and system partnership working (Midlands SPF, 2024)",
                       rule_stage::membership) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const governance_graph& g = s.g;
        scratch_list lead_list(s.scratch), kept_list(s.scratch);  // kept: JNCCs of employers no system forum covers (d)
        auto& lead = *lead_list;
        auto& kept = *kept_list;
        std::optional<body_handle> lead_union;
        lead_form f;
        // Who leads: `lead`, or a list read where it is (a region's 1,300 JNCCs were copied first).
        const std::vector<body_handle>* leading = &lead;
        if (s.is.kind == issue_kind::pay_and_terms && s.is.origin == level::national) {
            f = negotiating_body_leads;
            leading = &s.x.negotiating_bodies;
            if (leading->empty()) {
                f = national_forum_fallback;
                leading = &s.x.national_forums;
                ctx.warn("no negotiating body is valid on " + to_iso(s.x.on) +
                         "; the national forum leads national terms and conditions instead (R5)");
            }
        } else if (s.affected.empty()) {
            f = national_forum_leads;
            leading = &s.x.national_forums;
        } else if (!s.is.system_process_agreed) {
            f = employers_lead;
            leading = &affected_jnccs_once(s);
        } else {
            f = system_led;
            const auto& consulted = affected_jnccs_once(s);
            // The forums of every affected employer's systems are those of
            // the systems the employers are in (s.systems, gathered once, as
            // R4 does): a system's hundred employers name its forum a hundred times.
            gather_into(s, s.x.forums, s.systems, lead);
            // Employers in no system, or with no valid forum in any of their
            // systems: their own JNCCs keep the lead (a whole unit's, from its epoch).
            scratch_list uncovered_list(s.scratch);
            if (!s.affected_unit)
                employers_without_system_forum_into(s.x.systems, s.x.forums, s.affected, *uncovered_list);
            const auto& uncovered = s.affected_unit ? s.affected_unit->without_system_forum : *uncovered_list;
            for (auto e : uncovered) {
                const std::size_t had = kept.size();
                for (auto j : s.x.jnccs[e])
                    if (sorted_contains(g, consulted, j)) kept.push_back(j);
                ctx.warn("employer " + g.id(e) + " is in no system with a system forum valid on " + to_iso(s.x.on) +
                         (kept.size() > had ? "; its own JNCCs keep the lead of the agreed process for it (R5)"
                                            : "; it has no JNCC for this issue either, so no body leads the agreed "
                                              "process for it (R5)"));
            }
            sort_unique(g, lead);
            sort_unique(g, kept);
            scratch_list unions_list(s.scratch);
            auto& unions = *unions_list;
            for (auto forum : lead) {
                const auto u = s.x.lead_unions[forum];
                append_handles(unions, u);
            }
            sort_unique(g, unions);
            if (!unions.empty()) {
                lead_union = unions.front();
                if (unions.size() > 1)
                    ctx.warn("several lead unions are valid on " + to_iso(s.x.on) + " (" + id_list(g, unions) +
                             "); the first by id, " + g.id(unions.front()) + ", is named (R5)");
            }
        }
        add_sorted(ctx, role::lead, *leading);  // each sorted by id (the rows and lists it came from are)
        add_sorted(ctx, role::lead, kept);
        s.r.lead_union = lead_union;
        // bodies: the leading forums or bodies, the JNCCs kept, then the lead union; values: the first two counts.
        auto& e = ctx.explain(f);
        e.values = {static_cast<std::int64_t>(leading->size()), static_cast<std::int64_t>(kept.size())};
        e.bodies.reserve(leading->size() + kept.size() + (lead_union ? 1 : 0));
        assign_handles(e.bodies, *leading);
        append_handles(e.bodies, kept);
        if (lead_union) e.bodies.push_back(*lead_union);
    }

    void append_text(std::string& out, const rationale_entry& e, const route&, const governance_graph& g) const override {
        const auto n = static_cast<std::size_t>(e.values.at(0));
        const auto k = static_cast<std::size_t>(e.values.size() > 1 ? e.values[1] : 0);
        const auto lead = slice(e.bodies, 0, n);
        switch (e.form) {
        case negotiating_body_leads:
            out += n == 1 ? "National terms and conditions are negotiated nationally, so the negotiating body leads: "
                          : "National terms and conditions are negotiated nationally, so the negotiating bodies lead: ";
            append_id_list(out, g, lead);
            out += ". The Social Partnership Forum does not negotiate terms.";
            return;
        case national_forum_fallback:
            out += "National terms and conditions are at issue but no negotiating body is valid, so ";
            out += n == 1 ? "the national forum leads: " : "the national forums lead: ";
            append_id_list(out, g, lead);
            out += '.';
            return;
        case national_forum_leads:
            out += n == 1 ? "No employer in particular is affected, so the national forum leads: "
                          : "No employer in particular is affected, so the national forums lead: ";
            append_id_list(out, g, lead);
            out += '.';
            return;
        case employers_lead:
            out += "No system-led process has been agreed between employers and trade unions, so engagement stays with "
                   "each employer: ";
            append_id_list(out, g, lead);
            out += lead.size() == 1 ? " leads" : " lead";
            if (lead.empty()) out += " (no valid JNCC)";
            out += '.';
            return;
        default:
            out += n == 1 ? "A system-led process has been agreed between employers and trade unions, so the system "
                            "forum leads it: "
                          : "A system-led process has been agreed between employers and trade unions, so the forums "
                            "of the affected systems lead it jointly: ";
            append_id_list(out, g, lead);
            out += "; regional and national forums keep oversight.";
            if (k) {
                out += k == 1 ? " An employer no system forum covers keeps its own JNCC in the lead: "
                              : " Employers no system forum covers keep their own JNCCs in the lead: ";
                append_id_list(out, g, slice(e.bodies, n, k));
                out += '.';
            }
            if (e.bodies.size() > n + k) {
                out += ' ';
                out += g.id(e.bodies[n + k]);
                out += " is the lead union, co-ordinating all staff-side constituents.";
            }
            return;
        }
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        switch (s.g[b].kind) {
        case body_kind::system_forum:
            if (!s.is.system_process_agreed)
                return "R5 gives the lead to system forums only when a system-led process has been agreed "
                       "(system_process_agreed); it has not, so each employer's JNCCs lead.";
            return "R5 gives an agreed system-led process to the forums of the affected systems (" +
                   id_list(s.g, s.systems) + "); " + s.g.id(b) + " is not one of them.";
        case body_kind::regional_forum:
            return std::string("R5 never gives the lead to a regional forum: it keeps oversight (R6).");
        case body_kind::national_forum:
            return std::string("R5 gives the lead to the national forum only when no employer is affected, or for ") +
                   "national terms and conditions when no negotiating body is valid.";
        case body_kind::negotiating_body:
            return "R5 gives the lead to a negotiating body only for a pay_and_terms issue of national origin; this is a " +
                   std::string(to_string(s.is.kind)) + " issue of " + std::string(to_string(s.is.origin)) + " origin.";
        default:
            return std::nullopt;
        }
    }
};

} // namespace

std::shared_ptr<const rule> make_r05_lead() { return std::make_shared<r05_lead>(); }

} // namespace spfgov::detail
