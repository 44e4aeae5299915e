#!/usr/bin/env python3
"""make fuzz SECONDS=N: a long run of the system-call fuzzer (user/cmd/sysfuzz/).

Boots the checking kernel (build/kernel-kchecks: lock-order checker,
poisoned free memory) on a scratch copy of fs.img with every hart, and runs
`sysfuzz SEED CALLS PROCS` with random seeds until the time is up.  Each run
must end (no hang: a deadline per run), leave no panic and no lock-order
report, and give back its memory, inodes and blocks (sysfuzz's own "leaked
0 bytes, 0 inodes, 0 blocks"); after the last run the disk must pass fsck.

On a failure it prints the seed, finds the failing seed alone on a fresh
disk (when only fsck caught it), and shrinks it with `sysfuzz -m`, which
runs the same workers at once and records every call each makes (a forked
child's too) before it runs: first whole workers are removed, then calls
of the workers left (delta debugging over the calls of all of them), while
the failure still reproduces.  Since the interleaving of the workers
differs from run to run, a candidate reproduces if it fails the same way
in K of M runs (K = 2, M = 3: most runs; a pass is known after two).  The
records of a failing run of what is left become the program
user/fuzz_SEED.c (a user program: the next `make` puts it on the disk): it
forks one child per worker, each in its own directory making its recorded
calls with the same arguments (a forked child's inside
`if (fork() == 0) { ...; exit(0); }`), waits for them, removes what they
made and prints its leak count the way sysfuzz does.

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
# A failure sysfuzz -x planted (user/cmd/sysfuzz/step.c), as printed (a
# record quotes the message too, inside its printf).
PLANTED = re.compile(r"^sysfuzz: PLANTED failure", re.M)
PLANT_MARK = "/fzplant"  # the file -x 1 leaves (sysfuzz.h)


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
    if PLANTED.search(text):
        return "planted"
    if "LEAK of" in text:
        return "leak"
    return None


def run_timeout(args):
    return 60 + args.calls * args.procs / 20


def plant_flag(args):
    return "-x %d " % args.plant if args.plant else ""


def seed_alone(args, seed):
    """Run seed on a fresh disk, then halt and fsck: the failure or None."""
    m = Machine(args, "alone")
    try:
        out, why = m.run("sysfuzz %s%d %d %d" % (plant_flag(args), seed, args.calls, args.procs),
                         run_timeout(args))
        bad = verdict(m, out, why)
        if bad:
            return bad
        bad = m.halt_and_fsck()
        return "fsck: " + bad if bad else None
    finally:
        m.kill()


# A candidate reproduces if it fails the same way in REPRO_K of REPRO_M runs.
REPRO_K, REPRO_M = 2, 3
CHILD_CALLS = 4  # sysfuzz.h: calls a forked child makes
RECORD = re.compile(r"^@fz (\d+) (\d+)(?:\.(\d+))? (.*)$", re.M)
FORK_STMT = "if (fork() == 0) {"
# The longest shell line the keep file is written with.
KEEP_LINE = 100


def same_failure(want, got):
    """Is got (a verdict) the failure being shrunk?"""
    if got is None:
        return False
    return got == want or (want.startswith("fsck") and got.startswith("fsck"))


class Runner:
    """`sysfuzz -m` runs of one seed with keep lists, on one machine while
    it stays sound: after a run that stopped the kernel or sysfuzz, and
    after each run when shrinking a failure fsck found, the next run boots
    a fresh disk (a leak is counted per run, so it needs none)."""

    def __init__(self, args, seed, kind):
        self.args, self.seed, self.kind = args, seed, kind
        self.m = None
        self.keep = None

    def close(self):
        if self.m:
            self.m.kill()
        self.m = None

    def run(self, units):
        """One run of the calls units names ((worker, id) pairs; None: all).
        (verdict or None, the console text of the run)."""
        if self.m is None:
            self.m = Machine(self.args, "trial")
            self.keep = None
        m = self.m
        if units is not None and self.keep != units:
            m.run("rm k", 30)
            words = keep_words(units)
            for i in range(0, len(words), 8):
                m.run("echo %s >> k" % " ".join(words[i:i + 8]), 30)
            self.keep = units
        line = "sysfuzz %s-m %d %d %d%s" % (plant_flag(self.args), self.seed, self.args.calls, self.args.procs,
                                           " k" if units is not None else "")
        start = len(m.q.output)
        out, why = m.run(line, run_timeout(self.args))
        bad = verdict(m, out, why)
        text = m.q.output[start:]
        if bad is None and self.kind.startswith("fsck"):
            bad = m.halt_and_fsck()
            bad = "fsck: " + bad if bad else None
            self.close()
        if bad not in (None, "planted", "leak"):
            self.close()  # the kernel stopped, or sysfuzz did not finish
        return bad, text

    def reproduces(self, units):
        """(does units fail like the original in K of M runs, the console
        text of its last failing run)."""
        fails, text = 0, None
        for i in range(REPRO_M):
            bad, out = self.run(units)
            if same_failure(self.kind, bad):
                fails, text = fails + 1, out
            if fails >= REPRO_K:
                return True, text
            if fails + REPRO_M - 1 - i < REPRO_K:
                break
        return False, text


def records(console, ncalls):
    """The calls a -m run recorded: [(worker, id, C text)], a forked
    child's call J of the fork at I as id ncalls + I * CHILD_CALLS + J."""
    out = []
    for m in RECORD.finditer(console):
        w, i, j, text = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4).rstrip("\r")
        if text and not text.endswith((";", "}", "{")):
            continue  # a kernel message broke into the line
        out.append((w, i if j is None else ncalls + i * CHILD_CALLS + int(j), text))
    return out


