#!/usr/bin/env python3
"""Runs threadleak and the tools a user would pick instead on the same
runnable leak programs, and writes one table.

    bench/compare.py [--build build-22] [--jobs 2] [--suite NAME=DIR ...]
                     [--tools threadleak,clang-tidy,csa,cppcheck,tsan,helgrind]
                     [--cache FILE] [--json FILE] [--write-doc docs/benchmark.md]

Suites default to bench/leakbench/cases and ../shared/programs/cases (when
that folder exists). Cases are in the format of ../shared/programs (its
README): bench/leakbench/score.py, a verbatim copy of that folder's scorer,
parses them, so the markers mean the same thing here as there.

What counts, the same for every tool:
  - A report is a claim about a thread leak when it comes from threadleak,
    ThreadSanitizer or Helgrind, or, for the other tools, when its checker
    name or message names a concurrency concept (CONCURRENCY_RE below). The
    other reports (style, portability, ...) are counted, not scored.
  - Static tools: a positive case is found when such a report, or one of its
    notes, lands on one of the case's LEAK lines; a negative case is a false
    alarm when such a report lands anywhere in it.
  - Run-time tools: the case is built with the tool and run once under a
    timeout; a positive is found, and a negative is a false alarm, when the
    run prints a report of the tool.
  - recall = found / positives; precision = found / (found + false alarms);
    CPU = user + system time of every process the tool ran (build and run).
threadleak's own line-level score (score.py --notes) is printed beside it.
Only the Python standard library is used.
"""

import argparse
import concurrent.futures
import hashlib
import importlib.util
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LEAKBENCH = os.path.join(HERE, "leakbench")

_spec = importlib.util.spec_from_file_location(
    "leakscore", os.path.join(LEAKBENCH, "score.py"))
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)

CONCURRENCY_RE = re.compile(
    r"thread|join|detach|mutex|lock|condition|notify|wait|future|promise|"
    r"async|semaphore|latch|barrier|atomic|race|deadlock|concurren|pthread|"
    r"stop_token|critical section", re.I)
DIAG_RE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?:(?P<col>\d+):)? "
                     r"(?P<sev>warning|error|style|performance|portability|"
                     r"information|note): (?P<msg>.*?)(?: \[(?P<id>[^\[\]]+)\])?$")
TSAN_RE = re.compile(r"WARNING: ThreadSanitizer: ([a-z -]+)")

TOOLS = ["threadleak", "clang-tidy", "csa", "cppcheck", "tsan", "helgrind"]
TOOL_TITLES = {
    "threadleak": "threadleak (default options)",
    "clang-tidy": "clang-tidy concurrency-*, bugprone-*, cppcoreguidelines-*",
    "csa": "Clang Static Analyzer (default + lock checkers)",
    "cppcheck": "cppcheck --enable=all --inconclusive",
    "tsan": "ThreadSanitizer (clang -fsanitize=thread, run once)",
    "helgrind": "Valgrind Helgrind (g++ -g, run once)",
}


def run_measured(cmd, timeout, cwd=None):
    """Runs a shell command; returns (output, exit status, CPU seconds,
    timed out). CPU is the user + system time of the command and of every
    process it waited for, as wait4 reports it."""
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, shell=True, stdout=out, stderr=subprocess.STDOUT,
                                cwd=cwd, start_new_session=True)
        deadline = time.monotonic() + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = status
        out.seek(0)
        return (out.read().decode("utf-8", "replace"), status,
                usage.ru_utime + usage.ru_stime, timed_out)


