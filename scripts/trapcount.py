#!/usr/bin/env python3
"""trapcount.py: instructions and memory accesses of one getpid(), ecall to sret.

Python 3 standard library only.  Boots kernel/kernel in QEMU (1 hart) with
`-d in_asm` (every translated block's instructions, from boot on), waits for
the shell, runs `bench getpid 50` once (so its blocks are translated), then
turns on `-d exec,nochain` through the QEMU monitor (one line per block
executed) for `bench getpid 20`.  A window runs from a user block ending in
`ecall` to the kernel's `sret`; windows that pass through sys_getpid are
counted (instructions; loads and stores; CSR accesses, which QEMU runs
through helper calls) and the most common one is printed with the
functions it ran through (docs/performance.md, "The trap path").

    python3 scripts/trapcount.py [--keep LOG]
"""

import argparse
import bisect
import collections
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from qemuconsole import ConsoleProcess, qemu_command  # noqa: E402

MEM = re.compile(r"^(c\.)?(l[bhwd]u?|s[bhwd]|f[ls][wd]|amo\w+(\.\w+)*|lr\.\w+|sc\.\w+)$")
USER_LIMIT = 0x80000000  # user code runs below this address


def trace(tmp, log):
    img = os.path.join(tmp, "trace.img")
    subprocess.run(["cp", "--sparse=always", os.path.join(ROOT, "fs.img"), img], check=True)
    mon = os.path.join(tmp, "mon.sock")
    cmd = qemu_command(kernel=os.path.join(ROOT, "kernel/kernel"), cpus=1, disk=img,
                       extra=["-d", "in_asm", "-D", log, "-monitor", "unix:%s,server,nowait" % mon])
    con = ConsoleProcess(cmd, ROOT)
    try:
        m, why = con.wait_match(re.compile(r"\$ "), 0, time.monotonic() + 120)
        if not m:
            sys.exit("trapcount: no shell prompt (%s)" % why)
        s = socket.socket(socket.AF_UNIX)
        s.connect(mon)
        time.sleep(0.3)
        s.recv(4096)

        def monitor(c):
            s.sendall((c + "\n").encode())
            time.sleep(0.5)
            s.recv(65536)

        for n, logging in ((50, False), (20, True)):
            start = len(con.output)
            if logging:
                monitor("log in_asm,exec,nochain")
            con.send("bench getpid %d\n" % n)
            if not con.wait_match(re.compile(r"bench: done"), start, time.monotonic() + 120)[0]:
                sys.exit("trapcount: bench getpid did not finish")
        monitor("log none")
    finally:
        con.kill()


def count(log):
    addr = {}
    with open(os.path.join(ROOT, "kernel/kernel.sym")) as f:
        for line in f:
            p = line.split()
            if len(p) >= 2:
                addr[p[-1]] = int(p[0], 16)
    getpid = addr["sys_getpid"]
    names = sorted((v, k) for k, v in addr.items())
    keys = [v for v, _ in names]

    def func(pc):
        i = bisect.bisect_right(keys, pc) - 1
        if pc >= (1 << 38) - 2 * 4096:  # TRAPFRAME and TRAMPOLINE, the top two pages
            return "trampoline"
        return names[i][1] if i >= 0 and pc >= USER_LIMIT else "user"

    tbs, cur, win, windows = {}, None, None, []
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                cur = []
                continue
            if cur is not None:
                m = re.match(r"^0x([0-9a-f]+):\s+[0-9a-f]+\s+(\S+)", line)
                if m:
                    cur.append((int(m.group(1), 16), m.group(2)))
                    continue
                if line.startswith("Priv"):
                    continue
                if cur:
                    tbs[cur[0][0]] = cur
                cur = None
            if not line.startswith("Trace"):
                continue
            m = re.search(r"\[[0-9a-f]+/([0-9a-f]+)/", line)
            ins = tbs.get(int(m.group(1), 16)) if m else None
            if ins is None:
                continue
            if win is None:
                if ins[-1][1] == "ecall" and ins[0][0] < USER_LIMIT:
                    win = {"n": 1, "mem": 0, "csr": 0, "getpid": False, "path": []}
                continue
            for a, mn in ins:
                win["n"] += 1
                win["mem"] += bool(MEM.match(mn))
                win["csr"] += mn.startswith("csr")
                win["getpid"] |= a == getpid
                f = func(a)
                if not win["path"] or win["path"][-1][0] != f:
                    win["path"].append([f, 0])
                win["path"][-1][1] += 1
                if mn == "sret":
                    windows.append(win)
                    win = None
                    break
    g = [w for w in windows if w["getpid"]]
    if not g:
        sys.exit("trapcount: no getpid found in the trace")
    (n, mem), seen = collections.Counter((w["n"], w["mem"]) for w in g).most_common(1)[0]
    w = next(w for w in g if (w["n"], w["mem"]) == (n, mem))
    print("getpid, ecall to sret: %d instructions, %d loads/stores, %d CSR accesses"
          " (%d of %d calls)" % (n, mem, w["csr"], seen, len(g)))
    print("path: " + ", ".join("%s %d" % (f, k) for f, k in w["path"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", metavar="LOG", help="keep the QEMU log here (it is large)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        log = args.keep or os.path.join(tmp, "qemu.log")
        trace(tmp, log)
        count(log)


if __name__ == "__main__":
    main()