def keep_words(units):
    """The keep file's words for units: W:LO-HI runs per worker."""
    words = []
    for w in sorted({w for w, _ in units}):
        for lo, hi in ranges(sorted(i for v, i in units if v == w)):
            words.append("%d:%d-%d" % (w, lo, hi))
    return words


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


PROGRAM_HEAD = r"""#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "kernel/vm.h"
#include "user/user.h"
#include "user/kite.h"

static char deep[600], toolong[700];
static char *buf;

/* Remove path, emptying it first if it is a directory (symlinks are not followed). */
static void rmtree(const char *path, int depth)
{
	struct dirent de;
	char sub[256];
	int len = strlen(path), fd;

	if (unlink(path) == 0 || depth > 12 || (fd = open(path, O_RDONLY)) < 0)
		return;
	while (read(fd, &de, sizeof(de)) == sizeof(de) && len + 2 + DIRSIZ < (int)sizeof(sub)) {
		if (de.inum == 0 || strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
			continue;
		memmove(sub, path, len);
		sub[len] = '/';
		memmove(sub + len + 1, de.name, DIRSIZ);
		sub[len + 1 + DIRSIZ] = 0;
		rmtree(sub, depth + 1);
	}
	close(fd);
	unlink(path);
}

/* Free memory, inodes and blocks. */
static void count_free(long *f)
{
	struct sysinfo si;
	struct statfs st;

	sysinfo(&si);
	f[0] = (long)si.freemem;
	f[1] = f[2] = 0;
	if (statfs("/", &st) == 0) {
		f[1] = (long)st.ffree;
		f[2] = (long)st.bfree;
	}
}

int main(void)
{
	int p[2], lastfd;
	long before[3], after[3];

	(void)p;
	(void)lastfd;
	buf = sbrk(8192);
	for (int i = 0; i + 2 < 600; i += 2)
		deep[i] = 'a', deep[i + 1] = '/';
	memset(toolong, 'x', 699);
"""

PROGRAM_TAIL = r"""	while (wait(0) >= 0)
		;
	chdir("..");
	for (int pass = 0; pass < 2; pass++)
		rmtree("fzp", 0);
%s	count_free(after);
	long mem = before[0] - after[0], ino = before[1] - after[1], blk = before[2] - after[2];
	int leak = mem > 0 || ino > 0 || blk > 0;
	printf("reproducer: done, %%s %%ld bytes, %%ld inodes, %%ld blocks\n", leak ? "LEAK of" : "leaked",
	       mem > 0 ? mem : 0L, ino > 0 ? ino : 0L, blk > 0 ? blk : 0L);
	exit(0);
}
"""


