// spfgov._spfgov: the C++ core of the Python module (python/spfgov/ wraps it).
// Routing many issues releases the GIL and runs on every core: a router is
// thread-safe, and each thread routes and writes its own share of the lines.
#include "../../src/detail_dates.hpp"
#include "../../src/detail_unknown_keys.hpp"

#include "spfgov/agenda.hpp"
#include "spfgov/batch.hpp"
#include "spfgov/calendar.hpp"
#include "spfgov/detail/issue_reading.hpp"
#include "spfgov/diff.hpp"
#include "spfgov/error.hpp"
#include "spfgov/flat.hpp"
#include "spfgov/io.hpp"
#include "spfgov/policy.hpp"
#include "spfgov/policy_file.hpp"
#include "spfgov/quoted_ids.hpp"
#include "spfgov/redundancies.hpp"
#include "spfgov/route.hpp"
#include "spfgov/scenario.hpp"
#include "spfgov/text.hpp"
#include "spfgov/validate.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <span>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace py = pybind11;

namespace {

using spfgov::governance_graph;
using spfgov::routing_policy;

/// Text that may hold a file name as str: surrogateescape, so a name that is
/// not UTF-8 reads as os.fsdecode gives it (py::cast would raise instead).
py::object file_text(const std::string& s) {
    PyObject* text = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape");
    if (!text) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(text);
}
py::object file_text(const std::optional<std::string>& s) { return s ? file_text(*s) : py::object(py::none()); }

struct policy_handle {
    std::shared_ptr<const routing_policy> policy;
};

/// A graph and the routers made on it, one per policy (each caches its
/// routing indexes per date, so routing again on the same date is cheap).
class graph_handle {
public:
    explicit graph_handle(std::shared_ptr<const governance_graph> g, std::string name, bool built_in = false)
        : graph_(std::move(g)), name_(std::move(name)), built_in_(built_in) {}

    [[nodiscard]] const governance_graph& graph() const { return *graph_; }
    [[nodiscard]] const std::string& name() const { return name_; }

    /// Raises graph_error invalid_graph when the graph has error diagnostics,
    /// as `spfgov route` refuses such a graph: a route on it would be wrong
    /// without saying so. Validated once, on first use.
    std::shared_ptr<const spfgov::router> router_for(const policy_handle* p) {
        static const auto default_policy = std::make_shared<const routing_policy>(spfgov::default_policy());
        const auto policy = p ? p->policy : default_policy;
        const std::lock_guard lock(mutex_);
        require_routable_locked();
        auto& entry = routers_[policy.get()];
        if (!entry.second) {
            entry.first = policy;
            entry.second = std::make_shared<const spfgov::router>(*graph_, *policy);
        }
        return entry.second;
    }

    /// Raises graph_error invalid_graph when the graph has error diagnostics
    /// (Dask checks this when the bag is built, not on the workers).
    void require_routable() {
        const std::lock_guard lock(mutex_);
        require_routable_locked();
    }

    /// The graph's ids quoted for JSON, made once (as route --issues does):
    /// writing a route then copies each id's bytes.
    const spfgov::quoted_ids& ids() {
        const std::lock_guard lock(mutex_);
        if (!ids_) ids_ = std::make_unique<const spfgov::quoted_ids>(*graph_);
        return *ids_;
    }

private:
    void require_routable_locked() {
        if (!validated_) {
            invalid_ = invalid_message();
            validated_ = true;
        }
        if (!invalid_.empty()) throw spfgov::graph_error("invalid_graph", invalid_);
    }

    /// Empty for a graph without errors; else what is wrong, first error first.
    [[nodiscard]] std::string invalid_message() const {
        if (built_in_) return {};
        std::size_t errors = 0;
        std::string first;
        for (const auto& d : spfgov::validate(*graph_)) {
            if (d.severity != spfgov::severity::error) continue;
            if (errors++ == 0) first = spfgov::format(d);
        }
        if (errors == 0) return {};
        return "graph " + name_ + " has " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
               ", and routing needs a graph without errors; the first: " + first +
               ". Graph.validate() lists every problem";
    }

