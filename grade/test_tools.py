"""The utilities: options, usage lines, errors and exit statuses, and what
each tool does, typed at the shell as a person would.

Until the shell has $?, the helper `exitcode CMD...` runs CMD and prints
"exit N" on fd 2 (seen even when CMD's output goes into a pipe).
"""

import re

from grade import check, test
from test_user import boot, cmd, lines_of


def status_of(out):
    m = re.search(r"exit (-?\d+)", out)
    check(m, "exitcode printed no status: %r" % out)
    return int(m.group(1))


def run_status(q, line):
    """Runs `exitcode LINE`; returns (output without the status line, status)."""
    out = cmd(q, "exitcode " + line)
    rest = "\n".join(l for l in out.split("\n") if not re.fullmatch(r"exit -?\d+", l.strip()))
    return rest, status_of(out)


@test("tools_options", timeout=300)
def _():
    q = boot()
    out, st = run_status(q, "cat -x")
    check(st == 2 and "cat: unknown option -x" in out and "usage: cat" in out,
          "cat -x: unknown option, usage, status 2: %r %d" % (out, st))
    out, st = run_status(q, "cat --help")
    check(st == 0 and "usage: cat" in out, "cat --help: usage, status 0: %r %d" % (out, st))
    out, st = run_status(q, "head -n")
    check(st == 2 and "missing argument" in out and "usage: head" in out,
          "head -n without N: %r %d" % (out, st))
    out, st = run_status(q, "head -n x README")
    check(st == 2 and "not a number" in out, "head -n x: %r %d" % (out, st))
    out, st = run_status(q, "wc --bogus README")
    check(st == 2 and "unknown option --bogus" in out, "a long option: %r %d" % (out, st))
    cmd(q, "echo a > -f")
    out, st = run_status(q, "cat -- -f")
    check(st == 0 and lines_of(out) == ["a"], "-- ends the options: %r %d" % (out, st))


@test("tools_text", timeout=300)
def _():
    q = boot()
    cmd(q, "echo one > f1; echo Two >> f1; echo three3 >> f1; echo 4 >> f1")
    cmd(q, "echo alpha > f2; echo beta >> f2; echo gamma >> f2")
    out = cmd(q, "wc -l f1")
    check(lines_of(out) == ["4 f1"], "wc -l: %r" % out)
    out = cmd(q, "wc -wc f1 f2")
    check(lines_of(out) == ["4 17 f1", "3 17 f2", "7 34 total"], "wc -wc, two files: %r" % out)
    out = cmd(q, "head -1 f1")
    check(lines_of(out) == ["one"], "head -1: %r" % out)
    out = cmd(q, "head -n 2 f1 f2")
    check(lines_of(out) == ["==> f1 <==", "one", "Two", "==> f2 <==", "alpha", "beta"],
          "head -n 2 with headers: %r" % out)
    out = cmd(q, "tail -n1 f1 f2")
    check(lines_of(out) == ["==> f1 <==", "4", "==> f2 <==", "gamma"], "tail -n1, two files: %r" % out)
    out = cmd(q, "tail -2 f2")
    check(lines_of(out) == ["beta", "gamma"], "tail -2: %r" % out)
    out = cmd(q, "grep -i two f1")
    check(lines_of(out) == ["Two"], "grep -i: %r" % out)
    out = cmd(q, "grep -c e f1")
    check(lines_of(out) == ["2"], "grep -c: %r" % out)
    out = cmd(q, "grep '[0-9]' f1")
    check(lines_of(out) == ["three3", "4"], "grep [0-9]: %r" % out)
    out = cmd(q, "grep -n '^[^a-z]' f1")
    check(lines_of(out) == ["2:Two", "4:4"], "grep -n with [^a-z]: %r" % out)
    out = cmd(q, "grep -v -i 'T[w-x]o' f1")
    check(lines_of(out) == ["one", "three3", "4"], "grep -v -i with a range: %r" % out)
    out, st = run_status(q, "grep nomatch f1")
    check(st == 1 and lines_of(out) == [], "grep without a match: status 1: %r %d" % (out, st))
    out, st = run_status(q, "grep '[ab' f1")
    check(st == 2 and "grep: [ab" in out, "an unterminated class: %r %d" % (out, st))
    cmd(q, "mkdir dir")
    for tool in ["cat", "head", "tail", "wc", "grep x"]:
        out, st = run_status(q, tool + " dir")
        check(st != 0 and "dir: Is a directory" in out, "`%s dir`: %r %d" % (tool, out, st))


