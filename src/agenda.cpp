#include "spfgov/agenda.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/error.hpp"
#include "spfgov/report.hpp"
#include "spfgov/rrule.hpp"
#include "spfgov/text.hpp"

#include "detail_binding_deadlines.hpp"
#include "detail_text.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace spfgov {

std::string_view to_string(agenda_role r) noexcept {
    switch (r) {
    case agenda_role::lead: return "lead";
    case agenda_role::negotiate: return "negotiate";
    case agenda_role::consult: return "consult";
    case agenda_role::engage: return "engage";
    case agenda_role::inform: return "inform";
    }
    return "lead";
}

namespace {

/// R12 for a body the route does not give a meeting for (it negotiates, is
/// consulted or informed): its first meeting whose papers are due on or
/// after `on`. A rule that does not parse gives none (validation reports it).
std::optional<meeting> meeting_of(const governance_graph& g, body_handle b, date on, working_days default_papers_days) {
    const auto& spec = g[b].meets;
    if (!spec) return std::nullopt;
    try {
        const meeting_schedule schedule{parse_rrule(spec->rule), spec->start,
                                        spec->papers_days.value_or(default_papers_days)};
        const auto next = next_meeting(schedule, on);
        if (!next) return std::nullopt;
        return meeting{b, next->meeting, next->papers_due, next->scheduled, next->moved};
    } catch (const error&) {
        return std::nullopt;
    }
}

std::string roles_text(const agenda_item& item, std::string_view separator) {
    std::string out;
    for (auto r : item.roles) {
        if (!out.empty()) out += separator;
        out += to_string(r);
    }
    return out;
}

std::string subject(const agenda_item& item) {
    return item.title.empty() ? item.issue : item.issue + " \"" + item.title + "\"";
}

std::string label(const governance_graph& g, body_handle b) {
    const body& x = g[b];
    return x.name.empty() ? x.id : x.id + " (" + x.name + ")";
}

/// Items of one body grouped by meeting (scheduled date), in order; the
/// group without a meeting last.
template <class F>
void each_meeting(const agenda_body& a, F&& f) {
    std::size_t i = 0;
    while (i < a.items.size()) {
        std::size_t j = i + 1;
        const auto& first = a.items[i];
        while (j < a.items.size() && a.items[j].next.has_value() == first.next.has_value() &&
               (!first.next || a.items[j].next->date == first.next->date))
            ++j;
        f(std::span<const agenda_item>(a.items.data() + i, j - i));
        i = j;
    }
}

} // namespace

/// What a builder keeps: each issue once, and per body only an index into
/// the issues, the roles as bits and the meeting.
struct agenda_builder::state {
    struct issue_entry {
        std::string id;
        std::string title;
        issue_kind kind = issue_kind::restructure;
        date raised;
        date issue_date;
        std::optional<date> statutory;
        bool statutory_late = false;
        std::shared_ptr<const std::vector<deadline>> deadlines;  ///< the route's (R10), for the calendar
    };
    struct item_entry {
        std::uint32_t issue = 0;  ///< index into `issues`
        std::uint8_t roles = 0;   ///< bit r set: agenda_role r
        /// A jncc of a route with deadlines: its employer's own statutory
        /// date (none below the lowest band), not the route's earliest.
        bool own_statutory = false;
        bool own_statutory_late = false;
        std::optional<date> own_statutory_date;
        std::optional<meeting> next;
    };
    struct body_entry {
        body_handle body;
        std::vector<item_entry> items;
    };

    agenda_options options;
    std::optional<body_handle> only;
    std::vector<issue_entry> issues;
    std::unordered_map<std::uint32_t, body_entry> bodies;  // by id rank; drain() sorts
    std::size_t items = 0;
    // add()'s scratch: (id rank, body, role bit) of every body the route names.
    std::vector<std::tuple<std::uint32_t, body_handle, std::uint8_t>> reached;
    // ... and (id rank, index in the route's meetings) of its own meetings.
    std::vector<std::pair<std::uint32_t, std::size_t>> own_meetings;
    // ... and the statutory date binding each body (a JNCC finds its
    // employer's earliest by binary search, not by a walk of every deadline:
    // a route may name thousands of employers).
    detail::binding_deadlines binding;
    // ... and the items it will add: (id rank, body, item).
    std::vector<std::tuple<std::uint32_t, body_handle, item_entry>> pending;
    bool draining = false;  // add() and drain() from drain()'s callback are refused

