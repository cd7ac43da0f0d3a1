# DESIGN.md §2's helper need_event(e, new, old) = u16(new - e - 1) < u16(new - old),
# on event fields, worked by hand for each kick of need-event.jsonl:
#   line 1, vq 0: u16(6-4-1) = 1 < u16(6-3) = 3: true, idle -> owed
#   line 2, vq 0: notify, owed -> idle
#   line 3, vq 0: u16(8-10-1) = u16(-3) = 65533 < u16(2) = 2: false, idle -> idle
#   line 4, vq 0: notify in idle: no edge -> violation
#   line 5, vq 1: across the wrap, u16(1-65535-1) = 1 < u16(1-65534) = 3: true, -> owed
#   line 6, vq 1: kick in owed: no edge -> violation (ignored, stays owed)
# End: vq 1 in owed, not final (only idle, the initial state) -> pending.
# The automaton's title is the second line of each report ("rule:"), a
# "rule" member in JSON violations, pending and the summary, and the second
# line of --coverage (edges taken: 2, 1, 1 by the lines above).
$ specmon check tests/golden/check/need-event.sm tests/golden/check/need-event.jsonl
tests/golden/check/need-event.jsonl:4: violation of kick_owed[vq=0]: notify(vq=0) in state idle
  rule: VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed
  allowed here: kick when need_event(avail_event, new, old)   (tests/golden/check/need-event.sm:10)
                kick   (tests/golden/check/need-event.sm:11)
  history of kick_owed[vq=0]:
    tests/golden/check/need-event.jsonl:1  kick(avail_event=4, new=6, old=3)   idle -> owed
    tests/golden/check/need-event.jsonl:2  notify()   owed -> idle
    tests/golden/check/need-event.jsonl:3  kick(avail_event=10, new=8, old=6)   idle -> idle
tests/golden/check/need-event.jsonl:6: violation of kick_owed[vq=1]: kick(vq=1, avail_event=1, new=2, old=1) in state owed
  rule: VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed
  allowed here: notify   (tests/golden/check/need-event.sm:12)
  history of kick_owed[vq=1]:
    tests/golden/check/need-event.jsonl:5  kick(avail_event=65535, new=1, old=65534)   idle -> owed
tests/golden/check/need-event.jsonl:5: pending kick_owed[vq=1]: in state owed at the end of input, which is not final (final: idle)
  rule: VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed
  history of kick_owed[vq=1]:
    tests/golden/check/need-event.jsonl:5  kick(avail_event=65535, new=1, old=65534)   idle -> owed
    tests/golden/check/need-event.jsonl:6  kick(avail_event=1, new=2, old=1)   violation, ignored
specmon: 6 lines, 6 events, 0 skipped lines; 2 violations, 1 pending
[1]
$ specmon check --json tests/golden/check/need-event.sm tests/golden/check/need-event.jsonl
{"type":"violation","input":"tests/golden/check/need-event.jsonl","line":4,"property":"kick_owed","rule":"VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed","key":{"vq":0},"event":"notify","fields":{"vq":0},"state":"idle","allowed":[{"event":"kick","when":"need_event(avail_event, new, old)","spec":"tests/golden/check/need-event.sm:10"},{"event":"kick","spec":"tests/golden/check/need-event.sm:11"}],"history":[{"input":"tests/golden/check/need-event.jsonl","line":1,"event":"kick","fields":{"vq":0,"avail_event":4,"new":6,"old":3},"from":"idle","to":"owed"},{"input":"tests/golden/check/need-event.jsonl","line":2,"event":"notify","fields":{"vq":0},"from":"owed","to":"idle"},{"input":"tests/golden/check/need-event.jsonl","line":3,"event":"kick","fields":{"vq":0,"avail_event":10,"new":8,"old":6},"from":"idle","to":"idle"}]}
{"type":"violation","input":"tests/golden/check/need-event.jsonl","line":6,"property":"kick_owed","rule":"VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed","key":{"vq":1},"event":"kick","fields":{"vq":1,"avail_event":1,"new":2,"old":1},"state":"owed","allowed":[{"event":"notify","spec":"tests/golden/check/need-event.sm:12"}],"history":[{"input":"tests/golden/check/need-event.jsonl","line":5,"event":"kick","fields":{"vq":1,"avail_event":65535,"new":1,"old":65534},"from":"idle","to":"owed"}]}
{"type":"pending","input":"tests/golden/check/need-event.jsonl","line":5,"property":"kick_owed","rule":"VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed","key":{"vq":1},"state":"owed","reason":"in state owed at the end of input, which is not final (final: idle)","history":[{"input":"tests/golden/check/need-event.jsonl","line":5,"event":"kick","fields":{"vq":1,"avail_event":65535,"new":1,"old":65534},"from":"idle","to":"owed"},{"input":"tests/golden/check/need-event.jsonl","line":6,"event":"kick","fields":{"vq":1,"avail_event":1,"new":2,"old":1},"ignored":true}]}
{"type":"summary","lines":6,"records":6,"events":6,"skipped":0,"comments":0,"violations":2,"pending":1,"stopped":false,"properties":[{"name":"kick_owed","rule":"VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed","instances":2,"violations":2,"pending":1,"refused":0,"coverage":[{"edge":"idle -> owed on kick when need_event(avail_event, new, old)","spec":"tests/golden/check/need-event.sm:10","taken":2},{"edge":"idle -> idle on kick","spec":"tests/golden/check/need-event.sm:11","taken":1},{"edge":"owed -> idle on notify","spec":"tests/golden/check/need-event.sm:12","taken":1}]}],"warnings":0,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
$ specmon check --coverage tests/golden/check/need-event.sm tests/golden/check/need-event.jsonl 2>&1 >/dev/null
coverage of kick_owed: 3 of 3 edges taken
  rule: VirtIO 1.3 §2.7.10.1: notify when avail_event was crossed
         2  idle -> owed on kick when need_event(avail_event, new, old)   (tests/golden/check/need-event.sm:10)
         1  idle -> idle on kick   (tests/golden/check/need-event.sm:11)
         1  owed -> idle on notify   (tests/golden/check/need-event.sm:12)
specmon: 6 lines, 6 events, 0 skipped lines; 2 violations, 1 pending
[1]
