"""What threadleak-ci and threadleak-pre-commit share: finding the compile
database and the clang-tidy to run, running it on one file, and reading the
diagnostics it exports (--export-fixes YAML, which holds every diagnostic
with its notes and fix-its, not only the fixable ones).

Only the Python 3 standard library and PyYAML (Debian: python3-yaml) are used.
"""

import os
import pathlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

import yaml

# threadleak's version: the SARIF logs name it, cmake/Packaging.cmake reads it.
VERSION = "0.1.0"

# Exit statuses both tools document: 1 is "findings", 2 "could not run".
EXIT_FINDINGS = 1
EXIT_USAGE = 2

SOURCE_SUFFIXES = {".c", ".cc", ".cp", ".cpp", ".cxx", ".c++", ".C", ".m", ".mm"}
HEADER_SUFFIXES = {".h", ".hh", ".hpp", ".hxx", ".h++", ".H", ".inc", ".inl", ".ipp", ".tcc"}


class UsageError(Exception):
    """Bad input or a missing prerequisite: reported as one clear line, exit 2."""


def is_cxx_file(name):
    return pathlib.PurePath(name).suffix in SOURCE_SUFFIXES | HEADER_SUFFIXES


def find_compile_database(explicit, search_root):
    """The directory holding compile_commands.json: -p DIR, else build/, build-*/
    or the root itself under search_root."""
    if explicit:
        path = pathlib.Path(explicit)
        if path.name == "compile_commands.json":
            path = path.parent
        if not (path / "compile_commands.json").is_file():
            raise UsageError(f"no compile_commands.json in {path} (given with -p)")
        return path.resolve()
    root = pathlib.Path(search_root)
    candidates = [root / "build", *sorted(root.glob("build-*")), root]
    for candidate in candidates:
        if (candidate / "compile_commands.json").is_file():
            return candidate.resolve()
    raise UsageError(
        f"no compile database: no compile_commands.json in {root}/build, "
        f"{root}/build-*/ or {root}. Configure your build so that it writes one "
        "(CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, e.g. "
        "`cmake -S . -B build -DCMAKE_EXPORT_COMPILE_COMMANDS=ON`), "
        "or name its directory with -p DIR.")


def find_clang_tidy(explicit, script_dir):
    """--clang-tidy, else $THREADLEAK_TIDY, else the threadleak-tidy installed
    beside the script (in script_dir), else threadleak-tidy on PATH."""
    wanted = explicit or os.environ.get("THREADLEAK_TIDY")
    if wanted:
        found = shutil.which(wanted)
        if not found:
            raise UsageError(f"clang-tidy binary not found or not executable: {wanted}")
        return found
    beside = script_dir / "threadleak-tidy"
    if os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("threadleak-tidy")
    if found:
        return found
    raise UsageError(
        "threadleak-tidy not found: pass --clang-tidy=PATH or set THREADLEAK_TIDY "
        "(a threadleak-tidy, or clang-tidy-NN together with "
        "--load=threadleak-plugin-NN.so)")


def docs_dir(script_dir):
    """docs/checks/ of a source checkout (script_dir is its tool/), or
    share/doc/threadleak/checks of an installation (script_dir is its bin/);
    None when neither is there."""
    for candidate in (script_dir.parent / "docs" / "checks",
                      script_dir.parent / "share" / "doc" / "threadleak" / "checks"):
        if candidate.is_dir():
            return candidate
    return None


@dataclass
class Replacement:
    path: str
    offset: int
    length: int
    text: str


@dataclass
class Message:
    """A diagnostic's or a note's text, place (byte offset in path) and fix-its."""
    text: str
    path: str
    offset: int
    replacements: list = field(default_factory=list)
    # (offset, length) pairs in path: the source ranges clang-tidy highlights.
    ranges: list = field(default_factory=list)


@dataclass
class Diagnostic:
    check: str
    level: str  # "warning", "error" or "remark", lower case
    message: Message
    notes: list = field(default_factory=list)


@dataclass
class TidyRun:
    returncode: int
    stdout: str
    stderr: str
    diagnostics: list


def _absolute(path, build_dir):
    # Export-fixes paths are as clang saw them: relative ones are relative to
    # the compile command's directory.
    if not path:
        return path
    return os.path.normpath(os.path.join(build_dir, path))


def _message(entry, build_dir):
    path = _absolute(entry.get("FilePath", ""), build_dir)
    replacements = [
        Replacement(_absolute(r.get("FilePath", ""), build_dir), int(r["Offset"]),
                    int(r["Length"]), r.get("ReplacementText", "") or "")
        for r in entry.get("Replacements") or []]
    ranges = [(int(r["FileOffset"]), int(r["Length"]))
              for r in entry.get("Ranges") or []
              if _absolute(r.get("FilePath", ""), build_dir) == path]
    return Message(entry.get("Message", ""), path, int(entry.get("FileOffset", 0)),
                   replacements, ranges)


def parse_export_fixes(text):
    """The diagnostics of one clang-tidy --export-fixes file."""
    document = yaml.safe_load(text) or {}
    diagnostics = []
    for entry in document.get("Diagnostics") or []:
        build_dir = entry.get("BuildDirectory", "")
        diagnostics.append(Diagnostic(
            check=entry.get("DiagnosticName", ""),
            level=str(entry.get("Level", "Warning")).lower(),
            message=_message(entry["DiagnosticMessage"], build_dir),
            notes=[_message(note, build_dir) for note in entry.get("Notes") or []]))
    return diagnostics


def run_clang_tidy(command, source):
    """Runs command (clang-tidy and its options) on source and returns what it
    printed and the diagnostics it exported."""
    with tempfile.TemporaryDirectory(prefix="threadleak-") as scratch:
        fixes = os.path.join(scratch, "fixes.yaml")
        try:
            proc = subprocess.run([*command, f"--export-fixes={fixes}", source],
                                  stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, errors="replace", check=False)
        except OSError as err:
            raise UsageError(f"cannot run {command[0]}: {err}") from err
        diagnostics = []
        if os.path.exists(fixes):
            with open(fixes, encoding="utf-8", errors="replace") as exported:
                diagnostics = parse_export_fixes(exported.read())
    return TidyRun(proc.returncode, proc.stdout, proc.stderr, diagnostics)


def tidy_failed(run):
    """True when clang-tidy crashed or failed without a diagnostic saying why
    (a compile error is an exported error diagnostic, not a failure)."""
    if run.returncode < 0:
        return True
    return run.returncode != 0 and not any(d.level == "error" for d in run.diagnostics)
