"""The crash-state explorer (scripts/crashcheck.py) on its small workload:
every crash state the recorded writes and flushes allow passes fsck and
keeps the file system's promises; and with the kernel's write barriers
turned off (boot argument vblk_noflush=1), or the log's commit barrier
(log_skip_barrier=0), it finds broken states, so it can fail.
"""

import re

from grade import check, run, test


def crashcheck(*args):
    r = run(["python3", "scripts/crashcheck.py", "--states", "300", "--seed", "1"] + list(args),
            timeout=400)
    m = re.search(r"crashcheck: (\d+) states checked, (\d+) failed", r.output)
    check(m, "crashcheck printed no summary (exit %d):\n%s" % (r.returncode, r.output[-1500:]))
    flushes = re.search(r"recorded (\d+) writes, (\d+) flushes", r.output)
    return r, int(m.group(1)), int(m.group(2)), int(flushes.group(2))


@test("crash_states", timeout=500)
def _():
    r, checked, failed, flushes = crashcheck("--boots", "2")
    check(flushes > 10, "the recording holds the log's flushes (%d)" % flushes)
    check(checked >= 250, "only %d states checked" % checked)
    check(failed == 0 and r.returncode == 0, "%d of %d crash states failed:\n%s" %
          (failed, checked, r.output[-1500:]))


@test("crash_states_catch_noflush", timeout=500)
def _():
    r, checked, failed, flushes = crashcheck("--boots", "0", "--append", "vblk_noflush=1")
    check(flushes == 0, "vblk_noflush=1 sends no flushes (%d)" % flushes)
    check(r.returncode == 1 and failed > 0,
          "without barriers some crash state must fail; %d of %d did:\n%s" %
          (failed, checked, r.output[-1500:]))
    check("FAIL at epoch" in r.output, "a failure names its crash point")


@test("crash_states_catch_each_barrier", timeout=900)
def _():
    """Each flush of a commit is needed: with it left out (boot argument
    log_skip_barrier=STEP) some crash state fails.  A commit has one flush
    now (fs/log.c's BARRIER_COMMIT, step 0).  The other two steps have no
    crash state here that could catch them: BARRIER_REPLAY runs only when
    mount finds a commit to replay, and the recording boots a fresh image
    (its log holds none); BARRIER_LEND only before the device-limit loop
    (diskbench), which the workload does not run."""
    for step in [0]:
        r, checked, failed, _ = crashcheck("--boots", "0", "--append",
                                           "log_skip_barrier=%d" % step)
        check(r.returncode == 1 and failed > 0,
              "without the step-%d flush no crash state failed (%d checked):\n%s" %
              (step, checked, r.output[-1000:]))
