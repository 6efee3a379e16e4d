// Reading and writing graphs, issues and routes (include/spfgov/io.hpp).
#include "testland.hpp"

#include <spfgov/io.hpp>
#include <spfgov/quoted_ids.hpp>
#include <spfgov/route.hpp>
#include <spfgov/rule.hpp>
#include <spfgov/validate.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace test_io_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using testland::d;
using testland::slurp;

namespace {

std::string data_file(const char* name) { return std::string(SPFGOV_TEST_DATA_DIR) + "/" + name; }

// "FILE:LINE:COL" of the first occurrence of `needle` in `text` (counted
// independently of the reader: ASCII test texts, 1-based).
std::string at(const std::string& file, const std::string& text, const std::string& needle, std::size_t nth = 0) {
    std::size_t pos = text.find(needle);
    for (std::size_t i = 0; i < nth && pos != std::string::npos; ++i) pos = text.find(needle, pos + 1);
    REQUIRE_MESSAGE(pos != std::string::npos, needle);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    const std::size_t bol = text.rfind('\n', pos == 0 ? 0 : pos - 1);
    const std::size_t col = (bol == std::string::npos || pos == 0) ? pos + 1 : pos - bol;
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::vector<diagnostic> with_code(const std::vector<diagnostic>& ds, std::string_view code) {
    std::vector<diagnostic> out;
    for (const auto& x : ds)
        if (x.code == code) out.push_back(x);
    return out;
}

std::vector<diagnostic> errors(const std::vector<diagnostic>& ds) {
    std::vector<diagnostic> out;
    for (const auto& x : ds)
        if (x.severity == severity::error) out.push_back(x);
    return out;
}

std::string all(const std::vector<diagnostic>& ds) {
    std::string s;
    for (const auto& x : ds) s += format(x) + "\n";
    return s;
}

// One body line inside a minimal graph.
std::string graph_with(const std::string& bodies, const std::string& links = "") {
    std::string s = "{\"spfgov\": 1,\n\"bodies\": [\n" + bodies + "\n]";
    if (!links.empty()) s += ",\n\"links\": [\n" + links + "\n]";
    return s + "}\n";
}

// A diagnostic's position as data, written as its `where` text is.
std::string rendered(const error_location& at) {
    std::string out = at.file.value_or("");
    if (at.line) out += ":" + std::to_string(*at.line) + ":" + std::to_string(at.column.value_or(0));
    if (at.pointer) out += " " + (at.pointer->empty() ? std::string("/") : *at.pointer);
    return out;
}

// The single diagnostic with `code`; its position as data must say what its
// text says (every reader diagnostic the tests below look for is checked).
diagnostic only_in(const governance_graph& g, std::string_view code) {
    const auto found = with_code(g.build_diagnostics(), code);
    INFO(all(g.build_diagnostics()));
    REQUIRE(found.size() == 1);
    CHECK(rendered(found.front().location) == found.front().where);
    return found.front();
}

// The single diagnostic with `code` from reading `text`; checks its where.
diagnostic only(const std::string& text, std::string_view code) {
    return only_in(read_graph(text, "t.json"), code);
}

template <class Exception>
std::pair<std::string, std::string> thrown(auto&& f) {
    try {
        f();
    } catch (const Exception& e) {
        return {e.code(), e.what()};
    }
    FAIL("no exception");
    return {};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

using link_row = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, int>;

std::vector<link_row> link_rows(const governance_graph& g) {
    std::vector<link_row> rows;
    for (auto l : g.links()) {
        const spfgov::link_data& x = g[l];
        rows.emplace_back(g.id(g.source(l)), g.id(g.target(l)), std::string(to_string(x.rel)), to_iso(x.valid.from),
                          to_iso(x.valid.to), x.role ? std::string(to_string(*x.role)) : std::string("-"),
                          static_cast<int>(x.origin));
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

void check_same_bodies(const governance_graph& a, const governance_graph& b) {
    REQUIRE(a.body_count() == b.body_count());
    for (auto h : a.bodies()) {
        const body& x = a[h];
        const body& y = b[body_handle{h.index()}];  // graph order is kept
        CAPTURE(x.id);
        CHECK(x.id == y.id);
        CHECK(x.kind == y.kind);
        CHECK(x.name == y.name);
        CHECK(x.valid == y.valid);
        CHECK(x.sector == y.sector);
        CHECK(x.remit == y.remit);
        CHECK(x.has_remit == y.has_remit);
        CHECK(x.remit_sectors == y.remit_sectors);
        CHECK(x.has_remit_sectors == y.has_remit_sectors);
        CHECK(x.staff_groups == y.staff_groups);
        CHECK(x.has_staff_groups == y.has_staff_groups);
        CHECK(x.side == y.side);
        CHECK(x.meets == y.meets);
        CHECK(x.extra == y.extra);
    }
}

const char* rich_graph = R"({"spfgov": 1,
 "allow": [{"relation": "escalates_to", "from": "system_forum", "to": "national_forum"}],
 "source": {"note": "top-level fields other than these are kept and ignored"},
 "covers": {"from": "2021-04-01"},
 "bodies": [
  {"id": "spf", "kind": "national_forum", "name": "SPF", "meets": {"rule": "FREQ=MONTHLY;BYDAY=1WE", "start": "2026-01-07", "papers_days": 3}},
  {"id": "spf-tpg", "kind": "subgroup", "parent": "spf", "remit": ["staff_transfer", "restructure"], "remit_sectors": ["icb", "ccg", "csu"], "valid_from": "2021-04-01"},
  {"id": "spf-empty", "kind": "subgroup", "parent": "spf", "remit": []},
  {"id": "staff-council", "kind": "negotiating_body"},
  {"id": "Y60", "kind": "region", "name": "Midlands", "ons_code": "E40000008"},
  {"id": "Y61", "kind": "region", "name": "East of England"},
  {"id": "Y60-spf", "kind": "regional_forum", "region": "Y60", "meets": {"rule": "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "start": "2026-01-13"}},
  {"id": "Y61-spf", "kind": "regional_forum", "region": "Y61"},
  {"id": "Y60-rpb", "kind": "regional_people_board", "region": "Y60"},
  {"id": "QHL", "kind": "system", "region": "Y60"},
  {"id": "QJ2", "kind": "system", "region": "Y60"},
  {"id": "QHL-forum", "kind": "system_forum", "system": "QHL", "meets": {"rule": "FREQ=MONTHLY;BYDAY=-1TH", "start": "2026-01-29"}},
  {"id": "QJ2-forum", "kind": "system_forum", "system": "QJ2"},
  {"id": "QHL-pb", "kind": "people_board", "system": "QHL"},
  {"id": "QHL-pb-edi", "kind": "subgroup", "parent": "QHL-pb", "remit": ["workforce_plan"]},
  {"id": "RRK", "kind": "employer", "sector": "foundation_trust", "system": "QHL", "local": {"z": 1, "a": [true, null, 2.50, "\u00e9\n"]}},
  {"id": "RYW", "kind": "employer", "sector": "nhs_trust", "system": "QHL", "valid_to": "2026-04-01"},
  {"id": "RYX", "kind": "employer", "sector": "nhs_trust", "system": "QHL", "succeeds": "RYW", "valid_from": "2026-04-01"},
  {"id": "RYA", "kind": "employer", "sector": "nhs_trust", "system": ["QHL", "QJ2"], "name": "West Midlands Ambulance Service"},
  {"id": "RRK-jncc", "kind": "jncc", "employer": "RRK"},
  {"id": "RRK-lnc", "kind": "jncc", "employer": "RRK", "staff_groups": ["medical_and_dental"]},
  {"id": "RYW-jncc", "kind": "jncc", "employer": "RYW", "valid_to": "2026-04-01"},
  {"id": "RYX-jncc", "kind": "jncc", "employer": "RYX", "valid_from": "2026-04-01"},
  {"id": "RYA-jncc", "kind": "jncc", "employer": "RYA"},
  {"id": "unison", "kind": "trade_union", "name": "UNISON"},
  {"id": "rcn", "kind": "trade_union"},
  {"id": "rep-1", "kind": "representative", "side": "staff", "name": "Chair"},
  {"id": "rep-2", "kind": "representative", "side": "staff"},
  {"id": "mou", "kind": "agreement"}
 ],
 "links": [
  {"from": "RRK", "to": "unison", "relation": "recognises"},
  {"from": "unison", "to": "QHL-forum", "relation": "lead_union", "valid_from": "2026-01-01"},
  {"from": "rep-1", "to": "QHL-pb", "relation": "seat_on", "role": "co_chair"},
  {"from": "rep-2", "to": "QHL-pb", "relation": "seat_on", "role": "deputy", "valid_from": "2025-01-01", "valid_to": "2028-01-01"},
  {"from": "rep-2", "to": "rep-1", "relation": "deputy_for"},
  {"from": "RRK", "to": "mou", "relation": "party_to"},
  {"from": "unison", "to": "mou", "relation": "party_to"},
  {"from": "QJ2-forum", "to": "spf", "relation": "escalates_to"}
 ]}
)";

std::vector<issue> rich_issues() {
    std::vector<issue> out;
    auto make = [&](std::string id, issue_kind k, level origin, std::vector<std::string> affected, date on) {
        issue i;
        i.id = std::move(id);
        i.title = "t";
        i.kind = k;
        i.origin = origin;
        i.affected = std::move(affected);
        i.date = on;
        out.push_back(i);
        return &out.back();
    };
    auto* r = make("red", issue_kind::redundancy, level::employer, {"RRK"}, d(2026, 11, 22));
    r->redundancies = {{"RRK", 120}};
    r->first_dismissal = d(2027, 3, 1);
    make("sys", issue_kind::restructure, level::system, {"QHL"}, d(2026, 6, 1))->system_process_agreed = true;
    make("amb", issue_kind::staff_transfer, level::employer, {"RRK", "RYA"}, d(2026, 6, 1));
    make("reg", issue_kind::workforce_plan, level::employer, {"QHL", "QJ2"}, d(2026, 6, 1));
    make("nat", issue_kind::policy, level::national, {}, d(2026, 6, 1));
    make("succ", issue_kind::relocation, level::employer, {"RYW"}, d(2026, 6, 1));
    make("before", issue_kind::relocation, level::employer, {"RYW"}, d(2026, 1, 5));
    return out;
}

} // namespace

// ------------------------------------------------------------ formats.md examples

TEST_CASE("the formats.md example graph loads with no errors") {
    const auto g = read_graph_file(data_file("midlands.json"));
    INFO(all(g.build_diagnostics()));
    CHECK(g.build_diagnostics().empty());
    CHECK_FALSE(has_errors(validate(g)));
    CHECK(g.body_count() == 10);
    const body& forum = g[g.at("Y60-spf")];
    REQUIRE(forum.meets);
    CHECK(forum.meets->rule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU");
    CHECK(forum.meets->start == d(2026, 1, 13));
    CHECK(forum.meets->papers_days == spfgov::working_days{5});
    const body& tpg = g[g.at("spf-tpg")];
    CHECK(tpg.has_remit);
    CHECK(tpg.remit == issue_kind_set{issue_kind::staff_transfer});
    CHECK(tpg.valid.from == d(2021, 4, 1));
    CHECK(g[g.at("RRK")].sector == sector::foundation_trust);
    const std::string text = slurp(data_file("midlands.json"));
    CHECK(g[g.at("RRK")].where.str() == at(data_file("midlands.json"), text, "{\"id\": \"RRK\"") + " /bodies/7");

    // Structural fields are links of the right relation, with their JSON path.
    bool found = false;
    for (auto l : g.out_links(g.at("RRK")))
        if (g[l].rel == relation::part_of) {
            found = true;
            CHECK(g.id(g.target(l)) == "QHL");
            CHECK(g[l].origin == link_origin::structural_field);
            CHECK(g[l].where.str() == at(data_file("midlands.json"), text, "\"QHL\"", 3) + " /bodies/7/system");
        }
    CHECK(found);
}

TEST_CASE("the formats.md example issue routes to the formats.md route") {
    const auto g = read_graph_file(data_file("midlands.json"));
    const auto i = read_issue(slurp(data_file("uhb-estates-issue.json")), "uhb-estates-issue.json");
    CHECK(i.id == "UHB-estates-2027");
    CHECK(i.title == "Estates restructure");
    CHECK(i.kind == issue_kind::redundancy);
    CHECK(i.origin == level::employer);
    CHECK(i.affected == std::vector<std::string>{"RRK"});
    CHECK(i.date == d(2026, 11, 22));
    CHECK(i.redundancies == std::vector<std::pair<std::string, int>>{{"RRK", 25}});
    CHECK(i.first_dismissal == d(2027, 3, 1));
    CHECK_FALSE(i.system_process_agreed);

    const route r = route_issue(g, i);
    CHECK(r.scope == level::employer);
    CHECK(ids(g, r.lead) == std::vector<std::string>{"RRK-jncc"});
    CHECK_FALSE(r.lead_union.has_value());
    CHECK(ids(g, r.negotiate) == std::vector<std::string>{"RRK-jncc"});
    CHECK(ids(g, r.consult) == std::vector<std::string>{"RRK-jncc"});
    CHECK(r.engage.empty());
    CHECK(r.inform.empty());
    REQUIRE(r.escalation.size() == 4);
    CHECK(ids(g, r.escalation[0]) == std::vector<std::string>{"RRK-jncc"});
    CHECK(ids(g, r.escalation[1]) == std::vector<std::string>{"QHL-forum"});
    CHECK(ids(g, r.escalation[2]) == std::vector<std::string>{"Y60-spf"});
    CHECK(ids(g, r.escalation[3]) == std::vector<std::string>{"spf"});
    REQUIRE(r.deadlines.size() == 2);
    CHECK(r.deadlines[0].kind == deadline_kind::consultation_start);
    CHECK(r.deadlines[1].kind == deadline_kind::hr1_notification);
    for (const auto& dl : r.deadlines) {
        CHECK(g.id(dl.body) == "RRK");
        CHECK(dl.date == d(2027, 1, 30));
        CHECK(dl.rule == "R10");
        CHECK_FALSE(dl.late);
    }
    CHECK(r.meetings.empty());

    // The written route has formats.md's keys, in order, and these values.
    const std::string text = write_route(r, g);
    CHECK(text.find('\n') == std::string::npos);
    const auto j = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"issue", "as_of", "scope", "lead", "lead_union", "negotiate", "consult",
                                           "engage", "inform", "escalation", "deadlines", "meetings", "rationale",
                                           "warnings"});
    CHECK(j["issue"] == "UHB-estates-2027");
    CHECK(j["as_of"] == "2026-11-22");
    CHECK(j["scope"] == "employer");
    CHECK(j["lead"] == nlohmann::ordered_json::array({"RRK-jncc"}));
    CHECK(j["lead_union"].is_null());
    CHECK(j["negotiate"] == nlohmann::ordered_json::array({"RRK-jncc"}));
    CHECK(j["consult"] == nlohmann::ordered_json::array({"RRK-jncc"}));
    CHECK(j["engage"] == nlohmann::ordered_json::array());
    CHECK(j["inform"] == nlohmann::ordered_json::array());
    CHECK(j["escalation"] == nlohmann::ordered_json::parse(R"([["RRK-jncc"], ["QHL-forum"], ["Y60-spf"], ["spf"]])"));
    CHECK(j["deadlines"] == nlohmann::ordered_json::parse(
                                R"([{"kind": "consultation_start", "body": "RRK", "date": "2027-01-30", "rule": "R10", "late": false, "days": 30},
                                    {"kind": "hr1_notification", "body": "RRK", "date": "2027-01-30", "rule": "R10", "late": false, "days": 30}])"));
    std::vector<std::string> deadline_keys;
    for (auto it = j["deadlines"][0].begin(); it != j["deadlines"][0].end(); ++it) deadline_keys.push_back(it.key());
    CHECK(deadline_keys == std::vector<std::string>{"kind", "body", "date", "rule", "late", "days"});
    CHECK(j["meetings"] == nlohmann::ordered_json::array());
    REQUIRE(j["rationale"].is_array());
    REQUIRE_FALSE(j["rationale"].empty());
    for (const auto& e : j["rationale"]) {
        CHECK(e.size() == 3);
        CHECK(e["rule"].is_string());
        CHECK(e["text"].is_string());
        CHECK((e["source"].is_string() || e["source"].is_null()));
    }
    CHECK(j["rationale"][1]["rule"] == "R2");
    CHECK(j["warnings"] == nlohmann::ordered_json::array());
    // formats.md's spacing.
    CHECK(text.rfind(R"({"issue": "UHB-estates-2027", "as_of": "2026-11-22", "scope": "employer", "lead": ["RRK-jncc"], )"
                     R"("lead_union": null, "negotiate": ["RRK-jncc"], "consult": ["RRK-jncc"], "engage": [], "inform": [], )"
                     R"("escalation": [["RRK-jncc"], ["QHL-forum"], ["Y60-spf"], ["spf"]], "deadlines": [)"
                     R"({"kind": "consultation_start", "body": "RRK", "date": "2027-01-30", "rule": "R10", "late": false, "days": 30}, )"
                     R"({"kind": "hr1_notification", "body": "RRK", "date": "2027-01-30", "rule": "R10", "late": false, "days": 30}], )"
                     R"("meetings": [], "rationale": [)",
                     0) == 0);
    CHECK(write_route(route_issue(g, i), g) == text);  // byte-identical
}

TEST_CASE("meetings are written with every field") {
    const auto g = read_graph(rich_graph, "rich.json");
    REQUIRE_FALSE(has_errors(validate(g)));
    issue i;
    i.id = "sys";
    i.kind = issue_kind::restructure;
    i.origin = level::system;
    i.affected = {"QHL"};
    i.date = d(2026, 6, 1);
    i.system_process_agreed = true;
    const route r = route_issue(g, i);
    REQUIRE_FALSE(r.meetings.empty());
    const auto j = nlohmann::ordered_json::parse(write_route(r, g));
    const auto& m = j["meetings"][0];
    std::vector<std::string> keys;
    for (auto it = m.begin(); it != m.end(); ++it) keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"body", "date", "papers_due", "scheduled", "moved"});
    CHECK(m["body"] == g.id(r.meetings[0].body));
    CHECK(m["date"] == to_iso(r.meetings[0].date));
    CHECK(m["papers_due"] == to_iso(r.meetings[0].papers_due));
    CHECK(m["scheduled"] == to_iso(r.meetings[0].scheduled));
    CHECK(m["moved"] == r.meetings[0].moved);
    CHECK(j["lead_union"] == "unison");
}

TEST_CASE("write_route_error and write_issue") {
    CHECK(write_route_error(std::string("X-1"), 3, "issue_error: bad \"kind\"") ==
          R"({"issue": "X-1", "line": 3, "code": "issue_error", "error": "issue_error: bad \"kind\""})");
    CHECK(write_route_error(std::nullopt, 1, "line\nbreak\x01") ==
          R"({"issue": null, "line": 1, "code": null, "error": "line\nbreak\u0001"})");
    // Invalid UTF-8 still gives valid JSON.
    const auto bad = write_route_error(std::string("\xff"), 2, "x");
    CHECK(nlohmann::json::accept(bad));

