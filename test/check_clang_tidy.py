#!/usr/bin/env python3
"""Runs one clang-tidy check on a test file and verifies its diagnostics and
fixes, in the spirit of upstream LLVM's clang-tools-extra check_clang_tidy.py
(which Debian does not ship).

Usage in a lit test (lit supplies the tool options through %check_clang_tidy):

  // RUN: %check_clang_tidy [runner options] %s <check-name> %t \
  // RUN:   [-- <clang-tidy args> [-- <compiler args>]]

Runner options:
  -std=SPEC               c++17, c++20-or-later, ... (default c++17-or-later;
                          c17 for .c files). "-or-later" runs every later mode.
  -check-suffix=S         use CHECK-MESSAGES-S, CHECK-NOTES-S, CHECK-FIXES-S.
  -check-suffixes=S1,S2   several suffixes; an empty one means the bare prefix.
  -fix-notes              also apply the fix-its attached to notes.
  -expect-clang-tidy-error  compile errors are expected (and must be matched
                          by CHECK-MESSAGES); the fixed file is not compiled.
  -stdlib=libstdc++-only | -stdlib=libc++-only
  -tool=plugin-only | -tool=threadleak-tidy-only
                          restrict the matrix (default: every combination).

Every combination of standard mode x tool (clang-tidy-NN --load=<plugin>,
threadleak-tidy) x standard library (libstdc++, libc++) runs clang-tidy with
--fix on its own copy of the file, except that the plugin runs in the first
mode with the first library only (it is the same check code as
threadleak-tidy; -tool=plugin-only runs it in every combination), then:
  - CHECK-MESSAGES must match the output, and any warning or error they do not
    match fails; CHECK-NOTES likewise for notes. Without either directive the
    output must hold no warning and no error at all.
  - CHECK-FIXES must match the fixed file (with -strict-whitespace).
  - A fixed file must compile (clang++-NN -fsyntax-only, same mode and library)
    and a second --fix on it must change nothing.
The CHECK comments are replaced by empty `//` comments in the copy, so line
numbers stay and the directives neither match themselves nor get fixed.
"""

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys

CXX_MODES = ["c++11", "c++14", "c++17", "c++20", "c++23"]
C_MODES = ["c99", "c11", "c17", "c23"]
CHECK_KINDS = ("MESSAGES", "NOTES", "FIXES")
# FileCheck directive forms that count as using a prefix.
DIRECTIVE_SUFFIX = r"(-NOT|-NEXT|-SAME|-DAG|-EMPTY|-LABEL|-COUNT-\d+)?:"
FILECHECK_DIRECTIVES = ("NOT", "NEXT", "SAME", "DAG", "EMPTY", "LABEL", "COUNT")


def expand_std(spec, is_c):
    modes = C_MODES if is_c else CXX_MODES
    if spec.endswith("-or-later"):
        first = spec[: -len("-or-later")]
        if first not in modes:
            sys.exit("unknown -std spec %r (modes: %s)" % (spec, ", ".join(modes)))
        return modes[modes.index(first):]
    if spec not in modes:
        sys.exit("unknown -std spec %r (modes: %s)" % (spec, ", ".join(modes)))
    return [spec]


# A check that loops on some input would otherwise hang lit (which has no
# per-test timeout without psutil) and CI with it.
COMMAND_TIMEOUT = 600


def run_command(cmd):
    """Runs cmd; returns (exit status, stdout and stderr as one text)."""
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        output = (e.output or b"").decode("utf-8", "replace")
        return -1, output + "\n(killed after %d s)" % COMMAND_TIMEOUT
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def split_double_dash(argv):
    """argv -> (runner args, clang-tidy args, compiler args)."""
    parts = [[]]
    for arg in argv:
        if arg == "--" and len(parts) < 3:
            parts.append([])
        else:
            parts[-1].append(arg)
    while len(parts) < 3:
        parts.append([])
    return parts


