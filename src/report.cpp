#include "spfgov/report.hpp"

#include "spfgov/text.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <string_view>

namespace spfgov {

namespace {

constexpr std::size_t text_width = 78;
constexpr std::size_t max_id_column = 24;

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

/// Appends `text` word-wrapped to `text_width`, the first line after
/// `first_indent` (already written by the caller, `used` columns wide) and
/// the next lines indented by `indent` spaces.
void wrap(std::string& out, std::string_view raw, std::size_t used, std::size_t indent) {
    const std::string shown = printable(raw);  // may quote ids: nothing may act on the terminal
    const std::string_view text = shown;
    std::size_t column = used;
    bool line_start = true;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        std::size_t j = text.find(' ', i);
        if (j == std::string_view::npos) j = text.size();
        const std::string_view word = text.substr(i, j - i);
        if (!line_start && column + 1 + word.size() > text_width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
            line_start = true;
        }
        if (!line_start) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
        line_start = false;
        i = j;
    }
    out += '\n';
}

class writer {
public:
    explicit writer(const governance_graph& g) : g_(g) {}

    std::string out;

    [[nodiscard]] std::string label(body_handle h) const {
        const body& b = g_[h];
        return printable(b.name.empty() ? b.id : b.id + " (" + b.name + ")");
    }

    [[nodiscard]] std::size_t id_column(std::span<const body_handle> hs) const {
        std::size_t w = 0;
        for (auto h : hs) w = std::max(w, printable(g_.id(h)).size());
        return std::min(w, max_id_column);
    }

    /// "  ID   Name" with the id padded to `width`.
    void body_line(body_handle h, std::size_t width, std::string_view prefix = "  ") {
        const body& b = g_[h];
        out += prefix;
        const std::string id = printable(b.id);
        out += id;
        if (!b.name.empty()) {
            out.append(id.size() < width ? width - id.size() : 0, ' ');
            out += "  ";
            append_printable(out, b.name);
        }
        out += '\n';
    }

    /// A heading with the count, then one line per body; "Heading: none" when empty.
    void body_list(std::string_view heading, std::span<const body_handle> hs) {
        out += heading;
        if (hs.empty()) {
            out += ": none\n";
            return;
        }
        out += " (" + std::to_string(hs.size()) + "):\n";
        const auto w = id_column(hs);
        for (auto h : hs) body_line(h, w);
    }

private:
    const governance_graph& g_;
};

std::string_view deadline_title(deadline_kind k) {
    return k == deadline_kind::consultation_start ? "collective consultation must begin"
                                                  : "form HR1 must reach the Secretary of State";
}

} // namespace

std::string route_text(const route& r, const governance_graph& g) {
    writer w(g);
    std::string& out = w.out;
    out.reserve(4096);

    out += "Route for issue " + printable(r.issue) + ", as of " + to_iso(r.as_of) + "\n";
    if (!r.title.empty()) out += "Title: " + printable(r.title) + "\n";
    out += "Kind: " + std::string(to_string(r.kind)) + "\n";
    out += "Scope: " + std::string(to_string(r.scope)) + "\n";
    out += '\n';
    w.body_list("Affected employers", r.affected);
    out += '\n';

    w.body_list("Lead", r.lead);
    out += "Lead union: ";
    out += r.lead_union ? w.label(*r.lead_union) : std::string("none");
    out += '\n';
    out += '\n';
    w.body_list("Negotiate", r.negotiate);
    w.body_list("Consult", r.consult);
    w.body_list("Engage", r.engage);
    w.body_list("Inform", r.inform);
    out += '\n';

    // R9: level by level.
    if (r.escalation.empty()) {
        out += "Escalation ladder: none\n";
    } else {
        out += "Escalation ladder (" + plural(r.escalation.size(), "level", "levels") +
               "; if a level cannot resolve the matter, it goes to the next):\n";
        std::vector<body_handle> all;
        for (const auto& level_bodies : r.escalation) all.insert(all.end(), level_bodies.begin(), level_bodies.end());
        const auto width = w.id_column(all);
        for (std::size_t i = 0; i < r.escalation.size(); ++i) {
            std::string prefix = "  level " + std::to_string(i + 1) + ": ";  // numbered from 1 for people
            const std::string blank(prefix.size(), ' ');
            if (r.escalation[i].empty()) {
                out += prefix + "(none)\n";
                continue;
            }
            for (auto h : r.escalation[i]) {
                w.body_line(h, width, prefix);
                prefix = blank;
            }
        }
    }
    out += '\n';

    // R10.
    if (r.deadlines.empty()) {
        out += "Statutory deadlines: none\n";
    } else {
        out += "Statutory deadlines (" + std::to_string(r.deadlines.size()) + "):\n";
        for (const auto& d : r.deadlines) {
            out += "  " + to_iso(d.date) + "  " + std::string(to_string(d.kind)) + "  " + w.label(d.body);
            out += d.late ? "  LATE\n" : "\n";
            std::string detail = std::string(deadline_title(d.kind)) + " by this date";
            if (d.redundancies > 0)
                detail += " (" + std::to_string(d.redundancies) + " proposed redundancies: at least " +
                          std::to_string(d.days) + " days before the first dismissal)";
            detail += "; rule " + d.rule + ".";
            if (d.band_min > 0) {
                detail += " Band: " + std::to_string(d.band_min) + " or more proposed redundancies, " +
                          std::to_string(d.days) + " days, for proposals from " + to_iso(d.in_force_from) +
                          (d.in_force_until ? " until " + to_iso(*d.in_force_until - boost::gregorian::days(1)) : std::string()) +
                          ", under " + printable(d.authority) + ".";
            }
            if (d.late) detail += " Already past on " + to_iso(r.as_of) + ".";
            out += "              ";
            wrap(out, detail, 14, 14);
        }
    }
    out += '\n';

    // R12.
    if (r.meetings.empty()) {
        out += "Meetings: none\n";
    } else {
        out += "Meetings (" + std::to_string(r.meetings.size()) + "):\n";
        for (const auto& m : r.meetings) {
            out += "  " + to_iso(m.date) + "  " + w.label(m.body) + "\n";
            std::string detail = "papers due by " + to_iso(m.papers_due);
            if (m.moved) detail += "; moved from " + to_iso(m.scheduled) + ", not a working day";
            out += "              ";
            wrap(out, detail, 14, 14);
        }
    }
    out += '\n';

    // Why.
    if (r.rationale.empty()) {
        out += "Rationale: none\n";
    } else {
        out += "Rationale:\n";
        for (const auto& e : r.rationale) {
            std::string head = "  " + std::string(e.rule());
            head.append(head.size() < 7 ? 7 - head.size() : 1, ' ');
            out += head;
            wrap(out, rationale_text(e, r, g), head.size(), 7);
            if (const auto source = e.source()) {
                out += "       Source: ";
                wrap(out, *source, 15, 15);
            }
        }
    }
    out += '\n';

    if (r.warnings.empty()) {
        out += "Warnings: none\n";
    } else {
        out += "Warnings (" + std::to_string(r.warnings.size()) + "):\n";
        for (const auto& s : r.warnings) {
            out += "  - ";
            wrap(out, s, 4, 4);
        }
    }
    return out;
}

