# option instants = timestamp, two records of one event in one instant
# (DESIGN.md §2.6: each instance steps over the events that tick *and
# address it*).  The feed used to drop the second record's event for the
# whole instant (a `coincident` warning at its line), which lost verdicts.
#
# timestamp-dup-pids.sm/.jsonl, by hand (order per pid: wake precedes run):
#   line 1 @5: wake(pid=1): order[1] lead 1.
#   instant @6 = lines 2-3, reported at line 2 (an instant's reports name its
#     first record): run(pid=1) steps order[1] (lead 1 -> 0, fine);
#     run(pid=2) creates order[2], lead 0: run without a wake before it, a
#     violation of order[pid=2].  Without the option, the same violation at
#     line 3, the record alone.
$ specmon check tests/golden/check/timestamp-dup-pids.sm tests/golden/check/timestamp-dup-pids.jsonl 2>&1
tests/golden/check/timestamp-dup-pids.jsonl:2: 6.0 violation of order[pid=2]: run(pid=2) with no wake before it to match
  relation: wake precedes run   (tests/golden/check/timestamp-dup-pids.sm:4)
  allowed here: wake
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ sed 1d tests/golden/check/timestamp-dup-pids.sm > plain.sm; specmon check plain.sm tests/golden/check/timestamp-dup-pids.jsonl 2>&1
tests/golden/check/timestamp-dup-pids.jsonl:3: 6.0 violation of order[pid=2]: run(pid=2) with no wake before it to match
  relation: wake precedes run   (plain.sm:3)
  allowed here: wake
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/check/timestamp-dup.sm tests/golden/check/timestamp-dup.jsonl 2>&1
tests/golden/check/timestamp-dup.jsonl:2: 6.0 violation of order[pid=2]: run(pid=2, cpu=0) with no wake before it to match
  relation: wake precedes run   (tests/golden/check/timestamp-dup.sm:4)
  allowed here: wake
tests/golden/check/timestamp-dup.jsonl:2: 6.0 pending place[pid=2]: in state on0 at the end of input, which is not final (final: idle)
  history of place[pid=2]:
    tests/golden/check/timestamp-dup.jsonl:2  6.0  run(cpu=0)   idle -> on0
tests/golden/check/timestamp-dup.sm:4: warning: 1 event of order not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values
tests/golden/check/timestamp-dup.sm:5: warning: 1 event of place not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values
specmon: 5 lines, 5 events, 0 skipped lines; 1 violation, 1 pending
specmon: 2 warnings
[1]
$ specmon check --json --strict tests/golden/check/timestamp-dup.sm tests/golden/check/timestamp-dup.jsonl | grep coincident
{"type":"warning","kind":"coincident","spec":"tests/golden/check/timestamp-dup.sm:4","property":"order","events":1,"message":"1 event of order not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values"}
{"type":"warning","kind":"coincident","spec":"tests/golden/check/timestamp-dup.sm:5","property":"place","events":1,"message":"1 event of place not checked: an earlier record of the instant (option instants = timestamp) had the same event for the same instance, whose step used the first record's values"}
