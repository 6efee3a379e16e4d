# The one list of spfgov's sources (issue 15: listed, not globbed). Adding a
# .cpp under src/, src/rules/ or src/cli/? Add it here too: a configure of the
# top-level project stops with the name of any file found but not listed.
set(SPFGOV_LIBRARY_SOURCES
    src/agenda.cpp
    src/as_of.cpp
    src/batch.cpp
    src/calendar.cpp
    src/date.cpp
    src/detail_json.cpp
    src/diff.cpp
    src/export.cpp
    src/flat.cpp
    src/generate.cpp
    src/graph.cpp
    src/html.cpp
    src/id_list_memo.cpp
    src/ics.cpp
    src/graph_reader_simd.cpp
    src/issue_reader_simd.cpp
    src/json_io.cpp
    src/pipeline.cpp
    src/policy.cpp
    src/policy_file.cpp
    src/redundancies.cpp
    src/report.cpp
    src/routing_index.cpp
    src/rrule.cpp
    src/scenario.cpp
    src/source_position.cpp
    src/text.cpp
    src/validate.cpp
    src/rules/common.cpp
    src/rules/custom_rule.cpp
    src/rules/r01_scope.cpp
    src/rules/r02_employer_primacy.cpp
    src/rules/r03_negotiation.cpp
    src/rules/r04_system_discussion.cpp
    src/rules/r05_lead.cpp
    src/rules/r06_regional_oversight.cpp
    src/rules/r07_national_and_subgroups.cpp
    src/rules/r08_people_boards.cpp
    src/rules/r09_ladder.cpp
    src/rules/r10_statutory_dates.cpp
    src/rules/r11_succession.cpp
    src/rules/r12_meetings.cpp)

set(SPFGOV_CLI_SOURCES
    src/cli/agenda_cmd.cpp
    src/cli/commands.cpp
    src/cli/common.cpp
    src/cli/diff_cmd.cpp
    src/cli/graphviz.cpp
    src/cli/huge_pages.cpp
    src/cli/main.cpp
    src/cli/policy_cmd.cpp
    src/cli/redundancies_cmd.cpp
    src/cli/route_cmd.cpp)

# Any src/**/*.cpp that is in neither list is a mistake (usually a file added
# on another branch and merged): say which, rather than fail at link time.
function(spfgov_check_source_lists)
  file(GLOB_RECURSE found RELATIVE "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/src/*.cpp")
  set(unlisted "")
  foreach(f IN LISTS found)
    if(NOT f IN_LIST SPFGOV_LIBRARY_SOURCES AND NOT f IN_LIST SPFGOV_CLI_SOURCES)
      list(APPEND unlisted "${f}")
    endif()
  endforeach()
  foreach(f IN LISTS SPFGOV_LIBRARY_SOURCES SPFGOV_CLI_SOURCES)
    if(NOT EXISTS "${PROJECT_SOURCE_DIR}/${f}")
      list(APPEND unlisted "${f} (listed, but missing)")
    endif()
  endforeach()
  if(unlisted)
    list(JOIN unlisted "\n  " unlisted)
    message(FATAL_ERROR "cmake/spfgovSources.cmake does not match src/:\n  ${unlisted}\n"
                        "Sources are listed, not globbed (issue 15). In cmake/spfgovSources.cmake, add "
                        "each new .cpp to SPFGOV_LIBRARY_SOURCES (the library: src/, src/rules/) or to "
                        "SPFGOV_CLI_SOURCES (the command: src/cli/), and remove any listed file that is "
                        "gone. Headers (.hpp) are not listed.")
  endif()
endfunction()
