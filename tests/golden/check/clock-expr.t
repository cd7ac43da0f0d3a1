# CCSL clock expressions (DESIGN.md §2.3), one timeline per operator, worked
# by hand.  Each case checks `EXPR coincidesWith t`, t marking the instants
# where the timeline says EXPR ticks; the last record of each case is
# deliberately wrong, so the only violation is on that line.  One record is
# one instant; `ab` is a and b together, `at` a and t, and so on.
#
# a + b      line: 1  2  3  4      a:  x  .  x  x     a + b: x x x x
#            rec:  at bt abt a     b:  .  x  x  .     t:     x x x .  -> 4
# a * b      rec:  a  b  abt ab    a*b: . . x x       t: . . x .      -> 4
# a - b      rec:  at ab b  t      a-b: x . . .       t: x . . x      -> 4
# inf(a, b)  rec:  at b  bt a  abt b
#            χa:   1  1  1  2  3   3      χb: 0 1 2 2 3 4
#            max:  1  1  2  2  3   4  ticks when max grows: 1 3 5 6; t: 1 3 5 -> 6
# sup(a, b)  rec:  a  a  bt bt b  abt at at
#            χa:   1  2  2  2  2  3   4  5     χb: 0 0 1 2 3 4 4 4
#            min:  0  0  1  2  2  3   4  4  grows at 3 4 6 7; t also at 8 -> 8
# a delayedFor 2 per dev (each device its own count):
#            line: 1   2   3   4    5   6    7
#            rec:  a/1 a/2 a/1 at/1 a/2 at/2 a/1
#            a's k-th tick of its dev: 1 1 2 3 2 3 4; ticks from k = 3:
#            lines 4 6 7; t at 4 6 -> 7 [dev=1] (one shared count: 3)
# a filteredBy "0(01)": the word 0 01 01 01 ..., letter k for a's k-th tick
#            rec:  a  b  a  at a  at a  a
#            k:    1  -  2  3  4  5  6  7    letter: 0 - 0 1 0 1 0 1 -> 8
# a filteredBy "11": no repeated part, so nothing after the second letter
#            rec:  at at a  a  t     ticks 1 2 only; t at 5 alone -> 5
# a sampledOn b: with the first b after an a, an a with that b counting too
# (CCSL's non-strict sampledOn; TimeSquare's strict variant would not)
#            rec:  a  a  bt b  abt b  a  b
#            ticks:      3     5        8    t at 3 5 -> 8
$ sh tests/golden/check/clocks.sh 'property u: a + b coincidesWith t' at bt abt a
x.jsonl:4: violation of u: a() makes a + b tick without t in the same instant
  relation: a + b coincidesWith t   (x.sm:4)
  allowed here: both together
  history of u:
    x.jsonl:1  t()
    x.jsonl:2  t()
    x.jsonl:3  t()
specmon: 4 lines, 8 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sh tests/golden/check/clocks.sh 'property i: a * b coincidesWith t' a b abt ab
x.jsonl:4: violation of i: a() makes a * b tick without t in the same instant
  relation: a * b coincidesWith t   (x.sm:4)
  allowed here: both together
  history of i:
    x.jsonl:1  a()
    x.jsonl:2  b()
    x.jsonl:3  t()
specmon: 4 lines, 7 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sh tests/golden/check/clocks.sh 'property m: a - b coincidesWith t' at ab b t
x.jsonl:4: violation of m: t() without a - b in the same instant
  relation: a - b coincidesWith t   (x.sm:4)
  allowed here: both together
  history of m:
    x.jsonl:1  t()
    x.jsonl:2  a()
    x.jsonl:3  b()
specmon: 4 lines, 6 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sh tests/golden/check/clocks.sh 'property f: inf(a, b) coincidesWith t' at b bt a abt b
x.jsonl:6: violation of f: b() makes inf(a, b) tick without t in the same instant
  relation: inf(a, b) coincidesWith t   (x.sm:4)
  allowed here: both together
  history of f:
    x.jsonl:1  t()
    x.jsonl:2  b()
    x.jsonl:3  t()
    x.jsonl:4  a()
    x.jsonl:5  t()
specmon: 6 lines, 10 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sh tests/golden/check/clocks.sh 'property s: sup(a, b) coincidesWith t' a a bt bt b abt at at
x.jsonl:8: violation of s: t() without sup(a, b) in the same instant
  relation: sup(a, b) coincidesWith t   (x.sm:4)
  allowed here: both together
  history of s:
    x.jsonl:3  t()
    x.jsonl:4  t()
    x.jsonl:5  b()
    x.jsonl:6  t()
    x.jsonl:7  t()
specmon: 8 lines, 14 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ printf 'event a(dev) from json a from json at\nevent t(dev) from json t from json at\nproperty d per dev: a delayedFor 2 coincidesWith t\n' >d.sm; for r in a/1 a/2 a/1 at/1 a/2 at/2 a/1; do printf '{"event":"%s","dev":%s}\n' ${r%/*} ${r#*/}; done >d.jsonl; specmon check d.sm d.jsonl
d.jsonl:7: violation of d[dev=1]: a(dev=1) makes a delayedFor 2 tick without t in the same instant
  relation: a delayedFor 2 coincidesWith t   (d.sm:3)
  allowed here: both together
  history of d[dev=1]:
    d.jsonl:1  a()
    d.jsonl:3  a()
    d.jsonl:4  t()
specmon: 7 lines, 9 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sh tests/golden/check/clocks.sh 'property w: a filteredBy "0(01)" coincidesWith t' a b a at a at a a
x.jsonl:8: violation of w: a() makes a filteredBy "0(01)" tick without t in the same instant
  relation: a filteredBy "0(01)" coincidesWith t   (x.sm:4)
  allowed here: both together
  history of w:
    x.jsonl:3  a()
    x.jsonl:4  t()
    x.jsonl:5  a()
    x.jsonl:6  t()
    x.jsonl:7  a()
specmon: 8 lines, 10 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sh tests/golden/check/clocks.sh 'property w: a filteredBy "11" coincidesWith t' at at a a t
x.jsonl:5: violation of w: t() without a filteredBy "11" in the same instant
  relation: a filteredBy "11" coincidesWith t   (x.sm:4)
  allowed here: both together
  history of w:
    x.jsonl:1  t()
    x.jsonl:2  t()
    x.jsonl:3  a()
    x.jsonl:4  a()
x.sm:2: warning: event b matched no record
specmon: 5 lines, 7 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/check/clocks.sh 'property o: a sampledOn b coincidesWith t' a a bt b abt b a b
x.jsonl:8: violation of o: b() makes a sampledOn b tick without t in the same instant
  relation: a sampledOn b coincidesWith t   (x.sm:4)
  allowed here: both together
  history of o:
    x.jsonl:3  t()
    x.jsonl:4  b()
    x.jsonl:5  t()
    x.jsonl:6  b()
    x.jsonl:7  a()
specmon: 8 lines, 11 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ printf 'event a\nevent b\nproperty p: inf(a, b) causes a\n' >i.sm; awk 'BEGIN { for (i = 0; i < 65540; i++) print "{\"event\":\"a\"}" }' >i.jsonl; specmon check i.sm i.jsonl
i.jsonl:65537: warning: inf(a, b) in p: the two clocks' counts are more than 65536 apart (CCSL's inf is unbounded; checking goes on)
i.sm:2: warning: event b matched no record
specmon: 65540 lines, 65540 events, 0 skipped lines; 0 violations, 0 pending
specmon: 2 warnings
