# kprobe, kretprobe and tracepoint bindings match ftrace text as 'from ftrace'
# does, by the probe's event name; the verdicts are worked out by hand from
# the trace (see match.sm).
$ specmon check tests/golden/probes/match.sm tests/golden/probes/match.trace
tests/golden/probes/match.trace:5: 1.000300 violation of sw: set_status(dev=0, status=3) with no switch before it to match
  relation: switch precedes set_status   (tests/golden/probes/match.sm:8)
  allowed here: switch
  history of sw:
    tests/golden/probes/match.trace:2  1.000000  switch(prev=0, next=7)
    tests/golden/probes/match.trace:3  1.000100  set_status(dev=0, status=1)
tests/golden/probes/match.trace:6: 1.000400 violation of order: set_status(dev=0, status=7) while a set_status still waits for its status_read
  relation: set_status alternatesWith status_read   (tests/golden/probes/match.sm:7)
  allowed here: status_read
  history of order:
    tests/golden/probes/match.trace:3  1.000100  set_status(dev=0, status=1)
    tests/golden/probes/match.trace:4  1.000200  status_read(status=1)
    tests/golden/probes/match.trace:5  1.000300  set_status(dev=0, status=3)
tests/golden/probes/match.trace:6: 1.000400 violation of sw: set_status(dev=0, status=7) with no switch before it to match
  relation: switch precedes set_status   (tests/golden/probes/match.sm:8)
  allowed here: switch
  history of sw:
    tests/golden/probes/match.trace:2  1.000000  switch(prev=0, next=7)
    tests/golden/probes/match.trace:3  1.000100  set_status(dev=0, status=1)
    tests/golden/probes/match.trace:5  1.000300  set_status(dev=0, status=3)   violation, ignored
tests/golden/probes/match.trace:5: 1.000300 pending order: 1 set_status still waits for its status_read at the end of input
  history of order:
    tests/golden/probes/match.trace:3  1.000100  set_status(dev=0, status=1)
    tests/golden/probes/match.trace:4  1.000200  status_read(status=1)
    tests/golden/probes/match.trace:5  1.000300  set_status(dev=0, status=3)
    tests/golden/probes/match.trace:6  1.000400  set_status(dev=0, status=7)   violation, ignored
specmon: 6 lines, 5 events, 0 skipped lines; 3 violations, 1 pending
[1]
