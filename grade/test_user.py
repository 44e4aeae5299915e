"""User land: the shell, the utilities, the console keys, the test programs.

Each test boots Kite on its own scratch copy of the grade disk, waits for the shell
and types at it as a person would.
"""

import os
import re

from grade import GRADE_DISK, ROOT, QEMU, check, run, test

PROMPT = "$ "
PROMPT2 = "> "


def boot(cpus=3, **kw):
    q = QEMU(cpus=cpus, **kw)
    q.expect("init: starting sh", timeout=120)
    q.expect(PROMPT, timeout=60)
    return q


def cmd(q, line, timeout=60):
    """Type a command line; return what it printed before the next prompt."""
    q.mark()
    q.sendline(line)
    q.expect(line, timeout=timeout)            # the shell's echo of the line
    m = q.expect(re.compile(r"(?s)(.*?)\n\$ "), timeout=timeout)
    return m.group(1)


def lines_of(text):
    return [l for l in text.split("\n") if l.strip()]


@test("shell_pipeline", timeout=240)
def _():
    q = boot()
    out = cmd(q, "echo hello pipe world | cat | grep pipe | wc")
    check("1 3 17" in out, "4-stage pipeline: expected `1 3 17` from wc, got %r" % out)
    out = cmd(q, "(echo a; echo b) | wc")
    check("2 2 4" in out, "( ) grouping into a pipe: expected `2 2 4`, got %r" % out)


@test("shell_redirect", timeout=240)
def _():
    q = boot()
    cmd(q, "echo first > r.txt")
    out = cmd(q, "cat < r.txt")
    check("first" in out, "< and >: got %r" % out)
    cmd(q, "echo second >> r.txt")
    out = cmd(q, "cat r.txt")
    check(lines_of(out)[-2:] == ["first", "second"], ">> appends: got %r" % out)
    cmd(q, "echo third > r.txt")
    out = cmd(q, "cat r.txt")
    check(lines_of(out) == ["third"], "> truncates: got %r" % out)
    out = cmd(q, "cat < nosuchfile")
    check("sh: nosuchfile: No such file or directory" in out, "missing input file: got %r" % out)


@test("shell_lists_and_background", timeout=240)
def _():
    q = boot()
    out = cmd(q, "echo one; echo two ; echo three")
    check(lines_of(out)[-3:] == ["one", "two", "three"], "; list: got %r" % out)
    out = cmd(q, "sleep 5 &")
    m = re.search(r"\[(\d+)\] (\d+)", out)
    check(m, "& prints [N] PID: got %r" % out)
    q.sendline("sleep 20")
    q.expect("[%s] Done    sleep 5" % m.group(1), timeout=90)


@test("shell_quotes_and_errors", timeout=240)
def _():
    q = boot()
    out = cmd(q, "echo \"a  b\" 'c|d' \"e;f\"")
    check("a  b c|d e;f" in out, "quotes: got %r" % out)
    out = cmd(q, "nosuchprogram arg")
    check("sh: nosuchprogram: not found" in out, "missing program: got %r" % out)
    out = cmd(q, "ls | |")
    check("sh: syntax error: unexpected '|'" in out, "syntax error: got %r" % out)
    q.sendline("echo continued |")                # a trailing | asks for more
    q.expect(PROMPT2, timeout=30)
    out = cmd(q, "wc")
    check("1 1 10" in out, "continuation line: got %r" % out)
    q.sendline("echo 'unterminated")              # an open quote asks for more
    q.expect(PROMPT2, timeout=30)
    q.send("\x03")                                # Ctrl-C drops the whole command
    q.expect(PROMPT, timeout=30)
    out = cmd(q, "sh -c \"echo 'open\"")
    check("sh: syntax error: unexpected end of file" in out, "open quote in sh -c: got %r" % out)
    out = cmd(q, "echo still alive")
    check("still alive" in out, "the shell goes on after errors")


@test("shell_script_and_cd", timeout=240)
def _():
    q = boot()
    cmd(q, "mkdir sdir")
    cmd(q, "echo 'echo from-script; echo second-line' > sdir/s.sh")
    out = cmd(q, "sh sdir/s.sh")
    check("from-script" in out and "second-line" in out, "sh FILE: got %r" % out)
    cmd(q, "cd sdir")
    out = cmd(q, "ls")
    check("s.sh" in out, "cd then ls: got %r" % out)
    out = cmd(q, "cd /nonexistent")
    check("sh: cd: /nonexistent: No such file or directory" in out,
          "cd to a missing dir: got %r" % out)


