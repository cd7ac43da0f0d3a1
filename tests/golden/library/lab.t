# needs: shared
# The rule library on the real runs of ../shared/traces/lab/ (Linux 6.1
# drivers, QEMU 7.2 devices; ../shared/traces/README.md), the verdicts
# worked out by hand from each trace.
#
# Driver side, virtio/driver on live_pipe.txt (trace_pipe, symbols right):
#
# boot-cloud: 1 report.  Line 50: the balloon (dev=0) notifies its stats
#   queue (vq 2) after 0xb and its re-read (42-43) but before 0xf (line
#   53): §3.1.1, the stock driver's finding.  Every other device notifies
#   after 0xf; every status write is in order and clears nothing; every
#   FEATURES_OK is re-read (virtio_features_ok) before DRIVER_OK.  One
#   vacuity warning: no legacy device in this run.  The trace.txt of the
#   same boot (the buffer dump: kernel stacks under the status writes,
#   `=>` lines, passed over) gives the same verdict at its line 375.
#
# bad-driver: 6 reports, each bad mode of the bad driver exactly once, at
#   its line; nothing for the stock drivers' other devices, the rmmods and
#   re-probes of virtio_rng, nor mode 0.
#     50  the balloon's stats notification (as in boot-cloud).
#   2224  mode 3: a notification of `badinput` after 0xb (2217) and its
#         re-read (2218-2219), before 0xf (2225).
#         mode 0 (2324-2360): reset, read, 0x1, 0x3, features, 0xb, two
#         reads of 0xb, 0xf, then its buffer and notification: nothing.
#   2395  mode 2: 0xf right after 0xb (2394), no read of the status between.
#   2431  mode 4: 0x2 after the reset: DRIVER without ACKNOWLEDGE
#         (status_order).  0x3, the features, 0xb, its re-read, 0xf follow
#         in order from the status written: nothing more.
#   2438  mode 4: 0xb after 0xf (2437): DRIVER_OK cleared without a reset
#         (no_clear).  The reads (2439-2444) show 0xb; 0xf (2445) sets
#         DRIVER_OK again: fine.
#   2479  mode 1: 0x7 after 0x3: DRIVER_OK without FEATURES_OK, on a modern
#         device (status_order).
#   The run ends after virtio_dev_remove wrote ACKNOWLEDGE (2494): nothing
#   pending (an initialization may stop anywhere).  Vacuity: no legacy
#   device.
#
# legacy-rng: 1 report, line 50, the balloon (as in boot-cloud).  The rng
#   device (dev=1) goes through the legacy interface: 0, 0x1, 0x3, 0x7, no
#   FEATURES_OK (§3.1.2), and notifies after 0x7: nothing.
$ sh tests/golden/library/specmon.sh check virtio/driver shared/traces/lab/boot-cloud/live_pipe.txt
shared/traces/lab/boot-cloud/live_pipe.txt:50: 4.724523 violation of notify_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
  history of notify_after_driver_ok[dev=0]:
    shared/traces/lab/boot-cloud/live_pipe.txt:1  3.906891  status_write(status=0x0)   * -> down
    shared/traces/lab/boot-cloud/live_pipe.txt:6  3.912481  status_write(status=0x1)   * -> down
    shared/traces/lab/boot-cloud/live_pipe.txt:34  4.707039  status_write(status=0x3)   * -> down
    shared/traces/lab/boot-cloud/live_pipe.txt:42  4.710227  status_write(status=0xb)   * -> down
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 1259 lines, 340 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver shared/traces/lab/boot-cloud/trace.txt
shared/traces/lab/boot-cloud/trace.txt:375: 4.724518 violation of notify_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 1859 lines, 337 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver shared/traces/lab/bad-driver/live_pipe.txt
shared/traces/lab/bad-driver/live_pipe.txt:50: 6.847608 violation of notify_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
shared/traces/lab/bad-driver/live_pipe.txt:2224: 10.069308 violation of notify_after_driver_ok[dev=1]: notify(dev=1, vq=0, vqname=badinput) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
shared/traces/lab/bad-driver/live_pipe.txt:2395: 10.920005 violation of reread_features_ok[dev=1]: status_write(dev=1, status=0xf) in state owed
  rule: VirtIO 1.3 §3.1.1 step 6: the status re-read after FEATURES_OK, before going on
  allowed here: status_read   (specs/virtio/driver.sm:155)
                status_write when (status & FEATURES_OK) == 0   (specs/virtio/driver.sm:156)
                status_write when (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:157)
shared/traces/lab/bad-driver/live_pipe.txt:2431: 11.339788 violation of status_order[dev=1]: set_status(dev=1, devid=4, status=0x2) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy): status bits set in step order: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK
  allowed here: set_status when modern_in_order(status)   (specs/virtio/driver.sm:56)
                legacy_set_status when legacy_in_order(status)   (specs/virtio/driver.sm:57)
shared/traces/lab/bad-driver/live_pipe.txt:2438: 11.340250 violation of no_clear[dev=1]: status_write(dev=1, status=0xb) in state known
  rule: VirtIO 1.3 §2.1.1: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET) == 0   (specs/virtio/driver.sm:72)
                status_read   (specs/virtio/driver.sm:73)
shared/traces/lab/bad-driver/live_pipe.txt:2479: 11.760255 violation of status_order[dev=1]: set_status(dev=1, devid=4, status=0x7) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy): status bits set in step order: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK
  allowed here: set_status when modern_in_order(status)   (specs/virtio/driver.sm:56)
                legacy_set_status when legacy_in_order(status)   (specs/virtio/driver.sm:57)
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 2494 lines, 919 events, 0 skipped lines; 6 violations, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver shared/traces/lab/legacy-rng/live_pipe.txt
shared/traces/lab/legacy-rng/live_pipe.txt:50: 4.657548 violation of notify_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
specmon: 1267 lines, 331 events, 0 skipped lines; 1 violation, 0 pending
[1]
