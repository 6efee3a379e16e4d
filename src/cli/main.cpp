// spfgov: the command line (docs/cli.md; shared/spec/formats.md).
#include "cli.hpp"
#include "huge_pages.hpp"

#include "../detail_dates.hpp"
#include "../detail_nearest.hpp"

#include "spfgov/version.hpp"
#include "spfgov/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <iostream>
#include <new>
#include <string_view>
#include <vector>

namespace {

using namespace spfgov::cli;

constexpr const char* exit_footer =
    "\nExit status: 0 success; 1 a graph, issue or route error (the message on stderr\n"
    "says what and where); 2 a usage error. Without --graph, the built-in England\n"
    "graph is used. Documentation: docs/cli.md.";
/// For the commands that read no graph (policy, holidays, generate, help).
constexpr const char* exit_footer_no_graph =
    "\nExit status: 0 success; 1 an error (the message on stderr says what and where);\n"
    "2 a usage error. Documentation: docs/cli.md.";

/// A command's --help footer: its examples, then the exit statuses.
std::string examples(const char* lines, const char* footer = exit_footer) {
    return std::string("\nExamples:\n") + lines + footer;
}

struct app_state {
    route_options route;
    redundancies_options redundancies;
    agenda_options agenda;
    diff_options diff;
    validate_options validate;
    export_options exp;
    holidays_options holidays;
    generate_options generate;
    test_options test;
    std::size_t issues_count = 0;
    bool no_progress = false;
    std::string help_command;  ///< spfgov help COMMAND
};

/// A CLI11 validator for --as-of and dates: a usage error (exit 2) when the
/// value is not an ISO date that exists.
CLI::Validator iso_date_validator() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            if (spfgov::parse_iso_date(value)) return {};
            return "'" + value + "' is not a date: expected YYYY-MM-DD, a day " +
                   std::string(spfgov::detail::iso_date_expected(value)) + spfgov::detail::iso_date_hint(value);
        },
        "", "ISO date");
}

/// --graph FILE, repeatable: the base, then overlays applied in order.
void add_graph_option(CLI::App* command, std::vector<std::string>& graphs) {
    command->add_option("--graph", graphs,
                        "Graph file (JSON), or england / england-gp (built in); given again, each later file is an "
                        "overlay on the first (docs/formats.md); default: england")
        ->type_name("FILE")
        ->allow_extra_args(false);  // one file per --graph, so `route --graph g.json -` keeps its "-"
}

/// A CLI11 validator for whole-number options of type T: decimal digits
/// only (CLI11 alone also takes 0x7e6, 0o17 and 0b11, and reads a leading 0
/// as octal: --seed 010 was --seed 8), and no more than `most` (at most what
/// T holds: CLI11 alone made 99999999999999999999999 the largest value, so
/// two different seeds gave the same output).
template <class T> CLI::Validator decimal_validator(std::uint64_t most = static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
    return CLI::Validator(
        [most](std::string& value) -> std::string {
            const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            if (!digits) return "'" + value + "' is not a whole number: expected decimal digits";
            // Decimal, whatever CLI11 would make of a leading zero.
            value.erase(0, std::min(value.find_first_not_of('0'), value.size() - 1));
            std::uint64_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec == std::errc() && end == value.data() + value.size() && n <= most) return {};
            return "'" + (value.size() > 40 ? value.substr(0, 40) + "..." : value) +
                   "' is too large: expected a whole number up to " + std::to_string(most);
        },
        "", "decimal");
}

/// "Run 'spfgov route --help' for more information.": the command's own help.
std::string run_help_line(const CLI::App* app) {
    std::string where = "spfgov";
    if (app)
        for (const auto* sub : app->get_subcommands())
            if (sub->get_name() != "help") where += " " + sub->get_name();  // not 'spfgov help --help'
    return "Run '" + where + " --help' for more information.\n";
}

/// The innermost command given (spfgov route ...: route).
const CLI::App* innermost_command(const CLI::App* app) {
    const CLI::App* command = app;
    for (auto subs = command->get_subcommands(); !subs.empty(); subs = command->get_subcommands()) command = subs.back();
    return command;
}

