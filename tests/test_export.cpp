// to_dot and to_graphml (include/spfgov/export.hpp) on the Testland graph.
#include "testland.hpp"

#include <spfgov/export.hpp>
#include <spfgov/html.hpp>
#include <spfgov/route.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace test_export_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;

namespace {

const governance_graph& land() { return testland::shared(); }

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

/// A graph whose ids and names need escaping in DOT and XML.
governance_graph awkward() {
    typed_builder b;
    auto r = b.add<body_kind::region>("R\"1\\x", "Quote \" backslash \\ amp & lt < gt >");
    auto s = b.add<body_kind::system>("S<&>'1", "System \\n not a newline");
    b.link<relation::part_of>(s, r);
    auto e = b.add<body_kind::employer>("legend:kind:employer", "clashes with a legend id");
    b.link<relation::part_of>(e, s);
    return std::move(b).build();
}

/// Runs `dot -Tsvg` on `text`; returns the SVG, or nothing when dot is not installed.
std::optional<std::string> render(const std::string& text) {
    if (std::system("command -v dot >/dev/null 2>&1") != 0) return std::nullopt;
    const auto dir = std::filesystem::temp_directory_path();
    const auto in = dir / "spfgov_test_export.dot", out = dir / "spfgov_test_export.svg";
    std::ofstream(in, std::ios::binary) << text;
    const std::string cmd = "dot -Tsvg '" + in.string() + "' -o '" + out.string() + "' 2>/dev/null";
    const int rc = std::system(cmd.c_str());
    std::string svg;
    if (rc == 0) {
        std::ifstream f(out, std::ios::binary);
        svg.assign(std::istreambuf_iterator<char>(f), {});
    }
    std::filesystem::remove(in);
    std::filesystem::remove(out);
    return svg;
}

} // namespace

TEST_CASE("to_dot draws every body and link, styled by kind and relation, with a legend") {
    const auto& g = land();
    const std::string dot = to_dot(g);
    CHECK(dot.starts_with("// spfgov governance graph"));
    CHECK(dot.find("digraph \"spfgov\" {") != std::string::npos);
    CHECK(dot.ends_with("}\n"));
    // Every body by its quoted id, shaped by kind.
    CHECK(dot.find("\"E1\" [label=\"E1\\nEmployer E1\", shape=\"box\"") != std::string::npos);
    CHECK(dot.find("\"spf\" [label=\"spf\\nSocial Partnership Forum\", shape=\"doubleoctagon\"") != std::string::npos);
    CHECK(dot.find("\"unison\" [label=\"unison\\nUNISON\", shape=\"diamond\"") != std::string::npos);
    // Validity is shown on bounded bodies.
    CHECK(dot.find("\"E5\" [label=\"E5\\nEmployer E5\\n[\xE2\x80\xA6, 2026-04-01)\"") != std::string::npos);
    // Links: explicit solid, derived dashed.
    CHECK(dot.find("\"E1\" -> \"S1\" [xlabel=\"part_of\"") != std::string::npos);
    CHECK(dot.find("\"E1-jncc\" -> \"S1-forum\" [xlabel=\"escalates_to (derived)\", color=\"#DA291C\", "
                   "fontcolor=\"#DA291C\", style=\"dashed\"") != std::string::npos);
    CHECK(dot.find("\"unison\" -> \"S1-forum\" [xlabel=\"lead_union\\n[2026-01-01, \xE2\x80\xA6)\"") != std::string::npos);
    // One node line per body and one edge line per link, besides the legend.
    std::size_t body_lines = 0;
    for (auto h : g.bodies()) body_lines += count(dot, "\n  \"" + g.id(h) + "\" [label=");
    CHECK(body_lines == g.body_count());
    // The legend lists exactly the kinds and relations drawn.
    CHECK(dot.find("subgraph cluster_legend {") != std::string::npos);
    for (std::size_t i = 0; i < enum_count<body_kind>; ++i) {
        const auto k = static_cast<body_kind>(i);
        bool drawn = false;
        for (auto h : g.bodies()) drawn = drawn || g[h].kind == k;
        CHECK_MESSAGE(drawn == (dot.find("\"legend:kind:" + std::string(to_string(k)) + "\" [label=\"" +
                                         std::string(to_string(k)) + "\", shape=\"" + std::string(dot_style(k).shape) +
                                         "\"") != std::string::npos),
                      to_string(k));
    }
    for (std::size_t i = 0; i < enum_count<relation>; ++i) {
        const auto rel = static_cast<relation>(i);
        bool drawn = false;
        for (auto l : g.links()) drawn = drawn || (g[l].rel == rel && g[l].origin != link_origin::derived);
        CHECK_MESSAGE(drawn == (dot.find("[label=\"" + std::string(to_string(rel)) + "\", color=") != std::string::npos),
                      to_string(rel));
    }
    CHECK(dot.find("\"legend:kind:agreement\"") == std::string::npos);  // Testland has none
    CHECK(dot.find("derived (default) link") != std::string::npos);
    // Deterministic.
    CHECK(to_dot(g) == dot);
}

