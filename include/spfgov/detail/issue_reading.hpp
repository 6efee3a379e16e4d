// The two ways one issue is read (read_issue in spfgov/io.hpp uses both):
// a fast path over simdjson's On-Demand parser that reads only lines it is
// sure of, and the located reader that reads anything and names the file,
// line, column and JSON pointer of every error. Exposed here (detail, not
// public API) so that the tests and the differential fuzz target can check
// that the two agree on every line.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/io.hpp"
#include "spfgov/issue.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::detail {

/// The issue `json_text` holds when the fast path is sure the located reader
/// would read it, and would read it to this same issue; nullopt on any doubt
/// (invalid or unusual JSON, an escape or non-ASCII byte, an unknown or
/// repeated key, a wrong type, a value out of range, a limit reached), so
/// that the located reader reads it and reports its exact error. Never throws
/// for bad input (only std::bad_alloc).
[[nodiscard]] SPFGOV_API std::optional<issue> read_issue_fast(std::string_view json_text, const read_limits& limits);

/// The same, read into `out` (its strings and lists keep their capacity:
/// a batch refills one issue line after line). False on any doubt, with
/// `out` then unspecified.
[[nodiscard]] SPFGOV_API bool read_issue_fast_into(std::string_view json_text, const read_limits& limits, issue& out);

/// The located reader alone: what read_issue did before the fast path.
/// With `unknown_keys`, the issue's keys the contract ignores (not in
/// issue_keys) are appended to it, in the text's order, when it reads.
[[nodiscard]] SPFGOV_API issue read_issue_located(std::string_view json_text, std::string_view file_name,
                                                  const read_limits& limits,
                                                  std::vector<std::string>* unknown_keys = nullptr);

/// Where the value `pointer` (RFC 6901) names starts in `json_text`, as
/// 1-based line and column; nullopt when the text is not JSON (within
/// `limits`) or has no such value. For errors found after reading: routing's
/// unknown_id names `/affected/1`, not a position in the file.
struct text_position {
    std::size_t line = 0, column = 0;
};
[[nodiscard]] SPFGOV_API std::optional<text_position> locate_json_pointer(std::string_view json_text,
                                                                         std::string_view pointer,
                                                                         const read_limits& limits = {});

} // namespace spfgov::detail
