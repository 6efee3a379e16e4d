#!/usr/bin/env bash
# Packaging test (issue 15), run by .ci/run. Lean: the library is compiled
# three times, all Release without tests or examples: static and shared as a
# consumer's subproject, and shared with the command (for the .deb). Stages
# (all by default, or name some: bash scripts/package-test.sh alone static):
#   alone   configure the library alone with CLI11 hidden from CMake (and
#           show that CLI11 is really hidden: asking for the command fails)
#   static  static library, CLI11 hidden: a consumer by FetchContent (from a
#           file:// archive of this checkout), then the same build tree
#           reconfigured to add_subdirectory (nothing of the library is
#           recompiled); installed from that tree to a temporary prefix; a
#           consumer by find_package and by pkg-config against the install
#   subshared  the same two subproject ways (FetchContent, then
#           add_subdirectory in the same tree) with BUILD_SHARED_LIBS=ON: the
#           consumer links libspfgov.so from the build tree and runs
#   shared  shared library and command: the symbol test, SONAME, one version;
#           cpack -G DEB; dpkg-deb -x both packages into a temporary root; the
#           consumer and the README's example against it by find_package and
#           by pkg-config; the packaged command, man -l on its page, its bash
#           completion
# -j2 unless CMAKE_BUILD_PARALLEL_LEVEL says otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
release=(-DCMAKE_BUILD_TYPE=Release -DSPFGOV_BUILD_TESTS=OFF -DSPFGOV_BUILD_EXAMPLES=OFF -DSPFGOV_BUILD_BENCH=OFF)
# The library is compiled as unity sources here (a third less time: this test
# is about what is installed and how it is found; the dev build compiles
# every file alone, which is what keeps each one including what it uses).
unity=(-DCMAKE_UNITY_BUILD=ON)
# What a machine without CLI11 looks like to CMake: its package config
# directories ignored (Debian's libcli11-dev puts it in /usr/share/cmake/CLI11).
no_cli11=(-DCLI11_DIR=CLI11_DIR-NOTFOUND
          "-DCMAKE_IGNORE_PATH=/usr/share/cmake/CLI11;/usr/lib/cmake/CLI11;/usr/lib/x86_64-linux-gnu/cmake/CLI11;/usr/local/lib/cmake/CLI11;/usr/local/share/cmake/CLI11")
