#include "spfgov/route.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/detail/cycles.hpp"
#include "spfgov/rrule.hpp"

#include <algorithm>
#include <span>
#include <unordered_map>
#include <variant>

namespace spfgov {

// ------------------------------------------------------------ policy

const routing_policy& default_policy() {
    static const routing_policy policy = [] {
        routing_policy p;
        auto join = [](std::string_view a, std::string_view b) { return std::string(a) + "; " + std::string(b); };
        p.rule_sources = {
            "",                                                                    // R1 structural
            join(sources::workforce_change, sources::midlands_principles),        // R2
            std::string(sources::midlands_principles),                            // R3
            std::string(sources::workforce_change),                               // R4
            std::string(sources::workforce_change),                               // R5
            join(sources::midlands_principles, sources::new_care_models),         // R6
            join(sources::how_we_do_partnership, sources::supporting_system_change), // R7
            std::string(sources::midlands_principles),                            // R8
            "",                                                                    // R9 structural
            std::string(sources::tulrca),                                         // R10
            "",                                                                    // R11 structural
            "",                                                                    // R12 calendar
        };
        return p;
    }();
    return policy;
}

// ------------------------------------------------------------ index

namespace detail {

/// Compressed rows: the bodies related to each body, in one flat array.
class body_rows {
public:
    void build(const std::vector<std::vector<body_handle>>& rows) {
        offsets_.assign(1, 0);
        items_.clear();
        for (const auto& r : rows) {
            items_.insert(items_.end(), r.begin(), r.end());
            offsets_.push_back(static_cast<std::uint32_t>(items_.size()));
        }
    }
    [[nodiscard]] std::span<const body_handle> operator[](body_handle h) const {
        return {items_.data() + offsets_[h.index()], items_.data() + offsets_[h.index() + 1]};
    }

private:
    std::vector<std::uint32_t> offsets_;
    std::vector<body_handle> items_;
};

struct subgroup_info {
    body_handle handle;
    issue_kind_set remit;
    bool national = false;               ///< parent is a national forum: covers every issue
    std::vector<body_handle> regions;    ///< parent's regions (regional bodies)
    std::vector<body_handle> systems;    ///< parent's systems (people boards)
};

struct index_data {
    index_data(const governance_graph& graph, date d) : g(&graph), on(d), view(graph, d) {}
    const governance_graph* g;
    date on;
    as_of_view view;
    body_rows jnccs;           ///< employer -> its valid jnccs
    body_rows systems;         ///< employer -> systems it is part_of
    body_rows regions;         ///< employer or system -> regions
    body_rows members;         ///< system or region -> employers valid in it
    body_rows forums;          ///< system -> system_forums; region -> regional_forums
    body_rows boards;          ///< system -> people_boards; region -> regional_people_boards
    body_rows lead_unions;     ///< system_forum -> trade unions leading there
    body_rows escalates;       ///< body -> escalates_to targets on the date
    std::vector<body_handle> stopped_at;  ///< body -> an escalates_to target not valid on the date (or itself)
    std::vector<body_handle> national_forums, negotiating_bodies;
    std::vector<subgroup_info> subgroups;
    /// Bodies with a meeting rule -> their next meeting on the index's date
    /// (computed once per date, not per route), or why the rule is unusable.
    std::unordered_map<std::uint32_t, std::variant<std::optional<next_meeting_result>, std::string>> meetings;
};

} // namespace detail

namespace {

using detail::index_data;

std::vector<std::vector<body_handle>> rows_for(const governance_graph& g) {
    return std::vector<std::vector<body_handle>>(g.body_count());
}

void sort_unique(const governance_graph& g, std::vector<body_handle>& hs) {
    const auto by_id = [&](body_handle a, body_handle b) { return g.id_rank(a) < g.id_rank(b); };
    // Rows of the index are already in id order: most lists need no sort.
    if (!std::is_sorted(hs.begin(), hs.end(), by_id)) std::sort(hs.begin(), hs.end(), by_id);
    hs.erase(std::unique(hs.begin(), hs.end()), hs.end());
}

// "R12" -> 12; custom rule ids sort after the built-in ones.
int rule_number(const std::string& rule) {
    if (rule.size() < 2 || rule[0] != 'R') return 1000;
    int n = 0;
    for (std::size_t i = 1; i < rule.size(); ++i) {
        if (rule[i] < '0' || rule[i] > '9') return 1000;
        n = n * 10 + (rule[i] - '0');
    }
    return n;
}

void build_index(index_data& x) {
    const governance_graph& g = *x.g;
    const as_of_view& v = x.view;
    using bk = body_kind;

    // Only a graph with an escalates_to cycle on some date can have one on this date.
    const auto cycles = g.escalation_may_cycle()
                            ? detail::cycles_of(v.boost_graph(), g.body_count(), relation::escalates_to)
                            : std::vector<std::vector<body_handle>>{};
    if (!cycles.empty()) {
        std::string path;
        for (auto h : cycles.front()) path += g.id(h) + " -> ";
        path += g.id(cycles.front().front());
        throw graph_error("escalation_cycle", "escalates_to links valid on " + to_iso(x.on) +
                                                  " form a cycle (" + path + "); routing needs every ladder to end");
    }

    auto jnccs = rows_for(g), systems = rows_for(g), regions = rows_for(g), members = rows_for(g),
         forums = rows_for(g), boards = rows_for(g), unions = rows_for(g), escalates = rows_for(g);
    x.stopped_at.assign(g.body_count(), body_handle{});
    for (auto b : g.bodies()) x.stopped_at[b.index()] = b;

    for (auto b : g.bodies()) {
        if (!v.contains(b)) continue;
        const body_kind k = g[b].kind;
        escalates[b.index()] = v.targets(b, relation::escalates_to);
        switch (k) {
        case bk::jncc:
            for (auto e : v.targets(b, relation::committee_of)) jnccs[e.index()].push_back(b);
            break;
        case bk::employer:
            for (auto s : v.targets(b, relation::part_of)) {
                systems[b.index()].push_back(s);
                members[s.index()].push_back(b);
            }
            break;
        case bk::system:
            for (auto r : v.targets(b, relation::part_of)) regions[b.index()].push_back(r);
            break;
        case bk::system_forum:
        case bk::regional_forum:
            for (auto c : v.targets(b, relation::committee_of)) forums[c.index()].push_back(b);
            if (k == bk::system_forum) unions[b.index()] = v.sources(b, relation::lead_union);
            break;
        case bk::people_board:
        case bk::regional_people_board:
            for (auto c : v.targets(b, relation::committee_of)) boards[c.index()].push_back(b);
            break;
        case bk::national_forum:
            x.national_forums.push_back(b);
            break;
        case bk::negotiating_body:
            x.negotiating_bodies.push_back(b);
            break;
        default:
            break;
        }
        if (g[b].meets) {
            try {
                const meeting_schedule schedule{parse_rrule(g[b].meets->rule), g[b].meets->start, g[b].meets->papers_days};
                x.meetings.emplace(b.index(), next_meeting(schedule, x.on));
            } catch (const error& e) {  // a bad rule, or a date the calendar does not cover
                x.meetings.emplace(b.index(), std::string(e.what()));
            }
        }
    }
    // A link valid on the date whose target is not: the ladder stops there (§5.10).
    for (auto l : g.links()) {
        const link_data& data = g[l];
        if (data.rel != relation::escalates_to || !data.valid.contains(x.on)) continue;
        const auto from = g.source(l), to = g.target(l);
        if (v.contains(from) && !v.contains(to)) x.stopped_at[from.index()] = to;
    }
    // Employers' regions via their systems; regions' members via systems.
    for (auto b : g.bodies()) {
        if (!v.contains(b) || g[b].kind != bk::employer) continue;
        for (auto s : systems[b.index()])
            for (auto r : regions[s.index()]) {
                regions[b.index()].push_back(r);
                members[r.index()].push_back(b);
            }
    }
    for (auto* rows : {&jnccs, &systems, &regions, &members, &forums, &boards, &unions})
        for (auto& r : *rows) sort_unique(g, r);
    sort_unique(g, x.national_forums);
    sort_unique(g, x.negotiating_bodies);

    for (auto s : v.bodies_of_kind(bk::subgroup)) {
        detail::subgroup_info info{s, g[s].remit, false, {}, {}};
        if (!g[s].has_remit || g[s].remit.empty()) continue;  // §5.9: no remit, never engaged
        for (auto parent : v.targets(s, relation::subgroup_of)) {
            switch (g[parent].kind) {
            case bk::national_forum: info.national = true; break;
            case bk::regional_forum:
            case bk::regional_people_board:
                for (auto r : v.targets(parent, relation::committee_of)) info.regions.push_back(r);
                break;
            case bk::people_board:
                for (auto sys : v.targets(parent, relation::committee_of)) info.systems.push_back(sys);
                break;
            default: break;
            }
        }
        x.subgroups.push_back(std::move(info));
    }

    x.jnccs.build(jnccs);
    x.systems.build(systems);
    x.regions.build(regions);
    x.members.build(members);
    x.forums.build(forums);
    x.boards.build(boards);
    x.lead_unions.build(unions);
    x.escalates.build(escalates);
}

} // namespace

routing_index::routing_index(const governance_graph& g, date on)
    : data_(std::make_unique<detail::index_data>(g, on)) {
    build_index(*data_);
}
routing_index::~routing_index() = default;
routing_index::routing_index(routing_index&&) noexcept = default;
routing_index& routing_index::operator=(routing_index&&) noexcept = default;
const governance_graph& routing_index::graph() const noexcept { return *data_->g; }
const as_of_view& routing_index::view() const noexcept { return data_->view; }
date routing_index::on() const noexcept { return data_->on; }

std::vector<std::string> ids(const governance_graph& g, const std::vector<body_handle>& hs) {
    std::vector<std::string> out;
    out.reserve(hs.size());
    for (auto h : hs) out.push_back(g.id(h));
    return out;
}

// ------------------------------------------------------------ routing

namespace {

constexpr date calendar_first{1978, 1, 1};
constexpr date calendar_last{2100, 12, 31};

struct routing {
    const index_data& x;
    const governance_graph& g;
    const issue& is;
    const routing_policy& policy;
    route& r;

