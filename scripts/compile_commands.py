#!/usr/bin/env python3
"""compile_commands.py: compile_commands.json for clangd and VS Code, from the
Makefile's own commands (no bear needed).

`make -Bn V=1` prints every command a full build would run without running
one; each compiler call with `-c -o OBJ SRC` becomes an entry with its exact
flags, so the kernel (KCFLAGS), the self-tests (-DKITE_KTEST), the library
and Kite's programs (strict flags) and programs written for xv6 (xv6's flags)
each get their own.  Run by `make compile_commands.json`; writes the file in
the repository root and prints how many sources it lists.
Python 3 standard library only.
"""

import json
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ["kernel/kernel", "build/kernel-ktest", "fs.img"]


def entries(make_output):
    out = []
    for line in make_output.splitlines():
        try:
            words = shlex.split(line)
        except ValueError:
            continue  # a shell line with unbalanced quotes: not a compile
        if not words or not words[0].endswith("gcc") or "-c" not in words or "-o" not in words:
            continue
        src = words[-1]
        if not src.endswith((".c", ".S")) or not os.path.exists(os.path.join(ROOT, src)):
            continue
        out.append({"directory": ROOT, "arguments": words, "file": src,
                    "output": words[words.index("-o") + 1]})
    return out


def main():
    r = subprocess.run(["make", "-Bn", "V=1"] + TARGETS, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        return 1
    found = entries(r.stdout)
    with open(os.path.join(ROOT, "compile_commands.json"), "w") as f:
        json.dump(found, f, indent=1)
        f.write("\n")
    print("compile_commands.json: %d compiler calls, %d sources" % (len(found), len({e["file"] for e in found})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
