# trace-cmd's binary trace.dat, read through libtracecmd
# (src/input/source_dat.c).  tests/data/ holds real ones, recorded in a QEMU
# guest by tests/data/make-dat.sh, and the `trace-cmd report -N -t` text of
# each: sched.dat (version 7, zstd; sched_switch, sched_wakeup and myprobe, a
# kprobe on do_sys_openat2 with dfd and filename), sched-v6.dat (the same
# records, version 6) and lost.dat (a ring buffer overrun: the kernel dropped
# events on both CPUs).  A record's number N (FILE:N) counts the records and
# loss notes as the report prints them, one a line: line N of the report
# after its `cpus=2` header.
#
# By hand, from sched.report: line 29, record 28, is
#   sh-93 [000] 6.833956871: myprobe: (ffffffff89f4a350) dfd=0xffffff9c filename=""
# the one open whose name the probe could not read (the user page was not
# there yet): named[pid=93] has no edge for it.  dfd, printed in hex, is
# AT_FDCWD on every open, and shows as the report shows it.  12 opens in all.
# From lost.report: line 2 is `CPU:1 [2488 EVENTS DROPPED]`, record 1, a loss
# note; record 2, the first after it, is CPU 1's idle task (pid 0) switched
# out: the trace has not shown it switched in, so runs[pid=0] is broken, a
# violation that says it came after a loss (the switch-in was among the lost).
#
# Then specmon on each .dat and on its report's text print the same, byte for
# byte (dat-vs-report.sh): verdicts, records, times, losses, counts, for specs
# that use fields of every kind, the task, CPU and ts, `from log` patterns
# (which see each record as the report prints it: dat-text.sm shows each
# whole), deadlines, and
# `option instants = timestamp` (lost.dat has records of equal ts on both
# CPUs).
#
# A .dat from a pipe is copied to a temporary file ($TMPDIR, else /tmp)
# first (libtracecmd seeks), with --format auto or dat; where none can be
# made it says so.  A truncated file is an error naming it (exit 2), never a
# crash; so is anything under --format dat that is no trace.dat.
# needs: libtracecmd
$ specmon check tests/golden/input/dat-open.sm tests/data/sched.dat
tests/data/sched.dat:28: 6.833956871 violation of named[pid=93]: open(dfd=0xffffff9c, filename="") in state ok
  allowed here: open when filename != "" && dfd == AT_FDCWD   (tests/golden/input/dat-open.sm:11)