    std::shared_ptr<const governance_graph> graph_;
    std::string name_;
    bool built_in_ = false;
    bool validated_ = false;
    std::string invalid_;
    std::mutex mutex_;
    std::unique_ptr<const spfgov::quoted_ids> ids_;
    std::map<const routing_policy*,
             std::pair<std::shared_ptr<const routing_policy>, std::shared_ptr<const spfgov::router>>>
        routers_;
};

std::shared_ptr<const governance_graph> built_in(const governance_graph& g) {
    return {&g, [](const governance_graph*) {}};  // lives as long as the process
}

std::optional<spfgov::date> parse_date(const std::optional<std::string>& text, std::string_view name = "as_of") {
    if (!text) return std::nullopt;
    const auto d = spfgov::parse_iso_date(*text);
    if (!d)
        throw spfgov::date_error("bad_date", std::string(name) + " \"" + spfgov::printable(*text) +
                                                 "\" is not a date: expected YYYY-MM-DD, a day " +
                                                 std::string(spfgov::detail::iso_date_expected(*text)) +
                                                 spfgov::detail::iso_date_hint(*text));
    return d;
}

/// An as_of to route on: also a date the England and Wales calendar covers,
/// checked once here rather than every issue failing date_out_of_range.
std::optional<spfgov::date> parse_routing_date(const std::optional<std::string>& text) {
    const auto d = parse_date(text);
    if (d && !spfgov::holiday_calendar::covers(*d))
        throw spfgov::date_error("calendar_out_of_range",
                                 "as_of " + *text + " is outside the England and Wales calendar: routing needs a date from " +
                                     spfgov::to_iso(spfgov::holiday_calendar::first_day()) + " to " +
                                     spfgov::to_iso(spfgov::holiday_calendar::last_day()));
    return d;
}

/// Lines of a JSON Lines file, as `spfgov route --issues` reads them: split
/// at '\n', a '\r' before it dropped, no line after a final '\n'. From byte
/// `offset` (a line's start), at most `max_lines` lines (Dask's partitions
/// read only their own lines). Bytes, not str: a line that is not UTF-8 is
/// an error line of its own when routed, as in the command, not an
/// exception for the whole file.
py::list read_lines(const std::string& path, std::uint64_t offset, std::optional<std::uint64_t> max_lines) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))  // as the command says it
        throw spfgov::parse_error("cannot_open", path + ": cannot read: it is a directory",
                                  spfgov::error_location{.file = path});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw spfgov::parse_error("cannot_open", path + ": cannot open the file", spfgov::error_location{.file = path});
    if (offset > 0 && !in.seekg(static_cast<std::streamoff>(offset)))
        throw spfgov::parse_error("cannot_open", path + ": cannot seek to byte " + std::to_string(offset),
                                  spfgov::error_location{.file = path});
    // A line over the batch's line limit is kept to one byte over it (it is
    // a line_too_long error line either way): a file of one huge line does
    // not take its size in memory. Read in blocks, lines found with memchr.
    const std::size_t keep = spfgov::read_limits{}.max_line_length + 1;
    py::list lines;
    std::string line;
    std::vector<char> block(1 << 16);
    std::size_t at = 0, filled = 0;
    bool in_line = false;  // bytes of a line not yet ended were read
    const auto end_line = [&] {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.append(py::bytes(line));
        line.clear();
        in_line = false;
    };
    for (std::uint64_t n = 0; !max_lines || n < *max_lines;) {
        if (at == filled) {
            in.read(block.data(), static_cast<std::streamsize>(block.size()));
            if (in.bad()) throw spfgov::parse_error("cannot_open", path + ": read error", spfgov::error_location{.file = path});
            filled = static_cast<std::size_t>(in.gcount());
            at = 0;
            if (filled == 0) {
                if (in_line) end_line();  // a last line without a newline
                break;
            }
        }
        const char* start = block.data() + at;
        const auto* newline = static_cast<const char*>(std::memchr(start, '\n', filled - at));
        const std::size_t length = newline ? static_cast<std::size_t>(newline - start) : filled - at;
        line.append(start, std::min(length, keep - std::min(keep, line.size())));
        in_line = true;
        at += length;
        if (newline) {
            ++at;
            end_line();
            ++n;
        }
    }
    return lines;
}

/// The threads parallel_for runs `n` items on when asked for `threads`
/// (0: every core): at least 64 items a thread.
unsigned pool_threads(std::size_t n, unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 64)));
}

/// Runs f(i, t) for i in [0, n) on `threads` threads (pool_threads), `t`
/// being the thread's number (0 the caller's).
template <class F>
void parallel_for(std::size_t n, unsigned threads, F&& f) {
    std::atomic<std::size_t> next{0};
    auto work = [&](unsigned t) {
        for (;;) {
            const std::size_t begin = next.fetch_add(256);
            if (begin >= n) return;
            const std::size_t end = std::min(n, begin + 256);
            for (std::size_t i = begin; i < end; ++i) f(i, t);
        }
    };
    if (threads <= 1) {
        work(0);
        return;
    }
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
}

using routed = std::variant<spfgov::route, spfgov::batch_error>;

/// The issue keys a batch's lines have that the contract ignores, gathered
/// on the routing threads (each its own tally, bounded) and warned of once
/// a key afterwards, with the GIL: `spfgov.UnknownKeyWarning`, at the key's
/// first line, with the number of lines it is on; as `spfgov route --issues`.
class unknown_key_tally {
public:
    explicit unknown_key_tally(unsigned threads) : per_thread_(threads) {}

    /// Thread `t`'s line `line` has `keys` (no GIL: only thread t's tally).
    void add(unsigned t, std::size_t line, const std::vector<std::string>& keys) {
        auto& tally = per_thread_[t];
        bool unkept = false;
        for (const auto& key : keys) {
            const auto kept = std::find_if(tally.keys.begin(), tally.keys.end(), [&](const auto& k) { return k.key == key; });
            if (kept != tally.keys.end()) {
                kept->first_line = std::min(kept->first_line, line);
                ++kept->lines;
            } else if (tally.keys.size() < most_kept ||
                       (tally.near_kept < spfgov::detail::most_unknown_keys_named && tally.nearness.near(key))) {
                // Past the bound, a key near an issue key (a likely typo) is still kept.
                if (tally.keys.size() >= most_kept) ++tally.near_kept;
                tally.keys.push_back({key, line, 1});
            } else {
                unkept = true;
            }
        }
        if (unkept) ++tally.unkept_lines;
    }

