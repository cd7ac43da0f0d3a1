# virtio/notifications (specs/virtio/notifications.sm) on hand-made JSON
# Lines: decisions of a driver (avail_check) and a device (used_check),
# each with the indexes it covers, what it read and what it decided.
# need(e, new, old) = ((new - e - 1) & 0xffff) < ((new - old) & 0xffff)
# with EVENT_IDX; without it, flags bit 0 clear and new != old.
# Expected, by hand (line numbers):
#
# notifications-ok.jsonl: nothing, nothing pending.
#    1: old 0, new 1, avail_event 0: need ((1-0-1)=0 < 1), notify 1; kick 2.
#    3: old 1, new 3, avail_event 5: 65533 < 2 is false, notify 0.
#    4: old 3, new 7, avail_event 5: 1 < 4, notify 1; kick 5.
#    6: across the wrap: old 65534, new 2, avail_event 65535: 2 < 4,
#       notify 1; kick 7.
#    8: vq 1 without EVENT_IDX, used_flags 1: no need, notify 0.
#    9: used_flags 0, one entry: need, notify 1; kick 10.
#   11: used_flags 0 but an empty batch (old == new): no need, notify 0.
#   12: device: old 0, new 1, used_event 0: need, notify 1; interrupt 13.
#   14: old 1, new 2, used_event 0: 1 < 1 is false, notify 0.
#
$ sh tests/golden/library/specmon.sh check virtio/notifications tests/golden/library/notifications-ok.jsonl
specmon: 14 lines, 14 events, 0 skipped lines; 0 violations, 0 pending
$ sh tests/golden/library/specmon.sh check --history 0 virtio/notifications tests/golden/library/notifications-bad.jsonl
tests/golden/library/notifications-bad.jsonl:1: violation of avail_notify_when_needed[dev=0, vq=0]: avail_check(dev=0, vq=0, old=0, new=1, event_idx=1, avail_event=0, used_flags=0, notify=0) in state s
  rule: VirtIO 1.3 §2.7.10.1: the driver notifies when the device's avail_event (or, without EVENT_IDX, its flags) asks for it
  allowed here: avail_check when notify != 0 || !must_notify(event_idx, avail_event, used_flags, new, old)   (specs/virtio/notifications.sm:78)
tests/golden/library/notifications-bad.jsonl:2: violation of avail_notify_only_when_needed[dev=0, vq=0]: avail_check(dev=0, vq=0, old=1, new=2, event_idx=1, avail_event=5, used_flags=0, notify=1) in state s
  rule: VirtIO 1.3 §2.7.10.1: the driver does not notify when the device did not ask for it (SHOULD NOT)
  allowed here: avail_check when notify == 0 || must_notify(event_idx, avail_event, used_flags, new, old)   (specs/virtio/notifications.sm:89)
tests/golden/library/notifications-bad.jsonl:3: violation of decided_kick_sent[dev=0, vq=0]: avail_check(dev=0, vq=0, old=2, new=3, event_idx=1, avail_event=5, used_flags=0, notify=0) in state owed
  rule: VirtIO 1.3 §2.7.10.1: a decided available buffer notification is sent before the next decision
  allowed here: avail_notify   (specs/virtio/notifications.sm:100)
tests/golden/library/notifications-bad.jsonl:5: violation of used_notify_when_needed[dev=0, vq=0]: used_check(dev=0, vq=0, old=65535, new=2, event_idx=1, used_event=0, avail_flags=0, notify=0) in state s
  rule: VirtIO 1.3 §2.7.7.2: the device notifies when the driver's used_event (or, without EVENT_IDX, its flags) asks for it
  allowed here: used_check when notify != 0 || !must_notify(event_idx, used_event, avail_flags, new, old)   (specs/virtio/notifications.sm:119)
tests/golden/library/notifications-bad.jsonl:6: violation of used_notify_when_needed[dev=0, vq=0]: used_check(dev=0, vq=0, old=2, new=3, event_idx=0, used_event=0, avail_flags=0, notify=0) in state s
  rule: VirtIO 1.3 §2.7.7.2: the device notifies when the driver's used_event (or, without EVENT_IDX, its flags) asks for it
  allowed here: used_check when notify != 0 || !must_notify(event_idx, used_event, avail_flags, new, old)   (specs/virtio/notifications.sm:119)
tests/golden/library/notifications-bad.jsonl:7: violation of used_notify_only_when_needed[dev=0, vq=0]: used_check(dev=0, vq=0, old=3, new=4, event_idx=0, used_event=0, avail_flags=1, notify=1) in state s
  rule: VirtIO 1.3 §2.7.7.2: the device does not notify when the driver did not ask for it (SHOULD NOT)
  allowed here: used_check when notify == 0 || must_notify(event_idx, used_event, avail_flags, new, old)   (specs/virtio/notifications.sm:128)
tests/golden/library/notifications-bad.jsonl:7: pending decided_interrupt_sent[dev=0, vq=0]: in state owed at the end of input, which is not final (final: idle)
  rule: VirtIO 1.3 §2.7.7.2: a decided used buffer notification is sent before the next decision
specs/virtio/notifications.sm:64: warning: event used_notify matched no record
specmon: 7 lines, 7 events, 0 skipped lines; 6 violations, 1 pending
specmon: 1 warning
[1]
