# virtio/device (specs/virtio/device.sm) on hand-made QEMU -trace logs in
# the shape of ../shared/traces/lab/*/qemu_trace.log.  Each log has the
# vacuity warning of pci_notify_write (virtio_pci_notify_write), which
# neither log has.  Expected, by hand (log line numbers):
#
# device-ok.log: nothing.  A machine reset writes 0 to every device, then
#   the VM starts and QEMU writes each status again (0 after 0).  SeaBIOS
#   drives the blk device: 3 (ACKNOWLEDGE and DRIVER in one write), 11, 15,
#   a notification and an irqfd interrupt after DRIVER_OK.  Linux resets it
#   (0 logged twice), 1, 3, 11, 15, and QEMU notifies the queue itself.
#   net: 11 then 131 (0x83): FEATURES_OK gone in the write right after the
#   one that set it, which a refusal explains (QEMU logged 11 though it kept
#   3): no clear; FAILED, a reset, a new attempt.  rng: 1, 3, then a
#   notification, a buffer popped and a used-buffer notification before
#   DRIVER_OK: no FEATURES_OK was written, the driver may be a legacy one
#   that the device must serve (§3.1.2): not judged; then 7 (legacy
#   DRIVER_OK).  balloon: stats notified after 15; the VM stops and QEMU
#   writes 15 again (balloon and blk).
#
# device-bad.log: 10 reports.
#    5: 2 after the reset: DRIVER without ACKNOWLEDGE (status_order).
#    9: 11 after 15: DRIVER_OK cleared (no_clear).  10 (11 again) is taken
#       as the status, unjudged; FEATURES_OK may have been set by it (the
#       rule cannot tell after forgetting), so
#   11: 1 after 11 is judged for DRIVER only: cleared (no_clear).
#   17: a notification after 11, before 15: FEATURES_OK was written, the
#       modern interface (notify_after_driver_ok).
#   20: a buffer popped then, 22: a used-buffer notification
#       (used_after_driver_ok, §2.1.2: two reports, two actions).
#   29: 1 after 131 (0x83): FAILED cleared, initialization begun again
#       without a reset (reset_after_failed; no_clear leaves it).
#   35: 143 (0x8f) after 139 (0x8b): DRIVER_OK set after FAILED without a
#       reset (reset_after_failed).
#   38: a notification and 39: a used-buffer notification right after the
#       reset of 36-37 (state reset; §2.4.1 in 1.2 and later).
$ sh tests/golden/library/specmon.sh check virtio/device tests/golden/library/device-ok.log
specs/virtio/device-events.sm:24: warning: event pci_notify_write matched no record
specmon: 64 lines, 58 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ sh tests/golden/library/specmon.sh check --history 0 virtio/device tests/golden/library/device-bad.log
tests/golden/library/device-bad.log:5: 1795244315.001055 violation of status_order[dev=0x55ad399129c0]: status_write(dev=0x55ad399129c0, status=2) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy), seen by the device: status bits set in step order
  allowed here: status_write when device_in_order(status)   (specs/virtio/device.sm:47)
tests/golden/library/device-bad.log:9: 1795244315.001899 violation of no_clear[dev=0x55ad399129c0]: status_write(dev=0x55ad399129c0, status=11) in state known
  rule: VirtIO 1.3 §2.1.1, seen by the device: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET & ~(fnew * FEATURES_OK)) == 0   (specs/virtio/device.sm:62)
tests/golden/library/device-bad.log:11: 1795244315.002321 violation of no_clear[dev=0x55ad399129c0]: status_write(dev=0x55ad399129c0, status=1) in state known
  rule: VirtIO 1.3 §2.1.1, seen by the device: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET & ~(fnew * FEATURES_OK)) == 0   (specs/virtio/device.sm:62)
tests/golden/library/device-bad.log:17: 1795244315.003587 violation of notify_after_driver_ok[dev=0x55ad399129c0]: queue_notify(dev=0x55ad399129c0, vq=0) in state modern
  rule: VirtIO 1.3 §3.1.1, seen by the device: no available-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:97)
tests/golden/library/device-bad.log:20: 1795244315.004220 violation of used_after_driver_ok[dev=0x55ad399129c0]: consume(dev=0x55ad399129c0) in state modern
  rule: VirtIO 1.3 §2.1.2 (§2.4.1): the device uses no buffer and sends no used-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:123)
tests/golden/library/device-bad.log:22: 1795244315.004642 violation of used_after_driver_ok[dev=0x55ad399129c0]: used_notify(dev=0x55ad399129c0, vq=0x7fb450b4f010) in state modern
  rule: VirtIO 1.3 §2.1.2 (§2.4.1): the device uses no buffer and sends no used-buffer notification before DRIVER_OK
  allowed here: status_write when status != 0 && (status & DRIVER_OK) == 0   (specs/virtio/device.sm:123)
tests/golden/library/device-bad.log:29: 1795244315.006119 violation of reset_after_failed[dev=0x55ad398509e0]: status_write(dev=0x55ad398509e0, status=1) in state failed
  rule: VirtIO 1.3 §2.1.1, seen by the device: after FAILED, a reset before re-initializing
  allowed here: status_write when status == 0   (specs/virtio/device.sm:77)
                status_write when (status & FAILED) != 0 && (status & ~k & STEP_BITS) == 0   (specs/virtio/device.sm:78)
tests/golden/library/device-bad.log:35: 1795244315.007385 violation of reset_after_failed[dev=0x55ad39a25350]: status_write(dev=0x55ad39a25350, status=143) in state failed
  rule: VirtIO 1.3 §2.1.1, seen by the device: after FAILED, a reset before re-initializing
  allowed here: status_write when status == 0   (specs/virtio/device.sm:77)
                status_write when (status & FAILED) != 0 && (status & ~k & STEP_BITS) == 0   (specs/virtio/device.sm:78)
tests/golden/library/device-bad.log:38: 1795244315.008018 violation of notify_after_driver_ok[dev=0x55ad39a25350]: queue_notify(dev=0x55ad39a25350, vq=1) in state reset
  rule: VirtIO 1.3 §3.1.1, seen by the device: no available-buffer notification before DRIVER_OK
  allowed here: reset_write   (specs/virtio/device.sm:98)
                status_write when (status & DRIVER_OK) != 0   (specs/virtio/device.sm:99)
                status_write when (status & FEATURES_OK) != 0   (specs/virtio/device.sm:100)
                status_write   (specs/virtio/device.sm:101)
tests/golden/library/device-bad.log:39: 1795244315.008229 violation of used_after_driver_ok[dev=0x55ad39a25350]: used_notify(dev=0x55ad39a25350, vq=0x7fb450b280a8) in state reset
  rule: VirtIO 1.3 §2.1.2 (§2.4.1): the device uses no buffer and sends no used-buffer notification before DRIVER_OK
  allowed here: reset_write   (specs/virtio/device.sm:124)
                status_write when (status & DRIVER_OK) != 0   (specs/virtio/device.sm:125)
                status_write when (status & FEATURES_OK) != 0   (specs/virtio/device.sm:126)
                status_write   (specs/virtio/device.sm:127)
specs/virtio/device-events.sm:24: warning: event pci_notify_write matched no record
specmon: 39 lines, 34 events, 0 skipped lines; 10 violations, 0 pending
specmon: 1 warning
[1]
