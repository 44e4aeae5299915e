"""Checking kernels (KITE_KCHECKS: build/kernel-ktest and build/kernel-kchecks):
the lock-order checker reports a cycle with both orders' backtraces and
panics, and finds none in the kernel while the system-call fuzzer runs.
"""

import re

from grade import check, ktest_qemu, run, scratch_disk, test
from test_user import boot, cmd

KCHECKS = "build/kernel-kchecks"


def build_kchecks():
    r = run(["make", "-s", KCHECKS], timeout=400)
    check(r.returncode == 0, "make %s failed:\n%s" % (KCHECKS, r.output[-800:]))


def backtrace_names(kernel, output):
    """The function names scripts/backtrace.sh gives the addresses of a panic."""
    r = run(["bash", "scripts/backtrace.sh", kernel], input=output, timeout=60)
    check(r.returncode == 0, "scripts/backtrace.sh exited with status %s" % r.returncode)
    return r.output


@test("kchecks_lockdep_cycle", timeout=150)
def _():
    q = ktest_qemu("lockdep_cycle")
    q.expect_all([
        "lockdep: lock order cycle: taking 'ktest lockdep a' while holding 'ktest lockdep b'",
        "lockdep: this order ('ktest lockdep b' then 'ktest lockdep a') is taken here:\nbacktrace:",
        "lockdep: 'ktest lockdep a' then 'ktest lockdep b', first here:\nbacktrace:",
        "panic: lockdep: lock order cycle between 'ktest lockdep b' and 'ktest lockdep a'",
        "kite: halted"], timeout=90)
    q.wait_exit(timeout=60)
    names = backtrace_names("build/kernel-ktest", q.output)
    for fn in ("lockdep_order_ab", "lockdep_order_ba"):
        check(re.search(r"\b%s\b" % fn, names), "the backtraces do not name %s (both orders' "
              "stacks):\n%s" % (fn, names))


@test("kchecks_fuzz_no_cycle", timeout=500)
def _():
    build_kchecks()
    img = scratch_disk()
    q = boot(kernel=KCHECKS, disk=img)
    for seed in (3,):
        out = cmd(q, "sysfuzz %d 1500 3" % seed, timeout=200)
        check(re.search(r"sysfuzz: done, \d+ of 3 workers killed by their own faults, "
                        r"leaked 0 bytes", out), "seed %d: the run ends: %r" % (seed, out[-400:]))
    out = cmd(q, "usertests cow unlinkopen pipewriters sharedfd concfiles concreate", timeout=300)
    check("ALL TESTS PASSED" in out, "usertests on the checking kernel: %r" % out[-600:])
    check("lockdep:" not in q.output, "the lock-order checker reported:\n%s"
          % q.output[q.output.find("lockdep:"):][:3000])
    check("panic" not in q.output, "no kernel panic")
    q.sendline("halt")
    q.wait_exit(timeout=60)
    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck after fuzzing: exit %d\n%s" % (r.returncode, r.output))
