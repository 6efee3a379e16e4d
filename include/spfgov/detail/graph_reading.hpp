// The two ways a base graph file is read (read_graph and read_graph_file in
// spfgov/io.hpp use both): streamed, each body and link read as soon as its
// object is parsed and then dropped, so that a million-employer file is
// never a tree of a million bodies; and as one tree, which reads any file,
// overlays too. They share the parser and every reading function, so
// positions and errors are the same; the streamed read gives up, for the
// tree, wherever the order of what it would report could differ. Exposed
// here (detail, not public API) so that the tests and the differential fuzz
// target can check that the two agree.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/io.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace spfgov::detail {

/// The graph read streamed, or nullopt when only the tree reads the file
/// exactly (a repeated key anywhere; "spfgov", "allow" or "covers" after
/// "bodies"; "links" before any body; more than 10,000 messages, which the
/// tree's memory budget then bounds). A file with no body to stream is
/// read from the same parse, as a tree. Throws what read_graph throws for
/// input that is not JSON or passes a limit.
[[nodiscard]] SPFGOV_API std::optional<governance_graph> read_graph_streamed(std::string_view json_text,
                                                                           std::string_view file_name,
                                                                           const read_limits& limits);

/// The most working days a meeting's papers may be due before it (`meets`,
/// `papers_days`).
inline constexpr std::uint64_t max_papers_days = 365;

/// How many bytes past the end of a text the fast read may read (simdjson's
/// SIMDJSON_PADDING): a caller that has them saves a copy of the text.
inline constexpr std::size_t fast_read_padding = 64;

/// The fast read of a base file (src/graph_reader_simd.cpp): simdjson
/// On-Demand straight into a builder, making exactly the calls the streamed
/// read makes. nullopt ("not sure") for anything but a usual file that reads
/// without a message: escapes, a byte-order mark, nulls, repeated keys,
/// members out of the streamed read's order, unknown keys (but on a body, as
/// a scalar, and on the root, at most 16 an object), numbers other than whole
/// numbers of up to 19 digits, any value the located reads would report, or
/// a limit (size, depth, the tree's memory budget) the located reads would
/// hit. Never throws a read error: those are the located reads' to give.
/// `padded`: fast_read_padding NUL bytes follow the text, so it is read in place.
[[nodiscard]] SPFGOV_API std::optional<graph_builder> read_graph_fast_into_builder(std::string_view json_text,
                                                                                 std::string_view file_name,
                                                                                 const read_limits& limits,
                                                                                 bool padded = false);

/// read_graph_fast_into_builder(), built.
[[nodiscard]] SPFGOV_API std::optional<governance_graph> read_graph_fast(std::string_view json_text,
                                                                       std::string_view file_name,
                                                                       const read_limits& limits);

/// The graph read as one tree: what read_graph did before streaming.
[[nodiscard]] SPFGOV_API governance_graph read_graph_as_tree(std::string_view json_text, std::string_view file_name,
                                                            const read_limits& limits);

} // namespace spfgov::detail
