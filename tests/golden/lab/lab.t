# lab/lab.py's comparison (doc/lab.md §2), on a run written by hand
# (run/runs/full): no guest is booted (--recheck).
#
# The driver side (guest-trace.txt): the balloon (dev=0, device 5 in the
# @@DEV lines) goes 0, 0x1, 0x3, features, 0xb, its re-read, then notifies
# queue 2 (line 9) before 0xf: notify_after_driver_ok, after the marker of
# line 1: phase boot.  The lab's device (dev=5, device 0x12) goes 0, 0x1,
# 0x3, 0x1 (line 15): no_clear, after the mode-2 marker of line 11.  The
# guest's live verdicts (guest-watch.json) are the same two.
#
# The device side (qemu_trace.log, times on the console's clock): vdev
# 0x...a0 first gets a status with DRIVER (3) at 1000.25, inside the load of
# virtio_balloon (1000.2 to the mode-2 marker at 1001.0): the balloon.  vdev
# 0x...f0 got 3 at 999.0, before the boot (the firmware's: not counted), and
# next at 1001.1002, in mode-2: the lab's device.  The balloon's queue 2
# notified at 1000.2502 after 11 (boot); 3 then 1 at 1001.1003 (mode-2).
# The checks' counts: 16 trace lines; the unmatched events warned are
# legacy_set_status, get_dev_features(_ret) and vq_add (driver side), and
# used_notify, consume and pci_notify_write (device side).
#
# The kmod side (guest-dmesg.txt, written as gen kmod's module writes its
# reports): the same two violations after the kernel log's own @@PHASE
# boot and mode-2 markers, then the unload's counts line; the driver
# side's expected lines are the kmod side's too.
#
# The last run: the kmod side broken three ways: the end marker never
# reached the kernel log, the module never printed its counts (it did not
# unload), and the kernel warned after the module loaded.  The verdicts
# themselves are as expected; each of the three fails the run.
$ cp -r tests/golden/lab/run run && python3 tests/../lab/lab.py --specmon specmon --recheck --cache run --scenarios full --expected tests/golden/lab/expected-ok
lab: full: verdicts (run/runs/full/verdicts.txt):
    side    phase      property                 device
    driver  boot       notify_after_driver_ok   balloon
    driver  mode-2     no_clear                 lab
    device  boot       notify_after_driver_ok   balloon
    device  mode-2     no_clear                 lab
    kmod    boot       notify_after_driver_ok   balloon
    kmod    mode-2     no_clear                 lab
lab: full: driver.json: 16 lines, 23 events, 0 skipped, 0 lost, 2 violations, 0 pending, 4 warnings
lab: full: device.json: 13 lines, 13 events, 0 skipped, 0 lost, 2 violations, 0 pending, 3 warnings
lab: full: specmon_virtio_driver: 12 records, 2 violations, 0 missed hits, 0 refused keys, 0 dropped events, 0 dropped obligations
lab: full: every verdict as expected
$ cp -r tests/golden/lab/run run && python3 tests/../lab/lab.py --specmon specmon --recheck --cache run --scenarios full --expected tests/golden/lab/expected-bad
lab: full: verdicts (run/runs/full/verdicts.txt):
    side    phase      property                 device
    driver  boot       notify_after_driver_ok   balloon
    driver  mode-2     no_clear                 lab
    device  boot       notify_after_driver_ok   balloon
    device  mode-2     no_clear                 lab
    kmod    boot       notify_after_driver_ok   balloon
    kmod    mode-2     no_clear                 lab
lab: full: driver.json: 16 lines, 23 events, 0 skipped, 0 lost, 2 violations, 0 pending, 4 warnings
lab: full: device.json: 13 lines, 13 events, 0 skipped, 0 lost, 2 violations, 0 pending, 3 warnings
lab: full: specmon_virtio_driver: 12 records, 2 violations, 0 missed hits, 0 refused keys, 0 dropped events, 0 dropped obligations
lab: full: verdicts differ from tests/golden/lab/expected-bad/full.txt (- expected, not given; + given, not expected; ! wrong):
    - driver boot notify_after_driver_ok balloon
    + driver mode-2 no_clear lab
    - device mode-3 reset_after_failed lab
    + device boot notify_after_driver_ok balloon
    - kmod boot notify_after_driver_ok balloon
    + kmod mode-2 no_clear lab
lab: error: verdicts differ in full
[1]
$ cp -r tests/golden/lab/run run && sed -i -e '/@@PHASE end/d' -e '/records,/c[    5.100000] WARNING: CPU: 0 PID: 80 at kernel/kprobes.c:1 __unregister_kprobe_top' run/runs/full/guest-dmesg.txt && python3 tests/../lab/lab.py --specmon specmon --recheck --cache run --scenarios full --expected tests/golden/lab/expected-ok
lab: full: verdicts (run/runs/full/verdicts.txt):
    side    phase      property                 device
    driver  boot       notify_after_driver_ok   balloon
    driver  mode-2     no_clear                 lab
    device  boot       notify_after_driver_ok   balloon
    device  mode-2     no_clear                 lab
    kmod    boot       notify_after_driver_ok   balloon
    kmod    mode-2     no_clear                 lab
lab: full: driver.json: 16 lines, 23 events, 0 skipped, 0 lost, 2 violations, 0 pending, 4 warnings
lab: full: device.json: 13 lines, 13 events, 0 skipped, 0 lost, 2 violations, 0 pending, 3 warnings
lab: full: verdicts differ from tests/golden/lab/expected-ok/full.txt (- expected, not given; + given, not expected; ! wrong):
    ! kmod: the kernel log says: WARNING: CPU: 0 PID: 80 at kernel/kprobes.c:1 __unregister_kprobe_top
    ! kmod: the kernel log's phase markers (boot mode-2) are not the guest's (boot mode-2 end)
    ! kmod: no counts line: specmon_virtio_driver did not unload
lab: error: verdicts differ in full
[1]
