#!/bin/sh
# Reading a file on a reader thread (src/input/relay.c) changes nothing a
# user sees.  Every `specmon check` command of the golden transcripts runs
# with --threads 1 (one thread) and with --threads 2 (a reader thread
# beside the stepping one); their output and exit status must be equal, byte
# for byte.  Then traces made here, large enough to fill many of the
# relay's batches, with string values, lines skipped, losses and
# violations after them, spread over the whole file.
# Prints "threads: N passed, N failed, N skipped".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/scratch.sh"
cd "$work" || exit 1

passed=0 failed=0

# same NAME COMMAND: run COMMAND (a `specmon check` command line) both ways.
same() {
	name=$1
	one=$(printf '%s\n' "$2" | sed 's/specmon check /specmon check --threads 1 /')
	two=$(printf '%s\n' "$2" | sed 's/specmon check /specmon check --threads 2 /')
	sh -c "$one" >one.out 2>&1
	echo "[$?]" >>one.out
	sh -c "$two" >two.out 2>&1
	echo "[$?]" >>two.out
	if cmp -s one.out two.out; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: $2"
		diff one.out two.out | head -20
	fi
}

for t in "$root"/tests/golden/*/*.t; do
	grep '^\$ specmon check ' "$t" | sed 's/^\$ //' >cmds
	n=0
	while IFS= read -r cmd; do
		n=$((n + 1))
		same "${t#"$root"/}, command $n" "$cmd"
	done <cmds
done

# A spec with an integer key, a string key, and a deadline-free automaton.
cat >big.sm <<'SPEC'
spec big "relay test"
event req(dev, name)
event done(dev, name)
property io per dev: req alternatesWith done
property named per name: req precedes done
SPEC
# 200 000 requests over 16 devices; every 997th is never completed (a
# violation on the device's next request), a loss note every 50 000
# lines, a line that is no record every 30 001, names as strings.
awk 'BEGIN {
	for (i = 1; i <= 200000; i++) {
		d = i % 16
		printf "  kworker/%d:1-%d [00%d] d..1. %d.%06d: req: (f+0x0/0x1) dev=%d name=\"disk %d\"\n", d, 100 + d, d % 4, 1000 + int(i / 1000000), i % 1000000, d, d
		if (i % 997)
			printf "  kworker/%d:1-%d [00%d] d..1. %d.%06d: done: (f+0x0/0x1) dev=%d name=\"disk %d\"\n", d, 100 + d, d % 4, 1000 + int(i / 1000000), i % 1000000, d, d
		if (i % 50000 == 0)
			print "CPU:1 [LOST 7 EVENTS]"
		if (i % 30001 == 0)
			print "this line is no record"
	}
}' >big.trace
same "generated trace, text" "specmon check big.sm big.trace"
same "generated trace, JSON" "specmon check --json --coverage big.sm big.trace"
same "generated trace twice, history 0" "specmon check --history 0 big.sm big.trace big.trace"
# The stepping thread binds a record from the bytes the reader hands over:
# the whole line when the task columns are read (here the CPU and the
# command as keys), and every record when deadlines wait for time.
cat >task.sm <<'SPEC'
spec task "relay test: task columns and deadlines"
event req(dev, name)
event done(dev, name)
property bycpu per cpu: req alternatesWith done
property bycomm per comm: req alternatesWith done
property quick per dev: done within 1ms after req
SPEC
same "generated trace, task columns and a deadline" "specmon check task.sm big.trace"
# The same as JSON Lines.
awk '/: req: |: done: / {
	split($0, f, ": ")
	ev = f[2]; sub(/.* dev=/, "", $0); split($0, g, " name=")
	printf "{\"event\":\"%s\",\"dev\":%s,\"name\":%s}\n", ev, g[1], g[2]
}' big.trace >big.jsonl
same "generated trace, JSON Lines" "specmon check big.sm big.jsonl"

# The reader finds a record's name in a memo of the names it met (bind.c,
# takes_memo), by its first and last 8 bytes and its length: 300 names
# of one length and one first word, each bound to its own event (a pair
# per relation), met three times over.  Names that shared a slot of the
# memo and were taken for one another would break the pairs.
awk 'BEGIN {
	for (k = 0; k < 300; k++)
		printf "event virtio_evt_%03d(dev)\n", k
	for (k = 0; k < 150; k++)
		printf "property p%d per dev: virtio_evt_%03d alternatesWith virtio_evt_%03d\n", k, 2 * k, 2 * k + 1
}' >many.sm
awk 'BEGIN {
	for (r = 0; r < 3; r++)
		for (k = 0; k < 300; k++)
			printf "  kworker/0:1-129 [000] d..1. 1000.%06d: virtio_evt_%03d: dev=1\n", r * 300 + k, k
}' >many.trace
same "300 names of one length" "specmon check many.sm many.trace"
if specmon check many.sm many.trace 2>&1 | grep -q '900 events, 0 skipped lines; 0 violations, 0 pending'; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL 300 names of one length: not 900 events, no violation, none pending"
fi

echo "threads: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
