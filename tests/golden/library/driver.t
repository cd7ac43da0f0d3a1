# virtio/driver (specs/virtio/driver.sm) on small hand-made traces in the
# shape of ../shared/traces/lab/*/live_pipe.txt (ftrace text of the lab's
# kprobes), one pair per rule: driver-ok.trace conforms to all nine rules,
# each other trace breaks one of them.  The library is named as a user
# names it (virtio/driver, found in the source tree's specs/); specmon.sh
# shows that path relative.  Every trace goes through all nine rules: what
# one rule reports, the others must let through (one report per wrong
# write).  Expected, worked out from the rules by hand (trace line numbers;
# "k" is what the driver knew of the status: its last write or read), and
# after the reports the vacuity warnings: one per declared event the trace
# has no record of.
#
# driver-ok.trace: nothing, and no warning (every declared event has
#   records).  dev 3 (blk): 0, read 0, 0x1, 0x3, features read and written,
#   0xb, re-read 0xb, the same features written again after FEATURES_OK
#   (14: allowed, nothing new accepted), a buffer, 0xf, a notification; a
#   read shows DEVICE_NEEDS_RESET (0x4f, 19) and 0x8f (20) drops it (the
#   device's bit: no clear) and sets FAILED; reset (21), ACKNOWLEDGE (24).
#   dev 2 (net): the re-read after 0xb shows 0x3 (37: the device refused
#   FEATURES_OK); 0x83 (38) clears nothing the driver knew (k = 0x3) and
#   gives up; reset (39), a new attempt with fewer features (44), in order.
#   dev 1: the legacy interface, 0, 0x1, 0x3, then 0x7 without FEATURES_OK
#   (§3.1.2), notified after it.  dev 4: ACKNOWLEDGE and DRIVER in one write
#   (0x3, 66).  dev 0 (balloon): stats notified after 0xf, as §5.5.5 says.
#
# status-order.trace: status_order, 3 reports, nothing else.
#    4: 0x2 after the reset: DRIVER without ACKNOWLEDGE (not a prefix).  The
#       other rules take 0x2 as written: 0x3 (5) adds ACKNOWLEDGE and clears
#       nothing; 0xb, the re-read, 0xf follow in order: no cascade.
#   16: 0x7 through the modern interface: DRIVER_OK before FEATURES_OK.
#       The notification at 18 follows a status with DRIVER_OK:
#       notify_after_driver_ok follows the status written.
#   24: 0xb through the legacy interface, which has no FEATURES_OK.
#
# no-clear.trace: no_clear, 3 reports.
#   11: 0xb after 0xf (k = 0xf): DRIVER_OK cleared without a reset.  The
#       rule then forgets what it knew: 12 (0xb again) is taken as the
#       status, unjudged: no cascade.
#   13: 0x3 after 0xb (k = 0xb): FEATURES_OK cleared, a second fault.
#   20: dev 2, 0x81 after 0x83: DRIVER cleared while FAILED stays set
#       (reset_after_failed: FAILED kept, no new step bit, nothing to say).
#
# reset-after-failed.trace: reset_after_failed, 2 reports.
#    7: dev 1, 0x1 after 0x83: FAILED cleared and initialization begun
#       again without a reset.  no_clear leaves a cleared FAILED to this
#       rule: one report.
#   20: dev 2, 0x8f after 0x8b (written at 17, read back at 18-19): FAILED
#       kept but DRIVER_OK set, a new step, without a reset.  The reset
#       (21) and ACKNOWLEDGE (24) that follow are fine.
#
# features-ok-step.trace: features_ok_step, 3 reports.
#    6: dev 1, 0xb with no feature written since DRIVER (0x3, line 5).
#   13: dev 2, 0xb: its features were written at 11, before DRIVER (12).
#   20: dev 3, 0xf after the features: FEATURES_OK and DRIVER_OK in one
#       write (no re-read can come between them; reread_features_ok leaves
#       that write to this rule).
#
# reread.trace: reread_features_ok, 2 reports.
#   10: dev 1, 0xf after 0xb (7) with no read of dev 1 between: lines 8-9
#       read dev 2 (the return takes `dev` from its entry, the open get_status
#       of the same task: dev 2's), not dev 1.
#   18: dev 3, a buffer added (step 7) after 0xb (17), before the re-read
#       (19-20).  The rule then forgets the device until a status without
#       FEATURES_OK: 0xf at 21 is not reported again.
#
# refused.trace: refused_features_ok, 2 reports.
#   10: dev 1, 0xf after the re-read showed 0x3 (8-9): the device refused
#       FEATURES_OK.  no_clear knows 0x3 (the read): nothing cleared.
#   20: dev 2, refused too (18-19), then a buffer added: initialization
#       goes on.  0x83 (21) gives up: fine.
#
# notify.trace: notify_after_driver_ok, 2 reports.
#   11: a notification in 0xb (mode 3 of the lab's bad driver).  13 comes
#       after 0xf: fine.  15: after the reset at 14, before a new DRIVER_OK.
#
# features-frozen.trace: features_frozen, 1 report.
#   12: the same features again after FEATURES_OK: fine.  13: bit 2
#       dropped: renegotiation without a reset.  14 (written back) is not
#       judged: the rule waits for the next reset (16); after it the
#       smaller set (19) is accepted before 0xb (20).
#
# features-offered.trace: features_offered, 1 report.
#    6: features written before the driver read the offer: not judged.
#    9: bit 0 accepted; the offer read at 7-8 (0x10130000000) lacks it.
#   10: a subset of the offer: fine.
$ sh tests/golden/library/specmon.sh check virtio/driver tests/golden/library/driver-ok.trace
specmon: 89 lines, 124 events, 0 skipped lines; 0 violations, 0 pending
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/status-order.trace
tests/golden/library/status-order.trace:4: 11.300452 violation of status_order[dev=1]: set_status(dev=1, devid=4, status=0x2) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy): status bits set in step order: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK
  allowed here: set_status when modern_in_order(status)   (specs/virtio/driver.sm:56)
                legacy_set_status when legacy_in_order(status)   (specs/virtio/driver.sm:57)
