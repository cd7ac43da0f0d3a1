# Variables and actions (DESIGN.md §2.4).  Every case, in order:
#
# 1. kick-owed.sm is DESIGN's kick_owed (VirtIO 1.3 §2.7.10.1) with
# need_event(e, new, old) = u16(new - e - 1) < u16(new - old) written out
# with `& 0xffff`.  Its trace crosses the u16 wrap, for dev=0 vq=1:
#   1 publish new=65534            cur := 65534
#   2 decide e=65533: u16(65534-65533-1)=0 < u16(65534-0)=65534, true:
#     idle -> owed, last := cur = 65534
#   3 notify                       owed -> idle
#   4 publish new=1 (the wrap)     cur := 1
#   5 decide e=5: u16(1-5-1)=65531 < u16(1-65534)=3 is false, so the
#     second edge: idle -> idle, last := 1 (nothing owed: 5 not crossed)
#   6 publish new=3                cur := 3
#   7 decide e=1: u16(3-1-1)=1 < u16(3-1)=2, true: idle -> owed, last := 3
#   8 publish new=4 in owed: no edge -> the one violation (exit 1)
#   9 notify                       owed -> idle, final: nothing pending
#    kick-owed-design.sm is DESIGN's example itself (`def need_event` and
#    `u16`), with the title: the same verdicts on the same trace.
# 2. Actions read the values before the step: `a = b, b = a` swaps.  From
#    a=1, b=2, one `swap` gives a=2, b=1, so `check when a == 2 && b == 1`
#    holds and the instance reaches final `ok` (exit 0).  Sequential
#    assignment would give a=2, b=2: a violation.
# 3. An assignment whose value is unknown (field `v` missing on line 2)
#    keeps the variable (x stays 7, so `check when x == 7` holds on line 3),
#    and is counted in a warning at the end (exit 0).
# 4. Initial values are constant expressions: `y = x` is an error (x is a
#    variable, not a constant).  Then errors for a repeated variable, a
#    variable named like a field of the automaton's event, one named like a
#    constant, a string initial value; an assignment to a field, to a
#    constant, to an unknown variable (with a suggestion); reset() of a
#    variable; an action that is not an assignment; `do` without an action.
#    All exit 2, each at its own line:column.
$ specmon check tests/golden/time/kick-owed.sm tests/golden/time/kick-owed.jsonl
tests/golden/time/kick-owed.jsonl:8: violation of kick_owed[dev=0, vq=1]: avail_publish(dev=0, vq=1, new=4) in state owed
  allowed here: notify   (tests/golden/time/kick-owed.sm:11)
  history of kick_owed[dev=0, vq=1]:
    tests/golden/time/kick-owed.jsonl:3  notify()   owed -> idle
    tests/golden/time/kick-owed.jsonl:4  avail_publish(new=1)   idle -> idle
    tests/golden/time/kick-owed.jsonl:5  kick_decide(avail_event=5)   idle -> idle
    tests/golden/time/kick-owed.jsonl:6  avail_publish(new=3)   idle -> idle
    tests/golden/time/kick-owed.jsonl:7  kick_decide(avail_event=1)   idle -> owed
specmon: 9 lines, 9 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/time/kick-owed-design.sm tests/golden/time/kick-owed.jsonl
tests/golden/time/kick-owed.jsonl:8: violation of kick_owed[dev=0, vq=1]: avail_publish(dev=0, vq=1, new=4) in state owed
  rule: VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed
  allowed here: notify   (tests/golden/time/kick-owed-design.sm:11)
  history of kick_owed[dev=0, vq=1]:
    tests/golden/time/kick-owed.jsonl:3  notify()   owed -> idle
    tests/golden/time/kick-owed.jsonl:4  avail_publish(new=1)   idle -> idle
    tests/golden/time/kick-owed.jsonl:5  kick_decide(avail_event=5)   idle -> idle
    tests/golden/time/kick-owed.jsonl:6  avail_publish(new=3)   idle -> idle
    tests/golden/time/kick-owed.jsonl:7  kick_decide(avail_event=1)   idle -> owed
