# virtio/sound (specs/virtio/sound.sm) on hand-made inputs: PCM control
# requests as ftrace records of the kprobe on virtsnd_pcm_ctl_msg_alloc
# (no shared trace has them: the lab has no sound device), and I/O buffers
# as the driver's debug log of ../shared/traces/seeds/virtio-sound-dmesg.txt.
# Each input has one half only: the vacuity warnings say which part of the
# spec it could not check.  Expected, by hand (line numbers):
#
# sound-ok.trace: nothing.  Stream 0: SET_PARAMS, PREPARE, START, STOP,
#   START, STOP, RELEASE, then PREPARE after RELEASE (allowed: the stream
#   keeps its parameters), START, STOP, RELEASE.  Stream 1 (a capture)
#   begins with PREPARE (allowed: a stream starts as after a RELEASE),
#   SET_PARAMS, PREPARE, RELEASE.
#
# sound-bad.trace: 5 reports of pcm_lifecycle; each leaves its stream
#   where it was (the device answers BAD_MSG).
#    1: stream 0 START before any PREPARE (idle).
#    5: PREPARE while started (4): only STOP is valid after START.
#    7: STOP after STOP (6): stopped allows START or RELEASE.
#    9: stream 1 RELEASE while idle.
#   11: START after SET_PARAMS (10), without PREPARE.
#
# sound-buffers-ok.log: nothing, nothing pending.  Buffers #1 and #2 sent;
#   #1 completed, its pointer reported, sent again; #2 completed, pointer;
#   #1 completed.
#
# sound-buffers-bad.log: 3 reports.
#    2: #1 sent again while the device still has it (buffer_cycle).
#    3: the pointer past #1 while #1 is exposed (pointer_after_complete);
#       the rule forgets #1 until its next send, so the pointer at 5, after
#       the completion at 4, is fine anyway.
#    8: #2 completed twice: the second with no send before it
#       (buffer_cycle).
$ sh tests/golden/library/specmon.sh check virtio/sound tests/golden/library/sound-ok.trace
specs/virtio/sound.sm:80: warning: event msg_send matched no record
specs/virtio/sound.sm:81: warning: event msg_complete matched no record
specs/virtio/sound.sm:82: warning: event pointer matched no record
specs/virtio/sound.sm:98: warning: no event of buffer_cycle carried its key field buf
specs/virtio/sound.sm:98: warning: property buffer_cycle was never checked: no instance of it took a step
specs/virtio/sound.sm:105: warning: no event of pointer_after_complete carried its key field buf
specs/virtio/sound.sm:105: warning: property pointer_after_complete was never checked: no instance of it took a step
specmon: 15 lines, 15 events, 0 skipped lines; 0 violations, 0 pending
specmon: 7 warnings
$ sh tests/golden/library/specmon.sh check --history 0 virtio/sound tests/golden/library/sound-bad.trace
tests/golden/library/sound-bad.trace:1: 20.000347 violation of pcm_lifecycle[stream=0]: pcm_ctl(stream=0, code=0x104) in state idle
  rule: VirtIO 1.2 §5.14.6.6.1: PCM command lifecycle (SET_PARAMS, PREPARE, START, STOP, RELEASE)
  allowed here: set_params   (specs/virtio/sound.sm:65)
                prepare   (specs/virtio/sound.sm:66)
tests/golden/library/sound-bad.trace:5: 20.001735 violation of pcm_lifecycle[stream=0]: pcm_ctl(stream=0, code=0x102) in state started
  rule: VirtIO 1.2 §5.14.6.6.1: PCM command lifecycle (SET_PARAMS, PREPARE, START, STOP, RELEASE)
  allowed here: stop   (specs/virtio/sound.sm:73)
tests/golden/library/sound-bad.trace:7: 20.002429 violation of pcm_lifecycle[stream=0]: pcm_ctl(stream=0, code=0x105) in state stopped
  rule: VirtIO 1.2 §5.14.6.6.1: PCM command lifecycle (SET_PARAMS, PREPARE, START, STOP, RELEASE)
  allowed here: start   (specs/virtio/sound.sm:74)
                release   (specs/virtio/sound.sm:75)