tests/golden/library/status-order.trace:16: 11.301808 violation of status_order[dev=3]: set_status(dev=3, devid=2, status=0x7) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy): status bits set in step order: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK
  allowed here: set_status when modern_in_order(status)   (specs/virtio/driver.sm:56)
                legacy_set_status when legacy_in_order(status)   (specs/virtio/driver.sm:57)
tests/golden/library/status-order.trace:24: 11.302712 violation of status_order[dev=2]: legacy_set_status(dev=2, devid=4, status=0xb) in state s
  rule: VirtIO 1.3 §3.1.1 (§3.1.2 legacy): status bits set in step order: ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK
  allowed here: set_status when modern_in_order(status)   (specs/virtio/driver.sm:56)
                legacy_set_status when legacy_in_order(status)   (specs/virtio/driver.sm:57)
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specmon: 24 lines, 38 events, 0 skipped lines; 3 violations, 0 pending
specmon: 2 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/no-clear.trace
tests/golden/library/no-clear.trace:11: 11.301243 violation of no_clear[dev=1]: status_write(dev=1, status=0xb) in state known
  rule: VirtIO 1.3 §2.1.1: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET) == 0   (specs/virtio/driver.sm:72)
                status_read   (specs/virtio/driver.sm:73)
tests/golden/library/no-clear.trace:13: 11.301469 violation of no_clear[dev=1]: status_write(dev=1, status=0x3) in state known
  rule: VirtIO 1.3 §2.1.1: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET) == 0   (specs/virtio/driver.sm:72)
                status_read   (specs/virtio/driver.sm:73)
