# make demo: DESIGN.md §2.4's device_init automaton on the bundled boot of the
# stock Linux 6.1 virtio drivers (examples/boot-cloud.trace, a copy of
# traces/lab/boot-cloud/live_pipe.txt).  The one finding, worked out from the
# trace: the balloon (dev=0) notifies its "stats" queue on line 50 after it
# re-read the status (state checked) but before writing DRIVER_OK (0xf, line
# 59): VirtIO §3.1.1.  Every other device reaches `live` before notifying.
$ specmon check examples/virtio-status.sm examples/boot-cloud.trace
examples/boot-cloud.trace:50: 4.724523 violation of device_init[dev=0]: notify(dev=0, vq=2, vqname=stats) in state checked
  allowed here: set_status when status == ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK   (examples/virtio-status.sm:22)
  history of device_init[dev=0]:
    examples/boot-cloud.trace:32  4.706799  get_status()   * -> acked
    examples/boot-cloud.trace:34  4.707039  set_status(status=0x3)   acked -> driver
    examples/boot-cloud.trace:40  4.710068  get_status()   * -> driver
    examples/boot-cloud.trace:42  4.710227  set_status(status=0xb)   driver -> features
    examples/boot-cloud.trace:43  4.710304  get_status()   features -> checked
specmon: 1259 lines, 76 events, 0 skipped lines; 1 violation, 0 pending
[1]
