"""The system-call fuzzer (user/cmd/sysfuzz.c): a bounded run of random
system calls with hostile arguments in three processes leaves the kernel
up (no panic, no hang), leaks no memory, and the disk passes fsck; and
its -p mode prints, from a seed, the same calls as a C program that
compiles as a Kite user program (drop it into user/ to replay them);
-r runs one worker's calls (those a keep file lists) printing each as C;
and scripts/fuzz.py (make fuzz) runs seeds on the checking kernel and
shrinks a failure by removing workers and calls (sysfuzz -m), into a
program that forks one child per worker; planted failures (sysfuzz -x)
check that a failure needing two workers at once, and one in a forked
child's call, give programs that compile and still fail.
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


RVFLAGS = ["-march=rv64gc", "-mabi=lp64d", "-mcmodel=medany", "-ffreestanding", "-fno-builtin",
           "-nostdlib", "-fno-pie", "-no-pie", "-fno-stack-protector"]


def shrunk_program(plant, seed, calls, name):
    """Run scripts/fuzz.py on a planted failure; (the reproducer's text,
    fuzz.py's output)."""
    out = os.path.join(SCRATCH_DIR, name)
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "fuzz_%d.c" % seed)
    if os.path.exists(path):
        os.remove(path)
    # The seed three times: a race may pass a run; fuzz.py stops at the first failure.
    r = run([sys.executable, "scripts/fuzz.py", "--seed", str(seed), "--seed", str(seed),
             "--seed", str(seed), "--calls", str(calls),
             "--procs", "3", "--plant", str(plant), "--shrink-tries", "16", "--out", out],
            timeout=150)
    check(r.returncode == 1 and "fuzz: FAILED: seed %d (planted)" % seed in r.output,
          "fuzz.py finds the planted failure: exit %d\n%s" % (r.returncode, r.output[-1500:]))
    check(os.path.exists(path), "fuzz.py writes the reproducer:\n%s" % r.output[-1500:])
    with open(path) as f:
        return f.read(), r.output


def run_program(src_text, name, runs=3):
    """Compile and link src_text as a Kite user program, put it on a scratch
    disk as `name`, boot, and run it `runs` times: the outputs."""
    compiles(src_text, name + ".c")
    src = os.path.join(SCRATCH_DIR, name + ".c")
    prog = os.path.join(SCRATCH_DIR, "_" + name)
    tp = run(["sh", "scripts/toolprefix.sh"]).output.strip()
    r = run([tp + "gcc", "-Wall", "-Werror", "-Wno-main", "-O"] + RVFLAGS +
            ["-I.", "-idirafter", "kernel", "-c", src, "-o", src + ".o"], timeout=120)
    check(r.returncode == 0, "compile:\n%s" % r.output[-800:])
    r = run([tp + "ld", "-z", "max-page-size=4096", "-T", "user/user.ld", "-o", prog,
             "build/user/lib/crt0.o", src + ".o", "build/user/libkite.a"], timeout=60)
    check(r.returncode == 0, "the reproducer links as a user program:\n%s" % r.output[-800:])
    img = scratch_disk()
    r = run(["mkfs/fsupdate", "-s", "131072", img, prog], timeout=60)
    check(r.returncode == 0, "fsupdate puts it on the disk:\n%s" % r.output[-800:])
    q = boot(disk=img)
    outs = [cmd(q, name, timeout=60) for _ in range(runs)]
    q.sendline("halt")
    q.wait_exit(timeout=60)
    r = run(["mkfs/fsck", img], timeout=120)
    check(r.returncode == 0, "fsck after the reproducer: %s" % r.output)
    return outs


def statements(program):
    """The calls a reproducer makes: its statements inside the workers."""
    body = program[program.index('chdir("fzp");'):program.index("while (wait(0) >= 0)")]
    return [l.strip() for l in body.split("\n")
            if l.startswith("\t\t") and l.strip() not in ("exit(0);", "}", "wait(0);")
            and not l.strip().startswith(("chdir(\"fz", "if (fork() == 0) {"))]