    /// Refuses a call from inside drain()'s callback (the bodies and issues
    /// it walks would change under it).
    void not_draining(const char* what) const {
        if (draining) throw std::logic_error(std::string("spfgov::agenda_builder::") + what + " called during drain()");
    }

    /// `entry`'s items in agenda order (with a meeting first, by meeting
    /// date; then by issue id; then as added), as agenda_items.
    agenda_body materialize(body_entry& entry) const {
        auto when = [](const item_entry& x, const issue_entry& i) { return x.next ? x.next->date : i.raised; };
        std::stable_sort(entry.items.begin(), entry.items.end(), [&](const item_entry& x, const item_entry& y) {
            const issue_entry& a = issues[x.issue];
            const issue_entry& b = issues[y.issue];
            return std::make_tuple(!x.next, when(x, a), std::string_view(a.id)) <
                   std::make_tuple(!y.next, when(y, b), std::string_view(b.id));
        });
        agenda_body out{entry.body, {}};
        out.items.reserve(entry.items.size());
        for (const item_entry& x : entry.items) {
            const issue_entry& i = issues[x.issue];
            agenda_item& item = out.items.emplace_back();
            item.issue = i.id;
            item.title = i.title;
            item.kind = i.kind;
            item.raised = i.raised;
            item.issue_date = i.issue_date;
            for (std::uint8_t r = 0; r <= static_cast<std::uint8_t>(agenda_role::inform); ++r)
                if ((x.roles & (1U << r)) != 0) item.roles.push_back(static_cast<agenda_role>(r));
            item.next = x.next;
            item.statutory = x.own_statutory ? x.own_statutory_date : i.statutory;
            item.statutory_late = x.own_statutory ? x.own_statutory_late : i.statutory_late;
            item.deadlines = i.deadlines;
        }
        return out;
    }

    /// Each body in id order to `f` (as an rvalue), releasing it first, so
    /// memory falls as the agenda is written; empty afterwards. If `f`
    /// throws, the bodies not yet given stay.
    template <class F>
    void drain(F&& f) {
        not_draining("drain()");
        draining = true;
        struct reset {
            bool& flag;
            ~reset() { flag = false; }
        } const guard{draining};
        std::vector<std::uint32_t> ranks;
        ranks.reserve(bodies.size());
        for (const auto& entry : bodies) ranks.push_back(entry.first);
        std::sort(ranks.begin(), ranks.end());  // id order
        for (const std::uint32_t rank : ranks) {
            const auto it = bodies.find(rank);
            agenda_body body = materialize(it->second);
            items -= it->second.items.size();
            bodies.erase(it);
            f(std::move(body));
        }
        issues.clear();
        issues.shrink_to_fit();
        items = 0;
    }
};

agenda_builder::agenda_builder(const governance_graph& g, agenda_options options)
    : graph_(&g), state_(std::make_unique<state>()) {
    if (!options.body.empty()) state_->only = g.at(options.body);
    state_->options = std::move(options);
}
agenda_builder::agenda_builder(agenda_builder&&) noexcept = default;
agenda_builder& agenda_builder::operator=(agenda_builder&&) noexcept = default;
agenda_builder::~agenda_builder() = default;

const governance_graph& agenda_builder::graph() const noexcept { return *graph_; }
std::size_t agenda_builder::item_count() const noexcept { return state_ ? state_->items : 0; }
std::size_t agenda_builder::body_count() const noexcept { return state_ ? state_->bodies.size() : 0; }

