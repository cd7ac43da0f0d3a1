/* A program built against the installed library (pkg-config specmon): one
 * event emitted in-process breaks the spec; the verdict is the exit status. */
#include <specmon/specmon.h>

#include <stdio.h>

int main(void)
{
	static const char text[] = "event a(dev)\n"
				   "event b(dev)\n"
				   "property pair per dev: a alternatesWith b\n";
	sm_spec *spec = NULL;
	sm_monitor *mon = NULL;
	if (sm_spec_parse("pair.sm", text, sizeof text - 1, &spec, NULL, NULL) != SM_OK ||
	    sm_monitor_new(spec, NULL, &mon) != SM_OK)
		return 2;
	sm_field dev = {"dev", 7, NULL};
	sm_emit(mon, sm_spec_event_id(spec, "b"), 1000, &dev, 1); /* b with no a before it */
	int verdict = sm_monitor_finish(mon);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	printf("libspecmon %s: verdict %d\n", SPECMON_VERSION, verdict);
	return verdict;
}
