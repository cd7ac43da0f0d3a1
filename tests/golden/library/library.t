# The rule library as a user meets it.  `specmon specs` lists the source
# tree's specs/ first (SPECMON_PATH emptied; its path shown as ROOT; an
# installed library, listed after it, is cut off) with the title of each
# spec's `spec` line; the shared
# declaration files (events.sm and the two files of one side's events) have
# no `spec` line (an included file may not have one): no title.  Every spec
# lints clean.  Then the README's first example: virtio/driver, found by
# name, on the bundled boot (examples/boot-cloud.trace, a copy of
# ../shared/traces/lab/boot-cloud/live_pipe.txt): the balloon's stats
# notification before DRIVER_OK at line 50, with its history (the
# balloon's status writes 0x0, 0x1, 0x3, 0xb, never 0xf before it), the
# vacuity warning of the legacy interface (no legacy device in this boot),
# exit status 1.  The README shows that run (the source tree at
# /home/me/specmon): it must be what specmon prints.
$ SPECMON_PATH= specmon specs 2>&1 | sed "s|$(cd -P tests/.. && pwd)|ROOT|" | awk 'NF == 0 {exit} {print}'
ROOT/specs:
  vhost-user/ring       vhost-user (QEMU docs/interop/vhost-user.rst, Ring states): no ring event handled before SET_VRING_ENABLE
  virtio/balloon        VirtIO 1.1-1.4 §5.5.5, §5.5.6.3.1: the traditional memory balloon's statistics queue, from Linux kprobes
  virtio/device         VirtIO 1.1-1.4 §2.1, §3.1.1: device initialization as the device sees it, from QEMU's -trace log
  virtio/device-events
  virtio/driver         VirtIO 1.1-1.4 §2.1.1, §2.2.1, §3.1.1: the driver's device initialization, from Linux kprobes
  virtio/driver-events
  virtio/events
  virtio/notifications  VirtIO 1.1-1.4 §2.7.7, §2.7.10: notification suppression on split virtqueues, both directions
  virtio/sound          VirtIO 1.2-1.4 §5.14.6.6.1, §2.7.13.3, §3.3.1: virtio-sound PCM stream lifecycle and buffer ownership
$ for s in virtio/events virtio/driver-events virtio/device-events virtio/driver virtio/device virtio/balloon virtio/notifications virtio/sound vhost-user/ring; do specmon lint $s || echo "$s: lint failed"; done
$ sh tests/golden/library/specmon.sh check virtio/driver examples/boot-cloud.trace
examples/boot-cloud.trace:50: 4.724523 violation of notify_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  rule: VirtIO 1.3 §3.1.1: no available-buffer notification before DRIVER_OK
  allowed here: status_write when (status & DRIVER_OK) != 0   (specs/virtio/driver.sm:213)
                status_write   (specs/virtio/driver.sm:214)
  history of notify_after_driver_ok[dev=0]:
    examples/boot-cloud.trace:1  3.906891  status_write(status=0x0)   * -> down
    examples/boot-cloud.trace:6  3.912481  status_write(status=0x1)   * -> down
    examples/boot-cloud.trace:34  4.707039  status_write(status=0x3)   * -> down
    examples/boot-cloud.trace:42  4.710227  status_write(status=0xb)   * -> down
specs/virtio/driver-events.sm:14: warning: event legacy_set_status matched no record
specmon: 1259 lines, 340 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ root=$(cd -P tests/.. && pwd); sed -n '/^\$ \.\/build\/specmon check virtio\/driver examples/,/^```$/p' "$root/README.md" | sed '1d;$d' >readme.out; specmon check virtio/driver examples/boot-cloud.trace 2>&1 | sed "s|$root|/home/me/specmon|" | diff readme.out - && echo "README: as printed"
README: as printed
