"""Foundation tests: self-tests, boot banner, console, panics, host tools, gdb."""

import os
import re
import subprocess
import sys

from grade import (ROOT, SCRATCH_DIR, QEMU, check, fail, free_port, ktest_qemu, note, run,
                   test)

SUMMARY_RE = re.compile(r"^(\d+) passed, (\d+) failed$", re.M)


def check_summary(output, what):
    """The last `N passed, N failed` line of output: N > 0 and no failure."""
    found = SUMMARY_RE.findall(output)
    check(found, "%s printed no `N passed, N failed` line" % what)
    passed, failed = (int(x) for x in found[-1])
    check(failed == 0, "%s: %d failed" % (what, failed))
    check(passed > 0, "%s ran no test (0 passed)" % what)
    return passed


# ---- in-kernel self-tests

@test("ktest", timeout=600)
def _():
    r = run(["make", "-s", "ktest"], timeout=600)
    out = r.output
    bad = [l for l in out.split("\n") if l.startswith("ktest: ") and "FAIL" in l]
    check(not bad, "self-tests failed: %s" % "; ".join(bad))
    check(not re.search(r"^panic: ", out, re.M), "the ktest kernel panicked")
    check_summary(out, "make ktest")
    started = set(re.findall(r"^ktest: (\S+) \.\.\.$", out, re.M))
    ok = set(re.findall(r"^ktest: (\S+) \.\.\. ok$", out, re.M))
    check(started, "no `ktest: NAME ...` lines")
    check(started == ok, "self-tests without an `ok` line: %s" % " ".join(sorted(started - ok)))
    check(r.returncode == 0, "make ktest exited with status %d" % r.returncode)


# ---- boot banner: harts and memory as configured

def boot_banner(cpus, mem, mib):
    q = QEMU(cpus=cpus, mem=mem)
    m = q.expect(re.compile(r"kite: \d+ harts, \d+ MiB memory(?=\n)"), timeout=90)
    check(m.group(0) == "kite: %d harts, %d MiB memory" % (cpus, mib),
          "expected `kite: %d harts, %d MiB memory`, got `%s`" % (cpus, mib, m.group(0)))


@test("boot_cpus1", timeout=120)
def _():
    boot_banner(1, "128M", 128)


@test("boot_cpus3", timeout=120)
def _():
    boot_banner(3, "128M", 128)


@test("boot_cpus8", timeout=150)
def _():
    boot_banner(8, "128M", 128)


@test("boot_mem64m", timeout=120)
def _():
    boot_banner(2, "64M", 64)


@test("boot_mem512m", timeout=120)
def _():
    boot_banner(3, "512M", 512)


@test("boot_mem2g", timeout=180)
def _():
    boot_banner(3, "2G", 2048)


# ---- console: typed text comes back (kernel echo loop, or /init + /sh)

@test("console_echo", timeout=120)
def _():
    q = QEMU(cpus=3)
    q.expect("kite: 3 harts", timeout=90)
    q.wait_quiet(quiet=1.5, timeout=60)   # let a shell print its prompt first
    q.mark()
    q.sendline("echo kite-echo-test")
    q.expect("echo kite-echo-test", timeout=30)             # the typed line, echoed
    q.expect(re.compile(r"\nkite-echo-test\n"), timeout=30)  # then echo's own output


# ---- deliberate panics of the ktest kernel (they power off by themselves)

@test("panic_backtrace", timeout=120)
def _():
    q = ktest_qemu("panic_backtrace")
    q.expect_all(["panic: ktest: deliberate panic", re.compile(r"^hart \d+ .*scause 0x", re.M),
                  re.compile(r"^sepc 0x", re.M), re.compile(r"^backtrace:\n(  0x[0-9a-f]+\n)+", re.M),
                  "kite: halted"], timeout=60)
    q.wait_exit(timeout=60)
    r = run(["bash", "scripts/backtrace.sh", "build/kernel-ktest"], input=q.output, timeout=60)
    check(r.returncode == 0, "scripts/backtrace.sh exited with status %s" % r.returncode)
    for name in ("panic_level2", "panic_level1", "ktest_main"):
        check(re.search(r"\b%s\b" % name, r.output),
              "the backtrace does not name %s:\n%s" % (name, r.output))