stages=("$@"); [ ${#stages[@]} -gt 0 ] || stages=(alone static subshared shared)
start=$SECONDS
say() { echo "== package ($((SECONDS - start)) s): $*"; }
fail() { echo "package test FAILED: $*" >&2; exit 1; }
has() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

# consumer BUILD_DIR WAY [cmake args...]: configures and builds tests/package
# with spfgov taken by WAY (find_package, FetchContent, add_subdirectory),
# then runs what it built.
consumer() {
  local dir=$1 way=$2; shift 2
  cmake -S "$here/tests/package" -B "$dir" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DSPFGOV_VIA="$way" "$@" >"$dir.log" 2>&1 \
    || { cat "$dir.log"; fail "configure of the $way consumer"; }
  cmake --build "$dir" || fail "build of the $way consumer"
  check_run "$dir/consumer_$way"
  [ ! -x "$dir/readme" ] || check_readme "$dir/readme"
}
check_run() {
  "$1" >"$work/out" || { cat "$work/out"; fail "$1 exited with $?"; }
  grep -q "^consult RRK-jncc" "$work/out" || { cat "$work/out"; fail "$1: not the expected route"; }
  echo "$1: $(tr '\n' ' ' < "$work/out")"
}
# The README's opening example must print what the README says.
check_readme() {
  "$1" > "$work/readme.out" || fail "$1 exited with $?"
  diff -u "$here/examples/expected/readme.txt" "$work/readme.out" || fail "$1: not the README's output"
  echo "$1: the README's output"
}
# pkg_consumer PKG_CONFIG_DIR SOURCE OUTPUT: a plain compiler command, as a Makefile would have it.
pkg_consumer() {
  local dir=$1 src=$2 out=$3 flags
  flags=$(PKG_CONFIG_PATH="$dir" pkg-config --cflags --libs spfgov) || fail "pkg-config --cflags --libs spfgov"
  echo "pkg-config --cflags --libs spfgov: $flags"
  # shellcheck disable=SC2086  # the flags are words
  ${CXX:-c++} -std=c++20 -O1 -Wall -Wextra -Werror "$src" $flags -o "$out" || fail "$out: compile and link with pkg-config's flags"
}
# no_private_dependency PREFIX: the installed CMake package and headers name
# neither nlohmann/json nor yaml-cpp nor CLI11.
no_private_dependency() {
  local cfg; cfg=$(dirname "$(find "$1" -name spfgovConfig.cmake)")
  if grep -n -E "nlohmann|yaml-cpp::|find_dependency\((nlohmann|yaml|CLI11)" "$cfg"/*.cmake \
       | grep -v -E '^[^:]+:[0-9]+:[[:space:]]*#'; then  # comments may name them
    fail "the installed CMake package names a private dependency (above)"
  fi
  [ -f "$1/include/spfgov/version.hpp" ] || fail "no headers in $1/include/spfgov"
  if grep -rn -E '#[[:space:]]*include[[:space:]]*[<"](nlohmann/|yaml-cpp/|simdjson|CLI/)' "$1/include"; then
    fail "installed headers include a private dependency (above)"
  fi
}

if has alone; then
  say "the library alone configures without CLI11 (-DSPFGOV_BUILD_CLI=OFF -DSPFGOV_BUILD_TESTS=OFF)"
  # First show that CLI11 is really hidden: asking for the command must fail for want of it.
  if cmake -S "$here" -B "$work/alone-cli" "${gen[@]}" "${release[@]}" -DSPFGOV_BUILD_CLI=ON "${no_cli11[@]}" \
       >"$work/alone-cli.log" 2>&1; then
    fail "CLI11 was found although hidden: this stage would prove nothing"
  fi
  grep -q 'CLI11Config.cmake' "$work/alone-cli.log" || { cat "$work/alone-cli.log"; fail "the configure failed, but not for want of CLI11"; }
  echo "with CLI11 hidden, -DSPFGOV_BUILD_CLI=ON fails: $(grep -m1 -o 'Could not find a package configuration file provided by "CLI11"' "$work/alone-cli.log")"
  cmake -S "$here" -B "$work/alone" "${gen[@]}" -DSPFGOV_BUILD_CLI=OFF -DSPFGOV_BUILD_TESTS=OFF "${no_cli11[@]}" \
    >"$work/alone.log" 2>&1 || { cat "$work/alone.log"; fail "the library alone does not configure without CLI11"; }
  ! grep -q '^CLI11_DIR:PATH=/' "$work/alone/CMakeCache.txt" || fail "the library-alone configure found CLI11"
  echo "with CLI11 hidden, -DSPFGOV_BUILD_CLI=OFF -DSPFGOV_BUILD_TESTS=OFF configures"
  rm -rf "$work/alone-cli" "$work/alone"
fi

if has static; then
  say "static library: a consumer by FetchContent (file:// archive of this checkout; CLI11 hidden)"
  tar -C "$here" --exclude=./build --exclude=./.git -czf "$work/spfgov.tar.gz" .
  tree="$work/static-consumer"
  consumer "$tree" FetchContent -DSPFGOV_FETCH_URL="file://$work/spfgov.tar.gz" -DSPFGOV_INSTALL=ON "${no_cli11[@]}" "${unity[@]}"
  [ -f "$tree/_deps/spfgov-build/libspfgov.a" ] || fail "FetchContent did not build a static libspfgov.a"

  say "static library: the same tree reconfigured to add_subdirectory of the unpacked sources"
  # The same sources, binary directory and flags: Ninja recompiles nothing of
  # the library and links a new consumer_add_subdirectory.
  consumer "$tree" add_subdirectory -DSPFGOV_SOURCE_DIR="$tree/_deps/spfgov-src"

  say "static library: installed from that tree; consumers by find_package and pkg-config"
  cmake --install "$tree" --prefix "$work/static" >/dev/null
  [ -f "$(find "$work/static" -name libspfgov.a)" ] || fail "no libspfgov.a installed"
  no_private_dependency "$work/static"
  consumer "$work/static-find" find_package -DCMAKE_PREFIX_PATH="$work/static"
  pkg_consumer "$(dirname "$(find "$work/static" -name spfgov.pc)")" "$here/tests/package/main.cpp" "$work/static-pc"
  check_run "$work/static-pc"
  rm -rf "$tree" "$work/static-find"
fi

# Whether the program loads libspfgov.so. Not `ldd | grep -q`: under
# pipefail, grep -q leaving at its first match can kill ldd with SIGPIPE
# while it is still writing, and the pipeline fails although the library is
# there (it did, once, on a loaded machine).
links_libspfgov_so() {
  local libraries
  libraries="$(ldd "$1")" || return 1
  [[ "$libraries" == *libspfgov.so* ]]
}

if has subshared; then
  say "shared library as a subproject: a consumer by FetchContent, then add_subdirectory (BUILD_SHARED_LIBS=ON)"
  [ -f "$work/spfgov.tar.gz" ] || tar -C "$here" --exclude=./build --exclude=./.git -czf "$work/spfgov.tar.gz" .
  tree="$work/shared-consumer"
  consumer "$tree" FetchContent -DSPFGOV_FETCH_URL="file://$work/spfgov.tar.gz" -DBUILD_SHARED_LIBS=ON "${no_cli11[@]}" "${unity[@]}"
  ls "$tree"/_deps/spfgov-build/libspfgov.so.* >/dev/null 2>&1 || fail "FetchContent with BUILD_SHARED_LIBS=ON did not build libspfgov.so"
  links_libspfgov_so "$tree/consumer_FetchContent" || fail "consumer_FetchContent does not link libspfgov.so"
  consumer "$tree" add_subdirectory -DSPFGOV_SOURCE_DIR="$tree/_deps/spfgov-src"
  links_libspfgov_so "$tree/consumer_add_subdirectory" || fail "consumer_add_subdirectory does not link libspfgov.so"
  echo "both subproject consumers link $(basename "$(ls "$tree"/_deps/spfgov-build/libspfgov.so.*.*.* | head -1)")"
  rm -rf "$tree"
fi

if has shared; then
  say "shared library and command (prefix /usr): build"
  build="$work/shared-build"
  cmake -S "$here" -B "$build" "${gen[@]}" "${release[@]}" "${unity[@]}" -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
  cmake --build "$build"
  so=$(find "$build" -maxdepth 1 -name 'libspfgov.so.*.*.*')
  bash "$here/tests/package/check-symbols.sh" "$so"
  project_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
  soname=$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
  [ "$soname" = "libspfgov.so.$(echo "$project_version" | cut -d. -f1,2)" ] || fail "SONAME $soname for version $project_version"
  grep -q "SPFGOV_VERSION_STRING \"$project_version\"" "$build/include/spfgov/version.hpp" || fail "version.hpp"
  grep -q "set(PACKAGE_VERSION \"$project_version\")" "$build/spfgovConfigVersion.cmake" || fail "package version"
  grep -q "^Version: $project_version\$" "$build/spfgov.pc" || fail "spfgov.pc version"
  echo "version $project_version: SONAME $soname; version.hpp, spfgovConfigVersion.cmake and spfgov.pc agree"

  say "cpack -G DEB; dpkg-deb -x both packages into a temporary root"
  (cd "$build" && cpack -G DEB >/dev/null)
  libdeb=$(echo "$build"/libspfgov_*.deb) clideb=$(echo "$build"/spfgov_*.deb)
  [ -f "$libdeb" ] && [ -f "$clideb" ] || fail "expected the libspfgov and spfgov packages"
  root="$work/root"
  for deb in "$libdeb" "$clideb"; do
    echo "$(basename "$deb"): Depends: $(dpkg-deb -f "$deb" Depends)"
    dpkg-deb -x "$deb" "$root"
  done
  dpkg-deb -f "$clideb" Depends | grep >/dev/null "libspfgov (= $project_version)" || fail "spfgov must depend on libspfgov (= $project_version)"
  dpkg-deb -f "$libdeb" Depends | grep >/dev/null "libyaml-cpp" || fail "libspfgov must depend on yaml-cpp's library"
  dpkg-deb -f "$libdeb" Depends | grep >/dev/null "libsimdjson" || fail "libspfgov must depend on simdjson's library"
  dpkg-deb -c "$libdeb" | grep >/dev/null "usr/lib/.*/libspfgov.so.$project_version" || fail "libspfgov lacks the library"
  # Each package carries the licence; descriptions are one text (no CMake list's ';').
  for package in libspfgov spfgov; do
    deb=$libdeb; [ "$package" = libspfgov ] || deb=$clideb
    listing=$(dpkg-deb -c "$deb") description=$(dpkg-deb -f "$deb" Description)
    [[ $listing == *"./usr/share/doc/$package/copyright"* ]] || fail "$package: no /usr/share/doc/$package/copyright"
    [[ $description != *$'\n ;'* ]] || fail "$package: a ';' in its Description: $description"
  done
  rm -rf "$build"
  no_private_dependency "$root/usr"
  multiarch=$(dirname "$(find "$root/usr/lib" -name 'libspfgov.so')")
  export LD_LIBRARY_PATH="$multiarch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

  say "deb: the packaged command, its man page and completion"
  "$root/usr/bin/spfgov" --version | grep -x >/dev/null "spfgov $project_version" || fail "spfgov --version"
  # Output captured first: under pipefail, a grep -q leaving early could fail the producer (SIGPIPE).
  kind=$(file "$multiarch/libspfgov.so.$project_version" "$root/usr/bin/spfgov")
  [[ $kind != *"not stripped"* ]] || fail "the packaged library or command is not stripped: $kind"
  page="$root/usr/share/man/man1/spfgov.1.gz"
  [ -f "$page" ] || fail "no man page at /usr/share/man/man1/spfgov.1.gz"
  MANWIDTH=80 man --warnings -l "$page" >"$work/man.txt" 2>"$work/man.err" || fail "man -l $page"
  [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man -l: warnings"; }
  grep -q "spfgov route" "$work/man.txt" || fail "the man page lacks the route command"
  head -12 "$work/man.txt"
  echo "man -l spfgov.1.gz: $(wc -l < "$work/man.txt") lines, no warnings"
  bash "$here/tests/package/check-completion.sh" "$root/usr/share/bash-completion/completions/spfgov"

  say "deb: the consumer and the README's example by find_package"
  consumer "$work/deb-find" find_package -DCMAKE_PREFIX_PATH="$root/usr" -DSPFGOV_README_EXAMPLE="$here/examples/readme.cpp"
  say "deb: the consumer and the README's example by pkg-config"
  pkg_consumer "$multiarch/pkgconfig" "$here/tests/package/main.cpp" "$work/deb-pc"
  check_run "$work/deb-pc"
  pkg_consumer "$multiarch/pkgconfig" "$here/examples/readme.cpp" "$work/deb-pc-readme"
  check_readme "$work/deb-pc-readme"
  unset LD_LIBRARY_PATH
fi
say "package test passed (${stages[*]})"
