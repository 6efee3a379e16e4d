// Declarative custom rules (formats.md `custom_rules`): when every
// condition given holds, add bodies in one role. They run with the
// membership rules, after R2-R8, so the ladder and meetings include what
// they add.
#include "../detail_nearest.hpp"
#include "../detail_text.hpp"
#include "../routing_detail.hpp"

#include "spfgov/error.hpp"

#include <algorithm>
#include <span>
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
        // when.systems and when.regions: a system's or region's id the graph has.
        std::size_t at = 0;
        for (const auto* area : {&spec_.when.systems, &spec_.when.regions}) {
            if (!*area) continue;
            const bool regions = area == &spec_.when.regions;
            const body_kind want = regions ? body_kind::region : body_kind::system;
            for (const auto& id : **area) {
                const auto h = g.find(id);
                if (!h || g[*h].kind != want) {
                    detail::nearest_word nearest(id, detail::nearest_word::edits_for(id), /*fold_case=*/true);
                    for (const auto b : g.bodies())
                        if (g[b].kind == want) nearest.consider(g.id(b));
                    const std::string what = "names \"" + id + "\", which is " +
                                             (h ? "a " + std::string(to_string(g[*h].kind)) + ", not a " +
                                                      std::string(to_string(want))
                                                : "not in the graph") +
                                             nearest.hint();
                    fail_at(spec_.area_locations.size() == area_count() ? &spec_.area_locations[at] : nullptr,
                            "policy.unknown_body", what, std::string(regions ? "when.regions " : "when.systems ") + what);
                }
                ++at;
            }
        }
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
        fail_at(spec_.id_locations.size() == spec_.ids.size() ? &spec_.id_locations[n] : nullptr, code, what,
                "add.ids " + what);
    }

    /// Fails at `where` (a place the policy file gave), or, when null (a
    /// spec made in code), naming the rule alone.
    [[noreturn]] void fail_at(const error_location* where, std::string_view code, const std::string& what,
                              const std::string& unplaced = {}) const {
        if (!where) throw policy_error(code, "custom rule " + spec_.id + ": " + (unplaced.empty() ? what : unplaced));
        const error_location& at = *where;
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

    /// when.systems' ids, then when.regions'.
    [[nodiscard]] std::vector<std::string> area_ids() const {
        std::vector<std::string> area;
        for (const auto* ids : {&spec_.when.systems, &spec_.when.regions})
            if (*ids) area.insert(area.end(), (*ids)->begin(), (*ids)->end());
        return area;
    }
    [[nodiscard]] std::size_t area_count() const noexcept {
        return (spec_.when.systems ? spec_.when.systems->size() : 0) + (spec_.when.regions ? spec_.when.regions->size() : 0);
    }

    /// Whether `b`'s id is one of `ids` (when.systems or when.regions).
    [[nodiscard]] static bool named(const governance_graph& g, const std::vector<std::string>& ids, body_handle b) {
        return std::find(ids.begin(), ids.end(), g.id(b)) != ids.end();
    }
    [[nodiscard]] static bool any_named(const governance_graph& g, const std::vector<std::string>& ids,
                                        std::span<const body_handle> bodies) {
        return std::any_of(bodies.begin(), bodies.end(), [&](body_handle b) { return named(g, ids, b); });
    }

    /// A system within the rule's area: one it names (when.systems), in a
    /// region it names (when.regions).
    [[nodiscard]] bool system_within(const detail::routing_state& s, body_handle system) const {
        const auto& w = spec_.when;
        return (!w.systems || named(s.g, *w.systems, system)) && (!w.regions || any_named(s.g, *w.regions, s.x.regions[system]));
    }
    /// A region within the rule's area: one it names, holding a system it names.
    [[nodiscard]] bool region_within(const detail::routing_state& s, body_handle region) const {
        const auto& w = spec_.when;
        if (w.regions && !named(s.g, *w.regions, region)) return false;
        if (!w.systems) return true;
        return std::any_of(w.systems->begin(), w.systems->end(), [&](const std::string& id) {
            const auto h = s.g.find(id);
            if (!h) return false;
            const auto of = s.x.regions[*h];
            return std::find(of.begin(), of.end(), region) != of.end();
        });
    }
    /// An employer within the rule's area: in a system it names (when.systems),
    /// in a region it names (when.regions).
    [[nodiscard]] bool employer_within(const detail::routing_state& s, body_handle employer) const {
        const auto& w = spec_.when;
        return (!w.systems || any_named(s.g, *w.systems, s.x.systems[employer])) &&
               (!w.regions || any_named(s.g, *w.regions, s.x.regions[employer]));
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
        if ((w.systems || w.regions) &&
            std::none_of(s.affected.begin(), s.affected.end(), [&](body_handle e) { return employer_within(s, e); })) {
            const auto area = area_ids();
            return "no affected employer is within " + std::string(area.size() == 1 ? "the area" : "the areas") +
                   " it names (" + detail::text::join_as_list(area) + ")";
        }
        return std::nullopt;
    }

    /// The bodies the rule adds when it fires; `within`: only those in its area.
    [[nodiscard]] std::vector<body_handle> candidates(const detail::routing_state& s, bool within = true) const {
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
            if (within && (spec_.when.systems || spec_.when.regions)) keep_within(s, out);
        }
        if (spec_.add_role == role::negotiate)
            std::erase_if(out, [&](body_handle h) { return !may_negotiate(s.g.kind(h)); });
        detail::sort_unique(s.g, out);
        return out;
    }

    /// Keeps the bodies of `out` that are in `own`: sorted once and searched,
    /// since a region-wide issue has thousands of JNCCs.
    static void keep_only(std::vector<body_handle>& out, std::vector<body_handle>& own) {
        const auto by_index = [](body_handle a, body_handle b) { return a.index() < b.index(); };
        std::sort(own.begin(), own.end(), by_index);
        std::erase_if(out, [&](body_handle h) { return !std::binary_search(own.begin(), own.end(), h, by_index); });
    }

    /// Keeps the bodies `of` gave that lie within the rule's area: a local
    /// agreement cited for another system's bodies would be false.
    void keep_within(const detail::routing_state& s, std::vector<body_handle>& out) const {
        switch (*spec_.of) {
        case rule_selector::affected_employers: {
            std::vector<body_handle> own;  // the JNCCs of the affected employers within the area
            for (auto e : s.affected)
                if (employer_within(s, e)) own.insert(own.end(), s.x.jnccs[e].begin(), s.x.jnccs[e].end());
            keep_only(out, own);
            break;
        }
        case rule_selector::affected_systems: {
            std::vector<body_handle> from;
            for (auto sys : s.systems)
                if (system_within(s, sys)) from.push_back(sys);
            std::vector<body_handle> own = detail::gather(s, s.x.forums, from);
            const auto boards = detail::gather(s, s.x.boards, from);
            own.insert(own.end(), boards.begin(), boards.end());
            keep_only(out, own);
            break;
        }
        case rule_selector::affected_regions:
            std::erase_if(out, [&](body_handle h) {
                for (auto region : s.regions)
                    if (region_within(s, region)) {
                        const auto forums = s.x.forums[region], boards = s.x.boards[region];
                        if (std::find(forums.begin(), forums.end(), h) != forums.end() ||
                            std::find(boards.begin(), boards.end(), h) != boards.end())
                            return false;
                    }
                return true;
            });
            break;
        case rule_selector::national:
            break;  // national bodies belong to no system or region
        }
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
        if (spec_.when.systems || spec_.when.regions) {
            const auto wide = candidates(s, false);
            const auto near = candidates(s);
            if (std::find(wide.begin(), wide.end(), b) != wide.end() && std::find(near.begin(), near.end(), b) == near.end()) {
                return spec_.id + " (" + spec_.text + ") adds only the bodies within the area it names (" +
                       detail::text::join_as_list(area_ids()) + "); " + s.g.id(b) + " lies outside it.";
            }
        }
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
