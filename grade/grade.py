#!/usr/bin/env python3
"""Kite's test harness: `make grade`, or `python3 grade/grade.py [options] [NAME...]`.

Python 3 standard library only.  Tests live in grade/test_*.py; every module
there is imported (in file-name order) and each function registered with
@test becomes one test.  Tests run one at a time, in that order.

Running
    python3 grade/grade.py              every test
    python3 grade/grade.py NAME...      only these (shell-style patterns work: 'boot_*')
    python3 grade/grade.py --list       names, timeouts and flags
    python3 grade/grade.py --quick      skip the tests marked slow=True
    GRADE_TIMEOUT_SCALE=2 ...           multiply every timeout (a very slow machine)
    make grade GRADEFLAGS="NAME..."     the same through make (builds first)

Each test prints `== Test NAME == ... OK (1.2s)` or `... FAIL (1.2s)` followed
by indented details (what was expected, the last lines of console output);
a failed test's whole log (every QEMU console and host command it ran) is
kept in grade/logs/NAME.log.  The run ends with `Score: a/b`, the total time
and, last, the line `N passed, N failed`; the exit status is 1 if any failed.

Writing a test (grade/test_NAME.py)
    from grade import test, QEMU, ktest_qemu, run, scratch_disk, check, fail

    @test("echo_hello", timeout=120)          # seconds for the whole test
    def _():
        q = QEMU(cpus=3)                       # kernel/kernel on this test's copy of the grade disk
        q.expect("kite: 3 harts")              # literal text (or a compiled regex)
        q.wait_quiet()                         # until the console has been quiet a moment
        q.sendline("echo hello")
        q.expect("hello")
        check("panic" not in q.output, "no panic")

@test(name, timeout=120, slow=False)
    Registers the function (no arguments).  The test fails if it raises
    (fail(), check(), a failed expect(), any exception) or runs past timeout.
    Every QEMU and command it started is killed when it ends, pass or fail.

QEMU(kernel="kernel/kernel", cpus=3, mem="128M", disk="scratch", append=None,
     extra=(), gdb_port=None, panic_ok=False, name=None, net=None)
    Starts qemu-system-riscv64 on the virt machine (OpenSBI, -nographic,
    modern virtio-mmio), with `disk` as virtio-blk: "scratch" (the default)
    is this test's own sparse copy of the grade disk (build/grade-fs.img, made
    by mkfs from the sources, never the kept fs.img), made at its first use and
    shared by the test's later QEMUs (so a test can reboot and look at what
    it wrote); any other path is used as it is; None means no disk.
    `-append append`, and `extra` QEMU arguments (e.g. blkdebug drives).
    net: None (no network card), or a list of forwarding rules for a
    virtio-net card on the restricted user network (see net_args()).
    gdb_port: start stopped (-S) with a gdb stub there (see free_port()).
    Paths are relative to the repository root.
      .expect(pat, timeout=60)  wait until pat (str: literal text; compiled
                                re: a regex) appears in output after the last
                                expect's match; returns the re.Match.  A regex
                                matches as soon as it can, on a partial line:
                                end it with \n or (?=\n) to see whole lines.  Fails
                                at once if QEMU exits first, or (unless
                                panic_ok) if the kernel panics.
      .expect_all([pats], timeout)  each in order; returns the matches.
      .send(text) / .sendline(text)  type into the console (small chunks,
                                paced for the UART).
      .wait_quiet(quiet=1.5, timeout=30)  until nothing is printed for `quiet` s.
      .wait_exit(timeout=60)    wait for QEMU to exit; returns its exit code.
      .kill()                   stop it now (done automatically at test end).
      .output                   all console output so far (str, no \\r).
      .mark()                   make later expects start from the current end.
      .running                  still alive?
    Timeouts mean "hung", not "slow": be generous (emulation on a loaded
    2-core machine is slow).  Waits never go past the test's own deadline.

ktest_qemu(name, **kw)
    QEMU on build/kernel-ktest with `-append ktest=NAME` (runs that one
    self-test, manual ones included); panic_ok=True.  Such kernels power
    off by themselves: wait_exit() gives their status.

run(cmd, timeout=300, cwd=ROOT, check=False, input=None) -> Result
    A host command (list, or str for the shell), output (stdout+stderr)
    captured and logged.  Result has .returncode, .output, .cmd;
    check=True fails the test on a non-zero status.

scratch_disk(name=None) -> "build/grade/NAME.img"
    A fresh sparse copy of the grade disk (name: the test's name by default).  The
    test's scratch images are removed when it passes, kept when it fails.

fail(msg)  check(cond, msg)  note(text)  free_port()  ROOT
    fail the test; fail unless cond; add text to the log; an unused TCP
    port on 127.0.0.1; the repository root (an absolute path).
"""

