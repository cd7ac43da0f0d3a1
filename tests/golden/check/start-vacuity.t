# A run that only ever waited for its start event checked nothing, and says
# so (DESIGN.md §2.6).  dev 2 starts at line 1 (`start on go`: no step);
# dev 1 is created by x at lines 2-4 but never starts (no go for dev 1), so
# no instance ever took a step: "never checked", and --strict fails (exit
# 1).  Nothing is pending: dev 2 sits in its initial state s, final by
# default; dev 1 never started.
$ printf 'event go(dev)\nevent x(dev)\nautomaton a per dev {\n  start on go\n  initial s\n  s -> t on x\n  t -> s on go\n}\n' > c.sm; printf '{"event":"go","dev":2}\n{"event":"x","dev":1}\n{"event":"x","dev":1}\n{"event":"x","dev":1}\n' > c.jsonl; specmon check --strict c.sm c.jsonl
c.sm:3: warning: property a was never checked: no instance of it took a step
specmon: 4 lines, 4 events, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
[1]
