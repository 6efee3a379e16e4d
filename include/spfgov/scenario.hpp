// Scenario files (formats.md "Scenario file"): routing expectations written
// by the people who know the rules, run like a test suite by `spfgov test`.
// The logic lives here so that other front ends (Python) can run them; the
// command line only prints. yaml-cpp and nlohmann/json stay inside src/.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/error.hpp"
#include "spfgov/policy.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// Scenario files larger than this are refused before parsing.
inline constexpr std::size_t max_scenario_bytes = std::size_t{4} << 20;

/// One field of a case whose route differs from what was expected; both
/// values as compact JSON.
struct SPFGOV_API scenario_difference {
    std::string field{};
    std::string expected{};
    std::string got{};
};

/// The outcome of one case.
struct SPFGOV_API scenario_case_result {
    std::string name{};
    bool passed = false;
    std::vector<scenario_difference> differences{}; ///< empty when passed
    /// When routing failed and no error (or another) was expected: the
    /// error's message; when an error was expected and the issue routed:
    /// "the issue routed, with no error".
    std::string error_message{};
    /// When the issue routed but a field other than warnings differs: the
    /// route's warnings, which often say why (a count for "rk5", not "RK5").
    std::vector<std::string> route_warnings{};
    /// Set when the case itself cannot be read (an unknown key in its
    /// `expect`, a misspelt scope, a date that does not exist, a missing
    /// `issue`): "CODE: FILE:LINE:COL: cases[N].key.path: what". The case
    /// fails without running (its name is "cases[N]" when it has none);
    /// the file's other cases still run.
    std::optional<std::string> read_error{};
    /// Where `read_error` was found, as data (file, line, column, pointer).
    error_location read_error_at{};
};

/// The outcome of one file: its cases in file order, or why it could not run.
struct SPFGOV_API scenario_file_result {
    std::string file{};
    std::vector<scenario_case_result> cases{};
    /// Set when the file, or the graph or policy it names, cannot be read
    /// (then `cases` is empty): "CODE: FILE:LINE:COL: key.path: what". Set
    /// too when only some cases cannot be read: then it is the first such
    /// case's `read_error`, and `cases` holds every case, the readable ones
    /// run (so one slip does not hide what the others say).
    std::optional<std::string> error{};
    /// Where `error` was found, as data: in the scenario file (a graph or
    /// policy it names that cannot be read is at its `graph:` or `policy:`
    /// key; the message adds that file's own place), or, for a --policy
    /// file (scenario_options::policy), that file's. An error with no place
    /// of its own (the file too large) has the file's name alone.
    error_location error_at{};
    /// What is not an error but makes a file test less than it seems, each
    /// "FILE[:LINE:COL]: what": no cases (the file passes whatever the rules
    /// do), a case that expects nothing (it passes whenever its issue
    /// routes), two cases of one name (a failure names the case). `spfgov
    /// test` prints them as warnings.
    std::vector<std::string> warnings{};
    [[nodiscard]] std::size_t passed() const noexcept;
    /// Cases that ran and failed, and cases that could not be read.
    [[nodiscard]] std::size_t failed() const noexcept;
    /// Cases that could not be read (each also counted in failed()).
    [[nodiscard]] std::size_t unreadable() const noexcept;
};

struct SPFGOV_API scenario_options {
    /// Used instead of every file's `policy:` (spfgov test --policy).
    std::optional<routing_policy> policy{};
};

/// Runs the cases of a scenario file's text. `base_dir` is where relative
/// `graph:` and `policy:` paths are resolved (the file's directory).
/// Never throws for a bad file: the result's `error` says what is wrong.
[[nodiscard]] SPFGOV_API scenario_file_result run_scenarios(std::string_view yaml_text, std::string_view file_name,
                                                 const std::filesystem::path& base_dir,
                                                 const scenario_options& options = {});
/// Reads and runs a scenario file.
[[nodiscard]] SPFGOV_API scenario_file_result run_scenario_file(const std::filesystem::path& path,
                                                     const scenario_options& options = {});

/// "PASS name", or "FAIL name: FIELD: expected X, got Y" (several fields
/// joined by "; "), or for a case that cannot be read `FAIL name: case:
/// expected "a case spfgov can read", got "ERROR"` (ERROR as JSON), without
/// a newline; characters that would act on a terminal written visibly
/// (spfgov::printable).
[[nodiscard]] SPFGOV_API std::string scenario_line(const scenario_case_result& r);

} // namespace spfgov
