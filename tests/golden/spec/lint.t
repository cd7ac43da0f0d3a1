# Lint (issue 5 §5): warnings for specs that load but probably do not say
# what was meant, and errors for what cannot be right.  Warnings do not
# change the exit status (0); errors do (2).  Worked out by hand:
# - 'done' is declared final but no edge names it; 'stuck' is entered and
#   never left, and it is not final, so an instance there can only violate
#   or stay pending; line 8 has the same state, event and (no) guard as
#   line 7, which is always tried first, so line 8 is never taken.
# - 'idel' is a misspelled final state: no edge uses it.
# - an initial state no edge uses, and a state only it could lead to.
# - 'lost' has an edge out but none in: unreachable from 'idle'.
# - `final s, s`, and two edges with the same guard text.
# - relations of an event with itself: precedes is violated at the first
#   tick (χa(n) <= χa(n-1) fails when a ticks), subclockOf always holds.
# - a `per` key given twice is an error.
# - regex groups with the same name are PCRE2's own error, at the offset
#   PCRE2 gives (just after the second name).
$ printf 'event a\nevent b\nautomaton m {\n  initial idle\n  final idle, done\n  idle -> busy on a\n  busy -> idle on b\n  busy -> stuck on b\n}\n' > s.sm; specmon lint s.sm
s.sm:5:15: warning: final state 'done' is on no edge
      final idle, done
                  ^~~~
s.sm:8:11: warning: state 'stuck' is never left and is not final: an instance there can only violate or end pending
      busy -> stuck on b
              ^~~~~
s.sm:8:3: warning: this edge repeats the one at line 7 (same state, event and guard), so it is never taken
      busy -> stuck on b
      ^~~~~~~~~~~~~~~~~~
$ printf 'event a\nautomaton m {\n  initial idle\n  final idle, idel\n  idle -> idle on a\n}\n' > s.sm; specmon lint s.sm
s.sm:4:15: warning: final state 'idel' is on no edge (did you mean 'idle'?)
      final idle, idel
                  ^~~~
$ printf 'event a\nautomaton m {\n  initial start\n  idle -> idle on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:11: warning: initial state 'start' is on no edge
      initial start
              ^~~~~
s.sm:4:3: warning: state 'idle' cannot be reached from the initial state 'start'
      idle -> idle on a
      ^~~~
$ printf 'event a\nevent b\nautomaton m {\n  initial idle\n  idle -> busy on a\n  busy -> idle on b\n  lost -> idle on b\n}\n' > s.sm; specmon lint s.sm
s.sm:7:3: warning: state 'lost' cannot be reached from the initial state 'idle'
      lost -> idle on b
      ^~~~
$ printf 'event a(x)\nautomaton m {\n  initial s\n  final s, s\n  s -> s on a when x == 1\n  s -> t on a when x == 1\n  t -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:4:12: warning: state 's' is listed twice
      final s, s
               ^
s.sm:6:3: warning: this edge repeats the one at line 5 (same state, event and guard), so it is never taken
      s -> t on a when x == 1
      ^~~~~~~~~~~~~~~~~~~~~~~
$ printf 'event a\nevent b\nautomaton m {\n  initial s\n  s -> t on a\n  * -> s on b\n}\n' > s.sm; specmon lint s.sm
$ printf 'event a\nproperty p: a precedes a\nproperty q: a subclockOf a\n' > s.sm; specmon lint s.sm
s.sm:2:13: warning: 'a' is related with itself: it is violated at the event's first tick
    property p: a precedes a
                ^~~~~~~~~~~~
s.sm:3:13: warning: 'a' is related with itself: it always holds
    property q: a subclockOf a
                ^~~~~~~~~~~~~~
$ printf 'event a\nproperty p: a precedes a\n' > s.sm; printf '{"event":"a"}\n' > a.jsonl; specmon check --quiet s.sm a.jsonl
s.sm:2:13: warning: 'a' is related with itself: it is violated at the event's first tick
    property p: a precedes a
                ^~~~~~~~~~~~
[1]
$ printf 'event a(dev)\nproperty p per (dev, dev): a precedes a\n' > s.sm; specmon lint s.sm
s.sm:2:22: error: key field 'dev' is listed twice
    property p per (dev, dev): a precedes a
                         ^~~
[2]
$ printf 'event a\nevent b\nproperty p: a alternateWith b\n' > s.sm; specmon lint s.sm
s.sm:3:15: error: expected a relation (precedes, causes, alternatesWith, subclockOf, excludes, coincidesWith), found 'alternateWith' (did you mean 'alternatesWith'?)
    property p: a alternateWith b
                  ^~~~~~~~~~~~~
[2]
$ printf 'const DRIVER_OK = 4\nevent a(status)\nevent b = a where status & DRIVER_OKK\n' > s.sm; specmon lint s.sm
s.sm:3:28: error: 'DRIVER_OKK' is neither a constant nor a field of event 'b' (status; built-in: ts, line, comm, pid, cpu) (did you mean 'DRIVER_OK'?)
    event b = a where status & DRIVER_OKK
                               ^~~~~~~~~~
[2]
$ printf 'event a(status)\nevent b = a where stauts == 1\n' > s.sm; specmon lint s.sm
s.sm:2:19: error: 'stauts' is neither a constant nor a field of event 'b' (status; built-in: ts, line, comm, pid, cpu) (did you mean 'status'?)
    event b = a where stauts == 1
                      ^~~~~~
[2]
$ printf 'const A = 1\nconst B = AA + 1\n' > s.sm; specmon lint s.sm
s.sm:2:11: error: unknown constant 'AA' (constants can use only constants declared before them) (did you mean 'A'?)
    const B = AA + 1
              ^~
[2]
$ printf 'event a(status)\nautomaton m {\n  initial s\n  s -> s on a when status = 1\n}\n' > s.sm; specmon lint s.sm
s.sm:4:27: error: '=' assigns; use '==' to compare
      s -> s on a when status = 1
                              ^
[2]
$ printf 'event a(x, y)\nevent b = a where x == 1 and y == 2\n' > s.sm; specmon lint s.sm
s.sm:2:26: error: 'and' is written '&&'
    event b = a where x == 1 and y == 2
                             ^~~
[2]
$ printf 'event a(x, y)\nevent b = a where (x == 1 or y == 2)\n' > s.sm; specmon lint s.sm
s.sm:2:27: error: 'or' is written '||'
    event b = a where (x == 1 or y == 2)
                              ^~
[2]
$ printf 'event a(x)\nevent b = a where not (x == 1)\n' > s.sm; specmon lint s.sm
s.sm:2:19: error: 'not' is written '!'
    event b = a where not (x == 1)
                      ^~~
[2]
$ printf 'event e(x) /x=(?<x>[0-9]+)/\n' > s.sm; specmon lint s.sm
s.sm:1:12: error: expected 'from log' before the regular expression
    event e(x) /x=(?<x>[0-9]+)/
               ^
[2]
$ printf 'event e(x) log /x=(?<x>[0-9]+)/\n' > s.sm; specmon lint s.sm
s.sm:1:12: error: expected 'from' before the regular expression
    event e(x) log /x=(?<x>[0-9]+)/
               ^~~
[2]
$ printf 'event e(x) from log /(?<x>[0-9]+) (?<x>[a-z]+)/\n' > s.sm; specmon lint s.sm
s.sm:1:40: error: invalid regular expression: two named subpatterns have the same name (PCRE2_DUPNAMES not set)
    event e(x) from log /(?<x>[0-9]+) (?<x>[a-z]+)/
                                           ^
[2]
