"""Files: lseek and holes, O_APPEND from two processes, ftruncate and
fsync, rename, getcwd, times, /dev/null and /dev/zero.

The checks themselves are in user/cmd/ftest.c (each case prints
"CASE ok"); these tests boot Kite and run them at the shell.
"""

import time

from grade import check, run, scratch_disk, test
from test_user import boot, cmd


def halt_and_fsck(q, img):
    q.sendline("halt")
    q.wait_exit(timeout=60)
    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck: exit %d\n%s" % (r.returncode, r.output))


def ftest(q, args, timeout=120):
    out = cmd(q, "ftest " + args, timeout=timeout)
    name = args.split()[0]
    check("%s ok" % name in out, "ftest %s: %r" % (args, out))
    return out


@test("files_lseek_hole", timeout=240)
def _():
    q = boot()
    ftest(q, "hole h.bin")
    out = cmd(q, "wc h.bin")
    check(" 5001 h.bin" in out, "wc sees the file with its hole: %r" % out)


@test("files_append", timeout=300)
def _():
    q = boot()
    ftest(q, "append a.txt 400", timeout=240)
    cmd(q, "echo one > s.txt")
    cmd(q, "echo two >> s.txt")
    cmd(q, "echo three >> s.txt")
    out = cmd(q, "cat s.txt")
    check(out.split() == ["one", "two", "three"], "the shell's >> appends: %r" % out)


@test("files_truncate_sync", timeout=240)
def _():
    q = boot()
    ftest(q, "trunc t.bin")


@test("files_rename", timeout=240)
def _():
    img = scratch_disk()
    q = boot(disk=img)
    ftest(q, "rename")
    cmd(q, "mkdir m1; mkdir m1/in; echo x > m1/in/f; mkdir m2")
    cmd(q, "mv m1 m2")
    out = cmd(q, "cat m2/m1/in/f; ls m1")
    check("x" in lines_of_text(out) and "no such file" in out, "mv of a directory: %r" % out)
    out = cmd(q, "mv m2 m2/m1/in")
    check("cannot move" in out, "mv of a directory into itself: %r" % out)
    halt_and_fsck(q, img)


@test("files_getcwd", timeout=240)
def _():
    q = boot()
    ftest(q, "cwd")


def lines_of_text(text):
    return [l.strip() for l in text.split("\n") if l.strip()]


@test("files_rename_crash", timeout=300)
def _():
    """Power cut while a file and a directory are renamed back and forth:
    after the reboot each has exactly one of its names, and fsck is clean."""
    img = scratch_disk()
    for cut in (0.5, 1.3):                       # a second cut after a replay
        q = boot(disk=img)
        q.sendline("ftest renameloop &")
        q.expect("renameloop started", timeout=60)
        time.sleep(cut)
        q.kill()                                 # the power cut
    q = boot(disk=img)
    ftest(q, "renamecheck")
    halt_and_fsck(q, img)
