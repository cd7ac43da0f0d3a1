# Deadlines: `within` obligations and state invariants (DESIGN.md §2.3,
# §2.4).  A deadline is missed as soon as input time passes it: at the
# first later record with a `ts`, bound to an event or not.  In order:
#
# 1. within.sm: `done within 1s after start`, per id.  Its trace:
#   1 1.0 start id=1: obligation, met by 2.0
#   2 1.5 start id=2: met by 2.5
#   3 2.0 done id=2: meets id=2's (2.0 does not pass id=1's 2.0)
#   4 2.1 "other", no event of the spec: its ts passes 2.0, so id=1 is
#     reported here, naming line 1 that opened it
#   5 2.5 start id=3: met by 3.5;  6 3.5 done id=3: exactly on time, met
#   7 3.6 start id=4: met by 4.6; input ends at 3.6, before it: pending
#   One violation (exit 1), one pending.  2. The same in JSON.
# 3. A `done` without an open obligation is no violation; two starts open
#    two obligations met first in, first out: the second `done` (1.9) meets
#    the second start's (1.2 + 1s = 2.2): nothing missed (exit 0).
# 4. `a` and `b` in one instant (both bound to the record `req`): `b` meets
#    an obligation opened before, then `a` opens its own.  Line 1 (1.0):
#    nothing to meet, one opened, due 2.0.  Line 2 (1.5): meets it, a second
#    opened, due 2.5.  The input ends at 1.5: pending (exit 0).
# 5. An opener without a `ts` opens nothing, and says so (a warning); the
#    record passed no deadline either (a second warning).
# 6. stall.sm is DESIGN's `stall` automaton (`invariant enqueued: clk < 4s`).
#   pid=1: 1 wakeup at 1.0: enqueued, clk reset, must leave before 5.0;
#     2 switch_in at 4.9: running, in time;  3 preempt at 5.0: enqueued,
#     reset, must leave before 9.0;  5 "tick" at 9.0 (no event): clk
#     reaches 4s, the invariant breaks: reported at line 5, since line 3;
#     6 switch_in at 9.0: running (the violation was ignored); the input
#     ends in running, not final: pending.
#   pid=2: 4 wakeup at 6.0: before 10.0;  7 switch_in at 10.5 passes it:
#     reported at line 7 before the step, which then is taken;  8 wait:
#     dequeued, final.
#   pid=3: 9 wakeup at 12.0: enqueued at the end, deadline 16.0: pending.
#   Two violations, two pending (exit 1).
# 7. Clocks in guards: `when clk < 10ms` holds 5 ms after the reset (line
#    2), not 20 ms after it (line 4: no edge, a violation).  A record without
#    a `ts` (line 5) leaves the clock unknown, so the guard does not hold
#    there either (a second violation), and a warning says so once.  It ends
#    in busy: pending (exit 1).
# 8. Mistakes (exit 2): a duration without its unit, `after` missing, an
#    invariant that is not `CLOCK < BOUND`, an unknown clock in reset(), a
#    name that is both a clock and a variable.  A state that only an
#    invariant names is a state all the same, on no edge: a lint warning
#    (exit 0).
$ specmon check tests/golden/time/within.sm tests/golden/time/within.jsonl
tests/golden/time/within.jsonl:4: 2.1 violation of resp[id=1]: missed deadline: no done in time: done within 1s after start   (tests/golden/time/within.sm:3)
  opened by: tests/golden/time/within.jsonl:1  1.0
  deadline: 2.0, passed by this record
  history of resp[id=1]:
    tests/golden/time/within.jsonl:1  1.0  start()
tests/golden/time/within.jsonl:7: 3.6 pending resp[id=4]: 1 start still waits for its done at the end of input, with a deadline at 4.6
  history of resp[id=4]:
    tests/golden/time/within.jsonl:7  3.6  start()
