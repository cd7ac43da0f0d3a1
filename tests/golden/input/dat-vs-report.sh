#!/bin/sh
# dat-vs-report.sh NAME SPEC [OPTION...]: specmon on tests/data/NAME.dat and
# on tests/data/NAME.report (the `trace-cmd report -N -t` text of the same
# file, its `cpus=2` header line left out, so that record N is line N) must
# print the same, byte for byte (the input's name aside): the same
# violations at the same records and times, the same loss notes, warnings
# and counts, and the same exit status.  Prints `same: ...` and the summary, or the difference.
name=$1 spec=$2
shift 2
opts=${*:+ $*}
sed 1d "tests/data/$name.report" >"$name.txt"
specmon check "$@" "$spec" "tests/data/$name.dat" >"$name.dat.out" 2>&1
a=$?
specmon check "$@" "$spec" "$name.txt" >"$name.txt.raw" 2>&1
b=$?
sed "s|$name\\.txt|tests/data/$name.dat|g" "$name.txt.raw" >"$name.txt.out"
if cmp -s "$name.dat.out" "$name.txt.out" && [ "$a" -le 1 ] && [ "$a" -eq "$b" ]; then
	echo "same: $name$opts (exit $a): $(grep '^specmon: [0-9]* lines\|"type":"summary"' "$name.dat.out" | cut -c1-90)"
else
	echo "DIFFERENT: $name$opts (exit $a and $b)"
	diff "$name.dat.out" "$name.txt.out" | head -20
fi