TEST_CASE("to_dot as of a date shows only what is valid then") {
    const auto& g = land();
    const std::string before = to_dot(g, d(2026, 3, 31)), after = to_dot(g, d(2026, 4, 1));
    CHECK(before.find("as of 2026-03-31") != std::string::npos);
    CHECK(before.find("\n  \"E5\" [") != std::string::npos);
    CHECK(before.find("\n  \"E6\" [") == std::string::npos);
    CHECK(after.find("\n  \"E5\" [") == std::string::npos);
    CHECK(after.find("\n  \"E6\" [") != std::string::npos);
    CHECK(after.find("\"E6\" -> \"E5\"") == std::string::npos);  // succeeds: E5 is gone
    CHECK(to_dot(g).find("\"E6\" -> \"E5\" [xlabel=\"succeeds\"") != std::string::npos);
    // An explicit escalation hides the derived default.
    const auto over = testland::build({.explicit_override = true});
    const std::string o = to_dot(over, d(2026, 5, 1));
    CHECK(o.find("\"E4-jncc\" -> \"S1-forum\" [xlabel=\"escalates_to\"") != std::string::npos);
    CHECK(o.find("\"E4-jncc\" -> \"S3-forum\"") == std::string::npos);
    CHECK(to_dot(over).find("\"E4-jncc\" -> \"S3-forum\" [xlabel=\"escalates_to (derived)\"") != std::string::npos);
}

TEST_CASE("hostile ids: distinct ids stay distinct in DOT and GraphML, and GraphML stays well-formed XML") {
    typed_builder b;
    (void)b.add<body_kind::national_forum>("spf", "SPF \xEF\xBF\xBF");  // U+FFFF
    (void)b.add<body_kind::trade_union>("X\xEF\xBF\xBE");              // U+FFFE
    (void)b.add<body_kind::trade_union>("U\x01");
    (void)b.add<body_kind::trade_union>("U\x02");
    (void)b.add<body_kind::trade_union>("U\nX");
    (void)b.add<body_kind::trade_union>("U X");
    (void)b.add<body_kind::trade_union>("A\\");
    const auto g = std::move(b).build();
    const std::string xml = to_graphml(g);
    CHECK(xml.find("\xEF\xBF\xBF") == std::string::npos);
    CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(xml.find("<node id=\"X\\ufffe\">") != std::string::npos);
    CHECK(xml.find("<node id=\"U\\u0001\">") != std::string::npos);
    CHECK(xml.find("<node id=\"U\\u0002\">") != std::string::npos);
    CHECK(xml.find("SPF \\uffff") != std::string::npos);
    const std::string dot = to_dot(g);
    CHECK(dot.find("\n  \"U\nX\" [label=\"U\\\\u000aX") != std::string::npos);  // the name exact, the label visible
    CHECK(dot.find("\n  \"U X\" [") != std::string::npos);
    CHECK(dot.find("\n  \"U\\u0001\" [") != std::string::npos);  // as in GraphML
    CHECK(dot.find("\n  \"U\\u0002\" [") != std::string::npos);
    CHECK(dot.find("\n  <A\\> [") != std::string::npos);  // Graphviz reads <A\> back as A\ exactly
}