import fnmatch
import glob
import importlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRADE_DIR = os.path.join(ROOT, "grade")
LOG_DIR = os.path.join(GRADE_DIR, "logs")
SCRATCH_DIR = os.path.join(ROOT, "build", "grade")
GRADE_DISK = "build/grade-fs.img"     # the Makefile's GRADEDISK
TIMEOUT_SCALE = float(os.environ.get("GRADE_TIMEOUT_SCALE", "1") or "1")
TAIL_LINES = 30

sys.path.insert(0, os.path.join(ROOT, "scripts"))
from qemuconsole import ConsoleProcess, kill_group, qemu_command  # noqa: E402

# Tests do `from grade import ...`; when this file runs as a script, make
# that name refer to this very module rather than a second copy of it.
if __name__ == "__main__":
    sys.modules.setdefault("grade", sys.modules["__main__"])


# ---------------------------------------------------------------- registry

class TestFailure(Exception):
    """A test's expectation was not met (the message says which)."""


class _Test:
    def __init__(self, name, fn, timeout, slow, module):
        self.name, self.fn, self.timeout, self.slow, self.module = name, fn, timeout, slow, module


TESTS = []
_current = None  # the _Run of the test running now


def test(name, timeout=120, slow=False):
    """Decorator: register fn as test NAME (whole-test timeout in seconds)."""
    def register(fn):
        if any(t.name == name for t in TESTS):
            raise ValueError("duplicate test name %r" % name)
        TESTS.append(_Test(name, fn, timeout, slow, fn.__module__))
        return fn
    return register


class _Run:
    """Book-keeping for the test running now: its deadline, log and children."""

    def __init__(self, t):
        self.test = t
        self.start = time.monotonic()
        self.deadline = self.start + t.timeout * TIMEOUT_SCALE
        self.log = []         # (title, text-or-callable) sections, in order
        self.qemus = []
        self.procs = []
        self.last_source = None  # the QEMU or Result whose tail a failure shows
        self.timed_out = False
        self.scratch = None      # the default disk of this test's QEMUs
        self.disks = []          # scratch images made for this test

    def remaining(self):
        return self.deadline - time.monotonic()


def _run_now():
    if _current is None:
        raise RuntimeError("grade helpers can only be used inside a running test")
    return _current


def _limit(timeout):
    """A wait of `timeout` seconds (scaled), cut to the test's deadline."""
    r = _run_now()
    t = timeout * TIMEOUT_SCALE
    left = r.remaining()
    if left <= t:
        return max(left, 0), True
    return t, False


def fail(msg):
    raise TestFailure(msg)


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)


def note(text):
    _run_now().log.append(("note", text))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(text, n=TAIL_LINES):
    lines = text.rstrip("\n").split("\n")
    return lines[-n:] if text.strip() else []


# ---------------------------------------------------------------- host commands

class Result:
    def __init__(self, cmd, returncode, output):
        self.cmd, self.returncode, self.output = cmd, returncode, output

    def __repr__(self):
        return "Result(%r, returncode=%r)" % (self.cmd, self.returncode)


