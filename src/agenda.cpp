#include "spfgov/agenda.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/error.hpp"
#include "spfgov/report.hpp"
#include "spfgov/rrule.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <map>
#include <tuple>
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
std::optional<meeting> meeting_of(const governance_graph& g, body_handle b, date on, int default_papers_days) {
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

std::vector<agenda_body> make_agenda(std::span<const route> routes, const governance_graph& g,
                                     const agenda_options& options) {
    std::optional<body_handle> only;
    if (!options.body.empty()) only = g.at(options.body);
    std::map<std::uint32_t, agenda_body> by_rank;  // id rank: sorted by id
    for (const route& r : routes) {
        std::optional<date> statutory;
        bool late = false;
        for (const auto& d : r.deadlines)
            if (!statutory || d.date < *statutory) {
                statutory = d.date;
                late = d.late;
            }
        std::map<std::uint32_t, std::pair<body_handle, std::vector<agenda_role>>> reached;
        auto add = [&](const std::vector<body_handle>& bodies, agenda_role role) {
            for (auto b : bodies) {
                if (only && b != *only) continue;
                auto& entry = reached[g.id_rank(b)];
                entry.first = b;
                if (std::find(entry.second.begin(), entry.second.end(), role) == entry.second.end())
                    entry.second.push_back(role);
            }
        };
        add(r.lead, agenda_role::lead);
        add(r.negotiate, agenda_role::negotiate);
        add(r.consult, agenda_role::consult);
        add(r.engage, agenda_role::engage);
        add(r.inform, agenda_role::inform);
        for (auto& [rank, entry] : reached) {
            agenda_item item;
            item.issue = r.issue;
            item.title = r.title;
            item.kind = r.kind;
            item.raised = r.as_of;
            item.roles = std::move(entry.second);
            // Not captured as `entry`: clang 14 cannot capture a structured binding.
            const body_handle body = entry.first;
            const auto own = std::find_if(r.meetings.begin(), r.meetings.end(),
                                          [body](const meeting& m) { return m.body == body; });
            item.next = own != r.meetings.end() ? std::optional<meeting>(*own)
                                                : meeting_of(g, entry.first, r.as_of, options.papers_days);
            item.statutory = statutory;
            item.statutory_late = late;
            if (options.from && item.when() < *options.from) continue;
            if (options.to && item.when() > *options.to) continue;
            auto& a = by_rank[rank];
            a.body = entry.first;
            a.items.push_back(std::move(item));
        }
    }
    std::vector<agenda_body> out;
    out.reserve(by_rank.size());
    for (auto& [rank, a] : by_rank) {
        std::stable_sort(a.items.begin(), a.items.end(), [](const agenda_item& x, const agenda_item& y) {
            // With a meeting first, by meeting date; then by issue id.
            return std::make_tuple(!x.next, x.when(), std::string_view(x.issue)) <
                   std::make_tuple(!y.next, y.when(), std::string_view(y.issue));
        });
        out.push_back(std::move(a));
    }
    return out;
}

std::string agenda_text(std::span<const agenda_body> agenda, const governance_graph& g) {
    std::string out;
    if (agenda.empty()) return "No issue reaches any body in this period.\n";
    for (const auto& a : agenda) {
        if (!out.empty()) out += '\n';
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
                out += "    - " + printable(subject(item)) + ", " + std::string(to_string(item.kind)) + ", raised " +
                       to_iso(item.raised) + "; role: " + roles_text(item, ", ") + "\n";
                if (item.statutory) {
                    out += "      statutory date " + to_iso(*item.statutory);
                    if (item.statutory_late) out += " (already past when raised)";
                    if (item.meeting_after_statutory()) out += ": this meeting comes AFTER it";
                    out += "\n";
                }
            }
        });
    }
    return out;
}

namespace {

void csv_field(std::string& out, std::string_view text) {
    std::string value;
    // A spreadsheet runs a cell that starts like a formula: keep it text.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r'))
        value = "'";
    value += text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        out += value;
        return;
    }
    out += '"';
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

} // namespace

