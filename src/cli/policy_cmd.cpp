// spfgov policy and spfgov test: the routing policy as a file, and scenario
// files run like a test suite (formats.md; docs/cli.md, docs/policy.md).
#include "cli.hpp"

#include "spfgov/error.hpp"
#include "spfgov/policy_file.hpp"
#include "spfgov/scenario.hpp"

#include <string>

namespace spfgov::cli {

routing_policy load_policy(const std::string& file) {
    if (file.empty()) return default_policy();
    routing_policy p = file == "-" ? read_policy(read_text_file(file, max_policy_bytes, "a policy file"), "<stdin>")
                                   : read_policy_file(file);
    // Once a file, whatever the graph: dates the policy's tables leave bare.
    if (const auto gap = statutory_table_gap(p))
        print_warning("policy " + (file == "-" ? std::string("<stdin>") : file) + ": " + *gap);
    return p;
}

void warn_idle_rules(const routing_policy& p, const governance_graph& g, const std::string& file,
                     const std::string& graph_name) {
    if (file.empty()) return;
    for (const auto& why : idle_custom_rules(p, g))
        print_warning("policy " + (file == "-" ? std::string("<stdin>") : file) + ": " + why +
                      (graph_name.empty() ? std::string() : " (graph " + graph_name + ")"));
}

int run_policy() {
    write_stdout(write_policy(default_policy()));
    return exit_ok;
}

int run_test(const test_options& o) {
    scenario_options options;
    if (!o.policy.empty()) options.policy = load_policy(o.policy);  // exit 1 before any output
    output out;
    std::size_t passed = 0, failed = 0;
    std::size_t unreadable = 0, unreadable_cases = 0;
    for (const auto& file : o.files) {
        const auto result = run_scenario_file(file, options);
        if (result.error && result.cases.empty()) {
            out.flush();
            print_error(*result.error);
            ++unreadable;
            continue;
        }
        // A case that cannot be read fails on its own line, with its error;
        // the file's other cases ran.
        unreadable_cases += result.unreadable();
        // What passes without testing what it seems to (no cases, a case
        // expecting nothing, a name given twice): said before its lines.
        for (const auto& w : result.warnings) print_warning(w);
        for (const auto& c : result.cases) {
            out.write(scenario_line(c));
            out.put('\n');
            out.end_record();
        }
        passed += result.passed();
        failed += result.failed();
    }
    // The files not run are counted too: "0 passed, 0 failed" alone would
    // read as success to someone who missed the error above it.
    out.write(std::to_string(passed) + " passed, " + std::to_string(failed) + " failed" +
              (unreadable_cases == 0 ? std::string()
                                     : " (" + std::to_string(unreadable_cases) +
                                           (unreadable_cases == 1 ? " case" : " cases") + " could not be read)") +
              (unreadable == 0 ? std::string()
                               : ", " + std::to_string(unreadable) + (unreadable == 1 ? " file" : " files") +
                                     " could not be run") +
              "\n");
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    // A file's slip, whole or in one case, is an input error (formats.md: 2).
    if (unreadable > 0 || unreadable_cases > 0) return exit_usage;
    return failed > 0 ? exit_failure : exit_ok;
}

} // namespace spfgov::cli
