// A validation finding: severity, stable code, the body or link, where in the
// input it came from, and what was expected.
#pragma once

#include "spfgov/error.hpp"
#include "spfgov/export_macro.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

enum class severity : std::uint8_t { error, warning };

struct SPFGOV_API diagnostic {
    spfgov::severity severity = severity::error;
    std::string code{};   ///< stable, snake_case: "duplicate_id", "escalation_cycle", ...
    std::string subject{}; ///< the body id, or the link as "from -relation-> to"
    std::string where{};  ///< file:line:col and/or JSON path; empty for built-in-code graphs
    std::string message{}; ///< what is wrong and what was expected
    /// `where` as data (file, line, column, JSON pointer; each absent when
    /// unknown), as spfgov::error carries it: tools need not parse the text.
    error_location location{};

    friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

[[nodiscard]] constexpr std::string_view to_string(severity s) noexcept {
    return s == severity::error ? "error" : "warning";
}

/// "error duplicate_id RRK (/bodies/7): ..." — one line, as `spfgov validate` prints.
[[nodiscard]] SPFGOV_API std::string format(const diagnostic& d);

[[nodiscard]] inline bool has_errors(const std::vector<diagnostic>& ds) noexcept {
    for (const auto& d : ds)
        if (d.severity == severity::error) return true;
    return false;
}

} // namespace spfgov
