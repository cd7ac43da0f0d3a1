# The kernel's hybrid models (clocks, invariants, resets, guards) run as the
# kernel's monitors do, on traces built by hand.  Verdicts by hand:
#
# stall per pid, threshold_jiffies = 4s, start on sched_switch_wait,
# after violation restart (stall-kernel.sm, stall.ftrace):
#  1 100.0 switch 42(S) -> 7: wait for 42 starts it in dequeued (no step);
#    switch_in(7): 7 not started.
#  2 100.5 wakeup(42): dequeued -> enqueued, clk reset: leave by 104.5.
#  3 101.0 switch 7(R+) -> 42: preempt(7): not started; switch_in(42):
#    enqueued -> running after 0.5 s, in time.
#  4 102.0 switch 42(R+) -> 7: preempt(42): running -> enqueued, reset:
#    leave by 106.0; switch_in(7): not started.
#  5 103.0 switch 7(S) -> 9: wait for 7 starts it; switch_in(9): not started.
#  6 107.0 wakeup(7): a record about 7 passes 42's deadline 106.0: violation
#    of stall[pid=42] (since line 4, deadline 106.0), then 42 restarts
#    (waits for a wait).  7: dequeued -> enqueued, reset: leave by 111.0.
#  7 108.0 switch 9(I) -> 7: wait starts 9; switch_in(7): running after
#    1 s, in time (the stall that does not exceed its threshold).
#  8 109.0 switch 7(S) -> 42: 7 running -> dequeued; switch_in(42): 42 waits.
#  End: 7 and 9 in dequeued (final), 42 not started: 1 violation, 0 pending.
#
# nomiss per pid, DEADLINE_NS = 10ms, start with sched_switch_in,
# after violation restart (nomiss-kernel.sm, nomiss.jsonl):
#  1 1.000 switch_in(5): starts 5 in ready, its clock at 1.000, and steps to
#    running (clk < 10ms: leave by 1.010).
#  2 1.004 suspend(5): running -> sleeping, in time (no invariant there).
#  3 1.100 replenish(5): sleeping -> ready, reset: by 1.110.
#  4 1.102 switch_in(5): ready -> running, no reset: still by 1.110.
#  5 1.105 throttle(5): running -> throttled (no guard there).
#  6 1.200 replenish(5): throttled -> ready, reset: by 1.210.
#  7 1.203 switch_in(5): -> running, by 1.210.
#  8 1.215 switch_in(6) passes 1.210: violation of nomiss[pid=5] (since
#    line 6, deadline 1.210); 5 restarts.  6 starts: ready -> running, clock
#    at 1.215, by 1.225.
#  9 1.220 suspend(6): running -> sleeping: deadline met.
# 10 1.230 throttle(6) in sleeping, is_constr_dl == 1: the guard holds:
#    -> throttled.
# 11 1.300 replenish(6): -> ready, reset: by 1.310.
#  End: 6 in ready, final, but its deadline 1.310 is still to come: pending.
#  dl_server_idle, dl_server_stop and sched_wakeup match no record: warnings.
#
# opid per cpu (opid-kernel.sm, opid.jsonl): 1 waking on cpu 0 with irqs
# and preemption off: allowed.  2 need_resched with irqs off: allowed.
# 3 waking on cpu 1 with preemption on: violation.  4 need_resched with irqs
# on: violation.  5 waking on cpu 0 without preempt_off: the guard has no
# value, the edge is not taken: violation.  3 violations.
#
# Mistakes (exit 2): no value for threshold_jiffies (named at its DOT
# line); a misspelt binding (did you mean), which leaves the parameter
# unbound too; a bare number compared with the clock; nomiss's guards
# without the fields they read.
# needs: shared
$ cp tests/golden/dot/stall-kernel.sm tests/golden/dot/nomiss-kernel.sm tests/golden/dot/opid-kernel.sm .; specmon check --history 3 stall-kernel.sm tests/golden/dot/stall.ftrace
tests/golden/dot/stall.ftrace:6: 107.000000 violation of stall[pid=42]: missed deadline: stayed in enqueued past its invariant clk < threshold_jiffies   (shared/linux-rv/models/stall.dot:9)
  since: tests/golden/dot/stall.ftrace:4  102.000000
  deadline: 106.000000, passed by this record
  history of stall[pid=42]:
    tests/golden/dot/stall.ftrace:2  100.500000  sched_wakeup()   dequeued -> enqueued
    tests/golden/dot/stall.ftrace:3  101.000000  sched_switch_in()   enqueued -> running
    tests/golden/dot/stall.ftrace:4  102.000000  switch_out(prev_state=R+)   running -> enqueued
specmon: 8 lines, 14 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check --history 0 nomiss-kernel.sm tests/golden/dot/nomiss.jsonl
tests/golden/dot/nomiss.jsonl:8: 1.215 violation of nomiss[pid=5]: missed deadline: stayed in running past its invariant clk < DEADLINE_NS()   (shared/linux-rv/models/deadline/nomiss.dot:24)
  since: tests/golden/dot/nomiss.jsonl:6  1.200
  deadline: 1.210, passed by this record
