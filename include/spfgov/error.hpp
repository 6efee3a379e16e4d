// Errors with stable codes and the context a user needs to find the problem.
#pragma once

#include "spfgov/export_macro.hpp"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace spfgov {

/// Where in its input an error was found. Every field is optional: an error
/// about a file's size has a file but no line; a routing error has a JSON
/// pointer into the issue but no file.
struct error_location {
    std::optional<std::string> file{};     ///< as the caller named it ("<stdin>", "policy.yaml")
    std::optional<std::size_t> line{};     ///< 1-based
    std::optional<std::size_t> column{};   ///< 1-based, in characters (UTF-8 code points)
    /// RFC 6901 JSON pointer to the value, e.g. "/affected/1"; for YAML
    /// files the key path in the same form ("custom_rules[0].add.of" is
    /// "/custom_rules/0/add/of").
    std::optional<std::string> pointer{};
    friend bool operator==(const error_location&, const error_location&) = default;
};

/// Base of every exception the library throws. `code()` is stable across
/// releases (scripts may match on it; error_codes.hpp lists every code);
/// `what()` is "code: message". A located error also carries its position
/// as data (location(), file(), line(), column(), pointer()): what() is the
/// same with or without it.
class SPFGOV_API error : public std::runtime_error {
public:
    error(std::string code, const std::string& message)
        : std::runtime_error(code + ": " + message), code_(std::move(code)) {}
    error(std::string code, const std::string& message, error_location where)
        : std::runtime_error(code + ": " + message), code_(std::move(code)), where_(std::move(where)) {}
    error(std::string_view code, const std::string& message)
        : error(std::string(code), message) {}
    error(std::string_view code, const std::string& message, error_location where)
        : error(std::string(code), message, std::move(where)) {}
    error(const char* code, const std::string& message) : error(std::string(code), message) {}
    error(const char* code, const std::string& message, error_location where)
        : error(std::string(code), message, std::move(where)) {}

    [[nodiscard]] const std::string& code() const noexcept { return code_; }
    [[nodiscard]] const error_location& location() const noexcept { return where_; }
    [[nodiscard]] const std::optional<std::string>& file() const noexcept { return where_.file; }
    [[nodiscard]] std::optional<std::size_t> line() const noexcept { return where_.line; }
    [[nodiscard]] std::optional<std::size_t> column() const noexcept { return where_.column; }
    [[nodiscard]] const std::optional<std::string>& pointer() const noexcept { return where_.pointer; }

private:
    std::string code_;
    error_location where_;
};

/// A graph that cannot be built or used (duplicate id, forbidden link, cycle...).
class SPFGOV_API graph_error : public error {
    using error::error;
};

/// An issue that cannot be routed (unknown id, bad field, no successor...).
/// The message names the issue, the field and the value.
class SPFGOV_API issue_error : public error {
    using error::error;
};

/// A routing policy that cannot be loaded or used (unknown rule, a rule
/// that cannot be switched off, a custom rule that would negotiate...).
class SPFGOV_API policy_error : public error {
    using error::error;
};

/// A date outside the range a calendar covers, or a malformed date.
class SPFGOV_API date_error : public error {
    using error::error;
};

/// A malformed meeting rule; the message names the part and what was expected.
class SPFGOV_API rrule_error : public error {
    using error::error;
};

/// Malformed input text (JSON); the message names file, line, column and path.
class SPFGOV_API parse_error : public error {
    using error::error;
};

/// A scenario file that cannot be read or run: its YAML, its keys, or the
/// graph or policy it names. Codes "scenario.*" (docs/cli.md lists them);
/// the message names the file, line, column and key path.
class SPFGOV_API scenario_error : public error {
    using error::error;
};

} // namespace spfgov
