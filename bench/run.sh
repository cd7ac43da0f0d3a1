#!/bin/sh
# run.sh: `make bench`, specmon's performance figures (DESIGN.md §5) in one
# table: each figure beside its reference, measured in the same run, and the
# target it is held to, with "meets" or "misses".
#
#   make bench                  the full run (W1 256 MB, 1 M and 10 M keys,
#                               a 4 GB stream): about 4 minutes on 2 CPUs
#   make bench BENCH_QUICK=1    W1 64 MB, 100 K and 1 M keys, a 512 MB
#                               stream, 3 runs: under a minute
#   make bench BENCH_MB=1024    W1 and unbound traces of 1024 MB (default 256,
#                               64 with BENCH_QUICK); relations use a quarter
#   BUILD=build sh bench/run.sh the same without make, once make has built
#                               build/specmon and the bench programs
#   BENCH_RUNS, BENCH_BUDGET, BENCH_MEM_CAP_MB   see "Timing" below
#
# The rows, in the order they run:
#   W1 ftrace       every line a bound event: bench/w1.sm (per-device
#                   `virtio_req alternatesWith virtio_done`, 64 devices) on
#                   gen-events' W1 trace; specmon --quiet next to
#                   `LC_ALL=C grep -c -F virtio_` (every line holds it) and
#                   `wc -l`.  Target: at least grep's throughput.
#   W1, 1 thread    the same with --threads 1: the reader thread's gain
#                   (a regular file is read on a thread of its own).
#   W1, history 0   the same with --history 0: what the default history
#                   costs.  Target: nothing measurable (<= 2%).
#   W1, automaton   the same check written as an automaton
#                   (bench/w1-automaton.sm).  DESIGN.md §5 sets no target of
#                   its own; held to the relation's time (<= 1.25x).
#   unbound ftrace  gen-ftrace's trace with bench/virtio.sm: most lines are
#                   events no property reads; grep -c -F ': notify:'.
#                   Target: ahead of grep.
#   W1 JSON Lines   the same W1 events as JSON Lines, next to grep too.
#                   Target: within 2x of specmon's time on the W1 ftrace text
#                   (measured again, side by side with it).
#   keys            N distinct devices, one virtio_req each, never completed:
#                   N instances alive (and pending) at the end.  The trace is
#                   piped in (`cat FILE |`), as from a live source; the peak
#                   RSS is the engine's.  ns/event is (time - time of
#                   a one-key run) / N; bytes per instance is (peak RSS - peak
#                   RSS of the one-key run) / N.  Targets: <= 64 bytes per
#                   instance, 10 M instances in < 1 GiB.
#   relations       1, 10 and 100 relations (generated specs) on the same
#                   events, and on distinct events (gen-events -g: each
#                   relation its own virtio_req_NN/virtio_done_NN), on a trace
#                   a quarter of W1's size; time relative to 1 relation.
#                   Targets: 100 on the same events <= 10x; on distinct events
#                   the cost does not grow with the relations that ignore an
#                   event (<= 1.25x).
#   fresh key       a fresh device per request, 4 GB piped from gen-events
#                   into `specmon check --json SPEC -` (no file on disk): its
#                   peak RSS next to that of a 256 MB stream of the same kind.
#                   Target: constant memory (<= 1.25x).  The 4 GB run is
#                   stopped once it passes 4x the 256 MB run's RSS (and
#                   1 GiB): it is not constant, and need not fill the machine.
#   sm_emit         bench/emit.c, linked against build/libspecmon.a: events
#                   given in-process with sm_emit, no input parsing, on a
#                   global and on a per-key relation; next to the 30 ns/event
#                   of the Rust tracing-formal crate.  Targets: <= 5 ns and
#                   <= 20 ns per event.  Then reports: a violation's (history
#                   5) beside another thread's full ring, and a pending
#                   instance's at the end, each next to a violation's alone.
#                   Target: <= 1.25x (a report reads only its instance's
#                   steps, however many threads and instances there are).
#
# Timing: bench/peak runs each command up to $RUNS times (5; 3 quick) and
# reports the median wall time, the spread (+- half the min-max range) and
# the peak RSS (wait4's ru_maxrss, no GNU time needed).  A command whose
# runs would pass $BUDGET seconds (20) is run fewer times, at least once:
# the table says n=RUNS.  Commands whose times are compared (W1 and the
# unbound trace with grep and wc, JSON Lines with W1, the relations with
# one relation) run side by side instead: one run of each in turn,
# 2 * RUNS + 1 rounds, so that a slow spell of a shared machine does not
# fall on one of them alone.  A run whose resident memory passes $CAP_MB
# (the smaller of 8 GiB and half the available memory; BENCH_MEM_CAP_MB)
# is killed, to spare the machine: its row says "capped" and misses.
#
# Inputs are generated once into $BUILD/bench/ (git ignores build/; `make
# clean` removes them), and again when their generator is rebuilt.  With
# the defaults they take about 2.5 GB.
#
# Verdicts are checked where they are known, on an extra --json run that is
# not timed: the unbound trace's injected violations (gen-ftrace reports how
# many), no violation and nothing pending on every W1, JSON Lines and
# relations input (with every event counted), and N pending instances after
# N keys.  The fresh-key streams run once, with --json (only their memory
# counts), and their summaries are checked the same way; emit checks its
# own counts.  Exit status: 0 when every run worked and every verdict was
# right, 1 otherwise.  A missed target is reported, not an error: timings
# are too noisy to fail a build.