void agenda_builder::add(const route& r) {
    if (!state_) throw std::logic_error("spfgov::agenda_builder::add() called on a moved-from builder");
    state& s = *state_;
    s.not_draining("add()");
    const governance_graph& g = *graph_;
    s.binding.reset(r, g);
    const deadline* const earliest = s.binding.earliest();
    s.reached.clear();
    auto add_role = [&](const std::vector<body_handle>& bodies, agenda_role role) {
        for (auto b : bodies)
            if (!s.only || b == *s.only)
                s.reached.emplace_back(g.id_rank(b), b, static_cast<std::uint8_t>(1U << static_cast<unsigned>(role)));
    };
    add_role(r.lead, agenda_role::lead);
    add_role(r.negotiate, agenda_role::negotiate);
    add_role(r.consult, agenda_role::consult);
    add_role(r.engage, agenda_role::engage);
    add_role(r.inform, agenda_role::inform);
    std::sort(s.reached.begin(), s.reached.end(),
              [](const auto& x, const auto& y) { return std::get<0>(x) < std::get<0>(y); });

    s.own_meetings.clear();
    for (std::size_t m = 0; m < r.meetings.size(); ++m) s.own_meetings.emplace_back(g.id_rank(r.meetings[m].body), m);
    std::sort(s.own_meetings.begin(), s.own_meetings.end());
    std::size_t own = 0;

    // The items first, then kept all at once: a throw (a meeting rule, memory)
    // leaves the builder as it was.
    s.pending.clear();
    for (std::size_t k = 0; k < s.reached.size();) {
        const auto [rank, body, first_role] = s.reached[k];
        std::uint8_t roles = first_role;
        for (++k; k < s.reached.size() && std::get<0>(s.reached[k]) == rank; ++k) roles |= std::get<2>(s.reached[k]);
        // Not captured as `body`: clang 14 cannot capture a structured binding.
        const body_handle b = body;
        // The route's own meeting for a leading or engaged body (R12); both
        // lists are in id order, so one walk finds them all.
        while (own < s.own_meetings.size() && s.own_meetings[own].first < rank) ++own;
        std::optional<meeting> next = own < s.own_meetings.size() && s.own_meetings[own].first == rank
                                          ? std::optional<meeting>(r.meetings[s.own_meetings[own].second])
                                          : meeting_of(g, b, r.as_of, s.options.papers_days);
        const date when = next ? next->date : r.as_of;
        if (s.options.from && when < *s.options.from) continue;
        if (s.options.to && when > *s.options.to) continue;
        state::item_entry item{0, roles, false, false, std::nullopt, next};
        // A JNCC's own date is kept with its item; any other body's is the
        // issue's earliest, kept once with the issue.
        if (earliest && g[b].kind == body_kind::jncc) {
            item.own_statutory = true;
            if (const deadline* employer_first = s.binding.for_body(b)) {
                item.own_statutory_date = employer_first->date;
                item.own_statutory_late = employer_first->late;
            }
        }
        s.pending.emplace_back(rank, b, item);
    }
    s.binding.release();  // it points into `r`
    if (s.pending.empty()) return;  // the issue is kept only with an item
    if (s.issues.size() >= std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("spfgov::agenda_builder: more than 2^32-1 issues");
    const auto issue_index = static_cast<std::uint32_t>(s.issues.size());
    s.issues.push_back({r.issue, r.title, r.kind, r.as_of, r.issue_date.is_special() ? r.as_of : r.issue_date,
                        earliest ? std::optional<date>(earliest->date) : std::nullopt, earliest && earliest->late,
                        s.options.keep_deadlines && !r.deadlines.empty()
                            ? std::make_shared<const std::vector<deadline>>(r.deadlines)
                            : nullptr});
    std::size_t kept = 0;
    try {
        for (auto& [rank, body, item] : s.pending) {
            auto& entry = s.bodies[rank];
            entry.body = body;
            item.issue = issue_index;
            entry.items.push_back(item);
            ++kept;
        }
    } catch (...) {
        for (std::size_t k = 0; k <= kept && k < s.pending.size(); ++k) {
            const auto it = s.bodies.find(std::get<0>(s.pending[k]));
            if (it == s.bodies.end()) continue;
            if (k < kept) it->second.items.pop_back();
            if (it->second.items.empty()) s.bodies.erase(it);
        }
        s.issues.pop_back();
        throw;
    }
    s.items += kept;
}

void agenda_builder::drain(const std::function<void(const agenda_body&)>& each) {
    if (state_) state_->drain([&](agenda_body&& a) { each(a); });
}

std::vector<agenda_body> agenda_builder::take() {
    std::vector<agenda_body> out;
    if (!state_) return out;
    out.reserve(state_->bodies.size());
    state_->drain([&](agenda_body&& a) { out.push_back(std::move(a)); });
    return out;
}

std::vector<agenda_body> make_agenda(std::span<const route> routes, const governance_graph& g,
                                     const agenda_options& options) {
    agenda_builder builder(g, options);
    for (const route& r : routes) builder.add(r);
    return builder.take();
}

namespace {

constexpr std::string_view no_item_text = "No issue reaches any body in this period.\n";

/// One body's part of agenda_text (bodies are separated by an empty line).
void append_text(std::string& out, const agenda_body& a, const governance_graph& g) {
    out += printable(label(g, a.body)) + ": " + std::to_string(a.items.size()) +
           (a.items.size() == 1 ? " issue\n" : " issues\n");
    each_meeting(a, [&](std::span<const agenda_item> items) {
        const auto& first = items.front();
        if (first.next) {
            out += "  Meeting " + to_iso(first.next->date) + ", papers due " + to_iso(first.next->papers_due);
            if (first.next->moved) out += " (moved from " + to_iso(first.next->scheduled) + ", not a working day)";
            out += ":\n";
        } else {
            out += "  No meeting known (no meeting rule in the graph, or it has ended):\n";
        }
        for (const auto& item : items) {
            // Under --as-of the route's date is not the day the issue was raised.
            const bool as_of_other = !item.issue_date.is_special() && item.issue_date != item.raised;
            out += "    - " + printable(subject(item)) + ", " + std::string(to_string(item.kind)) + ", raised " +
                   to_iso(as_of_other ? item.issue_date : item.raised) +
                   (as_of_other ? ", routed as of " + to_iso(item.raised) : std::string()) +
                   (item.roles.size() == 1 ? "; role: " : "; roles: ") + roles_text(item, ", ") + "\n";
            if (item.statutory) {
                out += "      statutory date " + to_iso(*item.statutory);
                if (item.statutory_late)
                    out += as_of_other ? " (already past on " + to_iso(item.raised) + ")" : " (already past when raised)";
                if (item.meeting_after_statutory()) out += ": this meeting comes AFTER it";
                out += "\n";
            }
        }
    });
}

/// agenda_text's head: the notes, then an empty line; nothing without notes.
void append_text_notes(std::string& out, const page_notes& notes) {
    const std::size_t before = out.size();
    if (notes.policy) {
        // The summary's lines under its first word, the gap's a paragraph of its own.
        out += "Policy: ";
        detail::text::append_wrapped(out, policy_summary(*notes.policy), 8, 8);
        if (const auto gap = statutory_table_gap(*notes.policy)) {
            out += "  ";
            detail::text::append_wrapped(out, *gap, 2, 2);
        }
    }
    if (!notes.batch_warnings.empty()) {
        if (out.size() > before) out += '\n';
        out += "Warnings about the batch:\n";
        for (const auto& w : notes.batch_warnings) {
            out += "  - ";
            detail::text::append_wrapped(out, w, 4, 4);
        }
    }
    if (out.size() > before) out += '\n';
}

} // namespace

std::string agenda_text(std::span<const agenda_body> agenda, const governance_graph& g) {
    return agenda_text(agenda, g, page_notes{});
}

std::string agenda_text(std::span<const agenda_body> agenda, const governance_graph& g, const page_notes& notes) {
    std::string out;
    append_text_notes(out, notes);
    if (agenda.empty()) return out += no_item_text;
    for (std::size_t i = 0; i < agenda.size(); ++i) {
        if (i > 0) out += '\n';
        append_text(out, agenda[i], g);
    }
    return out;
}

namespace {

constexpr flat_column agenda_table[] = {
    {"body", flat_type::text, "the body's id"},
    {"body_name", flat_type::text, "the body's name"},
    {"meeting", flat_type::iso_date, "the meeting the issue goes to (R12), after any move past a bank holiday; missing when the body has no usable meeting rule"},
    {"papers_due", flat_type::iso_date, "that meeting's papers deadline"},
    {"moved_from", flat_type::iso_date, "the date the rule gave, when the meeting was moved past a bank holiday"},
    {"issue", flat_type::text, "the issue's id"},
    {"title", flat_type::text, "the issue's title"},
    {"kind", flat_type::text, "the issue's kind"},
    {"roles", flat_type::text, "the body's roles in the route (lead, negotiate, consult, engage, inform), joined by ;"},
    {"statutory_date", flat_type::iso_date, "the statutory date (R10) the meeting should come before"},
    {"statutory_late", flat_type::flag, "that date was already past on the date routed"},
    {"meeting_after_statutory", flat_type::flag, "the meeting falls after the statutory date: too late to consult there first"},
};

/// flat.hpp's csv_header, with the CRLF the agenda's CSV ends its lines with.
std::string csv_header_crlf() {
    std::string out = csv_header(agenda_table);
    out.insert(out.size() - 1, 1, '\r');
    return out;
}

/// One body's rows of agenda_csv: agenda_rows, flags as true/false, cells a
/// spreadsheet would run as formulas prefixed with '.
void append_csv(std::string& out, const agenda_body& a, const governance_graph& g) {
    for (const auto& row : agenda_rows(a, g)) {
        bool first = true;
        for (const auto& cell : row) {
            if (!first) out += ',';
            first = false;
            if (const auto* flag = std::get_if<bool>(&cell)) out += *flag ? "true" : "false";
            else if (const auto* text = std::get_if<std::string>(&cell)) detail::text::append_csv_field(out, *text, true);
        }
        out += "\r\n";
    }
}

} // namespace

std::span<const flat_column> agenda_columns() noexcept { return agenda_table; }

std::vector<flat_row> agenda_rows(const agenda_body& a, const governance_graph& g) {
    const auto iso = [](std::optional<date> d) -> flat_value {
        if (!d) return std::monostate{};
        return to_iso(*d);
    };
    std::vector<flat_row> rows;
    rows.reserve(a.items.size());
    for (const auto& item : a.items) {
        rows.push_back({
            g.id(a.body),
            g[a.body].name,
            iso(item.next ? std::optional<date>(item.next->date) : std::nullopt),
            iso(item.next ? std::optional<date>(item.next->papers_due) : std::nullopt),
            iso(item.next && item.next->moved ? std::optional<date>(item.next->scheduled) : std::nullopt),
            item.issue,
            item.title,
            std::string(to_string(item.kind)),
            roles_text(item, flat_id_separator),
            iso(item.statutory),
            item.statutory && item.statutory_late,
            item.meeting_after_statutory(),
        });
    }
    return rows;
}

std::string agenda_csv(std::span<const agenda_body> agenda, const governance_graph& g) {
    std::string out = csv_header_crlf();
    for (const auto& a : agenda) append_csv(out, a, g);
    return out;
}

namespace {

/// HTML text and attribute escaping, after printable(): control characters
/// and invalid UTF-8 are shown as escapes, so nothing from the input can
/// break the markup or hide text.
std::string html(std::string_view raw) {
    const std::string text = printable(raw);
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c; break;
        }
    }
    return out;
}

} // namespace

