// read_issue's two readers (spfgov/detail/issue_reading.hpp): the simdjson
// fast path reads only what the located reader reads, to the same issue, and
// every error is still the located reader's, byte for byte.
#include "issue_reading_check.hpp"
#include "testland.hpp"

#include <spfgov/batch.hpp>
#include <spfgov/generate.hpp>
#include <spfgov/route.hpp>
#include <spfgov/io.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace test_issue_reading_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using namespace spfgov;
using issue_reading_check::check;
using testland::slurp;

namespace {

// A batch as bench/batch.sh makes it: a generated graph, dates over seven years.
std::vector<std::string> generated_lines(std::size_t count) {
    generator_options g;
    g.employers = 300;
    const governance_graph graph = generate_graph(g);
    issue_mix_options mix;
    mix.count = count;
    mix.seed = 7;
    mix.from = date(2020, 1, 1);
    mix.to = date(2026, 12, 31);
    std::vector<std::string> lines;
    generate_issues(graph, mix, [&](const issue& i) { lines.push_back(write_issue(i)); });
    return lines;
}

void require_agreement(std::string_view text, const std::string& where, const read_limits& limits = {}) {
    const auto v = check(text, limits);
    INFO(where);
    INFO(std::string(text.substr(0, 300)));
    CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
}

bool reads_fast(std::string_view text, const read_limits& limits = {}) {
    const auto v = check(text, limits);
    INFO(std::string(text));
    CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
    return v.fast;
}

// The error code read_issue gives (the located reader's), or "" if it reads.
std::string error_code(std::string_view text, const read_limits& limits = {}) {
    try {
        (void)read_issue(text, "<line>", limits);
        return "";
    } catch (const error& e) {
        return e.code();
    }
}

const std::string base_line =
    R"({"id": "i-1", "kind": "restructure", "origin": "employer", "affected": ["RRK", "RRX"], )"
    R"("date": "2026-05-04", "system_process_agreed": false})";

// base_line with `member` added before the closing brace.
std::string with(const std::string& member) { return base_line.substr(0, base_line.size() - 1) + ", " + member + "}"; }

} // namespace

TEST_CASE("every generated issue line is read by the fast path, to the located reader's issue") {
    const auto lines = generated_lines(20000);
    REQUIRE(lines.size() == 20000);
    std::size_t fast = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const auto v = check(lines[n]);
        if (v.disagreement) {
            INFO("generated line " << n + 1 << ": " << lines[n]);
            FAIL(*v.disagreement);
        }
        fast += v.fast ? 1 : 0;
    }
    // Generated lines are plain JSON: none should need the located reader.
    CHECK(fast == lines.size());
}

TEST_CASE("the fast path and the located reader agree on every issue file, batch line and fuzz seed of the project") {
    std::size_t texts = 0;
    std::size_t fast = 0;
    for (const char* dir : {"tests", "examples"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(SPFGOV_SOURCE_DIR) / dir)) {
            if (!entry.is_regular_file()) continue;
            const auto& p = entry.path();
            const bool seed = p.parent_path().filename() == "issue" && p.parent_path().parent_path().filename() == "corpus";
            if (p.extension() == ".json" || seed) {
                const auto v = check(slurp(p));
                INFO(p.string());
                CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
                ++texts;
                fast += v.fast ? 1 : 0;
            } else if (p.extension() == ".jsonl") {
                std::istringstream in(slurp(p));
                std::string line;
                for (std::size_t n = 1; std::getline(in, line); ++n) {
                    const auto v = check(line);
                    INFO(p.string() << ":" << n);
                    CHECK_MESSAGE(!v.disagreement, v.disagreement.value_or(""));
                    ++texts;
                    fast += v.fast ? 1 : 0;
                }
            }
        }
    }
    CHECK(texts > 50);
    CHECK(fast > 5);  // the issue files and batch lines among them
}

TEST_CASE("the fast path agrees on every prefix and every one-byte change of generated lines") {
    const auto lines = generated_lines(6);
    const std::string replacements = std::string("\"\\,:{}[]0 -.exnt\t") + std::string(1, '\0') + "\xff";
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        for (std::size_t cut = 0; cut < line.size(); ++cut) require_agreement(std::string_view(line).substr(0, cut), "prefix");
        for (std::size_t at = 0; at < line.size(); ++at) {
            for (const char c : replacements) {
                std::string changed = line;
                changed[at] = c;
                require_agreement(changed, "changed byte");
            }
            std::string dropped = line;
            dropped.erase(at, 1);
            require_agreement(dropped, "dropped byte");
        }
        require_agreement(line + " x", "trailing text");
        require_agreement(line + "}", "trailing brace");
        require_agreement(line + line, "two objects");
    }
}

