"""Random specs and traces for the differential test, and their text.

The generator aims at the cases where an engine goes wrong: several events
of one record addressing different instances (the kernel's wwnr mapping of
sched_switch), events of a property coming second in a record, derived
events of derived events, guards over missing fields, partial keys, `*`
edges, every relation, and the start and after-violation policies.  Specs
and traces stay small: short traces with few keys find more per second.

Features (FEATURES, comma-separated; default: DEFAULT_FEATURES, which "all"
also names) switch groups of cases on, so that a known gap of the engine can
be set aside:
  start    `start on|with EVENT` and `after violation ignore|restart|stop`
  missing  records that lack a field (unknown values, partial keys)
  multi    several events bound to one record name (sched_switch pattern)
  biglit   integer literals from 2^63 to 2^64-1 (two's complement)
  clockexpr a side of a relation is sometimes a clock expression
           (+ * - inf sup delayedFor filteredBy sampledOn, nested)
  strings  member w is sometimes a word; guards compare it with strings and
           integers (a string against an integer is unknown).  w appears
           only in comparisons: what a string is as a truth value or an
           operand of arithmetic is left open by DESIGN.md.
  instants `option instants = timestamp` in half the specs; traces with runs
           of equal ts
  vars     automata with `var x = .., y = ..`, guards over them, `do x = expr`
  within   `property p [per k]: b within D after a`, D of a few us
  clocks   automata with `clock c0`, `invariant S: c0 < D`, guards over the
           clock, `do reset(c0)` (such automata get no start/after policy)
With instants, within or clocks, ts steps by 0 to 5 us a record, so that
deadlines of 1 to 4 us are met, hit exactly and missed often.
"""

import random
from typing import List

from semantics import (Edge, Event, Prop, Record, Spec, clock_events, evaluate, record_ts,
                       U)

ALL_FEATURES = ("start", "missing", "multi", "biglit", "strings", "instants", "clockexpr",
                "vars", "within", "clocks")
DEFAULT_FEATURES = ALL_FEATURES
TIMED = ("instants", "within", "clocks")
US = 1000  # ns

# The records of the traces and their members.  Key members (k, j, p, n)
# take few values so that instances meet; the others are data for guards.
RECORDS = {
    "sw": ["p", "n", "v"],     # sched_switch-like: prev and next key
    "wk": ["k", "j", "v", "w"],
    "ex": ["k", "v"],
    "tk": ["w"],               # no key member: reaches every instance
}
KEY_MEMBERS = {"k": 3, "j": 2, "p": 3, "n": 3}

# Precedence levels of DESIGN.md §2.2, 1 binds tightest.
LEVEL = {"*": 2, "/": 2, "%": 2, "+": 3, "-": 3, "<<": 4, ">>": 4, "&": 5,
         "^": 6, "|": 7, "==": 8, "!=": 8, "<": 8, "<=": 8, ">": 8, ">=": 8,
         "&&": 9, "||": 10}
CMP = ("==", "!=", "<", "<=", ">", ">=")
ARITH_OPS = ("*", "/", "%", "+", "-", "<<", ">>", "&", "^", "|")
RELATIONS = ("precedes", "causes", "alternatesWith", "subclockOf", "excludes",
             "coincidesWith")


def features_from(text):
    """FEATURES unset: the default ones; "all" in the list stands for them;
    "" or "none": none."""
    if text is None:
        return set(DEFAULT_FEATURES)
    wanted = {f.strip() for f in text.split(",") if f.strip() and f.strip() != "none"}
    if "all" in wanted:
        wanted = (wanted - {"all"}) | set(DEFAULT_FEATURES)
    unknown = wanted - set(ALL_FEATURES)
    if unknown:
        raise SystemExit(f"FEATURES: unknown {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(ALL_FEATURES)}")
    return wanted


