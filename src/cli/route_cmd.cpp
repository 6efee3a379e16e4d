// spfgov route: one issue from a file, or a batch (JSON Lines) streamed
// from a file or stdin.
#include "cli.hpp"
#include "ordered_pool.hpp"

#include "../detail_json.hpp"
#include "../detail_nearest.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/detail/issue_reading.hpp"
#include "spfgov/error.hpp"
#include "spfgov/export.hpp"
#include "spfgov/html.hpp"
#include "spfgov/quoted_ids.hpp"
#include "spfgov/flat.hpp"
#include "spfgov/report.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cinttypes>
#include <condition_variable>
#include <charconv>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

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

    /// Erases the bar before a message on stderr, so the message starts its
    /// own line; the next update draws the bar again, below it.
    void make_room() {
        if (!shown_) return;
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        last_ = {};
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

int batch_status(std::string_view name, std::size_t failed, std::size_t lines, std::string_view what,
                 std::string_view where) {
    if (failed == 0) return exit_ok;
    note_if_not_json_lines(name, failed, lines);
    print_error(std::string(name) + ": " + std::to_string(failed) + " of " + std::to_string(lines) +
                (lines == 1 ? " line" : " lines") + " could not be " + std::string(what) + " (" + std::string(where) + ")");
    return exit_failure;
}

namespace {

struct route_job {
    const graph_source& graph;
    const router& rt;
    std::optional<date> as_of;
    std::string_view format;  // json | text | ics | html | dot | svg | csv | memberships-csv
    rationale_detail rationale = rationale_detail::full;
    ics_stamp stamp{};        // DTSTAMP and SEQUENCE of --format ics
    const quoted_ids* ids = nullptr;  // the graph's ids quoted once, for a JSON batch
    /// --policy's, named in the text and HTML reports; null without one (the built-in rules).
    const routing_policy* policy_named = nullptr;
};

/// The route's picture as SVG for the HTML report; without Graphviz, a
/// warning and a page without the picture (the tables say the same).
std::string picture_or_none(const route& r, const governance_graph& g) {
    try {
        return render_svg(route_to_dot(r, g));
    } catch (const std::runtime_error& e) {
        print_warning(std::string("the HTML report has no picture: ") + e.what());
        return {};
    }
}

/// The CSV formats' header line (before the first record).
void write_header(output& out, const route_job& job) {
    if (job.format == "csv") out.write(csv_header(route_columns()));
    else if (job.format == "memberships-csv") out.write(csv_header(membership_columns()));
}

/// Appends route `r` (of batch line `line`, 0 for a single issue) in the job's format.
void append_route_as(std::string& out, const route_job& job, const route& r, std::size_t line = 0) {
    if (job.format == "json") {
        if (job.ids) append_route(out, r, *job.graph.graph, *job.ids, job.rationale);
        else append_route(out, r, *job.graph.graph, job.rationale);
        out += '\n';
    } else if (job.format == "csv") {
        out += csv_record(route_row(r, *job.graph.graph, line));
    } else if (job.format == "memberships-csv") {
        for (const auto& row : membership_rows(r, *job.graph.graph, line)) out += csv_record(row);
    } else if (job.format == "text") {
        out += job.policy_named ? route_text(r, *job.graph.graph, *job.policy_named) : route_text(r, *job.graph.graph);
    } else if (job.format == "dot") {
        out += route_to_dot(r, *job.graph.graph);
    } else if (job.format == "svg") {
        out += render_svg(route_to_dot(r, *job.graph.graph));
    } else if (job.format == "html") {
        const std::string picture = picture_or_none(r, *job.graph.graph);
        out += job.policy_named ? route_html(r, *job.graph.graph, *job.policy_named, picture)
                                : route_html(r, *job.graph.graph, picture);
    } else {
        out += route_ics(r, *job.graph.graph, job.stamp);
    }
}

/// For an unknown id among the issue's affected bodies: the nearest id.
/// The built-in graph's own limit, for an id it lacks: a real trust missing
/// from its data (T-coded trusts, which ODS's etr snapshot does not list)
/// looks like a typo otherwise.
constexpr std::string_view built_in_data_note =
    "; the built-in England graph holds the NHS trusts of ODS's etr file (a 2025 snapshot; codes beginning R), "
    "with the CCGs, ICBs and regions: an organisation it lacks can be added in an overlay (--graph england "
    "--graph mine.json; docs/formats.md)";

/// An ODS code of the form trusts with T codes have ("TAH", "TAJ").
bool t_coded(std::string_view id) {
    const auto code_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    return id.size() == 3 && id[0] == 'T' && code_char(id[1]) && code_char(id[2]);
}

std::string unknown_id_hint(const error& e, const issue& i, date on, const graph_source& source) {
    constexpr std::string_view affected = "/affected/";
    const auto& pointer = e.pointer();
    if (e.code() != "unknown_id" || !pointer || !pointer->starts_with(affected)) return {};
    std::size_t n = 0;
    const auto digits = std::string_view(*pointer).substr(affected.size());
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size() || n >= i.affected.size()) return {};
    const bool built_in = source.built_in || source.built_in_base;
    // Routing names an id the graph has in another case or with blanks ("rmc"): not a missing trust.
    const bool routing_named = std::string_view(e.what()).find("(did you mean") != std::string_view::npos;
    std::string hint;
    if (!routing_named) {
        // What /affected may name on the date routed: an employer, a system or
        // a region in being (a closed trust's name would only fail again).
        const governance_graph& g = *source.graph;
        hint = detail::nearest_id_hint(g, i.affected[n], [&](body_handle b) {
            const body_kind k = g[b].kind;
            return (k == body_kind::employer || k == body_kind::system || k == body_kind::region) &&
                   g[b].valid.contains(on);
        });
    }
    // A T code is a trust the data lacks even when an R code is one letter away (TAJ, RAJ).
    if (built_in && (t_coded(i.affected[n]) || (hint.empty() && !routing_named))) hint += built_in_data_note;
    return hint;
}

int route_one(const route_options& o, const route_job& job) {
    const read_limits limits;
    const std::string name = o.issue_file == "-" ? std::string("<stdin>") : o.issue_file;
    const std::string text = read_text_file(o.issue_file, limits.max_issue_bytes, "an issue file");
    issue i;
    std::vector<std::string> unknown_keys;
    try {
        // The located reader (read_issue's errors), which also finds the keys it ignores.
        i = detail::read_issue_located(text, name, limits, &unknown_keys);
    } catch (const error& e) {
        print_error(e.what());
        // A JSON Lines batch given as one issue: say which option reads it.
        // (Only when another object follows on a later line: not for stray
        // text, nor for two values on one line, which --issues refuses too.)
        const auto looks_like_json_lines = [&] {
            const std::size_t next = std::min(detail::json::after_first_value(text), text.size());
            std::size_t gap = next;
            while (gap > 0 && (text[gap - 1] == ' ' || text[gap - 1] == '\t' || text[gap - 1] == '\r')) --gap;
            return next < text.size() && text[next] == '{' && gap > 0 && text[gap - 1] == '\n';
        };
        if (e.code() == "trailing_data" && o.issue_file != "-" && looks_like_json_lines())
            print_note(name + " holds more than one JSON value; a batch, one issue a line, is routed with --issues " + name);
        return exit_failure;
    }
    // Routing names a value by its JSON pointer: the file's line and column too.
    const auto located_name = [&](const error& e) {
        std::string where = name;
        if (const auto at = e.pointer() ? detail::locate_json_pointer(text, *e.pointer(), limits) : std::nullopt)
            where += ":" + std::to_string(at->line) + ":" + std::to_string(at->column);
        return where;
    };
    unknown_key_warnings warnings(name);
    warnings.ignored(0, unknown_keys);
    warnings.finish();
    if (!o.explain.empty()) {
        std::string explained;
        try {
            const auto index = job.rt.index_for(job.as_of.value_or(i.date));
            explained = explanation_text(explain_body(*index, i, o.explain, job.rt.policy()));
        } catch (const error& e) {
            print_error(located_name(e) + ": cannot explain " + o.explain + " for issue \"" + i.id + "\": " + e.what() +
                        (e.code() == "unknown_id" && e.pointer() == std::nullopt
                             ? nearest_id_hint(*job.graph.graph, o.explain)
                             : unknown_id_hint(e, i, job.as_of.value_or(i.date), job.graph)));
            return exit_failure;
        }
        write_stdout(explained);
        return exit_ok;
    }
    route r;
    try {
        r = job.rt(i, job.as_of);
    } catch (const error& e) {
        print_error(located_name(e) + ": cannot route issue \"" + i.id + "\": " + e.what() + unknown_id_hint(e, i, job.as_of.value_or(i.date), job.graph));
        return exit_failure;
    }
    detail::warn_route_of_misspelt_keys(r, unknown_keys);
    output out;
    write_header(out, job);
    std::string written;
    try {
        append_route_as(written, job, r);
    } catch (const error& e) {  // a route with no dates has no calendar
        print_error(name + ": " + e.what());  // the message names the issue
        return exit_failure;
    }
    // The report in colour on a terminal (not piped, NO_COLOR unset).
    if (job.format == "text") written = colour_report(std::move(written), out.interactive() && use_colour(1));
    out.write(written);
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    return exit_ok;
}

/// The biggest output buffer a batch slot keeps from one line to the next.
constexpr std::size_t max_kept_output = std::size_t{32} << 10;
/// A thread's route is let go (not refilled) after a line whose output
/// passed this, its lists having grown to a good part of the graph. One line
/// in 25 of a generated batch writes more than 32 KB (a region's every
/// JNCC, several times over): letting go of the route after those (as of
/// the slot's buffer) had every 25th line allocate its route again, 4.5% of
/// a batch's time; the lists of a 150 KB line take ~20 KB.
constexpr std::size_t max_kept_route_output = std::size_t{1} << 20;

/// One batch line waiting to be routed, and what it gives.
struct pending_line {
    std::size_t line_no = 0;
    line_reader::status st = line_reader::status::line;
    std::string text;    ///< a copy of the line (the reader's buffer moves on)
    std::string output;  ///< what the line writes, in order
    std::string error;   ///< what it writes on stderr (memberships-csv has no error rows)
    bool failed = false;
    batch_line_notes notes;  ///< the keys its issue has that the contract ignores
};


unsigned thread_count(unsigned jobs) {
    if (jobs != 0) return jobs;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

/// A batch as one HTML page: every line routed in order (or its error),
/// then the page with its index. The page needs every route before its
/// index, so this holds them all; it is meant for a month's batch, not millions.
int route_batch_html(const std::string& path, const route_job& job) {
    const std::string name = path == "-" ? std::string("<stdin>") : path;
    struct item {
        std::optional<route> routed;
        std::string svg, label, error;
    };
    std::vector<item> items;
    std::size_t failed = 0;
    bool warned = false;
    earlier_window_check combined(job.rt, job.as_of);
    const auto label = [](std::size_t line_no, const std::optional<std::string>& id) {
        return "Line " + std::to_string(line_no) + (id ? " (issue " + *id + ")" : std::string());
    };
    const std::size_t lines = read_issue_batch(
        path,
        [&](issue& i, std::size_t line_no, std::string_view text, const std::vector<std::string>& ignored_keys) {
            item it;
            it.label = label(line_no, i.id);
            try {
                it.routed = job.rt(i, job.as_of);
                detail::warn_route_of_misspelt_keys(*it.routed, ignored_keys);
                it.svg = render_svg(route_to_dot(*it.routed, *job.graph.graph));
            } catch (const error& e) {
                it.error = batch_line_message(e, name, line_no, text);
            } catch (const std::runtime_error& e) {  // no picture: Graphviz missing or failing
                if (!warned) print_warning(std::string("the HTML report has no pictures: ") + e.what());
                warned = true;
            }
            if (!it.routed) ++failed;
            else combined.add(i, *it.routed, line_no);
            items.push_back(std::move(it));
        },
        [&](const std::optional<std::string>& id, std::size_t line_no, std::string_view message) {
            ++failed;
            items.push_back({std::nullopt, {}, label(line_no, id), std::string(message)});
        });
    std::vector<html_report_item> page;
    page.reserve(items.size());
    for (const auto& it : items)
        page.push_back({it.routed ? &*it.routed : nullptr, it.svg, it.label, it.error});
    output out;
    const std::string title = "Routes for " + printable(name);
    const std::vector<std::string> earlier = earlier_window_notes(combined);
    out.write(routes_html(page, *job.graph.graph, title, page_notes{job.policy_named, earlier}));
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    warn_about_batch(earlier, name);
    return batch_status(name, failed, lines, "routed", "the page shows each error");
}

int route_batch(const std::string& path, const route_options& o, const route_job& job) {
    const read_limits limits;
    const std::string name = path == "-" ? std::string("<stdin>") : path;
    line_reader in(path, limits.max_line_length);
    output out;
    progress_bar bar(o.progress);

    const std::string separator = std::string(78, '=') + "\n";
    const unsigned threads = thread_count(o.jobs);
    // A routing session a thread: threads routing through the router itself
    // contended on its lock and its epochs' counts (8% of 400,000 lines).
    std::vector<routing_session> sessions;
    sessions.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) sessions.emplace_back(job.rt);

    // One line: its output (a route, or the error line) into line.output.
    // Runs on thread `thread` (0 the caller's); reads only what is shared
    // and immutable, and that thread's session. route_batch_line is the one
    // reading of a batch line (Python and Dask call it too), so every caller
    // gives the same errors.
    const auto process = [&](pending_line& line, unsigned thread) {
        line.output.clear();
        line.error.clear();
        line.notes.unknown_keys.clear();  // a too-long line is not read: it must not keep the slot's last notes
        line.failed = false;
        const std::size_t line_no = line.line_no;
        if (job.format == "text" && line_no > 1) line.output += separator;
        // Each thread refills one route, line after line: no route memory
        // is allocated per line once the thread has routed lines as big.
        thread_local route routed;
        const auto failure = line.st == line_reader::status::too_long
                                 ? std::optional<batch_error>(too_long_line_error(name, line_no, limits))
                                 : route_batch_line_into(sessions[thread], line.text, line_no, name, routed,
                                                         job.as_of, limits, line.notes);
        if (!failure) {
            append_route_as(line.output, job, routed, line_no);
            if (line.output.size() > max_kept_route_output) routed = route{};
            return;
        }
        const auto& e = *failure;
        line.failed = true;
        if (job.format == "json") {
            line.output += write_batch_error(e);
            line.output += '\n';
        } else if (job.format == "csv") {
            line.output += csv_record(route_error_row(e.issue, e.line, e.code, e.message));
        } else if (job.format == "memberships-csv") {
            line.error = e.message;  // an issue that cannot be routed has no memberships
        } else {
            line.output += "Line " + std::to_string(line_no) + (e.issue ? " (issue " + printable(*e.issue) + ")" : std::string()) +
                           ": error: " + printable(e.message) + "\n";
        }
    };
    write_header(out, job);

    // Lines are read ahead into a ring of slots and routed by `threads`
    // threads; routed lines are written in input order as soon as they are
    // next. Before a read that may wait (a pipe or a terminal), every line
    // read so far is routed and written, so interactive use still answers
    // line by line. 64 lines a thread keep every thread busy past a slow
    // line; 256 touched four times the buffers (each slot keeps its output,
    // ~6 KB a line here) for no gain: 10,000 lines 96.9 -> 92.8 ms.
    const std::size_t ring_lines = threads == 1 ? 1 : std::size_t{64} * threads;
    std::size_t line_no = 0, failed = 0;
    bool stopped = false;
    unknown_key_warnings unknown_keys(name);
    ordered_pool<pending_line> pool(threads, ring_lines, process);
    const auto write_finished = [&] {
        while (!stopped) {
            const std::size_t ready = pool.finished();
            if (ready == 0) return;
            std::size_t written = 0;
            while (written < ready && !stopped) {
                pending_line& line = pool.finished_line(written++);
                if (line.failed) ++failed;
                if (!line.notes.unknown_keys.empty()) {
                    out.flush();  // the warning after the rows before it
                    unknown_keys.ignored(line.line_no, line.notes.unknown_keys, [&] { bar.make_room(); });
                }
                if (!line.error.empty()) {
                    out.flush();  // the error after the rows before it
                    bar.make_room();
                    print_error(line.error);
                }
                out.write(line.output);
                out.end_record();
                // A slot keeps its buffer for the next line, but not a big one:
                // one line in a hundred writes 100 KB or more (a system's every
                // JNCC, three times over), and every slot would come to hold
                // that much (90 MB of 130 on two threads).
                if (line.output.capacity() > max_kept_output) {
                    std::string kept;
                    kept.reserve(max_kept_output);  // the next big line grows from here, not from nothing
                    kept.swap(line.output);
                }
                if (out.failed()) stopped = true;  // nobody reads the output any more
                bar.update(line.line_no, in.bytes_read(), in.size());
            }
            pool.release(written);
        }
    };
    // Routes and writes lines (publishing what was read) until a slot is free
    // (`until_all`: until every line read is written).
    const auto make_progress = [&](bool until_all) {
        pool.publish();
        while (!stopped && pool.unwritten()) {
            write_finished();
            if (stopped || (!until_all && pool.slot_to_fill())) return;
            if (!pool.help() && pool.unwritten()) pool.wait_for_next();
        }
    };
    const bool may_wait = !in.size().has_value();  // not a regular file
    in.on_before_read([&] {
        if (may_wait) make_progress(true);
        out.flush();
    });

    while (!stopped) {
        pending_line* line = pool.slot_to_fill();
        if (!line) {
            make_progress(false);
            continue;
        }
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        line->line_no = ++line_no;
        line->st = got.st;
        line->text.assign(got.text);
        pool.stage();
        // Published in small groups, so the other threads start early.
        if (pool.staged() >= 16) pool.publish();
    }
    make_progress(true);
    bar.finish();
    if (!finish_batch(out, in, line_no)) return exit_failure;
    unknown_keys.finish();
    return batch_status(name, failed, line_no, "routed", "their output lines hold the error");
}

} // namespace