    const auto i = read_issue(slurp(data_file("uhb-estates-issue.json")));
    const std::string line = write_issue(i);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line ==
          R"({"id": "UHB-estates-2027", "title": "Estates restructure", "kind": "redundancy", "origin": "employer", )"
          R"("affected": ["RRK"], "date": "2026-11-22", "redundancies": {"RRK": 25}, "first_dismissal": "2027-03-01", )"
          R"("system_process_agreed": false})");
    const auto back = read_issue(line);
    CHECK(back == i);  // every field

    issue n;
    n.id = "nat \"1\"";
    n.kind = issue_kind::policy;
    n.origin = level::national;
    n.date = d(2026, 1, 2);
    n.system_process_agreed = true;
    const auto nl = write_issue(n);
    CHECK(nl == R"({"id": "nat \"1\"", "title": "", "kind": "policy", "origin": "national", "affected": [], "date": "2026-01-02", "system_process_agreed": true})");
    const auto nb = read_issue(nl);
    CHECK(nb.id == n.id);
    CHECK(nb.affected.empty());
    CHECK(nb.redundancies.empty());
    CHECK_FALSE(nb.first_dismissal);
    CHECK(nb.system_process_agreed);
}

// ------------------------------------------------------------ syntax and version

TEST_CASE("strings are escaped at every length and position, and plain ones copied as they are") {
    // The writer checks sixteen or eight bytes at a time, the last block
    // overlapping the one before it: each length up to past two blocks, with
    // the byte that needs escaping at each position, pins that no byte goes
    // unchecked.
    const auto error_text = [](const std::string& message) {
        const std::string line = write_route_error(std::nullopt, 1, message);
        return nlohmann::json::parse(line).at("error").get<std::string>();
    };
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string plain;
        for (std::size_t k = 0; k < n; ++k) plain += static_cast<char>(k % 2 ? ' ' : '~');  // 0x20 and 0x7e: plain
        CHECK(write_route_error(std::nullopt, 1, plain) ==
              R"({"issue": null, "line": 1, "code": null, "error": ")" + plain + "\"}");
        for (std::size_t at = 0; at < n; ++at) {
            for (const std::string special : {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9"}) {
                std::string message(n, 'a');
                message.replace(at, 1, special);
                CAPTURE(n);
                CAPTURE(at);
                CHECK(error_text(message) == message);
            }
            std::string invalid(n, 'a');
            invalid[at] = '\xff';  // not UTF-8: written as U+FFFD
            std::string expected = invalid;
            expected.replace(at, 1, "\xef\xbf\xbd");
            CHECK(error_text(invalid) == expected);
        }
    }
}

TEST_CASE("hostile JSON: a NUL byte, text after the value, numbers out of range") {
    auto [c1, w1] = thrown<parse_error>(
        [&] { (void)read_graph(std::string("{\"spfgov\": 1, \"bodies\": []}\0, \"x\": 1}", 38), "g.json"); });
    CHECK(c1 == "nul_byte");
    CHECK(contains(w1, "g.json:1:28: at byte 27: a NUL byte"));
    auto [c2, w2] = thrown<parse_error>([&] { (void)read_issue(std::string("{\"id\": \"a\",\n\0}", 14), "i.json"); });
    CHECK(c2 == "nul_byte");
    CHECK(contains(w2, "i.json:2:1: at byte 12"));
    // UTF-16 (Notepad's "Unicode", PowerShell), with a byte-order mark or
    // without: named as such, with what to do, not "a NUL byte".
    const auto utf16le = [](std::string_view ascii, bool mark) {
        std::string out = mark ? std::string("\xFF\xFE") : std::string();
        for (char c : ascii) {
            out += c;
            out += '\0';
        }
        return out;
    };
    const std::string small_issue = R"({"id": "U", "kind": "restructure", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22"})";
    for (const bool mark : {true, false}) {
        auto [code, what] = thrown<parse_error>([&] { (void)read_issue(utf16le(small_issue, mark), "u.json"); });
        CHECK(code == "nul_byte");
        CHECK(contains(what, mark ? "u.json:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark)"
                                  : "u.json:1:1: the file looks like UTF-16 (a zero byte beside each character)"));
        CHECK(contains(what, "save the file as UTF-8"));
    }
    // A stray NUL in UTF-8 text is not taken for UTF-16: its byte is named.
    for (const std::string& stray : {std::string("\0", 1), std::string("{\0\"id\": \"Z\"}", 13), std::string("\0{}", 3)}) {
        auto [code, what] = thrown<parse_error>([&] { (void)read_issue(stray, "s.json"); });
        CHECK(code == "nul_byte");
        CHECK_FALSE(contains(what, "UTF-16"));
        CHECK(contains(what, "a NUL byte"));
    }
    CHECK(contains(thrown<parse_error>([&] { (void)read_graph(utf16le(R"({"spfgov": 1, "bodies": []})", true), "g.json"); })
                       .second,
                   "g.json:1:1: the file is UTF-16"));

    const std::string issue = "{\"id\": \"H\", \"kind\": \"redundancy\", \"origin\": \"employer\", \"affected\": [\"E1\"], "
                              "\"date\": \"2026-11-22\", \"redundancies\": {\"E1\": COUNT}}";
    auto with = [&](std::string_view count) {
        std::string text = issue;
        text.replace(text.find("COUNT"), 5, count);
        return text;
    };
    auto [c3, w3] = thrown<parse_error>([&] { (void)read_issue(with("1e999"), "i.json"); });
    CHECK(c3 == "number_out_of_range");
    CHECK(contains(w3, "/redundancies/E1: number 1e999 is out of range"));
    auto [c4, w4] = thrown<parse_error>([&] { (void)read_issue(with("1e-400"), "i.json"); });
    CHECK(c4 == "number_out_of_range");
    CHECK(contains(w4, "/redundancies/E1: number 1e-400 is too small"));
    CHECK(read_issue(with("-0"), "i.json").redundancies.front().second == 0);
    CHECK(read_issue(with("-0.0"), "i.json").redundancies.front().second == 0);
    CHECK(read_issue(with("0e-400"), "i.json").redundancies.front().second == 0);  // a real 0
}

