#!/usr/bin/env python3
"""Mutation fuzzer: looks for inputs that crash or hang the threadleak checks.

  bench/fuzz.py [--build DIR] [--count N] [--seed S] [--jobs J] [--timeout T]
                [--crash-dir DIR] [--reduce] [--pch] [--expect-crashes N]
                [--input FILE]...

Seeds (unless --input names others) are the check tests (test/checks/*.cpp), the other test inputs
(test/**/Inputs/*.cpp) and the examples (examples/**/*.cpp). Each mutant is
one seed with one to three token mutations: deletion of a token, duplication
of a run of tokens, or a swap of two tokens. Preprocessor lines are left
alone, so the mutants keep their headers and reach the checks with a full
AST (a broken #include only tests the preprocessor).

Every mutant goes through threadleak-tidy with every threadleak check and
--fix --fix-notes (so the fixes are built and applied too). A run is a crash
when the process dies by a signal, prints LLVM's crash report ("Stack dump:",
"PLEASE submit a bug report"), exits with a status other than 0 (clean or
warnings) or 1 (compile errors), or outlives --timeout. Each crash is saved
to --crash-dir as crash-<mutant>.cpp with crash-<mutant>.txt (the command and
the output), and listed at the end with the top frames of its stack.

Mutant N depends only on --seed and N (its own random generator), so a run
is reproducible whatever --jobs is, and `--count 1 --first N` replays one
mutant. --reduce shrinks each crashing input by deleting tokens and lines
while it still crashes with the same top frame.

--pch parses the standard headers the seeds use once into a precompiled
header and gives it to every run: the checks see the same AST, several times
faster (the lit test uses it to stay within its time budget).

Exit status: 0 when the number of crashes is --expect-crashes (default 0),
1 otherwise, 2 on bad usage or a broken setup.
"""
import argparse
import concurrent.futures
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

SRC_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = "-*,threadleak-*"
COMPILE_ARGS = ["-std=c++20", "-pthread"]
# LLVM's crash handler prints these before it re-raises the signal.
CRASH_MARKERS = ("Stack dump:", "PLEASE submit a bug report")
# clang-tidy's own exit statuses: 0 no error (warnings allowed), 1 compile
# errors or warnings-as-errors.
CLEAN_EXITS = (0, 1)

# Longest punctuators first, so `<<=` is one token and not `<<` then `=`.
PUNCTUATORS = sorted("""
  >>= <<= <=> ->* ... ::
  -> ++ -- << >> <= >= == != && || += -= *= /= %= &= |= ^= .* ##
  { } [ ] ( ) ; : , . ? ~ ! + - * / % ^ & | = < > #
""".split(), key=len, reverse=True)
TOKEN = re.compile(
    r"""(?P<space>(?:\s+|\\\n|//[^\n]*|/\*.*?\*/)+)"""
    r"""|(?P<token>[uUL]?R"(?P<delim>[^(\s]*)\(.*?\)(?P=delim)\""""  # raw string
    r"""|(?:u8|[uUL])?"(?:\\.|[^"\\\n])*\""""
    r"""|(?:u8|[uUL])?'(?:\\.|[^'\\\n])*'"""
    r"""|\.?\d(?:[eEpP][+-]|[\w.'])*"""
    r"""|[A-Za-z_]\w*"""
    r"""|""" + "|".join(re.escape(p) for p in PUNCTUATORS) +
    r"""|.)""", re.S)


def tokenize(text):
    """[(leading space and comments, token, mutable)] covering the whole text.

    Tokens of preprocessor lines are not mutable. Trailing space after the last
    token is returned as a final entry with an empty token."""
    pieces = []
    space = ""
    in_directive = False
    for match in TOKEN.finditer(text):
        if match.group("space") is not None:
            space += match.group("space")
            continue
        token = match.group("token")
        # A directive starts with # first on its line and ends at a newline
        # that no backslash continues.
        if in_directive and "\n" in space.replace("\\\n", ""):
            in_directive = False
        if token == "#" and (not pieces or "\n" in space):
            in_directive = True
        pieces.append((space, token, not in_directive))
        space = ""
    pieces.append((space, "", False))
    return pieces


def untokenize(pieces):
    return "".join(space + token for space, token, _ in pieces)


def mutate(pieces, rng):
    """Applies one to three random mutations; returns (pieces, description)."""
    pieces = list(pieces)
    done = []
    for _ in range(rng.randint(1, 3)):
        mutable = [i for i, (_, token, ok) in enumerate(pieces) if ok and token]
        if len(mutable) < 2:
            break
        i = rng.choice(mutable)
        kind = rng.choice(("delete", "duplicate", "swap"))
        if kind == "delete":
            # The space stays, so the neighbours do not merge into one token.
            pieces[i] = (pieces[i][0], "", True)
            done.append("delete %d" % i)
        elif kind == "duplicate":
            run = rng.randint(1, 8)
            copy = [(" ", token, ok) for _, token, ok in pieces[i:i + run] if ok]
            pieces[i + run:i + run] = copy
            done.append("duplicate %d+%d" % (i, len(copy)))
        else:
            j = rng.choice(mutable)
            (si, ti, oi), (sj, tj, oj) = pieces[i], pieces[j]
            pieces[i], pieces[j] = (si, tj, oi), (sj, ti, oj)
            done.append("swap %d %d" % (i, j))
    return pieces, ", ".join(done)