tests/golden/library/no-clear.trace:20: 11.302260 violation of no_clear[dev=2]: status_write(dev=2, status=0x81) in state known
  rule: VirtIO 1.3 §2.1.1: no status bit cleared except by a reset
  allowed here: status_write when status == 0 || (k & ~status & ~DEVICE_NEEDS_RESET) == 0   (specs/virtio/driver.sm:72)
                status_read   (specs/virtio/driver.sm:73)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specs/virtio/driver-events.sm:66: warning: event vq_add matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 20 lines, 33 events, 0 skipped lines; 3 violations, 0 pending
specmon: 6 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/reset-after-failed.trace
tests/golden/library/reset-after-failed.trace:7: 5.000791 violation of reset_after_failed[dev=1]: status_write(dev=1, status=0x1) in state failed
  rule: VirtIO 1.3 §2.1.1: after FAILED, a reset before re-initializing
  allowed here: status_write when status == 0   (specs/virtio/driver.sm:95)
                status_write when (status & FAILED) != 0 && (status & ~k & STEP_BITS) == 0   (specs/virtio/driver.sm:96)
tests/golden/library/reset-after-failed.trace:20: 5.002260 violation of reset_after_failed[dev=2]: status_write(dev=2, status=0x8f) in state failed
  rule: VirtIO 1.3 §2.1.1: after FAILED, a reset before re-initializing
  allowed here: status_write when status == 0   (specs/virtio/driver.sm:95)
                status_write when (status & FAILED) != 0 && (status & ~k & STEP_BITS) == 0   (specs/virtio/driver.sm:96)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specs/virtio/driver-events.sm:66: warning: event vq_add matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 24 lines, 37 events, 0 skipped lines; 2 violations, 0 pending
specmon: 6 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/features-ok-step.trace
tests/golden/library/features-ok-step.trace:6: 6.000678 violation of features_ok_step[dev=1]: status_write(dev=1, status=0xb) in state drv
  rule: VirtIO 1.3 §3.1.1 steps 4-6: FEATURES_OK set after the features were written, and apart from DRIVER_OK
  allowed here: set_drv_features   (specs/virtio/driver.sm:120)
                status_write when status != 0 && (status & FEATURES_OK) == 0   (specs/virtio/driver.sm:121)
tests/golden/library/features-ok-step.trace:13: 6.001469 violation of features_ok_step[dev=2]: status_write(dev=2, status=0xb) in state drv
  rule: VirtIO 1.3 §3.1.1 steps 4-6: FEATURES_OK set after the features were written, and apart from DRIVER_OK
  allowed here: set_drv_features   (specs/virtio/driver.sm:120)
                status_write when status != 0 && (status & FEATURES_OK) == 0   (specs/virtio/driver.sm:121)
tests/golden/library/features-ok-step.trace:20: 6.002260 violation of features_ok_step[dev=3]: status_write(dev=3, status=0xf) in state feat
  rule: VirtIO 1.3 §3.1.1 steps 4-6: FEATURES_OK set after the features were written, and apart from DRIVER_OK
  allowed here: set_drv_features   (specs/virtio/driver.sm:122)
                status_write when status != 0 && (status & FEATURES_OK) != 0 && (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:123)
                status_write when status != 0 && (status & FEATURES_OK) == 0   (specs/virtio/driver.sm:124)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specs/virtio/driver-events.sm:66: warning: event vq_add matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 20 lines, 32 events, 0 skipped lines; 3 violations, 0 pending
specmon: 6 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/reread.trace
tests/golden/library/reread.trace:10: 10.901130 violation of reread_features_ok[dev=1]: status_write(dev=1, status=0xf) in state owed
  rule: VirtIO 1.3 §3.1.1 step 6: the status re-read after FEATURES_OK, before going on
  allowed here: status_read   (specs/virtio/driver.sm:155)
                status_write when (status & FEATURES_OK) == 0   (specs/virtio/driver.sm:156)
                status_write when (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:157)
