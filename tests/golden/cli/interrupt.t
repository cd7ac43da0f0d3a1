# SIGINT and SIGTERM during check (DESIGN.md §3): specmon finishes the
# current record, prints the pending instances and the summary, and exits
# with the verdict so far.  pair.sm: a alternatesWith b, per dev.
# A writer holds the FIFO open after two records: {a, dev 1} (an a waiting
# for its b: pending) and {b, dev 2} (a b with no a: a violation, line 2).
# The test waits (at most 10 s) until the violation is printed (to a file
# made before specmon starts), so both records were read, then interrupts
# specmon, blocked waiting for more.
# The shell starts background jobs with SIGINT ignored, and specmon keeps
# an ignored signal ignored (as a script's Ctrl-C must not reach them):
# env --default-signal=INT gives it SIGINT back.
# Exit status 1: the violation.  Then SIGTERM (not ignored in the
# background), after one record, {b, dev 3}: a violation; a matched no
# record (a warning).  Exit status 1.
$ mkfifo in.fifo; : > out.txt; (printf '{"event":"a","dev":1}\n{"event":"b","dev":2}\n'; exec sleep 60) > in.fifo & w=$!; env --default-signal=INT specmon check --history 0 tests/golden/cli/pair.sm in.fifo > out.txt 2> err.txt & m=$!; n=0; until grep -q violation out.txt || [ $n -ge 100 ]; do sleep 0.1; n=$((n+1)); done; kill -INT $m; wait $m; echo "exit status $?"; kill $w; cat out.txt err.txt
exit status 1
in.fifo:2: violation of pair[dev=2]: b(dev=2) with no a before it to match
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
in.fifo:1: pending pair[dev=1]: 1 a still waits for its b at the end of input
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 1 pending
specmon: interrupted (SIGINT): the verdict is of the input read so far
$ mkfifo in2.fifo; : > out2.txt; (printf '{"event":"b","dev":3}\n'; exec sleep 60) > in2.fifo & w=$!; specmon check --history 0 tests/golden/cli/pair.sm in2.fifo > out2.txt 2> err2.txt & m=$!; n=0; until grep -q violation out2.txt || [ $n -ge 100 ]; do sleep 0.1; n=$((n+1)); done; kill -TERM $m; wait $m; echo "exit status $?"; kill $w; cat out2.txt err2.txt
exit status 1
in2.fifo:1: violation of pair[dev=3]: b(dev=3) with no a before it to match
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
tests/golden/cli/pair.sm:1: warning: event a matched no record
specmon: 1 line, 1 event, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
specmon: interrupted (SIGTERM): the verdict is of the input read so far
