// The routing policy: rule units with their switches and citations, and
// the dated parameters.
#include "routing_detail.hpp"

#include "spfgov/detail/graph_reading.hpp"
#include "spfgov/calendar.hpp"
#include "spfgov/error.hpp"

#include "detail_location.hpp"
#include "detail_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace spfgov {

std::string_view rule_citation::id() const noexcept { return unit ? unit->id() : std::string_view{}; }

void check_parameters(const policy_parameters& p) {
    // route_issue_into checks on every call: nothing is made (no allocation)
    // unless something is wrong. `table`/`band` name the value's place.
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    const auto fail = [](const char* code, std::size_t table, std::size_t band, const char* field, const std::string& what) {
        std::string path = "parameters.";
        if (table != none) {
            path += "statutory_bands[" + std::to_string(table) + "].";
            if (band != none) path += "bands[" + std::to_string(band) + "].";
        }
        path += field;
        error_location at;
        at.pointer = detail::key_path_pointer(path);
        throw policy_error(code, std::string(code) + ": " + path + ": " + what, std::move(at));
    };
    const auto& tables = p.statutory_bands;
    for (std::size_t t = 0; t < tables.size(); ++t) {
        if (tables[t].from.is_special())
            fail("policy.bad_value", t, none, "from",
                 "expected a date (the date the table applies from), got " + to_iso(tables[t].from));
        if (t > 0 && !(tables[t - 1].from < tables[t].from))
            fail("policy.tables_out_of_order", t, none, "from",
                 "expected statutory tables in increasing from: " + to_iso(tables[t].from) + " follows " +
                     to_iso(tables[t - 1].from));
        const auto& bands = tables[t].bands;
        for (std::size_t b = 0; b < bands.size(); ++b) {
            if (bands[b].min < 1 || bands[b].min > max_band_min)
                fail("policy.bad_value", t, b, "min",
                     "expected a whole number from 1 to " + std::to_string(max_band_min) + ", got " + std::to_string(bands[b].min));
            if (bands[b].days.count() < 1 || bands[b].days.count() > max_band_days)
                fail("policy.bad_value", t, b, "days",
                     "expected a whole number from 1 to " + std::to_string(max_band_days) + " (calendar days), got " +
                         std::to_string(bands[b].days.count()));
            if (b > 0 && bands[b].min <= bands[b - 1].min)
                fail("policy.bands_out_of_order", t, b, "min",
                     "expected bands in increasing min: " + std::to_string(bands[b].min) + " follows " +
                         std::to_string(bands[b - 1].min));
        }
    }
    if (p.papers_days.count() < 0 || p.papers_days.count() > max_policy_papers_days)
        fail("policy.bad_value", none, none, "papers_days",
             "expected a whole number from 0 to " + std::to_string(max_policy_papers_days) + " (working days), got " +
                 std::to_string(p.papers_days.count()));
}
// A meeting rule's papers_days in a graph and the policy's are one quantity.
static_assert(static_cast<std::uint64_t>(max_policy_papers_days) == detail::max_papers_days);

std::vector<statutory_table> default_statutory_bands() {
    // domain.md R10: the table in force is chosen by the date of the proposal.
    return {
        {date(1978, 1, 1),
         "Employment Protection Act 1975 s.99; TULRCA 1992 s.188 and s.193 as enacted",
         {{10, calendar_days{30}}, {100, calendar_days{90}}}},
        {date(1995, 10, 26),
         "Collective Redundancies and Transfer of Undertakings (Protection of Employment) (Amendment) Regulations 1995, "
         "SI 1995/2587",
         {{20, calendar_days{30}}, {100, calendar_days{90}}}},
        {date(2013, 4, 6),
         "Trade Union and Labour Relations (Consolidation) Act 1992 (Amendment) Order 2013, SI 2013/763",
         {{20, calendar_days{30}}, {100, calendar_days{45}}}},
    };
}

