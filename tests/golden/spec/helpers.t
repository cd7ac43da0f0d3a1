# `def` helpers, the built-ins u8/u16/u32 and durations (DESIGN.md §2.2).
# Errors, in order: a helper calling itself, directly and through two
# others (named at the call that closes the cycle, with the chain); a
# helper and a built-in called with the wrong number of arguments; an
# unknown helper; a name in a body that is no parameter, constant or field
# of any event (at the def); a field some event has but not the one at the
# call (at the body, with a note at the call); a def named like a
# built-in; a parameter listed twice; a string to u8(); a duration past
# 2^63-1 ns; a unit apart from its number (not a duration: `ms` starts
# the next declaration); a chain of helpers that doubles at each call
# (4^3 copies of x + x) is stopped by the node limit, once.
# Last, a run: 1500us is 1500000 ns, so the guard d == 1500us holds on
# line 1 (d=1500000) and fails on line 2 (d=1500): one violation.
# u16(0 - 1) is 65535 and u16(65535 + 1) is 0, so q == 65535 holds on
# both lines and `wrapped` never fails.
$ printf 'def f(x) = f(x) + 1\n' > s.sm; specmon lint s.sm
s.sm:1:12: error: helper 'f' calls itself (f -> f); helpers may not recurse
    def f(x) = f(x) + 1
               ^~~~
[2]
$ printf 'def f(x) = g(x) + 1\ndef g(y) = h(y)\ndef h(z) = f(z)\n' > s.sm; specmon lint s.sm
s.sm:3:12: error: helper 'f' calls itself (f -> g -> h -> f); helpers may not recurse
    def h(z) = f(z)
               ^~~~
[2]
$ printf 'def f(a, b) = a + b\nevent e(x)\nevent d = e where f(x) == 1\n' > s.sm; specmon lint s.sm
s.sm:3:19: error: 'f' takes 2 arguments, not 1
    event d = e where f(x) == 1
                      ^~~~
[2]
$ printf 'event e(x)\nevent d = e where u16(x, 1) == 1\n' > s.sm; specmon lint s.sm
s.sm:2:19: error: 'u16' takes 1 argument, not 2
    event d = e where u16(x, 1) == 1
                      ^~~~~~~~~
[2]
$ printf 'event e(x)\nevent d = e where crc(x) == 1\n' > s.sm; specmon lint s.sm
s.sm:2:19: error: unknown helper 'crc' (declare it with 'def', or use the built-ins u8, u16, u32)
    event d = e where crc(x) == 1
                      ^~~~~~
[2]
$ printf 'def f(x) = x + y\n' > s.sm; specmon lint s.sm
s.sm:1:16: error: 'y' in helper 'f' is neither one of its parameters, a constant nor a field of any event
    def f(x) = x + y
                   ^
[2]
$ printf 'def f(x) = x + status\nevent e(x)\nevent s(status)\nevent d = e where f(x) == 1\n' > s.sm; specmon lint s.sm
s.sm:1:16: error: 'status' is neither a constant nor a field of event 'd' (x; built-in: ts, line, comm, pid, cpu)
    def f(x) = x + status
                   ^~~~~~
s.sm:4:19: note: in this call of helper 'f'
    event d = e where f(x) == 1
                      ^~~~
[2]
$ printf 'def u16(x) = x\n' > s.sm; specmon lint s.sm
s.sm:1:5: error: 'u16' is a built-in
    def u16(x) = x
        ^~~
[2]
$ printf 'def f(x, x) = x\n' > s.sm; specmon lint s.sm
s.sm:1:10: error: parameter 'x' is listed twice
    def f(x, x) = x
             ^
[2]
$ printf 'event e(x)\nevent d = e where u8("str") == 1\n' > s.sm; specmon lint s.sm
s.sm:2:19: error: u8() needs an integer, not a string
    event d = e where u8("str") == 1
                      ^~~~~~~~~
[2]
$ printf 'const T = 18446744074s\n' > s.sm; specmon lint s.sm
s.sm:1:11: error: duration '18446744074s' is too long
    const T = 18446744074s
              ^~~~~~~~~~~~
[2]
$ printf 'const T = 100 ms\n' > s.sm; specmon lint s.sm
s.sm:1:15: error: expected a declaration (spec, include, const, def, event, clock, property or automaton), found 'ms'
    const T = 100 ms
                  ^~
[2]
$ printf 'def a(x) = x + x\ndef b(x) = a(a(a(a(x))))\ndef c(x) = b(b(b(b(x))))\ndef d(x) = c(c(c(c(x))))\nconst K = d(1)\n' > s.sm; specmon lint s.sm
s.sm:2:14: error: helpers expand into more than 65536 nodes in this spec
    def b(x) = a(a(a(a(x))))
                 ^~~~~~~~~~
s.sm:3:12: note: in this call of helper 'b'
    def c(x) = b(b(b(b(x))))
               ^~~~~~~~~~~~~
s.sm:4:18: note: in this call of helper 'c'
    def d(x) = c(c(c(c(x))))
                     ^~~~
s.sm:5:11: note: in this call of helper 'd'
    const K = d(1)
              ^~~~
[2]
$ printf 'event e(d, q)\nautomaton m {\n  initial s\n  s -> s on e when d == 1500us\n}\nautomaton wrapped {\n  initial s\n  s -> s on e when q == u16(0 - 1) && u16(65535 + 1) == 0\n}\n' > s.sm; printf '{"event":"e","d":1500000,"q":65535}\n{"event":"e","d":1500,"q":65535}\n' > t.jsonl; specmon check s.sm t.jsonl
t.jsonl:2: violation of m: e(d=1500, q=65535) in state s
  allowed here: e when d == 1500us   (s.sm:4)
  history of m:
    t.jsonl:1  e(d=1500000, q=65535)   s -> s
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 0 pending
[1]