@test("fuzz_reproducer_workers", timeout=240)
def _():
    # Seed 40's workers 1 and 2 fail planted rule 1 (worker 2's fsync after
    # worker 1's mkdir): only when the two run together, in that order
    # (worker 1's first mkdir is its call 1, worker 2's last fsync its 6;
    # it failed in each of 8 runs tried).
    prog, log = shrunk_program(1, 40, 15, "fzworkers")
    m = re.search(r"fuzz: reproducer \((\d+) of (\d+) calls, workers ([\d ]+), planted\)", log)
    check(m, "fuzz.py says what it kept: %s" % log[-800:])
    kept, whole = int(m.group(1)), int(m.group(2))
    check(kept < whole, "the reproducer is smaller than the run: %d of %d calls" % (kept, whole))
    # Removing a worker is tried first; whether worker 0 goes depends on
    # the interleavings of the tries, workers 1 and 2 must stay.
    check(set(m.group(3).split()) >= {"1", "2"}, "both racing workers are kept: %r" % m.group(3))
    check(prog.count("if (fork() == 0) {\n\t\tchdir(\"fz") == len(m.group(3).split()),
          "one child per worker kept:\n%s" % prog[-1500:])
    calls = statements(prog)
    check(any(c.startswith("mkdir(") for c in calls) and any(c.startswith("fsync(") for c in calls),
          "worker 1's mkdir and worker 2's fsync are kept: %r" % calls)
    outs = run_program(prog, "fzworkers")
    fails = sum("sysfuzz: PLANTED failure" in o for o in outs)
    check(fails >= 1, "the reproducer still fails when run: %r" % outs)
    check(all("reproducer: done, leaked 0 bytes, 0 inodes, 0 blocks" in o for o in outs),
          "and cleans up after itself: %r" % outs)


@test("fuzz_reproducer_child", timeout=200)
def _():
    # Planted rule 2 fails on any call of a forked child: the reproducer
    # must hold a fork with the child's call inside it.
    prog, log = shrunk_program(2, 3, 12, "fzchild")
    block = re.search(r"\t\tif \(fork\(\) == 0\) \{\n((?:\t\t\t.*\n)+)\t\t\}\n\t\twait\(0\);",
                      prog)
    check(block and "PLANTED failure: a call in a forked child" in block.group(1)
          and "exit(0);" in block.group(1),
          "the forked child's call is in the reproducer, under its fork:\n%s" % prog[-1200:])
    outs = run_program(prog, "fzchild", runs=1)
    check("sysfuzz: PLANTED failure: a call in a forked child" in outs[0],
          "the reproducer still fails when run: %r" % outs)


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
    console = ("@fz 1 0 mkdir(\"a\");\n@fz 0 3 if (fork() == 0) {\npid 5 (sysfuzz): load page "
               "fault\n@fz 0 2 close(4);\n@fz 1 1 close(5)pid 7 (sysfuzz): bad\n@fz 0 %d.1 close(3);\n@fz 2 0 \n@fz 0 4 fsync(3);\n"
               "lockdep: lock order cycle\npanic: lockdep\n" % 3)
    recs = fuzz.records(console, 10)
    check(recs == [(1, 0, 'mkdir("a");'), (0, 3, "if (fork() == 0) {"), (0, 2, "close(4);"),
                   (0, 10 + 3 * fuzz.CHILD_CALLS + 1, "close(3);"), (2, 0, ""),
                   (0, 4, "fsync(3);")], "records: %r" % recs)
    check(fuzz.keep_words([(0, 1), (0, 2), (0, 5), (2, 7)]) == ["0:1-2", "0:5-5", "2:7-7"],
          "keep words")
    prog = fuzz.program_from(recs, 10, 0, "test")
    body = prog[prog.index('mkdir("fz0")'):]
    check("lockdep" not in prog and "pid 5" not in prog and
          '\t\tclose(4);\n\t\tif (fork() == 0) {\n\t\t\tclose(3);\n\t\t\texit(0);\n\t\t}\n\t\twait(0);'
          '\n\t\tfsync(3);' in body and body.index("fz0") < body.index("fz1") < body.index("fz2"),
          "the program: one child per worker, the calls in order, a forked child's under its "
          "fork, no kernel lines: %r" % body)
    compiles(prog, "fzshrink.c")


@test("fuzz_make_short", timeout=300)
def _():
    # --rng: the same seeds every time, so that a grade run is repeatable.
    r = run(["make", "-s", "fuzz", "SECONDS=15", "FUZZFLAGS=--calls 300 --rng 1"], timeout=280)
    check(r.returncode == 0 and re.search(r"fuzz: \d+ runs of 300 calls in 3 processes, 3 harts: "
                                          r"no panic, hang, leak or lock-order cycle; fsck clean",
                                          r.output), "make fuzz: exit %d\n%s"
          % (r.returncode, r.output[-1500:]))
    check(re.search(r"^fuzz: seed \d+: ok$", r.output, re.M), "each seed is printed")
