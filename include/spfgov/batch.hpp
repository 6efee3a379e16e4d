// Routing a JSON Lines batch line by line, as `spfgov route --issues` does:
// the same error codes and messages for the same line, wherever it runs
// (the command, the Python module, a Dask worker).
#pragma once
#include "spfgov/export_macro.hpp"

#include "spfgov/io.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace spfgov {

/// A batch line that could not be routed: what its error line says.
struct batch_error {
    std::optional<std::string> issue{}; ///< the line's "id", when it has one
    std::size_t line = 0;              ///< 1-based
    std::string code{};                ///< error_code_of(message)
    std::string message{};             ///< "code: ..." naming the file and line
    std::string pointer{};             ///< JSON pointer of the value at fault in the line; empty when none
    /// 1-based column (in characters) of the value at fault in the line, as
    /// the message gives it; none when the line has no such place (a blank
    /// or too long line, an error of no one value).
    std::optional<std::size_t> column{};
};

/// What reading a batch line noticed that is not an error: the keys of the
/// issue that the contract ignores (formats.md), in the line's order. A
/// misspelt optional key ("system_process_agred") changes the route
/// silently, so a batch reader should say so once a key.
struct batch_line_notes {
    std::vector<std::string> unknown_keys{};
};

/// Reads line `line` (1-based) of the batch `file_name` as an issue. Never
/// throws an spfgov::error: a blank line or an unreadable issue gives a
/// batch_error (naming the line's "id" when it has one, and the line).
[[nodiscard]] SPFGOV_API std::variant<issue, batch_error> read_batch_line(std::string_view text, std::size_t line,
                                                               std::string_view file_name,
                                                               const read_limits& limits = {});
/// The same, noting in `notes` (cleared first) what the reading noticed.
[[nodiscard]] SPFGOV_API std::variant<issue, batch_error> read_batch_line(std::string_view text, std::size_t line,
                                                               std::string_view file_name, const read_limits& limits,
                                                               batch_line_notes& notes);

/// A routing error of batch line `line` (its text `text`) as route_batch_line
/// words it: the file, line and column of the value its pointer names put
/// after the code ("unknown_id: batch.jsonl:37:66: issue ..."), as a reading
/// error has them. For a caller that reads the lines and routes the issues
/// itself (the agenda, the HTML report). The line is read again only here,
/// for a line that fails.
[[nodiscard]] SPFGOV_API std::string batch_line_message(const error& e, std::string_view file_name, std::size_t line,
                                                        std::string_view text, const read_limits& limits = {});

/// The same error as route_batch_line gives it: the message
/// batch_line_message words, its code, the issue's id (`issue_id`), the
/// pointer and the column in the line as data.
[[nodiscard]] SPFGOV_API batch_error batch_line_error(const error& e, std::optional<std::string> issue_id,
                                                      std::string_view file_name, std::size_t line,
                                                      std::string_view text, const read_limits& limits = {});

/// Reads and routes line `line` (1-based) of the batch `file_name` as of
/// `as_of` (else the issue's date). Never throws an spfgov::error: a blank
/// line, an unreadable issue or a routing error gives a batch_error.
[[nodiscard]] SPFGOV_API std::variant<route, batch_error> route_batch_line(const router& rt, std::string_view text,
                                                                std::size_t line, std::string_view file_name,
                                                                std::optional<date> as_of = std::nullopt,
                                                                const read_limits& limits = {});

/// The same, routing into `out` (router::route_into: a loop that refills
/// one route allocates no route memory once warm). Returns the line's
/// error, or nullopt when `out` holds its route; after an error `out` holds
/// a valid but unspecified route.
[[nodiscard]] SPFGOV_API std::optional<batch_error> route_batch_line_into(const router& rt, std::string_view text,
                                                               std::size_t line, std::string_view file_name,
                                                               route& out, std::optional<date> as_of = std::nullopt,
                                                               const read_limits& limits = {});
/// The same through a session (one per thread): what a batch on several
/// threads uses, so that its threads do not contend on the router.
[[nodiscard]] SPFGOV_API std::optional<batch_error> route_batch_line_into(routing_session& session,
                                                               std::string_view text, std::size_t line,
                                                               std::string_view file_name, route& out,
                                                               std::optional<date> as_of = std::nullopt,
                                                               const read_limits& limits = {});

/// The same, noting in `notes` (cleared first) what the line's reading
/// noticed: what `spfgov route --issues` uses to warn of unknown keys.
/// Costs nothing more for the lines of known keys alone.
[[nodiscard]] SPFGOV_API std::optional<batch_error> route_batch_line_into(routing_session& session,
                                                               std::string_view text, std::size_t line,
                                                               std::string_view file_name, route& out,
                                                               std::optional<date> as_of, const read_limits& limits,
                                                               batch_line_notes& notes);

/// The batch_error of a line longer than `limits.max_line_length`.
[[nodiscard]] SPFGOV_API batch_error too_long_line_error(std::string_view file_name, std::size_t line,
                                              const read_limits& limits = {});

/// The error line of a batch (write_route_error).
[[nodiscard]] SPFGOV_API std::string write_batch_error(const batch_error& e);

} // namespace spfgov