TEST_CASE("to_dot quotes and escapes ids and names, and keeps legend ids apart") {
    const auto g = awkward();
    const std::string dot = to_dot(g);
    // Node names: only `"` is escaped (Graphviz keeps a backslash as it is in
    // a name); labels are escStrings, where a backslash is doubled.
    CHECK(dot.find("\n  \"R\\\"1\\x\" [label=\"R\\\"1\\\\x\\nQuote \\\" backslash \\\\ amp & lt < gt >\"") !=
          std::string::npos);
    CHECK(dot.find("\"S<&>'1\" -> \"R\\\"1\\x\"") != std::string::npos);
    CHECK(dot.find("System \\\\n not a newline") != std::string::npos);
    // The body "legend:kind:employer" is not mistaken for the legend's node.
    CHECK(dot.find("\"_legend:kind:employer\" [label=\"employer\"") != std::string::npos);
    if (const auto svg = render(dot)) {
        CHECK(svg->find("<svg") != std::string::npos);
        CHECK(svg->find("Quote &quot; backslash \\ amp &amp; lt &lt; gt &gt;") != std::string::npos);
    }
    if (const auto svg = render(to_dot(land()))) CHECK(svg->find("<svg") != std::string::npos);
}

TEST_CASE("to_graphml writes nodes and edges with their attributes; open ends are left out") {
    const auto& g = land();
    const std::string xml = to_graphml(g);
    CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
    CHECK(xml.ends_with("</graph>\n</graphml>\n"));
    for (const auto* key : {"id", "kind", "name", "sector", "valid_from", "valid_to", "label"})
        CHECK(xml.find("for=\"node\" attr.name=\"" + std::string(key) + "\" attr.type=\"string\"/>") != std::string::npos);
    for (const auto* key : {"relation", "origin", "valid_from", "valid_to", "role"})
        CHECK(xml.find("for=\"edge\" attr.name=\"" + std::string(key) + "\" attr.type=\"string\"/>") != std::string::npos);
    CHECK(count(xml, "<node id=") == g.body_count());
    CHECK(count(xml, "<edge source=") == g.link_count());
    CHECK(xml.find("    <node id=\"E5\">\n"
                   "      <data key=\"n_id\">E5</data>\n"
                   "      <data key=\"n_kind\">employer</data>\n"
                   "      <data key=\"n_name\">Employer E5</data>\n"
                   "      <data key=\"n_sector\">nhs_trust</data>\n"
                   "      <data key=\"n_valid_to\">2026-04-01</data>\n"
                   "      <data key=\"n_label\">Employer E5</data>\n"
                   "    </node>\n") != std::string::npos);
    // No name: no n_name; the label falls back to the id.
    CHECK(xml.find("    <node id=\"S1-forum\">\n"
                   "      <data key=\"n_id\">S1-forum</data>\n"
                   "      <data key=\"n_kind\">system_forum</data>\n"
                   "      <data key=\"n_label\">S1-forum</data>\n") != std::string::npos);
    CHECK(xml.find("    <edge source=\"unison\" target=\"S1-forum\">\n"
                   "      <data key=\"e_relation\">lead_union</data>\n"
                   "      <data key=\"e_origin\">explicit</data>\n"
                   "      <data key=\"e_valid_from\">2026-01-01</data>\n"
                   "    </edge>\n") != std::string::npos);
    CHECK(xml.find("<data key=\"e_origin\">derived</data>") != std::string::npos);
    CHECK(to_graphml(g) == xml);
}

TEST_CASE("to_graphml escapes XML and filters by date") {
    const std::string xml = to_graphml(awkward());
    CHECK(xml.find("<node id=\"R&quot;1\\x\">") != std::string::npos);
    CHECK(xml.find("<data key=\"n_name\">Quote &quot; backslash \\ amp &amp; lt &lt; gt &gt;</data>") != std::string::npos);
    CHECK(xml.find("<edge source=\"S&lt;&amp;&gt;&apos;1\" target=\"R&quot;1\\x\">") != std::string::npos);

    const auto& g = land();
    const std::string after = to_graphml(g, d(2026, 4, 1));
    CHECK(after.find("<node id=\"E5\">") == std::string::npos);
    CHECK(after.find("<node id=\"E6\">") != std::string::npos);
    CHECK(after.find("as of 2026-04-01") != std::string::npos);
    CHECK(count(after, "<node id=") < g.body_count());
}

TEST_CASE("link origins have stable spellings") {
    CHECK(to_string(link_origin::explicit_link) == "explicit");
    CHECK(to_string(link_origin::structural_field) == "structural");
    CHECK(to_string(link_origin::derived) == "derived");
}

// ------------------------------------------------------------ maps of a part

namespace {

bool has_node(const std::string& dot, std::string_view id) {
    return dot.find("\n  \"" + std::string(id) + "\" [label=") != std::string::npos;
}

} // namespace

