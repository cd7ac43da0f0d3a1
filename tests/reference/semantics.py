"""An independent reference of specmon's semantics (DESIGN.md §2.1-§2.6).

Written from DESIGN.md alone, never from specmon's C code, and kept small so
that it can be read against the document line by line.  It does not parse
spec text: it interprets the structured spec that gen.py builds (and renders
to text for specmon), so the only thing the two sides share is DESIGN.md.

The model:
  * an instant is one input record; with `option instants = timestamp`, a run
    of consecutive records with equal ts (see group_instants);
  * the record makes the source events bound to its name tick (each event at
    most once, whatever its number of `from` clauses), then the derived events
    whose base ticks and whose `where` is true;
  * before an instant, input time passes to its ts: `within` obligations and
    invariant deadlines it passes are violations (see Monitor.time_passes);
  * for each property, each ticking event of its alphabet addresses one
    instance (whole key known: created if need be) or every existing instance
    agreeing on the known part of its key (partial key: creates none);
  * each addressed instance takes one step over the set of events that
    address it;
  * at the end, automata outside their final states, open alternatesWith
    rounds, open `within` obligations and armed invariant deadlines are
    pending.

Where DESIGN.md is silent and a choice decides verdicts, the choice is
written here and in README.md ("Choices"), marked CHOICE.

Verdicts: a sorted list of violations (line, property, key) and a sorted
list of pending instances (property, key).
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

INT64_MIN = -(1 << 63)


class Unknown:
    """The third truth value (SQL's NULL): a missing field, x / 0, ..."""

    _it = None

    def __new__(cls):
        if cls._it is None:
            cls._it = super().__new__(cls)
        return cls._it

    def __repr__(self):
        return "unknown"


U = Unknown()


def wrap(x: int) -> int:
    """64-bit two's complement."""
    return ((x + (1 << 63)) % (1 << 64)) - (1 << 63)


# ---- expressions -------------------------------------------------------------
#
# An expression is a tuple: ("int", v) | ("field", name) | ("const", name)
# | ("str", text) | ("un", op, e) | ("bin", op, l, r).  Values are Python ints
# (always inside the int64 range), strs (bytes compare as in C: the words
# used are ASCII) or U.  gen.py puts strings only under comparisons.

def _div(a: int, b: int):
    if b == 0:
        return U
    if a == INT64_MIN and b == -1:
        return INT64_MIN  # DESIGN §2.2: wraps
    q = abs(a) // abs(b)  # C truncates toward zero, Python floors
    return q if (a < 0) == (b < 0) else -q


def _mod(a: int, b: int):
    if b == 0:
        return U
    if b == -1:
        return 0
    q = _div(a, b)
    return wrap(a - b * q)


def _truth(v):
    """True, False or U: an integer is true when nonzero."""
    if v is U:
        return U
    return v != 0


ARITH = {
    "*": lambda a, b: wrap(a * b),
    "/": _div,
    "%": _mod,
    "+": lambda a, b: wrap(a + b),
    "-": lambda a, b: wrap(a - b),
    # A shift outside 0..63 has no value; >> is arithmetic (values are signed).
    "<<": lambda a, b: U if b < 0 or b > 63 else wrap(a << b),
    ">>": lambda a, b: U if b < 0 or b > 63 else a >> b,
    "&": lambda a, b: a & b,
    "^": lambda a, b: a ^ b,
    "|": lambda a, b: a | b,
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    "<=": lambda a, b: int(a <= b),
    ">": lambda a, b: int(a > b),
    ">=": lambda a, b: int(a >= b),
}


def evaluate(e, fields: Dict[str, object], consts: Dict[str, object], env=None):
    """env: an automaton instance's variables and clock values (§2.4) by
    name, read by ("var", name) and ("clk", name); a clock without a value
    (an instant without ts) is unknown."""
    kind = e[0]
    if kind in ("int", "str"):
        return e[1]
    if kind == "field":
        return fields.get(e[1], U)
    if kind == "const":
        return consts[e[1]]
    if kind in ("var", "clk"):
        return env.get(e[1], U)
    if kind == "un":
        v = evaluate(e[2], fields, consts, env)
        if v is U:
            return U  # !unknown, ~unknown and -unknown are unknown
        return {"!": lambda x: int(x == 0), "~": lambda x: ~x,
                "-": lambda x: wrap(-x)}[e[1]](v)
    op, l, r = e[1], evaluate(e[2], fields, consts, env), evaluate(e[3], fields, consts, env)
    if op in ("&&", "||"):
        # Kleene: false && unknown = false, true || unknown = true.
        tl, tr = _truth(l), _truth(r)
        if op == "&&":
            if tl is False or tr is False:
                return 0
            return U if (tl is U or tr is U) else 1
        if tl is True or tr is True:
            return 1
        return U if (tl is U or tr is U) else 0
    if l is U or r is U:
        return U
    if isinstance(l, str) != isinstance(r, str):
        return U  # a string compared with an integer
    return ARITH[op](l, r)


def holds(e, fields, consts, env=None) -> bool:
    """A guard or filter holds only when its value is true."""
    return _truth(evaluate(e, fields, consts, env)) is True


# ---- spec --------------------------------------------------------------------

@dataclass
class Event:
    name: str
    fields: List[str] = field(default_factory=list)
    # Source event: (record name, {field: record member}) per `from` clause;
    # None means no `from` clause (records of the event's own name).
    sources: Optional[List[Tuple[str, Dict[str, str]]]] = None
    base: Optional[str] = None  # derived event: its base ...
    where: object = None        # ... and its filter


@dataclass
class Edge:
    src: str  # a state or "*"
    dst: str  # a state or "*" (stay)
    event: str
    guard: object = None
    # `do` actions, run in order, all reading the values before the step:
    # ("set", var, expr) | ("reset", clock)
    actions: List[tuple] = field(default_factory=list)


@dataclass
class Prop:
    name: str
    keys: List[str]
    # relation: (a, op, b, bound or None); a side is an event name or a
    # clock expression (see "clock expressions" below)
    rel: Optional[Tuple[object, str, object, Optional[int]]] = None
    # automaton
    initial: Optional[str] = None
    finals: Optional[List[str]] = None
    edges: List[Edge] = field(default_factory=list)
    start: Optional[Tuple[str, str]] = None  # ("on" | "with", event)
    after: Optional[str] = None              # "ignore" | "restart" | "stop"
    # extended and hybrid automata (§2.4)
    vars: List[Tuple[str, int]] = field(default_factory=list)  # name, initial
    clocks: List[str] = field(default_factory=list)
    invariants: Dict[str, Tuple[str, int]] = field(default_factory=dict)  # state: clk < D ns

    @property
    def is_automaton(self):
        return self.rel is None

    def edge_events(self):
        return {e.event for e in self.edges}

    def alphabet(self):
        if self.rel:
            return clock_events(self.rel[0]) | clock_events(self.rel[2])
        a = self.edge_events()
        if self.start:
            a.add(self.start[1])
        return a


@dataclass
class Spec:
    consts: List[Tuple[str, object]]  # in order; each may use the earlier ones
    events: List[Event]               # in order; a derived event after its base
    props: List[Prop]
    instants_timestamp: bool = False  # option instants = timestamp


@dataclass
class Record:
    name: str
    fields: Dict[str, Tuple[int, str]]  # member -> (value, text as written)
    ts: Optional[int] = None            # nanoseconds; None: the line's number in us


# ---- clock expressions (DESIGN.md §2.3, CCSL) ---------------------------------
#
# A side of a relation is an event name (a str) or a tuple:
#   (op, l, r) for op in "+", "*", "-", "inf", "sup", "sampledOn";
#   ("delayedFor", x, n); ("filteredBy", x, once, repeated) with binary words
#   as strs (repeated "" when the word has no "(...)").
# Their state is kept the CCSL way, as tick counts, by position in the tree.

def _operands(x):
    """The clock operands of an expression node (words and counts are not)."""
    return x[1:2] if x[0] in ("delayedFor", "filteredBy") else x[1:3]


def clock_events(x):
    if isinstance(x, str):
        return {x}
    return set().union(*(clock_events(y) for y in _operands(x)))


def rename_clock(x, old, new):
    if isinstance(x, str):
        return new if x == old else x
    ops = _operands(x)
    return (x[0],) + tuple(rename_clock(y, old, new) for y in ops) + x[1 + len(ops):]


def word_letter(once: str, repeated: str, k: int) -> bool:
    """Letter k (1-based) of the binary word once(repeated)^ω; past the end
    of a word without a repeated part: 0 (no more ticks)."""
    if k <= len(once):
        return once[k - 1] == "1"
    if not repeated:
        return False
    return repeated[(k - len(once) - 1) % len(repeated)] == "1"


def clock_ticks(x, names, state, new, path=()):
    """Does clock x tick in this instant (names: the events that tick and
    address the instance)?  state: node path -> its counts before the
    instant; the counts after it go to new."""
    if isinstance(x, str):
        return x in names
    op = x[0]
    if op in ("+", "*", "-", "inf", "sup", "sampledOn"):
        ta = clock_ticks(x[1], names, state, new, path + (1,))
        tb = clock_ticks(x[2], names, state, new, path + (2,))
        if op == "+":
            return ta or tb
        if op == "*":
            return ta and tb
        if op == "-":
            return ta and not tb
        if op in ("inf", "sup"):
            ca, cb = state.get(path, (0, 0))
            new[path] = (ca + ta, cb + tb)
            pick = max if op == "inf" else min  # chi_c = max / min of the two
            return pick(ca + ta, cb + tb) > pick(ca, cb)
        # sampledOn: with b, if a ticked since b's previous tick or now
        # (CCSL's non-strict sampling)
        seen = state.get(path, False)
        new[path] = False if tb else (seen or ta)
        return tb and (seen or ta)
    ta = clock_ticks(x[1], names, state, new, path + (1,))
    k = state.get(path, 0) + ta  # a's ticks so far, this one included
    new[path] = k
    if op == "delayedFor":  # c's j-th tick is a's (j+n)-th
        return ta and k > x[2]
    return ta and word_letter(x[2], x[3], k)  # filteredBy


# ---- running -------------------------------------------------------------------

@dataclass
class Instance:
    key: tuple
    lead: int = 0          # relation: chi(a) - chi(b) so far
    clocks: dict = field(default_factory=dict)  # relation: clock expression state
    state: Optional[str] = None  # automaton: None until started
    stopped: bool = False  # `after violation stop`
    vars: Dict[str, int] = field(default_factory=dict)
    resets: Dict[str, Optional[int]] = field(default_factory=dict)  # clock: ts of last reset
    inv_done: bool = False  # the current stay's invariant was reported
    due: List[int] = field(default_factory=list)  # `within`: open deadlines, oldest first


def const_values(spec: Spec):
    values = {}
    for name, e in spec.consts:
        values[name] = evaluate(e, {}, values)
    return values


def source_ticks(spec: Spec, rec: Record) -> Dict[str, Dict[str, object]]:
    """The source events bound to this record, each with its field values."""
    ticks = {}
    for ev in spec.events:
        if ev.base is not None:
            continue
        sources = ev.sources if ev.sources is not None else [(ev.name, {})]
        for recname, renames in sources:
            if recname == rec.name:  # first matching clause; one tick at most
                vals = {}
                for f in ev.fields:
                    member = renames.get(f, f)
                    vals[f] = rec.fields[member][0] if member in rec.fields else U
                ticks[ev.name] = vals
                break
    return ticks


def with_derived(spec: Spec, ticks, consts):
    """Add the derived events whose base ticks and whose filter holds."""
    ticks = dict(ticks)
    for ev in spec.events:
        if ev.base is not None:
            base = ticks.get(ev.base)
            if base is not None and holds(ev.where, base, consts):
                ticks[ev.name] = base  # a derived event has its base's fields
    return ticks


def ticks_of(spec: Spec, rec: Record, consts) -> Dict[str, Dict[str, object]]:
    """The events that tick at this record, each with its field values."""
    return with_derived(spec, source_ticks(spec, rec), consts)


def record_ts(n: int, rec: Record) -> int:
    """A record's ts in ns: its own, or n us for line n (render_trace's)."""
    return rec.ts if rec.ts is not None else n * 1000


def group_instants(spec: Spec, records: List[Record], consts):
    """[(line, ts, ticks)] per record, one item per instant.  Under `option
    instants = timestamp`, consecutive records with equal ts are one
    instant.  CHOICE: an event ticks once per instant with the first
    record's values (a later record's tick of the same source event, and so
    its derived events, is dropped); the instant is reported at its first
    record that binds an event; a record binding nothing joins the instant
    (or passes time) but opens none.  Returned as (time_line, line, ts,
    ticks): time_line is the record where input time reached ts."""
    out = []
    for n, rec in enumerate(records, 1):
        src = source_ticks(spec, rec)
        ts = record_ts(n, rec)
        if spec.instants_timestamp and out and out[-1][2] == ts:
            last = out[-1]
            merged = dict(last[4])
            for name, vals in src.items():
                merged.setdefault(name, vals)
            line = last[1] if last[1] is not None or not src else n
            out[-1] = (last[0], line, last[2], last[3], merged)
            continue
        out.append((n, n if src else None, ts, None, src))
    return [(tl, line, ts, with_derived(spec, src, consts))
            for tl, line, ts, _, src in out]


def _rel_violates(op, bound, lead, ta, tb) -> bool:
    if op == "precedes":  # chi_b(n) <= chi_a(n-1), and the bound
        return (tb and lead <= 0) or (bound is not None and lead + ta - tb > bound)
    if op == "causes":  # chi_b(n) <= chi_a(n)
        return lead + ta - tb < 0
    if op == "alternatesWith":
        # a precedes b: chi_b(n) <= chi_a(n-1), i.e. tb <= lead; and b precedes
        # a' (a delayed by one tick): chi_a(n) - 1 <= chi_b(n-1), i.e.
        # lead + ta <= 1.  So with a round open, {a b} together is a violation.
        return (tb and lead <= 0) or (lead + ta > 1)
    if op == "subclockOf":
        return ta and not tb
    if op == "excludes":
        return ta and tb
    if op == "coincidesWith":
        return ta != tb
    raise ValueError(op)


class Monitor:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.consts = const_values(spec)
        self.events = {e.name: e for e in spec.events}
        self.instances = [dict() for _ in spec.props]  # key -> Instance
        self.violations = []

    def _fresh(self, p: Prop, inst: Instance, ts):
        """The instance as at its creation: initial state, variables at
        their initial values, clocks starting now."""
        inst.state = p.initial
        inst.vars = dict(p.vars)
        inst.resets = {c: ts for c in p.clocks}
        inst.inv_done = False

    def _new_instance(self, p: Prop, key, ts):
        inst = Instance(key)
        if p.is_automaton and p.start is None:
            inst.state = p.initial  # without `start`: started at creation
        inst.vars = dict(p.vars)
        inst.resets = {c: ts for c in p.clocks}  # clocks start at creation
        return inst

    # ---- real time ----

    def time_passes(self, line: int, ts: int):
        """Input time reaches ts at record `line` (any record with a ts,
        bound or not).  CHOICE: a `within` deadline is passed when ts >
        deadline (b at exactly a + D meets it); an invariant `c < D` is
        broken when ts - reset(c) >= D (c == D already breaks c < D).  Each
        missed obligation is one violation, reported at this line; an
        invariant is reported once per stay in its state."""
        for pi, p in enumerate(self.spec.props):
            for key, inst in self.instances[pi].items():
                if p.rel and p.rel[1] == "within":
                    while inst.due and ts > inst.due[0]:
                        inst.due.pop(0)
                        self.violations.append((line, p.name, key))
                    continue
                deadline = self._invariant_deadline(p, inst)
                if deadline is not None and ts >= deadline:
                    inst.inv_done = True
                    self.violations.append((line, p.name, key))

    def _invariant_deadline(self, p: Prop, inst: Instance):
        """The armed deadline of the instance's state invariant, if any."""
        if not p.is_automaton or inst.stopped or inst.inv_done or inst.state not in p.invariants:
            return None
        clk, d = p.invariants[inst.state]
        return inst.resets[clk] + d

    # ---- instants ----

    def instant(self, lineno: int, ts: int, ticks):
        for pi, p in enumerate(self.spec.props):
            insts = self.instances[pi]
            whole, partial = [], []
            for name in sorted(p.alphabet()):
                if name not in ticks:
                    continue
                # A key field the event does not declare is unknown.
                key = tuple(ticks[name].get(k, U) for k in p.keys)
                (partial if any(v is U for v in key) else whole).append((name, key))
            addressed = {}  # key -> set of event names
            for name, key in whole:  # first the whole keys, which create
                if key not in insts:
                    insts[key] = self._new_instance(p, key, ts)
                addressed.setdefault(key, set()).add(name)
            for name, key in partial:  # then the partial ones, which reach
                for ikey in insts:
                    if all(v is U or v == iv for v, iv in zip(key, ikey)):
                        addressed.setdefault(ikey, set()).add(name)
            for ikey, names in addressed.items():
                if self._step(p, insts[ikey], names, ticks, ts):
                    self.violations.append((lineno, p.name, ikey))

    def _step(self, p: Prop, inst: Instance, names, ticks, ts) -> bool:
        """One step of one instance; True when it is a violation."""
        if p.rel:
            a, op, b, bound = p.rel
            if op == "within":
                # `a within D after b`.  CHOICE: in one instant, a first
                # meets the oldest open obligation (if any; none is fine),
                # then b opens one, due at ts + D.
                if a in names and inst.due:
                    inst.due.pop(0)
                if b in names:
                    inst.due.append(ts + bound)
                return False
            new = dict(inst.clocks)
            ta = int(clock_ticks(a, names, inst.clocks, new, (1,)))
            tb = int(clock_ticks(b, names, inst.clocks, new, (2,)))
            if _rel_violates(op, bound, inst.lead, ta, tb):
                # the instant is ignored: counts unchanged, the clock
                # expressions' included (it did not happen for the instance)
                return True
            inst.lead += ta - tb
            inst.clocks = new
            return False
        if inst.stopped:
            return False
        if inst.state is None:  # not started: wait for the start event
            how, ev = p.start
            if ev not in names:
                return False
            self._fresh(p, inst, ts)  # watching begins: variables and clocks too
            if how == "on":
                return False  # `start on`: that instant only starts it
        names = names & p.edge_events()
        if not names:
            return False  # no edge event for this instance: no step
        own = [e for e in p.edges if e.src == inst.state]
        star = [e for e in p.edges if e.src == "*"]
        # Guards and actions see the variables and the clocks' values
        # before the step.
        env = dict(inst.vars)
        env.update({c: ts - r for c, r in inst.resets.items()})
        for e in own + star:
            if e.event in names and (e.guard is None or
                                     holds(e.guard, ticks[e.event], self.consts, env)):
                self._act(p, inst, e, ticks[e.event], env, ts)
                return False
        if p.after == "restart":
            # Back to the start: a fresh instance (variables, clocks), or
            # waiting for the start event again.
            self._fresh(p, inst, ts)
            inst.state = p.initial if p.start is None else None
        elif p.after == "stop":
            inst.stopped = True
        return True

    def _act(self, p: Prop, inst: Instance, e: Edge, fields, env, ts):
        """Take edge e: its actions, all reading `env` (the values before
        the step); an assignment whose value is unknown leaves the variable
        as it was.  Leaving the state, or resetting the state invariant's
        clock, arms the invariant again."""
        for act in e.actions:
            if act[0] == "reset":
                inst.resets[act[1]] = ts
                if inst.state in p.invariants and p.invariants[inst.state][0] == act[1]:
                    inst.inv_done = False
            else:
                v = evaluate(act[2], fields, self.consts, env)
                if v is not U and not isinstance(v, str):
                    inst.vars[act[1]] = v
        if e.dst != "*" and e.dst != inst.state:
            inst.state = e.dst
            inst.inv_done = False

    def pending(self):
        out = []
        for pi, p in enumerate(self.spec.props):
            for key, inst in self.instances[pi].items():
                if p.rel:
                    if p.rel[1] == "alternatesWith" and inst.lead > 0:
                        out.append((p.name, key))
                    if p.rel[1] == "within" and inst.due:
                        out.append((p.name, key))
                    continue
                finals = p.finals if p.finals else [p.initial]
                if inst.stopped or inst.state is None:
                    continue
                # CHOICE: an armed invariant deadline is pending even in a
                # final state (DESIGN §2.6 lists it apart from "outside its
                # final states").
                if inst.state not in finals or self._invariant_deadline(p, inst) is not None:
                    out.append((p.name, key))
        return out


def verdicts(spec: Spec, records: List[Record]):
    """(sorted violations, sorted pending) of the spec on the records, the
    first record being input line 1."""
    m = Monitor(spec)
    for time_line, line, ts, ticks in group_instants(spec, records, m.consts):
        m.time_passes(time_line, ts)
        if ticks:
            m.instant(line, ts, ticks)
            # CHOICE: a deadline the instant itself set that its own time
            # has already passed (a state entered after its invariant's
            # clock ran out) is missed at this instant's line.
            if ts is not None:
                m.time_passes(line, ts)
    return sorted(m.violations), sorted(m.pending())
