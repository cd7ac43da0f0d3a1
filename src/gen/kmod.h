/*
 * kmod.h: a resolved spec as a Linux kernel module (`specmon gen kmod`,
 * doc/gen.md): the monitor of `gen c` (c_gen.h) and the glue that feeds it
 * from kprobes and kretprobes, reports to the kernel log (or panics), and
 * unloads cleanly.
 */
#ifndef SM_KMOD_H
#define SM_KMOD_H

#include "ir.h"

struct sm__gen_kmod_options {
	const char *name;       /* the module's name, a C identifier */
	unsigned instances;     /* per property with a key (gen c --instances) */
	const char *const *btf; /* --btf files (btf.h), for the probes' fetches */
	size_t nbtf;
};

/* The module's fixed parts (src/gen/runtime/kmod.c.in, kshim.h.in, made
 * into strings at build time by runtime/text.awk): the glue before and
 * after the spec's probes, and the shim of the C library's headers.
 * "smrt" stands for the monitor's prefix. */
extern const char sm__kmod_runtime_head[];
extern const char sm__kmod_runtime_body[];
extern const char sm__kmod_shim[];

/* One file the generator writes, named relative to the output folder. */
struct sm__gen_file {
	char *name;
	struct sm__buf text;
};

/* The module's files (Kbuild, Makefile, NAME.c, the monitor, the shims of
 * <stdint.h>, <stddef.h> and <stdbool.h>) into *files.  False after adding
 * errors to d, at the spec's places: what gen c refuses, tracepoints, fetch
 * types the module cannot read into an integer that a property uses, a
 * return whose entry is no probe on the same function. */
bool sm__gen_kmod(const struct sm__ir *ir, const struct sm__gen_kmod_options *o,
		  struct sm__gen_file **files, size_t *nfiles, struct sm__diags *d);
void sm__gen_files_free(struct sm__gen_file *files, size_t n);

#endif
