#include "cli.hpp"

#include "../detail_dates.hpp"
#include "../detail_nearest.hpp"
#include "../detail_text.hpp"
#include "../detail_unknown_keys.hpp"

#include "spfgov/batch.hpp"
#include "spfgov/calendar.hpp"
#include "spfgov/detail/graph_reading.hpp"
#include "spfgov/error.hpp"
#include "spfgov/text.hpp"
#include "spfgov/validate.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <variant>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spfgov::cli {

namespace {
void print_line(std::string_view level, std::string_view text) {
    std::string line = "spfgov: ";
    if (use_colour(2)) {
        // As gcc and git do: the level in bold colour, the text plain.
        line += level == "error" ? "\033[1;31m" : level == "warning" ? "\033[1;35m" : "\033[1;36m";
        line += level;
        line += "\033[0m";
    } else {
        line += level;
    }
    line += ": ";
    append_printable(line, text);  // nothing from the input may act on the terminal
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}
} // namespace

void print_error(std::string_view text) { print_line("error", text); }
void print_warning(std::string_view text) { print_line("warning", text); }
void print_note(std::string_view text) { print_line("note", text); }

bool is_terminal(int fd) noexcept { return ::isatty(fd) == 1; }

bool use_colour(int fd) noexcept {
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour != nullptr && *no_colour != '\0') return false;
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::string_view(term) == "dumb") return false;
    return is_terminal(fd);
}

std::string colour_report(std::string text, bool on) {
    if (!on) return text;
    // Headings are the lines that do not start with a space.
    std::string out;
    out.reserve(text.size() + 1024);
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        const std::string_view line(text.data() + at, end - at);
        if (!line.empty() && line.front() != ' ') {
            out += "\033[1m";
            out += line;
            out += "\033[0m";
        } else {
            out += line;
        }
        if (end < text.size()) out += '\n';
        at = end + 1;
    }
    return out;
}

// ------------------------------------------------------------ output

void end_if_broken_pipe(int error) {
    if (error != EPIPE) return;
    // Nobody reads the output any more: end quietly, by SIGPIPE, as the
    // signal's default would have (status 141 in a shell).
    std::signal(SIGPIPE, SIG_DFL);
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigprocmask(SIG_UNBLOCK, &pipe_only, nullptr);
    std::raise(SIGPIPE);
    std::_Exit(128 + SIGPIPE);
}

output::output(std::FILE* to, std::size_t flush_at)
    : to_(to), flush_at_(flush_at), interactive_(is_terminal(::fileno(to))) {
    buffer_.reserve(flush_at_ + (std::size_t{64} << 10));
}

output::~output() { flush(); }

void output::flush() {
    if (buffer_.empty()) return;
    if (!failed_) {
        const std::size_t n = std::fwrite(buffer_.data(), 1, buffer_.size(), to_);
        if (n != buffer_.size() || std::fflush(to_) != 0) {
            end_if_broken_pipe(errno);
            failed_ = true;
            error_ = std::strerror(errno);
        }
    }
    buffer_.clear();
}

bool output::finish() {
    flush();
    if (!failed_ && std::fflush(to_) != 0) {
        end_if_broken_pipe(errno);
        failed_ = true;
        error_ = std::strerror(errno);
    }
    return !failed_;
}

void write_stdout(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
        end_if_broken_pipe(errno);
        throw std::runtime_error(std::string("cannot write to standard output: ") + std::strerror(errno));
    }
}

// ------------------------------------------------------------ input

namespace {
std::string display_name(const std::string& path) { return path == "-" ? std::string("<stdin>") : path; }
} // namespace