def _cmd_str(cmd):
    return cmd if isinstance(cmd, str) else " ".join(cmd)


def run(cmd, timeout=300, cwd=None, check=False, input=None, env=None):
    """Run a host command; see the module docstring."""
    r = _run_now()
    limit, capped = _limit(timeout)
    p = subprocess.Popen(cmd, shell=isinstance(cmd, str), cwd=cwd or ROOT, env=env,
                         stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    r.procs.append(p)
    try:
        out, _ = p.communicate(input.encode() if isinstance(input, str) else input,
                               timeout=limit)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        kill_group(p)
        out, _ = p.communicate()
        rc = None
    res = Result(cmd, rc, out.decode("utf-8", "replace").replace("\r", ""))
    r.log.append(("$ %s  (exit %s)" % (_cmd_str(cmd), rc), res.output))
    r.last_source = res
    if rc is None:
        why = "the test's deadline" if capped else "%gs" % limit
        raise TestFailure("command `%s` did not finish within %s" % (_cmd_str(cmd), why))
    if check and rc != 0:
        raise TestFailure("command `%s` exited with status %d" % (_cmd_str(cmd), rc))
    return res


def scratch_disk(name=None):
    """A sparse copy of the pristine image build/grade-fs.img (the files fs.img
    is made of, made anew by mkfs: never the kept fs.img) in build/grade/."""
    name = name or _run_now().test.name
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    dst = os.path.join(SCRATCH_DIR, name + ".img")
    src = os.path.join(ROOT, GRADE_DISK)
    if not os.path.exists(src):
        fail("%s is missing (run `make` first)" % GRADE_DISK)
    subprocess.run(["cp", "--sparse=always", src, dst], check=True)
    rel = os.path.relpath(dst, ROOT)
    _run_now().disks.append(rel)
    return rel


# ---------------------------------------------------------------- QEMU

def net_args(rules=()):
    """QEMU arguments for a virtio-net device on QEMU's user network with
    restrict=on (the guest reaches nothing but what `rules` forward, e.g.
    "hostfwd=tcp:127.0.0.1:8080-:80", "guestfwd=tcp:10.0.2.100:80-tcp:127.0.0.1:8000")."""
    netdev = ",".join(["user", "id=n0", "restrict=on"] + list(rules))
    return ["-netdev", netdev, "-device", "virtio-net-device,netdev=n0,bus=virtio-mmio-bus.1"]


class QEMU(ConsoleProcess):
    """One qemu-system-riscv64 run; see the module docstring."""

    def __init__(self, kernel="kernel/kernel", cpus=3, mem="128M", disk="scratch", append=None,
                 extra=(), gdb_port=None, panic_ok=False, name=None, net=None):
        r = _run_now()
        if net is not None:
            extra = tuple(net_args(net)) + tuple(extra)
        self.panic_ok = panic_ok
        self.name = name or "qemu%d" % (len(r.qemus) + 1)
        if not os.path.exists(os.path.join(ROOT, kernel)):
            fail("kernel %s is missing (run `make` / `make %s` first)" % (kernel, kernel))
        if disk == "scratch":
            if r.scratch is None:
                r.scratch = scratch_disk()
            disk = r.scratch
        if disk and not os.path.exists(os.path.join(ROOT, disk)):
            fail("disk image %s is missing" % disk)
        # cache=unsafe: Kite still sees a write cache and sends its flushes,
        # but the host does not sync the scratch image for each of them (a
        # killed QEMU's writes are in the host's page cache all the same), so
        # the file-system tests do not wait on the host's disk.
        cmd = qemu_command(kernel=kernel, cpus=cpus, mem=mem, disk=disk, append=append,
                           gdb_port=gdb_port, extra=extra, cache="unsafe")
        self._pos = 0          # expect() searches from here
        self.exit_code = None
        super().__init__(cmd, ROOT)
        r.log.append(("%s: %s" % (self.name, " ".join(cmd)), lambda: self.output))
        r.qemus.append(self)
        r.last_source = self

    def mark(self):
        self._pos = len(self.output)

    def _describe_end(self):
        rc = self.proc.poll()
        if rc is None:
            return "QEMU still running"
        return "QEMU exited with status %d" % rc

    def expect(self, pattern, timeout=60):
        _run_now().last_source = self
        limit, capped = _limit(timeout)
        rx = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
        shown = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
        # A panic fails the test a second later (the rest of the report goes to the log).
        m, why = self.wait_match(rx, self._pos, time.monotonic() + limit,
                                 panic_grace=None if self.panic_ok else 1.0)
        if m:
            self._pos = m.end()
            return m
        if why == "panic":
            raise TestFailure("expected %r, but the kernel panicked" % shown)
        if why == "exit":
            raise TestFailure("expected %r, but %s first" % (shown, self._describe_end()))
        when = "before the test's deadline" if capped else "within %gs" % limit
        raise TestFailure("expected %r %s (%s)" % (shown, when, self._describe_end()))

    def expect_all(self, patterns, timeout=60):
        return [self.expect(p, timeout) for p in patterns]

    def wait_quiet(self, quiet=1.5, timeout=30):
        """Wait until no output has come for `quiet` seconds."""
        limit, _ = _limit(timeout)
        if not super().wait_quiet(quiet, time.monotonic() + limit):
            fail("the console never went quiet for %gs within %gs" % (quiet, limit))

    def send(self, text, chunk=8, pause=0.02):
        if not super().send(text, chunk, pause):
            fail("could not type into the console: %s" % self._describe_end())

    def sendline(self, text=""):
        self.send(text + "\n")

    def wait_exit(self, timeout=60):
        _run_now().last_source = self
        limit, capped = _limit(timeout)
        try:
            rc = self.proc.wait(limit)
        except subprocess.TimeoutExpired:
            why = "before the test's deadline" if capped else "within %gs" % limit
            fail("QEMU did not exit by itself %s" % why)
        self._reader.join(5)
        self.exit_code = rc
        return rc


def ktest_qemu(name, **kw):
    """build/kernel-ktest running only self-test NAME (-append ktest=NAME)."""
    kw.setdefault("kernel", "build/kernel-ktest")
    kw.setdefault("panic_ok", True)
    kw.setdefault("append", "ktest=%s" % name)
    return QEMU(**kw)


# ---------------------------------------------------------------- runner

def _cleanup(r):
    for q in r.qemus:
        q.kill()
    for p in r.procs:
        if p.poll() is None:
            kill_group(p)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                pass


def _settle(r, quiet=0.5, limit=2.0):
    """Before a failed test's QEMUs are killed, let them finish what they
    were printing (the rest of a panic report, say), for the log."""
    end = time.monotonic() + limit
    for q in r.qemus:
        if q.running:
            ConsoleProcess.wait_quiet(q, quiet, end)


def _watchdog(r, stop):
    """Kill the test's children a little after its deadline, so that a test
    blocked somewhere unexpected still ends."""
    while not stop.wait(1.0):
        if r.remaining() < -10:
            r.timed_out = True
            _cleanup(r)
            return


def _write_log(r, status, details):
    os.makedirs(LOG_DIR, exist_ok=True)
    path = os.path.join(LOG_DIR, r.test.name + ".log")
    with open(path, "w") as f:
        f.write("Test %s: %s\n" % (r.test.name, status))
        for line in details:
            f.write("  %s\n" % line)
        for title, body in r.log:
            text = body() if callable(body) else body
            f.write("\n===== %s =====\n" % title)
            f.write(text)
            if text and not text.endswith("\n"):
                f.write("\n")
    return os.path.relpath(path, ROOT)


def run_test(t):
    global _current
    r = _Run(t)
    _current = r
    stop = threading.Event()
    dog = threading.Thread(target=_watchdog, args=(r, stop), daemon=True)
    dog.start()
    sys.stdout.write("== Test %s == ... " % t.name)
    sys.stdout.flush()
    details = []
    ok = False
    try:
        t.fn()
        ok = True
        if r.remaining() < 0:
            ok = False
            details.append("ran past its timeout of %gs" % (t.timeout * TIMEOUT_SCALE))
    except TestFailure as e:
        details.append(str(e))
    except KeyboardInterrupt:
        stop.set()
        _cleanup(r)
        raise
    except Exception:
        details += traceback.format_exc().rstrip("\n").split("\n")
    finally:
        if not ok:
            _settle(r)
        stop.set()
        _cleanup(r)
        _current = None
    if r.timed_out:
        details.insert(0, "timed out after %gs; its processes were killed" % (t.timeout * TIMEOUT_SCALE))
    elapsed = time.monotonic() - r.start
    log_path = os.path.join(LOG_DIR, t.name + ".log")
    if ok:
        print("OK (%.1fs)" % elapsed)
        for path in [log_path] + [os.path.join(ROOT, d) for d in r.disks]:
            if os.path.exists(path):
                os.unlink(path)
        return True
    print("FAIL (%.1fs)" % elapsed)
    src = r.last_source
    if src is not None:
        what = "console output" if isinstance(src, QEMU) else "output of `%s`" % _cmd_str(src.cmd)
        tail = _tail(src.output)
        details.append("last %d lines of %s:" % (len(tail), what) if tail else "(no %s)" % what)
        details += ["    " + l for l in tail]
    details = [l for d in details for l in str(d).split("\n")]
    if r.disks:
        details.append("disk image%s kept: %s" % ("s" if len(r.disks) > 1 else "", " ".join(r.disks)))
    saved = _write_log(r, "FAIL", details)
    for line in details:
        print("    " + line)
    print("    whole log: %s" % saved)
    return False


def discover():
    sys.path.insert(0, GRADE_DIR)
    for path in sorted(glob.glob(os.path.join(GRADE_DIR, "test_*.py"))):
        mod = os.path.splitext(os.path.basename(path))[0]
        try:
            importlib.import_module(mod)
        except Exception:
            # A broken module is one failed test; the others still run.
            tb = traceback.format_exc()

            def broken(tb=tb):
                fail("grade/%s.py does not import:\n%s" % (mod, tb.rstrip("\n")))
            TESTS.append(_Test("import_" + mod, broken, 60, False, mod))
    return list(TESTS)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description="Run Kite's tests (see the top of grade/grade.py).")
    ap.add_argument("names", nargs="*", help="tests to run (shell-style patterns allowed)")
    ap.add_argument("--list", action="store_true", help="list the tests and exit")
    ap.add_argument("--quick", action="store_true", help="skip tests marked slow")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    # Under `make grade`, a `make` run by a test is a top-level make of its own.
    for v in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        os.environ.pop(v, None)
    tests = discover()
    if args.list:
        for t in tests:
            print("%-28s %5ds%s  (%s)" % (t.name, t.timeout, "  slow" if t.slow else "", t.module))
        return 0
    selected = tests
    if args.names:
        selected = []
        for pat in args.names:
            hits = [t for t in tests if fnmatch.fnmatchcase(t.name, pat)]
            if not hits:
                print("grade: no test named %r (see --list)" % pat, file=sys.stderr)
                return 2
            selected += [t for t in hits if t not in selected]
        selected.sort(key=tests.index)
    skipped = 0
    if args.quick:
        skipped = sum(1 for t in selected if t.slow)
        selected = [t for t in selected if not t.slow]
    t0 = time.monotonic()
    passed = failed = 0
    for t in selected:
        if run_test(t):
            passed += 1
        else:
            failed += 1
    total = time.monotonic() - t0
    print("Score: %d/%d" % (passed, passed + failed))
    print("Total time: %.1fs" % total)
    print("%d passed, %d failed%s" % (passed, failed, ", %d skipped" % skipped if skipped else ""))
    sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\ngrade: interrupted")
        sys.exit(130)
