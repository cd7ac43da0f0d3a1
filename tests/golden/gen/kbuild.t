# specmon gen kmod, built for real: kmod.sm's module (fixture BTF) with
# Kbuild against the Debian kernel headers the lab caches ($KHEADERS) and
# the kernel's compiler, without a warning (MAKEFLAGS cleared: under
# `make -j2 check` the outer make's jobserver is not passed down, and
# Kbuild's make would warn that it is unavailable).
# needs: kernel-headers
# needs: libbpf
# needs: gcc-12
$ mkdir -p btf kbuild-out && mkbtf btf && cd btf && specmon gen kmod ../tests/golden/gen/kmod.sm -o ../kbuild-out --name kd --btf vmlinux --btf virtio_pci_modern_dev.ko --btf virtio_pci.ko 2>/dev/null && MAKEFLAGS= make -s -C "$KHEADERS" M="$(cd ../kbuild-out && pwd)" CC=gcc-12 modules 2>&1 | grep -v 'Skipping BTF generation'; ls ../kbuild-out/kd.ko
../kbuild-out/kd.ko
