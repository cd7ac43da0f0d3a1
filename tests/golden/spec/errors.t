# Spec diagnostics: file:line:column, the line, a caret under the culprit,
# and what was expected.  Exit status 2.
$ printf 'event a\nproperty p: a precedes\n' > s.sm; specmon lint s.sm
s.sm:2:23: error: expected an event or clock name, 'inf(', 'sup(' or '(', found end of file
    property p: a precedes
                          ^
[2]
$ printf 'event a(x\nevent b\n' > s.sm; specmon lint s.sm
s.sm:2:1: error: expected ')' (to close '(' at line 1), found 'event'
    event b
    ^~~~~
[2]
$ printf 'event set_status(dev, status)\nproperty p: set_staus precedes set_status\n' > s.sm; specmon lint s.sm
s.sm:2:13: error: unknown event or clock 'set_staus' (did you mean 'set_status'?)
    property p: set_staus precedes set_status
                ^~~~~~~~~
[2]
$ printf 'event a\nevent b\nproperty p: a follows b\n' > s.sm; specmon lint s.sm
s.sm:3:15: error: expected a relation (precedes, causes, alternatesWith, subclockOf, excludes, coincidesWith), found 'follows'
    property p: a follows b
                  ^~~~~~~
[2]
$ printf 'event a(x)\nautomaton m {\n  initial s\n  s -> s on a when y == 1\n}\n' > s.sm; specmon lint s.sm
s.sm:4:20: error: 'y' is neither a constant nor a field of event 'a' (x; built-in: ts, line, comm, pid, cpu)
      s -> s on a when y == 1
                       ^
[2]
$ printf 'event a(x)\nevent b = a where x == 1 == 2\n' > s.sm; specmon lint s.sm
s.sm:2:26: error: comparisons do not chain; join them with '&&'
    event b = a where x == 1 == 2
                             ^~
[2]
$ printf 'const C = "text"\nevent a(x)\nevent b = a where C == 3\n' > s.sm; specmon lint s.sm
s.sm:3:19: error: comparing a string with an integer is never true
    event b = a where C == 3
                      ^~~~~~
[2]
$ printf 'option instants = timestamps\n' > s.sm; specmon lint s.sm
s.sm:1:19: error: expected 'timestamp' or 'record' (what one instant is), found 'timestamps'
    option instants = timestamps
                      ^~~~~~~~~~
[2]
$ printf 'option instants = timestamp\noption instants = record\n' > s.sm; specmon lint s.sm
s.sm:2:19: error: 'option instants' was set otherwise at line 1
    option instants = record
                      ^~~~~~
[2]
$ printf 'option instants timestamp\n' > s.sm; specmon lint s.sm
s.sm:1:17: error: expected '=' after 'option instants', found 'timestamp'
    option instants timestamp
                    ^~~~~~~~~
[2]
$ printf 'option instant = record\n' > s.sm; specmon lint s.sm
s.sm:1:8: error: expected an option name (instants), found 'instant'
    option instant = record
           ^~~~~~~
[2]
$ printf 'clock c = a + b\n' > s.sm; specmon lint s.sm
s.sm:1:11: error: unknown event or clock 'a'
    clock c = a + b
              ^
s.sm:1:15: error: unknown event or clock 'b'
    clock c = a + b
                  ^
[2]
$ printf 'event a(n) from log /x(?<n>[0-9]+/\n' > s.sm; specmon lint s.sm
s.sm:1:34: error: invalid regular expression: missing closing parenthesis
    event a(n) from log /x(?<n>[0-9]+/
                                     ^
[2]
$ printf 'event a from log /unterminated\n' > s.sm; specmon lint s.sm
s.sm:1:18: error: unterminated regular expression (expected a closing '/')
    event a from log /unterminated
                     ^~~~~~~~~~~~~
[2]
$ printf 'event a\nautomaton m {\n  s -> t on a\n}\n' > s.sm; specmon lint s.sm
s.sm:2:11: error: automaton 'm' has no 'initial' state
    automaton m {
              ^
[2]
$ printf 'event a\nevent a\nproperty p per dev: a precedes a\n' > s.sm; specmon lint s.sm
s.sm:2:7: error: event 'a' is already declared
    event a
          ^
s.sm:3:16: error: no event of 'p' has the key field 'dev'
    property p per dev: a precedes a
                   ^~~
[2]
$ printf 'event a = b where 1\nevent b = a where 1\n' > s.sm; specmon lint s.sm
s.sm:1:7: error: event 'a' is derived from itself
    event a = b where 1
          ^
[2]
$ printf 'const X = 1 / 0\n' > s.sm; specmon lint s.sm
s.sm:1:11: error: this constant has no value (division by zero or a shift out of 0..63)
    const X = 1 / 0
              ^~~~~
[2]
$ printf 'event a(x) from ftrace a { y = z }\n' > s.sm; specmon lint s.sm
s.sm:1:28: error: 'y' is not a declared field of event 'a'
    event a(x) from ftrace a { y = z }
                               ^
[2]
$ printf 'automaton m from "missing.dot"\n' > s.sm; specmon lint s.sm
s.sm:1:18: error: cannot read model 'missing.dot': No such file or directory
    automaton m from "missing.dot"
                     ^~~~~~~~~~~~~
[2]
$ printf 'event a\n\001\n' > s.sm; specmon lint s.sm
s.sm:2:1: error: unexpected character '\x01'
    \x01
    ^
[2]
$ specmon lint no-such-spec.sm 2>err; echo "exit status $?"; sed "s|$(cd -P tests/.. && pwd)|ROOT|" err
exit status 2
specmon: error: cannot read spec 'no-such-spec.sm': No such file or directory, and the rule library has no no-such-spec.sm (searched: ROOT/specs, /usr/local/share/specmon/specs)
$ printf '' > s.sm; specmon lint s.sm && echo "an empty spec is valid"
an empty spec is valid
$ printf 'event a(n) from log /x(?<n>[0-9]++)/\n' > s.sm; specmon lint s.sm && echo "possessive: PCRE2 syntax"
possessive: PCRE2 syntax
$ printf 'event a(n) from log /x(?<n>[0-9]**)/\n' > s.sm; specmon lint s.sm
s.sm:1:34: error: invalid regular expression: quantifier does not follow a repeatable item
    event a(n) from log /x(?<n>[0-9]**)/
                                     ^
[2]
$ printf 'event a(n) from log /((?<n>a{65535}){65535})/\n' > s.sm; specmon lint s.sm
s.sm:1:45: error: invalid regular expression: regular expression is too large
    event a(n) from log /((?<n>a{65535}){65535})/
                                                ^
[2]