TEST_CASE("to_dot --region: the region and what it contains, in clusters per region and system") {
    const auto& g = land();
    const std::string dot = to_dot(g, std::nullopt, {map_scope::part::region, "RA"});
    for (const char* id : {"RA", "RA-spf", "RA-rpb", "RA-edi", "S1", "S1-forum", "S1-pb", "S2", "E1", "E1-jncc", "E3", "E7"})
        CHECK_MESSAGE(has_node(dot, id), id);
    for (const char* id : {"RB", "RB-spf", "S3", "E4", "spf", "unison"}) CHECK_MESSAGE(!has_node(dot, id), id);
    // A cluster for the region holding one per system; bodies named inside.
    const auto region = dot.find("subgraph \"cluster_" + std::to_string(g.at("RA").index()) + "\" {");
    const auto system = dot.find("subgraph \"cluster_" + std::to_string(g.at("S1").index()) + "\" {");
    REQUIRE(region != std::string::npos);
    REQUIRE(system != std::string::npos);
    CHECK(region < system);
    CHECK(dot.find("\n      \"E1-jncc\";", system) != std::string::npos);
    CHECK(dot.find("// spfgov governance graph: region RA") == 0);
    // Only links between shown bodies; the legend lists only kinds shown.
    CHECK(dot.find("\"E4-jncc\" -> ") == std::string::npos);
    CHECK(dot.find("\"legend:kind:employer\"") != std::string::npos);
    CHECK(dot.find("\"legend:kind:trade_union\"") == std::string::npos);
    CHECK(dot.find("\"legend:kind:national_forum\"") == std::string::npos);
    CHECK(dot.find("\"legend:rel:lead_union:from\"") == std::string::npos);
    CHECK(dot.find("\"legend:rel:part_of:from\"") != std::string::npos);
}

TEST_CASE("to_dot --system, --around with a depth, and as of a date") {
    const auto& g = land();
    const std::string s3 = to_dot(g, d(2026, 5, 1), {map_scope::part::system, "S3"});
    for (const char* id : {"S3", "S3-forum", "S3-pb", "E4", "E10", "E12"}) CHECK_MESSAGE(has_node(s3, id), id);
    for (const char* id : {"E9", "E11", "RB", "S1"}) CHECK_MESSAGE(!has_node(s3, id), id);  // E9, E11 closed
    const std::string around0 = to_dot(g, std::nullopt, {map_scope::part::around, "E1", 0});
    CHECK(has_node(around0, "E1"));
    CHECK(!has_node(around0, "S1"));
    const std::string around1 = to_dot(g, std::nullopt, {map_scope::part::around, "E1", 1});
    for (const char* id : {"E1", "S1", "E1-jncc", "unison"}) CHECK_MESSAGE(has_node(around1, id), id);
    CHECK(!has_node(around1, "E2"));
    CHECK(!has_node(around1, "RA"));
    const std::string around2 = to_dot(g, std::nullopt, {map_scope::part::around, "E1", 2});
    for (const char* id : {"E2", "RA", "S1-forum", "S1-pb", "E7"}) CHECK_MESSAGE(has_node(around2, id), id);
    CHECK(!has_node(around2, "RA-spf"));
    CHECK(around2.find("around E1, 2 links") != std::string::npos);
}

TEST_CASE("to_dot and to_graphml --overview: forums and systems, employers collapsed into a count per system") {
    const auto& g = land();
    const std::string dot = to_dot(g, d(2026, 5, 1), {map_scope::part::overview, {}});
    for (const char* id : {"spf", "RA", "RA-spf", "S1", "S1-forum", "S3-pb"}) CHECK_MESSAGE(has_node(dot, id), id);
    for (const char* id : {"E1", "E1-jncc", "E4"}) CHECK_MESSAGE(!has_node(dot, id), id);
    // S1: E1, E2, E7; S2: E3, E6 (E7 counted once, in its first system); S3: E4, E10, E12; E8 has no system.
    CHECK(dot.find("\"count:S1\" [label=\"3 employers\\nand their JNCCs\"") != std::string::npos);
    CHECK(dot.find("\"count:S2\" [label=\"2 employers") != std::string::npos);
    CHECK(dot.find("\"count:S3\" [label=\"3 employers") != std::string::npos);
    CHECK(dot.find("\"count:no system\" [label=\"1 employer\\nin no system\"") != std::string::npos);
    CHECK(dot.find("\"count:S1\" -> \"S1\"") != std::string::npos);
    CHECK(dot.find("\"legend:kind:employer\"") == std::string::npos);
    const std::string xml = to_graphml(g, d(2026, 5, 1), {map_scope::part::overview, {}});
    CHECK(xml.find("<node id=\"count:S1\">") != std::string::npos);
    CHECK(xml.find("<data key=\"n_kind\">employer_count</data>") != std::string::npos);
    CHECK(xml.find("<data key=\"n_label\">3 employers</data>") != std::string::npos);
    CHECK(xml.find("<node id=\"E1\">") == std::string::npos);
    const std::string region = to_graphml(g, std::nullopt, {map_scope::part::region, "RB"});
    CHECK(region.find("<node id=\"E4\">") != std::string::npos);
    CHECK(region.find("<node id=\"E1\">") == std::string::npos);
}

