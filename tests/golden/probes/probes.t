# specmon probes with the fixture BTF of tests/tools/mkbtf.c (a base and
# three modules' split BTF); the expected lines are worked out by hand from
# the layouts written at the top of mkbtf.c (see tests/golden/probes/virtio.sm).
# needs: libbpf
$ mkdir -p btf && mkbtf btf && cd btf && specmon probes ../tests/golden/probes/virtio.sm --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci_legacy_dev.ko --btf virtio_pci.ko
# kprobe_events lines (7 probes, group specmon)
p:specmon/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 devid=-72(%di):u32 status=%si:u8
p:specmon/legacy_set_status virtio_pci_legacy_dev:vp_legacy_set_status dev=-72(%di):s32 status=%si:x8
p:specmon/notify virtio_pci:vp_notify dev=+0(+16(%di)):s32 vq=+24(%di):u32 vqname=+0(+8(%di)):string
r:specmon/get_status_ret virtio_pci_modern_dev:vp_modern_get_status status=$retval:u8
p:specmon/add virtio_add_status dev=+0($arg1):s32 features=+32($arg1):u64 name=+40($arg1):string kname=+0(+8($arg1)):string first=+41($arg1):s8 bus=+16($arg1):x64
p:specmon/kick virtqueue_kick vq=+24($arg1):u32
r:specmon/kick_ret virtqueue_kick ok=$retval:u8
# kick: field 'ok' has no fetch and virtqueue_kick() no argument of that name: its records lack it
# tracepoints to enable (events/SYS/NAME/enable)
# tracepoint sched/sched_switch
# not armed, no property uses their events: unused
$ cd btf && specmon probes --group vio ../tests/golden/probes/virtio.sm --btf vmlinux --btf virtio_pci.ko 2>&1 | head -4
../tests/golden/probes/virtio.sm:4:15: error: no function 'vp_modern_set_status' in the BTF of vmlinux, virtio_pci.ko (a module's function: give the module's .ko with --btf)
      from kprobe vp_modern_set_status {
                  ^~~~~~~~~~~~~~~~~~~~
../tests/golden/probes/virtio.sm:10:15: error: no function 'vp_legacy_set_status' in the BTF of vmlinux, virtio_pci.ko (a module's function: give the module's .ko with --btf)
$ mkdir -p sys && cp btf/vmlinux btf/virtio_pci.ko sys/ && mv sys/virtio_pci.ko sys/virtio_pci && printf 'event notify(dev, vq) from kprobe vp_notify { dev = vq->vdev->index, vq = vq->index }\nevent other\nproperty p: notify precedes other\n' > n.sm && SPECMON_BTF_DIR=sys specmon probes --group vio n.sm
# kprobe_events lines (1 probe, group vio)
p:vio/notify virtio_pci:vp_notify dev=+0(+16(%di)):s32 vq=+24(%di):u32
$ SPECMON_BTF_DIR=nowhere specmon probes n.sm
specmon: error: no BTF for the running kernel: nowhere/vmlinux: No such file or directory (a kernel built with CONFIG_DEBUG_INFO_BTF has it); give the kernel's BTF with --btf FILE (a vmlinux ELF with .BTF, or raw BTF)
[2]
$ specmon probes n.sm --btf n.sm
specmon: error: cannot read BTF from n.sm: BPF object format invalid (neither raw BTF nor an ELF file with a .BTF section)
[2]
$ specmon probes n.sm --btf btf/vmlinux --btf n.ko
specmon: error: cannot read module BTF from n.ko: No such file or directory (is it a module of the kernel whose BTF is btf/vmlinux?)
[2]
$ specmon probes n.sm --btf btf/vmlinux --btf btf/vmlinux
specmon: error: two kernel BTF files: btf/vmlinux and btf/vmlinux (a module's file must end in .ko)
[2]
