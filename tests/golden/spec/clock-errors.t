# Clock expression diagnostics (DESIGN.md §2.3): an unknown clock, a word
# that is not binary, an unclosed '(' in a word, a repeated part followed by
# more letters, delayedFor without a positive count, a named clock on an
# automaton edge, a clock defined through itself, a clock named like an
# event, inf without its parentheses' second clock.  Exit status 2.
$ printf 'event a\nevent b\nproperty p: a + c precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:17: error: unknown event or clock 'c'
    property p: a + c precedes b
                    ^
[2]
$ printf 'event a\nevent b\nproperty p: a filteredBy "01x" precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:29: error: expected '0', '1' or '(' in a filteredBy word (a binary word such as "0(01)")
    property p: a filteredBy "01x" precedes b
                                ^
[2]
$ printf 'event a\nevent b\nproperty p: a filteredBy "0(01" precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:28: error: expected ')' to close this '(' of the filteredBy word
    property p: a filteredBy "0(01" precedes b
                               ^
[2]
$ printf 'event a\nevent b\nproperty p: a filteredBy "(01)1" precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:31: error: nothing may follow the repeated part '(...)' of a filteredBy word
    property p: a filteredBy "(01)1" precedes b
                                  ^
[2]
$ printf 'event a\nevent b\nproperty p: a filteredBy "" precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:27: error: a filteredBy word needs at least one letter ('0' or '1')
    property p: a filteredBy "" precedes b
                              ^
[2]
$ printf 'event a\nevent b\nproperty p: a delayedFor precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:26: error: expected a number after 'delayedFor' (how many ticks late, 1 or more), found 'precedes'
    property p: a delayedFor precedes b
                             ^~~~~~~~
[2]
$ printf 'event a\nevent b\nproperty p: a delayedFor 0 precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:26: error: 'delayedFor' needs a positive number of ticks
    property p: a delayedFor 0 precedes b
                             ^
[2]
$ printf 'event a\nevent b\nclock c = a + b\nautomaton x {\n    initial s\n    s -> s on c\n}\n' > s.sm; specmon lint s.sm
s.sm:6:15: error: 'c' is a clock expression, not an event: automata take events, only relations use clocks
        s -> s on c
                  ^
[2]
$ printf 'event a\nclock c = d + a\nclock d = c\nproperty p: c precedes a\n' > s.sm; specmon lint s.sm
s.sm:3:11: error: clock 'c' is defined through itself
    clock d = c
              ^
[2]
$ printf 'event a\nclock a = a\n' > s.sm; specmon lint s.sm
s.sm:2:7: error: 'a' is already declared as an event
    clock a = a
          ^
[2]
$ printf 'event a\nevent b\nproperty p: inf(a) precedes b\n' > s.sm; specmon lint s.sm
s.sm:3:18: error: expected ',' between the two clocks, found ')'
    property p: inf(a) precedes b
                     ^
[2]
$ printf 'event a\nevent b\nclock c = a + b\nproperty p: c * a precedes (b - a) delayedFor 2\n' > s.sm; specmon lint s.sm