class Runner:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)

    def include_flags(self, case):
        return "-I" + shlex.quote(LEAKBENCH)

    def command(self, tool, case, workdir):
        q = shlex.quote(case)
        inc = self.include_flags(case)
        flags = "-std=c++20 -pthread " + inc
        if tool == "threadleak":
            return ("%s -checks=-*,threadleak-* %s -- %s" %
                    (shlex.quote(os.path.join(self.build, "threadleak-tidy")), q, flags))
        if tool == "clang-tidy":
            return ("clang-tidy-%s -checks='-*,concurrency-*,bugprone-*,cppcoreguidelines-*' "
                    "%s -- %s" % (self.args.llvm, q, flags))
        if tool == "csa":
            checkers = "unix.BlockInCriticalSection,alpha.unix.PthreadLock,alpha.core.C11Lock"
            return ("clang++-%s --analyze %s -Xclang -analyzer-checker=%s "
                    "-Xclang -analyzer-output=text -o /dev/null %s" %
                    (self.args.llvm, flags, checkers, q))
        if tool == "cppcheck":
            return ("cppcheck --enable=all --inconclusive --std=c++20 --language=c++ "
                    "--suppress=missingIncludeSystem --quiet %s "
                    "--template='{file}:{line}:{column}: {severity}: {message} [{id}]' %s" %
                    (inc, q))
        exe = os.path.join(workdir, "a.out")
        if tool == "tsan":
            return ("clang++-%s %s -fsanitize=thread -g -O1 -o %s %s && "
                    "TSAN_OPTIONS=report_thread_leaks=1:halt_on_error=0 timeout -s KILL %d %s" %
                    (self.args.runtime_llvm, flags, exe, q, self.args.run_timeout, exe))
        if tool == "helgrind":
            return ("g++ %s -g -O0 -o %s %s && timeout -s KILL %d valgrind --tool=helgrind "
                    "%s" % (flags, exe, q, self.args.run_timeout * 2, exe))
        raise ValueError(tool)

    def analyse(self, tool, case):
        with tempfile.TemporaryDirectory() as workdir:
            output, status, cpu, timed_out = run_measured(
                self.command(tool, case, workdir), self.args.tool_timeout, cwd=workdir)
        return {"output": output, "status": status, "cpu": cpu, "timed_out": timed_out}


def static_reports(tool, output, case):
    """The tool's reports about the case file, each with the lines of its
    location and of its notes."""
    reports = []
    current = None
    real = os.path.realpath(case)
    for text in output.splitlines():
        m = DIAG_RE.match(text)
        if not m:
            continue
        in_case = os.path.realpath(m.group("path")) == real
        line = int(m.group("line"))
        if m.group("sev") == "note":
            if current is not None and in_case:
                current["lines"].add(line)
            continue
        current = None
        ident = m.group("id") or ""
        if not in_case or (tool == "threadleak" and not ident.startswith("threadleak-")):
            continue
        # Quoted names ('AsyncLogger') say nothing about what the report is.
        concurrency = tool == "threadleak" or bool(CONCURRENCY_RE.search(
            ident + " " + re.sub(r"'[^']*'", "", m.group("msg"))))
        current = {"line": line, "id": ident, "concurrency": concurrency, "lines": {line}}
        reports.append(current)
    return reports


def runtime_reports(tool, output):
    """The reports a run printed: ThreadSanitizer's warnings, or Helgrind's
    errors (each follows a line of dashes; thread announcements do not)."""
    if tool == "tsan":
        return [{"id": "tsan " + kind.strip(), "concurrency": True}
                for kind in TSAN_RE.findall(output)]
    reports = []
    lines = [l.split(" ", 1)[1] if l.startswith("==") and " " in l else l
             for l in output.splitlines()]
    for n, text in enumerate(lines):
        if text.strip() != "-" * 64:
            continue
        what = next((l.strip() for l in lines[n + 1:n + 4] if l.strip()), "")
        reports.append({"id": "helgrind " + re.sub(r"#\d+|0x[0-9A-Fa-f]+|\d+", "N", what)[:70],
                        "concurrency": True})
    return reports


def judge(tool, case, info, result):
    marked = info["marked_lines"]
    positive = bool(info["groups"])
    if tool in ("tsan", "helgrind"):
        reports = runtime_reports(tool, result["output"])
        flagged = bool(reports)
        found = positive and flagged
        alarm = (not positive) and flagged
        other = 0
    else:
        reports = static_reports(tool, result["output"], case)
        scored = [r for r in reports if r["concurrency"]]
        other = len(reports) - len(scored)
        found = positive and any(r["lines"] & marked for r in scored)
        alarm = (not positive) and bool(scored)
        reports = scored
    return {"found": found, "alarm": alarm, "reports": len(reports), "other": other,
            "ids": sorted({r["id"] for r in reports}), "cpu": result["cpu"],
            "timed_out": result["timed_out"]}


