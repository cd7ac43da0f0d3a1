/*
 * probes.h: the kernel probes of a spec's `from kprobe`, `from kretprobe`
 * and `from tracepoint` bindings, as lines for tracefs (`specmon probes`,
 * `specmon watch`, sm_spec_probes).
 */
#ifndef SM_PROBES_H
#define SM_PROBES_H

#include "ir.h"

struct sm__probe_opts {
	const char *const *btf; /* --btf files (btf.h) */
	size_t nbtf;
	const char *group;      /* the kprobe group */
};

/*
 * Append to out the probes of the events the spec's properties use: one
 * kprobe_events line per probe (`p:GROUP/NAME [MOD:]FUNC field=FETCH:TYPE
 * ...`, `r:` for return probes), then a `# tracepoint SYS/NAME` line per
 * tracepoint, with `#` comments around them.  Bindings of several events
 * that name one probe share it (their fields merged).  FETCHes are
 * resolved with BTF, read only when some probe needs it.  False after
 * adding errors to d (with the spec's locations).
 */
bool sm__probes(const struct sm__ir *ir, const struct sm__probe_opts *o, struct sm__buf *out,
		struct sm__diags *d);

#endif
