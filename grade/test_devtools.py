"""The developer's tools around the build: compile_commands.json for editors,
make doctor, the disk image kept across rebuilds (mkfs/fsupdate)."""

import json
import os
import struct
import sys
import tempfile

from grade import ROOT, SCRATCH_DIR, check, run, scratch_disk, test
from test_boot import check_summary
from test_user import boot, cmd


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


@test("fsupdate_host", timeout=300)
def _():
    """mkfs/fsupdate's host tests under ASan/UBSan: an update keeps the
    files it is not given, fsck is clean after it, bad images are refused."""
    r = run(["make", "-s", "-C", "mkfs", "test-fsupdate"], timeout=300)
    check_summary(r.output, "make -C mkfs test-fsupdate")
    check(r.returncode == 0, "make -C mkfs test-fsupdate exited with status %d" % r.returncode)


KEEP_PROG = os.path.join(ROOT, "user", "zzkeepdisk.c")


def write_keep_prog(version):
    with open(KEEP_PROG, "w") as f:
        f.write('#include "kernel/types.h"\n#include "user/user.h"\n'
                'int main(void)\n{\n\tprintf("zzkeepdisk version %d\\n");\n\texit(0);\n}\n' % version)


@test("disk_kept_across_make", timeout=600)
def _():
    """A file written inside Kite survives a program edit and `make`: the
    build puts the new program into the existing image (this test's own,
    DISK=..., never the developer's fs.img) and says so."""
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    img = os.path.relpath(os.path.join(SCRATCH_DIR, "disk_kept_across_make.img"), ROOT)
    absimg = os.path.join(ROOT, img)
    make = ["make", "-s", "DISK=" + img, img]
    if os.path.exists(absimg):
        os.remove(absimg)
    try:
        write_keep_prog(1)
        run(make, timeout=300, check=True)
        q = boot(disk=img)
        check("zzkeepdisk version 1" in cmd(q, "zzkeepdisk"), "the first version runs")
        cmd(q, "echo made-inside-kite > keepme.txt")
        q.sendline("halt")
        q.wait_exit(timeout=60)

        write_keep_prog(2)
        r = run(make, timeout=300, check=True)
        check("updated zzkeepdisk" in r.output and img + " kept" in r.output,
              "make says it kept the image and updated the program:\n%s" % r.output)
        r = run(["mkfs/fsck", img], timeout=60)
        check(r.returncode == 0 and "clean" in r.output, "fsck after the update:\n%s" % r.output)
        q = boot(disk=img)
        check("made-inside-kite" in cmd(q, "cat keepme.txt"), "the file made inside Kite is still there")
        check("zzkeepdisk version 2" in cmd(q, "zzkeepdisk"), "the program is the new one")
        q.sendline("halt")
        q.wait_exit(timeout=60)

        # Bad input: an image of another size than FSSIZE is refused, unchanged.
        write_keep_prog(3)
        with open(absimg, "rb") as f:
            before = f.read()
        r = run(make + ["FSSIZE=70000"], timeout=300)
        check(r.returncode != 0 and "not the 70000 asked for" in r.output and "make clean-disk" in r.output,
              "another FSSIZE is refused with the way out:\n%s" % r.output)
        with open(absimg, "rb") as f:
            check(f.read() == before, "a refused update left the image as it was")
    finally:
        os.remove(KEEP_PROG)
        if os.path.exists(absimg):
            os.remove(absimg)


@test("disk_other_format_set_aside", timeout=300)
def _():
    """An image kept from a Kite with another disk format (fsck's exit
    status 3) is not updated and not refused: make moves it, byte for byte,
    to IMAGE.old and makes a new image, and says so."""
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    img = os.path.relpath(os.path.join(SCRATCH_DIR, "disk_other_format.img"), ROOT)
    absimg = os.path.join(ROOT, img)
    make = ["make", "-s", "DISK=" + img, img]
    try:
        for leftover in (absimg, absimg + ".old"):
            if os.path.exists(leftover):
                os.remove(leftover)
        run(make, timeout=300, check=True)
        with open(absimg, "r+b") as f:
            f.seek(1024 + 8 * 4)  # block 1, superblock.version
            f.write(struct.pack("<I", 2))
        os.utime(absimg, (0, 0))  # older than mkfs, as after an upgrade of Kite
        with open(absimg, "rb") as f:
            old = f.read()
        r = run(["mkfs/fsck", img], timeout=60)
        check(r.returncode == 3, "fsck's exit status for another version is 3, not %d:\n%s" %
              (r.returncode, r.output))
        r = run(make, timeout=300, check=True)
        check("another disk format: it is kept as %s.old" % img in r.output,
              "make says where the old image went:\n%s" % r.output)
        with open(absimg + ".old", "rb") as f:
            check(f.read() == old, "the old image is kept unchanged")
        r = run(["mkfs/fsck", img], timeout=60)
        check(r.returncode == 0 and "clean" in r.output, "the new image is clean:\n%s" % r.output)
        # A damaged image of this format is still refused, not replaced.
        with open(absimg, "r+b") as f:
            f.seek(1024)  # superblock.magic
            f.write(struct.pack("<I", 0))
        os.utime(absimg, (0, 0))
        r = run(make, timeout=300)
        check(r.returncode != 0 and "make clean-disk" in r.output,
              "an image with a bad magic is refused with the way out:\n%s" % r.output)
    finally:
        for leftover in (absimg, absimg + ".old"):
            if os.path.exists(leftover):
                os.remove(leftover)


