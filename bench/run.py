#!/usr/bin/env python3
"""Measures what each threadleak check costs, against a parse-only baseline.

  bench/run.py [--build DIR]... [--units N] [--sizes 1,2,4,8] [--repeat N]
               [--sites 1000,2000,...] [--no-examples]

For every build directory (default: build-19 of the source tree) the plugin it
built is loaded into the stock clang-tidy of the same LLVM version. Inputs are
the synthetic translation units bench/gen.py writes at each size (N units
times 1x, 2x, 4x, 8x by default) plus every .cpp file under examples/.

Per input and round it runs clang-tidy three times, back to back so all see
the same machine load:
  - parse only: a check that cannot fire (objc-forbidden-subclassing), since
    with no check at all clang-tidy does not even parse;
  - every registered threadleak-* check with --enable-check-profile
    --store-check-profile, which records each check's matcher and callback
    time (user+sys) separately;
  - the same checks without the profile, as users run them: the profiler
    reads the clock at every switch between checks' matchers, which on LLVM
    19 (it also matches in system headers) costs more than the matchers.
The fastest of --repeat rounds is kept: interference from other processes
only ever adds time. The "run cpu/wall delta" columns subtract the parse-only
run from the all-checks run: they also catch work the profile does not see
(end-of-translation-unit analysis, preprocessor callbacks) and include the
profiler's own overhead.

Printed as Markdown: per input, parse time and each check's time and ratio to
parse, and the peak RSS of both runs; per check, the marginal cost per 1000
lines between successive sizes (roughly constant when the cost is linear in
code size). With --sites, inputs of that many launch sites each (gen.py
--sites) give the cost per launch site and its marginal growth between
sizes, which should stay flat. The "clangd bar"
column applies clangd's rule for a fast check: it slows AST building by less
than 10%.

This is a tool for developers, not a test: timings depend on the machine and
its load, and nothing here fails on a slow check.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import gen

SRC_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARSE_ONLY_CHECK = "objc-forbidden-subclassing"
# The profile name of every threadleak check's matchers, run in one pass over
# the translation unit's own code (checks/UserCodeMatchFinder.h).
SHARED_MATCHERS = "threadleak-matchers"
COMPILE_ARGS = ["-std=c++20"]
# clangd's FastCheckFilter threshold: a fast check adds less than this to the
# time it takes to build the AST.
CLANGD_FAST_RATIO = 0.10


class Tool:
    """clang-tidy-NN with the plugin of one build directory."""

    def __init__(self, build):
        self.build = os.path.abspath(build)
        cache = os.path.join(self.build, "CMakeCache.txt")
        try:
            with open(cache) as f:
                match = re.search(r"^THREADLEAK_LLVM_VERSION:\w+=(\d+)$", f.read(), re.M)
        except OSError:
            sys.exit("%s: not a configured build directory" % build)
        if not match:
            sys.exit("%s: no THREADLEAK_LLVM_VERSION in CMakeCache.txt" % build)
        self.version = match.group(1)
        plugin = os.path.join(self.build, "threadleak-plugin-%s.so" % self.version)
        if not os.path.exists(plugin):
            sys.exit("%s missing: build it first (ninja -C %s threadleak-plugin)"
                     % (plugin, build))
        self.name = "clang-tidy-%s + plugin" % self.version
        # --config={} keeps any .clang-tidy near an input (the repository's own
        # self-lint configuration) out of the measurement.
        self.cmd = ["clang-tidy-" + self.version, "--load=" + plugin, "--config={}",
                    "--quiet"]

    def checks(self):
        """The registered checks, then the shared matchers: the profile shows
        them under a name of their own, as no check owns them."""
        out = subprocess.run(self.cmd + ["--checks=-*,threadleak-*", "--list-checks"],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        return [line.strip() for line in out.splitlines()
                if line.strip().startswith("threadleak-")] + [SHARED_MATCHERS]


def run_timed(cmd):
    """Runs cmd; returns (wall seconds, user+sys seconds, peak RSS in MB) of
    the child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage; RUSAGE_CHILDREN would accumulate.
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd),
                                          stderr.decode(errors="replace")[-2000:]))
    # ru_maxrss is in kilobytes on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def read_profile(directory):
    """{check: user+sys seconds} from the one JSON file clang-tidy stored."""
    files = glob.glob(os.path.join(directory, "**", "*.json"), recursive=True)
    if len(files) != 1:
        sys.exit("expected one check profile in %s, found %d" % (directory, len(files)))
    with open(files[0]) as f:
        profile = json.load(f)["profile"]
    cost = {}
    for key, seconds in profile.items():
        match = re.fullmatch(r"time\.clang-tidy\.(.+)\.(user|sys)", key)
        if match:
            cost[match.group(1)] = cost.get(match.group(1), 0.0) + seconds
    return cost


