// Synthetic national-scale graphs and issue mixes, deterministic per seed,
// for benchmarks, property tests and what-if scripts.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/issue.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace spfgov {

struct SPFGOV_API generator_options {
    std::size_t employers = 5000;      ///< employers besides the ICBs
    std::uint64_t seed = 1;
    double ended_fraction = 0.03;      ///< employers ended and succeeded (mergers, splits)
};

/// 7 regions, 42 systems of uneven size, forums, boards, ICBs, N employers
/// with skewed sizes and JNCCs, sub-groups with validity, lead unions,
/// meeting rules. Valid: validate() reports no error.
[[nodiscard]] SPFGOV_API governance_graph generate_graph(const generator_options& options);

struct SPFGOV_API issue_mix_options {
    std::size_t count = 1000;
    std::uint64_t seed = 1;
    date from{2026, 1, 1};   ///< issue dates are drawn from [from, to]
    date to{2026, 12, 31};
};

/// A realistic mix: most issues at one employer, fewer across a system, a
/// region, the nation; some naming a whole system; a fifth redundancies
/// with dates. Every issue routes without error on `g`.
[[nodiscard]] SPFGOV_API std::vector<issue> generate_issues(const governance_graph& g, const issue_mix_options& options);
/// The same issues, given to `each` one at a time as they are made (memory
/// does not grow with options.count).
SPFGOV_API void generate_issues(const governance_graph& g, const issue_mix_options& options,
                     const std::function<void(const issue&)>& each);

} // namespace spfgov
