// The 90-day aggregation of redundancy proposals (TULRCA 1992 s.188(1)).
#include "spfgov/redundancies.hpp"

#include "routing_detail.hpp"

#include "detail_json.hpp"
#include "detail_redundancy_text.hpp"
#include "detail_text.hpp"

#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <map>

namespace spfgov {

namespace {
/// redundancy_proposals, with or without the route that checks the issue
/// (`checked`: the caller routed it with `rt` as of `as_of`, without error).
std::vector<redundancy_proposal> proposals_of(const router& rt, const issue& i, std::optional<date> as_of,
                                              std::vector<std::string>& warnings, bool checked) {
    if (i.redundancies.empty()) return {};
    // formats.md skips every other kind; one that gives counts is said, not
    // dropped unseen: s.188 binds whatever the change is called.
    if (i.kind != issue_kind::redundancy) {
        warnings.push_back("issue \"" + i.id + "\": a " + std::string(to_string(i.kind)) +
                           " issue's redundancies are not counted: only redundancy issues are; if it proposes "
                           "dismissals as redundant, TULRCA s.188 applies whatever the change is called: give it kind "
                           "\"redundancy\"; skipped");
        return {};
    }
    if (!i.first_dismissal) {
        warnings.push_back("issue \"" + i.id + "\": a redundancy issue without first_dismissal is not counted; skipped");
        return {};
    }
    const date on = as_of.value_or(i.date);
    // Routing checks the date and the fields, and resolves succession (R11);
    // then R10's own counting gives the counts per employer.
    if (!checked) (void)rt(i, as_of);
    const auto index = rt.index_for(on);
    route r;
    r.issue = i.id;
    r.as_of = on;
    detail::routing_state s(index->data(), i, rt.policy(), *index, r);
    routing_context ctx(s);
    static const auto succession = detail::make_r11_succession();
    succession->apply(ctx);
    // R11's warnings (a date outside the graph's cover) leave the counts
    // counted; each of redundancy_counts' leaves a count out.
    const std::size_t routing_warnings = s.warnings.size();
    std::vector<std::pair<body_handle, std::int64_t>> counts;
    detail::redundancy_counts(ctx, counts);
    for (std::size_t k = 0; k < s.warnings.size(); ++k)
        warnings.push_back("issue \"" + i.id + "\": " + s.warnings[k].second + (k < routing_warnings ? "" : "; skipped"));
    std::vector<redundancy_proposal> out;
    for (const auto& [employer, n] : counts) {
        // Counted as the proposing employer's all the same (s.188(1)): said,
        // since the merged employer's own dismissals may then cross a band.
        if (auto said = detail::ended_by_first_dismissal(
                rt.graph(), employer, *i.first_dismissal, on,
                "with --as-of a date after it ends, the proposal counts with its successor's"))
            warnings.push_back("issue \"" + i.id + "\": " + *said);
        out.push_back({i.id, on, *i.first_dismissal, rt.graph().id(employer), n});
    }
    return out;
}
} // namespace

std::vector<redundancy_proposal> redundancy_proposals(const router& rt, const issue& i, std::optional<date> as_of,
                                                      std::vector<std::string>& warnings) {
    return proposals_of(rt, i, as_of, warnings, false);
}

namespace {
/// Whether issue `i` of `w`, proposed by the window's deadline (one proposed
/// after it is late_warning's), gets a later date alone, or none.
bool dated_later_alone(const redundancy_window& w, std::size_t i) {
    if (!w.deadline || (i < w.proposed.size() && *w.deadline < w.proposed[i])) return false;
    const auto own = i < w.alone.size() ? w.alone[i] : std::nullopt;
    return !own || *w.deadline < *own;
}
} // namespace

std::vector<redundancy_window> redundancy_windows(std::vector<redundancy_proposal> proposals,
                                                  const std::vector<statutory_table>& tables) {
    std::stable_sort(proposals.begin(), proposals.end(), [](const auto& a, const auto& b) {
        if (a.employer != b.employer) return a.employer < b.employer;
        if (a.first_dismissal != b.first_dismissal) return a.first_dismissal < b.first_dismissal;
        return a.issue < b.issue;
    });
    auto days_for = [&](const statutory_table* t, std::int64_t count) {
        const statutory_band* b = t ? band_for(*t, count) : nullptr;
        return b ? b->days : calendar_days{};
    };
    std::vector<redundancy_window> out;
    for (std::size_t begin = 0; begin < proposals.size();) {
        std::size_t end = begin;
        while (end < proposals.size() && proposals[end].employer == proposals[begin].employer) ++end;
        // Windows of this employer: [start, last) with first dismissals within 89 days of the start's.
        // `last` only moves forward as `start` does: linear, however many
        // proposals share a date (a hostile batch cannot make this quadratic).
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        std::size_t last = begin;
        for (std::size_t start = begin; start < end; ++start) {
            if (last < start) last = start;
            while (last < end && proposals[last].first_dismissal - proposals[start].first_dismissal <= boost::gregorian::days(89))
                ++last;
            // Contained in the previous window (same end, later start): drop it.
            if (!spans.empty() && spans.back().second >= last) continue;
            spans.emplace_back(start, last);
        }
        for (const auto& [start, stop] : spans) {
            redundancy_window w;
            w.employer = proposals[start].employer;
            w.from = proposals[start].first_dismissal;
            w.to = proposals[stop - 1].first_dismissal;
            date earliest = proposals[start].proposed;
            calendar_days alone{};
            for (std::size_t k = start; k < stop; ++k) {
                w.issues.push_back(proposals[k].issue);
                w.total += proposals[k].count;
                earliest = std::min(earliest, proposals[k].proposed);
            }
            const statutory_table* table = table_in_force(tables, earliest);
            for (std::size_t k = start; k < stop; ++k) alone = std::max(alone, days_for(table, proposals[k].count));
            w.days = days_for(table, w.total);
            if (w.days > calendar_days{}) w.deadline = w.from - w.days;
            w.combined = stop - start >= 2 && w.days > alone;
            // What each issue's route says of this employer: its own count
            // under the table of its own date.
            for (std::size_t k = start; k < stop; ++k) {
                const auto own = days_for(table_in_force(tables, proposals[k].proposed), proposals[k].count);
                w.alone.push_back(own > calendar_days{} ? std::optional<date>(proposals[k].first_dismissal - own)
                                                        : std::nullopt);
                w.proposed.push_back(proposals[k].proposed);
            }
            for (std::size_t i = 0; stop - start >= 2 && i < stop - start && !w.earlier_than_alone; ++i)
                w.earlier_than_alone = dated_later_alone(w, i);
            out.push_back(std::move(w));
        }
        begin = end;
    }
    return out;
}

void redundancy_batch::add(const issue& i, std::size_t line, std::vector<std::string>& warnings, routed_already checked) {
    auto got = proposals_of(*rt_, i, as_of_, warnings, checked == routed_already::yes);
    if (got.empty()) return;
    if (const auto [at, first] = first_line_of_.emplace(i.id, line); !first)
        warnings.push_back("issue \"" + printable(i.id) + "\" is given again (first on line " + std::to_string(at->second) +
                           "): both lines are counted; if they are one proposal, give it once (a revised proposal "
                           "replaces the old line; a new one takes a new id)");
    proposed_on_.emplace(i.id, got.front().proposed);  // an issue proposes once: its first line's date
    proposals_.insert(proposals_.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));
}

