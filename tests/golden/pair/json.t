# Returns in JSON Lines.  json.sm binds by name (no `from`) and names no
# task: a record's `tid`, else its `pid`.  Expected, by hand:
#   1-2 enter dev 1 (tid 7) and dev 2 (tid 8) of one process (pid 1): the
#   tid tells them apart; 3 is dev 1's read (16: fine), 4 dev 2's (16: a
#   violation at 4).  5-6: a record with a pid only (9): dev 3, 48: fine.
#   7: a return that names no task: a warning, not matched.  8: an entry
#   that names none: a warning (its return could not find it).
# json-per.sm: `per thread`, a string member; `tid` is then not the task.
#   1-2 enter dev 1 (w1) and dev 2 (w2), both with tid 5; 3 is w1's (dev 1,
#   16), 4 w2's (dev 2, 32): fine; 5 (w3) has no open entry: a warning.
$ specmon check tests/golden/pair/json.sm tests/golden/pair/json.jsonl
tests/golden/pair/json.jsonl:4: 1.000004 violation of answer[dev=2]: get_status_ret(dev=2, status=16) in state s
  allowed here: get_status_ret when status == dev * 16   (tests/golden/pair/json.sm:8)
tests/golden/pair/json.jsonl:7: warning: this get_status_ret record names no task (it has no task column, no member 'tid' and no member 'pid'): it cannot be paired with its get_status; not matched
tests/golden/pair/json.jsonl:8: warning: this get_status record names no task (it has no task column, no member 'tid' and no member 'pid'): its return will not find it
specmon: 8 lines, 7 events, 0 skipped lines; 1 violation, 0 pending
specmon: 2 warnings
[1]
$ specmon check tests/golden/pair/json-per.sm tests/golden/pair/json-per.jsonl
tests/golden/pair/json-per.jsonl:5: warning: read is a return of call, but no call of task 'w3' is open (the trace began inside the call, or its entry was lost): not matched
specmon: 5 lines, 4 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ cat tests/golden/pair/json.jsonl | specmon check --format jsonl --json tests/golden/pair/json.sm
{"type":"violation","input":"-","line":4,"ts":1.000004,"property":"answer","key":{"dev":2},"event":"get_status_ret","fields":{"dev":2,"status":16},"state":"s","allowed":[{"event":"get_status_ret","when":"status == dev * 16","spec":"tests/golden/pair/json.sm:8"}],"history":[]}
{"type":"warning","kind":"unpaired-return","input":"-","line":7,"message":"this get_status_ret record names no task (it has no task column, no member 'tid' and no member 'pid'): it cannot be paired with its get_status; not matched"}
{"type":"warning","kind":"no-task","input":"-","line":8,"message":"this get_status record names no task (it has no task column, no member 'tid' and no member 'pid'): its return will not find it"}
{"type":"summary","lines":8,"records":8,"events":7,"skipped":0,"comments":0,"violations":1,"pending":0,"stopped":false,"properties":[{"name":"answer","instances":3,"violations":1,"pending":0,"refused":0,"coverage":[{"edge":"s -> s on get_status_ret when status == dev * 16","spec":"tests/golden/pair/json.sm:8","taken":2}]}],"warnings":2,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