/// A mistyped option (--grpah) and "did you mean '--graph'?" naming the
/// nearest long option of the command given; empty when no option is near.
struct mistyped_option {
    std::string given, hint;
};
mistyped_option nearest_option(const CLI::App* app) {
    if (!app) return {};
    const CLI::App* command = innermost_command(app);
    for (const auto& extra : app->remaining(true)) {
        if (!extra.starts_with("--") || extra.size() == 2) continue;
        const std::string_view name = std::string_view(extra).substr(2, extra.find('=') - 2);
        spfgov::detail::nearest_word nearest(name, spfgov::detail::nearest_word::edits_for(name));
        for (const auto* given : {command, app})
            for (const auto* option : given->get_options())
                for (const auto& long_name : option->get_lnames()) nearest.consider(long_name);
        if (nearest.found().empty()) continue;
        const std::string found(nearest.found());
        bool of_command = command == app;
        for (const auto* option : command->get_options())
            for (const auto& long_name : option->get_lnames()) of_command = of_command || long_name == found;
        // An option of spfgov, not of the command (spfgov route --version):
        // never "did you mean" the word typed, nor an option the command lacks.
        const std::string hint =
            of_command       ? "did you mean '--" + found + "'?"
            : found == name  ? "--" + found + " is an option of spfgov itself: spfgov --" + found
                             : "did you mean 'spfgov --" + found + "'? (an option of spfgov itself)";
        return {extra, hint};
    }
    return {};
}

/// Whether the innermost command's stdin positional holds a "-" (not only
/// the word after a mistyped option, which CLI11 puts there).
bool stdin_dash_given(const CLI::App* app) {
    if (!app) return false;
    const CLI::Option* positional = innermost_command(app)->get_option_no_throw("stdin");
    if (!positional) return false;
    const auto& given = positional->results();
    return std::find(given.begin(), given.end(), "-") != given.end();
}

/// "; an overlay needs its own --graph (...)" when a word left over is a
/// .json file and the command reads graphs: `validate --graph base.json
/// overlay.json` (one file per --graph) said only that the word was not expected.
std::string overlay_hint(const CLI::App* failed) {
    if (!failed) return {};
    const CLI::App* command = innermost_command(failed);
    const CLI::Option* graph = command->get_option_no_throw("--graph");
    if (!graph) return {};
    for (const auto& word : command->remaining()) {
        if (!word.ends_with(".json")) continue;
        const std::string shown = spfgov::printable(word);
        // route's stray .json after "-" is likelier an issue file than a graph.
        if (graph->count() == 0)
            return command->get_name() == "route"
                       ? "; " + std::string(issue_options_hint)
                       : "; a graph file comes after --graph (--graph " + shown + ")";
        return "; " + overlay_needs_graph(shown);
    }
    return {};
}

/// route's stdin positional holds a word, not "-": `route --graph base.json
/// overlay.json --issue i.json` (one file per --graph) was "--issue excludes
/// stdin", which named neither the word nor the fix.
std::string stray_word_message(const CLI::App* failed) {
    const CLI::Option* positional = innermost_command(failed)->get_option_no_throw("stdin");
    std::string word;
    for (const auto& given : positional ? positional->results() : std::vector<std::string>{})
        if (given != "-") word = given;
    const CLI::Option* graph = innermost_command(failed)->get_option_no_throw("--graph");
    return unexpected_route_argument(word, graph && graph->count() > 0);
}

