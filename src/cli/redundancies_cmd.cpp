// spfgov redundancies: separate proposals at one employer whose first
// dismissals fall within 90 days count together (TULRCA 1992 s.188(1)).
#include "cli.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/error.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <variant>

namespace spfgov::cli {

int run_redundancies(const redundancies_options& o) {
    const auto as_of = parse_as_of(o.as_of);
    const routing_policy policy = load_policy(o.policy);  // before any output: exit 1, stdout empty
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "redundancies");
    const router rt(*g.graph, policy);

    const std::string name = o.issues_file == "-" ? std::string("<stdin>") : o.issues_file;
    output out;
    std::vector<redundancy_proposal> proposals;
    std::size_t failed = 0;
    // Error lines in input order, before the windows (formats.md).
    auto fail_line = [&](const std::optional<std::string>& id, std::size_t line_no, std::string_view message) {
        ++failed;
        out.write(write_route_error(id, line_no, message));
        out.put('\n');
        out.end_record();
    };
    const std::size_t lines = read_issue_batch(
        o.issues_file,
        [&](issue& i, std::size_t line_no) {
            try {
                std::vector<std::string> warnings;
                auto got_proposals = redundancy_proposals(rt, i, as_of, warnings);
                for (const auto& w : warnings)
                    print_warning(name + ":" + std::to_string(line_no) + ": " + w + "; skipped");
                proposals.insert(proposals.end(), got_proposals.begin(), got_proposals.end());
            } catch (const error& e) {
                fail_line(i.id, line_no, e.what());
            }
        },
        fail_line);
    for (const auto& w : redundancy_windows(std::move(proposals), policy.parameters.statutory_bands)) {
        out.write(write_redundancy_window(w));
        out.put('\n');
        out.end_record();
    }
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    return batch_status(name, failed, lines, "read or counted", "their error lines come first");
}

} // namespace spfgov::cli