std::string read_text_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
    const std::string name = display_name(path);
    int fd = 0;
    if (path != "-") {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw parse_error("cannot_open", name + ": cannot open: " + std::strerror(errno));
    }
    struct closer {
        int fd;
        ~closer() {
            if (fd > 0) ::close(fd);
        }
    } guard{fd};
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        throw parse_error("cannot_open", name + ": cannot read: it is a directory");
    std::string text;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        // Room for the file, one byte to see its end, and the graph reader's
        // padding (appended in place, not by copying the text).
        text.reserve(std::min(static_cast<std::size_t>(st.st_size), max_bytes) + 1 + detail::fast_read_padding);
    char chunk[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw parse_error("cannot_read", name + ": cannot read: " + std::strerror(errno));
        }
        if (n == 0) break;
        text.append(chunk, static_cast<std::size_t>(n));
        if (text.size() > max_bytes)
            throw parse_error("too_large", name + ": larger than the limit of " + std::to_string(max_bytes) +
                                               " bytes for " + std::string(what) + "; stopped reading there (docs/limits.md)");
    }
    return text;
}

line_reader::line_reader(const std::string& path, std::size_t max_line_length)
    : name_(display_name(path)), max_line_(max_line_length) {
    if (path == "-") {
        fd_ = 0;
    } else {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) throw parse_error("cannot_open", name_ + ": cannot open: " + std::strerror(errno));
        owns_fd_ = true;
    }
    struct stat st {};
    if (::fstat(fd_, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (owns_fd_) ::close(fd_);
            throw parse_error("cannot_open", name_ + ": cannot read: it is a directory");
        }
        if (S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
    }
    // Room for the longest allowed line and its newline, and at least 1 MiB
    // so that reads are large.
    // Uninitialised: a zero-filled 1 MiB buffer cost a quarter of a
    // one-issue route (every page touched); read() touches only what it fills.
    buf_size_ = std::max(max_line_ + 2, std::size_t{1} << 20);
    buf_ = std::make_unique_for_overwrite<char[]>(buf_size_);
}

line_reader::~line_reader() {
    if (owns_fd_) ::close(fd_);
}

bool line_reader::fill() {
    if (eof_) return false;
    if (end_ == buf_size_) return true;  // caller compacts first; nothing to do
    if (before_read_) before_read_();
    for (;;) {
        const ssize_t n = ::read(fd_, buf_.get() + end_, buf_size_ - end_);
        if (n < 0) {
            if (errno == EINTR) continue;
            error_ = name_ + ": cannot read: " + std::strerror(errno);
            eof_ = true;
            return false;
        }
        if (n == 0) {
            eof_ = true;
            return false;
        }
        end_ += static_cast<std::size_t>(n);
        bytes_read_ += static_cast<std::uint64_t>(n);
        return true;
    }
}

line_reader::result line_reader::next() {
    auto finish_line = [&](std::size_t from, std::size_t to) -> result {
        std::size_t len = to - from;
        if (len > 0 && buf_[from + len - 1] == '\r') --len;
        if (len > max_line_) return {status::too_long, {}};
        return {status::line, std::string_view(buf_.get() + from, len)};
    };
    for (;;) {
        const char* base = buf_.get();
        if (scanned_ < begin_) scanned_ = begin_;
        const void* nl = scanned_ < end_ ? std::memchr(base + scanned_, '\n', end_ - scanned_) : nullptr;
        if (nl) {
            const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
            const std::size_t from = begin_;
            begin_ = scanned_ = at + 1;
            return finish_line(from, at);
        }
        scanned_ = end_;
        if (end_ - begin_ > max_line_ + 1) {
            // Longer than any allowed line (even with a '\r'): skip to its end
            // without keeping it.
            begin_ = end_ = scanned_ = 0;
            for (;;) {
                if (!fill()) return {status::too_long, {}};
                const void* p = std::memchr(buf_.get(), '\n', end_);
                if (p) {
                    begin_ = scanned_ = static_cast<std::size_t>(static_cast<const char*>(p) - buf_.get()) + 1;
                    return {status::too_long, {}};
                }
                end_ = 0;
            }
        }
        if (eof_) {
            if (begin_ == end_) return {status::end, {}};
            const std::size_t from = begin_;
            begin_ = scanned_ = end_;
            return finish_line(from, end_);
        }
        // Move the partial line to the front and read more after it.
        if (begin_ > 0) {
            std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            scanned_ -= begin_;
            begin_ = 0;
        }
        fill();
    }
}

