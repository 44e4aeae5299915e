"""Threads (issue 15, its threads half): kernel threads, futexes, the
pthread subset and the thread lab's programs.  `threadtest NAME` runs
one check of user/cmd/threadtest.c and prints `NAME: ok` or `NAME: FAIL
what`; every test boots 3 harts so that threads really run at once.
"""

import re
import time

from grade import check, test
from test_user import boot, cmd

KILL = r"pid \d+ \(threadtest\): %s at 0x[0-9a-f]+, pc 0x[0-9a-f]+: killed"


def threadtest(q, names, timeout=180):
    out = cmd(q, "threadtest " + " ".join(names), timeout=timeout)
    for name in names:
        check("%s: ok" % name in out, "threadtest %s: %r" % (name, out))
    return out


@test("threads_mutex", timeout=300)
def _():
    q = boot()
    threadtest(q, ["mutex", "ids", "join_exited", "cond", "malloc"])


@test("threads_files", timeout=300)
def _():
    q = boot()
    threadtest(q, ["files", "cwd", "maps"])


@test("threads_join", timeout=300)
def _():
    q = boot()
    threadtest(q, ["join_exited", "main_exit", "nap"])


@test("threads_fault", timeout=300)
def _():
    q = boot()
    out = threadtest(q, ["fault", "badargs"])
    check(re.search(KILL % "store page fault", out),
          "a thread's fault prints the one-line report: %r" % out)
    check(re.search(KILL % "instruction page fault", out),
          "a thread started in the heap, or returning from its function: %r" % out)


@test("threads_exit_kill", timeout=300)
def _():
    q = boot()
    out = threadtest(q, ["exit", "kill", "fork", "exec"])
    check("exec-from-threads" in out, "exec from a process with threads: %r" % out)


@test("threads_futex", timeout=300)
def _():
    q = boot()
    threadtest(q, ["futex"])


@test("threads_signals", timeout=300)
def _():
    q = boot()
    threadtest(q, ["signals"])
    # Ctrl-C reaches a threaded program whose main thread waits in a join.
    q.mark()
    q.sendline("barrier 3 100000000")
    q.expect("barrier 3", timeout=30)
    time.sleep(3)
    q.send("\x03")
    q.expect("$ ", timeout=60)
    out = cmd(q, "echo status=$?")
    check("status=130" in out, "barrier ended by Ctrl-C: %r" % out)


@test("threads_cow", timeout=300)
def _():
    q = boot()
    threadtest(q, ["cow"])


@test("threads_ps", timeout=300)
def _():
    q = boot()
    cmd(q, "threadtest nap > nap.out &")
    out = cmd(q, "sleep 1; ps")                  # once the threads exist (they nap 6 s)
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s+\d+\s+\w+\s+\d+ threadtest$", out, re.M)
    pids = {}
    for tid, pid in rows:
        pids.setdefault(pid, set()).add(tid)
    many = [p for p, tids in pids.items() if len(tids) == 4]
    check(many, "ps shows a process with 4 threads: %r" % out)
    check(many and many[0] in pids[many[0]], "the main thread's TID is the PID: %r" % out)
    q.mark()
    q.send("\x10")                               # Ctrl-P
    q.expect(re.compile(r"\n%s \w+ threadtest thread \d+\n" % many[0]), timeout=30)
    q.sendline("")
    q.expect("$ ", timeout=30)
    out = cmd(q, "sleep 7; cat nap.out", timeout=120)
    check("nap: ok" in out, "the threads ended and were joined: %r" % out)


@test("threads_ph", timeout=300)
def _():
    q = boot()
    out = cmd(q, "ph 4", timeout=120)
    check(re.search(r"ph: 4 threads, 20000 puts, locked: 0 keys missing", out), "ph 4: %r" % out)
    out = cmd(q, "ph 1", timeout=120)
    check("locked: 0 keys missing" in out, "ph 1: %r" % out)
    out = cmd(q, "ph -u 3", timeout=120)
    check("unlocked:" in out, "ph -u runs: %r" % out)
    out = cmd(q, "ph 9; echo status=$?")
    check("usage: ph" in out and "status=2" in out, "too many threads: %r" % out)


@test("threads_barrier", timeout=300)
def _():
    q = boot()
    out = cmd(q, "barrier 3 2000", timeout=120)
    check("barrier: OK, 3 threads, 2000 rounds" in out, "barrier 3: %r" % out)
    out = cmd(q, "barrier 8 300", timeout=120)
    check("barrier: OK, 8 threads, 300 rounds" in out, "barrier 8: %r" % out)
    out = cmd(q, "barrier 0; echo status=$?")
    check("usage: barrier" in out and "status=2" in out, "no threads: %r" % out)


@test("threads_uthread", timeout=300)
def _():
    q = boot()
    out = cmd(q, "uthread")
    for name in "abc":
        check("uthread: thread %s counted to 100" % name in out, "uthread: %r" % out)
    check("uthread: OK" in out, "uthread took turns round-robin: %r" % out)
    out = cmd(q, "uthread 1")
    check("uthread: OK" in out, "one step each: %r" % out)
    out = cmd(q, "uthread -3; echo status=$?")
    check("usage: uthread" in out and "status=2" in out, "bad steps: %r" % out)


@test("threads_all", timeout=400)
def _():
    q = boot()
    out = cmd(q, "threadtest all", timeout=300)
    check("FAIL" not in out and out.count(": ok") == 19, "threadtest all: %r" % out)
