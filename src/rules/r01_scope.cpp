// R1 Scope: the smallest level containing every affected employer, raised
// to the origin (domain.md §3, §5.3, §5.4).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

enum why : std::uint8_t { no_employer, one_employer, one_system, one_region, spans_regions };

class r01_scope final : public in_place_rule {
public:
    r01_scope() : in_place_rule("R1", "Scope", std::nullopt, rule_stage::scope, true) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        level containing = level::national;
        why reason = spans_regions;
        scratch_list common(s.scratch);
        std::span<const body_handle> named;
        if (s.affected.empty()) {
            reason = no_employer;
        } else if (s.affected.size() == 1) {
            containing = level::employer;
            reason = one_employer;
            named = s.affected;
        } else if (common_to_affected_into(s, s.x.systems, *common); !common->empty()) {
            containing = level::system;
            reason = one_system;
            named = *common;
        } else if (common_to_affected_into(s, s.x.regions, *common); !common->empty()) {
            containing = level::region;
            reason = one_region;
            named = *common;
        }
        // §5.4: the larger of the containing level and the origin's.
        ctx.set_scope(containing, std::max(containing, s.is.origin));
        auto& e = ctx.explain(reason);
        assign_handles(e.bodies, named);
        e.values = {static_cast<std::int64_t>(containing), static_cast<std::int64_t>(s.is.origin)};
    }

    void append_text(std::string& out, const rationale_entry& e, const route& r, const governance_graph& g) const override {
        const auto containing = static_cast<level>(e.values.at(0));
        const auto origin = static_cast<level>(e.values.at(1));
        out += "Scope is ";
        out += to_string(r.scope);
        out += ": ";
        switch (e.form) {
        case no_employer: out += "no employer in particular is affected"; break;
        case one_employer:
            out += "one employer (";
            append_id_list(out, g, e.bodies);
            out += ") is affected";
            break;
        case one_system:
            out += "every affected employer is in system ";
            append_id_list(out, g, e.bodies);
            break;
        case one_region:
            out += "every affected employer is in region ";
            append_id_list(out, g, e.bodies);
            break;
        default: out += "the affected employers span more than one region (or one is in no system)"; break;
        }
        if (r.scope != containing) {
            out += ", and the issue's ";
            out += to_string(origin);
            out += " origin raises it to that level";
        }
        out += '.';
    }
};

} // namespace

std::shared_ptr<const rule> make_r01_scope() { return std::make_shared<r01_scope>(); }

} // namespace spfgov::detail
