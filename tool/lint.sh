#!/usr/bin/env bash
# Usage: tool/lint.sh [BUILD_DIR]     (default: build-19 in the source tree)
#
# Lints threadleak's own sources (checks/, tool/*.cpp) with the rules of the
# root .clang-tidy, run by the threadleak-tidy of BUILD_DIR so that the
# threadleak checks see our code too, and checks their formatting with
# clang-format-19. Exits non-zero on any finding. JOBS (default 2) sets how
# many files clang-tidy lints at once; ANALYZER=1 adds the static analyzer
# (clang-analyzer-*, left out of .clang-tidy for its cost).
#
# BUILD_DIR is configured (if needed) to export its compile database and its
# threadleak-tidy is built (a no-op when up to date).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build-19}
jobs=${JOBS:-2}
extra_checks=()
[ "${ANALYZER:-0}" = 1 ] && extra_checks=(--checks='clang-analyzer-*')
clang_format=clang-format-19

command -v "$clang_format" >/dev/null || {
  echo "lint.sh: $clang_format not found: run tool/install-deps.sh 19" >&2
  exit 2
}

if [ ! -f "$build/compile_commands.json" ]; then
  # Keeps the version a configured directory already has; a new one gets 19.
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
fi
ninja -C "$build" -j"$jobs" threadleak-tidy >/dev/null
build=$(cd "$build" && pwd)

cd "$src"
shopt -s nullglob
sources=(checks/*.cpp checks/*/*.cpp tool/*.cpp)
formatted=(checks/*.cpp checks/*.h checks/*/*.cpp checks/*/*.h tool/*.cpp
  runtime/include/threadleak/*.h)
status=0

echo "lint.sh: clang-format on ${#formatted[@]} files" >&2
"$clang_format" --dry-run -Werror "${formatted[@]}" || status=1

echo "lint.sh: clang-tidy on ${#sources[@]} files ($jobs at a time)" >&2
# Sources missing from the database (threadleak-clangd.cpp in a build without
# clangd) get a command interpolated from their neighbours by clang-tidy.
# --quiet drops the "Suppressed N warnings" summaries (the warnings from LLVM's
# headers, which are not ours); a finding in one of our headers is reported
# once per file that includes it.
printf '%s\0' "${sources[@]}" |
  xargs -0 -n1 -P"$jobs" "$build/threadleak-tidy" -p "$build" --quiet \
    --warnings-as-errors='*' "${extra_checks[@]}" || status=1

if [ $status -ne 0 ]; then
  echo "lint.sh: findings above" >&2
else
  echo "lint.sh: clean" >&2
fi
exit $status
