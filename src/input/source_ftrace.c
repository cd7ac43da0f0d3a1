/*
 * source_ftrace.c: splits a line of the kernel's ftrace text (`trace`,
 * `trace_pipe`, `trace-cmd report`) into task, CPU, timestamp, event name
 * and key=value fields:
 *
 *     insmod-107 [000] .N... 3.912481: set_status: (probe site) dev=0 status=0x1
 *
 * This is the hot path of offline checking, so it is one forward pass over
 * the line with no allocation and no copying: every span points into it.
 * Most records of a trace bind no event, so the header is only checked
 * here; the pid, CPU and fields are read later, for the records that need
 * them (sm__ftrace_task, sm__ftrace_pick), and the time too (sm__ftrace_time)
 * unless checking it read it (known_start).
 */
#include "pick.h"
#include "record.h"
#include "source.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static enum sm__line_kind bad(struct sm__str line, const char *at,
			      const char *what, const char **why, size_t *col)
{
	*why = what;
	*col = (size_t)(at - line.ptr) + 1;
	return SM__LINE_BAD;
}

/* Comment lines: blank, '#' headers, and ` => func` kernel stack lines. */
static bool is_comment(const char *p, const char *end)
{
	return p == end || *p == '#' ||
	       (end - p >= 2 && p[0] == '=' && p[1] == '>');
}

/* The header a `trace` dump prints above each kernel or user stack. */
static bool is_stack_header(const char *p, const char *end)
{
	static const char kernel[] = "<stack trace>", user[] = "<user stack trace>";
	size_t n = (size_t)(end - p);
	return (n == sizeof kernel - 1 && memcmp(p, kernel, n) == 0) ||
	       (n == sizeof user - 1 && memcmp(p, user, n) == 0);
}

static int64_t read_uint(struct sm__str digits)
{
	uint64_t v = 0;
	for (size_t k = 0; k < digits.len; k++)
		v = v * 10 + (uint64_t)(digits.ptr[k] - '0');
	return (int64_t)v;
}

/*
 * Is `br` (a '[') the CPU column?  It must hold digits and be preceded by
 * `comm-pid`, optionally followed by trace-cmd's `(tgid)` column.  Reading
 * backwards from the bracket finds the pid after the last '-', so a comm
 * may hold '-', spaces and anything else.  Returns the end of the column,
 * or NULL with rec untouched.  The pid and CPU stay text until wanted
 * (sm__ftrace_task).
 */
static const char *take_task(const char *start, const char *br, const char *end,
			     struct sm__record *rec)
{
	const char *d = digits_end(br + 1, end);
	if (d == br + 1 || d == end || *d != ']')
		return NULL;
	const char *p = br;
	while (p > start && is_blank(p[-1]))
		p--;
	if (p > start && p[-1] == ')') {
		do
			p--;
		while (p > start && p[-1] != '(');
		if (p == start)
			return NULL;
		p--;
		while (p > start && is_blank(p[-1]))
			p--;
	}
	const char *pid_end = p;
	while (p > start && is_digit(p[-1]))
		p--;
	if (p == pid_end || p - start < 2 || p[-1] != '-')
		return NULL;
	rec->has_task = true;
	rec->task_at = NULL;
	rec->comm = (struct sm__str){start, (size_t)(p - 1 - start)};
	rec->pid_text = (struct sm__str){p, (size_t)(pid_end - p)};
	rec->cpu_text = (struct sm__str){br + 1, (size_t)(d - br - 1)};
	return d + 1;
}

static bool starts_with(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);
	return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

static bool ends_with(const char *p, const char *end, const char *suffix)
{
	size_t n = strlen(suffix);
	return (size_t)(end - p) >= n && memcmp(end - n, suffix, n) == 0;
}

bool sm__ftrace_preamble(struct sm__str line)
{
	const char *end = line.ptr + line.len, *start = skip_blanks(line.ptr, end);
	return starts_with(start, end, "version = ") || starts_with(start, end, "cpus=") ||
	       (starts_with(start, end, "CPU ") && ends_with(start, end, " is empty"));
}

/* Digits at *p, as a count; advances *p.  False when there are none. */
static bool take_count(const char **p, const char *end, uint64_t *n)
{
	const char *q = *p;
	*n = 0;
	for (; q < end && is_digit(*q); q++)
		*n = *n > (UINT64_MAX - 9) / 10 ? UINT64_MAX : *n * 10 + (uint64_t)(*q - '0');
	if (q == *p)
		return false;
	*p = q;
	return true;
}

/* `# entries-in-buffer/entries-written: 123/456   #P:2`: the entries the
 * ring buffer overwrote are the difference. */
static bool overwritten(const char *p, const char *end, struct sm__record *rec)
{
	static const char head[] = "# entries-in-buffer/entries-written:";
	uint64_t in, written;
	if (!starts_with(p, end, head))
		return false;
	p = skip_blanks(p + sizeof head - 1, end);
	if (!take_count(&p, end, &in) || p == end || *p++ != '/' ||
	    !take_count(&p, end, &written) || in >= written)
		return false;
	rec->lost = written - in;
	rec->lost_known = true;
	return true;
}

/* `[LOST 12 EVENTS]` (the kernel), `[12 EVENTS DROPPED]` and
 * `[EVENTS DROPPED]` (trace-cmd report), after an optional `CPU:N `. */
