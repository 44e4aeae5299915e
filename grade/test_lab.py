"""The MIT 6.1810 lab features (issue 14): the shared system-call page,
the page-table tools, tracing and strace, sandboxing, lock statistics and
backtraces.  Most checks run `labtest NAME` (user/cmd/labtest.c), which
prints `NAME: ok` or `NAME: FAIL what`.
"""

import re

from grade import check, test
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