TEST_CASE("memory stays within a constant of the input: dense numeric arrays are refused") {
    std::string text = "{\"spfgov\": 1, \"bodies\": [], \"local_data\": [0";
    for (int i = 0; i < 1500000; ++i) text += ",0";
    text += "]}";
    auto [code, what] = thrown<parse_error>([&] { (void)read_graph(text, "amp.json"); });
    CHECK(code == "too_dense");
    CHECK(contains(what, "amp.json:1:"));
    CHECK(contains(what, "/local_data/"));
    // An ordinary large graph is far from the limit.
    CHECK(read_graph(england_graph_json(), "england.json").body_count() > 0);
}

TEST_CASE("an issue has its own size limit, below the graph's") {
    read_limits limits;
    CHECK(limits.max_issue_bytes < limits.max_bytes);
    limits.max_issue_bytes = 64;
    const std::string text = "{\"id\": \"a\", \"title\": \"" + std::string(100, 'x') + "\"}";
    auto [code, what] = thrown<parse_error>([&] { (void)read_issue(text, "i.json", limits); });
    CHECK(code == "too_large");
}

TEST_CASE("JSON syntax errors name a curly quote, or a comma after the last item, as the cause") {
    auto [code, what] = thrown<parse_error>([&] { (void)read_issue("{\n  \u201Cid\u201D: \"X1\"}", "i.json"); });
    CHECK(code == "json_syntax");
    CHECK(contains(what, "i.json:2:3: "));
    CHECK(contains(what, "; \u201C (U+201C) is a curly quote, which JSON does not read as a quote: write straight double quotes \""));
    auto [code2, what2] = thrown<parse_error>([&] { (void)read_issue("{\"id\": \"X1\",\n \"affected\": [\"RK5\",]\n}", "i.json"); });
    CHECK(code2 == "json_syntax");
    CHECK(contains(what2, "; remove the comma at line 2, column 20: JSON allows no comma after the last item"));
    auto [code3, what3] = thrown<parse_error>([&] { (void)read_issue("{\"id\": \"X1\",\n\n}", "i.json"); });
    CHECK(contains(what3, "i.json:3:1: "));
    CHECK(contains(what3, "; remove the comma at line 1, column 12: JSON allows no comma after the last member"));
    // Other syntax errors get no such hint.
    auto [code4, what4] = thrown<parse_error>([&] { (void)read_issue("{\"id\" \"X1\"}", "i.json"); });
    CHECK_FALSE(contains(what4, "curly"));
    CHECK_FALSE(contains(what4, "comma"));
    CHECK_FALSE(contains(what4, "not JSON"));
}

TEST_CASE("a YAML file given where JSON is read is named as not JSON, and which files are YAML") {
    const std::string hint = "; this is not JSON: graph, overlay and issue files are JSON (docs/formats.md), only policy "
                             "and scenario files are YAML";
    for (const char* text : {"bodies:\n  - id: RRK\n", "# an overlay\nbodies: []\n", "- id: RRK\n", "---\nspfgov: 1\n",
                             "\n  spfgov: 1\n", "name: ours\n"}) {
        CAPTURE(text);
        auto [code, what] = thrown<parse_error>([&] { (void)read_graph(text, "o.yaml"); });
        CHECK(code == "json_syntax");
        CHECK(contains(what, hint));
    }
    auto [code, what] = thrown<parse_error>([&] { (void)read_issue("id: X1\n", "i.json"); });
    CHECK(code == "json_syntax");
    CHECK(contains(what, hint));
    // JSON's own words, misspelt or not, and an error further in, get no such hint.
    for (const char* text : {"nul", "tru", "{\"spfgov\": 1, bodies: []}"}) {
        CAPTURE(text);
        auto [code2, what2] = thrown<parse_error>([&] { (void)read_graph(text, "g.json"); });
        CHECK_FALSE(contains(what2, "not JSON"));
    }
}

TEST_CASE("JSON syntax errors name file, line and column") {
    const std::string text = "{\n  \"spfgov\": 1,\n  \"bodies\": [,]\n}";
    auto [code, what] = thrown<parse_error>([&] { (void)read_graph(text, "g.json"); });
    CHECK(code == "json_syntax");
    CHECK(contains(what, "g.json:3:14: "));
    CHECK(contains(what, "unexpected ','"));

    auto [code2, what2] = thrown<parse_error>([&] { (void)read_graph("{\"spfgov\": 1,\n \"bodies\": [\n", "g.json"); });
    CHECK(code2 == "json_syntax");
    CHECK(contains(what2, "g.json:3:1: "));
    CHECK(contains(what2, "end of input"));

    auto [code3, what3] = thrown<parse_error>([&] { (void)read_graph("{\"spfgov\": 1, \"bodies\": []} x", "g.json"); });
    CHECK(code3 == "trailing_data");
    CHECK(contains(what3, "g.json:1:29: at byte 28: more text after the JSON value: \"x\"; expected nothing but"));
    // Located where the stray text starts (the parser stopped at "tra" of
    // "trailing": a C++ developer's trial), quoted to the line's end, cut.
    const auto [trail4, trail_what4] = thrown<parse_error>([&] { (void)read_issue("{\"id\": \"a\"} trailing\nmore"); });
    CHECK(trail4 == "trailing_data");
    CHECK(contains(trail_what4, "<issue>:1:13: at byte 12: more text after the JSON value: \"trailing\"; expected"));
    const auto [trail5, trail_what5] = thrown<parse_error>([&] {
        (void)read_issue("\"a\\\"}\"  " + std::string(30, 'x'));  // a string value holding \" and }
    });
    CHECK(trail5 == "trailing_data");
    CHECK(contains(trail_what5, "<issue>:1:9: at byte 8: more text after the JSON value: \"" + std::string(24, 'x') + "...\""));
    const auto [trail6, trail_what6] = thrown<parse_error>([&] { (void)read_issue("[1, [2]] ]"); });
    CHECK(contains(trail_what6, "<issue>:1:10: at byte 9: more text after the JSON value: \"]\""));
    const auto [trail7, trail_what7] = thrown<parse_error>([&] { (void)read_issue("12}"); });
    CHECK(contains(trail_what7, "<issue>:1:3: at byte 2: more text after the JSON value: \"}\""));

    // Issues too.
    auto [code4, what4] = thrown<parse_error>([&] { (void)read_issue("{\"id\": \"a\",\n \"kind\": redundancy}", "i.json"); });
    CHECK(code4 == "json_syntax");
    CHECK(contains(what4, "i.json:2:"));

    // A very long bad token does not make a very long message.
    const std::string long_string = "{\"spfgov\": 1, \"x\": \"" + std::string(100000, 'a') + "\x01\"}";
    auto [code5, what5] = thrown<parse_error>([&] { (void)read_graph(long_string, "g.json"); });
    CHECK(code5 == "json_syntax");
    CHECK(what5.size() < 400);
}

TEST_CASE("empty input, missing or wrong version") {
    for (const char* text : {"", "  \n\t ", "\xEF\xBB\xBF "}) {
        auto [code, what] = thrown<parse_error>([&] { (void)read_graph(text, "g.json"); });
        CHECK(code == "empty_input");
        CHECK(contains(what, "g.json"));
        CHECK(thrown<parse_error>([&] { (void)read_issue(text, "i.json"); }).first == "empty_input");
    }
    {
        auto [code, what] = thrown<parse_error>([&] { (void)read_graph("{\"bodies\": []}", "g.json"); });
        CHECK(code == "bad_version");
        CHECK(contains(what, "g.json:1:1 /spfgov"));
    }
    {
        const std::string text = "{\"bodies\": [],\n \"spfgov\": \"1\"}";
        auto [code, what] = thrown<parse_error>([&] { (void)read_graph(text, "g.json"); });
        CHECK(code == "bad_version");
        CHECK(contains(what, at("g.json", text, "\"1\"") + " /spfgov"));
        CHECK(contains(what, "got \"1\""));
    }
    CHECK(thrown<parse_error>([&] { (void)read_graph("{\"spfgov\": 2, \"bodies\": []}"); }).first == "bad_version");
    CHECK(thrown<parse_error>([&] { (void)read_graph("{\"spfgov\": 1.0, \"bodies\": []}"); }).first == "bad_version");
    CHECK(thrown<parse_error>([&] { (void)read_graph("[{\"spfgov\": 1}]"); }).first == "bad_version");
    // A BOM is skipped, and positions still start at column 1.
    const auto g = read_graph("\xEF\xBB\xBF{\"spfgov\": 1, \"bodies\": [{\"id\": \"a\", \"kind\": \"region\"}]}", "b.json");
    CHECK(g.build_diagnostics().empty());
    CHECK(g[g.at("a")].where.str() == "b.json:1:26 /bodies/0");
}

TEST_CASE("read_graph_file: a missing file is a parse_error naming it") {
    auto [code, what] = thrown<parse_error>([] { (void)read_graph_file("/nonexistent/spfgov-graph.json"); });
    CHECK(code == "cannot_open");
    CHECK(contains(what, "/nonexistent/spfgov-graph.json"));
    CHECK(thrown<parse_error>([] { (void)read_graph_file(SPFGOV_TEST_DATA_DIR); }).first == "cannot_open");
}

// ------------------------------------------------------------ graph diagnostics