// ------------------------------------------------------------ graphs

graph_source::~graph_source() {
#if defined(__SANITIZE_ADDRESS__)
    constexpr bool leak_checked = true;  // LeakSanitizer would call it a leak
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    constexpr bool leak_checked = true;
#else
    constexpr bool leak_checked = false;
#endif
#else
    constexpr bool leak_checked = false;
#endif
    constexpr std::size_t big_graph_bodies = 100'000;
    if (!leak_checked && owned && owned->body_count() >= big_graph_bodies)
        (void)owned.release();  // freed by the process's exit
}

graph_source load_graph(const std::vector<std::string>& files) {
    graph_source src;
    for (const auto& f : files) {
        src.name += (src.name.empty() ? "" : " + ") + display_name(f);
        src.options += (src.options.empty() ? "--graph " : " --graph ") + f;
    }
    if (files.empty() || (files.size() == 1 && is_built_in_graph_name(files.front()))) {
        const bool gp = !files.empty() && files.front() == "england-gp";
        src.graph = gp ? &england_gp_graph() : &england_graph();
        src.name = gp ? "the built-in England GP graph" : "the built-in England graph";
        src.built_in = true;
        return src;
    }
    src.built_in_base = is_built_in_graph_name(files.front());
    const read_limits limits;
    src.owned = std::make_unique<governance_graph>(read_graph_files(
        files, limits, [&](const std::string& file) { return read_text_file(file, limits.max_bytes, "a graph file"); }));
    src.graph = src.owned.get();
    src.built_in = false;
    return src;
}

std::string nearest_id_hint(const governance_graph& g, std::string_view id) { return detail::nearest_id_hint(g, id); }

std::vector<std::string> earlier_window_notes(const earlier_window_check& check) {
    constexpr std::size_t most_said = 10;  // a long batch can have thousands: the rest are counted
    auto said = check.warnings();
    const std::size_t more = said.size() > most_said ? said.size() - most_said : 0;
    said.resize(std::min(said.size(), most_said));
    for (auto& s : said) s += " ('spfgov redundancies' counts them)";
    if (more > 0)
        said.push_back("and " + std::to_string(more) +
                       " more such windows of proposals whose dates counted together are earlier ('spfgov "
                       "redundancies' lists them)");
    return said;
}

void warn_about_batch(std::span<const std::string> notes, std::string_view name) {
    for (const auto& note : notes) print_warning(std::string(name) + ": " + note);
}

std::string overlay_needs_graph(std::string_view shown_file) {
    return "an overlay needs its own --graph (--graph base.json --graph " + std::string(shown_file) + ")";
}

std::string unexpected_route_argument(std::string_view word, bool graph_given) {
    const std::string shown = printable(word);
    return "unexpected argument '" + shown + "': " +
           (graph_given && word.ends_with(".json") ? overlay_needs_graph(shown) + "; " : std::string()) +
           std::string(issue_options_hint);
}

std::string overlay_without_base_hint(const graph_source& g, const std::vector<diagnostic>& diagnostics) {
    if (g.built_in || g.built_in_base) return {};
    // The missing id of each dangling reference (the builder's message:
    // `no body with id "QHL"; ...`), checked against England's bodies.
    constexpr std::string_view lead = "no body with id \"";
    std::vector<std::string> in_england;
    for (const auto& d : diagnostics) {
        if (d.code != "dangling_reference" || !d.message.starts_with(lead)) continue;
        const auto end = d.message.find('"', lead.size());
        if (end == std::string::npos) continue;
        const std::string id = d.message.substr(lead.size(), end - lead.size());
        if (england_graph().find(id) && std::find(in_england.begin(), in_england.end(), id) == in_england.end())
            in_england.push_back(id);
    }
    if (in_england.empty()) return {};
    constexpr std::size_t most_named = 5;
    const std::size_t unnamed = in_england.size() > most_named ? in_england.size() - most_named : 0;
    if (unnamed > 0) {
        in_england.resize(most_named);
        in_england.push_back(std::to_string(unnamed) + " more");
    }
    return g.name + " names bodies it does not hold that the built-in England graph has (" +
           detail::text::join_as_list(in_england) + "): if it is an overlay on England, give England first: --graph england " +
           g.options;
}

