// The spfgov command: shared pieces of the subcommands (private to src/cli/).
#pragma once

#include "../detail_unknown_keys.hpp"

#include "spfgov/date.hpp"
#include "spfgov/graph.hpp"
#include "spfgov/ics.hpp"
#include "spfgov/io.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/policy.hpp"
#include "spfgov/redundancies.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::cli {

/// Exit statuses (docs/cli.md): 0 success; 1 a graph, issue or route error;
/// 2 a usage error.
enum exit_status : int { exit_ok = 0, exit_failure = 1, exit_usage = 2 };

/// A usage error found after the command line was parsed (conflicting
/// options...): exit status 2.
class usage_error : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A failure already reported on stderr by the command itself: exit status 1
/// with nothing more to print.
class reported_failure : public std::exception {
public:
    [[nodiscard]] const char* what() const noexcept override { return "failure already reported"; }
};

/// Prints "spfgov: error: TEXT" (or another level) on stderr.
void print_error(std::string_view text);
void print_warning(std::string_view text);
void print_note(std::string_view text);

// ------------------------------------------------------------ output

/// Standard output through a large buffer: written out when it passes
/// `flush_at` bytes, at every line when stdout is a terminal, before the
/// input blocks (see line_reader), and at the end. Write errors are reported
/// by finish().
class output {
public:
    explicit output(std::FILE* to = stdout, std::size_t flush_at = std::size_t{1} << 20);
    output(const output&) = delete;
    output& operator=(const output&) = delete;
    ~output();

    void write(std::string_view text) { buffer_.append(text); }
    void put(char c) { buffer_.push_back(c); }
    /// Call after each complete record (line).
    void end_record() {
        if (interactive_ || buffer_.size() >= flush_at_) flush();
    }
    void flush();
    /// Flushes and reports whether every byte reached the stream.
    [[nodiscard]] bool finish();
    [[nodiscard]] bool interactive() const noexcept { return interactive_; }
    /// A write failed (a closed pipe, a full disk): later output is dropped.
    [[nodiscard]] bool failed() const noexcept { return failed_; }
    /// The reason of the first failed write.
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

private:
    std::FILE* to_;
    std::size_t flush_at_;
    bool interactive_;
    bool failed_ = false;
    std::string error_;
    std::string buffer_;
};

/// After a failed write: when `error` is EPIPE (the reader of a pipe has
/// gone), ends the process quietly by SIGPIPE; otherwise returns.
void end_if_broken_pipe(int error);

/// Writes all of `text` to stdout (for one-shot results); throws on failure.
void write_stdout(std::string_view text);

// ------------------------------------------------------------ input

/// Reads a whole file (or stdin for "-") as text, refusing more than
/// `max_bytes` (the limit for `what`, "a graph file"...): reading stops as
/// soon as the limit is passed. Throws spfgov::parse_error ("cannot_open",
/// "too_large") naming the file.
[[nodiscard]] std::string read_text_file(const std::string& path, std::size_t max_bytes, std::string_view what);

/// Lines of a file or stdin with a fixed memory bound: a line longer than
/// the limit is reported as too long and the rest of it is skipped without
/// being stored. Reads with read(2), so a slow pipe streams line by line.
class line_reader {
public:
    enum class status : std::uint8_t { line, too_long, end };
    struct result {
        status st = status::end;
        std::string_view text;  ///< the line without its '\n' (and '\r'); valid until next()
    };

    /// `path` "-" reads stdin. Throws spfgov::parse_error when the file cannot be opened.
    line_reader(const std::string& path, std::size_t max_line_length);
    line_reader(const line_reader&) = delete;
    line_reader& operator=(const line_reader&) = delete;
    ~line_reader();

    /// Called before each read that may block (to flush pending output).
    void on_before_read(std::function<void()> f) { before_read_ = std::move(f); }

