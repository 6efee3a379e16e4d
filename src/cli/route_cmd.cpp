// spfgov route: one issue from a file, or a batch (JSON Lines) streamed
// from a file or stdin.
#include "cli.hpp"

#include "spfgov/error.hpp"
#include "spfgov/report.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>

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

} // namespace

/// The id of an issue whose line could not be read as an issue, when the
/// line is at least a JSON object with a string "id" (only on the error path).
/// The line is read as far as it is JSON: an "id" met before the error (a
/// number out of range, a NUL, trailing text) still names the issue.
std::optional<std::string> id_of(std::string_view line) {
    struct finder : nlohmann::json_sax<nlohmann::json> {
        std::size_t depth = 0;
        bool id_next = false;
        std::optional<std::string> id;
        bool value() {
            id_next = false;
            return true;
        }
        bool null() override { return value(); }
        bool boolean(bool) override { return value(); }
        bool number_integer(number_integer_t) override { return value(); }
        bool number_unsigned(number_unsigned_t) override { return value(); }
        bool number_float(number_float_t, const string_t&) override { return value(); }
        bool string(string_t& s) override {
            if (id_next) id = s;
            return value();
        }
        bool binary(binary_t&) override { return value(); }
        bool start_object(std::size_t) override { return value() && ++depth > 0; }
        bool end_object() override { return --depth, true; }
        bool start_array(std::size_t) override { return value() && ++depth > 0; }
        bool end_array() override { return --depth, true; }
        bool key(string_t& k) override {
            id_next = depth == 1 && k == "id";
            return true;
        }
        bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
    } sax;
    const auto nul = line.find('\0');  // nlohmann would stop there anyway
    const std::string_view json = line.substr(0, nul);
    (void)nlohmann::json::sax_parse(json.begin(), json.end(), &sax, nlohmann::json::input_format_t::json, false);
    return sax.id;
}

/// A reader's message about line 1 of one batch line, renumbered to the
/// line's place in the file ("batch.jsonl:1:12:" -> "batch.jsonl:37:12:").
std::string renumber(std::string message, std::string_view file, std::size_t line) {
    const std::string from = std::string(file) + ":1:";
    const auto at = message.find(from);
    if (at != std::string::npos)
        message.replace(at, from.size(), std::string(file) + ":" + std::to_string(line) + ":");
    return message;
}

bool blank_line(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

namespace {

struct route_job {
    const graph_source& graph;
    const router& rt;
    std::optional<date> as_of;
    std::string_view format;  // json | text | ics
};

void write_route_as(output& out, const route_job& job, const route& r) {
    if (job.format == "json") {
        out.write(write_route(r, *job.graph.graph));
        out.put('\n');
    } else if (job.format == "text") {
        out.write(colour_report(route_text(r, *job.graph.graph), out.interactive() && use_colour(1)));
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
    auto fail_line = [&](const std::optional<std::string>& id, std::string_view message) {
        ++failed;
        if (job.format == "json") {
            out.write(write_route_error(id, line_no, message));
            out.put('\n');
        } else {
            if (line_no > 1) out.write(separator);
            out.write("Line " + std::to_string(line_no) + (id ? " (issue " + printable(*id) + ")" : std::string()) +
                      ": error: " + printable(message) + "\n");
        }
    };

    for (;;) {
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        ++line_no;
        if (got.st == line_reader::status::too_long) {
            fail_line(std::nullopt, "line_too_long: " + name + ":" + std::to_string(line_no) + ": line longer than the limit of " +
                                        std::to_string(limits.max_line_length) +
                                        " bytes; skipped (expected one issue, a JSON object, a line)");
        } else if (blank_line(got.text)) {
            fail_line(std::nullopt,
                      "blank_line: " + name + ":" + std::to_string(line_no) +
                          ": blank line (expected one issue, a JSON object, a line)");
        } else {
            std::optional<issue> i;
            try {
                i = read_issue(got.text, name, limits);
            } catch (const error& e) {
                fail_line(id_of(got.text), renumber(e.what(), name, line_no));
            } catch (const std::exception& e) {
                fail_line(id_of(got.text), "bad_issue: " + name + ":" + std::to_string(line_no) + ": " + e.what());
            }
            if (i) {
                try {
                    const route r = job.rt(*i, job.as_of);
                    if (job.format == "text" && line_no > 1) out.write(separator);
                    write_route_as(out, job, r);
                } catch (const error& e) {
                    fail_line(i->id, e.what());
                } catch (const std::exception& e) {
                    fail_line(i->id, std::string("route_error: ") + e.what());
                }
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
