# vhost-user/ring (specs/vhost-user/ring.sm) on hand-made back-end logs in
# the shape of ../shared/traces/seeds/vhost-user-*.txt, with the ring
# enabled, then disabled (a set_vring_enable line that gives 0 or false).
# Expected, by hand (line numbers):
#
# vhost-ok.log: nothing.  Enabled (1), an event handled (2), disabled (3)
#   and enabled again (4) before the next event (5).
#
# vhost-bad.log: 1 report: 4, an event handled after the disable of 3.
#   `num=1` (5) enables again: 6 is fine; `state: false` (7) disables.
$ sh tests/golden/library/specmon.sh check vhost-user/ring tests/golden/library/vhost-ok.log
specmon: 5 lines, 6 events, 0 skipped lines; 0 violations, 0 pending
$ sh tests/golden/library/specmon.sh check vhost-user/ring tests/golden/library/vhost-bad.log
tests/golden/library/vhost-bad.log:4: 20.100004 violation of enable_first: handle_event() in state disabled
  rule: vhost-user Ring states: no ring event handled before SET_VRING_ENABLE
  allowed here: vring_disable   (specs/vhost-user/ring.sm:44)
                vring_enable   (specs/vhost-user/ring.sm:45)
  history of enable_first:
    tests/golden/library/vhost-bad.log:1  20.100001  vring_enable()   disabled -> enabled
    tests/golden/library/vhost-bad.log:2  20.100002  handle_event()   enabled -> enabled
    tests/golden/library/vhost-bad.log:3  20.100003  vring_disable()   enabled -> disabled
specmon: 7 lines, 9 events, 0 skipped lines; 1 violation, 0 pending
[1]