namespace {

std::string html_head(std::string_view title) {
    return
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(title) +
        "</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}\n"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}\n"
        "caption{text-align:left;font-weight:bold;padding:.3rem 0}\n"
        "th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}\n"
        "th{background:#e8eef5}\n.after{color:#a00;font-weight:bold}\n"
        // A date broken over two lines ("2027-01-" / "13") misreads. (Not
        // ids: one may be 256 bytes long, and must break to fit a page.)
        "time{white-space:nowrap}\n"
        "@media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}\n"
        "</style>\n</head>\n<body>\n<main>\n<h1>" +
        html(title) + "</h1>\n";
}

/// The notes, after the title (nothing without notes): the policy, its
/// table gap, then the batch's warnings.
void append_html_notes(std::string& out, const page_notes& notes) {
    if (notes.policy) {
        out += "<p><strong>Policy:</strong> " + html(policy_summary(*notes.policy)) + "</p>\n";
        if (const auto gap = statutory_table_gap(*notes.policy)) out += "<p class=\"after\">" + html(*gap) + "</p>\n";
    }
    if (notes.batch_warnings.empty()) return;
    // Not counted: the last may say how many more there are.
    out += "<section aria-labelledby=\"batch-warnings-title\">\n<h2 id=\"batch-warnings-title\">Warnings about the "
           "batch</h2>\n<ul class=\"after\">\n";
    for (const auto& w : notes.batch_warnings) out += "<li>" + html(w) + "</li>\n";
    out += "</ul>\n</section>\n";
}

