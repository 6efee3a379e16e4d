// R8 People boards are informed from system scope (domain.md §3).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r08_people_boards final : public in_place_rule {
public:
    r08_people_boards()
        : in_place_rule("R8", "People boards are informed",
                       "Principles for supportive and aligned regional and system partnership working (Midlands SPF, 2024)",
                       rule_stage::membership) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        if (s.r.scope < level::system) return;
        scratch_list informed(s.scratch);
        gather_into(s, s.x.boards, s.systems, *informed);
        if (informed->empty()) return;
        ctx.add(role::inform, *informed);
        assign_handles(ctx.explain().bodies, *informed);
    }

    void append_text(std::string& out, const rationale_entry& e, const route& r, const governance_graph& g) const override {
        const bool one = e.bodies.size() == 1;
        out += one ? "People board " : "People boards ";
        append_id_list(out, g, e.bodies);
        out += one ? " is informed: its staff-side representatives have the right to be informed of the ICS agenda."
                   : " are informed: their staff-side representatives have the right to be informed of the ICS agenda.";
        append_listed_elsewhere(out, e.bodies, r, g);
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        if (s.g[b].kind != body_kind::people_board) return std::nullopt;
        if (s.r.scope < level::system) return "R8 informs people boards from system scope; this issue is employer scope.";
        return "R8 informs the people boards of the affected systems (" + id_list(s.g, s.systems) + "); " + s.g.id(b) +
               (ctx.valid(b) ? " is not one of theirs." : " is not valid on " + to_iso(s.x.on) + ".");
    }
};

} // namespace

std::shared_ptr<const rule> make_r08_people_boards() { return std::make_shared<r08_people_boards>(); }

} // namespace spfgov::detail