TEST_CASE("reader diagnostics name line:col and the JSON path") {
    SUBCASE("unknown_kind") {
        const auto text = graph_with(R"({"id": "a", "kind": "trust"})");
        const auto x = only(text, "unknown_kind");
        CHECK(x.where == at("t.json", text, "\"trust\"") + " /bodies/0/kind");
        CHECK(x.subject == "a");
        CHECK(contains(x.message, "\"trust\""));
        CHECK(contains(x.message, "national_forum"));
        CHECK(x.severity == severity::error);
    }
    SUBCASE("unknown_relation") {
        const auto text = graph_with(R"({"id": "a", "kind": "employer"}, {"id": "u", "kind": "trade_union"})",
                                     R"({"from": "a", "to": "u", "relation": "recognizes"})");
        const auto x = only(text, "unknown_relation");
        CHECK(x.where == at("t.json", text, "\"recognizes\"") + " /links/0/relation");
        CHECK(x.subject == "a -recognizes-> u");
    }
    SUBCASE("unknown_sector") {
        const auto text = graph_with(R"({"id": "a", "kind": "employer", "sector": "hospital"})");
        const auto x = only(text, "unknown_sector");
        CHECK(x.where == at("t.json", text, "\"hospital\"") + " /bodies/0/sector");
        CHECK(contains(x.message, "foundation_trust"));
    }
    SUBCASE("unknown_issue_kind in a remit") {
        const auto text = graph_with(R"({"id": "n", "kind": "national_forum"},
{"id": "s", "kind": "subgroup", "parent": "n", "remit": ["staff_transfer", "payroll"]})");
        const auto x = only(text, "unknown_issue_kind");
        CHECK(x.where == at("t.json", text, "\"payroll\"") + " /bodies/1/remit/1");
        const auto g = read_graph(text, "t.json");
        CHECK(g[g.at("s")].remit == issue_kind_set{issue_kind::staff_transfer});
        CHECK(g[g.at("s")].has_remit);
    }
    SUBCASE("unknown_role") {
        const auto text = graph_with(R"({"id": "r", "kind": "representative", "side": "staff"},
{"id": "n", "kind": "national_forum"})",
                                     R"({"from": "r", "to": "n", "relation": "seat_on", "role": "chair"})");
        const auto x = only(text, "unknown_role");
        CHECK(x.where == at("t.json", text, "\"chair\"") + " /links/0/role");
        CHECK(contains(x.message, "co_chair"));
    }
    SUBCASE("unknown_side") {
        const auto text = graph_with(R"({"id": "r", "kind": "representative", "side": "management"})");
        const auto x = only(text, "unknown_side");
        CHECK(x.where == at("t.json", text, "\"management\"") + " /bodies/0/side");
    }
    SUBCASE("bad_date: malformed") {
        const auto text = graph_with(R"({"id": "a", "kind": "region", "valid_from": "2026-1-1"})");
        const auto x = only(text, "bad_date");
        CHECK(x.where == at("t.json", text, "\"2026-1-1\"") + " /bodies/0/valid_from");
        CHECK(contains(x.message, "YYYY-MM-DD"));
    }
    SUBCASE("bad_date: a day that does not exist") {
        const auto text = graph_with(R"({"id": "a", "kind": "region"})",
                                     R"({"from": "a", "to": "a", "relation": "succeeds", "valid_to": "2027-02-30"})");
        const auto x = only(text, "bad_date");
        CHECK(x.where == at("t.json", text, "\"2027-02-30\"") + " /links/0/valid_to");
        CHECK(contains(x.message, "2027-02-30"));
    }
    SUBCASE("bad_date: a day before 1400, which exists, is refused by the range it is outside") {
        const auto text = graph_with(R"({"id": "a", "kind": "region", "valid_from": "1066-10-14"})");
        const auto x = only(text, "bad_date");
        CHECK(contains(x.message, "expected a YYYY-MM-DD date from 1400-01-01 to 9999-12-31, got \"1066-10-14\""));
    }
    SUBCASE("bad_date in meets.start") {
        const auto text = graph_with(R"({"id": "a", "kind": "national_forum", "meets": {"rule": "FREQ=MONTHLY", "start": "2026-13-01"}})");
        const auto x = only(text, "bad_date");
        CHECK(x.where == at("t.json", text, "\"2026-13-01\"") + " /bodies/0/meets/start");
    }
    SUBCASE("wrong_type") {
        const auto text = graph_with(R"({"id": "a", "kind": "region", "name": 12})");
        const auto x = only(text, "wrong_type");
        CHECK(x.where == at("t.json", text, "12") + " /bodies/0/name");
        CHECK(contains(x.message, "expected a string, got number 12"));
    }
    SUBCASE("wrong_type: bodies is not an array; a body is not an object") {
        const auto x = only("{\"spfgov\": 1, \"bodies\": {}}", "wrong_type");
        CHECK(x.where == "t.json:1:25 /bodies");
        const auto y = only("{\"spfgov\": 1, \"bodies\": [\"a\"]}", "wrong_type");
        CHECK(y.where == "t.json:1:26 /bodies/0");
    }
    SUBCASE("wrong_type: papers_days") {
        const auto text = graph_with(R"({"id": "a", "kind": "national_forum", "meets": {"rule": "FREQ=MONTHLY", "start": "2026-01-01", "papers_days": "5"}})");
        const auto x = only(text, "wrong_type");
        CHECK(x.where == at("t.json", text, "\"5\"") + " /bodies/0/meets/papers_days");
    }
    SUBCASE("bad_count: papers_days out of range") {
        const auto text = graph_with(R"({"id": "a", "kind": "national_forum", "meets": {"rule": "FREQ=MONTHLY", "start": "2026-01-01", "papers_days": -1}})");
        const auto x = only(text, "bad_count");
        CHECK(x.where == at("t.json", text, "-1") + " /bodies/0/meets/papers_days");
    }
    SUBCASE("missing_field: id") {
        const auto text = graph_with(R"({"kind": "region"})");
        const auto x = only(text, "missing_field");
        CHECK(x.where == at("t.json", text, "{\"kind\"") + " /bodies/0/id");
    }
    SUBCASE("missing_field: kind") {
        const auto text = graph_with(R"({"id": "a"})");
        const auto x = only(text, "missing_field");
        CHECK(x.where == at("t.json", text, "{\"id\"") + " /bodies/0/kind");
        CHECK(x.subject == "a");
    }
    SUBCASE("missing_field: a link's relation; the meets rule; the bodies") {
        const auto text = graph_with(R"({"id": "a", "kind": "region"})", R"({"from": "a", "to": "a"})");
        const auto x = only(text, "missing_field");
        CHECK(x.where == at("t.json", text, "{\"from\"") + " /links/0/relation");
        const auto y = only(graph_with(R"({"id": "a", "kind": "national_forum", "meets": {"start": "2026-01-01"}})"), "missing_field");
        CHECK(contains(y.where, " /bodies/0/meets/rule"));
        const auto z = only("{\"spfgov\": 1}", "missing_field");
        CHECK(z.where == "t.json:1:1 /bodies");
    }
    SUBCASE("field_not_allowed: a structural field on a kind that cannot take it") {
        const auto text = graph_with(R"({"id": "QHL", "kind": "system"},
{"id": "j", "kind": "jncc", "system": "QHL"})");
        const auto x = only(text, "field_not_allowed");
        CHECK(x.where == at("t.json", text, "\"QHL\"", 1) + " /bodies/1/system");
        CHECK(x.subject == "j");
        CHECK(contains(x.message, "jncc"));
    }
    SUBCASE("field_not_allowed: region on an employer, parent on a forum, sector on a jncc, role on a non-seat link") {
        CHECK(contains(only(graph_with(R"({"id": "e", "kind": "employer", "region": "Y60"})"), "field_not_allowed").where,
                       " /bodies/0/region"));
        CHECK(contains(only(graph_with(R"({"id": "f", "kind": "system_forum", "parent": "x"})"), "field_not_allowed").where,
                       " /bodies/0/parent"));
        CHECK(contains(only(graph_with(R"({"id": "j", "kind": "jncc", "sector": "icb"})"), "field_not_allowed").where,
                       " /bodies/0/sector"));
        CHECK(contains(only(graph_with(R"({"id": "e", "kind": "employer"}, {"id": "u", "kind": "trade_union"})",
                                       R"({"from": "e", "to": "u", "relation": "recognises", "role": "member"})"),
                            "field_not_allowed")
                           .where,
                       " /links/0/role"));
    }
    SUBCASE("id_too_long") {
        read_limits limits;
        limits.max_id_length = 8;
        const auto text = graph_with(R"({"id": "much-too-long-id", "kind": "region"}, {"id": "ok", "kind": "system", "region": "also-much-too-long"})");
        const auto g = read_graph(text, "t.json", limits);
        const auto found = with_code(g.build_diagnostics(), "id_too_long");
        REQUIRE(found.size() == 2);
        CHECK(found[0].where == at("t.json", text, "\"much-too-long-id\"") + " /bodies/0/id");
        CHECK(found[1].where == at("t.json", text, "\"also-much-too-long\"") + " /bodies/1/region");
        CHECK_FALSE(g.find("much-too-long-id"));
        CHECK(g.find("ok"));
    }
    SUBCASE("duplicate_key") {
        const auto text = graph_with(R"({"id": "a", "kind": "region", "name": "x", "name": "y"})");
        const auto x = only(text, "duplicate_key");
        CHECK(x.where == at("t.json", text, "\"y\"") + " /bodies/0/name");
    }
}

TEST_CASE("reading goes on after a content error, so every problem is reported") {
    const std::string text = graph_with(R"({"id": "a", "kind": "trust"},
{"id": "b", "kind": "employer", "sector": "hospital", "valid_from": "2026-02-30"},
{"id": "c", "kind": "jncc", "employer": "a"},
{"id": "d", "kind": "jncc", "employer": "nowhere"})",
                                        R"({"from": "b", "to": "c", "relation": "chairs"})");
    const auto g = read_graph(text, "t.json");
    const auto& ds = g.build_diagnostics();
    INFO(all(ds));
    CHECK(with_code(ds, "unknown_kind").size() == 1);
    CHECK(with_code(ds, "unknown_sector").size() == 1);
    CHECK(with_code(ds, "bad_date").size() == 1);
    CHECK(with_code(ds, "unknown_relation").size() == 1);
    // "a" could not be read: the link to it is not reported again as dangling,
    // but the link to a body that is nowhere is.
    const auto dangling = with_code(ds, "dangling_reference");
    REQUIRE(dangling.size() == 1);
    CHECK(dangling[0].subject == "d -committee_of-> nowhere");
    CHECK(dangling[0].where == at("t.json", text, "\"nowhere\"") + " /bodies/3/employer");
    CHECK(g.find("b"));
    CHECK(g.find("c"));
    CHECK_FALSE(g.find("a"));
}

TEST_CASE("an overlay that cannot read a body drops only its own links naming it, not an earlier file's") {
    // The base gives a link and no body; the overlay's body "X" has an
    // unknown kind. The base's link is still there, and dangling.
    const std::string base = R"({"spfgov": 1, "bodies": [], "links": [{"from": "X", "to": "Y", "relation": "part_of"}]})";
    const std::string overlay = R"({"spfgov": 1, "bodies": [{"id": "X", "kind": "nope"}]})";
    const std::vector<graph_layer> layers{{base, "base.json"}, {overlay, "ov.json"}};
    const auto g = read_graph_layers(layers);
    const auto& ds = g.build_diagnostics();
    INFO(all(ds));
    CHECK(with_code(ds, "unknown_kind").size() == 1);
    const auto dangling = with_code(ds, "dangling_reference");
    REQUIRE(dangling.size() == 1);
    CHECK(dangling[0].subject == "X -part_of-> Y");
}

TEST_CASE("every validation error kind is reachable from a file") {
    auto codes_of = [](const std::string& text) {
        const auto g = read_graph(text, "v.json");
        return validate(g);
    };
    SUBCASE("duplicate_id") {
        const auto text = graph_with(R"({"id": "a", "kind": "region"},
{"id": "a", "kind": "region"})");
        const auto found = with_code(codes_of(text), "duplicate_id");
        REQUIRE(found.size() == 1);
        CHECK(found[0].where == at("v.json", text, "{\"id\"", 1) + " /bodies/1");
        CHECK(contains(found[0].message, at("v.json", text, "{\"id\"", 0) + " /bodies/0"));
    }
    SUBCASE("dangling_reference") {
        const auto text = graph_with(R"({"id": "e", "kind": "employer"})", R"({"from": "e", "to": "unison", "relation": "recognises"})");
        const auto found = with_code(codes_of(text), "dangling_reference");
        REQUIRE(found.size() == 1);
        CHECK(found[0].where == at("v.json", text, "{\"from\"") + " /links/0");
    }
    SUBCASE("forbidden_link via a structural field") {
        const auto text = graph_with(R"({"id": "Y60", "kind": "region"},
{"id": "e", "kind": "employer", "system": "Y60"})");
        const auto found = with_code(codes_of(text), "forbidden_link");
        REQUIRE(found.size() == 1);
        CHECK(found[0].where == at("v.json", text, "\"Y60\"", 1) + " /bodies/1/system");
        CHECK(found[0].subject == "e -part_of-> Y60");
    }
    SUBCASE("forbidden_link as a link") {
        const auto text = graph_with(R"({"id": "j", "kind": "jncc"}, {"id": "r", "kind": "region"})",
                                     R"({"from": "j", "to": "r", "relation": "part_of"})");
        CHECK(with_code(codes_of(text), "forbidden_link").size() == 1);
    }
    SUBCASE("unknown kind and unknown relation") {
        const auto ds = codes_of(graph_with(R"({"id": "a", "kind": "hospital"}, {"id": "b", "kind": "region"})",
                                            R"({"from": "b", "to": "b", "relation": "owns"})"));
        CHECK(with_code(ds, "unknown_kind").size() == 1);
        CHECK(with_code(ds, "unknown_relation").size() == 1);
        // A spelling near one the format has is named ("foundation trust" for foundation_trust).
        const auto near = codes_of(graph_with(R"({"id": "a", "kind": "employer", "sector": "Foundation Trust"})"));
        REQUIRE(with_code(near, "unknown_sector").size() == 1);
        CHECK(contains(with_code(near, "unknown_sector")[0].message,
                       R"(unknown sector "Foundation Trust" (did you mean "foundation_trust"?); expected one of: )"));
    }
    SUBCASE("reversed_validity on a body and on a link") {
        const auto text = graph_with(R"({"id": "a", "kind": "employer", "valid_from": "2026-05-01", "valid_to": "2026-04-01"},
{"id": "u", "kind": "trade_union"})",
                                     R"({"from": "a", "to": "u", "relation": "recognises", "valid_from": "2026-01-01", "valid_to": "2026-01-01"})");
        const auto found = with_code(codes_of(text), "reversed_validity");
        REQUIRE(found.size() == 2);
        CHECK(found[0].where == at("v.json", text, "{\"id\"") + " /bodies/0");
        CHECK(found[1].where == at("v.json", text, "{\"from\"") + " /links/0");
    }
    SUBCASE("succeeds loop") {
        const auto ds = codes_of(graph_with(R"({"id": "a", "kind": "employer", "succeeds": "b"},
{"id": "b", "kind": "employer", "succeeds": ["a"]})"));
        CHECK(with_code(ds, "succeeds_loop").size() == 1);
    }
    SUBCASE("succeeds joining different kinds") {
        const auto text = graph_with(R"({"id": "a", "kind": "employer", "succeeds": "b"},
{"id": "b", "kind": "system"})");
        const auto found = with_code(codes_of(text), "succeeds_kind_mismatch");
        REQUIRE(found.size() == 1);
        CHECK(found[0].where == at("v.json", text, "\"b\"") + " /bodies/0/succeeds");
    }
    SUBCASE("escalates_to cycle with the allow extension") {
        const auto text = R"({"spfgov": 1,
 "allow": [{"relation": "escalates_to", "from": "regional_forum", "to": "regional_forum"}],
 "bodies": [{"id": "A", "kind": "regional_forum"}, {"id": "B", "kind": "regional_forum"}],
 "links": [{"from": "A", "to": "B", "relation": "escalates_to"}, {"from": "B", "to": "A", "relation": "escalates_to"}]})";
        const auto g = read_graph(text, "v.json");
        REQUIRE(g.extra_rules().size() == 1);
        CHECK(g.extra_rules()[0].rel == relation::escalates_to);
        CHECK(g.extra_rules()[0].from == body_kind::regional_forum);
        const auto ds = validate(g);
        INFO(all(ds));
        CHECK(with_code(ds, "forbidden_link").empty());
        CHECK(with_code(ds, "escalation_cycle").size() == 1);
        // Without the extension, the same links are forbidden instead.
        std::string no_allow = text;
        no_allow.replace(no_allow.find("\"allow\""), 7, "\"xallow\"");
        CHECK(with_code(read_graph(no_allow).build_diagnostics(), "forbidden_link").size() == 2);
    }
    SUBCASE("allow entries are checked") {
        const auto text = R"({"spfgov": 1, "allow": [{"relation": "bosses", "from": "regional_forum", "to": "forum"}, {"from": "system"}, 3],
 "bodies": []})";
        const auto ds = read_graph(text, "v.json").build_diagnostics();
        CHECK(with_code(ds, "unknown_relation").size() == 1);
        CHECK(with_code(ds, "unknown_kind").size() == 1);
        CHECK(with_code(ds, "missing_field").size() == 2);
        CHECK(with_code(ds, "wrong_type").size() == 1);
        CHECK(contains(with_code(ds, "unknown_kind")[0].where, " /allow/0/to"));
    }
    SUBCASE("system outside any region") {
        const auto ds = codes_of(graph_with(R"({"id": "QHL", "kind": "system"})"));
        CHECK(with_code(ds, "system_outside_region").size() == 1);
    }
}

