// Private to src/: why a file could not be opened, for error messages.
#pragma once

#include <cerrno>
#include <string>
#include <system_error>

namespace spfgov::detail {

/// " (REASON)", such as " (Permission denied)", for an errno value that a
/// failed open left (libstdc++'s ifstream opens with open(2) and keeps its
/// errno); "" when there is none. Read errno at once after the open.
[[nodiscard]] inline std::string open_failure_reason(int error_number) {
    if (error_number == 0) return {};
    return " (" + std::error_code(error_number, std::generic_category()).message() + ")";
}

} // namespace spfgov::detail