def cache_key(tool, case, args):
    with open(case, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    extra = ""
    if tool == "threadleak":
        binary = os.path.join(os.path.abspath(args.build), "threadleak-tidy")
        extra = str(os.path.getmtime(binary)) if os.path.exists(binary) else ""
    return "%s|%s|%s|%s" % (tool, digest, extra, args.run_timeout)


def collect(args):
    suites = []
    for spec in args.suite:
        name, _, path = spec.partition("=")
        if os.path.isdir(path):
            suites.append((name, os.path.abspath(path)))
        else:
            print("compare.py: suite %s: no folder %s, skipped" % (name, path), file=sys.stderr)
    cache = {}
    if args.cache and os.path.exists(args.cache):
        with open(args.cache) as fh:
            cache = json.load(fh)
    runner = Runner(args)
    jobs = []
    for suite, folder in suites:
        for case in score.find_cases(folder):
            info = score.parse_case(case)
            category = score.case_dir_category(case, folder)
            for tool in args.tools:
                jobs.append((suite, category, case, info, tool))
    results = []

    def work(job):
        suite, category, case, info, tool = job
        key = cache_key(tool, case, args)
        result = cache.get(key)
        if result is None:
            result = runner.analyse(tool, case)
            cache[key] = result
        verdict = judge(tool, case, info, result)
        verdict.update({"suite": suite, "category": category, "tool": tool,
                        "case": os.path.relpath(case, folder),
                        "positive": bool(info["groups"])})
        return verdict

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for n, verdict in enumerate(pool.map(work, jobs), 1):
            results.append(verdict)
            if args.verbose:
                print("[%d/%d] %s %s %s" % (n, len(jobs), verdict["tool"], verdict["case"],
                                            "found" if verdict["found"] else
                                            "ALARM" if verdict["alarm"] else "-"),
                      file=sys.stderr)
            if args.cache and n % 50 == 0:
                save_cache(args.cache, cache)
    if args.cache:
        save_cache(args.cache, cache)
    return suites, results


def save_cache(path, cache):
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(cache, fh)
    os.replace(tmp, path)


def ratio(num, den):
    return "%.2f" % (num / den) if den else "-"


def tally(rows):
    pos = sum(r["positive"] for r in rows)
    neg = len(rows) - pos
    found = sum(r["found"] for r in rows)
    alarms = sum(r["alarm"] for r in rows)
    return pos, neg, found, alarms


def threadleak_line_score(args, folder):
    tool = ("%s -checks=-*,threadleak-* {file} -- -std=c++20 -pthread -I%s" %
            (shlex.quote(os.path.join(os.path.abspath(args.build), "threadleak-tidy")),
             shlex.quote(LEAKBENCH)))
    proc = subprocess.run([sys.executable, os.path.join(LEAKBENCH, "score.py"), "--notes",
                           "--jobs", str(args.jobs), "--cases", folder, "--tool", tool],
                          capture_output=True, text=True)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("programs:")]
    return lines[-1] if lines else "(score.py printed no score: %s)" % proc.stderr[-200:]