TEST_CASE("system as an array: an employer in several systems") {
    const auto g = read_graph(rich_graph, "rich.json");
    INFO(all(g.build_diagnostics()));
    CHECK(errors(g.build_diagnostics()).empty());
    std::vector<std::string> systems;
    for (auto l : g.out_links(g.at("RYA")))
        if (g[l].rel == relation::part_of) {
            systems.push_back(g.id(g.target(l)));
            CHECK(contains(g[l].where.str(), " /bodies/18/system/"));
        }
    CHECK(systems == std::vector<std::string>{"QHL", "QJ2"});
    issue i;
    i.id = "amb";
    i.kind = issue_kind::restructure;
    i.affected = {"RYA"};
    i.date = d(2026, 6, 1);
    CHECK(route_issue(g, i).scope == level::employer);
}

TEST_CASE("unknown fields are kept, with sorted keys, and written back") {
    const auto g = read_graph(rich_graph, "rich.json");
    CHECK(g[g.at("RRK")].extra == R"({"local": {"a": [true, null, 2.50, "é\n"], "z": 1}})");
    CHECK(g[g.at("Y60")].extra == R"({"ons_code": "E40000008"})");
    CHECK(g[g.at("spf")].extra.empty());
    const auto text = write_graph(g);
    CHECK(contains(text, R"({"id": "RRK", "kind": "employer", "sector": "foundation_trust", "system": "QHL", "local": {"a": [true, null, 2.50, "é\n"], "z": 1}})"));
    CHECK(contains(text, R"("system": ["QHL", "QJ2"])"));
    CHECK(contains(text, R"("succeeds": "RYW")"));
    CHECK(contains(text, R"("allow": [)"));
    CHECK(contains(text, ",\n  \"source\": "));  // top-level extras are kept too (formats.md)
    // Derived links are not written: the one escalates_to is the explicit one.
    const std::string links = text.substr(text.find("\"links\""));
    CHECK(links.find("\"relation\": \"escalates_to\"") == links.rfind("\"relation\": \"escalates_to\""));
    CHECK(contains(text, R"({"from": "QJ2-forum", "to": "spf", "relation": "escalates_to"})"));
    CHECK_FALSE(contains(text, "reports_to"));
}

// ------------------------------------------------------------ round trips

TEST_CASE("write then read gives the same bodies, links and routes") {
    auto check_round_trip = [](const governance_graph& g, const std::vector<issue>& issues) {
        const std::string text = write_graph(g);
        CHECK(text.back() == '\n');
        CHECK(nlohmann::json::accept(text));
        const auto g2 = read_graph(text, "written.json");
        INFO(all(g2.build_diagnostics()));
        CHECK(errors(g2.build_diagnostics()).empty());
        check_same_bodies(g, g2);
        CHECK(link_rows(g) == link_rows(g2));
        CHECK(g.extra_rules().size() == g2.extra_rules().size());
        CHECK(g.covers() == g2.covers());
        CHECK(write_graph(g2) == text);
        for (const auto& i : issues) {
            CAPTURE(i.id);
            std::string a, b;
            try {
                a = write_route(route_issue(g, i), g);
            } catch (const error& e) {
                a = e.what();
            }
            try {
                b = write_route(route_issue(g2, i), g2);
            } catch (const error& e) {
                b = e.what();
            }
            CHECK(a == b);
        }
    };
    SUBCASE("formats.md example") {
        const auto g = read_graph_file(data_file("midlands.json"));
        check_round_trip(g, {read_issue(slurp(data_file("uhb-estates-issue.json")))});
    }
    SUBCASE("a graph using every field") {
        const auto g = read_graph(rich_graph, "rich.json");
        REQUIRE_FALSE(has_errors(validate(g)));
        check_round_trip(g, rich_issues());
    }
    SUBCASE("a graph built in code (testland)") {
        const auto g = testland::build({.explicit_override = true});
        std::vector<issue> issues;
        issue i;
        i.id = "t1";
        i.kind = issue_kind::redundancy;
        i.affected = {"E5"};
        i.date = d(2026, 6, 1);
        i.redundancies = {{"E5", 150}};
        i.first_dismissal = d(2026, 9, 1);
        issues.push_back(i);
        i.id = "t2";
        i.kind = issue_kind::new_technology;
        i.origin = level::system;
        i.affected = {"S1"};
        i.redundancies.clear();
        issues.push_back(i);
        i.id = "t3";
        i.affected = {"E4"};
        i.origin = level::employer;
        issues.push_back(i);
        check_round_trip(g, issues);
    }
    SUBCASE("the built-in England graph") {
        const auto& g = england_graph();
        issue i;
        i.id = "e";
        i.kind = issue_kind::restructure;
        i.origin = level::system;
        i.affected = {"QHL"};
        i.date = d(2026, 6, 1);
        check_round_trip(g, {i});
    }
}

TEST_CASE("writing is deterministic") {
    const auto g = read_graph(rich_graph, "rich.json");
    CHECK(write_graph(g) == write_graph(g));
    const auto g2 = read_graph(rich_graph, "rich.json");
    CHECK(write_graph(g2) == write_graph(g));
    for (const auto& i : rich_issues()) {
        try {
            const auto r = route_issue(g, i);
            CHECK(write_route(r, g) == write_route(route_issue(g2, i), g2));
            CHECK(nlohmann::json::accept(write_route(r, g)));
        } catch (const issue_error&) {
        }
        CHECK(write_issue(i) == write_issue(i));
    }
}

TEST_CASE("a graph file's unknown top-level fields are kept, written back, and replaced key by key by an overlay's") {
    // formats.md: "Unknown top-level or body fields are kept and ignored, so files can carry local data."
    const std::string base = R"({"spfgov": 1, "source": {"by": "ODS", "rows": 7}, "local": "ours",
      "bodies": [{"id": "Y60", "kind": "region"}], "links": [], "zz_after": [1, 2]})";
    const auto g = read_graph(base, "base.json");
    CHECK(g.extra() == R"({"local": "ours", "source": {"by": "ODS", "rows": 7}, "zz_after": [1, 2]})");
    // Written back before the bodies, in key order, and read back the same.
    const std::string written = write_graph(g);
    CHECK(contains(written, "{\n  \"spfgov\": 1,\n  \"local\": \"ours\",\n  \"source\": {\"by\": \"ODS\", \"rows\": 7},\n"
                            "  \"zz_after\": [1, 2],\n  \"bodies\": ["));
    CHECK(read_graph(written, "again.json").extra() == g.extra());
    CHECK(nlohmann::json::parse(written)["source"]["rows"] == 7);
    // An overlay's replace the base's of the same key; the others stay.
    const std::string overlay = R"({"spfgov": 1, "source": "hypothetical merger", "bodies": []})";
    const std::vector<graph_layer> layers{{base, "base.json"}, {overlay, "merger.json"}};
    CHECK(read_graph_layers(layers).extra() == R"({"local": "ours", "source": "hypothetical merger", "zz_after": [1, 2]})");
    // None: nothing kept, nothing written.
    CHECK(read_graph(R"({"spfgov": 1, "bodies": []})", "none.json").extra().empty());
    CHECK(write_graph(read_graph(R"({"spfgov": 1, "bodies": []})", "none.json")).find("\"bodies\"") == 19);
}

TEST_CASE("write_graph as of a date keeps only what is valid then") {
    const auto g = read_graph(rich_graph, "rich.json");
    const auto before = write_graph(g, d(2026, 1, 5));
    const auto after = write_graph(g, d(2026, 6, 1));
    CHECK(contains(before, "\"id\": \"RYW\""));
    CHECK_FALSE(contains(before, "\"id\": \"RYX\""));
    CHECK_FALSE(contains(after, "\"id\": \"RYW\""));
    CHECK(contains(after, "\"id\": \"RYX\""));
    // The succeeds link points at a body that is gone: left out.
    CHECK_FALSE(contains(after, "\"succeeds\""));
    // A link not yet valid is left out.
    const auto early = write_graph(g, d(2024, 6, 1));
    CHECK_FALSE(contains(early, "\"relation\": \"lead_union\""));
    CHECK_FALSE(contains(early, "\"role\": \"deputy\""));
    CHECK(contains(after, "\"relation\": \"lead_union\""));
    const auto g2 = read_graph(after, "after.json");
    CHECK_FALSE(has_errors(validate(g2)));
    CHECK_FALSE(g2.find("RYW"));
}

// ------------------------------------------------------------ issues

