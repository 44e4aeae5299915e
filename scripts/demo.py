#!/usr/bin/env python3
"""make demo's scripted session: Kite boots and is used as a person would.

    python3 scripts/demo.py [--fast] [--disk IMG] [--cast FILE] [--cols N --rows N]

Boots kernel/kernel in QEMU (as `make qemu` does) on --disk IMG (make
demo gives it a new image of its own) or else a scratch copy of fs.img
(build/demo-fs.img), prints the console on standard output exactly as it
comes, and types the steps of SESSION below at a human pace (--fast: as fast as the UART takes them, for the grade test),
each after the output it waits for.  `make demo` runs this under
`asciinema rec` to record docs/demo.cast.  --cast FILE also writes the
session as an asciinema v2 recording from this script's own capture (no
asciinema needed; --cols/--rows give its screen size).

Every step checks what it waits for: the exit status is 0 when the whole
session ran, 1 with "demo: step N (WHAT): ..." on standard error when one
did not.  Python 3 standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from qemuconsole import ConsoleProcess, qemu_command  # noqa: E402

PROMPT = re.compile(r"\n\$ $")
CTRL_C, CTRL_P = "\x03", "\x10"

# Each step: what it shows (for error messages), what to type (None: type
# nothing), what to wait for after it (a regex on the console since the
# step began), and how long to let the viewer read afterwards (seconds).
SESSION = [
    ("boot", None, re.compile(r"init: starting sh\n(.*\n)*\$ $"), 2.0),
    ("ls", "ls", PROMPT, 2.5),
    ("a pipeline", "echo one two three four | wc", re.compile(r"1 4 19\n\$ $"), 1.5),
    ("a background job", "sleep 30 &", PROMPT, 0.8),
    ("ps", "ps", re.compile(r"sleep[^\n]*\n(.*\n)*\$ $"), 2.0),
    ("write a file", "echo made inside Kite > note.txt", PROMPT, 0.5),
    ("read it back", "cat note.txt", re.compile(r"\nmade inside Kite\n\$ $"), 1.5),
    ("Ctrl-P", "# Ctrl-P lists the processes (from the kernel)", PROMPT, 0.5),
    ("the process list", CTRL_P, re.compile(r"sleep[^\n]*\n"), 2.0),
    ("a fresh prompt", "", PROMPT, 0.5),
    ("a program that faults", "usertests textwrite",
     re.compile(r"page fault at 0x[0-9a-f]+, pc 0x[0-9a-f]+: killed\n(.*\n)*\$ $"), 2.5),
    ("usertests -q", "usertests -q", re.compile(r"test \S+: OK\n(.*\n)*test \S+: OK\n"), 0.5),
    ("Ctrl-C", CTRL_C, PROMPT, 1.0),
    ("halt", "halt", re.compile(r"kite: halt requested by pid \d+, powering off"), 1.0),
]

STEP_TIMEOUT = 120   # seconds a step may take to show what it waits for
CHAR_DELAY = 0.07    # human typing: seconds per character
ENTER_DELAY = 0.4    # a pause before Enter, as people make


class Recorder:
    """The console's raw output, echoed to a file and kept as cast events."""

    def __init__(self, echo, cast):
        self.echo, self.cast = echo, cast
        self.start = time.monotonic()

    def __call__(self, data):
        if self.echo:
            self.echo.write(data)
            self.echo.flush()
        if self.cast is not None:
            # A terminal (asciinema's pty) turns "\n" into "\r\n"; so does the cast.
            text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\n", "\r\n")
            self.cast.append([round(time.monotonic() - self.start, 6), "o", text])


def type_keys(con, text, fast):
    """Type text (then Enter, unless it is a control key) at the pace chosen."""
    keys = text if len(text) == 1 and ord(text) < 32 else text + "\n"
    if fast:
        con.send(keys)  # paced only for the UART's small receive FIFO
        return
    for ch in keys:
        time.sleep(ENTER_DELAY if ch == "\n" else CHAR_DELAY)
        con.send(ch, chunk=1, pause=0)


def run_session(con, fast):
    """Every step in order; None, or why the session stopped."""
    for n, (what, keys, rx, linger) in enumerate(SESSION, 1):
        start = len(con.output)
        if keys is not None:
            type_keys(con, keys, fast)
        m, _ = con.wait_match(rx, start, time.monotonic() + STEP_TIMEOUT)
        if not m:
            tail = con.output[start:][-300:]
            return "step %d (%s): did not see %s; the console ended with:\n%s" % (
                n, what, rx.pattern, tail)
        if not fast:
            time.sleep(linger)
    return None


def write_cast(path, events, cols, rows):
    """An asciinema v2 recording: a header line, then one JSON event per line."""
    header = {"version": 2, "width": cols, "height": rows, "timestamp": int(time.time()),
              "title": "Kite: boot, a shell session, halt", "env": {"TERM": "xterm-256color"}}
    with open(path, "w") as f:
        f.write(json.dumps(header) + "\n")
        for ev in events:
            f.write(json.dumps(ev) + "\n")


def main():
    ap = argparse.ArgumentParser(description="Kite's scripted demo session")
    ap.add_argument("--fast", action="store_true", help="type without human pauses (tests)")
    ap.add_argument("--disk", help="disk image to boot (default: a fresh copy of fs.img, build/demo-fs.img)")
    ap.add_argument("--cast", help="also write an asciinema v2 recording here")
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=32)
    args = ap.parse_args()

    for f in ("kernel/kernel", "fs.img"):
        if not os.path.exists(os.path.join(ROOT, f)):
            sys.exit("demo: %s is missing: run `make` first" % f)
    disk = args.disk
    if not disk:
        disk = os.path.join("build", "demo-fs.img")
        subprocess.run(["cp", "--sparse=always", "fs.img", disk], cwd=ROOT, check=True)
    events = [] if args.cast else None
    out = sys.stdout.buffer
    con = ConsoleProcess(qemu_command(cpus=3, disk=disk, cache="unsafe"), ROOT,
                         on_data=Recorder(out, events))
    try:
        why = run_session(con, args.fast)
        if not why:
            try:
                con.proc.wait(30)  # halt powers QEMU off
            except subprocess.TimeoutExpired:
                why = "halt: QEMU did not exit"
    finally:
        con.kill()
    if args.cast and not why:
        write_cast(args.cast, events, args.cols, args.rows)
    if why:
        out.flush()
        print("\ndemo: " + why, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
