"""Signals, process groups and job control: the sigtest and sigalarmtest
programs (every case of the system calls, registers across a handler and
across the lab's alarm), the console's keys with the shell's jobs (Ctrl-Z,
fg, bg, jobs, Ctrl-C), the kill utility, and what the shell says of a job
a signal killed.

Each test boots Kite and types at the shell as a person would."""

import re
import time

from grade import check, test
from test_user import PROMPT, boot, cmd, lines_of

CTRL_C, CTRL_Z, CTRL_D = "\x03", "\x1a", "\x04"


def status(q):
    out = cmd(q, "echo status=$?")
    m = re.search(r"status=(\d+)", out)
    check(m, "no $?: %r" % out)
    return int(m.group(1))


def start(q, line, settle=2):
    """Type a command that keeps running; wait until the console is quiet."""
    q.mark()
    q.sendline(line)
    q.expect(line, timeout=30)
    q.wait_quiet(quiet=settle)


def reported(q, out, want):
    """A job report comes before the next prompt: in out, or after one more."""
    if want not in out:
        q.sendline("echo next")
        q.expect(want, timeout=60)
        q.expect(PROMPT, timeout=30)


def key(q, k, then=PROMPT, timeout=60):
    """Press a key (Ctrl-Z, Ctrl-C); return what came before the prompt."""
    q.mark()
    q.send(k)
    m = q.expect(re.compile(r"(?s)(.*?)\n\$ "), timeout=timeout)
    return m.group(1)


@test("signals_sigtest", timeout=600)
def _():
    q = boot()
    out = cmd(q, "sigtest", timeout=500)
    failed = re.findall(r"sigtest (\S+): FAILED: (.*)", out)
    check(not failed, "sigtest cases failed: %s" % failed)
    check(re.search(r"sigtest: 16 passed, 0 failed", out), "sigtest's summary: %r" % out[-400:])
    # A bad handler address: the usual one-line report, and the kernel goes on.
    check(re.search(r"pid \d+ \(sigtest\): instruction page fault at 0x3fffff0000, pc 0x3fffff0000: killed",
                    out), "the one-line report for a bad handler address: %r" % out)
    check(re.search(r"pid \d+ \(sigtest\): no stack for a signal handler at 0x3fffff0000", out),
          "the report for a frame that does not fit on the stack: %r" % out)
    check("panic" not in q.output, "no panic")
    out = cmd(q, "echo still-here")
    check("still-here" in out, "the shell goes on")


@test("signals_lab_alarm", timeout=600)
def _():
    q = boot()
    out = cmd(q, "sigalarmtest", timeout=500)
    for n in range(7):
        check(re.search(r"test%d passed" % n, out), "sigalarmtest test%d: %r" % (n, out[-600:]))
    check("sigalarmtest: 7 passed, 0 failed" in out, "summary: %r" % out[-300:])
    out = cmd(q, "sigtest regs regs_alarm", timeout=300)
    check("sigtest: 2 passed, 0 failed" in out,
          "registers across a handler and across the lab's alarm (a0 too): %r" % out)


@test("signals_trap_path", timeout=300)
def _():
    """What another hart sends reaches a process that only loops in getpid()
    (the return path's lockless test), the lab alarm fires in such a loop,
    and unknown call numbers fail with ENOSYS."""
    q = boot()
    out = cmd(q, "traptest", timeout=120)
    failed = re.findall(r"traptest (\S+): FAILED: (.*)", out)
    check(not failed, "traptest cases failed: %s" % failed)
    check("traptest: 5 passed, 0 failed" in out, "traptest's summary: %r" % out[-400:])
    check("panic" not in q.output, "no panic")


