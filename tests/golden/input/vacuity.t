# Vacuity is never silent (DESIGN.md §2.6).  Each case is worked out by hand:
# 1. A field renamed in the trace (status= became state=): set_status matched
#    line 1 but none of its records carried `status`.  A misspelled ftrace
#    name (`from ftrace notfy`): notify matched nothing, and `notify` is a
#    record name of the input at distance 1, hence the "did you mean".
#    order[dev=0] took one step (set_status), so it is not vacuous; precedes
#    leaves nothing pending.  Warnings alone exit 0; --strict makes them fail.
# 2. A log spec read with the wrong format: under --format jsonl all 3 lines
#    fail ("expected a JSON object" at column 1), which is most of them; no
#    event matched, no event carried the key buf, p never stepped.  Read as
#    a log (auto), both events match and the round closes: no warning.
# 3. A derived event whose base ticked but whose filter never held: reset
#    (status == 0) never ticked although set_status did (status=1); q
#    (set_status causes reset) stepped once and holds.  In JSON each warning
#    is an object before the summary, which counts them.
$ printf 'event set_status(dev, status)\nevent notify(dev) from ftrace notfy\nproperty order per dev: set_status precedes notify\n' > a.sm
$ printf '  app-1 [000] ..... 1.0: set_status: dev=0 state=0x1\n  app-1 [000] ..... 1.1: notify: dev=0\n' > a.trace
$ specmon check a.sm a.trace
a.sm:1: warning: event set_status matched 1 record, none with a field status (renamed in the trace?)
a.sm:2: warning: event notify matched no record (did you mean 'notify', a record name in the input, instead of 'notfy'?)
specmon: 2 lines, 1 event, 0 skipped lines; 0 violations, 0 pending
specmon: 2 warnings
$ specmon check --strict --quiet a.sm a.trace
[1]
$ printf 'event send(buf) from log /send buffer #(?<buf>[0-9]+)/\nevent done(buf) from log /done buffer #(?<buf>[0-9]+)/\nproperty p per buf: send alternatesWith done\n' > b.sm
$ printf '[    1.000000] send buffer #1\n[    1.500000] done buffer #1\n[    2.000000] unrelated\n' > b.log
$ specmon check --format jsonl b.sm b.log
b.log:1:1: skipped line: expected a JSON object
b.log:2:1: skipped line: expected a JSON object
b.log:3:1: skipped line: expected a JSON object
b.log: warning: 3 of 3 lines could not be read as jsonl (is it the right --format?)
b.sm:1: warning: event send matched no record
b.sm:2: warning: event done matched no record
b.sm:3: warning: no event of p carried its key field buf
b.sm:3: warning: property p was never checked: no instance of it took a step
specmon: 3 lines, 0 events, 3 skipped lines; 0 violations, 0 pending
specmon: 5 warnings
$ specmon check b.sm b.log
specmon: 3 lines, 2 events, 0 skipped lines; 0 violations, 0 pending
$ printf 'event set_status(dev, status)\nevent reset = set_status where status == 0\nproperty q: set_status causes reset\n' > c.sm
$ printf '{"event":"set_status","dev":0,"status":1}\n' > c.jsonl
$ specmon check c.sm c.jsonl
c.sm:2: warning: event reset never ticked: set_status ticked but the filter never held
specmon: 1 line, 1 event, 0 skipped lines; 0 violations, 0 pending
specmon: 1 warning
$ specmon check --json --strict c.sm c.jsonl
{"type":"warning","kind":"filter-never-held","spec":"c.sm:2","event":"reset","message":"event reset never ticked: set_status ticked but the filter never held"}
{"type":"summary","lines":1,"records":1,"events":1,"skipped":0,"comments":0,"violations":0,"pending":0,"stopped":false,"properties":[{"name":"q","instances":1,"violations":0,"pending":0,"refused":0}],"warnings":1,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
