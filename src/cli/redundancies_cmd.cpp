// spfgov redundancies: separate proposals at one employer whose first
// dismissals fall within 90 days count together (TULRCA 1992 s.188(1)).
#include "cli.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/error.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/report.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <string>
#include <vector>

namespace spfgov::cli {

int run_redundancies(const redundancies_options& o) {
    const auto as_of = parse_as_of(o.as_of);
    const routing_policy policy = load_policy(o.policy);  // before any output: exit 1, stdout empty
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "redundancies");
    const router rt(*g.graph, policy);

    const std::string name = o.issues_file == "-" ? std::string("<stdin>") : o.issues_file;
    output out;
    redundancy_batch batch(rt, as_of);
    std::size_t failed = 0;
    const bool for_people = o.format == "text";
    // Error lines in input order, before the windows (formats.md); the text
    // for a person has them on stderr, as the agenda does.
    auto fail_line = [&](const std::optional<std::string>& id, std::size_t line_no, std::string_view message) {
        ++failed;
        if (for_people) {
            print_error(message);
            return;
        }
        out.write(write_route_error(id, line_no, message));
        out.put('\n');
        out.end_record();
    };
    std::vector<std::string> warnings;
    const std::size_t lines = read_issue_batch(
        o.issues_file,
        [&](issue& i, std::size_t line_no, std::string_view text, const std::vector<std::string>&) {
            warnings.clear();
            try {
                batch.add(i, line_no, warnings);
            } catch (const error& e) {
                fail_line(i.id, line_no, batch_line_message(e, name, line_no, text));
            }
            for (const auto& w : warnings) print_warning(name + ":" + std::to_string(line_no) + ": " + w);
        },
        fail_line);
    std::vector<std::string> late;
    const auto windows = batch.windows();
    if (for_people)
        out.write(windows.empty() ? std::string("No redundancy proposals with a first dismissal date to count.\n")
                                  : "Redundancy windows (" + std::to_string(windows.size()) +
                                        "), by employer: proposals at one employer whose first dismissals\n"
                                        "fall within 90 days count together (TULRCA s.188(1)).\n");
    for (const auto& w : windows) {
        if (for_people) {
            out.write("\n" + redundancy_window_text(w, *g.graph));
        } else {
            out.write(write_redundancy_window(w));
            out.put('\n');
        }
        out.end_record();
        // A later proposal can bring a window's total into a band whose
        // deadline has already passed when it is made: say so (the window's
        // line cannot: formats.md fixes its keys).
        if (auto warning = batch.late_warning(w)) late.push_back(std::move(*warning));
        // Nor can it say that a window's date is earlier than its issues'
        // routes give though no band is longer (`combined` says that one).
        if (!w.combined)
            if (auto warning = earlier_than_alone_warning(w)) late.push_back(std::move(*warning));
    }
    out.flush();  // the warnings after the windows they name
    for (const auto& warning : late) print_warning(name + ": " + warning);
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    return batch_status(name, failed, lines, "read or counted",
                        for_people ? "each error is above" : "their error lines come first");
}

} // namespace spfgov::cli