constexpr std::string_view html_no_item = "<p>No issue reaches any body in this period.</p>\n";
constexpr std::string_view html_tail = "</main>\n</body>\n</html>\n";

/// One body's section of agenda_html.
void append_html(std::string& out, const agenda_body& a, const governance_graph& g) {
    const std::string who = html(label(g, a.body));
    out += "<section>\n<h2 id=\"" + html(g.id(a.body)) + "\">" + who + "</h2>\n<table>\n<caption>" +
           std::to_string(a.items.size()) + (a.items.size() == 1 ? " issue" : " issues") + " for " + who +
           "</caption>\n<thead><tr><th scope=\"col\">Meeting</th><th scope=\"col\">Papers due</th>"
           "<th scope=\"col\">Issue</th><th scope=\"col\">Title</th><th scope=\"col\">Kind</th>"
           "<th scope=\"col\">Role</th><th scope=\"col\">Statutory date</th></tr></thead>\n<tbody>\n";
    for (const auto& item : a.items) {
        out += "<tr><td>";
        if (item.next) {
            out += "<time datetime=\"" + to_iso(item.next->date) + "\">" + to_iso(item.next->date) + "</time>";
            if (item.next->moved) out += " (moved from " + to_iso(item.next->scheduled) + ")";
            out += "</td><td><time datetime=\"" + to_iso(item.next->papers_due) + "\">" +
                   to_iso(item.next->papers_due) + "</time>";
        } else {
            out += "no meeting known</td><td>";
        }
        out += "</td><th scope=\"row\">" + html(item.issue) + "</th><td>" + html(item.title) + "</td><td>" +
               std::string(to_string(item.kind)) + "</td><td>" + roles_text(item, ", ") + "</td><td>";
        if (item.statutory) {
            out += "<time datetime=\"" + to_iso(*item.statutory) + "\">" + to_iso(*item.statutory) + "</time>";
            if (item.statutory_late)
                out += !item.issue_date.is_special() && item.issue_date != item.raised
                           ? " (already past on " + to_iso(item.raised) + ")"
                           : " (already past when raised)";
            if (item.meeting_after_statutory()) out += " <strong class=\"after\">the meeting comes after it</strong>";
        }
        out += "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
}

} // namespace

