// Flat views of routes: the column lists of include/spfgov/flat.hpp, their
// rows, and CSV (RFC 4180).
#include "spfgov/flat.hpp"

#include "spfgov/kinds.hpp"

#include "detail_text.hpp"

#include <algorithm>
#include <array>

namespace spfgov {

namespace {

// docs/analysts.md documents these columns; keep the two in step.
constexpr std::array route_cols{
    flat_column{"line", flat_type::integer, "1-based line of the issue in its batch (empty for a single issue)"},
    flat_column{"issue", flat_type::text, "the issue's id (empty when an unreadable line has none)"},
    flat_column{"as_of", flat_type::iso_date, "the date routed as of"},
    flat_column{"scope", flat_type::text, "employer, system, region or national"},
    flat_column{"lead", flat_type::text, "the lead bodies' ids, joined by ';'"},
    flat_column{"lead_union", flat_type::text, "the lead union's id"},
    flat_column{"n_lead", flat_type::integer, "number of lead bodies"},
    flat_column{"n_negotiate", flat_type::integer, "number of bodies that negotiate"},
    flat_column{"n_consult", flat_type::integer, "number of bodies consulted"},
    flat_column{"n_engage", flat_type::integer, "number of bodies engaged"},
    flat_column{"n_inform", flat_type::integer, "number of bodies informed"},
    flat_column{"ladder_depth", flat_type::integer, "number of escalation levels"},
    flat_column{"ladder_top", flat_type::text, "the ids of the last escalation level, joined by ';'"},
    flat_column{"n_deadlines", flat_type::integer, "number of statutory deadlines"},
    flat_column{"earliest_deadline", flat_type::iso_date, "the earliest deadline's date"},
    flat_column{"late", flat_type::flag, "some deadline is already past on the issue's date"},
    flat_column{"redundancies", flat_type::integer,
                "proposed redundancies at the employers with a statutory deadline (a count below the lowest band is "
                "left out)"},
    flat_column{"n_meetings", flat_type::integer, "number of next meetings listed"},
    flat_column{"next_meeting", flat_type::iso_date, "the earliest of those meetings"},
    flat_column{"n_rules", flat_type::integer, "number of rationale entries"},
    flat_column{"n_warnings", flat_type::integer, "number of warnings"},
    flat_column{"error_code", flat_type::text, "why the line could not be routed: the error's code"},
    flat_column{"error", flat_type::text, "the error message, as in the route error line"},
};

constexpr std::array membership_cols{
    flat_column{"line", flat_type::integer, "1-based line of the issue in its batch (empty for a single issue)"},
    flat_column{"issue", flat_type::text, "the issue's id"},
    flat_column{"as_of", flat_type::iso_date, "the date routed as of"},
    flat_column{"scope", flat_type::text, "the route's scope"},
    flat_column{"body", flat_type::text, "the body's id"},
    flat_column{"kind", flat_type::text, "the body's kind"},
    flat_column{"role", flat_type::text, "lead, lead_union, negotiate, consult, engage or inform"},
};

std::string joined(const governance_graph& g, const std::vector<body_handle>& hs) {
    std::string out;
    for (const auto h : hs) {
        if (!out.empty()) out += flat_id_separator;
        out += g.id(h);
    }
    return out;
}

flat_value line_value(std::size_t line) {
    if (line == 0) return {};
    return static_cast<std::int64_t>(line);
}

flat_value count(std::size_t n) { return static_cast<std::int64_t>(n); }

/// The earliest `date` of deadlines or meetings, as YYYY-MM-DD; missing when none.
template <class T>
flat_value earliest_date(const std::vector<T>& xs) {
    if (xs.empty()) return {};
    const auto it = std::min_element(xs.begin(), xs.end(), [](const T& a, const T& b) { return a.date < b.date; });
    return to_iso(it->date);
}

} // namespace

std::span<const flat_column> route_columns() noexcept { return route_cols; }
std::span<const flat_column> membership_columns() noexcept { return membership_cols; }

flat_row route_row(const route& r, const governance_graph& g, std::size_t line) {
    flat_row row;
    row.reserve(route_cols.size());
    row.emplace_back(line_value(line));
    row.emplace_back(r.issue);
    row.emplace_back(to_iso(r.as_of));
    row.emplace_back(std::string(to_string(r.scope)));
    row.emplace_back(joined(g, r.lead));
    row.emplace_back(r.lead_union ? flat_value(g.id(*r.lead_union)) : flat_value{});
    row.emplace_back(count(r.lead.size()));
    row.emplace_back(count(r.negotiate.size()));
    row.emplace_back(count(r.consult.size()));
    row.emplace_back(count(r.engage.size()));
    row.emplace_back(count(r.inform.size()));
    row.emplace_back(count(r.escalation.size()));
    row.emplace_back(r.escalation.empty() ? flat_value{} : flat_value(joined(g, r.escalation.back())));
    row.emplace_back(count(r.deadlines.size()));
    row.emplace_back(earliest_date(r.deadlines));
    row.emplace_back(std::any_of(r.deadlines.begin(), r.deadlines.end(), [](const deadline& d) { return d.late; }));
    // Each employer has a consultation_start and an hr1_notification deadline
    // carrying the same count: count each employer once.
    std::int64_t total = 0;
    for (const auto& d : r.deadlines)
        if (d.kind == deadline_kind::consultation_start) total += d.redundancies;
    row.emplace_back(total);
    row.emplace_back(count(r.meetings.size()));
    row.emplace_back(earliest_date(r.meetings));
    row.emplace_back(count(r.rationale.size()));
    row.emplace_back(count(r.warnings.size()));
    row.emplace_back();  // error_code
    row.emplace_back();  // error
    return row;
}

flat_row route_error_row(const std::optional<std::string>& issue_id, std::size_t line, std::string_view code,
                         std::string_view message) {
    flat_row row(route_cols.size());
    row[0] = line_value(line);
    if (issue_id) row[1] = *issue_id;
    row[route_cols.size() - 2] = std::string(code);
    row[route_cols.size() - 1] = std::string(message);
    return row;
}

std::vector<flat_row> membership_rows(const route& r, const governance_graph& g, std::size_t line) {
    std::vector<flat_row> rows;
    const std::string as_of = to_iso(r.as_of);
    const std::string scope(to_string(r.scope));
    auto add = [&](body_handle h, std::string_view role) {
        rows.push_back(flat_row{line_value(line), r.issue, as_of, scope, g.id(h), std::string(to_string(g[h].kind)),
                                std::string(role)});
    };
    for (const auto h : r.lead) add(h, "lead");
    if (r.lead_union) add(*r.lead_union, "lead_union");
    for (const auto h : r.negotiate) add(h, "negotiate");
    for (const auto h : r.consult) add(h, "consult");
    for (const auto h : r.engage) add(h, "engage");
    for (const auto h : r.inform) add(h, "inform");
    return rows;
}

std::string csv_header(std::span<const flat_column> columns) {
    std::string out;
    for (const auto& c : columns) {
        if (!out.empty()) out += ',';
        detail::text::append_csv_field(out, c.name);
    }
    out += '\n';
    return out;
}

std::string csv_record(const flat_row& row) {
    std::string out;
    bool first = true;
    for (const auto& v : row) {
        if (!first) out += ',';
        first = false;
        if (const auto* s = std::get_if<std::string>(&v)) detail::text::append_csv_field(out, *s);
        else if (const auto* i = std::get_if<std::int64_t>(&v)) out += std::to_string(*i);
        else if (const auto* b = std::get_if<bool>(&v)) out += *b ? "true" : "false";
    }
    out += '\n';
    return out;
}

std::string_view error_code_of(std::string_view what) noexcept {
    const auto colon = what.find(": ");
    if (colon == std::string_view::npos || colon == 0) return {};
    const auto code = what.substr(0, colon);
    const bool ok = std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    });
    return ok ? code : std::string_view{};
}

} // namespace spfgov