    [[nodiscard]] result next();
    /// Bytes read from the input so far, and its size when known (a regular file).
    [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_; }
    [[nodiscard]] std::optional<std::uint64_t> size() const noexcept { return size_; }
    /// A read error (not end of file) ended the input; the message says which.
    [[nodiscard]] const std::string& read_error() const noexcept { return error_; }

private:
    bool fill();  // false at end of input or on error
    int fd_ = -1;
    bool owns_fd_ = false;
    std::string name_;
    std::size_t max_line_;
    std::unique_ptr<char[]> buf_;
    std::size_t buf_size_ = 0;
    std::size_t begin_ = 0, end_ = 0, scanned_ = 0;
    bool eof_ = false;
    std::uint64_t bytes_read_ = 0;
    std::optional<std::uint64_t> size_;
    std::string error_;
    std::function<void()> before_read_;
};

/// The end of a batch command: flushes `out`, then prints on stderr why the
/// input stopped early (a read error) or the output was lost, naming the
/// last line read. False when either happened (exit status 1).
[[nodiscard]] bool finish_batch(output& out, const line_reader& in, std::size_t lines_read);

// ------------------------------------------------------------ graphs

/// The graph a command works on: the built-in England graph, a file, or a
/// base and overlays (`--graph` repeated).
struct graph_source {
    graph_source() = default;
    graph_source(graph_source&&) = default;
    graph_source& operator=(graph_source&&) = default;
    /// A big graph is left to the end of the process to free: the kernel
    /// takes back its memory at once, where freeing its millions of blocks
    /// one by one took seconds (7% of validating a million employers).
    ~graph_source();

    std::unique_ptr<governance_graph> owned;  ///< null for a built-in graph
    const governance_graph* graph = nullptr;
    std::string name;                         ///< the file names joined by " + ", or "the built-in England graph"
    std::string options;                      ///< the --graph options that load it again, for hints
    bool built_in = true;
    bool built_in_base = false;               ///< its first --graph is england or england-gp
};

/// When a graph whose first file is not a built-in graph names, in its
/// dangling references, bodies the built-in England graph has (an overlay
/// given alone, as `--graph merger.json`): a note saying to give the base
/// first (`--graph england --graph merger.json`); else "".
[[nodiscard]] std::string overlay_without_base_hint(const graph_source& g, const std::vector<diagnostic>& diagnostics);

/// Loads the `--graph` files in order: the first is the base, each later one
/// an overlay (formats.md "Overlays"); "england" and "england-gp" are the
/// built-in graphs, and no file at all the built-in England graph. Throws
/// spfgov::parse_error for a file that cannot be read or parsed, naming it.
[[nodiscard]] graph_source load_graph(const std::vector<std::string>& files);

/// For commands that need a usable graph (route, export): prints the graph's
/// errors (and a count of warnings) on stderr and throws reported_failure
/// when there is any error. The built-in graph is trusted.
void require_valid(const graph_source& g, std::string_view command);

/// For an id the graph lacks: " (did you mean \"RRK\"?)" naming the nearest
/// body id, compared without case (users type "rrk"), when it is within
/// about a third of the id's length (at least 1, at most 3 edits); else "".
/// Single issues only: it reads every id of the graph.
[[nodiscard]] std::string nearest_id_hint(const governance_graph& g, std::string_view id);

/// Where route's issues come from, for a word it cannot place.
inline constexpr std::string_view issue_options_hint =
    "the issues come from --issue FILE, --issues FILE.jsonl, or - (a batch on standard input)";
/// "an overlay needs its own --graph (--graph base.json --graph FILE)".
std::string overlay_needs_graph(std::string_view shown_file);
/// "unexpected argument 'W': ..." for a word route takes as its stdin
/// argument (only "-" is one), with the --graph fix when it is a .json file
/// after a --graph (`graph_given`).
std::string unexpected_route_argument(std::string_view word, bool graph_given);

/// What to say of the windows `check` found whose proposals counted
/// together give an earlier date than their routes (the first ten, then
/// how many more): the agenda's and route's HTML page's dates are then too
/// late, as `spfgov redundancies` would show. Said on stderr and on the
/// pages (the agenda's text and HTML, route's HTML).
[[nodiscard]] std::vector<std::string> earlier_window_notes(const earlier_window_check& check);
/// Each of `notes` (warnings about the batch as a whole) on stderr, after "NAME: ".
void warn_about_batch(std::span<const std::string> notes, std::string_view name);