void require_valid(const graph_source& g, std::string_view command) {
    if (g.built_in) return;
    const auto diagnostics = validate(*g.graph);
    std::size_t errors = 0, warnings = 0;
    for (const auto& d : diagnostics) {
        if (d.severity == severity::error) {
            ++errors;
            std::string line = format(d);
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr);
        } else {
            ++warnings;
        }
    }
    if (errors > 0) {
        if (const auto hint = overlay_without_base_hint(g, diagnostics); !hint.empty()) print_note(hint);
        print_error("graph " + g.name + " has " + std::to_string(errors) + (errors == 1 ? " error" : " errors") +
                    " (above); " + std::string(command) + " needs a graph without errors. "
                    "'spfgov validate " + g.options + "' lists every problem.");
        throw reported_failure{};
    }
    if (warnings > 0)
        print_note("graph " + g.name + " has " + std::to_string(warnings) +
                   (warnings == 1 ? " warning" : " warnings") + "; 'spfgov validate " + g.options +
                   "' lists them");
}

std::optional<date> parse_as_of(const std::string& text, std::string_view option, bool routing) {
    if (text.empty()) return std::nullopt;
    auto d = parse_iso_date(text);
    if (!d)
        throw usage_error(std::string(option) + ": '" + text +
                          "' is not a date: expected YYYY-MM-DD, a day " + std::string(detail::iso_date_expected(text)) +
                          detail::iso_date_hint(text));
    // Once, here, rather than every issue of a batch failing date_out_of_range on /date.
    if (routing && !holiday_calendar::covers(*d))
        throw usage_error(std::string(option) + ": " + text + " is outside the England and Wales calendar: routing needs a date from " +
                          to_iso(holiday_calendar::first_day()) + " to " + to_iso(holiday_calendar::last_day()));
    return d;
}

void unknown_key_warnings::ignored(std::size_t line, const std::vector<std::string>& keys,
                                   const std::function<void()>& before_warning) {
    if (line != 0) single_ = false;
    bool unnamed = false;
    for (const auto& key : keys) {
        // A key comes once a line (a repeated key is an error, duplicate_key).
        const auto named = std::find_if(warned_.begin(), warned_.end(), [&](const auto& w) { return w.key == key; });
        if (named != warned_.end()) {
            ++named->lines;
            continue;
        }
        std::size_t& named_so_far = nearness_.near(key) ? named_near_ : named_far_;
        if (named_so_far == detail::most_unknown_keys_named) {
            ++other_keys_;
            unnamed = true;
            continue;
        }
        ++named_so_far;
        warned_.push_back({key, 1});
        if (before_warning) before_warning();
        print_warning(detail::unknown_key_message(file_, line, key));
    }
    if (unnamed) ++other_lines_;
}

void unknown_key_warnings::finish() const {
    for (const auto& w : warned_)
        if (w.lines > 1)
            print_warning(file_ + ": unknown key " + detail::quoted_key(w.key) + " was ignored on " +
                          std::to_string(w.lines) + " lines");
    if (other_keys_ == 0) return;
    // A single issue's keys are each once: count them. A batch's may repeat
    // line after line (keeping them all would grow without bound): count lines.
    if (single_)
        print_warning(file_ + ": and " + std::to_string(other_keys_) + " more unknown key" + (other_keys_ == 1 ? "" : "s") +
                      ", ignored");
    else
        print_warning(file_ + ": and other unknown keys on " + std::to_string(other_lines_) + " line" +
                      (other_lines_ == 1 ? "" : "s") + ", ignored");
}

