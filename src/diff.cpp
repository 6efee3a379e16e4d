// What-if diffs of routes (include/spfgov/diff.hpp).
#include "spfgov/diff.hpp"

#include "detail_json.hpp"
#include "detail_text.hpp"
#include "spfgov/graph.hpp"

#include <algorithm>
#include <iterator>

namespace spfgov {

namespace {

namespace js = detail::json;

/// The bodies' ids, sorted (set_difference needs it; routes' lists already are).
std::vector<std::string> sorted_ids(const governance_graph& g, const std::vector<body_handle>& hs) {
    auto out = ids(g, hs);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted_ids(const governance_graph& g, const std::optional<body_handle>& h) {
    if (!h) return {};
    return {g.id(*h)};
}

/// Appends to d.roles the change of `role`, if its bodies differ.
void compare_role(route_diff& d, std::string_view role, const std::vector<std::string>& before,
                  const std::vector<std::string>& after) {
    role_change c{std::string(role), {}, {}};
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(c.added));
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(c.removed));
    if (!c.added.empty() || !c.removed.empty()) d.roles.push_back(std::move(c));
}

std::vector<std::vector<std::string>> ladder(const governance_graph& g, const route& r) {
    std::vector<std::vector<std::string>> out;
    out.reserve(r.escalation.size());
    for (const auto& step : r.escalation) out.push_back(ids(g, step));
    return out;
}

std::vector<dated_deadline> deadlines(const governance_graph& g, const route& r) {
    std::vector<dated_deadline> out;
    out.reserve(r.deadlines.size());
    for (const auto& d : r.deadlines) out.push_back({std::string(to_string(d.kind)), g.id(d.body), d.date, d.late});
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<dated_meeting> meetings(const governance_graph& g, const route& r) {
    std::vector<dated_meeting> out;
    out.reserve(r.meetings.size());
    for (const auto& m : r.meetings) out.push_back({g.id(m.body), m.date, m.papers_due});
    std::sort(out.begin(), out.end());
    return out;
}

/// The items only in `after` to `added`, those only in `before` to `removed`.
template <class T>
void compare_sorted(const std::vector<T>& before, const std::vector<T>& after, std::vector<T>& added, std::vector<T>& removed) {
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(removed));
}

std::optional<line_failure> failure_of(const std::variant<route, batch_error>& r) {
    if (const auto* e = std::get_if<batch_error>(&r)) return line_failure{e->code, e->message, e->pointer};
    return std::nullopt;
}

void append_key(std::string& out, std::string_view key) {
    out += ", ";
    js::append_quoted(out, key);
    out += ": ";
}

void append_list(std::string& out, const std::vector<std::string>& items) {
    out += '[';
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (k) out += ", ";
        js::append_quoted(out, items[k]);
    }
    out += ']';
}

void append_ladder(std::string& out, const std::vector<std::vector<std::string>>& steps) {
    out += '[';
    for (std::size_t k = 0; k < steps.size(); ++k) {
        if (k) out += ", ";
        append_list(out, steps[k]);
    }
    out += ']';
}

void append_deadlines(std::string& out, const std::vector<dated_deadline>& ds) {
    out += '[';
    for (std::size_t k = 0; k < ds.size(); ++k) {
        if (k) out += ", ";
        out += "{\"kind\": ";
        js::append_quoted(out, ds[k].kind);
        out += ", \"body\": ";
        js::append_quoted(out, ds[k].body);
        out += ", \"date\": ";
        js::append_quoted(out, to_iso(ds[k].date));
        out += ", \"late\": ";
        out += ds[k].late ? "true" : "false";
        out += '}';
    }
    out += ']';
}

void append_meetings(std::string& out, const std::vector<dated_meeting>& ms) {
    out += '[';
    for (std::size_t k = 0; k < ms.size(); ++k) {
        if (k) out += ", ";
        out += "{\"body\": ";
        js::append_quoted(out, ms[k].body);
        out += ", \"date\": ";
        js::append_quoted(out, to_iso(ms[k].date));
        out += ", \"papers_due\": ";
        js::append_quoted(out, to_iso(ms[k].papers_due));
        out += '}';
    }
    out += ']';
}

