// R10 Statutory timelines (TULRCA 1992 s.188 and s.193): per employer, the
// band of the table in force on the issue's date (the date the redundancies
// are proposed) gives the calendar days before the first dismissal by which
// consultation must begin and form HR1 reach the Secretary of State
// (domain.md §3, §5.11).
#include "../detail_binding_deadlines.hpp"
#include "../detail_json.hpp"
#include "../detail_nearest.hpp"
#include "../detail_text.hpp"
#include "../routing_detail.hpp"

#include <unordered_set>

namespace spfgov::detail {
namespace {

enum statutory_dates_form : std::uint8_t { deadlines_computed, no_table_in_force };

std::string band_text(const statutory_table& t, std::size_t i) {
    const auto& b = t.bands[i];
    std::string text = std::to_string(b.min);
    text += i + 1 < t.bands.size() ? "-" + std::to_string(t.bands[i + 1].min - 1) : "+";
    return text;
}

} // namespace

void redundancy_counts(routing_context& ctx, std::vector<std::pair<body_handle, std::int64_t>>& counts) {
    routing_state& s = ctx.state();
    const governance_graph& g = s.g;
    counts.clear();  // after succession, each employer once, summed
    scratch_list resolved_list(s.scratch);
    auto& resolved = *resolved_list;
    for (const auto& [name, n] : s.is.redundancies) {
        const auto h = g.find(name);
        std::string& pointer = s.scratch.pointer;  // kept between routings: no allocation once warm
        pointer.assign("/redundancies");
        json::append_pointer_segment(pointer, name);
        resolved.clear();
        if (h && g.kind(*h) == body_kind::employer) {
            try {
                resolve_successors(s, *h, pointer, resolved, nullptr);
            } catch (const issue_error&) {
                resolved.clear();
            }
        }
        std::erase_if(resolved, [&](body_handle e) { return !sorted_contains(g, s.affected, e); });
        if (resolved.size() > 1)  // §5.11: which successor the count belongs to is unknowable
            ctx.fail("redundancies_split", pointer, std::to_string(n),
                     "employer \"" + name + "\" split into " + id_list(g, resolved) + " on " + to_iso(s.x.on) +
                         "; give the proposed redundancies per successor");
        if (resolved.empty()) {
            // A lower-case code loses a legal date: name the affected
            // employer it means ("rk5" for "RK5"), by lookups alone (a scan
            // of the affected per count would be quadratic in a long issue).
            // An employer that merged counts as its successor, as the exact code does.
            const auto affected_or_succeeded = [&](body_handle named) {
                if (sorted_contains(g, s.affected, named)) return true;
                if (g.kind(named) != body_kind::employer) return false;
                std::vector<body_handle> successors;
                try {
                    resolve_successors(s, named, pointer, successors, nullptr);
                } catch (const issue_error&) {
                    return false;
                }
                return std::any_of(successors.begin(), successors.end(),
                                   [&](body_handle b) { return sorted_contains(g, s.affected, b); });
            };
            ctx.warn("redundancies name " + name + ", which is not an affected employer on " + to_iso(s.x.on) +
                     detail::exact_variant_hint(g, name, affected_or_succeeded) + "; no statutory date for it (R10)");
            continue;
        }
        auto it = std::find_if(counts.begin(), counts.end(), [&](auto& c) { return c.first == resolved.front(); });
        if (it == counts.end()) counts.emplace_back(resolved.front(), n);
        else it->second += n;
    }
    std::sort(counts.begin(), counts.end(), [&](auto& a, auto& b) { return g.id_rank(a.first) < g.id_rank(b.first); });
}

std::optional<std::string> ended_by_first_dismissal(const governance_graph& g, body_handle employer, date first_dismissal,
                                                    date on, std::string_view redo) {
    const date ends = g[employer].valid.to;
    if (!(ends <= first_dismissal)) return std::nullopt;
    // Who dismisses then: the bodies succeeds links in force on that day
    // lead to, followed past successors that have ended by then too (a
    // merger then another), as R11 would resolve them on that day.
    // Bounded as R11 is (64 steps), and each body met once by a hash set: a
    // crafted graph's wide split or long chain stays linear.
    constexpr int most_steps = 64;
    std::vector<body_handle> successors, next;
    std::unordered_set<std::uint32_t> seen{employer.index()};
    std::vector<body_handle> step{employer};
    for (int depth = 0; !step.empty() && depth < most_steps; ++depth, step.swap(next)) {
        next.clear();
        for (auto from : step)
            for (auto l : g.in_links(from)) {
                const body_handle to = g.source(l);
                if (g[l].rel != relation::succeeds || !g[l].valid.contains(first_dismissal) ||
                    !seen.insert(to.index()).second)
                    continue;  // another relation, out of force, or met already (a cycle validate refuses)
                (g[to].valid.to <= first_dismissal ? next : successors).push_back(to);
            }
    }
    sort_unique(g, successors);
    const std::string& id = g.id(employer);
    std::string text = id + " has ended by the first dismissal on " + to_iso(first_dismissal) + " (its valid_to is " +
                       to_iso(ends) + "): ";
    if (successors.empty())
        text += "the graph names no successor on that day, so whose the dismissals become is not known (an overlay "
                "can name one: a body with \"succeeds\": [\"" + id + "\"])";
    else
        text += "the dismissals would then be made by " +
                std::string(successors.size() == 1 ? "its successor " : "its successors ") + id_list(g, successors);
    text += "; these dates are for " + id + "'s proposal as of " + to_iso(on);
    if (!successors.empty() && !redo.empty()) text += "; " + std::string(redo);
    return text;
}

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
        if (is.redundancies.empty() && !is.first_dismissal) {
            // Said, not silent: a batch line whose counts were misspelt
            // ("redundancy": {...}) would otherwise lose its HR1 date unseen.
            if (is.kind == issue_kind::redundancy)
                ctx.warn("a redundancy issue without redundancies or first_dismissal; no statutory date is computed "
                         "(R10)");
            return;
        }
        if (is.kind != issue_kind::redundancy) {
            if (!is.redundancies.empty())
                ctx.warn("redundancies are given for a " + std::string(to_string(is.kind)) +
                         " issue; statutory dates apply to redundancy issues only (R10): if it proposes dismissals "
                         "as redundant, TULRCA s.188 applies whatever the change is called, so give it kind "
                         "\"redundancy\"");
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
        if (*is.first_dismissal < is.date)
            ctx.warn("first_dismissal " + to_iso(*is.first_dismissal) + " is before the issue's date " + to_iso(is.date) +
                     ": the dismissals would come before the proposal; check the dates (R10)");
        auto& counts = s.scratch.redundancy_counts;
        redundancy_counts(ctx, counts);
        if (counts.empty()) return;
        const auto tables = std::span<const statutory_table>(s.policy.parameters.statutory_bands);
        const statutory_table* table = table_in_force(tables, s.x.on);
        if (!table) {
            const std::string first = tables.empty() ? std::string("no table") : "the first applies from " + to_iso(tables.front().from);
            ctx.warn("no statutory table is in force on " + to_iso(s.x.on) + " (" + first +
                     "); no statutory date is computed (R10)");
            auto& e = ctx.explain(no_table_in_force);
            e.values = {tables.empty() ? -1 : day_value(tables.front().from)};
            return;
        }
        const statutory_table* next = table + 1 < tables.data() + tables.size() ? table + 1 : nullptr;
        // values: first dismissal, the table's from and until (-1: open), its band count and bands
        // (min, days), then per employer its count and band index (-1: below the lowest).
        auto& e = ctx.explain(deadlines_computed);
        e.authority = spare_text(s.scratch, table->authority);
        e.values = {day_value(*is.first_dismissal), day_value(table->from), next ? day_value(next->from) : -1,
                    static_cast<std::int64_t>(table->bands.size())};
        for (const auto& b : table->bands) {
            e.values.push_back(b.min);
            e.values.push_back(b.days.count());
        }
        for (const auto& [employer, n] : counts) {
            const statutory_band* band = band_for(*table, n);
            e.bodies.push_back(employer);
            e.values.push_back(n);
            e.values.push_back(band ? band - table->bands.data() : -1);
            if (!band) continue;
            const date due = *is.first_dismissal - band->days;
            const bool highest = band + 1 == table->bands.data() + table->bands.size();
            const int band_max = highest ? 0 : band[1].min - 1;
            const bool late = due < s.x.on;
            for (auto kind : {deadline_kind::consultation_start, deadline_kind::hr1_notification})
                s.r.deadlines.push_back({kind, employer, due, "R10", late, n, band->days, band->min, band_max, table->from,
                                         next ? std::optional<date>(next->from) : std::nullopt,
                                         spare_text(s.scratch, table->authority)});
            if (late)
                ctx.warn("statutory deadline " + to_iso(due) + " for " + g.id(employer) + " is already past on " +
                         to_iso(s.x.on) + " (R10)");
        }
        for (const auto& [employer, n] : counts)
            if (auto said = ended_by_first_dismissal(g, employer, *is.first_dismissal, s.x.on, {}))
                ctx.warn(std::move(*said) + " (R10)");
    }