std::vector<redundancy_window> redundancy_batch::windows() const {
    return redundancy_windows(proposals_, rt_->policy().parameters.statutory_bands);
}

std::optional<std::string> redundancy_batch::late_warning(const redundancy_window& w) const {
    if (!w.deadline) return std::nullopt;
    std::vector<std::string> after;
    for (const auto& id : w.issues)
        if (const auto at = proposed_on_.find(id); at != proposed_on_.end() && at->second > *w.deadline)
            after.push_back(printable(id) + " (" + to_iso(at->second) + ")");
    if (after.empty()) return std::nullopt;
    // One line however many issues a window holds: the first few named.
    constexpr std::size_t most_named = 10;
    const std::size_t unnamed = after.size() > most_named ? after.size() - most_named : 0;
    const std::size_t late = after.size();
    if (unnamed > 0) {
        after.resize(most_named);
        after.push_back(std::to_string(unnamed) + " more");
    }
    return printable(w.employer) + ": the window from " + to_iso(w.from) + " (" + std::to_string(w.total) +
           " proposed redundancies) must begin collective consultation by " + to_iso(*w.deadline) + ", before " +
           detail::text::join_as_list(after) + (late == 1 ? " was" : " were") +
           " proposed (unless consultation on the earlier proposals had already begun when " +
           (late == 1 ? "it was" : "each was") + " proposed: s.188(3) leaves their employees out of the later count)";
}

std::vector<std::string> detail::later_alone(const redundancy_window& w, std::size_t most_named) {
    std::vector<std::string> later;
    if (!w.deadline) return later;
    std::size_t count = 0;
    for (std::size_t i = 0; i < w.issues.size(); ++i) {
        if (!dated_later_alone(w, i) || ++count > most_named) continue;
        const auto own = i < w.alone.size() ? w.alone[i] : std::nullopt;
        later.push_back(printable(w.issues[i]) + (own ? " (" + to_iso(*own) + ")" : std::string(" (no date)")));
    }
    if (count > most_named) later.push_back(std::to_string(count - most_named) + " more");
    return later;
}