@test("demo_session", timeout=300)
def _():
    """scripts/demo.py (make demo's session, without recording) runs to the
    end against the kernel; a session that cannot run says which step."""
    img = scratch_disk()
    cast = os.path.join(SCRATCH_DIR, "demo_session.cast")
    r = run([sys.executable, "scripts/demo.py", "--fast", "--disk", img, "--cast", cast], timeout=240)
    check(r.returncode == 0, "the demo session failed:\n%s" % r.output[-1500:])
    for seen in ("init: starting sh", "made inside Kite", "page fault at", "usertests starting",
                 "powering off"):
        check(seen in r.output, "the session shows %r" % seen)
    # Its own recording, and the committed one, are asciinema v2 casts of the session.
    for path in (cast, os.path.join(ROOT, "docs", "demo.cast")):
        with open(path) as f:
            header, *events = [json.loads(line) for line in f]
        check(header.get("version") == 2 and header.get("width", 0) > 0 and header.get("height", 0) > 0,
              "%s: an asciinema v2 header: %r" % (path, header))
        times = [e[0] for e in events]
        check(events and all(e[1] == "o" for e in events) and times == sorted(times),
              "%s: output events in time order" % path)
        shown = "".join(e[2] for e in events)
        check("made inside Kite" in shown and "powering off" in shown, "%s holds the whole session" % path)
    os.remove(cast)
    r = run([sys.executable, "scripts/demo.py", "--fast", "--disk", "build/grade/no-such-disk.img"], timeout=120)
    check(r.returncode == 1 and "demo: step 1 (boot): did not see" in r.output,
          "a session that cannot boot names the step:\n%s" % r.output[-800:])


def bench_run(cpus, per_op):
    """A saved run as scripts/bench.py writes it, with these per-op times (ns)."""
    tests = {name: {"ops": 100, "ns": int(ns * 100), "ns_per_op": ns, "what": "one %s" % name,
                    "extra": {}} for name, ns in per_op.items()}
    return {"hz": 10000000, "ncpu": cpus, "cpus": cpus, "mode": "quick", "mem": "128M",
            "date": "2026-12-01T10:00:00", "tests": tests, "failed": []}


@test("bench_chart", timeout=120)
def _():
    """make bench-compare draws the two runs side by side as a valid SVG (one
    row per shared test, B/A on each); bad input is refused in one line."""
    import xml.etree.ElementTree as ET
    with tempfile.TemporaryDirectory() as d:
        a, b, out = (os.path.join(d, n) for n in ("a.json", "b.json", "chart.svg"))
        with open(a, "w") as f:
            json.dump(bench_run(1, {"getpid": 480.0, "fork": 310000.0, "fwrite": 5.2e6, "onlya": 9.0}), f)
        with open(b, "w") as f:
            json.dump(bench_run(3, {"getpid": 500.0, "fork": 150000.0, "fwrite": 7.8e6}), f)
        r = run(["make", "-s", "bench-compare", "A=" + a, "B=" + b, "CHART=" + out], timeout=60)
        check(r.returncode == 0 and "wrote %s (3 tests" % out in r.output, "make bench-compare:\n%s" % r.output)
        root = ET.parse(out).getroot()
        check(root.tag == "{http://www.w3.org/2000/svg}svg", "the chart is an SVG: %s" % root.tag)
        ns = {"s": "http://www.w3.org/2000/svg"}
        rows = root.findall("s:g", ns)
        check([g.find("s:title", ns).text.split(":")[0] for g in rows] == ["getpid", "fork", "fwrite"],
              "one row per shared test, in A's order")
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        for want in ("0.48x", "1.50x", "480 ns", "7.80 ms"):
            check(want in texts, "the chart shows %s: %s" % (want, texts))
        check(all(len(g.findall("s:rect", ns)) == 2 for g in rows), "two bars per row")

        bad = os.path.join(d, "bad.json")
        cases = [("not json", "not JSON"), ('{"runs": []}', "not a bench result"),
                 (json.dumps(bench_run(1, {"getpid": -1})), "test getpid: ns_per_op is -1"),
                 (json.dumps(bench_run(1, {"other": 5.0})), "have no test in common")]
        for text, want in cases:
            with open(bad, "w") as f:
                f.write(text)
            if os.path.exists(out):
                os.remove(out)
            r = run([sys.executable, "scripts/bench_chart.py", a, bad, "-o", out], timeout=60)
            check(r.returncode == 2 and r.output.startswith("bench_chart: ") and bad in r.output and want in r.output
                  and len(r.output.strip().split("\n")) == 1,
                  "%r is refused with one line naming %r:\n%s" % (text[:40], want, r.output))
            check(not os.path.exists(out), "nothing is written for bad input")
        r = run([sys.executable, "scripts/bench_chart.py", a, os.path.join(d, "missing.json"), "-o", out])
        check(r.returncode == 2 and "cannot read" in r.output, "a missing file: %s" % r.output)


# ---- .clang-format, enforced

FORMAT_DIRS = ("kernel", "user", "mkfs", "hosttest")


@test("format", timeout=300)
def _():
    """Every C file of Kite's (kernel/, user/, mkfs/, hosttest/) is as
    .clang-format lays it out (`make format` rewrites them); a file that is
    not must be caught."""
    files = sorted(sources(*FORMAT_DIRS, exts=(".c", ".h")))
    check(len(files) > 100, "only %d C files found" % len(files))
    r = run(["clang-format", "--dry-run", "-Werror"] + files, timeout=300)
    check(r.returncode == 0, "files not laid out as .clang-format says (run `make format`):\n%s"
          % r.output[-2000:])
    os.makedirs(SCRATCH_DIR, exist_ok=True)
    probe = os.path.join(SCRATCH_DIR, "format_probe.c")
    with open(probe, "w") as f:
        f.write("int  main( void ){ return 0 ; }\n")
    r = run(["clang-format", "--dry-run", "-Werror", probe], timeout=60)
    os.remove(probe)
    check(r.returncode != 0, "clang-format accepted a badly laid out file: %r" % r.output)
