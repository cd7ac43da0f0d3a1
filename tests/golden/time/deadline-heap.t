# Deadlines come due in their order, whatever order they were set and met
# in (the engine keeps them in a heap, time.c).  p1..p7 are `dK within TK
# after rK`; rK at K seconds sets deadlines at 10, 160, 60, 210, 300, 280
# and 120 s.  d4 at 8 s meets the one at 210 s, below the one at 160 s:
# the heap's last, 120 s, takes its place there, and must rise above 160 s.
# The record at 125 s passes 10, 60 and 120 s: three violations there, in
# that order.  160, 280 and 300 s are still to come at the end: pending.
# d1..d3 and d5..d7 matched nothing: warnings.  Exit 1: violations.
$ { for k in 1 2 3 4 5 6 7; do printf 'event r%d\nevent d%d\n' $k $k; done; k=1; for t in 9 158 57 206 295 274 113; do printf 'property p%d: d%d within %ds after r%d\n' $k $k $t $k; k=$((k + 1)); done; } >heap.sm; { for k in 1 2 3 4 5 6 7; do printf '{"event":"r%d","ts":%d.0}\n' $k $k; done; printf '{"event":"d4","ts":8.0}\n{"event":"tick","ts":125.0}\n'; } >heap.jsonl; specmon check --history 0 heap.sm heap.jsonl
heap.jsonl:9: 125.0 violation of p1: missed deadline: no d1 in time: d1 within 9s after r1   (heap.sm:15)
  opened by: heap.jsonl:1  1.0
  deadline: 10.0, passed by this record
heap.jsonl:9: 125.0 violation of p3: missed deadline: no d3 in time: d3 within 57s after r3   (heap.sm:17)
  opened by: heap.jsonl:3  3.0
  deadline: 60.0, passed by this record
heap.jsonl:9: 125.0 violation of p7: missed deadline: no d7 in time: d7 within 113s after r7   (heap.sm:21)
  opened by: heap.jsonl:7  7.0
  deadline: 120.0, passed by this record
heap.jsonl:2: 2.0 pending p2: 1 r2 still waits for its d2 at the end of input, with a deadline at 160.0
heap.jsonl:5: 5.0 pending p5: 1 r5 still waits for its d5 at the end of input, with a deadline at 300.0
heap.jsonl:6: 6.0 pending p6: 1 r6 still waits for its d6 at the end of input, with a deadline at 280.0
heap.sm:2: warning: event d1 matched no record
heap.sm:4: warning: event d2 matched no record
heap.sm:6: warning: event d3 matched no record
heap.sm:10: warning: event d5 matched no record
heap.sm:12: warning: event d6 matched no record
heap.sm:14: warning: event d7 matched no record
specmon: 9 lines, 8 events, 0 skipped lines; 3 violations, 3 pending
specmon: 6 warnings
[1]
