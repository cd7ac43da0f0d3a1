/*
 * fuzz_check.c: the whole pipeline, spec and trace, as `specmon check` runs
 * it: parse and resolve the spec, read the trace through a file descriptor,
 * finish, and render the reports both as JSON and as text.
 *
 * Input: SPEC "\n---\n" TRACE (no separator: the whole input is the spec and
 * the trace is empty).  The first byte of the trace chooses the format, so
 * the fuzzer reaches every reader; the input's length chooses a
 * --max-violations limit now and then.
 *
 * The oracle, on top of the sanitizers:
 *  - every line of the JSON output is one strict JSON object (RFC 8259: no
 *    trailing commas, no control characters or invalid UTF-8 in strings, no
 *    leading zeros, nothing after the object) with a string "type";
 *  - the last line, and only it, is the summary; its counts agree with the
 *    objects printed (violations, pending), with the sum over its
 *    properties, with sm_monitor_counts() and with sm_monitor_finish()'s
 *    verdict; "stopped" is true exactly when --max-violations was reached;
 *  - the text run of the same input counts the same violations and pending
 *    instances, and its summary line says so.
 * A broken promise aborts, so that libFuzzer keeps the input.
 */
#define _GNU_SOURCE
#include <specmon/specmon.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "fuzz_check: %s:%d: broken: %s\n", __FILE__,   \
				__LINE__, #cond);                                      \
			abort();                                                       \
		}                                                                      \
	} while (0)

/* ---- a strict JSON validator ----
 *
 * It validates one value and remembers what the oracle needs of the
 * top-level object: its "type", its integer members, "stopped", and the sums
 * of "violations" and "pending" over the objects of its "properties" array.
 */

struct json {
	const char *p, *end;
	char type[32];
	struct {
		char name[16];
		int64_t value;
	} ints[16];
	int nints;
	int stopped; /* -1 absent, else 0 or 1 */
	int64_t prop_violations, prop_pending;
};

static bool json_value(struct json *j, int depth, const char *member, bool in_props);

static void skip_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static bool lit(struct json *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return false;
	j->p += n;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A UTF-8 sequence starting at p: its length, 0 if invalid (overlong forms,
 * surrogates and code points past U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	unsigned cp, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A string; its raw text (escapes undecoded) in out when out is not NULL. */
static bool json_string(struct json *j, char *out, size_t cap)
{
	if (j->p >= j->end || *j->p != '"')
		return false;
	j->p++;
	size_t len = 0;
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (j->end - j->p < 2)
				return false;
			char e = j->p[1];
			if (e == 'u') {
				if (j->end - j->p < 6)
					return false;
				for (int k = 2; k < 6; k++)
					if (hexval(j->p[k]) < 0)
						return false;
				j->p += 6;
			} else if (strchr("\"\\/bfnrt", e) && e) {
				j->p += 2;
			} else {
				return false;
			}
			continue;
		}
		size_t n = utf8_seq((const unsigned char *)j->p, (const unsigned char *)j->end);
		if (!n)
			return false;
		if (out && len + n < cap) {
			memcpy(out + len, j->p, n);
			len += n;
		}
		j->p += n;
	}
	if (j->p >= j->end)
		return false;
	j->p++;
	if (out)
		out[len < cap ? len : cap - 1] = '\0';
	return true;
}

/* A number; *is_int and *value when it is a plain integer that fits. */
static bool json_number(struct json *j, bool *is_int, int64_t *value)
{
	const char *s = j->p;
	bool neg = false;
	if (j->p < j->end && *j->p == '-')
		neg = true, j->p++;
	if (j->p >= j->end)
		return false;
	if (*j->p == '0') {
		j->p++;
	} else if (*j->p >= '1' && *j->p <= '9') {
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	} else {
		return false;
	}
	*is_int = true;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		const char *d = j->p;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
		if (j->p == d)
			return false;
		*is_int = false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		const char *d = j->p;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
		if (j->p == d)
			return false;
		*is_int = false;
	}
	if (*is_int) {
		/* counts are non-negative and fit in 64 bits */
		uint64_t v = 0;
		bool fits = true;
		for (const char *q = s + neg; q < j->p; q++) {
			if (v > (UINT64_MAX - (uint64_t)(*q - '0')) / 10)
				fits = false;
			v = v * 10 + (uint64_t)(*q - '0');
		}
		*is_int = fits && !neg && v <= INT64_MAX;
		*value = (int64_t)v;
	}
	return true;
}

/* After an element of an object or array: 1 at a ',' (another follows),
 * 0 at the closer (done), -1 at anything else (not JSON). */
static int after_element(struct json *j, char closer)
{
	skip_ws(j);
	if (j->p < j->end && (*j->p == ',' || *j->p == closer))
		return *j->p++ == ',' ? 1 : 0;
	return -1;
}