TEST_CASE("what the fast path reads itself") {
    CHECK(reads_fast(base_line));
    CHECK(reads_fast(" \t" + base_line + " \r\n"));
    CHECK(reads_fast("{\n  \"id\": \"i-2\",\n  \"kind\": \"policy\",\n  \"origin\": \"national\",\n  \"affected\": [],\n"
                     "  \"date\": \"2024-02-29\"\n}\n"));
    CHECK(reads_fast(with(R"("title": null, "staff_groups": null, "redundancies": null, "first_dismissal": null)")));
    CHECK(reads_fast(with(R"("staff_groups": ["medical_and_dental", "nursing-2"])")));
    CHECK(reads_fast(with(R"("redundancies": {"RRK": 0, "RRX": 2147483647, "": 3}, "first_dismissal": "2026-09-01")")));
    CHECK(reads_fast(R"({"id": "i-3", "kind": "policy", "origin": "national", "affected": [], "date": "2026-01-01", )"
                     R"("system_process_agreed": null})"));
    CHECK(reads_fast(R"({"id": ")" + std::string(256, 'a') + R"(", "kind": "restructure", "origin": "employer", "affected": [""], "date": "2026-01-01"})"));
    const auto i = detail::read_issue_fast(
        with(R"("title": "Merge estates", "redundancies": {"RRK": 12, "RRX": 3}, "staff_groups": ["nursing"])"), {});
    REQUIRE(i);
    CHECK(i->id == "i-1");
    CHECK(i->title == "Merge estates");
    CHECK(i->affected == std::vector<std::string>{"RRK", "RRX"});
    CHECK(i->staff_groups == std::vector<std::string>{"nursing"});
    CHECK(i->redundancies == std::vector<std::pair<std::string, int>>{{"RRK", 12}, {"RRX", 3}});
    CHECK(i->date == date(2026, 5, 4));
}

TEST_CASE("what the fast path leaves to the located reader, which gives today's errors") {
    // Errors: the fast path gives up; the located reader names them.
    CHECK_FALSE(reads_fast(with(R"("id": "again")")));
    CHECK(error_code(with(R"("id": "again")")) == "duplicate_key");
    CHECK_FALSE(reads_fast(with(R"("redundancies": {"RRK": 1, "RRK": 2})")));
    CHECK(error_code(with(R"("redundancies": {"RRK": 1, "RRK": 2})")) == "duplicate_key");
    CHECK_FALSE(reads_fast(base_line + " x"));
    CHECK(error_code(base_line + " x") == "trailing_data");
    CHECK_FALSE(reads_fast(base_line + "}"));
    CHECK(error_code(base_line + "}") == "trailing_data");
    CHECK_FALSE(reads_fast(with(R"("redundancies": {"RRK": 2147483648})")));
    CHECK(error_code(with(R"("redundancies": {"RRK": 2147483648})")) == "bad_count");
    CHECK_FALSE(reads_fast(with(R"("redundancies": {"RRK": -1})")));
    CHECK_FALSE(reads_fast(with(R"("staff_groups": [])")));
    CHECK(error_code(with(R"("staff_groups": [])")) == "empty_staff_groups");
    CHECK_FALSE(reads_fast(with(R"("staff_groups": ["Nursing"])")));
    CHECK(error_code(with(R"("staff_groups": ["Nursing"])")) == "bad_staff_group");
    CHECK_FALSE(reads_fast(with(R"("first_dismissal": "2026-02-30")")));
    CHECK(error_code(with(R"("first_dismissal": "2026-02-30")")) == "bad_date");
    // A day that exists, but before the dates spfgov can hold: the message gives the range, not "that exists".
    try {
        (void)read_issue(with(R"("first_dismissal": "0001-01-01")"), "<line>");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.code() == "bad_date");
        CHECK(std::string(e.what()).find("expected a YYYY-MM-DD date from 1400-01-01 to 9999-12-31, got \"0001-01-01\"") !=
              std::string::npos);
    }
    CHECK_FALSE(reads_fast("{\"id\": \"a\tb\", \"kind\": \"policy\", \"origin\": \"national\", \"affected\": [], \"date\": \"2026-01-01\"}"));
    CHECK_FALSE(reads_fast(R"({"id": ")" + std::string(257, 'a') + R"(", "kind": "restructure", "origin": "employer", "affected": [], "date": "2026-01-01"})"));
    CHECK_FALSE(reads_fast(R"({"kind": "restructure", "origin": "employer", "affected": [], "date": "2026-01-01"})"));
    CHECK(error_code(R"({"kind": "restructure", "origin": "employer", "affected": [], "date": "2026-01-01"})") == "missing_field");
    CHECK_FALSE(reads_fast(""));
    CHECK(error_code("") == "empty_input");
    CHECK_FALSE(reads_fast("[]"));

    // Valid issues the fast path leaves alone (rare in batches): the located
    // reader reads them, as before.
    CHECK_FALSE(reads_fast(with(R"("note": "kept out")")));
    CHECK(error_code(with(R"("note": "kept out")")).empty());
    CHECK_FALSE(reads_fast(with(R"("title": "Caf\u00e9")")));
    CHECK_FALSE(reads_fast(with("\"title\": \"Caf\xc3\xa9\"")));
    CHECK(read_issue(with("\"title\": \"Caf\xc3\xa9\"")).title == "Caf\xc3\xa9");
    CHECK_FALSE(reads_fast("\xef\xbb\xbf" + base_line));
    CHECK(error_code("\xef\xbb\xbf" + base_line).empty());
    CHECK_FALSE(reads_fast(with(R"("redundancies": {"RRK": 1.0})")));
    CHECK_FALSE(reads_fast(with(R"("redundancies": {"RRK": 1e2})")));

    // The located reader's limits hold on the fast path too.
    read_limits shallow;
    shallow.max_depth = 1;
    CHECK_FALSE(reads_fast(base_line, shallow));
    CHECK(error_code(base_line, shallow) == "too_deep");
    read_limits short_lines;
    short_lines.max_line_length = base_line.size() - 1;
    CHECK_FALSE(reads_fast(base_line, short_lines));
    CHECK(error_code(base_line, short_lines) == "too_large");
    read_limits short_ids;
    short_ids.max_id_length = 2;
    CHECK_FALSE(reads_fast(base_line, short_ids));
    CHECK(error_code(base_line, short_ids) == "id_too_long");
}