std::string agenda_html(std::span<const agenda_body> agenda, const governance_graph& g, std::string_view title) {
    return agenda_html(agenda, g, title, page_notes{});
}

std::string agenda_html(std::span<const agenda_body> agenda, const governance_graph& g, std::string_view title,
                        const page_notes& notes) {
    std::string out = html_head(title);
    append_html_notes(out, notes);
    if (agenda.empty()) out += html_no_item;
    for (const auto& a : agenda) append_html(out, a, g);
    out += html_tail;
    return out;
}

namespace {

/// What agenda_events gives, a body at a time: each body's meeting events,
/// then every statutory deadline binding their items once (an issue reaches
/// many bodies: each event is built once), by date, then issue id, then in
/// the route's order.
class agenda_calendar {
public:
    explicit agenda_calendar(const governance_graph& g) : g_(g) {}

    void add(const agenda_body& a);

    [[nodiscard]] std::vector<ics_event> take() && {
        std::stable_sort(deadlines_.begin(), deadlines_.end(), [](const dated& x, const dated& y) {
            return std::tie(x.event.day, x.issue, x.position) < std::tie(y.event.day, y.issue, y.position);
        });
        events_.reserve(events_.size() + deadlines_.size());
        for (auto& entry : deadlines_) events_.push_back(std::move(entry.event));
        return std::move(events_);
    }

private:
    struct dated {
        std::string issue;
        std::size_t position = 0;  ///< in the route's deadlines
        ics_event event;
    };