TEST_CASE("map scopes: unknown ids, wrong kinds, bodies not valid on the date and depths too large are errors") {
    const auto& g = land();
    auto code_of = [&](std::optional<date> on, map_scope s) -> std::string {
        try {
            (void)to_dot(g, on, s);
        } catch (const graph_error& e) {
            return e.code();
        }
        return "no error";
    };
    CHECK(code_of({}, {map_scope::part::region, "NOPE"}) == "unknown_id");
    CHECK(code_of({}, {map_scope::part::around, "NOPE"}) == "unknown_id");
    CHECK_THROWS_WITH_AS((void)to_dot(g, std::nullopt, {map_scope::part::around, "e1"}),
                         "unknown_id: --around e1: no body has this id (did you mean \"E1\"?)", graph_error);
    CHECK(code_of({}, {map_scope::part::region, "S1"}) == "wrong_body_kind");
    CHECK(code_of({}, {map_scope::part::system, "RA"}) == "wrong_body_kind");
    CHECK(code_of(d(2026, 5, 1), {map_scope::part::around, "E9"}) == "not_valid_on_date");
    CHECK(code_of({}, {map_scope::part::around, "E1", map_scope::max_depth + 1}) == "bad_depth");
    CHECK(code_of({}, {map_scope::part::around, "E1", map_scope::max_depth}) == "no error");
    CHECK_THROWS_WITH_AS((void)to_graphml(g, std::nullopt, {map_scope::part::system, "E1"}),
                         doctest::Contains("--system E1: this body is of kind employer, not system"), graph_error);
}

TEST_CASE("hostile ids and names in a route's picture and HTML report: escaped, distinct, and Graphviz draws them") {
    typed_builder b;
    auto spf = b.add<body_kind::national_forum>("spf", "SPF");
    (void)spf;
    auto r = b.add<body_kind::region>("R\"1\\", "Region <b>bold</b> & \"quoted\"");
    auto rf = b.add<body_kind::regional_forum>("R-spf\\", "Regional </svg><script>alert(1)</script>");
    b.link<relation::committee_of>(rf, r);
    auto s = b.add<body_kind::system>("S<&>'1", "System \\n not a newline");
    b.link<relation::part_of>(s, r);
    auto f = b.add<body_kind::system_forum>("S-forum\x01", "Forum \x02 control");
    b.link<relation::committee_of>(f, s);
    auto e = b.add<body_kind::employer>("E<script>", "Employer \" ' & < >");
    b.link<relation::part_of>(e, s);
    auto j = b.add<body_kind::jncc>("E<script>-jncc", "JNCC");
    b.link<relation::committee_of>(j, e);
    const auto g = std::move(b).build();
    issue i;
    i.id = "H-1";
    i.kind = issue_kind::restructure;
    i.origin = level::employer;
    i.affected = {"E<script>"};
    i.date = d(2026, 5, 1);
    const route routed = route_issue(g, i);
    const std::string dot = route_to_dot(routed, g);
    CHECK(dot.find("\"E<script>\" [label=") != std::string::npos);  // the node name exact
    CHECK(dot.find("\x01") == std::string::npos);                    // control characters written visibly
    if (const auto svg = render(dot)) {
        CHECK(svg->find("<svg") != std::string::npos);
        CHECK(svg->find("<script>") == std::string::npos);
    }
    const std::string page = route_html(routed, g);
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("<b>") == std::string::npos);
    CHECK(page.find("<code>E&lt;script&gt;</code>") != std::string::npos);
    CHECK(page.find("\x02") == std::string::npos);
    if (const auto svg = render(to_dot(g, std::nullopt, {map_scope::part::region, "R\"1\\"})))
        CHECK(svg->find("<svg") != std::string::npos);
}

} // namespace test_export_cpp
