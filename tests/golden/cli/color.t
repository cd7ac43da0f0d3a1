# --color (DESIGN.md §3).  t.jsonl: dev 1's b with no a (a violation, line
# 1), then dev 2's a, the last line, without a newline (a warning), left
# waiting at the end (pending).  always: the first line of the violation in
# bold red, of the warning in bold magenta, of the pending report in bold
# yellow (cat -v shows ESC as ^[); the rest, the summary and the notes
# plain.  auto on a terminal (script(1) gives specmon one; it writes CR LF)
# colours too; NO_COLOR set, or a pipe, or never: no colour.  lint colours
# a diagnostic's first line: red for an error.
$ printf '{"event":"b","dev":1}\n{"event":"a","dev":2}' > t.jsonl; specmon check --color always --history 0 tests/golden/cli/pair.sm t.jsonl 2>&1 | cat -v
^[[1;31mt.jsonl:1: violation of pair[dev=1]: b(dev=1) with no a before it to match^[[0m
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
^[[1;35mt.jsonl:2: warning: last line has no newline (it was read as a whole line)^[[0m
^[[1;33mt.jsonl:2: pending pair[dev=2]: 1 a still waits for its b at the end of input^[[0m
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 1 pending
specmon: 1 warning
$ TERM=xterm script -qec 'specmon check --history 0 tests/golden/cli/pair.sm t.jsonl' /dev/null | tr -d '\r' | cat -v
^[[1;31mt.jsonl:1: violation of pair[dev=1]: b(dev=1) with no a before it to match^[[0m
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
^[[1;35mt.jsonl:2: warning: last line has no newline (it was read as a whole line)^[[0m
^[[1;33mt.jsonl:2: pending pair[dev=2]: 1 a still waits for its b at the end of input^[[0m
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 1 pending
specmon: 1 warning
$ NO_COLOR=1 TERM=xterm script -qec 'specmon check --history 0 tests/golden/cli/pair.sm t.jsonl' /dev/null | tr -d '\r' | cat -v
t.jsonl:1: violation of pair[dev=1]: b(dev=1) with no a before it to match
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
t.jsonl:2: warning: last line has no newline (it was read as a whole line)
t.jsonl:2: pending pair[dev=2]: 1 a still waits for its b at the end of input
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 1 pending
specmon: 1 warning
$ specmon check --color=never --history 0 tests/golden/cli/pair.sm t.jsonl 2>&1 | cat -v
t.jsonl:1: violation of pair[dev=1]: b(dev=1) with no a before it to match
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
t.jsonl:2: warning: last line has no newline (it was read as a whole line)
t.jsonl:2: pending pair[dev=2]: 1 a still waits for its b at the end of input
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 1 pending
specmon: 1 warning
$ printf 'event a(dev)\nproperty p: a precedes c\n' > bad.sm; specmon lint --color always bad.sm 2>&1 | cat -v
^[[1;31mbad.sm:2:24: error: unknown event or clock 'c'^[[0m
    property p: a precedes c
                           ^
