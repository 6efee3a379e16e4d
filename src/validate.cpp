#include "spfgov/validate.hpp"

#include "spfgov/rrule.hpp"

#include "spfgov/detail/cycles.hpp"
#include "spfgov/detail/graph_reading.hpp"

#include "detail_nearest.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace spfgov {

namespace {

/// A validity period in words for a lay reader ("from 1995-04-01", "at any
/// date (no valid_from or valid_to)"), not only the interval notation.
std::string period_in_words(const validity& v) {
    // valid_to is the first day without it: a reader is told its last day.
    const auto last_day = [&] { return to_iso(v.to - boost::gregorian::days(1)); };
    if (v.open_start() && v.open_end()) return "at any date (it gives no valid_from or valid_to)";
    if (v.open_end()) return "from " + to_iso(v.from);
    if (v.open_start()) return "until " + last_day();
    return "from " + to_iso(v.from) + " to " + last_day();
}

/// What to write to bring `inner` within `outer`: the date each end needs.
/// An ended container is the common case (an overlay ends an employer, and
/// its committees, from the base graph, run on).
std::string within_container_fix(const validity& inner, const validity& outer) {
    std::string fix;
    if (inner.from < outer.from) fix = "a valid_from of " + to_iso(outer.from) + " or later";
    if (outer.to < inner.to)
        fix += (fix.empty() ? "" : " and ") + ("a valid_to of " + to_iso(outer.to) + " or earlier");
    if (fix.empty()) return "give it valid_from/valid_to within its container's";
    return "give it " + fix + (outer.to < inner.to ? " (ending a body, in an overlay too, does not end what it contains)" : "");
}

std::vector<std::vector<body_handle>> all_cycles(const governance_graph& g, relation rel) {
    return detail::cycles_of(g.boost_graph(), g.body_count(), rel);
}

std::string describe_cycle(const governance_graph& g, const std::vector<body_handle>& cycle, relation rel) {
    std::string s;
    for (auto h : cycle) s += g.id(h) + " -" + std::string(to_string(rel)) + "-> ";
    s += g.id(cycle.front());
    return s;
}

// Whether the union of `parts` covers every day of `whole`.
// Sorts `parts` (the caller's scratch).
bool covered(validity whole, std::vector<validity>& parts) {
    std::sort(parts.begin(), parts.end(), [](const validity& a, const validity& b) { return a.from < b.from; });
    date reached = whole.from;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (reached < p.from) break;
        if (reached < p.to) reached = p.to;
        if (!(reached < whole.to)) return true;
    }
    return !(reached < whole.to);
}

// Calls f(link) for each link leaving (out) or entering (in) `b`, without
// gathering them: validate() walks every body of the graph, and a vector
// per body per walk was a tenth of validating a million employers.
template <class F> void each_out_link(const governance_graph& g, body_handle b, F&& f) {
    const auto& bg = g.boost_graph();
    for (auto [it, end] = boost::out_edges(governance_graph::vertex(b), bg); it != end; ++it) f(bg[*it].handle);
}
template <class F> void each_in_link(const governance_graph& g, body_handle b, F&& f) {
    for (auto l : g.in_links(b)) f(l);
}

/// Kinds a route reaches only through links (committee_of, subgroup_of, part_of).
constexpr bool reached_by_links(body_kind k) noexcept {
    switch (k) {
    case body_kind::subgroup:
    case body_kind::region:
    case body_kind::regional_forum:
    case body_kind::regional_people_board:
    case body_kind::system:
    case body_kind::system_forum:
    case body_kind::people_board:
    case body_kind::jncc: return true;
    default: return false;
    }
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    detail::ascii_lower_in_place(out);
    return out;
}

/// Another body whose id differs from a body's only in letter case ("rk5-jncc"
/// for "RK5-jncc"): ids are case-sensitive, so an overlay that means to
/// add to a body but spells it so makes a new one. The table is built on the
/// first question (validate asks only of bodies without links: rare).
class case_twins {
public:
    explicit case_twins(const governance_graph& g) : g_(g) {}
    [[nodiscard]] std::optional<body_handle> of(body_handle b) {
        if (by_lower_.empty())
            for (auto h : g_.bodies()) {
                auto& slot = by_lower_[ascii_lower(g_.id(h))];
                if (slot.size() < 2) slot.push_back(h);  // two are enough to name the other
            }
        for (auto h : by_lower_.at(ascii_lower(g_.id(b))))
            if (h != b) return h;
        return std::nullopt;
    }

private:
    const governance_graph& g_;
    std::unordered_map<std::string, std::vector<body_handle>> by_lower_;
};