    [[nodiscard]] std::string text(const rationale_entry& e, const route& r, const governance_graph& g) const override {
        if (e.form == no_table_in_force)
            return "No statutory table is in force on " + to_iso(r.as_of) +
                   (e.values.at(0) < 0 ? std::string() : " (the first applies from " + to_iso(value_day(e.values[0])) + ")") +
                   ", so no statutory date is computed.";
        // Rebuild the table from the entry's values.
        statutory_table table;
        table.from = value_day(e.values.at(1));
        const auto until = e.values.at(2);
        const auto nbands = static_cast<std::size_t>(e.values.at(3));
        for (std::size_t i = 0; i < nbands; ++i)
            table.bands.push_back({static_cast<int>(e.values.at(4 + 2 * i)), calendar_days{static_cast<int>(e.values.at(5 + 2 * i))}});
        const date first_dismissal = value_day(e.values.at(0));
        std::string text = "The statutory minimum periods for proposals from " + to_iso(table.from) +
                           (until < 0 ? std::string() : " until " + to_iso(value_day(until) - boost::gregorian::days(1))) + " are ";
        for (std::size_t i = 0; i < nbands; ++i)
            text += (i ? ", " : "") + band_text(table, i) + " proposed redundancies: " + std::to_string(table.bands[i].days.count()) + " days";
        text += " (" + (e.authority ? *e.authority : std::string("the policy's table")) + ").";
        const std::size_t at = 4 + 2 * nbands;
        for (std::size_t i = 0; i < e.bodies.size(); ++i) {
            const auto n = e.values.at(at + 2 * i);
            const auto band = e.values.at(at + 2 * i + 1);
            const std::string& id = g.id(e.bodies[i]);
            if (band < 0) {
                text += " " + id + ": " + text::proposed_redundancies(n) + ", below " +
                        std::to_string(nbands ? table.bands.front().min : 0) + ", so no statutory collective minimum.";
                continue;
            }
            const auto b = static_cast<std::size_t>(band);
            const calendar_days days = table.bands[b].days;
            const date due = first_dismissal - days;
            text += " " + id + ": " + text::proposed_redundancies(n) + ", in the band " + band_text(table, b) +
                    ", so consultation must begin and form HR1 reach the Secretary of State by " + to_iso(due) + ", " +
                    std::to_string(days.count()) + " days before the first dismissal on " + to_iso(first_dismissal) +
                    (due < r.as_of ? " (already late on " + to_iso(r.as_of) + ")." : ".");
        }
        return text;
    }
};

} // namespace

std::vector<below_lowest_band> below_lowest_band_employers(const route& r) {
    std::vector<below_lowest_band> out;
    for (const auto& e : r.rationale) {
        // Only the built-in R10's entries have this layout (a policy may cite
        // it differently, but the unit is the same object type).
        if (e.form != deadlines_computed || !e.cited ||
            !dynamic_cast<const r10_statutory_dates*>(e.cited->unit.get()))
            continue;
        const auto& v = e.values;
        if (v.size() < 4 || v[3] < 0) continue;
        const auto nbands = static_cast<std::size_t>(v[3]);
        const std::size_t at = 4 + 2 * nbands;
        if (v.size() < at + 2 * e.bodies.size()) continue;  // not an entry R10 wrote
        for (std::size_t i = 0; i < e.bodies.size(); ++i)
            if (v[at + 2 * i + 1] < 0) out.push_back({e.bodies[i], v[at + 2 * i], nbands ? v[4] : 0});
    }
    return out;
}

std::shared_ptr<const rule> make_r10_statutory_dates() { return std::make_shared<r10_statutory_dates>(); }

} // namespace spfgov::detail
