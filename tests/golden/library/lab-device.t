# needs: shared
# virtio/device on the QEMU side of the same runs (qemu_trace.log), and
# virtio/balloon on their driver side, verdicts worked out by hand.  The
# device logs lack virtio_pci_notify_write: one vacuity warning each.
#
# boot-cloud/qemu_trace.log: 1 report, line 121: the balloon
#   (vdev 0x55ed542a7af0) receives a notification of queue 2 after 11
#   (FEATURES_OK, the modern interface) and before 15 (line 122): the same
#   finding as the driver side.  Nothing else: the resets are logged twice
#   and 0 is written again when the VM starts and stops; SeaBIOS drives the
#   blk device (vdev 0x55ed5459b820) with 3 (ACKNOWLEDGE and DRIVER at once),
#   11, 15 before Linux resets it; QEMU notifies the queues itself right
#   after each 15; every used-buffer notification and every rng buffer
#   popped comes after 15.
#
# bad-driver/qemu_trace.log: 4 reports.
#   121  the balloon's stats notification, as in boot-cloud.
#   331  mode 3: the rng (vdev 0x55ad399129c0) receives the notification of
#        queue 0 after 11, before 15 (333); the rng device pops the buffer
#        only after 15 (335-337, "guest not ready" before): the device is
#        right.
#   414  mode 4: 2 after the reset (0 logged twice, 410 and 412): DRIVER
#        without ACKNOWLEDGE.
#   422  mode 4: 11 after 15 (420): DRIVER_OK cleared.  15 again (424) is
#        taken as the status after the report.
#   Not seen from the device side: mode 2 (the missing re-read: QEMU logs no
#   read) and mode 1 (3 then 7: what a legacy driver writes, and QEMU's log
#   does not say which interface the driver uses, so 7 is in order here).
#   At the end the VM stops and QEMU writes 1 again (463): nothing.
#
# legacy-rng/qemu_trace.log: 1 report, line 125, the balloon
#   (vdev 0x557e6ebd8d80).  The legacy rng device goes 0, 1, 3, 7: in order.
#
# virtio/balloon on the driver side: the stats queue notified before
# DRIVER_OK on every boot, at line 50 of each live_pipe.txt
# (stats_after_driver_ok, §5.5.5); one stats buffer only, never given back
# (QEMU keeps it until it wants statistics): stats_one_buffer has nothing to
# say.
$ sh tests/golden/library/specmon.sh check --history 0 virtio/device shared/traces/lab/boot-cloud/qemu_trace.log
shared/traces/lab/boot-cloud/qemu_trace.log:121: 1795243135.006766 violation of notify_after_driver_ok[dev=0x55ed542a7af0]: queue_notify(dev=0x55ed542a7af0, vq=2) in state modern
  rule: VirtIO 1.3 §3.1.1, seen by the device: no available-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:97)
specs/virtio/device-events.sm:24: warning: event pci_notify_write matched no record
specmon: 288 lines, 251 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/device shared/traces/lab/bad-driver/qemu_trace.log
shared/traces/lab/bad-driver/qemu_trace.log:121: 1795244310.524664 violation of notify_after_driver_ok[dev=0x55ad398509e0]: queue_notify(dev=0x55ad398509e0, vq=2) in state modern
  rule: VirtIO 1.3 §3.1.1, seen by the device: no available-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:97)
shared/traces/lab/bad-driver/qemu_trace.log:331: 1795244313.746423 violation of notify_after_driver_ok[dev=0x55ad399129c0]: queue_notify(dev=0x55ad399129c0, vq=0) in state modern
  rule: VirtIO 1.3 §3.1.1, seen by the device: no available-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:97)
shared/traces/lab/bad-driver/qemu_trace.log:414: 1795244315.016802 violation of status_order[dev=0x55ad399129c0]: status_write(dev=0x55ad399129c0, status=2) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy), seen by the device: status bits set in step order
  allowed here: status_write when device_in_order(status)   (specs/virtio/device.sm:47)
shared/traces/lab/bad-driver/qemu_trace.log:422: 1795244315.017339 violation of no_clear[dev=0x55ad399129c0]: status_write(dev=0x55ad399129c0, status=11) in state known
  rule: VirtIO 1.3 §2.1.1, seen by the device: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET & ~(fnew * FEATURES_OK)) == 0   (specs/virtio/device.sm:62)
specs/virtio/device-events.sm:24: warning: event pci_notify_write matched no record
specmon: 465 lines, 365 events, 0 skipped lines; 4 violations, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/device shared/traces/lab/legacy-rng/qemu_trace.log
shared/traces/lab/legacy-rng/qemu_trace.log:125: 1795243158.055492 violation of notify_after_driver_ok[dev=0x557e6ebd8d80]: queue_notify(dev=0x557e6ebd8d80, vq=2) in state modern
  rule: VirtIO 1.3 §3.1.1, seen by the device: no available-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:97)
specs/virtio/device-events.sm:24: warning: event pci_notify_write matched no record
specmon: 290 lines, 252 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ for run in boot-cloud bad-driver legacy-rng; do sh tests/golden/library/specmon.sh check --history 0 virtio/balloon shared/traces/lab/$run/live_pipe.txt | grep -v '^  '; done
shared/traces/lab/boot-cloud/live_pipe.txt:50: 4.724523 violation of stats_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 1259 lines, 370 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
shared/traces/lab/bad-driver/live_pipe.txt:50: 6.847608 violation of stats_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 2494 lines, 1247 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
shared/traces/lab/legacy-rng/live_pipe.txt:50: 4.657548 violation of stats_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
specmon: 1267 lines, 377 events, 0 skipped lines; 1 violation, 0 pending