def parse_args():
    runner_argv, tidy_args, compiler_args = split_double_dash(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # Tool configuration, supplied by lit.cfg.py through %check_clang_tidy.
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--plugin", required=True)
    p.add_argument("--threadleak-tidy", required=True)
    p.add_argument("--clangxx", required=True)
    p.add_argument("--filecheck", required=True)
    p.add_argument("--libcxx-include", required=True)
    p.add_argument("--llvm-version", required=True, type=int)
    p.add_argument("--quick", action="store_true",
                   help="first mode, plugin, libstdc++ only (lit -Dquick=1)")
    p.add_argument("--first-mode", action="store_true",
                   help="first mode, threadleak-tidy, both libraries "
                        "(lit -Dfirst_mode=1)")
    # Per-test options, upstream spelling.
    p.add_argument("-std", default=None)
    p.add_argument("-check-suffix", "-check-suffixes", dest="suffixes",
                   default="")
    p.add_argument("-fix-notes", action="store_true")
    p.add_argument("-expect-clang-tidy-error", action="store_true")
    p.add_argument("-stdlib", choices=["libstdc++-only", "libc++-only"])
    p.add_argument("-tool", choices=["plugin-only", "threadleak-tidy-only"])
    p.add_argument("source")
    p.add_argument("check_name")
    p.add_argument("temp")
    args = p.parse_args(runner_argv)
    return args, tidy_args, compiler_args


class Test:
    def __init__(self, args, tidy_args, compiler_args):
        self.args = args
        self.tidy_args = tidy_args
        self.compiler_args = compiler_args
        self.ext = os.path.splitext(args.source)[1] or ".cpp"
        self.is_c = self.ext == ".c"
        with open(args.source, encoding="utf-8") as f:
            self.text = f.read()
        self.stripped = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", self.text)
        self.prefixes = self._find_prefixes()
        # (fixed text, mode, stdlib) -> (tool that verified it, error or None)
        self.fix_verdicts = {}

    def _find_prefixes(self):
        suffixes = [s.strip() for s in self.args.suffixes.split(",")]
        for s in suffixes:
            if s and not re.fullmatch(r"[A-Za-z0-9\-]+", s):
                sys.exit("invalid check suffix %r" % s)
        found = {}
        for kind in CHECK_KINDS:
            found[kind] = []
            for s in suffixes:
                prefix = "CHECK-" + kind + ("-" + s if s else "")
                if re.search(r"\b" + re.escape(prefix) + DIRECTIVE_SUFFIX, self.text):
                    found[kind].append(prefix)
        # A misspelt directive (CHECK-MESSAGE:) would otherwise be ignored and
        # the test pass. Other prefixes (CHECK:, CHECK-DUMP:) stay free for
        # other RUN lines.
        for m in re.finditer(r"\bCHECK-([A-Z]+)[A-Za-z0-9\-]*:", self.text):
            word = m.group(1)
            if (word not in CHECK_KINDS and word not in FILECHECK_DIRECTIVES and
                    difflib.get_close_matches(word, CHECK_KINDS, cutoff=0.75)):
                sys.exit("%s: unknown directive %s (use CHECK-MESSAGES, "
                         "CHECK-NOTES or CHECK-FIXES)" % (self.args.source, m.group(0)))
        return found

    # -- matrix ----------------------------------------------------------

    def modes(self):
        spec = self.args.std or ("c17" if self.is_c else "c++17-or-later")
        modes = expand_std(spec, self.is_c)
        return modes[:1] if self.args.quick or self.args.first_mode else modes

    def tools(self):
        tools = {
            "plugin": [self.args.clang_tidy, "--load=" + self.args.plugin],
            "threadleak-tidy": [self.args.threadleak_tidy],
        }
        if self.args.tool:
            keep = self.args.tool[: -len("-only")]
            tools = {keep: tools[keep]}
        if self.args.quick:
            tools = dict(list(tools.items())[:1])
        elif self.args.first_mode:
            tools = {"threadleak-tidy": tools["threadleak-tidy"]}
        for cmd in tools.values():
            for path in cmd[:1] + [c[len("--load="):] for c in cmd[1:]]:
                if not os.path.exists(path):
                    sys.exit("%s does not exist: build the project first "
                             "(ninja check-threadleak)" % path)
        return tools

    def stdlibs(self):
        if self.is_c:
            return {"libc": []}
        libcxx = ["-stdlib=libc++", "-nostdinc++", "-isystem", self.args.libcxx_include]
        if self.args.llvm_version < 20:
            # libc++ 19 hides std::jthread and std::stop_token behind this.
            libcxx.append("-fexperimental-library")
        libs = {"libstdc++": [], "libc++": libcxx}
        if self.args.stdlib:
            keep = self.args.stdlib[: -len("-only")]
            libs = {keep: libs[keep]}
        if self.args.quick:
            libs = dict(list(libs.items())[:1])
        if "libc++" in libs and not os.path.isfile(
                os.path.join(self.args.libcxx_include, "__config_site")):
            sys.exit("no libc++ headers in %r: the build could not fetch them; set "
                     "THREADLEAK_LIBCXX_DIR and reconfigure, or pass "
                     "-stdlib=libstdc++-only" % self.args.libcxx_include)
        return libs

    # -- commands --------------------------------------------------------

    def compile_flags(self, mode, stdlib_flags):
        return (["-std=" + mode] + stdlib_flags +
                # Quoted includes resolve against the test's own directory,
                # as they would if clang-tidy read the original file.
                ["-iquote", os.path.dirname(os.path.abspath(self.args.source))] +
                self.compiler_args)

    def tidy_command(self, tool_cmd, path, mode, stdlib_flags):
        given = lambda *names: any(a.lstrip("-").startswith(n) for a in self.tidy_args
                                   for n in names)
        cmd = tool_cmd + [path]
        if not given("checks="):
            cmd.append("--checks=-*," + self.args.check_name)
        if not given("config=", "config-file="):
            # Keep any .clang-tidy above the build directory out of the test.
            cmd.append("--config={}")
        if not given("header-filter="):
            # clang-tidy 19 reports no header by default, 22 every header: pin
            # "none" so both agree and --fix never edits a header in place.
            cmd.append("--header-filter=^$")
        if not given("warnings-as-errors="):
            cmd.append("--warnings-as-errors=-*")
        cmd.append("--fix")
        if self.args.fix_notes:
            cmd.append("--fix-notes")
        return cmd + self.tidy_args + ["--"] + self.compile_flags(mode, stdlib_flags)

    def run_tidy(self, tool_cmd, path, mode, stdlib_flags):
        cmd = self.tidy_command(tool_cmd, path, mode, stdlib_flags)
        rc, output = run_command(cmd)
        return cmd, rc, output

    def filecheck(self, input_path, prefixes, extra):
        cmd = [self.args.filecheck, "-input-file=" + input_path, self.args.source,
               "-check-prefixes=" + ",".join(prefixes)] + extra
        rc, output = run_command(cmd)
        if rc == 0:
            return None
        return "$ %s\n%s" % (shlex.join(cmd), output)

    # -- one combination -------------------------------------------------

    def run_combination(self, name, tool_cmd, mode, stdlib, stdlib_flags):
        """Returns the failure descriptions (none when it passed) and what the
        check produced: its output with the file name left out, and the fixed file."""
        base = "%s.%s.%s.%s" % (self.args.temp, mode, name, stdlib)
        path = base + self.ext
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.stripped)
        cmd, rc, output = self.run_tidy(tool_cmd, path, mode, stdlib_flags)
        header = "$ %s\n%s" % (shlex.join(cmd), output)
        if "Error: no checks enabled." in output:
            # Spare the reader the usage text that follows.
            return ["no check matches %r in %s: is it registered, and the build up "
                    "to date?\n$ %s" % (self.args.check_name, name, shlex.join(cmd))], None
        failures = []
        if rc != 0 and not self.args.expect_clang_tidy_error:
            failures.append("clang-tidy exited with %d\n%s" % (rc, header))
        # Our own --fix adds these notes; they are not the check's.
        lines = [l for l in output.splitlines() if "note: FIX-IT applied" not in l]
        out_path = base + ".out"
        with open(out_path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

        if self.prefixes["MESSAGES"]:
            err = self.filecheck(out_path, self.prefixes["MESSAGES"],
                                 ["-implicit-check-not={{warning|error}}:"])
            if err:
                failures.append("CHECK-MESSAGES failed\n%s\n%s" % (err, header))
        if self.prefixes["NOTES"]:
            err = self.filecheck(out_path, self.prefixes["NOTES"],
                                 ["-implicit-check-not={{note|warning|error}}:"])
            if err:
                failures.append("CHECK-NOTES failed\n%s\n%s" % (err, header))
        if not self.prefixes["MESSAGES"] and not self.prefixes["NOTES"]:
            unexpected = [l for l in lines if re.search(r"\b(warning|error):", l)]
            if unexpected:
                failures.append("unexpected diagnostics (the test has no "
                                "CHECK-MESSAGES or CHECK-NOTES)\n%s" % header)
        with open(path, encoding="utf-8") as f:
            fixed = f.read()
        evidence = (output.replace(path, "<file>"), fixed)
        if rc != 0 and not self.args.expect_clang_tidy_error:
            # The file was not fixed; checking fixes would only repeat the error.
            return failures, evidence

        if self.prefixes["FIXES"]:
            err = self.filecheck(path, self.prefixes["FIXES"], ["-strict-whitespace"])
            if err:
                failures.append("CHECK-FIXES failed on the fixed file %s\n%s" % (path, err))
        if fixed != self.stripped:
            # The tools run the same check code, so the other tool's verdict on
            # an identical fixed file stands for this one too.
            key = (fixed, mode, stdlib)
            if key not in self.fix_verdicts:
                self.fix_verdicts[key] = (name, self.verify_fixed(
                    base, path, tool_cmd, fixed, mode, stdlib_flags))
            verdict_from, verdict = self.fix_verdicts[key]
            if verdict:
                if verdict_from != name:
                    verdict += "\n(verified once with %s, whose fixed file is identical)" % verdict_from
                failures.append(verdict)
        return failures, evidence

    def verify_fixed(self, base, path, tool_cmd, fixed, mode, stdlib_flags):
        """The fixed file must compile, and fixing it again must change nothing."""
        if not self.args.expect_clang_tidy_error:
            err = self.compile_fixed(path, mode, stdlib_flags)
            if err:
                return "the fixed file does not compile\n" + err
        err = self.reapply(base, tool_cmd, fixed, mode, stdlib_flags)
        if err:
            return "the fixes are not idempotent\n" + err
        return None

    def compile_fixed(self, path, mode, stdlib_flags):
        cmd = [self.args.clangxx, "-fsyntax-only"]
        if self.is_c:
            cmd += ["-x", "c"]
        cmd += self.compile_flags(mode, stdlib_flags) + [path]
        rc, output = run_command(cmd)
        if rc == 0:
            return None
        return "$ %s\n%s" % (shlex.join(cmd), output)

    def reapply(self, base, tool_cmd, fixed, mode, stdlib_flags):
        path = base + ".refix" + self.ext
        with open(path, "w", encoding="utf-8") as f:
            f.write(fixed)
        cmd, rc, output = self.run_tidy(tool_cmd, path, mode, stdlib_flags)
        with open(path, encoding="utf-8") as f:
            refixed = f.read()
        if refixed == fixed:
            return None
        diff = "".join(difflib.unified_diff(
            fixed.splitlines(True), refixed.splitlines(True), "fixed once", "fixed twice"))
        return "$ %s\n%s\n%s" % (shlex.join(cmd), output, diff)

    def run(self):
        results = []
        tools, stdlibs = self.tools(), self.stdlibs()
        modes = self.modes()
        for mode in modes:
            for name, tool_cmd in tools.items():
                # The plugin is the same check code as threadleak-tidy, loaded
                # into the stock clang-tidy: one mode and one library prove
                # the loading and the registration; threadleak-tidy covers
                # every mode and library.
                if name == "plugin" and len(tools) > 1 and mode != modes[0]:
                    continue
                for index, (stdlib, flags) in enumerate(stdlibs.items()):
                    if name == "plugin" and len(tools) > 1 and index > 0:
                        continue
                    combo = "-std=%s, %s, %s" % (mode, name, stdlib)
                    failures, evidence = self.run_combination(name, tool_cmd, mode,
                                                              stdlib, flags)
                    # Same kinds of failure on the same diagnostics and fixed
                    # file: the same failure, told once.
                    generic = (tuple(f.split("\n", 1)[0] for f in failures), evidence)
                    results.append((combo, failures, generic))
        failed = [r for r in results if r[1]]
        told = {}
        for combo, failures, generic in failed:
            print("=" * 72)
            if generic in told:
                print("FAILED [%s] the same way as [%s]" % (combo, told[generic]))
                continue
            told[generic] = combo
            print("FAILED [%s]" % combo)
            for failure in failures:
                print("-" * 72)
                print(failure.rstrip())
        if failed:
            print("=" * 72)
        for combo, failures, _ in results:
            print("%s [%s]" % ("FAIL" if failures else "ok  ", combo))
        print("%s: %d of %d combinations failed" % (
            self.args.check_name, len(failed), len(results)))
        return 1 if failed else 0


def main():
    args, tidy_args, compiler_args = parse_args()
    return Test(args, tidy_args, compiler_args).run()


if __name__ == "__main__":
    sys.exit(main())
