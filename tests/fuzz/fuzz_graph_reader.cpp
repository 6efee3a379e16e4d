// libFuzzer: graph files. Reads the input as a graph, validates it and, when
// it has no error, checks that writing and reading it back changes nothing
// and routes a few fixed issues on it. spfgov::error is the expected outcome
// of bad input; any other exception, a sanitizer report or a broken round
// trip is a crash.
#include <spfgov/io.hpp>
#include <spfgov/route.hpp>
#include <spfgov/validate.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_graph_reader: %s\n", what);
    std::abort();
}

void route_some(const spfgov::governance_graph& g) {
    using namespace spfgov;
    // The first employer, the first system and the first region (by graph
    // order), each on a few dates, with and without agreement.
    std::vector<std::string> targets;
    for (auto k : {body_kind::employer, body_kind::system, body_kind::region})
        for (auto h : g.bodies_of_kind(k)) {
            targets.push_back(g.id(h));
            break;
        }
    const date dates[] = {date(2026, 6, 1), date(2021, 1, 4), date(2099, 12, 31)};
    std::size_t n = 0;
    for (const auto& t : targets)
        for (const date on : dates) {
            issue i;
            i.id = "fuzz-" + std::to_string(n++);
            i.kind = n % 2 ? issue_kind::redundancy : issue_kind::staff_transfer;
            i.origin = n % 3 ? level::employer : level::system;
            i.affected = {t};
            i.date = on;
            i.system_process_agreed = n % 2 == 0;
            i.redundancies = {{t, 120}};
            i.first_dismissal = on + boost::gregorian::days(60);
            try {
                const route r = route_issue(g, i);
                const std::string line = write_route(r, g);
                if (!nlohmann::json::accept(line)) fail("write_route wrote invalid JSON");
            } catch (const error&) {
            }
        }
    issue national;
    national.id = "fuzz-national";
    national.kind = issue_kind::pay_and_terms;
    national.origin = level::national;
    national.date = date(2026, 6, 1);
    try {
        (void)write_route(route_issue(g, national), g);
    } catch (const error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    spfgov::read_limits limits;
    limits.max_bytes = std::size_t{1} << 20;
    try {
        const auto g = spfgov::read_graph(text, "<fuzz>", limits);
        const auto diagnostics = spfgov::validate(g);
        for (const auto& d : diagnostics) (void)spfgov::format(d);
        if (spfgov::has_errors(diagnostics)) return 0;

        const std::string written = spfgov::write_graph(g);
        const auto again = spfgov::read_graph(written, "<written>");
        if (spfgov::has_errors(again.build_diagnostics())) fail("a written graph reads back with errors");
        if (again.body_count() != g.body_count() || again.link_count() != g.link_count())
            fail("a written graph reads back with other bodies or links");
        if (spfgov::write_graph(again) != written) fail("writing a graph read back gives other text");
        (void)spfgov::write_graph(g, spfgov::date(2026, 6, 1));

        route_some(g);
    } catch (const spfgov::error&) {
    }
    return 0;
}