    /// The deadlines binding `body` for `items` (a JNCC: its own
    /// employer's), each once.
    void add_deadlines(body_handle body, std::span<const agenda_item> items) {
        const bool jncc = g_[body].kind == body_kind::jncc;
        for (const auto& item : items) {
            if (!item.deadlines || all_given_.contains(item.deadlines.get())) continue;
            const std::vector<deadline>& all = *item.deadlines;
            if (!jncc) all_given_.insert(item.deadlines.get());  // a forum's item binds them all: never again
            if (jncc) {
                employers_.clear();
                detail::each_employer_of_jncc(g_, body, item.raised, [&](body_handle e) { employers_.push_back(e); });
            }
            for (std::size_t k = 0; k < all.size(); ++k) {
                if (jncc && std::find(employers_.begin(), employers_.end(), all[k].body) == employers_.end()) continue;
                if (!seen_.emplace(item.deadlines.get(), k).second) continue;  // given by another body's item
                add_event(item, k);
            }
        }
    }

    /// The k-th deadline of `item`'s issue as an event. An id given on two
    /// lines gives the same UID twice, which a calendar cannot hold: the
    /// earlier date is kept (the one that binds), and it says so.
    void add_event(const agenda_item& item, std::size_t k) {
        ics_event e = detail::statutory_deadline_event((*item.deadlines)[k], item.issue, item.title, item.raised, g_);
        const auto [at, added] = by_uid_.emplace(e.uid, deadlines_.size());
        if (added) {
            deadlines_.push_back({item.issue, k, std::move(e)});
            return;
        }
        dated& kept = deadlines_[at->second];
        const std::string_view again = " The issue's id is given on more than one line of the batch: this is the "
                                       "earliest of its dates.";
        std::string_view kept_said = kept.event.description;
        if (kept_said.ends_with(again)) kept_said.remove_suffix(again.size());
        if (e.day == kept.event.day && e.summary == kept.event.summary && e.description == kept_said)
            return;  // the same deadline (the same issue's list, given apart): nothing to say
        if (e.day < kept.event.day) kept = {item.issue, k, std::move(e)};
        if (!kept.event.description.ends_with(again)) kept.event.description += again;
    }

