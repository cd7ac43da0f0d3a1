# option instants = timestamp (DESIGN.md §2.6): consecutive records of an
# input with equal ts are one instant.  The ftrace trace, by hand:
#   instant 10.000001 = lines 1-2: {a, b}     reported as line 1
#   instant 10.000002 = line 3:    {c}
#   instant 10.000003 = lines 4-5: {a, c}     reported as line 4
#   instant 10.000004 = lines 6-7: {b, b}     no `per`: both b address the one
#                                             instance of same and of pair, which
#                                             see line 6's (k=3); line 7's is
#                                             counted, one warning per property
#                                             at the end (it used to be dropped
#                                             by the reader for the whole instant,
#                                             a warning at line 7: the verdicts
#                                             are the same, 8 events are checked)
#   line 8 binds nothing: it opens no instant (line 9 then reports itself)
#   instant 10.000005 = line 9:    {c}
# same (a coincidesWith b): 10.000001 holds (both tick); line 4 a without b,
#   line 6 b without a: violations.
# apart (a excludes c): line 4, a and c in one instant: violation.
# pair takes one step per instant: 10.000001 idle -> busy on a (idle has
#   edges on b and a; one of them, then nothing more); line 3 busy -> idle;
#   line 4 {a, c}: idle -> busy (idle has no c edge, and the step is one);
#   line 6 b in busy: violation; line 9 busy -> idle: final, nothing pending.
$ specmon check tests/golden/check/timestamp-instants.sm tests/golden/check/timestamp-instants.ftrace 2>&1
tests/golden/check/timestamp-instants.ftrace:4: 10.000003 violation of same: a(k=2) without b in the same instant
  relation: a coincidesWith b   (tests/golden/check/timestamp-instants.sm:5)
  allowed here: both together
  history of same:
    tests/golden/check/timestamp-instants.ftrace:1  10.000001  b(k=1)
tests/golden/check/timestamp-instants.ftrace:4: 10.000003 violation of apart: c() together with a in the same instant
  relation: a excludes c   (tests/golden/check/timestamp-instants.sm:6)
  allowed here: a, c
  history of apart:
    tests/golden/check/timestamp-instants.ftrace:1  10.000001  a(k=1)
    tests/golden/check/timestamp-instants.ftrace:3  10.000002  c()
tests/golden/check/timestamp-instants.ftrace:6: 10.000004 violation of same: b(k=3) without a in the same instant
  relation: a coincidesWith b   (tests/golden/check/timestamp-instants.sm:5)
  allowed here: both together
  history of same:
    tests/golden/check/timestamp-instants.ftrace:1  10.000001  b(k=1)
    tests/golden/check/timestamp-instants.ftrace:4  10.000003  a(k=2)   violation, ignored
tests/golden/check/timestamp-instants.ftrace:6: 10.000004 violation of pair: b(k=3) in state busy
  allowed here: c   (tests/golden/check/timestamp-instants.sm:11)
  history of pair:
    tests/golden/check/timestamp-instants.ftrace:1  10.000001  a(k=1)   idle -> busy
    tests/golden/check/timestamp-instants.ftrace:3  10.000002  c()   busy -> idle
    tests/golden/check/timestamp-instants.ftrace:4  10.000003  a(k=2)   idle -> busy
tests/golden/check/timestamp-instants.sm:5: warning: 1 event of same not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values
tests/golden/check/timestamp-instants.sm:7: warning: 1 event of pair not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values
specmon: 9 lines, 8 events, 0 skipped lines; 4 violations, 0 pending
specmon: 2 warnings
[1]
$ sed 1d tests/golden/check/timestamp-instants.sm > plain.sm; specmon check --history 0 plain.sm tests/golden/check/timestamp-instants.ftrace 2>&1
tests/golden/check/timestamp-instants.ftrace:1: 10.000001 violation of same: a(k=1) without b in the same instant
  relation: a coincidesWith b   (plain.sm:4)
  allowed here: both together
tests/golden/check/timestamp-instants.ftrace:2: 10.000001 violation of same: b(k=1) without a in the same instant
  relation: a coincidesWith b   (plain.sm:4)
  allowed here: both together
