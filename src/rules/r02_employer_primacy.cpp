// R2 Employer primacy: the JNCCs of every affected employer are consulted,
// at every scope (domain.md §3, §5.6).
#include "../detail_nearest.hpp"
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

constexpr std::string_view r2_source =
    "Principles for partnership in workforce change for ICSs (SPF, 2022); "
    "Principles for supportive and aligned regional and system partnership working (Midlands SPF, 2024)";

class r02_employer_primacy final : public in_place_rule {
public:
    r02_employer_primacy() : in_place_rule("R2", "Employer primacy", r2_source, rule_stage::membership) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const auto& consulted = affected_jnccs_once(s);
        add_sorted(ctx, role::consult, consulted);
        // §5.6: once, for every kind of issue, naming the statutory duty.
        for (auto e : affected_without_jnccs(s))
            ctx.warn("employer " + s.g.id(e) + " has no jncc valid on " + to_iso(s.x.on) +
                     (s.is.staff_groups.empty() ? std::string() : " for the affected staff groups") +
                     "; nobody is consulted for it: with no recognised union, the employer must consult elected "
                     "representatives of the affected employees (TULRCA 1992 s.188(1B)) (R2)");
        warn_near_misses(ctx);
        if (s.affected.empty()) return;
        assign_handles(ctx.explain().bodies, consulted);
    }

    /// §5.6: a staff group that no body of the graph lists but that is near
    /// one some body does ("medical_and_dentl") is likely misspelt: the
    /// committee for that group (a local negotiating committee) is then not
    /// consulted, the general JNCCs are, and nothing else would say so. Staff
    /// group ids are free text, so a group far from every listed one is
    /// taken as given. A binary search a group a route; the search for a
    /// near one only for a group nobody lists, among at most
    /// `most_compared` listed groups (a graph of thousands of distinct
    /// groups is not searched on every route).
    static void warn_near_misses(routing_context& ctx) {
        constexpr std::size_t most_compared = 256;
        const routing_state& s = ctx.state();
        const auto& listed = s.g.listed_staff_groups();
        if (listed.empty() || listed.size() > most_compared) return;
        for (const auto& group : s.is.staff_groups) {
            if (std::binary_search(listed.begin(), listed.end(), group)) continue;
            nearest_word near(group, nearest_word::edits_for(group));
            for (const auto& l : listed) near.consider(l);
            if (near.found().empty()) continue;
            ctx.warn("staff group \"" + printable(group) + "\" is listed by no committee in the graph" + near.hint() +
                     ", so the general JNCCs are consulted for it (R2)");
        }
    }

    void append_text(std::string& out, const rationale_entry& e, const route&, const governance_graph& g) const override {
        out += "The JNCC of every affected employer is consulted, at every scope: ";
        append_id_list(out, g, e.bodies);
        out += ". Employers keep their legal consultation duties.";
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        if (s.g[b].kind != body_kind::jncc) return std::nullopt;
        const auto& groups = s.g[b].staff_groups;
        if (!groups.empty() && !s.is.staff_groups.empty() && ctx.valid(b))
            return "R2 consults, per affected employer, the JNCCs covering the issue's staff groups; " + s.g.id(b) +
                   " covers only its own staff groups, or the employer has a committee more specific to them.";
        return "R2 consults the JNCCs of the affected employers valid on " + to_iso(s.x.on) + "; " + s.g.id(b) +
               (ctx.valid(b) ? " belongs to no affected employer." : " is not valid on that date.");
    }
};

} // namespace

std::shared_ptr<const rule> make_r02_employer_primacy() { return std::make_shared<r02_employer_primacy>(); }

} // namespace spfgov::detail