set -u

BUILD=${BUILD:-build}
QUICK=${BENCH_QUICK:-}
[ "$QUICK" = 0 ] && QUICK=
if [ -n "$QUICK" ]; then
	MB=${BENCH_MB:-64}
	RUNS=${BENCH_RUNS:-3}
	KEYS_SMALL=100000
	KEYS_BIG=1000000
	FRESH_SMALL=64
	FRESH_BIG=512
	EMIT_EVENTS=2000000
	EMIT_FRESH_SMALL=1000000
	EMIT_FRESH_BIG=4000000
else
	MB=${BENCH_MB:-256}
	RUNS=${BENCH_RUNS:-5}
	KEYS_SMALL=1000000
	KEYS_BIG=10000000
	FRESH_SMALL=256
	FRESH_BIG=4096
	EMIT_EVENTS=10000000
	EMIT_FRESH_SMALL=2000000
	EMIT_FRESH_BIG=16000000
fi
BUDGET=${BENCH_BUDGET:-20}
# Rounds of the commands compared side by side (W1, unbound, relations).
SIDE_RUNS=$((2 * RUNS + 1))

case $MB in
'' | *[!0-9]* | 0) echo "bench: BENCH_MB must be a positive integer, not '$MB'" >&2; exit 1 ;;
esac
case $RUNS in
'' | *[!0-9]* | 0) echo "bench: BENCH_RUNS must be a positive integer, not '$RUNS'" >&2; exit 1 ;;
esac
REL_MB=$(( (MB + 3) / 4 ))

BENCH=$(dirname "$0")
SPECMON=$BUILD/specmon
GEN_FTRACE=$BUILD/gen-ftrace
GEN_EVENTS=$BUILD/gen-events
PEAK=$BUILD/peak
EMIT=$BUILD/emit
W1SPEC=$BENCH/w1.sm
W1_AUTOMATON=$BENCH/w1-automaton.sm
UNBOUND_SPEC=$BENCH/virtio.sm
DIR=$BUILD/bench

for p in "$SPECMON" "$GEN_FTRACE" "$GEN_EVENTS" "$PEAK" "$EMIT"; do
	if [ ! -x "$p" ]; then
		echo "bench: $p is missing: run 'make bench' (or 'make $p')" >&2
		exit 1
	fi
done
mkdir -p "$DIR" || exit 1

TMP=${TMPDIR:-/tmp}/specmon-bench.$$
mkdir "$TMP" || exit 1
trap 'rm -rf "$TMP"; rm -f "$DIR"/*.part' EXIT
trap 'exit 1' INT TERM HUP PIPE

FAIL=0

say() {
	echo "bench: $*" >&2
}

# calc FORMAT EXPR...: awk arithmetic, printed with FORMAT; d(a, b) is a / b,
# or 0 when b is 0 (a run that failed has no figures)
calc() {
	fmt=$1
	shift
	awk "function d(a, b) { return b ? a / b : 0 } BEGIN { printf \"$fmt\", $* }"
}

# ---- the machine, and the memory cap ----

CPUS=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
MODEL=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$MODEL" ] || MODEL=$(uname -m)
AVAIL_MB=$(awk '/^MemAvailable:/ { printf "%d", $2 / 1024 }' /proc/meminfo 2>/dev/null)
[ -n "$AVAIL_MB" ] || AVAIL_MB=16384
CAP_MB=${BENCH_MEM_CAP_MB:-$(( AVAIL_MB / 2 < 8192 ? AVAIL_MB / 2 : 8192 ))}

# ---- inputs: made once, again when the generator is rebuilt ----

# lines_of FILE: the line count the generator wrote in FILE.info
lines_of() {
	sed -n 's/^gen-[a-z]*: .*: \([0-9][0-9]*\) lines.*/\1/p; s/^gen-ftrace: .* bytes, \([0-9][0-9]*\) lines.*/\1/p' "$1.info"
}

# input FILE GEN ARGS...: makes FILE with `GEN ARGS... FILE` unless it is
# there and newer than GEN; GEN's report goes to FILE.info.
input() {
	file=$1
	gen=$2
	shift 2
	if [ -s "$file" ] && [ -s "$file.info" ] && [ -z "$(find "$gen" -newer "$file" 2>/dev/null)" ]; then
		return 0
	fi
	rm -f "$file" "$file.info"
	say "generating $file (once; kept in $DIR)"
	if ! "$gen" "$@" "$file.part" 2>"$file.info.part"; then
		cat "$file.info.part" >&2
		say "$gen failed"
		exit 1
	fi
	sed "s|$file.part|$file|" "$file.info.part" >"$file.info" && rm -f "$file.info.part" &&
		mv "$file.part" "$file" || exit 1
}

# ---- measuring ----

