#!/usr/bin/env bash
# tests/package/check-completion.sh FILE: the bash completion of spfgov
# completes the commands, a command's options and the --format values.
set -euo pipefail
# shellcheck disable=SC1090
source "$1"
complete_words() {  # the words of a command line, the last one being completed
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _spfgov 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
expect() {
  local want=$1; shift
  local got; got=$(complete_words "$@")
  [[ " $got" == *" $want "* ]] || { echo "check-completion: '$*' gave '$got', not '$want'" >&2; exit 1; }
}
expect route spfgov ro
expect validate spfgov help va
expect --issue spfgov route --is
expect --format spfgov validate --f
expect ics spfgov route --format ""
expect graphml spfgov export --format g
expect json spfgov validate --format j
echo "check-completion: $1 completes commands, options and --format values"