@test("signals_ctrl_z_fg_bg", timeout=300)
def _():
    q = boot()
    # Ctrl-Z stops the foreground job (the rest of its line waits with it).
    start(q, "sleep 3; echo rest-of-line")
    out = key(q, CTRL_Z)
    check(re.search(r"\^Z\n\[1\]\+ Stopped  sleep 3", out), "Ctrl-Z: [1]+ Stopped  cmd: %r" % out)
    check(status(q) == 148, "$? of a stopped job is 128 + SIGTSTP")
    time.sleep(4)                                # longer than the sleep: it must still be there
    out = cmd(q, "jobs")
    check("[1]+ Stopped  sleep 3" in out, "jobs lists it as Stopped: %r" % out)
    out = cmd(q, "ps")
    check(re.search(r"\bstopped\s+\d+\s+sleep\b", out), "ps shows the stopped sleep: %r" % out)
    q.mark()
    q.sendline("fg")
    q.expect("\nsleep 3\n", timeout=30)          # fg names the job it resumes
    q.expect(PROMPT, timeout=60)                 # SIGCONT: the sleep ends by itself
    check(status(q) == 0, "the resumed job's status")
    check("\nrest-of-line\n" not in q.output, "a stop ends the command line")
    # Stop a pipeline and another job; bg lets the first finish in the background.
    start(q, "sh -c 'sleep 2; echo from-bg' | cat")
    out = key(q, CTRL_Z)
    check("[1]+ Stopped  sh -c 'sleep 2; echo from-bg' | cat" in out, "a stopped pipeline: %r" % out)
    start(q, "sleep 20")
    out = key(q, CTRL_Z)
    check("[2]+ Stopped  sleep 20" in out, "a second stopped job: %r" % out)
    out = cmd(q, "jobs")
    check("[1]- Stopped  sh -c 'sleep 2; echo from-bg' | cat" in out and
          "[2]+ Stopped  sleep 20" in out, "+ marks the current job, - the previous one: %r" % out)
    q.mark()
    q.sendline("bg %1")
    q.expect("[1]+ sh -c 'sleep 2; echo from-bg' | cat &", timeout=30)
    q.expect("from-bg\n", timeout=60)          # it runs in the background
    q.sendline("echo next")
    q.expect("[1] Done    sh -c 'sleep 2; echo from-bg' | cat", timeout=60)
    q.expect(PROMPT, timeout=30)
    out = cmd(q, "bg")
    check("[2]+ sleep 20 &" in out, "bg of the current job: %r" % out)
    out = cmd(q, "jobs")
    check("[2]+ Running  sleep 20" in out, "jobs: Running after bg: %r" % out)
    out = cmd(q, "kill -STOP %2")
    reported(q, out, "[2]+ Stopped (signal)  sleep 20")
    out = cmd(q, "kill %2")                      # a stopped job that is killed gets SIGCONT too
    reported(q, out, "[2] Terminated  sleep 20")
    out = cmd(q, "fg")
    check("no current job" in out, "fg with no job: %r" % out)
    out = cmd(q, "bg %7")
    check("no such job" in out, "bg of a missing job: %r" % out)


@test("signals_ctrl_c", timeout=300)
def _():
    q = boot()
    start(q, "sleep 100 | cat | cat")
    out = key(q, CTRL_C)
    check("^C" in out, "the console echoes ^C: %r" % out)
    check(status(q) == 130, "$? of a job killed by SIGINT is 130")
    out = cmd(q, "ps")
    check(not re.search(r"\b(sleep|cat)\n", out), "Ctrl-C killed every process of the pipeline: %r" % out)
    # A loop in the shell ends too; the shell itself survives Ctrl-C and Ctrl-Z.
    start(q, "while true; do sleep 1; done")
    key(q, CTRL_C)
    out = cmd(q, "echo alive-1")
    check("alive-1" in out, "the shell survives Ctrl-C")
    start(q, "while true; do true; done")        # builtins only: the shell gets SIGINT
    key(q, CTRL_C)
    out = cmd(q, "echo alive-2")
    check("alive-2" in out, "Ctrl-C ends a loop of builtins")
    q.mark()
    q.send(CTRL_Z)                               # at the prompt: nothing happens
    out = cmd(q, "echo alive-3")
    check("alive-3" in out and "Stopped" not in out, "Ctrl-Z at the prompt: %r" % out)
    # A background job is not the foreground group: Ctrl-C spares it.
    out = cmd(q, "sleep 100 &")
    m = re.search(r"\[(\d+)\] (\d+)", out)
    check(m, "[N] PID: %r" % out)
    start(q, "sleep 50")
    key(q, CTRL_C)
    out = cmd(q, "jobs")
    check("Running  sleep 100" in out, "the background job survived Ctrl-C: %r" % out)
    # A program that catches SIGINT cleans up (sigtest's handler) -- and
    # the shell reports deaths by other signals.
    out = cmd(q, "sh -c 'kill -TERM $$'; echo status=$?")
    check("Terminated\nstatus=143" in out, "a job killed by SIGTERM: %r" % out)
    out = cmd(q, "sh -c 'kill -KILL $$'")
    check("Killed" in out, "a job killed by SIGKILL: %r" % out)
    check(status(q) == 137, "$? 137")