specmon: 9 lines, 9 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ printf 'event swap\nevent check\nautomaton m {\n  var a = 1, b = 2\n  initial s\n  final ok\n  s -> s on swap do a = b, b = a\n  s -> ok on check when a == 2 && b == 1\n}\n' > s.sm; printf '{"event":"swap"}\n{"event":"check"}\n' > t.jsonl; specmon check s.sm t.jsonl
specmon: 2 lines, 2 events, 0 skipped lines; 0 violations, 0 pending
$ printf 'event set(v)\nevent check\nautomaton m {\n  var x = 0\n  initial s\n  s -> s on set do x = v\n  s -> s on check when x == 7\n}\n' > s.sm; printf '{"event":"set","v":7}\n{"event":"set"}\n{"event":"check"}\n' > t.jsonl; specmon check s.sm t.jsonl
s.sm:3: warning: 1 action of m had no value (a missing field, or a division by zero): its variable kept its value
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ printf 'const N = 4\nevent a(v)\nautomaton m {\n  var x = N * 2, y = x\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:4:22: error: unknown constant 'x' (constants can use only constants declared before them)
      var x = N * 2, y = x
                         ^
[2]
$ printf 'event a(v)\nautomaton m {\n  var x = 0, x = 1\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:14: error: 'x' is already declared as a variable of this automaton
      var x = 0, x = 1
                 ^
[2]
$ printf 'event a(v)\nautomaton m {\n  var v = 0\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:7: error: 'v' is already a field of event 'a'; give the variable or clock another name
      var v = 0
          ^
[2]
$ printf 'const v = 1\nevent a\nautomaton m {\n  var v = 0\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:4:7: error: 'v' is already a constant; give the variable or clock another name
      var v = 0
          ^
[2]
$ printf 'event a\nautomaton m {\n  var x = "s"\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:11: error: variables are integers
      var x = "s"
              ^~~
[2]
$ printf 'event a(v)\nautomaton m {\n  var x = 0\n  initial s\n  s -> s on a do v = 1\n}\n' > s.sm; specmon lint s.sm
s.sm:5:18: error: cannot assign to 'v', a field of event 'a' (actions assign variables: declare one with 'var')
      s -> s on a do v = 1
                     ^
[2]
$ printf 'const K = 1\nevent a\nautomaton m {\n  initial s\n  s -> s on a do K = 1\n}\n' > s.sm; specmon lint s.sm
s.sm:5:18: error: cannot assign to 'K', a constant
      s -> s on a do K = 1
                     ^
[2]
$ printf 'event a\nautomaton m {\n  var count = 0\n  initial s\n  s -> s on a do cont = count + 1\n}\n' > s.sm; specmon lint s.sm
s.sm:5:18: error: unknown variable 'cont' (declare it with 'var cont = 0') (did you mean 'count'?)
      s -> s on a do cont = count + 1
                     ^~~~
[2]
$ printf 'event a\nautomaton m {\n  var x = 0\n  initial s\n  s -> s on a do reset(x)\n}\n' > s.sm; specmon lint s.sm
s.sm:5:24: error: 'x' is a variable, not a clock: assign it with 'x = EXPR'
      s -> s on a do reset(x)
                           ^
[2]
$ printf 'event a\nautomaton m {\n  initial s\n  s -> s on a do x + 1\n}\n' > s.sm; specmon lint s.sm
s.sm:4:20: error: expected '=' after the variable of an action, found '+'
      s -> s on a do x + 1
                       ^
[2]
$ printf 'event a\nautomaton m {\n  initial s\n  s -> s on a do\n}\n' > s.sm; specmon lint s.sm
s.sm:5:1: error: expected an action: 'VARIABLE = EXPR' or 'reset(CLOCK)', found '}'
    }
    ^
[2]
