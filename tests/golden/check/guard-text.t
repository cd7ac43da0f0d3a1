# A guard's text ends where the guard ends: a guard closing with ')' used to
# carry the newline and indentation after it into `allowed here:`, the
# coverage table and JSON.  Both edges of state s are allowed there; v=3
# takes neither: one violation; no edge is taken, t -> s included.
$ specmon check --coverage tests/golden/check/guard-text.sm tests/golden/check/guard-text.jsonl
tests/golden/check/guard-text.jsonl:1: violation of m: e(v=3) in state s
  allowed here: e when (v == 1)   (tests/golden/check/guard-text.sm:4)
                e when v == (2)   (tests/golden/check/guard-text.sm:5)
coverage of m: 0 of 3 edges taken
         0  s -> s on e when (v == 1)   (tests/golden/check/guard-text.sm:4)
         0  s -> t on e when v == (2)   (tests/golden/check/guard-text.sm:5)
         0  t -> s on e   (tests/golden/check/guard-text.sm:7)
specmon: 1 line, 1 event, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check --json tests/golden/check/guard-text.sm tests/golden/check/guard-text.jsonl | head -1
{"type":"violation","input":"tests/golden/check/guard-text.jsonl","line":1,"property":"m","key":{},"event":"e","fields":{"v":3},"state":"s","allowed":[{"event":"e","when":"(v == 1)","spec":"tests/golden/check/guard-text.sm:4"},{"event":"e","when":"v == (2)","spec":"tests/golden/check/guard-text.sm:5"}],"history":[]}
