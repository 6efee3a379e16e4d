#!/usr/bin/env bash
# Packaging test (issue 15), run by .ci/run. Lean: Release builds of the
# library (the command only where the .deb needs it), -j2 unless
# CMAKE_BUILD_PARALLEL_LEVEL says otherwise. Stages (all by default, or name
# some: bash scripts/package-test.sh static deb):
#   alone     configure the library alone with CLI11 hidden from CMake
#   static    static library: install; consumers by find_package and pkg-config;
#             the installed package names no private dependency
#   deb       shared library + command: symbols, SOVERSION, version; cpack -G DEB;
#             dpkg-deb -x both packages into a temporary root; the README's
#             consumer against it by find_package and by pkg-config; the
#             packaged command, man -l on its page, its bash completion
#   subdir    consumer with add_subdirectory (static)
#   fetch     consumer with FetchContent from a file:// archive (shared)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
lib_only=(-DCMAKE_BUILD_TYPE=Release -DSPFGOV_BUILD_TESTS=OFF -DSPFGOV_BUILD_EXAMPLES=OFF -DSPFGOV_BUILD_BENCH=OFF)
# What a machine without CLI11 looks like to CMake.
no_cli11=(-DCLI11_DIR=/nonexistent
          "-DCMAKE_IGNORE_PATH=/usr/lib/cmake/CLI11;/usr/share/cmake/CLI11;/usr/lib/x86_64-linux-gnu/cmake/CLI11")