def measure(tool, checks, path, repeat, scratch):
    """Best-of-repeat parse wall/cpu/RSS, all-checks wall/cpu/RSS, per-check cpu."""
    best = {"parse_wall": float("inf"), "parse_cpu": float("inf"),
            "all_wall": float("inf"), "all_cpu": float("inf"),
            "plain_cpu": float("inf"),
            "parse_rss": float("inf"), "all_rss": float("inf")}
    per_check = {c: float("inf") for c in checks}
    for _ in range(repeat):
        wall, cpu, rss = run_timed(tool.cmd + ["--checks=-*," + PARSE_ONLY_CHECK, path,
                                               "--"] + COMPILE_ARGS)
        best["parse_wall"] = min(best["parse_wall"], wall)
        best["parse_cpu"] = min(best["parse_cpu"], cpu)
        best["parse_rss"] = min(best["parse_rss"], rss)
        prof = tempfile.mkdtemp(dir=scratch)
        wall, cpu, rss = run_timed(tool.cmd + ["--checks=-*,threadleak-*",
                                               "--enable-check-profile",
                                               "--store-check-profile=" + prof, path, "--"]
                                   + COMPILE_ARGS)
        best["all_wall"] = min(best["all_wall"], wall)
        best["all_cpu"] = min(best["all_cpu"], cpu)
        best["all_rss"] = min(best["all_rss"], rss)
        for check, seconds in read_profile(prof).items():
            if check in per_check:
                per_check[check] = min(per_check[check], seconds)
        shutil.rmtree(prof)
        _, cpu, _ = run_timed(tool.cmd + ["--checks=-*,threadleak-*", path, "--"]
                              + COMPILE_ARGS)
        best["plain_cpu"] = min(best["plain_cpu"], cpu)
    return best, per_check


def code_lines(path):
    """Non-blank lines of the file itself (headers it includes are not counted)."""
    with open(path) as f:
        return sum(1 for line in f if line.strip())


def pct(part, whole):
    return "%.1f%%" % (100.0 * part / whole)


def report(tool, checks, rows):
    print("\n### %s\n" % tool.name)
    if not rows:
        return
    print("Times in seconds; check times are user+sys from --enable-check-profile, "
          "parse is user+sys of the parse-only run.\n")
    print("| input | lines | parse wall | parse cpu | all checks cpu (profile) | "
          "all / parse | run cpu delta | run wall delta | unprofiled cpu delta | "
          + " | ".join(checks) +
          " | clangd bar (<10%) | parse RSS MB | all RSS MB | RSS all / parse |")
    print("|---" * (13 + len(checks)) + "|")
    for r in rows:
        total = sum(r["checks"].values())
        cells = ["%.3f (%s)" % (r["checks"][c], pct(r["checks"][c], r["parse_cpu"]))
                 for c in checks]
        fast = "fast" if total < CLANGD_FAST_RATIO * r["parse_cpu"] else "SLOW"
        plain = r["plain_cpu"] - r["parse_cpu"]
        print("| %s | %d | %.2f | %.2f | %.3f | %s | %+.2f | %+.2f | %+.2f (%s) | %s | %s | %.0f | %.0f | %s |" % (
            r["input"], r["lines"], r["parse_wall"], r["parse_cpu"], total,
            pct(total, r["parse_cpu"]), r["all_cpu"] - r["parse_cpu"],
            r["all_wall"] - r["parse_wall"], plain, pct(plain, r["parse_cpu"]),
            " | ".join(cells), fast, r["parse_rss"], r["all_rss"],
            pct(r["all_rss"], r["parse_rss"])))

    synthetic = [r for r in rows if r["synthetic"] == "units"]
    if len(synthetic) < 2:
        return
    print("\nMarginal cost per 1000 lines between successive synthetic sizes "
          "(roughly constant = linear; the constant part is the headers):\n")
    print("| step | parse cpu s/KLOC | " + " | ".join("%s s/KLOC" % c for c in checks) + " |")
    print("|---" * (2 + len(checks)) + "|")
    for a, b in zip(synthetic, synthetic[1:]):
        kloc = (b["lines"] - a["lines"]) / 1000.0
        cells = ["%.3f" % ((b["checks"][c] - a["checks"][c]) / kloc) for c in checks]
        print("| %s -> %s | %.3f | %s |" % (a["input"], b["input"],
                                           (b["parse_cpu"] - a["parse_cpu"]) / kloc,
                                           " | ".join(cells)))
    first, last = synthetic[0], synthetic[-1]
    print("\nGrowth from %s to %s (%.1fx the lines): parse cpu %.2fx, %s" % (
        first["input"], last["input"], last["lines"] / first["lines"],
        last["parse_cpu"] / first["parse_cpu"],
        ", ".join("%s %.2fx" % (c, last["checks"][c] / first["checks"][c])
                  for c in checks if first["checks"][c] > 0)))


