"""Programs written for xv6-riscv build and run unchanged.

grade/xv6/ holds programs written here in xv6's styles: xv6old.c as for
the 2022 release, xv6new.c as for the current one and the 6.1810 labs,
labcalls.c calling the labs' system calls, xv6lib.c, a library file with
no main(), and uptime.c, which has the name of one of Kite's own programs.  The test drops
them into user/ as a user would, runs the plain `make` (xv6's -Wall -Werror
for them), boots and runs them, then takes them out again.
"""

import os
import re
import shutil

from grade import ROOT, check, run, test
from test_user import boot, cmd

XV6_DIR = os.path.join(ROOT, "grade", "xv6")
PROGS = sorted(f for f in os.listdir(XV6_DIR) if f.endswith(".c"))


@test("xv6_programs", timeout=900)
def _():
    placed = []
    try:
        for f in PROGS:
            dst = os.path.join(ROOT, "user", f)
            check(not os.path.exists(dst), "user/%s exists already" % f)
            shutil.copy(os.path.join(XV6_DIR, f), dst)
            placed.append(dst)
        r = run(["make"], timeout=600)
        check(r.returncode == 0, "plain make builds the xv6-style programs:\n%s" % r.output[-2000:])
        check("note: user/uptime replaces Kite's program user/cmd/uptime" in r.output,
              "make says that user/uptime.c replaces Kite's uptime")
        q = boot()
        out = cmd(q, "xv6old one two")
        check(re.search(r"xv6old: argc 3 one pg 4096 dirsiz 14 maxpath 128 nofile \d+ write 16 x\n", out),
              "2022-style program: %r" % out)
        check(re.search(r"xv6old: top 0x[0-9a-f]{16} above p 1 slept 1 lock 0 elf 1 console 1", out),
              "2022-style %%p of a uint64, sleep, headers: %r" % out)
        check("xv6old: size %l %q" in out, "unknown conversions are printed as written: %r" % out)
        out = cmd(q, "xv6new", timeout=120)
        check("xv6new: -5 67108864 abcdef 0x" in out and "logblocks 1 stack 1 ram 134217728" in out,
              "current-style printf, sbrklazy, sys_sbrk, r_sp, param.h: %r" % out)
        check("xv6new: readme 1 killed -1 maxva 1" in out,
              "/README on the disk, a killed child's status is -1: %r" % out)
        check("twice 42" in out, "xv6lib.c (no main) is linked into the programs: %r" % out)
        out = cmd(q, "labcalls")
        check("labcalls: not implemented 3 ugetpid 1 sysinfo 1" in out,
              "the 6.1810 labs' calls build; the unimplemented ones (and sigreturn outside "
              "an alarm handler) return -1: %r" % out)
        check("labcalls: net bind 0 unbind 0 send -1 recv -1" in out,
              "the net lab's calls work (no card: send fails): %r" % out)
        out = cmd(q, "uptime")
        check("xv6-style uptime 1" in out, "user/uptime.c replaced Kite's uptime: %r" % out)
    finally:
        for dst in placed:
            os.remove(dst)
        run(["make", "-s"], timeout=600)
    with open(os.path.join(ROOT, "build", "user", "_uptime"), "rb") as f:
        check(b"xv6-style" not in f.read(), "taken out again, Kite's own uptime is linked back")
