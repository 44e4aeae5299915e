"""The utilities: options, usage lines, errors and exit statuses, and what
each tool does, typed at the shell as a person would.

Until the shell has $?, the helper `exitcode CMD...` runs CMD and prints
"exit N" on fd 2 (seen even when CMD's output goes into a pipe).
"""

import re
import time

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


@test("tools_new", timeout=300)
def _():
    q = boot()
    cmd(q, "echo 10 > n; echo 9 >> n; echo -3 >> n; echo 100 >> n; echo 9 >> n")
    out = cmd(q, "sort -n n")
    check(lines_of(out) == ["-3", "9", "9", "10", "100"], "sort -n: %r" % out)
    out = cmd(q, "sort n")
    check(lines_of(out) == ["-3", "10", "100", "9", "9"], "sort (bytes): %r" % out)
    out = cmd(q, "sort -rnu n")
    check(lines_of(out) == ["100", "10", "9", "-3"], "sort -rnu: %r" % out)
    cmd(q, "echo a > u; echo a >> u; echo b >> u; echo c >> u; echo c >> u; echo c >> u")
    out = cmd(q, "uniq -c u")
    check([l.split() for l in lines_of(out)] == [["2", "a"], ["1", "b"], ["3", "c"]], "uniq -c: %r" % out)
    out = cmd(q, "uniq -d u")
    check(lines_of(out) == ["a", "c"], "uniq -d: %r" % out)
    out = cmd(q, "echo hello | tee t1 t2")
    check(lines_of(out) == ["hello"], "tee copies to stdout: %r" % out)
    out = cmd(q, "echo more | tee -a t1; cat t1 t2")
    check(lines_of(out) == ["more", "hello", "more", "hello"], "tee FILE and tee -a: %r" % out)
    cmd(q, "echo root:x:0:0 > pw; echo user:y:1:1 >> pw; echo nocolon >> pw")
    out = cmd(q, "cut -d: -f2 pw")
    check(lines_of(out) == ["x", "y", "nocolon"], "cut -d: -f2: %r" % out)
    out = cmd(q, "cut -d : -f 1,3- pw")
    check(lines_of(out) == ["root:0:0", "user:1:1", "nocolon"], "cut -f 1,3-: %r" % out)
    out = cmd(q, "cut -c 2-3 pw")
    check(lines_of(out) == ["oo", "se", "oc"], "cut -c: %r" % out)
    out, st = run_status(q, "cut -f x pw")
    check(st == 2 and "usage: cut" in out, "cut with a bad list: %r %d" % (out, st))
    out = cmd(q, "echo Hello World | tr a-z A-Z")
    check(lines_of(out) == ["HELLO WORLD"], "tr a-z A-Z: %r" % out)
    out = cmd(q, "echo Hello World | tr -d lo")
    check(lines_of(out) == ["He Wrd"], "tr -d: %r" % out)
    out = cmd(q, "seq 3; seq 2 4; seq 10 -4 1")
    check(lines_of(out) == ["1", "2", "3", "2", "3", "4", "10", "6", "2"], "seq: %r" % out)
    out, st = run_status(q, "seq 1 0 2")
    check(st == 2 and "usage: seq" in out, "seq with increment 0: %r %d" % (out, st))
    out = cmd(q, "yes | head -3")
    check(lines_of(out) == ["y", "y", "y"], "yes | head -3: %r" % out)
    out, st = run_status(q, "yes | head -1")
    check(st == 141 and "SIGPIPE" in out, "yes is killed by SIGPIPE (128 + 13) when its reader goes: %r %d" % (out, st))
    out, st = run_status(q, "cat README | head -1")
    check(st == 141, "a write to a pipe without a reader: SIGPIPE for cat: %r %d" % (out, st))
    cmd(q, "echo hello > h")
    out = cmd(q, "od -c h")
    check(lines_of(out) == ["0000000   h   e   l   l   o  \\n", "0000006"], "od -c: %r" % out)
    out = cmd(q, "od -b h; od -x h")
    check(lines_of(out) == ["0000000 150 145 154 154 157 012", "0000006",
                            "0000000 6568 6c6c 0a6f", "0000006"], "od -b, od -x: %r" % out)
    out = cmd(q, "time sleep 1")
    m = re.search(r"real (\d+)\.(\d)\b", out)
    check(m and 1.0 <= float(m.group(0).split()[1]) < 3, "time sleep 1: %r" % out)
    cmd(q, "mkdir dd; echo 12345 > dd/x; mkdir dd/sub; echo 1 > dd/sub/y")
    out = cmd(q, "du -s dd")
    check(re.fullmatch(r"\d+\tdd", out.strip()), "du -s: one line: %r" % out)
    out = lines_of(cmd(q, "du dd"))
    check(len(out) == 2 and out[0].endswith("dd/sub") and out[1].endswith("\tdd"), "du: %r" % out)
    out = cmd(q, "clear | od -c")
    check("033   [   H 033   [   2   J" in out, "clear sends ESC [H ESC [2J: %r" % out)


