# virtio-sound-dmesg.txt: L1-L4 send buffers #1-#4, L5 pointer #1,
# L6 complete #1.  Worked out by hand (lead = ticks of a minus ticks of b):
# send_complete: L1 opens a round; L2, L3, L4 send again while it is open:
#   3 violations; L6 closes it: nothing pending.
# pointer_send: L1-L4 send with no pointer before: 4 violations; L5 opens a
#   round that no send closes: pending.
# pointer_complete: L5 then L6 alternate: nothing.
# send_complete_buf: #1 sends and completes; #2, #3, #4 stay open: 3 pending.
# pointer_send_buf: each send comes before its buffer's pointer: 4
#   violations (L1-L4); #1's pointer (L5) opens a round: 1 pending.
# pointer_complete_buf: #1 alternates: nothing.
# complete_then_pointer: #1's pointer (L5) before its completion (L6): the
#   bug, 1 violation.
# In all: 12 violations, 5 pending.
# needs: shared
$ specmon check --history 0 tests/golden/check/virtio-sound.sm shared/traces/seeds/virtio-sound-dmesg.txt
shared/traces/seeds/virtio-sound-dmesg.txt:1: 15.611647 violation of pointer_send: msg_send(buf=1) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:8)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:1: 15.611647 violation of pointer_send_buf[buf=1]: msg_send(buf=1) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:12)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:2: 15.611854 violation of send_complete: msg_send(buf=2) while a msg_send still waits for its msg_complete
  relation: msg_send alternatesWith msg_complete   (tests/golden/check/virtio-sound.sm:7)
  allowed here: msg_complete
shared/traces/seeds/virtio-sound-dmesg.txt:2: 15.611854 violation of pointer_send: msg_send(buf=2) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:8)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:2: 15.611854 violation of pointer_send_buf[buf=2]: msg_send(buf=2) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:12)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:3: 15.612037 violation of send_complete: msg_send(buf=3) while a msg_send still waits for its msg_complete
  relation: msg_send alternatesWith msg_complete   (tests/golden/check/virtio-sound.sm:7)
  allowed here: msg_complete
shared/traces/seeds/virtio-sound-dmesg.txt:3: 15.612037 violation of pointer_send: msg_send(buf=3) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:8)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:3: 15.612037 violation of pointer_send_buf[buf=3]: msg_send(buf=3) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:12)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:4: 15.612240 violation of send_complete: msg_send(buf=4) while a msg_send still waits for its msg_complete
  relation: msg_send alternatesWith msg_complete   (tests/golden/check/virtio-sound.sm:7)
  allowed here: msg_complete
shared/traces/seeds/virtio-sound-dmesg.txt:4: 15.612240 violation of pointer_send: msg_send(buf=4) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:8)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:4: 15.612240 violation of pointer_send_buf[buf=4]: msg_send(buf=4) with no pointer before it to match
  relation: pointer alternatesWith msg_send   (tests/golden/check/virtio-sound.sm:12)
  allowed here: pointer
shared/traces/seeds/virtio-sound-dmesg.txt:5: 15.612758 violation of complete_then_pointer[buf=1]: pointer(buf=1) with no msg_complete before it to match
  relation: msg_complete precedes pointer   (tests/golden/check/virtio-sound.sm:17)
  allowed here: msg_complete
shared/traces/seeds/virtio-sound-dmesg.txt:5: 15.612758 pending pointer_send: 1 pointer still waits for its msg_send at the end of input
shared/traces/seeds/virtio-sound-dmesg.txt:2: 15.611854 pending send_complete_buf[buf=2]: 1 msg_send still waits for its msg_complete at the end of input
shared/traces/seeds/virtio-sound-dmesg.txt:3: 15.612037 pending send_complete_buf[buf=3]: 1 msg_send still waits for its msg_complete at the end of input
shared/traces/seeds/virtio-sound-dmesg.txt:4: 15.612240 pending send_complete_buf[buf=4]: 1 msg_send still waits for its msg_complete at the end of input
shared/traces/seeds/virtio-sound-dmesg.txt:5: 15.612758 pending pointer_send_buf[buf=1]: 1 pointer still waits for its msg_send at the end of input
specmon: 6 lines, 6 events, 0 skipped lines; 12 violations, 5 pending
[1]
