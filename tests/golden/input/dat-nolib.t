# A build without libtracecmd (make HAVE_TRACECMD=0, or no libtracecmd-dev
# and pkg-config when it was built) cannot read trace-cmd's binary
# trace.dat: a file that starts with the .dat magic (auto-detected), any
# input under --format dat, or a .dat on a pipe (its first line shows the
# magic) is an input error (exit 2) that says so, how to get a build that
# can, and what to do instead; not a screen of skipped binary lines.
# (dat.t is the same inputs in a build with libtracecmd.)
# needs: no-libtracecmd
$ specmon check tests/golden/input/dat-open.sm tests/data/sched.dat
specmon: tests/data/sched.dat: a trace-cmd trace.dat file, which this build of specmon cannot read: it was built without libtracecmd. To read it, install libtracecmd-dev, libtracefs-dev, libtraceevent-dev and pkg-config (Debian, Ubuntu: apt-get install libtracecmd-dev libtracefs-dev libtraceevent-dev pkg-config) and rebuild specmon; or check its text instead: trace-cmd report -N FILE | specmon check SPEC
tests/golden/input/dat-open.sm:5: warning: event open matched no record
tests/golden/input/dat-open.sm:8: warning: no event of named carried its key field pid
tests/golden/input/dat-open.sm:8: warning: property named was never checked: no instance of it took a step
specmon: 0 lines, 0 events, 0 skipped lines; 0 violations, 0 pending
specmon: 3 warnings
[2]
$ specmon check --format dat tests/golden/qemu/notify.sm tests/golden/qemu/boot.trace 2>&1 | head -1
specmon: tests/golden/qemu/boot.trace: a trace-cmd trace.dat file, which this build of specmon cannot read: it was built without libtracecmd. To read it, install libtracecmd-dev, libtracefs-dev, libtraceevent-dev and pkg-config (Debian, Ubuntu: apt-get install libtracecmd-dev libtracefs-dev libtraceevent-dev pkg-config) and rebuild specmon; or check its text instead: trace-cmd report -N FILE | specmon check SPEC
$ cat tests/data/sched.dat | specmon check tests/golden/input/dat-open.sm 2>&1 | head -1
specmon: -: a trace-cmd trace.dat file, which this build of specmon cannot read: it was built without libtracecmd. To read it, install libtracecmd-dev, libtracefs-dev, libtraceevent-dev and pkg-config (Debian, Ubuntu: apt-get install libtracecmd-dev libtracefs-dev libtraceevent-dev pkg-config) and rebuild specmon; or check its text instead: trace-cmd report -N FILE | specmon check SPEC
