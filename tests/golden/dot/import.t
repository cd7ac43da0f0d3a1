# Every Linux RV model under shared/linux-rv/models imports.  The plain
# automata lint clean.  stall and nomiss are hybrid: their clocks come from
# reset(clk) and the state invariants (clk < threshold_jiffies), whose bound
# is a parameter the spec binds after the model; unbound, the error names it
# at its DOT line (stall.dot:9) and points at the import.  Bound, with the
# fields nomiss's guards read declared, both lint clean.  opid's guards
# (irq_off == 1 ...) read fields its events do not declare yet; declared,
# the model imports.
# needs: shared
$ for m in wip wwnr sched/nrp sched/sco sched/scpd sched/sncid sched/snroc sched/sssw sched/sts sched/tss; do printf 'automaton m per cpu from "shared/linux-rv/models/%s.dot"\n' $m > m.sm; specmon lint m.sm && echo "$m: ok"; done
wip: ok
wwnr: ok
sched/nrp: ok
sched/sco: ok
sched/scpd: ok
sched/sncid: ok
sched/snroc: ok
sched/sssw: ok
sched/sts: ok
sched/tss: ok
$ printf 'automaton stall per pid from "shared/linux-rv/models/stall.dot"\n' > stall.sm; specmon lint stall.sm
shared/linux-rv/models/stall.dot:9:39: error: unbound parameter 'threshold_jiffies' of model shared/linux-rv/models/stall.dot: give it a value after the model: from "..." { threshold_jiffies = DURATION }
    \t"enqueued" [label = "enqueued\nclk < threshold_jiffies"];
                                           ^~~~~~~~~~~~~~~~~
stall.sm:1:30: note: the model is imported here
    automaton stall per pid from "shared/linux-rv/models/stall.dot"
                                 ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
[2]
$ printf 'automaton opid per cpu from "shared/linux-rv/models/sched/opid.dot"\n' > opid.sm; specmon lint opid.sm
shared/linux-rv/models/sched/opid.dot:8:47: error: 'irq_off' is neither a constant nor a field of event 'sched_need_resched' (none declared; built-in: ts, line, comm, pid, cpu)
    \t"any" -> "any" [ label = "sched_need_resched;irq_off == 1\nsched_waking;irq_off == 1 && preempt_off == 1" ];
                                                   ^~~~~~~
shared/linux-rv/models/sched/opid.dot:8:28: note: declare the fields this model's guards use, e.g. 'event sched_need_resched(FIELD)', to check them
    \t"any" -> "any" [ label = "sched_need_resched;irq_off == 1\nsched_waking;irq_off == 1 && preempt_off == 1" ];
                                ^~~~~~~~~~~~~~~~~~
shared/linux-rv/models/sched/opid.dot:8:74: error: 'irq_off' is neither a constant nor a field of event 'sched_waking' (none declared; built-in: ts, line, comm, pid, cpu)
    \t"any" -> "any" [ label = "sched_need_resched;irq_off == 1\nsched_waking;irq_off == 1 && preempt_off == 1" ];
                                                                              ^~~~~~~
shared/linux-rv/models/sched/opid.dot:8:90: error: 'preempt_off' is neither a constant nor a field of event 'sched_waking' (none declared; built-in: ts, line, comm, pid, cpu)
    \t"any" -> "any" [ label = "sched_need_resched;irq_off == 1\nsched_waking;irq_off == 1 && preempt_off == 1" ];
                                                                                              ^~~~~~~~~~~
shared/linux-rv/models/sched/opid.dot:8:61: note: declare the fields this model's guards use, e.g. 'event sched_waking(FIELD)', to check them
    \t"any" -> "any" [ label = "sched_need_resched;irq_off == 1\nsched_waking;irq_off == 1 && preempt_off == 1" ];
                                                                 ^~~~~~~~~~~~
[2]
$ printf 'event sched_need_resched(irq_off)\nevent sched_waking(irq_off, preempt_off)\nautomaton opid per cpu from "shared/linux-rv/models/sched/opid.dot"\n' > opid.sm; specmon lint opid.sm && echo ok
ok
$ printf 'automaton stall per pid from "shared/linux-rv/models/stall.dot" { threshold_jiffies = 4s }\n' > stall.sm; specmon lint stall.sm && echo ok
ok
$ printf 'event dl_throttle(pid, is_defer, is_constr_dl)\nautomaton nomiss per pid from "shared/linux-rv/models/deadline/nomiss.dot" { DEADLINE_NS = 10ms }\n' > nomiss.sm; specmon lint nomiss.sm && echo ok
ok