# Every utility of this issue, with an option none of them has.
TOOLS = ["cat", "cp", "echo", "find", "grep", "head", "tail", "wc", "rm", "mkdir", "ln",
         "touch", "kill", "sleep", "xargs", "uptime", "free", "ps", "halt", "sort", "uniq",
         "tee", "cut", "tr", "diff", "more", "clear", "du", "time", "yes", "seq", "od",
         "exitcode", "date", "df", "readlink", "env"]


@test("tools_help", timeout=400)
def _():
    q = boot()
    for tool in TOOLS:
        out, st = run_status(q, tool + " --help")
        check(st == 0 and re.search(r"^usage: %s\b" % tool, out, re.M),
              "`%s --help`: the usage on fd 1, status 0: %r %d" % (tool, out, st))
        out = cmd(q, tool + " --help | wc -l")
        check(lines_of(out) == ["1"], "`%s --help` writes its usage to stdout: %r" % (tool, out))
    for tool in TOOLS:
        if tool == "echo":
            continue                      # echo prints its arguments, -Q too (POSIX)
        out, st = run_status(q, tool + " -Q")
        check(st == 2 and re.search(r"^usage: %s\b" % tool, out, re.M),
              "`%s -Q`: usage, status 2: %r %d" % (tool, out, st))


@test("tools_diff", timeout=300)
def _():
    q = boot()
    cmd(q, "echo a > d1; echo b >> d1; echo c >> d1; echo d >> d1; echo e >> d1")
    cmd(q, "echo a > d2; echo B >> d2; echo c >> d2; echo e >> d2; echo f >> d2")
    out, st = run_status(q, "diff d1 d2")
    check(st == 1 and lines_of(out) == ["2c2", "< b", "---", "> B", "4d3", "< d", "5a5", "> f"],
          "diff: c, d and a commands, status 1: %r %d" % (out, st))
    out, st = run_status(q, "diff -u d1 d2")
    check(st == 1 and lines_of(out) == ["--- d1", "+++ d2", "@@ -1,5 +1,5 @@", " a", "-b", "+B",
                                        " c", "-d", " e", "+f"], "diff -u: %r %d" % (out, st))
    out, st = run_status(q, "diff d1 d1")
    check(st == 0 and lines_of(out) == [], "diff of equal files: %r %d" % (out, st))
    out, st = run_status(q, "diff d1 nosuch")
    check(st == 2 and "diff: nosuch: No such file or directory" in out, "diff of a missing file: %r %d" % (out, st))
    cmd(q, "seq 40 > s1; seq 40 | grep -v 20 > s2; echo 41 >> s2")
    out = cmd(q, "diff -u s1 s2")
    check("@@ -17,7 +17,6 @@" in out and "@@ -38,3 +37,4 @@" in out and "-20" in out and "+41" in out,
          "diff -u: two hunks with context: %r" % out)


