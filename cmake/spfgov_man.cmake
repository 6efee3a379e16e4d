# cmake -DSPFGOV=spfgov -DHELP2MAN=help2man -DOUTPUT=spfgov.1 -P spfgov_man.cmake
# Writes spfgov.1 (and spfgov.1.gz, to install) with help2man from
# `spfgov --help` and `--version`, adding each subcommand's --help as the
# COMMANDS section, and the files and environment it uses.
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND "${SPFGOV}" --help OUTPUT_VARIABLE top RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "spfgov --help failed")
endif()
string(REGEX MATCH "Subcommands:\n([^\n]+\n)+" block "${top}")
string(REGEX MATCHALL "\n  [a-z][a-z0-9-]*" names "${block}")
set(include "[COMMANDS]\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  if(name STREQUAL "help")
    continue()
  endif()
  execute_process(COMMAND "${SPFGOV}" ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "spfgov ${name} --help failed")
  endif()
  # roff: a backslash is \e; a line starting with . or ' would be a request.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND include ".SS \"spfgov ${name}\"\n.nf\n${help}.fi\n")
endforeach()
string(APPEND include "[ENVIRONMENT]
.TP
.B NO_COLOR
When set and not empty, spfgov writes no colour. Colour is used only when
the output is a terminal.
[FILES]
.TP
.I /usr/share/spfgov/england.json, /usr/share/spfgov/england\\-gp.json
The built\\-in England graphs as files (also compiled into spfgov), e.g. as the
base of an overlay.
[SEE ALSO]
docs/cli.md, docs/formats.md and docs/policy.md in spfgov's sources.
")
get_filename_component(dir "${OUTPUT}" DIRECTORY)
file(WRITE "${dir}/spfgov.h2m" "${include}")
execute_process(
    COMMAND "${HELP2MAN}" --no-info --section=1 --no-discard-stderr
            "--name=route NHS workforce-change issues through the social partnership governance graph"
            "--include=${dir}/spfgov.h2m" "--output=${OUTPUT}" "${SPFGOV}"
    RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed: ${err}")
endif()
# Debian installs man pages compressed (gzip -9n: no name, no time stamp).
find_program(GZIP gzip REQUIRED)
execute_process(COMMAND "${GZIP}" -9nc "${OUTPUT}" OUTPUT_FILE "${OUTPUT}.gz" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip failed")
endif()
