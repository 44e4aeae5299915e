#!/usr/bin/env python3
"""make fuzz SECONDS=N: a long run of the system-call fuzzer (user/cmd/sysfuzz.c).

Boots the checking kernel (build/kernel-kchecks: lock-order checker,
poisoned free memory) on a scratch copy of fs.img with every hart, and runs
`sysfuzz SEED CALLS PROCS` with random seeds until the time is up.  Each run
must end (no hang: a deadline per run), leave no panic and no lock-order
report, and give back its memory, inodes and blocks (sysfuzz's own "leaked
0 bytes, 0 inodes, 0 blocks"); after the last run the disk must pass fsck.

On a failure it prints the seed, finds the failing seed alone on a fresh
disk (when only fsck caught it), then tries each worker alone (`sysfuzz -r`)
and shrinks that worker's calls by removing chunks of them while the
failure stays (delta debugging, one boot per try), and writes the program
`sysfuzz -r` prints for the calls left to user/fuzz_SEED.c (a user program:
the next `make` puts it on the disk).  A failure that needs several
workers at once is reported with its seed and command, unshrunk.

Exit status 0 if every run passed, 1 on a failure, 2 on a setup error.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from qemuconsole import ConsoleProcess, kill_group, qemu_command  # noqa: E402

PROMPT = re.compile(r"\n\$ $")
DONE = re.compile(r"sysfuzz: done, \d+ of \d+ workers killed by their own faults, (leaked|LEAK of) "
                  r"\d+ bytes, \d+ inodes, \d+ blocks")
WORK = os.path.join(ROOT, "build", "fuzz")


class Setup(Exception):
    pass


class Machine:
    """One boot of the kernel on a fresh copy of fs.img, at the shell prompt."""

    def __init__(self, args, name):
        self.img = os.path.join(WORK, name + ".img")
        shutil.copyfile(os.path.join(ROOT, "fs.img"), self.img)
        cmd = qemu_command(kernel=args.kernel, cpus=args.cpus, mem=args.mem, disk=self.img,
                           cache="unsafe")
        self.q = ConsoleProcess(cmd, ROOT)
        self.mark = 0
        if self.wait(PROMPT, 120)[0] is None:
            self.q.kill()
            raise Setup("the kernel did not boot to a shell:\n" + self.q.output[-1500:])

    def wait(self, rx, timeout):
        m, why = self.q.wait_match(rx, self.mark, time.monotonic() + timeout, panic_grace=2)
        if m:
            self.mark = m.end()
        return m, why

    def run(self, line, timeout):
        """Type line; (the output up to the next prompt, or None; why not)."""
        start = len(self.q.output)
        self.mark = start
        self.q.send(line + "\n")
        m, why = self.wait(PROMPT, timeout)
        return (self.q.output[start:m.start()] if m else None), why

    def halt_and_fsck(self):
        """Power off; fsck's complaint, or None if the disk is clean."""
        self.q.send("halt\n")
        try:
            self.q.proc.wait(60)
        except subprocess.TimeoutExpired:
            kill_group(self.q.proc)
            return "QEMU did not power off"
        r = subprocess.run([os.path.join(ROOT, "mkfs", "fsck"), self.img], capture_output=True,
                           text=True)
        return (r.stdout + r.stderr).strip() if r.returncode else None

    def kill(self):
        self.q.kill()


def verdict(m, out, why):
    """What went wrong in one sysfuzz command's console output, or None."""
    text = out if out is not None else m.q.output[m.mark:]
    if "panic:" in m.q.output:
        return "panic"
    if "lockdep:" in m.q.output:
        return "lock order"
    if out is None:
        return "hang" if why == "timeout" else "kernel stopped (%s)" % why
    if not DONE.search(text):
        return "sysfuzz did not finish"
    if "LEAK of" in text:
        return "leak"
    return None


def run_timeout(args):
    return 60 + args.calls * args.procs / 20


def trial(args, seeds, keep=None, worker=None):
    """Boot a fresh disk, run the seeds (or one worker of seeds[0], with
    only the call ranges in keep), halt and fsck.  (failure kind or None,
    console text)."""
    m = Machine(args, "trial")
    try:
        if keep is not None:
            m.run("rm k", 30)
            for lo, hi in keep:
                m.run("echo %d-%d >> k" % (lo, hi), 30)
        for seed in seeds:
            if worker is None:
                line = "sysfuzz %d %d %d" % (seed, args.calls, args.procs)
            else:
                line = "sysfuzz -r %d %d %d%s" % (seed, args.calls, worker,
                                                  " k" if keep is not None else "")
            out, why = m.run(line, run_timeout(args))
            bad = verdict(m, out, why)
            if bad:
                return bad, m.q.output
        bad = m.halt_and_fsck()
        return ("fsck: " + bad if bad else None), m.q.output
    finally:
        m.kill()


