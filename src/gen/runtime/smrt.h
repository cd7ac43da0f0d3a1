/* smrt.h: a stand-in for a generated header, so that monitor.c.in
 * compiles on its own (Makefile: the runtime check): the enums and sizes
 * `specmon gen c tests/golden/gen/status.sm --prefix smrt` writes, then the
 * API of monitor.h.in. */
#ifndef smrt_H
#define smrt_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Events (the ids smrt_emit takes) and the slots of their fields. */
enum {
	smrt_EV_set_status = 0,
	smrt_EV_get_status = 1,
	smrt_EV_reset = 2,
	smrt_NEVENTS = 3
};

enum {
	smrt_F_set_status_dev = 0,
	smrt_F_set_status_status = 1,
	smrt_F_get_status_dev = 0,
	smrt_MAX_FIELDS = 64
};

enum {
	smrt_PROP_init = 0,
	smrt_PROP_poll = 1,
	smrt_PROP_answer = 2,
	smrt_NPROPS = 3
};

/* Sizes, fixed at generation (specmon gen c --instances, --matches,
 * --obligations). */
#define smrt_INSTANCES 64          /* per property with a key */
#define smrt_MAX_MATCHES 8        /* source events per instant */
#define smrt_MAX_OBLIGATIONS 64    /* open `within` obligations per instance */
#define smrt_MAX_TICKS 16
#define smrt_MAX_KEYS 1
#define smrt_MAX_MEMORY 1
#define smrt_MAX_NODES 2
#define smrt_MAX_SLOTS 1
#define smrt_POOL 192
#define smrt_TABLE 384
#define smrt_OBLIGATIONS 4096
#define smrt_HAS_DEADLINES 1

#include "monitor.h.in"

#endif