    std::vector<body_handle> affected;     // employers, after expansion and succession
    std::vector<body_handle> systems, regions;
    std::vector<std::string> succession_notes;
    level containing = level::national;

    [[nodiscard]] std::string names(std::span<const body_handle> hs) const {
        std::string s;
        for (auto h : hs) {
            if (!s.empty()) s += ", ";
            s += g.id(h);
        }
        return s.empty() ? std::string("none") : s;
    }

    // The index of the `affected` entry being expanded, named in errors; the
    // field's text is built only when an error is thrown.
    std::size_t field_index = std::string::npos;

    [[noreturn]] void fail(std::string code, std::string_view field, std::string_view value, std::string_view what) const {
        std::string name(field);
        if (field_index != std::string::npos) name += "[" + std::to_string(field_index) + "]";
        throw issue_error(std::move(code), "issue \"" + is.id + "\": " + name + " = " + std::string(value) + ": " +
                                               std::string(what));
    }

    void explain(int rule, std::string text) {
        const auto& src = policy.rule_sources[static_cast<std::size_t>(rule - 1)];
        r.rationale.push_back({"R" + std::to_string(rule), std::move(text),
                               src.empty() ? std::nullopt : std::optional<std::string>(src)});
    }

    void check_fields() {
        if (static_cast<std::size_t>(is.kind) >= enum_count<issue_kind>)
            fail("unknown_kind", "kind", std::to_string(static_cast<int>(is.kind)), "expected " + expected_spellings<issue_kind>());
        if (static_cast<std::size_t>(is.origin) >= enum_count<level>)
            fail("unknown_origin", "origin", std::to_string(static_cast<int>(is.origin)), "expected " + expected_spellings<level>());
        if (x.on.is_special() || x.on < calendar_first || calendar_last < x.on)
            fail("date_out_of_range", "date", x.on.is_special() ? "(none)" : to_iso(x.on),
                 "expected a date from 1978-01-01 to 2100-12-31, the range of the England and Wales calendar");
        if (is.first_dismissal && (is.first_dismissal->is_special() || *is.first_dismissal < calendar_first ||
                                   calendar_last < *is.first_dismissal))
            fail("date_out_of_range", "first_dismissal", is.first_dismissal->is_special() ? "(none)" : to_iso(*is.first_dismissal),
                 "expected a date from 1978-01-01 to 2100-12-31");
        if (is.affected.empty() && is.origin != level::national)
            fail("empty_affected", "affected", "[]",
                 "an issue of " + std::string(to_string(is.origin)) + " origin must name at least one employer, system or region");
    }

