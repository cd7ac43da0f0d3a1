# `returning ENTRY [per TASK]` (doc/language.md, "Returns and their
# entries"): a return record takes the fields it lacks from the latest open
# entry of its task.  pair.sm: a read must return its device's number times
# 16, so a read given to the wrong device is a violation.  Expected, by hand
# (trace line numbers):
#
# plain.trace: 2 takes dev 1 from 1 (0x10: fine); 4 takes dev 2 from 3 and
#   returns 0x21: answer[dev=2] at 4.
# nested.trace: one task enters dev 1 (1), then dev 2 (2) before returning:
#   3 closes the inner call (dev 2, 0x20: fine), 4 the outer one (dev 1,
#   0x20: a violation at 4).
# tasks.trace: tasks 100 and 200 interleave on two CPUs; each return pairs
#   with its own task's entry: 3 is dev 1's (fine), 4 dev 2's (0x10: a
#   violation at 4); task 100 enters on CPU 1 (6) and returns on CPU 0 (7):
#   still its own (dev 1, fine); 8 is dev 2's (fine).
# noentry.trace: 1 returns before any entry (a trace caught mid-call): a
#   warning, the read not matched; 2-3 pair.  --strict makes the warning
#   fail the run.
# unreturned.trace: 3 closes 2 (task 200); task 100's entries 1 and 4 stay
#   open: one warning at the end, placed at the first.
# loss.trace: entries 1 (task 100) and 2 (task 200), then events lost: both
#   let go (a return may be among the lost); 4 and 5 find no open entry
#   (warnings); 6-7 pair again and 7 (0x11 for dev 1) is a violation after
#   a loss.
$ specmon check tests/golden/pair/pair.sm tests/golden/pair/plain.trace
tests/golden/pair/plain.trace:4: 1.000004 violation of answer[dev=2]: read(dev=2, status=0x21) in state s
  allowed here: read when status == dev * 16   (tests/golden/pair/pair.sm:9)
specmon: 4 lines, 4 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/pair/pair.sm tests/golden/pair/nested.trace
tests/golden/pair/nested.trace:4: 1.000004 violation of answer[dev=1]: read(dev=1, status=0x20) in state s
  allowed here: read when status == dev * 16   (tests/golden/pair/pair.sm:9)
specmon: 4 lines, 4 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/pair/pair.sm tests/golden/pair/tasks.trace
tests/golden/pair/tasks.trace:4: 1.000004 violation of answer[dev=2]: read(dev=2, status=0x10) in state s
  allowed here: read when status == dev * 16   (tests/golden/pair/pair.sm:9)
specmon: 8 lines, 8 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/pair/pair.sm tests/golden/pair/noentry.trace
tests/golden/pair/noentry.trace:1: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
specmon: 3 lines, 2 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ specmon check --strict tests/golden/pair/pair.sm tests/golden/pair/noentry.trace
tests/golden/pair/noentry.trace:1: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
specmon: 3 lines, 2 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
[1]
$ specmon check --json tests/golden/pair/pair.sm tests/golden/pair/noentry.trace
{"type":"warning","kind":"unpaired-return","input":"tests/golden/pair/noentry.trace","line":1,"message":"read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched"}
{"type":"summary","lines":3,"records":3,"events":2,"skipped":0,"comments":0,"violations":0,"pending":0,"stopped":false,"properties":[{"name":"answer","instances":1,"violations":0,"pending":0,"refused":0,"coverage":[{"edge":"s -> s on read when status == dev * 16","spec":"tests/golden/pair/pair.sm:9","taken":1}]}],"warnings":1,"losses":0,"lost_events":0,"pattern_limit":0}
$ specmon check tests/golden/pair/pair.sm tests/golden/pair/unreturned.trace
tests/golden/pair/unreturned.trace:1: warning: 2 call entries never returned; the first is this one (task 100)
specmon: 4 lines, 4 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ specmon check tests/golden/pair/pair.sm tests/golden/pair/loss.trace
tests/golden/pair/loss.trace:3: warning: events were lost here (ring buffer overrun): 3 events
tests/golden/pair/loss.trace:3: warning: events were lost: the 2 open entries (of calls not returned yet) are let go, as their returns may be among the lost; a return after this with no entry is not matched
tests/golden/pair/loss.trace:4: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
tests/golden/pair/loss.trace:5: warning: read is a return of call, but no call of task 200 is open (the trace began inside the call, or its entry was lost): not matched
tests/golden/pair/loss.trace:7: 1.000007 violation of answer[dev=1]: read(dev=1, status=0x11) in state s
  allowed here: read when status == dev * 16   (tests/golden/pair/pair.sm:9)
  after a loss: 3 events lost at tests/golden/pair/loss.trace:3
specmon: 7 lines, 4 events, 0 skipped lines; 1 violation, 0 pending
specmon: events were lost in 1 place (3 counted): verdicts after a loss may be wrong
specmon: 4 warnings
[1]
