// Reading and writing the formats of shared/spec/formats.md: graphs, issues,
// routes. nlohmann/json stays inside src/; this header does not include it.
// What needs no graph header (issues, routes, the built-in graphs by
// reference) is declared in the light issue_io.hpp, which this includes.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/issue_io.hpp"  // read_limits, england_graph(), issues and routes
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
/// one that `b` already holds counting once; `covers` replaces `b`'s, and
/// its unknown top-level fields replace `b`'s of the same key. On an
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

/// Writes a graph as formats.md JSON: deterministic (bodies in graph order,
/// keys in a fixed order), derived links left out (they are re-derived on
/// reading), unknown fields kept. With `as_of`, only what is valid then.
[[nodiscard]] SPFGOV_API std::string write_graph(const governance_graph& g, std::optional<date> as_of = std::nullopt);

} // namespace spfgov
