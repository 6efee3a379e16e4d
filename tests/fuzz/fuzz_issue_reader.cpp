// libFuzzer: issues. Reads the input as an issue; when it reads, checks that
// write_issue/read_issue give the same issue back, and routes it on the
// formats.md example graph and the built-in England graph. spfgov::error is
// the expected outcome of bad input; anything else is a crash.
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_issue_reader: %s\n", what);
    std::abort();
}

constexpr std::string_view midlands = R"({"spfgov": 1, "bodies": [
 {"id": "spf", "kind": "national_forum", "meets": {"rule": "FREQ=MONTHLY;BYDAY=1WE", "start": "2020-01-01"}},
 {"id": "spf-tpg", "kind": "subgroup", "parent": "spf", "remit": ["staff_transfer"], "valid_from": "2021-04-01"},
 {"id": "council", "kind": "negotiating_body"},
 {"id": "Y60", "kind": "region"},
 {"id": "Y60-spf", "kind": "regional_forum", "region": "Y60", "meets": {"rule": "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "start": "2026-01-13"}},
 {"id": "QHL", "kind": "system", "region": "Y60"},
 {"id": "QHL-forum", "kind": "system_forum", "system": "QHL"},
 {"id": "QHL-people-board", "kind": "people_board", "system": "QHL"},
 {"id": "RRK", "kind": "employer", "sector": "foundation_trust", "system": "QHL", "valid_to": "2027-04-01"},
 {"id": "RRX", "kind": "employer", "system": "QHL", "succeeds": "RRK", "valid_from": "2027-04-01"},
 {"id": "RRK-jncc", "kind": "jncc", "employer": "RRK"},
 {"id": "unison", "kind": "trade_union"}],
 "links": [{"from": "unison", "to": "QHL-forum", "relation": "lead_union", "valid_from": "2026-01-01"}]})";

void route_on(const spfgov::governance_graph& g, const spfgov::issue& i) {
    try {
        const auto line = spfgov::write_route(spfgov::route_issue(g, i), g);
        if (!nlohmann::json::accept(line)) fail("write_route wrote invalid JSON");
    } catch (const spfgov::error& e) {
        const auto line = spfgov::write_route_error(i.id, 1, e.what());
        if (!nlohmann::json::accept(line)) fail("write_route_error wrote invalid JSON");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const spfgov::governance_graph graph = spfgov::read_graph(midlands, "<midlands>");
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto i = spfgov::read_issue(text, "<fuzz>");
        const std::string line = spfgov::write_issue(i);
        if (line.find('\n') != std::string::npos) fail("write_issue wrote more than one line");
        const auto back = spfgov::read_issue(line, "<written>");
        if (i != back) fail("write_issue/read_issue changed the issue");
        if (spfgov::write_issue(back) != line) fail("write_issue is not stable");
        route_on(graph, i);
        route_on(spfgov::england_graph(), i);
    } catch (const spfgov::error& e) {
        (void)spfgov::write_route_error(std::nullopt, 1, e.what());
    }
    return 0;
}
