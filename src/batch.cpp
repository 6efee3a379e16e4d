// Routing a JSON Lines batch line by line (include/spfgov/batch.hpp), shared
// by `spfgov route`, the Python module and its Dask workers.
#include "spfgov/batch.hpp"

#include "detail_unknown_keys.hpp"

#include "spfgov/detail/issue_reading.hpp"
#include "spfgov/error.hpp"
#include "spfgov/flat.hpp"

#include <nlohmann/json.hpp>

namespace spfgov {

namespace {

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
    // Every position in it: the error's, and any other it names ("found
    // \"afected\" at FILE:1:79").
    const std::string from = std::string(file) + ":1:";
    const std::string to = std::string(file) + ":" + std::to_string(line) + ":";
    for (auto at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
        message.replace(at, from.size(), to);
    return message;
}


bool blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

batch_error make_error(std::optional<std::string> id, std::size_t line, std::string message,
                       const std::optional<std::string>& pointer = std::nullopt,
                       std::optional<std::size_t> column = std::nullopt) {
    batch_error e;
    e.issue = std::move(id);
    e.line = line;
    e.code = std::string(error_code_of(message));
    e.message = std::move(message);
    if (pointer) e.pointer = *pointer;
    e.column = column;
    return e;
}

/// A routing error's message with the file, line and (when known) column
/// after its code, as a reading error has them (batch_line_message).
std::string line_message(const error& e, std::string_view file, std::size_t line, std::optional<std::size_t> column) {
    std::string message = e.what();
    const std::string code = e.code() + ": ";
    if (!message.starts_with(code)) return message;
    std::string where(file);
    where += ':';
    where += std::to_string(line);
    if (column) {
        where += ':';
        where += std::to_string(*column);
    }
    where += ": ";
    message.insert(code.size(), where);
    return message;
}

/// The column in the line `text` of the value a routing error's pointer
/// names (routing knows no positions: the line is read again for it).
std::optional<std::size_t> column_in_line(const error& e, std::string_view text, const read_limits& limits) {
    if (!e.pointer()) return std::nullopt;
    const auto at = detail::locate_json_pointer(text, *e.pointer(), limits);
    if (!at || at->line != 1) return std::nullopt;
    return at->column;
}

/// Reads a batch line into `out` (its strings and lists keep their
/// capacity); the line's error, or nullopt.
std::optional<batch_error> read_batch_line_into(std::string_view text, std::size_t line, std::string_view file_name,
                                                const read_limits& limits, issue& out,
                                                batch_line_notes* notes = nullptr) {
    // The file name is copied only on the error paths: a valid line costs
    // read_issue alone (most lines take its simdjson fast path).
    if (blank(text))
        return make_error(std::nullopt, line,
                          "blank_line: " + std::string(file_name) + ":" + std::to_string(line) +
                              ": blank line (expected one issue a line, as a JSON object)");
    try {
        // read_issue's two readers: the fast path, and for anything it is
        // not sure of the located reader, whose errors are the ones given.
        // The fast path reads no line with an unknown key: notes come from the
        // located reader alone.
        if (!detail::read_issue_fast_into(text, limits, out))
            out = detail::read_issue_located(text, file_name, limits, notes ? &notes->unknown_keys : nullptr);
        return std::nullopt;
    } catch (const error& e) {
        // The reader's position is in the line alone (line 1 of its text).
        const auto column = e.line() == std::optional<std::size_t>(1) ? e.column() : std::nullopt;
        return make_error(id_of(text), line, renumber(e.what(), file_name, line), e.pointer(), column);
    } catch (const std::exception& e) {
        return make_error(id_of(text), line,
                          "bad_issue: " + std::string(file_name) + ":" + std::to_string(line) + ": " + e.what());
    }
}

} // namespace

std::variant<issue, batch_error> read_batch_line(std::string_view text, std::size_t line, std::string_view file_name,
                                                 const read_limits& limits) {
    issue i;
    if (auto e = read_batch_line_into(text, line, file_name, limits, i)) return std::move(*e);
    return i;
}

std::string batch_line_message(const error& e, std::string_view file, std::size_t line, std::string_view text,
                               const read_limits& limits) {
    return line_message(e, file, line, column_in_line(e, text, limits));
}

batch_error batch_line_error(const error& e, std::optional<std::string> issue_id, std::string_view file_name,
                             std::size_t line, std::string_view text, const read_limits& limits) {
    const auto column = column_in_line(e, text, limits);
    return make_error(std::move(issue_id), line, line_message(e, file_name, line, column), e.pointer(), column);
}

std::variant<issue, batch_error> read_batch_line(std::string_view text, std::size_t line, std::string_view file_name,
                                                 const read_limits& limits, batch_line_notes& notes) {
    notes.unknown_keys.clear();
    issue i;
    if (auto e = read_batch_line_into(text, line, file_name, limits, i, &notes)) return std::move(*e);
    return i;
}

namespace {
/// route_batch_line_into through `routes` (a router or a session).
template <class Routes>
std::optional<batch_error> route_line_into(Routes& routes, std::string_view text, std::size_t line,
                                           std::string_view file_name, route& out, std::optional<date> as_of,
                                           const read_limits& limits, batch_line_notes* notes = nullptr) {
    // The keys the reader ignores, also when the caller does not ask: a
    // misspelt one is said in the route's warnings (an empty vector costs
    // no allocation).
    batch_line_notes own_notes;
    batch_line_notes& seen = notes ? *notes : own_notes;
    seen.unknown_keys.clear();
    // This thread's issue, refilled line after line, unless a rule is
    // reading a batch line inside a routing of this thread.
    thread_local issue reusable;
    thread_local bool in_use = false;
    issue nested;
    issue& i = in_use ? nested : reusable;
    if (auto e = read_batch_line_into(text, line, file_name, limits, i, &seen)) return e;
    const bool outermost = !in_use;
    in_use = true;
    struct release {
        bool outermost;
        ~release() {
            if (outermost) in_use = false;
        }
    } released{outermost};
    try {
        routes.route_into(i, out, as_of);
        if (!seen.unknown_keys.empty()) detail::warn_route_of_misspelt_keys(out, seen.unknown_keys);
        return std::nullopt;
    } catch (const error& e) {
        return batch_line_error(e, i.id, file_name, line, text, limits);
    } catch (const std::exception& e) {
        return make_error(i.id, line, std::string("route_error: ") + e.what());
    }
}
} // namespace

std::optional<batch_error> route_batch_line_into(const router& rt, std::string_view text, std::size_t line,
                                                 std::string_view file_name, route& out, std::optional<date> as_of,
                                                 const read_limits& limits) {
    return route_line_into(rt, text, line, file_name, out, as_of, limits);
}

std::optional<batch_error> route_batch_line_into(routing_session& session, std::string_view text, std::size_t line,
                                                 std::string_view file_name, route& out, std::optional<date> as_of,
                                                 const read_limits& limits) {
    return route_line_into(session, text, line, file_name, out, as_of, limits);
}

std::optional<batch_error> route_batch_line_into(routing_session& session, std::string_view text, std::size_t line,
                                                 std::string_view file_name, route& out, std::optional<date> as_of,
                                                 const read_limits& limits, batch_line_notes& notes) {
    return route_line_into(session, text, line, file_name, out, as_of, limits, &notes);
}

std::variant<route, batch_error> route_batch_line(const router& rt, std::string_view text, std::size_t line,
                                                  std::string_view file_name, std::optional<date> as_of,
                                                  const read_limits& limits) {
    route r;
    if (auto e = route_batch_line_into(rt, text, line, file_name, r, as_of, limits)) return std::move(*e);
    return r;
}

batch_error too_long_line_error(std::string_view file_name, std::size_t line, const read_limits& limits) {
    return make_error(std::nullopt, line,
                      "line_too_long: " + std::string(file_name) + ":" + std::to_string(line) +
                          ": line longer than the limit of " + std::to_string(limits.max_line_length) +
                          " bytes; skipped (expected one issue a line, as a JSON object)");
}

std::string write_batch_error(const batch_error& e) { return write_route_error(e.issue, e.line, e.message); }

} // namespace spfgov
