# trace-cmd's binary trace.dat is not read yet (through libtracecmd, to
# come): a file that starts with the .dat magic (auto-detected), or any
# input under --format dat, is an input error (exit 2) that says what to
# do, not a screen of skipped binary lines.  From a pipe the first line
# shows the magic: the same error.
$ printf '\027\010Dtracing6\000\000\000' > t.dat; specmon check tests/golden/qemu/notify.sm t.dat
specmon: t.dat: a trace-cmd trace.dat file: specmon does not read .dat files yet; check the text of `trace-cmd report` instead (--format ftrace)
tests/golden/qemu/notify.sm:3: warning: event dev_status matched no record
tests/golden/qemu/notify.sm:4: warning: event queue_notify matched no record
tests/golden/qemu/notify.sm:5: warning: no event of notify_after_ok carried its key field vdev
tests/golden/qemu/notify.sm:5: warning: property notify_after_ok was never checked: no instance of it took a step
specmon: 0 lines, 0 events, 0 skipped lines; 0 violations, 0 pending
specmon: 4 warnings
[2]
$ specmon check --format dat tests/golden/qemu/notify.sm tests/golden/qemu/boot.trace
specmon: tests/golden/qemu/boot.trace: a trace-cmd trace.dat file: specmon does not read .dat files yet; check the text of `trace-cmd report` instead (--format ftrace)
tests/golden/qemu/notify.sm:3: warning: event dev_status matched no record
tests/golden/qemu/notify.sm:4: warning: event queue_notify matched no record
tests/golden/qemu/notify.sm:5: warning: no event of notify_after_ok carried its key field vdev
tests/golden/qemu/notify.sm:5: warning: property notify_after_ok was never checked: no instance of it took a step
specmon: 0 lines, 0 events, 0 skipped lines; 0 violations, 0 pending
specmon: 4 warnings
[2]
$ cat t.dat | specmon check tests/golden/qemu/notify.sm 2>&1 | head -1
specmon: -: a trace-cmd trace.dat file: specmon does not read .dat files yet; check the text of `trace-cmd report` instead (--format ftrace)