/// CLI11's message with the mistyped option's hint: " (did you mean
/// '--graph'?)" after "unexpected --grpah"; after another failure (a required
/// option missing), "; --grpah is not an option (...)". A mistyped option
/// taken as the command's stdin argument makes CLI11 say "--issue excludes
/// stdin", which is false: the hint alone is said, unless a "-" was given
/// as well (route --issue I.json - --fromat json: a clash of its own, said
/// with the hint; a "-" meant for the mistyped option cannot be told from
/// it). Other clashes (--issue with --issues) are always said.
std::string usage_message(const CLI::App* failed, const CLI::Error& e) {
    const std::string what = spfgov::printable(e.what());
    const auto mistyped = nearest_option(failed);
    // A word taken as route's stdin argument beside --issue or --issues.
    const bool stray_word =
        dynamic_cast<const CLI::ExcludesError*>(&e) && what.ends_with("excludes stdin") && !stdin_dash_given(failed);
    if (mistyped.hint.empty()) {
        if (stray_word) return stray_word_message(failed);
        return dynamic_cast<const CLI::ExtrasError*>(&e) ? what + overlay_hint(failed) : what;
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) return what + " (" + mistyped.hint + ")";
    const std::string not_an_option = spfgov::printable(mistyped.given) + " is not an option (" + mistyped.hint + ")";
    if (stray_word) return not_an_option;
    return what + "; " + not_an_option;
}

/// "unknown command 'rout'; did you mean 'route'? (the commands: ...)". A
/// word near no command gets the list alone: "did you mean 'route'?" for
/// "bogus" would mislead.
std::string unknown_command_message(const std::string& word, const std::vector<std::string>& commands) {
    spfgov::detail::nearest_word nearest(word, spfgov::detail::nearest_word::edits_for(word));
    std::string names;
    for (const auto& name : commands) {
        nearest.consider(name);
        names += (names.empty() ? "" : ", ") + name;
    }
    const std::string near = nearest.found().empty() ? std::string() : "; did you mean '" + std::string(nearest.found()) + "'?";
    return "unknown command '" + spfgov::printable(word) + "'" + near + " (the commands: " + names + ")";
}

/// An unknown first word: a usage error naming the nearest command.
bool unknown_command(int argc, char** argv, const std::vector<std::string>& commands) {
    if (argc < 2 || argv[1][0] == '-') return false;
    const std::string word = argv[1];
    if (word == "help" || std::find(commands.begin(), commands.end(), word) != commands.end()) return false;
    auto with_help = commands;
    with_help.emplace_back("help");  // a first word may be help ("hlep"); help's own word may not
    print_error(unknown_command_message(word, with_help));
    std::fputs("Run 'spfgov --help' for more information.\n", stderr);
    return true;
}

/// After --help or --version: was every byte written? (A full disk or a
/// closed stdout is a failure, status 1.)
int finish_stdout() {
    std::cout.flush();
    if (std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout)) return exit_ok;
    print_error(std::string("cannot write to standard output: ") +
                (errno != 0 ? std::strerror(errno) : "write error"));
    return exit_failure;
}

