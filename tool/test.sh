#!/usr/bin/env bash
# Usage: bash tool/test.sh
#
# The whole test suite on Debian 12 (as root or with sudo): installs the LLVM
# 19 and 22 toolchains, then for each version configures and builds build-NN
# and runs the whole lit suite through ctest (every standard mode, both
# standard libraries: docs/testing.md); then the project's self-lint
# (tool/lint.sh) when there is one. Build directories are reused.
# The last line is "N passed, N failed", summed over both versions; the exit
# status is non-zero if any build, test or the lint failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS

step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }

step "Installing dependencies (tool/install-deps.sh 19 22)"
bash tool/install-deps.sh 19 22

passed=0
failed=0
problems=()

# Prints "<passed> <failed> <unsupported>" from a lit xUnit report: a
# testcase with <failure> failed, one with <skipped> was unsupported, any
# other passed (XFAIL included).
count_results() {
  python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
p = f = s = 0
for case in cases:
    if case.find("failure") is not None or case.find("error") is not None:
        f += 1
    elif case.find("skipped") is not None:
        s += 1
    else:
        p += 1
print(p, f, s)
PY
}

for v in 19 22; do
  build=build-$v
  step "LLVM $v: configuring and building $build"
  if ! { [ -f "$build/build.ninja" ] ||
         cmake -S . -B "$build" -G Ninja -DTHREADLEAK_LLVM_VERSION="$v"; } ||
     ! ninja -C "$build" -j"$(nproc)"; then
    problems+=("LLVM $v: build failed, its tests did not run")
    continue
  fi

  step "LLVM $v: lit suite (ctest --test-dir $build)"
  report=$root/$build/lit-results.xml
  rm -f "$report"
  # LIT_OPTS reaches the lit that ctest starts; the report is what gets counted.
  ctest_status=0
  lit_opts="--xunit-xml-output=$report"
  LIT_OPTS="$lit_opts" \
    ctest --test-dir "$build" --output-on-failure --no-tests=error || ctest_status=$?
  if [ ! -f "$report" ]; then
    problems+=("LLVM $v: lit wrote no results (ctest exit status $ctest_status)")
    continue
  fi
  if ! read -r p f s < <(count_results "$report"); then
    problems+=("LLVM $v: could not read $report")
    continue
  fi
  echo "LLVM $v: $p passed, $f failed, $s unsupported"
  passed=$((passed + p))
  failed=$((failed + f))
  # Failures lit does not count as test failures (a crash in lit itself, a
  # broken config) still fail ctest.
  if [ "$ctest_status" -ne 0 ] && [ "$f" -eq 0 ]; then
    problems+=("LLVM $v: ctest failed (exit status $ctest_status) with no failing test")
  fi
done

if [ -f tool/lint.sh ]; then
  # LLVM 22's clang-tidy: its check set is the larger one, and it lints our
  # LLVM-heavy sources in about a third of the time 19 takes.
  step "Self-lint (tool/lint.sh build-22)"
  bash tool/lint.sh build-22 || problems+=("tool/lint.sh failed")
fi

step "Done"
if [ ${#problems[@]} -gt 0 ]; then
  printf '%s\n' "${problems[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#problems[@]} -eq 0 ]
