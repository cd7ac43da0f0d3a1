# virtio/balloon (specs/virtio/balloon.sm) on hand-made traces in the shape
# of the lab's (ftrace text; the balloon's lines as in
# ../shared/traces/lab/excerpts/balloon_inflate_start_live.txt).  Each has
# the vacuity warning of legacy_set_status (no legacy device).  Expected, by
# hand (trace line numbers):
#
# balloon-ok.trace: nothing.  The balloon (dev 0) is initialized, adds its
#   stats buffer (14), writes DRIVER_OK (15), then kicks and notifies the
#   stats queue (16-17).  An inflate request and its acknowledgement
#   (18-28; get_buf on queue 0 is not the stats queue's); an interrupt on
#   the stats queue (29-30) and the driver takes the stats buffer back
#   (31-32: get_buf on queue 2 returns it), so it may add one again (33).
#   Then a reset (rmmod: 36), which gives every buffer back, and a second
#   initialization adds the stats buffer (52): one available.
#
# balloon-bad.trace: 3 reports.
#   16: the stats queue notified before DRIVER_OK (17): the lab's finding
#       in Linux 6.1's virtio_balloon (stats_after_driver_ok).
#   18: a second stats buffer while the first (14) is still available
#       (stats_one_buffer).
#   23: again: get_buf on queue 2 (21-22) returned nothing (token 0), so the
#       first buffer is still the device's.
$ sh tests/golden/library/specmon.sh check virtio/balloon tests/golden/library/balloon-ok.trace
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 55 lines, 58 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ sh tests/golden/library/specmon.sh check --history 0 virtio/balloon tests/golden/library/balloon-bad.trace
tests/golden/library/balloon-bad.trace:16: 6.801808 violation of stats_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  rule: VirtIO 1.3 §5.5.5 and §3.1.1: the stats buffer notified after DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/balloon.sm:51)
                status_write   (specs/virtio/balloon.sm:52)
tests/golden/library/balloon-bad.trace:18: 6.802034 violation of stats_one_buffer[dev=0]: vq_add(dev=0, vq=2, vqname=stats, token=0xff2cf1d884ccc000) in state one
  rule: VirtIO 1.3 §5.5.6.3.1: at most one buffer available in the statsq
  allowed here: get_buf_ret when vq == STATS_VQ && token != 0   (specs/virtio/balloon.sm:68)
tests/golden/library/balloon-bad.trace:23: 6.802599 violation of stats_one_buffer[dev=0]: vq_add(dev=0, vq=2, vqname=stats, token=0xff2cf1d884ccc000) in state one
  rule: VirtIO 1.3 §5.5.6.3.1: at most one buffer available in the statsq
  allowed here: get_buf_ret when vq == STATS_VQ && token != 0   (specs/virtio/balloon.sm:68)
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 23 lines, 28 events, 0 skipped lines; 3 violations, 0 pending
specmon: 1 warning
[1]
