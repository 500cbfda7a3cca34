#!/usr/bin/env bash
# Usage: bash tool/demo.sh
#
# On Debian 12 (as root or with sudo): installs the LLVM 19 toolchain, builds
# threadleak-tidy in build-19, builds the programs in examples/ in
# build-examples (which also writes their compile_commands.json), then runs
# the threadleak checks over every example and prints what they find.
# Every examples/leaks/*.cpp must get at least one threadleak warning and
# every examples/safe/*.cpp none: the script exits 0 when that holds, 1 when
# it does not, and stops with an error if a step before the checks fails.
# A second run reuses both build directories and takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n== %s\n' "$*"; }

step "Installing dependencies (tool/install-deps.sh 19)"
bash tool/install-deps.sh 19

step "Building threadleak-tidy for LLVM 19 in build-19"
# An existing build directory is reused; ninja reconfigures it when needed.
[ -f build-19/build.ninja ] ||
  cmake -S . -B build-19 -G Ninja -DTHREADLEAK_LLVM_VERSION=19
ninja -C build-19 -j"$(nproc)" threadleak-tidy
tidy=$root/build-19/threadleak-tidy

step "Building examples/ in build-examples (compile database for clang-tidy)"
[ -f build-examples/build.ninja ] ||
  cmake -S examples -B build-examples -G Ninja -DCMAKE_CXX_COMPILER=clang++-19
ninja -C build-examples -j"$(nproc)"

step "Running: threadleak-tidy -p build-examples -checks='-*,threadleak-*' <example>"
summary=()
unexpected=0
for file in examples/leaks/*.cpp examples/safe/*.cpp; do
  printf '\n--- %s\n' "$file"
  # clang-tidy's exit status is 0 with warnings; non-zero means the file did
  # not compile or the tool failed, which the demo must not hide.
  if ! output=$("$tidy" -p build-examples -checks='-*,threadleak-*' "$file" 2>&1); then
    printf '%s\n' "$output"
    echo "error: threadleak-tidy failed on $file" >&2
    exit 1
  fi
  # Drop clang-tidy's bookkeeping lines; keep diagnostics and their snippets.
  printf '%s\n' "$output" | grep -Ev '^$|^[0-9]+ warnings? generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' || true
  count=$(printf '%s\n' "$output" | grep -c 'warning: .*\[threadleak-' || true)
  case $file in
    examples/leaks/*) expected="a leak"; [ "$count" -gt 0 ] && verdict=ok || verdict=MISSED ;;
    *) expected="clean"; [ "$count" -eq 0 ] && verdict=ok || verdict=UNEXPECTED ;;
  esac
  [ "$verdict" = ok ] || unexpected=$((unexpected + 1))
  [ "$count" -gt 0 ] || echo "(no threadleak warnings)"
  summary+=("$(printf '%-40s expected %-7s got %d warning(s)  %s' "$file" "$expected" "$count" "$verdict")")
done

step "Summary"
printf '%s\n' "${summary[@]}"
echo
if [ "$unexpected" -eq 0 ]; then
  echo "As expected: every leak example is reported and every safe example is clean."
  echo "The warnings above are the demo's output, not a failure: clang-tidy exits 0 on"
  echo "warnings (add --warnings-as-errors='threadleak-*' to fail a build on them)."
  exit 0
fi
echo "UNEXPECTED: $unexpected example(s) did not get the expected result (see above)." >&2
exit 1
