"""Memory mappings (issue 15, its mmap half): mmap, munmap, mprotect and
msync, the page cache behind file mappings, and demand-paged exec.
Each check runs `maptest NAME` (user/cmd/maptest.c), which prints
`NAME: ok` or `NAME: FAIL what`; the kills it provokes print Kite's
one-line report, which the tests match too.
"""

import re

from grade import check, test
from test_user import boot, cmd

KILL = r"pid \d+ \(maptest\): %s at 0x[0-9a-f]+, pc 0x[0-9a-f]+: killed"


def maptest(q, names, timeout=180):
    out = cmd(q, "maptest " + " ".join(names), timeout=timeout)
    for name in names:
        check("%s: ok" % name in out, "maptest %s: %r" % (name, out))
    return out


@test("mmap_anon", timeout=300)
def _():
    q = boot()
    out = maptest(q, ["anon", "anon_shared", "fixed", "partial"])
    check(re.search(KILL % "load page fault", out), "a touch after munmap kills: %r" % out)


@test("mmap_file", timeout=300)
def _():
    q = boot()
    maptest(q, ["lazy", "shared", "dirty", "private", "fork", "exec", "copy"])


@test("mmap_faults", timeout=300)
def _():
    q = boot()
    out = maptest(q, ["mprotect", "faults", "eof"])
    check(re.search(KILL % "store page fault", out),
          "a write to a read-only mapping prints the one-line report: %r" % out)
    check(re.search(KILL % "load page fault", out),
          "a touch outside any mapping prints the one-line report: %r" % out)


@test("mmap_bad", timeout=300)
def _():
    q = boot()
    out = maptest(q, ["bad", "pressure"])
    check(re.search(r"pid \d+ \(maptest\): out of memory at 0x[0-9a-f]+", out),
          "touching more mapped memory than exists: %r" % out)
    # The table empties again and no page leaks: after a first run (which
    # may fill caches), a second one leaves the same memory used.
    out = cmd(q, "maptest all > /dev/null; free; maptest all | grep -c ok; free", timeout=300)
    check("24" in out.split(), "maptest all passes, twice: %r" % out)
    used = re.findall(r"Mem:\s+\d+\s+(\d+)", out)
    check(len(used) == 2 and used[0] == used[1], "memory used before and after: %r" % out)


@test("mmap_cache", timeout=300)
def _():
    """One page-cache page per file page: two processes mapping a file on
    their own see each other's stores; write() shows in mapped pages; only
    dirty pages go back (mtime), msync; truncate zeroes and drops."""
    q = boot()
    maptest(q, ["share2", "coherent", "clean", "truncate"])


@test("mmap_pressure_file", timeout=300)
def _():
    """Memory runs out with file pages cached: idle cached pages are
    evicted (pcstats), a toucher that still finds none is killed cleanly,
    and the file reads back whole afterwards."""
    q = boot()
    maptest(q, ["pressure_file"])
    out = cmd(q, "echo still here")
    check("still here" in out, "the shell survives: %r" % out)


@test("exec_demand", timeout=300)
def _():
    """Demand-paged exec: untouched text, data and bss pages of a new
    program are not mapped; two processes running one program map one
    text page; a running program cannot be opened for writing (ETXTBSY);
    code runs from a PROT_EXEC file mapping's untouched page."""
    q = boot()
    out = maptest(q, ["exec_lazy", "exec_map"])
    check(re.search(KILL % "instruction page fault", out),
          "a fetch from a mapping without PROT_EXEC kills: %r" % out)
    # The shell runs /sh: its redirection cannot open it for writing.
    out = cmd(q, "echo hi > /sh")
    check("sh: /sh: Text file busy" in out, "a redirection onto the running shell: %r" % out)
    out = cmd(q, "echo after")
    check("after" in out, "the shell still runs: %r" % out)