@test("signals_kill_utility", timeout=300)
def _():
    q = boot()
    out = cmd(q, "kill -l")
    check(" 2) SIGINT" in out and "15) SIGTERM" in out and "19) SIGSTOP" in out, "kill -l: %r" % out)
    out = cmd(q, "kill -l 143 TERM; kill -l 9")
    check(lines_of(out) == ["TERM", "15", "KILL"], "kill -l N / NAME / STATUS: %r" % out)
    for line, sig in [("kill -s INT %s", "Interrupt"), ("kill -9 %s", "Killed"),
                      ("kill -SIGUSR1 %s", "User defined signal 1"), ("kill %s", "Terminated"),
                      ("/kill -HUP %s", "Hangup")]:
        out = cmd(q, "sleep 100 &")
        m = re.search(r"\[(\d+)\] (\d+)", out)
        check(m, "[N] PID: %r" % out)
        job, pid = m.groups()
        out = cmd(q, line % pid)
        reported(q, out, "[%s] %s  sleep 100" % (job, sig))
    out = cmd(q, "kill 99999; echo status=$?")
    check("kill: 99999: No such process" in out and "status=1" in out, "ESRCH: %r" % out)
    out = cmd(q, "/kill -BOGUS 5; echo status=$?")
    check("kill: BOGUS: invalid signal" in out and "usage: kill" in out and "status=2" in out,
          "a bad signal: %r" % out)
    out = cmd(q, "/kill -99 5; echo status=$?")
    check("invalid signal" in out and "status=2" in out, "signal 99: %r" % out)
    out = cmd(q, "/kill 1; echo status=$?")
    check("kill: 1: Operation not permitted" in out and "status=1" in out, "init: %r" % out)
    out = cmd(q, "/kill -0 $$; echo status=$?")
    check("status=0" in out, "kill -0 of a live process: %r" % out)
    out = cmd(q, "/kill abc; echo status=$?")
    check("not a process id" in out and "status=1" in out, "a bad pid: %r" % out)
    out = cmd(q, "/kill; echo status=$?")
    check("usage: kill" in out and "status=2" in out, "no pid: %r" % out)
    # SIGSTOP and SIGCONT from kill; a group with -PGID.
    out = cmd(q, "sleep 100 | sleep 100 &")
    m = re.search(r"\[(\d+)\] (\d+)", out)
    job, pid = m.groups()
    out = cmd(q, "kill -STOP -%s" % pid)
    reported(q, out, "[%s]+ Stopped (signal)  sleep 100 | sleep 100" % job)
    cmd(q, "kill -CONT -%s" % pid)
    out = cmd(q, "jobs")
    check("Running  sleep 100 | sleep 100" in out, "continued by SIGCONT: %r" % out)
    out = cmd(q, "kill -- -%s" % pid)
    reported(q, out, "[%s] Terminated  sleep 100 | sleep 100" % job)


@test("signals_tty_input", timeout=300)
def _():
    q = boot()
    # A background job that reads the console stops (SIGTTIN); fg lets it read.
    out = cmd(q, "cat &")
    check(re.search(r"\[1\] \d+", out), "[1] PID: %r" % out)
    reported(q, out, "[1]+ Stopped (tty input)  cat")
    start(q, "fg")
    q.sendline("typed-to-cat")
    q.expect("typed-to-cat\ntyped-to-cat\n", timeout=30)
    q.send(CTRL_D)
    q.expect(PROMPT, timeout=30)
    check(status(q) == 0, "cat's status after fg")
    # xv6's kill(pid) still kills with wait() status -1: usertests' kill case.
    out = cmd(q, "usertests kill", timeout=200)
    check("ALL TESTS PASSED" in out, "usertests kill: %r" % out[-300:])
