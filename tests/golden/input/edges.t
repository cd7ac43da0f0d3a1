# Input edges that used to pass silently, each worked out by hand:
# 1. Wide records: every member is kept (the field store grows), so f69, the
#    70th member of a JSON object and the 70th field of an ftrace record, is
#    read and keys the instance; f69 = 69 breaks `f69 < 10`: one violation
#    per input, both of the instance a[f69=69] (inputs share instances), so
#    the second shows the first in its history (key fields left out: e()).
# 2. `--format auto` on a trace-cmd report: its preamble (`version = 6`,
#    `CPU 0 is empty`, `cpus=2`) decides nothing, so the two sched_switch
#    records are read as ftrace even though the spec has a `from log` event
#    (before: the first line made it a log, 0 events).  oops never matched:
#    a warning.  switch causes oops: oops never ran ahead, no violation.
# 3. The same spec on a plain dmesg: the line is given to the `from log`
#    pattern: oops ticks with no switch before it, which breaks `causes`;
#    switch matched nothing.  The line has no final newline: it is judged
#    and named in a warning.
$ printf 'event e(f69)\nautomaton a per f69 { initial s\n s -> s on e when f69 < 10 }\n' > w.sm
$ { printf '{"event":"e"'; i=0; while [ $i -lt 70 ]; do printf ',"f%d":%d' $i $i; i=$((i+1)); done; printf '}\n'; } > w.jsonl; { printf '  app-1 [000] ..... 1.0: e:'; i=0; while [ $i -lt 70 ]; do printf ' f%d=%d' $i $i; i=$((i+1)); done; printf '\n'; } > w.trace
$ specmon check w.sm w.jsonl w.trace
w.jsonl:1: violation of a[f69=69]: e(f69=69) in state s
  allowed here: e when f69 < 10   (w.sm:3)
w.trace:1: 1.0 violation of a[f69=69]: e(f69=69) in state s
  allowed here: e when f69 < 10   (w.sm:3)
  history of a[f69=69]:
    w.jsonl:1  e()   violation, ignored
specmon: 2 lines, 2 events, 0 skipped lines; 2 violations, 0 pending
[1]
$ printf 'event switch(prev_pid) from ftrace sched_switch\nevent oops from log /Oops/\nproperty p: switch causes oops\n' > g.sm
$ printf 'version = 6\nCPU 0 is empty\ncpus=2\n          <idle>-0     [001]   100.000001: sched_switch:         prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=bash next_pid=42 next_prio=120\n            bash-42    [001]   100.000101: sched_switch:         prev_comm=bash prev_pid=42 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120\n' > g.txt
$ specmon check g.sm g.txt
g.sm:2: warning: event oops matched no record
specmon: 5 lines, 2 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ printf '[    5.000000] Oops: something' > k.log; specmon check g.sm k.log
k.log:1: 5.000000 violation of p: oops() with no switch before it to match
  relation: switch causes oops   (g.sm:3)
  allowed here: switch
k.log:1: warning: last line has no newline (it was read as a whole line)
g.sm:1: warning: event switch matched no record
specmon: 1 line, 1 event, 0 skipped lines; 1 violation, 0 pending
specmon: 2 warnings
[1]
