# The man page and the bash completion of the spfgov command, both generated
# at build time from the command's own --help, so they cannot drift from it.
# The man page: Debian's help2man, which needs nothing but the built command
# (pandoc would need a second, hand-kept markdown copy of the help). The
# subcommands' --help texts go into it as its COMMANDS section.
set(SPFGOV_DOCS_DIR "${CMAKE_CURRENT_BINARY_DIR}/docs")
set(SPFGOV_BASH_COMPLETION "${SPFGOV_DOCS_DIR}/spfgov.bash")
add_custom_command(
    OUTPUT "${SPFGOV_BASH_COMPLETION}"
    COMMAND ${CMAKE_COMMAND} -DSPFGOV=$<TARGET_FILE:spfgov_cli> -DOUTPUT=${SPFGOV_BASH_COMPLETION}
            -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/spfgov_completion.cmake"
    DEPENDS spfgov_cli "${CMAKE_CURRENT_SOURCE_DIR}/cmake/spfgov_completion.cmake"
    COMMENT "Generating the bash completion of spfgov from --help")
add_custom_target(spfgov_completion ALL DEPENDS "${SPFGOV_BASH_COMPLETION}")

find_program(SPFGOV_HELP2MAN help2man)
if(SPFGOV_HELP2MAN)
  set(SPFGOV_MAN_PAGE "${SPFGOV_DOCS_DIR}/spfgov.1")
  set(SPFGOV_MAN_PAGE_GZ "${SPFGOV_DOCS_DIR}/spfgov.1.gz")
  add_custom_command(
      OUTPUT "${SPFGOV_MAN_PAGE}" "${SPFGOV_MAN_PAGE_GZ}"
      COMMAND ${CMAKE_COMMAND} -DSPFGOV=$<TARGET_FILE:spfgov_cli> -DHELP2MAN=${SPFGOV_HELP2MAN}
              -DOUTPUT=${SPFGOV_MAN_PAGE} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/spfgov_man.cmake"
      DEPENDS spfgov_cli "${CMAKE_CURRENT_SOURCE_DIR}/cmake/spfgov_man.cmake"
      COMMENT "Generating the man page spfgov.1 from --help (help2man)")
  add_custom_target(spfgov_man ALL DEPENDS "${SPFGOV_MAN_PAGE}")
else()
  message(STATUS "help2man not found: no man page (Debian: apt-get install help2man)")
endif()
