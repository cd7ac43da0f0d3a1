/*
 * test_dat.c: the trace.dat reader (src/input/source_dat.c) on its own,
 * on the files of tests/data/ (made in a QEMU guest by
 * tests/data/make-dat.sh).  Expected values are read off the
 * `trace-cmd report -N -t` text of the same files (tests/data/NAME.report),
 * by hand.  Then the reader of a build without libtracecmd: its message.
 */
#include "harness.h"

#include "source_dat.h"

#include <fcntl.h>
#include <unistd.h>

/* What the sink saw, record by record. */
struct seen {
	uint64_t n, losses, lost;
	uint64_t loss_line[4];
	uint64_t stop_after; /* 0: never stop */
};

static bool field_int(const struct sm__record *rec, const char *name, int64_t *v, bool *hex)
{
	for (size_t k = 0; k < rec->nfields; k++)
		if (sm__str_eq(rec->fields[k].name, name) && rec->fields[k].value.kind == SM__VAL_INT) {
			*v = rec->fields[k].value.i;
			*hex = rec->fields[k].value.hex;
			return true;
		}
	return false;
}

static const char *field_str(const struct sm__record *rec, const char *name)
{
	static char buf[256];
	for (size_t k = 0; k < rec->nfields; k++)
		if (sm__str_eq(rec->fields[k].name, name) && rec->fields[k].value.kind == SM__VAL_STR) {
			struct sm__str s = rec->fields[k].value.s;
			snprintf(buf, sizeof buf, "%.*s", (int)s.len, s.ptr);
			return buf;
		}
	return NULL;
}

#define CHECK_FIELD_INT(rec, name, want, want_hex)                            \
	do {                                                                   \
		int64_t v_;                                                    \
		bool h_;                                                       \
		if (!field_int(rec, name, &v_, &h_))                          \
			FAIL("record %llu has no integer field %s",            \
			     (unsigned long long)(rec)->lineno, name);         \
		CHECK_INT(v_, want);                                           \
		CHECK_INT(h_, want_hex);                                       \
	} while (0)

static bool sched_record(void *ud, struct sm__record *rec, enum sm__line_kind kind,
			 const char *why)
{
	struct seen *s = ud;
	s->n++;
	CHECK_INT(rec->lineno, s->n);
	CHECK(kind == SM__LINE_RECORD);
	CHECK(why == NULL);
	CHECK(rec->has_task && rec->has_ts);
	CHECK_INT(rec->ts_digits, 9);
	/* 1: <idle>-0 [000] 6.789135659: sched_wakeup: comm=rcu_preempt pid=15 prio=120 target_cpu=000 */
	if (rec->lineno == 1) {
		CHECK_SPAN(rec->name.ptr, rec->name.len, "sched_wakeup");
		CHECK_SPAN(rec->comm.ptr, rec->comm.len, "<idle>");
		CHECK_INT(rec->pid, 0);
		CHECK_INT(rec->cpu, 0);
		CHECK_INT(rec->ts_ns, 6789135659);
		CHECK_STR(field_str(rec, "comm"), "rcu_preempt");
		CHECK_FIELD_INT(rec, "pid", 15, false);
		CHECK_FIELD_INT(rec, "prio", 120, false);
		CHECK_FIELD_INT(rec, "target_cpu", 0, false);
	}
	/* 2: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120
	 * prev_state=R ==> next_comm=rcu_preempt next_pid=15 next_prio=120:
	 * prev_state is the kernel's number (R is 0), not the letter. */
	if (rec->lineno == 2) {
		CHECK_SPAN(rec->name.ptr, rec->name.len, "sched_switch");
		CHECK_INT(rec->ts_ns, 6789728293);
		CHECK_STR(field_str(rec, "prev_comm"), "swapper/0");
		CHECK_FIELD_INT(rec, "prev_pid", 0, false);
		CHECK_FIELD_INT(rec, "prev_state", 0, false);
		CHECK_STR(field_str(rec, "next_comm"), "rcu_preempt");
		CHECK_FIELD_INT(rec, "next_pid", 15, false);
	}
	/* 28: sh-93 [000] 6.833956871: myprobe: (ffffffff89f4a350)
	 * dfd=0xffffff9c filename="": the kprobe's fetched arguments, dfd an
	 * x64 (printed in hex, kept so), filename a ustring (__data_loc). */
	if (rec->lineno == 28 || rec->lineno == 29) {
		CHECK_SPAN(rec->name.ptr, rec->name.len, "myprobe");
		CHECK_SPAN(rec->comm.ptr, rec->comm.len, "sh");
		CHECK_INT(rec->pid, 93);
		CHECK_INT(rec->ts_ns, rec->lineno == 28 ? 6833956871 : 6834383546);
		CHECK_FIELD_INT(rec, "dfd", 0xffffff9c, true);
		CHECK_STR(field_str(rec, "filename"), rec->lineno == 28 ? "" : "/dev/null");
	}
	return s->stop_after == 0 || s->n < s->stop_after;
}