const statutory_table* table_in_force(std::span<const statutory_table> tables, date on) noexcept {
    const statutory_table* found = nullptr;
    for (const auto& t : tables)
        if (!(on < t.from)) found = &t;
    return found;
}

const statutory_band* band_for(const statutory_table& table, std::int64_t count) noexcept {
    const statutory_band* found = nullptr;
    for (const auto& b : table.bands)
        if (count >= b.min) found = &b;
    return found;
}

namespace {

std::shared_ptr<const rule_citation> cite_default(std::shared_ptr<const rule> unit) {
    auto c = std::make_shared<rule_citation>();
    if (auto s = unit->source()) c->source = std::string(*s);
    c->unit = std::move(unit);
    return c;
}

/// The built-in rules in run order within their stages; made once and
/// shared by every default-constructed policy.
const std::vector<std::shared_ptr<const rule_citation>>& builtin_rules() {
    static const std::vector<std::shared_ptr<const rule_citation>> rules = [] {
        std::vector<std::shared_ptr<const rule_citation>> out;
        for (auto make : {detail::make_r11_succession, detail::make_r01_scope, detail::make_r02_employer_primacy,
                          detail::make_r03_negotiation, detail::make_r04_system_discussion, detail::make_r05_lead,
                          detail::make_r06_regional_oversight, detail::make_r07_national_and_subgroups,
                          detail::make_r08_people_boards, detail::make_r09_ladder, detail::make_r12_meetings,
                          detail::make_r10_statutory_dates})
            out.push_back(cite_default(make()));
        return out;
    }();
    return rules;
}

} // namespace

routing_policy::routing_policy() : rules_(builtin_rules()) {
    parameters.statutory_bands = default_statutory_bands();
    run_order_.reserve(rules_.size());
    plan_run_order();
}

namespace {
/// "R12" -> 12; anything else -> 0.
int builtin_number(std::string_view id) {
    if (id.size() < 2 || id.size() > 3 || id[0] != 'R') return 0;
    int n = 0;
    for (std::size_t i = 1; i < id.size(); ++i) {
        if (id[i] < '0' || id[i] > '9') return 0;
        n = n * 10 + (id[i] - '0');
    }
    return n >= 1 && n <= 12 ? n : 0;
}
} // namespace

void routing_policy::plan_run_order() {
    // Each change reserves room first, so planning cannot fail half way
    // and leave a changed policy skipping rules.
    run_order_.clear();
    built_in_rules_only_ = true;
    built_ins_switched_off_ = 0;
    for (const auto& c : rules_)
        if (!c->enabled && c->unit && dynamic_cast<const detail::builtin_rule*>(c->unit.get()))
            if (const int n = builtin_number(c->id())) built_ins_switched_off_ |= static_cast<std::uint16_t>(1u << (n - 1));
    for (auto stage : {rule_stage::scope, rule_stage::membership, rule_stage::ladder, rule_stage::meetings,
                       rule_stage::dates}) {
        for (std::size_t i = 0; i < rules_.size(); ++i) {
            const auto& c = *rules_[i];
            if (!c.enabled || !c.unit || c.unit->stage() != stage) continue;
            if (dynamic_cast<const detail::builtin_rule*>(c.unit.get()) == nullptr) built_in_rules_only_ = false;
            const int n = builtin_number(c.id());
            run_order_.push_back({static_cast<std::uint32_t>(i),
                                  n ? static_cast<std::uint32_t>(n) : static_cast<std::uint32_t>(100 + i)});
        }
    }
}

const rule_citation* routing_policy::find(std::string_view id) const noexcept {
    for (const auto& c : rules_)
        if (c->id() == id) return c.get();
    return nullptr;
}

bool routing_policy::enabled(std::string_view id) const noexcept {
    const auto* c = find(id);
    return c && c->enabled;
}

