// Errors with stable codes and the context a user needs to find the problem.
#pragma once

#include "spfgov/export_macro.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace spfgov {

/// Base of every exception the library throws. `code()` is stable across
/// releases (scripts may match on it); `what()` is "code: message".
class SPFGOV_API error : public std::runtime_error {
public:
    error(std::string code, const std::string& message)
        : std::runtime_error(code + ": " + message), code_(std::move(code)) {}
    [[nodiscard]] const std::string& code() const noexcept { return code_; }

private:
    std::string code_;
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

} // namespace spfgov
