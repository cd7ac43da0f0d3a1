# specmon watch against a stand-in tracefs (./tfs: plain files, and the
# trace_pipe FIFO watch makes in its instance, which feed.sh writes): what
# it writes to kprobe_events and the enable files, the reports of what it
# reads (the verdicts are match.t's, worked out by hand), --save, and that
# everything is undone on a normal end, on SIGINT and on SIGTERM.
# The notes of the probe lines reach the user as `specmon probes` shows
# them: a kprobe whose event no property uses is not armed, and watch says
# so on standard error (the spec's `unused` event, bound as unused_probe on
# vp_notify; note.sm's line 9, which also matched no record); --quiet
# leaves both out.
# needs: libbpf
$ mkdir -p wt && cd wt && rm -rf tfs && mkdir -p tfs/instances btf && : >tfs/kprobe_events && mkbtf btf && (sh ../tests/golden/probes/feed.sh ../tests/golden/probes/match.trace &) && { specmon watch --save saved.txt --tracefs tfs --group g ../tests/golden/probes/watch.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko; echo "exit $?"; } 2>&1 | sed 's/specmon-[0-9]*/specmon-PID/'; cat files.txt enables.txt; echo; cat tfs/kprobe_events; find tfs | sort; cmp saved.txt ../tests/golden/probes/match.trace && echo saved
specmon: watching 3 events in tfs/instances/specmon-PID (Ctrl-C ends)
trace_pipe:5: 1.000300 violation of sw: set_status(dev=0, status=3) with no switch before it to match
  relation: switch precedes set_status   (../tests/golden/probes/watch.sm:8)
  allowed here: switch
  history of sw:
    trace_pipe:2  1.000000  switch(prev=0, next=7)
    trace_pipe:3  1.000100  set_status(dev=0, status=1)
trace_pipe:6: 1.000400 violation of order: set_status(dev=0, status=7) while a set_status still waits for its status_read
  relation: set_status alternatesWith status_read   (../tests/golden/probes/watch.sm:7)
  allowed here: status_read
  history of order:
    trace_pipe:3  1.000100  set_status(dev=0, status=1)
    trace_pipe:4  1.000200  status_read(status=1)
    trace_pipe:5  1.000300  set_status(dev=0, status=3)
trace_pipe:6: 1.000400 violation of sw: set_status(dev=0, status=7) with no switch before it to match
  relation: switch precedes set_status   (../tests/golden/probes/watch.sm:8)
  allowed here: switch
  history of sw:
    trace_pipe:2  1.000000  switch(prev=0, next=7)
    trace_pipe:3  1.000100  set_status(dev=0, status=1)
    trace_pipe:5  1.000300  set_status(dev=0, status=3)   violation, ignored
trace_pipe:5: 1.000300 pending order: 1 set_status still waits for its status_read at the end of input
  history of order:
    trace_pipe:3  1.000100  set_status(dev=0, status=1)
    trace_pipe:4  1.000200  status_read(status=1)
    trace_pipe:5  1.000300  set_status(dev=0, status=3)
    trace_pipe:6  1.000400  set_status(dev=0, status=7)   violation, ignored
