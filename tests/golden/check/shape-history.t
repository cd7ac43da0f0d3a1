# One history for the relations of a shape (engine.c, sm__unshare).  p, q
# and r see the same ticks (a and b per dev): p, the first, writes the
# steps they take alike and q and r read theirs from it, until one of them
# steps apart.  Each history below is what the property took, worked out
# by hand from the trace as if it were alone:
#   dev=1, lines 1-7: a b a a b b b.  p (alternation) takes 1-3, line 4 is
#   its violation (history 1-3), 5 a step, 6 and 7 violations.  q (a
#   precedes b) takes every line until 7, a b with no a to match: its
#   history 2-6, none a violation -- p's violation at 4 set it apart before
#   its own step.  r (b precedes a) violates at 1 (no history: its first
#   step) and at 4 (1 ignored, 2, 3).
#   dev=2, lines 8-10: a b b.  At 10 p violates, then q: both 8, 9.
#   dev=3, lines 11-13: b a a.  p and q violate at 11, their first step
#   (r, which takes it, keeps its own history from there); at 13 p and r
#   violate: p 11 (ignored), 12; r 11, 12.  p[dev=3] ends pending.
#
# A sharer still sharing at the end reads its pending report's history
# from its keeper's steps.  p and q alternate a and b per dev, and dev=1
# does a b a: neither steps apart, both end pending, each with the history
# it took alone, lines 1-3.  Exit 0: no violation.
$ printf 'event a(dev)\nevent b(dev)\nproperty p per dev: a alternatesWith b\nproperty q per dev: a precedes b\nproperty r per dev: b precedes a\n' >sh.sm; n=0; for e in a:1 b:1 a:1 a:1 b:1 b:1 b:1 a:2 b:2 b:2 b:3 a:3 a:3; do n=$((n + 1)); printf '     kworker/0:1-123    [000] d..1. 1.%06d: %s: dev=%s\n' $n ${e%:*} ${e#*:}; done >sh.trace; specmon check sh.sm sh.trace
sh.trace:1: 1.000001 violation of r[dev=1]: a(dev=1) with no b before it to match
  relation: b precedes a   (sh.sm:5)
  allowed here: b
sh.trace:4: 1.000004 violation of p[dev=1]: a(dev=1) while a a still waits for its b
  relation: a alternatesWith b   (sh.sm:3)
  allowed here: b
  history of p[dev=1]:
    sh.trace:1  1.000001  a()
    sh.trace:2  1.000002  b()
    sh.trace:3  1.000003  a()
sh.trace:4: 1.000004 violation of r[dev=1]: a(dev=1) with no b before it to match
  relation: b precedes a   (sh.sm:5)
  allowed here: b
  history of r[dev=1]:
    sh.trace:1  1.000001  a()   violation, ignored
    sh.trace:2  1.000002  b()
    sh.trace:3  1.000003  a()
sh.trace:6: 1.000006 violation of p[dev=1]: b(dev=1) with no a before it to match
  relation: a alternatesWith b   (sh.sm:3)
  allowed here: a
  history of p[dev=1]:
    sh.trace:1  1.000001  a()
    sh.trace:2  1.000002  b()
    sh.trace:3  1.000003  a()
    sh.trace:4  1.000004  a()   violation, ignored
    sh.trace:5  1.000005  b()
sh.trace:7: 1.000007 violation of p[dev=1]: b(dev=1) with no a before it to match
  relation: a alternatesWith b   (sh.sm:3)
  allowed here: a
  history of p[dev=1]:
    sh.trace:2  1.000002  b()
    sh.trace:3  1.000003  a()
    sh.trace:4  1.000004  a()   violation, ignored
    sh.trace:5  1.000005  b()
    sh.trace:6  1.000006  b()   violation, ignored
sh.trace:7: 1.000007 violation of q[dev=1]: b(dev=1) with no a before it to match
  relation: a precedes b   (sh.sm:4)
  allowed here: a
  history of q[dev=1]:
    sh.trace:2  1.000002  b()
    sh.trace:3  1.000003  a()
    sh.trace:4  1.000004  a()
    sh.trace:5  1.000005  b()
    sh.trace:6  1.000006  b()
sh.trace:8: 1.000008 violation of r[dev=2]: a(dev=2) with no b before it to match
  relation: b precedes a   (sh.sm:5)
  allowed here: b
sh.trace:10: 1.000010 violation of p[dev=2]: b(dev=2) with no a before it to match
  relation: a alternatesWith b   (sh.sm:3)
  allowed here: a
  history of p[dev=2]:
    sh.trace:8  1.000008  a()
    sh.trace:9  1.000009  b()
sh.trace:10: 1.000010 violation of q[dev=2]: b(dev=2) with no a before it to match
  relation: a precedes b   (sh.sm:4)
  allowed here: a
  history of q[dev=2]:
    sh.trace:8  1.000008  a()
    sh.trace:9  1.000009  b()
sh.trace:11: 1.000011 violation of p[dev=3]: b(dev=3) with no a before it to match
  relation: a alternatesWith b   (sh.sm:3)
  allowed here: a
sh.trace:11: 1.000011 violation of q[dev=3]: b(dev=3) with no a before it to match
  relation: a precedes b   (sh.sm:4)
  allowed here: a
sh.trace:13: 1.000013 violation of p[dev=3]: a(dev=3) while a a still waits for its b
  relation: a alternatesWith b   (sh.sm:3)
  allowed here: b
  history of p[dev=3]:
    sh.trace:11  1.000011  b()   violation, ignored
    sh.trace:12  1.000012  a()
sh.trace:13: 1.000013 violation of r[dev=3]: a(dev=3) with no b before it to match
  relation: b precedes a   (sh.sm:5)
  allowed here: b
  history of r[dev=3]:
    sh.trace:11  1.000011  b()
    sh.trace:12  1.000012  a()
sh.trace:12: 1.000012 pending p[dev=3]: 1 a still waits for its b at the end of input
  history of p[dev=3]:
    sh.trace:11  1.000011  b()   violation, ignored
    sh.trace:12  1.000012  a()
    sh.trace:13  1.000013  a()   violation, ignored
specmon: 13 lines, 13 events, 0 skipped lines; 13 violations, 1 pending
[1]
$ printf 'event a(dev)\nevent b(dev)\nproperty p per dev: a alternatesWith b\nproperty q per dev: a alternatesWith b\n' >two.sm; printf '     kworker/0:1-123    [000] d..1. 2.%06d: %s: dev=1\n' 1 a 2 b 3 a >two.trace; specmon check two.sm two.trace
two.trace:3: 2.000003 pending p[dev=1]: 1 a still waits for its b at the end of input
  history of p[dev=1]:
    two.trace:1  2.000001  a()
    two.trace:2  2.000002  b()
    two.trace:3  2.000003  a()
two.trace:3: 2.000003 pending q[dev=1]: 1 a still waits for its b at the end of input
  history of q[dev=1]:
    two.trace:1  2.000001  a()
    two.trace:2  2.000002  b()
    two.trace:3  2.000003  a()
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 2 pending
