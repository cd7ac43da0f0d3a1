# Bad input never crashes and is never silently dropped: a line that is not
# a record of the format is counted and the first five are shown with
# FILE:LINE:COLUMN and why; the summary counts them all.
$ printf 'event notify(dev)\nautomaton small_devs { initial s\n s -> s on notify when dev < 2 }\n' > s.sm
$ specmon check s.sm no-such-trace.txt
specmon: cannot open trace 'no-such-trace.txt': No such file or directory
s.sm:1: warning: event notify matched no record
s.sm:2: warning: property small_devs was never checked: no instance of it took a step
specmon: 0 lines, 0 events, 0 skipped lines; 0 violations, 0 pending
specmon: 2 warnings
[2]
$ printf '' > empty.txt; specmon check s.sm empty.txt
s.sm:1: warning: event notify matched no record
s.sm:2: warning: property small_devs was never checked: no instance of it took a step
specmon: 0 lines, 0 events, 0 skipped lines; 0 violations, 0 pending
specmon: 2 warnings
$ printf '  app-1 [000] ..... 1.0: notify: dev=1\nthis is not ftrace\n  app-1 [000] ..... x.0: notify: dev=1\n  app-1 [000] ..... 1.2 notify dev=1\n  app-1 [0 ..... 1.3: notify: dev=1\n  app-1 [000] ..... 1.4: notify\n  app-1 [000] ..... 1.5: notify: dev=2\n' > f.txt; specmon check --format ftrace s.sm f.txt
f.txt:2:1: skipped line: expected a task 'comm-pid' at the start
f.txt:3:21: skipped line: expected a timestamp
f.txt:4:24: skipped line: expected ':' after the timestamp
f.txt:5:9: skipped line: expected '[CPU]' after the task
f.txt:6:26: skipped line: expected an event name followed by ':'
f.txt:7: 1.5 violation of small_devs: notify(dev=2) in state s
  allowed here: notify when dev < 2   (s.sm:3)
  history of small_devs:
    f.txt:1  1.0  notify(dev=1)   s -> s
f.txt: warning: 5 of 7 lines could not be read as ftrace (is it the right --format?)
specmon: 7 lines, 2 events, 5 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ printf '{"event":"notify","dev":1}\n{"event":"notify",\n{"event":"notify","dev":"\\q"}\n[1,2]\n{"dev":3}\n{"event":"notify"} x\n{"event":"notify","dev":1,}\n{"event":"notify","dev":2}' > j.jsonl; specmon check s.sm j.jsonl
j.jsonl:2:19: skipped line: expected a member name (a string)
j.jsonl:3:26: skipped line: invalid escape
j.jsonl:4:1: skipped line: expected a JSON object
j.jsonl:5:1: skipped line: no "event" member (a string), nor a journal "MESSAGE"
j.jsonl:6:20: skipped line: trailing characters after the object
j.jsonl:8: violation of small_devs: notify(dev=2) in state s
  allowed here: notify when dev < 2   (s.sm:3)
  history of small_devs:
    j.jsonl:1  notify(dev=1)   s -> s
j.jsonl:8: warning: last line has no newline (it was read as a whole line)
j.jsonl: warning: 6 of 8 lines could not be read as jsonl (is it the right --format?)
specmon: 8 lines, 2 events, 6 skipped lines; 1 violation, 0 pending
specmon: 2 warnings
[1]
$ printf '  app-1 [000] ..... 1.0: notify: dev=1\n\000\001\002binary\n  app-1 [000] ..... 1.1: notify: dev=\377\376\n' > b.txt; specmon check --json s.sm b.txt
{"type":"skipped","input":"b.txt","line":2,"column":1,"reason":"NUL byte in the line (binary data?)"}
{"type":"violation","input":"b.txt","line":3,"ts":1.1,"property":"small_devs","key":{},"event":"notify","fields":{"dev":"\ufffd\ufffd"},"state":"s","allowed":[{"event":"notify","when":"dev < 2","spec":"s.sm:3"}],"history":[{"input":"b.txt","line":1,"ts":1.0,"event":"notify","fields":{"dev":1},"from":"s","to":"s"}]}
{"type":"summary","lines":3,"records":2,"events":2,"skipped":1,"comments":0,"violations":1,"pending":0,"stopped":false,"properties":[{"name":"small_devs","instances":1,"violations":1,"pending":0,"refused":0,"coverage":[{"edge":"s -> s on notify when dev < 2","spec":"s.sm:3","taken":1}]}],"warnings":0,"losses":0,"lost_events":0,"pattern_limit":0}
[1]
$ head -c 10485760 /dev/zero | tr '\0' 'x' > long.txt; printf '\n  app-1 [000] ..... 1.0: notify: dev=7' >> long.txt; specmon check s.sm long.txt
long.txt:1:1: skipped line: neither an ftrace, a QEMU -trace nor a JSON record
long.txt:2: 1.0 violation of small_devs: notify(dev=7) in state s
  allowed here: notify when dev < 2   (s.sm:3)
long.txt:2: warning: last line has no newline (it was read as a whole line)
specmon: 2 lines, 1 event, 1 skipped line; 1 violation, 0 pending
specmon: 1 warning
[1]
$ printf '  app-1 [000] ..... 1.0: notify: dev=1\n' > long2.txt; head -c 10485760 /dev/zero | tr '\0' 'x' >> long2.txt; printf '\n  app-1 [000] ..... 1.0: notify: dev=1\n' >> long2.txt; specmon check s.sm long2.txt
long2.txt:2:1: skipped line: expected a task 'comm-pid' at the start
specmon: 3 lines, 2 events, 1 skipped line; 0 violations, 0 pending
$ specmon check --format xml s.sm f.txt
specmon: unknown format 'xml' (auto, ftrace, log, jsonl, qemu or dat)
(specmon check --help shows the usage)
[2]
$ specmon check --history -1 s.sm f.txt
specmon: --history takes a number from 0 to 1000, not '-1'
(specmon check --help shows the usage)
[2]
$ specmon check --threads 3 s.sm f.txt
specmon: --threads takes 1 or 2, not '3'
(specmon check --help shows the usage)
[2]
$ specmon check
specmon: check needs a spec
(specmon check --help shows the usage)
[2]
$ specmon frobnicate
specmon: unknown command 'frobnicate'
(specmon --help shows the usage)
[2]
