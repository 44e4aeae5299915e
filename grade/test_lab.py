"""The MIT 6.1810 lab features (issue 14): the shared system-call page,
the page-table tools, tracing and strace, sandboxing, lock statistics and
backtraces.  Most checks run `labtest NAME` (user/cmd/labtest.c), which
prints `NAME: ok` or `NAME: FAIL what`.
"""

import os
import re

from grade import ROOT, SCRATCH_DIR, QEMU, check, free_port, run, test
from test_user import boot, cmd, lines_of


def labtest(q, name, timeout=120):
    out = cmd(q, "labtest " + name, timeout=timeout)
    check("%s: ok" % name in out, "labtest %s: %r" % (name, out))
    return out


@test("lab_usyscall", timeout=240)
def _():
    q = boot()
    labtest(q, "usyscall")


@test("lab_pgpte", timeout=240)
def _():
    q = boot()
    labtest(q, "pgpte")


LINE = r"( \.\.)+0x[0-9a-f]{16}: pte 0x[0-9a-f]{16} pa 0x[0-9a-f]{16}"


def check_table(text, what):
    lines = lines_of(text)
    start = [i for i, l in enumerate(lines) if re.fullmatch(r"page table 0x[0-9a-f]{16}", l)]
    check(start, "%s: a `page table 0x...` line: %r" % (what, text))
    rows = []
    for l in lines[start[0] + 1:]:
        if not re.fullmatch(LINE, l):
            break
        rows.append(l)
    # Root level: slot 0 (text...) and the top slot (USYSCALL, TRAPFRAME,
    # TRAMPOLINE); the shared kernel half is left out.
    top = [l for l in rows if l.startswith(" ..0x")]
    check(len(top) == 2, "%s: two root-level PTEs (user memory, the top pages): %r" % (what, rows))
    leaf = [l for l in rows if l.startswith(" .. .. ..")]
    vas = [int(l.strip(" .").split(":")[0], 16) for l in leaf]
    maxva = 1 << 38
    check([maxva - 3 * 4096, maxva - 2 * 4096, maxva - 4096] == vas[-3:],
          "%s: USYSCALL, TRAPFRAME, TRAMPOLINE are the last leaves: %r" % (what, rows))
    # USYSCALL: V R U (no W, no X) in the low bits.
    pte = int(leaf[-3].split("pte ")[1].split()[0], 16)
    check(pte & 0x1f == 0x13, "USYSCALL's PTE is V|R|U: %r" % leaf[-3])


@test("lab_kpgtbl", timeout=240)
def _():
    q = boot()
    out = labtest(q, "kpgtbl")
    check_table(out, "kpgtbl")


@test("lab_kpgtbl_bootarg", timeout=240)
def _():
    q = boot(append="kpgtbl=1")
    check_table(q.output, "boot argument kpgtbl=1")


@test("lab_trace", timeout=240)
def _():
    q = boot()
    cmd(q, "echo hello > t")
    out = cmd(q, "trace 32 grep hello t")
    reads = re.findall(r"(?m)^(\d+): syscall read -> (-?\d+)\r?$", out)
    check([r for _, r in reads] == ["6", "0"] and "hello" in out,
          "trace 32 (read): `PID: syscall read -> 6`, then `-> 0`: %r" % out)
    out = cmd(q, "trace 32768 cat nope")
    check(re.search(r"(?m)^\d+: syscall open -> -1\r?$", out),
          "a failing open shows -> -1: %r" % out)
    check("syscall read" not in out, "only the masked calls: %r" % out)
    # Inherited by fork: the shell's children fork nothing, but their
    # exits are never traced; the shell's forks are, from its pid.
    out = cmd(q, "trace 2 sh -c 'echo a | cat'")
    forks = re.findall(r"(?m)^(\d+): syscall fork -> (\d+)\r?$", out)
    check(len(forks) == 2 and forks[0][0] == forks[1][0], "two forks by sh: %r" % out)
    out = cmd(q, "trace 2 sh -c 'sh -c \"echo a | cat\"'")
    pids = set(p for p, _ in re.findall(r"(?m)^(\d+): syscall fork -> (\d+)\r?$", out))
    check(len(pids) == 2, "forks by the shell and its child, both traced: %r" % out)
    out = cmd(q, "trace 0 cat t")
    check("syscall" not in out, "mask 0 traces nothing: %r" % out)


def strace_lines(out):
    return [l.strip() for l in lines_of(out) if l.startswith("[pid ")]