def ranges(calls):
    """Sorted call numbers as (lo, hi) runs."""
    out = []
    for c in calls:
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def shrink(calls, fails, budget):
    """A smaller list of calls (a sublist) for which fails(list) is still
    true, removing chunks and then single calls (delta debugging), with at
    most budget calls of fails.  calls itself must fail."""
    n = 2
    while len(calls) > 1 and budget > 0:
        size = max(1, len(calls) // n)
        removed = False
        for start in range(0, len(calls), size):
            if budget <= 0:
                break
            rest = calls[:start] + calls[start + size:]
            budget -= 1
            if rest and fails(rest):
                calls = rest
                n = max(n - 1, 2)
                removed = True
                break
        if not removed:
            if size == 1:
                break
            n = min(len(calls), n * 2)
    return calls


def program_of(console):
    """The C program `sysfuzz -r` printed (kernel messages among its lines
    left out), completed if a panic cut it short."""
    i = console.rfind("/* sysfuzz -r")
    if i < 0:
        return None
    text = console[i:]
    end = text.find("\texit(0);\n}\n")
    cut = end < 0
    if cut:
        text = text[:text.rfind("\n") + 1]  # the last line may be half printed
    else:
        text = text[:end + len("\texit(0);\n}\n")]
    head, sep, body = text.partition("int main(void)\n{\n")
    if not sep:
        return None
    lines = [l for l in body.split("\n")
             if (l.startswith("\t") and l.endswith((";", "}"))) or l == "}"]
    prog = head + sep + "\n".join(lines) + "\n"
    if cut:
        prog += "\t/* the kernel stopped in the call after this one */\n\texit(0);\n}\n"
    return prog


def report_failure(args, seed, kind):
    print("fuzz: FAILED: seed %d (%s): sysfuzz %d %d %d on %s" % (seed, kind, seed, args.calls,
                                                              args.procs, args.kernel))
    if args.no_shrink:
        return
    for w in range(args.procs):
        bad, console = trial(args, [seed], worker=w)
        print("fuzz: worker %d alone: %s" % (w, bad or "passes"))
        if not bad:
            continue
        tries = [0]

        def fails(calls):
            tries[0] += 1
            b, _ = trial(args, [seed], keep=ranges(calls), worker=w)
            print("fuzz: shrink try %d: %d calls: %s" % (tries[0], len(calls), b or "passes"))
            return b is not None

        calls = shrink(list(range(args.calls)), fails, args.shrink_tries)
        bad, console = trial(args, [seed], keep=ranges(calls), worker=w)
        prog = program_of(console) if bad else None
        if not prog:
            print("fuzz: the shrunk run no longer fails; reproduce with sysfuzz -r %d %d %d"
                  % (seed, args.calls, w))
            return
        path = os.path.join(args.out, "fuzz_%d.c" % seed)
        with open(path, "w") as f:
            f.write("/* fuzz: %s, seed %d worker %d, %d of %d calls kept (scripts/fuzz.py) */\n"
                    % (bad, seed, w, len(calls), args.calls))
            f.write(prog)
        print("fuzz: reproducer (%d calls, %s): %s" % (len(calls), bad, os.path.relpath(path, ROOT)))
        return
    print("fuzz: no worker fails alone: it needs the workers together (sysfuzz %d %d %d)"
          % (seed, args.calls, args.procs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=300, help="how long to fuzz")
    ap.add_argument("--cpus", type=int, default=3)
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--calls", type=int, default=2000, help="calls per worker per run")
    ap.add_argument("--procs", type=int, default=3, help="workers per run")
    ap.add_argument("--seed", type=int, action="append",
                    help="run these seeds (repeatable) instead of random ones")
    ap.add_argument("--rng", type=int, help="seed of the seeds (default: a new one each run)")
    ap.add_argument("--kernel", default="build/kernel-kchecks")
    ap.add_argument("--out", default=os.path.join(ROOT, "user"),
                    help="where the shrunk reproducer goes")
    ap.add_argument("--shrink-tries", type=int, default=80, help="boots the shrinking may use")
    ap.add_argument("--no-shrink", action="store_true")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    rng = random.Random(args.rng)
    deadline = time.monotonic() + args.seconds
    done = []
    try:
        m = Machine(args, "run")
        try:
            while True:
                if args.seed:
                    if len(done) == len(args.seed):
                        break
                    seed = args.seed[len(done)]
                elif time.monotonic() >= deadline and done:
                    break
                else:
                    seed = rng.randrange(1, 1 << 20)
                out, why = m.run("sysfuzz %d %d %d" % (seed, args.calls, args.procs),
                                 run_timeout(args))
                bad = verdict(m, out, why)
                print("fuzz: seed %d: %s" % (seed, bad or "ok"), flush=True)
                if bad:
                    m.kill()
                    report_failure(args, seed, bad)
                    return 1
                done.append(seed)
            bad = m.halt_and_fsck()
        finally:
            m.kill()
        if bad:
            print("fuzz: fsck after seeds %s: %s" % (" ".join(map(str, done)), bad))
            for seed in done:
                alone, _ = trial(args, [seed])
                if alone:
                    report_failure(args, seed, alone)
                    return 1
            print("fuzz: FAILED: no seed fails alone; the sequence %s does" % done)
            return 1
    except Setup as e:
        print("fuzz: %s" % e)
        return 2
    print("fuzz: %d runs of %d calls in %d processes, %d harts: no panic, hang, leak or "
          "lock-order cycle; fsck clean" % (len(done), args.calls, args.procs, args.cpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