    // R11: the bodies standing for `h` on the date, following `succeeds` links.
    void resolve(body_handle h, std::string_view field, std::vector<body_handle>& out, int depth = 0) {
        const body& b = g[h];
        if (x.view.contains(h)) {
            out.push_back(h);
            return;
        }
        if (depth > 64) fail("succession_loop", field, b.id, "succeeds links loop; the graph fails validation");
        if (x.on < b.valid.from)
            fail("not_yet_valid", field, b.id,
                 std::string(to_string(b.kind)) + " \"" + b.id + "\" is valid only from " + to_iso(b.valid.from) +
                     ", after the issue's date " + to_iso(x.on));
        std::vector<body_handle> successors;
        for (auto l : g.in_links(h))
            if (g[l].rel == relation::succeeds) successors.push_back(g.source(l));
        if (successors.empty())
            fail("no_successor", field, b.id,
                 std::string(to_string(b.kind)) + " \"" + b.id + "\" ended on " + to_iso(b.valid.to) +
                     " and no body succeeds it on " + to_iso(x.on));
        sort_unique(g, successors);
        std::vector<body_handle> found;
        for (auto s : successors) {
            if (x.on < g[s].valid.from)
                fail("succession_gap", field, b.id,
                     std::string(to_string(b.kind)) + " \"" + b.id + "\" ended on " + to_iso(b.valid.to) + " but its successor \"" +
                         g.id(s) + "\" starts only on " + to_iso(g[s].valid.from) + ", after " + to_iso(x.on));
            resolve(s, field, found, depth + 1);
        }
        succession_notes.push_back(b.id + " ended on " + to_iso(b.valid.to) + " and is replaced by its successor" +
                                   (found.size() > 1 ? "s " : " ") + names(found));
        out.insert(out.end(), found.begin(), found.end());
    }