@test("tools_rm_guard", timeout=300)
def _():
    q = boot()
    cmd(q, "mkdir notes; echo x > notes/a")
    out, st = run_status(q, "rm -r /")
    check(st != 0 and "refusing" in out, "rm -r / is refused: %r %d" % (out, st))
    out = lines_of(cmd(q, "ls /"))
    check("init" in out and "sh" in out and "notes" in out, "the root is intact after rm -r /: %r" % out)
    for bad in ["notes/..", "notes/.", "//", "/notes/../", "."]:
        out, st = run_status(q, "rm -rf " + bad)
        check(st != 0 and "refusing" in out, "rm -rf %s is refused: %r %d" % (bad, out, st))
    out, st = run_status(q, "rm -r notes/a notes/..")
    check(st != 0, "a refused operand among good ones: status %d" % st)
    out = cmd(q, "cat notes/a")
    check(lines_of(out) == ["x"], "nothing is removed when one operand is refused: %r" % out)
    out, st = run_status(q, "rm -f nosuch")
    check(st == 0 and lines_of(out) == [], "rm -f of a missing file: silent, status 0: %r %d" % (out, st))
    out, st = run_status(q, "rm nosuch")
    check(st == 1 and "rm: nosuch: No such file or directory" in out, "rm of a missing file: %r %d" % (out, st))
    out, st = run_status(q, "rm notes")
    check(st == 1 and "notes: Is a directory" in out, "rm of a directory without -r: %r %d" % (out, st))
    out, st = run_status(q, "rm -r notes")
    check(st == 0, "rm -r notes: %r %d" % (out, st))
    out = cmd(q, "ls notes")
    check("no such file" in out.lower(), "rm -r removed notes: %r" % out)


@test("tools_files", timeout=300)
def _():
    q = boot()
    out, st = run_status(q, "mkdir --help")
    check(st == 0 and "usage: mkdir" in out, "mkdir --help: %r %d" % (out, st))
    out = lines_of(cmd(q, "ls /"))
    check("--help" not in out, "mkdir --help made no directory: %r" % out)
    out, st = run_status(q, "mkdir -p a/b/c")
    check(st == 0, "mkdir -p a/b/c: %r %d" % (out, st))
    out, st = run_status(q, "mkdir -p a/b/c")
    check(st == 0 and lines_of(out) == [], "mkdir -p of an existing directory: %r %d" % (out, st))
    out, st = run_status(q, "mkdir a")
    check(st == 1 and "mkdir: a: File exists" in out, "mkdir of an existing one: %r %d" % (out, st))
    cmd(q, "echo deep > a/b/c/f; echo top > a/g")
    out, st = run_status(q, "cp a z")
    check(st == 1 and "a: Is a directory" in out, "cp of a directory without -r: %r %d" % (out, st))
    out, st = run_status(q, "cp -r a z")
    check(st == 0, "cp -r: %r %d" % (out, st))
    out = cmd(q, "cat z/b/c/f z/g")
    check(lines_of(out) == ["deep", "top"], "cp -r copied the tree: %r" % out)
    out, st = run_status(q, "cp -r a a/b")
    check(st == 1 and "into itself" in out, "cp -r into itself: %r %d" % (out, st))
    out, st = run_status(q, "sleep 0.5")
    check(st == 0, "sleep 0.5: %r %d" % (out, st))
    out, st = run_status(q, "sleep 1x")
    check(st == 2 and "usage: sleep" in out, "sleep 1x: %r %d" % (out, st))