def table(args, suites, results):
    out = []
    for suite, folder in suites:
        rows = [r for r in results if r["suite"] == suite]
        cases = {r["case"] for r in rows}
        positives = {r["case"] for r in rows if r["positive"]}
        out.append("### %s: %d cases (%d positives, %d negatives)\n" %
                   (suite, len(cases), len(positives), len(cases) - len(positives)))
        out.append("| tool | found | false alarms | recall | precision | CPU s | other reports |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for tool in args.tools:
            tr = [r for r in rows if r["tool"] == tool]
            pos, neg, found, alarms = tally(tr)
            out.append("| %s | %d/%d | %d/%d | %s | %s | %.0f | %d |" % (
                TOOL_TITLES[tool], found, pos, alarms, neg, ratio(found, pos),
                ratio(found, found + alarms), sum(r["cpu"] for r in tr),
                sum(r["other"] for r in tr)))
        out.append("")
        categories = sorted({r["category"] for r in rows})
        out.append("Recall (found/positives) and false alarms (on negatives) per category:\n")
        out.append("| category | " + " | ".join(args.tools) + " |")
        out.append("|---|" + "---:|" * len(args.tools))
        for category in categories:
            cells = []
            for tool in args.tools:
                tr = [r for r in rows if r["tool"] == tool and r["category"] == category]
                pos, neg, found, alarms = tally(tr)
                cells.append("%d/%d, %d/%d" % (found, pos, alarms, neg))
            out.append("| %s | %s |" % (category, " | ".join(cells)))
        out.append("")
        if "threadleak" in args.tools:
            out.append("threadleak's line-level score (`score.py --notes`): `%s`\n" %
                       threadleak_line_score(args, folder))
        only = only_found_by(args, rows)
        if only:
            out.append("Positives only one tool finds: " + "; ".join(
                "%s %d" % (tool, n) for tool, n in only) + ".\n")
    return "\n".join(out)


def only_found_by(args, rows):
    by_case = {}
    for r in rows:
        if r["positive"] and r["found"]:
            by_case.setdefault(r["case"], set()).add(r["tool"])
    counts = {}
    for tools in by_case.values():
        if len(tools) == 1:
            tool = next(iter(tools))
            counts[tool] = counts.get(tool, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


BEGIN = "<!-- bench/compare.py: begin -->"
END = "<!-- bench/compare.py: end -->"


def write_doc(path, text):
    with open(path) as fh:
        doc = fh.read()
    if BEGIN not in doc or END not in doc:
        sys.exit("compare.py: %s has no %s ... %s block" % (path, BEGIN, END))
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as fh:
        fh.write(head + BEGIN + "\n" + text + "\n" + END + tail)


def check_tools(args):
    needed = {"threadleak": os.path.join(os.path.abspath(args.build), "threadleak-tidy"),
              "clang-tidy": "clang-tidy-%s" % args.llvm, "csa": "clang++-%s" % args.llvm,
              "cppcheck": "cppcheck", "tsan": "clang++-%s" % args.runtime_llvm,
              "helgrind": "valgrind"}
    missing = []
    for tool in args.tools:
        exe = needed[tool]
        if not (os.path.exists(exe) or subprocess.run(["which", exe], capture_output=True).returncode == 0):
            missing.append("%s (%s)" % (tool, exe))
    if missing:
        sys.exit("compare.py: missing: %s; run tool/install-deps.sh and build threadleak" %
                 ", ".join(missing))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build-22"))
    ap.add_argument("--llvm", default="22", help="LLVM version of clang-tidy and the analyzer")
    ap.add_argument("--runtime-llvm", default="19", help="clang for ThreadSanitizer builds")
    ap.add_argument("--suite", action="append",
                    help="NAME=DIR of cases (default: leakbench and ../shared/programs)")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--run-timeout", type=int, default=10,
                    help="seconds a run-time tool's run may take (Helgrind gets twice this)")
    ap.add_argument("--tool-timeout", type=float, default=300.0)
    ap.add_argument("--cache", help="JSON file of earlier results, keyed by tool and case text")
    ap.add_argument("--json", help="write every verdict to this file")
    ap.add_argument("--write-doc", help="replace the marked block of this Markdown file")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = [t for t in args.tools if t not in TOOLS]
    if unknown:
        sys.exit("compare.py: unknown tool %s (known: %s)" % (", ".join(unknown), ", ".join(TOOLS)))
    if not args.suite:
        args.suite = ["leakbench=" + os.path.join(LEAKBENCH, "cases"),
                      "programs=" + os.path.join(ROOT, "..", "shared", "programs", "cases")]
    check_tools(args)
    suites, results = collect(args)
    if not suites:
        sys.exit("compare.py: no suite to run")
    text = table(args, suites, results)
    print(text)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
    if args.write_doc:
        write_doc(args.write_doc, text)


if __name__ == "__main__":
    main()
