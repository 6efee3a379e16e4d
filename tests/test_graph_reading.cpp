// read_graph's three readers (spfgov/detail/graph_reading.hpp): the fast
// (simdjson) read and the streamed read give exactly the tree's graph,
// diagnostics, where-strings and errors, or give up for the next; and they
// do read the usual files (a generated graph, the built-in England graphs),
// or they would save nothing.
#include "graph_reading_check.hpp"
#include "testland.hpp"

#include <spfgov/generate.hpp>
#include <spfgov/io.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace test_graph_reading_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using graph_reading_check::check;
using testland::slurp;

namespace {

void require_agreement(std::string_view text, const std::string& what) {
    const auto v = check(text);
    INFO(what);
    CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
}

// Which reads read `text`, checked to agree with the tree.
graph_reading_check::verdict agreed(std::string_view text, const read_limits& limits = {}) {
    const auto v = check(text, limits);
    INFO(std::string(text.substr(0, 400)));
    CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
    return v;
}
bool streamed(std::string_view text) { return agreed(text).streamed; }
bool fast(std::string_view text) { return agreed(text).fast; }

// The number of bodies and links, and the diagnostics' codes, read_graph gives.
std::string summary(std::string_view text) {
    const governance_graph g = read_graph(text, "<graph>");
    std::string out = std::to_string(g.body_count()) + " bodies, " + std::to_string(g.link_count()) + " links";
    for (const auto& d : g.build_diagnostics()) out += ", " + d.code;
    return out;
}

const std::string small_graph = R"({"spfgov": 1,
  "bodies": [
    {"id": "spf", "kind": "national_forum", "name": "SPF"},
    {"id": "Y60", "kind": "region", "name": "Midlands"},
    {"id": "Y60-spf", "kind": "regional_forum", "name": "Midlands SPF", "region": "Y60"},
    {"id": "QHL", "kind": "system", "name": "Birmingham", "region": "Y60"},
    {"id": "RRK", "kind": "employer", "name": "UHB", "system": "QHL", "sector": "foundation_trust"},
    {"id": "unison", "kind": "trade_union", "name": "UNISON"}
  ],
  "links": [
    {"from": "RRK", "to": "unison", "relation": "recognises", "valid_from": "2020-01-01"}
  ]
})";

// small_graph with its root members in another order, or more of them.
std::string graph_with(const std::string& before_bodies, const std::string& after_links) {
    std::string g = small_graph;
    const auto bodies = g.find("\n  \"bodies\"");
    g.insert(bodies + 1, before_bodies);
    const auto end = g.rfind('}');
    g.insert(end, after_links);
    return g;
}

} // namespace

TEST_CASE("the streamed read and the tree agree on every graph file of the project") {
    std::size_t files = 0;
    std::size_t streamed_files = 0;
    std::size_t fast_files = 0;
    for (const char* dir : {"tests", "examples", "data"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(SPFGOV_SOURCE_DIR) / dir)) {
            const auto& p = entry.path();
            if (!entry.is_regular_file() || !(p.extension() == ".json" || p.parent_path().filename() == "graph")) continue;
            const auto v = check(slurp(p));
            INFO(p.string());
            CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
            ++files;
            streamed_files += v.streamed ? 1 : 0;
            fast_files += v.fast ? 1 : 0;
        }
    }
    CHECK(files > 30);
    CHECK(streamed_files > 10);  // the graph files among them
    CHECK(fast_files > 10);
}

TEST_CASE("the built-in England graphs and a generated graph are read fast, and streamed, to the tree's graph") {
    generator_options g;
    g.employers = 300;
    for (const std::string& text : {std::string(england_graph_json()), std::string(england_gp_graph_json()),
                                    write_graph(generate_graph(g)), small_graph}) {
        const auto v = agreed(text);
        CHECK(v.fast);
        CHECK(v.streamed);
    }
    CHECK(summary(small_graph) == "6 bodies, 6 links");
    // The England graph's provenance is its file's top-level "source": kept.
    CHECK(england_graph().extra().starts_with(R"({"source": {)"));
    CHECK(england_graph().extra().find(R"("generator": "scripts/build_england_graph.py")") != std::string::npos);
}