@test("panic_stack_overflow", timeout=120)
def _():
    q = ktest_qemu("stack_overflow")
    q.expect("panic: kernel stack overflow", timeout=60)
    q.expect("kite: halted", timeout=30)
    q.wait_exit(timeout=60)


@test("panic_lock_recursive", timeout=120)
def _():
    q = ktest_qemu("lock_recursive")
    m = q.expect(re.compile(r"^panic: .*(?=\n)", re.M), timeout=60)
    check("already held" in m.group(0), "expected `already held` in `%s`" % m.group(0))
    q.wait_exit(timeout=60)


@test("panic_lock_not_held", timeout=120)
def _():
    q = ktest_qemu("lock_not_held")
    m = q.expect(re.compile(r"^panic: .*(?=\n)", re.M), timeout=60)
    check("not held" in m.group(0), "expected `not held` in `%s`" % m.group(0))
    q.wait_exit(timeout=60)


# ---- host tests of mkfs and fsck

@test("mkfs_host", timeout=600)
def _():
    r = run(["make", "-s", "-C", "mkfs", "test"], timeout=600)
    check_summary(r.output, "make -C mkfs test")
    check(r.returncode == 0, "make -C mkfs test exited with status %d" % r.returncode)


# ---- host tests of the kernel's parsers of untrusted input

@test("fdt_host", timeout=300)
def _():
    r = run(["make", "-s", "-C", "hosttest", "test"], timeout=300)
    check_summary(r.output, "make -C hosttest test")
    check(r.returncode == 0, "make -C hosttest test exited with status %d" % r.returncode)


# ---- the kernel's include graph points down the layers

@test("layering", timeout=60)
def _():
    r = run([sys.executable, "scripts/check_layers.py"], timeout=60)
    check(r.returncode == 0 and "layers ok" in r.output, "includes against the layers:\n%s" % r.output)
    # A new upward include must be caught: fs/ reaching into syscall/.
    probe = os.path.join(ROOT, "kernel", "fs", "zz_layer_probe.c")
    try:
        with open(probe, "w") as f:
            f.write('#include "syscall/syscall.h"\n')
        r = run([sys.executable, "scripts/check_layers.py"], timeout=60)
    finally:
        os.remove(probe)
    check(r.returncode == 1 and "zz_layer_probe.c includes syscall/syscall.h" in r.output,
          "check_layers.py misses fs/ including syscall/: %r" % r.output)
    # An ABI header reaching into the kernel, and a kernel file naming an ABI
    # header by its xv6 path, must be caught too.
    probes = {os.path.join(ROOT, "kernel", "abi", "zz_probe.h"): '#include "../lib/string.h"\n',
              os.path.join(ROOT, "kernel", "fs", "zz_abi_probe.c"): '#include "../fs.h"\n',
              os.path.join(ROOT, "kernel", "proc", "zz_inode_probe.c"): '#include "fs/inode.h"\n'}
    try:
        for path, text in probes.items():
            with open(path, "w") as f:
                f.write(text)
        r = run([sys.executable, "scripts/check_layers.py"], timeout=60)
    finally:
        for path in probes:
            os.remove(path)
    check(r.returncode == 1 and "zz_probe.h includes ../lib/string.h: an ABI header" in r.output
          and "zz_abi_probe.c includes ../fs.h: name it as ../abi/fs.h" in r.output
          and "zz_inode_probe.c includes fs/inode.h: the inode table" in r.output,
          "check_layers.py misses the ABI rules or fs/inode.h's privacy: %r" % r.output)


# ---- gdb: .gdbinit.tmpl's trace-traps

NTRAPS = 100

def scause_names_in(path):
    """The quoted names in kernel/arch/riscv/trap.c's scause_name()."""
    with open(os.path.join(ROOT, path)) as f:
        src = f.read()
    body = src[src.index("scause_name("):]
    body = body[:body.index("\n}\n")]
    return set(re.findall(r'"([^"]+)"', body))