    /// Warns (the GIL held): ten keys by first line, then a count of the rest.
    /// Line 0 (a single issue) names the file alone.
    void warn(const std::string& file_name) const {
        std::vector<seen_key> all;
        std::size_t unkept_lines = 0;
        for (const auto& tally : per_thread_) {
            unkept_lines += tally.unkept_lines;
            for (const auto& k : tally.keys) {
                const auto same = std::find_if(all.begin(), all.end(), [&](const auto& a) { return a.key == k.key; });
                if (same == all.end()) {
                    all.push_back(k);
                    continue;
                }
                same->first_line = std::min(same->first_line, k.first_line);
                same->lines += k.lines;
            }
        }
        if (all.empty() && unkept_lines == 0) return;
        // Stable: a line's keys keep their order (one thread read the line).
        std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first_line < b.first_line; });
        const py::object warn = py::module_::import("spfgov._errors").attr("_warn_unknown_key");
        // printable: a key's control characters must not reach the terminal.
        const auto warn_with = [&](const std::string& message) { warn(spfgov::printable(message)); };
        // Ten keys, and ten more near an issue key (likely typos), in the order found.
        std::size_t named = 0, named_near = 0, named_far = 0;
        for (const auto& k : all) {
            std::size_t& so_far = spfgov::detail::unknown_key_is_near(k.key) ? named_near : named_far;
            if (so_far == spfgov::detail::most_unknown_keys_named) continue;
            ++so_far;
            ++named;
            warn_with(spfgov::detail::unknown_key_message(file_name, k.first_line, k.key) +
                      (k.lines > 1 ? "; it is on " + std::to_string(k.lines) + " lines" : std::string()));
        }
        // A thread that kept no more keys knows only that there were others.
        const std::size_t others = all.size() - named;
        if (others > 0 || unkept_lines > 0)
            warn_with(file_name + ": and " + (unkept_lines > 0 ? "at least " : "") +
                      std::to_string(std::max<std::size_t>(others, 1)) + " more unknown key" +
                      (others == 1 && unkept_lines == 0 ? "" : "s") + ", ignored");
    }

private:
    static constexpr std::size_t most_kept = 64;  // a thread's keys; a batch of stray keys stays bounded
    struct seen_key {
        std::string key;
        std::size_t first_line;
        std::size_t lines;
    };
    struct thread_tally {
        std::vector<seen_key> keys;
        std::size_t unkept_lines = 0;
        std::size_t near_kept = 0;                 ///< keys kept past most_kept for being near
        spfgov::detail::key_nearness nearness;     ///< judged once a key
    };
    std::vector<thread_tally> per_thread_;
};

struct batch_args {
    graph_handle* graph;
    const policy_handle* policy;
    std::optional<std::string> as_of;
    std::string file_name;
    std::size_t first_line;
    unsigned threads;
    bool warn_unknown_keys = true;  // a diff's second run reads the same lines: warned once
};

/// Routes the lines, then hands each result to `emit`, both without the
/// GIL; the emitters are plain C++. Each thread refills one route line
/// after line (route_batch_line_into): an emitter that keeps a route moves
/// it out of the slot it is given.
/// With `shared_keys`, the issues' unknown keys go to that tally, which its
/// owner warns of once (a batch routed a chunk at a time); else to this
/// call's own, warned of at its end.
template <class Emit>
void route_lines(std::span<const std::string> lines, const batch_args& a, Emit&& emit,
                 unknown_key_tally* shared_keys = nullptr) {
    const auto as_of = parse_routing_date(a.as_of);
    const auto rt = a.graph->router_for(a.policy);
    const spfgov::read_limits limits;
    // A routing session, a slot and notes a thread: threads sharing the
    // router itself contend on its lock and its epochs' counts. Not
    // block-scope thread_locals: the pool's threads never pass their
    // declaration, so would use them unconstructed (a crash on two threads).
    const unsigned threads = pool_threads(lines.size(), a.threads);
    struct thread_slot {
        spfgov::routing_session session;
        routed slot;
        spfgov::batch_line_notes notes;
        explicit thread_slot(const spfgov::router& rt) : session(rt) {}
    };
    std::vector<thread_slot> per_thread;
    per_thread.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) per_thread.emplace_back(*rt);
    unknown_key_tally own_keys(shared_keys ? 0 : threads);
    unknown_key_tally& unknown_keys = shared_keys ? *shared_keys : own_keys;
    {
        py::gil_scoped_release release;
        parallel_for(lines.size(), threads, [&](std::size_t i, unsigned t) {
            thread_slot& mine = per_thread[t];
            routed& slot = mine.slot;
            spfgov::batch_line_notes& notes = mine.notes;
            const std::size_t line = a.first_line + i;
            if (lines[i].size() > limits.max_line_length) {
                slot = spfgov::too_long_line_error(a.file_name, line, limits);
            } else {
                if (!std::holds_alternative<spfgov::route>(slot)) slot.emplace<spfgov::route>();
                if (auto e = spfgov::route_batch_line_into(mine.session, lines[i], line, a.file_name,
                                                           std::get<spfgov::route>(slot), as_of, limits, notes))
                    slot = std::move(*e);
                // Also for a line that fails to route (unknown_id): its keys were read, as the command warns.
                if (!notes.unknown_keys.empty()) unknown_keys.add(t, line, notes.unknown_keys);
            }
            emit(i, slot);
        });
    }
    if (a.warn_unknown_keys && !shared_keys) unknown_keys.warn(a.file_name);
}