std::string detail::proposed_apart_caveat(const redundancy_window& w) {
    // Among the proposals made by the deadline (a later one is late_warning's, which says the same).
    std::optional<date> first;
    bool apart = false;
    for (const date d : w.proposed) {
        if (w.deadline && *w.deadline < d) continue;
        if (!first) first = d;
        else if (d != *first) apart = true;
    }
    if (!apart) return {};
    return " (unless consultation on the earlier proposals had already begun when the later were made: s.188(3) "
           "leaves their employees out of the later count)";
}

void earlier_window_check::only_reaching(const governance_graph& g, body_handle b) {
    only_ = b;
    employers_.clear();
    if (g[b].kind != body_kind::jncc) return;
    for (const auto l : g.out_links(b))
        if (g[l].rel == relation::committee_of) employers_.insert(g.id(g.target(l)));
}

void earlier_window_check::add(const issue& i, const route& r, std::size_t line) {
    if (i.kind != issue_kind::redundancy || i.redundancies.empty() || !i.first_dismissal) return;
    if (only_) {
        const auto names = [&](const std::vector<body_handle>& hs) {
            return std::find(hs.begin(), hs.end(), *only_) != hs.end();
        };
        if (names(r.lead) || names(r.negotiate) || names(r.consult) || names(r.engage) || names(r.inform))
            reaching_.insert(i.id);
    }
    std::vector<std::string> said_by_the_route;  // routing has warned of these already
    try {
        batch_.add(i, line, said_by_the_route, redundancy_batch::routed_already::yes);
    } catch (const error&) {  // the route was made, so not expected; its dates stand alone
    }
}

std::vector<std::string> earlier_window_check::warnings() const {
    std::vector<std::string> out;
    for (const auto& w : batch_.windows()) {
        if (!w.earlier_than_alone && !w.combined) continue;
        if (only_ && std::none_of(w.issues.begin(), w.issues.end(),
                                  [&](const std::string& id) { return reaching_.contains(id); }))
            continue;
        if (!employers_.empty() && !employers_.contains(w.employer)) continue;
        if (auto said = earlier_than_alone_warning(w)) out.push_back(std::move(*said));
    }
    return out;
}

std::optional<std::string> earlier_than_alone_warning(const redundancy_window& w) {
    if (!(w.earlier_than_alone || w.combined) || !w.deadline) return std::nullopt;
    constexpr std::size_t most_named = 10;  // a window may hold thousands of proposals
    std::vector<std::string> named;
    for (std::size_t i = 0; i < w.issues.size() && i < most_named; ++i) named.push_back(printable(w.issues[i]));
    if (w.issues.size() > most_named) named.push_back(std::to_string(w.issues.size() - most_named) + " more");
    std::string text = printable(w.employer) + ": issues " + detail::text::join_as_list(named) +
                       ", with first dismissals from " + to_iso(w.from) + " to " + to_iso(w.to) +
                       " (within 90 days), together propose " + std::to_string(w.total) + " redundancies";
    text += w.combined ? ", reaching a band with a longer period than any of them alone (TULRCA s.188(1)): "
                       : " (TULRCA s.188(1)): ";
    text += "collective consultation must begin, and form HR1 reach the Secretary of State, by " + to_iso(*w.deadline) +
            " (" + std::to_string(w.days.count()) + " days before the first dismissal, on " + to_iso(w.from) + ")";
    text += w.combined ? "; their routes, each counted alone, give a later date or none"
                       : ", earlier than their routes give, each counted alone: " +
                             detail::text::join_as_list(detail::later_alone(w, most_named));
    return text + detail::proposed_apart_caveat(w);
}

std::string write_redundancy_window(const redundancy_window& w) {
    std::string out = "{\"employer\": ";
    detail::json::append_quoted(out, w.employer);
    out += ", \"from\": \"" + to_iso(w.from) + "\", \"to\": \"" + to_iso(w.to) + "\", \"issues\": [";
    for (std::size_t i = 0; i < w.issues.size(); ++i) {
        if (i) out += ", ";
        detail::json::append_quoted(out, w.issues[i]);
    }
    out += "], \"total\": " + std::to_string(w.total) + ", \"days\": " + std::to_string(w.days.count());
    if (w.deadline) out += ", \"deadline\": \"" + to_iso(*w.deadline) + "\"";
    out += std::string(", \"combined\": ") + (w.combined ? "true" : "false") + "}";
    return out;
}

} // namespace spfgov
