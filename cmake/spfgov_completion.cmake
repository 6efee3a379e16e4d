# cmake -DSPFGOV=path/to/spfgov -DOUTPUT=spfgov.bash -P spfgov_completion.cmake
# Writes the bash completion of spfgov from its own --help (the subcommands,
# each one's options, the --format values and which options take a file), so
# the completion cannot drift from the command line.
cmake_minimum_required(VERSION 3.25)
function(help_of out)
  execute_process(COMMAND "${SPFGOV}" ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "spfgov ${ARGN} --help failed (${status})")
  endif()
  # Brackets and semicolons would confuse CMake's lists: neither is needed.
  string(REGEX REPLACE "[][;]" " " text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(top)
set(commands "")
set(in_commands FALSE)
foreach(line IN LISTS top)
  if(line MATCHES "^Subcommands:")
    set(in_commands TRUE)
  elseif(in_commands AND line MATCHES "^  ([a-z][a-z0-9-]*) ")
    list(APPEND commands "${CMAKE_MATCH_1}")
  elseif(in_commands AND line STREQUAL "")
    set(in_commands FALSE)
  endif()
endforeach()
if(NOT commands)
  message(FATAL_ERROR "no subcommands found in spfgov --help")
endif()

set(cases "")
set(value_cases "")
set(file_options "")
foreach(command IN LISTS commands)
  help_of(help ${command})
  set(options "")
  foreach(line IN LISTS help)
    if(line MATCHES "^  (-[a-zA-Z],)?(--[a-z][a-z0-9-]*)( ([A-Z_.]+))?(:\\{([a-z0-9,-]+)\\})?")
      set(option "${CMAKE_MATCH_2}")
      set(type "${CMAKE_MATCH_4}")
      set(choices "${CMAKE_MATCH_6}")
      list(APPEND options "${option}")
      if(CMAKE_MATCH_1)
        string(REGEX REPLACE ",$" "" short "${CMAKE_MATCH_1}")
        list(APPEND options "${short}")
      endif()
      if(choices)
        string(REPLACE "," " " choices "${choices}")
        string(APPEND value_cases "    ${command}:${option}) words_=\"${choices}\" ;;\n")
      elseif(type MATCHES "^FILE")
        string(APPEND value_cases "    ${command}:${option}) files_=1 ;;\n")
      elseif(type)
        string(APPEND value_cases "    ${command}:${option}) words_=\"\" ;;\n")
      endif()
    endif()
  endforeach()
  list(REMOVE_DUPLICATES options)
  list(JOIN options " " options)
  string(APPEND cases "    ${command}) opts_=\"${options}\" ;;\n")
endforeach()
list(REMOVE_ITEM commands help)  # `spfgov help COMMAND`: completed below
list(JOIN commands " " command_words)

file(WRITE "${OUTPUT}" "# bash completion for spfgov; generated from spfgov --help by
# cmake/spfgov_completion.cmake. Installed as
# /usr/share/bash-completion/completions/spfgov (loaded on first use).
_spfgov() {
  local cur prev cmd i opts_ words_ files_=0
  cur=\${COMP_WORDS[COMP_CWORD]}
  prev=\${COMP_WORDS[COMP_CWORD-1]}
  local commands=\"${command_words} help\"
  cmd=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      -*) ;;
      *) cmd=\${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z \$cmd ]]; then
    COMPREPLY=(\$(compgen -W \"\$commands --help --version\" -- \"\$cur\"))
    return 0
  fi
  if [[ \$cmd == help ]]; then
    COMPREPLY=(\$(compgen -W \"${command_words}\" -- \"\$cur\"))
    return 0
  fi
  words_=-
  case \$cmd:\$prev in
${value_cases}  esac
  if [[ \$files_ == 1 ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=(\$(compgen -f -- \"\$cur\"))
    return 0
  fi
  if [[ \$words_ != - ]]; then
    COMPREPLY=(\$(compgen -W \"\$words_\" -- \"\$cur\"))
    return 0
  fi
  case \$cmd in
${cases}    *) opts_= ;;
  esac
  if [[ \$cur == -* || -z \$cur ]]; then
    COMPREPLY=(\$(compgen -W \"\$opts_\" -- \"\$cur\"))
  fi
  if [[ \$cur != -* ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY+=(\$(compgen -f -- \"\$cur\"))
  fi
  return 0
}
complete -F _spfgov spfgov
")
