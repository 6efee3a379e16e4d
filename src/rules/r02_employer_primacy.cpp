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

    /// Whether `group` is a whole `_`-separated word of `listed`
    /// ("medical" of "medical_and_dental", "nursing" of
    /// "nursing_and_midwifery"): a shorter name for a group some committee lists.
    static bool word_of(std::string_view group, std::string_view listed) noexcept {
        for (std::size_t at = listed.find(group); at != std::string_view::npos; at = listed.find(group, at + 1)) {
            const std::size_t end = at + group.size();
            if ((at == 0 || listed[at - 1] == '_') && (end == listed.size() || listed[end] == '_')) return true;
        }
        return false;
    }

    /// §5.6: a staff group that no body of the graph lists but that is
    /// within an edit or two of one some body does ("medical_and_dentl"), or
    /// is a word of one ("medical"), is likely meant for it: the committee
    /// for that group (a local negotiating committee) is then not consulted,
    /// the general JNCCs are, and nothing else would say so. Groups are
    /// compared exactly (§5.6): this only warns. A group far from every
    /// listed one (or short: "ahp" is not "ahps" misspelt) is taken as
    /// given. Issues naming groups ask on every route, so the search is
    /// bounded: a binary search a group, a banded distance (within_edits)
    /// and a word search to each of at most `most_listed` listed groups for
    /// at most `most_searched` unlisted groups of an issue; only a warning's
    /// text is made.
    static void warn_near_misses(routing_context& ctx) {
        constexpr std::size_t most_listed = 256, most_searched = 8, shortest_word = 4;
        const routing_state& s = ctx.state();
        const auto& listed = s.g.listed_staff_groups();
        if (listed.empty() || listed.size() > most_listed) return;
        std::size_t searched = 0;
        for (const auto& group : s.is.staff_groups) {
            if (std::binary_search(listed.begin(), listed.end(), group)) continue;
            if (++searched > most_searched) return;
            const std::size_t edits = std::min<std::size_t>(2, group.size() / 6);  // 0 below 6 bytes
            std::string hint;
            if (edits > 0 &&
                std::any_of(listed.begin(), listed.end(), [&](const std::string& l) { return within_edits(group, l, edits); })) {
                nearest_word near(group, edits);
                for (const auto& l : listed) near.consider(l);
                hint = near.hint();
            } else if (group.size() >= shortest_word) {
                // listed is sorted: the first few, in order, as nearest_word shows
                // ties; not one the issue names too ("medical" beside
                // "medical_and_dental" is a second group, not a slip).
                std::vector<std::string_view> words;
                std::size_t more = 0;
                const auto& named = s.is.staff_groups;
                for (const auto& l : listed)
                    if (word_of(group, l) && std::find(named.begin(), named.end(), l) == named.end())
                        (words.size() < 3 ? (void)words.emplace_back(l) : (void)++more);
                if (words.empty()) continue;
                hint = " (did you mean ";
                for (std::size_t i = 0; i < words.size(); ++i)
                    hint += (i ? (i + 1 == words.size() && more == 0 ? " or \"" : ", \"") : "\"") + printable(words[i]) + '"';
                hint += more ? ", ...?)" : "?)";
            } else {
                continue;
            }
            ctx.warn("staff group \"" + printable(group) + "\" is listed by no committee in the graph" + hint +
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
        return std::string(s.is.staff_groups.empty()
                               ? "R2 consults the JNCCs of the affected employers; "
                               : "R2 consults, per affected employer, the JNCCs for the issue's staff groups; ") +
               s.g.id(b) + why_jncc_not_consulted(s, b, ctx.valid(b));
    }
};

} // namespace

std::shared_ptr<const rule> make_r02_employer_primacy() { return std::make_shared<r02_employer_primacy>(); }

} // namespace spfgov::detail
