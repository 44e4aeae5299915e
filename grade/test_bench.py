"""bench: the speed-test program runs to the end with small counts.

Nothing about time is asserted (docs/performance.md: targets are judged by
`make bench`, never by a test); only that every test produced a result.
"""

import importlib.util
import os
import re

from grade import ROOT, QEMU, check, test

RESULT_RE = re.compile(r"^bench: (\w+) ops=(\d+) ns=(\d+)((?: \w+=\d+)*)$", re.M)
FAILED_RE = re.compile(r"^bench: (\w+) FAILED$", re.M)
DONE_RE = re.compile(r"^bench: done ok=(\d+) failed=(\d+)\n", re.M)
TESTS_RE = re.compile(r"^tests:((?: \w+)+)\n", re.M)


def runner_tests():
    """The test names scripts/bench.py knows how to describe."""
    path = os.path.join(ROOT, "scripts", "bench.py")
    spec = importlib.util.spec_from_file_location("kite_bench_runner", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return set(mod.WHAT)


@test("bench_quick", timeout=400)
def _():
    q = QEMU(cpus=3)
    q.expect("$ ", timeout=120)

    # A bad argument: a usage line and the list of tests.
    q.sendline("bench nosuchtest")
    q.expect(re.compile(r"^usage: bench ", re.M), timeout=60)
    names = q.expect(TESTS_RE, timeout=30).group(1).split()
    check(names, "bench's usage lists no tests")
    known = runner_tests()
    check(set(names) == known,
          "the guest's tests and scripts/bench.py's differ: guest only: %s; runner only: %s"
          % (" ".join(sorted(set(names) - known)) or "-", " ".join(sorted(known - set(names))) or "-"))
    q.expect("$ ", timeout=30)

    q.mark()
    start = len(q.output)
    q.sendline("bench -q")
    q.expect(re.compile(r"^bench: start hz=[1-9]\d* ncpu=\d+ mode=quick\n", re.M), timeout=60)
    done = q.expect(DONE_RE, timeout=300)
    out = q.output[start:]

    failed = FAILED_RE.findall(out)
    check(not failed, "tests that FAILED: %s" % " ".join(failed))
    results = {m.group(1): m for m in RESULT_RE.finditer(out)}
    missing = [n for n in names if n not in results]
    check(not missing, "no result line for: %s" % " ".join(missing))
    for name, m in results.items():
        check(int(m.group(2)) > 0, "%s: ops=0" % name)
    ok, nfail = int(done.group(1)), int(done.group(2))
    check(nfail == 0 and ok == len(names),
          "`bench: done ok=%d failed=%d`, expected ok=%d failed=0" % (ok, nfail, len(names)))