def seed_files():
    """The files mutants are made from, in a fixed order."""
    patterns = ["test/checks/*.cpp", "test/**/Inputs/**/*.cpp", "examples/**/*.cpp"]
    files = set()
    for pattern in patterns:
        files.update(glob.glob(os.path.join(SRC_ROOT, pattern), recursive=True))
    return sorted(files)


def run_tool(cmd, timeout):
    """Runs cmd; returns (exit status or None on timeout, combined output)."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as err:
        return None, (err.output or b"").decode("utf-8", "replace")
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def crash_reason(status, output, timeout):
    """Why a run counts as a crash, or None when it does not."""
    if status is None:
        return "hang: still running after %g s" % timeout
    if status < 0:
        return "killed by signal %d" % -status
    for marker in CRASH_MARKERS:
        if marker in output:
            return "crash report (%r) with exit status %d" % (marker, status)
    if status not in CLEAN_EXITS:
        return "exit status %d (clang-tidy uses 0 and 1)" % status
    return None


def top_frames(output, count=6):
    """The first frames of LLVM's stack dump below its signal handler: the
    function when it has a symbol, else the library and offset."""
    frames = []
    for line in output.splitlines():
        match = re.match(r"\s*#\d+ 0x[0-9a-f]+ (.*)$", line)
        if match:
            frame = match.group(1).strip()
            if frame.startswith("("):
                frame = frame.strip("()")
            else:
                frame = re.sub(r" \([^()]*\+0x[0-9a-f]+\)$", "", frame)
            frames.append(frame)
    # The handler's frames end with the C library's signal trampoline.
    for i, frame in enumerate(frames[:6]):
        if "libc.so" in frame:
            frames = frames[i + 1:]
            break
    return [f for f in frames if "PrintStackTrace" not in f][:count]


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.tool = os.path.join(args.build, "threadleak-tidy")
        if not os.access(self.tool, os.X_OK):
            sys.exit("%s not found: build it first (ninja -C %s threadleak-tidy)"
                     % (self.tool, args.build))
        self.seeds = sorted(os.path.abspath(p) for p in args.input) if args.input \
            else seed_files()
        self.tokens = {}
        for path in self.seeds:
            with open(path, encoding="utf-8") as f:
                self.tokens[path] = tokenize(f.read())
        self.scratch = tempfile.mkdtemp(prefix="threadleak-fuzz-")
        self.extra_args = []
        if args.pch:
            self.extra_args = ["-include-pch", self.build_pch()]

    def build_pch(self):
        """A PCH of every standard or system header the seeds include."""
        headers = set()
        for path in self.seeds:
            with open(path, encoding="utf-8") as f:
                headers.update(re.findall(r"^\s*#\s*include\s*(<[^>]+>)", f.read(), re.M))
        header = os.path.join(self.scratch, "std.h")
        with open(header, "w") as f:
            f.writelines("#include %s\n" % h for h in sorted(headers))
        pch = header + ".pch"
        clangxx = self.args.clangxx or self.find_clangxx()
        status, output = run_tool([clangxx, "-x", "c++-header", *COMPILE_ARGS, header,
                                   "-o", pch], timeout=300)
        if status != 0:
            sys.exit("building the PCH failed:\n" + output)
        return pch

    def find_clangxx(self):
        with open(os.path.join(self.args.build, "CMakeCache.txt")) as f:
            match = re.search(r"^THREADLEAK_LLVM_VERSION:\w+=(\d+)$", f.read(), re.M)
        if not match:
            sys.exit("%s: not a configured build directory (pass --clangxx)"
                     % self.args.build)
        return "/usr/lib/llvm-%s/bin/clang++" % match.group(1)

    def mutant(self, number):
        """(seed path, mutated text, description) of mutant `number`."""
        rng = random.Random("%d:%d" % (self.args.seed, number))
        path = rng.choice(self.seeds)
        pieces, description = mutate(self.tokens[path], rng)
        return path, untokenize(pieces), description

    def command(self, source, seed_path):
        # Quoted includes of the seed (Inputs/ headers) must still resolve.
        return [self.tool, "--config={}", "--checks=" + CHECKS, "--quiet",
                "--fix", "--fix-notes", source, "--",
                *COMPILE_ARGS, "-iquote", os.path.dirname(seed_path),
                *self.extra_args]

    def try_text(self, name, text, seed_path):
        """Runs the tool on text; returns (crash reason or None, output, cmd)."""
        source = os.path.join(self.scratch, name + ".cpp")
        with open(source, "w", encoding="utf-8") as f:
            f.write(text)
        cmd = self.command(source, seed_path)
        status, output = run_tool(cmd, self.args.timeout)
        os.remove(source)
        return crash_reason(status, output, self.args.timeout), output, cmd

    def run_mutant(self, number):
        path, text, description = self.mutant(number)
        reason, output, cmd = self.try_text("mutant-%d" % number, text, path)
        return number, path, description, text, reason, output, cmd

    def same_crash(self, text, seed_path, frames):
        reason, output, _ = self.try_text("reduce", text, seed_path)
        if reason is None:
            return False
        # A hang has no stack; any other hang is the same hang.
        return top_frames(output, 1) == frames[:1]

    def reduce(self, text, seed_path, frames):
        """Deletes lines, then tokens, as long as the same crash remains."""
        for unit in ("line", "token"):
            if unit == "line":
                parts = text.splitlines(keepends=True)
            else:
                parts = [space + token for space, token, _ in tokenize(text)]
            chunk = max(1, len(parts) // 2)
            while chunk >= 1:
                start = 0
                while start < len(parts):
                    candidate = parts[:start] + parts[start + chunk:]
                    if candidate and self.same_crash("".join(candidate), seed_path,
                                                     frames):
                        parts = candidate
                    else:
                        start += chunk
                chunk //= 2
            text = "".join(parts)
        return text

    def save(self, number, seed_path, description, text, reason, output, cmd):
        os.makedirs(self.args.crash_dir, exist_ok=True)
        base = os.path.join(self.args.crash_dir, "crash-%d" % number)
        with open(base + ".cpp", "w", encoding="utf-8") as f:
            f.write(text)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write("mutant %d of seed %d: %s\nfrom %s: %s\ncommand: %s\n\n%s" % (
                number, self.args.seed, reason, os.path.relpath(seed_path, SRC_ROOT),
                description, " ".join(cmd), output))
        return base + ".cpp"

    def run(self):
        args = self.args
        numbers = range(args.first, args.first + args.count)
        crashes = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for done, result in enumerate(pool.map(self.run_mutant, numbers), 1):
                number, path, description, text, reason, output, cmd = result
                if reason:
                    crashes.append(result)
                    print("mutant %d (%s: %s): %s" % (
                        number, os.path.relpath(path, SRC_ROOT), description, reason),
                        flush=True)
                if args.verbose and done % 50 == 0:
                    print("%d/%d mutants, %d crashes" % (done, args.count, len(crashes)),
                          file=sys.stderr, flush=True)
        print("%d mutants of seed %d from %d files: %d crashes" % (
            args.count, args.seed, len(self.seeds), len(crashes)))
        for number, path, description, text, reason, output, cmd in crashes:
            frames = top_frames(output)
            if args.reduce:
                text = self.reduce(text, path, frames)
            saved = self.save(number, path, description, text, reason, output, cmd)
            print("crash: mutant %d: %s, input in %s" % (number, reason, saved))
            for frame in frames:
                print("    " + frame)
        return 0 if len(crashes) == args.expect_crashes else 1


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--build", default=os.path.join(SRC_ROOT, "build-19"),
                        help="build directory with threadleak-tidy (default build-19)")
    parser.add_argument("--input", action="append",
                        help="seed file to mutate (repeatable; default: the "
                        "tests' inputs and the examples)")
    parser.add_argument("--count", type=int, default=1000, help="mutants (default 1000)")
    parser.add_argument("--first", type=int, default=0,
                        help="number of the first mutant (default 0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="runs at a time (default: CPU count)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds before a run counts as a hang (default 60)")
    parser.add_argument("--crash-dir", default="fuzz-crashes",
                        help="where crashing inputs are saved (default fuzz-crashes)")
    parser.add_argument("--reduce", action="store_true",
                        help="shrink each crashing input before saving it")
    parser.add_argument("--pch", action="store_true",
                        help="precompile the seeds' system headers once")
    parser.add_argument("--clangxx", help="clang++ for --pch (default: the build's LLVM)")
    parser.add_argument("--expect-crashes", type=int, default=0,
                        help="exit 0 only with this many crashes (default 0)")
    parser.add_argument("--verbose", action="store_true", help="progress on stderr")
    args = parser.parse_args()
    if args.count < 1 or args.jobs < 1 or args.timeout <= 0:
        parser.error("--count and --jobs must be positive, --timeout above 0")
    args.build = os.path.abspath(args.build)
    fuzzer = Fuzzer(args)
    try:
        return fuzzer.run()
    finally:
        shutil.rmtree(fuzzer.scratch)


if __name__ == "__main__":
    sys.exit(main())