def program_from(recs, ncalls, plant, header):
    """The C program of recorded calls recs (see records): one child per
    worker, in directory fzp/fzW, a forked child's calls under its fork."""
    lines = ["/* %s */" % header, PROGRAM_HEAD.rstrip("\n")]
    unmark = '\tunlink("%s");\n' % PLANT_MARK if plant else ""
    lines.append(unmark + '\tcount_free(before);\n\tmkdir("fzp");\n\tchdir("fzp");')
    workers = sorted({w for w, _, _ in recs})
    for w in workers:
        own = sorted((i, t) for v, i, t in recs if v == w and i < ncalls)
        kids = {}
        for v, i, t in recs:
            if v == w and i >= ncalls:
                kids.setdefault((i - ncalls) // CHILD_CALLS, []).append(((i - ncalls) % CHILD_CALLS, t))
        lines += ['\tmkdir("fz%d");' % w, "\tif (fork() == 0) {", '\t\tchdir("fz%d");' % w]
        for i, t in own:
            if t == FORK_STMT:
                lines.append("\t\t" + t)
                lines += ["\t\t\t" + k for _, k in sorted(kids.get(i, [])) if k]
                lines += ["\t\t\texit(0);", "\t\t}", "\t\twait(0);"]
            elif t:
                lines.append("\t\t" + t)
        lines += ["\t\texit(0);", "\t}"]
    lines.append(PROGRAM_TAIL % unmark)
    return "\n".join(lines)


def report_failure(args, seed, kind):
    print("fuzz: FAILED: seed %d (%s): sysfuzz %s%d %d %d on %s"
          % (seed, kind, plant_flag(args), seed, args.calls,
             args.procs, args.kernel), flush=True)
    if args.no_shrink:
        return
    runner = Runner(args, seed, kind)
    try:
        ok, text = runner.reproduces(None)
        if not ok:
            print("fuzz: sysfuzz -m does not fail like that in %d of %d runs: not shrunk"
                  % (REPRO_K, REPRO_M))
            return
        full = records(text, args.calls)
        units = [(w, i) for w, i, _ in full]
        # Calls of a forked child that never ran still count for a fork kept.
        for w, i, t in full:
            if t == FORK_STMT and i < args.calls:
                units += [(w, args.calls + i * CHILD_CALLS + j) for j in range(CHILD_CALLS)
                          if (w, args.calls + i * CHILD_CALLS + j) not in units]
        units = sorted(set(units))
        tries = [0]
        budget = [args.shrink_tries]
        last = [text]  # the console of the last run that failed of what shrink keeps

        def fails(cand):
            tries[0] += 1
            budget[0] -= 1
            got, out = runner.reproduces(cand)
            if got:
                last[0] = out
            print("fuzz: shrink try %d: %d calls of workers %s: %s"
                  % (tries[0], len(cand), " ".join(str(w) for w in sorted({w for w, _ in cand})),
                     "fails" if got else "passes"), flush=True)
            return got

        workers = shrink(sorted({w for w, _ in units}),
                         lambda ws: fails([u for u in units if u[0] in ws]), budget[0])
        units = [u for u in units if u[0] in workers]
        units = shrink(units, fails, budget[0])
        recs = records(last[0], args.calls)
        path = os.path.join(args.out, "fuzz_%d.c" % seed)
        header = ("fuzz: %s, seed %d, workers %s, %d of %d calls kept (scripts/fuzz.py; "
                  "it failed in %d of %d runs)"
                  % (kind, seed, " ".join(str(w) for w in sorted({w for w, _, _ in recs})),
                     len(recs), len(full), REPRO_K, REPRO_M))
        with open(path, "w") as f:
            f.write(program_from(recs, args.calls, args.plant, header))
        print("fuzz: reproducer (%d of %d calls, workers %s, %s): %s"
              % (len(recs), len(full), " ".join(str(w) for w in sorted({w for w, _, _ in recs})),
                 kind,
                 os.path.relpath(path, ROOT)))
    finally:
        runner.close()


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
    ap.add_argument("--shrink-tries", type=int, default=80, help="candidates the shrinking may try")
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--plant", type=int, default=0,
                    help="plant failure RULE (sysfuzz -x; tests the shrinking)")
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
                out, why = m.run("sysfuzz %s%d %d %d" % (plant_flag(args), seed, args.calls,
                                                           args.procs),
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
                alone = seed_alone(args, seed)
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
