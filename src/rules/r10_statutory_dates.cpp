// R10 Statutory timelines (TULRCA 1992 s.188 and s.193): per employer, the
// band of the table in force on the issue's date gives the days before the
// first dismissal by which consultation must begin and form HR1 reach the
// Secretary of State (domain.md §3, §5.11).
#include "../routing_detail.hpp"

namespace spfgov::detail {
namespace {

class r10_statutory_dates final : public builtin_rule {
public:
    r10_statutory_dates()
        : builtin_rule("R10", "Statutory timelines",
                       "Trade Union and Labour Relations (Consolidation) Act 1992, s.188 and s.193", rule_stage::dates) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        const governance_graph& g = s.g;
        const issue& is = s.is;
        if (is.redundancies.empty() && !is.first_dismissal) return;
        if (is.kind != issue_kind::redundancy) {
            if (!is.redundancies.empty())
                ctx.warn("redundancies are given for a " + std::string(to_string(is.kind)) +
                         " issue; statutory dates apply to redundancy issues only (R10)");
            return;
        }
        if (is.redundancies.empty()) {
            ctx.warn("first_dismissal is given without redundancies; no statutory date is computed (R10)");
            return;
        }
        if (!is.first_dismissal) {
            ctx.warn("redundancies are given without first_dismissal; no statutory date is computed (R10)");
            return;
        }
        std::vector<std::pair<body_handle, int>> counts;  // after succession, summed
        for (const auto& [name, n] : is.redundancies) {
            const auto h = g.find(name);
            std::vector<body_handle> resolved;
            if (h && g[*h].kind == body_kind::employer) {
                try {
                    resolve_successors(s, *h, "/redundancies/" + name, resolved, nullptr);
                } catch (const issue_error&) {
                    resolved.clear();
                }
            }
            std::erase_if(resolved, [&](body_handle e) { return !sorted_contains(g, s.affected, e); });
            if (resolved.size() != 1) {
                ctx.warn("redundancies name " + name + ", which is not " +
                         (resolved.size() > 1 ? std::string("one affected employer (it split)")
                                              : std::string("an affected employer")) +
                         " on " + to_iso(s.x.on) + "; no statutory date for it (R10)");
                continue;
            }
            auto it = std::find_if(counts.begin(), counts.end(), [&](auto& c) { return c.first == resolved.front(); });
            if (it == counts.end()) counts.emplace_back(resolved.front(), n);
            else it->second += n;
        }
        std::sort(counts.begin(), counts.end(), [&](auto& a, auto& b) { return g.id_rank(a.first) < g.id_rank(b.first); });
        if (counts.empty()) return;
        const statutory_table* table = table_in_force(s.policy.parameters.statutory_bands, s.x.on);
        const int lowest = table && !table->bands.empty() ? table->bands.front().min : 0;
        // bodies: the employers; values: first dismissal, the lowest band, then per employer its count and days.
        auto& e = ctx.explain();
        e.values = {day_value(*is.first_dismissal), lowest};
        for (const auto& [employer, n] : counts) {
            const statutory_band* band = table ? band_for(*table, n) : nullptr;
            const int days = band ? band->days : 0;
            e.bodies.push_back(employer);
            e.values.push_back(n);
            e.values.push_back(days);
            if (!band) continue;
            const date due = *is.first_dismissal - boost::gregorian::days(days);
            const bool late = due < s.x.on;
            for (auto kind : {deadline_kind::consultation_start, deadline_kind::hr1_notification})
                s.r.deadlines.push_back({kind, employer, due, "R10", late, n, days});
            if (late)
                ctx.warn("statutory deadline " + to_iso(due) + " for " + g.id(employer) + " is already past on " +
                         to_iso(s.x.on) + " (R10)");
        }
    }

    [[nodiscard]] std::string text(const rationale_entry& e, const route& r, const governance_graph& g) const override {
        const date first_dismissal = value_day(e.values.at(0));
        const auto lowest = e.values.at(1);
        std::string text;
        for (std::size_t i = 0; i < e.bodies.size(); ++i) {
            const auto n = e.values.at(2 + 2 * i);
            const auto days = e.values.at(3 + 2 * i);
            const std::string& id = g.id(e.bodies[i]);
            if (!text.empty()) text += " ";
            if (days == 0) {
                text += id + ": " + std::to_string(n) + " proposed redundancies, below " + std::to_string(lowest) +
                        ", so no statutory collective minimum.";
                continue;
            }
            const date due = first_dismissal - boost::gregorian::days(days);
            text += id + ": " + std::to_string(n) +
                    " proposed redundancies, so consultation must begin and form HR1 reach the Secretary of State by " +
                    to_iso(due) + ", " + std::to_string(days) + " days before the first dismissal on " +
                    to_iso(first_dismissal) + (due < r.as_of ? " (already late on " + to_iso(r.as_of) + ")." : ".");
        }
        return text;
    }
};

} // namespace

std::shared_ptr<const rule> make_r10_statutory_dates() { return std::make_shared<r10_statutory_dates>(); }

} // namespace spfgov::detail