# measure NAME PEAK-ARGS...: runs bench/peak (a -m in PEAK-ARGS overrides
# the cap: the last one counts); its report goes to
# $TMP/NAME.peak, the command's standard error to $TMP/NAME.err.  Returns
# 0, or 3 when the run was capped; a failed run is said and counted.
measure() {
	name=$1
	shift
	"$PEAK" -e "$TMP/$name.err" -m "$CAP_MB" "$@" >"$TMP/$name.peak" 2>"$TMP/$name.perr"
	rc=$?
	case $rc in
	0 | 3) return $rc ;;
	esac
	say "$name: the run failed:"
	cat "$TMP/$name.perr" >&2
	head -n 20 "$TMP/$name.err" >&2
	FAIL=1
	: >"$TMP/$name.failed"
	return 1
}

# side_by_side RUN NAME...: the commands NAME... in turn, round after round
# ($SIDE_RUNS rounds), so that a slow spell of the machine falls on each of
# them alike, not on one: `RUN NAME NAME.R` measures NAME's R-th round
# (measure NAME.R -n 1 -m 0 ...: these runs take little memory, and the
# cap's watch, a look every 10 ms, takes a CPU from specmon's two threads
# on a 2-CPU machine: W1 64 MB ran 3 ms (8%) slower under it).  The rounds are merged into $TMP/NAME.peak as
# measure leaves it: their median, min and max, the largest RSS; a failed
# or capped round marks NAME so.
side_by_side() {
	run=$1
	shift
	r=1
	while [ "$r" -le "$SIDE_RUNS" ]; do
		for n in "$@"; do
			"$run" "$n" "$n.$r"
		done
		r=$((r + 1))
	done
	for n in "$@"; do
		for f in "$TMP/$n".[0-9]*.failed; do
			[ -e "$f" ] && : >"$TMP/$n.failed"
		done
		cat "$TMP/$n".[0-9]*.peak 2>/dev/null | tr ' ' '\n' | awk -F= '
			$1 == "median" { t[n++] = $2 }
			$1 == "rss_kb" && $2 > rss { rss = $2 }
			$1 == "capped" && $2 == 1 { capped = 1 }
			END {
				if (!n) exit
				for (i = 1; i < n; i++)
					for (j = i; j > 0 && t[j - 1] > t[j]; j--) { x = t[j]; t[j] = t[j - 1]; t[j - 1] = x }
				m = n % 2 ? t[int(n / 2)] : (t[n / 2 - 1] + t[n / 2]) / 2
				printf "runs=%d median=%.6f min=%.6f max=%.6f rss_kb=%d%s\n", n, m, t[0], t[n - 1], rss,
					capped ? " capped=1" : ""
			}' >"$TMP/$n.peak"
	done
}

# pk NAME KEY: a value from NAME's peak report (median, min, max, rss_kb,
# runs, capped), 0 when there is none
pk() {
	v=$(tr ' ' '\n' <"$TMP/$1.peak" 2>/dev/null | sed -n "s/^$2=//p")
	echo "${v:-0}"
}

ok() {
	[ -s "$TMP/$1.peak" ] && [ ! -e "$TMP/$1.failed" ]
}

capped() {
	[ "$(pk "$1" capped)" = 1 ]
}

# spread NAME: "+-4% n=5" from NAME's runs: half the min-max range, in % of
# the median, and how many runs
spread() {
	awk -v a="$(pk "$1" min)" -v b="$(pk "$1" max)" -v m="$(pk "$1" median)" -v n="$(pk "$1" runs)" \
		'BEGIN { printf "+-%.0f%% n=%d", (m > 0 ? 50 * (b - a) / m : 0), n }'
}

# mbps BYTES NAME: throughput of NAME's median run, in MB/s (MiB)
mbps() {
	calc '%.0f' "d($1 / 1048576, $(pk "$2" median))"
}

# summary FILE KEY: a top-level number from the --json summary in FILE
summary() {
	sed -n '/"type":"summary"/{s/"properties":.*//; s/.*"'"$2"'":\([0-9][0-9]*\).*/\1/p;}' "$1" | tail -n 1
}

# expect_summary WHAT FILE EVENTS VIOLATIONS PENDING: checks a --json summary
expect_summary() {
	e=$(summary "$2" events)
	v=$(summary "$2" violations)
	p=$(summary "$2" pending)
	if [ "$e" = "$3" ] && [ "$v" = "$4" ] && [ "$p" = "$5" ]; then
		say "$1: verdicts right ($e events, $v violations, $p pending)"
	else
		say "$1: WRONG verdicts: ${e:-?} events, ${v:-?} violations, ${p:-?} pending;" \
			"expected $3, $4, $5"
		FAIL=1
	fi
}

# verify WHAT SPEC INPUT EVENTS VIOLATIONS PENDING: an untimed --json run
verify() {
	"$SPECMON" check --json "$2" "$3" >"$TMP/verify.json" 2>"$TMP/verify.err"
	st=$?
	if [ "$st" -ne 0 ]; then
		say "$1: specmon check --json exited with $st, expected 0"
		head -n 5 "$TMP/verify.err" >&2
		FAIL=1
	fi
	expect_summary "$1" "$TMP/verify.json" "$4" "$5" "$6"
}

# ---- the table ----

