#!/usr/bin/env python3
"""Minimal LSP client that drives clangd over stdio for end-to-end tests.

It opens one file, waits for clangd to publish that file's diagnostics, asks
for the code actions of every diagnostic, and prints both in a stable text
form that FileCheck can match:

    OTHER-FILE: LINE:COL: ...   (only for problems clangd reports in .clangd)
    diagnostics: N
    LINE:COL: SEVERITY: MESSAGE [SOURCE/CODE]
      note [FILE:]LINE:COL: MESSAGE   (FILE only when not the opened file)
      action [KIND] TITLE: LINE:COL-LINE:COL -> "NEW TEXT"; ...
      no code actions             (when clangd offers none for it)

With --apply REGEX it then applies the first code action whose title
matches, as an editor does, sends the edited text to clangd and prints:

    applied: TITLE
    | EDITED TEXT, LINE BY LINE
    after the edit:
    diagnostics: N              (and the rest, as above)

With --edits FILE it then edits the file over LSP, one step after another,
and prints what clangd publishes for each step's version (as above):

    edit N (version V):
    diagnostics: N              (and the rest)

FILE is JSON: a list of steps, each {"changes": [{"range": "L:C-L:C",
"text": "..."}, ...]}, sent as one incremental textDocument/didChange; ranges
use the printed 1-based positions. A step with "wait": false is sent without
waiting for its diagnostics, so the next step follows at once (clangd may
then skip publishing it).

Positions are 1-based lines and 1-based byte columns, like compiler and
clang-tidy output (the client insists on UTF-8 offsets).

It never hangs: every wait is bounded by one overall deadline, and clangd is
killed if it is still running when the client gives up. Exit status: 0 on
success, 1 on any protocol failure or timeout, 2 on bad usage.

Only the Python 3 standard library is used.
"""

import argparse
import json
import os
import pathlib
import queue
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse
from urllib.request import url2pathname

SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


class LspError(Exception):
    """A failure that ends the session with a clear message."""


