// Flat, tabular views of routes (docs/analysts.md): one row per issue, and
// one row per (issue, body, role). The column lists live here, once: the
// command (`route --format csv|memberships-csv`) and the Python module
// (`routes_frame`, `memberships_frame`) both use them.
#pragma once
#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace spfgov {

/// The type of a flat column, and so of its pandas dtype (docs/analysts.md):
/// text "string", integer "Int64", flag "boolean", date "datetime64[ns]"
/// (written YYYY-MM-DD in CSV). Every column may be empty (missing): an
/// error row has only `line`, `issue`, `error_code` and `error`.
enum class flat_type : std::uint8_t { text, integer, flag, iso_date };

struct flat_column {
    std::string_view name{};
    flat_type type{};
    std::string_view description{};
};

/// A cell: missing, text (dates as YYYY-MM-DD), an integer or a flag.
using flat_value = std::variant<std::monostate, std::string, std::int64_t, bool>;
using flat_row = std::vector<flat_value>;

/// The columns of the one-row-per-issue table, in order.
[[nodiscard]] SPFGOV_API std::span<const flat_column> route_columns() noexcept;
/// The columns of the one-row-per-(issue, body, role) table, in order.
[[nodiscard]] SPFGOV_API std::span<const flat_column> membership_columns() noexcept;

/// Ids joined with this in a text cell (`lead`, `lead_union`...).
inline constexpr std::string_view flat_id_separator = ";";

/// The row of a routed issue (`line`: its 1-based line in a batch, 0 for none).
[[nodiscard]] SPFGOV_API flat_row route_row(const route& r, const governance_graph& g, std::size_t line = 0);
/// The row of a batch line that could not be routed.
[[nodiscard]] SPFGOV_API flat_row route_error_row(const std::optional<std::string>& issue_id, std::size_t line,
                                       std::string_view code, std::string_view message);
/// The membership rows of a routed issue: lead, lead_union, negotiate,
/// consult, engage, inform, in that order, bodies by id within each role.
[[nodiscard]] SPFGOV_API std::vector<flat_row> membership_rows(const route& r, const governance_graph& g, std::size_t line = 0);

/// The CSV header line of `columns` (RFC 4180, CRLF-free: lines end with '\n').
[[nodiscard]] SPFGOV_API std::string csv_header(std::span<const flat_column> columns);
/// One CSV record, ending in '\n': text quoted when it holds a comma, quote,
/// CR or LF (quotes doubled); flags `true`/`false`; missing values empty.
/// Characters that would act on a terminal showing the file (ESC, BEL and
/// other controls but tab, CR and LF; bidi controls; bytes that are not
/// UTF-8) are written visibly, `\u001b` or `\xff`, as spfgov::printable does.
[[nodiscard]] SPFGOV_API std::string csv_record(const flat_row& row);

/// The code of an error's what() text ("code: message" -> "code"): the
/// text before the first ": " when it is a code (lowercase letters, digits,
/// '_' and '.'), else empty.
[[nodiscard]] SPFGOV_API std::string_view error_code_of(std::string_view what) noexcept;

} // namespace spfgov
