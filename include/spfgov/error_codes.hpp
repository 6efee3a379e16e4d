// Every error code spfgov can produce, in one place (docs/formats.md "Errors").
// A code is stable across releases: scripts may match on error::code(), on a
// diagnostic's code, or on the "CODE:" that starts an error line.
//
// Naming rule: a bare snake_case code (`unknown_id`) belongs to the core
// formats (graph files, issues, routing, the command line); a dotted code
// (`policy.unknown_rule`) belongs to the subsystem its prefix names
// (policy.*, scenario.*, rrule.*, calendar.*, ics.*). Both styles are kept:
// formats.md fixes the bare routing codes, and renaming the dotted ones
// would break scripts written against 0.1.
//
// tests/codes/scan_codes.py checks that this list equals the codes found in
// src/, has no duplicates, and that some test names every code.
// Light header: only <array> and <string_view>.
#pragma once

#include "spfgov/export_macro.hpp"  // the C++20 check

#include <array>
#include <string_view>

namespace spfgov {

/// One entry of the catalogue.
struct error_code_info {
    std::string_view code{};
    /// How it reaches a caller: the exception class that carries it, and/or
    /// "diagnostic" (a graph's build_diagnostics() or validate()).
    std::string_view raised_as{};
    std::string_view meaning{};
};

namespace codes {

// --- files and JSON text (parse_error)
/// a file cannot be opened (missing, unreadable, a directory), or no graph was given (parse_error).
inline constexpr std::string_view cannot_open = "cannot_open";
/// a file opened but reading it failed (the command line's input reader) (parse_error).
inline constexpr std::string_view cannot_read = "cannot_read";
/// the input is larger than its read limit (docs/limits.md) (parse_error).
inline constexpr std::string_view too_large = "too_large";
/// the JSON text is empty or only whitespace (parse_error).
inline constexpr std::string_view empty_input = "empty_input";
/// the JSON text holds a NUL byte (parse_error).
inline constexpr std::string_view nul_byte = "nul_byte";
/// the text is not valid JSON (parse_error).
inline constexpr std::string_view json_syntax = "json_syntax";
/// more text follows a complete JSON value (parse_error).
inline constexpr std::string_view trailing_data = "trailing_data";
/// a JSON number too large or too small to hold (parse_error).
inline constexpr std::string_view number_out_of_range = "number_out_of_range";
/// JSON nested deeper than the read limit (parse_error).
inline constexpr std::string_view too_deep = "too_deep";
/// the parsed document would take more memory than its budget (many tiny values) (parse_error).
inline constexpr std::string_view too_dense = "too_dense";
/// the graph file is not an object with "spfgov": 1 (parse_error).
inline constexpr std::string_view bad_version = "bad_version";

// --- graph files, the builder and validation (diagnostics; graph_error)
/// a JSON object gives the same key twice (diagnostic, issue_error).
inline constexpr std::string_view duplicate_key = "duplicate_key";
/// a required field is missing (diagnostic, issue_error).
inline constexpr std::string_view missing_field = "missing_field";
/// a field has the wrong JSON type (diagnostic, issue_error).
inline constexpr std::string_view wrong_type = "wrong_type";
/// an id is longer than the read limit (diagnostic, issue_error).
inline constexpr std::string_view id_too_long = "id_too_long";
/// an id is the empty string (diagnostic, issue_error, graph_error: typed_builder::add).
inline constexpr std::string_view empty_id = "empty_id";
/// a date is not a YYYY-MM-DD date that exists (diagnostic, issue_error, date_error).
inline constexpr std::string_view bad_date = "bad_date";
/// a count (redundancies, papers_days) is not a whole number in range (diagnostic, issue_error).
inline constexpr std::string_view bad_count = "bad_count";
/// a link's relation is not one of domain.md's (diagnostic).
inline constexpr std::string_view unknown_relation = "unknown_relation";
/// a seat_on link's role is not member, deputy or co_chair (diagnostic).
inline constexpr std::string_view unknown_role = "unknown_role";
/// an employer's sector (or a remit sector) is not one of domain.md's (diagnostic).
inline constexpr std::string_view unknown_sector = "unknown_sector";
/// a representative's side is not staff or employer (diagnostic).
inline constexpr std::string_view unknown_side = "unknown_side";
/// a sub-group's remit names an unknown issue kind (diagnostic).
inline constexpr std::string_view unknown_issue_kind = "unknown_issue_kind";
/// a staff group is not a lowercase id (diagnostic, issue_error).
inline constexpr std::string_view bad_staff_group = "bad_staff_group";
/// staff_groups is given but empty (omit it to mean every group) (diagnostic, issue_error).
inline constexpr std::string_view empty_staff_groups = "empty_staff_groups";
/// a sub-group's remit_sectors is given but empty (diagnostic).
inline constexpr std::string_view empty_remit_sectors = "empty_remit_sectors";
/// an overlay repeats a body with a different kind (diagnostic).
inline constexpr std::string_view overlay_kind_mismatch = "overlay_kind_mismatch";
/// a typed_builder was given a body handle another typed_builder made (graph_error).
inline constexpr std::string_view foreign_handle = "foreign_handle";
/// two bodies have the same id (diagnostic, graph_error: typed_builder::add).
inline constexpr std::string_view duplicate_id = "duplicate_id";
/// a body or link carries a field its kind or relation may not carry (diagnostic).
inline constexpr std::string_view field_not_allowed = "field_not_allowed";
/// valid_to is on or before valid_from (diagnostic).
inline constexpr std::string_view reversed_validity = "reversed_validity";
/// the graph's covers period is empty (diagnostic).
inline constexpr std::string_view reversed_covers = "reversed_covers";
/// a link or structural field names a body that does not exist (diagnostic).
inline constexpr std::string_view dangling_reference = "dangling_reference";
/// the relation table does not allow this link between these kinds (diagnostic).
inline constexpr std::string_view forbidden_link = "forbidden_link";
/// a body succeeds a body of another kind (diagnostic).
inline constexpr std::string_view succeeds_kind_mismatch = "succeeds_kind_mismatch";
/// the same link is given twice (warning) (diagnostic).
inline constexpr std::string_view duplicate_link = "duplicate_link";
/// escalates_to links valid on one date form a cycle (diagnostic, graph_error).
inline constexpr std::string_view escalation_cycle = "escalation_cycle";
/// succeeds links form a loop (diagnostic).
inline constexpr std::string_view succeeds_loop = "succeeds_loop";
/// a body's meeting rule does not parse, or its papers_days is negative (diagnostic).
inline constexpr std::string_view bad_meeting_rule = "bad_meeting_rule";
/// a system is valid on dates when its region is not (diagnostic).
inline constexpr std::string_view system_outside_region = "system_outside_region";
/// a system has no system forum (warning) (diagnostic).
inline constexpr std::string_view system_without_forum = "system_without_forum";
/// an employer belongs to no system (warning) (diagnostic).
inline constexpr std::string_view employer_without_system = "employer_without_system";
/// an employer has no JNCC (warning) (diagnostic).
inline constexpr std::string_view employer_without_jncc = "employer_without_jncc";
/// a deputy is not seated on the body of the person they deputise for (warning) (diagnostic).
inline constexpr std::string_view deputy_not_on_same_body = "deputy_not_on_same_body";
/// a body is valid on dates when its container is not (warning) (diagnostic).
inline constexpr std::string_view validity_outside_container = "validity_outside_container";
/// a committee, board, system or region has no link to any other body, so no route reaches it (warning) (diagnostic).
inline constexpr std::string_view unattached_body = "unattached_body";
/// a body's, link's or the file's key the format does not have is near one it has ("vaild_to"): kept unread, or ignored (warning) (diagnostic).
inline constexpr std::string_view misspelt_field = "misspelt_field";
/// a key inside a body's "meets" that the format does not have is ignored (warning) (diagnostic).
inline constexpr std::string_view unknown_meets_key = "unknown_meets_key";
/// no body has this id (graph lookup, update, --explain, an issue's affected id) (graph_error, issue_error).
inline constexpr std::string_view unknown_id = "unknown_id";
/// a map's --region or --system names a body of another kind (graph_error).
inline constexpr std::string_view wrong_body_kind = "wrong_body_kind";
/// the body a map is of (--region, --system, --around) is not valid on the --as-of date (graph_error).
inline constexpr std::string_view not_valid_on_date = "not_valid_on_date";
/// a map's --depth is above map_scope::max_depth (graph_error).
inline constexpr std::string_view bad_depth = "bad_depth";
/// graph_builder::update_body changed the body's id (graph_error).
inline constexpr std::string_view id_changed = "id_changed";
/// the graph has error diagnostics and cannot be used (graph_error).
inline constexpr std::string_view invalid_graph = "invalid_graph";
/// generate_issues was given impossible options (dates, counts) (graph_error).
inline constexpr std::string_view bad_generator_options = "bad_generator_options";
/// generate_issues found no employer valid on a date it needs (graph_error).
inline constexpr std::string_view no_valid_employer = "no_valid_employer";

// --- routing an issue (issue_error; fixed by formats.md "Scenario file")
/// an affected id names a body that is not an employer, system or region (issue_error).
inline constexpr std::string_view not_an_employer = "not_an_employer";
/// affected is empty and the origin is not national (issue_error).
inline constexpr std::string_view empty_affected = "empty_affected";
/// an affected employer is not yet valid on the issue's date (issue_error).
inline constexpr std::string_view not_yet_valid = "not_yet_valid";
/// an affected employer has ended and nothing succeeds it (issue_error).
inline constexpr std::string_view no_successor = "no_successor";
/// an affected employer's successor is not valid on the issue's date (issue_error).
inline constexpr std::string_view succession_gap = "succession_gap";
/// following succeeds links loops, or goes deeper than the limit (issue_error).
inline constexpr std::string_view succession_loop = "succession_loop";
/// a redundancy count names an employer that split into several successors on the date (give a count per successor) (issue_error).
inline constexpr std::string_view redundancies_split = "redundancies_split";
/// the issue's date or first_dismissal is unset or outside 1978-2100 (issue_error).
inline constexpr std::string_view date_out_of_range = "date_out_of_range";
/// an issue's kind, or a body's kind in a graph file, is not one of domain.md's (issue_error, diagnostic).
inline constexpr std::string_view unknown_kind = "unknown_kind";
/// an issue's origin is not employer, system, region or national (issue_error).
inline constexpr std::string_view unknown_origin = "unknown_origin";

// --- dates and calendars (date_error)
/// a date outside the calendar's years (1978-2100) (date_error).
inline constexpr std::string_view calendar_out_of_range = "calendar.out_of_range";
/// an iCalendar event needs a real date with a next day (date_error).
inline constexpr std::string_view ics_bad_date = "ics.bad_date";
/// a calendar would have no events (RFC 5545 forbids it): a route with no dates (date_error).
inline constexpr std::string_view ics_empty_calendar = "ics.empty_calendar";
/// a DTSTAMP that is not a UTC date-time from 1970 to 9999, or a negative SEQUENCE (date_error).
inline constexpr std::string_view ics_bad_stamp = "ics.bad_stamp";
/// a reminder (VALARM) outside 0..365 days before its event (date_error).
inline constexpr std::string_view ics_bad_alarm = "ics.bad_alarm";

// --- meeting rules (rrule_error)
/// the rule is empty (rrule_error).
inline constexpr std::string_view rrule_empty = "rrule.empty";
/// a part is not NAME=VALUE, or a list has an empty item (rrule_error).
inline constexpr std::string_view rrule_syntax = "rrule.syntax";
/// a part is given twice (rrule_error).
inline constexpr std::string_view rrule_duplicate_part = "rrule.duplicate_part";
/// a part RFC 5545 does not define (rrule_error).
inline constexpr std::string_view rrule_unknown_part = "rrule.unknown_part";
/// a part RFC 5545 defines but spfgov does not support (rrule_error).
inline constexpr std::string_view rrule_unsupported_part = "rrule.unsupported_part";
/// no FREQ part (rrule_error).
inline constexpr std::string_view rrule_missing_freq = "rrule.missing_freq";
/// FREQ is not an RFC 5545 frequency (rrule_error).
inline constexpr std::string_view rrule_bad_freq = "rrule.bad_freq";
/// FREQ is not WEEKLY, MONTHLY or YEARLY (rrule_error).
inline constexpr std::string_view rrule_unsupported_freq = "rrule.unsupported_freq";
/// a value is not a whole number (rrule_error).
inline constexpr std::string_view rrule_bad_number = "rrule.bad_number";
/// INTERVAL is not a positive whole number (rrule_error).
inline constexpr std::string_view rrule_bad_interval = "rrule.bad_interval";
/// COUNT is not a positive whole number (rrule_error).
inline constexpr std::string_view rrule_bad_count = "rrule.bad_count";
/// UNTIL is not a date (YYYYMMDD) (rrule_error).
inline constexpr std::string_view rrule_bad_until = "rrule.bad_until";
/// both COUNT and UNTIL are given (rrule_error).
inline constexpr std::string_view rrule_count_and_until = "rrule.count_and_until";
/// a BYDAY weekday is not MO..SU (rrule_error).
inline constexpr std::string_view rrule_bad_weekday = "rrule.bad_weekday";
/// a BYDAY ordinal is not allowed or out of range (rrule_error).
inline constexpr std::string_view rrule_bad_ordinal = "rrule.bad_ordinal";
/// a BYMONTH value is not 1..12 (rrule_error).
inline constexpr std::string_view rrule_bad_month = "rrule.bad_month";
/// a BYMONTHDAY value is not 1..31 or -31..-1 (rrule_error).
inline constexpr std::string_view rrule_bad_monthday = "rrule.bad_monthday";
/// parts that cannot be used together (BYMONTHDAY with WEEKLY, ...) (rrule_error).
inline constexpr std::string_view rrule_bad_combination = "rrule.bad_combination";
/// the rule's start date is not a real date (rrule_error).
inline constexpr std::string_view rrule_bad_start = "rrule.bad_start";
/// papers_days is negative (rrule_error).
inline constexpr std::string_view rrule_bad_papers_days = "rrule.bad_papers_days";

// --- routing policies and policy files (policy_error)
/// the policy file cannot be opened (policy_error).
inline constexpr std::string_view policy_cannot_open = "policy.cannot_open";
/// the policy file is larger than max_policy_bytes (policy_error).
inline constexpr std::string_view policy_too_large = "policy.too_large";
/// the policy file is not valid YAML (policy_error).
inline constexpr std::string_view policy_syntax = "policy.syntax";
/// the file does not start spfgov-policy: 1 (policy_error).
inline constexpr std::string_view policy_bad_version = "policy.bad_version";
/// a key is given twice (policy_error).
inline constexpr std::string_view policy_duplicate_key = "policy.duplicate_key";
/// a key the format does not define (policy_error).
inline constexpr std::string_view policy_unknown_key = "policy.unknown_key";
/// a required key is missing (policy_error).
inline constexpr std::string_view policy_missing_key = "policy.missing_key";
/// a value has the wrong shape or is out of range (policy_error).
inline constexpr std::string_view policy_bad_value = "policy.bad_value";
/// a date is not a YYYY-MM-DD date that exists (policy_error).
inline constexpr std::string_view policy_bad_date = "policy.bad_date";
/// based_on names something other than default (policy_error).
inline constexpr std::string_view policy_bad_based_on = "policy.bad_based_on";
/// a file without based_on leaves out a parameter (policy_error).
inline constexpr std::string_view policy_missing_parameter = "policy.missing_parameter";
/// a statutory table's bands are not in increasing min (policy_error).
inline constexpr std::string_view policy_bands_out_of_order = "policy.bands_out_of_order";
/// statutory tables are not in increasing from (policy_error).
inline constexpr std::string_view policy_tables_out_of_order = "policy.tables_out_of_order";
/// a rule id the policy does not hold (policy_error).
inline constexpr std::string_view policy_unknown_rule = "policy.unknown_rule";
/// a rule id is used twice (policy_error).
inline constexpr std::string_view policy_duplicate_rule = "policy.duplicate_rule";
/// R1, R9 or R11 switched off (policy_error).
inline constexpr std::string_view policy_required_rule = "policy.required_rule";
/// a body kind that is not one of domain.md's (policy_error).
inline constexpr std::string_view policy_unknown_kind = "policy.unknown_kind";
/// a level that is not employer, system, region or national (policy_error).
inline constexpr std::string_view policy_unknown_level = "policy.unknown_level";
/// a role that is not lead, negotiate, consult, engage or inform (policy_error).
inline constexpr std::string_view policy_unknown_role = "policy.unknown_role";
/// a sector that is not one of domain.md's (policy_error).
inline constexpr std::string_view policy_unknown_sector = "policy.unknown_sector";
/// a custom rule's "of" is not a selector (policy_error).
inline constexpr std::string_view policy_unknown_selector = "policy.unknown_selector";
/// a custom rule that cannot be made (no kind/of or ids, both, empty id) (policy_error).
inline constexpr std::string_view policy_bad_custom_rule = "policy.bad_custom_rule";
/// a custom rule would add negotiating bodies that are not jnccs or negotiating bodies (R3) (policy_error).
inline constexpr std::string_view policy_negotiate_not_allowed = "policy.negotiate_not_allowed";
/// a custom rule's ids name a body the graph does not hold (policy_error).
inline constexpr std::string_view policy_unknown_body = "policy.unknown_body";
/// the policy holds a C++ rule a file cannot express (policy_error).
inline constexpr std::string_view policy_not_writable = "policy.not_writable";

// --- scenario files (scenario_error)
/// the scenario file, or the graph it names, cannot be opened (scenario_error).
inline constexpr std::string_view scenario_cannot_open = "scenario.cannot_open";
/// the scenario file is larger than max_scenario_bytes (scenario_error).
inline constexpr std::string_view scenario_too_large = "scenario.too_large";
/// the scenario file is not valid YAML (scenario_error).
inline constexpr std::string_view scenario_syntax = "scenario.syntax";
/// the file does not start spfgov-scenarios: 1 (scenario_error).
inline constexpr std::string_view scenario_bad_version = "scenario.bad_version";
/// a key is given twice (scenario_error).
inline constexpr std::string_view scenario_duplicate_key = "scenario.duplicate_key";
/// a key the format does not define (scenario_error).
inline constexpr std::string_view scenario_unknown_key = "scenario.unknown_key";
/// a case lacks a required key (scenario_error).
inline constexpr std::string_view scenario_missing_key = "scenario.missing_key";
/// a value has the wrong shape (scenario_error).
inline constexpr std::string_view scenario_bad_value = "scenario.bad_value";
/// a date is not a YYYY-MM-DD date that exists (scenario_error).
inline constexpr std::string_view scenario_bad_date = "scenario.bad_date";
/// the graph the file names cannot be read or has errors (scenario_error).
inline constexpr std::string_view scenario_bad_graph = "scenario.bad_graph";
/// the policy the file names cannot be read (scenario_error).
inline constexpr std::string_view scenario_bad_policy = "scenario.bad_policy";
} // namespace codes

/// Every code, with how it is raised and what it means.
// The size is deduced, so adding a code is one line (and merges do not clash on a count).
inline constexpr auto all_error_codes = std::to_array<error_code_info>({
    {codes::cannot_open, "parse_error", "a file cannot be opened (missing, unreadable, a directory), or no graph was given"},
    {codes::cannot_read, "parse_error", "a file opened but reading it failed (the command line's input reader)"},
    {codes::too_large, "parse_error", "the input is larger than its read limit (docs/limits.md)"},
    {codes::empty_input, "parse_error", "the JSON text is empty or only whitespace"},
    {codes::nul_byte, "parse_error", "the JSON text holds a NUL byte"},
    {codes::json_syntax, "parse_error", "the text is not valid JSON"},
    {codes::trailing_data, "parse_error", "more text follows a complete JSON value"},
    {codes::number_out_of_range, "parse_error", "a JSON number too large or too small to hold"},
    {codes::too_deep, "parse_error", "JSON nested deeper than the read limit"},
    {codes::too_dense, "parse_error", "the parsed document would take more memory than its budget (many tiny values)"},
    {codes::bad_version, "parse_error", "the graph file is not an object with \"spfgov\": 1"},
    {codes::duplicate_key, "diagnostic, issue_error", "a JSON object gives the same key twice"},
    {codes::missing_field, "diagnostic, issue_error", "a required field is missing"},
    {codes::wrong_type, "diagnostic, issue_error", "a field has the wrong JSON type"},
    {codes::id_too_long, "diagnostic, issue_error", "an id is longer than the read limit"},
    {codes::empty_id, "diagnostic, issue_error, graph_error", "an id is the empty string"},
    {codes::bad_date, "diagnostic, issue_error, date_error", "a date is not a YYYY-MM-DD date that exists"},
    {codes::bad_count, "diagnostic, issue_error", "a count (redundancies, papers_days) is not a whole number in range"},
    {codes::unknown_relation, "diagnostic", "a link's relation is not one of domain.md's"},
    {codes::unknown_role, "diagnostic", "a seat_on link's role is not member, deputy or co_chair"},
    {codes::unknown_sector, "diagnostic", "an employer's sector (or a remit sector) is not one of domain.md's"},
    {codes::unknown_side, "diagnostic", "a representative's side is not staff or employer"},
    {codes::unknown_issue_kind, "diagnostic", "a sub-group's remit names an unknown issue kind"},
    {codes::bad_staff_group, "diagnostic, issue_error", "a staff group is not a lowercase id"},
    {codes::empty_staff_groups, "diagnostic, issue_error", "staff_groups is given but empty (omit it to mean every group)"},
    {codes::empty_remit_sectors, "diagnostic", "a sub-group's remit_sectors is given but empty"},
    {codes::overlay_kind_mismatch, "diagnostic", "an overlay repeats a body with a different kind"},
    {codes::duplicate_id, "diagnostic, graph_error", "two bodies have the same id"},
    {codes::foreign_handle, "graph_error", "a typed_builder was given a body handle another typed_builder made"},
    {codes::field_not_allowed, "diagnostic", "a body or link carries a field its kind or relation may not carry"},
    {codes::reversed_validity, "diagnostic", "valid_to is on or before valid_from"},
    {codes::reversed_covers, "diagnostic", "the graph's covers period is empty"},
    {codes::dangling_reference, "diagnostic", "a link or structural field names a body that does not exist"},
    {codes::forbidden_link, "diagnostic", "the relation table does not allow this link between these kinds"},
    {codes::succeeds_kind_mismatch, "diagnostic", "a body succeeds a body of another kind"},
    {codes::duplicate_link, "diagnostic", "the same link is given twice (warning)"},
    {codes::escalation_cycle, "diagnostic, graph_error", "escalates_to links valid on one date form a cycle"},
    {codes::succeeds_loop, "diagnostic", "succeeds links form a loop"},
    {codes::bad_meeting_rule, "diagnostic", "a body's meeting rule does not parse, or its papers_days is negative"},
    {codes::system_outside_region, "diagnostic", "a system is valid on dates when its region is not"},
    {codes::system_without_forum, "diagnostic", "a system has no system forum (warning)"},
    {codes::employer_without_system, "diagnostic", "an employer belongs to no system (warning)"},
    {codes::employer_without_jncc, "diagnostic", "an employer has no JNCC (warning)"},
    {codes::deputy_not_on_same_body, "diagnostic", "a deputy is not seated on the body of the person they deputise for (warning)"},
    {codes::validity_outside_container, "diagnostic", "a body is valid on dates when its container is not (warning)"},
    {codes::unattached_body, "diagnostic", "a committee, board, system or region has no link to any other body, so no route reaches it (warning)"},
    {codes::misspelt_field, "diagnostic", "a body's, link's or the file's key the format does not have is near one it has (\"vaild_to\"): kept unread, or ignored (warning)"},
    {codes::unknown_meets_key, "diagnostic", "a key inside a body's \"meets\" that the format does not have is ignored (warning)"},
    {codes::unknown_id, "graph_error, issue_error", "no body has this id (graph lookup, update, --explain, an issue's affected id)"},
    {codes::wrong_body_kind, "graph_error", "a map's --region or --system names a body of another kind"},
    {codes::not_valid_on_date, "graph_error", "the body a map is of (--region, --system, --around) is not valid on the --as-of date"},
    {codes::bad_depth, "graph_error", "a map's --depth is above map_scope::max_depth"},
    {codes::id_changed, "graph_error", "graph_builder::update_body changed the body's id"},
    {codes::invalid_graph, "graph_error", "the graph has error diagnostics and cannot be used"},
    {codes::bad_generator_options, "graph_error", "generate_issues was given impossible options (dates, counts)"},
    {codes::no_valid_employer, "graph_error", "generate_issues found no employer valid on a date it needs"},
    {codes::not_an_employer, "issue_error", "an affected id names a body that is not an employer, system or region"},
    {codes::empty_affected, "issue_error", "affected is empty and the origin is not national"},
    {codes::not_yet_valid, "issue_error", "an affected employer is not yet valid on the issue's date"},
    {codes::no_successor, "issue_error", "an affected employer has ended and nothing succeeds it"},
    {codes::succession_gap, "issue_error", "an affected employer's successor is not valid on the issue's date"},
    {codes::succession_loop, "issue_error", "following succeeds links loops, or goes deeper than the limit"},
    {codes::redundancies_split, "issue_error", "a redundancy count names an employer that split into several successors on the date (give a count per successor)"},
    {codes::date_out_of_range, "issue_error", "the issue's date or first_dismissal is unset or outside 1978-2100"},
    {codes::unknown_kind, "issue_error, diagnostic", "an issue's kind, or a body's kind in a graph file, is not one of domain.md's"},
    {codes::unknown_origin, "issue_error", "an issue's origin is not employer, system, region or national"},
    {codes::calendar_out_of_range, "date_error", "a date outside the calendar's years (1978-2100)"},
    {codes::ics_bad_date, "date_error", "an iCalendar event needs a real date with a next day"},
    {codes::ics_empty_calendar, "date_error", "a calendar would have no events (RFC 5545 forbids it): a route with no dates"},
    {codes::ics_bad_stamp, "date_error", "a DTSTAMP that is not a UTC date-time from 1970 to 9999, or a negative SEQUENCE"},
    {codes::ics_bad_alarm, "date_error", "a reminder (VALARM) outside 0..365 days before its event"},
    {codes::rrule_empty, "rrule_error", "the rule is empty"},
    {codes::rrule_syntax, "rrule_error", "a part is not NAME=VALUE, or a list has an empty item"},
    {codes::rrule_duplicate_part, "rrule_error", "a part is given twice"},
    {codes::rrule_unknown_part, "rrule_error", "a part RFC 5545 does not define"},
    {codes::rrule_unsupported_part, "rrule_error", "a part RFC 5545 defines but spfgov does not support"},
    {codes::rrule_missing_freq, "rrule_error", "no FREQ part"},
    {codes::rrule_bad_freq, "rrule_error", "FREQ is not an RFC 5545 frequency"},
    {codes::rrule_unsupported_freq, "rrule_error", "FREQ is not WEEKLY, MONTHLY or YEARLY"},
    {codes::rrule_bad_number, "rrule_error", "a value is not a whole number"},
    {codes::rrule_bad_interval, "rrule_error", "INTERVAL is not a positive whole number"},
    {codes::rrule_bad_count, "rrule_error", "COUNT is not a positive whole number"},
    {codes::rrule_bad_until, "rrule_error", "UNTIL is not a date (YYYYMMDD)"},
    {codes::rrule_count_and_until, "rrule_error", "both COUNT and UNTIL are given"},
    {codes::rrule_bad_weekday, "rrule_error", "a BYDAY weekday is not MO..SU"},
    {codes::rrule_bad_ordinal, "rrule_error", "a BYDAY ordinal is not allowed or out of range"},
    {codes::rrule_bad_month, "rrule_error", "a BYMONTH value is not 1..12"},
    {codes::rrule_bad_monthday, "rrule_error", "a BYMONTHDAY value is not 1..31 or -31..-1"},
    {codes::rrule_bad_combination, "rrule_error", "parts that cannot be used together (BYMONTHDAY with WEEKLY, ...)"},
    {codes::rrule_bad_start, "rrule_error", "the rule's start date is not a real date"},
    {codes::rrule_bad_papers_days, "rrule_error", "papers_days is negative"},
    {codes::policy_cannot_open, "policy_error", "the policy file cannot be opened"},
    {codes::policy_too_large, "policy_error", "the policy file is larger than max_policy_bytes"},
    {codes::policy_syntax, "policy_error", "the policy file is not valid YAML"},
    {codes::policy_bad_version, "policy_error", "the file does not start spfgov-policy: 1"},
    {codes::policy_duplicate_key, "policy_error", "a key is given twice"},
    {codes::policy_unknown_key, "policy_error", "a key the format does not define"},
    {codes::policy_missing_key, "policy_error", "a required key is missing"},
    {codes::policy_bad_value, "policy_error", "a value has the wrong shape or is out of range"},
    {codes::policy_bad_date, "policy_error", "a date is not a YYYY-MM-DD date that exists"},
    {codes::policy_bad_based_on, "policy_error", "based_on names something other than default"},
    {codes::policy_missing_parameter, "policy_error", "a file without based_on leaves out a parameter"},
    {codes::policy_bands_out_of_order, "policy_error", "a statutory table's bands are not in increasing min"},
    {codes::policy_tables_out_of_order, "policy_error", "statutory tables are not in increasing from"},
    {codes::policy_unknown_rule, "policy_error", "a rule id the policy does not hold"},
    {codes::policy_duplicate_rule, "policy_error", "a rule id is used twice"},
    {codes::policy_required_rule, "policy_error", "R1, R9 or R11 switched off"},
    {codes::policy_unknown_kind, "policy_error", "a body kind that is not one of domain.md's"},
    {codes::policy_unknown_level, "policy_error", "a level that is not employer, system, region or national"},
    {codes::policy_unknown_role, "policy_error", "a role that is not lead, negotiate, consult, engage or inform"},
    {codes::policy_unknown_sector, "policy_error", "a sector that is not one of domain.md's"},
    {codes::policy_unknown_selector, "policy_error", "a custom rule's \"of\" is not a selector"},
    {codes::policy_bad_custom_rule, "policy_error", "a custom rule that cannot be made (no kind/of or ids, both, empty id)"},
    {codes::policy_negotiate_not_allowed, "policy_error", "a custom rule would add negotiating bodies that are not jnccs or negotiating bodies (R3)"},
    {codes::policy_unknown_body, "policy_error", "a custom rule's ids name a body the graph does not hold"},
    {codes::policy_not_writable, "policy_error", "the policy holds a C++ rule a file cannot express"},
    {codes::scenario_cannot_open, "scenario_error", "the scenario file, or the graph it names, cannot be opened"},
    {codes::scenario_too_large, "scenario_error", "the scenario file is larger than max_scenario_bytes"},
    {codes::scenario_syntax, "scenario_error", "the scenario file is not valid YAML"},
    {codes::scenario_bad_version, "scenario_error", "the file does not start spfgov-scenarios: 1"},
    {codes::scenario_duplicate_key, "scenario_error", "a key is given twice"},
    {codes::scenario_unknown_key, "scenario_error", "a key the format does not define"},
    {codes::scenario_missing_key, "scenario_error", "a case lacks a required key"},
    {codes::scenario_bad_value, "scenario_error", "a value has the wrong shape"},
    {codes::scenario_bad_date, "scenario_error", "a date is not a YYYY-MM-DD date that exists"},
    {codes::scenario_bad_graph, "scenario_error", "the graph the file names cannot be read or has errors"},
    {codes::scenario_bad_policy, "scenario_error", "the policy the file names cannot be read"},
});

/// The catalogue entry of `code`, or nullptr.
[[nodiscard]] constexpr const error_code_info* find_error_code(std::string_view code) noexcept {
    for (const auto& info : all_error_codes)
        if (info.code == code) return &info;
    return nullptr;
}

} // namespace spfgov
