#!/usr/bin/env python3
"""Differential test: specmon against the reference of semantics.py.

Each case is a random spec and trace (gen.py); the expected verdicts come
from the reference only, the actual ones from `specmon check --json`.  Both
are compared as sorted lists: violations (input line, property, key) and
pending instances (property, key); report order is not tested.  A failing
case is minimised (records, properties, edges, fields dropped while it
still fails the same way) and printed with both verdict sets.

Environment:
  BUILD     folder of the specmon binary (default: build)
  SEED      the run's seed (default 1); case N of seed S is always the same
  COUNT     number of random cases (default 2000)
  CASE      run only this case number (with SEED), e.g. to replay a failure
  FEATURES  comma-separated: start,missing,multi,biglit (default: all; see gen.py)
  JOBS      parallel specmon processes (default 2)
  SHOW      failures printed in full (default 3; the others are counted)
  KEEP      a folder: write each failing case there as caseN.sm / caseN.trace
  VIA       check (default): `specmon check --json` reads the trace; emit: the
            driver tests/reference/emit.c (build/ref-emit) gives each record
            that binds an event to sm_emit_args, so the same cases check the
            in-process path (lanes and engine).  Cases the emit path cannot
            take as the trace says are left out, counted by reason (not
            counted as skipped tests).
Ends with "reference: N passed, N failed, 0 skipped"; exit status 1 on failure.
"""

import json
import re
import os
import random
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from gen import Gen, features_from, prune, render_spec, render_trace  # noqa: E402
from semantics import (U, Edge, Event, Prop, Record, Spec, const_values, group_instants,  # noqa: E402
                       record_ts, rename_clock, source_ticks, verdicts)
import handworked  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPECMON = os.path.join(ROOT, os.environ.get("BUILD", "build"), "specmon")
EMIT_DRIVER = os.path.join(ROOT, os.environ.get("BUILD", "build"), "ref-emit")
VIA = os.environ.get("VIA", "check")


# ---- running specmon ----