@test("lab_strace", timeout=240)
def _():
    q = boot()
    cmd(q, "echo hello > t")
    out = cmd(q, "strace cat t")
    want = [r'exec\("/cat", \["cat", "t"\]\) = 2',
            r'open\("t", O_RDONLY\) = 3',
            r'read\(3, "hello\\n", \d+\) = 6',
            r'write\(1, "hello\\n", 6\) = 6',
            r'read\(3, 0x[0-9a-f]+, \d+\) = 0',
            r'close\(3\) = 0',
            r'exit\(0\) = \?']
    lines = strace_lines(out)
    pid = re.match(r"\[pid (\d+)\]", lines[0]).group(1) if lines else None
    at = 0
    for l in lines:
        check(l.startswith("[pid %s] " % pid), "one process: %r" % lines)
        if at < len(want) and re.fullmatch(r"\[pid \d+\] " + want[at], l):
            at += 1
    check(at == len(want), "strace cat t: expected %r in order, got %r" % (want, lines))
    # Flags, errors, and the children of the command.
    out = cmd(q, "strace sh -c 'echo x > f; cat nope | cat'")
    lines = strace_lines(out)
    check(any(re.fullmatch(r'\[pid \d+\] open\("f", O_WRONLY\|O_CREATE\|O_TRUNC\) = \d+', l)
              for l in lines), "open's flags decoded: %r" % lines)
    check(any(re.fullmatch(r'\[pid \d+\] open\("nope", O_RDONLY\) = -1 ENOENT', l)
              for l in lines), "an error as -1 ENAME: %r" % lines)
    check(len(set(re.match(r"\[pid (\d+)\]", l).group(1) for l in lines)) >= 4,
          "sh and its three children are traced: %r" % lines)
    # A long string is cut with "...".
    out = cmd(q, "strace echo 0123456789012345678901234567890123456789")
    check('] write(1, "01234567890123456789012345678901"..., 40) = 40' in out,
          "a long buffer is cut: %r" % out)
    # Bad input: no command, a missing command.
    out = cmd(q, "exitcode strace")
    check("usage: strace" in out and "exit 2" in out, "strace alone: usage, status 2: %r" % out)
    out = cmd(q, "exitcode strace nosuchcmd")
    check(re.search(r'exec\("/?nosuchcmd", \["nosuchcmd"\]\) = -1 ENOENT', out) and
          "exit 127" in out, "a missing command: exec fails, status 127: %r" % out)


@test("lab_interpose", timeout=240)
def _():
    q = boot()
    labtest(q, "interpose")


@test("lab_cpupin", timeout=240)
def _():
    q = boot()
    labtest(q, "cpupin")


@test("lab_rwlock", timeout=300)
def _():
    q = boot()
    labtest(q, "rwlock", timeout=240)


@test("lab_statistics", timeout=240)
def _():
    q = boot()
    labtest(q, "statistics")
    out = cmd(q, "lockstat")
    check(re.match(r"\s*lock statistics: tot= \d+", out), "lockstat's first line: %r" % out)
    rows = re.findall(r"(?m)^lock: ([^:]+): #test-and-set (\d+) #acquire\(\) (\d+)", out)
    names = [n for n, _, _ in rows]
    for want in ("page pool", "page cache", "bcache bucket", "proc", "console"):
        check(want in names, "lockstat lists %r: %r" % (want, names))
    check(all(int(a) > 0 for n, _, a in rows if n == "proc"), "proc locks were taken: %r" % rows)


@test("lab_kalloc_contention", timeout=300)
def _():
    q = boot()
    out = labtest(q, "kalloc", timeout=240)
    m = re.search(r"kalloc: (\d) harts, (\d) spins", out)
    check(m and int(m.group(1)) >= 2, "fewer than 10 spins, on several harts: %r" % out)



@test("lab_backtrace_sleep", timeout=240)
def _():
    q = boot(append="backtrace_sleep=1")
    out = cmd(q, "sleep 0.1")
    m = re.search(r"backtrace:\r?\n((?:  0x[0-9a-f]+\r?\n)+)", out)
    check(m, "boot argument backtrace_sleep=1: a backtrace on sleep: %r" % out)
    addrs = re.findall(r"0x([0-9a-f]+)", m.group(1))
    check(len(addrs) >= 2 and all(int(a, 16) >= 0x80200000 for a in addrs),
          "kernel return addresses, the system call's callers: %r" % addrs)
    q.kill()
    q = boot()
    out = cmd(q, "sleep 0.1")
    check("backtrace" not in out, "no backtrace without the boot argument: %r" % out)


@test("lab_backtrace_gdb", timeout=240)
def _():
    with open(os.path.join(ROOT, ".gdbinit.tmpl")) as f:
        tmpl = f.read()
    port = free_port()
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    gdbinit = os.path.join(SCRATCH_DIR, "gdbinit")
    with open(gdbinit, "w") as f:
        f.write(tmpl.replace(":1234", ":%d" % port))
    q = QEMU(cpus=2, gdb_port=port)
    r = run(["gdb-multiarch", "-batch", "-nx", "-x", gdbinit, "-ex", "break sys_exec",
             "-ex", "continue", "-ex", "kite-backtrace", "-ex", "p/a $ra"], timeout=180)
    q.kill()
    m = re.search(r"(?s)backtrace \(hart \d+, pc sys_exec\S*\):\n(.*)", r.output)
    check(m, "kite-backtrace at sys_exec: %r" % r.output[-2000:])
    names = re.findall(r"^  0x[0-9a-f]+  (\w+)", m.group(1), re.M)
    # Stopped on sys_exec's first instruction, before its prologue set s0:
    # the chain starts at its caller's caller, and the caller is in ra.
    ra = re.search(r"\$\d+ = 0x[0-9a-f]+ <(\w+)\+\d+>", r.output)
    check("syscall_dispatch" in names[:2] or (ra and ra.group(1) == "syscall_dispatch"),
          "sys_exec's caller is the dispatcher: %r, ra %r" % (m.group(1), ra and ra.group(0)))
    check("user_trap" in names, "...called from the user trap: %r" % names)
    check(all(not n.startswith("0x") for n in names), "only kernel frames: %r" % names)


@test("lab_superpg", timeout=240)
def _():
    q = boot()
    for _ in range(4):  # again and again: the blocks go back to the reserve whole
        labtest(q, "superpg")
