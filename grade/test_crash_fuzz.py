"""The system-call fuzzer (user/cmd/sysfuzz.c): a bounded run of random
system calls with hostile arguments in three processes leaves the kernel
up (no panic, no hang), leaks no memory, and the disk passes fsck; and
its -p mode prints, from a seed, the same calls as a C program that
compiles as a Kite user program (drop it into user/ to replay them);
-r runs one worker's calls (those a keep file lists) printing each as C;
and scripts/fuzz.py (make fuzz) runs seeds on the checking kernel and
shrinks a failure by removing calls.
"""

import os
import re
import sys

from grade import ROOT, SCRATCH_DIR, check, run, scratch_disk, test
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
                      r"leaked 0 bytes, 0 inodes, 0 blocks", out)
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


def compiles(src_text, name):
    src = os.path.join(SCRATCH_DIR, name)
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    with open(src, "w") as f:
        f.write(src_text)
    cc = run(["sh", "scripts/toolprefix.sh"]).output.strip() + "gcc"
    r = run([cc, "-Wall", "-Werror", "-Wno-main", "-march=rv64gc", "-mabi=lp64d",
             "-mcmodel=medany", "-ffreestanding", "-fno-builtin", "-nostdlib", "-I.",
             "-idirafter", "kernel", "-c", src, "-o", src + ".o"], timeout=120)
    check(r.returncode == 0, "the reproducer compiles as a user program:\n%s" % r.output[-800:])


@test("crash_fuzz_replay", timeout=200)
def _():
    q = boot()
    out = cmd(q, "sysfuzz -r 1 60 2", timeout=90)
    check("/* sysfuzz -r 1 60 2" in out and "reproducer done" in out and "int main(void)" in out,
          "sysfuzz -r prints the program as it runs: %r" % out[:400])
    check(re.search(r"leaked 0 bytes, 0 inodes, 0 blocks", out), "and cleans up: %r" % out[-300:])
    prog = out[out.index("/* sysfuzz -r"):out.index("exit(0);\n}\n") + len("exit(0);\n}\n")]
    compiles(prog, "fzreplay.c")
    whole = prog.count(";\n")
    cmd(q, "echo 3-5 > k")
    cmd(q, "echo 20 >> k")
    out = cmd(q, "sysfuzz -r 1 60 2 k", timeout=90)
    body = out[out.index('chdir("fzr");\n'):out.index('\tprintf("reproducer done')]
    calls = body.count(";\n") - 1
    check(0 < calls <= 4 and whole > calls + 20, "a keep file of 4 calls runs at most those "
          "(%d of %d statements): %r" % (calls, whole, body[-400:]))
    out = cmd(q, "sysfuzz -r 1 60 2 nosuchfile")
    check("cannot open nosuchfile" in out, "a missing keep file is an error: %r" % out)
    out = cmd(q, "sysfuzz -r 1 60")
    check("usage: sysfuzz" in out, "too few arguments give the usage: %r" % out)


@test("fuzz_shrink", timeout=30)
def _():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import fuzz
    check(fuzz.ranges([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)], "ranges")
    tries = []

    def fails(calls):
        tries.append(len(calls))
        return 17 in calls and 342 in calls

    got = fuzz.shrink(list(range(500)), fails, 200)
    check(got == [17, 342], "shrinking keeps exactly the two calls that matter: %r" % got[:20])
    check(len(tries) <= 200, "within the budget")
    got = fuzz.shrink(list(range(500)), fails, 3)
    check(17 in got and 342 in got and len(tries) <= 203, "a small budget stops early, still failing")
    console = ("$ sysfuzz -r 1 9 0\n/* sysfuzz -r 1 9 0: run it anywhere */\n#include \"user/user.h\"\n"
               "int main(void)\n{\n\tmkdir(\"fzr\");\npid 5 (sysfuzz): load page fault\n"
               "\tclose(3);\n\nlockdep: lock order cycle\npanic: lockdep\n")
    prog = fuzz.program_of(console)
    check(prog and "pid 5" not in prog and "lockdep" not in prog and "\tclose(3);\n" in prog
          and prog.endswith("exit(0);\n}\n"), "a reproducer cut short by a panic is completed, "
          "without the kernel's lines: %r" % prog)


@test("fuzz_make_short", timeout=300)
def _():
    # --rng: the same seeds every time, so that a grade run is repeatable.
    r = run(["make", "-s", "fuzz", "SECONDS=15", "FUZZFLAGS=--calls 300 --rng 1"], timeout=280)
    check(r.returncode == 0 and re.search(r"fuzz: \d+ runs of 300 calls in 3 processes, 3 harts: "
                                          r"no panic, hang, leak or lock-order cycle; fsck clean",
                                          r.output), "make fuzz: exit %d\n%s"
          % (r.returncode, r.output[-1500:]))
    check(re.search(r"^fuzz: seed \d+: ok$", r.output, re.M), "each seed is printed")
