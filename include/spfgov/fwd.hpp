// Forward declarations of spfgov's main types, for headers and translation
// units that only name them (by reference, pointer, or in a declaration).
// Light header: includes nothing but <cstdint> and export_macro.hpp. spfgov::date is an alias of
// boost::gregorian::date and cannot be forward-declared: include date.hpp.
#pragma once

#include "spfgov/export_macro.hpp"  // the C++20 check

#include <cstdint>

namespace spfgov {

// vocabulary (kinds.hpp, policy.hpp)
enum class body_kind : std::uint8_t;
enum class relation : std::uint8_t;
enum class sector : std::uint8_t;
enum class issue_kind : std::uint8_t;
enum class level : std::uint8_t;
enum class role : std::uint8_t;

// the graph (handles.hpp: light; graph.hpp, as_of.hpp: Boost.Graph, range-v3)
class body_handle;
class link_handle;
struct body;
struct link_data;
class governance_graph;
class graph_builder;
class typed_builder;
class as_of_view;
struct diagnostic;

// issues, policies, routing (issue.hpp, policy.hpp: light; route.hpp: light;
// rule.hpp: Boost.Graph)
struct issue;
class routing_policy;
struct rule_citation;
struct custom_rule_spec;
class rule;
class routing_context;
class routing_index;
class router;
class routing_session;
struct route;
struct rationale_entry;

// day counts (date.hpp)
namespace detail {
struct calendar_day_tag;
struct working_day_tag;
} // namespace detail
template <class Kind> class day_count;
using calendar_days = day_count<detail::calendar_day_tag>;
using working_days = day_count<detail::working_day_tag>;

// calendars (calendar.hpp, rrule.hpp)
class holiday_calendar;
struct meeting_rule;

// files (issue_io.hpp, io.hpp)
struct read_limits;

// errors (error.hpp, scenario.hpp)
struct error_location;
class error;
class graph_error;
class issue_error;
class policy_error;
class date_error;
class rrule_error;
class parse_error;
class scenario_error;

} // namespace spfgov
