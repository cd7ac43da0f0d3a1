# needs: libtracecmd
# trace.dat records are paired as ftrace text is (dat.sm: a task's switch
# out takes `filename` from its latest open myprobe).  The reference: an awk
# script over the `trace-cmd report` text of the same file, a stack of
# filenames per pid, popped at each sched_switch whose header task has one
# open; the filenames specmon's paired events carry must be the same, in
# the same order, from the .dat and from the text.
$ awk '{ n = split($1, a, "-"); pid = a[n] } $4 == "myprobe:" { for (i = 5; i <= NF; i++) if ($i ~ /^filename=/) st[pid, ++d[pid]] = substr($i, 10) } $4 == "sched_switch:" && d[pid] > 0 { print st[pid, d[pid]--] }' tests/data/sched.report | tr -d '"' >ref.out; wc -l <ref.out
11
$ specmon check --history 0 tests/golden/pair/dat.sm tests/data/sched.dat 2>&1 | grep -o 'out(filename=[^,]*' | sed 's/^out(filename=//' | tr -d '"' | diff ref.out - && echo "trace.dat: paired as the reference pairs"
trace.dat: paired as the reference pairs
$ specmon check --history 0 tests/golden/pair/dat.sm tests/data/sched.report 2>&1 | grep -o 'out(filename=[^,]*' | sed 's/^out(filename=//' | tr -d '"' | diff ref.out - && echo "text: paired as the reference pairs"
text: paired as the reference pairs
$ specmon check --history 0 --quiet tests/golden/pair/dat.sm tests/data/sched.dat; echo "exit $?"
exit 1