static bool lost_note(const char *p, const char *end, struct sm__record *rec)
{
	if (starts_with(p, end, "CPU:")) {
		uint64_t cpu;
		p += 4;
		if (!take_count(&p, end, &cpu))
			return false;
		p = skip_blanks(p, end);
	}
	if (p == end || *p++ != '[' || end[-1] != ']')
		return false;
	end--;
	rec->lost_known = false;
	if (starts_with(p, end, "LOST ")) {
		p += 5;
		rec->lost_known = take_count(&p, end, &rec->lost);
		return rec->lost_known && p == end - 7 && starts_with(p, end, " EVENTS");
	}
	if (take_count(&p, end, &rec->lost)) {
		rec->lost_known = true;
		p = skip_blanks(p, end);
	}
	return p == end - 14 && starts_with(p, end, "EVENTS DROPPED");
}

bool sm__ftrace_loss(struct sm__str line, struct sm__record *rec, const char **why)
{
	const char *end = line.ptr + line.len, *p = skip_blanks(line.ptr, end);
	rec->lost = 0;
	rec->lost_known = false;
	if (p < end && *p == '#') {
		if (overwritten(p, end, rec)) {
			*why = "the ring buffer overwrote events before this trace was read";
			return true;
		}
		/* The `annotate` option: a CPU whose buffer overflowed starts
		 * later than the others. */
		if (starts_with(p, end, "##### CPU ") && ends_with(p, end, " buffer started ####")) {
			*why = "a CPU buffer starts here: its earlier events were overwritten";
			return true;
		}
		return false;
	}
	if (lost_note(p, end, rec)) {
		*why = "events were lost here (ring buffer overrun)";
		return true;
	}
	return false;
}

/*
 * A line without a task and CPU column.  trace-cmd report's preamble is a
 * comment.  Anything else is bad where the task or the CPU column should
 * have been.  (Loss notes were recognised before.)
 */
static enum sm__line_kind no_task(struct sm__str line, const char *start,
				  const char *end, const char **why, size_t *col)
{
	if (sm__ftrace_preamble(line))
		return SM__LINE_COMMENT;
	for (const char *p = start + 1; p + 1 < end; p++) {
		if (*p != '-' || !is_digit(p[1]))
			continue;
		const char *q = p + 1;
		while (q < end && is_digit(*q))
			q++;
		if (q == end || is_blank(*q))
			return bad(line, skip_blanks(q, end),
				   "expected '[CPU]' after the task", why, col);
	}
	return bad(line, start, "expected a task 'comm-pid' at the start", why,
		   col);
}

/* The end of `digits[.digits]` at p, where scan_seconds would stop; NULL
 * when p holds no digit. */
static const char *seconds_end(const char *p, const char *end)
{
	if (p == end || !is_digit(*p))
		return NULL;
	p = digits_end(p, end);
	if (p + 1 < end && *p == '.' && is_digit(p[1]))
		p = digits_end(p + 2, end);
	return p;
}

/*
 * After the CPU column: an optional flags column (`.N...`, `d..2`), then
 * `seconds.fraction:`.  Flags never start with a digit, timestamps always
 * do.  The time stays text until wanted (sm__ftrace_time).
 */
static const char *take_timestamp(const char *p, const char *end,
				  struct sm__record *rec, const char **fail_why)
{
	p = skip_blanks(p, end);
	if (p < end && !is_digit(*p)) {
		while (p < end && !is_blank(*p))
			p++;
		p = skip_blanks(p, end);
	}
	const char *q = seconds_end(p, end);
	if (!q) {
		*fail_why = "expected a timestamp";
		return p;
	}
	if (q == end || *q != ':') {
		*fail_why = "expected ':' after the timestamp";
		return q;
	}
	rec->ts_text = (struct sm__str){p, (size_t)(q - p)};
	rec->time_pending = true;
	*fail_why = NULL;
	return q + 1;
}

#ifdef __SSE2__
static inline __m128i load_16(const char *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}
#endif

/* Do p[0..n) and q[0..n) hold the same bytes?  Inline, eight at a time:
 * n is a few words, and a call would cost as much as the compare. */
static inline bool same_bytes(const char *p, const char *q, size_t n)
{
#ifdef __SSE2__
	if (n >= 16) { /* sixteen at a time where the machine has them */
		__m128i d = _mm_setzero_si128();
		for (size_t k = 0; k + 16 < n; k += 16)
			d = _mm_or_si128(d, _mm_xor_si128(load_16(p + k), load_16(q + k)));
		d = _mm_or_si128(d, _mm_xor_si128(load_16(p + n - 16), load_16(q + n - 16)));
		return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) == 0xffff;
	}
#endif
	uint64_t diff = 0;
	if (n < 8) {
		for (size_t k = 0; k < n; k++)
			diff |= (uint64_t)(unsigned char)(p[k] ^ q[k]);
		return diff == 0;
	}
	for (size_t k = 0; k + 8 < n; k += 8)
		diff |= load_le64(p + k) ^ load_le64(q + k);
	diff |= load_le64(p + n - 8) ^ load_le64(q + n - 8); /* overlaps the one before */
	return diff == 0;
}

/*
 * The end of an event name: the first ':' or blank from p, or end.  Eight
 * bytes a step: names differ in length from line to line, and a loop that
 * ends at a different byte each time is mispredicted each time.  (The
 * other columns keep their widths from line to line: there plain loops,
 * well predicted, measured faster than this.)
 */
static inline __attribute__((always_inline)) const char *name_end(const char *p,
								    const char *end)
{
#ifdef __SSE2__
	for (; end - p >= 16; p += 16) {
		__m128i w = load_16(p);
		__m128i stop = _mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8(':')),
					    _mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8(' ')),
							 _mm_cmpeq_epi8(w, _mm_set1_epi8('\t'))));
		unsigned bits = (unsigned)_mm_movemask_epi8(stop);
		if (bits)
			return p + __builtin_ctz(bits);
	}
