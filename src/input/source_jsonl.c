/*
 * source_jsonl.c: JSON Lines records, one object per line, read by a strict
 * RFC 8259 parser.  `"event"` names the record, `"ts"` (seconds) or
 * `"ts_ns"` (nanoseconds) time it, and every other member is a field:
 * integers, strings, booleans (1/0) and null as values, anything else
 * (fractions, objects, arrays) as its JSON text.  journalctl -o json
 * entries, which have no "event", are records for `from log` patterns
 * through their MESSAGE (see use_member).
 *
 * Strings without escapes are spans of the line; strings with escapes are
 * decoded into the caller's scratch buffer, reserved once per line so that
 * no decoded string moves while the record is alive.
 *
 * Most lines are flat objects of plain strings and numbers,
 *
 *     {"event":"virtio_req","ts":1000.000003,"dev":31,"vq":0,"id":0}
 *
 * and take_flat reads those straight into the record.  At the first thing
 * it does not take (an escape, a nested value, an exponent, a syntax
 * error...) it gives up, and the general parser, take_object and below,
 * reads the line again from its start: every other shape, and every
 * diagnostic, is the general parser's alone.  Before take_flat, a line is
 * read against the shape of the last flat line of its event (known_shape),
 * its members' names and punctuation compared whole rather than parsed.
 *
 * The parse functions pass the cursor along (take a position, return the
 * one after what they read, or NULL when they fail) so that it stays in a
 * register.
 */
#include "record.h"
#include "source.h"

#include <string.h>

#define MAX_DEPTH 64

/* For the rare paths: inlined into a hot function, they would make it save
 * registers and set up a frame on every call. */
#define NOINLINE __attribute__((noinline))

struct json {
	const char *end, *line;
	char *out;       /* next free byte of the scratch buffer */
	const char *why; /* set on failure, with `at` */
	const char *at;
	/* The record and what its members have said so far. */
	struct sm__record *rec;
	bool has_event;
	int64_t journal_ns; /* __REALTIME_TIMESTAMP, or -1 */
};

/* A JSON number taken apart while it is read: its decimal digits (the
 * integer part, then the fraction) and the power of ten that scales them. */
struct jnumber {
	bool neg;
	bool integral; /* without fraction or exponent */
	const char *ints, *frac;
	long long nint, nfrac, exp;
	uint64_t ival; /* the integer part's value, exact up to INT_DIGITS digits */
};

/* Any 19 decimal digits fit in uint64_t (10^19 - 1 < 2^64). */
#define INT_DIGITS 19

enum jkind { J_STR, J_NUM, J_BOOL, J_NULL, J_NESTED };

struct jvalue {
	enum jkind kind;
	struct sm__str s;   /* decoded string, or the text of any other value */
	struct jnumber num; /* J_NUM */
	bool truth;         /* J_BOOL */
};

/* Note what went wrong where; the NULL cursor says that it did. */
static const char *fail(struct json *j, const char *at, const char *why)
{
	j->at = at;
	j->why = why;
	return NULL;
}

/* ---- Bytes -------------------------------------------------------------- */

/* ws -> {' ' | '\t' | '\n' | '\r'}
 * Most places have none, which the first test tells. */
