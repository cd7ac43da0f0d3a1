# A plain automaton (no variables, clocks, `start`, nor guard or action on
# an event's edges) steps by a table of its moves per state, in a direct
# plan (engine.c, automaton_moves); a violation or a stopped instance goes
# the general way.  Three automata per dev on the same events: io (with a
# `*` edge and a `-> *` edge), once (`after violation stop`) and again
# (`after violation restart`).  By hand, dev=1:
#   1 req:   io idle -> busy, once ready -> used, again off -> on
#   2 done:  io busy -> idle, once used -> used, again on -> off
#   3 req:   io idle -> busy; once in used, no edge on req: a violation,
#            it stops; again off -> on
#   4 req:   io busy -> busy (busy -> *); once stopped; again in on, no
#            edge on req: a violation, back to off
#   5 done:  io busy -> idle; once stopped (its used -> used not taken);
#            again in off: a violation, back to off
#   6 done:  io in idle, no edge on done (the `*` edge is reset's): a
#            violation; once stopped; again in off: a violation
#   7 reset: io * -> idle
# dev=2, line 8 req: io idle -> busy, once ready -> used, again off -> on.
# At the end io[dev=2] (busy) and again[dev=2] (on) are pending; once[dev=1]
# stopped watching and is not.  5 violations, exit 1.
# The same again with `start on done` in each automaton: an instance waits
# for a done (the general way), then runs on the table.  By hand: dev=1
# starts at line 2 (a start, no step); at 4 once (in used) and again (in
# on) violate; at 5 again, waiting again, starts; at 6 io (in idle) and
# again (in off) violate; dev=2 never starts.  4 violations; nothing
# pending (waiting and stopped instances are not judged).
# Then the edges taken, counted from the steps above: io's idle -> busy 3
# (lines 1, 3, 8), busy -> idle 2 (2, 5), * -> idle 1 (7), busy -> * 1
# (4); once's ready -> used 2 (1, 8), used -> used 1 (2: not 5 or 6, once
# it stopped); again's off -> on 3 (1, 3, 8), on -> off 1 (2).
# Last, line 7's reset took io's `*` edge from idle: in the history of its
# next violation, * -> idle.
# One automaton alone on two events of two fields: a step keeps the
# event's values as its own (engine.c, own_origin), shown in the history
# (vq).  By hand: dev=1 req, done, then done in idle (a violation); dev=2
# req, then req in busy (a violation), done; dev=1 req, pending in busy.
# Last, each of the three specs with a guard on every edge that always
# holds (dev >= 0) steps the general way, edge by edge: the same report,
# but for the guard's text and the spec's name, with one thread and with
# two (the default for a file).  The guards are counted, so that a twin
# the same as its spec cannot pass: pa's edges are io's 4, once's 2 and
# again's 2, so 8 (pa-start's too: `start on` is no edge); one's 2.
$ printf 'event req(dev)\nevent done(dev)\nevent reset(dev)\nautomaton io per dev {\n    initial idle\n    final idle\n    idle -> busy on req\n    busy -> idle on done\n    * -> idle on reset\n    busy -> * on req\n}\nautomaton once per dev {\n    after violation stop\n    initial ready\n    final ready, used\n    ready -> used on req\n    used -> used on done\n}\nautomaton again per dev {\n    after violation restart\n    initial off\n    final off\n    off -> on on req\n    on -> off on done\n}\n' >pa.sm; n=0; for e in req:1 done:1 req:1 req:1 done:1 done:1 reset:1 req:2; do n=$((n + 1)); printf '     kworker/0:1-123    [000] d..1. 1.%06d: %s: dev=%s\n' $n ${e%:*} ${e#*:}; done >pa.trace; specmon check pa.sm pa.trace
pa.trace:3: 1.000003 violation of once[dev=1]: req(dev=1) in state used
  allowed here: done   (pa.sm:17)
  history of once[dev=1]:
    pa.trace:1  1.000001  req()   ready -> used
    pa.trace:2  1.000002  done()   used -> used
pa.trace:4: 1.000004 violation of again[dev=1]: req(dev=1) in state on
  allowed here: done   (pa.sm:24)
  history of again[dev=1]:
    pa.trace:1  1.000001  req()   off -> on
    pa.trace:2  1.000002  done()   on -> off
    pa.trace:3  1.000003  req()   off -> on
pa.trace:5: 1.000005 violation of again[dev=1]: done(dev=1) in state off
  allowed here: req   (pa.sm:23)
  history of again[dev=1]:
    pa.trace:1  1.000001  req()   off -> on
    pa.trace:2  1.000002  done()   on -> off
    pa.trace:3  1.000003  req()   off -> on
    pa.trace:4  1.000004  req()   violation, back to off
pa.trace:6: 1.000006 violation of io[dev=1]: done(dev=1) in state idle
  allowed here: req   (pa.sm:7)
  history of io[dev=1]:
    pa.trace:1  1.000001  req()   idle -> busy
    pa.trace:2  1.000002  done()   busy -> idle
    pa.trace:3  1.000003  req()   idle -> busy
    pa.trace:4  1.000004  req()   busy -> busy
    pa.trace:5  1.000005  done()   busy -> idle
pa.trace:6: 1.000006 violation of again[dev=1]: done(dev=1) in state off
  allowed here: req   (pa.sm:23)
  history of again[dev=1]:
    pa.trace:1  1.000001  req()   off -> on
    pa.trace:2  1.000002  done()   on -> off
    pa.trace:3  1.000003  req()   off -> on
    pa.trace:4  1.000004  req()   violation, back to off
    pa.trace:5  1.000005  done()   violation, back to off
pa.trace:8: 1.000008 pending io[dev=2]: in state busy at the end of input, which is not final (final: idle)
  history of io[dev=2]:
    pa.trace:8  1.000008  req()   idle -> busy
pa.trace:8: 1.000008 pending again[dev=2]: in state on at the end of input, which is not final (final: off)
  history of again[dev=2]:
    pa.trace:8  1.000008  req()   off -> on
specmon: 8 lines, 8 events, 0 skipped lines; 5 violations, 2 pending
[1]
$ sed 's/^\(automaton .*{\)$/\1\n    start on done/' pa.sm >pa-start.sm; specmon check pa-start.sm pa.trace 2>&1 | tail -n 1
specmon: 8 lines, 8 events, 0 skipped lines; 4 violations, 0 pending
$ specmon check --coverage pa.sm pa.trace 2>&1 | sed -n '/^coverage/,/^specmon/p' | sed '$d'
coverage of io: 4 of 4 edges taken
         3  idle -> busy on req   (pa.sm:7)
         2  busy -> idle on done   (pa.sm:8)
         1  * -> idle on reset   (pa.sm:9)
         1  busy -> * on req   (pa.sm:10)
coverage of once: 2 of 2 edges taken
         2  ready -> used on req   (pa.sm:16)
         1  used -> used on done   (pa.sm:17)
coverage of again: 2 of 2 edges taken
         3  off -> on on req   (pa.sm:23)
         1  on -> off on done   (pa.sm:24)
$ printf '     kworker/0:1-123    [000] d..1. 1.000009: done: dev=1\n' >>pa.trace; specmon check pa.sm pa.trace 2>/dev/null | sed -n '/^pa.trace:9: 1.000009 violation of io/,/^pa.trace:9: 1.000009 violation of again/p'
pa.trace:9: 1.000009 violation of io[dev=1]: done(dev=1) in state idle
  allowed here: req   (pa.sm:7)
  history of io[dev=1]:
    pa.trace:3  1.000003  req()   idle -> busy
    pa.trace:4  1.000004  req()   busy -> busy
    pa.trace:5  1.000005  done()   busy -> idle
    pa.trace:6  1.000006  done()   violation, ignored
    pa.trace:7  1.000007  reset()   * -> idle
pa.trace:9: 1.000009 violation of again[dev=1]: done(dev=1) in state off
$ printf 'event req(dev, vq)\nevent done(dev, vq)\nautomaton io per dev {\n    initial idle\n    final idle\n    idle -> busy on req\n    busy -> idle on done\n}\n' >one.sm; n=0; for e in req:1 done:1 done:1 req:2 req:2 done:2 req:1; do n=$((n + 1)); printf '     kworker/0:1-123    [000] d..1. 1.%06d: %s: dev=%s vq=%s\n' $n ${e%:*} ${e#*:} $n; done >one.trace; specmon check one.sm one.trace
one.trace:3: 1.000003 violation of io[dev=1]: done(dev=1, vq=3) in state idle
  allowed here: req   (one.sm:6)
  history of io[dev=1]:
    one.trace:1  1.000001  req(vq=1)   idle -> busy
    one.trace:2  1.000002  done(vq=2)   busy -> idle
one.trace:5: 1.000005 violation of io[dev=2]: req(dev=2, vq=5) in state busy
  allowed here: done   (one.sm:7)
  history of io[dev=2]:
    one.trace:4  1.000004  req(vq=4)   idle -> busy
one.trace:7: 1.000007 pending io[dev=1]: in state busy at the end of input, which is not final (final: idle)
  history of io[dev=1]:
    one.trace:1  1.000001  req(vq=1)   idle -> busy
    one.trace:2  1.000002  done(vq=2)   busy -> idle
    one.trace:3  1.000003  done(vq=3)   violation, ignored
    one.trace:7  1.000007  req(vq=7)   idle -> busy
specmon: 7 lines, 7 events, 0 skipped lines; 2 violations, 1 pending
[1]
$ for s in pa pa-start one; do case $s in one) tr=one.trace ;; *) tr=pa.trace ;; esac; sed '/->/s/ on \([a-z]*\)$/ on \1 when dev >= 0/' $s.sm >$s-g.sm; for t in 1 2; do specmon check --threads $t $s.sm $tr >plain.out 2>&1; specmon check --threads $t $s-g.sm $tr 2>&1 | sed "s/ when dev >= 0//; s/$s-g\.sm/$s.sm/" >guarded.out; cmp plain.out guarded.out && echo "$s, threads $t: the same, $(grep -c 'when dev >= 0' $s-g.sm) edges guarded"; done; done
pa, threads 1: the same, 8 edges guarded
pa, threads 2: the same, 8 edges guarded
pa-start, threads 1: the same, 8 edges guarded
pa-start, threads 2: the same, 8 edges guarded
one, threads 1: the same, 2 edges guarded
one, threads 2: the same, 2 edges guarded