    void expand_affected() {
        std::size_t i = 0;
        for (const auto& name : is.affected) {
            const std::string_view field = "affected";
            field_index = i++;
            const auto h = g.find(name);
            if (!h) fail("unknown_id", field, "\"" + name + "\"", "no body with this id in the graph");
            const body_kind k = g[*h].kind;
            if (k != body_kind::employer && k != body_kind::system && k != body_kind::region)
                fail("not_an_employer", field, "\"" + name + "\"",
                     "expected an employer, system or region, but it is a " + std::string(to_string(k)));
            std::vector<body_handle> resolved;
            resolve(*h, field, resolved);
            for (auto c : resolved) {
                if (k == body_kind::employer) {
                    affected.push_back(c);
                } else {
                    const auto m = x.members[c];
                    affected.insert(affected.end(), m.begin(), m.end());
                }
            }
        }
        field_index = std::string::npos;
        sort_unique(g, affected);
        r.affected = affected;
        for (auto e : affected) {
            const auto s = x.systems[e];
            systems.insert(systems.end(), s.begin(), s.end());
            const auto rg = x.regions[e];
            regions.insert(regions.end(), rg.begin(), rg.end());
        }
        sort_unique(g, systems);
        sort_unique(g, regions);
        if (!succession_notes.empty()) {
            std::string text = "As of " + to_iso(x.on) + ", ";
            for (std::size_t n = 0; n < succession_notes.size(); ++n)
                text += (n ? "; " : "") + succession_notes[n];
            explain(11, text + " (succeeds).");
        }
    }

    // The bodies of `rows` common to every affected employer.
    [[nodiscard]] std::vector<body_handle> common(const detail::body_rows& rows) const {
        std::vector<body_handle> acc;
        bool first = true;
        for (auto e : affected) {
            const auto mine = rows[e];
            if (first) {
                acc.assign(mine.begin(), mine.end());
                first = false;
            } else {
                std::erase_if(acc, [&](body_handle h) { return std::find(mine.begin(), mine.end(), h) == mine.end(); });
            }
        }
        return acc;
    }

