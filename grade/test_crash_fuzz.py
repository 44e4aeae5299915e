"""The system-call fuzzer (user/cmd/sysfuzz.c): a bounded run of random
system calls with hostile arguments in three processes leaves the kernel
up (no panic, no hang), leaks no memory, and the disk passes fsck; and
its -p mode prints, from a seed, the same calls as a C program that
compiles as a Kite user program (drop it into user/ to replay them).
"""

import os
import re

from grade import SCRATCH_DIR, check, run, scratch_disk, test
from test_user import boot, cmd


@test("crash_fuzz_syscalls", timeout=400)
def _():
    img = scratch_disk()
    q = boot(disk=img)
    for seed in (1, 2):
        out = cmd(q, "sysfuzz %d 1000 3" % seed, timeout=150)
        check("sysfuzz: seed %d, 1000 calls, 3 processes" % seed in out, "the seed comes first: %r"
              % out[:300])
        m = re.search(r"sysfuzz: done, (\d+) of 3 workers killed by their own faults, "
                      r"leaked 0 bytes", out)
        check(m, "seed %d: the run ends, no memory leaked: %r" % (seed, out[-400:]))
    out = cmd(q, "echo still-alive")
    check(out.strip().endswith("still-alive"), "the shell still works: %r" % out)
    check("panic" not in q.output, "no kernel panic")
    q.sendline("halt")
    q.wait_exit(timeout=60)
    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck after fuzzing: exit %d\n%s" % (r.returncode, r.output))


@test("crash_fuzz_reproducer", timeout=150)
def _():
    q = boot()
    out = cmd(q, "sysfuzz -p 1 40", timeout=60)
    check(out.count(";\n") >= 40 and "int main(void)" in out and "reproducer done" in out,
          "sysfuzz -p prints a program: %r" % out[:500])
    out2 = cmd(q, "sysfuzz -p 1 40", timeout=60)
    check(out == out2, "the same seed gives the same program")
    src = os.path.join(SCRATCH_DIR, "fzrepro.c")
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    with open(src, "w") as f:
        f.write(out[out.index("/* sysfuzz -p"):])
    cc = run(["sh", "scripts/toolprefix.sh"]).output.strip() + "gcc"
    r = run([cc, "-Wall", "-Werror", "-Wno-main", "-march=rv64gc", "-mabi=lp64d",
             "-mcmodel=medany", "-ffreestanding", "-fno-builtin", "-nostdlib", "-I.",
             "-idirafter", "kernel", "-c", src, "-o", src + ".o"], timeout=120)
    check(r.returncode == 0, "the reproducer compiles as a user program:\n%s" % r.output[-800:])
    out = cmd(q, "sysfuzz 0 0")
    check("usage: sysfuzz" in out, "bad arguments give the usage: %r" % out)
