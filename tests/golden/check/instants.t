# One step per instance per instant (DESIGN.md §2.6).  Each sched_switch
# record ticks switch_out(prev_pid) and switch_in(next_pid), which address
# two different instances: both step.  By hand:
#  line 1: switch_out(0): pid 0 is new, in not_running, which has no
#          switch_out edge: violation.  switch_in(42): pid 42 -> running.
#  line 2: wakeup(42) while pid 42 runs: violation (the engine that stepped
#          each property once per record lost line 1's switch_in and so
#          never saw this one).
#  line 3: switch_out(42): running -> not_running; switch_in(0): pid 0
#          not_running -> running, where the trace ends: pending.
# A pending instance names the record that created or last stepped it
# (pending-where): line 1 finish(2): dev 2 idle -> done.  Line 2 poke(1)
# creates dev 1 in idle, which has no poke edge: a violation, ignored.
# Line 3 poke(2): done -> done.  At the end dev 1 is pending in idle, named
# by line 2, the record that created it (it never stepped); dev 2 is in
# done, final.
$ specmon check tests/golden/check/sched-switch.sm tests/golden/check/sched-switch.ftrace
tests/golden/check/sched-switch.ftrace:1: 100.000001 violation of wwnr[pid=0]: switch_out(pid=0) in state not_running
  allowed here: wakeup   (tests/golden/check/sched-switch.sm:8)
                switch_in   (tests/golden/check/sched-switch.sm:9)
tests/golden/check/sched-switch.ftrace:2: 100.000002 violation of wwnr[pid=42]: wakeup(pid=42) in state running
  allowed here: switch_out   (tests/golden/check/sched-switch.sm:10)
  history of wwnr[pid=42]:
    tests/golden/check/sched-switch.ftrace:1  100.000001  switch_in()   not_running -> running
tests/golden/check/sched-switch.ftrace:3: 100.000003 pending wwnr[pid=0]: in state running at the end of input, which is not final (final: not_running)
  history of wwnr[pid=0]:
    tests/golden/check/sched-switch.ftrace:1  100.000001  switch_out()   violation, ignored
    tests/golden/check/sched-switch.ftrace:3  100.000003  switch_in()   not_running -> running
specmon: 3 lines, 5 events, 0 skipped lines; 2 violations, 1 pending
[1]
$ specmon check --history 0 tests/golden/check/pending-where.sm tests/golden/check/pending-where.jsonl
tests/golden/check/pending-where.jsonl:2: violation of job[dev=1]: poke(dev=1) in state idle
  allowed here: finish   (tests/golden/check/pending-where.sm:8)
tests/golden/check/pending-where.jsonl:2: pending job[dev=1]: in state idle at the end of input, which is not final (final: done)
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 1 pending
[1]
