// Shared by the window's warning (redundancies.cpp) and its text for people
// (report.cpp), so both name the same issues the same way.
#pragma once

#include "spfgov/redundancies.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace spfgov::detail {

/// The issues of `w` proposed by the window's deadline whose own date,
/// counted alone, is later than it or absent: "B (2027-03-02)", "A (no date)", the first
/// `most_named`, then "N more". Empty when `w` has no deadline.
[[nodiscard]] std::vector<std::string> later_alone(const redundancy_window& w, std::size_t most_named = 10);

/// " (unless consultation on the earlier proposals had already begun ...:
/// s.188(3) ...)" when `w`'s issues were proposed on different dates; else "".
[[nodiscard]] std::string proposed_apart_caveat(const redundancy_window& w);

} // namespace spfgov::detail
