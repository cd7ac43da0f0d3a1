#!/usr/bin/env python3
"""Metamorphic test: a property's reports do not depend on the others.

The engine shares work among the properties of one shape (the same
alphabet, the same key fields): instances side by side, one key lookup,
and one history for plain relations that step alike (engine.c,
sm__unshare).  None of it may show: each property's reports -- the
violations and pending instances, with their histories, word for word --
must be those of a spec that holds that property alone.  Specs here are
several relations over a and b per k (any relation, either way round),
sometimes with an automaton, a relation per (k, v) or a lone `per v` of
the same events among them; traces are short, with few keys, records that
lack k now and then (a step on another path), and sometimes
--max-instances (a refused instance: the shape goes apart).  The alone
spec keeps the others' lines blank, so that line numbers agree.

Environment: BUILD (default build), SEED (1), COUNT (300), CASE (one case).
Ends with "reference: N passed, N failed, 0 skipped" (counted with the
differential test's cases); exit status 1 on failure.
"""

import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPECMON = os.path.join(ROOT, os.environ.get("BUILD", "build"), "specmon")
RELATIONS = ("alternatesWith", "precedes", "causes", "subclockOf", "excludes", "coincidesWith")
AUTOMATON = "automaton %s per k {\n  initial idle\n  idle -> busy on a\n  busy -> idle on b\n}"
PREFIX = "     kworker/0:1-123    [000] d..1. "


def gen_case(rng):
    """(spec lines, property names, trace text, extra options)."""
    lines = ["event a(k, v)", "event b(k, v)"]
    names = []
    for n in range(rng.randint(2, 5)):
        name = "p%d" % n
        roll = rng.random()
        if roll < 0.1:
            lines.append(AUTOMATON % name)
        else:
            left, right = ("a", "b") if rng.random() < 0.7 else ("b", "a")
            key = "k" if roll < 0.85 else rng.choice(("(k, v)", "v"))
            lines.append("property %s per %s: %s %s %s" % (name, key, left,
                                                            rng.choice(RELATIONS), right))
        names.append(name)
    records = []
    for i in range(rng.randint(1, 40)):
        fields = "v=%d" % rng.randint(0, 1)
        if rng.random() > 0.08:
            fields = "k=%d %s" % (rng.randint(1, 3), fields)
        records.append("%s1.%06d: %s: %s" % (PREFIX, i, rng.choice("ab"), fields))
    options = ["--history", str(rng.choice((1, 2, 3, 5, 50)))]
    if rng.random() < 0.2:
        options += ["--max-instances", str(rng.randint(1, 2))]
    return lines, names, "\n".join(records) + "\n", options


def blocks_of(report, name):
    """The report's blocks about property `name` (its violations and
    pending instances, each with the lines indented under it), in order."""
    out, cur = [], None
    head = re.compile(r"^\S+:\d+: \S+ (violation of|pending) %s\[" % name)
    for line in report.splitlines():
        if line.startswith(" ") and cur is not None:
            cur.append(line)
            continue
        cur = None
        if head.match(line):
            cur = [line]
            out.append(cur)
    return ["\n".join(b) for b in out]


def check(tmp, spec_lines, trace, options):
    sp, tr = os.path.join(tmp, "s.sm"), os.path.join(tmp, "t.trace")
    with open(sp, "w") as f:
        f.write("\n".join(spec_lines) + "\n")
    with open(tr, "w") as f:
        f.write(trace)
    p = subprocess.run([SPECMON, "check"] + options + [sp, tr], capture_output=True, text=True,
                       timeout=20)
    if p.returncode not in (0, 1):
        raise RuntimeError("exit %d: %s" % (p.returncode, p.stderr.strip()))
    return p.stdout


def run_case(rng, tmp, seen):
    """None when it passes, else what differs; seen counts the reports
    compared and the steps of history they showed."""
    lines, names, trace, options = gen_case(rng)
    together = check(tmp, lines, trace, options)
    for k, name in enumerate(names):
        alone = [l if not l.startswith(("property", "automaton")) or i == 2 + k
                 else "\n" * l.count("\n") for i, l in enumerate(lines)]
        alone = check(tmp, alone, trace, options)
        a, b = blocks_of(together, name), blocks_of(alone, name)
        seen["reports"] += len(a)
        seen["steps"] += sum(block.count("\n    ") for block in a)
        if a != b:
            return ("%s differs\n--- spec\n%s\n--- trace\n%s--- options %s\n"
                    "--- with the others\n%s\n--- alone\n%s" %
                    (name, "\n".join(lines), trace, " ".join(options), "\n\n".join(a),
                     "\n\n".join(b)))
    return None


def main():
    seed = int(os.environ.get("SEED", "1"))
    count = int(os.environ.get("COUNT", "300"))
    only = os.environ.get("CASE")
    cases = [int(only)] if only else range(count)
    passed = failed = 0
    seen = {"reports": 0, "steps": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for n in cases:
            try:
                why = run_case(random.Random("%d/%d" % (seed, n)), tmp, seen)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                why = "specmon failed: %s" % e
            if why is None:
                passed += 1
                continue
            failed += 1
            if failed <= 3:
                print("FAIL alone.py SEED=%d CASE=%d: %s" % (seed, n, why))
    print("alone: a property's reports as when alone, %d cases: %d reports, %d steps of "
          "history compared" % (len(cases), seen["reports"], seen["steps"]))
    if not seen["reports"] or not seen["steps"]:
        print("FAIL alone.py: no report or no history compared: the check checked nothing")
        failed += 1
    print("reference: %d passed, %d failed, 0 skipped" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
