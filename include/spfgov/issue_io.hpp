// Reading issues and writing routes, and the built-in graphs, without the
// graph's heavy header (Boost.Graph): with route.hpp, enough to read an
// issue, route it on the England graph and write the route. io.hpp, which
// includes this, adds reading and writing graphs.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/fwd.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spfgov {

/// Limits that turn hostile input into clear errors instead of crashes.
/// Each kind of input has its own size limit, applied while reading (a
/// reader stops at the limit; docs/limits.md lists them all).
struct SPFGOV_API read_limits {
    std::size_t max_bytes = std::size_t{512} << 20;  ///< a whole graph file
    std::size_t max_issue_bytes = std::size_t{1} << 20;  ///< one issue file (--issue)
    std::size_t max_depth = 32;                      ///< JSON nesting
    std::size_t max_id_length = 256;                 ///< any id or code
    std::size_t max_line_length = std::size_t{1} << 20;  ///< one JSON Lines line
};

/// The built-in England graph (data/england.json, compiled in), parsed once.
[[nodiscard]] SPFGOV_API const governance_graph& england_graph();
/// Its JSON text.
[[nodiscard]] SPFGOV_API std::string_view england_graph_json() noexcept;
/// The built-in England graph with every GP practice (data/england-gp.json,
/// compiled in), parsed on first use.
[[nodiscard]] SPFGOV_API const governance_graph& england_gp_graph();
/// Its JSON text.
[[nodiscard]] SPFGOV_API std::string_view england_gp_graph_json() noexcept;

/// Reads one issue (a JSON object). Throws issue_error (bad field: names the
/// file, line, column, JSON path and what was expected) or parse_error.
[[nodiscard]] SPFGOV_API issue read_issue(std::string_view json_text, std::string_view file_name = "<issue>",
                               const read_limits& limits = {});

/// Writes an issue as one line of formats.md JSON (for generated batches).
/// Throws issue_error for what read_issue would refuse and an issue built in
/// code can hold: empty_id, id_too_long (an id, affected id, redundancies
/// key or staff group over read_limits' default 256 bytes), bad_staff_group,
/// unknown_kind, unknown_origin, missing_field (no date), bad_count,
/// duplicate_key; its pointer names the field. Not checked: an id with
/// bytes that are not UTF-8 (each is written as U+FFFD, 3 bytes, so it may
/// read back too long), and the line's length (read_limits::max_line_length).
[[nodiscard]] SPFGOV_API std::string write_issue(const issue& i);

/// How much of the rationale a written route holds (route --rationale):
/// every entry with its text (formats.md), each entry's rule and source
/// without the text, or an empty array.
enum class rationale_detail : std::uint8_t { full, rules, none };

/// Writes a route as one line of formats.md JSON (no trailing newline).
[[nodiscard]] SPFGOV_API std::string write_route(const route& r, const governance_graph& g,
                                      rationale_detail rationale = rationale_detail::full);
/// The same, appended to `out` (reuse one string to write many routes
/// without allocating each time).
SPFGOV_API void append_route(std::string& out, const route& r, const governance_graph& g,
                  rationale_detail rationale = rationale_detail::full);
/// The error line of a batch: {"issue": ID-or-null, "line": N, "code": CODE-or-null, "error": "..."},
/// the code being error_code_of(message) (flat.hpp), null when the message has none.
[[nodiscard]] SPFGOV_API std::string write_route_error(const std::optional<std::string>& issue_id, std::size_t line,
                                            std::string_view message);

} // namespace spfgov
