// spfgov route: one issue from a file, or a batch (JSON Lines) streamed
// from a file or stdin.
#include "cli.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/error.hpp"
#include "spfgov/flat.hpp"
#include "spfgov/report.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <variant>

namespace spfgov::cli {

namespace {

using clock_type = std::chrono::steady_clock;

/// A progress bar on stderr, shown only when stderr is a terminal and the
/// batch is long (2 s, or 50,000 lines); it is redrawn at most 10 times a
/// second and erased at the end.
class progress_bar {
public:
    explicit progress_bar(bool enabled) : enabled_(enabled && is_terminal(2)), start_(clock_type::now()) {}

    void update(std::size_t lines, std::uint64_t bytes, std::optional<std::uint64_t> total) {
        if (!enabled_ || (lines & 1023u) != 0) return;
        const auto now = clock_type::now();
        if (!shown_) {
            if (now - start_ < std::chrono::seconds(2) && lines < 50000) return;
            shown_ = true;
        } else if (now - last_ < std::chrono::milliseconds(100)) {
            return;
        }
        last_ = now;
        draw(lines, bytes, total, now);
    }

    void finish() {
        if (!shown_) return;
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }

private:
    void draw(std::size_t lines, std::uint64_t bytes, std::optional<std::uint64_t> total, clock_type::time_point now) {
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double rate = seconds > 0 ? static_cast<double>(lines) / seconds : 0.0;
        char text[160];
        if (total && *total > 0) {
            const double fraction = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total));
            constexpr int width = 30;
            const int filled = static_cast<int>(fraction * width);
            std::string bar(static_cast<std::size_t>(filled), '=');
            if (filled < width) bar += '>';
            bar.resize(width, ' ');
            std::snprintf(text, sizeof text, "\rspfgov route [%s] %3d%% %zu lines %.0f/s\033[K", bar.c_str(),
                          static_cast<int>(fraction * 100.0), lines, rate);
        } else {
            std::snprintf(text, sizeof text, "\rspfgov route: %zu lines %.0f/s\033[K", lines, rate);
        }
        std::fputs(text, stderr);
        std::fflush(stderr);
    }

    bool enabled_;
    bool shown_ = false;
    clock_type::time_point start_, last_{};
};

struct route_job {
    const graph_source& graph;
    const router& rt;
    std::optional<date> as_of;
    std::string_view format;  // json | text | ics | csv | memberships-csv
};

/// The CSV formats' header line (before the first record).
void write_header(output& out, const route_job& job) {
    if (job.format == "csv") out.write(csv_header(route_columns()));
    else if (job.format == "memberships-csv") out.write(csv_header(membership_columns()));
}

void write_route_as(output& out, const route_job& job, const route& r, std::size_t line = 0) {
    if (job.format == "json") {
        out.write(write_route(r, *job.graph.graph));
        out.put('\n');
    } else if (job.format == "csv") {
        out.write(csv_record(route_row(r, *job.graph.graph, line)));
    } else if (job.format == "memberships-csv") {
        for (const auto& row : membership_rows(r, *job.graph.graph, line)) out.write(csv_record(row));
    } else if (job.format == "text") {
        out.write(route_text(r, *job.graph.graph));
    } else {
        out.write(route_ics(r, *job.graph.graph));
    }
}

int route_one(const route_options& o, const route_job& job) {
    const read_limits limits;
    const std::string name = o.issue_file == "-" ? std::string("<stdin>") : o.issue_file;
    const std::string text = read_text_file(o.issue_file, limits.max_issue_bytes, "an issue file");
    issue i;
    try {
        i = read_issue(text, name, limits);
    } catch (const error& e) {
        print_error(e.what());
        return exit_failure;
    }
    if (!o.explain.empty()) {
        std::string explained;
        try {
            const auto index = job.rt.index_for(job.as_of.value_or(i.date));
            explained = explanation_text(explain_body(*index, i, o.explain, job.rt.policy()));
        } catch (const error& e) {
            print_error(name + ": cannot explain " + o.explain + " for issue \"" + i.id + "\": " + e.what());
            return exit_failure;
        }
        write_stdout(explained);
        return exit_ok;
    }
    route r;
    try {
        r = job.rt(i, job.as_of);
    } catch (const error& e) {
        print_error(name + ": cannot route issue \"" + i.id + "\": " + e.what());
        return exit_failure;
    }
    output out;
    write_header(out, job);
    write_route_as(out, job, r);
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    return exit_ok;
}

