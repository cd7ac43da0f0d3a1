/*
 * main.c: the tracing-formal example (Rust crate tracing-formal: a spec
 * checked on tracing spans) with libspecmon: the program is instrumented
 * with one SM_EMIT line per call, and the monitor reports, through the
 * print reactor, that the second do_second has no do_first before it.
 *
 *     tracing-formal [SPEC]      (default: examples/tracing-formal/order.sm)
 *
 * Exit status: the number of violations the emits returned (1 here).
 */
#include <specmon/specmon.h>

#include <stdio.h>

static sm_monitor *mon;
static int violations;

static void do_first(void)
{
	violations += SM_EMIT(mon, do_first) == SM_VIOLATION;
}

static void do_second(void)
{
	violations += SM_EMIT(mon, do_second) == SM_VIOLATION;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "examples/tracing-formal/order.sm";
	sm_spec *spec;
	if (sm_spec_load(path, &spec, NULL, NULL) != SM_OK) {
		fprintf(stderr, "tracing-formal: cannot load %s\n", path);
		return 2;
	}
	sm_options opt;
	sm_options_init(&opt);
	opt.out = NULL; /* the reactor prints each report */
	opt.err = NULL;
	opt.reactor = sm_reactor_print;
	opt.reactor_ud = stdout;
	sm_monitor_new(spec, &opt, &mon);
	do_first();
	do_second();
	do_second();
	sm_monitor_finish(mon);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return violations;
}