    void scope() {  // R1
        std::string why;
        if (affected.empty()) {
            containing = level::national;
            why = "no employer in particular is affected";
        } else if (affected.size() == 1) {
            containing = level::employer;
            why = "one employer (" + g.id(affected.front()) + ") is affected";
        } else if (auto cs = common(x.systems); !cs.empty()) {
            containing = level::system;
            why = "every affected employer is in system " + names(cs);
        } else if (auto cr = common(x.regions); !cr.empty()) {
            containing = level::region;
            why = "every affected employer is in region " + names(cr);
        } else {
            containing = level::national;
            why = "the affected employers span more than one region (or one is in no system)";
        }
        r.scope = std::max(containing, is.origin);
        if (policy.national_kinds_national && is.origin == level::national &&
            (is.kind == issue_kind::policy || is.kind == issue_kind::pay_and_terms))
            r.scope = level::national;
        std::string text = "Scope is " + std::string(to_string(r.scope)) + ": " + why;
        if (r.scope != containing)
            text += ", and the issue's " + std::string(to_string(is.origin)) + " origin raises it to that level";
        explain(1, text + ".");
    }

    void consult_and_negotiate() {  // R2, R3
        std::vector<std::string> without;
        for (auto e : affected) {
            const auto j = x.jnccs[e];
            if (j.empty()) without.push_back(g.id(e));
            r.consult.insert(r.consult.end(), j.begin(), j.end());
        }
        sort_unique(g, r.consult);
        for (const auto& e : without)
            r.warnings.push_back("employer " + e + " has no jncc valid on " + to_iso(x.on) + "; nobody is consulted for it (R2)");
        if (!affected.empty())
            explain(2, "The JNCC of every affected employer is consulted, at every scope: " + names(r.consult) +
                           ". Employers keep their legal consultation duties.");
        r.negotiate = r.consult;
        const bool national_body = policy.negotiating_body_kinds.contains(is.kind) && r.scope >= policy.negotiating_body_scope;
        if (national_body) {
            r.negotiate.insert(r.negotiate.end(), x.negotiating_bodies.begin(), x.negotiating_bodies.end());
            sort_unique(g, r.negotiate);
        }
        if (!r.negotiate.empty()) {
            std::string text = "Negotiation stays with sovereign machinery: " + names(r.negotiate) + " negotiate";
            if (national_body && !x.negotiating_bodies.empty())
                text += " (national terms and conditions go to " + names(x.negotiating_bodies) + ")";
            explain(3, text + "; no forum, board or sub-group negotiates.");
        }
    }

    void system_forums() {  // R4
        if (!policy.engage_system_forums) return;
        if (r.scope < level::system && is.origin != level::system) return;
        std::vector<body_handle> engaged;
        for (auto s : systems) {
            const auto f = x.forums[s];
            engaged.insert(engaged.end(), f.begin(), f.end());
        }
        sort_unique(g, engaged);
        if (engaged.empty()) return;
        r.engage.insert(r.engage.end(), engaged.begin(), engaged.end());
        explain(4, "A system-level issue is discussed in partnership and its workforce impact assessed: system forum " +
                       names(engaged) + " of affected system " + names(systems) + " is engaged.");
    }

    [[nodiscard]] std::vector<body_handle> forums_for(const std::vector<body_handle>& containers) const {
        std::vector<body_handle> out;
        for (auto c : containers) {
            const auto f = x.forums[c];
            out.insert(out.end(), f.begin(), f.end());
        }
        sort_unique(g, out);
        return out;
    }