@test("gdb_trace_traps", timeout=180)
def _():
    with open(os.path.join(ROOT, ".gdbinit.tmpl")) as f:
        tmpl = f.read()
    check(":1234" in tmpl, ".gdbinit.tmpl has no `:1234` for the port")
    names = scause_names_in("kernel/arch/riscv/trap.c")
    check("supervisor timer interrupt" in names, "trap.c's scause_name() has no timer name")
    missing = sorted(n for n in names if '"%s"' % n not in tmpl)
    check(not missing, ".gdbinit.tmpl lacks trap.c's scause names: %s" % ", ".join(missing))

    port = free_port()
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    gdbinit = os.path.join(SCRATCH_DIR, "gdbinit")
    with open(gdbinit, "w") as f:   # what `make qemu-gdb` does with sed
        f.write(tmpl.replace(":1234", ":%d" % port))
    q = QEMU(cpus=2, gdb_port=port)
    # Boot brings disk interrupts and system calls first; 100 traps take us
    # well past them to the ticks of an idle system.
    r = run(["gdb-multiarch", "-batch", "-nx", "-x", gdbinit, "-ex", "trace-traps %d" % NTRAPS],
            timeout=240)
    q.kill()
    traps = re.findall(r"^trap (\d+): hart (\d+)  (.+?)  sepc (\S+)  stval (0x[0-9a-f]+)",
                       r.output, re.M)
    check(len(traps) == NTRAPS, "expected %d `trap N: hart H  CAUSE  sepc F+OFF  stval V` lines, "
          "got %d" % (NTRAPS, len(traps)))
    for t in traps:
        check(int(t[1]) in (0, 1), "hart %s is not one of the 2 harts" % t[1])
    timer = [t for t in traps if t[2] == "supervisor timer interrupt"
             and re.match(r"^[A-Za-z_]\w*(\+\d+)?$", t[3])]
    check(timer, "no supervisor timer interrupt with its sepc as function+offset")
    user = [t for t in traps if t[2] == "environment call from U-mode"]
    check(user, "no system call (a trap from user mode, through uservec) was traced")


# ---- checking kernels' poisoned free memory (mm/poison.h): each bad free
# or write after free panics, naming the caller of kfree/page_free/kmalloc/page_alloc

def panic_with_caller(name, pattern):
    """Run manual self-test NAME; its panic line must match pattern, and the
    caller address it names must be inside the test's own function."""
    q = ktest_qemu(name)
    m = q.expect(re.compile(r"^panic: .*(?=\n)", re.M), timeout=60)
    line = m.group(0)
    check(re.search(pattern, line), "expected /%s/ in `%s`" % (pattern, line))
    caller = re.search(r"caller (0x[0-9a-f]+)", line)
    check(caller, "the panic names no caller: `%s`" % line)
    q.wait_exit(timeout=60)
    r = run(["bash", "scripts/backtrace.sh", "build/kernel-ktest", caller.group(1)], timeout=60)
    check("ktest_fn_%s" % name in r.output, "the caller %s is not the test (ktest_fn_%s): %s"
          % (caller.group(1), name, r.output.strip()))


@test("panic_page_double_free", timeout=120)
def _():
    panic_with_caller("page_double_free", r"page_free: page 0x[0-9a-f]+ freed twice")


@test("panic_kfree_double", timeout=120)
def _():
    panic_with_caller("kfree_double", r"kfree: 0x[0-9a-f]+ freed twice")


@test("panic_page_write_after_free", timeout=120)
def _():
    panic_with_caller("page_write_after_free",
                      r"page_alloc: page 0x[0-9a-f]+ was written after it was freed "
                      r"\(word at byte 40 is 0x6b6b6b6b6b6b6b01\)")


@test("panic_kmalloc_write_after_free", timeout=120)
def _():
    panic_with_caller("kmalloc_write_after_free",
                      r"kmalloc: 128-byte object 0x[0-9a-f]+ was written after it was freed "
                      r"\(word at byte 40 is 0x6b6b6b6b6b6b6b01\)")
