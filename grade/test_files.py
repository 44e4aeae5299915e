"""Files: lseek and holes, O_APPEND from two processes, ftruncate and
fsync, rename, getcwd, times, /dev/null and /dev/zero.

The checks themselves are in user/cmd/ftest.c (each case prints
"CASE ok"); these tests boot Kite and run them at the shell.
"""

import re
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
    img = scratch_disk()
    q = boot(disk=img)
    ftest(q, "hole h.bin")
    out = cmd(q, "wc h.bin")
    check(" 5001 h.bin" in out, "wc sees the file with its hole: %r" % out)
    halt_and_fsck(q, img)                        # a hole is a sound file


@test("files_append", timeout=300)
def _():
    q = boot()
    ftest(q, "append a.txt 400", timeout=240)
    ftest(q, "bigappend b.bin", timeout=240)
    cmd(q, "echo one > s.txt")
    cmd(q, "echo two >> s.txt")
    cmd(q, "echo three >> s.txt")
    out = cmd(q, "cat s.txt")
    check(out.split() == ["one", "two", "three"], "the shell's >> appends: %r" % out)


@test("files_truncate_sync", timeout=240)
def _():
    img = scratch_disk()
    q = boot(disk=img)
    ftest(q, "trunc t.bin")
    halt_and_fsck(q, img)


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


def stat_times(q, path):
    """(mtime, ctime) in seconds, as `stat PATH` prints them."""
    out = cmd(q, "stat " + path)
    m = re.search(r"Modify: (\S+ \S+) UTC \((\d+)\)", out)
    c = re.search(r"Change: \S+ \S+ UTC \((\d+)\)", out)
    check(m and c, "stat %s prints the times: %r" % (path, out))
    check(m.group(1) == time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(m.group(2)))),
          "stat's date %s is not UTC time %s" % (m.group(1), m.group(2)))
    return int(m.group(2)), int(c.group(1))


@test("files_times", timeout=300)
def _():
    """Times come from the RTC (the host's clock), change on write and on a
    link change, and survive a reboot."""
    img = scratch_disk()
    q = boot(disk=img)
    cmd(q, "echo one > tm.txt")
    m1, c1 = stat_times(q, "tm.txt")
    check(abs(m1 - time.time()) < 600, "mtime %d is not the host's time %d" % (m1, time.time()))
    cmd(q, "sleep 15")                             # 1.5 s: the next second has begun
    cmd(q, "echo two >> tm.txt")
    m2, c2 = stat_times(q, "tm.txt")
    check(m2 > m1 and c2 >= m2, "a write moves mtime and ctime: %d,%d -> %d,%d" % (m1, c1, m2, c2))
    cmd(q, "sleep 15")
    cmd(q, "ln tm.txt tm2.txt")
    m3, c3 = stat_times(q, "tm.txt")
    check(m3 == m2 and c3 > c2, "a new link moves ctime only: %d,%d -> %d,%d" % (m2, c2, m3, c3))
    out = cmd(q, "ls -l tm.txt")
    check(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(m3)) in out, "ls -l shows mtime: %r" % out)
    q.sendline("halt")
    q.wait_exit(timeout=60)
    q = boot(disk=img)
    m4, c4 = stat_times(q, "tm.txt")
    check((m4, c4) == (m3, c3), "times after a reboot: %d,%d, before %d,%d" % (m4, c4, m3, c3))
    out = cmd(q, "stat nosuchfile")
    check("no such file" in out, "stat of a missing file: %r" % out)


@test("files_utimes", timeout=300)
def _():
    """touch sets a file's mtime (now, or -t SECONDS), creates a missing file
    (not with -c), and names the cause when it cannot."""
    q = boot()
    cmd(q, "echo x > ut.txt; touch -t 1000000000 ut.txt")
    m, c = stat_times(q, "ut.txt")
    check(m == 1000000000, "touch -t 1000000000 gave mtime %d" % m)
    check(abs(c - time.time()) < 600, "the change time is now, not %d" % c)
    cmd(q, "touch ut.txt")
    m, c = stat_times(q, "ut.txt")
    check(abs(m - time.time()) < 600, "touch: mtime %d is not now (%d)" % (m, time.time()))
    cmd(q, "touch -c ut-missing; touch -t 86400 ut-new")
    out = cmd(q, "ls")
    check("ut-missing" not in out and "ut-new" in out, "touch -c creates nothing, touch creates: %r" % out)
    m, c = stat_times(q, "ut-new")
    check(m == 86400, "touch -t on a new file: mtime %d" % m)
    out = cmd(q, "touch nodir/f; echo status $?")
    check("touch: nodir/f: No such file or directory" in out and "status 1" in out,
          "touch in a missing directory: %r" % out)
    out = cmd(q, "touch -t soon ut.txt; echo status $?")
    check("status 2" in out, "touch -t with a bad number is a usage error: %r" % out)
    out = cmd(q, "cat ut.txt")
    check(out.strip().endswith("x"), "touch keeps the contents: %r" % out)


@test("files_dev_null_zero", timeout=240)
def _():
    q = boot()
    ftest(q, "devices")
    out = cmd(q, "echo hidden > /dev/null; cat /dev/null; echo after")
    check(out.strip().endswith("after") and "hidden" not in out.replace("echo hidden", ""),
          "/dev/null from the shell: %r" % out)
    out = cmd(q, "wc /dev/null")
    check("0 0 0 /dev/null" in out, "wc /dev/null: %r" % out)
    out = cmd(q, "ls -l /dev")
    check(re.search(r"dev\s+\d+\s+1\s+0\s.*null", out) and "zero" in out, "ls -l /dev: %r" % out)
