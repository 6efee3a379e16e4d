// route_html and routes_html (include/spfgov/html.hpp), and route_to_dot
// (export.hpp), on routes of the Testland graph. The page opened in a real
// browser: tests/html/check_html.py.
#include "testland.hpp"

#include <spfgov/export.hpp>
#include <spfgov/html.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace test_html_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

namespace {

const governance_graph& land() { return testland::shared(); }

bool has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

route regional_redundancy(std::string id = "T-1", std::string title = "test issue", date on = d(2026, 11, 2)) {
    issue i;
    i.id = std::move(id);
    i.title = std::move(title);
    i.kind = issue_kind::redundancy;
    i.origin = level::employer;
    i.affected = {"E1", "E3"};
    i.date = on;
    i.redundancies = {{"E1", 25}, {"E3", 150}};
    i.first_dismissal = d(2027, 3, 1);
    return route_issue(land(), i);
}

} // namespace

TEST_CASE("route_html: one self-contained page with the issue, tables of bodies and dates, rationale, warnings") {
    const route r = regional_redundancy();
    const std::string page = route_html(r, land(), "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg id=\"pic\"></svg>\n");
    CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    CHECK(page.ends_with("</html>\n"));
    CHECK(has(page, "<title>Route for issue T-1</title>"));
    CHECK(has(page, "<h1>Route for issue T-1</h1>"));
    // Nothing from the network: no external resources.
    CHECK(!has(page, "http://"));
    CHECK(!has(page, "https://"));
    CHECK(!has(page, "<link"));
    CHECK(!has(page, "<script"));
    CHECK(has(page, "@media print"));
    // The picture inline, without its XML prolog.
    CHECK(has(page, "<svg role=\"img\" aria-labelledby=\"picture-caption\" id=\"pic\"></svg>"));
    CHECK(!has(page, "<?xml"));
    CHECK(!has(page, "<!DOCTYPE svg"));
    // The first dismissal the dates count back from; no staff groups line for an issue of every group.
    CHECK(has(page, "<dt>First dismissal</dt><dd><time datetime=\"2027-03-01\">2027-03-01</time></dd>"));
    CHECK(!has(page, "Staff groups"));
    // Tables with captions and scoped headers.
    CHECK(has(page, "<caption>Bodies by role (a body may have several roles)</caption>"));
    CHECK(has(page, "<th scope=\"col\">Role</th>"));
    CHECK(has(page, "<tr><th scope=\"row\">Affected employer</th><td><code>E1</code></td><td>Employer E1</td></tr>"));
    CHECK(has(page, "<tr><th scope=\"row\">Level 0</th><td><code>E1-jncc</code></td>"));
    for (const auto& dl : r.deadlines) CHECK(has(page, "<time datetime=\"" + to_iso(dl.date) + "\">"));
    for (const auto& m : r.meetings) {
        CHECK(has(page, "<time datetime=\"" + to_iso(m.date) + "\">"));
        CHECK(has(page, "<time datetime=\"" + to_iso(m.papers_due) + "\">"));
    }
    REQUIRE(!r.deadlines.empty());
    REQUIRE(!r.meetings.empty());
    // The regional forum meets on 2026-11-10, before every statutory date:
    // no note; on 2027-01-20 its next meeting (2027-03-09) is after E3's.
    CHECK(!has(page, "comes AFTER"));
    const std::string late = route_html(regional_redundancy("T-1", "test issue", d(2027, 1, 20)), land());
    CHECK(has(late, "<li>See Meetings: 1 comes AFTER a statutory date.</li>\n</ul>"));
    CHECK(has(late, "<td><strong class=\"late\">This meeting comes AFTER the statutory date 2027-01-15 "
                                        "(E3: collective consultation must begin by then).</strong></td></tr>"));
    for (const auto& e : r.rationale) {
        CHECK(has(page, "<li><strong>" + std::string(e.rule()) + "</strong> "));
        if (e.source()) CHECK(has(page, "Source: <cite>"));
    }
    CHECK(has(page, "<h2>Warnings</h2>"));
    CHECK(route_html(r, land()) == route_html(r, land()));
    CHECK(!has(route_html(r, land()), "<h2 id=\"picture\">"));  // no SVG, no picture section
}

TEST_CASE("route_html: a one-level ladder does not say the matter goes to a next level") {
    route r = regional_redundancy();
    REQUIRE(r.escalation.size() > 1);
    CHECK(route_html(r, land()).find("If a level cannot resolve the matter, it goes to the next") != std::string::npos);
    r.escalation.resize(1);
    const std::string page = route_html(r, land());
    CHECK(page.find("Level 0 only: no body above it to escalate to on this date") != std::string::npos);
    CHECK(page.find("goes to the next") == std::string::npos);
}

