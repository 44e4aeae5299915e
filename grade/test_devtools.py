"""The developer's tools around the build: compile_commands.json for editors,
make doctor."""

import json
import os
import tempfile

from grade import ROOT, check, run, test


def sources(*dirs, exts=(".c", ".S")):
    found = set()
    for d in dirs:
        for top, _, files in os.walk(os.path.join(ROOT, d)):
            found |= {os.path.relpath(os.path.join(top, f), ROOT) for f in files if f.endswith(exts)}
    return found


@test("compile_commands", timeout=300)
def _():
    """make compile_commands.json lists every kernel and user source with the
    flags its build uses (kernel, self-test kernel, strict user code)."""
    path = os.path.join(ROOT, "compile_commands.json")
    if os.path.exists(path):
        os.remove(path)
    r = run(["make", "-s", "compile_commands.json"], timeout=300)
    check(r.returncode == 0 and os.path.exists(path), "make compile_commands.json failed:\n%s" % r.output)
    with open(path) as f:
        entries = json.load(f)
    listed = {e["file"] for e in entries}
    missing = sorted(sources("kernel", "user") - listed)
    check(not missing, "sources missing from compile_commands.json: %s" % missing[:10])
    by_flag = lambda flag: {e["file"] for e in entries if flag in e["arguments"]}
    check("kernel/proc/exec.c" in by_flag("-DKITE_KERNEL"), "the kernel's flags are missing")
    check("kernel/test/ktest.c" in by_flag("-DKITE_KTEST"), "the self-test kernel's flags are missing")
    check("user/cmd/sh/run.c" in by_flag("-Wextra"), "Kite's programs are built with the strict flags")
    for e in entries:
        check(os.path.isabs(e["directory"]) and e["arguments"][0].endswith("gcc"),
              "an entry is not a compiler call in a directory: %r" % e)


@test("doctor", timeout=120)
def _():
    """make doctor finds nothing wrong here, and on a PATH without QEMU it
    names the problem and the command that fixes it."""
    r = run(["make", "-s", "doctor"], timeout=120)
    check(r.returncode == 0 and "doctor: no problems" in r.output, "make doctor on this machine:\n%s" % r.output)
    with tempfile.TemporaryDirectory() as fake:
        # Every command of this machine but QEMU.
        for d in ("/usr/local/bin", "/usr/bin", "/bin"):
            for name in os.listdir(d) if os.path.isdir(d) else ():
                link = os.path.join(fake, name)
                if name != "qemu-system-riscv64" and not os.path.lexists(link):
                    os.symlink(os.path.join(d, name), link)
        env = dict(os.environ, PATH=fake)
        r = run(["make", "-s", "doctor"], timeout=120, env=env)
    check(r.returncode != 0, "make doctor without QEMU should fail:\n%s" % r.output)
    check("qemu-system-riscv64 is not on PATH" in r.output and "fix: sudo apt-get install qemu-system-misc" in r.output,
          "make doctor names QEMU and its fix:\n%s" % r.output)
    check("doctor: ok: RISC-V compiler" in r.output, "the rest is still found:\n%s" % r.output)