TEST_CASE("issue errors name file, line, column, path, issue and value") {
    const std::string good = R"({"id": "I-1", "title": "t", "kind": "redundancy", "origin": "employer",
 "affected": ["RRK"], "date": "2026-11-22", "redundancies": {"RRK": 25}, "first_dismissal": "2027-03-01",
 "system_process_agreed": false, "extra": {"ignored": [1, 2]}})";
    CHECK(read_issue(good, "i.json").id == "I-1");

    auto check_error = [](const std::string& text, const std::string& code, const std::string& where,
                          const std::string& value) {
        CAPTURE(text);
        auto [c, what] = thrown<issue_error>([&] { (void)read_issue(text, "i.json"); });
        CHECK(c == code);
        CHECK(contains(what, where));
        if (!value.empty()) CHECK(contains(what, value));
        return what;
    };
    auto replace = [&](std::string from, std::string to) {
        std::string s = good;
        const auto pos = s.find(from);
        REQUIRE(pos != std::string::npos);
        s.replace(pos, from.size(), to);
        return s;
    };
    {
        const auto text = replace("\"kind\": \"redundancy\"", "\"kind\": \"redundnacy\"");
        const auto what = check_error(text, "unknown_kind", at("i.json", text, "\"redundnacy\"") + " /kind", "\"redundnacy\"");
        CHECK(contains(what, "issue \"I-1\""));
        CHECK(contains(what, "expected one of: restructure"));
        CHECK(contains(what, "got \"redundnacy\" (did you mean \"redundancy\"?)"));  // helper-74: "restructre"
    }
    {
        const auto text = replace("\"origin\": \"employer\"", "\"origin\": \"trust\"");
        const auto what = check_error(text, "unknown_origin", at("i.json", text, "\"trust\"") + " /origin", "\"trust\"");
        CHECK_FALSE(contains(what, "did you mean"));  // nothing near
        const auto upper = replace("\"origin\": \"employer\"", "\"origin\": \"Employer\"");
        CHECK(contains(check_error(upper, "unknown_origin", " /origin", ""), "(did you mean \"employer\"?)"));
    }
    {
        const auto text = replace("\"date\": \"2026-11-22\"", "\"date\": \"2026-02-29\"");
        const auto what = check_error(text, "bad_date", at("i.json", text, "\"2026-02-29\"") + " /date", "\"2026-02-29\"");
        CHECK_FALSE(contains(what, "did you mean"));
        // A day written as England writes it: the same day, year first.
        const auto uk = replace("\"date\": \"2026-11-22\"", "\"date\": \"22/11/2026\"");
        CHECK(contains(check_error(uk, "bad_date", " /date", "\"22/11/2026\""),
                       "got \"22/11/2026\" (did you mean \"2026-11-22\"? dates are year-month-day)"));
    }
    {
        const auto text = replace("\"first_dismissal\": \"2027-03-01\"", "\"first_dismissal\": \"1 March 2027\"");
        check_error(text, "bad_date", at("i.json", text, "\"1 March 2027\"") + " /first_dismissal", "\"1 March 2027\"");
    }
    {
        const auto text = replace("\"date\": \"2026-11-22\", ", "");
        const auto what = check_error(text, "missing_field", "i.json:1:1 /date", "");
        CHECK(contains(what, "issue \"I-1\""));
    }
    {
        const auto text = replace("\"id\": \"I-1\", ", "");
        const auto what = check_error(text, "missing_field", "i.json:1:1 /id", "");
        CHECK_FALSE(contains(what, "issue \""));
    }
    for (const char* key : {"kind", "origin", "affected"}) {
        std::string s = good;
        const auto pos = s.find(std::string("\"") + key + "\"");
        s.replace(pos, std::strlen(key) + 2, std::string("\"x") + key + "\"");
        check_error(s, "missing_field", std::string("i.json:1:1 /") + key, "");
    }
    {
        const auto text = replace("\"affected\": [\"RRK\"]", "\"affected\": \"RRK\"");
        check_error(text, "wrong_type", at("i.json", text, "\"RRK\"") + " /affected", "got \"RRK\"");
    }
    {
        const auto text = replace("\"affected\": [\"RRK\"]", "\"affected\": [\"RRK\", 7]");
        check_error(text, "wrong_type", at("i.json", text, "7]") + " /affected/1", "got number 7");
    }
    {
        const auto text = replace("\"system_process_agreed\": false", "\"system_process_agreed\": \"no\"");
        check_error(text, "wrong_type", at("i.json", text, "\"no\"") + " /system_process_agreed", "got \"no\"");
    }
    {
        const auto text = replace("\"id\": \"I-1\"", "\"id\": 17");
        check_error(text, "wrong_type", at("i.json", text, "17") + " /id", "got number 17");
    }
    {
        const auto text = replace("\"id\": \"I-1\"", "\"id\": \"\"");
        check_error(text, "empty_id", at("i.json", text, "\"\"") + " /id", "");
    }
    // 25.0000000000000000001 and 2500000000000000000001e-20 are 25 as doubles, but not whole.
    for (const char* count : {"-3", "2.5", "1e12", "99999999999999999999", "25.0000000000000000001",
                              "2500000000000000000001e-20"}) {
        const auto text = replace("{\"RRK\": 25}", std::string("{\"RRK\": ") + count + "}");
        check_error(text, "bad_count", at("i.json", text, count) + " /redundancies/RRK", std::string("number ") + count);
    }
    {
        const auto text = replace("{\"RRK\": 25}", "{\"RRK\": \"25\"}");
        check_error(text, "wrong_type", at("i.json", text, "\"25\"") + " /redundancies/RRK", "got \"25\"");
    }
    CHECK(read_issue(replace("{\"RRK\": 25}", "{\"RRK\": 25.0, \"RYW\": 0}")).redundancies ==
          std::vector<std::pair<std::string, int>>{{"RRK", 25}, {"RYW", 0}});
    // Whole however written: a fraction of zeros, an exponent, -0.
    CHECK(read_issue(replace("{\"RRK\": 25}", "{\"RRK\": 2.5e1, \"RYW\": 250000E-4, \"X\": -0.0, \"Y\": 0e-7}")).redundancies ==
          std::vector<std::pair<std::string, int>>{{"RRK", 25}, {"RYW", 25}, {"X", 0}, {"Y", 0}});
    {
        read_limits limits;
        limits.max_id_length = 2;
        auto [c, what] = thrown<issue_error>([&] { (void)read_issue(good, "i.json", limits); });
        CHECK(c == "id_too_long");
        CHECK(contains(what, at("i.json", good, "\"I-1\"") + " /id"));
    }
    {
        const auto text = replace("\"affected\": [\"RRK\"]", "\"affected\": [\"" + std::string(300, 'R') + "\"]");
        check_error(text, "id_too_long", at("i.json", text, "\"RRRR") + " /affected/0", "");
    }
    {
        const auto text = replace("\"title\": \"t\"", "\"title\": \"t\", \"kind\": \"policy\"");
        check_error(text, "duplicate_key", " /kind", "");
    }
    CHECK(thrown<issue_error>([&] { (void)read_issue("[1]", "i.json"); }).first == "wrong_type");
    // Optional fields may be null; unknown fields are ignored.
    const auto n = read_issue(replace("\"first_dismissal\": \"2027-03-01\"", "\"first_dismissal\": null"));
    CHECK_FALSE(n.first_dismissal);
}

TEST_CASE("a required issue key that is missing because it was misspelt names the misspelling") {
    const std::string text = "{\"id\": \"X\", \"kind\": \"restructure\", \"origin\": \"employer\",\n"
                             " \"afected\": [\"RRK\"], \"date\": \"2026-11-22\"}";
    auto [code, what] = thrown<issue_error>([&] { (void)read_issue(text, "i.json"); });
    CHECK(code == "missing_field");
    CHECK(contains(what, "i.json:1:1 /affected: issue \"X\": missing \"affected\" (found \"afected\" at i.json:2:2; did "
                         "you mean \"affected\"?); expected an array"));
    // The same for the id, before the issue has a name, and for an enum key.
    CHECK(contains(thrown<issue_error>([&] { (void)read_issue("{\"di\": \"X\"}", "i.json"); }).second,
                   "missing \"id\" (found \"di\" at i.json:1:2; did you mean \"id\"?)"));
    CHECK(contains(thrown<issue_error>([&] { (void)read_issue("{\"id\": \"X\", \"knd\": \"policy\"}", "i.json"); }).second,
                   "missing \"kind\" (found \"knd\" at i.json:1:13; did you mean \"kind\"?)"));
    // The key's own position (its opening quote), in characters, past an escaped quote in it.
    CHECK(contains(thrown<issue_error>([&] {
                       (void)read_issue("{\"id\": \"X\", \"\xc3\xa9\": 1, \"k\\\"nd\" :\n \"policy\"}", "i.json");
                   }).second,
                   "(found \"k\\\"nd\" at i.json:1:21; did you mean \"kind\"?)"));
    // A key near none of the missing one's spelling is not blamed.
    const auto far = thrown<issue_error>([&] { (void)read_issue("{\"id\": \"X\", \"colour\": \"red\"}", "i.json"); });
    CHECK(contains(far.second, "missing \"kind\"; expected one of"));
}

// ------------------------------------------------------------ limits

TEST_CASE("limits: nesting depth, whole input, line length, id length") {
    read_limits limits;
    limits.max_depth = 5;
    const std::string ok = R"({"spfgov": 1, "bodies": [{"id": "a", "kind": "region", "x": [[1]]}]})";  // depth 5
    CHECK(read_graph(ok, "d.json", limits).build_diagnostics().empty());
    const std::string deep = "{\"spfgov\": 1, \"bodies\": [{\"id\": \"a\", \"kind\": \"region\",\n \"x\": [[[1]]]}]}";
    auto [code, what] = thrown<parse_error>([&] { (void)read_graph(deep, "d.json", limits); });
    CHECK(code == "too_deep");
    CHECK(contains(what, "d.json:2:9: "));
    CHECK(contains(what, "/bodies/0/x/0/0"));

    // The default limit stops hostile nesting long before the stack would.
    const std::string hostile = std::string(1000000, '[') + std::string(1000000, ']');
    CHECK(thrown<parse_error>([&] { (void)read_graph(hostile); }).first == "too_deep");
    CHECK(thrown<parse_error>([&] { (void)read_issue(hostile.substr(500000, 1000)); }).first == "too_deep");

    read_limits small;
    small.max_bytes = 64;
    CHECK(thrown<parse_error>([&] { (void)read_graph(slurp(data_file("midlands.json")), "m.json", small); }).first ==
          "too_large");
    CHECK(thrown<parse_error>([&] { (void)read_graph_file(data_file("midlands.json"), small); }).first == "too_large");
    read_limits line;
    line.max_line_length = 32;
    CHECK(thrown<parse_error>([&] { (void)read_issue(slurp(data_file("uhb-estates-issue.json")), "i.json", line); }).first ==
          "too_large");

    read_limits ids;
    ids.max_id_length = 2;
    auto [c2, w2] = thrown<issue_error>([&] { (void)read_issue(slurp(data_file("uhb-estates-issue.json")), "i.json", ids); });
    CHECK(c2 == "id_too_long");
    CHECK(contains(w2, " /id"));
}

TEST_CASE("columns count characters, not bytes") {
    const std::string text = "{\"spfgov\": 1, \"bodies\": [{\"id\": \"\xC3\xA9\xC3\xA9\", \"kind\": \"nope\"}]}";
    const auto x = only(text, "unknown_kind");
    // "éé" is 2 characters in 4 bytes: "nope" starts at byte 49, character 47.
    CHECK(x.where == "t.json:1:47 /bodies/0/kind");
}

// ------------------------------------------------------------ the built-in graph

TEST_CASE("the built-in England graph loads and validates with no error") {
    CHECK(england_graph_json().size() > 1000);
    const auto& g = england_graph();
    CHECK(&g == &england_graph());  // parsed once
    CHECK(g.body_count() > 500);
    const auto ds = validate(g);
    INFO(all(errors(ds)));
    CHECK_FALSE(has_errors(ds));
    CHECK(g.find("spf"));
    CHECK(g.find("QHL"));
    CHECK(g.find("QHL-forum"));
    CHECK(contains(g[g.at("QHL")].where.str(), "<built-in England graph>:"));
}

TEST_CASE("the built-in England GP graph: the England graph and every GP practice") {
    const auto& g = england_gp_graph();
    CHECK(&g == &england_gp_graph());
    CHECK(g.body_count() > england_graph().body_count() + 6000);
    CHECK_FALSE(has_errors(validate(g)));
    CHECK(contains(g[g.at("QHL")].where.str(), "<built-in England GP graph>:"));
    CHECK(built_in_graph("england") == &england_graph());
    CHECK(built_in_graph("england-gp") == &england_gp_graph());
    CHECK(built_in_graph("./england") == nullptr);
    CHECK_FALSE(is_built_in_graph_name("England"));
}

// ------------------------------------------------------------ contract version 2 fields

TEST_CASE("remit_sectors, staff_groups and covers are read, written and read back") {
    const std::string text = R"({"spfgov": 1, "covers": {"from": "2021-04-01", "to": "2030-01-01"},
"bodies": [
{"id": "n", "kind": "national_forum"},
{"id": "tpg", "kind": "subgroup", "parent": "n", "remit": ["staff_transfer"], "remit_sectors": ["csu", "ccg", "icb"]},
{"id": "e", "kind": "employer", "sector": "ccg"},
{"id": "e-lnc", "kind": "jncc", "employer": "e", "staff_groups": ["medical_and_dental", "dental-core"]}
]})";
    const auto g = read_graph(text, "v2.json");
    INFO(all(g.build_diagnostics()));
    CHECK(g.build_diagnostics().empty());
    const body& tpg = g[g.at("tpg")];
    CHECK(tpg.has_remit_sectors);
    CHECK(tpg.remit_sectors == sector_set{sector::icb, sector::csu, sector::ccg});
    CHECK_FALSE(tpg.remit_sectors.contains(sector::nhs_trust));
    CHECK(g[g.at("e")].sector == sector::ccg);
    CHECK(g[g.at("e-lnc")].staff_groups == std::vector<std::string>{"medical_and_dental", "dental-core"});
    REQUIRE(g.covers());
    CHECK(g.covers()->from == d(2021, 4, 1));
    CHECK(g.covers()->to == d(2030, 1, 1));
    CHECK(contains(g.covers_where(), "v2.json:1:25 /covers"));
    const std::string written = write_graph(g);
    CHECK(contains(written, R"("covers": {"from": "2021-04-01", "to": "2030-01-01"})"));
    CHECK(contains(written, R"("remit_sectors": ["icb", "csu", "ccg"])"));
    CHECK(contains(written, R"("staff_groups": ["medical_and_dental", "dental-core"])"));
    const auto g2 = read_graph(written, "written.json");
    check_same_bodies(g, g2);
    CHECK(g2.covers() == g.covers());
    CHECK(write_graph(g2) == written);
    // Either end of covers may be left out; no covers is nullopt.
    const auto open_end = read_graph(R"({"spfgov": 1, "covers": {"from": "2021-04-01"}, "bodies": []})");
    REQUIRE(open_end.covers());
    CHECK(open_end.covers()->open_end());
    CHECK(contains(write_graph(open_end), R"("covers": {"from": "2021-04-01"})"));
    CHECK_FALSE(read_graph(graph_with(R"({"id": "n", "kind": "national_forum"})")).covers());
}