    void lead() {  // R5
        std::string text;
        if (affected.empty()) {
            r.lead = x.national_forums;
            text = "No employer in particular is affected, so the national forum leads: " + names(r.lead) + ".";
        } else if (!is.system_process_agreed) {
            r.lead = r.consult;
            text = "No system-led process has been agreed between employers and trade unions, so engagement stays with "
                   "each employer: " + names(r.lead) + " lead" + (r.lead.empty() ? " (no valid JNCC)" : "") + ".";
        } else {
            // The lowest forum covering every affected employer (§5.8).
            const std::vector<body_handle> cs = common(x.systems), cr = common(x.regions);
            if (auto f = forums_for(cs); !f.empty()) {
                r.lead = f;
            } else {
                if (!cs.empty())
                    r.warnings.push_back("system " + names(cs) + " has no system forum valid on " + to_iso(x.on) +
                                         "; the lead goes to the next level up (R5)");
                if (auto rf = forums_for(cr); !rf.empty()) {
                    r.lead = rf;
                } else {
                    if (!cr.empty())
                        r.warnings.push_back("region " + names(cr) + " has no regional forum valid on " + to_iso(x.on) +
                                             "; the lead goes to the national forum (R5)");
                    r.lead = x.national_forums;
                }
            }
            text = "A system-led process has been agreed between employers and trade unions, so the lowest forum covering "
                   "every affected employer leads: " + names(r.lead) + ".";
            std::vector<body_handle> unions;
            for (auto f : r.lead)
                if (g[f].kind == body_kind::system_forum) {
                    const auto u = x.lead_unions[f];
                    unions.insert(unions.end(), u.begin(), u.end());
                }
            sort_unique(g, unions);
            if (!unions.empty()) {
                r.lead_union = unions.front();
                text += " " + g.id(unions.front()) + " is the lead union, co-ordinating all staff-side constituents.";
                if (unions.size() > 1)
                    r.warnings.push_back("several lead unions are valid on " + to_iso(x.on) + " (" + names(unions) +
                                         "); the first by id, " + g.id(unions.front()) + ", is named (R5)");
            }
        }
        explain(5, std::move(text));
    }

    void regional() {  // R6
        std::vector<body_handle> rf = forums_for(regions), informed, engaged;
        std::vector<body_handle> boards;
        if (r.scope == level::system && policy.inform_regional_forum_of_system_scope) informed = rf;
        if (r.scope >= level::region && policy.engage_regional_forum) engaged = rf;
        if (r.scope >= level::region && policy.inform_regional_people_board)
            for (auto reg : regions) {
                const auto b = x.boards[reg];
                boards.insert(boards.end(), b.begin(), b.end());
            }
        sort_unique(g, boards);
        if (informed.empty() && engaged.empty() && boards.empty()) return;
        std::string text;
        if (!informed.empty()) text = "Regional forum " + names(informed) + " is informed of this system-scope issue as part of its regular report on each system.";
        if (!engaged.empty()) text = "Regional forum " + names(engaged) + " is engaged: the issue reaches across systems and may ripple between them.";
        if (!boards.empty()) text += " Regional people board " + names(boards) + " is informed.";
        r.inform.insert(r.inform.end(), informed.begin(), informed.end());
        r.inform.insert(r.inform.end(), boards.begin(), boards.end());
        r.engage.insert(r.engage.end(), engaged.begin(), engaged.end());
        explain(6, std::move(text));
    }

    void national_and_subgroups() {  // R7
        std::vector<body_handle> engaged_nf, engaged_sg;
        if (policy.engage_national_forum && r.scope == level::national) engaged_nf = x.national_forums;
        if (policy.engage_subgroups)
            for (const auto& sg : x.subgroups) {
                if (!sg.remit.contains(is.kind)) continue;
                auto in = [](const std::vector<body_handle>& mine, const std::vector<body_handle>& affected_set) {
                    return std::any_of(mine.begin(), mine.end(), [&](body_handle h) {
                        return std::find(affected_set.begin(), affected_set.end(), h) != affected_set.end();
                    });
                };
                if (sg.national || in(sg.regions, regions) || in(sg.systems, systems)) engaged_sg.push_back(sg.handle);
            }
        sort_unique(g, engaged_sg);
        if (engaged_nf.empty() && engaged_sg.empty()) return;
        std::string text;
        if (!engaged_nf.empty()) text = "At national scope the national forum " + names(engaged_nf) + " is engaged: no surprises.";
        if (!engaged_sg.empty())
            text += std::string(text.empty() ? "" : " ") + "Sub-group " + names(engaged_sg) + ", whose remit covers " +
                    std::string(to_string(is.kind)) + " issues and whose parent covers this one, is engaged.";
        r.engage.insert(r.engage.end(), engaged_nf.begin(), engaged_nf.end());
        r.engage.insert(r.engage.end(), engaged_sg.begin(), engaged_sg.end());
        explain(7, std::move(text));
    }

    void people_boards() {  // R8
        if (!policy.inform_people_boards || r.scope < level::system) return;
        std::vector<body_handle> informed;
        for (auto s : systems) {
            const auto b = x.boards[s];
            informed.insert(informed.end(), b.begin(), b.end());
        }
        sort_unique(g, informed);
        if (informed.empty()) return;
        r.inform.insert(r.inform.end(), informed.begin(), informed.end());
        explain(8, "People board " + names(informed) + " is informed: its staff-side representatives have the right to be informed of the ICS agenda.");
    }