#endif
	for (; end - p >= 8; p += 8) {
		uint64_t w = load_le64(p);
		uint64_t stop = bytes_equal(w, ':') | bytes_equal(w, ' ') | bytes_equal(w, '\t');
		if (stop)
			return p + first_byte(stop);
	}
	while (p < end && *p != ':' && !is_blank(*p))
		p++;
	return p;
}

/* Skip a parenthesised group such as `(vp_reset+0x2f/0x40 [virtio] <- f)`;
 * returns p itself when the group is not closed.  Probe sites are long and
 * seldom nested: the first '(' or ')' after p, eight bytes a step, settles
 * the common case. */
static const char *skip_group(const char *p, const char *end)
{
	const char *q = p + 1;
	for (; end - q >= 8; q += 8) {
		uint64_t w = load_le64(q);
		uint64_t paren = bytes_equal(w, '(') | bytes_equal(w, ')');
		if (paren) {
			q += first_byte(paren);
			break;
		}
	}
	while (q < end && *q != '(' && *q != ')')
		q++;
	if (q == end)
		return p;
	if (*q == ')')
		return q + 1;
	int depth = 0;
	for (q = p; q < end; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')' && --depth == 0)
			return q + 1;
	}
	return p;
}

/* A quoted value ends at a '"' followed by a blank or the end of the line,
 * so that quotes inside it do not cut it short.  NULL when unterminated. */
static const char *quoted_end(const char *p, const char *end)
{
	for (const char *q = p + 1; q < end; q++) {
		q = memchr(q, '"', (size_t)(end - q));
		if (!q)
			return NULL;
		if (q + 1 == end || is_blank(q[1]))
			return q + 1;
	}
	return NULL;
}

/*
 * One token of the text after the event name:
 *
 *   token := '(' ... ')' | key '=' value | word      (a group may nest)
 *   value := '"' ... '"' | word     (the quote that ends it comes before
 *                                    a blank or the end of the line)
 *
 * For `key=value`, *key and *value span them; otherwise key->len is 0.
 * Returns the end of the token.
 */
static inline const char *next_token(const char *p, const char *end, struct sm__str *key,
				     struct sm__str *value)
{
	key->len = 0;
	if (*p == '(') {
		const char *q = skip_group(p, end);
		if (q != p)
			return q;
	}
	const char *tok = p;
	while (p < end && *p != '=' && !is_blank(*p))
		p++;
	if (p == end || *p != '=' || p == tok) {
		while (p < end && !is_blank(*p))
			p++;
		return p;
	}
	*key = (struct sm__str){tok, (size_t)(p - tok)};
	const char *v = p + 1, *vend = NULL;
	if (v < end && *v == '"')
		vend = quoted_end(v, end);
	if (!vend)
		for (vend = v; vend < end && !is_blank(*vend); vend++)
			;
	*value = (struct sm__str){v, (size_t)(vend - v)};
	return vend;
}

/*
 * Line starts already read: the bytes of a record line up to its time, as
 * the general path read them (where the task, pid and CPU are), in a
 * direct-mapped table by those bytes.  A trace has a few hundred such
 * starts at most (a task on a CPU with its flags), so most lines find
 * theirs: every decision the general path makes before the time depends
 * on those bytes alone, so a line with the same bytes gets the same
 * columns, and only its time and what follows are read.  The columns have
 * fixed widths, so a line's start is looked up with the length of the last
 * one (rec->prefix_len).
 */
#define PREFIX_SLOTS 1024

struct sm__ftrace_prefix {
	uint32_t len; /* 0: empty slot */
	uint32_t comm, comm_len, pid, pid_len, cpu, cpu_len;
	uint32_t time_len; /* the time's, at len: likely the next line's */
	char bytes[64];
};

/* The slot of the start p[0..n), 8 <= n <= 64, a word at a time (the last
 * word overlapping the one before). */
static size_t words_slot(const char *p, size_t n)
{
	/* words folded by rotate and xor, mixed by one multiply at the end:
	 * a chain of multiplies would make each line wait on its latency */
	uint64_t h = n;
	for (size_t k = 0; k + 8 < n; k += 8)
		h = ((h << 23) | (h >> 41)) ^ load_le64(p + k);
	h = ((h << 23) | (h >> 41)) ^ load_le64(p + n - 8);
	return (size_t)((h * 0x9e3779b97f4a7c15ull) >> 54);
}

#ifdef __SSE2__
/* A start of 17 to 48 bytes (most are: a task, a CPU, flags) as three
 * 16-byte words, the last overlapping those before: the line's start is
 * loaded once, for its slot and its compare. */
#define SHORT_START(n) ((n) > 16 && (n) <= 48)

struct start_words {
	__m128i a, b, c;
};

static inline struct start_words load_start(const char *p, size_t n)
{
	return (struct start_words){load_16(p), load_16(p + (n > 32 ? 16 : n - 16)),
				    load_16(p + n - 16)};
}

static inline size_t start_slot(struct start_words w, size_t n)
{
	__m128i x = _mm_xor_si128(_mm_xor_si128(w.a, _mm_shuffle_epi32(w.b, 0x4e)),
				  _mm_shuffle_epi32(w.c, 0x93));
	uint64_t lo = (uint64_t)_mm_cvtsi128_si64(x);
	uint64_t hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x));
	uint64_t h = (((lo << 23) | (lo >> 41)) ^ hi) + n;
	return (size_t)((h * 0x9e3779b97f4a7c15ull) >> 54);
}

