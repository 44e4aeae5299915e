"""Files: lseek and holes, O_APPEND from two processes, ftruncate and
fsync, rename, getcwd, times, /dev/null and /dev/zero.

The checks themselves are in user/cmd/ftest.c (each case prints
"CASE ok"); these tests boot Kite and run them at the shell.
"""

from grade import check, test
from test_user import boot, cmd


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
