#!/bin/sh
# run.sh: `make bench`, specmon's offline throughput next to `grep -c -F` on the
# same ftrace text (DESIGN.md §5: specmon should be at least as fast as grep).
#
#   make bench                  1024 MB trace, build/bench-1g.trace
#   make bench BENCH_MB=64      quick run on a 64 MB trace, build/bench-64m.trace
#   BUILD=build BENCH_MB=64 sh bench/run.sh     the same without make
#
# The trace comes from bench/gen-ftrace (deterministic) and is generated once,
# then kept in $BUILD (git ignores build/), and again only if gen-ftrace is
# rebuilt; `make clean` removes it.  No copy is made anywhere else.  Each tool
# runs three times on the page-cached file and its best time counts.  The
# trace holds a known number of deliberate violations (gen-ftrace reports it,
# saved next to the trace as .info); specmon must report exactly that many.
# Exit status: 0 when specmon ran and found them, 1 otherwise.  Being slower
# than grep is reported, not an error: timings are too noisy to fail a build.

set -u

BUILD=${BUILD:-build}
BENCH_MB=${BENCH_MB:-1024}
SPEC=$(dirname "$0")/virtio.sm
GEN=$BUILD/gen-ftrace
SPECMON=$BUILD/specmon
RUNS=3

case $BENCH_MB in
'' | *[!0-9]* | 0) echo "bench: BENCH_MB must be a positive integer, not '$BENCH_MB'" >&2; exit 1 ;;
esac
if [ "$BENCH_MB" = 1024 ]; then
	TRACE=$BUILD/bench-1g.trace
else
	TRACE=$BUILD/bench-${BENCH_MB}m.trace
fi
INFO=$TRACE.info

TMP=${TMPDIR:-/tmp}/specmon-bench.$$
mkdir "$TMP" || exit 1
trap 'rm -rf "$TMP" "$TRACE.part"' EXIT
trap 'exit 1' INT TERM HUP PIPE

# ---- timing: wall-clock seconds with a fraction ----

if date +%N | grep -q '^[0-9][0-9]*$'; then
	now() { date +%s.%N; }
elif command -v perl >/dev/null 2>&1; then
	now() { perl -MTime::HiRes=time -e 'printf "%.6f\n", time'; }
else
	echo "bench: no sub-second clock (date +%N, perl); timings are whole seconds" >&2
	now() { date +%s; }
fi

# elapsed T0 T1: seconds between two now() readings
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'
}