TABLE=$TMP/table
: >"$TABLE"
FMT='%-33s %-26s %-10s %-32s %-18s %-19s %s\n'
# row WORKLOAD SPECMON SPREAD REFERENCE RESULT TARGET VERDICT
row() {
	printf "$FMT" "$@" >>"$TABLE"
}
# judge OK-EXPR [NAME...]: "meets" when the awk expression holds, "misses"
# otherwise; "FAILED" when a run of one of the NAMEs failed, "misses (capped)"
# when one was capped
judge() {
	expr=$1
	shift
	for n in "$@"; do
		if ! ok "$n"; then
			echo FAILED
			return
		fi
	done
	for n in "$@"; do
		if capped "$n"; then
			echo "misses (capped)"
			return
		fi
	done
	awk "function d(a, b) { return b ? a / b : 0 } BEGIN { print (($expr) ? \"meets\" : \"misses\") }"
}
# secs NAME: NAME's median time, "0.81s"
secs() {
	calc '%.2fs' "$(pk "$1" median)"
}

STEP=0
step() {
	STEP=$((STEP + 1))
	say "[$STEP/7] $*"
}

START=$(date +%s)
# The load average, before and after: other work on the machine shows in the spreads.
LOAD0=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo '?')
say "machine: $CPUS CPUs, $MODEL, $(uname -sr), ${AVAIL_MB} MB available; memory cap $CAP_MB MB"
say "runs: up to $RUNS per command, at most ${BUDGET}s each unless one run is longer${QUICK:+ (quick)}"

# grep_c NAME PATTERN FILE [MEASURE-ARGS...]: times grep -c -F (into a
# file: GNU grep stops at the first match when its output is /dev/null)
grep_c() {
	name=$1 pat=$2 file=$3
	shift 3
	measure "$name" "$@" -o "$TMP/$name.out" env LC_ALL=C grep -c -F "$pat" "$file"
}

# grep_counted NAME PATTERN LINES: checks the count grep NAME printed
grep_counted() {
	if [ "$(cat "$TMP/$1".out)" != "$3" ]; then
		say "$1: grep counted $(cat "$TMP/$1.out") lines with '$2', expected $3"
		FAIL=1
	fi
}

# grep_count NAME PATTERN FILE LINES: grep_c, RUNS runs, then grep_counted
grep_count() {
	grep_c "$1" "$2" "$3" -n "$RUNS" -t "$BUDGET" -m 0
	grep_counted "$1" "$2" "$4"
}

# ---- 1. W1: every line a bound event ----

step "W1 ftrace, $MB MB: specmon, grep -c -F, wc -l"
W1=$DIR/w1-${MB}m.trace
input "$W1" "$GEN_EVENTS" w1 "$MB"
W1_LINES=$(lines_of "$W1")
W1_BYTES=$(wc -c <"$W1" | tr -d ' ')
cat "$W1" >/dev/null # into the page cache: every tool reads memory
# run_w1 NAME ROUND: one run of NAME (w1, w1_one: --threads 1, w1_h0:
# --history 0, w1_aut: as an automaton, w1_grep, w1_wc)
run_w1() {
	case $1 in
	w1) measure "$2" -n 1 -m 0 "$SPECMON" check --quiet "$W1SPEC" "$W1" ;;
	w1_one) measure "$2" -n 1 -m 0 "$SPECMON" check --quiet --threads 1 "$W1SPEC" "$W1" ;;
	w1_h0) measure "$2" -n 1 -m 0 "$SPECMON" check --quiet --history 0 "$W1SPEC" "$W1" ;;
	w1_aut) measure "$2" -n 1 -m 0 "$SPECMON" check --quiet "$W1_AUTOMATON" "$W1" ;;
	w1_grep) grep_c "$2" virtio_ "$W1" -n 1 -m 0 ;;
	w1_wc) measure "$2" -n 1 -m 0 -o "$TMP/$2.out" wc -l "$W1" ;;
	esac
}
side_by_side run_w1 w1 w1_grep w1_wc w1_one w1_h0 w1_aut
grep_counted "w1_grep.$SIDE_RUNS" virtio_ "$W1_LINES"
verify "W1 ftrace" "$W1SPEC" "$W1" "$W1_LINES" 0 0
verify "W1 ftrace, automaton" "$W1_AUTOMATON" "$W1" "$W1_LINES" 0 0

row "W1 ftrace $(calc '%.0f' "$W1_BYTES / 1048576") MB, all bound" \
	"$(mbps "$W1_BYTES" w1) MB/s, $(secs w1)" "$(spread w1)" \
	"grep $(mbps "$W1_BYTES" w1_grep) MB/s, wc -l $(mbps "$W1_BYTES" w1_wc) MB/s" \
	"$(calc '%.2fx grep' "d($(pk w1_grep median), $(pk w1 median))")" \
	">= 1.0x grep" \
	"$(judge "$(pk w1 median) <= $(pk w1_grep median)" w1 w1_grep w1_wc)"
# The same on one thread (--threads 1): what the reader thread gives.
row "W1 ftrace, --threads 1" \
	"$(mbps "$W1_BYTES" w1_one) MB/s, $(secs w1_one)" "$(spread w1_one)" \
	"grep $(mbps "$W1_BYTES" w1_grep) MB/s; 2 threads $(secs w1)" \
	"$(calc '%.2fx grep' "d($(pk w1_grep median), $(pk w1_one median))")" \
	"(2 threads: $(calc '%.2fx' "d($(pk w1_one median), $(pk w1 median))"))" \
	"$(judge "$(pk w1_one median) <= $(pk w1_grep median)" w1_one w1_grep)"
