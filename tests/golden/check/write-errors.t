# Reports that cannot be written are an error, not a silent success
# (issue 5 §3): standard output on a full disk (/dev/full), or a pipe whose
# reader has gone with SIGPIPE ignored (EPIPE instead of death), give
# `specmon: error writing standard output: WHY` on standard error and exit
# status 2; reading stops at the first failed report.  The first violation
# of x.trace is at line 2 (a second open of dev=1), so the summary of the
# /dev/full run counts the 2 lines read up to there.  For the pipe, x.trace
# has 3000 violations (far more than a pipe holds), the reader takes one
# byte; how many lines were read by then varies, so the summary line is
# left out.  A run stopped in an instant of timestamp instants (t.trace: a
# and b at 10.000001 violate `a excludes b`, reported when line 9 ends the
# instant) counts what it read up to there with one thread or two: lines
# 1-9, the 2 events, the 6 skipped lines (1-4, 6 and 8).  `--help` to a
# full disk fails the same way.
$ for n in $(seq 3001); do printf '  a-1 [000] ..... %s.0: open: dev=1\n' $n; done > x.trace; printf 'event open(dev)\nevent close(dev)\nproperty oc per dev: open alternatesWith close\n' > x.sm; specmon check x.sm x.trace > /dev/full
specmon: error writing standard output: No space left on device
x.sm:2: warning: event close matched no record
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 1 pending
specmon: 1 warning
[2]
$ specmon check --json x.sm x.trace > /dev/full
specmon: error writing standard output: No space left on device
[2]
$ trap '' PIPE; (specmon check x.sm x.trace; echo "exit status $?" >&2) 2>err.txt | head -c1 > /dev/null; grep -v ' lines, ' err.txt
specmon: error writing standard output: Broken pipe
x.sm:2: warning: event close matched no record
specmon: 1 warning
exit status 2
$ printf 'option instants = timestamp\nevent a(k)\nevent b\nproperty x: a excludes b\n' > t.sm; { for n in 1 2 3 4; do echo "garbage $n"; done; echo '  app-42 [000] d..2. 10.000001: a: k=1'; echo 'garbage 5'; echo '  app-42 [000] d..2. 10.000001: b:'; echo 'garbage 6'; for n in 2 3 4 5 6 7 8 9; do echo "  app-42 [000] d..2. 10.00000$n: zz:"; done; } > t.trace; for n in 1 2; do specmon check --threads $n t.sm t.trace 2>&1 > /dev/full | grep ' lines, '; done
specmon: 9 lines, 2 events, 6 skipped lines; 1 violation, 0 pending
specmon: 9 lines, 2 events, 6 skipped lines; 1 violation, 0 pending
$ specmon --help > /dev/full
specmon: error writing standard output: No space left on device
[2]