TEST_CASE("what the fast read reads itself, to the tree's graph") {
    // "allow" and "covers" before the bodies, unknown root members anywhere.
    CHECK(fast(graph_with(R"("covers": {"from": "2020-01-01", "to": "2030-01-01"}, "allow": [{"relation": "escalates_to", "from": "system_forum", "to": "regional_forum"}],)"
                          "\n  ",
                          R"(, "notes": {"by": "hand", "notes": [1, -25, true, false, null, {"deep": []}]})")));
    // Kept as the graph's extra (formats.md: "kept and ignored"), keys sorted,
    // values as the located reads write them, wherever they stood.
    const std::string kept = graph_with(R"("source": {"generator": "hand", "inputs": [{"file": "a.csv", "rows": 12}]},)" "\n  ",
                                        R"(, "note": "checked", "n": -25)");
    CHECK(fast(kept));
    CHECK(read_graph(kept, "<graph>").extra() ==
          R"({"n": -25, "note": "checked", "source": {"generator": "hand", "inputs": [{"file": "a.csv", "rows": 12}]}})");
    // Unknown scalar fields on a body are kept, sorted, numbers as written.
    std::string extras = small_graph;
    extras.replace(extras.find("\"name\": \"UHB\""), 0, R"("zeta": -9223372036854775808, "ods": "RRK", "open": true, "note": null, "a key longer than fifteen bytes": 7, )");
    CHECK(fast(extras));
    CHECK(read_graph(extras, "<graph>")[*read_graph(extras, "<graph>").find("RRK")].extra ==
          R"({"a key longer than fifteen bytes": 7, "note": null, "ods": "RRK", "open": true, "zeta": -9223372036854775808})");
    // Every field of the field table, structural targets as strings and arrays.
    CHECK(fast(R"({"spfgov": 1, "bodies": [
      {"id": "Y60", "kind": "region"}, {"id": "QHL", "kind": "system", "region": "Y60"},
      {"id": "OLD", "kind": "employer", "system": "QHL", "valid_to": "2020-01-01"},
      {"id": "RRK", "kind": "employer", "system": "QHL", "sector": "nhs_trust", "succeeds": ["OLD"], "valid_from": "2020-01-01"},
      {"id": "RRK-jncc", "kind": "jncc", "employer": "RRK", "staff_groups": ["medical_and_dental"], "meets": {"rule": "FREQ=MONTHLY;BYDAY=2TU", "start": "2024-01-09", "papers_days": 5}},
      {"id": "QHL-forum", "kind": "system_forum", "system": "QHL"},
      {"id": "QHL-sub", "kind": "subgroup", "parent": "QHL-forum", "remit": ["restructure", "pay_and_terms"], "remit_sectors": ["nhs_trust"]},
      {"id": "unison-rep", "kind": "representative", "side": "staff"}
    ], "links": [
      {"from": "unison-rep", "to": "QHL-forum", "relation": "seat_on", "role": "member", "valid_from": "2021-01-01", "valid_to": "2029-01-01"}
    ]})"));
    // Columns count characters, not bytes, after non-ASCII text on the same line.
    CHECK(fast(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region", "name": "Région – Süd"}, {"id": "QHL", "kind": "system", "name": "Ünïcode", "region": "Y60"}, {"id": "x", "kind": "frobnicator"}]})") == false);
    CHECK(fast(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region", "name": "Région – Süd"}, {"id": "QHL", "kind": "system", "name": "Ünïcode", "region": "Y60"}]})"));
    // Diagnostics the builder makes (not the reader) are the same either way.
    CHECK(fast(R"({"spfgov": 1, "bodies": [{"id": "a", "kind": "region"}, {"id": "a", "kind": "region"}, {"id": "b", "kind": "system", "region": "nowhere"}]})"));
}