specmon: 6 lines, 5 events, 0 skipped lines; 3 violations, 1 pending
exit 1
tfs
tfs/instances
tfs/instances/specmon-PID
tfs/instances/specmon-PID/events
tfs/instances/specmon-PID/events/g
tfs/instances/specmon-PID/events/g/get_status_ret
tfs/instances/specmon-PID/events/g/get_status_ret/enable
tfs/instances/specmon-PID/events/g/set_status
tfs/instances/specmon-PID/events/g/set_status/enable
tfs/instances/specmon-PID/events/sched
tfs/instances/specmon-PID/events/sched/sched_switch
tfs/instances/specmon-PID/events/sched/sched_switch/enable
tfs/instances/specmon-PID/trace_pipe
tfs/kprobe_events
111
p:g/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 status=%si:u8
r:g/get_status_ret virtio_pci_modern_dev:vp_modern_get_status status=$retval:u8
-:g/set_status
-:g/get_status_ret
tfs
tfs/instances
tfs/kprobe_events
saved
$ mkdir -p wt && cd wt && rm -rf tfs && mkdir -p tfs/instances btf && : >tfs/kprobe_events && mkbtf btf && head -3 ../tests/golden/probes/match.trace >part.trace && (sh ../tests/golden/probes/feed.sh part.trace INT &) && { specmon watch --quiet --tracefs tfs ../tests/golden/probes/watch.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko; echo "exit $?"; } 2>&1 | sed 's/specmon_[0-9]*/specmon_PID/'; sed 's/specmon_[0-9]*/specmon_PID/' tfs/kprobe_events; find tfs | sort
exit 0
p:specmon_PID/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 status=%si:u8
r:specmon_PID/get_status_ret virtio_pci_modern_dev:vp_modern_get_status status=$retval:u8
-:specmon_PID/set_status
-:specmon_PID/get_status_ret
tfs
tfs/instances
tfs/kprobe_events
$ mkdir -p wt && cd wt && rm -rf tfs && mkdir -p tfs/instances btf && : >tfs/kprobe_events && mkbtf btf && head -3 ../tests/golden/probes/match.trace >part.trace && (sh ../tests/golden/probes/feed.sh part.trace TERM &) && { specmon watch --json --tracefs tfs ../tests/golden/probes/watch.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko; echo "exit $?"; } 2>&1 | sed 's/specmon[-_][0-9]*/specmon-PID/'; find tfs | sort
specmon: watching 3 events in tfs/instances/specmon-PID (Ctrl-C ends)
{"type":"pending","input":"trace_pipe","line":3,"ts":1.000100,"property":"order","key":{},"reason":"1 set_status still waits for its status_read at the end of input","history":[{"input":"trace_pipe","line":3,"ts":1.000100,"event":"set_status","fields":{"dev":0,"status":1}}]}
{"type":"warning","kind":"unmatched-event","spec":"../tests/golden/probes/watch.sm:5","event":"status_read","message":"event status_read matched no record"}
{"type":"summary","lines":3,"records":2,"events":2,"skipped":0,"comments":1,"violations":0,"pending":1,"stopped":false,"properties":[{"name":"order","instances":1,"violations":0,"pending":1,"refused":0},{"name":"sw","instances":1,"violations":0,"pending":0,"refused":0}],"warnings":1,"losses":0,"lost_events":0,"pattern_limit":0}
specmon: interrupted (SIGTERM): the verdict is of the input read so far
exit 0
tfs
tfs/instances
tfs/kprobe_events
$ mkdir -p wt && cd wt && specmon watch --tracefs nowhere ../tests/golden/probes/watch.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko
specmon: error: no tracefs at nowhere: No such file or directory
[2]
$ mkdir -p wt && cd wt && rm -rf tfs && mkdir -p tfs/instances && ln -s /dev/full tfs/kprobe_events && printf 'p:vio/x: bad\n  ^ here\n' > tfs/error_log && { specmon watch --tracefs tfs --group g ../tests/golden/probes/watch.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko; echo "exit $?"; } 2>&1 | sed 's/specmon-[0-9]*/specmon-PID/'; find tfs | sort
specmon: error: the kernel refused the probe (No space left on device): tfs/kprobe_events
  p:g/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 status=%si:u8
  error_log: p:vio/x: bad
  error_log:   ^ here
exit 2
tfs
tfs/error_log
tfs/instances
tfs/kprobe_events
$ mkdir -p wt && cd wt && printf 'event a(x) from ftrace a\nevent b\nproperty p: a precedes b\n' > none.sm && specmon watch --tracefs tfs none.sm
specmon: error: nothing to watch: no property uses an event declared 'from kprobe', 'from kretprobe' or 'from tracepoint'
[2]
$ mkdir -p wt && cd wt && rm -rf tfs && mkdir -p tfs/instances btf && : >tfs/kprobe_events && mkbtf btf && head -3 ../tests/golden/probes/match.trace >part.trace && { cat ../tests/golden/probes/watch.sm; printf 'event unused(vq) from kprobe vp_notify as unused_probe { vq = vq->index }\n'; } >note.sm && (sh ../tests/golden/probes/feed.sh part.trace INT &) && { specmon watch --tracefs tfs note.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko 2>&1 | grep -e note: -e unused; echo "exit $?"; }
specmon: note: not armed, no property uses their events: unused_probe
note.sm:9: warning: event unused matched no record
exit 0
$ cd wt && rm -rf tfs && mkdir -p tfs/instances && : >tfs/kprobe_events && (sh ../tests/golden/probes/feed.sh part.trace INT &) && specmon watch --quiet --tracefs tfs note.sm --btf btf/vmlinux --btf btf/virtio_pci_modern_dev.ko --btf btf/virtio_pci.ko 2>&1 | grep -c -e note: -e unused
0
[1]