class Connection:
    """JSON-RPC 2.0 over a child process's stdio with Content-Length framing."""

    def __init__(self, proc, deadline, trace):
        self.proc = proc
        self.deadline = deadline
        self.trace = trace
        self.next_id = 1
        # A reader thread turns the blocking pipe into a queue so that every
        # wait in the main thread can have a timeout.
        self.inbox = queue.Queue()
        reader = threading.Thread(target=self._read_loop, daemon=True)
        reader.start()

    def _read_loop(self):
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        self.inbox.put(None)
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length is None:
                    self.inbox.put(LspError("message without Content-Length"))
                    return
                body = stream.read(length)
                if len(body) != length:
                    self.inbox.put(None)
                    return
                self.inbox.put(json.loads(body.decode("utf-8")))
        except Exception as err:  # surfaced to the main thread, not lost
            self.inbox.put(LspError(f"reading from clangd failed: {err}"))

    def _send(self, message):
        message["jsonrpc"] = "2.0"
        if self.trace:
            self.trace.write("--> " + json.dumps(message, sort_keys=True) + "\n")
        body = json.dumps(message).encode("utf-8")
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body))
            self.proc.stdin.write(body)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as err:
            raise LspError(f"clangd closed its input ({err})") from err

    def notify(self, method, params):
        self._send({"method": method, "params": params})

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self._send({"id": request_id, "method": method, "params": params})
        return request_id

    def receive(self, what):
        """Returns the next message; raises LspError at the deadline or EOF."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise LspError(f"timed out waiting for {what}")
        try:
            message = self.inbox.get(timeout=remaining)
        except queue.Empty:
            raise LspError(f"timed out waiting for {what}") from None
        if message is None:
            raise LspError(f"clangd closed its output while waiting for {what}")
        if isinstance(message, LspError):
            raise message
        if self.trace:
            self.trace.write("<-- " + json.dumps(message, sort_keys=True) + "\n")
        if "method" in message and "id" in message:
            # clangd may ask the client things (e.g. progress tokens); an
            # unanswered request could stall it, so refuse each one at once.
            self._send({"id": message["id"],
                        "error": {"code": -32601,
                                  "message": "not supported by lsp_client"}})
        return message

    def wait_response(self, request_id, what):
        while True:
            message = self.receive(what)
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise LspError(f"{what} failed: {message['error']}")
                return message.get("result")


def position(pos):
    # LSP positions are 0-based; print 1-based like compilers do.
    return f"{pos['line'] + 1}:{pos['character'] + 1}"


def format_range(rng):
    return f"{position(rng['start'])}-{position(rng['end'])}"


def format_diagnostic(diag):
    severity = SEVERITY.get(diag.get("severity"), "unknown")
    origin = diag.get("source", "")
    if "code" in diag:
        origin += f"/{diag['code']}"
    return f"{position(diag['range']['start'])}: {severity}: {diag['message']} [{origin}]"


def action_edits(action, uri):
    """The LSP text edits an action makes in the file at uri."""
    edit = action.get("edit") or {}
    edits = list(edit.get("changes", {}).get(uri, []))
    for doc_edit in edit.get("documentChanges", []):
        if doc_edit.get("textDocument", {}).get("uri") == uri:
            edits.extend(doc_edit.get("edits", []))
    return edits


def edits_of(action, uri):
    """The text edits an action makes, in document order, as printable text."""
    edit = action.get("edit") or {}
    changes = action_edits(action, uri)
    other_files = sorted(set(edit.get("changes", {})) - {uri})
    changes.sort(key=lambda e: (e["range"]["start"]["line"],
                                e["range"]["start"]["character"]))
    text = [f"{format_range(e['range'])} -> {json.dumps(e['newText'])}"
            for e in changes]
    text.extend(f"edits {name}" for name in other_files)
    return text


def format_action(action, uri):
    if "command" in action and isinstance(action["command"], str):
        # A bare Command (not a CodeAction literal) has no kind and no edit.
        return f"command {action['title']}: {action['command']}"
    kind = action.get("kind", "")
    line = f"action [{kind}] {action['title']}"
    edits = edits_of(action, uri)
    if edits:
        line += ": " + "; ".join(edits)
    elif "command" in action:
        line += f": command {action['command'].get('command', '')}"
    return line


def initialize_params(root_uri, init_options):
    return {
        "processId": os.getpid(),
        "rootUri": root_uri,
        "workspaceFolders": None,
        "initializationOptions": init_options,
        "capabilities": {
            # Byte offsets make columns match compiler output for any text.
            "offsetEncoding": ["utf-8", "utf-16"],
            "general": {"positionEncodings": ["utf-8", "utf-16"]},
            "textDocument": {
                "publishDiagnostics": {
                    "relatedInformation": True,
                    # clangd extension: fixes travel inside each diagnostic.
                    "codeActionsInline": True,
                },
                "codeAction": {
                    # Without literal support clangd offers only commands,
                    # not the edits that a fix makes.
                    "codeActionLiteralSupport": {
                        "codeActionKind": {
                            "valueSet": ["", "quickfix", "refactor",
                                         "refactor.extract", "refactor.inline",
                                         "refactor.rewrite", "source",
                                         "source.organizeImports"]
                        }
                    },
                },
            },
            "workspace": {"applyEdit": False, "workspaceEdit": {
                "documentChanges": True}},
        },
    }


def run(args, trace):
    source = pathlib.Path(args.file).resolve()
    if not source.is_file():
        raise LspError(f"no such file: {source}")
    uri = source.as_uri()
    root = pathlib.Path(args.root).resolve() if args.root else source.parent

    command = [args.clangd, f"--log={args.log_level}", "--background-index=false",
               "--pretty=false"]
    if args.compile_commands_dir:
        command.append("--compile-commands-dir="
                       + str(pathlib.Path(args.compile_commands_dir).resolve()))
    command.extend(args.clangd_arg)

    init_options = {}
    if args.flags is not None:
        # An explicit command for this one file; clangd then ignores any
        # compilation database for it.
        init_options["compilationDatabaseChanges"] = {
            str(source): {
                "workingDirectory": str(source.parent),
                "compilationCommand": ["clang++", *args.flags, str(source)],
            }
        }

    with open(args.log or os.devnull, "w") as log:
        try:
            proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=log,
                                    cwd=str(root))
        except OSError as err:
            raise LspError(f"cannot start {args.clangd}: {err}") from err
        try:
            return session(args, proc, trace, uri, root, source, init_options)
        except LspError as err:
            status = proc.poll()
            if status is not None:
                raise LspError(f"{err}; clangd exited with status {status}") from err
            raise
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def wait_diagnostics(conn, uri, source, version):
    """The diagnostics clangd publishes for version of the file, and those of
    other files (its .clangd) published meanwhile."""
    other_files = {}
    while True:
        message = conn.receive(f"textDocument/publishDiagnostics for {source}")
        if message.get("method") != "textDocument/publishDiagnostics":
            continue
        params = message["params"]
        if params["uri"] == uri:
            if params.get("version", version) == version:
                return params["diagnostics"], other_files
        else:
            # clangd reports mistakes in .clangd files this way; a typo there
            # silently changes which checks run, so show them. A later
            # publication for the same file replaces the earlier one.
            other = os.path.relpath(
                url2pathname(urlparse(params["uri"]).path), source.parent)
            other_files[other] = params["diagnostics"]


def describe(conn, args, uri, source, diagnostics):
    """The printed form of the diagnostics, their notes and code actions, and
    every code action offered, in that order."""
    out = []
    offered = []
    diagnostics = sorted(diagnostics, key=lambda d: (d["range"]["start"]["line"],
                                                     d["range"]["start"]["character"],
                                                     d.get("code", ""), d["message"]))
    out.append(f"diagnostics: {len(diagnostics)}")
    for diag in diagnostics:
        out.append(format_diagnostic(diag))
        # clangd sends a diagnostic's notes here when the client accepts
        # related information (otherwise it folds them into the message).
        for note in diag.get("relatedInformation", []):
            where = note["location"]
            prefix = "" if where["uri"] == uri else os.path.relpath(
                url2pathname(urlparse(where["uri"]).path), source.parent) + ":"
            out.append(f"  note {prefix}{position(where['range']['start'])}: "
                       f"{note['message']}")
        # Send the diagnostic as published, minus the inline extension field,
        # the way an editor hands it back.
        context_diag = {k: v for k, v in diag.items() if k != "codeActions"}
        action_id = conn.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": diag["range"],
            "context": {"diagnostics": [context_diag]},
        })
        actions = conn.wait_response(action_id, "the textDocument/codeAction response")
        # Saying so explicitly lets a test assert that a fix is missing with
        # the same line it later replaces by the fix.
        if not actions:
            out.append("  no code actions")
        offered.extend(actions or [])
        for action in actions or []:
            out.append("  " + format_action(action, uri))
        if args.inline_actions:
            for action in diag.get("codeActions", []):
                out.append("  inline " + format_action(action, uri))
    return out, offered


def apply_edits(text, edits):
    """text with the LSP edits applied; positions are UTF-8 offsets in lines."""
    data = text.encode("utf-8")
    starts = [0]
    for index, byte in enumerate(data):
        if byte == ord("\n"):
            starts.append(index + 1)

    def offset(pos):
        return starts[pos["line"]] + pos["character"]

    # From the end, so that earlier offsets stay valid.
    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        data = (data[:offset(edit["range"]["start"])] + edit["newText"].encode("utf-8")
                + data[offset(edit["range"]["end"]):])
    return data.decode("utf-8")


def lsp_range(text):
    """"L:C-L:C" (1-based, as printed) -> an LSP range."""
    points = []
    for point in text.split("-"):
        line, _, column = point.partition(":")
        points.append({"line": int(line) - 1, "character": int(column) - 1})
    return {"start": points[0], "end": points[-1]}


def edit_steps(conn, args, uri, source):
    """Sends each step of args.edits as a didChange; returns the printed
    diagnostics of each step waited for."""
    with open(args.edits, encoding="utf-8") as f:
        steps = json.load(f)
    out = []
    for number, step in enumerate(steps, 1):
        version = number + 1
        conn.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": lsp_range(c["range"]), "text": c["text"]}
                               for c in step["changes"]]})
        if step.get("wait", True):
            diagnostics, _ = wait_diagnostics(conn, uri, source, version)
            out.append(f"edit {number} (version {version}):")
            out.extend(describe(conn, args, uri, source, diagnostics)[0])
    return out


def session(args, proc, trace, uri, root, source, init_options):
    conn = Connection(proc, time.monotonic() + args.timeout, trace)

    init_id = conn.request("initialize",
                           initialize_params(root.as_uri(), init_options))
    init = conn.wait_response(init_id, "the initialize response")
    if "codeActionProvider" not in init.get("capabilities", {}):
        raise LspError("the server does not provide code actions")
    encoding = (init.get("offsetEncoding")
                or init["capabilities"].get("positionEncoding", "utf-16"))
    if encoding != "utf-8":
        raise LspError(f"clangd chose {encoding} offsets, not utf-8: "
                       "columns would not match compiler output")
    conn.notify("initialized", {})

    text = source.read_text(encoding="utf-8")
    conn.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}})

    diagnostics, other_files = wait_diagnostics(conn, uri, source, 1)
    out = [f"{name}: {format_diagnostic(d)}"
           for name, diags in sorted(other_files.items()) for d in diags]
    lines, actions = describe(conn, args, uri, source, diagnostics)
    out.extend(lines)

    if args.apply:
        # Do what an editor does when the user picks the fix: apply its edits
        # to the buffer, send the new text, and show what clangd says then.
        chosen = next((a for a in actions if re.search(args.apply, a.get("title", ""))), None)
        if chosen is None:
            raise LspError(f"no code action whose title matches {args.apply!r}")
        text = apply_edits(text, action_edits(chosen, uri))
        out.append(f"applied: {chosen['title']}")
        out.extend(f"| {line}" for line in text.splitlines())
        conn.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": text}]})
        diagnostics, _ = wait_diagnostics(conn, uri, source, 2)
        out.append("after the edit:")
        out.extend(describe(conn, args, uri, source, diagnostics)[0])
    elif args.edits:
        out.extend(edit_steps(conn, args, uri, source))
    print("\n".join(out), flush=True)

    shutdown_id = conn.request("shutdown", None)
    conn.wait_response(shutdown_id, "the shutdown response")
    conn.notify("exit", None)
    try:
        status = proc.wait(timeout=max(0.1, conn.deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise LspError("clangd did not exit after shutdown and exit") from None
    if status != 0:
        raise LspError(f"clangd exited with status {status} after shutdown")
    return 0


def main():
    parser = argparse.ArgumentParser(
        description="Open FILE in clangd, print its diagnostics and code actions.",
        epilog="Compile flags go after '--', e.g. `-- -std=c++17 -Wall`. Without "
               "them clangd finds compile_commands.json or compile_flags.txt "
               "itself, or uses --compile-commands-dir.")
    parser.add_argument("clangd", help="clangd binary to run")
    parser.add_argument("file", help="source file to open")
    parser.add_argument("--compile-commands-dir", help="passed to clangd")
    parser.add_argument("--root", help="workspace root (default: FILE's directory)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds for the whole session (default: 60)")
    parser.add_argument("--log", help="file for clangd's stderr (default: discarded)")
    parser.add_argument("--log-level", default="info",
                        choices=["error", "info", "verbose"])
    parser.add_argument("--trace", help="file for every JSON-RPC message sent and received")
    parser.add_argument("--inline-actions", action="store_true",
                        help="also print the fixes carried inside publishDiagnostics")
    parser.add_argument("--apply", metavar="REGEX",
                        help="apply the first code action whose title matches, send "
                             "the edited text to clangd, and print the text and the "
                             "diagnostics clangd then publishes")
    parser.add_argument("--edits", help="JSON file of incremental edits to send "
                        "after opening FILE, one step at a time (see above)")
    parser.add_argument("--clangd-arg", action="append", default=[],
                        help="extra clangd argument (repeatable)")
    argv = sys.argv[1:]
    flags = None
    if "--" in argv:
        split = argv.index("--")
        argv, flags = argv[:split], argv[split + 1:]
    args = parser.parse_args(argv)
    args.flags = flags

    trace = open(args.trace, "w") if args.trace else None
    try:
        return run(args, trace)
    except LspError as err:
        where = f" (clangd log: {args.log})" if args.log else ""
        print(f"lsp_client: error: {err}{where}", file=sys.stderr)
        return 1
    finally:
        if trace:
            trace.close()


if __name__ == "__main__":
    sys.exit(main())
