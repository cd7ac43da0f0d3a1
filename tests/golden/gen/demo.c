/*
 * demo.c: the monitor `specmon gen c status.sm --prefix st` writes, fed
 * the events of status.trace by hand (the binding a caller does), printing
 * each report's first line with st_format, then the counters (gen.t).
 */
#include <stdio.h>

#include "st.h"

static void print_report(void *ud, const struct st_report *r)
{
	char line[256];
	(void)ud;
	st_format(r, line, sizeof line);
	printf("%s\n", line);
}

int main(void)
{
	static struct st_monitor m;
	static const char input[] = "tests/golden/gen/status.trace";
	const struct st_where w[] = {
		{input, 1, 10000100000, 1, 6, 0, 0, 0},
		{input, 2, 10000200000, 1, 6, 0, 0, 0},
		{input, 3, 10000300000, 1, 6, 0, 0, 0},
		{input, 4, 10009000000, 1, 6, 0, 0, 0},
	};
	const int64_t dev1_ack[] = {1, 1}, dev1[] = {1}, dev2_bad[] = {2, 3}, dev3[] = {3};
	st_init(&m, print_report, NULL);
	st_emit(&m, st_EV_set_status, dev1_ack, NULL, &w[0]);
	st_emit(&m, st_EV_get_status, dev1, NULL, &w[1]);
	st_emit(&m, st_EV_set_status, dev2_bad, NULL, &w[2]);
	st_emit(&m, st_EV_get_status, dev3, NULL, &w[3]);
	int pending = st_finish(&m, &w[3]);
	printf("%llu instants, %llu violations, %d pending\n",
	       (unsigned long long)m.counts.instants, (unsigned long long)m.counts.violations,
	       pending);
	return 0;
}