TEST_CASE("reader codes for the version 2 fields name the JSON path") {
    SUBCASE("unknown_sector in remit_sectors") {
        const auto text = graph_with(R"({"id": "s", "kind": "subgroup", "remit_sectors": ["icb", "hospital"]})");
        CHECK(only(text, "unknown_sector").where == at("t.json", text, "\"hospital\"") + " /bodies/0/remit_sectors/1");
    }
    SUBCASE("wrong_type: remit_sectors, staff_groups, covers") {
        CHECK(contains(only(graph_with(R"({"id": "s", "kind": "subgroup", "remit_sectors": "icb"})"), "wrong_type").where,
                       "/bodies/0/remit_sectors"));
        CHECK(contains(only(graph_with(R"({"id": "j", "kind": "jncc", "staff_groups": [7]})"), "wrong_type").where,
                       "/bodies/0/staff_groups/0"));
        const auto g = read_graph(R"({"spfgov": 1, "covers": "2021", "bodies": []})", "t.json");
        REQUIRE(with_code(g.build_diagnostics(), "wrong_type").size() == 1);
        CHECK(contains(g.build_diagnostics().front().where, "/covers"));
        CHECK(contains(only(R"({"spfgov": 1, "covers": {"to": "2021-02-30"}, "bodies": []})", "bad_date").where,
                       "/covers/to"));
    }
    SUBCASE("bad_staff_group: not lowercase") {
        const auto text = graph_with(R"({"id": "j", "kind": "jncc", "staff_groups": ["Medical"]})");
        CHECK(only(text, "bad_staff_group").where == at("t.json", text, "\"Medical\"") + " /bodies/0/staff_groups/0");
    }
    SUBCASE("field_not_allowed: each field from the field table") {
        CHECK(contains(only(graph_with(R"({"id": "e", "kind": "employer", "remit_sectors": ["icb"]})"), "field_not_allowed").where,
                       "/bodies/0/remit_sectors"));
        const auto x = only(graph_with(R"({"id": "e", "kind": "employer", "staff_groups": ["nursing"]})"), "field_not_allowed");
        CHECK(contains(x.where, "/bodies/0/staff_groups"));
        CHECK(contains(x.message, "expected it only on a jncc"));
        CHECK(contains(only(graph_with(R"({"id": "e", "kind": "employer", "meets": {"rule": "FREQ=MONTHLY", "start": "2026-01-01"}})"),
                            "field_not_allowed").where,
                       "/bodies/0/meets"));
    }
    SUBCASE("empty lists are kept for validate() to report") {
        const auto g = read_graph(graph_with(R"({"id": "n", "kind": "national_forum"},
{"id": "s", "kind": "subgroup", "parent": "n", "remit_sectors": []},
{"id": "j", "kind": "jncc", "staff_groups": []})"), "t.json");
        const auto ds = validate(g);
        CHECK(with_code(ds, "empty_remit_sectors").size() == 1);
        CHECK(with_code(ds, "empty_staff_groups").size() == 1);
        CHECK(contains(write_graph(g), R"("remit_sectors": [])"));
    }
    SUBCASE("a list whose every item is refused is not also called empty") {
        const auto g = read_graph(graph_with(R"({"id": "n", "kind": "national_forum"},
{"id": "s", "kind": "subgroup", "parent": "n", "remit_sectors": ["nhs trust"]},
{"id": "j", "kind": "jncc", "staff_groups": ["Medical_and_Dental"]})"), "t.json");
        const auto ds = validate(g);
        CHECK(with_code(ds, "bad_staff_group").size() == 1);
        CHECK(with_code(ds, "unknown_sector").size() == 1);
        CHECK(with_code(ds, "empty_staff_groups").empty());
        CHECK(with_code(ds, "empty_remit_sectors").empty());
        // Kept as given, empty: the committee covers no group, not every group.
        CHECK(g[*g.find("j")].has_staff_groups);
        CHECK(g[*g.find("s")].has_remit_sectors);
    }
    SUBCASE("reversed_covers") {
        const std::string text = R"({"spfgov": 1, "covers": {"from": "2022-01-01", "to": "2022-01-01"}, "bodies": []})";
        const auto found = with_code(validate(read_graph(text, "t.json")), "reversed_covers");
        REQUIRE(found.size() == 1);
        CHECK(found.front().where == at("t.json", text, "{\"from\"") + " /covers");
        CHECK(rendered(found.front().location) == found.front().where);
        CHECK(found.front().location.pointer == "/covers");
    }
}

TEST_CASE("a diagnostic's position is data too: file, line, column and JSON pointer, as its text says") {
    // From the reader (a wrong value), the builder (a duplicate id), a link
    // given twice (a warning) and validate (a body's own check).
    const std::string text = graph_with(R"({"id": "a", "kind": "region", "name": 12},
{"id": "a", "kind": "region"},
{"id": "s", "kind": "system", "region": "a"},
{"id": "j", "kind": "jncc", "staff_groups": []})");
    const auto g = read_graph(text, "t.json");
    const auto ds = validate(g);
    // (No structured binding: clang 14 cannot capture one in INFO's lambda.)
    for (const auto& code_and_pointer : {std::pair{"wrong_type", "/bodies/0/name"}, std::pair{"duplicate_id", "/bodies/1"},
                                         std::pair{"empty_staff_groups", "/bodies/3"}}) {
        const std::string code = code_and_pointer.first, pointer = code_and_pointer.second;
        INFO(code);
        const auto found = with_code(ds, code);
        REQUIRE(found.size() == 1);
        const diagnostic& d = found.front();
        CHECK(d.location.file == "t.json");
        CHECK(d.location.pointer == pointer);
        REQUIRE(d.location.line);
        REQUIRE(d.location.column);
        CHECK(rendered(d.location) == d.where);
    }
    CHECK(rendered(with_code(ds, "wrong_type").front().location) == at("t.json", text, "12") + " /bodies/0/name");
    // A key given twice: the second value's place.
    const std::string twice = graph_with(R"({"id": "a", "kind": "region", "name": "x", "name": "y"})");
    const auto dup = only(twice, "duplicate_key");
    CHECK(dup.location.pointer == "/bodies/0/name");
    CHECK(rendered(dup.location) == at("t.json", twice, "\"y\"") + " /bodies/0/name");
    // A graph built in code has no position, as text or as data.
    graph_builder b;
    b.add_body({.id = "a", .kind = body_kind::region});
    b.add_body({.id = "a", .kind = body_kind::region});
    const auto in_code = std::move(b).build();
    REQUIRE(in_code.build_diagnostics().size() == 1);
    CHECK(in_code.build_diagnostics()[0].where.empty());
    CHECK(in_code.build_diagnostics()[0].location == error_location{});
}

TEST_CASE("an issue's staff_groups: read, written, and [] or a bad id refused") {
    const std::string base = R"({"id": "I", "kind": "role_change", "origin": "employer", "affected": ["RRK"], "date": "2026-11-22")";
    const issue i = read_issue(base + R"(, "staff_groups": ["medical_and_dental"]})", "i.json");
    CHECK(i.staff_groups == std::vector<std::string>{"medical_and_dental"});
    CHECK(read_issue(base + "}", "i.json").staff_groups.empty());
    CHECK(contains(write_issue(i), R"("affected": ["RRK"], "staff_groups": ["medical_and_dental"], "date": "2026-11-22")"));
    CHECK(read_issue(write_issue(i)).staff_groups == i.staff_groups);
    // Issues compare field by field, staff groups included: the round-trip
    // checks (and the fuzz targets) cannot miss a field added later.
    issue other = i;
    CHECK(other == i);
    other.staff_groups.push_back("nursing");
    CHECK(other != i);
    CHECK_FALSE(contains(write_issue(read_issue(base + "}")), "staff_groups"));
    const std::string empty = base + R"(, "staff_groups": []})";
    auto [code, what] = thrown<issue_error>([&] { (void)read_issue(empty, "i.json"); });
    CHECK(code == "empty_staff_groups");
    CHECK(contains(what, at("i.json", empty, "[]") + " /staff_groups"));
    auto [code2, what2] = thrown<issue_error>([&] { (void)read_issue(base + R"(, "staff_groups": ["Nursing"]})", "i.json"); });
    CHECK(code2 == "bad_staff_group");
    CHECK(contains(what2, "/staff_groups/0"));
    auto [code3, what3] = thrown<issue_error>([&] { (void)read_issue(base + R"(, "staff_groups": "nursing"})", "i.json"); });
    CHECK(code3 == "wrong_type");
}

// ------------------------------------------------------------ overlays

namespace {

const char* overlay_base = R"({"spfgov": 1, "covers": {"from": "2021-04-01"},
"bodies": [
{"id": "Y60", "kind": "region"},
{"id": "QHL", "kind": "system", "region": "Y60"},
{"id": "QUA", "kind": "system", "region": "Y60"},
{"id": "QHL-forum", "kind": "system_forum", "system": "QHL"},
{"id": "QUA-forum", "kind": "system_forum", "system": "QUA"},
{"id": "RRK", "kind": "employer", "sector": "foundation_trust", "system": "QHL", "name": "UHB", "local": {"a": 1, "b": 2}},
{"id": "RRK-jncc", "kind": "jncc", "employer": "RRK"},
{"id": "unison", "kind": "trade_union"}
],
"links": [{"from": "RRK", "to": "unison", "relation": "recognises"}]}
)";

governance_graph layered(const std::string& overlay, const std::string& overlay_name = "local.json") {
    const std::vector<graph_layer> layers{{overlay_base, "base.json"}, {overlay, overlay_name}};
    return read_graph_layers(layers);
}

std::size_t links_of(const governance_graph& g, std::string_view from, relation rel) {
    std::size_t n = 0;
    for (auto l : g.out_links(g.at(from)))
        if (g[l].rel == rel && g[l].origin != link_origin::derived) ++n;
    return n;
}

} // namespace

TEST_CASE("overlays: new bodies are added, existing ones changed field by field") {
    const auto g = layered(R"({"spfgov": 1, "covers": {"from": "2022-07-01", "to": "2028-01-01"},
"bodies": [
{"id": "RRK", "kind": "employer", "valid_to": "2027-04-01", "local": {"b": 3}},
{"id": "NEW", "kind": "employer", "sector": "nhs_trust", "system": "QHL", "succeeds": "RRK", "valid_from": "2027-04-01"},
{"id": "NEW-jncc", "kind": "jncc", "employer": "NEW", "staff_groups": ["nursing"]}
],
"links": [{"from": "RRK", "to": "unison", "relation": "recognises"}, {"from": "NEW", "to": "unison", "relation": "recognises"}]})");
    INFO(all(g.build_diagnostics()));
    CHECK(g.build_diagnostics().empty());
    CHECK(g.body_count() == 10);
    const body& rrk = g[g.at("RRK")];
    CHECK(rrk.name == "UHB");                            // not given: kept
    CHECK(rrk.sector == sector::foundation_trust);       // not given: kept
    CHECK(rrk.valid.to == d(2027, 4, 1));                // given: replaced
    CHECK(rrk.valid.open_start());
    CHECK(rrk.extra == R"({"local": {"b": 3}})");         // an unknown field is replaced whole
    CHECK(contains(rrk.where.str(), "local.json:3:"));         // the latest definition
    CHECK(links_of(g, "RRK", relation::part_of) == 1);   // no structural field given: kept
    CHECK(links_of(g, "RRK", relation::recognises) == 1);  // given again: counts once
    CHECK(links_of(g, "NEW", relation::succeeds) == 1);
    REQUIRE(g.covers());
    CHECK(g.covers()->from == d(2022, 7, 1));            // the overlay's covers replaces the base's
    CHECK(g.covers()->to == d(2028, 1, 1));
    CHECK(g[g.at("NEW-jncc")].staff_groups == std::vector<std::string>{"nursing"});
}

TEST_CASE("overlays: a structural field replaces that body's links of its relation") {
    const auto g = layered(R"({"spfgov": 1, "bodies": [
{"id": "RRK", "kind": "employer", "system": ["QUA"]},
{"id": "QHL-forum", "kind": "system_forum", "name": "renamed"}
]})");
    CHECK(g.build_diagnostics().empty());
    const auto rrk = g.at("RRK");
    std::vector<std::string> systems;
    for (auto l : g.out_links(rrk))
        if (g[l].rel == relation::part_of) systems.push_back(g.id(g.target(l)));
    CHECK(systems == std::vector<std::string>{"QUA"});
    CHECK(links_of(g, "QHL-forum", relation::committee_of) == 1);  // a name alone keeps the links
    CHECK(g[g.at("QHL-forum")].name == "renamed");
}