class Gen:
    def __init__(self, rng: random.Random, features):
        self.r = rng
        self.f = features
        self.env_leaves = []  # ("var", x) / ("clk", c) leaves of the automaton at hand

    # ---- expressions ----

    def literal(self):
        r = self.r
        x = r.random()
        if x < 0.06 and "biglit" in self.f:
            # written as up to 2^64-1, read as its two's-complement value
            u = r.choice([(1 << 64) - 1, 1 << 63, (1 << 63) + 5, (1 << 64) - 2])
            return ("int", u - (1 << 64), hex(u))
        if x < 0.12:
            return ("int", r.choice([63, 64, 65]), None)  # around the shift limit
        if x < 0.16:
            return ("int", (1 << 63) - 1, None)           # overflow by one
        v = r.randint(0, 9)
        return ("int", v, hex(v) if r.random() < 0.25 else None)

    def leaf(self, fields, consts):
        r = self.r
        if "strings" in self.f:
            fields = [f for f in fields if f != "w"]  # only in comparisons
        if self.env_leaves and r.random() < 0.3:
            return r.choice(self.env_leaves)
        x = r.random()
        if fields and x < 0.55:
            return ("field", r.choice(fields))
        if consts and x < 0.65:
            return ("const", r.choice(consts))
        return self.literal()

    def expr(self, fields, consts, depth):
        r = self.r
        if depth <= 0 or r.random() < 0.25:
            return self.leaf(fields, consts)
        x = r.random()
        if x < 0.15:
            return ("un", r.choice("!~-"), self.expr(fields, consts, depth - 1))
        if x < 0.45:
            op = r.choice(CMP)
        elif x < 0.6:
            op = r.choice(("&&", "||"))
        else:
            op = r.choice(ARITH_OPS)
        return ("bin", op, self.expr(fields, consts, depth - 1),
                self.expr(fields, consts, depth - 1))

    def condition(self, fields, consts):
        """A guard or filter: mostly comparisons and their combinations."""
        r = self.r
        x = r.random()
        clocks = [c for c in self.env_leaves if c[0] == "clk"]
        if clocks and x < 0.25:
            d = r.randint(0, 5)
            return ("bin", r.choice(CMP), r.choice(clocks), ("int", d * US, f"{d}us"))
        if "strings" in self.f and "w" in fields and x < 0.15:
            other = (("str", r.choice(["abc", "b", ""])) if r.random() < 0.6
                     else self.literal())
            return ("bin", r.choice(CMP), ("field", "w"), other)
        if x < 0.35:
            return ("bin", r.choice(CMP), self.expr(fields, consts, 1), self.leaf(fields, consts))
        if x < 0.55:
            return ("bin", r.choice(("&&", "||")), self.condition(fields, consts),
                    self.condition(fields, consts))
        if x < 0.7:
            return ("un", "!", self.condition(fields, consts))
        return self.expr(fields, consts, 3)

    # ---- spec ----

    def events(self) -> List[Event]:
        r = self.r
        multi = "multi" in self.f
        evs = []
        wk_fields = [f for f in ("k", "j", "v", "w") if r.random() < 0.7] or ["k"]
        if r.random() < 0.8:
            evs.append(Event("wk", wk_fields))
        if multi and r.random() < 0.4:
            # a second event on wk records, with other fields
            evs.append(Event("wa", r.sample(["k", "j", "w"], r.randint(1, 3)), [("wk", {})]))
        # the wwnr pattern: one sw record, two events, two keys
        if r.random() < 0.6:
            evs.append(Event("swout", ["k", "v"], [("sw", {"k": "p"})]))
        if multi and r.random() < 0.6 or not any(e.name == "swout" for e in evs):
            evs.append(Event("swin", ["k"] + (["j"] if r.random() < 0.3 else []),
                             [("sw", {"k": "n"})]))
        if r.random() < 0.5:
            evs.append(Event("ex", ["k", "v"] if r.random() < 0.7 else ["v"]))
        if r.random() < 0.4:
            evs.append(Event("tk", ["w"] if r.random() < 0.6 else []))
        if r.random() < 0.3:
            # two `from` clauses, on two record names
            evs.append(Event("two", ["k", "v"], [("ex", {}), ("tk", {"v": "w"})]))
        return evs

    def derived(self, evs, consts):
        r = self.r
        out = list(evs)
        for n in range(r.choice([0, 0, 1, 1, 2, 3])):
            base = r.choice(out)  # may be derived itself
            fields = base_fields(out, base.name)
            out.append(Event(f"d{n}", [], None, base.name, self.condition(fields, consts)))
        return out

    def consts(self):
        r = self.r
        out, names, values = [], [], {}
        for n in range(r.choice([0, 1, 2])):
            e = self.expr([], names, 2)
            v = evaluate(e, {}, values)
            if v is U:
                continue  # a constant with no value is a spec error
            name = f"C{n}"
            out.append((name, e))
            names.append(name)
            values[name] = v
        return out, names

    def keys_for(self, evs, alphabet):
        r = self.r
        keys = r.choice([[], ["k"], ["k"], ["k", "j"], ["j"]])
        # each key field must be a field of one event of the property
        have = set()
        for name in alphabet:
            have.update(base_fields(evs, name))
        return [k for k in keys if k in have]

    def clock(self, names, depth):
        """A random clock expression over the events `names`."""
        r = self.r
        if depth <= 0 or r.random() < 0.35:
            return r.choice(names)
        x = r.random()
        if x < 0.45:
            return (r.choice(["+", "*", "-", "inf", "sup", "sampledOn"]),
                    self.clock(names, depth - 1), self.clock(names, depth - 1))
        if x < 0.7:
            return ("delayedFor", self.clock(names, depth - 1), r.randint(1, 3))
        once = "".join(r.choice("01") for _ in range(r.randint(0, 3)))
        repeated = "".join(r.choice("01") for _ in range(r.randint(0 if once else 1, 3)))
        return ("filteredBy", self.clock(names, depth - 1), once, repeated)

    def relation(self, name, evs):
        r = self.r
        a, b = r.sample([e.name for e in evs], 2)
        if "clockexpr" in self.f:
            names = [e.name for e in evs]
            if r.random() < 0.5:
                a = self.clock(names, 3)
            if r.random() < 0.5:
                b = self.clock(names, 3)
        op = r.choice(RELATIONS + ("precedes",))
        bound = r.randint(1, 3) if op == "precedes" and r.random() < 0.4 else None
        if "within" in self.f and r.random() < 0.4:
            # `within` relates two events, not clock expressions.
            a, b = r.sample([e.name for e in evs], 2)
            op, bound = "within", r.randint(1, 4) * US
        return Prop(name, self.keys_for(evs, clock_events(a) | clock_events(b)),
                    rel=(a, op, b, bound))

    def automaton(self, name, evs, consts):
        r = self.r
        states = [f"s{n}" for n in range(r.randint(2, 4))]
        alphabet = r.sample([e.name for e in evs], min(len(evs), r.randint(1, 3)))
        variables = []
        if "vars" in self.f and r.random() < 0.6:
            variables = [("x", r.randint(0, 2))] + ([("y", r.randint(0, 2))]
                                                    if r.random() < 0.5 else [])
        clocks = ["c0"] if "clocks" in self.f and r.random() < 0.6 else []
        self.env_leaves = [("var", v) for v, _ in variables] + [("clk", c) for c in clocks]
        edges, seen = [], set()
        for _ in range(r.randint(1, 6)):
            src = "*" if r.random() < 0.25 else r.choice(states)
            dst = "*" if r.random() < 0.15 else r.choice(states)
            ev = r.choice(alphabet)
            guard = (self.condition(base_fields(evs, ev), consts)
                     if r.random() < 0.4 + 0.2 * bool(self.env_leaves) else None)
            actions = []
            for v, _ in variables:
                if r.random() < 0.4:
                    actions.append(("set", v, self.expr(base_fields(evs, ev), consts, 2)))
            for c in clocks:
                if r.random() < 0.4:
                    actions.append(("reset", c))
            r.shuffle(actions)
            sig = (src, dst, ev, render_expr(guard) if guard else "")
            if sig not in seen:  # no duplicate edges
                seen.add(sig)
                edges.append(Edge(src, dst, ev, guard, actions))
        self.env_leaves = []
        finals = None
        if r.random() < 0.6:
            finals = r.sample(states, r.randint(1, len(states)))
        p = Prop(name, [], initial="s0", finals=finals, edges=edges, vars=variables,
                 clocks=clocks)
        for c in clocks:
            for st in r.sample(states, r.randint(1, 2)):
                p.invariants[st] = (c, r.randint(1, 4) * US)
        if "start" in self.f and not clocks:
            if r.random() < 0.4:
                start = r.choice([e.name for e in evs])
                # `start with E` takes E as a step: specmon refuses it when
                # no edge uses E (write `start on E`), so only then `with`.
                on_edges = any(ed.event == start for ed in edges)
                p.start = (r.choice(["on", "with"]) if on_edges else "on", start)
            if r.random() < 0.5:
                p.after = r.choice(["ignore", "restart", "stop"])
        p.keys = self.keys_for(evs, p.alphabet())
        return p

    def spec(self) -> Spec:
        consts, names = self.consts()
        evs = self.derived(self.events(), names)
        props = []
        for n in range(self.r.randint(1, 3)):
            if len(evs) >= 2 and self.r.random() < 0.45:
                props.append(self.relation(f"r{n}", evs))
            else:
                props.append(self.automaton(f"a{n}", evs, names))
        spec = prune(Spec(consts, evs, props))
        spec.instants_timestamp = "instants" in self.f and self.r.random() < 0.5
        return spec

    # ---- trace ----

    def trace(self, spec: Spec) -> List[Record]:
        r = self.r
        names = sorted({src for e in spec.events if e.base is None
                        for src, _ in (e.sources or [(e.name, {})])})
        out = []
        timed = any(f in self.f for f in TIMED)
        ts = 0
        for n in range(1, r.randint(1, 30) + 1):
            # Without timed features ts is the line's number in us (no draw:
            # the cases of a seed stay what they were).
            ts = ts + r.choice([0, 0, 1, 1, 2, 3, 5]) * US if timed else n * US
            if r.random() < 0.05:
                out.append(Record("zz", {"k": (1, "1")}, ts))  # bound to no event
                continue
            name = r.choice(names)
            fields = {}
            for m in RECORDS[name]:
                if "missing" in self.f and r.random() < 0.12:
                    continue
                # a word only in wk records: tk's w is renamed to v by event two
                if name == "wk" and m == "w" and "strings" in self.f and r.random() < 0.3:
                    word = r.choice(["abc", "b", "abd", "zz"])
                    fields[m] = (word, word)
                    continue
                if m in KEY_MEMBERS:
                    v = r.randrange(KEY_MEMBERS[m])
                else:
                    v = r.choice([0, 0, 1, 1, 2, 3, 4, 5, 7, 8, 64, -1, -8])
                text = hex(v) if v >= 0 and r.random() < 0.3 else str(v)
                fields[m] = (v, text)
            out.append(Record(name, fields, ts))
        return out