std::vector<std::string> route_json_lines(const std::vector<std::string>& lines, const batch_args& a) {
    std::vector<std::string> out(lines.size());
    const auto& g = a.graph->graph();
    const auto& ids = a.graph->ids();
    route_lines(lines, a, [&](std::size_t i, routed& r) {
        if (const auto* ok = std::get_if<spfgov::route>(&r)) spfgov::append_route(out[i], *ok, g, ids);
        else out[i] = spfgov::write_batch_error(std::get<spfgov::batch_error>(r));
    });
    return out;
}

/// Routes the lines twice (`a`, then `b`) and diffs each line's two outcomes
/// (spfgov diff): the JSON line of every changed one, and the summary text.
std::pair<std::vector<std::string>, std::string> diff_json_lines(const std::vector<std::string>& lines,
                                                                 const batch_args& a, const batch_args& b) {
    std::vector<std::optional<routed>> before(lines.size());
    route_lines(lines, a, [&](std::size_t i, routed& r) { before[i] = std::move(r); });
    std::vector<std::string> changed(lines.size());
    std::vector<spfgov::route_diff> diffs(lines.size());
    const auto& ga = a.graph->graph();
    const auto& gb = b.graph->graph();
    batch_args second = b;
    second.warn_unknown_keys = false;  // the same lines: the first run warned
    route_lines(lines, second, [&](std::size_t i, routed& r) {
        diffs[i] = spfgov::diff_batch_line(*before[i], ga, r, gb, a.first_line + i);
        before[i].reset();
        if (!diffs[i].empty()) changed[i] = spfgov::write_route_diff(diffs[i]);
    });
    spfgov::diff_summary summary;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        summary.add(diffs[i]);
        if (!changed[i].empty()) out.push_back(std::move(changed[i]));
    }
    return {std::move(out), summary.text()};
}

/// Text for Python that may hold bytes that are not UTF-8 (an error message
/// quoting a bad line, a message naming such a file): each such byte as
/// `\xff`, as the CSV writes it, never a UnicodeDecodeError for the batch.
py::str visible_text(std::string_view s) {
    PyObject* text = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "backslashreplace");
    if (!text) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(text);
}

py::object cell(const spfgov::flat_value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return visible_text(*s);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return py::int_(*i);
    if (const auto* b = std::get_if<bool>(&v)) return py::bool_(*b);
    return py::none();
}

py::dict columns_dict(std::span<const spfgov::flat_column> cols, const std::vector<spfgov::flat_row>& rows) {
    py::dict out;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        py::list values(rows.size());
        for (std::size_t r = 0; r < rows.size(); ++r) values[r] = cell(rows[r][c]);
        out[py::str(std::string(cols[c].name))] = std::move(values);
    }
    return out;
}

/// The flat tables of a batch: {"routes": {column: values}, "memberships": {...}}.
py::dict route_flat(const std::vector<std::string>& lines, const batch_args& a, bool memberships) {
    std::vector<spfgov::flat_row> rows(lines.size());
    std::vector<std::vector<spfgov::flat_row>> members(memberships ? lines.size() : 0);
    const auto& g = a.graph->graph();
    route_lines(lines, a, [&](std::size_t i, routed& r) {
        const std::size_t line = a.first_line + i;
        if (const auto* ok = std::get_if<spfgov::route>(&r)) {
            rows[i] = spfgov::route_row(*ok, g, line);
            if (memberships) members[i] = spfgov::membership_rows(*ok, g, line);
        } else {
            const auto& e = std::get<spfgov::batch_error>(r);
            rows[i] = spfgov::route_error_row(e.issue, e.line, e.code, e.message);
        }
    });
    py::dict out;
    out["routes"] = columns_dict(spfgov::route_columns(), rows);
    if (memberships) {
        std::vector<spfgov::flat_row> flat;
        for (auto& m : members)
            for (auto& row : m) flat.push_back(std::move(row));
        out["memberships"] = columns_dict(spfgov::membership_columns(), flat);
    }
    return out;
}

/// One dict a line that could not be routed, in the order given: line,
/// issue, code, error, pointer and column (None when unknown).
py::list error_dicts(const std::vector<spfgov::batch_error>& errors) {
    py::list out;
    for (const auto& e : errors) {
        py::dict x;
        x["line"] = e.line;
        x["issue"] = e.issue ? py::object(visible_text(*e.issue)) : py::object(py::none());
        x["code"] = e.code;
        x["error"] = visible_text(e.message);
        x["pointer"] = e.pointer.empty() ? py::object(py::none()) : py::object(visible_text(e.pointer));
        x["column"] = py::cast(e.column);
        out.append(std::move(x));
    }
    return out;
}

