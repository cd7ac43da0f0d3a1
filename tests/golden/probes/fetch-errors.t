# Each FETCH error names the spec's line and column, says what was wrong
# with the type BTF gives, and suggests the name meant when one is close.
# needs: libbpf
$ mkdir -p btf && mkbtf btf && cd btf && specmon probes ../tests/golden/probes/fetch-errors.sm --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci.ko
../tests/golden/probes/fetch-errors.sm:2:64: error: struct virtio_pci_modern_device has no member 'vdev'
    event a(dev, x) from kprobe vp_modern_set_status { dev = mdev->vdev, x = stat }
                                                                   ^~~~
../tests/golden/probes/fetch-errors.sm:2:74: error: function 'vp_modern_set_status' has no argument 'stat' (did you mean 'status'?); its arguments: mdev, status
    event a(dev, x) from kprobe vp_modern_set_status { dev = mdev->vdev, x = stat }
                                                                             ^~~~
../tests/golden/probes/fetch-errors.sm:13:47: error: probe 'a' is defined twice: here on 'virtio_add_status', at ../tests/golden/probes/fetch-errors.sm:2 on 'vp_modern_set_status'
    event m(dev) from kprobe virtio_add_status as a { dev = dev->index }
                                                  ^
../tests/golden/probes/fetch-errors.sm:3:44: error: '.' on 'vq', which is struct virtqueue *, not a struct or union (use '->')
    event b(dev) from kprobe vp_notify { dev = vq.index }
                                               ^~~~~~~~
../tests/golden/probes/fetch-errors.sm:4:60: error: struct virtio_device has no member 'indx' (did you mean 'index'?)
    event c(dev) from kprobe vp_notify as c2 { dev = vq->vdev->indx }
                                                               ^~~~
../tests/golden/probes/fetch-errors.sm:5:57: error: 'config_change_pending' is a bitfield (1 bit): specmon does not fetch bitfields
    event e(dev) from kprobe virtio_add_status { dev = dev->config_change_pending }
                                                            ^~~~~~~~~~~~~~~~~~~~~
../tests/golden/probes/fetch-errors.sm:6:52: error: 'container_of(dev, struct virtio_pci_device, vdev)' is an address computed by container_of; fetch one of its members with '->'
    event f(dev) from kprobe virtio_add_status { dev = container_of(dev, struct virtio_pci_device, vdev) }
                                                       ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
../tests/golden/probes/fetch-errors.sm:7:52: error: 'dev->id' is struct virtio_device_id: fetch one of its members, or give it a type (': u64')
    event g(dev) from kprobe virtio_add_status { dev = dev->id }
                                                       ^~~~~~~
../tests/golden/probes/fetch-errors.sm:8:52: error: index 16 is past the end of 'dev->name' (16 elements)
    event h(dev) from kprobe virtio_add_status { dev = dev->name[16] }
                                                       ^~~~~~~~~~~~~
../tests/golden/probes/fetch-errors.sm:9:52: error: '->' on 'status', which is unsigned int, not a pointer
    event i(dev) from kprobe virtio_add_status { dev = status->x }
                                                       ^~~~~~~~~
../tests/golden/probes/fetch-errors.sm:10:55: error: function 'virtio_add_status' returns void: no $retval
    event j(dev) from kretprobe virtio_add_status { dev = $retval }
                                                          ^~~~~~~
../tests/golden/probes/fetch-errors.sm:11:77: error: no struct 'nope' in the BTF of vmlinux, virtio_pci_modern_dev.ko, virtio_pci.ko (a module's struct: give the module's .ko with --btf)
    event k(dev) from kprobe virtio_add_status { dev = container_of(dev, struct nope, vdev)->index }
                                                                                ^~~~
../tests/golden/probes/fetch-errors.sm:12:52: error: 'status' is unsigned int: a string is read from a char array or through a pointer
    event l(dev) from kprobe virtio_add_status { dev = status: string }
                                                       ^~~~~~
../tests/golden/probes/fetch-errors.sm:15:50: error: field 'dev' of this probe is fetched as 'dev=+24(%di):u32' here and as 'dev=+0(+16(%di)):s32' at ../tests/golden/probes/fetch-errors.sm:14
    event o(dev) from kprobe vp_notify as a2 { dev = vq->index }
                                                     ^~~~~~~~~
[2]
