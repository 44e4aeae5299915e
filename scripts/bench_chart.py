#!/usr/bin/env python3
"""Two saved `make bench` runs side by side, as an SVG chart.

    python3 scripts/bench_chart.py A.json B.json [-o OUT.svg]

`make bench-compare A=... B=...` runs it after its table (OUT defaults to
bench/compare.svg).  One row per test the two runs share, in A's order:
two bars, A's and B's time per operation, scaled so that the slower of
the two fills the row (the tests' times differ by orders of magnitude;
what a change did to each is the point), each with its time, and B/A at
the right: green when B is at least RATIO_MARGIN faster, red when that
much slower.  Python 3 standard library only.

Bad input (a file that is not a bench result, a test without a positive
time per operation, no test in common) is refused with one line
"bench_chart: ..." on standard error and exit status 2; nothing is
written then.
"""

import argparse
import json
import math
import os
import sys
from xml.sax.saxutils import escape

from bench import fmt_ns  # the table's units, so the chart reads the same


RATIO_MARGIN = 0.05        # B/A within 5% of 1 counts as the same
ROW_H, BAR_H = 34, 12      # pixels per test, per bar
LABEL_W, BAR_W, VALUE_W, RATIO_W = 120, 420, 80, 70
TOP, BOTTOM, SIDE = 64, 24, 16
COLOR_A, COLOR_B = "#4e79a7", "#f28e2b"
COLOR_FASTER, COLOR_SLOWER, COLOR_SAME = "#2e7d32", "#c62828", "#555555"


class BadInput(Exception):
    """A file that cannot be charted (the message says why)."""


def load(path):
    """{test name: ns per op} of one saved run, in its order, and its description."""
    try:
        with open(path) as f:
            run = json.load(f)
    except OSError as e:
        raise BadInput("%s: cannot read: %s" % (path, e.strerror or e))
    except ValueError as e:
        raise BadInput("%s: not JSON: %s" % (path, e))
    if not isinstance(run, dict) or not isinstance(run.get("tests"), dict):
        raise BadInput('%s: not a bench result (no "tests" object; make bench writes bench/last.json)' % path)
    times = {}
    for name, t in run["tests"].items():
        ns = t.get("ns_per_op") if isinstance(t, dict) else None
        if isinstance(ns, bool) or not isinstance(ns, (int, float)) or not math.isfinite(ns) or ns <= 0:
            raise BadInput("%s: test %s: ns_per_op is %r, not a positive number" % (path, name, ns))
        times[name] = float(ns)
    what = "CPUS=%s, %s, %s" % (run.get("cpus", run.get("ncpu", "?")), run.get("mode", "?"),
                                run.get("date", "no date"))
    return times, what, {n: t.get("what", "") for n, t in run["tests"].items()}


def ratio_color(r):
    if r <= 1 - RATIO_MARGIN:
        return COLOR_FASTER
    if r >= 1 + RATIO_MARGIN:
        return COLOR_SLOWER
    return COLOR_SAME


def chart(a_path, b_path):
    """The SVG text for the two runs."""
    a, a_what, descr = load(a_path)
    b, b_what, _ = load(b_path)
    names = [n for n in a if n in b]
    if not names:
        raise BadInput("%s and %s have no test in common" % (a_path, b_path))
    width = SIDE * 2 + LABEL_W + BAR_W + VALUE_W + RATIO_W
    height = TOP + ROW_H * len(names) + BOTTOM
    x_bar = SIDE + LABEL_W
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="sans-serif" font-size="12">' % (width, height, width, height),
           '<title>Kite bench: time per operation, A and B</title>',
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="15" font-weight="bold">Time per operation '
           '(each row scaled to its slower run)</text>' % SIDE]
    for i, (color, label, path, what) in enumerate(((COLOR_A, "A", a_path, a_what),
                                                    (COLOR_B, "B", b_path, b_what))):
        y = 36 + i * 16
        out.append('<rect x="%d" y="%d" width="12" height="10" fill="%s"/>' % (SIDE, y - 9, color))
        out.append('<text x="%d" y="%d">%s = %s (%s)</text>'
                   % (SIDE + 18, y, label, escape(os.path.basename(path)), escape(what)))
    out.append('<text x="%d" y="%d" text-anchor="end" font-weight="bold">B/A</text>'
               % (width - SIDE, TOP - 4))
    for row, name in enumerate(names):
        y = TOP + row * ROW_H
        top = max(a[name], b[name])
        r = b[name] / a[name]
        out.append('<g><title>%s: %s</title>' % (escape(name), escape(descr.get(name, ""))))
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (x_bar - 8, y + ROW_H // 2 + 4, escape(name)))
        for k, (ns, color) in enumerate(((a[name], COLOR_A), (b[name], COLOR_B))):
            by = y + 4 + k * (BAR_H + 2)
            w = max(1.0, BAR_W * ns / top)
            out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                       % (x_bar, by, w, BAR_H, color))
            out.append('<text x="%.1f" y="%d" font-size="10">%s</text>'
                       % (x_bar + w + 4, by + BAR_H - 2, fmt_ns(ns)))
        out.append('<text x="%d" y="%d" text-anchor="end" fill="%s" font-weight="bold">%.2fx</text>'
                   % (width - SIDE, y + ROW_H // 2 + 4, ratio_color(r), r))
        out.append('</g>')
    out.append('</svg>')
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description="two saved bench runs side by side, as SVG")
    ap.add_argument("a", metavar="A.json")
    ap.add_argument("b", metavar="B.json")
    ap.add_argument("-o", "--out", default=os.path.join("bench", "compare.svg"))
    args = ap.parse_args()
    try:
        svg = chart(args.a, args.b)
    except BadInput as e:
        print("bench_chart: %s" % e, file=sys.stderr)
        return 2
    if os.path.dirname(args.out):
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(svg)
    print("bench_chart: wrote %s (%d tests, A and B side by side)" % (args.out, svg.count("<g>")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