/// Each body's agenda from a batch (spfgov agenda): {"rows": {column:
/// values} of agenda_columns(), "errors": [one dict a line that could not be
/// routed, in line order]}. Routed a chunk of lines at a time on every
/// core, each chunk's routes added in line order, so routes are held a
/// chunk at a time (the lines and the agenda whole), as the command does.
py::dict agenda_flat(const std::vector<std::string>& lines, const batch_args& a, spfgov::agenda_options options) {
    const auto& g = a.graph->graph();
    options.papers_days = (a.policy ? *a.policy->policy : spfgov::default_policy()).parameters.papers_days;
    spfgov::agenda_builder agenda(g, options);  // unknown_id for a body the graph lacks, before any routing
    // The windows whose dates, counted together, are earlier than the
    // items' (the command's stderr warnings), for one body's issues only
    // when `body` is given, as the command.
    const auto rt = a.graph->router_for(a.policy);
    spfgov::earlier_window_check earlier(*rt, parse_routing_date(a.as_of));
    if (!options.body.empty()) earlier.only_reaching(g, g.at(options.body));
    const spfgov::read_limits limits;
    spfgov::batch_line_notes notes;
    std::vector<spfgov::batch_error> errors;
    constexpr std::size_t chunk = 8192;
    std::vector<std::optional<routed>> results;
    // One tally for the batch: its unknown keys warned of once, as
    // routes_frame does, not once a chunk.
    unknown_key_tally unknown_keys(pool_threads(lines.size(), a.threads));
    for (std::size_t begin = 0; begin < lines.size(); begin += chunk) {
        const auto part = std::span<const std::string>(lines).subspan(begin, std::min(chunk, lines.size() - begin));
        batch_args here = a;
        here.first_line = a.first_line + begin;
        results.assign(part.size(), std::nullopt);
        route_lines(part, here, [&](std::size_t i, routed& r) { results[i] = std::move(r); }, &unknown_keys);
        for (std::size_t i = 0; i < results.size(); ++i) {
            auto& r = results[i];
            const auto* ok = std::get_if<spfgov::route>(&*r);
            if (!ok) {
                errors.push_back(std::move(std::get<spfgov::batch_error>(*r)));
                continue;
            }
            agenda.add(*ok);
            // A proposal's counts are the issue's, not the route's: its line
            // is read again (a redundancy with a first dismissal only).
            if (ok->kind != spfgov::issue_kind::redundancy || !ok->first_dismissal) continue;
            const std::size_t line = here.first_line + i;
            py::gil_scoped_release release;
            auto read = spfgov::read_batch_line(part[i], line, a.file_name, limits, notes);
            if (const auto* is = std::get_if<spfgov::issue>(&read)) earlier.add(*is, *ok, line);
        }
    }
    if (a.warn_unknown_keys) unknown_keys.warn(a.file_name);
    std::vector<spfgov::flat_row> rows;
    agenda.drain([&](const spfgov::agenda_body& body) {
        for (auto& row : spfgov::agenda_rows(body, g)) rows.push_back(std::move(row));
    });
    py::dict out;
    out["rows"] = columns_dict(spfgov::agenda_columns(), rows);
    out["errors"] = error_dicts(errors);
    py::list warnings;
    for (const auto& w : earlier.warnings()) warnings.append(visible_text(a.file_name + ": " + w));
    out["warnings"] = std::move(warnings);
    return out;
}

