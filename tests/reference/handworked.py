"""Hand-worked timelines for the reference's time and state features
(instants, within, clocks, variables), checked against semantics.py alone.
Each case says how its verdicts follow from DESIGN.md and the choices of
README.md; run.py runs them with its other self-tests."""

from semantics import Edge, Event, Prop, Record, Spec, verdicts

US = 1000


def rec(name, ts_us, **fields):
    return Record(name, {k: (v, str(v)) for k, v in fields.items()}, ts_us * US)


def ab_spec(prop, instants=False):
    return Spec([], [Event("a", ["k"]), Event("b", ["k"]), Event("c", [])], [prop], instants)


def cases():
    out = []
    co = Prop("r", [], rel=("a", "coincidesWith", "b", None))
    ex = Prop("r", [], rel=("a", "excludes", "b", None))
    same_ts = [rec("a", 1), rec("b", 1)]
    # Equal ts: one instant with the option (a = b holds), two without.
    out.append(("coincides, timestamp", ab_spec(co, True), same_ts, [], []))
    out.append(("coincides, record", ab_spec(co), same_ts, [1, 2], []))
    # excludes the other way round: one instant breaks a # b, reported at
    # the instant's first record.
    out.append(("excludes, timestamp", ab_spec(ex, True), same_ts, [1], []))
    out.append(("excludes, record", ab_spec(ex), same_ts, [], []))
    # An unbound record first: the instant is reported at line 2, its first
    # record with events.
    out.append(("excludes, unbound first", ab_spec(ex, True),
                [rec("zz", 1), rec("a", 1), rec("b", 1)], [2], []))
    # b twice in one instant, both for the one instance (no `per`): it sees
    # b once, with the first record's values, so the automaton's guard
    # k == 1 holds (line 2's k=2 is not seen by it).
    aut = Prop("m", [], initial="s0", finals=["s1"],
               edges=[Edge("s0", "s1", "b", ("bin", "==", ("field", "k"), ("int", 1)))])
    out.append(("first values win", ab_spec(aut, True), [rec("b", 1, k=1), rec("b", 1, k=2)],
                [], []))
    # b twice in one instant for two instances (per k): each sees its own,
    # so b(k=2) is seen too and fails the guard there: a violation of m[k=2]
    # at line 1, the instant's first record; m[k=2] ends in s0: pending.
    autk = Prop("m", ["k"], initial="s0", finals=["s1"],
                edges=[Edge("s0", "s1", "b", ("bin", "==", ("field", "k"), ("int", 1)))])
    out.append(("each instance its own", ab_spec(autk, True),
                [rec("b", 1, k=1), rec("b", 1, k=2)], [(1, (2,))], [("m", (2,))]))
    # An automaton sees a and b of one instant in one step: s0 -a-> s1 only;
    # s1 has no edge on b, but b is not a second step.
    aut2 = Prop("m", [], initial="s0", finals=["s1"],
                edges=[Edge("s0", "s1", "a"), Edge("s1", "s0", "c")])
    out.append(("one step", ab_spec(aut2, True), same_ts, [], []))

    # within: b within 2us after a.
    w = Prop("w", [], rel=("b", "within", "a", 2 * US))
    # a at 1 is due at 3; b at 3 meets it (deadline inclusive).
    out.append(("within met at the deadline", ab_spec(w), [rec("a", 1), rec("b", 3)], [], []))
    # a at 1; an unbound record at 4 passes 3: the miss is reported there.
    out.append(("within passed by an unbound record", ab_spec(w),
                [rec("a", 1), rec("zz", 3), rec("zz", 4), rec("b", 4)], [3], []))
    # Two open (due 3 and 4); c at 5 passes both: two violations at line 3.
    out.append(("within, two missed at once", ab_spec(w),
                [rec("a", 1), rec("a", 2), rec("c", 5)], [3, 3], []))
    # FIFO: a at 1 (due 3), a at 2 (due 4), b at 3 meets the first; the
    # second is still open at the end, before its deadline: pending.
    out.append(("within FIFO, pending", ab_spec(w),
                [rec("a", 1), rec("a", 2), rec("b", 3)], [], [("w", ())]))
    # A b with nothing open is fine; in one instant b meets first, then a
    # opens (so {a, b} together leaves one obligation: pending).
    ab_rec = Spec([], [Event("a", ["k"], [("a", {}), ("ab", {})]),
                       Event("b", ["k"], [("b", {}), ("ab", {})])], [w])
    out.append(("within, b first then a", ab_rec, [rec("b", 1), rec("ab", 2)], [],
                [("w", ())]))
    # Per key: the miss names its instance.
    wk = Prop("w", ["k"], rel=("b", "within", "a", 2 * US))
    out.append(("within per k", ab_spec(wk),
                [rec("a", 1, k=1), rec("a", 1, k=2), rec("b", 2, k=2), rec("c", 9)],
                [(4, (1,))], []))

    # Clocks: stall-like.  s0 -a-> s1 resetting c; invariant s1: c < 3us.
    st = Prop("m", [], initial="s0", clocks=["c"], invariants={"s1": ("c", 3 * US)},
              edges=[Edge("s0", "s1", "a", None, [("reset", "c")]),
                     Edge("s1", "s0", "b")])
    # Entered at 1 (c reset), left at 3 (c = 2 < 3): fine.
    out.append(("invariant kept", ab_spec(st), [rec("a", 1), rec("b", 3)], [], []))
    # Left at 4: c = 3 breaks c < 3 when time reaches 4: a violation at
    # line 2, then b is taken as usual.
    out.append(("invariant broken at exactly D", ab_spec(st), [rec("a", 1), rec("b", 4)],
                [2], []))
    # Broken once per stay: c at 5 and 6 do not report again; still in s1
    # at the end, outside the final states: pending.
    out.append(("invariant once per stay", ab_spec(st),
                [rec("a", 1), rec("c", 5), rec("c", 6)], [2], [("m", ())]))
    # Still in s1 before the deadline at the end: pending.
    out.append(("invariant pending", ab_spec(st), [rec("a", 1), rec("c", 2)], [],
                [("m", ())]))
    # A clock guard: s0 -a-> s1 only when c >= 2us, c counted from the
    # instance's creation (line 1, ts 1): a at 2 (c = 1) fails, a at 3
    # (c = 2) passes.
    g = Prop("m", [], initial="s0", finals=["s0", "s1"], clocks=["c"],
             edges=[Edge("s0", "s1", "a", ("bin", ">=", ("clk", "c"), ("int", 2 * US))),
                    Edge("s0", "s0", "c")])
    out.append(("clock guard", ab_spec(g), [rec("c", 1), rec("a", 2), rec("a", 3)], [2], []))

    # Variables: x counts a's; actions read values before the step, so
    # `x = x + 1, y = x` leaves y one behind; b is allowed only when y == 1.
    v = Prop("m", [], initial="s0", vars=[("x", 0), ("y", 0)],
             edges=[Edge("s0", "s0", "a", None,
                         [("set", "x", ("bin", "+", ("var", "x"), ("int", 1))),
                          ("set", "y", ("var", "x"))]),
                    Edge("s0", "s0", "b", ("bin", "==", ("var", "y"), ("int", 1)))])
    out.append(("vars read before the step", ab_spec(v),
                [rec("a", 1), rec("b", 2), rec("a", 3), rec("b", 4)], [2], []))
    # An action whose value is unknown (k missing) leaves x unchanged: x
    # stays 0, so the guard x == 0 holds for b.
    v2 = Prop("m", [], initial="s0", vars=[("x", 0)],
              edges=[Edge("s0", "s0", "a", None, [("set", "x", ("field", "k"))]),
                     Edge("s0", "s0", "b", ("bin", "==", ("var", "x"), ("int", 0)))])
    out.append(("unknown action", ab_spec(v2), [rec("a", 1), rec("b", 2)], [], []))
    out.append(("known action", ab_spec(v2), [rec("a", 1, k=5), rec("b", 2)], [2], []))
    return out


def self_test():
    """The number of hand-worked cases the reference gets wrong."""
    failed = 0
    for label, spec, records, viol, pend in cases():
        name = spec.props[0].name
        # a violation is written as its line, or (line, key) under `per`
        want = (sorted((v, name, ()) if isinstance(v, int) else (v[0], name, v[1])
                       for v in viol), sorted(pend))
        got = verdicts(spec, records)
        if got != want:
            failed += 1
            print(f"FAIL reference self-test: {label}: reference gives {got}, "
                  f"by hand {want}")
    return failed


if __name__ == "__main__":
    raise SystemExit(1 if self_test() else 0)
