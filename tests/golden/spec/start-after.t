# `start on|with EVENT` and `after violation POLICY` (DESIGN.md §2.4), in an
# inline automaton and in the block after `from "model.dot"`.  A well-formed
# spec lints silently (exit 0); each mistake is an error at its own
# file:line:column (exit 2), except a start event without the `per` key
# field, which is a warning (exit 0): such an event can never create an
# instance, since instances are created only by events carrying the whole key.
# Last, a trace captured mid-run (switch_out, switch_in, switch_out for
# p=1): with `start on switch_out` the first switch_out only starts the
# instance in not_running, and the rest follows the edges (exit 0); without
# it, the instance starts in not_running at that switch_out, which has no
# edge there: a violation (exit 1).
# `start with E` takes E as a step from the initial state, so an E that no
# edge uses could only be refused: an error that says to write `start on E`.
$ printf 'event switch_in(p)\nevent switch_out(p)\nautomaton wwnr per p {\n  start on switch_out\n  after violation restart\n  initial not_running\n  not_running -> running on switch_in\n  running -> not_running on switch_out\n}\n' > s.sm; specmon lint s.sm
$ printf 'digraph m {\n  {node [shape = plaintext] "__init_a"};\n  {node [shape = ellipse] "a"};\n  {node [shape = plaintext] "b"};\n  "__init_a" -> "a";\n  "a" -> "b" [label = "go"];\n  "b" -> "a" [label = "back"];\n}\n' > m.dot; printf 'event go(p)\nautomaton m per p from "m.dot" {\n  start with go\n  after violation stop\n}\n' > s.sm; specmon lint s.sm
$ printf 'automaton m from "m.dot" { after violation ignore }\n' > s.sm; specmon lint s.sm
$ printf 'automaton m from "m.dot" { initial a }\n' > s.sm; specmon lint s.sm
s.sm:1:28: error: expected 'start', 'after', a parameter 'NAME = VALUE' or '}' in the block after a model, found 'initial'
    automaton m from "m.dot" { initial a }
                               ^~~~~~~
[2]
$ printf 'event a(p)\nevent b(p)\nautomaton m per p {\n  start with b\n  start on a\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:5:3: error: a second 'start' clause (the first is at line 4)
      start on a
      ^~~~~
[2]
$ printf 'event a\nautomaton m {\n  after violation stop\n  initial s\n  s -> s on a\n  after violation stop\n}\n' > s.sm; specmon lint s.sm
s.sm:6:3: error: a second 'after' clause (the first is at line 3)
      after violation stop
      ^~~~~
[2]
$ printf 'event a\nautomaton m {\n  after violation reset\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:19: error: expected 'ignore', 'restart' or 'stop' after 'after violation', found 'reset'
      after violation reset
                      ^~~~~
[2]
$ printf 'event a\nautomaton m {\n  after error stop\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:9: error: expected 'violation' after 'after', found 'error'
      after error stop
            ^~~~~
[2]
$ printf 'event a\nautomaton m {\n  start at a\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:3:9: error: expected 'on' or 'with' and an event after 'start', found 'at'
      start at a
            ^~
[2]
$ printf 'event switch_out(p)\nautomaton m per p {\n  start on switch_ot\n  initial s\n  s -> s on switch_out\n}\n' > s.sm; specmon lint s.sm
s.sm:3:12: error: unknown event 'switch_ot' after 'start on' (did you mean 'switch_out'?)
      start on switch_ot
               ^~~~~~~~~
[2]
$ printf 'event a(dev)\nevent tick\nautomaton m per dev {\n  start on tick\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:4:12: warning: start event 'tick' has no key field 'dev': it starts only the instances of 'm' that other events create
      start on tick
               ^~~~
$ printf 'event start(p)\nevent after(p)\nautomaton m per p {\n  initial start\n  start -> after on start\n  after -> start on after\n}\n' > s.sm; specmon lint s.sm
$ printf 'event switch_in(p)\nevent switch_out(p)\nautomaton wwnr per p {\n  start on switch_out\n  initial not_running\n  not_running -> running on switch_in\n  running -> not_running on switch_out\n}\n' > s.sm; printf '{"event":"switch_out","p":1}\n{"event":"switch_in","p":1}\n{"event":"switch_out","p":1}\n' > mid.jsonl; specmon check --quiet s.sm mid.jsonl
$ grep -v 'start on' s.sm > nostart.sm; specmon check --quiet nostart.sm mid.jsonl
[1]
$ printf 'event a(dev)\nevent tick(dev)\nautomaton m per dev {\n  start with tick\n  initial s\n  s -> s on a\n}\n' > s.sm; specmon lint s.sm
s.sm:4:14: error: 'start with tick' takes tick as a step, but no edge uses it: write 'start on tick'
      start with tick
                 ^~~~
[2]
