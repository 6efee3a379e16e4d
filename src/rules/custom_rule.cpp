// Declarative custom rules (formats.md `custom_rules`): when every
// condition given holds, add bodies in one role. They run with the
// membership rules, after R2-R8, so the ladder and meetings include what
// they add.
#include "../detail_nearest.hpp"
#include "../routing_detail.hpp"

#include "spfgov/error.hpp"

#include <utility>
#include <vector>

namespace spfgov {
namespace {

bool may_negotiate(body_kind k) { return k == body_kind::jncc || k == body_kind::negotiating_body; }

class declarative_rule final : public rule {
public:
    explicit declarative_rule(custom_rule_spec spec) : spec_(std::move(spec)) {}

    [[nodiscard]] std::string_view id() const noexcept override { return spec_.id; }
    [[nodiscard]] std::string_view title() const noexcept override { return spec_.text; }
    [[nodiscard]] std::optional<std::string_view> source() const noexcept override {
        if (!spec_.source) return std::nullopt;
        return std::string_view(*spec_.source);
    }
    [[nodiscard]] const custom_rule_spec* spec() const noexcept override { return &spec_; }

    void check(const governance_graph& g) const override {
        for (std::size_t n = 0; n < spec_.ids.size(); ++n) {
            const auto& id = spec_.ids[n];
            const auto h = g.find(id);
            if (!h) {
                detail::nearest_word nearest(id, detail::nearest_word::edits_for(id), /*fold_case=*/true);
                for (const auto b : g.bodies()) nearest.consider(g.id(b));
                fail(n, "policy.unknown_body", "names \"" + id + "\", which is not in the graph" + nearest.hint());
            }
            if (spec_.add_role == role::negotiate && !may_negotiate(g[*h].kind))
                fail(n, "policy.negotiate_not_allowed",
                     "names \"" + id + "\", a " + std::string(to_string(g[*h].kind)) +
                         ", to negotiate; only JNCCs and negotiating bodies negotiate (R3)");
        }
    }

    /// Fails on the n-th of add.ids, where the policy file wrote it if known
    /// (as policy file errors: "file:line:column: key path: ..."). Locations
    /// that do not match the ids one for one (a spec edited after reading)
    /// are not used.
    [[noreturn]] void fail(std::size_t n, std::string_view code, const std::string& what) const {
        if (spec_.id_locations.size() != spec_.ids.size())
            throw policy_error(code, "custom rule " + spec_.id + ": add.ids " + what);
        const error_location& at = spec_.id_locations[n];
        std::string prefix = at.file.value_or("<policy>");
        if (at.line) prefix += ":" + std::to_string(*at.line);
        if (at.line && at.column) prefix += ":" + std::to_string(*at.column);
        // The key path back from the pointer: /custom_rules/0/add/ids/1 -> custom_rules[0].add.ids[1].
        std::string path;
        const std::string& pointer = at.pointer.value_or("");
        for (std::size_t from = 1; from <= pointer.size();) {
            std::size_t to = pointer.find('/', from);
            if (to == std::string::npos) to = pointer.size();
            const std::string_view token = std::string_view(pointer).substr(from, to - from);
            const bool index = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
            // Appended piece by piece: g++ 12 -O2 warns (-Wrestrict, falsely) of "x" + std::string(...).
            if (index) {
                path += '[';
                path += token;
                path += ']';
            } else {
                if (!path.empty()) path += '.';
                path += token;
            }
            from = to + 1;
        }
        throw policy_error(code, prefix + ": " + (path.empty() ? std::string() : path + ": ") + "custom rule " + spec_.id +
                                     " " + what,
                           at);
    }

    /// The first condition that does not hold, or nullopt.
    [[nodiscard]] std::optional<std::string> unmet(const detail::routing_state& s) const {
        const auto& w = spec_.when;
        if (w.scope_at_least && s.r.scope < *w.scope_at_least)
            return "it applies from " + std::string(to_string(*w.scope_at_least)) + " scope; this issue is " +
                   std::string(to_string(s.r.scope)) + " scope";
        if (w.kinds && !w.kinds->contains(s.is.kind))
            return "it does not apply to " + std::string(to_string(s.is.kind)) + " issues";
        if (w.origins && std::find(w.origins->begin(), w.origins->end(), s.is.origin) == w.origins->end())
            return "it does not apply to issues of " + std::string(to_string(s.is.origin)) + " origin";
        if (w.sectors) {
            const bool any = std::any_of(s.affected.begin(), s.affected.end(), [&](body_handle e) {
                const auto& sec = s.g[e].sector;
                return sec && std::find(w.sectors->begin(), w.sectors->end(), *sec) != w.sectors->end();
            });
            if (!any) return std::string("no affected employer is of the sectors it names");
        }
        return std::nullopt;
    }

