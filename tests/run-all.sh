#!/bin/sh
# The whole suite, as `make check` runs it: unit tests (one process each),
# golden transcripts, one thread against two, the fuzz corpora replayed
# through every parser, and the differential test against the reference
# semantics.
# Ends with "check: N passed, N failed, N skipped".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/${BUILD:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

# Under SAN=1: the leaks of libtracecmd (the trace.dat reader) are its own
# (tests/lsan.supp), and saying which were suppressed would change outputs.
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$root/tests/lsan.supp:print_suppressions=0"
export LSAN_OPTIONS

SHARED=${SHARED:-$root/../shared}
[ -d "$SHARED" ] || echo "note: $SHARED is absent; tests that read it are skipped"
export SHARED

# The threaded tests under ThreadSanitizer (make check-tsan: these alone).
tsan() {
	if [ -s "$build/tsan-tests.skip" ]; then
		echo "skip tsan: $(cat "$build/tsan-tests.skip")"
		echo "tsan: 0 passed, 0 failed, 1 skipped"
	else
		TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$build/tsan-tests" | sed 's/^unit:/tsan:/'
	fi
}
if [ "${1:-}" = tsan ]; then
	tsan | tee -a "$log"
	tail -1 "$log" | grep -q ' 0 failed' || exit 1
	exit 0
fi

"$build/unit-tests" | tee -a "$log"
# Emits on existing instances allocate nothing (tests/alloc: its own binary).
"$build/alloc-tests" | sed 's/^unit:/alloc:/' | tee -a "$log"
tsan | tee -a "$log"
BUILD=${BUILD:-build} sh "$root/tests/golden/run.sh" | tee -a "$log"
# A file read on a reader thread gives what one thread gives (tests/threads).
BUILD=${BUILD:-build} sh "$root/tests/threads/run.sh" | tee -a "$log"

replayed=0 broken=0
for bin in "$build"/replay-*; do
	[ -x "$bin" ] || continue
	target=${bin##*/replay-}
	if "$bin" "$root/fuzz/corpus/$target" >/dev/null 2>"$log.err"; then
		replayed=$((replayed + 1))
	else
		echo "FAIL replay of fuzz/corpus/$target"
		cat "$log.err"
		broken=$((broken + 1))
	fi
done
rm -f "$log.err"
echo "replay: $replayed passed, $broken failed, 0 skipped" | tee -a "$log"

# The differential test against the reference semantics (tests/reference/).
if command -v python3 >/dev/null 2>&1; then
	BUILD=${BUILD:-build} python3 "$root/tests/reference/run.py" | tee -a "$log"
	# The same cases through sm_emit (tests/reference/emit.c); then without
	# the input-only features (several events per record, timestamp
	# instants), which the emit path skips, so that more cases run.
	BUILD=${BUILD:-build} VIA=emit python3 "$root/tests/reference/run.py" | tee -a "$log"
	BUILD=${BUILD:-build} VIA=emit FEATURES=start,missing,biglit,strings,clockexpr,vars,within,clocks \
		python3 "$root/tests/reference/run.py" | tee -a "$log"
	# A property's reports, histories and all, are those it makes alone
	# (the engine shares work within a shape: tests/reference/alone.py).
	BUILD=${BUILD:-build} python3 "$root/tests/reference/alone.py" | tee -a "$log"
else
	echo "skip tests/reference: python3 is absent"
	echo "reference: 0 passed, 0 failed, 1 skipped" | tee -a "$log"
fi

# A suite that died before its summary line (a crash, a traceback, a
# missing binary: its output goes through tee, so its exit status is lost)
# counts as a failure: every suite must have said how it went.
awk '/^(unit|alloc|tsan|golden|threads|replay|reference): [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/ {
	p += $2; f += $4; s += $6; said[substr($1, 1, length($1) - 1)]++
} END {
	n = split("unit alloc tsan golden threads replay reference", suite, " ")
	for (k = 1; k <= n; k++)
		if (!said[suite[k]]) {
			printf "FAIL %s: no summary line (the suite did not finish)\n", suite[k]
			f++
		}
	printf "check: %d passed, %d failed, %d skipped\n", p, f, s
	exit f > 0
}' "$log"
