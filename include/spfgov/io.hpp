// Reading and writing the formats of shared/spec/formats.md: graphs, issues,
// routes. nlohmann/json stays inside src/; this header does not include it.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/issue.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
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

/// Reads a graph file's text. Content problems (unknown kind, bad date,
/// dangling reference, duplicate id...) become diagnostics in the returned
/// graph's build_diagnostics(), each with "FILE:LINE:COL" and the JSON path
/// in `where`. Malformed JSON (or a missing "spfgov": 1) throws parse_error
/// naming the file, line and column.
[[nodiscard]] SPFGOV_API governance_graph read_graph(std::string_view json_text, std::string_view file_name = "<graph>",
                                          const read_limits& limits = {});
/// Reads a graph file; throws parse_error if it cannot be opened.
[[nodiscard]] SPFGOV_API governance_graph read_graph_file(const std::filesystem::path& path, const read_limits& limits = {});

/// Reads a graph file's text as an overlay on what `b` holds (formats.md
/// "Overlays"): a body with a new id is added; a body with an id `b` already
/// holds must repeat its kind (else an `overlay_kind_mismatch` diagnostic)
/// and replaces the fields it gives; a structural field it gives replaces
/// that body's links of the relation the field stands for; links are added,
/// one that `b` already holds counting once; `covers` replaces `b`'s. On an
/// empty builder this reads a base graph, as read_graph does. Diagnostics
/// name `file_name`; malformed JSON throws parse_error naming it.
SPFGOV_API void apply_overlay(graph_builder& b, std::string_view json_text, std::string_view file_name,
                   const read_limits& limits = {});

/// One layer of a layered graph: its text and the name messages use.
struct SPFGOV_API graph_layer {
    std::string_view json_text{};
    std::string_view file_name{};
};
/// The first layer is the base, each later one an overlay applied in order.
[[nodiscard]] SPFGOV_API governance_graph read_graph_layers(std::span<const graph_layer> layers, const read_limits& limits = {});

/// The built-in graph a name stands for: "england" or "england-gp"
/// (formats.md); nullptr for any other name (a file of that name is given
/// as "./england").
[[nodiscard]] SPFGOV_API const governance_graph* built_in_graph(std::string_view name);
/// Whether `name` stands for a built-in graph.
[[nodiscard]] SPFGOV_API bool is_built_in_graph_name(std::string_view name) noexcept;

/// Reads a base and overlays by name: "england" and "england-gp" are the
/// built-in graphs, any other name is passed to `read_text` for the file's
/// text (by default, read as read_graph_file does); messages name each file
/// as given ("-" as "<stdin>"). One name that is a built-in graph gives a
/// copy of it. Throws parse_error for a file that cannot be read or parsed,
/// naming it.
[[nodiscard]] SPFGOV_API governance_graph read_graph_files(
    std::span<const std::string> names, const read_limits& limits = {},
    const std::function<std::string(const std::string&)>& read_text = {});

/// The built-in England graph (data/england.json, compiled in), parsed once.
[[nodiscard]] SPFGOV_API const governance_graph& england_graph();
/// Its JSON text.
[[nodiscard]] SPFGOV_API std::string_view england_graph_json() noexcept;
/// The built-in England graph with every GP practice (data/england-gp.json,
/// compiled in), parsed on first use.
[[nodiscard]] SPFGOV_API const governance_graph& england_gp_graph();
/// Its JSON text.
[[nodiscard]] SPFGOV_API std::string_view england_gp_graph_json() noexcept;

/// Writes a graph as formats.md JSON: deterministic (bodies in graph order,
/// keys in a fixed order), derived links left out (they are re-derived on
/// reading), unknown fields kept. With `as_of`, only what is valid then.
[[nodiscard]] SPFGOV_API std::string write_graph(const governance_graph& g, std::optional<date> as_of = std::nullopt);

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