std::string agenda_csv(std::span<const agenda_body> agenda, const governance_graph& g) {
    std::string out = "body,body_name,meeting,papers_due,moved_from,issue,title,kind,roles,statutory_date,"
                      "statutory_late,meeting_after_statutory\r\n";
    auto iso = [](const std::optional<date>& d) { return d ? to_iso(*d) : std::string(); };
    for (const auto& a : agenda) {
        for (const auto& item : a.items) {
            const std::string fields[] = {
                g.id(a.body),
                g[a.body].name,
                iso(item.next ? std::optional<date>(item.next->date) : std::nullopt),
                iso(item.next ? std::optional<date>(item.next->papers_due) : std::nullopt),
                iso(item.next && item.next->moved ? std::optional<date>(item.next->scheduled) : std::nullopt),
                item.issue,
                item.title,
                std::string(to_string(item.kind)),
                roles_text(item, ";"),
                iso(item.statutory),
                item.statutory && item.statutory_late ? "true" : "false",
                item.meeting_after_statutory() ? "true" : "false",
            };
            bool first = true;
            for (const auto& f : fields) {
                if (!first) out += ',';
                first = false;
                csv_field(out, f);
            }
            out += "\r\n";
        }
    }
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

std::string agenda_html(std::span<const agenda_body> agenda, const governance_graph& g, std::string_view title) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(title) +
        "</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111}\n"
        "table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}\n"
        "caption{text-align:left;font-weight:bold;padding:.3rem 0}\n"
        "th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}\n"
        "th{background:#e8eef5}\n.after{color:#a00;font-weight:bold}\n"
        "@media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}\n"
        "</style>\n</head>\n<body>\n<main>\n<h1>" +
        html(title) + "</h1>\n";
    if (agenda.empty()) out += "<p>No issue reaches any body in this period.</p>\n";
    for (const auto& a : agenda) {
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
                if (item.statutory_late) out += " (already past when raised)";
                if (item.meeting_after_statutory()) out += " <strong class=\"after\">the meeting comes after it</strong>";
            }
            out += "</td></tr>\n";
        }
        out += "</tbody>\n</table>\n</section>\n";
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::vector<ics_event> agenda_events(std::span<const agenda_body> agenda, const governance_graph& g) {
    std::vector<ics_event> events;
    for (const auto& a : agenda) {
        each_meeting(a, [&](std::span<const agenda_item> items) {
            const auto& m = items.front().next;
            if (!m) return;
            const std::string who = label(g, a.body);
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
            const std::string seed = g.id(a.body) + "\nagenda\n" + to_iso(m->scheduled);
            ics_event meet;
            meet.uid = make_uid(seed);
            meet.day = m->date;
            meet.summary = "Meeting: " + who + " - " + count + ": " + issues;
            meet.description = "Issues for the meeting of " + who + " on " + to_iso(m->date) + " (papers due by " +
                               to_iso(m->papers_due) + "):\n" + list;
            meet.categories = {"spfgov", "agenda", g.id(a.body)};
            events.push_back(std::move(meet));

            ics_event papers;
            papers.uid = make_uid(seed + "\npapers_due");
            papers.day = m->papers_due;
            papers.summary = "Papers due: " + g.id(a.body) + " meeting on " + to_iso(m->date) + " - " + count;
            papers.description = "Papers for the meeting of " + who + " on " + to_iso(m->date) + ":\n" + list;
            papers.categories = {"spfgov", "papers_due", g.id(a.body)};
            papers.alarm = ics_alarm{papers_alarm_days, "In " + std::to_string(papers_alarm_days) + " days: papers due for " + g.id(a.body) + " (" + count + ")"};
            events.push_back(std::move(papers));
        });
    }
    return events;
}

std::string agenda_ics(std::span<const agenda_body> agenda, const governance_graph& g, const ics_stamp& stamp) {
    const auto events = agenda_events(agenda, g);
    if (events.empty())
        throw date_error("ics.empty_calendar",
                         "the agenda has no meeting to put in a calendar: no body it lists has a meeting rule that "
                         "gives a meeting (R12)");
    return to_ics(events, "spfgov agenda", stamp);
}

} // namespace spfgov
