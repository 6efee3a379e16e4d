// R3 Negotiation stays with sovereign machinery: only the affected
// employers' JNCCs negotiate, plus the negotiating bodies for national terms
// and conditions (domain.md §3, §5.7).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r03_negotiation final : public in_place_rule {
public:
    r03_negotiation()
        : in_place_rule("R3", "Negotiation stays with sovereign machinery",
                       "Principles for supportive and aligned regional and system partnership working (Midlands SPF, 2024)",
                       rule_stage::membership) {}

    /// §5.7: national terms and conditions, by the issue's origin; scope alone
    /// never brings in a negotiating body.
    static bool national_terms(const routing_state& s) {
        return s.is.kind == issue_kind::pay_and_terms && s.is.origin == level::national;
    }

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const auto& jnccs = affected_jnccs_once(s);
        const bool national = national_terms(s);
        // The JNCCs alone are read where they are (a region's 1,300): only
        // national terms need a list of their own, with the negotiating bodies.
        scratch_list merged(s.scratch);
        if (national) {
            merged->assign(jnccs.begin(), jnccs.end());
            merged->insert(merged->end(), s.x.negotiating_bodies.begin(), s.x.negotiating_bodies.end());
            sort_unique(s.g, *merged);
        }
        const std::vector<body_handle>& negotiate = national ? *merged : jnccs;
        add_sorted(ctx, role::negotiate, negotiate);
        if (negotiate.empty()) return;
        // bodies: who negotiates, then the national negotiating bodies named.
        auto& e = ctx.explain(national && !s.x.negotiating_bodies.empty() ? 1 : 0);
        e.values = {static_cast<std::int64_t>(negotiate.size())};
        e.bodies.reserve(negotiate.size() + (e.form == 1 ? s.x.negotiating_bodies.size() : 0));
        assign_handles(e.bodies, negotiate);
        if (e.form == 1) append_handles(e.bodies, s.x.negotiating_bodies);
    }

    void append_text(std::string& out, const rationale_entry& e, const route&, const governance_graph& g) const override {
        const auto n = static_cast<std::size_t>(e.values.at(0));
        out += "Negotiation stays with sovereign machinery: ";
        append_id_list(out, g, slice(e.bodies, 0, n));
        out += n == 1 ? " negotiates" : " negotiate";
        if (e.form == 1) {
            out += " (national terms and conditions go to ";
            append_id_list(out, g, slice(e.bodies, n, e.bodies.size() - n));
            out += ')';
        }
        out += "; no forum, board or sub-group negotiates.";
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        switch (s.g[b].kind) {
        case body_kind::jncc:
            return "R3 lets only the affected employers' JNCCs for the issue's staff groups negotiate; " + s.g.id(b) +
                   why_jncc_not_consulted(s, b, ctx.valid(b));
        case body_kind::negotiating_body:
            return "R3 brings a negotiating body in only for a pay_and_terms issue of national origin (national terms "
                   "and conditions); this is a " + std::string(to_string(s.is.kind)) + " issue of " +
                   std::string(to_string(s.is.origin)) + " origin, which stays with the employers' JNCCs.";
        default:
            return std::nullopt;
        }
    }
};

} // namespace

std::shared_ptr<const rule> make_r03_negotiation() { return std::make_shared<r03_negotiation>(); }

} // namespace spfgov::detail
