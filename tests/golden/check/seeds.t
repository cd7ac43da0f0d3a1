# The seeds' classic examples (traces/README.md).
# vhost-user: handling a queue event before set_vring_enable violates
# `set_vring_enable precedes handle_event` on line 1 (the invalid run); the
# valid run enables first.  Record order is what counts, not the timestamps.
# needs: shared
$ specmon check tests/golden/check/vhost-user.sm shared/traces/seeds/vhost-user-invalid.txt
shared/traces/seeds/vhost-user-invalid.txt:1: 15.612037 violation of enable_first: handle_event() with no set_vring_enable before it to match
  relation: set_vring_enable precedes handle_event   (tests/golden/check/vhost-user.sm:4)
  allowed here: set_vring_enable
specmon: 3 lines, 3 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check tests/golden/check/vhost-user.sm shared/traces/seeds/vhost-user-valid.txt
specmon: 3 lines, 3 events, 0 skipped lines; 0 violations, 0 pending