TEST_CASE("route_html escapes everything that comes from the issue or the graph") {
    const route r = regional_redundancy("<script>alert(1)</script>&\"'\x01", "Title <b>bold</b> & \"quoted\"");
    const std::string page = route_html(r, land());
    CHECK(!has(page, "<script>"));
    CHECK(!has(page, "<b>bold"));
    CHECK(!has(page, "\x01"));
    CHECK(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;\\u0001"));
    CHECK(has(page, "Title &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
}

TEST_CASE("routes_html: one page, an index linking to each issue's section, errors in place") {
    const route a = regional_redundancy("A-1", "first"), b = regional_redundancy("B-2", "second");
    const std::array<html_report_item, 3> items{{
        {&a, {}, {}, {}},
        {nullptr, {}, "Line 2 (issue X)", "bad_date: batch.jsonl:2:9: not a date"},
        {&b, "<svg id=\"b\"></svg>", {}, {}},
    }};
    const std::string page = routes_html(items, land(), "Routes for batch.jsonl");
    CHECK(has(page, "<h1>Routes for batch.jsonl</h1>"));
    CHECK(has(page, "<li><a href=\"#issue-1\">A-1: first</a></li>"));
    CHECK(has(page, "<li><a href=\"#issue-2\">Line 2 (issue X) (could not be routed)</a></li>"));
    CHECK(has(page, "<li><a href=\"#issue-3\">B-2: second</a></li>"));
    CHECK(has(page, "<article id=\"issue-1\">\n<h2>Route for issue A-1</h2>"));
    CHECK(has(page, "<article id=\"issue-2\">\n<h2>Line 2 (issue X): could not be routed</h2>"));
    CHECK(has(page, "bad_date: batch.jsonl:2:9: not a date"));
    CHECK(has(page, "<h3>Who takes part</h3>"));
    CHECK(has(page, "<h3 id=\"issue-3-picture\">Picture</h3>"));
    CHECK(has(page, "<svg role=\"img\" aria-labelledby=\"issue-3-picture-caption\" id=\"b\"></svg>"));
    CHECK_FALSE(has(page, "Warnings about the batch"));
    // The batch's own warnings, once, after the index and before the routes, escaped.
    const std::vector<std::string> said{"RRK: issues A and B <together> need 45 days"};
    const std::string noted = routes_html(items, land(), "Routes for batch.jsonl", page_notes{nullptr, said});
    const auto at = noted.find("<h2 id=\"batch-warnings-title\">Warnings about the batch</h2>");
    REQUIRE(at != std::string::npos);
    CHECK(noted.find("</nav>") < at);
    CHECK(at < noted.find("<article id=\"issue-1\">"));
    CHECK(has(noted, "<li>RRK: issues A and B &lt;together&gt; need 45 days</li>"));
    CHECK_FALSE(has(noted, "<dt>Policy</dt>"));
}

TEST_CASE("route_html and routes_html: a reader new to partnership working finds what each term on the page means") {
    const route r = regional_redundancy();
    const std::string page = route_html(r, land());
    const auto terms = page.find("<h2 id=\"terms-title\">Terms used in this report</h2>");
    REQUIRE(terms != std::string::npos);
    CHECK(terms > page.find("</article>"));  // after the route, once
    CHECK(page.find("Terms used in this report", terms + 1) == page.rfind("Terms used in this report"));
    for (const char* term : {"Scope", "Lead", "Negotiate", "Consult", "Engage", "Inform", "Escalation ladder", "JNCC",
                             "System partnership forum", "SPF", "People board", "Statutory deadline, HR1"})
        CHECK(has(page.substr(terms), "<dt>" + std::string(term) + "</dt><dd>"));
    // Each meaning cites the rule or section that gives it, in domain.md's words; the ladder counts from level 0
    // as the report does, and level 0 is the engaged bodies where none is consulted (R9).
    CHECK(has(page, "<dt>Escalation ladder</dt><dd>where a matter not resolved goes next, level by level along "
                    "escalates_to links: level 0 is the bodies consulted or, where none is, the bodies engaged; each "
                    "body appears once, at the lowest level it is reached (R9).</dd>"));
    CHECK(has(page, "<p>As the built-in rules (NHS England, contract 2) define them; a policy named above may change "
                    "who takes part.</p>"));
    const std::string section = page.substr(terms);
    for (std::size_t at = section.find("<dd>"); at != std::string::npos; at = section.find("<dd>", at + 1)) {
        const std::string meaning = section.substr(at, section.find("</dd>", at) - at);
        CHECK_MESSAGE((has(meaning, "(R") || has(meaning, "(domain.md 1)")), meaning);  // every meaning cites its source
    }
    // A page of several routes defines them once, at its end.
    const html_report_item items[] = {{&r, {}, {}, {}}, {&r, {}, {}, {}}};
    const std::string batch = routes_html(items, land(), "Routes");
    CHECK(batch.find("Terms used in this report") == batch.rfind("Terms used in this report"));
    CHECK(batch.find("Terms used in this report") > batch.rfind("</article>"));
}

TEST_CASE("route_to_dot: affected employers, the ladder level by level, roles in their own style, a legend of roles shown") {
    const route r = regional_redundancy();
    const std::string dot = route_to_dot(r, land());
    CHECK(dot.starts_with("// spfgov route picture: issue T-1, as of 2026-11-02\n"));
    CHECK(has(dot, "digraph \"route\" {"));
    CHECK(has(dot, "{ rank=\"same\"; \"route:affected\" [label=\"affected\""));
    for (std::size_t level = 0; level < r.escalation.size(); ++level)
        CHECK(has(dot, "\"route:level:" + std::to_string(level) + "\" [label=\"level " + std::to_string(level) + "\""));
    // Level 0 escalates to level 1 (numbered from 0, as domain.md's R9).
    REQUIRE(r.escalation.size() >= 2);
    const std::string a = land().id(r.escalation[0][0]), b = land().id(r.escalation[1][0]);
    CHECK(has(dot, "\"" + a + "\" -> \"" + b + "\" [color=\"#DA291C\""));
    // Every body of the route is drawn once, labelled with its roles.
    for (auto h : r.affected) CHECK(has(dot, "\n  \"" + land().id(h) + "\" [label="));
    for (auto h : r.lead) CHECK(has(dot, "\n  \"" + land().id(h) + "\" [label="));
    CHECK(has(dot, "\"route:legend:affected\" [label=\"affected\", shape=\"box3d\""));
    // The legend says what each kind of edge means, drawn as the edges are.
    CHECK(has(dot, "\"route:legend:edge:raised:from\" -> \"route:legend:edge:raised:to\" [label=\"affected employer: "
                   "raised at level 0\", color=\"#7F7F7F\", fontcolor=\"#7F7F7F\", style=\"dashed\""));
    CHECK(has(dot, "[label=\"escalates to the next level\", color=\"#DA291C\", fontcolor=\"#DA291C\", style=\"bold\""));
    CHECK(has(dot, "\"" + a + "\" -> \"" + b + "\" [color=\"#DA291C\", style=\"bold\"]"));
    CHECK(route_to_dot(r, land()) == dot);
    // Only the kinds drawn: a one-level ladder has no escalation edge, so no such entry.
    route one = r;
    one.escalation.resize(1);
    const std::string flat = route_to_dot(one, land());
    CHECK_FALSE(has(flat, "escalates to the next level"));
    CHECK(has(flat, "raised at level 0"));
}

TEST_CASE("route_to_dot: a rank too wide for a page (a system's every employer) is drawn left to right") {
    // Two affected employers: the ladder climbs up the page.
    const route r = regional_redundancy();
    REQUIRE(r.affected.size() == 2);
    CHECK(has(route_to_dot(r, land()), "\n  graph [rankdir=\"BT\", "));
    // Eight employers, more than route_picture_max_row after succession: columns, bodies stacked down.
    issue wide;
    wide.id = "W";
    wide.kind = issue_kind::restructure;
    wide.origin = level::employer;
    wide.affected = {"E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"};
    wide.date = d(2026, 11, 2);
    const route w = route_issue(land(), wide);
    REQUIRE(w.affected.size() > route_picture_max_row);
    const std::string dot = route_to_dot(w, land());
    CHECK(has(dot, "\n  graph [rankdir=\"LR\", "));
    // Only the direction changes: the same bodies, ranks and edges.
    for (auto h : w.affected) CHECK(has(dot, "\n  \"" + land().id(h) + "\" [label="));
    CHECK(has(dot, "{ rank=\"same\"; \"route:affected\" [label=\"affected\""));
    // The widest level counts too: six affected employers and more JNCCs on level 0 is wide.
    route six = w;
    six.affected.resize(route_picture_max_row);
    REQUIRE(six.escalation.front().size() > route_picture_max_row);
    CHECK(has(route_to_dot(six, land()), "rankdir=\"LR\""));
    for (auto& level : six.escalation) level.resize(std::min(level.size(), route_picture_max_row));
    CHECK(has(route_to_dot(six, land()), "rankdir=\"BT\""));
}

} // namespace test_html_cpp