def base_fields(evs, name):
    by = {e.name: e for e in evs}
    e = by[name]
    while e.base is not None:
        e = by[e.base]
    return list(e.fields)


def prune(spec: Spec) -> Spec:
    """Drop the events and consts nothing uses, so reproductions stay short
    (and no 'event never used' lint gets in the way)."""
    used = set()
    for p in spec.props:
        used |= p.alphabet()
    by = {e.name: e for e in spec.events}
    todo = list(used)
    while todo:
        e = by[todo.pop()]
        if e.base and e.base not in used:
            used.add(e.base)
            todo.append(e.base)
    consts_used = set()

    def walk(x):
        if x is None:
            return
        if x[0] == "const":
            consts_used.add(x[1])
        elif x[0] == "un":
            walk(x[2])
        elif x[0] == "bin":
            walk(x[2])
            walk(x[3])

    for e in spec.events:
        if e.name in used:
            walk(e.where)
    for p in spec.props:
        for ed in p.edges:
            walk(ed.guard)
            for act in ed.actions:
                if act[0] == "set":
                    walk(act[2])
    for name, e in reversed(spec.consts):  # consts may use earlier ones
        if name in consts_used:
            walk(e)
    return Spec([c for c in spec.consts if c[0] in consts_used],
                [e for e in spec.events if e.name in used], spec.props)


