#!/usr/bin/env python3
"""Checks leakbench: every case is well formed and cites its source, and a
sample of the cases still behaves at run time as its EXPECT-RUNTIME line says.
It also says whether the benchmark has reached its size target (200 cases,
120 positives; docs/benchmark.md).

    check.py [--sample N] [--jobs 2] [--cxx clang++-19]

A case is well formed when score.py parses it without a problem, its header
has a SOURCE line with a public URL and a FIX line, a positive (one with LEAK
markers) expects leak, hang or terminate, and a negative (no marker) expects
clean and says why in a SAFE line. The sample is every k-th case in name
order, so it is the same in every run; --sample 0 runs them all. The run-time
check is score.py's own (--runtime), five seconds a case at most.
"""

import argparse
import importlib.util
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
MIN_CASES = 200
MIN_POSITIVES = 120

_spec = importlib.util.spec_from_file_location("leakscore", os.path.join(HERE, "score.py"))
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

SOURCE_RE = re.compile(r"^\s*//\s*SOURCE:\s*https://\S+")
FIX_RE = re.compile(r"^\s*//\s*FIX:\s*\S")
SAFE_RE = re.compile(r"^\s*//\s*SAFE:\s*\S")


def header_problems(path, info):
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = fh.read().split("\n")[:40]
    problems = list(info["problems"])
    if not any(SOURCE_RE.match(l) for l in head):
        problems.append("no SOURCE line with a URL")
    if not any(FIX_RE.match(l) for l in head):
        problems.append("no FIX line")
    if info["groups"]:
        if info["expect"] not in ("leak", "hang", "terminate"):
            problems.append("a positive must expect leak, hang or terminate")
    else:
        if info["expect"] != "clean":
            problems.append("a negative must expect clean")
        if not any(SAFE_RE.match(l) for l in head):
            problems.append("a negative needs a SAFE line")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=24, help="cases to run (0: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("--cases", default=CASES, help=argparse.SUPPRESS)
    args = ap.parse_args()

    cases = score.find_cases(args.cases)
    positives = 0
    bad = 0
    for case in cases:
        info = score.parse_case(case)
        positives += bool(info["groups"])
        for problem in header_problems(case, info):
            print("%s: %s" % (os.path.relpath(case, HERE), problem))
            bad += 1
    print("leakbench: %d cases, %d positives, %d negatives, %d header problems"
          % (len(cases), positives, len(cases) - positives, bad))
    met = len(cases) >= MIN_CASES and positives >= MIN_POSITIVES
    print("leakbench: target of %d cases and %d positives %s"
          % (MIN_CASES, MIN_POSITIVES, "met" if met else "not met yet"))

    sample = cases
    if args.sample and args.sample < len(cases):
        step = len(cases) / args.sample
        sample = [cases[int(i * step)] for i in range(args.sample)]
    runtime = subprocess.run(
        [sys.executable, os.path.join(HERE, "score.py"), "--runtime", "--cases", args.cases,
         "--jobs", str(args.jobs), "--cxx", args.cxx] + sample,
        capture_output=True, text=True)
    sys.stdout.write(runtime.stdout)
    sys.stderr.write(runtime.stderr)
    return 1 if bad or runtime.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
