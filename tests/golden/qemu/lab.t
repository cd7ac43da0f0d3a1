# needs: shared
# The rule of qemu.t on a real run's QEMU -trace log (Linux 6.1 drivers,
# QEMU 7.2): the balloon (vdev 0x55ed542a7af0) notifies its stats queue
# (n=2) before DRIVER_OK, the finding the kernel-side trace shows too
# (README).  Only that device breaks the rule.
$ specmon check --history 0 tests/golden/qemu/notify.sm shared/traces/lab/boot-cloud/qemu_trace.log
shared/traces/lab/boot-cloud/qemu_trace.log:121: 1795243135.006766 violation of notify_after_ok[vdev=0x55ed542a7af0]: queue_notify(vdev=0x55ed542a7af0, n=2) in state down
  rule: VirtIO 1.3 §3.1.1: no notification before DRIVER_OK
  allowed here: dev_status when val & DRIVER_OK   (tests/golden/qemu/notify.sm:8)
specmon: 288 lines, 207 events, 0 skipped lines; 1 violation, 0 pending
[1]