# What the default history (5 steps an instance) costs: W1 without it.
row "W1 ftrace, --history 0" \
	"$(mbps "$W1_BYTES" w1_h0) MB/s, $(secs w1_h0)" "$(spread w1_h0)" \
	"default history: $(secs w1)" \
	"$(calc 'history +%.0f%%' "100 * d($(pk w1 median), $(pk w1_h0 median)) - 100")" \
	"history free: <= +2%" \
	"$(judge "$(pk w1 median) <= 1.02 * $(pk w1_h0 median)" w1 w1_h0)"
# The same check as an automaton (a table of moves per state).
row "W1 ftrace, as an automaton" \
	"$(mbps "$W1_BYTES" w1_aut) MB/s, $(secs w1_aut)" "$(spread w1_aut)" \
	"the relation: $(secs w1)" \
	"$(calc '%.2fx the relation' "d($(pk w1_aut median), $(pk w1 median))")" \
	"<= 1.25x the relation" \
	"$(judge "$(pk w1_aut median) <= 1.25 * $(pk w1 median)" w1_aut w1)"

# ---- 2. mostly unbound ----

step "unbound ftrace, $MB MB (bench/virtio.sm): specmon, grep -c -F, wc -l"
UB=$DIR/unbound-${MB}m.trace
input "$UB" "$GEN_FTRACE" "$MB"
UB_BYTES=$(wc -c <"$UB" | tr -d ' ')
EXPECT=$(sed -n 's/.*injected \([0-9][0-9]*\) violations.*/\1/p' "$UB.info")
cat "$UB" >/dev/null
# run_ub NAME ROUND: one run of NAME (ub, ub_grep, ub_wc)
run_ub() {
	case $1 in
	ub) measure "$2" -n 1 -m 0 -x 1 "$SPECMON" check --quiet "$UNBOUND_SPEC" "$UB" ;;
	ub_grep) grep_c "$2" ': notify:' "$UB" -n 1 -m 0 ;;
	ub_wc) measure "$2" -n 1 -m 0 -o "$TMP/$2.out" wc -l "$UB" ;;
	esac
}
side_by_side run_ub ub ub_grep ub_wc
# The injected violations, exactly, from an untimed --json run.
"$SPECMON" check --json "$UNBOUND_SPEC" "$UB" >"$TMP/ub.json" 2>"$TMP/ub.json.err"
st=$?
found=$(grep -c '"type"[[:space:]]*:[[:space:]]*"violation"' "$TMP/ub.json")
if [ "$st" -eq 1 ] && [ -n "$EXPECT" ] && [ "$found" -eq "$EXPECT" ] &&
	[ "$(summary "$TMP/ub.json" violations)" = "$EXPECT" ]; then
	say "unbound: verdicts right ($found violations, as injected)"
else
	say "unbound: WRONG verdicts: exit status $st, $found violations; gen-ftrace injected ${EXPECT:-?}"
	head -n 5 "$TMP/ub.json.err" >&2
	FAIL=1
fi

row "unbound ftrace $(calc '%.0f' "$UB_BYTES / 1048576") MB, virtio.sm" \
	"$(mbps "$UB_BYTES" ub) MB/s, $(secs ub)" "$(spread ub)" \
	"grep $(mbps "$UB_BYTES" ub_grep) MB/s, wc -l $(mbps "$UB_BYTES" ub_wc) MB/s" \
	"$(calc '%.2fx grep' "d($(pk ub_grep median), $(pk ub median))")" \
	"> 1.0x grep (ahead)" \
	"$(judge "$(pk ub median) < $(pk ub_grep median)" ub ub_grep ub_wc)"

# ---- 3. W1 as JSON Lines ----

step "W1 JSON Lines (the same events): specmon, grep -c -F"
JS=$DIR/w1-${MB}m.jsonl
input "$JS" "$GEN_EVENTS" -j w1 "$MB"
JS_BYTES=$(wc -c <"$JS" | tr -d ' ')
cat "$JS" >/dev/null
# run_js NAME ROUND: one run of NAME (js, w1_js: the ftrace text again,
# in the same rounds)
run_js() {
	case $1 in
	js) measure "$2" -n 1 -m 0 "$SPECMON" check --quiet "$W1SPEC" "$JS" ;;
	w1_js) measure "$2" -n 1 -m 0 "$SPECMON" check --quiet "$W1SPEC" "$W1" ;;
	esac
}
side_by_side run_js js w1_js
grep_count js_grep virtio_ "$JS" "$(lines_of "$JS")"
verify "W1 JSON Lines" "$W1SPEC" "$JS" "$(lines_of "$JS")" 0 0