static inline bool same_start(struct start_words w, const char *q, size_t n)
{
	struct start_words v = load_start(q, n);
	__m128i d = _mm_or_si128(_mm_xor_si128(w.a, v.a),
				 _mm_or_si128(_mm_xor_si128(w.b, v.b), _mm_xor_si128(w.c, v.c)));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) == 0xffff;
}
#endif

static size_t prefix_slot(const char *p, size_t n)
{
#ifdef __SSE2__
	if (SHORT_START(n))
		return start_slot(load_start(p, n), n);
#endif
	return words_slot(p, n);
}

/* The entry of the table that holds the line's start of n bytes, or NULL
 * (then no line of this start was learnt, or its slot holds another). */
static inline const struct sm__ftrace_prefix *find_start(const struct sm__record *rec,
							 const char *p, size_t n)
{
	const struct sm__ftrace_prefix *e;
#ifdef __SSE2__
	if (SHORT_START(n)) {
		struct start_words w = load_start(p, n);
		e = &rec->prefixes[start_slot(w, n)];
		return e->len == n && same_start(w, e->bytes, n) ? e : NULL;
	}
#endif
	e = &rec->prefixes[words_slot(p, n)];
	return e->len == n && same_bytes(p, e->bytes, n) ? e : NULL;
}

/* Are the top n bytes of w (1 <= n <= 8) digits?  May say no wrongly (a
 * carry from a byte >= 0xfa before a '9'), never yes. */
static inline bool digits_high(uint64_t w, size_t n)
{
	uint64_t tens = (w & ONES * 0xf0) ^ ONES * '0';
	uint64_t units = ((w + ONES * 6) & ONES * 0xf0) ^ ONES * '0';
	uint64_t low7 = 0x7f7f7f7f7f7f7f7full, x = tens | units;
	uint64_t digits = ~(((x & low7) + low7) | x) & ONES * 0x80;
	uint64_t want = ONES * 0x80 << (8 * (8 - n));
	return (digits & want) == want;
}

/* The number eight ASCII digits spell, the first in the lowest byte. */
static inline uint64_t eight_digits(uint64_t w)
{
	w -= ONES * '0';
	w = (w * 10 + (w >> 8)) & 0x00ff00ff00ff00ffull;
	w = (w * 100 + (w >> 16)) & 0x0000ffff0000ffffull;
	return (w * 10000 + (w >> 32)) & 0xffffffffull;
}

/* Are the sec_digits bytes before the point at colon - 7, and the six
 * between it and the ':' at colon, digits?  (The point and the ':' are
 * checked apart.)  With 15 bytes of line before colon. */
static inline bool time_digits(const char *colon, size_t sec_digits)
{
#ifdef __SSE2__
	/* the 16 bytes that end at the ':', less '0': digits are 0..9 */
	__m128i x = _mm_sub_epi8(load_16(colon - 15), _mm_set1_epi8('0'));
	unsigned small = (unsigned)_mm_movemask_epi8(
		_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(9)), x));
	unsigned want = (0xffu << (8 - sec_digits) & 0xffu) | 0x7e00u; /* seconds, micros */
	return (small & want) == want;
#else
	uint64_t us = load_le64(colon - 8), sec = load_le64(colon - 15);
	return digits_high((us & ~0xff00ull) | (uint64_t)'0' << 8, 8) &&
	       digits_high(sec, sec_digits);
#endif
}

/*
 * The kernel's time, `seconds.micros` with 1 to 8 digits of seconds (so
 * it fits), len bytes at p followed by ':', read a word at a time: the
 * word that ends at the last digit holds the micros and the seconds' last
 * digit, the one that ends at the point the seconds (a line has 8 bytes
 * before its time at least, `c-1 [0] `), which are converted only when
 * they differ from the last time's (rec->sec_word).  False when the bytes
 * are not of that form.
 */
static inline __attribute__((always_inline)) bool micros_time(const char *p, size_t len,
							      const char *end,
							      struct sm__record *rec, int64_t *ns)
{
	if (len < 8 || len > 15 || (size_t)(end - p) <= len || p[len] != ':' ||
	    p[len - 7] != '.')
		return false;
	size_t sec_digits = len - 7;
	if (!time_digits(p + len, sec_digits))
		return false;
	uint64_t us = load_le64(p + len - 8), sec = load_le64(p + len - 15);
	uint64_t sec_mask = ~0ull << (8 * (8 - sec_digits));
	if ((sec & sec_mask) != rec->sec_word) {
		rec->sec_word = sec & sec_mask;
		rec->sec_ns = (int64_t)eight_digits(rec->sec_word | (ONES * '0' & ~sec_mask)) *
			      1000000000;
	}
	us = (us & ~0xffffull) | ONES * '0' >> 48;
	*ns = rec->sec_ns + (int64_t)eight_digits(us) * 1000;
	return true;
}

/*
 * The line's start, if the table knows it: returns the end of the time's
 * ':' with the columns set, or NULL.  A time of the known line's form
 * (most are: `1000.000002`, the seconds growing a digit now and then) is
 * read here, while its words are at hand, and checked by being read; any
 * other is left as text (time_pending) once its end is found.
 */
static const char *known_start(struct sm__str line, struct sm__record *rec)
{
	size_t len = rec->prefix_len;
	if (!rec->prefixes || line.len <= len)
		return NULL;
	const char *p = line.ptr, *end = p + line.len;
	const struct sm__ftrace_prefix *e = find_start(rec, p, len);
	if (!e)
		return NULL;
	const char *t = p + len, *q = t + e->time_len;
	int64_t ns;
	bool read = micros_time(t, e->time_len, end, rec, &ns);
	if (!read) {
		q = seconds_end(t, end);
		if (!q || q == end || *q != ':')
			return NULL;
	}
	/* record_begin's work, each member once (take_name sets the name,
	 * the rest and what is pending of them); line and text each stored
	 * from line, not text loaded from line's two stores (no forwarding) */
	rec->line = line;
	rec->text = line;
	rec->has_ts = read;
	rec->ts_ns = read ? ns : 0;
	rec->ts_digits = read ? 6 : 0;
	rec->time_pending = !read;
	rec->has_task = true;
	rec->task_at = e;
	rec->ts_text = (struct sm__str){t, (size_t)(q - t)};
	rec->nfields = 0;
	rec->shape = 0;
	return q + 1;
}

