# Deadlines of a live input pass by the wall clock (DESIGN.md §2.3): while
# a pipe, FIFO or terminal is idle, input time is the last record's ts plus
# the wall-clock time since it came; a regular file has no wall clock.
# live.sm: `done within 200ms after start`, per id.  By hand:
# 1. A FIFO: start id=1 at ts 1.0, due by 1.2.  The writer then sends
#    nothing for at least 1 s, and until the report is out (at most 30 s):
#    0.2 s of wall clock after the start, input time passes 1.2, so the miss
#    is reported during the pause, at the last record read (line 1), passed
#    by the wall clock while the input was idle.  The trace time it had
#    reached depends on the machine: masked as T here, and checked to be
#    past the deadline (1.2) on its own.  Only then is line 2 sent: done
#    id=1 at 2.0, which meets nothing (the obligation is gone): no second
#    report.  One violation (exit 1).
# 2. The same two records in a file: no wall clock; line 2's ts 2.0 passes
#    1.2, so the miss is reported there, passed by this record (exit 1).
# 3. The end of a live input is input time too, by the wall clock then.
#    `done within 2s`, and a second property `first: done precedes start`
#    that line 1 breaks at once, to tell the writer that line 1 was read.
#    After that report, specmon waits for the start's deadline (ts 3.0, 2 s
#    of wall clock away); 0.3 s into it the writer stops specmon (SIGSTOP),
#    closes the FIFO, waits 2.5 s and lets it go on (SIGCONT): its wait
#    then finds the end of input, at a wall clock past the deadline, so the
#    miss is reported as passed at the end of input, not idle (margins: the
#    stop must land within 2 s, the end be seen 2 s after it; exit 1).
$ mkfifo idle.fifo; (specmon check tests/golden/time/live.sm idle.fifo > live.out 2>&1 &); exec 3>idle.fifo; printf '{"event":"start","id":1,"ts":1.0}\n' >&3; sleep 1; n=0; until grep -q violation live.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n+1)); done; printf '{"event":"done","id":1,"ts":2.0}\n' >&3; exec 3>&-; n=0; until grep -q '^specmon: 2 lines' live.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n+1)); done; sed 's/^idle.fifo:1: [0-9.]* violation of resp/idle.fifo:1: T violation of resp/; s/trace time [0-9.]*$/trace time T/' live.out; grep -o 'trace time [0-9.]*' live.out | awk '{ print ($3 > 1.2 ? "T is past the deadline" : "T is early: " $3) }'
idle.fifo:1: T violation of resp[id=1]: missed deadline: no done in time: done within 200ms after start   (tests/golden/time/live.sm:3)
  opened by: idle.fifo:1  1.0
  deadline: 1.2, passed by the wall clock while the input was idle, at trace time T
  history of resp[id=1]:
    idle.fifo:1  1.0  start()
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 0 pending
T is past the deadline
$ printf '{"event":"start","id":1,"ts":1.0}\n{"event":"done","id":1,"ts":2.0}\n' > file.jsonl; specmon check tests/golden/time/live.sm file.jsonl
file.jsonl:2: 2.0 violation of resp[id=1]: missed deadline: no done in time: done within 200ms after start   (tests/golden/time/live.sm:3)
  opened by: file.jsonl:1  1.0
  deadline: 1.2, passed by this record
  history of resp[id=1]:
    file.jsonl:1  1.0  start()
specmon: 2 lines, 2 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ printf 'event start(id)\nevent done(id)\nproperty resp per id: done within 2s after start\nproperty first: done precedes start\n' > end.sm; mkfifo end.fifo; specmon check --history 0 end.sm end.fifo > end.out 2>&1 & pid=$!; exec 3>end.fifo; printf '{"event":"start","id":1,"ts":1.0}\n' >&3; n=0; until grep -q 'violation of first' end.out || [ $n -ge 300 ]; do sleep 0.1; n=$((n+1)); done; sleep 0.3; kill -STOP $pid; exec 3>&-; sleep 2.5; kill -CONT $pid; wait $pid; echo "exit $?"; sed 's/^end.fifo:1: [0-9.]* violation of resp/end.fifo:1: T violation of resp/; s/trace time [0-9.]*$/trace time T/' end.out
exit 1
end.fifo:1: 1.0 violation of first: start(id=1) with no done before it to match
  relation: done precedes start   (end.sm:4)
  allowed here: done
end.fifo:1: T violation of resp[id=1]: missed deadline: no done in time: done within 2s after start   (end.sm:3)
  opened by: end.fifo:1  1.0
  deadline: 3.0, passed by the wall clock at the end of input, at trace time T
end.sm:2: warning: event done matched no record
specmon: 1 line, 1 event, 0 skipped lines; 2 violations, 0 pending
specmon: 1 warning