int run_route(const route_options& o) {
    // Which input: exactly one of --issue, --issues, "-".
    const int given = (o.issue_file.empty() ? 0 : 1) + (o.issues_file.empty() ? 0 : 1) + (o.positional.empty() ? 0 : 1);
    if (!o.positional.empty() && o.positional != "-")
        throw usage_error("route: " + unexpected_route_argument(o.positional, !o.graphs.empty()));
    if (given == 0)
        throw usage_error("route: no issue given: use --issue FILE, --issues FILE.jsonl, or - (a batch on standard input)");
    if (given > 1) throw usage_error("route: give only one of --issue, --issues and -");
    const bool batch = o.issue_file.empty();
    const bool issue_on_stdin = o.issue_file == "-" || o.issues_file == "-" || o.positional == "-";
    if (std::count(o.graphs.begin(), o.graphs.end(), "-") > (issue_on_stdin ? 0 : 1))
        throw usage_error(issue_on_stdin ? "route: the graph and the issues cannot both come from standard input"
                                         : "route: only one --graph can come from standard input");
    if (batch && (o.format == "ics" || o.format == "dot" || o.format == "svg"))
        throw usage_error("route: --format " + o.format + " needs a single issue (--issue FILE), not a batch");
    if (!o.dtstamp.empty() && o.format != "ics")
        throw usage_error("route: --dtstamp sets the calendar's DTSTAMP; it needs --format ics");
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
    warn_idle_rules(policy, *g.graph, o.policy);
    const rationale_detail detail = o.rationale == "none"    ? rationale_detail::none
                                    : o.rationale == "rules" ? rationale_detail::rules
                                                             : rationale_detail::full;
    // A JSON batch writes the same ids again and again: quote them once.
    const std::optional<quoted_ids> ids =
        batch && o.format == "json" ? std::optional<quoted_ids>(std::in_place, *g.graph) : std::nullopt;
    const route_job job{g,      rt, as_of, o.format, detail, o.format == "ics" ? calendar_stamp(o.dtstamp) : ics_stamp{},
                        ids ? &*ids : nullptr, o.policy.empty() ? nullptr : &policy};
    if (!batch) return route_one(o, job);
    if (o.format == "html") return route_batch_html(o.issues_file.empty() ? o.positional : o.issues_file, job);
    return route_batch(o.issues_file.empty() ? o.positional : o.issues_file, o, job);
}

} // namespace spfgov::cli