/* A record the general path read: its start goes in the table. */
static void learn_start(struct sm__record *rec)
{
	const char *p = rec->line.ptr;
	size_t len = (size_t)(rec->ts_text.ptr - p);
	if (len < 8 || len > sizeof rec->prefixes->bytes)
		return;
	if (!rec->prefixes)
		rec->prefixes = sm__xcalloc(PREFIX_SLOTS, sizeof *rec->prefixes);
	rec->prefix_len = len;
	struct sm__ftrace_prefix *e = &rec->prefixes[prefix_slot(p, len)];
	*e = (struct sm__ftrace_prefix){
		(uint32_t)len, (uint32_t)(rec->comm.ptr - p), (uint32_t)rec->comm.len,
		(uint32_t)(rec->pid_text.ptr - p), (uint32_t)rec->pid_text.len,
		(uint32_t)(rec->cpu_text.ptr - p), (uint32_t)rec->cpu_text.len,
		(uint32_t)rec->ts_text.len, {0}};
	memcpy(e->bytes, p, len);
}

/* After the time's ':' at p: blanks (most often one), the event name and
 * its ':'.  A line that is no record leaves the record without a name,
 * as record_begin made it. */
static inline __attribute__((always_inline)) enum sm__line_kind
take_name(struct sm__str line, const char *p, struct sm__record *rec, const char **why,
	  size_t *col)
{
	const char *end = line.ptr + line.len;
	const char *name = skip_blanks(p < end && *p == ' ' ? p + 1 : p, end);
	p = name_end(name, end);
	if (p == end || *p != ':' || p == name) {
		rec->name = rec->rest = (struct sm__str){line.ptr, 0};
		rec->fields_pending = rec->task_pending = false;
		if (is_stack_header(name, end))
			return SM__LINE_COMMENT;
		return bad(line, name, "expected an event name followed by ':'",
			   why, col);
	}
	rec->name = (struct sm__str){name, (size_t)(p - name)};
	rec->rest = (struct sm__str){p + 1, (size_t)(end - p - 1)};
	rec->fields_pending = true;
	rec->task_pending = true;
	return SM__LINE_RECORD;
}

/* The general path, up to the end of the time's ':': NULL when the line
 * is no record (*kind says what it is). */
static const char *read_start(struct sm__str line, struct sm__record *rec,
			      enum sm__line_kind *kind, const char **why, size_t *col)
{
	const char *end = line.ptr + line.len;
	const char *p = NULL;
	const char *start = skip_blanks(line.ptr, end);
	if (is_comment(start, end)) {
		*kind = SM__LINE_COMMENT;
		if (start < end && *start == '#' && sm__ftrace_loss(line, rec, why)) {
			*col = (size_t)(start - line.ptr) + 1;
			*kind = SM__LINE_LOSS;
		}
		return NULL;
	}
	record_begin(rec, line);

	for (const char *br = start; !p && (br = memchr(br, '[', (size_t)(end - br))); br++)
		p = take_task(start, br, end, rec);
	if (!p) {
		*kind = SM__LINE_LOSS;
		if (sm__ftrace_loss(line, rec, why))
			*col = (size_t)(start - line.ptr) + 1;
		else
			*kind = no_task(line, start, end, why, col);
		return NULL;
	}

	const char *ts_why;
	p = take_timestamp(p, end, rec, &ts_why);
	if (ts_why) {
		*kind = bad(line, p, ts_why, why, col);
		return NULL;
	}
	return p;
}

/* A line whose start the table does not know, read in full. */
static __attribute__((noinline)) enum sm__line_kind read_header(struct sm__str line,
								 struct sm__record *rec,
								 const char **why, size_t *col)
{
	enum sm__line_kind kind = SM__LINE_RECORD;
	const char *p = read_start(line, rec, &kind, why, col);
	if (!p)
		return kind;
	kind = take_name(line, p, rec, why, col);
	if (kind == SM__LINE_RECORD)
		learn_start(rec);
	return kind;
}

/*
 *   line  := blanks task blanks '[' cpu ']' blanks [flags blanks] time ':'
 *            blanks name ':' rest
 *   task  := comm '-' pid [blanks '(' tgid ')']    (comm: anything)
 *   time  := digits ['.' digits]
 *
 * '#' lines, ` =>` stack lines and stack headers are comments; loss notes
 * are SM__LINE_LOSS; anything else is bad where it first goes wrong.
 */
enum sm__line_kind sm__ftrace_parse_header(struct sm__str line, struct sm__record *rec,
					   const char **why, size_t *col)
{
	const char *p = known_start(line, rec);
	if (p)
		return take_name(line, p, rec, why, col);
	return read_header(line, rec, why, col);
}

void sm__ftrace_time(struct sm__record *rec)
{
	const char *p = rec->ts_text.ptr, *end = p + rec->ts_text.len;
	rec->time_pending = false;
	if (rec->ts_text.len >= 8 && p - rec->line.ptr >= 8 &&
	    micros_time(p, rec->ts_text.len, end + 1, rec, &rec->ts_ns)) {
		rec->has_ts = true;
		rec->ts_digits = 6;
		return;
	}
	const char *dot = memchr(p, '.', rec->ts_text.len);
	rec->has_ts = seconds_value(p, dot ? dot : end, dot ? dot + 1 : end, end, &rec->ts_ns,
				    &rec->ts_digits);
}

