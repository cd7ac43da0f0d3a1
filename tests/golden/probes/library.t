# The rule library's driver-side bindings (specs/virtio/events.sm,
# driver-events.sm) against the fixture BTF of tests/tools/mkbtf.c: the
# offsets are worked out by hand from its layouts (struct virtio_pci_device:
# vdev @0, ldev @72, mdev @96; virtio_device: index @0, id.device @24;
# virtqueue: name @8, vdev @16, index @24), the argument numbers from its
# prototypes.  The probe names are the lab's (shared/lab/guest/probes.tmpl),
# so that its traces and these probes give the same records.
# needs: libbpf
$ mkdir -p btf && mkbtf btf && cd btf && specmon probes virtio/driver --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci_legacy_dev.ko --btf virtio_pci.ko
# kprobe_events lines (14 probes, group specmon)
p:specmon/set_status virtio_pci_modern_dev:vp_modern_set_status dev=-96(%di):s32 status=%si:x8 devid=-72(%di):u32
p:specmon/legacy_set_status virtio_pci_legacy_dev:vp_legacy_set_status dev=-72(%di):s32 status=%si:x8 devid=-48(%di):u32
p:specmon/notify virtio_pci:vp_notify dev=+0(+16(%di)):s32 vq=+24(%di):u32 vqname=+0(+8(%di)):string
p:specmon/get_status virtio_pci_modern_dev:vp_modern_get_status dev=-96(%di):s32 devid=-72(%di):u32
p:specmon/legacy_get_status virtio_pci_legacy_dev:vp_legacy_get_status dev=-72(%di):s32 devid=-48(%di):u32
r:specmon/get_status_ret virtio_pci_modern_dev:vp_modern_get_status status=$retval:x8
r:specmon/legacy_get_status_ret virtio_pci_legacy_dev:vp_legacy_get_status status=$retval:x8
p:specmon/get_dev_features virtio_pci_modern_dev:vp_modern_get_features dev=-96(%di):s32 devid=-72(%di):u32
r:specmon/get_dev_features_ret virtio_pci_modern_dev:vp_modern_get_features features=$retval:x64
p:specmon/set_drv_features virtio_pci_modern_dev:vp_modern_set_features dev=-96(%di):s32 devid=-72(%di):u32 features=%si:x64
p:specmon/vq_add_sgs virtqueue_add_sgs dev=+0(+16($arg1)):s32 vq=+24($arg1):u32 vqname=+0(+8($arg1)):string token=$arg5:x64
p:specmon/vq_add_outbuf virtqueue_add_outbuf dev=+0(+16($arg1)):s32 vq=+24($arg1):u32 vqname=+0(+8($arg1)):string token=$arg4:x64
p:specmon/vq_add_inbuf virtqueue_add_inbuf dev=+0(+16($arg1)):s32 vq=+24($arg1):u32 vqname=+0(+8($arg1)):string token=$arg4:x64
p:specmon/vq_add_inbuf_ctx virtqueue_add_inbuf_ctx dev=+0(+16($arg1)):s32 vq=+24($arg1):u32 vqname=+0(+8($arg1)):string token=$arg4:x64
