# Reclamation (DESIGN.md §2.5) and what it cannot know in advance.  rd is
# per dev; dev=1 does one request and its completion (lines 1-2), then
# dev=2 does 40000 (lines 3-80002).  After line 2, rd[dev=1] is as new
# (lead 0, nothing pending): it is reclaimed once 65536 instants have
# passed and the history log (4096 steps with --history 1) no longer holds
# its steps, long before line 80003.  rd[dev=2] steps on every line and
# stays.  Line 80003 is a virtio_done without dev: an event that lacks
# the key reaches every live instance (JavaMOP) -- rd[dev=2], whose lead
# is 0, so a b with no a before it: a violation.  rd[dev=1], had it been
# kept, would have been violated as well; it was reclaimed, so a warning
# says that the event did not reach the reclaimed instance (one), and
# that rd reclaims no more.  The history of rd[dev=2] is its last step,
# line 80002 (--history 1).  Exit 1: a violation.
#
# An instance with a deadline to come is not as new, however long it
# waits.  q per dev: `done within 10s after req`; dev=1's req at line 1
# (1 s) opens a deadline at 11 s.  idle steps dev=2 on lines 2-80003
# but 75002-75003 (a pair of lines every 0.0002 s, up to 8.9998 s): from
# line 65537 on, 65536 instants after line 1, an instance as new would
# have gone.  Lines 75002-75003, at 8.5 s, are dev=4's req and done: a
# new instance of q, met at once (it would take the slot of dev=1's, had
# that gone).  Line 80004 at 20 s
# passes the 11 s: q[dev=1]'s deadline is missed there, opened by line 1;
# its req is no longer in the log (4096 steps with --history 1).  dev=3's
# n is pending at the end.  Exit 1: a violation.
$ awk 'BEGIN { p = "     kworker/0:1-123    [000] d..1. "; print p "1.000001: virtio_req: dev=1"; print p "1.000002: virtio_done: dev=1"; for (i = 0; i < 40000; i++) { print p "2.000000: virtio_req: dev=2"; print p "2.000000: virtio_done: dev=2" }; print p "3.000000: virtio_done: vq=0" }' >p.trace; printf 'event virtio_req(dev)\nevent virtio_done(dev)\nproperty rd per dev: virtio_req alternatesWith virtio_done\n' >rd.sm; specmon check --history 1 rd.sm p.trace
p.trace:80003: warning: an event without all the key fields of rd: it reaches the instances that agree, but not the 1 reclaimed before (as new, they were let go); rd reclaims no more
p.trace:80003: 3.000000 violation of rd[dev=2]: virtio_done() with no virtio_req before it to match
  relation: virtio_req alternatesWith virtio_done   (rd.sm:3)
  allowed here: virtio_req
  history of rd[dev=2]:
    p.trace:80002  2.000000  virtio_done()
specmon: 80003 lines, 80003 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ awk 'BEGIN { p = "     kworker/0:1-123    [000] d..1. "; print p "1.000000: req: dev=1"; for (i = 0; i < 40000; i++) { t = sprintf("%d.%06d", 1 + int(i / 5000), (i % 5000) * 200); if (i == 37500) { print p t ": req: dev=4"; print p t ": done: dev=4" }; print p t ": n: dev=2"; print p t ": m: dev=2" }; print p "20.000000: n: dev=3" }' >d.trace; printf 'event req(dev)\nevent done(dev)\nevent n(dev)\nevent m(dev)\nproperty q per dev: done within 10s after req\nproperty idle per dev: n alternatesWith m\n' >d.sm; specmon check --history 1 d.sm d.trace
d.trace:80004: 20.000000 violation of q[dev=1]: missed deadline: no done in time: done within 10s after req   (d.sm:5)
  opened by: d.trace:1  1.000000
  deadline: 11.000000, passed by this record
  history of q[dev=1]:
    (earlier steps no longer kept: the history log is bounded)
d.trace:80004: 20.000000 pending idle[dev=3]: 1 n still waits for its m at the end of input
  history of idle[dev=3]:
    d.trace:80004  20.000000  n()
specmon: 80004 lines, 80004 events, 0 skipped lines; 1 violation, 1 pending
[1]
