/*
 * c_gen.h: a resolved spec as a self-contained C monitor (`specmon gen c`,
 * doc/gen.md): a header and a source file that need only <stdint.h>,
 * <stddef.h> and <stdbool.h>, with static tables, fixed pools and the
 * runtime of src/gen/runtime/.
 */
#ifndef SM_C_GEN_H
#define SM_C_GEN_H

#include "ir.h"

struct sm__gen_c_options {
	const char *prefix;    /* a C identifier: the names of the API */
	unsigned instances;    /* per property (a property without key: 1) */
	unsigned matches;      /* source events per instant */
	unsigned obligations;  /* open `within` obligations per instance */
};

/* The runtime every generated monitor carries: the API in the header;
 * in the source, two parts: before the spec's tables (its header's
 * #include, values, table types) and after them (dispatch, the API).
 * "smrt" stands for the prefix.  Made at build time from the C files
 * src/gen/runtime/monitor.h.in and monitor.c.in (runtime/text.awk). */
extern const char sm__c_runtime_api[];
extern const char sm__c_runtime_head[];
extern const char sm__c_runtime_body[];

/* Check that ir is within what the generated monitor supports: errors to
 * d at the spec's places.  Then write the header (h) and the source (c). */
bool sm__gen_c_supported(const struct sm__ir *ir, struct sm__diags *d);
void sm__gen_c(const struct sm__ir *ir, const struct sm__gen_c_options *o, struct sm__buf *h,
	       struct sm__buf *c);

#endif