tests/golden/dot/nomiss.jsonl:11: 1.300 pending nomiss[pid=6]: in final state ready at the end of input, with a deadline at 1.310
shared/linux-rv/models/deadline/nomiss.dot:13: warning: event dl_server_idle matched no record
shared/linux-rv/models/deadline/nomiss.dot:16: warning: event dl_server_stop matched no record
shared/linux-rv/models/deadline/nomiss.dot:20: warning: event sched_wakeup matched no record
specmon: 11 lines, 11 events, 0 skipped lines; 1 violation, 1 pending
specmon: 3 warnings
[1]
$ specmon check --history 0 opid-kernel.sm tests/golden/dot/opid.jsonl
tests/golden/dot/opid.jsonl:3: 5.000003 violation of opid[cpu=1]: sched_waking(irq_off=1, preempt_off=0) in state any
  allowed here: sched_need_resched when irq_off == 1   (shared/linux-rv/models/sched/opid.dot:8)
                sched_waking when irq_off == 1 && preempt_off == 1   (shared/linux-rv/models/sched/opid.dot:8)
tests/golden/dot/opid.jsonl:4: 5.000004 violation of opid[cpu=1]: sched_need_resched(irq_off=0) in state any
  allowed here: sched_need_resched when irq_off == 1   (shared/linux-rv/models/sched/opid.dot:8)
                sched_waking when irq_off == 1 && preempt_off == 1   (shared/linux-rv/models/sched/opid.dot:8)
tests/golden/dot/opid.jsonl:5: 5.000005 violation of opid[cpu=0]: sched_waking(irq_off=1) in state any
  allowed here: sched_need_resched when irq_off == 1   (shared/linux-rv/models/sched/opid.dot:8)
                sched_waking when irq_off == 1 && preempt_off == 1   (shared/linux-rv/models/sched/opid.dot:8)
specmon: 5 lines, 5 events, 0 skipped lines; 3 violations, 0 pending
[1]
$ printf 'automaton stall per pid from "shared/linux-rv/models/stall.dot"\n' > s.sm; specmon lint s.sm
shared/linux-rv/models/stall.dot:9:39: error: unbound parameter 'threshold_jiffies' of model shared/linux-rv/models/stall.dot: give it a value after the model: from "..." { threshold_jiffies = DURATION }
    \t"enqueued" [label = "enqueued\nclk < threshold_jiffies"];
                                           ^~~~~~~~~~~~~~~~~
s.sm:1:30: note: the model is imported here
    automaton stall per pid from "shared/linux-rv/models/stall.dot"
                                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
[2]
$ printf 'automaton stall per pid from "shared/linux-rv/models/stall.dot" {\n    treshold_jiffies = 4s\n}\n' > s.sm; specmon lint s.sm
shared/linux-rv/models/stall.dot:9:39: error: unbound parameter 'threshold_jiffies' of model shared/linux-rv/models/stall.dot: give it a value after the model: from "..." { threshold_jiffies = DURATION }
    \t"enqueued" [label = "enqueued\nclk < threshold_jiffies"];
                                           ^~~~~~~~~~~~~~~~~
s.sm:1:30: note: the model is imported here
    automaton stall per pid from "shared/linux-rv/models/stall.dot" {
                                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
s.sm:2:5: error: model shared/linux-rv/models/stall.dot has no parameter 'treshold_jiffies' (did you mean 'threshold_jiffies'?)
        treshold_jiffies = 4s
        ^~~~~~~~~~~~~~~~
[2]
$ printf 'automaton stall per pid from "shared/linux-rv/models/stall.dot" { threshold_jiffies = 1000 }\n' > s.sm; specmon lint s.sm
s.sm:1:87: error: parameter 'threshold_jiffies' is compared with a clock: give its value a unit (ns, us, ms or s), e.g. threshold_jiffies = 4s
    automaton stall per pid from "shared/linux-rv/models/stall.dot" { threshold_jiffies = 1000 }
                                                                                          ^~~~
[2]
$ printf 'automaton nomiss per pid from "shared/linux-rv/models/deadline/nomiss.dot" { DEADLINE_NS = 10ms }\n' > n.sm; specmon lint n.sm 2>&1 | grep error
shared/linux-rv/models/deadline/nomiss.dot:23:48: error: 'is_defer' is neither a constant nor a field of event 'dl_throttle' (none declared; built-in: ts, line, comm, pid, cpu)
shared/linux-rv/models/deadline/nomiss.dot:33:51: error: 'is_constr_dl' is neither a constant nor a field of event 'dl_throttle' (none declared; built-in: ts, line, comm, pid, cpu)
shared/linux-rv/models/deadline/nomiss.dot:33:72: error: 'is_defer' is neither a constant nor a field of event 'dl_throttle' (none declared; built-in: ts, line, comm, pid, cpu)