    void ladder() {  // R9: breadth-first over escalates_to on the date
        std::vector<body_handle> current = r.consult.empty() ? r.engage : r.consult;
        // Each body once, at the lowest level it is reached: O(1) marks that
        // need no clearing between routes (a new epoch per route).
        thread_local std::vector<std::uint32_t> mark;
        thread_local std::uint32_t epoch = 0;
        if (mark.size() < g.body_count()) mark.assign(g.body_count(), 0);
        if (++epoch == 0) {
            std::fill(mark.begin(), mark.end(), 0);
            epoch = 1;
        }
        for (auto b : current) mark[b.index()] = epoch;
        std::vector<std::string> stops;
        while (!current.empty()) {
            r.escalation.push_back(current);
            std::vector<body_handle> next;
            for (auto b : current) {
                for (auto t : x.escalates[b])
                    if (mark[t.index()] != epoch) {
                        mark[t.index()] = epoch;
                        next.push_back(t);
                    }
                if (x.stopped_at[b.index()] != b)
                    stops.push_back(g.id(b) + " escalates_to " + g.id(x.stopped_at[b.index()]) + ", which is not valid on " + to_iso(x.on));
            }
            sort_unique(g, next);
            current = std::move(next);
        }
        for (auto& s : stops) r.warnings.push_back("escalation stops early: " + s + " (R9)");
        std::string text = "Escalation goes level by level along escalates_to links: ";
        for (std::size_t i = 0; i < r.escalation.size(); ++i)
            text += (i ? " -> " : "") + names(r.escalation[i]);
        if (r.escalation.empty()) text += "no body to start from";
        explain(9, text + ".");
    }

    void statutory_dates() {  // R10
        if (is.redundancies.empty() && !is.first_dismissal) return;
        if (is.kind != issue_kind::redundancy) {
            if (!is.redundancies.empty())
                r.warnings.push_back("redundancies are given for a " + std::string(to_string(is.kind)) +
                                     " issue; statutory dates apply to redundancy issues only (R10)");
            return;
        }
        if (is.redundancies.empty()) {
            r.warnings.push_back("first_dismissal is given without redundancies; no statutory date is computed (R10)");
            return;
        }
        if (!is.first_dismissal) {
            r.warnings.push_back("redundancies are given without first_dismissal; no statutory date is computed (R10)");
            return;
        }
        std::vector<std::pair<body_handle, int>> counts;  // after succession, summed
        for (const auto& [name, n] : is.redundancies) {
            const auto h = g.find(name);
            std::vector<body_handle> resolved;
            if (h && g[*h].kind == body_kind::employer) {
                try {
                    resolve(*h, "redundancies", resolved);
                } catch (const issue_error&) {
                    resolved.clear();
                }
            }
            std::erase_if(resolved, [&](body_handle e) { return !std::binary_search(affected.begin(), affected.end(), e,
                [&](body_handle a, body_handle b) { return g.id_rank(a) < g.id_rank(b); }); });
            if (resolved.size() != 1) {
                r.warnings.push_back("redundancies name " + name + ", which is not " +
                                     (resolved.size() > 1 ? std::string("one affected employer (it split)") : std::string("an affected employer")) +
                                     " on " + to_iso(x.on) + "; no statutory date for it (R10)");
                continue;
            }
            auto it = std::find_if(counts.begin(), counts.end(), [&](auto& c) { return c.first == resolved.front(); });
            if (it == counts.end()) counts.emplace_back(resolved.front(), n);
            else it->second += n;
        }
        std::sort(counts.begin(), counts.end(), [&](auto& a, auto& b) { return g.id_rank(a.first) < g.id_rank(b.first); });
        std::string text;
        for (const auto& [e, n] : counts) {
            if (!text.empty()) text += " ";
            if (n < policy.collective_threshold) {
                text += g.id(e) + ": " + std::to_string(n) + " proposed redundancies, below " +
                        std::to_string(policy.collective_threshold) + ", so no statutory collective minimum.";
                continue;
            }
            const int days = n >= policy.large_threshold ? policy.large_days : policy.collective_days;
            const date due = *is.first_dismissal - boost::gregorian::days(days);
            const bool late = due < x.on;
            for (auto kind : {deadline_kind::consultation_start, deadline_kind::hr1_notification})
                r.deadlines.push_back({kind, e, due, "R10", late, n, days});
            text += g.id(e) + ": " + std::to_string(n) + " proposed redundancies, so consultation must begin and form HR1 reach the "
                    "Secretary of State by " + to_iso(due) + ", " + std::to_string(days) + " days before the first dismissal on " +
                    to_iso(*is.first_dismissal) + (late ? " (already late on " + to_iso(x.on) + ")." : ".");
            if (late)
                r.warnings.push_back("statutory deadline " + to_iso(due) + " for " + g.id(e) + " is already past on " +
                                     to_iso(x.on) + " (R10)");
        }
        if (!text.empty()) explain(10, std::move(text));
    }