static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= ' ' &&
	       (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The bytes a string cannot simply hold: its closing quote, an escape's
 * backslash and the control characters, which must be escaped.  Any other
 * byte, UTF-8 or not, is the string's as it is. */
static const unsigned char stops[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

/* The stops (above) among the bytes of w, as bytes_equal marks them. */
static inline uint64_t plain_stops(uint64_t w)
{
	return bytes_equal(w, '"') | bytes_equal(w, '\\') | bytes_below(w, 0x20);
}

/* The first stop from p, or the end: eight bytes a step while the line has
 * them, as names and values differ in length from line to line and a byte
 * loop would end at a mispredicted branch each time. */
static const char *skip_plain(const char *p, const char *end)
{
	for (; end - p >= 8; p += 8) {
		uint64_t stop = plain_stops(load_le64(p));
		if (stop)
			return p + first_byte(stop);
	}
	while (p < end && !stops[(unsigned char)*p])
		p++;
	return p;
}

static const char *skip_digits(const char *p, const char *end)
{
	while (p < end && is_digit(*p))
		p++;
	return p;
}

/* ---- Strings ------------------------------------------------------------ */

/* The 4 hex digits of a `\uXXXX` at p (its backslash), or -1. */
static long hex4(const char *p, const char *end)
{
	if (end - p < 6 || p[1] != 'u')
		return -1;
	long v = 0;
	for (int k = 2; k < 6; k++) {
		int d = sm__hex_digit(p[k]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static char *put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/*
 * unicode -> '\u' hex hex hex hex ['\u' hex hex hex hex]
 * A `\uXXXX` escape at p, or a surrogate pair of two.  A surrogate without
 * its partner decodes to U+FFFD, as the grammar allows it but UTF-8 cannot
 * say it.  Every form decodes to fewer bytes than it is written with, which
 * is what makes one reservation of the line's length enough.
 */
static const char *take_unicode(struct json *j, const char *p, char **o)
{
	long cp = hex4(p, j->end);
	if (cp < 0)
		return fail(j, p, "expected 4 hex digits after \\u");
	p += 6;
	if (cp >= 0xd800 && cp < 0xdc00) {
		long lo = p < j->end && *p == '\\' ? hex4(p, j->end) : -1;
		if (lo >= 0xdc00 && lo < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			p += 6;
		} else {
			cp = 0xfffd;
		}
	} else if (cp >= 0xdc00 && cp < 0xe000) {
		cp = 0xfffd;
	}
	if (*o)
		*o = put_utf8(*o, (unsigned long)cp);
	return p;
}

/*
 * escape -> '\' ('"' | '\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') | unicode
 * The escape at p (a backslash); decoded to *o unless *o is NULL.
 */
static const char *take_escape(struct json *j, const char *p, char **o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (j->end - p < 2)
		return fail(j, p, "invalid escape");
	if (p[1] == 'u')
		return take_unicode(j, p, o);
	const char *k = memchr(from, p[1], sizeof from - 1);
	if (!k)
		return fail(j, p, "invalid escape");
	if (*o)
		*(*o)++ = to[k - from];
	return p + 2;
}

/*
 * The rest of a string whose plain start skip_plain ended at p, short of
 * its closing quote.  With `decode`, the string is decoded to scratch: each
 * run of plain bytes copied as it is, each escape as what it stands for.
 */
static NOINLINE const char *take_escaped(struct json *j, const char *open, const char *p,
					 bool decode, struct sm__str *out)
{
	char *o = decode ? j->out : NULL;
	const char *run = open + 1; /* plain bytes not yet copied */
	for (;;) {
		p = skip_plain(p, j->end);
		if (o) {
			memcpy(o, run, (size_t)(p - run));
			o += p - run;
		}
		if (p == j->end)
			return fail(j, open, "unterminated string");
		if (*p == '"')
			break;
		if (*p != '\\')
			return fail(j, p, "control character in a string");
		if (!(p = take_escape(j, p, &o)))
			return NULL;
		run = p;
	}
	if (o) {
		*out = (struct sm__str){j->out, (size_t)(o - j->out)};
		j->out = o;
	} else {
		*out = (struct sm__str){open + 1, (size_t)(p - open - 1)};
	}
	return p + 1;
}

/*
 * string -> '"' {char | escape} '"'
 * The string at p (its opening quote).  Without an escape, the common
 * case, *out is the span inside the quotes; with one, see take_escaped.
 */
static const char *take_string(struct json *j, const char *p, bool decode,
			       struct sm__str *out)
{
	const char *open = p;
	p = skip_plain(p + 1, j->end);
	if (p < j->end && *p == '"') {
		*out = (struct sm__str){open + 1, (size_t)(p - open - 1)};
		return p + 1;
	}
	return take_escaped(j, open, p, decode, out);
}

/* ---- Numbers ------------------------------------------------------------ */

/* The exponent after a number's 'e', clamped: beyond a million every
 * timestamp is 0 or out of range anyway. */
static long long exponent(const char *p, const char *end)
{
	bool neg = false;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	long long e = 0;
	for (; p < end && is_digit(*p); p++)
		if (e < 1000000)
			e = e * 10 + (*p - '0');
	return neg ? -e : e;
}

/* The digits from p and their value, which wraps past INT_DIGITS digits
 * (the caller looks at it only when there are no more). */
static const char *take_digits(const char *p, const char *end, uint64_t *value)
{
	uint64_t v = 0;
	for (unsigned d; p < end && (d = (unsigned char)*p - '0') <= 9; p++)
		v = v * 10 + d;
	*value = v;
	return p;
}

/*
 * number -> ['-'] int ['.' digit {digit}] [('e' | 'E') ['+' | '-'] digit {digit}]
 * int -> '0' | onenine {digit}
 * The number at p (its sign or first digit), taken apart into v->num.
 */
static const char *take_number(struct json *j, const char *p, struct jvalue *v)
{
	struct jnumber *n = &v->num;
	const char *start = p, *end = j->end;
	n->neg = *p == '-';
	p += n->neg;
	if (p == end || !is_digit(*p))
		return fail(j, p, "expected a digit");
	if (*p == '0' && p + 1 < end && is_digit(p[1]))
		return fail(j, p, "leading zeros are not allowed");
	n->ints = p;
	p = take_digits(p, end, &n->ival);
	n->nint = p - n->ints;
	n->frac = p;
	n->nfrac = n->exp = 0;
	n->integral = true;
	if (p < end && *p == '.') {
		n->frac = ++p;
		if (p == end || !is_digit(*p))
			return fail(j, p, "expected a digit");
		p = skip_digits(p, end);
		n->nfrac = p - n->frac;
		n->integral = false;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *e = ++p;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !is_digit(*p))
			return fail(j, p, "expected a digit");
		p = skip_digits(p, end);
		n->exp = exponent(e, p);
		n->integral = false;
	}
	v->kind = J_NUM;
	v->s = (struct sm__str){start, (size_t)(p - start)};
	return p;
}

/* The k-th digit of the number, counting the fraction's after the integer's. */
static unsigned digit_at(const struct jnumber *n, long long k)
{
	return (unsigned)((k < n->nint ? n->ints[k] : n->frac[k - n->nint]) - '0');
}

/* The general case of json_int: the digits times 10^scale, exactly. */
static bool scaled_int(const struct jnumber *n, uint64_t *mag)
{
	/* Digits at or past `keep` are below units. */
	long long ndigits = n->nint + n->nfrac, scale = n->exp - n->nfrac;
	long long keep = ndigits + (scale < 0 ? scale : 0);
	uint64_t v = 0;
	for (long long k = 0; k < ndigits; k++) {
		if (k >= keep && digit_at(n, k) != 0)
			return false; /* a nonzero digit below the units */
		if (k < keep && !sm__add_digit(&v, 10, digit_at(n, k)))
			return false;
	}
	for (long long k = 0; v && k < scale; k++)
		if (!sm__add_digit(&v, 10, 0))
			return false;
	*mag = v;
	return true;
}

/*
 * The value of a JSON number as an integer, by the rule of traces (base.h:
 * -2^63 to 2^64 - 1, two's complement above INT64_MAX): `16`, `1.6e1` and
 * `16.0` are 16.  False for a number that is not an exact integer (`1.5`)
 * or does not fit; the caller keeps its text.  A plain integer of up to
 * INT_DIGITS digits was read whole by take_number.
 */
static bool json_int(const struct jnumber *n, int64_t *out)
{
	uint64_t mag = n->ival;
	if (!(n->integral && n->nint <= INT_DIGITS) && !scaled_int(n, &mag))
		return false;
	return sm__int_from_magnitude(mag, n->neg, out);
}

/* Seconds with up to this many digits are below 10^9 s, whose nanoseconds
 * fit in int64_t with room to spare. */
#define SECONDS_DIGITS 9

/* Nanoseconds per unit of a fraction of k digits. */
static const int64_t frac_scale[10] = {1000000000, 100000000, 10000000, 1000000,
				       100000, 10000, 1000, 100, 10, 1};

/* `int.frac` seconds, the integer part below 10^SECONDS_DIGITS, in
 * nanoseconds: 9 digits of fraction, zeros past the `nfrac` written ones,
 * and those past 9 dropped (they are below a nanosecond). */
static int64_t decimal_ns(uint64_t ints, const char *frac, long long nfrac)
{
	int64_t f = 0;
	long long k = 0;
	for (; k < nfrac && k < 9; k++)
		f = f * 10 + (frac[k] - '0');
	return (int64_t)ints * 1000000000 + f * frac_scale[k];
}

/* Any other number of seconds in nanoseconds: its digits D and exponent
 * give D * 10^shift ns, digits below a nanosecond dropped.  False when it
 * does not fit. */
static bool scaled_ns(const struct jnumber *n, int64_t *ns)
{
	long long ndigits = n->nint + n->nfrac, shift = n->exp - n->nfrac + 9;
	long long keep = ndigits + shift;
	int64_t v = 0;
	for (long long k = 0; k < ndigits && k < keep; k++) {
		unsigned d = digit_at(n, k);
		if (v > (INT64_MAX - (int64_t)d) / 10)
			return false;
		v = v * 10 + (int64_t)d;
	}
	for (long long k = 0; k < shift && v != 0; k++) {
		if (v > INT64_MAX / 10)
			return false;
		v *= 10;
	}
	*ns = v;
	return true;
}

/* The record's time: ns nanoseconds (negative with `neg`), written with
 * `digits` digits after the point, of which ts_digits keeps at most 9. */
static void set_ts(struct sm__record *rec, bool neg, int64_t ns, long long digits)
{
	rec->has_ts = true;
	rec->ts_ns = neg ? -ns : ns;
	rec->ts_digits = (uint8_t)(digits < 0 ? 0 : digits > 9 ? 9 : digits);
}

/* `"ts"`: seconds as any JSON number, to nanoseconds.  False when it does
 * not fit. */
static bool json_seconds(const struct jnumber *n, struct sm__record *rec)
{
	int64_t ns;
	if (n->exp == 0 && n->nint <= SECONDS_DIGITS)
		ns = decimal_ns(n->ival, n->frac, n->nfrac);
	else if (!scaled_ns(n, &ns))
		return false;
	set_ts(rec, n->neg, ns, n->nfrac - n->exp);
	return true;
}

/* ---- The record's members ----------------------------------------------- */

/* The member names that mean something to a record; any other is a field. */
enum member { M_FIELD, M_EVENT, M_TS, M_TS_NS, M_MESSAGE, M_REALTIME };

#define NAME_IS(name, lit) \
	((name).len == sizeof lit - 1 && memcmp((name).ptr, lit, sizeof lit - 1) == 0)

/* Which member a name is.  The length alone clears most field names, so
 * that a record's ordinary members cost no comparison of their bytes. */
static enum member member_kind(struct sm__str name)
{
	switch (name.len) {
	case 2:
		return NAME_IS(name, "ts") ? M_TS : M_FIELD;
	case 5:
		return NAME_IS(name, "event") ? M_EVENT : NAME_IS(name, "ts_ns") ? M_TS_NS : M_FIELD;
	case 7:
		return NAME_IS(name, "MESSAGE") ? M_MESSAGE : M_FIELD;
	case 20:
		return NAME_IS(name, "__REALTIME_TIMESTAMP") ? M_REALTIME : M_FIELD;
	default:
		return M_FIELD;
	}
}

/* `__REALTIME_TIMESTAMP`, the journal's wall-clock time: a string of
 * microseconds since the epoch.  False when it is not one. */
static bool journal_time(struct sm__str s, int64_t *ns)
{
	int64_t us = 0;
	if (s.len == 0)
		return false;
	for (size_t k = 0; k < s.len; k++) {
		if (!is_digit(s.ptr[k]) || us > (INT64_MAX / 1000 - 9) / 10)
			return false;
		us = us * 10 + (s.ptr[k] - '0');
	}
	*ns = us * 1000;
	return true;
}

/*
 * A new field `name` of the record, its value (none yet) to be written in
 * place, member by member.  A value built in a temporary and copied would
 * be read back with wider loads than the narrow stores that made it, which
 * cannot be forwarded and stall.  Inline: every field goes through it.
 */
static inline struct sm__value *new_field(struct sm__record *rec, struct sm__str name)
{
	record_add_field(rec, name, (struct sm__value){0});
	return &rec->fields[rec->nfields - 1].value;
}

static void set_str(struct sm__value *out, struct sm__str s)
{
	out->kind = SM__VAL_STR;
	out->s = s;
}

/* v as a field's value (see the top of the file). */
static void set_value(struct sm__value *out, const struct jvalue *v)
{
	switch (v->kind) {
	case J_NUM:
		if (json_int(&v->num, &out->i))
			out->kind = SM__VAL_INT;
		else
			set_str(out, v->s);
		return;
	case J_BOOL:
		out->kind = SM__VAL_INT;
		out->i = v->truth;
		return;
	case J_NULL:
		return;
	case J_STR:
	case J_NESTED:
		set_str(out, v->s);
		return;
	}
}

/* A member of the record's object, whose value v runs from `at` to p:
 * event, ts, ts_ns or a field.  Of a journal entry (journalctl -o json),
 * MESSAGE is also the text `from log` patterns see, and
 * __REALTIME_TIMESTAMP the time unless ts says it.  Returns p, or NULL
 * when the member is wrong. */
static const char *use_member(struct json *j, struct sm__str name, const char *at,
			      const char *p, const struct jvalue *v)
{
	struct sm__record *rec = j->rec;
	switch (member_kind(name)) {
	case M_EVENT:
		if (v->kind != J_STR)
			return fail(j, at, "\"event\" must be a string");
		rec->name = v->s;
		j->has_event = true;
		return p;
	case M_TS:
		if (v->kind != J_NUM)
			return fail(j, at, "\"ts\" must be a number");
		if (!json_seconds(&v->num, rec))
			return fail(j, at, "\"ts\" is out of range");
		return p;
	case M_TS_NS: {
		int64_t ns;
		/* json_int wraps values above INT64_MAX; a time must not. */
		if (v->kind != J_NUM || !v->num.integral || !json_int(&v->num, &ns) ||
		    (!v->num.neg && ns < 0))
			return fail(j, at, "\"ts_ns\" must be an integer (nanoseconds)");
		set_ts(rec, false, ns, 9);
		return p;
	}
	case M_MESSAGE:
		if (v->kind == J_STR)
			rec->text = v->s;
		break;
	case M_REALTIME:
		if (v->kind == J_STR && !journal_time(v->s, &j->journal_ns))
			return fail(j, at, "\"__REALTIME_TIMESTAMP\" must be microseconds (a string of digits)");
		break;
	case M_FIELD:
		break;
	}
	set_value(new_field(rec, name), v);
	return p;
}

/* ---- Values ------------------------------------------------------------- */

/* literal -> 'true' | 'false' | 'null' */
static NOINLINE const char *take_literal(struct json *j, const char *p, struct jvalue *v)
{
	static const struct {
		char word[6];
		size_t len;
		enum jkind kind;
		bool truth;
	} words[] = {{"true", 4, J_BOOL, true}, {"false", 5, J_BOOL, false}, {"null", 4, J_NULL, false}};
	for (size_t k = 0; k < SM__ARRAY_LEN(words); k++) {
		size_t n = words[k].len;
		if ((size_t)(j->end - p) >= n && memcmp(p, words[k].word, n) == 0) {
			v->kind = words[k].kind;
			v->truth = words[k].truth;
			v->s = (struct sm__str){p, n};
			return p + n;
		}
	}
	return fail(j, p, "expected a value");
}

static const char *take_object(struct json *j, const char *p, int depth);
static const char *take_array(struct json *j, const char *p, int depth);

/* An object or array at p, in a value at `depth`: kept as its text. */
static NOINLINE const char *take_nested(struct json *j, const char *p, int depth,
					struct jvalue *v)
{
	if (depth == MAX_DEPTH)
		return fail(j, p, "nesting deeper than 64");
	const char *start = p;
	if (!(p = *p == '{' ? take_object(j, p, depth + 1) : take_array(j, p, depth + 1)))
		return NULL;
	v->kind = J_NESTED;
	v->s = (struct sm__str){start, (size_t)(p - start)};
	return p;
}

/*
 * value -> string | number | object | array | literal
 * Any value at p; strings are decoded only for the record's own members
 * (depth 1), nested values are kept as text.
 */
static const char *take_value(struct json *j, const char *p, int depth, struct jvalue *v)
{
	if (p == j->end)
		return fail(j, p, "expected a value");
	char c = *p;
	if (c == '"') {
		v->kind = J_STR;
		return take_string(j, p, depth == 1, &v->s);
	}
	if (c == '-' || is_digit(c))
		return take_number(j, p, v);
	if (c != '{' && c != '[')
		return take_literal(j, p, v);
	return take_nested(j, p, depth, v);
}

/* array -> '[' ws [value ws {',' ws value ws}] ']' */
static const char *take_array(struct json *j, const char *p, int depth)
{
	p = skip_ws(p + 1, j->end);
	if (p < j->end && *p == ']')
		return p + 1;
	for (;;) {
		struct jvalue v;
		if (!(p = take_value(j, skip_ws(p, j->end), depth, &v)))
			return NULL;
		p = skip_ws(p, j->end);
		if (p < j->end && *p == ',')
			p++;
		else if (p < j->end && *p == ']')
			return p + 1;
		else
			return fail(j, p, "expected ',' or ']' after an element");
	}
}

/*
 * object -> '{' ws [member ws {',' ws member ws}] '}'
 * member -> string ws ':' ws value
 * An object at p.  At depth 1 it is the record itself and its members are
 * used (names decoded, as an escaped "ts" is still "ts"); nested objects
 * are only checked.
 */
static const char *take_object(struct json *j, const char *p, int depth)
{
	const char *end = j->end;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		struct sm__str name;
		struct jvalue v;
		p = skip_ws(p, end);
		if (p == end || *p != '"')
			return fail(j, p, "expected a member name (a string)");
		if (!(p = take_string(j, p, depth == 1, &name)))
			return NULL;
		p = skip_ws(p, end);
		if (p == end || *p != ':')
			return fail(j, p, "expected ':' after the member name");
		const char *at = skip_ws(p + 1, end);
		if (!(p = take_value(j, at, depth, &v)))
			return NULL;
		if (depth == 1 && !(p = use_member(j, name, at, p, &v)))
			return NULL;
		p = skip_ws(p, end);
		if (p < end && *p == ',')
			p++;
		else if (p < end && *p == '}')
			return p + 1;
		else
			return fail(j, p, "expected ',' or '}' after a member");
	}
}

/* ---- The fast path ------------------------------------------------------ */

/*
 * plain -> '"' {any byte but '"', '\' or a control character} '"'
 * The string at p (its opening quote) into *s, or NULL when it is not plain.
 */
static const char *flat_string(const char *p, const char *end, struct sm__str *s)
{
	const char *close = skip_plain(p + 1, end);
	if (close == end || *close != '"')
		return NULL;
	*s = (struct sm__str){p + 1, (size_t)(close - p - 1)};
	return close + 1;
}

/*
 * The plain string at p as the value of the member `name` of kind m, as
 * use_member takes it.  NULL where that would fail ("ts" must be a number,
 * __REALTIME_TIMESTAMP digits): the general parser says so.
 */
static const char *flat_string_member(struct json *j, const char *p, struct sm__str name,
				       enum member m)
{
	struct sm__str s;
	if (!(p = flat_string(p, j->end, &s)))
		return NULL;
	switch (m) {
	case M_EVENT:
		j->rec->name = s;
		j->has_event = true;
		return p;
	case M_TS:
	case M_TS_NS:
		return NULL;
	case M_REALTIME:
		if (!journal_time(s, &j->journal_ns))
			return NULL;
		break;
	case M_MESSAGE:
		j->rec->text = s;
		break;
	case M_FIELD:
		break;
	}
	set_str(new_field(j->rec, name), s);
	return p;
}

/*
 * decimal -> ['-'] int ['.' digit {digit}]     (no exponent)
 * The number at p as the value of the member `name` of kind m, as
 * use_member takes it: "ts" as seconds below 10^SECONDS_DIGITS, "ts_ns"
 * and fields as integers that fit (json_int's fast case).  NULL for any
 * other number, which the general parser reads.
 */
static const char *flat_number(struct json *j, const char *p, struct sm__str name,
			       enum member m)
{
	const char *end = j->end;
	bool neg = *p == '-';
	const char *ints = p + neg;
	uint64_t ival;
	p = take_digits(ints, end, &ival);
	long long nint = p - ints, nfrac = 0;
	if (nint == 0 || nint > INT_DIGITS || (*ints == '0' && nint > 1))
		return NULL;
	const char *frac = p;
	if (p < end && *p == '.') {
		frac = p + 1;
		p = skip_digits(frac, end);
		if ((nfrac = p - frac) == 0)
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E'))
		return NULL;
	int64_t i = 0;
	bool integer = nfrac == 0 && sm__int_from_magnitude(ival, neg, &i);
	switch (m) {
	case M_EVENT:
		return NULL;
	case M_TS:
		if (nint > SECONDS_DIGITS)
			return NULL;
		set_ts(j->rec, neg, decimal_ns(ival, frac, nfrac), nfrac);
		return p;
	case M_TS_NS:
		if (!integer || (!neg && i < 0))
			return NULL;
		set_ts(j->rec, false, i, 9);
		return p;
	case M_MESSAGE: /* fields, when not strings */
	case M_REALTIME:
	case M_FIELD:
		break;
	}
	if (!integer)
		return NULL;
	struct sm__value *out = new_field(j->rec, name);
	out->kind = SM__VAL_INT;
	out->i = i;
	return p;
}

/* The literal at p as the value of a field (or of MESSAGE or
 * __REALTIME_TIMESTAMP, fields too when not strings); NULL for the other
 * members, which cannot be one, and for anything but a literal. */
static const char *flat_literal(struct json *j, const char *p, struct sm__str name,
				enum member m)
{
	struct jvalue v;
	if (m == M_EVENT || m == M_TS || m == M_TS_NS || !(p = take_literal(j, p, &v)))
		return NULL;
	set_value(new_field(j->rec, name), &v);
	return p;
}

/* pair's value, at p (perhaps the end): plain | decimal | literal. */
static const char *flat_value(struct json *j, const char *p, struct sm__str name, enum member m)
{
	if (p == j->end)
		return NULL;
	if (*p == '"')
		return flat_string_member(j, p, name, m);
	if (*p == '-' || is_digit(*p))
		return flat_number(j, p, name, m);
	return flat_literal(j, p, name, m);
}

/* ---- The known shape ---------------------------------------------------- */

/*
 * The lines of one event mostly have the same members in the same order,
 * written alike, and differ only in their values:
 *
 *     {"event":"virtio_req","ts":1000.000003,"dev":31,"vq":0,"id":0}
 *     {"event":"virtio_req","ts":1000.000011,"dev":4,"vq":0,"id":17}
 *
 * The shape of a line take_flat read is kept: the glue before each value
 * (`{"event":`, `,"ts":`, ...) with the member it names, and the glue after
 * the last one (`}` and any blanks to the end of the line).  known_shape
 * reads a line against it, comparing each glue whole, a word or two at a
 * time, and reading each value as the learnt line's was written (a string,
 * an integer, seconds), or else as take_flat does; at the first difference
 * it gives up, and take_flat reads the line from its start.  A line that
 * matches is one take_flat reads to the same record: every byte it would
 * look at outside the values is the byte it looked at in the line it learnt
 * from.
 *
 * Events differ in their members, so a shape is kept per event, in a slot
 * that the first bytes of its name choose (shape_slot): the slot is only a
 * guess, which known_shape checks like any other.
 */
#define SHAPE_SLOTS 16
#define SHAPE_MEMBERS 32
#define SHAPE_TEXT 512 /* the glues' bytes, all together */

/* Glue is never empty (it holds a ',', or the '{' or '}'), starts with
 * no digit, '.', 'e' or 'E', and holds no zero byte (names are plain). */
struct glue {
	uint64_t word[2], mask[2]; /* its first 16 bytes, and which of them count */
	uint16_t at, len;          /* its bytes in the shape's text */
};

/* How known_shape reads a member's value: as the learnt line's was
 * written, or (HOW_ANY, and wherever that does not fit) as flat_value. */
enum how { HOW_ANY, HOW_EVENT, HOW_STRING, HOW_INTEGER, HOW_SECONDS };

struct shape_member {
	struct glue glue;           /* from the value before (or '{') to this one */
	uint16_t name_at, name_len; /* the member's name, within the glue */
	enum member kind;
	enum how how;
};

struct shape {
	size_t n; /* members; 0 while there is no shape */
	uint64_t serial; /* which shape it is (record.h's shape), from 1 */
	bool event_first; /* the first glue is `{"event":`, a string's */
	struct shape_member member[SHAPE_MEMBERS];
	struct glue tail; /* from the last value to the end of the line */
	char last;        /* the line's last byte: '}' or a blank */
	char text[SHAPE_TEXT];
};

struct sm__jsonl_shapes {
	struct shape slot[SHAPE_SLOTS];
	uint64_t serial; /* the last shape learnt */
};

/* Where take_flat found the parts of a line, for learn_shape. */
struct draft {
	size_t n;                             /* members, counted past SHAPE_MEMBERS */
	const char *glue[SHAPE_MEMBERS + 1];  /* where each glue starts, the tail's last */
	const char *value[SHAPE_MEMBERS];     /* where each value starts */
	struct sm__str name[SHAPE_MEMBERS];
	enum member kind[SHAPE_MEMBERS];
};

/* The 8 bytes of the line at p as load_le64 gives them, those past the
 * end zero: near the end, the line's last word, shifted. */
static inline uint64_t word_at(const struct json *j, const char *p)
{
	size_t avail = (size_t)(j->end - p);
	if (avail >= 8)
		return load_le64(p);
	if (avail == 0)
		return 0;
	if (j->end - j->line >= 8)
		return load_le64(j->end - 8) >> (8 * (8 - avail));
	char bytes[8] = {0};
	memcpy(bytes, p, avail);
	return load_le64(bytes);
}

/* Do the bytes at p start with the glue?  The line's bytes past its end
 * read as zeros, which no glue holds. */
static inline bool same_glue(const struct json *j, const char *p, const struct glue *g,
			     const char *text)
{
	if ((word_at(j, p) ^ g->word[0]) & g->mask[0])
		return false;
	if (g->len <= 8)
		return true;
	if (g->len <= 16) /* p + 8 is within the line: its 8 bytes matched */
		return ((word_at(j, p + 8) ^ g->word[1]) & g->mask[1]) == 0;
	return (size_t)(j->end - p) >= g->len && memcmp(p, text + g->at, g->len) == 0;
}

/* The digits at p and their value (wrapping past 19 of them), known to
 * end before the end of the line: its last byte is not a digit. */
static inline const char *scan_digits(const char *p, uint64_t *value)
{
	uint64_t v = 0;
	for (unsigned d; (d = (unsigned char)*p - '0') <= 9; p++)
		v = v * 10 + d;
	*value = v;
	return p;
}

/*
 * short -> ['-'] int     (up to 18 digits: any fits int64_t)
 * The integer at p into *out, as flat_number reads it; NULL for anything
 * else.  A fraction or exponent after it is left to the glue that follows,
 * which will not match.
 */
static inline const char *short_integer(const char *p, int64_t *out)
{
	bool neg = *p == '-';
	const char *digits = p + neg;
	uint64_t v;
	p = scan_digits(digits, &v);
	size_t n = (size_t)(p - digits);
	if (n - 1 >= 18 || (*digits == '0' && n > 1))
		return NULL;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return p;
}

/*
 * seconds -> ['-'] int ['.' digit {digit}]     (up to 9 and 9 digits)
 * The seconds at p as the record's time, as flat_number sets it; NULL for
 * anything else.  An exponent after it is left to the glue that follows.
 */
static inline const char *short_seconds(const char *p, struct sm__record *rec)
{
	bool neg = *p == '-';
	const char *digits = p + neg;
	uint64_t ints, frac = 0;
	p = scan_digits(digits, &ints);
	size_t nint = (size_t)(p - digits), nfrac = 0;
	if (nint - 1 >= SECONDS_DIGITS || (*digits == '0' && nint > 1))
		return NULL;
	if (*p == '.') { /* not the line's last byte */
		const char *f = p + 1;
		p = scan_digits(f, &frac);
		if ((nfrac = (size_t)(p - f)) - 1 >= 9)
			return NULL;
	}
	set_ts(rec, neg, (int64_t)ints * 1000000000 + (int64_t)frac * frac_scale[nfrac],
	       (long long)nfrac);
	return p;
}

/* The value at p (before the end) of the member m as the learnt line's
 * was written, into the record; NULL where it is written otherwise. */
static inline const char *short_value(struct json *j, const char *p, const struct shape_member *m,
				      struct sm__str name)
{
	struct sm__str s;
	int64_t i;
	switch (m->how) {
	case HOW_EVENT:
		if (*p != '"' || !(p = flat_string(p, j->end, &s)))
			return NULL;
		j->rec->name = s;
		j->has_event = true;
		return p;
	case HOW_STRING:
		if (*p != '"' || !(p = flat_string(p, j->end, &s)))
			return NULL;
		set_str(new_field(j->rec, name), s);
		return p;
	case HOW_INTEGER:
		if ((p = short_integer(p, &i))) {
			struct sm__value *out = new_field(j->rec, name);
			out->kind = SM__VAL_INT;
			out->i = i;
		}
		return p;
	case HOW_SECONDS:
		return short_seconds(p, j->rec);
	case HOW_ANY:
		break;
	}
	return NULL;
}

/* What shape_slot saw of a line: the slot of its shape, and its event's
 * name when the line starts `{"event":"NAME"`, NAME plain and shorter than
 * 16 bytes (else name.ptr is NULL). */
struct lead {
	size_t slot;
	struct sm__str name;
};

/*
 * The slot of the shape to read the line at `object` against: chosen by
 * the first 16 bytes of its event's name where the line starts
 * `{"event":"`, as most do, and slot 0 otherwise.
 */
static struct lead shape_slot(const struct json *j, const char *object)
{
	struct lead lead = {0, {NULL, 0}};
	const uint64_t start = 0x22746e657665227bull; /* `{"event"` as load_le64 reads it */
	if (j->end - object < 10 + 16 || load_le64(object) != start || object[8] != ':' ||
	    object[9] != '"')
		return lead;
	const char *name = object + 10;
	uint64_t a = load_le64(name), b = load_le64(name + 8);
	uint64_t stop_a = plain_stops(a), stop_b = plain_stops(b);
	size_t len = 16;
	/* Only the name's bytes: those after it hold values. */
	if (stop_a) {
		len = first_byte(stop_a);
		a &= ((stop_a & -stop_a) >> 7) - 1;
		b = 0;
	} else if (stop_b) {
		len = 8 + first_byte(stop_b);
		b &= ((stop_b & -stop_b) >> 7) - 1;
	}
	if (len < 16 && name[len] == '"')
		lead.name = (struct sm__str){name, len};
	uint64_t hash = (a ^ (b * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
	lead.slot = (size_t)(hash >> 60) % SHAPE_SLOTS;
	return lead;
}

/*
 * The record at p (its '{') read against the shape, as take_flat would,
 * to the end of the line; NULL as soon as the line leaves it, having
 * written nothing that begin_record does not undo.  The event's name, when
 * shape_slot saw it, is the first member's value where the shape starts
 * with it.
 */
static const char *known_shape(struct json *j, const struct shape *s, const char *p,
			       const struct lead *lead)
{
	const char *end = j->end;
	size_t i = 0;
	if (end[-1] != s->last)
		return NULL;
	if (s->event_first && lead->name.ptr) {
		j->rec->name = lead->name;
		j->has_event = true;
		p = lead->name.ptr + lead->name.len + 1;
		i = 1;
	}
	for (; i < s->n; i++) {
		const struct shape_member *m = &s->member[i];
		if (!same_glue(j, p, &m->glue, s->text))
			return NULL;
		struct sm__str name = {p + m->name_at, m->name_len};
		const char *v = p += m->glue.len;
		if (p == end || (!(p = short_value(j, v, m, name)) &&
				 !(p = flat_value(j, v, name, m->kind))))
			return NULL;
	}
	return end - p == s->tail.len && same_glue(j, p, &s->tail, s->text) ? end : NULL;
}

/* How to read a member of kind m whose value starts with c. */
static enum how how_to_read(enum member m, char c)
{
	bool number = c == '-' || is_digit(c);
	switch (m) {
	case M_EVENT:
		return c == '"' ? HOW_EVENT : HOW_ANY;
	case M_TS:
		return number ? HOW_SECONDS : HOW_ANY;
	case M_FIELD:
		return c == '"' ? HOW_STRING : number ? HOW_INTEGER : HOW_ANY;
	case M_TS_NS:
	case M_MESSAGE:
	case M_REALTIME:
		break;
	}
	return HOW_ANY;
}

/* The glue of `len` bytes at `from`, kept at `at` in the shape's text. */
static void set_glue(struct glue *g, char *text, size_t at, const char *from, size_t len)
{
	memcpy(text + at, from, len);
	g->at = (uint16_t)at;
	g->len = (uint16_t)len;
	for (size_t k = 0; k < 2; k++) {
		char bytes[8] = {0};
		size_t n = len <= 8 * k ? 0 : len - 8 * k < 8 ? len - 8 * k : 8;
		memcpy(bytes, from + 8 * k, n);
		g->word[k] = load_le64(bytes);
		g->mask[k] = n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
	}
}

/* The shape of the line take_flat has just read (d), to its end, for the
 * next lines; a line with too many members or too much glue leaves none. */
static void learn_shape(struct shape *s, const struct draft *d, const char *end)
{
	s->n = 0;
	if (d->n == 0 || d->n > SHAPE_MEMBERS)
		return;
	size_t used = 0;
	for (size_t i = 0; i <= d->n; i++) {
		const char *from = d->glue[i], *to = i < d->n ? d->value[i] : end;
		size_t len = (size_t)(to - from);
		if (len > SHAPE_TEXT - used)
			return;
		if (i == d->n) {
			set_glue(&s->tail, s->text, used, from, len);
			break;
		}
		struct shape_member *m = &s->member[i];
		set_glue(&m->glue, s->text, used, from, len);
		m->name_at = (uint16_t)(d->name[i].ptr - from);
		m->name_len = (uint16_t)d->name[i].len;
		m->kind = d->kind[i];
		m->how = how_to_read(m->kind, *d->value[i]);
		used += len;
	}
	const struct glue *first = &s->member[0].glue;
	s->event_first = s->member[0].how == HOW_EVENT && first->len == 9 &&
			 memcmp(s->text + first->at, "{\"event\":", 9) == 0;
	s->last = end[-1];
	s->n = d->n;
}

/* ---- The fast path: flat lines ------------------------------------------ */

/*
 * flat -> '{' ws [pair ws {',' ws pair ws}] '}'
 * pair -> plain ws ':' ws (plain | decimal | literal)
 * The record at p (its '{') when it has that shape, read straight into the
 * record, and where its parts are in d; otherwise NULL, as soon as the line
 * leaves it, having written nothing that begin_record does not undo.
 */
static const char *take_flat(struct json *j, const char *p, struct draft *d)
{
	const char *end = j->end;
	d->n = 0;
	d->glue[0] = p;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		struct sm__str name;
		if (p == end || *p != '"' || !(p = flat_string(p, end, &name)))
			return NULL;
		p = skip_ws(p, end);
		if (p == end || *p != ':')
			return NULL;
		p = skip_ws(p + 1, end);
		enum member m = member_kind(name);
		if (d->n < SHAPE_MEMBERS) {
			d->value[d->n] = p;
			d->name[d->n] = name;
			d->kind[d->n] = m;
		}
		if (!(p = flat_value(j, p, name, m)))
			return NULL;
		if (++d->n <= SHAPE_MEMBERS)
			d->glue[d->n] = p;
		p = skip_ws(p, end);
		if (p < end && *p == ',')
			p = skip_ws(p + 1, end);
		else if (p < end && *p == '}')
			return p + 1;
		else
			return NULL;
	}
}

/* ---- Lines -------------------------------------------------------------- */

/* Start the record of `line` afresh, or again after a fast path gave up. */
static void begin_record(struct json *j, struct sm__str line)
{
	record_begin(j->rec, line);
	j->rec->text = (struct sm__str){NULL, 0}; /* a journal entry's MESSAGE sets it */
	j->has_event = false;
	j->journal_ns = -1;
	j->why = NULL; /* take_flat tries a literal with take_literal */
}

/* The flat record at `object` (its '{') read by take_flat, which teaches
 * its shape to s; NULL when it is not flat. */
static NOINLINE const char *learn_flat(struct json *j, const char *object, struct shape *s)
{
	struct draft d;
	const char *p;
	begin_record(j, j->rec->line);
	if ((p = take_flat(j, object, &d)) && skip_ws(p, j->end) == j->end)
		learn_shape(s, &d, j->end);
	return p;
}

/* The flat record at `object` (its '{'), read against its shape, or by
 * learn_flat; NULL when it is not flat. */
static inline const char *read_flat(struct json *j, const char *object)
{
	struct sm__record *rec = j->rec;
	if (!rec->jsonl_shapes)
		rec->jsonl_shapes = sm__xcalloc(1, sizeof *rec->jsonl_shapes);
	struct lead lead = shape_slot(j, object);
	struct shape *s = &rec->jsonl_shapes->slot[lead.slot];
	const char *p;
	if (s->n && (p = known_shape(j, s, object, &lead))) {
		rec->shape = s->serial;
		return p;
	}
	p = learn_flat(j, object, s);
	if (p && s->n) {
		s->serial = ++rec->jsonl_shapes->serial;
		rec->shape = s->serial;
	}
	return p;
}

static enum sm__line_kind bad(const struct json *j, const char **why, size_t *col)
{
	*why = j->why;
	*col = (size_t)(j->at - j->line) + 1;
	return SM__LINE_BAD;
}

/* line -> ws [object ws] */
enum sm__line_kind sm__jsonl_parse(struct sm__str line, struct sm__record *rec,
				   struct sm__buf *scratch, const char **why,
				   size_t *col)
{
	const char *end = line.ptr + line.len;
	scratch->len = 0;
	if (line.len >= scratch->cap) /* as sm__buf_reserve, without the call */
		sm__buf_reserve(scratch, line.len);
	const char *p = skip_ws(line.ptr, end);
	if (p == end)
		return SM__LINE_COMMENT;
	struct json j = {.end = end, .line = line.ptr, .out = scratch->data, .rec = rec};
	begin_record(&j, line);

	const char *object = p;
	if (*p != '{') {
		p = fail(&j, p, "expected a JSON object");
	} else if (!(p = read_flat(&j, object))) {
		begin_record(&j, line);
		p = take_object(&j, object, 1);
	}
	if (p) {
		p = skip_ws(p, end);
		if (p != end)
			fail(&j, p, "trailing characters after the object");
		else if (!j.has_event && !rec->text.ptr)
			fail(&j, object, "no \"event\" member (a string), nor a journal \"MESSAGE\"");
	}
	if (!rec->has_ts && j.journal_ns >= 0) {
		rec->has_ts = true;
		rec->ts_ns = j.journal_ns;
		rec->ts_digits = 6;
	}
	scratch->len = (size_t)(j.out - scratch->data);
	scratch->data[scratch->len] = '\0';
	return j.why ? bad(&j, why, col) : SM__LINE_RECORD;
}
