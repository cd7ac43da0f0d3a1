/* base.c: spans, values, buffers and checked allocation (see base.h). */
#include "base.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

bool sm__str_eq(struct sm__str a, const char *cstr)
{
	size_t n = strlen(cstr);
	return a.len == n && memcmp(a.ptr, cstr, n) == 0;
}

int sm__hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool sm__add_digit(uint64_t *v, unsigned base, unsigned d)
{
	if (*v > (UINT64_MAX - d) / base)
		return false;
	*v = *v * base + d;
	return true;
}

bool sm__int_from_magnitude(uint64_t mag, bool neg, int64_t *out)
{
	if (neg && mag > (uint64_t)INT64_MAX + 1)
		return false;
	*out = (int64_t)(neg ? 0 - mag : mag);
	return true;
}

/* A decimal or 0x-hex integer, optionally negative, in the range of
 * sm__int_from_magnitude; a longer one is not an integer (its text is
 * kept), never a wrapped-around number. */
static bool parse_int(const char *p, size_t len, int64_t *out, bool *hex)
{
	bool neg = false;
	if (len > 0 && p[0] == '-') {
		neg = true;
		p++;
		len--;
	}
	unsigned base = 10;
	*hex = false;
	if (len > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		*hex = true;
		p += 2;
		len -= 2;
	}
	if (len == 0)
		return false;
	uint64_t v = 0;
	for (size_t k = 0; k < len; k++) {
		int d = sm__hex_digit(p[k]);
		if (d < 0 || d >= (int)base || !sm__add_digit(&v, base, (unsigned)d))
			return false;
	}
	return sm__int_from_magnitude(v, neg, out);
}

struct sm__value sm__value_parse(const char *p, size_t len)
{
	struct sm__value v = {0};
	bool hex;
	if (parse_int(p, len, &v.i, &hex)) {
		v.kind = SM__VAL_INT;
		v.hex = hex;
		return v;
	}
	v.kind = SM__VAL_STR;
	if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
		p++;
		len -= 2;
	}
	v.s.ptr = p;
	v.s.len = len;
	return v;
}

static void out_of_memory(size_t n)
{
	fprintf(stderr, "specmon: out of memory (asked for %zu bytes)\n", n);
	abort();
}

void *sm__xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *sm__xaligned(size_t align, size_t n)
{
	n = (n + align - 1) / align * align; /* aligned_alloc: a multiple */
	void *p = aligned_alloc(align, n ? n : align);
	if (!p)
		out_of_memory(n);
	return p;
}

void *sm__xhuge(size_t n)
{
	size_t huge = (size_t)2 << 20; /* x86-64's and arm64's (4 KB pages) */
	void *p = sm__xaligned(huge, n);
#ifdef MADV_HUGEPAGE
	madvise(p, (n + huge - 1) / huge * huge, MADV_HUGEPAGE); /* else small pages */
#endif
	return p;
}

void *sm__xlines(size_t n)
{
	n = (n + 63) / 64 * 64;
	return memset(sm__xaligned(64, n), 0, n ? n : 64);
}

void *sm__xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *sm__xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *sm__xstrndup(const char *p, size_t n)
{
	char *s = sm__xmalloc(n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

void sm__grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	*arr = sm__xrealloc(*arr, ncap * size);
	*cap = ncap;
}

struct sm__buf sm__buf_fixed(char *storage, size_t cap)
{
	struct sm__buf b = {storage, 0, cap, true};
	storage[0] = '\0';
	return b;
}

void sm__buf_reserve(struct sm__buf *b, size_t extra)
{
	if (b->fixed)
		return;
	if (b->len + extra + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		while (ncap < b->len + extra + 1)
			ncap *= 2;
		b->data = sm__xrealloc(b->data, ncap);
		b->cap = ncap;
		b->data[b->len] = '\0';
	}
}

void sm__buf_add(struct sm__buf *b, const void *p, size_t n)
{
	sm__buf_reserve(b, n);
	if (b->fixed && b->len + n + 1 > b->cap)
		n = b->cap - 1 - b->len;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sm__buf_adds(struct sm__buf *b, const char *s)
{
	sm__buf_add(b, s, strlen(s));
}

void sm__buf_addc(struct sm__buf *b, char c)
{
	sm__buf_add(b, &c, 1);
}

void sm__buf_vprintf(struct sm__buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= 0 && (size_t)n < sizeof small) {
		sm__buf_add(b, small, (size_t)n);
	} else if (n >= 0) {
		char *big = sm__xmalloc((size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, again);
		sm__buf_add(b, big, (size_t)n);
		free(big);
	}
	va_end(again);
}

void sm__buf_printf(struct sm__buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sm__buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void sm__buf_add_escaped(struct sm__buf *b, const char *p, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)p[k];
		if (c >= 0x20 && c < 0x7f)
			sm__buf_addc(b, (char)c);
		else if (c == '\t')
			sm__buf_add(b, "\\t", 2);
		else
			sm__buf_printf(b, "\\x%02x", c);
	}
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_length(const unsigned char *p, size_t n)
{
	size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (p[0] >= 0xf5 || len == 0 || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0; /* overlong, surrogate or beyond U+10FFFF */
	return len;
}

void sm__buf_add_json(struct sm__buf *b, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = s[k];
		if (c == '"' || c == '\\') {
			sm__buf_addc(b, '\\');
			sm__buf_addc(b, (char)c);
		} else if (c == '\n') {
			sm__buf_add(b, "\\n", 2);
		} else if (c == '\t') {
			sm__buf_add(b, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			sm__buf_printf(b, "\\u%04x", c);
		} else if (c < 0x80) {
			sm__buf_addc(b, (char)c);
		} else {
			/* Valid UTF-8 passes through; a byte that is not
			 * becomes U+FFFD, so the output is always valid JSON. */
			size_t len = utf8_length(s + k, n - k);
			if (len) {
				sm__buf_add(b, s + k, len);
				k += len - 1;
			} else {
				sm__buf_add(b, "\\ufffd", 6);
			}
		}
	}
}

void sm__buf_free(struct sm__buf *b)
{
	if (b->fixed)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* The 1 to 7 bytes at s as a little-endian word, in at most three loads. */
static uint64_t short_tail(const unsigned char *s, size_t n)
{
	if (n >= 4) {
		uint32_t lo, hi; /* overlapping: bytes 0-3 and n-4..n-1 */
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		return lo | (uint64_t)hi << (8 * (n - 4));
	}
	return s[0] | (uint64_t)s[n / 2] << (8 * (n / 2)) | (uint64_t)s[n - 1] << (8 * (n - 1));
}

uint64_t sm__hash_bytes(const void *p, size_t n)
{
	/* Eight bytes a step with a multiply-xorshift mix: event names are
	 * hashed once per input line, so this is on the hot path. */
	const unsigned char *s = p;
	size_t all = n;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	/* The last n bytes, as if copied into a zeroed word (on a
	 * little-endian machine): without a call, and with a word that ends
	 * where they do when there is one. */
	uint64_t tail = 0;
	if (n && all >= 8) {
		memcpy(&tail, s + n - 8, 8);
		tail >>= 8 * (8 - n);
	} else if (n) {
		tail = short_tail(s, n);
	}
	h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 32);
}