/// Parses an --as-of value (empty: none); throws usage_error naming `option`.
/// For routing (`routing`), also a date the England and Wales calendar
/// covers (1978-2100); a map or export may be of any date.
[[nodiscard]] std::optional<date> parse_as_of(const std::string& text, std::string_view option = "--as-of",
                                              bool routing = true);

/// DTSTAMP and SEQUENCE of a calendar (docs/calendar.md "Keeping a calendar
/// in sync"): `--dtstamp` when given, else the SOURCE_DATE_EPOCH environment
/// variable (seconds since 1970, the reproducible-builds convention), else
/// the current time. Throws usage_error for a bad --dtstamp or
/// SOURCE_DATE_EPOCH, naming it.
[[nodiscard]] ics_stamp calendar_stamp(const std::string& dtstamp_option);

/// Is the file descriptor a terminal?
[[nodiscard]] bool is_terminal(int fd) noexcept;

/// Colour on this file descriptor? Only on a terminal, and never when the
/// environment variable NO_COLOR is set and not empty (no-color.org) or TERM
/// is "dumb".
[[nodiscard]] bool use_colour(int fd) noexcept;

/// The text report (route --format text) with its headings in bold, when `on`.
[[nodiscard]] std::string colour_report(std::string text, bool on);

// ------------------------------------------------------------ commands

struct route_options {
    std::vector<std::string> graphs;  ///< --graph, in order: a base and its overlays
    std::string issue_file;
    std::string issues_file;
    std::string positional;  ///< "-": a batch on stdin
    std::string as_of;
    std::string format = "json";
    bool progress = true;    ///< --no-progress turns the bar off
    std::string policy;      ///< --policy FILE; empty: the default policy
    std::string explain;     ///< --explain BODY_ID (with --issue)
    std::string rationale = "full";  ///< --rationale full|rules|none (JSON output)
    unsigned jobs = 0;       ///< --jobs N for a batch; 0 = one thread per core
    std::string dtstamp;     ///< --dtstamp (with --format ics); empty: calendar_stamp's default
};
int run_route(const route_options& o);

/// DOT text rendered as SVG by Graphviz's `dot -Tsvg` (src/cli/graphviz.cpp
/// says why the program and not the library). Throws std::runtime_error
/// when dot cannot be run or fails.
[[nodiscard]] std::string render_svg(std::string_view dot_text);

// Batch lines (shared by route and redundancies): spfgov/batch.hpp
// (read_batch_line, route_batch_line).
/// A batch's closing status: when `failed` of `lines` lines failed, says so
/// on stderr ("NAME: 2 of 10 lines could not be WHAT (WHERE)") and gives 1; else 0.
/// When every line of a batch file failed, a note if the file is not JSON
/// Lines at all: one issue written over several lines (it starts with a
/// lone "{"), or a JSON array ("["). Reads the file's start again.
void note_if_not_json_lines(std::string_view file, std::size_t failed, std::size_t lines);

[[nodiscard]] int batch_status(std::string_view name, std::size_t failed, std::size_t lines, std::string_view what,
                               std::string_view where);


/// Issue files ignore unknown keys (the contract), so a misspelt optional
/// field (system_process_agred) would change routes silently: each unknown
/// key is a warning naming the nearest key, once a key in a batch (at its
/// first line, with a count of lines at the end). Ten keys at most: a batch
/// of stray keys cannot flood the terminal or grow without bound.
class unknown_key_warnings {
public:
    explicit unknown_key_warnings(std::string file) : file_(std::move(file)) {}

    /// The unknown keys of one issue, read from line `line` (0: a single
    /// issue, the only one these warnings are given).
    /// `before_warning` runs before a warning is printed (a progress bar
    /// makes room), not for keys already warned of.
    void ignored(std::size_t line, const std::vector<std::string>& keys,
                 const std::function<void()>& before_warning = {});

