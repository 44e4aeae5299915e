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
