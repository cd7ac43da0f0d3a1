/* pool.c: the monitor of pool.sm with room for 2 instances, fed three keys
 * (gen.t): the third key's events are refused, counted, and step nothing. */
#include <stdio.h>

#include "pool.h"

static void print_report(void *ud, const struct pool_report *r)
{
	char line[256];
	(void)ud;
	pool_format(r, line, sizeof line);
	printf("%s\n", line);
}

int main(void)
{
	static struct pool_monitor m;
	struct pool_where w = {"-", 0, 0, 0, 0, 0, 0, 0};
	pool_init(&m, print_report, NULL);
	for (int64_t k = 1; k <= 3; k++) {
		w.line++;
		pool_emit(&m, pool_EV_b, &k, NULL, &w); /* b before a: a violation */
	}
	printf("instances %llu, refused %llu\n", (unsigned long long)m.counts.instances[pool_PROP_once],
	       (unsigned long long)m.counts.refused[pool_PROP_once]);
	return 0;
}