    [[nodiscard]] std::vector<body_handle> candidates(const detail::routing_state& s) const {
        std::vector<body_handle> out;
        if (!spec_.ids.empty()) {
            for (const auto& id : spec_.ids)
                if (auto h = s.g.find(id); h && s.x.view.contains(*h)) out.push_back(*h);
        } else if (spec_.kind && spec_.of) {
            switch (*spec_.of) {
            case rule_selector::affected_employers: out = detail::affected_jnccs(s); break;
            case rule_selector::affected_systems:
            case rule_selector::affected_regions: {
                const auto& from = *spec_.of == rule_selector::affected_systems ? s.systems : s.regions;
                out = detail::gather(s, s.x.forums, from);
                const auto boards = detail::gather(s, s.x.boards, from);
                out.insert(out.end(), boards.begin(), boards.end());
                break;
            }
            case rule_selector::national:
                out = s.x.national_forums;
                out.insert(out.end(), s.x.negotiating_bodies.begin(), s.x.negotiating_bodies.end());
                break;
            }
            std::erase_if(out, [&](body_handle h) { return s.g.kind(h) != *spec_.kind; });
        }
        if (spec_.add_role == role::negotiate)
            std::erase_if(out, [&](body_handle h) { return !may_negotiate(s.g.kind(h)); });
        detail::sort_unique(s.g, out);
        return out;
    }

    void apply(routing_context& ctx) const override {
        auto& s = ctx.state();
        if (unmet(s)) return;
        // The bodies the route already holds in this role, or, for inform
        // ("only informed", domain.md §3), in a stronger one, are not added
        // (one this rule adds to a stronger role leaves inform: finish()).
        // Marked once, then each candidate is asked in O(1): asking the lists
        // (a region's 1,300 JNCCs each) candidate by candidate was quadratic.
        thread_local detail::body_marks held;
        held.start(s.g.body_count());
        const auto mark = [&](role which) {
            for (auto b : detail::role_list(std::as_const(s.r), which)) held.mark(b);
        };
        mark(spec_.add_role);
        if (spec_.add_role == role::inform)
            for (const role stronger : {role::lead, role::negotiate, role::consult, role::engage}) mark(stronger);
        std::vector<body_handle> added;
        for (auto b : candidates(s))
            if (held.mark(b)) added.push_back(b);
        if (added.empty()) return;  // nothing new: no rationale entry
        ctx.add(spec_.add_role, added);
        ctx.explain().bodies = std::move(added);
    }

    [[nodiscard]] std::string text(const rationale_entry& e, const route&, const governance_graph& g) const override {
        std::string text = spec_.text;
        while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
        return text + ": " + id_list(g, e.bodies) + " (" + std::string(to_string(spec_.add_role)) + ").";
    }

    [[nodiscard]] std::optional<std::string> why_not(const routing_context& ctx, body_handle b) const override {
        const auto& s = ctx.state();
        const bool concerns = spec_.ids.empty() ? spec_.kind == s.g[b].kind
                                                : std::find(spec_.ids.begin(), spec_.ids.end(), s.g.id(b)) != spec_.ids.end();
        if (!concerns) return std::nullopt;
        if (auto why = unmet(s)) return spec_.id + " (" + spec_.text + ") did not fire: " + *why + ".";
        return spec_.id + " (" + spec_.text + ") adds only bodies attached to the issue and valid on " + to_iso(s.x.on) +
               "; " + s.g.id(b) + " is not one of them.";
    }

private:
    custom_rule_spec spec_;
};

} // namespace

std::shared_ptr<const rule> make_custom_rule(custom_rule_spec spec) {
    if (spec.id.empty()) throw policy_error("policy.bad_custom_rule", "a custom rule needs an id");
    if (spec.ids.empty() && !(spec.kind && spec.of))
        throw policy_error("policy.bad_custom_rule",
                           "custom rule " + spec.id + ": add needs either kind and of, or ids");
    if (spec.add_role == role::negotiate && spec.kind && !may_negotiate(*spec.kind))
        throw policy_error("policy.negotiate_not_allowed",
                           "custom rule " + spec.id + ": add.role negotiate with kind " +
                               std::string(to_string(*spec.kind)) + "; only JNCCs and negotiating bodies negotiate (R3)");
    return std::make_shared<declarative_rule>(std::move(spec));
}

} // namespace spfgov