void sm__ftrace_task_text(struct sm__record *rec)
{
	const struct sm__ftrace_prefix *e = rec->task_at;
	if (!e)
		return;
	const char *p = rec->line.ptr;
	rec->comm = (struct sm__str){p + e->comm, e->comm_len};
	rec->pid_text = (struct sm__str){p + e->pid, e->pid_len};
	rec->cpu_text = (struct sm__str){p + e->cpu, e->cpu_len};
	rec->task_at = NULL;
}

void sm__ftrace_task(struct sm__record *rec)
{
	sm__ftrace_task_text(rec);
	rec->task_pending = false;
	rec->pid = read_uint(rec->pid_text);
	rec->cpu = read_uint(rec->cpu_text);
}

void sm__ftrace_fields(struct sm__record *rec)
{
	const char *end = rec->rest.ptr + rec->rest.len;
	rec->fields_pending = false;
	struct sm__str key, value;
	for (const char *p = skip_blanks(rec->rest.ptr, end); p < end; p = skip_blanks(p, end)) {
		p = next_token(p, end, &key, &value);
		if (key.len)
			record_add_field(rec, key, sm__value_from_text(value.ptr, value.len));
	}
}

/* The first bytes of a key p[0..len) (up to 8, the rest zero), as
 * sm__pick's heads hold them; p[0..avail) may be read. */
static inline uint64_t load_key(const char *p, size_t len, size_t avail)
{
	uint64_t w = 0;
	if (avail >= 8)
		w = load_le64(p);
	else
		for (size_t k = 0; k < avail; k++)
			w |= (uint64_t)(unsigned char)p[k] << (8 * k);
	return len >= 8 ? w : w & ~(~0ull << (8 * len));
}

void sm__pick_init(struct sm__pick *pick, const struct sm__str *names, size_t n)
{
	*pick = (struct sm__pick){.n = (uint32_t)n, .names = names};
	pick->head = sm__xcalloc(n + 1, sizeof *pick->head);
	pick->key = sm__xcalloc(n + 1, sizeof *pick->key);
	pick->key_mask = sm__xcalloc(n + 1, sizeof *pick->key_mask);
	pick->steps = sm__xcalloc(n + 1, sizeof *pick->steps);
	pick->layouts = sm__xlines(SM__PICK_LAYOUTS * sizeof *pick->layouts);
	for (size_t k = 0; k < SM__PICK_LAYOUTS / 2; k++)
		pick->used[k] = &pick->layouts[2 * k];
	pick->short_names = true;
	for (size_t k = 0; k < n; k++) {
		size_t len = names[k].len;
		pick->head[k] = load_key(names[k].ptr, len, len);
		/* `name=` in a word, a key as the scan finds it */
		pick->short_names &= len < 8 && !memchr(names[k].ptr, '=', len) &&
				     !memchr(names[k].ptr, ' ', len) && !memchr(names[k].ptr, '\t', len);
		if (len < 8) {
			pick->key[k] = pick->head[k] | (uint64_t)'=' << (8 * len);
			pick->key_mask[k] = ~0ull >> (8 * (7 - len));
		}
	}
}

void sm__pick_free(struct sm__pick *pick)
{
	free(pick->head);
	free(pick->key);
	free(pick->key_mask);
	free(pick->steps);
	free(pick->layouts);
	pick->head = pick->key = pick->key_mask = NULL;
	pick->steps = NULL;
	pick->layouts = NULL;
}

/* Which of the pick's names is key p[0..len) (with its head word), and not
 * yet found; -1 when none. */
static inline int picked(const struct sm__pick *pick, const struct sm__value *values,
			 const char *p, size_t len, uint64_t head)
{
	for (size_t k = 0; k < pick->n; k++)
		if (pick->head[k] == head && pick->names[k].len == len &&
		    values[k].kind == SM__VAL_NONE &&
		    (len <= 8 || memcmp(p + 8, pick->names[k].ptr + 8, len - 8) == 0))
			return (int)k;
	return -1;
}

/* The end of a word: the first blank from p, or end. */
static inline const char *word_end(const char *p, const char *end)
{
	while (p < end && !is_blank(*p))
		p++;
	return p;
}

/*
 * What pick_again needs of the record pick_all read: the text before its
 * first picked field (struct sm__pick).  A record's text starts 10 bytes
 * into its line at least (`c-1[0]1:e:`), so the word that ends at skip may
 * start before the text: its bytes there are masked off.
 */
static void remember_before(const struct sm__record *rec, struct sm__pick *pick)
{
	const char *p = rec->rest.ptr;
	size_t skip = pick->skip;
	if (skip >= 16) {
		for (size_t k = 0; k < 4; k++) {
			size_t at = 16 * k < skip - 16 ? 16 * k : skip - 16;
			pick->before_at[k] = (uint8_t)at;
			pick->before[2 * k] = load_le64(p + at);
			pick->before[2 * k + 1] = load_le64(p + at + 8);
		}
		return;
	}
	pick->before[0] = skip > 8 ? load_le64(p) : 0;
	pick->before_mask = skip >= 8 ? ~0ull : skip ? ~0ull << (8 * (8 - skip)) : 0;
	pick->before_last = load_le64(p + skip - 8) & pick->before_mask;
}