tests/golden/check/timestamp-instants.ftrace:2: 10.000001 violation of pair: b(k=1) in state busy
  allowed here: c   (plain.sm:10)
tests/golden/check/timestamp-instants.ftrace:4: 10.000003 violation of same: a(k=2) without b in the same instant
  relation: a coincidesWith b   (plain.sm:4)
  allowed here: both together
tests/golden/check/timestamp-instants.ftrace:6: 10.000004 violation of same: b(k=3) without a in the same instant
  relation: a coincidesWith b   (plain.sm:4)
  allowed here: both together
tests/golden/check/timestamp-instants.ftrace:7: 10.000004 violation of same: b(k=4) without a in the same instant
  relation: a coincidesWith b   (plain.sm:4)
  allowed here: both together
tests/golden/check/timestamp-instants.ftrace:7: 10.000004 violation of pair: b(k=4) in state busy
  allowed here: c   (plain.sm:10)
specmon: 9 lines, 8 events, 0 skipped lines; 7 violations, 0 pending
[1]
$ specmon check --history 0 tests/golden/check/timestamp-instants.sm tests/golden/check/timestamp-instants.jsonl 2>&1
tests/golden/check/timestamp-instants.jsonl:1: violation of same: a(k=1) without b in the same instant
  relation: a coincidesWith b   (tests/golden/check/timestamp-instants.sm:5)
  allowed here: both together
tests/golden/check/timestamp-instants.jsonl:2: violation of same: b(k=1) without a in the same instant
  relation: a coincidesWith b   (tests/golden/check/timestamp-instants.sm:5)
  allowed here: both together
tests/golden/check/timestamp-instants.jsonl:2: violation of pair: b(k=1) in state busy
  allowed here: c   (tests/golden/check/timestamp-instants.sm:11)
tests/golden/check/timestamp-instants.jsonl:3: 3.5 violation of pair: a(k=2) in state busy
  allowed here: c   (tests/golden/check/timestamp-instants.sm:11)
tests/golden/check/timestamp-instants.jsonl:5: violation of same: b(k=3) without a in the same instant
  relation: a coincidesWith b   (tests/golden/check/timestamp-instants.sm:5)
  allowed here: both together
tests/golden/check/timestamp-instants.jsonl:5: violation of pair: b(k=3) in state busy
  allowed here: c   (tests/golden/check/timestamp-instants.sm:11)
tests/golden/check/timestamp-instants.jsonl:6: 3.5 violation of same: a(k=3) without b in the same instant
  relation: a coincidesWith b   (tests/golden/check/timestamp-instants.sm:5)
  allowed here: both together
tests/golden/check/timestamp-instants.jsonl:6: 3.5 violation of pair: a(k=3) in state busy
  allowed here: c   (tests/golden/check/timestamp-instants.sm:11)
tests/golden/check/timestamp-instants.jsonl:1: pending pair: in state busy at the end of input, which is not final (final: idle)
tests/golden/check/timestamp-instants.sm:4: warning: event c matched no record
specmon: 6 lines, 6 events, 0 skipped lines; 8 violations, 1 pending
specmon: 1 warning
[1]
$ specmon check --json --strict tests/golden/check/timestamp-instants.sm tests/golden/check/timestamp-instants.ftrace | grep coincident
{"type":"warning","kind":"coincident","spec":"tests/golden/check/timestamp-instants.sm:5","property":"same","events":1,"message":"1 event of same not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values"}
{"type":"warning","kind":"coincident","spec":"tests/golden/check/timestamp-instants.sm:7","property":"pair","events":1,"message":"1 event of pair not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values"}
$ (printf '{"event":"a","k":1,"ts":1}\n'; sleep 1; printf '{"event":"b","k":1,"ts":1}\n') | specmon check --history 0 tests/golden/check/timestamp-instants.sm - 2>&1 | grep same
-:1: 1 violation of same: a(k=1) without b in the same instant
-:2: 1 violation of same: b(k=1) without a in the same instant
