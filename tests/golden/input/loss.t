# Lost events are always reported at their line, counted, and named in every
# later violation of the input; --strict fails on them (DESIGN.md §2.6).
# d.trace, by hand: line 3 is a `trace` header with 4 entries in the buffer
# of 6 written, so 2 were overwritten; line 5 loses 3 (kernel note); line 7
# is the `annotate` note of a CPU buffer that overflowed (count unknown);
# line 9 is trace-cmd's note without a count.  init[dev=0] goes reset -> on
# at line 4; at line 6 status=1 in state on has no edge: a violation after 2
# losses counting 5 events, the first at line 3.  At line 8 dev=1 with
# status=0 in reset has no edge: by then 3 losses, one of unknown size, so
# "at least 5".  Both instances end in final states: nothing pending.
# --format auto decides ftrace at line 4 and still reports the header loss.
# e.trace: a loss alone, no violation: exit 0, but --strict fails.
# f.trace with --max-instances 1: dev=1 at line 2 would need a second
# instance of init: refused, reported at once at its line, and lines 2 and 3
# counted as not checked; --strict fails on it.
$ printf 'event set_status(dev, status)\nautomaton init per dev {\n  initial reset\n  final reset, on\n  reset -> on on set_status when status == 1\n  on -> reset on set_status when status == 0\n}\n' > d.sm
$ printf '# tracer: nop\n#\n# entries-in-buffer/entries-written: 4/6   #P:2\n  app-1 [000] ..... 1.0: set_status: dev=0 status=1\nCPU:1 [LOST 3 EVENTS]\n  app-1 [001] ..... 1.2: set_status: dev=0 status=1\n##### CPU 1 buffer started ####\n  app-1 [001] ..... 1.3: set_status: dev=1 status=0\nCPU:0 [EVENTS DROPPED]\n' > d.trace
$ specmon check d.sm d.trace
d.trace:3: warning: the ring buffer overwrote events before this trace was read: 2 events
d.trace:5: warning: events were lost here (ring buffer overrun): 3 events
d.trace:6: 1.2 violation of init[dev=0]: set_status(dev=0, status=1) in state on
  allowed here: set_status when status == 0   (d.sm:6)
  after a loss: 5 events lost in 2 places, the first at d.trace:3
  history of init[dev=0]:
    d.trace:4  1.0  set_status(status=1)   reset -> on
d.trace:7: warning: a CPU buffer starts here: its earlier events were overwritten
d.trace:8: 1.3 violation of init[dev=1]: set_status(dev=1, status=0) in state reset
  allowed here: set_status when status == 1   (d.sm:5)
  after a loss: at least 5 events lost in 3 places, the first at d.trace:3
d.trace:9: warning: events were lost here (ring buffer overrun)
specmon: 9 lines, 3 events, 0 skipped lines; 2 violations, 0 pending
specmon: events were lost in 4 places (5 counted): verdicts after a loss may be wrong
specmon: 4 warnings
[1]
$ specmon check --json --history 0 d.sm d.trace | grep -v '"type":"violation"'
{"type":"warning","kind":"loss","input":"d.trace","line":3,"events":2,"message":"the ring buffer overwrote events before this trace was read: 2 events"}
{"type":"warning","kind":"loss","input":"d.trace","line":5,"events":3,"message":"events were lost here (ring buffer overrun): 3 events"}
{"type":"warning","kind":"loss","input":"d.trace","line":7,"message":"a CPU buffer starts here: its earlier events were overwritten"}
{"type":"warning","kind":"loss","input":"d.trace","line":9,"message":"events were lost here (ring buffer overrun)"}
{"type":"summary","lines":9,"records":3,"events":3,"skipped":0,"comments":2,"violations":2,"pending":0,"stopped":false,"properties":[{"name":"init","instances":2,"violations":2,"pending":0,"refused":0,"coverage":[{"edge":"reset -> on on set_status when status == 1","spec":"d.sm:5","taken":1},{"edge":"on -> reset on set_status when status == 0","spec":"d.sm:6","taken":0}]}],"warnings":4,"losses":4,"lost_events":5,"pattern_limit":0}
$ specmon check --json --history 0 d.sm d.trace | grep -o '"after_loss":{[^}]*}'
"after_loss":{"first_line":3,"places":2,"events":5,"events_known":true}
"after_loss":{"first_line":3,"places":3,"events":5,"events_known":false}
$ printf '  app-1 [000] ..... 1.0: set_status: dev=0 status=1\nCPU:0 [LOST 1 EVENTS]\n' > e.trace; specmon check d.sm e.trace; specmon check --strict --quiet d.sm e.trace
e.trace:2: warning: events were lost here (ring buffer overrun): 1 event
specmon: 2 lines, 1 event, 0 skipped lines; 0 violations, 0 pending
specmon: events were lost in 1 place (1 counted): verdicts after a loss may be wrong
specmon: 1 warning
[1]
$ printf '  app-1 [000] ..... 1.0: set_status: dev=0 status=1\n  app-1 [000] ..... 1.1: set_status: dev=1 status=1\n  app-1 [000] ..... 1.2: set_status: dev=1 status=0\n' > f.trace; specmon check --max-instances 1 d.sm f.trace; specmon check --max-instances 1 --strict --quiet d.sm f.trace
f.trace:2: warning: --max-instances 1 reached for init: from here on, its events that need a new instance are not checked
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 0 pending
specmon: 2 events not checked: --max-instances reached
specmon: 1 warning
[1]