    void meetings() {  // R12
        if (!policy.meetings) return;
        std::vector<body_handle> bodies = r.lead;
        bodies.insert(bodies.end(), r.engage.begin(), r.engage.end());
        sort_unique(g, bodies);
        std::string text;
        for (auto b : bodies) {
            const auto it = x.meetings.find(b.index());
            if (it == x.meetings.end()) continue;
            if (const auto* bad = std::get_if<std::string>(&it->second)) {
                r.warnings.push_back("meeting rule of " + g.id(b) + " is invalid: " + *bad + " (R12)");
                continue;
            }
            const auto& next = std::get<std::optional<next_meeting_result>>(it->second);
            if (!next) continue;
            r.meetings.push_back({b, next->meeting, next->papers_due, next->scheduled, next->moved});
            text += (text.empty() ? "" : " ") + g.id(b) + " next meets on " + to_iso(next->meeting) +
                    (next->moved ? " (moved from " + to_iso(next->scheduled) + ", not a working day)" : "") +
                    "; papers are due by " + to_iso(next->papers_due) + ".";
        }
        if (!text.empty()) explain(12, std::move(text));
    }

    void run() {
        check_fields();
        expand_affected();
        scope();
        consult_and_negotiate();
        system_forums();
        lead();
        regional();
        national_and_subgroups();
        people_boards();
        sort_unique(g, r.engage);
        sort_unique(g, r.inform);
        ladder();
        statutory_dates();
        meetings();
        // Rationale in rule order: every rule but R11 (recorded first, while
        // expanding affected) is explained in order, so only R11 moves.
        if (r.rationale.size() > 1 && r.rationale.front().rule == "R11")
            std::rotate(r.rationale.begin(), r.rationale.begin() + 1,
                        std::find_if(r.rationale.begin() + 1, r.rationale.end(),
                                     [](const rationale_entry& e) { return rule_number(e.rule) > 11; }));
    }
};

} // namespace

route route_issue(const routing_index& index, const issue& i, const routing_policy& policy) {
    route r;
    r.issue = i.id;
    r.as_of = index.on();
    const auto& x = index.data();
    routing{x, *x.g, i, policy, r, {}, {}, {}, {}, level::national}.run();
    for (const auto& extra : policy.extra_rules) extra(index, i, r);
    return r;
}

route route_issue(const governance_graph& g, const issue& i, const routing_policy& policy) {
    if (i.date.is_special())
        throw issue_error("date_out_of_range", "issue \"" + i.id + "\": date is not set; expected a YYYY-MM-DD date");
    const routing_index index(g, i.date);
    return route_issue(index, i, policy);
}

router::router(const governance_graph& g, routing_policy policy) : graph_(&g), policy_(std::move(policy)) {}

std::shared_ptr<const routing_index> router::index_for(date on) const {
    std::lock_guard lock(mutex_);
    auto& slot = cache_[on];
    if (!slot) slot = std::make_shared<const routing_index>(*graph_, on);
    return slot;
}

route router::operator()(const issue& i, std::optional<date> as_of) const {
    const date on = as_of.value_or(i.date);
    if (on.is_special())
        throw issue_error("date_out_of_range", "issue \"" + i.id + "\": date is not set; expected a YYYY-MM-DD date");
    return route_issue(*index_for(on), i, policy_);
}

} // namespace spfgov
