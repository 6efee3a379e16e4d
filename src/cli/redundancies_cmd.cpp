// spfgov redundancies: separate proposals at one employer whose first
// dismissals fall within 90 days count together (TULRCA 1992 s.188(1)).
#include "cli.hpp"

#include "../detail_text.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/error.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/report.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <map>
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
    // The first line of each proposing issue's id. formats.md counts every
    // line, so an id given again is counted again, but said: two monthly
    // files joined count one proposal twice, and the total can reach a band,
    // and a legal deadline, that does not exist.
    std::map<std::string, std::size_t, std::less<>> first_line_of;
    const std::size_t lines = read_issue_batch(
        o.issues_file,
        [&](issue& i, std::size_t line_no, std::string_view text) {
            try {
                std::vector<std::string> warnings;
                auto got_proposals = redundancy_proposals(rt, i, as_of, warnings);
                for (const auto& w : warnings)
                    print_warning(name + ":" + std::to_string(line_no) + ": " + w + "; skipped");
                if (got_proposals.empty()) return;
                if (const auto [at, first] = first_line_of.emplace(i.id, line_no); !first)
                    print_warning(name + ":" + std::to_string(line_no) + ": issue \"" + printable(i.id) +
                                  "\" is given again (first on line " + std::to_string(at->second) +
                                  "): both lines are counted; if they are one proposal, give it once (a "
                                  "revised proposal replaces the old line; a new one takes a new id)");
                proposals.insert(proposals.end(), got_proposals.begin(), got_proposals.end());
            } catch (const error& e) {
                fail_line(i.id, line_no, batch_line_message(e, name, line_no, text));
            }
        },
        fail_line);
    // Each proposal's date, for the windows' warnings (an issue proposes once).
    std::map<std::string, date, std::less<>> proposed_on;
    for (const auto& p : proposals) proposed_on.emplace(p.issue, p.proposed);
    std::vector<std::string> late;
    const auto windows = redundancy_windows(std::move(proposals), policy.parameters.statutory_bands);
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
        if (!w.deadline) continue;
        std::vector<std::string> after;
        for (const auto& id : w.issues)
            if (const auto at = proposed_on.find(id); at != proposed_on.end() && at->second > *w.deadline)
                after.push_back(printable(id) + " (" + to_iso(at->second) + ")");
        if (after.empty()) continue;
        // One line however many issues a window holds: the first few named.
        constexpr std::size_t most_named = 10;
        const std::size_t unnamed = after.size() > most_named ? after.size() - most_named : 0;
        if (unnamed > 0) {
            after.resize(most_named);
            after.push_back(std::to_string(unnamed) + " more");
        }
        const std::string names = detail::text::join_as_list(after);
        late.push_back(printable(w.employer) + ": the window from " + to_iso(w.from) + " (" + std::to_string(w.total) +
                       " proposed redundancies) must begin collective consultation by " + to_iso(*w.deadline) +
                       ", before " + names + (after.size() == 1 ? " was" : " were") +
                       " proposed (unless consultation on the earlier proposals had already begun when " +
                       (after.size() == 1 ? "it was" : "each was") +
                       " proposed: s.188(3) leaves their employees out of the later count)");
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