TEST_CASE("overlays: errors name the overlay file, line, column and path") {
    SUBCASE("a changed kind") {
        const std::string overlay = "{\"spfgov\": 1, \"bodies\": [\n  {\"id\": \"RRK\", \"kind\": \"system\"}\n]}";
        const auto g = layered(overlay);
        const auto found = with_code(g.build_diagnostics(), "overlay_kind_mismatch");
        REQUIRE(found.size() == 1);
        CHECK(found.front().where == at("local.json", overlay, "\"system\"") + " /bodies/0/kind");
        CHECK(contains(found.front().message, "base.json:"));
        CHECK(g[g.at("RRK")].kind == body_kind::employer);  // unchanged
    }
    SUBCASE("a field the kind may not carry, an unknown reference, a duplicate in the overlay") {
        const std::string overlay = R"({"spfgov": 1, "bodies": [
{"id": "RRK", "kind": "employer", "remit": ["policy"]},
{"id": "X", "kind": "employer", "system": "NOPE"},
{"id": "X", "kind": "employer"}
]})";
        const auto g = layered(overlay);
        CHECK(contains(only_in(g, "field_not_allowed").where, "local.json:2:"));
        CHECK(contains(only_in(g, "dangling_reference").where, "local.json:3:"));
        CHECK(contains(only_in(g, "duplicate_id").where, "local.json:4:"));
    }
    SUBCASE("malformed JSON or no version: parse_error naming the overlay") {
        auto [code, what] = thrown<parse_error>([&] { (void)layered("{\"spfgov\": 1,\n \"bodies\": [,]}"); });
        CHECK(contains(what, "local.json:2:"));
        auto [code2, what2] = thrown<parse_error>([&] { (void)layered(R"({"bodies": []})"); });
        CHECK(code2 == "bad_version");
        CHECK(contains(what2, "local.json:"));
    }
}

TEST_CASE("a body repeated in one file is a duplicate whose structural links are dropped; in an overlay, a change") {
    SUBCASE("one file: the repeat's links are not read, so its bad reference is not reported") {
        const auto g = read_graph(R"({"spfgov": 1, "bodies": [
{"id": "S", "kind": "system"},
{"id": "X", "kind": "employer", "system": "S"},
{"id": "X", "kind": "employer", "system": "NOPE"}
]})", "t.json");
        CHECK(contains(only_in(g, "duplicate_id").where, "t.json:4:"));
        CHECK(with_code(g.build_diagnostics(), "dangling_reference").empty());
        REQUIRE(g.out_links(g.at("X")).size() == 1);
        CHECK(g.id(g.target(g.out_links(g.at("X")).front())) == "S");
    }
    SUBCASE("an overlay: a base body given twice is changed twice, the last name winning") {
        const auto g = layered(R"({"spfgov": 1, "bodies": [
{"id": "RRK", "kind": "employer", "name": "first"},
{"id": "RRK", "kind": "employer", "name": "second"}
]})");
        CHECK(with_code(g.build_diagnostics(), "duplicate_id").empty());
        CHECK(g[g.at("RRK")].name == "second");
    }
}

TEST_CASE("read_graph_files: england and england-gp are the built-in graphs") {
    const std::vector<std::string> only_england{"england"};
    const auto copy = read_graph_files(only_england);
    CHECK(copy.body_count() == england_graph().body_count());
    std::map<std::string, std::string> files{
        {"local.json", R"({"spfgov": 1, "bodies": [{"id": "QHL-icb", "kind": "employer", "valid_to": "2027-04-01"},
                           {"id": "X-icb", "kind": "employer", "sector": "icb", "system": "QHL", "succeeds": "QHL-icb", "valid_from": "2027-04-01"}]})"},
        {"./england", R"({"spfgov": 1, "bodies": [{"id": "extra", "kind": "trade_union"}]})"}};
    auto read_text = [&](const std::string& name) { return files.at(name); };
    const std::vector<std::string> names{"england", "local.json", "./england"};
    const auto g = read_graph_files(names, {}, read_text);
    CHECK(g.body_count() == england_graph().body_count() + 2);
    CHECK(g[g.at("QHL-icb")].valid.to == d(2027, 4, 1));
    CHECK(g.find("extra"));
    CHECK_FALSE(has_errors(validate(g)));
    CHECK(england_graph()[england_graph().at("QHL-icb")].valid.open_end());  // the built-in graph is untouched
    auto [code, what] = thrown<parse_error>([&] {
        const std::vector<std::string> missing{"england", "/nonexistent/overlay.json"};
        (void)read_graph_files(missing);
    });
    CHECK(code == "cannot_open");
    CHECK(contains(what, "/nonexistent/overlay.json"));
}

TEST_CASE("append_route with quoted_ids writes the same bytes, ids needing escaping included") {
    // Ids with a quote, a backslash and non-ASCII: the table holds them escaped once.
    const std::string text = R"({"spfgov": 1, "bodies": [
  {"id": "Y\"1", "kind": "region"},
  {"id": "S\\1", "kind": "system", "region": "Y\"1"},
  {"id": "S\\1-forum", "kind": "system_forum", "system": "S\\1"},
  {"id": "Trust-\u00e9", "kind": "employer", "system": "S\\1"},
  {"id": "Trust-\u00e9-jncc", "kind": "jncc", "employer": "Trust-\u00e9"},
  {"id": "Other", "kind": "employer", "system": "S\\1"},
  {"id": "Other-jncc", "kind": "jncc", "employer": "Other"}
 ], "links": []})";
    const auto g = read_graph(text, "escaping.json");
    const quoted_ids table(g);
    REQUIRE(table.size() == g.body_count());
    for (auto b : g.bodies()) CHECK(nlohmann::json::parse(table[b]) == g.id(b));
    CHECK(table[g.at("Y\"1")] == R"("Y\"1")");
    CHECK(table[g.at("S\\1")] == R"("S\\1")");
    issue i;
    i.id = "I-\"1";
    i.date = d(2026, 3, 2);
    i.kind = issue_kind::restructure;
    i.origin = level::system;
    i.affected = {"Trust-\xC3\xA9", "Other"};
    const route r = route_issue(g, i);
    REQUIRE_FALSE(r.consult.empty());
    for (auto detail : {rationale_detail::full, rationale_detail::rules, rationale_detail::none}) {
        std::string plain, quoted;
        append_route(plain, r, g, detail);
        append_route(quoted, r, g, table, detail);
        CHECK(quoted == plain);
    }
    CHECK(write_route(r, g).find(R"("consult": ["Other-jncc", "Trust-é-jncc"])") != std::string::npos);
    // Each sentence, rendered straight into the line, reads back as rationale_text
    // gives it: escaped where it names an id with a quote, backslash or é, copied where plain.
    const auto written = nlohmann::json::parse(write_route(r, g));
    REQUIRE(written["rationale"].size() == r.rationale.size());
    std::size_t escaped = 0;
    for (std::size_t n = 0; n < r.rationale.size(); ++n) {
        const std::string sentence = rationale_text(r.rationale[n], r, g);
        CHECK(written["rationale"][n]["text"] == sentence);
        if (sentence.find_first_of("\"\\\xC3") != std::string::npos) ++escaped;
    }
    CHECK(escaped > 0);  // (plain sentences: cli.batch_jobs_identical pins 100,000 lines of them)
    // A handle the graph has not: the same error as without the table.
    route stray = r;
    stray.lead.push_back(body_handle{static_cast<std::uint32_t>(g.body_count())});
    std::string out;
    CHECK_THROWS_WITH_AS(append_route(out, stray, g, table), doctest::Contains("unknown_id"), graph_error);
    CHECK_THROWS_WITH_AS(append_route(out, stray, g), doctest::Contains("unknown_id"), graph_error);
    // append_array: the ids as one JSON array after what `out` holds; a bad
    // handle throws before anything is appended.
    std::string array = "prefix ";
    table.append_array(array, std::vector{g.at("Y\"1"), g.at("Other"), g.at("S\\1")});
    CHECK(array == R"(prefix ["Y\"1", "Other", "S\\1"])");
    table.append_array(array, std::vector<body_handle>{});
    CHECK(array == R"(prefix ["Y\"1", "Other", "S\\1"][])");
    const std::string before = array;
    CHECK_THROWS_AS(table.append_array(array, stray.lead), graph_error);
    CHECK(array == before);
}

namespace {
/// A system of `n` employers, each with its JNCC, the ids starting `prefix`:
/// two such graphs have the same handles for different ids.
governance_graph system_of_employers(const std::string& prefix, int n) {
    nlohmann::json bodies = nlohmann::json::array(
        {{{"id", prefix + "Y"}, {"kind", "region"}}, {{"id", prefix + "S"}, {"kind", "system"}, {"region", prefix + "Y"}}});
    for (int k = 0; k < n; ++k) {
        const std::string e = prefix + "E" + std::to_string(k);
        bodies.push_back({{"id", e}, {"kind", "employer"}, {"system", prefix + "S"}});
        bodies.push_back({{"id", e + "-jncc"}, {"kind", "jncc"}, {"employer", e}});
    }
    const nlohmann::json graph = {{"spfgov", 1}, {"bodies", bodies}, {"links", nlohmann::json::array()}};
    return read_graph(graph.dump(), prefix + ".json");
}
} // namespace

TEST_CASE("a route naming the same long list many times writes each time the ids of its own graph") {
    // Ten JNCCs: the lead, negotiate and consult lists, the ladder's first
    // level and several sentences name the same ten, so all but the first of
    // each kind are copies of it (src/detail_id_lists.hpp). Two graphs with the
    // same handles for other ids, written one after the other on one thread,
    // must not share those copies; nor two routes of one graph.
    const auto first = system_of_employers("T", 10), second = system_of_employers("U\"", 10);
    issue i;
    i.id = "all-ten";
    i.date = d(2026, 3, 2);
    i.kind = issue_kind::restructure;
    i.origin = level::system;
    for (int k = 0; k < 10; ++k) i.affected.push_back("TE" + std::to_string(k));
    const route a = route_issue(first, i);
    for (auto& id : i.affected) id = "U\"" + id.substr(1);
    const route b = route_issue(second, i);
    REQUIRE(a.consult.size() == 10);
    REQUIRE(a.consult == b.consult);  // the same handles
    REQUIRE(a.negotiate == a.consult);
    const quoted_ids first_ids(first), second_ids(second);
    for (int round = 0; round < 2; ++round) {
        for (const auto& [r, g, ids] : {std::tuple{&a, &first, &first_ids}, std::tuple{&b, &second, &second_ids}}) {
            std::string plain, quoted;
            append_route(plain, *r, *g);
            append_route(quoted, *r, *g, *ids);
            CHECK(quoted == plain);
            const auto written = nlohmann::json::parse(quoted);
            for (const char* list : {"lead", "negotiate", "consult"}) {
                std::vector<std::string> want;
                for (auto h : r->consult) want.push_back(g->id(h));
                if (std::string(list) != "lead" || !r->lead.empty()) CHECK(written[list] == nlohmann::json(want));
            }
            // Each sentence as rationale_text writes it on its own.
            REQUIRE(written["rationale"].size() == r->rationale.size());
            std::size_t naming_all = 0;
            for (std::size_t n = 0; n < r->rationale.size(); ++n) {
                const std::string sentence = rationale_text(r->rationale[n], *r, *g);
                CHECK(written["rationale"][n]["text"] == sentence);
                if (sentence.find(g->id(r->consult.back())) != std::string::npos) ++naming_all;
            }
            CHECK(naming_all >= 3);
            const std::string other = g == &first ? "\"U\\\"E" : "\"TE";
            CHECK(quoted.find(other) == std::string::npos);
        }
    }
}

TEST_CASE("rationale id lists: comma-separated ids, or none") {
    const auto g = read_graph(R"({"spfgov": 1, "bodies": [{"id": "R1", "kind": "region"}, {"id": "R2", "kind": "region"},
        {"id": "Region-with-a-long-id-past-sso", "kind": "region"}]})", "ids.json");
    std::string out = "Named: ";
    append_id_list(out, g, std::vector{g.at("R2"), g.at("Region-with-a-long-id-past-sso"), g.at("R1")});
    CHECK(out == "Named: R2, Region-with-a-long-id-past-sso, R1");
    CHECK(id_list(g, {}) == "none");
    CHECK(id_list(g, std::vector{g.at("R1")}) == "R1");
}

} // namespace test_io_cpp