specmon: 161 lines, 12 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon check --max-violations 1 tests/golden/input/dat-runs.sm tests/data/lost.dat
tests/data/lost.dat:1: warning: events were lost here (ring buffer overrun): 2488 events
tests/data/lost.dat:2: 20.635642356 violation of runs[pid=0]: switch_out(pid=0, comm=swapper/1) with no switch_in before it to match
  relation: switch_in alternatesWith switch_out   (tests/golden/input/dat-runs.sm:5)
  allowed here: switch_in
  after a loss: 2488 events lost at tests/data/lost.dat:1
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 0 pending
specmon: stopped early: --max-violations reached
specmon: events were lost in 1 place (2488 counted): verdicts after a loss may be wrong
specmon: 1 warning
[1]
$ for f in sched sched-v6 lost; do for s in dat-parity dat-instants dat-runs dat-text; do sh tests/golden/input/dat-vs-report.sh $f tests/golden/input/$s.sm; done; sh tests/golden/input/dat-vs-report.sh $f tests/golden/input/dat-parity.sm --json --history 9; done
same: sched (exit 1): specmon: 161 lines, 274 events, 0 skipped lines; 92 violations, 2 pending
same: sched (exit 1): specmon: 161 lines, 250 events, 0 skipped lines; 69 violations, 2 pending
same: sched (exit 1): specmon: 161 lines, 202 events, 0 skipped lines; 14 violations, 2 pending
same: sched (exit 1): specmon: 161 lines, 161 events, 0 skipped lines; 161 violations, 0 pending
same: sched --json --history 9 (exit 1): {"type":"summary","lines":161,"records":161,"events":274,"skipped":0,"comments":0,"violati
same: sched-v6 (exit 1): specmon: 161 lines, 274 events, 0 skipped lines; 92 violations, 2 pending
same: sched-v6 (exit 1): specmon: 161 lines, 250 events, 0 skipped lines; 69 violations, 2 pending
same: sched-v6 (exit 1): specmon: 161 lines, 202 events, 0 skipped lines; 14 violations, 2 pending
same: sched-v6 (exit 1): specmon: 161 lines, 161 events, 0 skipped lines; 161 violations, 0 pending
same: sched-v6 --json --history 9 (exit 1): {"type":"summary","lines":161,"records":161,"events":274,"skipped":0,"comments":0,"violati
same: lost (exit 1): specmon: 187 lines, 310 events, 0 skipped lines; 94 violations, 2 pending
same: lost (exit 1): specmon: 187 lines, 278 events, 0 skipped lines; 65 violations, 2 pending
same: lost (exit 1): specmon: 187 lines, 218 events, 0 skipped lines; 10 violations, 2 pending
same: lost (exit 1): specmon: 187 lines, 185 events, 0 skipped lines; 185 violations, 0 pending
same: lost --json --history 9 (exit 1): {"type":"summary","lines":187,"records":185,"events":310,"skipped":0,"comments":0,"violati
$ cat tests/data/sched.dat | specmon check tests/golden/input/dat-open.sm
-:28: 6.833956871 violation of named[pid=93]: open(dfd=0xffffff9c, filename="") in state ok
  allowed here: open when filename != "" && dfd == AT_FDCWD   (tests/golden/input/dat-open.sm:11)
specmon: 161 lines, 12 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ cat tests/data/sched.dat | specmon check --format dat tests/golden/input/dat-open.sm - 2>&1 | tail -1
specmon: 161 lines, 12 events, 0 skipped lines; 1 violation, 0 pending
$ specmon check tests/golden/input/dat-open.sm - < tests/data/sched-v6.dat 2>&1 | tail -1
specmon: 161 lines, 12 events, 0 skipped lines; 1 violation, 0 pending
$ cat tests/data/sched.dat | TMPDIR=/nonexistent specmon check tests/golden/input/dat-open.sm 2>&1 | head -1
specmon: -: a trace.dat from a pipe is read from a temporary copy, and none could be made in /nonexistent: No such file or directory (set TMPDIR, or give the file itself)
$ head -c 30000 tests/data/sched-v6.dat > cut.dat; specmon check tests/golden/input/dat-open.sm cut.dat
specmon: cut.dat: this trace.dat is truncated: its CPU data needs 32768 bytes, the file has 30000 (an interrupted recording, or an incomplete copy?)
tests/golden/input/dat-open.sm:5: warning: event open matched no record
tests/golden/input/dat-open.sm:8: warning: no event of named carried its key field pid
tests/golden/input/dat-open.sm:8: warning: property named was never checked: no instance of it took a step
specmon: 0 lines, 0 events, 0 skipped lines; 0 violations, 0 pending
specmon: 3 warnings
[2]
$ head -c 5000 tests/data/sched.dat > cut7.dat; specmon check tests/golden/input/dat-open.sm cut7.dat 2>&1 | head -1
specmon: cut7.dat: not a trace.dat that libtracecmd can read: truncated or corrupt
$ cat cut.dat | specmon check tests/golden/input/dat-open.sm 2>&1 | head -1
specmon: -: this trace.dat is truncated: its CPU data needs 32768 bytes, the file has 30000 (an interrupted recording, or an incomplete copy?)
$ printf '\027\010Dtracing6\000\000\000' > t.dat; specmon check tests/golden/input/dat-open.sm t.dat 2>&1 | head -1
specmon: t.dat: not a trace.dat that libtracecmd can read: truncated or corrupt
$ specmon check --format dat tests/golden/qemu/notify.sm tests/golden/qemu/boot.trace 2>&1 | head -1
specmon: tests/golden/qemu/boot.trace: not a trace.dat: it does not start with trace-cmd's magic bytes (\027\010Dtracing); without --format dat, the format is told from the input