@test("utilities_files", timeout=300)
def _():
    q = boot()
    cmd(q, "mkdir d1")
    cmd(q, "echo alpha > d1/a")
    cmd(q, "cp d1/a d1/b")
    out = cmd(q, "cat d1/b")
    check("alpha" in out, "cp: got %r" % out)
    cmd(q, "mv d1/b d1/c")
    out = cmd(q, "ls d1")
    check("c" in lines_of(out) and "b" not in lines_of(out), "mv: got %r" % out)
    cmd(q, "ln d1/a d1/hard")
    cmd(q, "ln -s /d1/a d1/soft")
    out = cmd(q, "cat d1/soft")
    check("alpha" in out, "ln -s then cat through the link: got %r" % out)
    out = cmd(q, "ls -l d1")
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    check(re.search(r"link\s+\d+\s+\d+\s+\d+\s+%s\s+soft" % when, out), "ls -l shows the symlink: %r" % out)
    check(re.search(r"file\s+\d+\s+2\s+6\s+%s\s+a" % when, out),
          "ls -l shows a with 2 links, 6 bytes and a time: %r" % out)
    cmd(q, "touch d1/t")
    out = cmd(q, "find /d1 -name t")
    check("/d1/t" in out, "find -name: got %r" % out)
    cmd(q, "rm -r d1")
    out = cmd(q, "ls d1")
    check("d1" in out and ("cannot" in out or "no such" in out), "rm -r removed d1: %r" % out)
    for bad in ["rm", "ln a", "mv onlyone", "cp x", "mkdir", "kill", "head -n", "grep"]:
        out = cmd(q, bad)
        check("usage" in out.lower(), "`%s` prints a usage line: got %r" % (bad, out))


@test("utilities_text", timeout=300)
def _():
    q = boot()
    for i in range(1, 13):
        cmd(q, "echo line%d >> t.txt" % i)
    out = cmd(q, "head -n 3 t.txt")
    check(lines_of(out) == ["line1", "line2", "line3"], "head -n 3: %r" % out)
    out = cmd(q, "tail -n 2 t.txt")
    check(lines_of(out) == ["line11", "line12"], "tail -n 2: %r" % out)
    out = cmd(q, "wc t.txt")
    check(re.search(r"12 12 \d+ t.txt", out), "wc: %r" % out)
    out = cmd(q, "grep '^line1.$' t.txt")
    check(lines_of(out) == ["line10", "line11", "line12"], "grep ^ . $: %r" % out)
    out = cmd(q, "grep 'ne1*2' t.txt")
    check("line2" in out and "line12" in out, "grep *: %r" % out)
    out = cmd(q, "grep nomatch t.txt; echo status-done")
    check("status-done" in out, "grep with no match")
    out = cmd(q, "echo t.txt | xargs wc")
    check(re.search(r"12 12 \d+ t.txt", out), "xargs: %r" % out)
    out = cmd(q, "cat nosuch")
    check("cat: nosuch" in out, "cat of a missing file: %r" % out)


@test("utilities_system", timeout=300)
def _():
    q = boot()
    out = cmd(q, "ps")
    check(re.search(r"\b1\s+\d+\s+\S+\s+\d+\s+init", out) or ("init" in out and "sh" in out),
          "ps lists init and sh: %r" % out)
    out = cmd(q, "free")
    check("Mem:" in out and "processes:" in out, "free: %r" % out)
    out = cmd(q, "uptime")
    check(re.search(r"up \d+ ticks", out), "uptime: %r" % out)
    out = cmd(q, "sleep 30 &")
    m = re.search(r"\[(\d+)\] (\d+)", out)
    check(m, "& prints [N] PID: %r" % out)
    job, pid = m.groups()
    out = cmd(q, "kill %s" % pid)
    if "[%s] Terminated" % job not in out:  # SIGTERM; reported before the next prompt
        q.sendline("echo after-kill")
        q.expect("[%s] Terminated" % job, timeout=60)
    out = cmd(q, "kill 99999")
    check("kill" in out, "kill of a missing pid reports it: %r" % out)
    q.sendline("halt")
    code = q.wait_exit(timeout=60)
    check(code == 0, "halt powers off (QEMU exit 0), got %r" % code)


@test("console_keys", timeout=240)
def _():
    q = boot()
    q.mark()
    q.sendline("sleep 1000")
    q.wait_quiet(quiet=2)
    q.send("\x03")                               # Ctrl-C
    q.expect(PROMPT, timeout=60)
    out = cmd(q, "echo shell-survived")
    check("shell-survived" in out, "Ctrl-C stops the program, not the shell")
    q.mark()
    q.send("\x10")                               # Ctrl-P
    q.expect(re.compile(r"\n1 \w+ init\n"), timeout=30)
    q.sendline("")
    q.expect(PROMPT, timeout=30)
    q.send("echo abc\x7f\x7fxy\n")              # backspace in the line editor
    q.expect("axy", timeout=30)
    q.send("garbage-line\x15echo after-ctrl-u\n")  # Ctrl-U erases the line
    q.expect("after-ctrl-u\n", timeout=30)
    q.expect(PROMPT, timeout=30)
    q.mark()
    q.send("echo half-typed\x03")                  # Ctrl-C at the prompt drops the line
    q.expect(PROMPT, timeout=30)
    out = cmd(q, "echo after-prompt-ctrl-c")
    check("half-typed" not in out and "after-prompt-ctrl-c" in out,
          "Ctrl-C at the prompt discards the line: %r" % out)
    q.sendline("sleep 1000")
    q.wait_quiet(quiet=2)
    q.send("echo leaked")                          # typed ahead, then Ctrl-C
    q.wait_quiet(quiet=1)
    q.send("\x03")
    q.expect(PROMPT, timeout=60)
    out = cmd(q, "echo after-program-ctrl-c")
    check("leaked" not in out and "after-program-ctrl-c" in out,
          "Ctrl-C throws away the line typed ahead to the program: %r" % out)