void append_failure(std::string& out, const std::optional<line_failure>& f) {
    if (!f) {
        out += "null";
        return;
    }
    out += "{\"code\": ";
    if (f->code.empty()) out += "null";
    else js::append_quoted(out, f->code);
    out += ", \"error\": ";
    js::append_quoted(out, f->message);
    out += '}';
}

/// `, "key": {"first": A, "second": B}`, each value written by `append`.
template <class T, class Append>
void append_pair(std::string& out, std::string_view key, std::pair<std::string_view, std::string_view> names,
                 const T& first, const T& second, Append append) {
    append_key(out, key);
    out += '{';
    js::append_quoted(out, names.first);
    out += ": ";
    append(out, first);
    out += ", ";
    js::append_quoted(out, names.second);
    out += ": ";
    append(out, second);
    out += '}';
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return with_thousands(n) + " " + std::string(n == 1 ? one : many);
}

} // namespace

bool route_diff::empty() const noexcept {
    return !error && !scope && roles.empty() && !escalation && deadlines_added.empty() && deadlines_removed.empty() &&
           meetings_added.empty() && meetings_removed.empty();
}

route_diff diff_routes(const route& before, const governance_graph& before_graph, const route& after,
                       const governance_graph& after_graph) {
    route_diff d;
    d.issue = after.issue;
    if (before.scope != after.scope) d.scope = std::pair{before.scope, after.scope};
    compare_role(d, "lead", sorted_ids(before_graph, before.lead), sorted_ids(after_graph, after.lead));
    compare_role(d, "lead_union", sorted_ids(before_graph, before.lead_union), sorted_ids(after_graph, after.lead_union));
    const std::pair<std::string_view, std::vector<body_handle> route::*> lists[] = {
        {"negotiate", &route::negotiate}, {"consult", &route::consult}, {"engage", &route::engage},
        {"inform", &route::inform}};
    for (const auto& [role, list] : lists) compare_role(d, role, sorted_ids(before_graph, before.*list), sorted_ids(after_graph, after.*list));
    auto ladder_before = ladder(before_graph, before), ladder_after = ladder(after_graph, after);
    if (ladder_before != ladder_after) d.escalation = std::pair{std::move(ladder_before), std::move(ladder_after)};
    compare_sorted(deadlines(before_graph, before), deadlines(after_graph, after), d.deadlines_added, d.deadlines_removed);
    compare_sorted(meetings(before_graph, before), meetings(after_graph, after), d.meetings_added, d.meetings_removed);
    return d;
}

route_diff diff_batch_line(const std::variant<route, batch_error>& before, const governance_graph& before_graph,
                           const std::variant<route, batch_error>& after, const governance_graph& after_graph,
                           std::size_t line) {
    route_diff d;
    const auto* a = std::get_if<route>(&before);
    const auto* b = std::get_if<route>(&after);
    if (a && b) {
        d = diff_routes(*a, before_graph, *b, after_graph);
    } else {
        auto failed_before = failure_of(before), failed_after = failure_of(after);
        if (a) d.issue = a->issue;
        else if (b) d.issue = b->issue;
        else d.issue = std::get<batch_error>(after).issue ? std::get<batch_error>(after).issue : std::get<batch_error>(before).issue;
        const bool same = failed_before && failed_after && failed_before->same_as(*failed_after);
        if (same) d.unrouted = failed_after->code;
        else d.error = std::pair{std::move(failed_before), std::move(failed_after)};
    }
    d.line = line;
    return d;
}

std::string write_route_diff(const route_diff& d) {
    std::string out = "{\"issue\": ";
    if (d.issue) js::append_quoted(out, *d.issue);
    else out += "null";
    out += ", \"line\": " + std::to_string(d.line);
    if (d.error) append_pair(out, "error", {"before", "after"}, d.error->first, d.error->second, append_failure);
    const auto append_level = [](std::string& o, level l) { js::append_quoted(o, to_string(l)); };
    if (d.scope) append_pair(out, "scope", {"before", "after"}, d.scope->first, d.scope->second, append_level);
    for (const auto& c : d.roles) append_pair(out, c.role, {"added", "removed"}, c.added, c.removed, append_list);
    if (d.escalation)
        append_pair(out, "escalation", {"before", "after"}, d.escalation->first, d.escalation->second, append_ladder);
    if (!d.deadlines_added.empty() || !d.deadlines_removed.empty())
        append_pair(out, "deadlines", {"added", "removed"}, d.deadlines_added, d.deadlines_removed, append_deadlines);
    if (!d.meetings_added.empty() || !d.meetings_removed.empty())
        append_pair(out, "meetings", {"added", "removed"}, d.meetings_added, d.meetings_removed, append_meetings);
    out += '}';
    return out;
}