/// A batch's redundancy windows (spfgov redundancies): {"windows": {column:
/// values}, "errors": [one dict a line that could not be read or counted],
/// "warnings": [each text the command prints on stderr, in its order]}.
/// Read and counted in line order on one thread: counting is a lookup a
/// line, and the windows need every proposal.
py::dict redundancies_flat(const std::vector<std::string>& lines, const batch_args& a) {
    const auto as_of = parse_routing_date(a.as_of);
    const auto rt = a.graph->router_for(a.policy);
    const spfgov::read_limits limits;
    spfgov::redundancy_batch batch(*rt, as_of);
    std::vector<spfgov::batch_error> errors;
    std::vector<std::string> warnings, line_warnings;
    std::vector<spfgov::redundancy_window> windows;
    unknown_key_tally unknown_keys(1);
    {
        py::gil_scoped_release release;
        spfgov::batch_line_notes notes;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::size_t line = a.first_line + i;
            if (lines[i].size() > limits.max_line_length) {
                errors.push_back(spfgov::too_long_line_error(a.file_name, line, limits));
                continue;
            }
            auto read = spfgov::read_batch_line(lines[i], line, a.file_name, limits, notes);
            if (!notes.unknown_keys.empty()) unknown_keys.add(0, line, notes.unknown_keys);
            auto* is = std::get_if<spfgov::issue>(&read);
            if (!is) {
                errors.push_back(std::move(std::get<spfgov::batch_error>(read)));
                continue;
            }
            line_warnings.clear();
            try {
                batch.add(*is, line, line_warnings);
            } catch (const spfgov::error& e) {
                errors.push_back(spfgov::batch_line_error(e, is->id, a.file_name, line, lines[i], limits));
            }
            for (const auto& w : line_warnings) warnings.push_back(a.file_name + ":" + std::to_string(line) + ": " + w);
        }
        windows = batch.windows();
        for (const auto& w : windows) {
            if (auto late = batch.late_warning(w)) warnings.push_back(a.file_name + ": " + *late);
            if (!w.combined)  // as the command: `combined` is a column
                if (auto earlier = spfgov::earlier_than_alone_warning(w)) warnings.push_back(a.file_name + ": " + *earlier);
        }
    }
    if (a.warn_unknown_keys) unknown_keys.warn(a.file_name);
    py::list employer, from, to, issues, total, days, deadline, combined;
    for (const auto& w : windows) {
        employer.append(visible_text(w.employer));
        from.append(spfgov::to_iso(w.from));
        to.append(spfgov::to_iso(w.to));
        py::list ids;
        for (const auto& id : w.issues) ids.append(visible_text(id));
        issues.append(std::move(ids));
        total.append(w.total);
        days.append(w.days.count());
        deadline.append(w.deadline ? py::object(py::str(spfgov::to_iso(*w.deadline))) : py::object(py::none()));
        combined.append(w.combined);
    }
    py::dict columns;
    columns["employer"] = std::move(employer);
    columns["from"] = std::move(from);
    columns["to"] = std::move(to);
    columns["issues"] = std::move(issues);
    columns["total"] = std::move(total);
    columns["days"] = std::move(days);
    columns["deadline"] = std::move(deadline);
    columns["combined"] = std::move(combined);
    py::list warning_texts;
    for (const auto& w : warnings) warning_texts.append(visible_text(spfgov::printable(w)));
    py::dict out;
    out["windows"] = std::move(columns);
    out["errors"] = error_dicts(errors);
    out["warnings"] = std::move(warning_texts);
    return out;
}

py::list column_info(std::span<const spfgov::flat_column> cols) {
    py::list out;
    for (const auto& c : cols) {
        static constexpr const char* types[] = {"text", "integer", "flag", "date"};
        out.append(py::make_tuple(std::string(c.name), types[static_cast<int>(c.type)], std::string(c.description)));
    }
    return out;
}

} // namespace