stages=("$@"); [ ${#stages[@]} -gt 0 ] || stages=(alone static deb subdir fetch)
start=$SECONDS
say() { echo "== package ($((SECONDS - start)) s): $*"; }
fail() { echo "package test FAILED: $*" >&2; exit 1; }

# consumer NAME [cmake args...]: builds tests/package and runs what it built.
consumer() {
  local name=$1; shift
  cmake -S "$here/tests/package" -B "$work/$name" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$work/$name"
  check_run "$work/$name/consumer"
  [ ! -x "$work/$name/readme" ] || check_readme "$work/$name/readme"
}
check_run() { "$1" | tee "$work/out" && grep -q "^consult RRK-jncc" "$work/out" || fail "$1"; }
# The README's opening example must print what the README says.
check_readme() {
  "$1" > "$work/readme.out" || fail "$1 exited with $?"
  diff -u "$here/examples/expected/readme.txt" "$work/readme.out" || fail "$1: not the README's output"
  echo "$1: the README's output"
}
# pkg_consumer NAME PKG_CONFIG_DIR SOURCE: a plain compiler command, as a Makefile would have it.
pkg_consumer() {
  local name=$1 dir=$2 src=$3 flags
  flags=$(PKG_CONFIG_PATH="$dir" pkg-config --cflags --libs spfgov) || fail "pkg-config --cflags --libs spfgov"
  echo "pkg-config --cflags --libs spfgov: $flags"
  ${CXX:-c++} -std=c++20 -O1 "$src" $flags -o "$work/$name"
}

has() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

if has alone; then
  say "the library alone configures without CLI11 (-DSPFGOV_BUILD_CLI=OFF -DSPFGOV_BUILD_TESTS=OFF)"
  # First show that CLI11 is really hidden: asking for the command must fail.
  if cmake -S "$here" -B "$work/alone-cli" "${gen[@]}" "${lib_only[@]}" -DSPFGOV_BUILD_CLI=ON "${no_cli11[@]}" \
       >"$work/alone-cli.log" 2>&1; then
    fail "CLI11 was found although hidden: this stage proves nothing"
  fi
  grep -q CLI11 "$work/alone-cli.log" || fail "the configure failed, but not for want of CLI11"
  cmake -S "$here" -B "$work/alone" "${gen[@]}" -DSPFGOV_BUILD_CLI=OFF -DSPFGOV_BUILD_TESTS=OFF "${no_cli11[@]}" >/dev/null
  rm -rf "$work/alone-cli" "$work/alone"
fi

if has static; then
  say "static library (CLI11 hidden): build and install"
  cmake -S "$here" -B "$work/static-build" "${gen[@]}" "${lib_only[@]}" -DSPFGOV_BUILD_CLI=OFF "${no_cli11[@]}" \
        -DCMAKE_INSTALL_PREFIX="$work/static" >/dev/null
  cmake --build "$work/static-build"
  cmake --install "$work/static-build" >/dev/null
  cfg=$(dirname "$(find "$work/static" -name spfgovConfig.cmake)")
  # nlohmann/json and yaml-cpp are private: no find_dependency, no target, no header.
  if grep -n -E "nlohmann|yaml-cpp::|find_dependency\((nlohmann|yaml)" "$cfg"/*.cmake; then
    fail "the installed CMake package names a private dependency (above)"
  fi
  if grep -rl -E "nlohmann|yaml-cpp|CLI/" "$work/static/include"; then
    fail "installed headers include a private dependency (above)"
  fi
  say "static: consumer with find_package"
  consumer static-find -DCMAKE_PREFIX_PATH="$work/static"
  say "static: consumer with pkg-config"
  pkg_consumer static-pc "$(dirname "$(find "$work/static" -name spfgov.pc)")" "$here/tests/package/main.cpp"
  check_run "$work/static-pc"
  rm -rf "$work/static-build"
fi

if has deb; then
  say "shared library and command (prefix /usr): build"
  cmake -S "$here" -B "$work/shared-build" "${gen[@]}" "${lib_only[@]}" -DBUILD_SHARED_LIBS=ON \
        -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
  cmake --build "$work/shared-build"
  so=$(find "$work/shared-build" -maxdepth 1 -name 'libspfgov.so.*.*.*')
  bash "$here/tests/package/check-symbols.sh" "$so"
  project_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$work/shared-build/CMakeCache.txt")
  soname=$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
  [ "$soname" = "libspfgov.so.$(echo "$project_version" | cut -d. -f1,2)" ] || fail "SONAME $soname for version $project_version"
  grep -q "SPFGOV_VERSION_STRING \"$project_version\"" "$work/shared-build/include/spfgov/version.hpp" || fail "version.hpp"
  grep -q "set(PACKAGE_VERSION \"$project_version\")" "$work/shared-build/spfgovConfigVersion.cmake" || fail "package version"
  echo "version $project_version: SONAME $soname, spfgov/version.hpp and spfgovConfigVersion.cmake agree"

  say "cpack -G DEB"
  (cd "$work/shared-build" && cpack -G DEB >/dev/null)
  root="$work/root"
  for deb in "$work"/shared-build/*.deb; do
    echo "$(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"
    dpkg-deb -x "$deb" "$root"
  done
  [ -f "$work"/shared-build/libspfgov_*.deb ] && [ -f "$work"/shared-build/spfgov_*.deb ] || fail "expected libspfgov and spfgov packages"
  dpkg-deb -f "$work"/shared-build/spfgov_*.deb Depends | grep -q "libspfgov (= $project_version)" || fail "spfgov must depend on libspfgov"
  dpkg-deb -f "$work"/shared-build/libspfgov_*.deb Depends | grep -q "libyaml-cpp" || fail "libspfgov must depend on yaml-cpp's library"
  rm -rf "$work/shared-build"
  multiarch=$(dirname "$(find "$root/usr/lib" -name 'libspfgov.so')")
  export LD_LIBRARY_PATH="$multiarch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

  say "deb: the packaged command, its man page and completion"
  "$root/usr/bin/spfgov" --version | grep -qx "spfgov $project_version" || fail "spfgov --version"
  page="$root/usr/share/man/man1/spfgov.1.gz"
  [ -f "$page" ] || fail "no man page at /usr/share/man/man1/spfgov.1.gz"
  MANWIDTH=80 man --warnings -l "$page" >"$work/man.txt" 2>"$work/man.err" || fail "man -l $page"
  [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man -l: warnings"; }
  grep -q "spfgov route" "$work/man.txt" || fail "the man page lacks the route command"
  echo "man -l spfgov.1.gz: $(wc -l < "$work/man.txt") lines, no warnings"
  bash "$here/tests/package/check-completion.sh" "$root/usr/share/bash-completion/completions/spfgov"

  say "deb: the README's consumer with find_package"
  consumer deb-find -DCMAKE_PREFIX_PATH="$root/usr" -DSPFGOV_README_EXAMPLE="$here/examples/readme.cpp"
  say "deb: the README's consumer with pkg-config"
  pkg_consumer deb-pc "$multiarch/pkgconfig" "$here/examples/readme.cpp"
  check_readme "$work/deb-pc"
  unset LD_LIBRARY_PATH
fi

if has subdir; then
  say "consumer with add_subdirectory (static)"
  consumer subdir -DSPFGOV_SOURCE_DIR="$here"
  rm -rf "$work/subdir"
fi

if has fetch; then
  say "consumer with FetchContent from a file:// archive (shared)"
  tar -C "$here" --exclude=./build --exclude=./.git -czf "$work/spfgov.tar.gz" .
  consumer fetch -DSPFGOV_FETCH_URL="file://$work/spfgov.tar.gz" -DBUILD_SHARED_LIBS=ON
  rm -rf "$work/fetch"
fi
say "package test passed (${stages[*]})"
