// A date from an ISO literal in tests; fails the test (not UB) on a typo.
#pragma once

#include <spfgov/date.hpp>

#include <doctest/doctest.h>

namespace test_dates {
inline spfgov::date d(const char* iso) {
    const auto p = spfgov::parse_iso_date(iso);
    REQUIRE_MESSAGE(p.has_value(), iso);
    return *p;
}
} // namespace test_dates