row "W1 JSON Lines $(calc '%.0f' "$JS_BYTES / 1048576") MB, same events" \
	"$(mbps "$JS_BYTES" js) MB/s, $(secs js)" "$(spread js)" \
	"W1 ftrace $(secs w1_js), grep $(mbps "$JS_BYTES" js_grep) MB/s" \
	"$(calc '%.2fx W1 ftrace' "d($(pk js median), $(pk w1_js median))")" \
	"<= 2x W1 ftrace" \
	"$(judge "$(pk js median) <= 2 * $(pk w1_js median)" js w1_js)"

# ---- 4. instances: N keys alive ----

step "keys: 1, $KEYS_SMALL and $KEYS_BIG instances alive (piped in)"
for n in 1 "$KEYS_SMALL" "$KEYS_BIG"; do
	f=$DIR/keys-$n.trace
	input "$f" "$GEN_EVENTS" keys "$n"
	measure "keys$n" -n "$RUNS" -t "$BUDGET" cat "$f" '|' "$SPECMON" check --quiet "$W1SPEC" -
	if [ "$n" != 1 ] && ok "keys$n" && ! capped "keys$n"; then
		# The instances must all be there: N pending, from an untimed run.
		{ "$SPECMON" check --json --history 0 "$W1SPEC" "$f" 2>"$TMP/verify.err"; echo $? >"$TMP/keys.st"; } |
			tail -n 1 >"$TMP/keys.json"
		if [ "$(cat "$TMP/keys.st")" -ne 0 ]; then
			say "$n keys: specmon check --json exited with $(cat "$TMP/keys.st"), expected 0"
			FAIL=1
		fi
		expect_summary "$n keys" "$TMP/keys.json" "$n" 0 "$n"
	fi
done

label() {
	case $1 in
	*000000) echo "$(( $1 / 1000000 )) M" ;;
	*000) echo "$(( $1 / 1000 )) K" ;;
	*) echo "$1" ;;
	esac
}
# keys_row N: the ns/event and bytes-per-instance row of N keys
keys_row() {
	rss=$(pk "keys$1" rss_kb)
	base=$(pk keys1 rss_kb)
	bpi=$(calc '%.0f' "d(($rss - $base) * 1024, $1)")
	ns=$(calc '%.0f' "d(($(pk "keys$1" median) - $(pk keys1 median)) * 1e9, $1 - 1)")
	row "$(label "$1") keys alive" \
		"$ns ns/event, RSS $(calc '%.0f' "$rss / 1024") MB" "$(spread "keys$1")" \
		"1 key: RSS $(calc '%.1f' "$base / 1024") MB" \
		"$bpi B/instance" \
		"<= 64 B/instance" \
		"$(judge "$bpi <= 64" "keys$1" keys1)"
}
keys_row "$KEYS_SMALL"
keys_row "$KEYS_BIG"
rss=$(pk "keys$KEYS_BIG" rss_kb)
if [ "$KEYS_BIG" -ge 10000000 ]; then
	target="< 1 GiB"
else
	target="< 1 GiB per 10 M"
fi
row "$(label "$KEYS_BIG") keys alive: peak RSS" \
	"RSS $(calc '%.0f' "$rss / 1024") MB" "" \
	"$(label "$KEYS_SMALL") keys: RSS $(calc '%.0f' "$(pk "keys$KEYS_SMALL" rss_kb) / 1024") MB" \
	"$(calc '%.2f GiB' "$rss / 1048576")" \
	"$target" \
	"$(judge "$rss * 10000000 / $KEYS_BIG < 1048576" "keys$KEYS_BIG")"

# ---- 5. relations ----

step "relations: 1, 10, 100 on the same events and on distinct events, $REL_MB MB"
# spec FILE RELATIONS GROUPS: RELATIONS per-dev alternatesWith relations, the
# k-th over virtio_req_NN/virtio_done_NN with NN = k modulo GROUPS
spec() {
	{
		echo "# generated by bench/run.sh: $2 relations over $3 event pairs"
		k=0
		while [ $k -lt "$3" ]; do
			printf 'event virtio_req_%02d(dev, vq, id)\nevent virtio_done_%02d(dev, vq, id)\n' $k $k
			k=$((k + 1))
		done
		k=0
		while [ $k -lt "$2" ]; do
			g=$(printf %02d $((k % $3)))
			echo "property r$k per dev: virtio_req_$g alternatesWith virtio_done_$g"
			k=$((k + 1))
		done
	} >"$1"
}
for g in 1 10 100; do
	input "$DIR/rel-g$g-${REL_MB}m.trace" "$GEN_EVENTS" -g "$g" w1 "$REL_MB"
done
REL_LINES=$(lines_of "$DIR/rel-g1-${REL_MB}m.trace")
# rel_trace NAME: the trace of relations NAME (its event pairs: same* one)
rel_trace() {
	case $1 in
	same*) echo "$DIR/rel-g1-${REL_MB}m.trace" ;;
	*) echo "$DIR/rel-g${1#dist}-${REL_MB}m.trace" ;;
	esac
}
for c in "same1 1 1" "same10 10 1" "same100 100 1" "dist10 10 10" "dist100 100 100"; do
	set -- $c # shellcheck disable=SC2086: split on purpose: NAME RELATIONS GROUPS
	spec "$TMP/$1.sm" "$2" "$3"
	cat "$(rel_trace "$1")" >/dev/null
	verify "relations $1" "$TMP/$1.sm" "$(rel_trace "$1")" "$REL_LINES" 0 0
