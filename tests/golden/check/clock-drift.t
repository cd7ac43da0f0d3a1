# inf and sup count how far two clocks are apart (DESIGN.md §2.3): past
# 65536 the count is CCSL's unbounded one, and a warning says so once per
# instance, at the instant it passes; checking goes on.  d per dev, dev=1:
# lines 1-70000 are a and t together (inf(a, b), the faster of a and b,
# ticks with each a: t with it, as coincidesWith asks); at line 65537 a has
# ticked 65537 times and b none.  Lines 70001-140000 are b: it catches up
# (70000 each, inf does not tick, nor need t), and d[dev=1] is as new
# again.  Lines 140001-280000 step idle on dev=2 only: 140000 instants,
# past the 65536 after which an instance as new is reclaimed -- but one
# that was warned is kept (reclaiming it would warn anew).  Lines
# 280001-350000: a and t again on dev=1, past 65536 apart at line 345537:
# no second warning.  Events: 2 per at line, 1 per other line.
$ awk 'BEGIN { for (i = 0; i < 70000; i++) print "{\"event\":\"at\",\"dev\":1}"; for (i = 0; i < 70000; i++) print "{\"event\":\"b\",\"dev\":1}"; for (i = 0; i < 70000; i++) { print "{\"event\":\"n\",\"dev\":2}"; print "{\"event\":\"m\",\"dev\":2}" }; for (i = 0; i < 70000; i++) print "{\"event\":\"at\",\"dev\":1}" }' >x.jsonl; printf 'event a(dev) from json a from json at\nevent b(dev) from json b\nevent t(dev) from json at\nevent n(dev) from json n\nevent m(dev) from json m\nproperty d per dev: inf(a, b) coincidesWith t\nproperty idle per dev: n alternatesWith m\n' >x.sm; specmon check x.sm x.jsonl
x.jsonl:65537: warning: inf(a, b) in d: the two clocks' counts are more than 65536 apart (CCSL's inf is unbounded; checking goes on)
specmon: 350000 lines, 490000 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
