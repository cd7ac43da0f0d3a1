# The bounds on open entries (pair.h: 64 per task and entry event, 4096
# tasks), on traces made by awk.  Expected, by hand:
# depth: task 100 enters devices 1 to 70 without returning, then returns
#   70 times, each with the status of the device LIFO order gives (dev 70
#   first).  Entry 65 lets the outermost (dev 1) go, ..., entry 70 the
#   sixth (dev 6): one warning at 65.  Returns 71-134 pair with devices 70
#   down to 7 (no violation); returns 135-140 find none: 6 warnings, the
#   first 5 at their lines, then the count; and the 6 let go counted.
# tasks: tasks 1 to 4100 enter one device each (dev = task), then return
#   in the same order.  Task 4097's entry lets task 1 go (it entered least
#   recently), 4098 task 2, ...: one warning at 4097.  The returns of tasks
#   1-4 (lines 4101-4104) find none; the others pair (no violation).
$ awk 'BEGIN { for (d = 1; d <= 70; d++) printf "a-100 [000] ..... 1.%06d: get_status: dev=%d\n", d, d; for (d = 70; d >= 1; d--) printf "a-100 [000] ..... 2.%06d: get_status_ret: status=%d\n", d, d * 16 }' >depth.trace; specmon check tests/golden/pair/pair.sm depth.trace
depth.trace:65: warning: more than 64 call entries of task 100 are open: the outermost is let go; its return will not be matched
depth.trace:135: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
depth.trace:136: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
depth.trace:137: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
depth.trace:138: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
depth.trace:139: warning: read is a return of call, but no call of task 100 is open (the trace began inside the call, or its entry was lost): not matched
depth.trace: warning: 6 returns in all had no open entry and were not matched (the first 5 shown)
depth.trace: warning: 6 open entries in all were let go for the bounds on nesting (64) and tasks (4096)
specmon: 140 lines, 134 events, 0 skipped lines; 0 violations, 0 pending
specmon: 8 warnings
$ awk 'BEGIN { for (t = 1; t <= 4100; t++) printf "a-%d [000] ..... 1.%06d: get_status: dev=%d\n", t, t, t; for (t = 1; t <= 4100; t++) printf "a-%d [000] ..... 2.%06d: get_status_ret: status=%d\n", t, t, t * 16 }' >tasks.trace; specmon check tests/golden/pair/pair.sm tasks.trace
tasks.trace:4097: warning: more than 4096 tasks have open entries: the call entries of task 1 (the one that entered least recently) are let go; their returns will not be matched
tasks.trace:4101: warning: read is a return of call, but no call of task 1 is open (the trace began inside the call, or its entry was lost): not matched
tasks.trace:4102: warning: read is a return of call, but no call of task 2 is open (the trace began inside the call, or its entry was lost): not matched
tasks.trace:4103: warning: read is a return of call, but no call of task 3 is open (the trace began inside the call, or its entry was lost): not matched
tasks.trace:4104: warning: read is a return of call, but no call of task 4 is open (the trace began inside the call, or its entry was lost): not matched
tasks.trace: warning: 4 open entries in all were let go for the bounds on nesting (64) and tasks (4096)
specmon: 8200 lines, 8196 events, 0 skipped lines; 0 violations, 0 pending
specmon: 6 warnings
