/*
 * base.h: small types every stage shares: byte spans, typed values, a growable
 * byte buffer and checked allocation.  Private to libspecmon.
 */
#ifndef SM_BASE_H
#define SM_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SM__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A span of bytes that the caller does not own (not NUL-terminated). */
struct sm__str {
	const char *ptr;
	size_t len;
};

bool sm__str_eq(struct sm__str a, const char *cstr);
/* The value of a decimal or hex digit (either case), or -1. */
int sm__hex_digit(char c);

/* Inline: names of different lengths, the usual case, cost no call. */
static inline bool sm__str_eq_str(struct sm__str a, struct sm__str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/*
 * A field value.  Strings point into the record's line (or a scratch buffer
 * of the source) and are valid only while that record is being processed.
 * `hex` remembers that an integer was written in hexadecimal, so reports
 * print it back the way the trace showed it.
 */
enum sm__value_kind { SM__VAL_NONE, SM__VAL_INT, SM__VAL_STR };

struct sm__value {
	uint8_t kind; /* enum sm__value_kind */
	uint8_t hex;
	int64_t i;
	struct sm__str s;
};

/*
 * Integers from traces, alike in every format: a value from -2^63 to
 * 2^64 - 1 is an integer, the upper half read as its two's-complement
 * int64_t (as spec literals: 0xffffffffffffffff is -1); a value outside
 * that range does not fit and is kept as its text (a string).
 * sm__add_digit: *v = *v * base + d, false on overflow.
 * sm__int_from_magnitude: the integer of sign and magnitude, false if it
 * does not fit.
 */
bool sm__add_digit(uint64_t *v, unsigned base, unsigned d);
bool sm__int_from_magnitude(uint64_t mag, bool neg, int64_t *out);

/*
 * Parse the text of a trace value: decimal or 0x-hex integers (optionally
 * negative) that fit (above) become SM__VAL_INT; "quoted" text becomes the
 * string inside the quotes; anything else (a wider number too) is a
 * bare-word string.
 */
struct sm__value sm__value_parse(const char *p, size_t len);

/*
 * The same into *v, with the forms trace fields mostly take done inline, as
 * one tight loop: a plain decimal of 1 to 19 digits (below 10^19 < 2^64, so
 * no overflow to check) and 0x hex of 1 to 16 digits.  Everything else (a
 * sign, more digits, not a number) goes to sm__value_parse; the results
 * are the same.  Through a pointer, so that an integer is stored member by
 * member where it goes: a struct returned from the two paths would be put
 * together in memory and copied out, and the copy's wide loads stall on
 * the narrow stores that just made it.
 */
static inline void sm__value_read(struct sm__value *v, const char *p, size_t len)
{
	uint64_t n = 0;
	size_t k = 0;
	bool hex = len > 2 && len <= 18 && p[0] == '0' && (p[1] | 0x20) == 'x';
	if (hex) {
		for (k = 2; k < len; k++) {
			unsigned c = (unsigned char)p[k], d = c - '0';
			if (d > 9) {
				d = (c | 0x20) - 'a'; /* a-f in either case: 0-5 */
				if (d > 5)
					break;
				d += 10;
			}
			n = n << 4 | d;
		}
	} else if (len - 1 < 19) {
		for (; k < len; k++) {
			unsigned d = (unsigned char)p[k] - '0';
			if (d > 9)
				break;
			n = n * 10 + d;
		}
	}
	if (k < len || len == 0) {
		*v = sm__value_parse(p, len);
		return;
	}
	v->kind = SM__VAL_INT;
	v->hex = hex;
	v->i = (int64_t)n;
	v->s = (struct sm__str){NULL, 0};
}

static inline struct sm__value sm__value_from_text(const char *p, size_t len)
{
	struct sm__value v;
	sm__value_read(&v, p, len);
	return v;
}

/*
 * A growable byte buffer; `data` is always NUL-terminated once non-empty.
 * A fixed buffer (sm__buf_fixed) wraps caller storage and never allocates:
 * what does not fit is cut off.
 */
struct sm__buf {
	char *data;
	size_t len, cap;
	bool fixed;
};

struct sm__buf sm__buf_fixed(char *storage, size_t cap);

void sm__buf_reserve(struct sm__buf *b, size_t extra);
void sm__buf_add(struct sm__buf *b, const void *p, size_t n);
void sm__buf_adds(struct sm__buf *b, const char *s);
void sm__buf_addc(struct sm__buf *b, char c);
void sm__buf_printf(struct sm__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sm__buf_vprintf(struct sm__buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append bytes for a human: printable ASCII as is, other bytes as \xNN. */
void sm__buf_add_escaped(struct sm__buf *b, const char *p, size_t n);
/* Append bytes as the inside of a JSON string (quotes not included). */
void sm__buf_add_json(struct sm__buf *b, const char *p, size_t n);
void sm__buf_free(struct sm__buf *b);

/* Allocation that aborts with a message on exhaustion: the CLI and the
 * compiler treat out-of-memory as fatal; stepping never allocates. */
void *sm__xmalloc(size_t n);
void *sm__xcalloc(size_t n, size_t size);
/* n bytes aligned to align (a power of two), not zeroed. */
void *sm__xaligned(size_t align, size_t n);
/* n bytes, not zeroed, for a large buffer written through again and
 * again (a relay's batches): on huge pages where the kernel gives them
 * (transparent huge pages, asked for with madvise), so that its pages
 * take few TLB entries.  Freed with free(). */
void *sm__xhuge(size_t n);
/* n bytes set to zero, on cache lines of their own (shared with nothing
 * another thread writes). */
void *sm__xlines(size_t n);
void *sm__xrealloc(void *p, size_t n);
char *sm__xstrndup(const char *p, size_t n);

/* Grow *arr (of element size `size`) so that index `need` fits. */
void sm__grow(void **arr, size_t *cap, size_t need, size_t size);
#define SM__PUSH(arr, n, cap, value)                                          \
	do {                                                                   \
		sm__grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr)));     \
		(arr)[(n)++] = (value);                                        \
	} while (0)

uint64_t sm__hash_bytes(const void *p, size_t n);

#endif
