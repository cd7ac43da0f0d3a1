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