    /// The counts, after the last line.
    void finish() const;

private:
    struct warned_key {
        std::string key;
        std::size_t lines;
    };
    std::string file_;
    std::vector<warned_key> warned_;
    std::size_t named_near_ = 0, named_far_ = 0;  ///< keys named, near an issue key or not
    detail::key_nearness nearness_;  ///< each key judged once (bounded)
    std::size_t other_keys_ = 0, other_lines_ = 0;
    bool single_ = true;  // until a line number comes
};

/// Reads a batch of issues (JSON Lines, `path` "-" for stdin) in order and
/// calls `on_issue(issue, line, text, ignored_keys)` for each line that
/// reads as an issue (`text` the line, for batch_line_message of a routing
/// error; `ignored_keys` the keys the reader ignored, warned of here) and
/// `on_error(id, line, message)` for one that does not (too long, blank, not
/// an issue; the id when the line names one). Returns the number of lines;
/// a read error of the input itself is printed and ends with reported_failure.
[[nodiscard]] std::size_t read_issue_batch(
    const std::string& path,
    const std::function<void(issue&, std::size_t, std::string_view, const std::vector<std::string>&)>& on_issue,
    const std::function<void(const std::optional<std::string>&, std::size_t, std::string_view)>& on_error);

struct redundancies_options {
    std::vector<std::string> graphs;
    std::string issues_file;
    std::string as_of;
    std::string policy;
    std::string format = "json";
};
int run_redundancies(const redundancies_options& o);

struct agenda_options {
    std::vector<std::string> graphs;
    std::string issues_file;
    std::string body;        ///< --body ID
    std::string from, to;    ///< --from, --to (ISO dates)
    std::string as_of;
    std::string policy;
    std::string format = "text";  ///< text | csv | ics | html
    std::string dtstamp;     ///< --dtstamp (with --format ics)
};
int run_agenda(const agenda_options& o);

struct diff_options {
    std::vector<std::string> graphs, vs_graphs;  ///< --graph / --vs-graph: base and overlays of each run
    std::string issues_file;
    std::string as_of, vs_as_of;
    std::string policy, vs_policy;
    std::string format = "json";  ///< json (changed routes; summary on stderr) | text (the summary)
};
int run_diff(const diff_options& o);

/// The policy of --policy FILE, or the default policy when `file` is
/// empty. Throws spfgov::policy_error (exit status 1) when it cannot be loaded.
/// Warns on stderr when its statutory tables leave dates bare
/// (statutory_table_gap).
[[nodiscard]] routing_policy load_policy(const std::string& file);

/// Warns on stderr of each custom rule of the policy in `file` that can never
/// add a body on `g` (idle_custom_rules); nothing for the default policy.
/// A non-empty `graph_name` is named in each warning (diff's two graphs).
void warn_idle_rules(const routing_policy& p, const governance_graph& g, const std::string& file,
                     const std::string& graph_name = {});

int run_policy();

struct test_options {
    std::vector<std::string> files;
    std::string policy;
};
int run_test(const test_options& o);

struct validate_options {
    std::vector<std::string> graphs;
    std::string format = "text";  ///< text | json
};
int run_validate(const validate_options& o);

struct export_options {
    std::vector<std::string> graphs;
    std::string format;
    std::string as_of;
    std::string region, system, around;  ///< --region, --system, --around ID
    unsigned depth = 1;                  ///< --depth N (with --around)
    bool depth_given = false;
    bool overview = false;               ///< --overview
};
int run_export(const export_options& o);

struct holidays_options {
    int year = 0;
    bool names = false;
};
int run_holidays(const holidays_options& o);

struct generate_options {
    std::size_t employers = 0;
    std::uint64_t seed = 1;
    std::optional<std::size_t> issues;
    std::string from, to;  ///< issue dates, ISO; empty = the library's default
};
int run_generate(const generate_options& o);

} // namespace spfgov::cli