# ---- text ----

def render_expr(e, extra_parens=None) -> str:
    """Minimal parentheses from the precedence table (so the engine's
    precedence is tested); comparisons never chain, so a comparison under a
    comparison is parenthesised.  extra_parens: an rng adding some more."""
    def level(x):
        return 1 if x[0] != "bin" else LEVEL[x[1]]

    def go(x):
        if x[0] == "int":
            return x[2] if len(x) > 2 and x[2] else str(x[1])
        if x[0] in ("field", "const", "var", "clk"):
            return x[1]
        if x[0] == "str":
            return '"' + x[1] + '"'
        if x[0] == "un":
            inner = go(x[2])
            if x[2][0] == "bin":
                inner = f"({inner})"
            elif x[2][0] == "int" and x[2][1] < 0 and not (len(x[2]) > 2 and x[2][2]):
                inner = f"({inner})"
            # a blank keeps '- -1' from reading as one token
            return f"{x[1]} {inner}" if inner.startswith(("-", "!", "~")) else x[1] + inner
        op, l, r = x[1], x[2], x[3]
        L = LEVEL[op]
        ls, rs = go(l), go(r)
        if level(l) > L or (op in CMP and level(l) == L) or \
                (extra_parens and extra_parens.random() < 0.1):
            ls = f"({ls})"
        if level(r) >= L or (extra_parens and extra_parens.random() < 0.1):
            rs = f"({rs})"
        return f"{ls} {op} {rs}"

    return go(e)


