// spfgov diff: route one batch twice (two dates, two graphs or two policies)
// and print, per issue, what changes (include/spfgov/diff.hpp).
#include "cli.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/diff.hpp"
#include "spfgov/route.hpp"

#include <algorithm>
#include <variant>

namespace spfgov::cli {

int run_diff(const diff_options& o) {
    const bool vs_as_of = !o.vs_as_of.empty(), vs_graph = !o.vs_graphs.empty(), vs_policy = !o.vs_policy.empty();
    if (!vs_as_of && !vs_graph && !vs_policy)
        throw usage_error("diff: nothing to compare: give --vs-as-of DATE, --vs-graph FILE or --vs-policy FILE "
                          "(the second run; what is not given is the same as the first)");
    const auto count_stdin = [](const std::vector<std::string>& files) {
        return std::count(files.begin(), files.end(), "-");
    };
    if ((o.issues_file == "-" ? 1 : 0) + count_stdin(o.graphs) + count_stdin(o.vs_graphs) + (o.policy == "-" ? 1 : 0) +
            (o.vs_policy == "-" ? 1 : 0) > 1)
        throw usage_error("diff: only one of the issues, graphs and policies can come from standard input");
    const auto as_of = parse_as_of(o.as_of);
    const auto other_as_of = vs_as_of ? parse_as_of(o.vs_as_of, "--vs-as-of") : as_of;

    // Before any output: exit 1 with stdout empty when one cannot be loaded.
    const routing_policy policy = load_policy(o.policy);
    // The same file twice is loaded (and warned of) once.
    const routing_policy other_policy = vs_policy && o.vs_policy != o.policy ? load_policy(o.vs_policy) : policy;
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "diff");
    graph_source other_source;
    if (vs_graph) {
        other_source = load_graph(o.vs_graphs);
        require_valid(other_source, "diff");
    }
    const graph_source& other_g = vs_graph ? other_source : g;
    const router before(*g.graph, policy);
    const router after(*other_g.graph, other_policy);
    // With two graphs, each warning names its graph.
    warn_idle_rules(policy, *g.graph, o.policy, vs_graph ? g.name : std::string());
    if (vs_policy || vs_graph)
        warn_idle_rules(other_policy, *other_g.graph, vs_policy ? o.vs_policy : o.policy,
                        vs_graph ? other_g.name : std::string());

    const read_limits limits;
    const std::string name = o.issues_file == "-" ? std::string("<stdin>") : o.issues_file;
    line_reader in(o.issues_file, limits.max_line_length);
    output out;
    in.on_before_read([&out] { out.flush(); });
    diff_summary summary;
    std::size_t line_no = 0;
    // The first run notes the keys the contract ignores (the second reads the same line).
    routing_session first_run(before);
    batch_line_notes notes;
    unknown_key_warnings unknown_keys(name);
    const auto route_first = [&](const line_reader::result& got) {
        if (got.st == line_reader::status::too_long)
            return std::variant<route, batch_error>(too_long_line_error(name, line_no, limits));
        route routed;
        auto e = route_batch_line_into(first_run, got.text, line_no, name, routed, as_of, limits, notes);
        // Also when the line fails to route (unknown_id): its keys were read, as route warns of them.
        if (!notes.unknown_keys.empty()) {
            out.flush();  // the warning after the lines before it
            unknown_keys.ignored(line_no, notes.unknown_keys);
        }
        if (e) return std::variant<route, batch_error>(std::move(*e));
        return std::variant<route, batch_error>(std::move(routed));
    };
    const auto route_second = [&](const line_reader::result& got) {
        if (got.st == line_reader::status::too_long)
            return std::variant<route, batch_error>(too_long_line_error(name, line_no, limits));
        return route_batch_line(after, got.text, line_no, name, other_as_of, limits);
    };
    for (;;) {
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        ++line_no;
        const auto d = diff_batch_line(route_first(got), *g.graph, route_second(got), *other_g.graph, line_no);
        summary.add(d);
        if (d.empty() || o.format != "json") continue;
        out.write(write_route_diff(d));
        out.put('\n');
        out.end_record();
        if (out.failed()) break;  // nobody reads the output any more
    }
    if (o.format == "text") out.write(summary.text());
    if (!finish_batch(out, in, line_no)) return exit_failure;
    unknown_keys.finish();
    if (o.format == "json") {
        std::fputs(summary.text().c_str(), stderr);
        std::fflush(stderr);
    }
    return exit_ok;
}

} // namespace spfgov::cli