std::vector<ics_event> route_events(const route& r, const governance_graph& g) {
    std::vector<ics_event> events;
    events.reserve(r.deadlines.size() + 2 * r.meetings.size());
    const writer w(g);
    auto uid = [&](std::string_view kind, body_handle b, date d) {
        std::string seed = r.issue;
        seed += '\n';
        seed += kind;
        seed += '\n';
        seed += g.id(b);
        seed += '\n';
        seed += to_iso(d);
        return make_uid(seed);
    };
    auto categories = [&](std::string_view kind) {
        return std::vector<std::string>{"spfgov", std::string(kind), r.issue};
    };

    for (const auto& d : r.deadlines) {
        const std::string kind{to_string(d.kind)};
        ics_event e;
        e.uid = uid(kind, d.body, d.date);
        e.day = d.date;
        e.summary = std::string(d.late ? "LATE: " : "") + "Statutory deadline: " + std::string(deadline_title(d.kind)) +
                    " (" + g.id(d.body) + ", issue " + r.issue + ")";
        e.description = "Issue " + r.issue + ": " + std::string(deadline_title(d.kind)) + " for " + w.label(d.body) +
                        " by " + to_iso(d.date);
        if (d.redundancies > 0)
            e.description += ", " + std::to_string(d.days) + " days before the first dismissal (" +
                             std::to_string(d.redundancies) + " proposed redundancies)";
        e.description += ". Rule " + d.rule + ": Trade Union and Labour Relations (Consolidation) Act 1992, s.188 and s.193.";
        if (d.late) e.description += " Already past on " + to_iso(r.as_of) + ", the route's date.";
        e.categories = categories(kind);
        events.push_back(std::move(e));
    }
    for (const auto& m : r.meetings) {
        ics_event papers;
        papers.uid = uid("papers_due", m.body, m.papers_due);
        papers.day = m.papers_due;
        papers.summary = "Papers due: " + g.id(m.body) + " meeting on " + to_iso(m.date) + " (issue " + r.issue + ")";
        papers.description = "Issue " + r.issue + ": papers for the meeting of " + w.label(m.body) + " on " +
                             to_iso(m.date) + " are due by " + to_iso(m.papers_due) + " (rule R12).";
        papers.categories = categories("papers_due");
        events.push_back(std::move(papers));

        ics_event meet;
        meet.uid = uid("meeting", m.body, m.date);
        meet.day = m.date;
        meet.summary = "Meeting: " + w.label(m.body) + " (issue " + r.issue + ")";
        meet.description = "Issue " + r.issue + ": next meeting of " + w.label(m.body) + "; papers due by " +
                           to_iso(m.papers_due) + " (rule R12).";
        if (m.moved)
            meet.description += " Moved from " + to_iso(m.scheduled) + ", which is not a working day.";
        meet.categories = categories("meeting");
        events.push_back(std::move(meet));
    }
    return events;
}

std::string route_ics(const route& r, const governance_graph& g) {
    const auto events = route_events(r, g);
    return to_ics(events, "spfgov route " + r.issue, r.as_of);
}

} // namespace spfgov
