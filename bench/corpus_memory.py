#!/usr/bin/env python3
"""Peak memory of the threadleak checks on the real-project corpus.

  bench/corpus_memory.py [--tidy build-22/threadleak-tidy]
                         [--corpus build-corpus] [--jobs 2]

For every translation unit in the compile databases that
../shared/corpus/setup wrote (CORPUS/<repo>/compile_commands.json), runs
threadleak-tidy twice, as ../shared/corpus/run does: parse only (a check
that cannot fire) and every threadleak check. Records each run's peak RSS
(wait4's ru_maxrss) and prints, per project and over the corpus, the largest
ratio of all checks to parse only, and the sum of the peaks of both runs.
A tool for developers, like bench/run.py: nothing asserts on it.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

PARSE_ONLY = "-*,objc-forbidden-subclassing"
ALL_CHECKS = "-*,threadleak-*"


def peak_rss_mb(cmd, cwd):
    """Runs cmd; returns its peak RSS in MB and its exit status."""
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=null, stderr=null,
                                stdin=subprocess.DEVNULL)
        # wait4 gives this child's own rusage; ru_maxrss is in KB on Linux.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0
    return usage.ru_maxrss / 1024.0, status


def measure(tidy, root, source):
    runs = {}
    for name, checks in (("parse", PARSE_ONLY), ("checks", ALL_CHECKS)):
        cmd = [tidy, "-p", root, "--config={}", f"-checks={checks}",
               "--extra-arg=-Wno-error", source]
        runs[name] = peak_rss_mb(cmd, root)
    return runs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy",
                        default=os.path.join(here, "..", "build-22",
                                             "threadleak-tidy"))
    parser.add_argument("--corpus",
                        default=os.path.join(here, "..", "build-corpus"))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    tidy = os.path.abspath(args.tidy)
    if not os.access(tidy, os.X_OK):
        sys.exit(f"corpus_memory.py: {tidy} is not an executable")
    tasks = []
    for repo in sorted(os.listdir(args.corpus)):
        root = os.path.abspath(os.path.join(args.corpus, repo))
        database = os.path.join(root, "compile_commands.json")
        if not os.path.isfile(database):
            continue
        for entry in json.load(open(database)):
            source = os.path.join(entry["directory"], entry["file"])
            tasks.append((repo, root, source))
    if not tasks:
        sys.exit(f"corpus_memory.py: no compile database under {args.corpus}; "
                 "run ../shared/corpus/setup first")

    results = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(measure, tidy, root, source): (repo, source)
                   for repo, root, source in tasks}
        for future in concurrent.futures.as_completed(futures):
            repo, source = futures[future]
            runs = future.result()
            results.append((repo, source, runs))

    failed = [(repo, source) for repo, source, runs in results
              if any(status != 0 and os.WIFSIGNALED(status)
                     for _, status in runs.values())]
    by_repo = {}
    for repo, source, runs in results:
        by_repo.setdefault(repo, []).append((source, runs))
    print("| project | TUs | parse peak MB (sum) | all checks peak MB (sum) "
          "| sum ratio | largest TU ratio | TU |")
    print("|---|---|---|---|---|---|---|")
    total_parse = total_checks = 0.0
    worst = (0.0, "")
    for repo, items in sorted(by_repo.items()):
        parse = sum(runs["parse"][0] for _, runs in items)
        checks = sum(runs["checks"][0] for _, runs in items)
        ratio, source = max(
            (runs["checks"][0] / runs["parse"][0], source)
            for source, runs in items)
        total_parse += parse
        total_checks += checks
        worst = max(worst, (ratio, source))
        print(f"| {repo} | {len(items)} | {parse:.0f} | {checks:.0f} "
              f"| {checks / parse:.3f} | {ratio:.3f} "
              f"| {os.path.basename(source)} |")
    print(f"| all | {len(results)} | {total_parse:.0f} | {total_checks:.0f} "
          f"| {total_checks / total_parse:.3f} | {worst[0]:.3f} "
          f"| {os.path.basename(worst[1])} |")
    for repo, source in failed:
        print(f"crashed: {repo} {source}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
