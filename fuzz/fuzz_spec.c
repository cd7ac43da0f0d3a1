/*
 * fuzz_spec.c: the spec language end to end: lexer, parser and resolver
 * on arbitrary text, then a monitor fed a few records of each format, so
 * that whatever a spec compiles to also runs.
 */
#include <specmon/specmon.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char trace[] =
	"  app-1 [000] ..... 1.000001: set_status: dev=0 status=0x1\n"
	"  app-1 [001] ..... 1.000002: notify: dev=0 vq=1 vqname=\"req\"\n"
	"[    2.5] virtsnd_pcm_msg_send: adding buffer #3\n";

static void feed(sm_monitor *mon)
{
	int fds[2];
	if (pipe(fds) != 0)
		return;
	ssize_t n = write(fds[1], trace, sizeof trace - 1);
	close(fds[1]);
	if (n > 0)
		sm_monitor_read_fd(mon, fds[0], "fuzz", SM_FORMAT_FTRACE);
	close(fds[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_spec *spec = NULL;
	if (sm_spec_parse("fuzz.sm", (const char *)data, size, &spec, NULL, NULL) != SM_OK)
		return 0;
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor *mon = NULL;
	if (sm_monitor_new(spec, &opt, &mon) == SM_OK) {
		feed(mon);
		sm_field f[2] = {{"dev", 1, NULL}, {"status", 0, "x"}};
		for (int e = 0; e < 3; e++) /* ids past the last are refused */
			sm_emit(mon, e, 5, f, 2);
		sm_monitor_finish(mon);
	}
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return 0;
}
