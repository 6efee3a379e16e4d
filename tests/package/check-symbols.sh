#!/usr/bin/env bash
# tests/package/check-symbols.sh libspfgov.so
# Fails unless every dynamic symbol the shared library defines is spfgov's:
# in namespace spfgov (functions, variables, typeinfo, vtables, guard
# variables of spfgov's inline functions), or the ELF markers.
set -euo pipefail
lib=$1
all=$(nm -D --defined-only -C "$lib" | cut -d' ' -f3-)
count=$(printf '%s\n' "$all" | grep -c . || true)
others=$(printf '%s\n' "$all" | grep -v -E \
  '^(spfgov::|(typeinfo|typeinfo name|vtable|VTT|guard variable|construction vtable for .*-in-) (for )?spfgov::)' \
  | grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$' || true)
if [ -n "$others" ]; then
  echo "check-symbols: $lib exports symbols outside namespace spfgov:" >&2
  printf '%s\n' "$others" | head -40 >&2
  echo "($(printf '%s\n' "$others" | grep -c .) of $count)" >&2
  exit 1
fi
echo "check-symbols: $lib: $count symbols, all in namespace spfgov"