/*
 * The scan of sm__ftrace_fields (next_token's grammar, written out here as
 * one loop), keeping only the picked fields, each the first time it comes,
 * converted as it is found: the scan stops once all have come, as later
 * ones would not count.  Notes for pick_again where the first picked field
 * began and the order they came in, unless a group or a quote before it
 * was left open: a later record that starts alike may close it, and so
 * hold no field there.
 */
static __attribute__((noinline)) void pick_all(const struct sm__record *rec,
					       struct sm__pick *pick, struct sm__value *values)
{
	const char *p = rec->rest.ptr, *end = p + rec->rest.len;
	size_t left = pick->n, first = SIZE_MAX; /* where the first picked field is */
	bool open = false;
	pick->again = false;
	for (size_t k = 0; k < SM__PICK_LAYOUTS; k++)
		pick->layouts[k].len = 0;
	while (left) {
		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			return;
		if (*p == '(') {
			const char *q = skip_group(p, end);
			if (q != p) {
				p = q;
				continue;
			}
			open = true;
		}
		const char *key = p;
		while (p < end && *p != '=' && !is_blank(*p))
			p++;
		if (p == end || *p != '=' || p == key) {
			p = word_end(p, end);
			continue;
		}
		size_t len = (size_t)(p - key);
		const char *v = p + 1, *vend = NULL;
		if (v < end && *v == '"')
			open |= !(vend = quoted_end(v, end));
		if (!vend)
			vend = word_end(v, end);
		p = vend;
		int k = picked(pick, values, key, len, load_key(key, len, (size_t)(end - key)));
		if (k < 0)
			continue;
		/* never NONE: a found value is an integer or a string */
		sm__value_read(&values[k], v, (size_t)(vend - v));
		if (left == pick->n)
			first = (size_t)(key - rec->rest.ptr);
		pick->steps[pick->n - left--] = (struct sm__pick_step){
			pick->key[k], pick->key_mask[k], (uint32_t)len + 1, (uint32_t)k};
	}
	pick->again = pick->n && pick->short_names && first <= SM__PICK_BEFORE && !open;
	if (pick->again) {
		pick->skip = (uint32_t)first;
		remember_before(rec, pick);
	}
}

/* The 8 bytes at text[at..], blanks past len, for at < len + 8: when
 * fewer are left, the word that ends at len (a record's text ends a line
 * of 10 bytes at least), shifted, then blanks.  So the end of the line
 * ends a value as a blank does. */
static inline uint64_t word_at(const char *text, size_t at, size_t len)
{
	if (len - at >= 8)
		return load_le64(text + at);
	size_t avail = len - at;
	if (!avail)
		return ONES * ' ';
	return load_le64(text + len - 8) >> (8 * (8 - avail)) | ONES * ' ' << (8 * avail);
}

/* Of x, a word less '0' in each byte: the bytes that are no decimal digit,
 * as their high bit.  Exact up to the first such byte (only a byte that
 * is no digit borrows or carries into the next). */
static inline uint64_t not_digits(uint64_t x)
{
	return ((x + ONES * 0x76) | x) & ONES * 0x80;
}

/*
 * The value at text[v..] of a field whose word is w (len bytes of `name=`,
 * then the value's first bytes, blanks past the end of the line): a
 * decimal of up to 7 digits followed by a blank, converted at once, read
 * from w or, when its digits fill w, from the word at v.  Returns the
 * number of digits, 0 for anything else, for value_slow to read.
 */
static inline size_t value_fast(uint64_t w, size_t len, const char *text, size_t v,
				size_t text_len, struct sm__value *value)
{
	uint64_t x = (w >> (8 * len - 8) >> 8) - ONES * '0';
	/* never 0: w's top byte, shifted out, is no digit */
	uint64_t stops = not_digits(x);
	if ((unsigned)__builtin_ctzll(stops) - 7 == 64 - 8 * len) {
		x = word_at(text, v, text_len) - ONES * '0';
		if (!(stops = not_digits(x)))
			return 0;
	}
	unsigned stop = (unsigned)__builtin_ctzll(stops) - 7;
	if (stop == 0 || (unsigned char)(x >> stop) != (unsigned char)(' ' - '0'))
		return 0;
	sm__pick_put_int(value, sm__pick_digits(x << (64 - stop)));
	return stop / 8;
}

/* The value at v as pick_all reads it, a word; NULL for a quoted one,
 * which pick_again leaves to pick_all. */
static const char *value_slow(const char *v, const char *end, struct sm__value *value)
{
	if (v < end && *v == '"')
		return NULL;
	const char *q = word_end(v, end);
	sm__value_read(value, v, (size_t)(q - v));
	return q;
}

/* The field of step st after more blanks than the one passed (seldom):
 * its place, or SIZE_MAX when it is not there. */
static __attribute__((noinline)) size_t after_blanks(const char *text, size_t at, size_t len,
						     const struct sm__pick_step *st)
{
	if (at == len || !is_blank(text[at]))
		return SIZE_MAX;
	at = (size_t)(skip_blanks(text + at, text + len) - text);
	return (word_at(text, at, len) & st->mask) == st->key ? at : SIZE_MAX;
}

/* Where pick_again found the values, when all were decimals it read in
 * their words (per step: the end of its digits in the text, how many). */
struct spots {
	bool decimals;
	uint32_t end[SM__LAYOUT_WORDS];
	uint8_t digits[SM__LAYOUT_WORDS];
};

/*
 * A record that starts as the last one read by pick_all did, up to its
 * first picked field (pick->before): the tokens up to there are the same
 * bytes, so the same tokens, none of them picked (a group or a quote
 * closes where it did, as its closing byte is among them; pick_all leaves
 * none open there).  From there,
 * the picked fields are expected in the same order, blanks between:
 * `name=value`, the value a word.  Anything else returns false (values
 * partly set), for pick_all to read the record from the start.
 */
