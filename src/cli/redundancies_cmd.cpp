// spfgov redundancies: separate proposals at one employer whose first
// dismissals fall within 90 days count together (TULRCA 1992 s.188(1)).
#include "cli.hpp"

#include "spfgov/error.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

namespace spfgov::cli {

int run_redundancies(const redundancies_options& o) {
    const auto as_of = parse_as_of(o.as_of);
    const routing_policy policy = load_policy(o.policy);  // before any output: exit 1, stdout empty
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "redundancies");
    const router rt(*g.graph, policy);

    const read_limits limits;
    const std::string name = o.issues_file == "-" ? std::string("<stdin>") : o.issues_file;
    line_reader in(o.issues_file, limits.max_line_length);
    output out;
    std::vector<redundancy_proposal> proposals;
    std::size_t line_no = 0, failed = 0;
    // Error lines in input order, before the windows (formats.md).
    auto fail_line = [&](const std::optional<std::string>& id, std::string_view message) {
        ++failed;
        out.write(write_route_error(id, line_no, message));
        out.put('\n');
        out.end_record();
    };
    for (;;) {
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        ++line_no;
        if (got.st == line_reader::status::too_long) {
            fail_line(std::nullopt, "line_too_long: " + name + ":" + std::to_string(line_no) +
                                        ": line longer than the limit of " + std::to_string(limits.max_line_length) +
                                        " bytes; skipped (expected one issue, a JSON object, a line)");
            continue;
        }
        if (blank_line(got.text)) {
            fail_line(std::nullopt, "blank_line: " + name + ":" + std::to_string(line_no) +
                                        ": blank line (expected one issue, a JSON object, a line)");
            continue;
        }
        std::optional<issue> i;
        try {
            i = read_issue(got.text, name, limits);
        } catch (const error& e) {
            fail_line(id_of(got.text), renumber(e.what(), name, line_no));
            continue;
        }
        try {
            std::vector<std::string> warnings;
            auto got_proposals = redundancy_proposals(rt, *i, as_of, warnings);
            for (const auto& w : warnings) print_warning(name + ":" + std::to_string(line_no) + ": " + w + "; skipped");
            proposals.insert(proposals.end(), got_proposals.begin(), got_proposals.end());
        } catch (const error& e) {
            fail_line(i->id, e.what());
        }
    }
    for (const auto& w : redundancy_windows(std::move(proposals), policy.parameters.statutory_bands)) {
        out.write(write_redundancy_window(w));
        out.put('\n');
        out.end_record();
    }
    const bool written = out.finish();
    if (!in.read_error().empty()) {
        print_error(in.read_error() + " (after line " + std::to_string(line_no) + ")");
        return exit_failure;
    }
    if (!written) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    if (failed > 0) {
        print_error(name + ": " + std::to_string(failed) + " of " + std::to_string(line_no) +
                    (line_no == 1 ? " line" : " lines") + " could not be read or counted (their error lines come first)");
        return exit_failure;
    }
    return exit_ok;
}

} // namespace spfgov::cli