static bool never_stop(void *ud)
{
	(void)ud;
	return false;
}

static int open_data(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "tests/data/%s", name);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		FAIL("cannot open %s (run from the top of the tree)", path);
	return fd;
}

#define NEED_TRACECMD()                                                       \
	do {                                                                   \
		if (!sm__dat_supported)                                        \
			SKIP("this build has no libtracecmd");                 \
	} while (0)

/* Both layouts of the same records: version 7 (zstd) and version 6. */
TEST(dat_sched_records_and_fields)
{
	NEED_TRACECMD();
	const char *files[] = {"sched.dat", "sched-v6.dat"};
	for (size_t k = 0; k < 2; k++) {
		struct seen s = {0};
		struct sm__record rec = {0};
		char why[512] = "";
		int fd = open_data(files[k]);
		struct sm__dat_sink sink = {sched_record, never_stop, &s};
		if (!sm__dat_read(fd, NULL, 0, false, &rec, sink, why, sizeof why))
			FAIL("%s: %s", files[k], why);
		CHECK_INT(s.n, 161); /* the report's 162 lines but `cpus=2` */
		sm__record_free(&rec);
		close(fd);
	}
}

/* The sink says stop: no more records. */
TEST(dat_stops_when_told)
{
	NEED_TRACECMD();
	struct seen s = {.stop_after = 3};
	struct sm__record rec = {0};
	char why[512] = "";
	int fd = open_data("sched.dat");
	struct sm__dat_sink sink = {sched_record, never_stop, &s};
	CHECK(sm__dat_read(fd, NULL, 0, false, &rec, sink, why, sizeof why));
	CHECK_INT(s.n, 3);
	sm__record_free(&rec);
	close(fd);
}

static bool lost_record(void *ud, struct sm__record *rec, enum sm__line_kind kind,
			const char *why)
{
	struct seen *s = ud;
	s->n++;
	CHECK_INT(rec->lineno, s->n);
	if (kind == SM__LINE_LOSS) {
		CHECK_STR(why, "events were lost here (ring buffer overrun)");
		CHECK(rec->lost_known);
		if (s->losses < 4)
			s->loss_line[s->losses] = rec->lineno;
		s->losses++;
		s->lost += rec->lost;
	}
	return true;
}

/* lost.report: `CPU:1 [2488 EVENTS DROPPED]` on line 1 and `CPU:0 [2689
 * EVENTS DROPPED]` on line 49 (after `cpus=2`), each just before the
 * first record of its CPU; 187 lines in all. */
TEST(dat_lost_events)
{
	NEED_TRACECMD();
	struct seen s = {0};
	struct sm__record rec = {0};
	char why[512] = "";
	int fd = open_data("lost.dat");
	struct sm__dat_sink sink = {lost_record, never_stop, &s};
	if (!sm__dat_read(fd, NULL, 0, false, &rec, sink, why, sizeof why))
		FAIL("%s", why);
	CHECK_INT(s.n, 187);
	CHECK_INT(s.losses, 2);
	CHECK_INT(s.loss_line[0], 1);
	CHECK_INT(s.loss_line[1], 49);
	CHECK_INT(s.lost, 2488 + 2689);
	sm__record_free(&rec);
	close(fd);
}