int run(int argc, char** argv) {
    CLI::App app{"spfgov: NHS England social partnership governance as a typed, time-aware graph;\n"
                 "routes workforce-change issues to the bodies that negotiate, consult, engage and are informed.",
                 "spfgov"};
    app.set_version_flag("--version", "spfgov " + std::string(spfgov::version_string), "Print the version and exit");
    app.require_subcommand(1);
    app.footer(examples("  spfgov route --issue examples/issues/uhb-restructure.json --format text\n"
                        "  spfgov validate --graph mine.json\n"
                        "  spfgov help route            (the same as: spfgov route --help)\n"));
    app.fallthrough(false);
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        // CLI11 quotes the offending value: printable, so it cannot act on the terminal.
        return "spfgov: error: " + usage_message(failed, e) + "\n" + run_help_line(failed);
    });

    app_state s;

    // ---------------------------------------------------------- route
    auto* route = app.add_subcommand("route", "Route one issue, or a batch of issues (JSON Lines), through the graph");
    add_graph_option(route, s.route.graphs);
    // option_text: CLI11 would print "Excludes: ..." after each of the
    // three; the descriptions say it once, in words.
    auto* issue_opt =
        route->add_option("--issue", s.route.issue_file, "One issue (a JSON object); - reads stdin")
            ->option_text("FILE");
    auto* issues_opt =
        route->add_option("--issues", s.route.issues_file, "A batch: one issue a line (JSON Lines); - reads stdin")
            ->option_text("FILE.jsonl");
    auto* stdin_opt = route->add_option("stdin", s.route.positional,
                                        "- : a batch (JSON Lines) on standard input. Give one of --issue, --issues and -")
                          ->option_text("-");
    issue_opt->excludes(issues_opt)->excludes(stdin_opt);
    issues_opt->excludes(stdin_opt);
    route->add_option("--as-of", s.route.as_of, "Route every issue as of this date instead of its own date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    route->add_option("--format", s.route.format,
                      "Output: json (one line a route), text (a report), ics (calendar), html (a page for a person), "
                      "dot or svg (the route's picture), csv (one row an issue), memberships-csv (one row an issue, "
                      "body and role)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"json", "text", "ics", "html", "dot", "svg", "csv", "memberships-csv"}))
        ->capture_default_str();
    route->add_option("--dtstamp", s.route.dtstamp,
                      "With --format ics: DTSTAMP (and the SEQUENCE derived from it), as YYYY-MM-DDTHH:MM:SSZ or "
                      "YYYY-MM-DD; default SOURCE_DATE_EPOCH, else now (docs/calendar.md)")
        ->type_name("TIME");
    route->add_option("--policy", s.route.policy, "Route with this policy file (YAML) instead of the default policy")
        ->type_name("FILE");
    route->add_option("--explain", s.route.explain,
                      "Explain why this body is (or is not) in the route of the issue given with --issue")
        ->type_name("BODY_ID");
    route->add_option("--rationale", s.route.rationale,
                      "JSON rationale: full (rule, text, source), rules (rule and source, no text) or none (empty)")
        ->type_name("DETAIL")
        ->check(CLI::IsMember({"full", "rules", "none"}))
        ->capture_default_str();
    route->add_option("--jobs", s.route.jobs, "Threads for a batch (0: one per core); output stays in input order")
        ->type_name("N")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
    route->add_flag("--no-progress", s.no_progress, "Never show the progress bar (shown on a terminal for long batches)");
    route->footer(examples(
        "  spfgov route --issue examples/issues/uhb-restructure.json --format text\n"
        "  spfgov route --issues batch.jsonl > routes.jsonl\n"
        "  spfgov route --issues - --as-of 2027-04-01 < batch.jsonl\n"
        "  spfgov route --graph mine.json --issue issue.json --format ics > dates.ics\n"
        "  spfgov route --issue issue.json --explain QHL-forum\n"));

    // ---------------------------------------------------------- redundancies
    auto* redundancies = app.add_subcommand(
        "redundancies", "Total proposed redundancies per employer over 90-day windows (TULRCA s.188(1))");
    add_graph_option(redundancies, s.redundancies.graphs);
    redundancies->add_option("--issues", s.redundancies.issues_file, "A batch: one issue a line (JSON Lines); - reads stdin")
        ->type_name("FILE.jsonl")
        ->required();
    redundancies->add_option("--as-of", s.redundancies.as_of, "Resolve succession and choose bands as of this date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    redundancies->add_option("--policy", s.redundancies.policy, "Use this policy file's statutory_bands")
        ->type_name("FILE");
    redundancies->add_option("--format", s.redundancies.format,
                             "Output: json (one line a window, for tools), text (each window in sentences, for people)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"json", "text"}))
        ->capture_default_str();
    redundancies->footer("\nJSON: one line per window: employer, from, to, issues, total, days, deadline, combined;\n"
                         "lines that cannot be read give error lines first (with --format text, on stderr).\n" +
                         examples("  spfgov redundancies --issues month.jsonl\n"
                                  "  spfgov redundancies --issues month.jsonl --format text\n"
                                  "  spfgov redundancies --issues - --as-of 2027-04-01 < month.jsonl\n"));

    // ---------------------------------------------------------- agenda
    auto* agenda = app.add_subcommand(
        "agenda", "Each body's forward plan: the issues of a batch that reach it, at which meeting, papers due when");
    add_graph_option(agenda, s.agenda.graphs);
    agenda->add_option("--issues", s.agenda.issues_file, "A batch: one issue a line (JSON Lines); - reads stdin")
        ->type_name("FILE.jsonl")
        ->required();
    agenda->add_option("--body", s.agenda.body, "Only this body's agenda")->type_name("ID");
    agenda->add_option("--from", s.agenda.from, "Only meetings (or, without one, issues raised) on or after this date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    agenda->add_option("--to", s.agenda.to, "... and on or before this date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    agenda->add_option("--as-of", s.agenda.as_of, "Route every issue as of this date instead of its own date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    agenda->add_option("--policy", s.agenda.policy, "Route with this policy file (YAML) instead of the default policy")
        ->type_name("FILE");
    agenda->add_option("--format", s.agenda.format,
                       "Output: text (for people), csv (a spreadsheet), ics (calendar), html (one printable page)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "csv", "ics", "html"}))
        ->capture_default_str();
    agenda->add_option("--dtstamp", s.agenda.dtstamp,
                       "With --format ics: DTSTAMP (and SEQUENCE), as YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD; default "
                       "SOURCE_DATE_EPOCH, else now")
        ->type_name("TIME");
    agenda->footer("\nExamples:\n  spfgov agenda --issues month.jsonl\n"
                   "  spfgov agenda --issues month.jsonl --body Y60-spf --from 2027-01-01 --to 2027-03-31\n"
                   "  spfgov agenda --issues month.jsonl --body QHL-forum --format ics > forum.ics\n" +
                   std::string(exit_footer));

    // ---------------------------------------------------------- diff
    auto* diff = app.add_subcommand("diff", "What-if: route a batch twice and print what changes, issue by issue");
    add_graph_option(diff, s.diff.graphs);
    diff->add_option("--vs-graph", s.diff.vs_graphs,
                     "The second run's graph (repeat for overlays, as --graph); default: the first run's")
        ->type_name("FILE")
        ->allow_extra_args(false);
    diff->add_option("--issues", s.diff.issues_file, "A batch: one issue a line (JSON Lines); - reads stdin")
        ->type_name("FILE.jsonl")
        ->required();
    diff->add_option("--as-of", s.diff.as_of, "Route the first run as of this date (default: each issue's date)")
        ->type_name("DATE")
        ->check(iso_date_validator());
    diff->add_option("--vs-as-of", s.diff.vs_as_of, "Route the second run as of this date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    diff->add_option("--policy", s.diff.policy, "The first run's policy file (default: the default policy)")
        ->type_name("FILE");
    diff->add_option("--vs-policy", s.diff.vs_policy, "The second run's policy file")->type_name("FILE");
    diff->add_option("--format", s.diff.format,
                     "json: one line per changed issue, the summary on stderr; text: the summary only")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"json", "text"}))
        ->capture_default_str();
    diff->footer("\nGive at least one of --vs-as-of, --vs-graph, --vs-policy; the rest of the second run is the\n"
                 "first's. Examples:\n"
                 "  spfgov diff --issues batch.jsonl --as-of 2026-04-01 --vs-as-of 2026-05-01\n"
                 "  spfgov diff --issues batch.jsonl --graph england --vs-graph england --vs-graph overlay.json\n"
                 "  spfgov diff --issues batch.jsonl --vs-policy strict.yaml --format text\n" + std::string(exit_footer));

    // ---------------------------------------------------------- policy
    auto* policy = app.add_subcommand("policy", "Print the default routing policy as a complete policy file (YAML)");
    policy->footer(examples("  spfgov policy > my-policy.yaml\n"
                            "  spfgov route --issue issue.json --policy my-policy.yaml\n",
                            exit_footer_no_graph));

    // ---------------------------------------------------------- test
    auto* test = app.add_subcommand(
        "test", "Run scenario files: one line per case (PASS or FAIL), then 'N passed, M failed'");
    // Named FILE: CLI11's message for a missing one is "FILE is required".
    test->add_option("FILE", s.test.files, "Scenario files (YAML)")->type_name("")->required();
    test->add_option("--policy", s.test.policy, "Use this policy file instead of each scenario file's policy")
        ->type_name("FILE");
    test->footer("\nExamples:\n  spfgov test tests/scenarios/*.yaml\n  spfgov test --policy my-policy.yaml cases.yaml\n"
                 "\nExit status: 0 every case passed; 1 some case failed, or --policy cannot be loaded;\n"
                 "2 a usage error, or a scenario file (or the graph or policy it names) cannot be\n"
                 "read. The format: docs/scenarios.md.");

    // ---------------------------------------------------------- validate
    auto* validate = app.add_subcommand("validate", "List every error and warning in a graph, one a line; exit 1 if any error");
    add_graph_option(validate, s.validate.graphs);
    validate->add_option("--format", s.validate.format,
                         "Output: text (one finding a line), json (one object with every finding, for tools)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    validate->footer(examples("  spfgov validate --graph mine.json\n"
                              "  spfgov validate --graph england --graph merger.json --format json\n"));

    // ---------------------------------------------------------- export
    auto* exp = app.add_subcommand("export", "Write the graph for Graphviz (dot), yEd/Gephi/networkx (graphml), or as JSON");
    add_graph_option(exp, s.exp.graphs);
    exp->add_option("--format", s.exp.format, "Output format: dot, svg (drawn by Graphviz's dot), graphml or json")
        ->type_name("FORMAT")
        ->required()
        ->check(CLI::IsMember({"dot", "svg", "graphml", "json"}));
    exp->add_option("--region", s.exp.region, "A map of one region: its forums, systems and employers")->type_name("ID");
    exp->add_option("--system", s.exp.system, "A map of one system: its forum, people board and employers")->type_name("ID");
    exp->add_option("--around", s.exp.around, "A map of the bodies within --depth links of this body")->type_name("ID");
    auto* depth_opt = exp->add_option("--depth", s.exp.depth, "With --around: how many links out (default 1)")
                          ->type_name("N")
                          ->transform(decimal_validator<decltype(s.exp.depth)>());
    exp->add_flag("--overview", s.exp.overview, "Regions and systems with their forums; employers as a count per system");
    exp->add_option("--as-of", s.exp.as_of, "Only the bodies and links valid on this date")
        ->type_name("DATE")
        ->check(iso_date_validator());
    exp->footer(examples("  spfgov export --format dot | dot -Tsvg > england.svg\n"
                         "  spfgov export --format graphml --as-of 2022-06-30 > england-2022.graphml\n"));

    // ---------------------------------------------------------- holidays
    auto* holidays = app.add_subcommand("holidays", "England and Wales bank holidays of a year, one ISO date a line");
    holidays->add_option("--year", s.holidays.year, "The year (1978 to 2100)")
        ->type_name("YYYY")
        ->required()
        ->transform(decimal_validator<decltype(s.holidays.year)>());
    holidays->add_flag("--names", s.holidays.names, "Add each holiday's name after a tab");
    holidays->footer(
        examples("  spfgov holidays --year 2027\n  spfgov holidays --year 2027 --names\n", exit_footer_no_graph));

    // ---------------------------------------------------------- generate
    auto* generate = app.add_subcommand("generate", "A synthetic national-scale graph (JSON), or issues for it (JSON Lines)");
    generate->add_option("--employers", s.generate.employers, "Employers besides the ICBs")
        ->type_name("N")
        ->required()
        ->transform(decimal_validator<decltype(s.generate.employers)>(2000000))
        ->check(CLI::Range(std::size_t{0}, std::size_t{2000000}));
    generate->add_option("--seed", s.generate.seed, "Random seed: the same seed gives the same output")
        ->type_name("S")
        ->required()
        ->transform(decimal_validator<decltype(s.generate.seed)>());
    auto* issues_count = generate
                             ->add_option("--issues", s.issues_count,
                                          "Write M issues for the generated graph (JSON Lines) instead of the graph")
                             ->type_name("M")
                             ->transform(decimal_validator<decltype(s.issues_count)>(100000000))
                             ->check(CLI::Range(std::size_t{0}, std::size_t{100000000}));
    generate->add_option("--from", s.generate.from, "Issue dates from this date (default 2026-01-01)")
        ->type_name("DATE")
        ->check(iso_date_validator());
    generate->add_option("--to", s.generate.to, "Issue dates up to this date (default 2026-12-31)")
        ->type_name("DATE")
        ->check(iso_date_validator());
    generate->footer(examples("  spfgov generate --employers 5000 --seed 1 > big.json\n"
                              "  spfgov generate --employers 5000 --seed 1 --issues 100000 > big.jsonl\n",
                              exit_footer_no_graph));

    // ---------------------------------------------------------- help
    auto* help = app.add_subcommand("help", "Print the help of a command: spfgov help COMMAND");
    std::vector<std::string> command_names;
    for (const auto* sub : app.get_subcommands({}))
        if (sub != help) command_names.push_back(sub->get_name());
    // As an unknown first word: the nearest command, and the list.
    help->add_option("command", s.help_command, "The command")
        ->type_name("COMMAND")
        ->check(CLI::Validator(
            [command_names](std::string& word) -> std::string {
                if (std::find(command_names.begin(), command_names.end(), word) != command_names.end()) return {};
                return unknown_command_message(word, command_names);
            },
            ""));  // no name: --help would print "COMMAND:COMMAND"
    help->footer(examples("  spfgov help route\n", exit_footer_no_graph));

    if (unknown_command(argc, argv, command_names)) return exit_usage;
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        errno = 0;
        if (app.exit(e, std::cout, std::cerr) != 0) return exit_usage;
        return finish_stdout();
    } catch (const CLI::ParseError& e) {
        app.exit(e, std::cout, std::cerr);
        return exit_usage;
    }
    std::cout.flush();

    try {
        if (route->parsed()) {
            s.route.progress = !s.no_progress;
            return run_route(s.route);
        }
        if (redundancies->parsed()) return run_redundancies(s.redundancies);
        if (agenda->parsed()) return run_agenda(s.agenda);
        if (diff->parsed()) return run_diff(s.diff);
        if (policy->parsed()) return run_policy();
        if (test->parsed()) return run_test(s.test);
        if (validate->parsed()) return run_validate(s.validate);
        if (exp->parsed()) {
            s.exp.depth_given = depth_opt->count() > 0;
            return run_export(s.exp);
        }
        if (holidays->parsed()) return run_holidays(s.holidays);
        if (help->parsed()) {
            errno = 0;
            if (s.help_command.empty())  // not app.help(): it would show the parsed `help` command's help
                std::cout << app.get_formatter()->make_help(&app, "spfgov", CLI::AppFormatMode::Normal);
            else
                std::cout << app.get_subcommand(s.help_command)->help("spfgov");
            return finish_stdout();
        }
        if (generate->parsed()) {
            if (issues_count->count() > 0) s.generate.issues = s.issues_count;
            return run_generate(s.generate);
        }
    } catch (const usage_error& e) {
        print_error(e.what());
        std::fputs(run_help_line(&app).c_str(), stderr);  // as CLI11's errors (failure_message above) say
        return exit_usage;
    }
    return exit_usage;  // unreachable: a subcommand is required
}

} // namespace

int main(int argc, char** argv) {
    // A closed pipe (`spfgov route ... | head`) ends the command quietly by
    // SIGPIPE, as it does cat, git or rg (docs/cli.md), even when the parent
    // ignored the signal (then output::flush meets EPIPE and does the same).
    std::signal(SIGPIPE, SIG_DFL);
    relaunch_with_huge_pages_if_big(argc, argv);
    keep_freed_memory(std::getenv("GLIBC_TUNABLES"));
    (void)reserve_heap_on_huge_pages(std::getenv("GLIBC_TUNABLES"));
    restore_environment_after_relaunch();
    try {
        return run(argc, argv);
    } catch (const reported_failure&) {
        return exit_failure;
    } catch (const spfgov::error& e) {
        print_error(e.what());
        return exit_failure;
    } catch (const std::bad_alloc&) {
        print_error("out of memory");
        return exit_failure;
    } catch (const std::exception& e) {
        print_error(e.what());
        return exit_failure;
    } catch (...) {
        print_error("unexpected failure");
        return exit_failure;
    }
}