@test("fault_report", timeout=300)
def _():
    q = boot()
    out = cmd(q, "usertests kernmem textwrite", timeout=240)
    check(re.search(r"pid \d+ \(usertests\): (load|store) page fault at 0x[0-9a-f]+, pc 0x[0-9a-f]+: killed",
                    q.output), "one-line fault report: pid N (name): cause at ADDR, pc PC: killed")
    check("ALL TESTS PASSED" in out, "kernmem and textwrite pass: %r" % out[-400:])


def usertests_quick(cpus):
    q = boot(cpus=cpus)
    q.mark()
    q.sendline("usertests -q")
    q.expect(re.compile(r"(ALL TESTS PASSED|SOME TESTS FAILED)"), timeout=1500)
    check("ALL TESTS PASSED" in q.output, "usertests -q failed: %s" %
          ", ".join(re.findall(r"test (\S+): FAILED", q.output)))


@test("usertests_quick_cpus1", timeout=1600)
def _():
    usertests_quick(1)


@test("usertests_quick_cpus3", timeout=1600)
def _():
    usertests_quick(3)


@test("usertests_full", timeout=3000, slow=True)
def _():
    q = boot(cpus=3)
    q.sendline("usertests")
    q.expect(re.compile(r"(ALL TESTS PASSED|SOME TESTS FAILED)"), timeout=2900)
    check("ALL TESTS PASSED" in q.output, "usertests failed: %s" %
          ", ".join(re.findall(r"test (\S+): FAILED", q.output)))


@test("stress_programs", timeout=900)
def _():
    q = boot()
    out = cmd(q, "forktest", timeout=300)
    check("fork test OK" in out, "forktest: %r" % out[-300:])
    out = cmd(q, "stressfs", timeout=300)
    check("stressfs ok" in out, "stressfs: %r" % out[-300:])
    out = cmd(q, "grind 300", timeout=400)
    check(re.search(r"grind: \d+ iterations ok", out), "grind: %r" % out[-300:])


NEW_PROG = os.path.join(ROOT, "user", "zzgradehello.c")


@test("new_program_on_disk", timeout=600)
def _():
    try:
        with open(NEW_PROG, "w") as f:
            f.write('#include "kernel/types.h"\n#include "user/user.h"\n'
                    'int main(int argc, char **argv)\n{\n\t(void)argv;\n'
                    '\tprintf("hello from a new program, argc %d\\n", argc);\n\texit(0);\n}\n')
        run(["make", "-s", GRADE_DISK], timeout=300, check=True)
        q = boot()
        out = cmd(q, "zzgradehello a b")
        check("hello from a new program, argc 3" in out, "the new program runs: %r" % out)
    finally:
        os.remove(NEW_PROG)
        run(["make", "-s", GRADE_DISK], timeout=300)


@test("shell_line_editor", timeout=240)
def _():
    q = boot()
    cmd(q, "echo first-history-entry")
    cmd(q, "echo second-history-entry")
    q.mark()
    q.send("\x1b[A\x1b[A")                       # up, up: the first command again
    q.send("\n")
    q.expect(re.compile(r"\nfirst-history-entry\n"), timeout=30)
    q.expect(PROMPT, timeout=30)
    cmd(q, "echo tabtarget > tabuniq.txt")
    q.mark()
    q.send("cat tabu\t")                      # Tab completes the file name
    q.expect("tabuniq.txt", timeout=30)
    q.send("\n")
    q.expect("tabtarget\n", timeout=30)
    q.expect(PROMPT, timeout=30)
    q.mark()
    q.send("\x04")                               # Ctrl-D at an empty line: the shell exits
    q.expect("init: starting sh", timeout=60)    # and init starts a new one
    q.expect(PROMPT, timeout=60)
    out = cmd(q, "echo new-shell")
    check("new-shell" in out, "a new shell after Ctrl-D")


@test("console_whole_writes", timeout=300)
def _():
    """Two programs printing at once on different harts: every line comes out
    whole (one write() each), never two mixed character by character."""
    q = boot(cpus=3)
    a, b = "a" * 70, "b" * 70
    lines = 400
    out = cmd(q, "yes %s | head -n %d & yes %s | head -n %d; wait" % (a, lines, b, lines), timeout=240)
    body = [l.strip("\r") for l in out.split("\n")]
    mine = [l for l in body if set(l) <= {"a", "b"} and l]
    whole_a = sum(1 for l in mine if l == a)
    whole_b = sum(1 for l in mine if l == b)
    mixed = [l for l in body if ("a" * 10 in l or "b" * 10 in l) and l not in (a, b)]
    check(not mixed, "%d mixed lines, e.g. %r" % (len(mixed), mixed[:2]))
    check(whole_a == lines and whole_b == lines, "whole lines: %d of a, %d of b (want %d each)" % (whole_a, whole_b, lines))