done
# run_rel rel_NAME ROUND: one run of relations NAME
run_rel() {
	measure "$2" -n 1 -m 0 "$SPECMON" check --quiet "$TMP/${1#rel_}.sm" "$(rel_trace "${1#rel_}")"
}
side_by_side run_rel rel_same1 rel_same10 rel_same100 rel_dist10 rel_dist100
# rel_row NAME N WHAT LIMIT: a row of the relations, against 1 relation
rel_row() {
	row "$2 relations, $3 events" \
		"$(secs "rel_$1")" "$(spread "rel_$1")" \
		"1 relation: $(secs rel_same1) $(spread rel_same1)" \
		"$(calc '%.2fx 1 relation' "d($(pk "rel_$1" median), $(pk rel_same1 median))")" \
		"<= ${4}x" \
		"$(judge "$(pk "rel_$1" median) <= $4 * $(pk rel_same1 median)" "rel_$1" rel_same1)"
}
rel_row same10 10 same 10
rel_row same100 100 same 10
rel_row dist10 10 distinct 1.25
rel_row dist100 100 distinct 1.25

# ---- 6. a fresh key per request, streamed ----

step "fresh key per request: $FRESH_SMALL MB and $FRESH_BIG MB piped into specmon check -"
# Memory that passes 4 times the small stream's (and 1 GiB) is not constant:
# the big stream stops there, rather than at the machine's cap.
FRESH_CAP=$CAP_MB
for s in "$FRESH_SMALL" "$FRESH_BIG"; do
	# The generator's report goes to a file: it says how many events to expect.
	measure "fresh$s" -m "$FRESH_CAP" -n 1 -o "$TMP/fresh$s.json" \
		sh -c 'exec "$0" fresh "$1" - 2>"$2"' "$GEN_EVENTS" "$s" "$TMP/fresh$s.info" \
		'|' "$SPECMON" check --json "$W1SPEC" -
	if ok "fresh$s" && ! capped "fresh$s"; then
		expect_summary "fresh $s MB" "$TMP/fresh$s.json" \
			"$(sed -n 's/^gen-events: -: \([0-9]*\) lines.*/\1/p' "$TMP/fresh$s.info")" 0 0
	fi
	FRESH_CAP=$(calc '%d' "4 * $(pk "fresh$s" rss_kb) / 1024")
	[ "$FRESH_CAP" -ge 1024 ] || FRESH_CAP=1024
	[ "$FRESH_CAP" -le "$CAP_MB" ] || FRESH_CAP=$CAP_MB
done
fb=$(sed -n 's/.* \([0-9][0-9]*\) ftrace bytes.*/\1/p' "$TMP/fresh$FRESH_BIG.info" 2>/dev/null)
small=$(pk "fresh$FRESH_SMALL" rss_kb)
big=$(pk "fresh$FRESH_BIG" rss_kb)
# Killed at the cap, it had not read the whole stream: it needed more.
if capped "fresh$FRESH_BIG"; then
	fspeed="capped at $(calc '%.0fs' "$(pk "fresh$FRESH_BIG" median)")"
	more=">= "
else
	fspeed="$(mbps "${fb:-0}" "fresh$FRESH_BIG") MB/s"
	more=
fi
row "fresh key/request, $FRESH_BIG MB pipe" \
	"RSS $(calc '%.0f' "$big / 1024") MB, $fspeed" "n=1" \
	"$FRESH_SMALL MB stream: RSS $(calc '%.1f' "$small / 1024") MB" \
	"$more$(calc '%.2fx' "d($big, $small)")" \
	"constant: <= 1.25x" \
	"$(judge "$big <= 1.25 * $small" "fresh$FRESH_BIG" "fresh$FRESH_SMALL")"

# ---- 7. the engine alone: sm_emit ----

step "sm_emit in-process, $EMIT_EVENTS events: global and per-key relation, 1 K and 1 M keys, two threads, reports"
# emit times itself (only the sm_emit loop), so peak runs it once.
measure emit -n 1 -o "$TMP/emit.out" "$EMIT" -n "$EMIT_EVENTS" -r "$RUNS"
# em WHAT KEY: a value from emit's line for WHAT (global, per-key), or 0
em() {
	v=$(sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" "$TMP/emit.out" 2>/dev/null)
	echo "${v:-0}"
}
# em_spread WHAT: the spread of emit's runs of WHAT, as the table gives it
em_spread() {
	calc '+-%.0f%% n=%d' "d(50 * ($(em "$1" max_ns) - $(em "$1" min_ns)), $(em "$1" median_ns)), $(em "$1" runs)"
}
# emit_row WHAT LABEL LIMIT
emit_row() {
	m=$(em "$1" median_ns)
	row "sm_emit, $2" \
		"$(calc '%.1f' "$m") ns/event" \
		"$(em_spread "$1")" \
		"tracing-formal (Rust): 30 ns" \
		"$(calc '%.2fx its speed' "d(30, $m)")" \
		"<= $3 ns/event" \
		"$(judge "$m > 0 && $m <= $3" emit)"
}
emit_row global "global relation" 5
emit_row global-one-thread "global, options.threads = 1" 5
emit_row global-history-0 "global, history 0" 5
emit_row global-one-thread-history-0 "global, threads = 1, history 0" 5
emit_row per-key "per-key (64 keys)" 20
emit_row per-key-one-thread "per-key (64), threads = 1" 20
emit_row per-key-history-0 "per-key (64), history 0" 20
emit_row per-key-emit-site "per-key (64), SM_EMIT's way (sm_emit_site)" 20
emit_row keys-1k "per-key (1 K keys)" 20
emit_row keys-1m "per-key (1 M keys, met in turn)" 20
emit_row keys-1m-shuffled "per-key (1 M keys, random order)" 20
# Two threads: wall time over both threads' events, so scaling halves it.
emit_row two-threads-keys "2 threads, distinct keys" 10
emit_row two-threads-global "2 threads, one global relation" 5
# Reports (history 5): a violation's, its two emits included, alone and
# beside another thread's full ring; a pending instance's at the end.
# report_row WHAT LABEL: against report-alone, within 1.25x of it
report_row() {
	m=$(em "$1" median_ns)
	alone=$(em report-alone median_ns)
	row "sm_emit, $2" \
		"$(calc '%.2f' "$m / 1000") us/report" \
		"$(em_spread "$1")" \
		"a violation's, alone: $(calc '%.2f' "$alone / 1000") us" \
		"$(calc '%.2fx' "d($m, $alone)")" \
		"<= 1.25x" \
		"$(judge "$m > 0 && $alone > 0 && $m <= 1.25 * $alone" emit)"
}
report_row report-beside-ring "violation report, another thread's ring full"
report_row pending-reports "pending reports at the end (20 K instances)"
# A fresh key per request, each size in a process of its own: its peak
# memory.  emit_fresh_row KIND LABEL: KIND fresh-keys (one thread) or
# fresh-keys-split (one thread makes each key, another closes it).
emit_fresh_row() {
	for n in "$EMIT_FRESH_SMALL" "$EMIT_FRESH_BIG"; do
		measure "$1$n" -n 1 -o "$TMP/$1$n.out" "$EMIT" -b "$1" -n "$n"
	done
	small=$(pk "$1$EMIT_FRESH_SMALL" rss_kb)
	big=$(pk "$1$EMIT_FRESH_BIG" rss_kb)
	fns=$(sed -n "s/^$1 .*median_ns=\([^ ]*\).*/\1/p" "$TMP/$1$EMIT_FRESH_BIG.out" 2>/dev/null)
	row "sm_emit, $2, $((EMIT_FRESH_BIG / 2000)) K requests" \
		"RSS $(calc '%.1f' "$big / 1024") MB, $(calc '%.0f' "${fns:-0}") ns/event" "n=1" \
		"$((EMIT_FRESH_SMALL / 2000)) K requests: RSS $(calc '%.1f' "$small / 1024") MB" \
		"$(calc '%.2fx' "d($big, $small)")" \
		"constant: <= 1.25x" \
		"$(judge "$big <= 1.25 * $small" "$1$EMIT_FRESH_BIG" "$1$EMIT_FRESH_SMALL")"
}
emit_fresh_row fresh-keys "fresh key/request"
emit_fresh_row fresh-keys-split "fresh key/request, made and closed by 2 threads"

# ---- report ----

{
	echo
	echo "make bench: $CPUS CPUs, $MODEL, $(uname -sr)$([ -n "$QUICK" ] && echo ', quick')"
	echo "median of up to $RUNS runs (n; $SIDE_RUNS rounds side by side for W1, unbound, JSON Lines and relations), +- half their min-max spread; MB = 2^20 bytes; every reference measured in this run"
	echo
	printf "$FMT" workload specmon spread reference result target verdict
	cat "$TABLE"
	echo
	echo "grep: LC_ALL=C grep -c -F, on 'virtio_' (in every W1 line) and ': notify:' (unbound); wc: wc -l"
	echo "keys: one virtio_req per key, piped in; ns/event and bytes per instance net of a one-key run"
	echo "relations: $REL_MB MB; distinct events: each relation its own pair, the others ignore it (DESIGN: cost independent of them)"
	echo "sm_emit: bench/emit.c on build/libspecmon.a, through call sites (sm_site_init, sm_emit_vals: the fast path), 3 fields an event (1 in the keys and threads rows), history 5 unless said; threads = 1: the caller promises one thread (plain stores, no CAS); 1 M keys: created in turn and met once more, untimed (at their first return the lanes learn to keep them rather than reclaim them), then met in turn or in a random order (each emit of a new key then a few cache misses: memory's latency); fresh key/request: emit -b fresh-keys (or fresh-keys-split: one thread makes each key, the other closes it 1000 keys behind), a process per size, its peak RSS; tracing-formal's 30 ns is DESIGN.md §5's figure"
	echo "time: $(( $(date +%s) - START ))s for the whole bench; load average $LOAD0 at the start, $(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo '?') at the end"
	echo
	if [ "$FAIL" -eq 0 ]; then
		echo "every run worked and every verdict was right"
	else
		echo "FAILED: a run failed or a verdict was wrong (see the bench: lines above)"
	fi
} | tee "$DIR/table.txt"
exit $FAIL