void note_if_not_json_lines(std::string_view file, std::size_t failed, std::size_t lines) {
    if (failed != lines || lines < 2 || file == "<stdin>") return;
    // The first non-blank line, from the file's first 4 KiB alone (a line
    // may be as long as the file).
    std::ifstream in{std::string(file), std::ios::binary};
    std::string start(4096, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    start.resize(static_cast<std::size_t>(in.gcount()));
    std::string_view first;
    for (std::string_view rest = start; !rest.empty() && first.empty();) {
        const auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        const auto begin = line.find_first_not_of(" \t\r");
        if (begin == std::string_view::npos) continue;
        line.remove_prefix(begin);
        line = line.substr(0, line.find_last_not_of(" \t\r") + 1);
        first = line;
    }
    const std::string name(file);
    if (first == "{")
        print_note(name + " looks like one issue written over several lines; a batch (--issues) has one issue a "
                          "line: write each on one line (jq -c . " + name + "), or route one issue with "
                          "spfgov route --issue " + name);
    else if (first.starts_with("["))
        print_note(name + " looks like a JSON array; a batch (--issues) is JSON Lines, one issue a line "
                          "(jq -c '.[]' " + name + " writes one element a line)");
}

std::size_t read_issue_batch(
    const std::string& path,
    const std::function<void(issue&, std::size_t, std::string_view, const std::vector<std::string>&)>& on_issue,
    const std::function<void(const std::optional<std::string>&, std::size_t, std::string_view)>& on_error) {
    const read_limits limits;
    const std::string name = path == "-" ? std::string("<stdin>") : path;
    line_reader in(path, limits.max_line_length);
    std::size_t line_no = 0;
    unknown_key_warnings unknown_keys(name);
    batch_line_notes notes;
    for (;;) {
        const auto got = in.next();
        if (got.st == line_reader::status::end) break;
        ++line_no;
        notes.unknown_keys.clear();  // a too-long line is not read: it must not keep the last line's notes
        auto read = got.st == line_reader::status::too_long
                        ? std::variant<issue, batch_error>(too_long_line_error(name, line_no, limits))
                        : read_batch_line(got.text, line_no, name, limits, notes);
        if (!notes.unknown_keys.empty()) unknown_keys.ignored(line_no, notes.unknown_keys);
        if (auto* i = std::get_if<issue>(&read)) on_issue(*i, line_no, got.text, notes.unknown_keys);
        else {
            const auto& e = std::get<batch_error>(read);
            on_error(e.issue, line_no, e.message);
        }
    }
    if (!in.read_error().empty()) {
        print_error(in.read_error() + " (after line " + std::to_string(line_no) + ")");
        throw reported_failure();
    }
    unknown_keys.finish();
    return line_no;
}

ics_stamp calendar_stamp(const std::string& dtstamp_option) {
    if (!dtstamp_option.empty()) {
        try {
            return parse_ics_stamp(dtstamp_option);
        } catch (const error& e) {
            throw usage_error("--dtstamp: " + std::string(e.what()));
        }
    }
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
        const std::string text(epoch);
        const bool digits = text.size() <= 18 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
        try {
            if (digits) return ics_stamp::at(std::stoll(text));
        } catch (const error&) {  // out of range: reported below
        }
        throw usage_error("SOURCE_DATE_EPOCH='" + text +
                          "' is not a time for DTSTAMP: expected whole seconds since 1970-01-01T00:00:00Z, up to 9999-12-31");
    }
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    return ics_stamp::at(static_cast<std::int64_t>(now.time_since_epoch().count()));
}

bool finish_batch(output& out, const line_reader& in, std::size_t lines_read) {
    const bool written = out.finish();
    const std::string where = " (after line " + std::to_string(lines_read) + ")";
    if (!in.read_error().empty()) {
        print_error(in.read_error() + where);
        return false;
    }
    if (!written) {
        print_error("cannot write to standard output: " + out.error() + where);
        return false;
    }
    return true;
}

} // namespace spfgov::cli