tests/golden/library/reread.trace:18: 10.902034 violation of reread_features_ok[dev=3]: vq_add(dev=3, vq=0, vqname=req.0, token=0xff135d8804d86110) in state owed
  rule: VirtIO 1.3 §3.1.1 step 6: the status re-read after FEATURES_OK, before going on
  allowed here: status_read   (specs/virtio/driver.sm:155)
                status_write when (status & FEATURES_OK) == 0   (specs/virtio/driver.sm:156)
                status_write when (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:157)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 21 lines, 31 events, 0 skipped lines; 2 violations, 0 pending
specmon: 5 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/refused.trace
tests/golden/library/refused.trace:10: 7.001130 violation of refused_features_ok[dev=1]: status_write(dev=1, status=0xf) in state refused
  rule: VirtIO 1.3 §3.1.1 step 6: no going on (virtqueues, DRIVER_OK) after the device refused FEATURES_OK
  allowed here: status_write when status == 0   (specs/virtio/driver.sm:192)
                status_write when (status & FEATURES_OK) != 0 && (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:193)
                status_write when (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:194)
tests/golden/library/refused.trace:20: 7.002260 violation of refused_features_ok[dev=2]: vq_add(dev=2, vq=0, vqname=input.0, token=0xff135d8804f20000) in state refused
  rule: VirtIO 1.3 §3.1.1 step 6: no going on (virtqueues, DRIVER_OK) after the device refused FEATURES_OK
  allowed here: status_write when status == 0   (specs/virtio/driver.sm:192)
                status_write when (status & FEATURES_OK) != 0 && (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:193)
                status_write when (status & DRIVER_OK) == 0   (specs/virtio/driver.sm:194)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 21 lines, 31 events, 0 skipped lines; 2 violations, 0 pending
specmon: 5 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/notify.trace
tests/golden/library/notify.trace:11: 10.001243 violation of notify_after_driver_ok[dev=1]: notify(dev=1, vq=0, vqname=badinput) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
tests/golden/library/notify.trace:15: 10.001695 violation of notify_after_driver_ok[dev=1]: notify(dev=1, vq=0, vqname=badinput) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:46: warning: event get_dev_features matched no record
specs/virtio/driver-events.sm:49: warning: event get_dev_features_ret matched no record
specmon: 17 lines, 26 events, 0 skipped lines; 2 violations, 0 pending
specmon: 3 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/features-frozen.trace
tests/golden/library/features-frozen.trace:13: 8.001469 violation of features_frozen[dev=3]: set_drv_features(dev=3, devid=2, features=0x10130006e50) in state frozen
  rule: VirtIO 1.3 §3.1.1 step 5, §2.2: no feature accepted after FEATURES_OK, until a reset
  allowed here: reset_write   (specs/virtio/driver.sm:232)
                status_write   (specs/virtio/driver.sm:233)
                set_drv_features when have == 1 && features == acc   (specs/virtio/driver.sm:234)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:66: warning: event vq_add matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 20 lines, 29 events, 0 skipped lines; 1 violation, 0 pending
specmon: 4 warnings
[1]
$ sh tests/golden/library/specmon.sh check --history 0 virtio/driver tests/golden/library/features-offered.trace
tests/golden/library/features-offered.trace:9: 9.001017 violation of features_offered[dev=1]: set_drv_features(dev=1, devid=4, features=0x10130000001) in state s
  rule: VirtIO 1.3 §2.2.1: no feature accepted that the device did not offer
  allowed here: get_dev_features_ret   (specs/virtio/driver.sm:248)
                set_drv_features when have == 0 || (features & ~off) == 0   (specs/virtio/driver.sm:249)
specs/virtio/events.sm:98: warning: event queue_notify matched no record
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specs/virtio/driver-events.sm:66: warning: event vq_add matched no record
specs/virtio/driver-events.sm:80: warning: event notify matched no record
specmon: 14 lines, 19 events, 0 skipped lines; 1 violation, 0 pending
specmon: 4 warnings
[1]