TEST_CASE("a misspelt body, link or file key is a warning naming the field it is near, not silent local data") {
    const std::string text = R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}, {"id": "QHL", "kind": "system", "region": "Y60"},
      {"id": "RRK", "kind": "employer", "sytem": "QHL", "vaild_to": "2027-03-01", "Sector": "nhs_trust", "site": "QE", "staff": 9000}],
      "links": [{"from": "RQ3", "to": "RRK", "relation": "succeeds", "valid_form": "2027-06-01"}],
      "link": []})";
    CHECK_FALSE(fast(text));  // the located read reports it
    const governance_graph g = read_graph(text, "g.json");
    std::vector<std::string> found;
    for (const auto& d : g.build_diagnostics())
        if (d.code == "misspelt_field") {
            CHECK(d.severity == severity::warning);
            found.push_back(d.subject + " | " + d.where + " | " + d.message);
        }
    CHECK(found == std::vector<std::string>{
        "RRK | g.json:2:50 /bodies/2/sytem | \"sytem\" is not a field of an employer, so it is kept unread, as local data (did you mean \"system\"?)",
        "RRK | g.json:2:69 /bodies/2/vaild_to | \"vaild_to\" is not a field of an employer, so it is kept unread, as local data (did you mean \"valid_to\"?)",
        "RRK | g.json:2:93 /bodies/2/Sector | \"Sector\" is not a field of an employer, so it is kept unread, as local data (did you mean \"sector\"?)",
        "RQ3 -succeeds-> RRK | g.json:3:84 /links/0/valid_form | \"valid_form\" is not a field of a link, so it is ignored (did you mean \"valid_from\"?)",
        " | g.json:4:15 /link | \"link\" is not a field of the graph file, so it is kept unread, as local data (did you mean \"links\"?)"});
    // Local fields far from any field name ("site" is near "side", which no employer carries) stay quiet.
    const std::string quiet = R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}, {"id": "QHL", "kind": "system", "region": "Y60"},
      {"id": "RRK", "kind": "employer", "system": "QHL", "site": "QE", "staff": 9000, "ods_code": "RRK"}]})";
    for (const auto& d : read_graph(quiet, "q.json").build_diagnostics()) CHECK(d.code != "misspelt_field");
    CHECK(fast(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region", "staff": 1, "ods_code": "Y60"}]})"));
    // The same slip on every body: the first 100 listed, the rest counted in one warning.
    std::string many = R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"})";
    for (int k = 0; k < 150; ++k) many += R"(, {"id": "S)" + std::to_string(k) + R"(", "kind": "system", "region": "Y60", "vaild_to": "2027-01-01"})";
    many += "]}";
    std::size_t listed = 0;
    std::string last;
    for (const auto& d : read_graph(many, "m.json").build_diagnostics())
        if (d.code == "misspelt_field") ++listed, last = d.message;
    CHECK(listed == 101);
    CHECK(last == "50 more keys that the format does not have are near one it has (the first 100 are listed)");
}

TEST_CASE("a misspelt key inside meets is a warning naming the key it is near, not a silent default") {
    const std::string text = R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}, {"id": "QHL", "kind": "system", "region": "Y60"},
      {"id": "QHL-forum", "kind": "system_forum", "system": "QHL",
       "meets": {"rule": "FREQ=MONTHLY;BYDAY=2TU", "start": "2024-01-09", "paper_days": 10, "venue": "Room 4"}}]})";
    CHECK(summary(text) == "3 bodies, 2 links, unknown_meets_key, unknown_meets_key");
    CHECK_FALSE(fast(text));  // the located read reports it
    const governance_graph g = read_graph(text, "g.json");
    const auto& ds = g.build_diagnostics();
    REQUIRE(ds.size() == 2);
    CHECK(ds[0].severity == severity::warning);
    CHECK(ds[0].subject == "QHL-forum");
    CHECK(ds[0].where == "g.json:3:89 /bodies/2/meets/paper_days");
    CHECK(ds[0].message == R"("meets" has no key "paper_days", so it is ignored (did you mean "papers_days"?); expected "rule", "start" and "papers_days")");
    CHECK(ds[1].message.find(R"(no key "venue", so it is ignored; expected)") != std::string::npos);
    // The meeting rule itself is kept, with the policy's papers days.
    REQUIRE(g[*g.find("QHL-forum")].meets);
    CHECK_FALSE(g[*g.find("QHL-forum")].meets->papers_days);

    // The same slip on every body: the first 100 listed, the rest counted in one warning.
    std::string many = R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}, {"id": "QHL", "kind": "system", "region": "Y60"})";
    for (int k = 0; k < 150; ++k)
        many += R"(, {"id": "F)" + std::to_string(k) + R"(", "kind": "system_forum", "system": "QHL", "meets": {"rule": "FREQ=MONTHLY", "start": "2024-01-09", "paper_days": 3}})";
    many += "]}";
    const auto& listed = read_graph(many, "m.json").build_diagnostics();
    REQUIRE(listed.size() == 101);
    CHECK(listed[99].subject == "F99");
    CHECK(listed[100].where == "m.json");
    CHECK(listed[100].message == R"(50 more keys inside "meets" that the format does not have are ignored (the first 100 are listed))");
}