/* A pipe (libtracecmd seeks: copied to a temporary file), with the first
 * bytes already taken by the line reader given as the head. */
TEST(dat_from_a_pipe_with_head)
{
	NEED_TRACECMD();
	int fd = open_data("sched.dat");
	static char data[1 << 16];
	ssize_t n = read(fd, data, sizeof data);
	close(fd);
	CHECK(n > 100 && n < (ssize_t)sizeof data);
	int p[2];
	CHECK(pipe(p) == 0);
	/* 40 bytes as the head, the rest through the pipe (it fits in its
	 * buffer: 64 KiB) */
	CHECK(write(p[1], data + 40, (size_t)n - 40) == n - 40);
	close(p[1]);
	struct seen s = {0};
	struct sm__record rec = {0};
	char why[512] = "";
	struct sm__dat_sink sink = {sched_record, never_stop, &s};
	if (!sm__dat_read(p[0], data, 40, false, &rec, sink, why, sizeof why))
		FAIL("%s", why);
	CHECK_INT(s.n, 161);
	sm__record_free(&rec);
	close(p[0]);
}

/* Truncated: an error that says so, whatever the cut; never a crash (the
 * child that reads it first takes libtracecmd's crashes). */
TEST(dat_truncated_is_an_error)
{
	NEED_TRACECMD();
	const char *files[] = {"sched.dat", "sched-v6.dat"};
	for (size_t k = 0; k < 2; k++) {
		int fd = open_data(files[k]);
		static char data[1 << 16];
		ssize_t n = read(fd, data, sizeof data);
		close(fd);
		CHECK(n > 0);
		for (ssize_t cut = 16; cut < n - 4096; cut += 1999) {
			char path[] = "/tmp/specmon-test-dat-XXXXXX";
			int t = mkstemp(path);
			CHECK(t >= 0);
			unlink(path);
			CHECK(write(t, data, (size_t)cut) == cut);
			struct seen s = {0};
			struct sm__record rec = {0};
			char why[512] = "";
			struct sm__dat_sink sink = {sched_record, never_stop, &s};
			if (sm__dat_read(t, NULL, 0, false, &rec, sink, why, sizeof why))
				FAIL("%s cut at %zd was read (%llu records)", files[k], cut,
				     (unsigned long long)s.n);
			CHECK(strstr(why, "truncated") != NULL);
			CHECK_INT(s.n, 0);
			sm__record_free(&rec);
			close(t);
		}
	}
}

/* The reader of a build without libtracecmd, compiled here as such: it
 * reads nothing and says what to do. */
#undef SM_HAVE_TRACECMD
#define sm__dat_supported stub_dat_supported
#define sm__dat_read stub_dat_read
extern const bool stub_dat_supported;
bool stub_dat_read(int fd, const char *head, size_t nhead, bool want_text,
		   struct sm__record *rec, struct sm__dat_sink sink, char *why, size_t cap);
#include "../../src/input/source_dat.c"

TEST(dat_without_libtracecmd_says_what_to_do)
{
	CHECK(!stub_dat_supported);
	struct sm__record rec = {0};
	char why[512] = "";
	struct sm__dat_sink sink = {sched_record, never_stop, NULL};
	CHECK(!stub_dat_read(0, NULL, 0, false, &rec, sink, why, sizeof why));
	CHECK_STR(why, "a trace-cmd trace.dat file, which this build of specmon cannot read: "
		  "it was built without libtracecmd. To read it, install libtracecmd-dev, "
		  "libtracefs-dev, libtraceevent-dev and pkg-config (Debian, Ubuntu: apt-get "
		  "install libtracecmd-dev libtracefs-dev libtraceevent-dev pkg-config) and "
		  "rebuild specmon; or check its text instead: trace-cmd report -N FILE | "
		  "specmon check SPEC");
}
