"""The developer's tools around the build: compile_commands.json for editors."""

import json
import os

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
