# Integers from traces (DESIGN.md §2.2, issue 5 §2): a value from -2^63 to
# 2^64-1 is an integer, the upper half read as two's complement (as spec
# literals), so 18446744073709551615, 0xffffffffffffffff and -1 are one
# key; 18446744073709551616 does not fit and is kept as its text, a key of
# its own (it used to wrap to dev=0).  ftrace and JSON agree: the same
# events give the same instances and the same report.  JSON has no hex, so
# the JSON input writes ftrace's 0x10 as 16.
# Per dev, open alternatesWith close: lines 1 and 2 open two instances
# (2^64 as text, and 0); line 3 opens dev=-1 and line 4, dev=-1 again, is
# the only violation; 0x10 and 16 are one instance (lines 5, 6); lines 7-9
# close the others (line 9 with 0xffffffffffffffff / -1).  Nothing pending.
# Last: JSON numbers that are exact integers (1.6e1, 16.0) are integers
# too; others (0.5, 1e400) keep their text.  1.6e1 opens dev=16 and 16.0
# finds it open (a violation); 0.5 and 1e400 are keys of their own, pending.
$ printf 'event open(dev)\nevent close(dev)\nproperty oc per dev: open alternatesWith close\n' > x.sm; for l in 'open dev=18446744073709551616' 'open dev=0' 'open dev=18446744073709551615' 'open dev=-1' 'open dev=0x10' 'close dev=16' 'close dev=0' 'close dev=18446744073709551616' 'close dev=0xffffffffffffffff'; do n=$((n + 1)); printf '  a-1 [000] ..... %s.0: %s: %s\n' $n ${l% *} ${l#* }; done > x.trace; specmon check x.sm x.trace
x.trace:4: 4.0 violation of oc[dev=-1]: open(dev=-1) while a open still waits for its close
  relation: open alternatesWith close   (x.sm:3)
  allowed here: close
  history of oc[dev=-1]:
    x.trace:3  3.0  open()
specmon: 9 lines, 9 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ for l in 'open 18446744073709551616' 'open 0' 'open 18446744073709551615' 'open -1' 'open 16' 'close 16' 'close 0' 'close 18446744073709551616' 'close -1'; do n=$((n + 1)); printf '{"event":"%s","ts":%s.0,"dev":%s}\n' ${l% *} $n ${l#* }; done > x.jsonl; specmon check x.sm x.jsonl
x.jsonl:4: 4.0 violation of oc[dev=-1]: open(dev=-1) while a open still waits for its close
  relation: open alternatesWith close   (x.sm:3)
  allowed here: close
  history of oc[dev=-1]:
    x.jsonl:3  3.0  open()
specmon: 9 lines, 9 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ printf '{"event":"open","dev":1.6e1}\n{"event":"open","dev":16.0}\n{"event":"open","dev":0.5}\n{"event":"open","dev":1e400}\n' > y.jsonl; specmon check x.sm y.jsonl
y.jsonl:2: violation of oc[dev=16]: open(dev=16) while a open still waits for its close
  relation: open alternatesWith close   (x.sm:3)
  allowed here: close
  history of oc[dev=16]:
    y.jsonl:1  open()
y.jsonl:1: pending oc[dev=16]: 1 open still waits for its close at the end of input
  history of oc[dev=16]:
    y.jsonl:1  open()
    y.jsonl:2  open()   violation, ignored
y.jsonl:3: pending oc[dev=0.5]: 1 open still waits for its close at the end of input
  history of oc[dev=0.5]:
    y.jsonl:3  open()
y.jsonl:4: pending oc[dev=1e400]: 1 open still waits for its close at the end of input
  history of oc[dev=1e400]:
    y.jsonl:4  open()
x.sm:2: warning: event close matched no record
specmon: 4 lines, 4 events, 0 skipped lines; 1 violation, 3 pending
specmon: 1 warning
[1]