/// "; ids are case-sensitive: did you mean \"RK5-jncc\"?" or "".
std::string case_hint(const governance_graph& g, case_twins& twins, body_handle b) {
    const auto twin = twins.of(b);
    return twin ? "; ids are case-sensitive: did you mean \"" + g.id(*twin) + "\"?" : std::string();
}

} // namespace

std::vector<body_handle> find_cycle(const governance_graph& g, relation rel) {
    auto cycles = all_cycles(g, rel);
    return cycles.empty() ? std::vector<body_handle>{} : cycles.front();
}

std::vector<diagnostic> validate(const governance_graph& g) {
    std::vector<diagnostic> out = g.build_diagnostics();
    auto add = [&](severity s, std::string code, body_handle h, std::string message) {
        out.push_back({s, std::move(code), g.id(h), g[h].where.str(), std::move(message), g[h].where.location()});
    };

    if (const auto& covers = g.covers(); covers && covers->empty())
        out.push_back({severity::error, "reversed_covers", "covers", g.covers_where(),
                       "covers.to " + to_iso(covers->to) + " is not after covers.from " + to_iso(covers->from) +
                           "; expected from < to (to is exclusive)",
                       g.covers_location()});

    // The builder searched the escalates_to links already (whatever their
    // dates): without a cycle there, there is none to describe.
    if (g.escalation_may_cycle())
        for (const auto& cycle : all_cycles(g, relation::escalates_to))
            add(severity::error, "escalation_cycle", cycle.front(),
                "escalates_to links form a cycle: " + describe_cycle(g, cycle, relation::escalates_to) +
                    "; expected every escalation path to end");
    for (const auto& cycle : all_cycles(g, relation::succeeds))
        add(severity::error, "succeeds_loop", cycle.front(),
            "succeeds links loop: " + describe_cycle(g, cycle, relation::succeeds) +
                "; expected a chain from later bodies to earlier ones");

    std::vector<std::pair<relation, body_handle>> out_structure;  // reused: one body at a time
    std::vector<validity> jnccs;
    case_twins twins(g);
    for (auto b : g.bodies()) {
        const body& data = g[b];
        const bool unattached = g.in_links(b).empty() && boost::out_degree(governance_graph::vertex(b), g.boost_graph()) == 0;
        // No link at all: no route reaches a committee, board or region
        // that way (an employer is reached by naming it, and its own warnings
        // below say what it lacks; national bodies, unions and agreements are
        // found by their kind or need no link).
        if (unattached && reached_by_links(data.kind))
            add(severity::warning, "unattached_body", b,
                std::string(to_string(data.kind)) + " \"" + data.id +
                    "\" has no link to any other body, so no route reaches it" + case_hint(g, twins, b));
        out_structure.clear();
        each_out_link(g, b, [&](link_handle l) {
            if (g[l].origin != link_origin::derived) out_structure.emplace_back(g[l].rel, g.target(l));
        });
        auto has_out = [&](relation rel, body_kind kind) {
            return std::any_of(out_structure.begin(), out_structure.end(),
                               [&](auto& p) { return p.first == rel && g[p.second].kind == kind; });
        };

        // A list field given empty: leave it out instead (it would mean "none").
        // Not when the reader refused every item it held (each reported at
        // its place): it was not empty as written. The list stays empty, so
        // the body matches nothing rather than every sector or group.
        const auto items_refused = [&](std::string_view field) {
            return std::any_of(g.build_diagnostics().begin(), g.build_diagnostics().end(), [&](const diagnostic& d) {
                return d.subject == data.id && d.location.pointer &&
                       d.location.pointer->find("/" + std::string(field) + "/") != std::string::npos;
            });
        };
        if (data.has_remit_sectors && data.remit_sectors.empty() && !items_refused("remit_sectors"))
            add(severity::error, "empty_remit_sectors", b,
                "remit_sectors is empty; expected at least one employer sector, or no remit_sectors for every sector");
        if (data.has_staff_groups && data.staff_groups.empty() && !items_refused("staff_groups"))
            add(severity::error, "empty_staff_groups", b,
                "staff_groups is empty; expected at least one staff-group id, or no staff_groups for every group");
        for (const auto& group : data.staff_groups)
            if (!is_staff_group_id(group))
                add(severity::error, "bad_staff_group", b,
                    "staff group \"" + group + "\" is not a staff-group id; expected lowercase letters, digits, _ and -");

        if (data.meets) {
            try {
                (void)parse_rrule(data.meets->rule);
            } catch (const rrule_error& e) {
                add(severity::error, "bad_meeting_rule", b, std::string("meets.rule: ") + e.what());
            }
            // The reader takes 0 to 365; a graph built in code is checked here.
            if (const auto& papers = data.meets->papers_days;
                papers && (papers->count() < 0 || static_cast<std::uint64_t>(papers->count()) > detail::max_papers_days))
                add(severity::error, "bad_meeting_rule", b,
                    "meets.papers_days is " + std::to_string(papers->count()) + "; expected 0 to " +
                        std::to_string(detail::max_papers_days) + " working days");
        }

        switch (data.kind) {
        case body_kind::system:
            if (!has_out(relation::part_of, body_kind::region))
                add(severity::error, "system_outside_region", b,
                    "system \"" + data.id + "\" is part_of no region; expected a \"region\" field or a part_of link to a region");
            {
                bool forum = false;
                each_in_link(g, b, [&](link_handle l) {
                    forum = forum || (g[l].rel == relation::committee_of && g[g.source(l)].kind == body_kind::system_forum);
                });
                if (!forum)
                    add(severity::warning, "system_without_forum", b,
                        "system \"" + data.id + "\" has no system_forum; system-scope issues there engage no forum (R4)");
            }
            break;
        case body_kind::employer: {
            if (!has_out(relation::part_of, body_kind::system))
                add(severity::warning, "employer_without_system", b,
                    "employer \"" + data.id + "\" is part_of no system; an issue affecting it with any other employer is national (§5.3)" +
                        (unattached ? case_hint(g, twins, b) : std::string()));
            jnccs.clear();
            each_in_link(g, b, [&](link_handle l) {
                if (g[l].rel == relation::committee_of && g[g.source(l)].kind == body_kind::jncc)
                    jnccs.push_back(g[g.source(l)].valid.intersect(g[l].valid));
            });
            if (!covered(data.valid, jnccs))
                add(severity::warning, "employer_without_jncc", b,
                    "employer \"" + data.id + "\" has no valid jncc on some date of its life " + to_text(data.valid) +
                        "; issues affecting it then consult no jncc (§5.6)");
            break;
        }
        case body_kind::representative:
            for (auto l : g.out_links(b)) {
                if (g[l].rel != relation::deputy_for) continue;
                const auto principal = g.target(l);
                std::set<std::uint32_t> mine;
                for (auto m : g.out_links(b))
                    if (g[m].rel == relation::seat_on) mine.insert(g.target(m).index());
                bool shared = false;
                for (auto m : g.out_links(principal))
                    shared = shared || (g[m].rel == relation::seat_on && mine.count(g.target(m).index()));
                if (!shared)
                    add(severity::warning, "deputy_not_on_same_body", b,
                        "representative \"" + data.id + "\" is deputy_for \"" + g.id(principal) +
                            "\" but has no seat_on any body where \"" + g.id(principal) + "\" sits");
            }
            break;
        default:
            break;
        }

        // Containment: a body should not outlive (or predate) its container.
        each_out_link(g, b, [&](link_handle l) {
            const link_data& ld = g[l];
            if (ld.origin == link_origin::derived) return;
            if (ld.rel != relation::part_of && ld.rel != relation::committee_of && ld.rel != relation::subgroup_of)
                return;
            const body& container = g[g.target(l)];
            if (!container.valid.covers(data.valid))
                add(severity::warning, "validity_outside_container", b,
                    std::string(to_string(data.kind)) + " \"" + data.id + "\" is valid " + period_in_words(data.valid) +
                        ", but its container, " + std::string(to_string(container.kind)) + " \"" + container.id +
                        "\", only " + period_in_words(container.valid) + " " + to_text(container.valid) + "; " +
                        within_container_fix(data.valid, container.valid));
        });
    }
    return out;
}

} // namespace spfgov
