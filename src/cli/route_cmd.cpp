// spfgov route: one issue from a file, or a batch (JSON Lines) streamed
// from a file or stdin.
#include "cli.hpp"

#include "spfgov/error.hpp"
#include "spfgov/report.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

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
    rationale_detail rationale = rationale_detail::full;
};

void write_route_as(output& out, const route_job& job, const route& r) {
    if (job.format == "json") {
        out.write(write_route(r, *job.graph.graph, job.rationale));
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

/// One batch line waiting to be routed, and what it gives.
struct pending_line {
    std::size_t line_no = 0;
    line_reader::status st = line_reader::status::line;
    std::string text;    ///< a copy of the line (the reader's buffer moves on)
    std::string output;  ///< what the line writes, in order
    bool failed = false;
};

/// Threads that work through a chunk of lines together with the caller.
/// Each line's output is written into its own slot, so the caller writes the
/// chunk in input order afterwards; memory is bounded by the chunk.
class line_pool {
public:
    line_pool(unsigned threads, std::function<void(pending_line&)> work) : work_(std::move(work)) {
        for (unsigned t = 1; t < threads; ++t) threads_.emplace_back([this] { serve(); });
    }
    line_pool(const line_pool&) = delete;
    line_pool& operator=(const line_pool&) = delete;
    ~line_pool() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (auto& t : threads_) t.join();
    }

    /// Processes lines [0, n) of `chunk` on every thread; returns when all are done.
    void run(std::vector<pending_line>& chunk, std::size_t n) {
        if (threads_.empty() || n < 2) {
            for (std::size_t k = 0; k < n; ++k) work_(chunk[k]);
            return;
        }
        {
            std::lock_guard lock(mutex_);
            chunk_ = &chunk;
            size_ = n;
            next_.store(0);
            busy_ = threads_.size();
            ++generation_;
        }
        wake_.notify_all();
        drain();
        std::unique_lock lock(mutex_);
        done_.wait(lock, [this] { return busy_ == 0; });
        chunk_ = nullptr;
    }

private:
    void drain() {
        for (std::size_t k; (k = next_.fetch_add(1)) < size_;) work_((*chunk_)[k]);
    }
    void serve() {
        std::uint64_t seen = 0;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
                if (stop_) return;
                seen = generation_;
            }
            drain();
            std::lock_guard lock(mutex_);
            if (--busy_ == 0) done_.notify_one();
        }
    }

    std::function<void(pending_line&)> work_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::vector<pending_line>* chunk_ = nullptr;
    std::size_t size_ = 0, busy_ = 0;
    std::atomic<std::size_t> next_{0};
    std::uint64_t generation_ = 0;
    bool stop_ = false;
};

unsigned thread_count(unsigned jobs) {
    if (jobs != 0) return jobs;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

int route_batch(const std::string& path, const route_options& o, const route_job& job) {
    const read_limits limits;
    const std::string name = path == "-" ? std::string("<stdin>") : path;
    line_reader in(path, limits.max_line_length);
    output out;
    progress_bar bar(o.progress);

    const std::string separator = std::string(78, '=') + "\n";
    // One line: its output (a route, or the error line) into line.output.
    // Runs on any thread; reads only what is shared and immutable, and the router.
    const auto process = [&](pending_line& line) {
        line.output.clear();
        line.failed = false;
        const std::size_t line_no = line.line_no;
        auto fail_line = [&](const std::optional<std::string>& id, std::string_view message) {
            line.failed = true;
            if (job.format == "json") {
                line.output += write_route_error(id, line_no, message);
                line.output += '\n';
            } else {
                if (line_no > 1) line.output += separator;
                line.output += "Line " + std::to_string(line_no) + (id ? " (issue " + printable(*id) + ")" : std::string()) +
                               ": error: " + printable(message) + "\n";
            }
        };
        if (line.st == line_reader::status::too_long) {
            fail_line(std::nullopt, "line_too_long: " + name + ":" + std::to_string(line_no) +
                                        ": line longer than the limit of " + std::to_string(limits.max_line_length) +
                                        " bytes; skipped (expected one issue, a JSON object, a line)");
            return;
        }
        if (blank_line(line.text)) {
            fail_line(std::nullopt, "blank_line: " + name + ":" + std::to_string(line_no) +
                                        ": blank line (expected one issue, a JSON object, a line)");
            return;
        }
        std::optional<issue> i;
        try {
            i = read_issue(line.text, name, limits);
        } catch (const error& e) {
            fail_line(id_of(line.text), renumber(e.what(), name, line_no));
        } catch (const std::exception& e) {
            fail_line(id_of(line.text), "bad_issue: " + name + ":" + std::to_string(line_no) + ": " + e.what());
        }
        if (!i) return;
        try {
            const route r = job.rt(*i, job.as_of);
            if (job.format == "json") {
                append_route(line.output, r, *job.graph.graph, job.rationale);
                line.output += '\n';
            } else {
                if (line_no > 1) line.output += separator;
                line.output += route_text(r, *job.graph.graph);
            }
        } catch (const error& e) {
            line.output.clear();
            fail_line(i->id, e.what());
        } catch (const std::exception& e) {
            line.output.clear();
            fail_line(i->id, std::string("route_error: ") + e.what());
        }
    };

    // Lines are gathered into chunks and routed by `threads` threads; each
    // chunk is written in input order before the next is read further. A
    // chunk also ends when reading would wait on a pipe or terminal, so
    // interactive use still answers line by line.
    const unsigned threads = thread_count(o.jobs);
    const std::size_t chunk_lines = threads == 1 ? 1 : std::size_t{256} * threads;
    std::vector<pending_line> chunk(chunk_lines);
    std::size_t pending = 0, line_no = 0, failed = 0;
    bool stopped = false;
    line_pool pool(threads, process);
    const auto write_pending = [&] {
        if (pending == 0 || stopped) return;
        pool.run(chunk, pending);
        for (std::size_t k = 0; k < pending; ++k) {
            const pending_line& line = chunk[k];
            if (line.failed) ++failed;
            out.write(line.output);
            out.end_record();
            if (out.failed()) {  // nobody reads the output any more
                stopped = true;
                break;
            }
            bar.update(line.line_no, in.bytes_read(), in.size());
        }
        pending = 0;
    };
    const bool may_wait = !in.size().has_value();  // not a regular file
    in.on_before_read([&] {
        if (may_wait) write_pending();
        out.flush();
    });

    while (!stopped) {
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        pending_line& line = chunk[pending++];
        line.line_no = ++line_no;
        line.st = got.st;
        line.text.assign(got.text);
        if (pending == chunk_lines) write_pending();
    }
    write_pending();
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
    const rationale_detail detail = o.rationale == "none"    ? rationale_detail::none
                                    : o.rationale == "rules" ? rationale_detail::rules
                                                             : rationale_detail::full;
    const route_job job{g, rt, as_of, o.format, detail};
    if (!batch) return route_one(o, job);
    return route_batch(o.issues_file.empty() ? o.positional : o.issues_file, o, job);
}

} // namespace spfgov::cli