int route_batch(const std::string& path, const route_options& o, const route_job& job) {
    const read_limits limits;
    const std::string name = path == "-" ? std::string("<stdin>") : path;
    line_reader in(path, limits.max_line_length);
    output out;
    in.on_before_read([&out] { out.flush(); });
    progress_bar bar(o.progress);

    const std::string separator = std::string(78, '=') + "\n";
    std::size_t line_no = 0, failed = 0;
    auto fail_line = [&](const batch_error& e) {
        ++failed;
        if (job.format == "json") {
            out.write(write_batch_error(e));
            out.put('\n');
        } else if (job.format == "csv") {
            out.write(csv_record(route_error_row(e.issue, e.line, e.code, e.message)));
        } else if (job.format == "memberships-csv") {
            // An issue that cannot be routed has no memberships: its error is on stderr.
            print_error(e.message);
        } else {
            if (line_no > 1) out.write(separator);
            out.write("Line " + std::to_string(line_no) + (e.issue ? " (issue " + printable(*e.issue) + ")" : std::string()) +
                      ": error: " + printable(e.message) + "\n");
        }
    };
    write_header(out, job);

    for (;;) {
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        ++line_no;
        if (got.st == line_reader::status::too_long) {
            fail_line(too_long_line_error(name, line_no, limits));
        } else {
            auto routed = route_batch_line(job.rt, got.text, line_no, name, job.as_of, limits);
            if (const auto* r = std::get_if<route>(&routed)) {
                if (job.format == "text" && line_no > 1) out.write(separator);
                write_route_as(out, job, *r, line_no);
            } else {
                fail_line(std::get<batch_error>(routed));
            }
        }
        out.end_record();
        if (out.failed()) break;  // nobody reads the output any more
        bar.update(line_no, in.bytes_read(), in.size());
    }
    bar.finish();
    const bool written = out.finish();
    if (!in.read_error().empty()) {
        print_error(in.read_error() + " (after line " + std::to_string(line_no) + ")");
        return exit_failure;
    }
    if (!written) {
        print_error("cannot write to standard output: " + out.error() + " (after line " + std::to_string(line_no) + ")");
        return exit_failure;
    }
    if (failed > 0) {
        print_error(name + ": " + std::to_string(failed) + " of " + std::to_string(line_no) +
                    (line_no == 1 ? " line" : " lines") + " could not be routed (their output lines hold the error)");
        return exit_failure;
    }
    return exit_ok;
}

} // namespace

int run_route(const route_options& o) {
    // Which input: exactly one of --issue, --issues, "-".
    const int given = (o.issue_file.empty() ? 0 : 1) + (o.issues_file.empty() ? 0 : 1) + (o.positional.empty() ? 0 : 1);
    if (!o.positional.empty() && o.positional != "-")
        throw usage_error("route: unexpected argument '" + o.positional +
                          "': give an issue file with --issue FILE, a batch with --issues FILE.jsonl, or - for a "
                          "batch on standard input");
    if (given == 0)
        throw usage_error("route: no issue given: use --issue FILE, --issues FILE.jsonl, or - (a batch on standard input)");
    if (given > 1) throw usage_error("route: give only one of --issue, --issues and -");
    const bool batch = o.issue_file.empty();
    const bool issue_on_stdin = o.issue_file == "-" || o.issues_file == "-" || o.positional == "-";
    if (std::count(o.graphs.begin(), o.graphs.end(), "-") > (issue_on_stdin ? 0 : 1))
        throw usage_error(issue_on_stdin ? "route: the graph and the issues cannot both come from standard input"
                                         : "route: only one --graph can come from standard input");
    if (batch && o.format == "ics")
        throw usage_error("route: --format ics needs a single issue (--issue FILE), not a batch");
    if (!o.explain.empty() && batch)
        throw usage_error("route: --explain needs a single issue (--issue FILE), not a batch");
    if (!o.explain.empty() && o.format != "json")
        throw usage_error("route: --explain writes an explanation; it takes no --format");
    if (o.policy == "-" && (issue_on_stdin || std::find(o.graphs.begin(), o.graphs.end(), "-") != o.graphs.end()))
        throw usage_error("route: only one of the graph, the policy and the issues can come from standard input");
    const auto as_of = parse_as_of(o.as_of);

    const routing_policy policy = load_policy(o.policy);  // before any output: exit 1, stdout empty
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "route");
    const router rt(*g.graph, policy);
    const route_job job{g, rt, as_of, o.format};
    if (!batch) return route_one(o, job);
    return route_batch(o.issues_file.empty() ? o.positional : o.issues_file, o, job);
}

} // namespace spfgov::cli
