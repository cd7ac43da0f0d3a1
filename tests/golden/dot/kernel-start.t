# Traces captured mid-run, checked the way the kernel's own monitors run
# (DESIGN.md §2.4: `start on`, `after violation restart`).  By hand:
#
# wip per cpu, start on preempt_enable (wip-midrun.ftrace, cpu 0 only):
#  1 sched_waking: not started yet, ignored (preemption may be off: the
#    trace began inside a disabled section).
#  2 preempt_enable: starts the monitor in preemptive; no step.
#  3 sched_waking in preemptive: violation; restart: waits again.
#  4 preempt_disable: waiting, ignored.  5 preempt_enable: starts again.
#  6 preempt_disable: -> non_preemptive.  7 sched_waking: stays.
#  End in non_preemptive, not final: pending, named by line 7.
# The same model without the kernel's start rule starts in preemptive at
# line 1: sched_waking there (1), preempt_enable in preemptive (2) and
# sched_waking (3) are violations; the first two are false alarms.
#
# wwnr per pid, start on suspend = switch_out with prev_state S
# (wwnr-midrun.ftrace):
#  1 switch_out(42) R: not a suspension, 42 not started; switch_in(7):
#    7 not started.  2 wakeup(42): not started.
#  3 switch_out(7) S: starts 7 in not_running (no step); switch_in(42):
#    not started.  4 wakeup(7): not_running stays.
#  5 switch_out(42) S: starts 42; switch_in(7): 7 -> running.
#  6 wakeup(7) while running: violation; restart: 7 waits for a suspension.
#  7 switch_out(7) R: 7 waiting, ignored; switch_in(42): 42 -> running.
#  End: 42 running, not final: pending (line 7); 7 waiting: nothing.
# Without the start rule (wwnr-naive.sm) every instance starts at its first
# event: 1 switch_out(42) in not_running is a violation (a false alarm: 42
# was running when the trace began); switch_in(7) -> running.  2 wakeup(42)
# stays.  3 switch_out(7) -> not_running, switch_in(42) -> running.
# 4 wakeup(7) stays.  5 switch_out(42), switch_in(7) -> running.
# 6 wakeup(7) running: violation.  7 switch_out(7), switch_in(42) -> running:
# 42 pending.
# The specs name the models as shared/linux-rv/models/X.dot, relative to
# the spec's folder: they are copied to the top of the scratch folder.
# needs: shared
$ cp tests/golden/dot/wip-kernel.sm tests/golden/dot/wwnr-kernel.sm tests/golden/dot/wwnr-naive.sm .; specmon check --history 1 wip-kernel.sm tests/golden/dot/wip-midrun.ftrace
tests/golden/dot/wip-midrun.ftrace:3: 20.000003 violation of wip[cpu=0]: sched_waking() in state preemptive
  allowed here: preempt_disable   (shared/linux-rv/models/wip.dot:11)
  history of wip[cpu=0]:
    tests/golden/dot/wip-midrun.ftrace:2  20.000002  preempt_enable()   starts watching in preemptive
tests/golden/dot/wip-midrun.ftrace:7: 20.000007 pending wip[cpu=0]: in state non_preemptive at the end of input, which is not final (final: preemptive)
  history of wip[cpu=0]:
    tests/golden/dot/wip-midrun.ftrace:7  20.000007  sched_waking()   non_preemptive -> non_preemptive
specmon: 7 lines, 7 events, 0 skipped lines; 1 violation, 1 pending
[1]
$ printf 'automaton wip per cpu from "shared/linux-rv/models/wip.dot"\n' > wip.sm; specmon check --history 0 wip.sm tests/golden/dot/wip-midrun.ftrace
tests/golden/dot/wip-midrun.ftrace:1: 20.000001 violation of wip[cpu=0]: sched_waking() in state preemptive
  allowed here: preempt_disable   (shared/linux-rv/models/wip.dot:11)
tests/golden/dot/wip-midrun.ftrace:2: 20.000002 violation of wip[cpu=0]: preempt_enable() in state preemptive
  allowed here: preempt_disable   (shared/linux-rv/models/wip.dot:11)
tests/golden/dot/wip-midrun.ftrace:3: 20.000003 violation of wip[cpu=0]: sched_waking() in state preemptive
  allowed here: preempt_disable   (shared/linux-rv/models/wip.dot:11)
tests/golden/dot/wip-midrun.ftrace:7: 20.000007 pending wip[cpu=0]: in state non_preemptive at the end of input, which is not final (final: preemptive)
specmon: 7 lines, 7 events, 0 skipped lines; 3 violations, 1 pending
[1]
$ specmon check --history 2 wwnr-kernel.sm tests/golden/dot/wwnr-midrun.ftrace
tests/golden/dot/wwnr-midrun.ftrace:6: 30.000006 violation of wwnr[pid=7]: wakeup(pid=7) in state running
  allowed here: switch_out   (shared/linux-rv/models/wwnr.dot:11)
  history of wwnr[pid=7]:
    tests/golden/dot/wwnr-midrun.ftrace:4  30.000004  wakeup()   not_running -> not_running
    tests/golden/dot/wwnr-midrun.ftrace:5  30.000005  switch_in()   not_running -> running
tests/golden/dot/wwnr-midrun.ftrace:7: 30.000007 pending wwnr[pid=42]: in state running at the end of input, which is not final (final: not_running)
  history of wwnr[pid=42]:
    tests/golden/dot/wwnr-midrun.ftrace:5  30.000005  switch_out(prev_state=S)   starts watching in not_running
    tests/golden/dot/wwnr-midrun.ftrace:7  30.000007  switch_in()   not_running -> running
specmon: 7 lines, 11 events, 0 skipped lines; 1 violation, 1 pending
[1]
$ specmon check --history 0 wwnr-naive.sm tests/golden/dot/wwnr-midrun.ftrace
tests/golden/dot/wwnr-midrun.ftrace:1: 30.000001 violation of wwnr[pid=42]: switch_out(pid=42, prev_state=R) in state not_running
  allowed here: wakeup   (shared/linux-rv/models/wwnr.dot:8)
                switch_in   (shared/linux-rv/models/wwnr.dot:9)
tests/golden/dot/wwnr-midrun.ftrace:6: 30.000006 violation of wwnr[pid=7]: wakeup(pid=7) in state running
  allowed here: switch_out   (shared/linux-rv/models/wwnr.dot:11)
tests/golden/dot/wwnr-midrun.ftrace:7: 30.000007 pending wwnr[pid=42]: in state running at the end of input, which is not final (final: not_running)
specmon: 7 lines, 11 events, 0 skipped lines; 2 violations, 1 pending
[1]