TEST_CASE("what the fast read leaves to the located reads, which read it as before") {
    auto fast_gives_up = [](const std::string& text, const read_limits& limits = {}) { return !agreed(text, limits).fast; };
    auto body_with = [](const std::string& fields) {
        return R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}, {"id": "QHL", "kind": "system", )" + fields + "}]}";
    };
    CHECK(!fast_gives_up(body_with(R"("region": "Y60")")));
    SUBCASE("anything the located reads report") {
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "sector": "nhs_trust")")));  // not on a system
        CHECK(fast_gives_up(body_with(R"("region": 7)")));
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "valid_from": "2021-02-30")")));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "regio"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"kind": "region"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "", "kind": "region"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "links": [{"from": "Y60", "to": "Y60", "relation": "recognises", "role": "member"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "links": [{"from": "Y60", "relation": "recognises"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 2, "bodies": [{"id": "Y60", "kind": "region"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1.0, "bodies": [{"id": "Y60", "kind": "region"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}]} x)"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "notes": [1,,2]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "notes": [01]})"));
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "staff": 012)")));
        // Numbers a double cannot hold are errors of the located reads; any
        // fraction, exponent or long number is left to them.
        for (const std::string& number : {std::string("1e999"), std::string("-1e400"), std::string("1e-400"), std::string("2.5"), std::string("1E2"), std::string(400, '7'), std::string(20, '9')}) {
            CHECK(fast_gives_up(body_with(R"("region": "Y60", "staff": )" + number)));
            CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "notes": [)" + number + "]}"));
        }
        CHECK_THROWS_AS((void)read_graph(body_with(R"("region": "Y60", "staff": 1e999)"), "<graph>"), parse_error);
        CHECK_THROWS_AS((void)read_graph(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "n": 1e-400})", "<graph>"), parse_error);
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "meets": {"rule": "FREQ=WEEKLY", "start": "2024-01-01", "papers_days": 366})")));
    }
    SUBCASE("what is rare in real files: escapes, a byte-order mark, nulls, repeated keys, unusual order") {
        CHECK(fast_gives_up(body_with(R"("region": "Y\u0036\u0030")")));
        CHECK(fast_gives_up("\xEF\xBB\xBF" + body_with(R"("region": "Y60")")));
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "name": null)")));
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "region": "Y60")")));
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "note": 1, "note": 2)")));
        CHECK(fast_gives_up(body_with(R"("region": "Y60", "note": {"nested": 1})")));
        CHECK(fast_gives_up(R"({"bodies": [{"id": "Y60", "kind": "region"}], "spfgov": 1})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "covers": {"from": "2020-01-01"}})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "links": [], "bodies": [{"id": "Y60", "kind": "region"}]})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": []})"));
        CHECK(fast_gives_up(R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}], "links": [{"from": "Y60", "to": "Y60", "relation": "recognises", "note": "x"}]})"));
        // More than 16 unknown keys in one object (a repeat would be searched for linearly).
        std::string many = R"({"spfgov": 1, "bodies": [{"id": "Y60", "kind": "region"}])";
        for (int i = 0; i < 16; ++i) many += ", \"k" + std::to_string(i) + "\": " + std::to_string(i);
        CHECK(!fast_gives_up(many + "}"));
        CHECK(fast_gives_up(many + ", \"k16\": 16}"));
    }
    SUBCASE("the located reads' limits: size, depth and id length") {
        const std::string text = body_with(R"("region": "Y60")");
        read_limits small;
        small.max_bytes = text.size() - 1;
        CHECK(fast_gives_up(text, small));
        read_limits shallow;
        shallow.max_depth = 3;  // the body's array is the fourth level
        CHECK(fast_gives_up(body_with(R"("region": ["Y60"])"), shallow));
        CHECK(!fast_gives_up(body_with(R"("region": "Y60")"), shallow));
        read_limits short_ids;
        short_ids.max_id_length = 2;
        CHECK(fast_gives_up(body_with(R"("region": "Y60")"), short_ids));
    }
}

TEST_CASE("the streamed read agrees on every prefix and every one-byte change of a small graph") {
    const std::string replacements = std::string("\"\\,:{}[]0 -.exnt\t") + std::string(1, '\0') + "\xff";
    for (std::size_t cut = 0; cut < small_graph.size(); ++cut)
        require_agreement(std::string_view(small_graph).substr(0, cut), "prefix of " + std::to_string(cut) + " bytes");
    for (std::size_t at = 0; at < small_graph.size(); ++at) {
        for (const char c : replacements) {
            std::string changed = small_graph;
            changed[at] = c;
            require_agreement(changed, "byte " + std::to_string(at) + " changed");
        }
        std::string dropped = small_graph;
        dropped.erase(at, 1);
        require_agreement(dropped, "byte " + std::to_string(at) + " dropped");
    }
}

