// Policy files (formats.md "Policy file"): the routing policy as YAML that
// a person writes and reads. yaml-cpp stays inside src/; this header does
// not include it.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/policy.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace spfgov {

/// Policy files larger than this are refused before they are parsed
/// ("policy.too_large"): a policy is a page of text, not a data set.
inline constexpr std::size_t max_policy_bytes = std::size_t{1} << 20;

/// Reads a policy file's text. Throws policy_error with a stable code
/// (docs/policy.md lists them: "policy.unknown_key", "policy.bad_date",
/// "policy.bands_out_of_order", "policy.missing_parameter", ...) whose
/// message names `file_name`, the line and column, the key path (such as
/// `custom_rules[0].add.of`) and what was expected.
[[nodiscard]] SPFGOV_API routing_policy read_policy(std::string_view yaml_text, std::string_view file_name = "<policy>");

/// Reads a policy file; "policy.cannot_open" when it cannot be read,
/// "policy.too_large" over max_policy_bytes.
[[nodiscard]] SPFGOV_API routing_policy read_policy_file(const std::filesystem::path& path);

/// The policy as a complete, commented policy file (no `based_on`: every
/// parameter and every rule is written). read_policy() of the text gives a
/// policy equal (==) to `p`. Throws policy_error "policy.not_writable" when
/// the policy holds a rule written in C++ (a replaced built-in rule or an
/// added non-declarative one), which a file cannot express.
[[nodiscard]] SPFGOV_API std::string write_policy(const routing_policy& p);

} // namespace spfgov