tests/golden/library/sound-bad.trace:9: 20.003123 violation of pcm_lifecycle[stream=1]: pcm_ctl(stream=1, code=0x103) in state idle
  rule: VirtIO 1.2 §5.14.6.6.1: PCM command lifecycle (SET_PARAMS, PREPARE, START, STOP, RELEASE)
  allowed here: set_params   (specs/virtio/sound.sm:65)
                prepare   (specs/virtio/sound.sm:66)
tests/golden/library/sound-bad.trace:11: 20.003817 violation of pcm_lifecycle[stream=1]: pcm_ctl(stream=1, code=0x104) in state params
  rule: VirtIO 1.2 §5.14.6.6.1: PCM command lifecycle (SET_PARAMS, PREPARE, START, STOP, RELEASE)
  allowed here: set_params   (specs/virtio/sound.sm:67)
                prepare   (specs/virtio/sound.sm:68)
specs/virtio/sound.sm:80: warning: event msg_send matched no record
specs/virtio/sound.sm:81: warning: event msg_complete matched no record
specs/virtio/sound.sm:82: warning: event pointer matched no record
specs/virtio/sound.sm:98: warning: no event of buffer_cycle carried its key field buf
specs/virtio/sound.sm:98: warning: property buffer_cycle was never checked: no instance of it took a step
specs/virtio/sound.sm:105: warning: no event of pointer_after_complete carried its key field buf
specs/virtio/sound.sm:105: warning: property pointer_after_complete was never checked: no instance of it took a step
specmon: 11 lines, 11 events, 0 skipped lines; 5 violations, 0 pending
specmon: 7 warnings
[1]
$ sh tests/golden/library/specmon.sh check virtio/sound tests/golden/library/sound-buffers-ok.log
specs/virtio/sound.sm:39: warning: event pcm_ctl matched no record
specs/virtio/sound.sm:41: warning: event set_params never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:42: warning: event prepare never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:43: warning: event release never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:44: warning: event start never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:45: warning: event stop never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:62: warning: no event of pcm_lifecycle carried its key field stream
specs/virtio/sound.sm:62: warning: property pcm_lifecycle was never checked: no instance of it took a step
specmon: 8 lines, 8 events, 0 skipped lines; 0 violations, 0 pending
specmon: 8 warnings
$ sh tests/golden/library/specmon.sh check --history 0 virtio/sound tests/golden/library/sound-buffers-bad.log
tests/golden/library/sound-buffers-bad.log:2: 15.612061 violation of buffer_cycle[buf=1]: msg_send(buf=1) while a msg_send still waits for its msg_complete
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): an I/O buffer exposed again only after the device used it
  relation: msg_send alternatesWith msg_complete   (specs/virtio/sound.sm:98)
  allowed here: msg_complete
tests/golden/library/sound-buffers-bad.log:3: 15.612268 violation of pointer_after_complete[buf=1]: pointer(buf=1) in state exposed
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): no PCM pointer past a buffer the device still owns
  allowed here: msg_send   (specs/virtio/sound.sm:112)
                msg_complete   (specs/virtio/sound.sm:113)
tests/golden/library/sound-buffers-bad.log:8: 15.613303 violation of buffer_cycle[buf=2]: msg_complete(buf=2) with no msg_send before it to match
  rule: VirtIO 1.2 §2.7.13.3 and §3.3.1 (derived): an I/O buffer exposed again only after the device used it
  relation: msg_send alternatesWith msg_complete   (specs/virtio/sound.sm:98)
  allowed here: msg_send
specs/virtio/sound.sm:39: warning: event pcm_ctl matched no record
specs/virtio/sound.sm:41: warning: event set_params never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:42: warning: event prepare never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:43: warning: event release never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:44: warning: event start never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:45: warning: event stop never ticked: pcm_ctl never ticked
specs/virtio/sound.sm:62: warning: no event of pcm_lifecycle carried its key field stream
specs/virtio/sound.sm:62: warning: property pcm_lifecycle was never checked: no instance of it took a step
specmon: 8 lines, 8 events, 0 skipped lines; 3 violations, 0 pending
specmon: 8 warnings
[1]
