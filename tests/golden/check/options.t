# The options of check, on the tracing-formal example extended by hand:
# order.jsonl has do_first, do_second, do_second (violation, line 3),
# do_first (line 4, a round left open: pending), do_first (violation, line 5).
$ printf '{"event":"do_first"}\n{"event":"do_second"}\n{"event":"do_second"}\n{"event":"do_first"}\n{"event":"do_first"}\n' > order.jsonl
$ specmon check --history 0 tests/golden/check/tracing-formal.sm order.jsonl
order.jsonl:3: violation of order: do_second() with no do_first before it to match
  relation: do_first alternatesWith do_second   (tests/golden/check/tracing-formal.sm:3)
  allowed here: do_first
order.jsonl:5: violation of order: do_first() while a do_first still waits for its do_second
  relation: do_first alternatesWith do_second   (tests/golden/check/tracing-formal.sm:3)
  allowed here: do_second
order.jsonl:4: pending order: 1 do_first still waits for its do_second at the end of input
specmon: 5 lines, 5 events, 0 skipped lines; 2 violations, 1 pending
[1]
$ specmon check --max-violations 1 --history 0 tests/golden/check/tracing-formal.sm order.jsonl
order.jsonl:3: violation of order: do_second() with no do_first before it to match
  relation: do_first alternatesWith do_second   (tests/golden/check/tracing-formal.sm:3)
  allowed here: do_first
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
specmon: stopped early: --max-violations reached
[1]
$ specmon check --quiet tests/golden/check/tracing-formal.sm order.jsonl
[1]
$ head -4 order.jsonl | sed 3d > open.jsonl; specmon check tests/golden/check/tracing-formal.sm open.jsonl
open.jsonl:3: pending order: 1 do_first still waits for its do_second at the end of input
  history of order:
    open.jsonl:1  do_first()
    open.jsonl:2  do_second()
    open.jsonl:3  do_first()
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 1 pending
$ specmon check --strict tests/golden/check/tracing-formal.sm open.jsonl
open.jsonl:3: pending order: 1 do_first still waits for its do_second at the end of input
  history of order:
    open.jsonl:1  do_first()
    open.jsonl:2  do_second()
    open.jsonl:3  do_first()
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 1 pending
[1]
$ specmon check --coverage --history 0 examples/virtio-status.sm examples/boot-cloud.trace
examples/boot-cloud.trace:50: 4.724523 violation of device_init[dev=0]: notify(dev=0, vq=2, vqname=stats) in state checked
  allowed here: set_status when status == ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK   (examples/virtio-status.sm:22)
coverage of device_init: 8 of 9 edges taken
         5  reset -> acked on set_status when status == ACKNOWLEDGE   (examples/virtio-status.sm:18)
         5  acked -> driver on set_status when status == ACKNOWLEDGE | DRIVER   (examples/virtio-status.sm:19)
         5  driver -> features on set_status when status == ACKNOWLEDGE | DRIVER | FEATURES_OK   (examples/virtio-status.sm:20)
         5  features -> checked on get_status   (examples/virtio-status.sm:21)
         5  checked -> live on set_status when status == ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK   (examples/virtio-status.sm:22)
        10  live -> live on notify   (examples/virtio-status.sm:23)
         5  * -> reset on set_status when status == 0   (examples/virtio-status.sm:24)
         0  * -> failed on set_status when status & FAILED   (examples/virtio-status.sm:25)
        35  * -> * on get_status   (examples/virtio-status.sm:26)
specmon: 1259 lines, 76 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check --max-instances 2 --history 0 examples/virtio-status.sm examples/boot-cloud.trace
examples/boot-cloud.trace:13: warning: --max-instances 2 reached for device_init: from here on, its events that need a new instance are not checked
examples/boot-cloud.trace:50: 4.724523 violation of device_init[dev=0]: notify(dev=0, vq=2, vqname=stats) in state checked
  allowed here: set_status when status == ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK   (examples/virtio-status.sm:22)
specmon: 1259 lines, 76 events, 0 skipped lines; 1 violation, 0 pending
specmon: 45 events not checked: --max-instances reached
specmon: 1 warning
[1]
$ specmon check --format ftrace tests/golden/check/tracing-formal.sm order.jsonl
order.jsonl:1:1: skipped line: expected a task 'comm-pid' at the start
order.jsonl:2:1: skipped line: expected a task 'comm-pid' at the start
order.jsonl:3:1: skipped line: expected a task 'comm-pid' at the start
order.jsonl:4:1: skipped line: expected a task 'comm-pid' at the start
order.jsonl:5:1: skipped line: expected a task 'comm-pid' at the start
order.jsonl: warning: 5 of 5 lines could not be read as ftrace (is it the right --format?)
tests/golden/check/tracing-formal.sm:1: warning: event do_first matched no record
tests/golden/check/tracing-formal.sm:2: warning: event do_second matched no record
tests/golden/check/tracing-formal.sm:3: warning: property order was never checked: no instance of it took a step
specmon: 5 lines, 0 events, 5 skipped lines; 0 violations, 0 pending
specmon: 4 warnings
$ mkfifo live; (specmon check --history 0 tests/golden/check/tracing-formal.sm live > live.out 2>&1 &); exec 3>live; printf '{"event":"do_second"}\n' >&3; n=0; until grep -q violation live.out || [ $n -ge 100 ]; do sleep 0.1; n=$((n+1)); done; grep -c violation live.out; exec 3>&-; sleep 0.2; grep "pending$" live.out
1
specmon: 1 line, 1 event, 0 skipped lines; 1 violation, 0 pending