specmon: 7 lines, 6 events, 0 skipped lines; 1 violation, 1 pending
[1]
$ specmon check --json tests/golden/time/within.sm tests/golden/time/within.jsonl
{"type":"violation","input":"tests/golden/time/within.jsonl","line":4,"ts":2.1,"property":"resp","key":{"id":1},"reason":"no done in time: done within 1s after start","deadline":2.0,"opened":{"input":"tests/golden/time/within.jsonl","line":1,"ts":1.0},"passed_by":"this record","history":[{"input":"tests/golden/time/within.jsonl","line":1,"ts":1.0,"event":"start","fields":{"id":1}}]}
{"type":"pending","input":"tests/golden/time/within.jsonl","line":7,"ts":3.6,"property":"resp","key":{"id":4},"reason":"1 start still waits for its done at the end of input, with a deadline at 4.6","history":[{"input":"tests/golden/time/within.jsonl","line":7,"ts":3.6,"event":"start","fields":{"id":4}}]}
{"type":"summary","lines":7,"records":7,"events":6,"skipped":0,"comments":0,"violations":1,"pending":1,"stopped":false,"properties":[{"name":"resp","instances":4,"violations":1,"pending":1,"refused":0}],"warnings":0,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
$ printf 'event start(id)\nevent done(id)\nproperty resp per id: done within 1s after start\n' > s.sm; printf '{"event":"done","id":1,"ts":0.5}\n{"event":"start","id":1,"ts":1.0}\n{"event":"start","id":1,"ts":1.2}\n{"event":"done","id":1,"ts":1.5}\n{"event":"done","id":1,"ts":1.9}\n' > t.jsonl; specmon check s.sm t.jsonl
specmon: 5 lines, 5 events, 0 skipped lines; 0 violations, 0 pending
$ printf 'event start(id) from json req\nevent done(id) from json req\nproperty p per id: done within 1s after start\n' > b.sm; printf '{"event":"req","id":1,"ts":1.0}\n{"event":"req","id":1,"ts":1.5}\n' > b.jsonl; specmon check b.sm b.jsonl
b.jsonl:2: 1.5 pending p[id=1]: 1 start still waits for its done at the end of input, with a deadline at 2.5
  history of p[id=1]:
    b.jsonl:1  1.0  done()
    b.jsonl:2  1.5  done()
specmon: 2 lines, 4 events, 0 skipped lines; 0 violations, 1 pending
$ printf '{"event":"start","id":1}\n' > t.jsonl; specmon check s.sm t.jsonl
s.sm:2: warning: event done matched no record
s.sm:3: warning: 1 event of resp had no timestamp: it opened no obligation
specmon: warning: 1 record had no timestamp: it passed no deadline, and clocks were unknown there (guards over them did not hold)
specmon: 1 line, 1 event, 0 skipped lines; 0 violations, 0 pending
specmon: 3 warnings
$ specmon check tests/golden/time/stall.sm tests/golden/time/stall.jsonl
tests/golden/time/stall.jsonl:5: 9.0 violation of stall[pid=1]: missed deadline: stayed in enqueued past its invariant clk < 4s   (tests/golden/time/stall.sm:8)
  since: tests/golden/time/stall.jsonl:3  5.0
  deadline: 9.0, passed by this record
  history of stall[pid=1]:
    tests/golden/time/stall.jsonl:1  1.0  sched_wakeup()   dequeued -> enqueued
    tests/golden/time/stall.jsonl:2  4.9  sched_switch_in()   enqueued -> running
    tests/golden/time/stall.jsonl:3  5.0  sched_switch_preempt()   running -> enqueued
tests/golden/time/stall.jsonl:7: 10.5 violation of stall[pid=2]: missed deadline: stayed in enqueued past its invariant clk < 4s   (tests/golden/time/stall.sm:8)
  since: tests/golden/time/stall.jsonl:4  6.0
  deadline: 10.0, passed by this record
  history of stall[pid=2]:
    tests/golden/time/stall.jsonl:4  6.0  sched_wakeup()   dequeued -> enqueued
tests/golden/time/stall.jsonl:6: 9.0 pending stall[pid=1]: in state running at the end of input, which is not final (final: dequeued)
  history of stall[pid=1]:
    tests/golden/time/stall.jsonl:1  1.0  sched_wakeup()   dequeued -> enqueued
    tests/golden/time/stall.jsonl:2  4.9  sched_switch_in()   enqueued -> running
    tests/golden/time/stall.jsonl:3  5.0  sched_switch_preempt()   running -> enqueued
    tests/golden/time/stall.jsonl:6  9.0  sched_switch_in()   enqueued -> running
tests/golden/time/stall.jsonl:9: 12.0 pending stall[pid=3]: in state enqueued at the end of input, which is not final (final: dequeued), with a deadline at 16.0
  history of stall[pid=3]:
    tests/golden/time/stall.jsonl:9  12.0  sched_wakeup()   dequeued -> enqueued
specmon: 9 lines, 8 events, 0 skipped lines; 2 violations, 2 pending
[1]
$ printf 'event req(id)\nevent ack(id)\nautomaton fast per id {\n  clock clk\n  initial idle\n  idle -> busy on req do reset(clk)\n  busy -> idle on ack when clk < 10ms\n}\n' > s.sm; printf '{"event":"req","id":1,"ts":1.000}\n{"event":"ack","id":1,"ts":1.005}\n{"event":"req","id":1,"ts":2.000}\n{"event":"ack","id":1,"ts":2.020}\n{"event":"ack","id":1}\n' > t.jsonl; specmon check s.sm t.jsonl
t.jsonl:4: 2.020 violation of fast[id=1]: ack(id=1) in state busy
  allowed here: ack when clk < 10ms   (s.sm:7)
  history of fast[id=1]:
    t.jsonl:1  1.000  req()   idle -> busy
    t.jsonl:2  1.005  ack()   busy -> idle
    t.jsonl:3  2.000  req()   idle -> busy
t.jsonl:5: violation of fast[id=1]: ack(id=1) in state busy
  allowed here: ack when clk < 10ms   (s.sm:7)
  history of fast[id=1]:
    t.jsonl:1  1.000  req()   idle -> busy
    t.jsonl:2  1.005  ack()   busy -> idle
    t.jsonl:3  2.000  req()   idle -> busy
    t.jsonl:4  2.020  ack()   violation, ignored
t.jsonl:3: 2.000 pending fast[id=1]: in state busy at the end of input, which is not final (final: idle)
  history of fast[id=1]:
    t.jsonl:1  1.000  req()   idle -> busy
    t.jsonl:2  1.005  ack()   busy -> idle
    t.jsonl:3  2.000  req()   idle -> busy
    t.jsonl:4  2.020  ack()   violation, ignored
    t.jsonl:5  ack()   violation, ignored
specmon: warning: 1 record had no timestamp: it passed no deadline, and clocks were unknown there (guards over them did not hold)
specmon: 5 lines, 5 events, 0 skipped lines; 2 violations, 1 pending
specmon: 1 warning
[1]
$ printf 'event a\nevent b\nproperty p: b within 100 after a\n' > s.sm; specmon lint s.sm
s.sm:3:22: error: expected a duration with its unit (ns, us, ms or s) after 'within', found '100'
    property p: b within 100 after a
                         ^~~
[2]
$ printf 'event a\nevent b\nproperty p: b within 100ms of a\n' > s.sm; specmon lint s.sm
s.sm:3:28: error: expected 'after' and the event that opens the obligation, found 'of'
    property p: b within 100ms of a
                               ^~
[2]
$ printf 'event a\nautomaton m {\n  clock c\n  initial s\n  invariant s: c > 4s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:5:16: error: expected an invariant of the form 'CLOCK < DURATION' or 'CLOCK <= DURATION', with a clock declared by 'clock'
      invariant s: c > 4s
                   ^~~~~~
[2]
$ printf 'event a\nautomaton m {\n  clock c\n  initial s\n  invariant t: c < 4s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
specmon: warning: state 't' is on no edge
$ printf 'event a\nautomaton m {\n  clock c\n  initial s\n  s -> s on a do reset(d)\n}\n' > s.sm; specmon lint s.sm
s.sm:5:24: error: unknown clock 'd' in reset() (declare it with 'clock d')
      s -> s on a do reset(d)
                           ^
[2]
$ printf 'event a\nautomaton m {\n  clock c\n  var c = 0\n  initial s\n  s -> s on a do c = 1\n}\n' > s.sm; specmon lint s.sm
s.sm:3:9: error: 'c' is already declared as a variable of this automaton
      clock c
            ^
[2]