def report_sites(checks, rows):
    """Per-launch-site cost of the --sites inputs: flat means linear."""
    if not rows:
        return
    print("\nPer launch site (bench/gen.py --sites N). \"profile\" is the checks' "
          "time from the profile, \"run delta\" the all-checks run minus the "
          "parse-only run; \"marginal\" divides the growth from the previous size "
          "by the sites added, which cancels the fixed cost of the headers:\n")
    print("| sites | lines | parse cpu | profile | profile ms/site | marginal ms/site "
          "(profile) | run delta | marginal ms/site (run delta) | "
          + " | ".join("%s ms/site" % c for c in checks)
          + " | parse RSS MB | all RSS MB | RSS all / parse |")
    print("|---" * (11 + len(checks)) + "|")
    marginals = []
    previous = None
    for r in rows:
        r["profile"] = sum(r["checks"].values())
        r["delta"] = r["all_cpu"] - r["parse_cpu"]
        steps = ["", ""]
        if previous:
            added = r["sites"] - previous["sites"]
            marginals.append((r["profile"] - previous["profile"]) / added)
            steps = ["%.3f" % (1000 * marginals[-1]),
                     "%.3f" % (1000 * (r["delta"] - previous["delta"]) / added)]
        previous = r
        cells = ["%.3f" % (1000 * r["checks"][c] / r["sites"]) for c in checks]
        print("| %d | %d | %.2f | %.3f | %.3f | %s | %.2f | %s | %s | %.0f | %.0f | %s |" % (
            r["sites"], r["lines"], r["parse_cpu"], r["profile"],
            1000 * r["profile"] / r["sites"], steps[0], r["delta"], steps[1],
            " | ".join(cells), r["parse_rss"], r["all_rss"],
            pct(r["all_rss"], r["parse_rss"])))
    if len(marginals) >= 2 and min(marginals) > 0:
        spread = max(marginals) / min(marginals) - 1
        print("\nMarginal profiled cost per site from %.3f to %.3f ms: spread %.0f%% "
              "(%s the 20%% target)" % (1000 * min(marginals), 1000 * max(marginals),
                                      100 * spread,
                                      "within" if spread <= 0.20 else "OUTSIDE"))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="append",
                        help="build directory with the plugin (repeatable; "
                        "default: build-19)")
    parser.add_argument("--units", type=int, default=8,
                        help="gen.py units in the 1x input (default 8)")
    parser.add_argument("--sizes", default="1,2,4,8",
                        help="multiples of --units to generate (default 1,2,4,8; "
                        "empty: none)")
    parser.add_argument("--sites", default="",
                        help="launch-site counts for the per-site table, e.g. "
                        "1000,2000,5000,10000,20000 (default: none)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds per input; the fastest is kept (default 3)")
    parser.add_argument("--no-examples", action="store_true",
                        help="skip the .cpp files under examples/")
    args = parser.parse_args()
    builds = args.build or [os.path.join(SRC_ROOT, "build-19")]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    site_counts = [int(s) for s in args.sites.split(",") if s]

    scratch = tempfile.mkdtemp(prefix="threadleak-bench-")
    try:
        inputs = []
        for size in sizes:
            path = os.path.join(scratch, "synthetic-%dx.cpp" % size)
            with open(path, "w") as f:
                f.write(gen.generate(size * args.units))
            inputs.append(("%dx" % size, path, "units", None))
        for sites in site_counts:
            path = os.path.join(scratch, "sites-%d.cpp" % sites)
            with open(path, "w") as f:
                f.write(gen.generate_sites(sites))
            inputs.append(("%d sites" % sites, path, "sites", sites))
        if not args.no_examples:
            examples = os.path.join(SRC_ROOT, "examples")
            for path in sorted(glob.glob(os.path.join(examples, "**", "*.cpp"),
                                         recursive=True)):
                inputs.append(("examples/" + os.path.relpath(path, examples), path,
                               None, None))

        print("## threadleak benchmark\n")
        print("Machine: %s, %d CPUs, load average at start %.2f %.2f %.2f" % (
            os.uname().machine, os.cpu_count(), *os.getloadavg()))
        for build in builds:
            tool = Tool(build)
            checks = tool.checks()
            rows = []
            for label, path, synthetic, sites in inputs:
                print("measuring %s on %s ..." % (tool.name, label), file=sys.stderr)
                best, per_check = measure(tool, checks, path, args.repeat, scratch)
                rows.append(dict(best, input=label, lines=code_lines(path),
                                 synthetic=synthetic, sites=sites, checks=per_check))
            report(tool, checks, [r for r in rows if r["synthetic"] != "sites"])
            report_sites(checks, [r for r in rows if r["synthetic"] == "sites"])
        print("\nLoad average at end %.2f %.2f %.2f" % os.getloadavg())
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
