/*
 * btf.h: the kernel's BTF (type information), read through libbpf, for the
 * kprobe definitions of `from kprobe` (probes.c).  The base is the running
 * kernel's /sys/kernel/btf/vmlinux, or a file given with --btf (raw BTF or
 * an ELF vmlinux); module BTF is split over it: the .ko files given with
 * --btf, then the loaded modules' /sys/kernel/btf/MOD (read only when the
 * base is the running kernel's).  SPECMON_BTF_DIR replaces /sys/kernel/btf.
 * Only built with libbpf (SM_HAVE_LIBBPF).
 */
#ifndef SM_BTF_H
#define SM_BTF_H

#include "base.h"

struct btf;
struct sm__btf;

/* Open the BTF the paths name (files ending in .ko are modules, named by
 * the file's base name; another is the kernel's).  Nothing is read yet but
 * the base and the given modules.  NULL after writing why to err. */
struct sm__btf *sm__btf_open(const char *const *paths, size_t n, struct sm__buf *err);
void sm__btf_free(struct sm__btf *b);

/* A function's BTF: where it was found (its FUNC type's id in btf) and its
 * module (NULL: the kernel itself). */
struct sm__btf_func {
	const struct btf *btf;
	int id;
	const char *module;
};

/* Look a function up in the base, the given modules, then the loaded
 * modules.  False when none has it. */
bool sm__btf_find_func(struct sm__btf *b, const char *name, struct sm__btf_func *out);

/* A struct named `name`: in `first` (a function's BTF, with its base),
 * then in every module's (container_of names structs private to another
 * module than the function's).  False when none has it. */
bool sm__btf_find_struct(struct sm__btf *b, const struct btf *first, const char *name,
			 const struct btf **btf, int *id);

/* What was searched, for messages: "/sys/kernel/btf/vmlinux and 3 loaded
 * modules' BTF", "vmlinux.btf and virtio_pci.ko". */
void sm__btf_describe(const struct sm__btf *b, struct sm__buf *out);

#endif
