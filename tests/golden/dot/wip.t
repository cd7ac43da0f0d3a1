# wip ("wakeup in preemptive"): sched_waking is allowed only while
# preemption is disabled.  Per cpu, from the ftrace cpu column.  By hand:
#  cpu0: preempt_disable (-> non_preemptive), sched_waking (stay),
#        preempt_enable (-> preemptive), sched_waking: violation, line 4
#  cpu1: sched_waking in the initial state preemptive: violation, line 5
#  cpu0: preempt_disable again; the trace ends in non_preemptive, which is
#        not final: pending
# needs: shared
$ printf 'automaton wip per cpu from "shared/linux-rv/models/wip.dot"\n' > wip.sm; specmon check --history 2 wip.sm tests/golden/dot/wip.ftrace
tests/golden/dot/wip.ftrace:4: 10.000004 violation of wip[cpu=0]: sched_waking() in state preemptive
  allowed here: preempt_disable   (shared/linux-rv/models/wip.dot:11)
  history of wip[cpu=0]:
    tests/golden/dot/wip.ftrace:2  10.000002  sched_waking()   non_preemptive -> non_preemptive
    tests/golden/dot/wip.ftrace:3  10.000003  preempt_enable()   non_preemptive -> preemptive
tests/golden/dot/wip.ftrace:5: 10.000005 violation of wip[cpu=1]: sched_waking() in state preemptive
  allowed here: preempt_disable   (shared/linux-rv/models/wip.dot:11)
tests/golden/dot/wip.ftrace:6: 10.000006 pending wip[cpu=0]: in state non_preemptive at the end of input, which is not final (final: preemptive)
  history of wip[cpu=0]:
    tests/golden/dot/wip.ftrace:4  10.000004  sched_waking()   violation, ignored
    tests/golden/dot/wip.ftrace:6  10.000006  preempt_disable()   preemptive -> non_preemptive
specmon: 6 lines, 6 events, 0 skipped lines; 2 violations, 1 pending
[1]