# Clock operators, 0 binds tightest: names and inf/sup, then the postfix
# words, then '*', then '+' and '-' (left to right).
CLOCK_LEVEL = {"delayedFor": 1, "filteredBy": 1, "sampledOn": 1, "*": 2, "+": 3, "-": 3}


def render_clock(x) -> str:
    """Minimal parentheses, so that the engine's precedence is tested."""
    def level(y):
        return 0 if isinstance(y, str) or y[0] in ("inf", "sup") else CLOCK_LEVEL[y[0]]

    def sub(y, paren):
        return f"({render_clock(y)})" if paren else render_clock(y)

    if isinstance(x, str):
        return x
    op = x[0]
    if op in ("inf", "sup"):
        return f"{op}({render_clock(x[1])}, {render_clock(x[2])})"
    if op == "delayedFor":
        return f"{sub(x[1], level(x[1]) > 1)} delayedFor {x[2]}"
    if op == "filteredBy":
        word = x[2] + (f"({x[3]})" if x[3] else "")
        return f'{sub(x[1], level(x[1]) > 1)} filteredBy "{word}"'
    if op == "sampledOn":  # its right operand is a name, inf/sup or (...)
        return f"{sub(x[1], level(x[1]) > 1)} sampledOn {sub(x[2], level(x[2]) > 0)}"
    L = CLOCK_LEVEL[op]
    return f"{sub(x[1], level(x[1]) > L)} {op} {sub(x[2], level(x[2]) >= L)}"


def render_spec(spec: Spec, rng=None) -> str:
    lines = ["option instants = timestamp"] if spec.instants_timestamp else []
    for name, e in spec.consts:
        lines.append(f"const {name} = {render_expr(e, rng)}")
    for e in spec.events:
        fl = f"({', '.join(e.fields)})" if e.fields else ""
        if e.base is not None:
            lines.append(f"event {e.name} = {e.base} where {render_expr(e.where, rng)}")
            continue
        text = f"event {e.name}{fl}"
        for rec, ren in e.sources or []:
            text += f" from ftrace {rec}"
            if ren:
                text += " { " + ", ".join(f"{k} = {v}" for k, v in ren.items()) + " }"
        lines.append(text)
    for p in spec.props:
        per = ""
        if len(p.keys) == 1:
            per = f" per {p.keys[0]}"
        elif p.keys:
            per = f" per ({', '.join(p.keys)})"
        if p.rel:
            a, op, b, bound = p.rel
            if op == "within":
                lines.append(f"property {p.name}{per}: {a} within {bound // US}us after {b}")
                continue
            a, b = render_clock(a), render_clock(b)
            lines.append(f"property {p.name}{per}: {a} {op} {b}"
                         + (f" bound {bound}" if bound is not None else ""))
            continue
        lines.append(f"automaton {p.name}{per} {{")
        lines.append(f"    initial {p.initial}")
        if p.finals:
            lines.append(f"    final {', '.join(p.finals)}")
        if p.start:
            lines.append(f"    start {p.start[0]} {p.start[1]}")
        if p.after:
            lines.append(f"    after violation {p.after}")
        if p.vars:
            lines.append("    var " + ", ".join(f"{v} = {i}" for v, i in p.vars))
        for c in p.clocks:
            lines.append(f"    clock {c}")
        for st, (c, d) in p.invariants.items():
            lines.append(f"    invariant {st}: {c} < {d // US}us")
        for ed in p.edges:
            g = f" when {render_expr(ed.guard, rng)}" if ed.guard is not None else ""
            acts = ", ".join(f"reset({a[1]})" if a[0] == "reset"
                             else f"{a[1]} = {render_expr(a[2], rng)}" for a in ed.actions)
            lines.append(f"    {ed.src} -> {ed.dst} on {ed.event}{g}"
                         + (f" do {acts}" if acts else ""))
        lines.append("}")
    return "\n".join(lines) + "\n"


def render_trace(records: List[Record], flags: bool = True) -> str:
    """ftrace text, ts up by 1 us a line; flags=False drops the irq-flags
    column, as trace-cmd and older kernels print it."""
    out = []
    for n, rec in enumerate(records, 1):
        body = " ".join(f"{m}={t}" for m, (_, t) in rec.fields.items())
        head = "          <idle>-0     [001] d..1. " if flags else "    kworker/1:2-77    [001] "
        us = record_ts(n, rec) // US
        out.append(f"{head} {1234 + us // 1000000}.{us % 1000000:06d}: {rec.name}: {body}")
    return "\n".join(out) + "\n"