    const governance_graph& g_;
    std::vector<ics_event> events_;
    std::vector<dated> deadlines_;
    std::set<std::pair<const void*, std::size_t>> seen_;      ///< (an issue's deadlines, position) given
    std::unordered_set<const void*> all_given_;              ///< an issue's deadlines, all given
    std::unordered_map<std::string, std::size_t> by_uid_;    ///< a deadline's UID -> its place in deadlines_
    std::vector<body_handle> employers_;                     ///< add_deadlines' scratch
};

void agenda_calendar::add(const agenda_body& a) {
    each_meeting(a, [&](std::span<const agenda_item> items) {
        const auto& m = items.front().next;
        add_deadlines(a.body, items);
        if (!m) return;
        const std::string who = label(g_, a.body);
        std::string list;
        std::string issues;
        for (const auto& item : items) {
            list += "- " + subject(item) + " (" + roles_text(item, ", ") + ")";
            if (item.statutory)
                list += std::string("; statutory date ") + to_iso(*item.statutory) +
                        (item.meeting_after_statutory() ? ", before this meeting" : "");
            list += "\n";
            issues += (issues.empty() ? "" : ", ") + item.issue;
        }
        const std::string count = std::to_string(items.size()) + (items.size() == 1 ? " issue" : " issues");
        const std::string seed = g_.id(a.body) + "\nagenda\n" + to_iso(m->scheduled);
        ics_event meet;
        meet.uid = make_uid(seed);
        meet.day = m->date;
        meet.summary = "Meeting: " + who + " - " + count + ": " + issues;
        meet.description = "Issues for the meeting of " + who + " on " + to_iso(m->date) + " (papers due by " +
                           to_iso(m->papers_due) + "):\n" + list;
        meet.categories = {"spfgov", "agenda", g_.id(a.body)};
        events_.push_back(std::move(meet));

        ics_event papers;
        papers.uid = make_uid(seed + "\npapers_due");
        papers.day = m->papers_due;
        papers.summary = "Papers due: " + g_.id(a.body) + " meeting on " + to_iso(m->date) + " - " + count;
        papers.description = "Papers for the meeting of " + who + " on " + to_iso(m->date) + ":\n" + list;
        papers.categories = {"spfgov", "papers_due", g_.id(a.body)};
        papers.alarm = ics_alarm{papers_alarm_days, "In " + std::to_string(papers_alarm_days.count()) + " days: papers due for " + g_.id(a.body) + " (" + count + ")"};
        events_.push_back(std::move(papers));
    });
}

[[noreturn]] void throw_empty_calendar() {
    throw date_error("ics.empty_calendar",
                     "the agenda has nothing to put in a calendar: no body it lists has a meeting rule that "
                     "gives a meeting (R12), and no statutory deadline (R10) binds them");
}

} // namespace

std::vector<ics_event> agenda_events(std::span<const agenda_body> agenda, const governance_graph& g) {
    agenda_calendar calendar(g);
    for (const auto& a : agenda) calendar.add(a);
    return std::move(calendar).take();
}

std::string agenda_ics(std::span<const agenda_body> agenda, const governance_graph& g, const ics_stamp& stamp) {
    const auto events = agenda_events(agenda, g);
    if (events.empty()) throw_empty_calendar();
    return to_ics(events, "spfgov agenda", stamp);
}

void write_agenda(agenda_builder& builder, agenda_format format, const std::function<void(std::string_view)>& write,
                  std::string_view title, const ics_stamp& stamp, const page_notes& notes) {
    if (format != agenda_format::text && format != agenda_format::csv && format != agenda_format::html &&
        format != agenda_format::ics)
        throw std::invalid_argument("spfgov::write_agenda: unknown agenda_format " +
                                    std::to_string(static_cast<unsigned>(format)));
    const governance_graph& g = builder.graph();
    if (format == agenda_format::ics) {
        // The calendar is written whole: it needs every event, and nothing is
        // written when there is none.
        agenda_calendar calendar(g);
        builder.drain([&](const agenda_body& a) { calendar.add(a); });
        const std::vector<ics_event> events = std::move(calendar).take();
        if (events.empty()) throw_empty_calendar();
        write(to_ics(events, "spfgov agenda", stamp));
        return;
    }
    constexpr std::size_t flush_at = std::size_t{1} << 20;
    std::string out;
    if (format == agenda_format::csv) out = csv_header_crlf();
    if (format == agenda_format::text) append_text_notes(out, notes);
    if (format == agenda_format::html) {
        out = html_head(title);
        append_html_notes(out, notes);
    }
    bool any = false;
    builder.drain([&](const agenda_body& a) {
        switch (format) {
        case agenda_format::text:
            if (any) out += '\n';
            append_text(out, a, g);
            break;
        case agenda_format::csv: append_csv(out, a, g); break;
        case agenda_format::html: append_html(out, a, g); break;
        case agenda_format::ics: break;
        }
        any = true;
        if (out.size() >= flush_at) {
            write(out);
            out.clear();
        }
    });
    if (!any && format == agenda_format::text) out += no_item_text;
    if (!any && format == agenda_format::html) out += html_no_item;
    if (format == agenda_format::html) out += html_tail;
    if (!out.empty()) write(out);
}

} // namespace spfgov
