#!/usr/bin/env python3
"""check_layers.py: the kernel's include graph points down the layers.

The kernel's folders, bottom to top (docs/architecture.md, "Layers"):

    abi  <  arch, lib  <  sync, mm  <  dev, fs, net  <  proc  <  syscall  <  boot, test

kernel/abi/ holds the headers user programs share with the kernel (system
call numbers, on-disk format, stat, fcntl...; the xv6 paths kernel/fs.h,
kernel/syscall.h... are one-line headers over them): they include only
each other.

A file may include headers of its own folder, of a lower layer and of the
same layer; an include of a higher layer must be one of the seams (any
layer may sleep and wake up, proc/sched.h, and copy to and from user
memory, proc/uaccess.h) or an exception listed below with its reason.
Prints each include that breaks the rule and exits 1 if there is one.
Python 3 standard library only; run by grade test `layering`.
"""

import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LAYERS = [("abi",), ("arch", "lib"), ("sync", "mm"), ("dev", "fs", "net"), ("proc",), ("syscall",), ("boot", "test")]
LEVEL = {folder: i for i, group in enumerate(LAYERS) for folder in group}

# Headers every layer may use: the documented seams.
SEAMS = {"proc/sched.h", "proc/uaccess.h"}

# Headers private to their folder (and the self-tests): header -> reason.
PRIVATE = {
    "fs/inode.h": "the inode table's i* calls need the caller's transaction; "
                  "above fs/, use fsops.h's inode_* calls",
}

# Upward includes that are there on purpose: (file, header) -> reason.
EXCEPTIONS = {
    ("kernel/arch/riscv/trap.c", "dev/plic.h"): "trap dispatch: external interrupts go to the PLIC",
    ("kernel/arch/riscv/usertrap.c", "proc/proc.h"): "trap dispatch: a trap from user mode acts for the current process",
    ("kernel/arch/riscv/usertrap.c", "proc/uvm.h"): "trap dispatch: user page faults go to the fault handler",
    ("kernel/arch/riscv/usertrap.c", "syscall/syscall.h"): "trap dispatch: ecall goes to the system-call table",
    ("kernel/arch/riscv/usertrap.c", "proc/signal.h"): "trap dispatch: faults raise signals, the way back to user mode delivers them",
    ("kernel/arch/riscv/timer.h", "sync/spinlock.h"): "tickslock guards the tick counter that timed sleep waits on",
    ("kernel/sync/sleeplock.c", "proc/proc.h"): "a sleep lock records its holder, the current process",
    ("kernel/sync/lockdep.c", "proc/proc.h"): "the lock-order checker keeps each process's held sleep locks (checking kernels only)",
    ("kernel/boot/firstproc.c", "test/ktest.h"): "the first process is the self-tests in a ktest kernel",
    ("kernel/net/netif.c", "proc/proc.h"): "the network's receive and timer threads are kernel threads",
    # Debts: each is a missing interface, to be removed (issue "seams").
    ("kernel/fs/pipe.c", "proc/proc.h"): "debt: pipes ask whether the current process was killed",
    ("kernel/dev/console.c", "proc/proc.h"): "debt: the console asks whether the reader was killed",
    ("kernel/net/icmp.c", "proc/proc.h"): "debt: a ping asks whether its process was killed",
    ("kernel/net/udp.c", "proc/proc.h"): "debt: a UDP receiver asks whether it was killed",
    ("kernel/net/tcp_sock.c", "proc/proc.h"): "debt: a TCP caller asks whether it was killed",
    ("kernel/arch/riscv/power.c", "mm/kvm.h"): "debt: power-off finds the test device through the kernel map",
    ("kernel/syscall/sys_info.c", "boot/main.h"): "debt: kstats reads the started-hart count from boot",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([^"]+)"', re.M)


def violations(root=ROOT):
    found = []
    for path in sorted(glob.glob(os.path.join(root, "kernel", "*", "**", "*.[chS]"), recursive=True)):
        rel = os.path.relpath(path, root)
        folder = rel.split(os.sep)[1]
        if folder not in LEVEL:
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            target, header = m.group(1), "%s/%s" % (m.group(1), m.group(2))
            if header in PRIVATE and folder not in (target, "test"):
                found.append("%s includes %s: %s" % (rel, header, PRIVATE[header]))
                continue
            if target not in LEVEL or LEVEL[target] <= LEVEL[folder]:
                continue
            if header in SEAMS or (rel, header) in EXCEPTIONS:
                continue
            found.append("%s includes %s: %s is above %s" % (rel, header, target, folder))
    return found


def abi_violations(root=ROOT):
    """An ABI header that includes anything but another ABI header, and a
    kernel file that names one by its xv6 path ("../fs.h") instead of
    kernel/abi/."""
    found = []
    abi = os.path.join(root, "kernel", "abi")
    for path in sorted(glob.glob(os.path.join(root, "kernel", "*", "**", "*.[chS]"), recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as f:
            for m in re.finditer(r'^\s*#\s*include\s+"((?:\.\./)+)([a-z_]+\.h)"', f.read(), re.M):
                if os.path.exists(os.path.join(abi, m.group(2))):
                    found.append("%s includes %s%s: name it as %sabi/%s" % (
                        os.path.relpath(path, root), m.group(1), m.group(2), m.group(1), m.group(2)))
    for path in sorted(glob.glob(os.path.join(abi, "*.h"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for m in re.finditer(r'^\s*#\s*include\s+[<"]([^">]+)[">]', f.read(), re.M):
                if "/" in m.group(1) or not os.path.exists(os.path.join(abi, m.group(1))):
                    found.append("%s includes %s: an ABI header includes only kernel/abi/"
                                 % (os.path.relpath(path, root), m.group(1)))
    return found


def main():
    bad = violations() + abi_violations()
    for line in bad:
        print(line)
    stale = [k for k in EXCEPTIONS if not os.path.exists(os.path.join(ROOT, k[0]))]
    for f, h in stale:
        print("exception for a file that is gone: %s (%s)" % (f, h))
    if bad or stale:
        print("%d include(s) against the layers (see scripts/check_layers.py)" % (len(bad) + len(stale)))
        return 1
    print("layers ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
