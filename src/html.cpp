#include "spfgov/html.hpp"

#include "spfgov/report.hpp"
#include "spfgov/text.hpp"

#include "detail_binding_deadlines.hpp"
#include "detail_text.hpp"

#include <array>
#include <string>
#include <utility>

namespace spfgov {

namespace {

// Inline, so the page needs nothing from the network; the print rules drop
// the index and keep tables and figures whole on paper.
constexpr std::string_view page_css = R"(
body { font-family: Arial, Helvetica, sans-serif; color: #212B32; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; line-height: 1.4; }
h1, h2, h3, h4 { color: #003087; line-height: 1.2; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; margin-top: 2rem; } h3 { font-size: 1.15rem; margin-top: 1.5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #AEB7BD; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #E8EDEE; }
tbody th { font-weight: normal; background: #F0F4F5; }
code { font-family: "DejaVu Sans Mono", monospace; }
time { white-space: nowrap; }
.late { color: #D5281B; font-weight: bold; }
.error { border-left: 0.4rem solid #D5281B; padding-left: 0.8rem; }
figure { margin: 0.5rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #4C6272; }
nav ol { columns: 2; }
cite { font-style: italic; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.index { display: none; }
  table, figure, li { break-inside: avoid; }
  article + article { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
)";

void esc(std::string& out, std::string_view text) { detail::text::append_xml(out, text); }

class page {
public:
    page(const governance_graph& g, int base) : g_(g), base_(base) {}

    std::string out;

    void heading(int level, std::string_view text, std::string_view id = {}) {
        const std::string tag = "h" + std::to_string(base_ + level);
        out += "<" + tag;
        if (!id.empty()) {
            out += " id=\"";
            out += id;
            out += '"';
        }
        out += '>';
        esc(out, text);
        out += "</" + tag + ">\n";
    }

    void date_cell(date d, std::string_view extra_class = {}) {
        out += "<td";
        if (!extra_class.empty()) {
            out += " class=\"";
            out += extra_class;
            out += '"';
        }
        out += "><time datetime=\"" + to_iso(d) + "\">" + to_iso(d) + "</time></td>";
    }

    void body_cells(body_handle h) {
        out += "<td><code>";
        esc(out, g_.id(h));
        out += "</code></td><td>";
        esc(out, g_[h].name);
        out += "</td>";
    }

    /// A table with a caption and column headers; `rows` writes the body.
    template <class Rows>
    void table(std::string_view caption, std::initializer_list<std::string_view> columns, Rows&& rows) {
        out += "<table>\n<caption>";
        esc(out, caption);
        out += "</caption>\n<thead><tr>";
        for (auto c : columns) {
            out += "<th scope=\"col\">";
            esc(out, c);
            out += "</th>";
        }
        out += "</tr></thead>\n<tbody>\n";
        rows();
        out += "</tbody>\n</table>\n";
    }

    void none(std::string_view what) {
        out += "<p>";
        esc(out, what);
        out += "</p>\n";
    }

    void route_body(const route& r, std::string_view picture_svg, std::string_view id_prefix,
                    const routing_policy* policy) {
        out += "<dl class=\"facts\">\n";
        auto fact = [&](std::string_view name, std::string_view value) {
            out += "<dt>";
            out += name;
            out += "</dt><dd>";
            esc(out, value);
            out += "</dd>\n";
        };
        fact("Issue", r.issue);
        if (!r.title.empty()) fact("Title", r.title);
        fact("Kind", to_string(r.kind));
        if (!r.staff_groups.empty()) fact("Staff groups", detail::text::quoted_list(r.staff_groups));
        fact("Scope", to_string(r.scope));
        if (policy) fact("Policy", policy_summary(*policy));
        out += "<dt>As of</dt><dd><time datetime=\"" + to_iso(r.as_of) + "\">" + to_iso(r.as_of) + "</time></dd>\n";
        if (r.first_dismissal)
            out += "<dt>First dismissal</dt><dd><time datetime=\"" + to_iso(*r.first_dismissal) + "\">" +
                   to_iso(*r.first_dismissal) + "</time></dd>\n";
        out += "<dt>Lead union</dt><dd>";
        if (r.lead_union) {
            esc(out, g_.id(*r.lead_union));
            if (!g_[*r.lead_union].name.empty()) {
                out += " (";
                esc(out, g_[*r.lead_union].name);
                out += ')';
            }
        } else {
            out += "none";
        }
        out += "</dd>\n</dl>\n";

        if (const auto at = picture_svg.find("<svg"); at != std::string_view::npos) {
            heading(1, "Picture", std::string(id_prefix) + "picture");
            out += "<figure role=\"group\" aria-labelledby=\"" + std::string(id_prefix) + "picture-caption\">\n";
            // One image to a screen reader (named by the caption), not every
            // label of the drawing read out one by one; the tables say it all.
            out += "<svg role=\"img\" aria-labelledby=\"" + std::string(id_prefix) + "picture-caption\"";
            out += picture_svg.substr(at + 4);
            if (!out.ends_with('\n')) out += '\n';
            out += "<figcaption id=\"" + std::string(id_prefix) +
                   "picture-caption\">The affected employers at the bottom, the escalation ladder above them level "
                   "by level; each role in its own colour and shape (see the legend). The tables below say the "
                   "same in words.</figcaption>\n</figure>\n";
        }

        heading(1, "Who takes part");
        const std::array<std::pair<std::string_view, const std::vector<body_handle>*>, 6> roles{{
            {"Affected employer", &r.affected},
            {"Lead", &r.lead},
            {"Negotiate", &r.negotiate},
            {"Consult", &r.consult},
            {"Engage", &r.engage},
            {"Inform", &r.inform},
        }};
        table("Bodies by role (a body may have several roles)", {"Role", "Body", "Name"}, [&] {
            for (const auto& [role, bodies] : roles) {
                for (auto h : *bodies) {
                    out += "<tr><th scope=\"row\">";
                    out += role;
                    out += "</th>";
                    body_cells(h);
                    out += "</tr>\n";
                }
            }
            if (r.lead_union) {
                out += "<tr><th scope=\"row\">Lead union</th>";
                body_cells(*r.lead_union);
                out += "</tr>\n";
            }
        });

        heading(1, "Escalation ladder");
        if (r.escalation.empty()) {
            none("No escalation ladder.");
        } else {
            table(r.escalation.size() == 1 ? "Level 0 only: no body above it to escalate to on this date"
                                           : "If a level cannot resolve the matter, it goes to the next",
                  {"Level", "Body", "Name"}, [&] {
                for (std::size_t i = 0; i < r.escalation.size(); ++i)
                    for (auto h : r.escalation[i]) {
                        out += "<tr><th scope=\"row\">Level " + std::to_string(i) + "</th>";
                        body_cells(h);
                        out += "</tr>\n";
                    }
            });
        }

        heading(1, "Statutory deadlines");
        if (r.deadlines.empty()) {
            none("No statutory deadlines.");
        } else {
            table("Dates set by law (rule R10), earliest first", {"Date", "Deadline", "Employer", "Name", "What it means"}, [&] {
                for (const deadline* by_date : deadlines_by_date(r)) {
                    const deadline& d = *by_date;
                    out += "<tr>";
                    date_cell(d.date, d.late ? "late" : "");
                    out += "<th scope=\"row\">";
                    out += to_string(d.kind);
                    if (d.late) out += " <span class=\"late\">LATE</span>";
                    out += "</th>";
                    body_cells(d.body);
                    out += "<td>";
                    esc(out, deadline_detail(d, r.as_of));
                    out += "</td></tr>\n";
                }
            });
        }
        if (const auto below = detail::below_lowest_band_employers(r); !below.empty())
            table("No statutory date: below the lowest band (rule R10)", {"Employer", "Name", "Why"}, [&] {
                for (const auto& b : below) {
                    out += "<tr>";
                    body_cells(b.employer);
                    out += "<td>";
                    esc(out, detail::below_lowest_band_detail(b));
                    out += "</td></tr>\n";
                }
            });

        heading(1, "Meetings");
        if (r.meetings.empty()) {
            none("None known. Rule R12 lists the next meeting of each leading or engaged body with a meeting rule in the graph.");
        } else {
            table("The next meeting of each lead or engaged body (rule R12), earliest first",
                  {"Meeting", "Body", "Name", "Papers due", "Note"}, [&] {
                      const detail::binding_deadlines binding(r, g_);
                      for (const meeting* by_date : meetings_by_date(r)) {
                          const meeting& m = *by_date;
                          out += "<tr>";
                          date_cell(m.date);
                          out += "<th scope=\"row\"><code>";
                          esc(out, g_.id(m.body));
                          out += "</code></th><td>";
                          esc(out, g_[m.body].name);
                          out += "</td>";
                          date_cell(m.papers_due);
                          out += "<td>";
                          if (m.moved) out += "Moved from " + to_iso(m.scheduled) + ", not a working day.";
                          const std::string after = detail::meeting_after_deadline_note(m, binding.for_body(m.body), g_);
                          if (!after.empty()) {
                              out += m.moved ? " " : "";
                              out += "<strong class=\"late\">";
                              esc(out, std::string_view(after).substr(1));
                              out += "</strong>";
                          }
                          out += "</td></tr>\n";
                      }
                  });
        }

        heading(1, "Why: the rationale");
        if (r.rationale.empty()) {
            none("No rationale recorded.");
        } else {
            out += "<ol class=\"rationale\">\n";
            for (const auto& e : r.rationale) {
                out += "<li><strong>";
                esc(out, e.rule());
                out += "</strong> ";
                esc(out, rationale_text(e, r, g_));
                if (const auto source = e.source()) {
                    out += "<br>Source: <cite>";
                    esc(out, *source);
                    out += "</cite>";
                }
                out += "</li>\n";
            }
            out += "</ol>\n";
        }

        heading(1, "Warnings");
        const std::size_t after = detail::meetings_after_deadlines(r, g_);
        if (r.warnings.empty()) {
            none(after == 0 ? std::string("No warnings.")
                            : "No warnings from routing, but see Meetings: " + detail::meetings_after_summary(after) + ".");
        } else {
            out += "<ul class=\"warnings\">\n";
            for (const auto& w : r.warnings) {
                out += "<li>";
                esc(out, w);
                out += "</li>\n";
            }
            if (after > 0) out += "<li>See Meetings: " + detail::meetings_after_summary(after) + ".</li>\n";
            out += "</ul>\n";
        }
    }

private:
    const governance_graph& g_;
    int base_;
};

void open_page(std::string& out, std::string_view title) {
    out += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"spfgov\">\n<title>";
    esc(out, title);
    out += "</title>\n<style>";
    out += page_css;
    out += "</style>\n</head>\n<body>\n<main>\n";
}

void close_page(std::string& out) { out += "</main>\n</body>\n</html>\n"; }

/// The terms a route's page uses, as domain.md defines them under the
/// built-in rules, for a reader new to partnership working (an ICS lead's
/// trial asked what a JNCC, HR1 or "scope: national" meant). Each cites the
/// rule or section that says it; none goes beyond the contract.
constexpr std::pair<std::string_view, std::string_view> page_terms[] = {
    {"Scope", "the smallest level holding every affected employer: employer (one), system (one integrated care "
              "system holds them all), region (one NHS England region does), otherwise national (e.g. employers in "
              "more than one region); an issue whose origin is higher takes its origin's level (R1)."},
    {"Lead", "who leads the process. Without an agreed system-led process, the affected employers' JNCCs that are "
             "consulted; when employers and trade unions have agreed one, the affected systems' partnership forums, "
             "jointly (an employer in no system, or in one without a forum, keeps its JNCCs leading), naming the "
             "lead union when a leading forum has one. Pay and terms raised nationally: the national negotiating body; a national issue naming "
             "no employer: the national Social Partnership Forum. Regional and national forums never lead a "
             "system-led process (R5)."},
    {"Negotiate", "the JNCCs consulted, that is each employer's own negotiating machinery; for pay and terms of "
                  "national origin, also the national negotiating body (the NHS Staff Council). A local pay matter "
                  "stays with the JNCCs whatever its scope. No forum, board, sub-group or representative "
                  "negotiates (R3)."},
    {"Consult", "the JNCCs of every affected employer that cover the affected staff groups, at every scope: "
                "employers keep their legal consultation duties. An employer with no such JNCC must consult "
                "elected representatives of the affected employees (TULRCA s.188(1B)), and a warning says so (R2)."},
    {"Engage", "bodies that discuss the plan and influence its outcome without negotiating: the affected systems' "
               "partnership forums at system scope or wider (or a plan of system origin) (R4); the regional forums "
               "at region scope or wider (R6); the national Social Partnership Forum at national scope; sub-groups "
               "whose remit holds the issue's kind, where their parent covers the issue (R7)."},
    {"Inform", "bodies told of the issue: the regional forum of an issue of system scope (R6); at region scope or "
               "wider the regional people boards (R6); at system scope or wider the affected systems' people "
               "boards (R8)."},
    {"Escalation ladder", "where a matter not resolved goes next, level by level along escalates_to links: level "
                          "0 is the bodies consulted or, where none is, the bodies engaged; each body appears once, "
                          "at the lowest level it is reached (R9)."},
    {"JNCC", "an employer's joint negotiating and consultation committee (or its equivalent local partnership "
             "forum): the established negotiating machinery of a sovereign organisation. A local negotiating "
             "committee (LNC) covers only the staff groups it lists, e.g. medical and dental staff (domain.md 1)."},
    {"System partnership forum", "the forum for partnership working at system level between an integrated care "
                                 "system's employers and trade unions (domain.md 1)."},
    {"SPF", "a Social Partnership Forum: the national one (DHSC, NHS England, NHS Employers and the NHS trade "
            "unions among others, chaired by a minister), which does not negotiate, or a regional one (domain.md 1)."},
    {"People board", "an integrated care system's people board, with staff-side seats, or a region's people "
                     "board (domain.md 1)."},
    {"Statutory deadline, HR1", "for a redundancy issue: the date by which collective consultation must begin "
                                "and form HR1 (notice to the Secretary of State) must arrive, a number of calendar "
                                "days before the first dismissal set by the band, in force on the issue's date, "
                                "that the count of proposed redundancies at one employer falls in; below the "
                                "lowest band there is none. LATE: already past on the issue's date. Separate "
                                "proposals at one employer within 90 days count together (`spfgov redundancies`) "
                                "(R10; TULRCA 1992 s.188 and s.193)."},
};

/// A section at the end of the page defining page_terms.
void append_terms(std::string& out) {
    out += "<section class=\"terms\" aria-labelledby=\"terms-title\">\n<h2 id=\"terms-title\">Terms used in this "
           "report</h2>\n<p>As the built-in rules (NHS England, contract 2) define them; a policy named above may "
           "change who takes part.</p>\n<dl class=\"facts\">\n";
    for (const auto& [term, meaning] : page_terms) {
        out += "<dt>";
        esc(out, term);
        out += "</dt><dd>";
        esc(out, meaning);
        out += "</dd>\n";
    }
    out += "</dl>\n</section>\n";
}

} // namespace

namespace {
std::string route_html_with(const route& r, const governance_graph& g, std::string_view picture_svg,
                            const routing_policy* policy) {
    page p(g, 1);
    const std::string title = "Route for issue " + r.issue;
    open_page(p.out, title);
    p.out += "<article>\n";
    p.heading(0, title);
    p.route_body(r, picture_svg, "", policy);
    p.out += "</article>\n";
    append_terms(p.out);
    close_page(p.out);
    return std::move(p.out);
}

std::string routes_html_with(std::span<const html_report_item> items, const governance_graph& g,
                             std::string_view title, const page_notes& notes) {
    const routing_policy* policy = notes.policy;
    page p(g, 2);
    open_page(p.out, title);
    p.out += "<h1>";
    esc(p.out, title);
    p.out += "</h1>\n<nav class=\"index\" aria-labelledby=\"index-title\">\n<h2 id=\"index-title\">Issues (" +
             std::to_string(items.size()) + ")</h2>\n<ol>\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        p.out += "<li><a href=\"#issue-" + std::to_string(i + 1) + "\">";
        if (item.routed) {
            esc(p.out, item.routed->issue);
            if (!item.routed->title.empty()) {
                p.out += ": ";
                esc(p.out, item.routed->title);
            }
        } else {
            esc(p.out, item.label);
            p.out += " (could not be routed)";
        }
        p.out += "</a></li>\n";
    }
    p.out += "</ol>\n</nav>\n";
    if (!notes.batch_warnings.empty()) {
        // Said once for the batch, before the routes whose dates they qualify.
        // Not counted: the last may say how many more there are.
        p.out += "<section class=\"batch-warnings\" aria-labelledby=\"batch-warnings-title\">\n"
                 "<h2 id=\"batch-warnings-title\">Warnings about the batch</h2>\n<ul class=\"warnings\">\n";
        for (const auto& w : notes.batch_warnings) {
            p.out += "<li>";
            esc(p.out, w);
            p.out += "</li>\n";
        }
        p.out += "</ul>\n</section>\n";
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        const std::string id = "issue-" + std::to_string(i + 1);
        p.out += "<article id=\"" + id + "\">\n";
        if (item.routed) {
            p.heading(0, "Route for issue " + item.routed->issue);
            p.route_body(*item.routed, item.picture_svg, id + "-", policy);
        } else {
            p.heading(0, std::string(item.label) + ": could not be routed");
            p.out += "<p class=\"error\">";
            esc(p.out, item.error);
            p.out += "</p>\n";
        }
        p.out += "</article>\n";
    }
    append_terms(p.out);
    close_page(p.out);
    return std::move(p.out);
}
} // namespace

std::string route_html(const route& r, const governance_graph& g, std::string_view picture_svg) {
    return route_html_with(r, g, picture_svg, nullptr);
}
std::string route_html(const route& r, const governance_graph& g, const routing_policy& policy,
                       std::string_view picture_svg) {
    return route_html_with(r, g, picture_svg, &policy);
}
std::string routes_html(std::span<const html_report_item> items, const governance_graph& g, std::string_view title) {
    return routes_html_with(items, g, title, {});
}
std::string routes_html(std::span<const html_report_item> items, const governance_graph& g, std::string_view title,
                        const page_notes& notes) {
    return routes_html_with(items, g, title, notes);
}

} // namespace spfgov
