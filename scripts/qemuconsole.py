"""A QEMU (or any program) whose console is on pipes, read by a thread.

Shared by the test harness (grade/grade.py) and the benchmark runner
(scripts/bench.py), which add their own error reporting on top.  Python 3
standard library only.
"""

import os
import re
import signal
import subprocess
import threading
import time

PANIC_RE = re.compile(r"^panic: ", re.M)


def qemu_command(kernel="kernel/kernel", cpus=3, mem="128M", disk=None, append=None,
                 gdb_port=None, extra=(), qemu="qemu-system-riscv64", cache="writeback"):
    """The command line of `make qemu` (QEMUOPTS + QEMUDISK), with options.

    cache is the disk's QEMU cache mode.  Both "writeback" (make qemu's, and
    make bench's: the guest's flushes reach the host's disk) and "unsafe"
    (the tests': the same write cache for the guest, whose flush requests
    QEMU completes without syncing the host file) give Kite a volatile write
    cache, so its barrier code runs the same either way."""
    cmd = [qemu, "-machine", "virt", "-bios", "default", "-kernel", kernel,
           "-m", str(mem), "-smp", str(cpus), "-nographic",
           "-global", "virtio-mmio.force-legacy=false"]
    if disk:
        cmd += ["-drive", "file=%s,if=none,format=raw,id=x0,cache=%s" % (disk, cache),
                "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]
    if append:
        cmd += ["-append", append]
    if gdb_port:
        cmd += ["-S", "-gdb", "tcp:127.0.0.1:%d" % gdb_port]
    return cmd + list(extra)


def kill_group(p):
    """SIGKILL a process started with start_new_session=True, and its children."""
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            p.kill()
        except ProcessLookupError:
            pass


class ConsoleProcess:
    """cmd running with stdin and stdout (stderr merged) on pipes.

    on_data(bytes), if given, sees each piece of raw output as it comes, on
    the reader thread (a recorder or a live echo)."""

    def __init__(self, cmd, cwd, on_data=None):
        self.cmd = cmd
        self._on_data = on_data
        self._chunks = []       # output not yet joined into _text
        self._text = ""
        self._cond = threading.Condition()
        self._eof = False
        self.last_output = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            with self._cond:
                if data:
                    self._chunks.append(data.decode("utf-8", "replace").replace("\r", ""))
                    self.last_output = time.monotonic()
                else:
                    self._eof = True
                self._cond.notify_all()
            if not data:
                return
            if self._on_data:
                self._on_data(data)

    @property
    def output(self):
        """Everything printed so far (no carriage returns)."""
        with self._cond:
            if self._chunks:
                self._text += "".join(self._chunks)
                self._chunks = []
            return self._text

    @property
    def running(self):
        return self.proc.poll() is None

    def wait_match(self, rx, start, deadline, panic_grace=None, on_text=None):
        """Wait until rx matches output[start:] or something ends the wait.

        Returns (match, None), or (None, why) with why one of "panic" (a
        kernel panic appeared panic_grace seconds ago; None: ignore panics),
        "exit" (the program's output ended) or "timeout" (time.monotonic()
        reached deadline).  on_text(text) is called with each new view of
        the output (progress display)."""
        panic_at = None
        while True:
            text = self.output
            if on_text:
                on_text(text)
            m = rx.search(text, start)
            if m:
                return m, None
            now = time.monotonic()
            if panic_grace is not None and panic_at is None and PANIC_RE.search(text, start):
                panic_at = now
            if panic_at is not None and now - panic_at > panic_grace:
                return None, "panic"
            with self._cond:
                if self._eof and not self._chunks:
                    self.proc.wait()
                    return None, "exit"
            if now >= deadline:
                return None, "timeout"
            with self._cond:
                if not self._chunks and not self._eof:
                    self._cond.wait(min(0.5, max(deadline - now, 0.01)))

    def wait_quiet(self, quiet, deadline):
        """Wait until nothing was printed for `quiet` seconds (or output ended); False if the
        deadline came first."""
        while time.monotonic() < deadline:
            with self._cond:
                since = time.monotonic() - self.last_output
                if since >= quiet or self._eof:
                    return True
                self._cond.wait(min(quiet - since, deadline - time.monotonic()) + 0.01)
        return False

    def send(self, text, chunk=8, pause=0.02):
        """Type text, paced so that the UART's receive FIFO does not overflow.
        False if the program no longer reads its input."""
        data = text.encode() if isinstance(text, str) else text
        try:
            for i in range(0, len(data), chunk):
                self.proc.stdin.write(data[i:i + chunk])
                self.proc.stdin.flush()
                time.sleep(pause)
        except OSError:
            return False
        return True

    def kill(self):
        """Stop it now (and its children); close its input; collect the reader."""
        if self.proc.poll() is None:
            kill_group(self.proc)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self._reader.join(5)