static bool json_object(struct json *j, int depth, bool in_props)
{
	j->p++; /* '{' */
	skip_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return true;
	}
	for (;;) {
		char name[32];
		skip_ws(j);
		if (!json_string(j, name, sizeof name))
			return false;
		skip_ws(j);
		if (j->p >= j->end || *j->p != ':')
			return false;
		j->p++;
		skip_ws(j);
		if (depth == 1 && strcmp(name, "type") == 0) {
			if (j->type[0] || !json_string(j, j->type, sizeof j->type))
				return false; /* "type" twice, or not a string */
		} else if (!json_value(j, depth, name, in_props)) {
			return false;
		}
		int after = after_element(j, '}');
		if (after <= 0)
			return after == 0;
	}
}

static bool json_array(struct json *j, int depth, bool in_props)
{
	j->p++; /* '[' */
	skip_ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return true;
	}
	for (;;) {
		skip_ws(j);
		if (!json_value(j, depth, NULL, in_props))
			return false;
		int after = after_element(j, ']');
		if (after <= 0)
			return after == 0;
	}
}

/* A value at nesting `depth` (the top-level object's members are at 1),
 * the value of `member` when it is an object's member. */
static bool json_value(struct json *j, int depth, const char *member, bool in_props)
{
	if (depth > 32 || j->p >= j->end)
		return false; /* specmon's objects nest a few levels only */
	switch (*j->p) {
	case '{':
		return json_object(j, depth + 1, in_props || (depth == 1 && member &&
							      strcmp(member, "properties") == 0));
	case '[':
		return json_array(j, depth + 1,
				  depth == 1 && member && strcmp(member, "properties") == 0);
	case '"':
		return json_string(j, NULL, 0);
	case 't':
	case 'f':
		if (depth == 1 && member && strcmp(member, "stopped") == 0)
			j->stopped = *j->p == 't';
		return lit(j, *j->p == 't' ? "true" : "false");
	case 'n':
		return lit(j, "null");
	default: {
		bool is_int = false;
		int64_t v = 0;
		if (!json_number(j, &is_int, &v))
			return false;
		if (!is_int || !member)
			return true;
		if (depth == 1 && j->nints < 16) {
			snprintf(j->ints[j->nints].name, sizeof j->ints[0].name, "%s", member);
			j->ints[j->nints++].value = v;
		}
		/* a property object of the summary: {"name":…,"violations":N,…} */
		if (in_props && depth == 3 && strcmp(member, "violations") == 0)
			j->prop_violations += v;
		if (in_props && depth == 3 && strcmp(member, "pending") == 0)
			j->prop_pending += v;
		return true;
	}
	}
}

/* One line: exactly one object, nothing after it. */
static bool json_line(struct json *j, const char *line, size_t len)
{
	memset(j, 0, sizeof *j);
	j->stopped = -1;
	j->p = line;
	j->end = line + len;
	if (j->p >= j->end || *j->p != '{')
		return false;
	if (!json_value(j, 0, NULL, false))
		return false;
	skip_ws(j);
	return j->p == j->end && j->type[0];
}

static int64_t json_int(const struct json *j, const char *name)
{
	for (int k = 0; k < j->nints; k++)
		if (strcmp(j->ints[k].name, name) == 0)
			return j->ints[k].value;
	fprintf(stderr, "fuzz_check: summary without \"%s\"\n", name);
	abort();
}

/* ---- running the pipeline ---- */

