#!/usr/bin/env bash
# Usage: bash bench/realbugs.sh THREADLEAK_TIDY [WORKDIR]
#
# Runs ../shared/realbugs (real thread leaks at the buggy and the fixed
# commit) with THREADLEAK_TIDY and prints its score: one line per bug, then
# "realbugs: found=F/N silent_at_fix=S/F". B08 is a thread-creation failure
# (the pool's constructor unwinds with joinable threads), which the checks
# report only with ReportEnvironmentFailures (docs/analysis.md, "What is
# reported"): its runs get that option, every other bug runs as the kit says.
# WORKDIR defaults to build-realbugs (ignored by git). Exit status: the
# score's (0 when every found bug is silent at its fix), 2 on bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
tidy=${1:?usage: bench/realbugs.sh THREADLEAK_TIDY [WORKDIR]}
work=${2:-build-realbugs}
kit=../shared/realbugs
[ -x "$tidy" ] || { echo "realbugs: not executable: $tidy" >&2; exit 2; }
[ -f "$kit/commands.tsv" ] || { echo "realbugs: no kit at $kit" >&2; exit 2; }
mkdir -p "$work/kit"
work=$(cd "$work" && pwd)
tidy=$(cd "$(dirname "$tidy")" && pwd)/$(basename "$tidy")
# The kit's run reads commands.tsv beside itself: a copy with B08's option.
cp "$kit/run" "$kit/score" "$kit/expected.tsv" "$kit/bugs.tsv" "$work/kit/"
ln -sfn "$(cd "$kit/src" && pwd)" "$work/kit/src"
awk -F'\t' 'BEGIN { OFS = "\t" }
  $1 == "B08" && $3 == "default" { $7 = "{CheckOptions: {ReportEnvironmentFailures: true}}" }
  { print }' "$kit/commands.tsv" > "$work/kit/commands.tsv"
bash "$work/kit/run" "$tidy" "$work/runs" > "$work/run.log"
python3 "$work/kit/score" 0 --results "$work/runs/results.tsv"
