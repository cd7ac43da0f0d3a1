# Missed-deadline reports (fixes after review).  By hand:
# expr-within: `(done + fail) within 150ms after start`, titled.  start(1)
#  at 1.0 opens an obligation due at 1.15; the unbound record at 3.0 passes
#  it: a violation at line 2, named by the expression as written, with the
#  rule line, and the deadline at the precision it needs (1.15, not the
#  opener's 1.0 precision).  done and fail never matched: two warnings.
# late-state: pid 1: go at 1.0 resets clk and enters a; next (line 2, no
#  ts) enters b, whose invariant clk < 1s is due at 2.0 (the reset's time
#  plus 1s); the unbound record at 9.0 passes it: a violation at line 3.
#  The record that entered b had no ts: "since" names it without a time,
#  and the deadline still prints (2.0); the JSON stays valid.  pid 2: go at
#  10.0 resets clk; next at 12.5 enters b after its invariant ran out
#  (due 11.0): missed at that same record, line 5.  Both end in b, not
#  final: pending.  stop never matched: a warning; line 2 had no ts: a
#  warning.
# An invariant bound of 0 with '<' can never hold: an error.
# An invariant bound written as a bare number is read as nanoseconds: a
# warning says so and how to write it (lint exits 0: warnings only).
$ specmon check --history 0 tests/golden/time/expr-within.sm tests/golden/time/expr-within.jsonl
tests/golden/time/expr-within.jsonl:2: 3.0 violation of resp[id=1]: missed deadline: no (done + fail) in time: (done + fail) within 150ms after start   (tests/golden/time/expr-within.sm:4)
  rule: R1: answer in time
  opened by: tests/golden/time/expr-within.jsonl:1  1.0
  deadline: 1.15, passed by this record
tests/golden/time/expr-within.sm:2: warning: event done matched no record
tests/golden/time/expr-within.sm:3: warning: event fail matched no record
specmon: 2 lines, 1 event, 0 skipped lines; 1 violation, 0 pending
specmon: 2 warnings
[1]
$ specmon check --json --history 0 tests/golden/time/expr-within.sm tests/golden/time/expr-within.jsonl | head -1
{"type":"violation","input":"tests/golden/time/expr-within.jsonl","line":2,"ts":3.0,"property":"resp","key":{"id":1},"rule":"R1: answer in time","reason":"no (done + fail) in time: (done + fail) within 150ms after start","deadline":1.15,"opened":{"input":"tests/golden/time/expr-within.jsonl","line":1,"ts":1.0},"passed_by":"this record","history":[]}
$ specmon check --history 0 tests/golden/time/late-state.sm tests/golden/time/late-state.jsonl
tests/golden/time/late-state.jsonl:3: 9.0 violation of a[pid=1]: missed deadline: stayed in b past its invariant clk < 1s   (tests/golden/time/late-state.sm:8)
  since: tests/golden/time/late-state.jsonl:2
  deadline: 2.0, passed by this record
tests/golden/time/late-state.jsonl:5: 12.5 violation of a[pid=2]: missed deadline: stayed in b past its invariant clk < 1s   (tests/golden/time/late-state.sm:8)
  since: tests/golden/time/late-state.jsonl:5  12.5
  deadline: 11.0, passed by this record
tests/golden/time/late-state.jsonl:2: pending a[pid=1]: in state b at the end of input, which is not final (final: idle)
tests/golden/time/late-state.jsonl:5: 12.5 pending a[pid=2]: in state b at the end of input, which is not final (final: idle)
tests/golden/time/late-state.sm:3: warning: event stop matched no record
specmon: warning: 1 record had no timestamp: it passed no deadline, and clocks were unknown there (guards over them did not hold)
specmon: 5 lines, 4 events, 0 skipped lines; 2 violations, 2 pending
specmon: 2 warnings
[1]
$ specmon check --json --history 0 tests/golden/time/late-state.sm tests/golden/time/late-state.jsonl | head -2
{"type":"violation","input":"tests/golden/time/late-state.jsonl","line":3,"ts":9.0,"property":"a","key":{"pid":1},"state":"b","reason":"stayed in b past its invariant clk < 1s","deadline":2.0,"opened":{"input":"tests/golden/time/late-state.jsonl","line":2},"passed_by":"this record","history":[]}
{"type":"violation","input":"tests/golden/time/late-state.jsonl","line":5,"ts":12.5,"property":"a","key":{"pid":2},"state":"b","reason":"stayed in b past its invariant clk < 1s","deadline":11.0,"opened":{"input":"tests/golden/time/late-state.jsonl","line":5,"ts":12.5},"passed_by":"this record","history":[]}
$ printf 'event e(pid)\nautomaton a per pid {\n  clock c\n  initial s\n  invariant s: c < 0s\n  s -> s on e\n}\n' > c.sm; specmon lint c.sm
c.sm:5:20: error: this bound leaves no time in the state: an invariant's bound must be above 0
      invariant s: c < 0s
                       ^~
[2]
$ printf 'event e(pid)\nautomaton a per pid {\n  clock c\n  initial s\n  invariant s: c < 400\n  s -> s on e\n}\n' > u.sm; specmon lint u.sm
u.sm:5:20: warning: a bound without a unit is read as nanoseconds: write 400ns, or give it in us, ms or s
      invariant s: c < 400
                       ^~~