std::shared_ptr<const rule_citation>& routing_policy::slot(std::string_view id) {
    for (auto& c : rules_)
        if (c->id() == id) return c;
    throw policy_error("policy.unknown_rule", "no rule \"" + std::string(id) + "\" in this policy");
}

routing_policy& routing_policy::replace(std::shared_ptr<const rule> unit) {
    run_order_.reserve(rules_.size() + 1);  // before any change: planning then allocates nothing
    if (!unit) throw policy_error("policy.bad_custom_rule", "a rule to replace with is null");
    auto& s = slot(unit->id());
    auto c = std::make_shared<rule_citation>(*s);
    c->source = unit->source() ? std::optional<std::string>(std::string(*unit->source())) : std::nullopt;
    c->unit = std::move(unit);
    s = std::move(c);
    plan_run_order();
    return *this;
}

routing_policy& routing_policy::add(std::shared_ptr<const rule> unit) {
    run_order_.reserve(rules_.size() + 1);  // before any change: planning then allocates nothing
    if (!unit) throw policy_error("policy.bad_custom_rule", "a rule to add is null");
    if (find(unit->id()))
        throw policy_error("policy.duplicate_rule", "a rule \"" + std::string(unit->id()) + "\" is already in this policy");
    rules_.push_back(cite_default(std::move(unit)));
    plan_run_order();
    return *this;
}

routing_policy& routing_policy::enable(std::string_view id, bool on) {
    run_order_.reserve(rules_.size() + 1);  // before any change: planning then allocates nothing
    auto& s = slot(id);
    if (!on && s->unit->required())
        throw policy_error("policy.required_rule",
                           "rule " + std::string(id) + " cannot be switched off: every route needs it (R1, R9 and R11)");
    auto c = std::make_shared<rule_citation>(*s);
    c->enabled = on;
    s = std::move(c);
    plan_run_order();
    return *this;
}

routing_policy& routing_policy::cite(std::string_view id, std::optional<std::string> source) {
    run_order_.reserve(rules_.size() + 1);  // before any change: planning then allocates nothing
    auto& s = slot(id);
    auto c = std::make_shared<rule_citation>(*s);
    c->source = std::move(source);
    s = std::move(c);
    plan_run_order();
    return *this;
}

bool operator==(const routing_policy& a, const routing_policy& b) {
    if (a.name != b.name || a.parameters != b.parameters || a.rules_.size() != b.rules_.size()) return false;
    for (std::size_t i = 0; i < a.rules_.size(); ++i) {
        const auto &x = *a.rules_[i], &y = *b.rules_[i];
        if (x.id() != y.id() || x.enabled != y.enabled || x.source != y.source) return false;
        const auto *sx = x.unit->spec(), *sy = y.unit->spec();
        if ((sx == nullptr) != (sy == nullptr) || (sx && !(*sx == *sy))) return false;
        if (!sx && x.unit != y.unit) return false;
    }
    return true;
}

const routing_policy& default_policy() {
    static const routing_policy policy;
    return policy;
}

} // namespace spfgov

