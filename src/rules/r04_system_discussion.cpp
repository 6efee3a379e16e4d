// R4 System discussion: from system scope, or for a system-origin plan, the
// affected systems' forums are engaged (domain.md §3).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r04_system_discussion final : public in_place_rule {
public:
    r04_system_discussion()
        : in_place_rule("R4", "System discussion", "Principles for partnership in workforce change for ICSs (SPF, 2022)",
                       rule_stage::membership) {}

    static bool applies(const routing_state& s) { return s.r.scope >= level::system || s.is.origin == level::system; }

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        if (!applies(s)) return;
        scratch_list engaged(s.scratch);
        gather_into(s, s.x.forums, s.systems, *engaged);
        if (engaged->empty()) return;
        ctx.add(role::engage, *engaged);
        // bodies: the forums engaged, then the affected systems.
        auto& e = ctx.explain();
        e.values = {static_cast<std::int64_t>(engaged->size())};
        e.bodies.reserve(engaged->size() + s.systems.size());
        assign_handles(e.bodies, *engaged);
        append_handles(e.bodies, s.systems);
    }

    void append_text(std::string& out, const rationale_entry& e, const route&, const governance_graph& g) const override {
        const auto n = static_cast<std::size_t>(e.values.at(0));
        const std::size_t systems = e.bodies.size() - n;
        out += "A system-level issue is discussed in partnership and its workforce impact assessed: ";
        out += n == 1 ? "system forum " : "system forums ";
        append_id_list(out, g, slice(e.bodies, 0, n));
        out += systems == 1 ? " of affected system " : " of affected systems ";
        append_id_list(out, g, slice(e.bodies, n, systems));
        out += n == 1 ? " is engaged." : " are engaged.";
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        if (s.g[b].kind != body_kind::system_forum) return std::nullopt;
        if (!applies(s))
            return "R4 engages system forums from system scope or for a plan of system origin; this issue is " +
                   std::string(to_string(s.r.scope)) + " scope with " + std::string(to_string(s.is.origin)) + " origin.";
        return "R4 engages the forums of the affected systems (" + id_list(s.g, s.systems) + "); " + s.g.id(b) +
               (ctx.valid(b) ? " is not one of them." : " is not valid on " + to_iso(s.x.on) + ".");
    }
};

} // namespace

std::shared_ptr<const rule> make_r04_system_discussion() { return std::make_shared<r04_system_discussion>(); }

} // namespace spfgov::detail