def run_specmon(spec_text, trace_text, tmp):
    """("ok", (violations, pending)) or ("error", message)."""
    sp, tr = os.path.join(tmp, "case.sm"), os.path.join(tmp, "case.trace")
    with open(sp, "w") as f:
        f.write(spec_text)
    with open(tr, "w") as f:
        f.write(trace_text)
    try:
        p = subprocess.run([SPECMON, "check", "--json", sp, tr], capture_output=True,
                           text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return ("error", "specmon took more than 20 s")
    if p.returncode not in (0, 1):
        return ("error", f"exit status {p.returncode}\n{p.stderr.strip()}")
    viol, pend = [], []
    for line in p.stdout.splitlines():
        try:
            o = json.loads(line)
        except ValueError:
            return ("error", f"not JSON: {line!r}")
        key = tuple(o.get("key", {}).values())
        if o.get("type") == "violation":
            viol.append((o["line"], o["property"], key))
        elif o.get("type") == "pending":
            pend.append((o["property"], key))
    return ("ok", (sorted(viol), sorted(pend)))


# ---- running the emit driver ----

def emit_skip(spec, records):
    """Why the emit path cannot take the case as the trace says, or None.
    An emit is one source event, its own instant, and time passes only
    with emits."""
    if any(len(source_ticks(spec, rec)) > 1 for rec in records):
        return "several events in one record"
    if any(len(ticks) > 1 for _, _, _, ticks in group_instants(spec, records,
                                                               const_values(spec))):
        return "several records in one instant (instants = timestamp)"
    timed = any(p.invariants or (p.rel and p.rel[1] == "within") for p in spec.props)
    if timed and any(not source_ticks(spec, rec) for rec in records):
        return "time passing at a record that binds no event"
    return None


def emits_of(spec, records):
    """The driver's JSON Lines: each record that binds an event, with its
    line, ts and the event's known fields (as the reference binds them)."""
    out = []
    for n, rec in enumerate(records, 1):
        for name, vals in source_ticks(spec, rec).items():
            fields = {f: v for f, v in vals.items() if v is not U}
            out.append(json.dumps({"line": n, "ts": record_ts(n, rec), "event": name,
                                   "fields": fields}))
    return "".join(line + "\n" for line in out)


def run_emit(spec, records, tmp):
    """As run_specmon, through sm_emit_args: a violation's line is that of
    the record whose emit reported it (the driver's `#line N` before it)."""
    sp, em = os.path.join(tmp, "case.sm"), os.path.join(tmp, "case.emits")
    with open(sp, "w") as f:
        f.write(render_spec(spec))
    with open(em, "w") as f:
        f.write(emits_of(spec, records))
    try:
        p = subprocess.run([EMIT_DRIVER, sp, em], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return ("error", "ref-emit took more than 20 s")
    if p.returncode not in (0, 1):
        return ("error", f"exit status {p.returncode}\n{p.stderr.strip()}")
    viol, pend, line = [], [], None
    for text in p.stdout.splitlines():
        if text.startswith("#line "):
            line = int(text[6:])
            continue
        try:
            o = json.loads(text)
        except ValueError:
            return ("error", f"not JSON: {text!r}")
        key = tuple(o.get("key", {}).values())
        if o.get("type") == "violation":
            viol.append((line, o["property"], key))
        elif o.get("type") == "pending":
            pend.append((o["property"], key))
    return ("ok", (safe_sorted(viol), safe_sorted(pend)))


def safe_sorted(items):
    """Sorted; items that do not compare (a null in a key) by their text."""
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def judge(spec, records, tmp, flags=True):
    """(passed, expected, actual) for one spec and trace."""
    expected = ("ok", verdicts(spec, records))
    if VIA == "emit":
        actual = run_emit(spec, records, tmp)
    else:
        actual = run_specmon(render_spec(spec), render_trace(records, flags), tmp)
    return expected == actual, expected, actual


def signature(actual):
    """What kind of failure: a minimised case must keep failing this way.
    For a refused spec, the first error without its place, names and numbers."""
    if actual[0] == "ok":
        return "ok"
    first = next((ln for ln in actual[1].splitlines() if "error:" in ln), actual[1])
    first = first.split("error:", 1)[-1]
    return re.sub(r"'[^']*'|[0-9a-fx]*[0-9][0-9a-fx]*", "_", first)


# ---- minimising ----

def copy_spec(spec):
    props = []
    for p in spec.props:
        props.append(Prop(p.name, list(p.keys), p.rel, p.initial,
                          list(p.finals) if p.finals else None,
                          [Edge(e.src, e.dst, e.event, e.guard, list(e.actions))
                           for e in p.edges],
                          p.start, p.after, list(p.vars), list(p.clocks),
                          dict(p.invariants)))
    evs = [Event(e.name, list(e.fields), e.sources, e.base, e.where) for e in spec.events]
    return Spec(list(spec.consts), evs, props, spec.instants_timestamp)


def spec_variants(spec):
    """Smaller specs, one change each."""
    for i in range(len(spec.props)):
        if len(spec.props) > 1:
            s = copy_spec(spec)
            del s.props[i]
            yield prune(s)
        p = spec.props[i]
        for j in range(len(p.edges)):
            if len(p.edges) > 1:
                s = copy_spec(spec)
                del s.props[i].edges[j]
                yield prune(s)
            if p.edges[j].guard is not None:
                s = copy_spec(spec)
                s.props[i].edges[j].guard = None
                yield prune(s)
        for j in range(len(p.edges)):
            if p.edges[j].actions:
                s = copy_spec(spec)
                s.props[i].edges[j].actions = []
                yield s
        if p.invariants:
            s = copy_spec(spec)
            s.props[i].invariants = {}
            yield s
        for attr in ("start", "after", "finals"):
            if getattr(p, attr) is not None:
                s = copy_spec(spec)
                setattr(s.props[i], attr, None)
                yield prune(s)
        if p.keys:
            s = copy_spec(spec)
            s.props[i].keys = p.keys[:-1]
            yield s
    if spec.instants_timestamp:
        s = copy_spec(spec)
        s.instants_timestamp = False
        yield s
    for e in spec.events:
        # a derived event replaced by its base, where the base can stand in
        if e.base is not None:
            s = copy_spec(spec)
            for p in s.props:
                if p.rel:
                    a, op, b, bound = p.rel
                    a, b = rename_clock(a, e.name, e.base), rename_clock(b, e.name, e.base)
                    if a == b:
                        break
                    p.rel = (a, op, b, bound)
                for ed in p.edges:
                    if ed.event == e.name:
                        ed.event = e.base
                if p.start and p.start[1] == e.name:
                    p.start = (p.start[0], e.base)
            else:
                for d in s.events:
                    if d.base == e.name:
                        d.base = e.base
                yield prune(s)
        elif len(e.fields) > 1 or (e.fields and e.fields[0] not in
                                   {k for p in spec.props for k in p.keys}):
            for f in e.fields:
                s = copy_spec(spec)
                ev = next(x for x in s.events if x.name == e.name)
                ev.fields = [x for x in e.fields if x != f]
                # a rename of a field the event no longer has goes too
                ev.sources = [(rec, {k: v for k, v in ren.items() if k != f})
                              for rec, ren in ev.sources or []] if ev.sources else None
                yield s


def trace_variants(records):
    n = len(records)
    size = n // 2
    while size >= 1:
        for at in range(0, n, size):
            if n - size >= 1:
                yield records[:at] + records[at + size:]
        size //= 2
    for i, rec in enumerate(records):
        for m in rec.fields:
            fields = {k: v for k, v in rec.fields.items() if k != m}
            yield records[:i] + [Record(rec.name, fields, rec.ts)] + records[i + 1:]


def minimise(spec, records, sig, tmp, flags, budget=300):
    def still(s, recs):
        nonlocal budget
        budget -= 1
        if VIA == "emit" and emit_skip(s, recs):
            return False
        try:
            ok, _, actual = judge(s, recs, tmp, flags)
        except Exception:  # a variant the reference cannot take (e.g. a dangling name)
            return False
        return not ok and signature(actual) == sig

    progress = True
    while progress and budget > 0:
        progress = False
        for recs in trace_variants(records):
            if budget <= 0:
                break
            if still(spec, recs):
                records, progress = recs, True
                break
        if progress:
            continue
        for s in spec_variants(spec):
            if budget <= 0:
                break
            if still(s, records):
                spec, progress = s, True
                break
    return spec, records


# ---- reporting ----

def show_failure(label, spec, records, flags, n_before, expected, actual):
    out = [f"FAIL reference {label} (minimised from {n_before} to {len(records)} records)",
           "--- spec", render_spec(spec).rstrip(), "--- trace",
           render_trace(records, flags).rstrip()]
    if actual[0] != "ok":
        out += ["--- expected (reference)", fmt(expected[1]),
                "--- actual: specmon failed", actual[1]]
    else:
        ev, ep = expected[1]
        av, ap = actual[1]
        out += ["--- expected (reference)", fmt(expected[1]),
                "--- actual (ref-emit)" if VIA == "emit" else "--- actual (specmon check --json)",
                fmt(actual[1]),
                "--- difference"]
        for what, e, a in (("violation", ev, av), ("pending", ep, ap)):
            for x in diff(e, a):
                out.append(f"  missing {what} {x}")
            for x in diff(a, e):
                out.append(f"  unexpected {what} {x}")
    print("\n".join(out), flush=True)


def fmt(v):
    viol, pend = v
    lines = [f"  violation line {ln} {p}{list(k) if k else ''}" for ln, p, k in viol]
    lines += [f"  pending {p}{list(k) if k else ''}" for p, k in pend]
    return "\n".join(lines) if lines else "  (nothing)"


def diff(a, b):
    rest = list(b)
    out = []
    for x in a:
        if x in rest:
            rest.remove(x)
        else:
            out.append(x)
    return out


# ---- self-test of the reference: timelines worked out by hand ----

def self_test():
    """Cases from DESIGN.md and doc/language.md, checked against the
    reference alone: if the reference drifts, this says so first."""
    def rel(op, bound=None, keys=(), a="a", b="b"):
        return Spec([], [Event("a", ["k"]), Event("b", ["k"])],
                    [Prop("r", list(keys), rel=(a, op, b, bound))])

    def trace(*instants):
        return [Record("ab" if len(i) == 2 else i, {}) for i in instants]

    def ab(spec):  # a record "ab" makes a and b tick together
        spec.events[0].sources = [("a", {}), ("ab", {})]
        spec.events[1].sources = [("b", {}), ("ab", {})]
        return spec

    cases = [
        (rel("precedes"), "abab", [], []),
        (rel("precedes"), "b", [1], []),
        (rel("precedes"), "abb", [3], []),
        (rel("precedes"), ["ab"], [1], []),
        (rel("causes"), ["ab", "ab"], [], []),
        (rel("causes"), "abb", [3], []),
        (rel("precedes", 2), "aababb", [], []),
        (rel("precedes", 2), "aaa", [3], []),
        (rel("alternatesWith"), "abab", [], []),
        (rel("alternatesWith"), "aab", [2], []),
        (rel("alternatesWith"), "abb", [3], []),
        (rel("alternatesWith"), ["ab"], [1], []),
        (rel("alternatesWith"), ["a", "ab"], [2], [("r", ())]),  # b ≺ a′
        (rel("alternatesWith"), "aba", [], [("r", ())]),
        (rel("subclockOf"), ["b", "ab", "b"], [], []),
        (rel("subclockOf"), "a", [1], []),
        (rel("excludes"), ["a", "b"], [], []),
        (rel("excludes"), ["a", "ab"], [2], []),
        (rel("coincidesWith"), ["ab", "ab"], [], []),
        (rel("coincidesWith"), "a", [1], []),
        (rel("coincidesWith"), ["ab", "b"], [2], []),
        # clock expressions (DESIGN §2.3, CCSL), worked by hand:
        # a delayedFor 2 ticks at a's 3rd tick, so b at 3 comes too early
        (rel("precedes", a=("delayedFor", "a", 2)), "aab", [3], []),
        (rel("precedes", a=("delayedFor", "a", 2)), "aaab", [], []),
        # "0(1)": a's 1st tick filtered out, every later one kept
        (rel("coincidesWith", a=("filteredBy", "a", "0", "1")), ["a", "ab", "ab"], [], []),
        (rel("coincidesWith", a=("filteredBy", "a", "0", "1")), ["ab"], [1], []),
        # "1" without a repeated part: nothing after the 1st tick
        (rel("coincidesWith", a=("filteredBy", "a", "1", "")), ["ab", "a"], [], []),
        # sampledOn: the b after an a; the next b has no a before it
        (rel("coincidesWith", a=("sampledOn", "a", "b")), ["a", "b", "b"], [3], []),
        (rel("coincidesWith", a=("sampledOn", "a", "b")), ["ab", "b"], [2], []),
        # inf = max of the counts: the 2nd b makes it grow, a does not tick
        (rel("coincidesWith", a=("inf", "a", "b"), b="a"), "abb", [3], []),
        # sup = min: a first does not make it grow; b then does
        (rel("coincidesWith", a=("sup", "a", "b")), "ab", [], []),
        (rel("coincidesWith", a=("sup", "a", "b")), "b", [1], []),
        (rel("excludes", a=("-", "a", "b"), b="a"), ["ab", "a"], [2], []),
        (rel("subclockOf", a=("*", "a", "b")), ["ab"], [], []),
    ]
    failed = 0
    for spec, tr, viol, pend in cases:
        got = verdicts(ab(spec), trace(*tr))
        want = (sorted((n, "r", ()) for n in viol), pend)
        if got != want:
            failed += 1
            print(f"FAIL reference self-test: {spec.props[0].rel} on {tr}: "
                  f"reference gives {got}, DESIGN gives {want}")

    # wwnr: sched_switch makes out(prev) and in(next) tick together; both
    # instances step (DESIGN §2.6).
    sw = Spec([], [Event("out", ["k"], [("sw", {"k": "p"})]),
                   Event("in", ["k"], [("sw", {"k": "n"})])],
              [Prop("m", ["k"], initial="idle", edges=[Edge("idle", "run", "in"),
                                                       Edge("run", "idle", "out")])])
    recs = [Record("sw", {"p": (0, "0"), "n": (42, "42")}),
            Record("sw", {"p": (42, "42"), "n": (0, "0")})]
    got = verdicts(sw, recs)
    want = ([(1, "m", (0,))], [("m", (0,))])
    if got != want:
        failed += 1
        print(f"FAIL reference self-test: wwnr gives {got}, expected {want}")

    # Three-valued logic: with v missing, neither v == 0 nor !(v == 0) holds,
    # and v == 0 || 1 does.
    from semantics import holds
    for e, want in ((("bin", "==", ("field", "v"), ("int", 0)), False),
                    (("un", "!", ("bin", "==", ("field", "v"), ("int", 0))), False),
                    (("bin", "||", ("bin", "==", ("field", "v"), ("int", 0)), ("int", 1)), True),
                    (("bin", "&&", ("field", "v"), ("int", 0)), False),
                    (("bin", "/", ("int", -(1 << 63)), ("un", "-", ("int", 1))), True),
                    (("bin", "==", ("bin", "%", ("int", 7), ("un", "-", ("int", 1))), ("int", 0)),
                     True),
                    (("bin", "==", ("bin", "/", ("un", "-", ("int", 7)), ("int", 2)),
                      ("un", "-", ("int", 3))), True)):
        if holds(e, {}, {}) != want:
            failed += 1
            print(f"FAIL reference self-test: {e} should {'' if want else 'not '}hold")
    return failed


# ---- main ----

def main():
    seed = os.environ.get("SEED", "1")
    count = int(os.environ.get("COUNT", "2000"))
    only = os.environ.get("CASE")
    feats = features_from(os.environ.get("FEATURES"))
    jobs = max(1, int(os.environ.get("JOBS", "2")))
    show = int(os.environ.get("SHOW", "3"))
    keep = os.environ.get("KEEP")
    program = EMIT_DRIVER if VIA == "emit" else SPECMON
    if not os.access(program, os.X_OK):
        print(f"reference: {program} is missing; build it first")
        print("reference: 0 passed, 1 failed, 0 skipped")
        return 1

    failed = self_test() + handworked.self_test()
    passed = 1 if not failed else 0
    failed = 1 if failed else 0
    numbers = [int(only)] if only is not None else list(range(count))

    def one(n):
        rng = random.Random(f"{seed}:{n}")
        g = Gen(rng, feats)
        spec = g.spec()
        records = g.trace(spec)
        flags = rng.random() < 0.85
        if VIA == "emit" and emit_skip(spec, records):
            return n, spec, records, flags, None, emit_skip(spec, records), None
        with tempfile.TemporaryDirectory(prefix="smref") as tmp:
            ok, expected, actual = judge(spec, records, tmp, flags)
            return n, spec, records, flags, ok, expected, actual

    failures = []
    skipped = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for n, spec, records, flags, ok, expected, actual in pool.map(one, numbers):
            if ok is None:  # VIA=emit: expected is why the case is skipped
                skipped[expected] = skipped.get(expected, 0) + 1
            elif ok:
                passed += 1
            else:
                failed += 1
                failures.append((n, spec, records, flags, expected, actual))

    for idx, (n, spec, records, flags, expected, actual) in enumerate(failures):
        if keep:
            os.makedirs(keep, exist_ok=True)
            with open(os.path.join(keep, f"case{n}.sm"), "w") as f:
                f.write(render_spec(spec))
            with open(os.path.join(keep, f"case{n}.trace"), "w") as f:
                f.write(render_trace(records, flags))
        if idx >= show:
            continue
        with tempfile.TemporaryDirectory(prefix="smref") as tmp:
            mspec, mrecs = minimise(spec, records, signature(actual), tmp, flags)
            _, mexp, mact = judge(mspec, mrecs, tmp, flags)
        show_failure(f"case SEED={seed} CASE={n}", mspec, mrecs, flags, len(records),
                     mexp, mact)
    if len(failures) > show:
        rest = " ".join(str(f[0]) for f in failures[show:show + 40])
        print(f"reference: {len(failures) - show} more failing cases not shown "
              f"(CASE= {rest}{' ...' if len(failures) > show + 40 else ''})")
    # What kinds of failure, most frequent first: one line each.
    kinds = {}
    for f in failures:
        actual = f[5]
        kind = ("verdicts differ" if actual[0] == "ok"
                else "specmon refused the spec:" + signature(actual))
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, n in sorted(kinds.items(), key=lambda x: -x[1]):
        print(f"reference: {n} failing cases: {kind}")
    for why, n in sorted(skipped.items(), key=lambda x: -x[1]):
        print(f"reference: {n} cases not applicable to sm_emit: {why}")
    feat_note = ",".join(sorted(feats)) or "none"
    via = f" through sm_emit ({os.path.relpath(EMIT_DRIVER, ROOT)})" if VIA == "emit" else ""
    print(f"reference: seed {seed}, {len(numbers)} cases{via}, features {feat_note}")
    # Cases the emit path cannot take are not tests skipped: they are said
    # above, and the count of tests run is what passed and failed.
    # Through sm_emit, a run whose cases were nearly all left out would pass
    # having checked nothing: at least a fifth of them must run.
    ran = len(numbers) - sum(skipped.values())
    if VIA == "emit" and only is None and ran * 5 < len(numbers):
        print(f"FAIL reference: only {ran} of {len(numbers)} cases could go through sm_emit")
        failed += 1
    print(f"reference: {passed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