namespace spfgov {

std::optional<std::string> statutory_table_gap(const routing_policy& p) {
    if (!p.enabled("R10")) return std::nullopt;  // no dates at all: routing warns of that itself
    const auto& tables = p.parameters.statutory_bands;
    constexpr std::string_view defaults = " (`spfgov policy` prints the default ones)";
    if (tables.empty())
        return "statutory_bands is empty: no redundancy gets a statutory date (R10); list the tables in force" +
               std::string(defaults);
    const date first = tables.front().from;
    if (first <= holiday_calendar::first_day()) return std::nullopt;
    return "statutory_bands begins on " + to_iso(first) +
           ": a redundancy proposed before then gets no statutory date (R10); to keep the law before it, list the "
           "earlier tables too" + std::string(defaults);
}

std::vector<std::string> idle_custom_rules(const routing_policy& p, const governance_graph& g) {
    // The kinds each selector gathers (custom_rule.cpp's candidates()).
    const auto held = [](rule_selector of) -> std::array<body_kind, 2> {
        switch (of) {
        case rule_selector::affected_employers: return {body_kind::jncc, body_kind::jncc};
        case rule_selector::affected_systems: return {body_kind::system_forum, body_kind::people_board};
        case rule_selector::affected_regions: return {body_kind::regional_forum, body_kind::regional_people_board};
        case rule_selector::national: break;
        }
        return {body_kind::national_forum, body_kind::negotiating_body};
    };
    // The kinds the graph has, gathered once (a million-body graph is read
    // once, not once a rule), and only when a rule asks.
    std::optional<std::vector<bool>> kinds_held;
    const auto has_kind = [&](body_kind k) {
        if (!kinds_held) {
            kinds_held.emplace();
            for (const auto b : g.bodies()) {
                const auto n = static_cast<std::size_t>(g[b].kind);
                if (n >= kinds_held->size()) kinds_held->resize(n + 1);
                (*kinds_held)[n] = true;
            }
        }
        const auto n = static_cast<std::size_t>(k);
        return n < kinds_held->size() && (*kinds_held)[n];
    };
    std::vector<std::string> out;
    for (const auto& c : p.rules()) {
        const custom_rule_spec* spec = c->enabled && c->unit ? c->unit->spec() : nullptr;
        if (spec && spec->when.systems && spec->when.regions) {
            // Every condition must hold: an employer in a named system and in
            // a named region. Systems in none of the regions never meet both.
            // An employer of a named system, in a named region through any of
            // its systems or directly (an employer may be in several, §3).
            const auto& regions = *spec->when.regions;
            const auto in_named_region = [&](body_handle b) {
                for (auto l : g.out_links(b)) {
                    if (g[l].rel != relation::part_of) continue;
                    const body_handle up = g.target(l);
                    if (std::find(regions.begin(), regions.end(), g.id(up)) != regions.end()) return true;
                    if (g[up].kind == body_kind::system)
                        for (auto m : g.out_links(up))
                            if (g[m].rel == relation::part_of &&
                                std::find(regions.begin(), regions.end(), g.id(g.target(m))) != regions.end())
                                return true;
                }
                return false;
            };
            const bool meet = std::any_of(spec->when.systems->begin(), spec->when.systems->end(), [&](const std::string& id) {
                const auto sys = g.find(id);
                if (!sys) return false;
                if (in_named_region(*sys)) return true;
                const auto members = g.in_links(*sys);
                return std::any_of(members.begin(), members.end(), [&](link_handle l) {
                    return g[l].rel == relation::part_of && in_named_region(g.source(l));
                });
            });
            if (!meet)
                out.push_back("custom rule " + spec->id + " never fires: no employer of its systems (" +
                              detail::text::join_as_list(*spec->when.systems) + ") is in one of its regions (" +
                              detail::text::join_as_list(regions) +
                              ") at any date, and every condition of `when` must hold (for one or the other, give "
                              "two rules)");
        }
        if (!spec || !spec->kind || !spec->of) continue;
        const std::string rule = "custom rule " + spec->id + " (" + std::string(to_string(*spec->kind)) + " of " +
                                 std::string(to_string(*spec->of)) + ")";
        const auto kinds = held(*spec->of);
        if (std::find(kinds.begin(), kinds.end(), *spec->kind) == kinds.end()) {
            const std::string these = kinds[0] == kinds[1] ? std::string(to_string(kinds[0])) + " bodies"
                                                           : std::string(to_string(kinds[0])) + " and " +
                                                                 std::string(to_string(kinds[1])) + " bodies";
            out.push_back(rule + " never adds a body: " + std::string(to_string(*spec->of)) + " holds only " + these);
        } else if (!has_kind(*spec->kind)) {
            out.push_back(rule + " never adds a body: the graph has no " + std::string(to_string(*spec->kind)) +
                          " at any date");
        }
    }
    return out;
}

} // namespace spfgov