TEST_CASE("with the line limits raised, a line too dense for the located reader's memory budget is refused, not read fast") {
    // Found in review: 2,000,000 short ids (8 MB) make a tree of more than
    // 64 MiB + 16 x 8 MB, which the located reader refuses as too_dense.
    read_limits raised;
    raised.max_issue_bytes = raised.max_line_length = std::size_t{8} << 20;
    std::string line = R"({"id": "dense", "kind": "restructure", "origin": "employer", "date": "2026-05-04", "affected": [)";
    for (int n = 0; n < 2000000; ++n) line += n ? ",\"a\"" : "\"a\"";
    line += "]}";
    REQUIRE(line.size() < raised.max_line_length);
    CHECK_FALSE(detail::read_issue_fast(line, raised).has_value());
    CHECK(error_code(line, raised) == "too_dense");
}

TEST_CASE("a line read into an issue that held another line is the issue read afresh, nothing of the other kept") {
    const std::string full =
        R"({"id": "full-1", "title": "Every field", "kind": "redundancy", "origin": "system", "affected": ["RRK", "RRX", "RR1"], )"
        R"("staff_groups": ["nursing"], "date": "2026-05-04", "system_process_agreed": true, )"
        R"("redundancies": {"RRK": 25}, "first_dismissal": "2026-09-01"})";
    std::vector<std::string> lines = generated_lines(300);
    lines.insert(lines.begin() + 100, full);
    lines.insert(lines.begin() + 101, base_line);  // the smallest line right after the fullest
    lines.push_back(full);
    issue reused;
    for (const auto& line : lines) {
        INFO(line);
        REQUIRE(detail::read_issue_fast_into(line, {}, reused));
        CHECK(reused == read_issue(line, "<line>"));
    }
    // A line the fast path leaves to the located reader: false, and read_issue still reads it.
    const std::string escaped = with(R"("title": "caf\u00e9")");
    CHECK_FALSE(detail::read_issue_fast_into(escaped, {}, reused));
    CHECK(read_issue(escaped, "<line>").title == "caf\xc3\xa9");
}

