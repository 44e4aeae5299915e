#!/usr/bin/env python3
"""Kite's speed figures: `make bench`, or `python3 scripts/bench.py [options]`.

Python 3 standard library only.  Boots kernel/kernel in QEMU the way
`make qemu` does (on a sparse scratch copy of fs.img, build/bench.img, so
the real image is never dirtied), waits for the shell prompt, types
`bench` (or `bench NAME N`), collects the output up to `bench: done`,
types `halt`, then prints one table and writes the figures as JSON.

    python3 scripts/bench.py                 every test, CPUS=3
    python3 scripts/bench.py --cpus 2        the scaling pairs need 2 harts
    python3 scripts/bench.py --quick         small counts (a smoke test)
    python3 scripts/bench.py --only fork 50  one test, 50 operations
    python3 scripts/bench.py --compare A B   compare two saved runs
    python3 scripts/bench.py --no-net        without the network's figures
                                             (scripts/netbench.py; they need
                                             two more boots, with a network card)

Files (bench/ is git-ignored):
    bench/last.json        the latest run
    bench/cpusN.json       the latest whole run with N harts (cpusN-quick.json
                           for --quick); when cpus1 and cpus3 both exist, the
                           CPUS=3 / CPUS=1 comparison is printed
    bench/console.log      the whole console output of the latest run

Targets are judged here, never in the guest, and never fail the run: a
MISS is a figure to improve, not an error.  The exit status is 1 only if
the run itself failed (no prompt, a panic, a test FAILED, a timeout).
docs/performance.md explains every figure.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time

from qemuconsole import ConsoleProcess, qemu_command
import netbench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "bench")
SCRATCH = os.path.join(ROOT, "build", "bench.img")

# Test name -> what one operation is (the guest's order is kept from its output).
WHAT = {
    "getpid": "getpid()",
    "fork": "fork+exit+wait",
    "fork8m": "fork+exit+wait, 8 MiB touched",
    "exec": "fork+exec+wait",
    "pipe512": "1 MiB via pipe, 512 B writes",
    "pipe4k": "1 MiB via pipe, 4 KiB writes",
    "memmove": "memmove of 1 MiB in user space",
    "pingpong": "1-byte round trip over 2 pipes",
    "fwrite": "1 MiB of file written (+close)",
    "fread": "1 MiB read back, cold",
    "devwrite": "1 MiB to the disk, no fs (limit)",
    "devread": "1 MiB from the disk, no fs (limit)",
    "smallfiles": "create+write+close+unlink",
    "append": "open(O_APPEND)+64 B+close on 4 MiB",
    "sbrk": "grow+touch+shrink 1 MiB",
    "mmap1m": "mmap+munmap 1 MiB, untouched",
    "mapfault": "fault on a mapped file page",
    "cpu1": "loop iteration, 1 process",
    "cpu2": "loop iteration, 2 processes",
    "getpid1": "getpid(), 1 process",
    "getpid2": "getpid(), 2 processes at once",
    "thread": "pthread_create+join",
    "mutex": "uncontended mutex lock+unlock",
    "mutex2": "mutex lock+unlock, 2 threads contending",
}
# (the network's figures, measured from the host, are described in
# scripts/netbench.py's WHAT: the guest's bench program does not run them)

# Tests where two processes work at once by design: left out of the
# CPUS=3 vs CPUS=1 comparison (their point is how they share the harts);
# so are the network's, which time QEMU's network as much as Kite.
PARALLEL = {"cpu2", "getpid2", "mutex2"} | set(netbench.WHAT)
CPUS_LIMIT = 1.5

START_RE = re.compile(r"^bench: start hz=(\d+) ncpu=(\d+) mode=(\w+)$", re.M)
RESULT_RE = re.compile(r"^bench: (\w+) ops=(\d+) ns=(\d+)((?: \w+=\d+)*)$", re.M)
FAILED_RE = re.compile(r"^bench: (\w+) FAILED$", re.M)
DONE_RE = re.compile(r"^bench: done ok=(\d+) failed=(\d+)(?=\n)", re.M)
USAGE_RE = re.compile(r"^usage: bench", re.M)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------- QEMU

class Console(ConsoleProcess):
    """QEMU with its console on pipes (scripts/qemuconsole.py), failing with BenchError."""

    def expect(self, rx, start, timeout, what, progress=None):
        """Waits until rx matches output[start:]; returns the match."""
        shown = [0]

        def on_text(text):
            shown[0] = progress(text, shown[0])

        m, why = self.wait_match(rx, start, time.monotonic() + timeout, panic_grace=2.0,
                                 on_text=on_text if progress else None)
        if m:
            return m
        if why == "panic":
            raise BenchError("the kernel panicked while waiting for %s" % what)
        if why == "exit":
            raise BenchError("QEMU exited (status %s) while waiting for %s"
                             % (self.proc.returncode, what))
        raise BenchError("no %s within %ds" % (what, timeout))

    def send(self, text, chunk=8, pause=0.02):
        if not super().send(text, chunk, pause):
            raise BenchError("cannot type into the console (QEMU exited?)")

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None


def qemu_cmd(args):
    """The command line of `make qemu` (QEMUOPTS + QEMUDISK) on the scratch disk."""
    return qemu_command(cpus=args.cpus, mem=args.mem, disk=os.path.relpath(SCRATCH, ROOT),
                        qemu=args.qemu, append=args.append)


def boot_and_run(args, command):
    for f in ("kernel/kernel", "fs.img"):
        if not os.path.exists(os.path.join(ROOT, f)):
            raise BenchError("%s is missing (run `make` first)" % f)
    os.makedirs(os.path.dirname(SCRATCH), exist_ok=True)
    subprocess.run(["cp", "--sparse=always", os.path.join(ROOT, "fs.img"), SCRATCH], check=True)
    cmd = qemu_cmd(args)
    print("bench: %s" % " ".join(cmd), flush=True)
    try:
        con = Console(cmd, ROOT)
    except OSError as e:
        raise BenchError("cannot start %s: %s" % (args.qemu, e))
    t0 = time.monotonic()
    try:
        con.expect(re.compile(r"\$ "), 0, args.boot_timeout, "shell prompt `$ `")
        print("bench: booted in %.1fs; typing `%s`" % (time.monotonic() - t0, command), flush=True)
        start = len(con.output)
        con.send(command + "\n")

        def progress(text, shown):
            # Echo each result line as it arrives: a long run shows signs of life.
            lines = text[start:].split("\n")[:-1]
            for line in lines[shown:]:
                if line.startswith("bench: ") or line.startswith("usage:"):
                    print("  " + line, flush=True)
            return len(lines)

        done_or_usage = re.compile(DONE_RE.pattern + "|" + USAGE_RE.pattern + ".*\n", re.M)
        m = con.expect(done_or_usage, start, args.timeout, "`bench: done`", progress)
        if m.group(0).startswith("usage"):
            raise BenchError("the guest's bench refused `%s`: %s" % (command, m.group(0).strip()))
        output = con.output[start:]
        elapsed = time.monotonic() - t0
        con.send("halt\n")
        if con.wait_exit(30) is None:
            print("bench: QEMU did not power off after `halt`; killing it", file=sys.stderr)
        return output, elapsed
    finally:
        con.kill()
        save_text("console.log", con.output)


# ---------------------------------------------------------------- figures

def parse(output):
    m = START_RE.search(output)
    if not m:
        raise BenchError("no `bench: start` line in the output")
    run = {"hz": int(m.group(1)), "ncpu": int(m.group(2)), "mode": m.group(3),
           "tests": {}, "failed": []}
    for m in RESULT_RE.finditer(output):
        name, ops, ns = m.group(1), int(m.group(2)), int(m.group(3))
        extra = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(4))}
        run["tests"][name] = {"ops": ops, "ns": ns, "ns_per_op": ns / ops if ops else None,
                              "what": WHAT.get(name, ""), "extra": extra}
    run["failed"] = FAILED_RE.findall(output)
    return run


def per_op(run, name):
    t = run["tests"].get(name)
    return t["ns_per_op"] if t and t["ops"] else None


def targets(run):
    """The targets of docs/performance.md, as tuples
    (test row, label, value, text, status); status is PASS, MISS, ?, n/a or info
    (a figure with no limit)."""
    tests, out = run["tests"], []

    def ratio(row, label, num, den, limit, strict, factor=1):
        a, b = per_op(run, num), per_op(run, den)
        if a is None or b is None or b == 0:
            out.append((row, label, None, "n/a (%s or %s missing)" % (num, den), "n/a"))
            return
        r = a / (b * factor)
        ok = r < limit if strict else r <= limit
        what = "%s/%s" % (num, den) if factor == 1 else "%s/(%d x %s)" % (num, factor, den)
        out.append((row, label, r, "%s = %.2f (%s %g)" % (what, r, "<" if strict else "<=", limit),
                    "PASS" if ok else "MISS"))

    ratio("fork8m", "COW fork of 8 MiB / small fork", "fork8m", "fork", 2, True)
    # Same iteration counts in both, so per-op ratio == elapsed-time ratio.
    for two, one, limit in (("cpu2", "cpu1", 1.3), ("getpid2", "getpid1", 1.5)):
        if two in tests and one in tests and tests[two]["ops"] != tests[one]["ops"]:
            out.append((two, "%s / %s" % (two, one), None, "n/a (different counts)", "n/a"))
        else:
            ratio(two, "%s / %s (2 processes / 1)" % (two, one), two, one, limit, False)
    ratio("pipe4k", "pipe 4 KiB writes / 2 x memmove", "pipe4k", "memmove", 4, False, factor=2)

    fw = tests.get("fwrite")
    if fw and "commits" in fw["extra"] and "blocks" in fw["extra"]:
        c, limit = fw["extra"]["commits"], fw["extra"]["blocks"] / 32
        out.append(("fwrite", "log commits <= data blocks / 32", c,
                    "commits %d (<= %d = blocks/32)" % (c, limit), "PASS" if c <= limit else "MISS"))
    else:
        out.append(("fwrite", "log commits <= data blocks / 32", None, "n/a", "n/a"))

    # The gap to the device: the same bytes from the kernel's own loop (no limit, a figure).
    for ftest, dtest in (("fwrite", "devwrite"), ("fread", "devread")):
        a, b = per_op(run, ftest), per_op(run, dtest)
        if a is not None and b:
            out.append((ftest, "%s / %s (gap to the device)" % (ftest, dtest), a / b,
                        "%s/%s = %.1f (the device limit is 1)" % (ftest, dtest, a / b), "info"))

    fr = tests.get("fread")
    if fr and "inflight" in fr["extra"]:
        # kstats() restarts the high-water mark at each call, so `inflight`
        # is the most requests in flight during the read alone.
        after = fr["extra"]["inflight"]
        if after > 1:
            st, txt = "PASS", "max in flight %d (> 1)" % after
        else:
            st, txt = "MISS", "max in flight %d (> 1)" % after
        out.append(("fread", "cold read: disk requests in flight", after, txt, st))
    else:
        out.append(("fread", "cold read: disk requests in flight", None, "n/a", "n/a"))
    return out


def fmt_ns(ns):
    """Three significant digits and a unit: 12.3 us, 456 ms, 1.50 s."""
    if ns is None:
        return "-"
    unit, scale = "ns", 1
    for u, s in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= s:
            unit, scale = u, s
            break
    v = ns / scale
    return "%.*f %s" % (2 if v < 10 else 1 if v < 100 else 0, v, unit)


def print_table(run):
    marks = {}
    for row, label, _, text, status in targets(run):
        marks.setdefault(row, []).append("%-4s %s" % (status, text))
    print()
    print("Kite bench: CPUS=%s, MEM=%s, timebase %d Hz, %s counts"
          % (run.get("cpus", run["ncpu"]), run.get("mem", "?"), run["hz"], run["mode"]))
    print("%-10s %9s %9s %9s  %-31s %s" % ("test", "ops", "time", "per op", "one op", "target"))
    print("-" * 104)
    names = list(run["tests"]) + [f for f in run["failed"] if f not in run["tests"]]
    for name in names:
        t = run["tests"].get(name)
        extra_marks = marks.get(name, [""])
        if t is None:
            print("%-10s %9s %9s %9s  %-31s %s" % (name, "FAILED", "", "", "", extra_marks[0]))
        else:
            print("%-10s %9d %9s %9s  %-31s %s" % (name, t["ops"], fmt_ns(t["ns"]),
                                                   fmt_ns(t["ns_per_op"]), t["what"][:31],
                                                   extra_marks[0]))
        for more in extra_marks[1:]:
            print("%-73s %s" % ("", more))
        if t and t["extra"]:
            print("%-43s %s" % ("", " ".join("%s=%d" % kv for kv in t["extra"].items())))
    for row in marks:
        if row not in names:
            for m in marks[row]:
                print("%-10s %-62s %s" % (row, "(not run)", m))
    if run.get("cpus") != 2 and ("cpu2" in run["tests"] or "getpid2" in run["tests"]):
        print("\nnote: CPUS=%s: the 2-process ratios (cpu2/cpu1, getpid2/getpid1) are only "
              "meaningful with CPUS=2 (make bench CPUS=2)." % run.get("cpus"))
    if run["failed"]:
        print("\nFAILED: %s (see bench/console.log)" % " ".join(run["failed"]))


def compare(a, b, label_a, label_b, limit=None, skip=()):
    """Per-op times of the tests in both runs, B/A; PASS/MISS when limit is set."""
    print("%-11s %12s %12s %8s  %s" % ("test", label_a, label_b, "B/A", "" if limit is None
                                         else "target B/A <= %g" % limit))
    worst = []
    for name, ta in a["tests"].items():
        tb = b["tests"].get(name)
        if tb is None or name in skip:
            continue
        pa, pb = ta["ns_per_op"], tb["ns_per_op"]
        r = pb / pa if pa else float("inf")
        status = ""
        if limit is not None:
            status = "PASS" if r <= limit else "MISS"
            if r > limit:
                worst.append(name)
        note = "" if ta["ops"] == tb["ops"] else "  (ops %d vs %d)" % (ta["ops"], tb["ops"])
        print("%-11s %12s %12s %7.2fx  %s%s" % (name, fmt_ns(pa), fmt_ns(pb), r, status, note))
    return worst


def cpus_comparison(mode):
    suffix = "" if mode == "full" else "-" + mode
    f1 = os.path.join(OUT_DIR, "cpus1%s.json" % suffix)
    f3 = os.path.join(OUT_DIR, "cpus3%s.json" % suffix)
    if not (os.path.exists(f1) and os.path.exists(f3)):
        return
    a, b = load(f1), load(f3)
    print("\nCPUS=3 vs CPUS=1 (per-op time; every single-process test at most %gx; %s left out)"
          % (CPUS_LIMIT, " ".join(sorted(PARALLEL))))
    print("A = %s (%s), B = %s (%s)" % (os.path.relpath(f1, ROOT), a.get("date", "?"),
                                        os.path.relpath(f3, ROOT), b.get("date", "?")))
    worst = compare(a, b, "CPUS=1", "CPUS=3", CPUS_LIMIT, PARALLEL)
    print("%s: %s" % ("MISS" if worst else "PASS",
                      "over %gx: %s" % (CPUS_LIMIT, " ".join(worst)) if worst
                      else "no single-process test is more than %gx slower" % CPUS_LIMIT))


# ---------------------------------------------------------------- files

def save_text(name, text):
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, name), "w") as f:
        f.write(text)


def save_json(name, run):
    save_text(name, json.dumps(run, indent=2, sort_keys=False) + "\n")


def load(path):
    try:
        with open(path) as f:
            run = json.load(f)
    except (OSError, ValueError) as e:
        raise BenchError("cannot read %s: %s" % (path, e))
    if "tests" not in run:
        raise BenchError("%s is not a bench result" % path)
    return run


def host_info(args):
    try:
        v = subprocess.run([args.qemu, "--version"], capture_output=True, text=True).stdout
        qemu = v.split("\n")[0]
    except OSError:
        qemu = "?"
    return {"machine": platform.machine(), "system": platform.platform(),
            "host_cpus": os.cpu_count(), "qemu": qemu, "python": platform.python_version()}


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="Run Kite's bench program in QEMU and report.")
    ap.add_argument("--cpus", type=int, default=int(os.environ.get("CPUS", "3") or 3),
                    help="harts (QEMU -smp), as CPUS for make qemu (default 3)")
    ap.add_argument("--mem", default=os.environ.get("MEM", "128M") or "128M",
                    help="memory, as MEM for make qemu (default 128M)")
    ap.add_argument("--quick", action="store_true", help="small counts (bench -q)")
    ap.add_argument("--only", nargs="+", metavar=("NAME", "N"),
                    help="one test (bench NAME [N])")
    ap.add_argument("--compare", nargs=2, metavar=("A", "B"),
                    help="compare two saved JSON runs (B/A per-op) and exit")
    ap.add_argument("--timeout", type=int, default=None,
                    help="seconds for the bench program (default 1200, 300 with --quick)")
    ap.add_argument("--boot-timeout", type=int, default=120,
                    help="seconds to reach the shell prompt (default 120)")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--no-net", action="store_true", help="leave out the network's figures")
    ap.add_argument("--append", default=None, metavar="ARGS",
                    help="kernel boot arguments (QEMU -append), e.g. vblk_noflush=1 to see "
                         "what the flushes cost")
    args = ap.parse_args()

    try:
        if args.compare:
            a, b = load(args.compare[0]), load(args.compare[1])
            print("A = %s (CPUS=%s, %s, %s)" % (args.compare[0], a.get("cpus"), a.get("mode"),
                                                a.get("date", "?")))
            print("B = %s (CPUS=%s, %s, %s)" % (args.compare[1], b.get("cpus"), b.get("mode"),
                                                b.get("date", "?")))
            compare(a, b, "A per op", "B per op")
            for label, run in (("A", a), ("B", b)):
                print("\ntargets in %s:" % label)
                for _, name, _, text, status in targets(run):
                    print("  %-4s %-40s %s" % (status, name, text))
            return 0

        if args.cpus < 1:
            ap.error("--cpus must be at least 1")
        command = "bench" + (" -q" if args.quick else "")
        if args.only:
            if len(args.only) > 2 or (len(args.only) == 2 and not args.only[1].isdigit()):
                ap.error("--only NAME [N]")
            if args.only[0] not in WHAT:
                ap.error("unknown test %r; tests: %s" % (args.only[0], " ".join(WHAT)))
            if args.quick and len(args.only) == 2:
                ap.error("--quick and a count N do not go together")
            command += " " + " ".join(args.only)
        if args.timeout is None:
            args.timeout = 300 if args.quick else 1200

        output, elapsed = boot_and_run(args, command)
        run = parse(output)
        if not args.only and not args.no_net:
            print("bench: the network's figures (scripts/netbench.py)", flush=True)
            args.root = ROOT
            try:
                run["tests"].update(netbench.run(args, os.path.relpath(SCRATCH, ROOT), args.quick))
            except netbench.NetBenchError as e:
                raise BenchError("network: %s" % e)
        run.update({"cpus": args.cpus, "mem": args.mem, "command": command,
                    "date": datetime.datetime.now().isoformat(timespec="seconds"),
                    "elapsed_s": round(elapsed, 1), "host": host_info(args)})
        run["targets"] = [{"test": row, "target": label, "value": value, "text": text,
                           "status": status} for row, label, value, text, status in targets(run)]
        if args.only:
            run["targets"] = []  # a single test has no pair
        print_table(run) if not args.only else print_single(run)
        save_json("last.json", run)
        saved = ["bench/last.json"]
        if not args.only:
            name = "cpus%d%s.json" % (args.cpus, "-quick" if args.quick else "")
            save_json(name, run)
            saved.append("bench/" + name)
        print("\nsaved %s (run took %.0fs)" % (", ".join(saved), elapsed))
        if not args.only:
            cpus_comparison(run["mode"])
        m = DONE_RE.search(output)
        return 1 if run["failed"] or (m and int(m.group(2))) else 0
    except BenchError as e:
        print("bench: error: %s" % e, file=sys.stderr)
        if os.path.exists(os.path.join(OUT_DIR, "console.log")):
            with open(os.path.join(OUT_DIR, "console.log")) as f:
                tail = f.read().rstrip("\n").split("\n")[-20:]
            print("last console lines (whole log in bench/console.log):", file=sys.stderr)
            for line in tail:
                print("  | " + line, file=sys.stderr)
        return 1


def print_single(run):
    for name, t in run["tests"].items():
        print("\n%s: %d ops in %s, %s per op (%s)" % (name, t["ops"], fmt_ns(t["ns"]),
                                                    fmt_ns(t["ns_per_op"]), t["what"]))
        if t["extra"]:
            print("  " + " ".join("%s=%d" % kv for kv in t["extra"].items()))
    for name in run["failed"]:
        print("\n%s: FAILED (see bench/console.log)" % name)


if __name__ == "__main__":
    sys.exit(main())
