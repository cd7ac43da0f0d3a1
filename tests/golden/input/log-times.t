# Times of text logs (doc/cli.md §2 "Logs and their times"): one spec, one
# story in four forms: request 1 is done 50 ms after it was sent, request 2
# 1.5 s after (line 5; line 4 on kmsg.log), past its 1 s deadline, which the
# next record's time or the end of input passes.
# journalctl -o short-precise: the year is not written, so ts counts from
# January 1 00:00 (Nov 29 is day 334: 333 * 86400 + 21:51:51 = 28849911 s);
# the unit comes from the tag (SYSLOG_IDENTIFIER) and is in the history.
# journalctl -o json: MESSAGE is the text, __REALTIME_TIMESTAMP the time
# (Unix seconds: 1701291111 is 2023-11-29 21:51:51 UTC).  `dmesg -r`: the
# level <6> goes with the time.  QEMU's prefix gives the time of a log line
# too (the text after it is what patterns see).
$ specmon check tests/golden/input/log-times.sm tests/golden/input/syslog.log
tests/golden/input/syslog.log:5: 28849912.500000 violation of answered[id=2]: missed deadline: no done in time: done within 1s after sent   (tests/golden/input/log-times.sm:5)
  opened by: tests/golden/input/syslog.log:3  28849911.000000
  deadline: 28849912.000000, passed by this record
  history of answered[id=2]:
    tests/golden/input/syslog.log:3  28849911.000000  sent(unit=virtio-mon)
specmon: 5 lines, 4 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check --json tests/golden/input/log-times.sm tests/golden/input/journal.jsonl 2>/dev/null | head -1
{"type":"violation","input":"tests/golden/input/journal.jsonl","line":5,"ts":1701291112.500000,"property":"answered","key":{"id":2},"reason":"no done in time: done within 1s after sent","deadline":1701291112.000000,"opened":{"input":"tests/golden/input/journal.jsonl","line":3,"ts":1701291111.000000},"passed_by":"this record","history":[{"input":"tests/golden/input/journal.jsonl","line":3,"ts":1701291111.000000,"event":"sent","fields":{"id":2,"unit":"virtio-mon"}}]}
$ specmon check tests/golden/input/log-times.sm tests/golden/input/kmsg.log
tests/golden/input/kmsg.log:4: 17.500000 violation of answered[id=2]: missed deadline: no done in time: done within 1s after sent   (tests/golden/input/log-times.sm:5)
  opened by: tests/golden/input/kmsg.log:3  16.000000
  deadline: 17.000000, passed by this record
  history of answered[id=2]:
    tests/golden/input/kmsg.log:3  16.000000  sent()
tests/golden/input/log-times.sm:3: warning: event sent matched 2 records, none with a field unit (renamed in the trace?)
specmon: 4 lines, 4 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ printf '7@1700000000.000001:mon request 1 sent\n7@1700000002.000001:mon request 1 done\n' > q.log; specmon check --format log tests/golden/input/log-times.sm q.log
q.log:2: 1700000002.000001 violation of answered[id=1]: missed deadline: no done in time: done within 1s after sent   (tests/golden/input/log-times.sm:5)
  opened by: q.log:1  1700000000.000001
  deadline: 1700000001.000001, passed by this record
  history of answered[id=1]:
    q.log:1  1700000000.000001  sent()
tests/golden/input/log-times.sm:3: warning: event sent matched 1 record, none with a field unit (renamed in the trace?)
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
