// Routing a JSON Lines batch line by line (include/spfgov/batch.hpp), shared
// by `spfgov route`, the Python module and its Dask workers.
#include "spfgov/batch.hpp"

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
    const std::string from = std::string(file) + ":1:";
    const auto at = message.find(from);
    if (at != std::string::npos)
        message.replace(at, from.size(), std::string(file) + ":" + std::to_string(line) + ":");
    return message;
}

bool blank(std::string_view s) {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

batch_error make_error(std::optional<std::string> id, std::size_t line, std::string message) {
    batch_error e;
    e.issue = std::move(id);
    e.line = line;
    e.code = std::string(error_code_of(message));
    e.message = std::move(message);
    return e;
}

} // namespace

std::variant<issue, batch_error> read_batch_line(std::string_view text, std::size_t line, std::string_view file_name,
                                                 const read_limits& limits) {
    // The file name is copied only on the error paths: a valid line costs
    // read_issue alone (most lines take its simdjson fast path).
    if (blank(text))
        return make_error(std::nullopt, line,
                          "blank_line: " + std::string(file_name) + ":" + std::to_string(line) +
                              ": blank line (expected one issue, a JSON object, a line)");
    try {
        return read_issue(text, file_name, limits);
    } catch (const error& e) {
        return make_error(id_of(text), line, renumber(e.what(), file_name, line));
    } catch (const std::exception& e) {
        return make_error(id_of(text), line,
                          "bad_issue: " + std::string(file_name) + ":" + std::to_string(line) + ": " + e.what());
    }
}

std::variant<route, batch_error> route_batch_line(const router& rt, std::string_view text, std::size_t line,
                                                  std::string_view file_name, std::optional<date> as_of,
                                                  const read_limits& limits) {
    auto read = read_batch_line(text, line, file_name, limits);
    if (auto* e = std::get_if<batch_error>(&read)) return std::move(*e);
    const auto& i = std::get<issue>(read);
    try {
        return rt(i, as_of);
    } catch (const error& e) {
        return make_error(i.id, line, e.what());
    } catch (const std::exception& e) {
        return make_error(i.id, line, std::string("route_error: ") + e.what());
    }
}

batch_error too_long_line_error(std::string_view file_name, std::size_t line, const read_limits& limits) {
    return make_error(std::nullopt, line,
                      "line_too_long: " + std::string(file_name) + ":" + std::to_string(line) +
                          ": line longer than the limit of " + std::to_string(limits.max_line_length) +
                          " bytes; skipped (expected one issue, a JSON object, a line)");
}

std::string write_batch_error(const batch_error& e) { return write_route_error(e.issue, e.line, e.message); }

} // namespace spfgov
