# specmon gen kmod with the fixture BTF of tests/tools/mkbtf.c (kmod.sm).
# The probes' fetches, worked out by hand from mkbtf.c's layouts:
#   set_status: mdev is the member of virtio_pci_device at 96 and vdev.index
#     is at 0: dev at arg1 - 96, an s32 (int); status is argument 2, a u8;
#   read_call (get_status): the same container_of, so its dev likewise;
#   read (get_status_ret): $retval, a u8, and dev from its entry
#     (`returning read_call`): the kretprobe's entry handler runs
#     get_status's fetches and keeps them in the instance's data;
#   notify: vq->vdev at 16, read as a pointer, then index at 0; vq->index at
#     24, a u32 (unsigned int); vq->name is a string, which the module
#     leaves out (no property reads it: a warning says so).
# Then the module compiles against the stand-in kernel API (tests/kstub)
# with -Wall -Wextra -Werror, its shim/ for <stdint.h> and the rest.
# needs: libbpf
# needs: cc
$ mkdir -p btf km && mkbtf btf && cd btf && specmon gen kmod ../tests/golden/gen/kmod.sm -o ../km --name kd --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci.ko
../tests/golden/gen/kmod.sm:17:51: warning: gen kmod: field 'vqname' (+0(+8(%di)):string) is not an integer: the module leaves it out (no property reads it)
      dev = vq->vdev->index, vq = vq->index, vqname = vq->name }
                                                      ^~~~~~~~
$ mkdir -p btf km && mkbtf btf && cd btf && specmon gen kmod ../tests/golden/gen/kmod.sm -o ../km --name kd --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci.ko 2>/dev/null; cd ../km && ls . shim && grep -E '^ \*   [pr]:|regs_get_kernel_argument|regs_return_value|smk_fetch\(base|h\[2\] = 0|smk_instant\(ms|\.entry_handler = smk' kd.c
.:
Kbuild
Makefile
kd.c
kd_mon.c
kd_mon.h
shim

shim:
stdbool.h
stddef.h
stdint.h
 *   p:specmon/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 status=%si:u8
 *   p:specmon/get_status virtio_pci_modern_dev:vp_modern_get_status dev=-96(%di):s32
 *   r:specmon/get_status_ret virtio_pci_modern_dev:vp_modern_get_status status=$retval:u8
 *   p:specmon/notify virtio_pci:vp_notify dev=+0(+16(%di)):s32 vq=+24(%di):u32 vqname=+0(+8(%di)):string
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[0] = smk_fetch(base, off, 1, 4, true, &v[0]);
		unsigned long base = regs_get_kernel_argument(regs, 1);
		h[1] = smk_fetch(base, NULL, 0, 1, false, &v[1]);
	smk_instant(ms, n, "kprobe:vp_modern_set_status");
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[0] = smk_fetch(base, off, 1, 4, true, &v[0]);
	smk_instant(ms, n, "kprobe:vp_modern_get_status");
		unsigned long base = regs_return_value(regs);
		h[0] = smk_fetch(base, NULL, 0, 1, false, &v[0]);
	smk_instant(ms, n, "kretprobe:vp_modern_get_status");
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[0] = smk_fetch(base, off, 2, 4, true, &v[0]);
		unsigned long base = regs_get_kernel_argument(regs, 0);
		h[1] = smk_fetch(base, off, 1, 4, false, &v[1]);
	h[2] = 0; /* vqname=+0(+8(%di)):string: not an integer, left out */
	smk_instant(ms, n, "kprobe:vp_notify");
	 .handler = smk_return_2, .entry_handler = smk_enter_2,
$ mkdir -p btf km && mkbtf btf && cd btf && specmon gen kmod ../tests/golden/gen/kmod.sm -o ../km --name kd --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci.ko 2>/dev/null; cd .. && cc -std=gnu11 -nostdinc -Ikm/shim -Itests/kstub -Wall -Wextra -Werror -Wno-unused-function -Wno-declaration-after-statement -c km/kd.c -o km/kd.o && echo compiled against tests/kstub
compiled against tests/kstub
$ mkdir -p btf km && mkbtf btf && printf 'event sw(prev) from tracepoint sched:sched_switch { prev = prev_pid }\nevent n(vq, name) from kprobe vp_notify { vq = vq->index, name = vq->name }\nproperty p: sw precedes n' >bad.sm && specmon gen kmod bad.sm -o km --btf btf/vmlinux --btf btf/virtio_pci.ko
bad.sm:1:38: error: gen kmod: tracepoints are not supported yet (the module attaches kprobes and kretprobes)
    event sw(prev) from tracepoint sched:sched_switch { prev = prev_pid }
                                         ^~~~~~~~~~~~
[2]
$ mkdir -p btf km && mkbtf btf && printf 'event n(vq, name) from kprobe vp_notify { vq = vq->index, name = vq->name }\nautomaton a per vq { initial s\n s -> s on n when name == 0 }\n' >bad2.sm && specmon gen kmod bad2.sm -o km --btf btf/vmlinux --btf btf/virtio_pci.ko
bad2.sm:1:66: error: gen kmod: field 'name' is fetched as '+0(+8(%di)):string', which the module cannot read into an integer (its values are integers)
    event n(vq, name) from kprobe vp_notify { vq = vq->index, name = vq->name }
                                                                     ^~~~~~~~
[2]
$ specmon gen kmod tests/golden/gen/kmod.sm -o km --name 9lives
specmon: --name takes a C identifier, not '9lives'
(specmon gen --help shows the usage)
[2]
$ specmon gen kmod tests/golden/gen/kmod.sm
specmon: gen kmod needs -o DIR, the folder to write to
(specmon gen --help shows the usage)
[2]
$ specmon gen kmod tests/golden/gen/kmod.sm -o nowhere
specmon: error: cannot write into 'nowhere': No such file or directory
[2]