static bool pick_again(const struct sm__record *rec, const struct sm__pick *pick,
		       struct sm__value *values, struct spots *spots)
{
	const char *text = rec->rest.ptr;
	size_t len = rec->rest.len, at = pick->skip;
	spots->decimals = pick->n <= SM__LAYOUT_WORDS;
	for (const struct sm__pick_step *st = pick->steps, *last = st + pick->n - 1;; st++) {
		uint64_t w = word_at(text, at, len);
		if ((w & st->mask) != st->key) {
			if ((at = after_blanks(text, at, len, st)) == SIZE_MAX)
				return false;
			w = word_at(text, at, len);
		}
		struct sm__value *value = &values[st->name];
		size_t digits = value_fast(w, st->len, text, at + st->len, len, value);
		if (digits) {
			at += st->len + digits;
			if (spots->decimals) {
				spots->end[st - pick->steps] = (uint32_t)at;
				spots->digits[st - pick->steps] = (uint8_t)digits;
			}
		} else {
			spots->decimals = false;
			const char *end = value_slow(text + at + st->len, text + len, value);
			if (!end)
				return false;
			at = (size_t)(end - text);
		}
		if (st == last)
			return true;
		if (at == len)
			return false;
		at++; /* a blank */
	}
}

/* The bytes of [lo, hi) (byte places in a word, clamped to 0..8), as a
 * mask of those bytes. */
static inline uint64_t bytes_mask(ptrdiff_t lo, ptrdiff_t hi)
{
	lo = lo < 0 ? 0 : lo > 8 ? 8 : lo;
	hi = hi < 0 ? 0 : hi > 8 ? 8 : hi;
	if (lo >= hi)
		return 0;
	return (~0ull >> (8 * (8 - (hi - lo)))) << (8 * lo);
}

/* The word of a layout for the text's 8 bytes at `at` (see
 * sm__pick_layout), its value's last `value` digits (0: none). */
static struct sm__layout_word layout_word(const char *text, ptrdiff_t at,
					  const struct spots *spots, size_t n, unsigned value)
{
	uint64_t digits = 0, text_bytes = bytes_mask(-at, 8);
	for (size_t i = 0; i < n; i++)
		digits |= bytes_mask((ptrdiff_t)(spots->end[i] - spots->digits[i]) - at,
				     (ptrdiff_t)spots->end[i] - at);
	uint64_t skeleton = text_bytes & ~digits;
	return (struct sm__layout_word){
		.at = (int32_t)at,
		.base = (load_le64(text + at) & skeleton) | (ONES * '0' & digits),
		.six = ONES * 6 & digits,
		.mask = (ONES * 0xf0 & digits) | skeleton,
		.keep = value ? ~0ull << (64 - 8 * value) : 0,
	};
}

/*
 * The layout of a record pick_again read, its values all decimals: words
 * that cover the text from the first field to the blank after the last
 * value (or the end), each value's digits at the top of a word of its own.
 * It replaces the layout of its length's pair that was not used last.
 */
static void learn_layout(const struct sm__record *rec, struct sm__pick *pick,
			 const struct spots *spots)
{
	const char *text = rec->rest.ptr;
	size_t len = rec->rest.len, pos = pick->skip, pair = len % (SM__PICK_LAYOUTS / 2);
	size_t n = pick->n, nwords = n;
	if (len > INT32_MAX) /* its words' places and length would not fit */
		return;
	struct sm__pick_layout *l = pick->used[pair];
	l = pick->used[pair] = l == &pick->layouts[2 * pair] ? l + 1 : l - 1;
	l->len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t end = spots->end[i];
		for (; end > pos + 8; pos += 8) {
			if (nwords == SM__LAYOUT_WORDS)
				return;
			l->words[nwords++] = layout_word(text, (ptrdiff_t)pos, spots, n, 0);
		}
		l->words[pick->steps[i].name] = layout_word(text, (ptrdiff_t)end - 8, spots, n,
							  spots->digits[i]);
		pos = end;
	}
	if (pos < len) {
		if (nwords == SM__LAYOUT_WORDS)
			return;
		l->words[nwords++] = layout_word(text, (ptrdiff_t)pos - 7, spots, n, 0);
	}
	l->nwords = (uint32_t)nwords;
	l->len = (uint32_t)len;
}

void sm__ftrace_pick_rest(const struct sm__record *rec, struct sm__pick *pick,
			  struct sm__value *values)
{
	bool same = pick->again && rec->rest.len > pick->skip &&
		    sm__pick_same_before(rec->rest.ptr, pick);
	struct spots spots;
	if (same && pick_again(rec, pick, values, &spots)) {
		if (spots.decimals)
			learn_layout(rec, pick, &spots);
		return;
	}
	for (size_t k = 0; k < pick->n; k++)
		values[k] = (struct sm__value){0};
	pick_all(rec, pick, values);
}

void sm__ftrace_pick(const struct sm__record *rec, struct sm__pick *pick,
		     struct sm__value *values)
{
	sm__ftrace_pick_inline(rec, pick, values);
}

enum sm__line_kind sm__ftrace_parse(struct sm__str line, struct sm__record *rec,
				    const char **why, size_t *col)
{
	enum sm__line_kind kind = sm__ftrace_parse_header(line, rec, why, col);
	if (kind == SM__LINE_RECORD) {
		sm__ftrace_time(rec);
		sm__ftrace_task(rec);
		sm__ftrace_fields(rec);
	}
	return kind;
}
