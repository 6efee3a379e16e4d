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
        if (!s.is.staff_groups.empty()) warn_near_misses(ctx);  // most issues name none: no call
        if (s.affected.empty()) return;
        assign_handles(ctx.explain().bodies, consulted);
    }

    /// §5.6: a staff group that no body of the graph lists but that is
    /// within an edit or two of one some body does ("medical_and_dentl") is
    /// likely misspelt: the committee for that group (a local negotiating
    /// committee) is then not consulted, the general JNCCs are, and nothing
    /// else would say so. Groups are compared exactly (§5.6): this only
    /// warns. A group far from every listed one (or short: "ahp" is not
    /// "ahps" misspelt) is taken as given. Every route asks, so the search
    /// allocates nothing and is bounded: a binary search a group, a banded
    /// distance (within_edits) to each of at most `most_listed` listed
    /// groups for at most `most_searched` unlisted groups of an issue; only
    /// a warning's text is made.
    static void warn_near_misses(routing_context& ctx) {
        constexpr std::size_t most_listed = 256, most_searched = 8;
        const routing_state& s = ctx.state();
        const auto& listed = s.g.listed_staff_groups();
        if (listed.empty() || listed.size() > most_listed) return;
        std::size_t searched = 0;
        for (const auto& group : s.is.staff_groups) {
            if (std::binary_search(listed.begin(), listed.end(), group)) continue;
            if (++searched > most_searched) return;
            const std::size_t edits = std::min<std::size_t>(2, group.size() / 6);  // 0 below 6 bytes
            if (edits == 0) continue;
            if (std::none_of(listed.begin(), listed.end(), [&](const std::string& l) { return within_edits(group, l, edits); }))
                continue;
            nearest_word near(group, edits);
            for (const auto& l : listed) near.consider(l);
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
