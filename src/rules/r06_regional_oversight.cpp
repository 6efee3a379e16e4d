// R6 Regional oversight: regional forums are informed of system-scope
// issues and engaged from region scope; regional people boards are informed
// from region scope (domain.md §3).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

enum oversight_form : std::uint8_t { boards_only, forum_informed, forum_engaged };

class r06_regional_oversight final : public in_place_rule {
public:
    r06_regional_oversight()
        : in_place_rule("R6", "Regional oversight",
                       "Principles for supportive and aligned regional and system partnership working (Midlands SPF, "
                       "2024); Guidance for social partnership working in new care models and system transformation "
                       "(SPF, 2016)",
                       rule_stage::membership) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        if (s.r.scope < level::system) return;
        scratch_list forums(s.scratch), boards_list(s.scratch);
        gather_into(s, s.x.forums, s.regions, *forums);
        // System scope: the forums are informed; region scope and up: engaged, and the boards informed.
        const bool engaging = s.r.scope >= level::region;
        auto& boards = *boards_list;
        if (engaging) gather_into(s, s.x.boards, s.regions, boards);
        if (forums->empty() && boards.empty()) return;
        ctx.add(engaging ? role::engage : role::inform, *forums);
        ctx.add(role::inform, boards);
        // bodies: the forums informed or engaged, then the boards informed.
        auto& e = ctx.explain(forums->empty() ? boards_only : engaging ? forum_engaged : forum_informed);
        e.values = {static_cast<std::int64_t>(forums->size())};
        e.bodies.reserve(forums->size() + boards.size());
        assign_handles(e.bodies, *forums);
        append_handles(e.bodies, boards);
    }

    void append_text(std::string& out, const rationale_entry& e, const route& r, const governance_graph& g) const override {
        const auto n = static_cast<std::size_t>(e.values.at(0));
        if (e.form == forum_informed || e.form == forum_engaged) {
            out += n == 1 ? "Regional forum " : "Regional forums ";
            append_id_list(out, g, slice(e.bodies, 0, n));
            if (e.form == forum_informed) {
                out += n == 1 ? " is informed of this system-scope issue as part of its regular report on each system."
                              : " are informed of this system-scope issue as part of their regular report on each system.";
                append_listed_elsewhere(out, slice(e.bodies, 0, n), r, g);
            } else
                out += n == 1 ? " is engaged: the issue reaches across systems and may ripple between them."
                              : " are engaged: the issue reaches across systems and may ripple between them.";
        }
        if (const std::size_t boards = e.bodies.size() - n; boards > 0) {
            if (n > 0) out += ' ';  // after the forums' sentence
            out += boards == 1 ? "Regional people board " : "Regional people boards ";
            append_id_list(out, g, slice(e.bodies, n, boards));
            out += boards == 1 ? " is informed." : " are informed.";
            append_listed_elsewhere(out, slice(e.bodies, n, boards), r, g);
        }
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        const body_kind k = s.g[b].kind;
        if (k != body_kind::regional_forum && k != body_kind::regional_people_board) return std::nullopt;
        const std::string what = k == body_kind::regional_forum
                                     ? "R6 informs regional forums of system-scope issues and engages them from region scope"
                                     : "R6 informs regional people boards from region scope";
        if (s.r.scope == level::employer || (k == body_kind::regional_people_board && s.r.scope == level::system))
            return what + "; this issue is " + std::string(to_string(s.r.scope)) + " scope.";
        return what + ", for the affected regions (" + id_list(s.g, s.regions) + "); " + s.g.id(b) +
               (ctx.valid(b) ? " is not one of theirs." : " is not valid on " + to_iso(s.x.on) + ".");
    }
};

} // namespace

std::shared_ptr<const rule> make_r06_regional_oversight() { return std::make_shared<r06_regional_oversight>(); }

} // namespace spfgov::detail
