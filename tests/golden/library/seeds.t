# needs: shared
# The seeds' examples (../shared/traces/seeds/), verdicts by hand.
#
# virtio-sound-dmesg.txt with virtio/sound: 1 report and 3 pending.
#   Line 5: the PCM pointer past buffer #1 (pointer_after_complete), while
#   #1, sent at line 1, is completed only at line 6: the 2023 driver bug,
#   the application let write into a buffer the device still owns.
#   buffer_cycle holds (each buffer sent once); #2, #3, #4 are still with
#   the device at the end: pending (the log is cut), not violations.  The
#   log has no PCM control request: the lifecycle's vacuity warnings.
#
# vhost-user-invalid.txt with vhost-user/ring: 1 report, line 1: an event
#   handled before any set_vring_enable (the record order counts, not the
#   back-end's timestamps).  vhost-user-valid.txt: enabled twice, then the
#   event: nothing.  Neither log disables a ring: the vacuity warning of
#   vring_disable.
$ sh tests/golden/library/specmon.sh check virtio/sound shared/traces/seeds/virtio-sound-dmesg.txt
shared/traces/seeds/virtio-sound-dmesg.txt:5: 15.612758 violation of pointer_after_complete[buf=1]: pointer(buf=1) in state exposed
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): no PCM pointer past a buffer the device still owns
  allowed here: msg_send   (specs/virtio/sound.sm:112)
                msg_complete   (specs/virtio/sound.sm:113)
  history of pointer_after_complete[buf=1]:
    shared/traces/seeds/virtio-sound-dmesg.txt:1  15.611647  msg_send()   free -> exposed
shared/traces/seeds/virtio-sound-dmesg.txt:2: 15.611854 pending buffer_cycle[buf=2]: 1 msg_send still waits for its msg_complete at the end of input
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): an I/O buffer exposed again only after the device used it
  history of buffer_cycle[buf=2]:
    shared/traces/seeds/virtio-sound-dmesg.txt:2  15.611854  msg_send()
shared/traces/seeds/virtio-sound-dmesg.txt:3: 15.612037 pending buffer_cycle[buf=3]: 1 msg_send still waits for its msg_complete at the end of input
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): an I/O buffer exposed again only after the device used it
  history of buffer_cycle[buf=3]:
    shared/traces/seeds/virtio-sound-dmesg.txt:3  15.612037  msg_send()
shared/traces/seeds/virtio-sound-dmesg.txt:4: 15.612240 pending buffer_cycle[buf=4]: 1 msg_send still waits for its msg_complete at the end of input
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): an I/O buffer exposed again only after the device used it
  history of buffer_cycle[buf=4]:
    shared/traces/seeds/virtio-sound-dmesg.txt:4  15.612240  msg_send()
specs/virtio/sound.sm:39: warning: event pcm_ctl matched no record
specs/virtio/sound.sm:41: warning: event set_params never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:42: warning: event prepare never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:43: warning: event release never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:44: warning: event start never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:45: warning: event stop never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:62: warning: no event of pcm_lifecycle carried its key field stream
specs/virtio/sound.sm:62: warning: property pcm_lifecycle was never checked: no instance of it took a step
specmon: 6 lines, 6 events, 0 skipped lines; 1 violation, 3 pending
specmon: 8 warnings
[1]
$ sh tests/golden/library/specmon.sh check vhost-user/ring shared/traces/seeds/vhost-user-invalid.txt
shared/traces/seeds/vhost-user-invalid.txt:1: 15.612037 violation of enable_first: handle_event() in state disabled
  rule: vhost-user Ring states: no ring event handled before SET_VRING_ENABLE
  allowed here: vring_disable   (specs/vhost-user/ring.sm:44)
                vring_enable   (specs/vhost-user/ring.sm:45)
specs/vhost-user/ring.sm:37: warning: event vring_disable matched no record
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ sh tests/golden/library/specmon.sh check vhost-user/ring shared/traces/seeds/vhost-user-valid.txt
specs/vhost-user/ring.sm:37: warning: event vring_disable matched no record
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