TEST_CASE("what the streamed read reads itself") {
    // "allow" and "covers" before the bodies, anything unknown anywhere.
    CHECK(streamed(graph_with(R"("covers": {"from": "2020-01-01"}, "allow": [{"relation": "escalates_to", "from": "system_forum", "to": "regional_forum"}],)"
                              "\n  ",
                              R"(, "notes": {"by": "hand", "notes": [1, 2]})")));
    // Problems inside bodies and links are the tree's diagnostics, in its order.
    std::string bad = small_graph;
    const std::string sector = "\"sector\": \"foundation_trust\"", to = "\"to\": \"unison\"";
    bad.replace(bad.find(sector), sector.size(), "\"sector\": \"hospital\", \"side\": \"staff\"");
    bad.replace(bad.find(to), to.size(), "\"to\": \"nobody\"");
    CHECK(streamed(bad));
    CHECK(summary(bad) == "6 bodies, 5 links, unknown_sector, field_not_allowed, dangling_reference");
    // A body that is not an object, a link that is not one.
    std::string odd = small_graph;
    odd.replace(odd.find("{\"id\": \"unison\""), 0, "42, ");
    odd.replace(odd.find("{\"from\""), 0, "\"RRK\", ");
    CHECK(streamed(odd));
    CHECK(summary(odd) == "6 bodies, 6 links, wrong_type, wrong_type");
}

TEST_CASE("what the streamed read leaves to the tree, which reads it as before") {
    auto gives_up = [](const std::string& text) { return !agreed(text).streamed; };
    SUBCASE("a repeated key: the tree reports it before everything else") {
        std::string g = small_graph;
        g.replace(g.find("\"name\": \"UHB\""), 0, "\"name\": \"first\", ");
        CHECK(gives_up(g));
        CHECK(summary(g) == "6 bodies, 6 links, duplicate_key");
        CHECK(gives_up(graph_with("", ", \"bodies\": []")));
    }
    SUBCASE("\"spfgov\", \"allow\" or \"covers\" after the bodies, or no \"spfgov\"") {
        std::string late = small_graph;
        late.replace(late.find("\"spfgov\": 1,"), 12, "");
        CHECK(gives_up(late));
        CHECK_THROWS_WITH_AS((void)read_graph(late, "<graph>"), doctest::Contains("no \"spfgov\""), parse_error);
        CHECK(gives_up(late.substr(0, late.rfind('}')) + ", \"spfgov\": 1}"));
        CHECK(gives_up(graph_with("", R"(, "covers": {"from": "2020-01-01"})")));
        CHECK(gives_up(graph_with("", R"(, "allow": [])")));
    }
    SUBCASE("more than 10,000 messages: the tree's memory budget then applies, as before streaming") {
        // Each 2-byte non-body costs the tree a 112-byte node but costs a
        // streamed read a whole message: past 10,000 messages the tree reads it.
        auto zeros = [](int n) {
            std::string text = R"({"spfgov": 1, "bodies": [)";
            for (int i = 0; i < n; ++i) text += i ? ",0" : "0";
            return text + "]}";
        };
        CHECK(gives_up(zeros(10'001)));
        CHECK(!gives_up(zeros(10'000)));
        CHECK(summary(zeros(10'001)).starts_with("0 bodies, 0 links, wrong_type, wrong_type"));
    }
    SUBCASE("links before the bodies, or no body") {
        std::string g = small_graph;
        const auto links = g.find("\"links\"");
        const std::string links_member = g.substr(links, g.rfind(']') + 1 - links);
        g.erase(links - 4, links_member.size() + 4);  // ",\n  " before it
        g.insert(g.find("\"bodies\""), links_member + ",\n  ");
        CHECK(gives_up(g));
        CHECK(summary(g) == "6 bodies, 6 links");
        CHECK(gives_up(R"({"spfgov": 1, "bodies": [], "links": [{"from": "a", "to": "b", "relation": "succeeds"}]})"));
        // Nothing to stream: the one parse's tree is read, as the tree reads it.
        CHECK(!gives_up(R"({"spfgov": 1, "bodies": {}, "links": []})"));
        CHECK(summary(R"({"spfgov": 1, "bodies": {}, "links": []})") == "0 bodies, 0 links, wrong_type");
    }
}

} // namespace test_graph_reading_cpp