void diff_summary::add(const route_diff& d) {
    ++lines_;
    if (d.unrouted) {
        ++unrouted_;
        ++unrouted_codes_[*d.unrouted];
    }
    if (d.empty()) return;
    ++changed_;
    if (d.error) {
        if (!d.error->first) ++now_fail_;
        else if (!d.error->second) ++no_longer_fail_;
        else ++fail_differently_;
    }
    if (d.scope) ++scopes_[*d.scope];
    for (const auto& c : d.roles) {
        ++roles_[c.role];
        for (const auto& b : c.added) ++bodies_[{c.role, b, true}];
        for (const auto& b : c.removed) ++bodies_[{c.role, b, false}];
    }
    if (d.escalation) ++escalation_;
    if (!d.deadlines_added.empty() || !d.deadlines_removed.empty()) ++deadlines_;
    if (!d.meetings_added.empty() || !d.meetings_removed.empty()) ++meetings_;
}

std::size_t diff_summary::count(std::string_view role, std::string_view body, bool added) const {
    const auto it = bodies_.find({std::string(role), std::string(body), added});
    return it == bodies_.end() ? 0 : it->second;
}

std::string diff_summary::text(std::size_t most) const {
    // "1 of 10 routes changes", "2 of 10 routes change", "0 of 1 route changes".
    const bool singular = changed_ == 1 || (changed_ == 0 && lines_ == 1);
    std::string out = with_thousands(changed_) + " of " + plural(lines_, "route", "routes") + (singular ? " changes" : " change");
    // "0 of 18 routes change" alone reads as "the change makes no
    // difference" when most lines were never routed.
    if (unrouted_)
        out += " (" + (unrouted_ == 1 ? std::string("1 line could not be routed in either run, so was")
                                      : with_thousands(unrouted_) + " lines could not be routed in either run, so were") +
               " not compared)";
    // The commonest body changes first (ties: by role, body).
    std::vector<std::pair<std::size_t, const std::tuple<std::string, std::string, bool>*>> common;
    for (const auto& [key, n] : bodies_) common.emplace_back(n, &key);
    std::stable_sort(common.begin(), common.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; k < common.size() && k < most; ++k) {
        const auto& [role, body, added] = *common[k].second;
        out += k == 0 ? ": " : ", ";
        const bool one = common[k].first == 1;  // "1 loses X from consult", "3 lose X from consult"
        out += with_thousands(common[k].first) + (added ? (one ? " gains " : " gain ") : (one ? " loses " : " lose ")) +
               body + (added ? " in " : " from ") + role;
    }
    if (common.size() > most) out += ", ...";
    out += "\n";
    for (const auto& [role, n] : roles_) out += "  " + role + ": " + plural(n, "route changes", "routes change") + "\n";
    for (const auto& [change, n] : scopes_)
        out += "  scope " + std::string(to_string(change.first)) + " -> " + std::string(to_string(change.second)) + ": " +
               plural(n, "route", "routes") + "\n";
    if (escalation_) out += "  escalation ladder: " + plural(escalation_, "route changes", "routes change") + "\n";
    if (deadlines_) out += "  deadlines: " + plural(deadlines_, "route changes", "routes change") + "\n";
    if (meetings_) out += "  meetings: " + plural(meetings_, "route changes", "routes change") + "\n";
    if (now_fail_) out += "  " + plural(now_fail_, "line routes", "lines route") + " before but not after\n";
    if (no_longer_fail_) out += "  " + plural(no_longer_fail_, "line routes", "lines route") + " after but not before\n";
    if (fail_differently_) out += "  " + plural(fail_differently_, "line fails", "lines fail") + " differently\n";
    if (unrouted_) {
        std::vector<std::string> codes;
        for (const auto& [code, n] : unrouted_codes_) codes.push_back(with_thousands(n) + " " + code);
        out += "  not routed in either run, the same error both times: " + detail::text::join_as_list(codes) + "\n";
    }
    return out;
}

std::string with_thousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k && (digits.size() - k) % 3 == 0) out += ',';
        out += digits[k];
    }
    return out;
}

} // namespace spfgov