# best_of OUT CMD...: runs CMD $RUNS times, stdout to OUT, stderr to OUT.err;
# leaves the best time in $BEST and the last run's exit status in $STATUS
# (variables, not output: a $(...) subshell would lose $STATUS).
best_of() {
	out=$1
	shift
	BEST=
	i=0
	while [ $i -lt $RUNS ]; do
		t0=$(now)
		"$@" >"$out" 2>"$out.err"
		STATUS=$?
		t1=$(now)
		t=$(elapsed "$t0" "$t1")
		BEST=$(awk -v a="$t" -v b="$BEST" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
		i=$((i + 1))
	done
}

# ---- the trace ----

need_trace() {
	[ -s "$TRACE" ] && [ -s "$INFO" ] || return 0
	# a rebuilt generator may write a different trace
	[ -n "$(find "$GEN" -newer "$TRACE" 2>/dev/null)" ]
}

if [ ! -x "$GEN" ]; then
	echo "bench: $GEN is missing: run 'make $GEN'" >&2
	exit 1
fi
if need_trace; then
	rm -f "$TRACE" "$INFO"
	echo "bench: generating $TRACE ($BENCH_MB MB, once; kept in $BUILD)"
	t0=$(now)
	if ! "$GEN" "$BENCH_MB" "$TRACE.part" 2>"$TMP/gen.err"; then
		cat "$TMP/gen.err" >&2
		echo "bench: gen-ftrace failed" >&2
		exit 1
	fi
	t1=$(now)
	mv "$TRACE.part" "$TRACE" && sed "s|$TRACE.part|$TRACE|" "$TMP/gen.err" >"$INFO" || exit 1
	t=$(elapsed "$t0" "$t1")
	awk -v s="$t" -v mb="$BENCH_MB" 'BEGIN { printf "bench: generated in %.2f s (%.0f MB/s)\n", s, (s > 0 ? mb / s : 0) }'
fi
sed 's/^gen-ftrace: /bench: trace: /' "$INFO"
EXPECT=$(sed -n 's/.*injected \([0-9][0-9]*\) violations.*/\1/p' "$INFO")
if [ -z "$EXPECT" ]; then
	echo "bench: $INFO does not say how many violations were injected" >&2
	exit 1
fi

BYTES=$(wc -c <"$TRACE" | tr -d ' ')
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')

# ---- the machine ----

CPUS=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$MODEL" ] || MODEL=$(uname -m)
echo "bench: machine: $CPUS CPUs, $MODEL, $(uname -sr)"

# Warm the page cache so both tools read from memory, not from the disk.
cat "$TRACE" >/dev/null

# ---- grep ----

# C locale: grep's fastest mode, so the stricter baseline, and reproducible.
best_of "$TMP/grep.out" env LC_ALL=C grep -c -F ': notify:' "$TRACE"
GREP_T=$BEST
NOTIFY=$(cat "$TMP/grep.out")

# ---- specmon ----

FAIL=0
if [ ! -x "$SPECMON" ]; then
	echo "bench: $SPECMON is missing: run 'make'" >&2
	FAIL=1
	SM_T=
else
	# One untimed run with --json to count the violations exactly.
	"$SPECMON" check --json "$SPEC" "$TRACE" >"$TMP/json.out" 2>"$TMP/json.err"
	JSON_STATUS=$?
	FOUND=$(grep -c '"type"[[:space:]]*:[[:space:]]*"violation"' "$TMP/json.out")
	best_of "$TMP/specmon.out" "$SPECMON" check --quiet "$SPEC" "$TRACE"
	SM_T=$BEST
	if [ "$STATUS" -ne 1 ] || [ "$JSON_STATUS" -ne 1 ]; then
		echo "bench: specmon exited with $STATUS (--quiet) and $JSON_STATUS (--json), expected 1" >&2
		head -n 20 "$TMP/specmon.out.err" "$TMP/json.err" >&2
		FAIL=1
	fi
fi

# ---- report ----

echo
printf '%-28s %9s %10s\n' tool seconds MB/s
row() {
	awk -v name="$1" -v t="$2" -v mb="$MB" 'BEGIN {
		printf "%-28s %9.3f %10.0f\n", name, t, (t > 0 ? mb / t : 0) }'
}
row "grep -c -F ': notify:'" "$GREP_T"
if [ -n "$SM_T" ]; then
	row "specmon check --quiet" "$SM_T"
	awk -v s="$SM_T" -v g="$GREP_T" 'BEGIN {
		r = (g > 0 ? s / g : 0)
		verdict = "slower than grep: DESIGN.md §5 not met"
		if (r <= 1)
			verdict = "meets DESIGN.md §5: at least grep'\''s throughput"
		printf "specmon/grep time ratio: %.2f (%s)\n", r, verdict }'
fi
echo "trace: $MB MB, $NOTIFY notify lines (grep's count), best of $RUNS runs each"

if [ -n "$SM_T" ]; then
	TEXT=$(grep -c ' violation of ' "$TMP/specmon.out")
	if [ "$FOUND" -eq "$EXPECT" ]; then
		echo "violations: specmon reported $FOUND, gen-ftrace injected $EXPECT: OK"
	else
		echo "violations: specmon reported $FOUND (--json), gen-ftrace injected $EXPECT: WRONG" >&2
		FAIL=1
	fi
	[ "$TEXT" -eq "$FOUND" ] ||
		echo "bench: note: --quiet printed $TEXT lines with ' violation of ', --json $FOUND violations"
fi
exit $FAIL