@test("tools_more", timeout=300)
def _():
    q = boot()
    cmd(q, "seq 60 > nums")
    q.mark()
    q.sendline("more nums")
    q.expect("--More--", timeout=60)
    first = q.output[q.output.rindex("more nums"):]
    check("23\n" in first and "\n24\n" not in first, "the first page has 23 lines: %r" % first)
    q.mark()
    q.send(" ")
    q.expect("--More--", timeout=60)
    check("46\n" in q.output and "\n47\n" not in q.output, "space: the next page: %r" % q.output[-300:])
    q.mark()
    q.send("\r")
    q.expect("47\n", timeout=60)
    q.expect("--More--", timeout=60)
    q.send("q")
    q.expect("$ ", timeout=60)
    check("\n48\n" not in q.output, "q quits: %r" % q.output[-300:])
    out = cmd(q, "echo cooked-again")
    check("cooked-again" in out, "the console is back in cooked mode")
    out = cmd(q, "seq 30 | more | wc -l")
    check(lines_of(out) == ["30"], "more into a pipe copies everything: %r" % out)


@test("tools_tail_follow", timeout=300)
def _():
    q = boot()
    cmd(q, "echo first > log")
    out = cmd(q, "tail -f log &")
    m = re.search(r"\[(\d+)\] (\d+)", out)
    check(m, "tail -f & prints [N] PID: %r" % out)
    job, pid = m.groups()
    q.expect("first\n", timeout=60)
    for text in ["appended-line", "and-another"]:
        q.mark()                          # the echo of the typed line has no newline after text
        q.sendline("echo %s >> log" % text)
        q.expect(text + "\n", timeout=60)
    out = cmd(q, "kill " + pid)
    if "[%s] Terminated" % job not in out:  # SIGTERM; reported with the next prompt
        q.sendline("echo after-kill")
        q.expect("[%s] Terminated" % job, timeout=60)
    out, st = run_status(q, "tail -f log log")
    check(st == 2 and "usage: tail" in out, "tail -f with two files: %r %d" % (out, st))


@test("tools_date_df_readlink", timeout=300)
def _():
    q = boot()
    out = cmd(q, "date +%s")
    now = int(re.search(r"^(\d+)\s*$", out, re.M).group(1))
    check(abs(now - time.time()) < 600, "date +%%s is %d, the host says %d" % (now, time.time()))
    out = cmd(q, "date")
    check(re.search(r"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                    r" [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$", out, re.M), "date: %r" % out)
    day = time.strftime("%Y-%m-%d", time.gmtime())
    out = cmd(q, "date +%F.%j")
    check(day in out, "date +%%F is %s: %r" % (day, out))
    out, st = run_status(q, "date +%Q")
    check(st == 2 and "unknown conversion %Q" in out, "date +%%Q: %r, status %d" % (out, st))

    out = cmd(q, "df")
    m = re.search(r"^kitefs\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)% /$", out, re.M)
    check(m, "df: %r" % out)
    total, used, avail = (int(m.group(i)) for i in (1, 2, 3))
    check(total > 0 and used + avail == total and used > 0, "df's numbers: %r" % out)
    cmd(q, "cat README > dfbig; cat dfbig dfbig dfbig dfbig > dfbig2")
    out = cmd(q, "df /")
    used2 = int(re.search(r"^kitefs\s+\d+\s+(\d+)", out, re.M).group(1))
    check(used2 > used, "df after writing files: used %d, before %d" % (used2, used))
    out = cmd(q, "df -i")
    check(re.search(r"^kitefs\s+\d+\s+\d+\s+\d+\s+\d+% /$", out, re.M) and "IFree" in out, "df -i: %r" % out)
    out, st = run_status(q, "df /nosuch")
    check(st == 1 and "df: /nosuch: No such file or directory" in out, "df of a missing path: %r" % out)

    out, st = run_status(q, "mkdir -p pw/d; cd pw/d; exitcode pwd")
    check(st == 0 and re.search(r"^/pw/d$", out, re.M), "the pwd program: %r" % out)
    cmd(q, "cd /")

    cmd(q, "ln -s /README rl-link")
    out = cmd(q, "readlink rl-link")
    check(re.search(r"^/README$", out, re.M), "readlink: %r" % out)
    out, st = run_status(q, "readlink README")
    check(st == 1 and "readlink: README: Invalid argument" in out, "readlink of a file: %r" % out)
    out, st = run_status(q, "readlink nolink")
    check(st == 1 and "No such file or directory" in out, "readlink of nothing: %r" % out)