TEST_CASE("a batch line's unknown keys are noted in its order, and a line of known keys notes none") {
    const std::string misspelt = R"({"id": "T", "kind": "restructure", "origin": "employer", "affected": ["E1"], )"
                                 R"("date": "2026-02-01", "system_process_agred": true, "x-ref": "A1"})";
    const std::string plain = R"({"id": "T", "kind": "restructure", "origin": "employer", "affected": ["E1"], "date": "2026-02-01"})";
    batch_line_notes notes;
    const auto read = read_batch_line(misspelt, 7, "b.jsonl", {}, notes);
    REQUIRE(std::holds_alternative<issue>(read));
    CHECK_FALSE(std::get<issue>(read).system_process_agreed);  // ignored, as the contract says
    CHECK(notes.unknown_keys == std::vector<std::string>{"system_process_agred", "x-ref"});
    // The notes are the line's own: cleared before each line.
    (void)read_batch_line(plain, 8, "b.jsonl", {}, notes);
    CHECK(notes.unknown_keys.empty());
    (void)read_batch_line("{\"id\": \"T\", \"colour\": 1}", 9, "b.jsonl", {}, notes);  // an error: no route, no notes
    CHECK(notes.unknown_keys.empty());

    // Routing a line notes the same, through a session as the command's threads do.
    const router rt(testland::shared());
    routing_session session(rt);
    route out;
    notes.unknown_keys = {"stale"};
    CHECK_FALSE(route_batch_line_into(session, misspelt, 7, "b.jsonl", out, std::nullopt, {}, notes).has_value());
    CHECK(notes.unknown_keys == std::vector<std::string>{"system_process_agred", "x-ref"});
    CHECK_FALSE(route_batch_line_into(session, plain, 8, "b.jsonl", out, std::nullopt, {}, notes).has_value());
    CHECK(notes.unknown_keys.empty());
}

TEST_CASE("a batch line that reads but fails to route names its line and the column of the value at fault") {
    const router rt(testland::shared());
    route out;
    const std::string text = R"({"id": "T", "kind": "restructure", "origin": "employer", "affected": ["E1", "NOPE"], )"
                             R"("date": "2026-02-01"})";
    const auto e = route_batch_line_into(rt, text, 12, "b.jsonl", out, std::nullopt, {});
    REQUIRE(e.has_value());
    CHECK(e->code == "unknown_id");
    CHECK(e->message.starts_with("unknown_id: b.jsonl:12:" + std::to_string(text.find("\"NOPE\"") + 1) + ": "));
    // The same words for a caller that routes the issue itself (the agenda, the HTML report).
    try {
        (void)rt(read_issue(text));
        FAIL("routes");
    } catch (const error& routing) {
        CHECK(batch_line_message(routing, "b.jsonl", 12, text) == e->message);
        // No pointer (or one the line does not hold): the file and line alone.
        const issue_error unplaced("unknown_id", "issue \"T\": no body");
        CHECK(batch_line_message(unplaced, "b.jsonl", 12, text) == "unknown_id: b.jsonl:12: issue \"T\": no body");
    }
}

TEST_CASE("a batch line's misspelt required key is found on that line, not on line 1") {
    batch_line_notes notes;
    const auto read = read_batch_line(R"({"id": "T", "kind": "restructure", "origin": "employer", "afected": ["E1"], )"
                                      R"("date": "2026-02-01"})",
                                      12, "b.jsonl", {}, notes);
    REQUIRE(std::holds_alternative<batch_error>(read));
    const auto& e = std::get<batch_error>(read);
    CHECK(e.code == "missing_field");
    CHECK(e.message.find("b.jsonl:12:1 /affected: ") != std::string::npos);
    CHECK(e.message.find("(found \"afected\" at b.jsonl:12:58; did you mean \"affected\"?)") != std::string::npos);
}

} // namespace test_issue_reading_cpp

TEST_CASE("locate_json_pointer: where a value a routing error names by pointer starts in the file") {
    const std::string text = "{\"id\": \"T\",\n \"affected\": [\"RRK\", \"RL/4\"],\n \"a~b/c\": {\"x\": 1}}";
    const auto at = spfgov::detail::locate_json_pointer(text, "/affected/1");
    REQUIRE(at);
    CHECK(at->line == 2);
    CHECK(at->column == 22);  // the opening quote of "RL/4"
    const auto escaped = spfgov::detail::locate_json_pointer(text, "/a~0b~1c/x");  // RFC 6901 escapes
    REQUIRE(escaped);
    CHECK(escaped->line == 3);
    CHECK_FALSE(spfgov::detail::locate_json_pointer(text, "/affected/2"));  // past the end
    CHECK_FALSE(spfgov::detail::locate_json_pointer(text, "/affected/x"));  // not an index
    CHECK_FALSE(spfgov::detail::locate_json_pointer("{not json", "/id"));   // never throws
    CHECK(spfgov::detail::locate_json_pointer(text, "")->line == 1);       // the whole document
}
