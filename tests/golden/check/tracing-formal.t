# The tracing-formal example: do_first, do_second, do_second.  The second
# do_second (line 3) breaks `do_first alternatesWith do_second`.  The same
# events as JSON Lines, as ftrace text and on standard input.
$ specmon check tests/golden/check/tracing-formal.sm tests/golden/check/tracing-formal.jsonl
tests/golden/check/tracing-formal.jsonl:3: 2.0 violation of order: do_second() with no do_first before it to match
  relation: do_first alternatesWith do_second   (tests/golden/check/tracing-formal.sm:3)
  allowed here: do_first
  history of order:
    tests/golden/check/tracing-formal.jsonl:1  1.5  do_first()
    tests/golden/check/tracing-formal.jsonl:2  1.75  do_second()
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/check/tracing-formal.sm tests/golden/check/tracing-formal.ftrace
tests/golden/check/tracing-formal.ftrace:3: 100.000300 violation of order: do_second() with no do_first before it to match
  relation: do_first alternatesWith do_second   (tests/golden/check/tracing-formal.sm:3)
  allowed here: do_first
  history of order:
    tests/golden/check/tracing-formal.ftrace:1  100.000100  do_first()
    tests/golden/check/tracing-formal.ftrace:2  100.000200  do_second()
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check --json tests/golden/check/tracing-formal.sm - < tests/golden/check/tracing-formal.jsonl
{"type":"violation","input":"-","line":3,"ts":2.0,"property":"order","key":{},"event":"do_second","fields":{},"relation":"do_first alternatesWith do_second","reason":"with no do_first before it to match","allowed":[{"event":"do_first"}],"history":[{"input":"-","line":1,"ts":1.5,"event":"do_first","fields":{}},{"input":"-","line":2,"ts":1.75,"event":"do_second","fields":{}}]}
{"type":"summary","lines":3,"records":3,"events":3,"skipped":0,"comments":0,"violations":1,"pending":0,"stopped":false,"properties":[{"name":"order","instances":1,"violations":1,"pending":0,"refused":0}],"warnings":0,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