PYBIND11_MODULE(_spfgov, m) {
    m.doc() = "The C++ core of spfgov (use the spfgov package, not this module)";

    // spfgov.Error and subclasses are defined in Python (python/spfgov/_errors.py);
    // the core raises them through this translator.
    // Held for the life of the process and never released: a static py::object
    // would be decremented after the interpreter has finalized (a crash at exit).
    static const py::handle errors = py::module_::import("spfgov._errors").release();
    py::register_exception_translator([](std::exception_ptr p) {
        if (!p) return;
        try {
            std::rethrow_exception(p);
        } catch (const spfgov::error& e) {
            const char* kind = dynamic_cast<const spfgov::issue_error*>(&e)    ? "issue"
                               : dynamic_cast<const spfgov::graph_error*>(&e)  ? "graph"
                               : dynamic_cast<const spfgov::policy_error*>(&e) ? "policy"
                               : dynamic_cast<const spfgov::date_error*>(&e)   ? "date"
                               : dynamic_cast<const spfgov::parse_error*>(&e)  ? "parse"
                                                                               : "error";
            // The position as data (nlohmann/json's model), not parsed back out of the text.
            const auto optional_size = [](std::optional<std::size_t> n) {
                return n ? py::object(py::int_(*n)) : py::object(py::none());
            };
            const auto optional_text = [](const std::optional<std::string>& s) { return file_text(s); };
            try {
                py::object exc = errors.attr("from_core")(kind, e.code(), visible_text(e.what()),
                                                          optional_text(e.file()), optional_size(e.line()),
                                                          optional_size(e.column()), optional_text(e.pointer()));
                PyErr_SetObject(exc.get_type().ptr(), exc.ptr());
            } catch (py::error_already_set& failed) {
                failed.restore();  // making the exception failed (MemoryError...): raise that, not nothing
            }
        }
    });

    py::class_<policy_handle>(m, "Policy")
        .def_static("default_policy", [] { return policy_handle{std::make_shared<const routing_policy>(spfgov::default_policy())}; })
        .def_static("load", [](const std::string& path) {
            return policy_handle{std::make_shared<const routing_policy>(spfgov::read_policy_file(path))};
        })
        .def_static("from_text", [](const std::string& text, const std::string& name) {
            return policy_handle{std::make_shared<const routing_policy>(spfgov::read_policy(text, name))};
        })
        .def_property_readonly("name", [](const policy_handle& p) { return p.policy->name; })
        .def("to_yaml", [](const policy_handle& p) { return spfgov::write_policy(*p.policy); })
        .def("idle_rules", [](const policy_handle& p, const graph_handle& g) {
            return spfgov::idle_custom_rules(*p.policy, g.graph());
        })
        .def("table_gap", [](const policy_handle& p) { return spfgov::statutory_table_gap(*p.policy); });

    py::class_<graph_handle, std::shared_ptr<graph_handle>>(m, "Graph")
        .def_static("england", [] { return std::make_shared<graph_handle>(built_in(spfgov::england_graph()), "england", true); })
        .def_static("england_gp",
                    [] { return std::make_shared<graph_handle>(built_in(spfgov::england_gp_graph()), "england-gp", true); })
        .def_static("load", [](const std::vector<std::string>& names) {
            std::string joined;
            for (const auto& n : names) joined += (joined.empty() ? "" : " + ") + n;
            if (names.size() == 1) {
                if (const auto* g = spfgov::built_in_graph(names[0]))
                    return std::make_shared<graph_handle>(built_in(*g), joined, true);
            }
            auto g = std::make_shared<const governance_graph>(spfgov::read_graph_files(names));
            return std::make_shared<graph_handle>(std::move(g), joined);
        })
        .def_static("from_json", [](const std::string& text, const std::string& name) {
            auto g = std::make_shared<const governance_graph>(spfgov::read_graph(text, name));
            return std::make_shared<graph_handle>(std::move(g), name);
        })
        .def_property_readonly("name", &graph_handle::name)
        .def("require_routable", &graph_handle::require_routable)
        .def_property_readonly("body_count", [](const graph_handle& g) { return g.graph().body_count(); })
        .def("validate", [](const graph_handle& g) {
            py::list out;
            for (const auto& d : spfgov::validate(g.graph())) {
                py::dict x;
                x["severity"] = std::string(spfgov::to_string(d.severity));
                x["code"] = d.code;
                // Texts that may quote a file's name (not always UTF-8) as
                // spfgov.Error's message does; the file name itself as os.fsdecode gives it.
                x["subject"] = visible_text(d.subject);
                x["where"] = visible_text(d.where);
                x["message"] = visible_text(d.message);
                // The position as data (None when unknown), as spfgov.Error has it.
                x["file"] = file_text(d.location.file);
                x["line"] = py::cast(d.location.line);
                x["column"] = py::cast(d.location.column);
                x["pointer"] = py::cast(d.location.pointer);
                out.append(std::move(x));
            }
            return out;
        })
        .def("to_json", [](const graph_handle& g, const std::optional<std::string>& as_of) {
            return spfgov::write_graph(g.graph(), parse_date(as_of));
        });

    m.def("route_one",
          [](const std::string& issue_json, graph_handle& g, const std::optional<std::string>& as_of,
             const policy_handle* policy) {
              const auto on = parse_routing_date(as_of);
              const auto rt = g.router_for(policy);
              std::string out;
              {
                  // The located reader (read_issue's errors), which also finds the keys it ignores.
                  std::vector<std::string> unknown;
                  const spfgov::issue i = spfgov::detail::read_issue_located(issue_json, "<issue>", {}, &unknown);
                  unknown_key_tally tally(1);
                  tally.add(0, 0, unknown);
                  tally.warn("<issue>");
                  py::gil_scoped_release release;
                  spfgov::route r = (*rt)(i, on);
                  spfgov::detail::warn_route_of_misspelt_keys(r, unknown);
                  out = spfgov::write_route(r, g.graph());
              }
              return out;
          },
          py::arg("issue_json"), py::arg("graph"), py::arg("as_of") = py::none(), py::arg("policy") = py::none());

    auto batch = [](graph_handle& g, const std::optional<std::string>& as_of, const policy_handle* policy,
                    const std::string& file_name, std::size_t first_line, unsigned threads) {
        return batch_args{&g, policy, as_of, file_name, first_line, threads};
    };
    m.def("route_lines",
          [batch](const std::vector<std::string>& lines, graph_handle& g, const std::optional<std::string>& as_of,
                  const policy_handle* policy, const std::string& file_name, std::size_t first_line, unsigned threads) {
              return route_json_lines(lines, batch(g, as_of, policy, file_name, first_line, threads));
          },
          py::arg("lines"), py::arg("graph"), py::arg("as_of") = py::none(), py::arg("policy") = py::none(),
          py::arg("file_name") = "<issues>", py::arg("first_line") = 1, py::arg("threads") = 0);
    m.def("route_flat",
          [batch](const std::vector<std::string>& lines, graph_handle& g, const std::optional<std::string>& as_of,
                  const policy_handle* policy, const std::string& file_name, std::size_t first_line, unsigned threads,
                  bool memberships) {
              return route_flat(lines, batch(g, as_of, policy, file_name, first_line, threads), memberships);
          },
          py::arg("lines"), py::arg("graph"), py::arg("as_of") = py::none(), py::arg("policy") = py::none(),
          py::arg("file_name") = "<issues>", py::arg("first_line") = 1, py::arg("threads") = 0,
          py::arg("memberships") = false);
    m.def("diff_lines",
          [batch](const std::vector<std::string>& lines, graph_handle& g, const std::optional<std::string>& as_of,
                  const policy_handle* policy, graph_handle& vs_g, const std::optional<std::string>& vs_as_of,
                  const policy_handle* vs_policy, const std::string& file_name, std::size_t first_line,
                  unsigned threads) {
              return diff_json_lines(lines, batch(g, as_of, policy, file_name, first_line, threads),
                                     batch(vs_g, vs_as_of, vs_policy, file_name, first_line, threads));
          },
          py::arg("lines"), py::arg("graph"), py::arg("as_of"), py::arg("policy"), py::arg("vs_graph"),
          py::arg("vs_as_of"), py::arg("vs_policy"), py::arg("file_name") = "<issues>", py::arg("first_line") = 1,
          py::arg("threads") = 0);
    m.def("agenda_flat",
          [batch](const std::vector<std::string>& lines, graph_handle& g, const std::optional<std::string>& as_of,
                  const policy_handle* policy, const std::string& file_name, std::size_t first_line, unsigned threads,
                  const std::string& body, const std::optional<std::string>& from, const std::optional<std::string>& to) {
              spfgov::agenda_options options;
              options.body = body;
              options.keep_deadlines = false;  // the rows give each item's statutory date alone
              options.from = parse_date(from, "from_date");
              options.to = parse_date(to, "to_date");
              if (options.from && options.to && *options.to < *options.from)
                  throw std::invalid_argument("agenda_frame: to_date " + *to + " is before from_date " + *from);
              return agenda_flat(lines, batch(g, as_of, policy, file_name, first_line, threads), options);
          },
          py::arg("lines"), py::arg("graph"), py::arg("as_of") = py::none(), py::arg("policy") = py::none(),
          py::arg("file_name") = "<issues>", py::arg("first_line") = 1, py::arg("threads") = 0, py::arg("body") = "",
          py::arg("from_date") = py::none(), py::arg("to_date") = py::none());
    m.def("agenda_columns", [] { return column_info(spfgov::agenda_columns()); });
    m.def("redundancies_flat",
          [batch](const std::vector<std::string>& lines, graph_handle& g, const std::optional<std::string>& as_of,
                  const policy_handle* policy, const std::string& file_name, std::size_t first_line) {
              return redundancies_flat(lines, batch(g, as_of, policy, file_name, first_line, 1));
          },
          py::arg("lines"), py::arg("graph"), py::arg("as_of") = py::none(), py::arg("policy") = py::none(),
          py::arg("file_name") = "<issues>", py::arg("first_line") = 1);
    m.def("run_scenario_file",
          [](const std::string& path, const policy_handle* policy) {
              spfgov::scenario_options options;
              if (policy) options.policy = *policy->policy;
              spfgov::scenario_file_result result;
              {
                  py::gil_scoped_release release;
                  result = spfgov::run_scenario_file(path, options);
              }
              py::dict out;
              out["file"] = file_text(result.file);
              out["error"] = result.error ? py::object(visible_text(*result.error)) : py::object(py::none());
              out["error_code"] = result.error ? py::cast(std::string(spfgov::error_code_of(*result.error))) : py::none();
              // Where, as data (None when unknown): no parsing of the message.
              out["error_file"] = file_text(result.error_at.file);
              out["error_line"] = py::cast(result.error_at.line);
              out["error_column"] = py::cast(result.error_at.column);
              out["error_pointer"] = py::cast(result.error_at.pointer);
              py::list file_warnings;
              for (const auto& w : result.warnings) file_warnings.append(visible_text(w));
              out["warnings"] = std::move(file_warnings);
              py::list cases;
              for (const auto& c : result.cases) {
                  py::dict x;
                  x["name"] = c.name;
                  x["passed"] = c.passed;
                  py::list differences;
                  for (const auto& d : c.differences) {
                      py::dict y;
                      y["field"] = d.field;
                      y["expected"] = d.expected;
                      y["got"] = d.got;
                      differences.append(std::move(y));
                  }
                  x["differences"] = std::move(differences);
                  x["error"] = c.error_message.empty() ? py::object(py::none()) : py::object(visible_text(c.error_message));
                  x["warnings"] = c.route_warnings;
                  x["line"] = spfgov::scenario_line(c);
                  // A case that cannot be read: its error and place, as data.
                  x["read_error"] = c.read_error ? py::object(visible_text(*c.read_error)) : py::object(py::none());
                  x["read_error_code"] =
                      c.read_error ? py::cast(std::string(spfgov::error_code_of(*c.read_error))) : py::none();
                  x["read_error_file"] = file_text(c.read_error_at.file);
                  x["read_error_line"] = py::cast(c.read_error_at.line);
                  x["read_error_column"] = py::cast(c.read_error_at.column);
                  x["read_error_pointer"] = py::cast(c.read_error_at.pointer);
                  cases.append(std::move(x));
              }
              out["cases"] = std::move(cases);
              return out;
          },
          py::arg("path"), py::arg("policy") = py::none());
    m.def("read_lines", &read_lines, py::arg("path"), py::arg("offset") = 0, py::arg("max_lines") = py::none());
    m.def("check_date", [](const std::string& text) { (void)parse_routing_date(text); }, py::arg("text"));
    m.def("route_columns", [] { return column_info(spfgov::route_columns()); });
    m.def("membership_columns", [] { return column_info(spfgov::membership_columns()); });
}
