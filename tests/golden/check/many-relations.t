# Many relations on distinct events (the plans of bench/run.sh's dist100):
# 70 relations rNN per dev, each over its own q_NN and d_NN (140 record
# names, more than the 64 the reader's memo of names held at first),
# then `two` per (dev, vq) and `one` per dev, both over a and b (each
# event's plan has two steps; two's key is two fields).  Lines 1-140: q_00..q_69 then
# d_00..d_69, dev=1: every relation's lead goes 1, then 0.  Line 141: a
# second d_05 at lead 0, a violation of r05[dev=1].  Lines 142-143: q_10
# twice for dev=2: the second while the lead is 1, a violation, ignored,
# so r10[dev=2] ends pending with its lead 1.  Lines 144-148: a (vq 0),
# a (vq 1), b (vq 0), b (vq 0), b (vq 1): two[1,0] goes 1, 0, then the
# second b at lead 0 is a violation; two[1,1] goes 1, then 0 on line 148.
# one[1] counts every a and b of dev 1: 1, 2, 1, 0, and the b of line
# 148 at lead 0 is a violation (precedes: no b without an a before it).
$ awk 'BEGIN { for (k = 0; k < 70; k++) printf "event q_%02d(dev)\nevent d_%02d(dev)\nproperty r%02d per dev: q_%02d alternatesWith d_%02d\n", k, k, k, k, k; print "event a(dev, vq)\nevent b(dev, vq)\nproperty two per (dev, vq): a alternatesWith b\nproperty one per dev: a precedes b" }' >many.sm; awk 'BEGIN { p = "     kworker/0:1-123    [000] d..1. "; for (k = 0; k < 70; k++) printf "%s1.%06d: q_%02d: dev=1\n", p, k, k; for (k = 0; k < 70; k++) printf "%s2.%06d: d_%02d: dev=1\n", p, k, k; print p "3.000000: d_05: dev=1"; print p "3.000001: q_10: dev=2"; print p "3.000002: q_10: dev=2"; print p "4.000000: a: dev=1 vq=0"; print p "4.000001: a: dev=1 vq=1"; print p "4.000002: b: dev=1 vq=0"; print p "4.000003: b: dev=1 vq=0"; print p "4.000004: b: dev=1 vq=1" }' >many.trace; specmon check many.sm many.trace
many.trace:141: 3.000000 violation of r05[dev=1]: d_05(dev=1) with no q_05 before it to match
  relation: q_05 alternatesWith d_05   (many.sm:18)
  allowed here: q_05
  history of r05[dev=1]:
    many.trace:6  1.000005  q_05()
    many.trace:76  2.000005  d_05()
many.trace:143: 3.000002 violation of r10[dev=2]: q_10(dev=2) while a q_10 still waits for its d_10
  relation: q_10 alternatesWith d_10   (many.sm:33)
  allowed here: d_10
  history of r10[dev=2]:
    many.trace:142  3.000001  q_10()
many.trace:147: 4.000003 violation of two[dev=1, vq=0]: b(dev=1, vq=0) with no a before it to match
  relation: a alternatesWith b   (many.sm:213)
  allowed here: a
  history of two[dev=1, vq=0]:
    many.trace:144  4.000000  a()
    many.trace:146  4.000002  b()
many.trace:148: 4.000004 violation of one[dev=1]: b(dev=1, vq=1) with no a before it to match
  relation: a precedes b   (many.sm:214)
  allowed here: a
  history of one[dev=1]:
    many.trace:144  4.000000  a(vq=0)
    many.trace:145  4.000001  a(vq=1)
    many.trace:146  4.000002  b(vq=0)
    many.trace:147  4.000003  b(vq=0)
many.trace:142: 3.000001 pending r10[dev=2]: 1 q_10 still waits for its d_10 at the end of input
  history of r10[dev=2]:
    many.trace:142  3.000001  q_10()
    many.trace:143  3.000002  q_10()   violation, ignored
specmon: 148 lines, 148 events, 0 skipped lines; 4 violations, 1 pending
[1]