/* The trace as a file descriptor at offset 0 (memfd; tmpfile without it). */
static int trace_fd(const char *trace, size_t len, FILE **keep)
{
	*keep = NULL;
	int fd = memfd_create("fuzz-trace", 0);
	if (fd < 0) {
		*keep = tmpfile();
		if (!*keep)
			abort();
		fd = fileno(*keep);
	}
	for (size_t at = 0; at < len;) {
		ssize_t n = write(fd, trace + at, len - at);
		if (n <= 0)
			abort();
		at += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

struct run {
	int verdict;
	sm_counts counts;
	char *out, *err;
	size_t out_len, err_len;
};

static void run(const sm_spec *spec, const char *trace, size_t trace_len, sm_format format,
		bool json, uint64_t max_violations, struct run *r)
{
	memset(r, 0, sizeof *r);
	FILE *out = open_memstream(&r->out, &r->out_len);
	FILE *err = open_memstream(&r->err, &r->err_len);
	if (!out || !err)
		abort();
	sm_options opt;
	sm_options_init(&opt);
	opt.out = out;
	opt.err = err;
	opt.json = json;
	opt.max_violations = max_violations;
	opt.history = 3;
	opt.coverage = 1;
	sm_monitor *mon = NULL;
	CHECK(sm_monitor_new(spec, &opt, &mon) == SM_OK);
	FILE *keep;
	int fd = trace_fd(trace, trace_len, &keep);
	int st = sm_monitor_read_fd(mon, fd, "fuzz.trace", format);
	/* A trace.dat (its magic opens the input) is refused, said on err. */
	static const char dat_magic[] = "\x17\x08\x44tracing";
	bool dat = trace_len >= sizeof dat_magic - 1 &&
		   memcmp(trace, dat_magic, sizeof dat_magic - 1) == 0;
	CHECK(st == SM_OK || (dat && st == SM_ERR_IO));
	if (keep)
		fclose(keep);
	else
		close(fd);
	r->verdict = sm_monitor_finish(mon);
	sm_monitor_counts(mon, &r->counts);
	sm_monitor_free(mon);
	fclose(out);
	fclose(err);
}

static void check_json(const struct run *r, uint64_t max_violations)
{
	uint64_t violations = 0, pending = 0, lines = 0;
	bool summary_seen = false;
	struct json j;
	const char *p = r->out, *end = r->out + r->out_len;
	CHECK(r->out_len > 0 && end[-1] == '\n'); /* at least the summary, whole lines */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		CHECK(nl != NULL);
		if (!json_line(&j, p, (size_t)(nl - p))) {
			fprintf(stderr, "fuzz_check: not one strict JSON object: %.*s\n",
				(int)(nl - p), p);
			abort();
		}
		lines++;
		CHECK(!summary_seen); /* the summary is the last line */
		if (strcmp(j.type, "violation") == 0)
			violations++;
		else if (strcmp(j.type, "pending") == 0)
			pending++;
		else if (strcmp(j.type, "summary") == 0)
			summary_seen = true;
		if (summary_seen) {
			CHECK(j.stopped >= 0);
			CHECK((uint64_t)json_int(&j, "violations") == violations);
			CHECK((uint64_t)json_int(&j, "pending") == pending);
			CHECK(j.prop_violations == json_int(&j, "violations"));
			CHECK(j.prop_pending == json_int(&j, "pending"));
			CHECK((uint64_t)json_int(&j, "lines") == r->counts.lines);
			CHECK((uint64_t)json_int(&j, "records") == r->counts.records);
			CHECK((uint64_t)json_int(&j, "events") == r->counts.events);
			CHECK((uint64_t)json_int(&j, "skipped") == r->counts.skipped);
			CHECK(j.stopped == (max_violations && violations >= max_violations));
		}
		p = nl + 1;
	}
	CHECK(summary_seen);
	CHECK(r->counts.violations == violations && r->counts.pending == pending);
	/* No bound on how far past --max-violations one record may go: it
	 * stops reading, not reporting the instant it is in. */
	CHECK(r->verdict == (violations > 0)); /* not strict: pending does not fail */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0; /* big inputs only test the reader, which has its target */
	const char *text = (const char *)data;
	const char *sep = NULL;
	for (size_t k = 0; k + 5 <= size; k++)
		if (memcmp(text + k, "\n---\n", 5) == 0) {
			sep = text + k;
			break;
		}
	size_t spec_len = sep ? (size_t)(sep - text) + 1 : size; /* keep its '\n' */
	const char *trace = sep ? sep + 5 : text + size;
	size_t trace_len = (size_t)(text + size - trace);

	sm_spec *spec = NULL;
	if (sm_spec_parse("fuzz.sm", text, spec_len, &spec, NULL, NULL) != SM_OK) {
		CHECK(spec == NULL);
		return 0;
	}
	static const sm_format formats[8] = {SM_FORMAT_FTRACE, SM_FORMAT_JSONL, SM_FORMAT_LOG,
					     SM_FORMAT_AUTO,   SM_FORMAT_AUTO,  SM_FORMAT_AUTO,
					     SM_FORMAT_AUTO,   SM_FORMAT_AUTO};
	sm_format format = formats[trace_len ? (unsigned char)trace[0] % 8 : 3];
	uint64_t max_violations = size % 5 == 0 ? 1 + size % 3 : 0;

	struct run js, tx;
	run(spec, trace, trace_len, format, true, max_violations, &js);
	check_json(&js, max_violations);

	/* The same input as text: the same verdicts, and a summary that says so. */
	run(spec, trace, trace_len, format, false, max_violations, &tx);
	CHECK(tx.verdict == js.verdict);
	CHECK(tx.counts.violations == js.counts.violations);
	CHECK(tx.counts.pending == js.counts.pending);
	CHECK(tx.counts.lines == js.counts.lines && tx.counts.events == js.counts.events);
	char want[128];
	snprintf(want, sizeof want, "%" PRIu64 " violation%s, %" PRIu64 " pending\n",
		 tx.counts.violations, tx.counts.violations == 1 ? "" : "s", tx.counts.pending);
	CHECK(tx.err != NULL && strstr(tx.err, want) != NULL);

	free(js.out);
	free(js.err);
	free(tx.out);
	free(tx.err);
	sm_spec_free(spec);
	return 0;
}
