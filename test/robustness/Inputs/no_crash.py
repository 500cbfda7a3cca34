#!/usr/bin/env python3
"""Runs a clang-tidy command and fails if it crashes, hangs or exits wrongly.

  no_crash.py [--expect-exit N] [--timeout S] -- COMMAND...

Prints the command's stdout and stderr (merged, for FileCheck) and exits 0
when the command exited with status N (default 0) within S seconds (default
300) and printed no LLVM crash report. Otherwise it says why on stderr and
exits 1. A plain `not` cannot tell a compile error (status 1) from a hang
killed by `timeout` (124), and lit has no per-test timeout of its own.
The crash rules are bench/fuzz.py's, so the tests and the fuzzer agree.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "bench"))
import fuzz  # noqa: E402  (found through the path set just above)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect-exit", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    status, output = fuzz.run_tool(command, args.timeout)
    sys.stdout.write(output)
    sys.stdout.flush()
    reason = fuzz.crash_reason(status, output, args.timeout)
    if reason is None and status != args.expect_exit:
        reason = "exit status %d, expected %d" % (status, args.expect_exit)
    if reason:
        print("no_crash: %s: %s" % (reason, " ".join(command)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
