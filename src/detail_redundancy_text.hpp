// Shared by the window's warning (redundancies.cpp) and its text for people
// (report.cpp), so both name the same issues the same way.
#pragma once

#include "spfgov/redundancies.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace spfgov::detail {

/// The issues of `w` whose own date, counted alone, is later than the
/// window's deadline or absent: "B (2027-03-02)", "A (no date)", the first
/// `most_named`, then "N more". Empty when `w` has no deadline.
[[nodiscard]] std::vector<std::string> later_alone(const redundancy_window& w, std::size_t most_named = 10);

} // namespace spfgov::detail
