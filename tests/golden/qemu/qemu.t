# `from qemu NAME` (DESIGN.md §2.1) on a hand-written QEMU -trace log of two
# devices.  The format is found from the first line (PID@SEC.USEC:NAME).
# vdev 0x55d0c0a8 goes 0, 1, 3, 0xb, 0xf (DRIVER_OK) and then notifies:
# fine.  vdev 0x55d0d000 goes 0, 1, 3 and notifies queue 2 at line 10, in
# state down: the violation, keyed by the host pointer QEMU prints (an
# integer, shown in hex as written; 1439748096 in JSON).  Line 11 is another
# trace event (not bound; its free text is passed over); line 12 is QEMU's
# own warning, not a trace line: skipped and said.  Time is the wall clock
# QEMU wrote.  Then the JSON history: each entry's event name, its fields
# (the key included) and the step.  Last, --format qemu on ftrace text:
# every line skipped, and the format warning says so.
$ specmon check tests/golden/qemu/notify.sm tests/golden/qemu/boot.trace
tests/golden/qemu/boot.trace:10: 1700000000.330000 violation of notify_after_ok[vdev=0x55d0d000]: queue_notify(vdev=0x55d0d000, n=2) in state down
  rule: VirtIO 1.3 §3.1.1: no notification before DRIVER_OK
  allowed here: dev_status when val & DRIVER_OK   (tests/golden/qemu/notify.sm:8)
  history of notify_after_ok[vdev=0x55d0d000]:
    tests/golden/qemu/boot.trace:2  1700000000.100100  dev_status(val=0)   * -> down
    tests/golden/qemu/boot.trace:8  1700000000.310000  dev_status(val=1)   * -> down
    tests/golden/qemu/boot.trace:9  1700000000.320000  dev_status(val=3)   * -> down
tests/golden/qemu/boot.trace:12:1: skipped line: expected 'PID@SECONDS.MICROSECONDS:' and a trace event name
specmon: 13 lines, 11 events, 1 skipped line; 1 violation, 0 pending
[1]
$ specmon check --json --history 2 tests/golden/qemu/notify.sm tests/golden/qemu/boot.trace
{"type":"violation","input":"tests/golden/qemu/boot.trace","line":10,"ts":1700000000.330000,"property":"notify_after_ok","rule":"VirtIO 1.3 §3.1.1: no notification before DRIVER_OK","key":{"vdev":1439748096},"event":"queue_notify","fields":{"vdev":1439748096,"n":2},"state":"down","allowed":[{"event":"dev_status","when":"val & DRIVER_OK","spec":"tests/golden/qemu/notify.sm:8"}],"history":[{"input":"tests/golden/qemu/boot.trace","line":8,"ts":1700000000.310000,"event":"dev_status","fields":{"vdev":1439748096,"val":1},"from":"*","to":"down"},{"input":"tests/golden/qemu/boot.trace","line":9,"ts":1700000000.320000,"event":"dev_status","fields":{"vdev":1439748096,"val":3},"from":"*","to":"down"}]}
{"type":"skipped","input":"tests/golden/qemu/boot.trace","line":12,"column":1,"reason":"expected 'PID@SECONDS.MICROSECONDS:' and a trace event name"}
{"type":"summary","lines":13,"records":12,"events":11,"skipped":1,"comments":0,"violations":1,"pending":0,"stopped":false,"properties":[{"name":"notify_after_ok","rule":"VirtIO 1.3 §3.1.1: no notification before DRIVER_OK","instances":2,"violations":1,"pending":0,"refused":0,"coverage":[{"edge":"down -> up on dev_status when val & DRIVER_OK","spec":"tests/golden/qemu/notify.sm:8","taken":1},{"edge":"up -> down on dev_status when val == 0","spec":"tests/golden/qemu/notify.sm:9","taken":0},{"edge":"up -> up on queue_notify","spec":"tests/golden/qemu/notify.sm:10","taken":1},{"edge":"* -> * on dev_status","spec":"tests/golden/qemu/notify.sm:11","taken":8}]}],"warnings":0,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
$ specmon check --format qemu tests/golden/qemu/notify.sm examples/boot-cloud.trace 2>&1 | grep -E 'format|^specmon:'
examples/boot-cloud.trace: warning: 1259 of 1259 lines could not be read as QEMU -trace log (is it the right --format?)
specmon: 1259 lines, 0 events, 1259 skipped lines; 0 violations, 0 pending
specmon: 5 warnings
