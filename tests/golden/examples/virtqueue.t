# examples/virtqueue: a split virtqueue, driver and device, checked in-process
# by the rule library's virtio/notifications (SM_EMIT on every decision and
# notification, with the values the decider read).  Each of the 256 queues
# starts a little before its indexes wrap at 65536 and goes 2 queue sizes
# past the wrap.
#
# The correct build never reports, whatever the interleaving of its two
# threads: each decision uses the spec's formula on the values it then
# emits, and each side emits its decision and its notification in order.
# So: with threads, with one thread, with and without EVENT_IDX, with the
# smallest and the largest queues, 0 violations and exit 0.
#
# The bug build (rust-vmm's `used_event + 1 > old` in needs_notification) on
# one thread: the same run every time for a seed.  By hand, with
# need(e, new, old) = u16(new - e - 1) < u16(new - old) and the bug's
# u16(used_event + 1) > old:
#  - seed 1: old 65535, new 30, used_event 16 (the batch crossed the wrap;
#    the driver asked for entry 16): need is 13 < 31, true; the bug says
#    17 > 65535, false: the interrupt is missed, used_notify_when_needed
#    reports it, and the run stops there, on queue 0;
#  - seed 6: first old 65516, new 65521, used_event 65521 (the driver took
#    back every entry, moving used_event along, before the device decided):
#    need is 65535 < 5, false; the bug says 65522 > 65516, true: an
#    interrupt the driver did not ask for, which the SHOULD NOT rule
#    reports, and the run goes on; then old 65525, new 32, used_event 27:
#    need is 4 < 43, true; the bug says 28 > 65525, false: missed.
# The histories are the instance's earlier decisions, all of them (the
# queue's first decision is its first step), each window starting where
# the one before ended and each `notify` the bug's answer: seed 1,
# [65502, 65518) e 65502: 65503 > 65502, notify 1; [65518, 65534) e 65518:
# notify 1; [65534, 65535) e 0: 1 > 65534 false, notify 0 (need is false
# too: 65534 < 1); seed 6, the over-notify above (it broke only the SHOULD
# NOT rule: this rule stepped), then [65521, 65525) e 65523: 65524 > 65521,
# notify 1 (need 1 < 4 too).
#
# With two threads the reports and the queue that stops the run vary; the
# verdict does not: exit 1, and one report of used_notify_when_needed (the
# run stops at the first MUST rule broken).  Over 2000 runs (two at a time,
# to vary the timing) the bug was caught in every one, by the 44th queue at
# worst; the bound is 256 queues.
#
# Usage errors: exit 2.
$ virtqueue
virtqueue: 256 queues of 16, EVENT_IDX, two threads: 0 violations
$ virtqueue --no-event-idx
virtqueue: 256 queues of 16, no EVENT_IDX, two threads: 0 violations
$ virtqueue --single
virtqueue: 256 queues of 16, EVENT_IDX, one thread: 0 violations
$ virtqueue --single --no-event-idx --size 2
virtqueue: 256 queues of 2, no EVENT_IDX, one thread: 0 violations
$ virtqueue --size 256 --queues 16
virtqueue: 16 queues of 256, EVENT_IDX, two threads: 0 violations
$ sh tests/golden/examples/in-tree.sh virtqueue-bug --single
<emit>:0: violation of used_notify_when_needed[dev=0, vq=0]: used_check(dev=0, vq=0, old=65535, new=30, event_idx=1, used_event=16, avail_flags=0, notify=0) in state s
  rule: VirtIO 1.3 §2.7.7.2: the device notifies when the driver's used_event (or, without EVENT_IDX, its flags) asks for it
  allowed here: used_check when notify != 0 || !must_notify(event_idx, used_event, avail_flags, new, old)   (specs/virtio/notifications.sm:119)
  history of used_notify_when_needed[dev=0, vq=0]:
    <emit>:0  used_check(old=65502, new=65518, event_idx=1, used_event=65502, avail_flags=0, notify=1)   s -> s
    <emit>:0  used_check(old=65518, new=65534, event_idx=1, used_event=65518, avail_flags=0, notify=1)   s -> s
    <emit>:0  used_check(old=65534, new=65535, event_idx=1, used_event=0, avail_flags=0, notify=0)   s -> s
virtqueue: used_notify_when_needed stopped queue 0
virtqueue: 256 queues of 16, EVENT_IDX, one thread: 1 violation
[1]
$ sh tests/golden/examples/in-tree.sh virtqueue-bug --single --seed 6
<emit>:0: violation of used_notify_only_when_needed[dev=0, vq=0]: used_check(dev=0, vq=0, old=65516, new=65521, event_idx=1, used_event=65521, avail_flags=0, notify=1) in state s
  rule: VirtIO 1.3 §2.7.7.2: the device does not notify when the driver did not ask for it (SHOULD NOT)
  allowed here: used_check when notify == 0 || must_notify(event_idx, used_event, avail_flags, new, old)   (specs/virtio/notifications.sm:128)
<emit>:0: violation of used_notify_when_needed[dev=0, vq=0]: used_check(dev=0, vq=0, old=65525, new=32, event_idx=1, used_event=27, avail_flags=0, notify=0) in state s
  rule: VirtIO 1.3 §2.7.7.2: the device notifies when the driver's used_event (or, without EVENT_IDX, its flags) asks for it
  allowed here: used_check when notify != 0 || !must_notify(event_idx, used_event, avail_flags, new, old)   (specs/virtio/notifications.sm:119)
  history of used_notify_when_needed[dev=0, vq=0]:
    <emit>:0  used_check(old=65516, new=65521, event_idx=1, used_event=65521, avail_flags=0, notify=1)   s -> s
    <emit>:0  used_check(old=65521, new=65525, event_idx=1, used_event=65523, avail_flags=0, notify=1)   s -> s
virtqueue: used_notify_when_needed stopped queue 0
virtqueue: 256 queues of 16, EVENT_IDX, one thread: 2 violations
[1]
$ virtqueue-bug >vq.out; echo "exit $?"; grep -c '^<emit>:0: violation of used_notify_when_needed' vq.out; grep -c '^virtqueue: used_notify_when_needed stopped queue' vq.out
exit 1
1
1
$ virtqueue --size 12
usage: virtqueue [--single] [--seed N] [--queues N] [--size N] [--no-event-idx]
  --single        both sides on one thread, a seeded choice between them
  --seed N        the random steps (default 1)
  --queues N      queues run one after the other (default 256)
  --size N        entries per queue, a power of 2 from 2 to 256 (default 16)
  --no-event-idx  without VIRTIO_F_EVENT_IDX (the flags suppress)
[2]
