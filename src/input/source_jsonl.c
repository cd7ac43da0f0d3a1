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
 * The common record is flat, with short ASCII names, strings without
 * escapes and plain numbers: `{"event":"virtio_req","ts":1000.000003,
 * "dev":31}`.  Every part of it is read once: a string is one tight scan
 * to its closing quote, a number gathers its integer part while its syntax
 * is checked, so that integers and decimal times need no second look, and a
 * member name is told from the special ones by its length.  Exponents,
 * long digit strings and escapes take the general paths, which are exact.
 */
#include "record.h"
#include "source.h"

#include <string.h>

#define MAX_DEPTH 64

struct json {
	const char *p, *end, *line;
	char *out;       /* next free byte of the scratch buffer */
	const char *why; /* set on failure, with `at` */
	const char *at;
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
	struct sm__str s;    /* decoded string, or the text of any other value */
	struct jnumber num;  /* J_NUM */
	bool truth;          /* J_BOOL */
};

static bool fail(struct json *j, const char *at, const char *why)
{
	j->at = at;
	j->why = why;
	return false;
}

/* ws -> {' ' | '\t' | '\n' | '\r'} */
static void skip_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
				 *j->p == '\r'))
		j->p++;
}

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
 * A `\uXXXX` escape, or a surrogate pair of two.  A surrogate without its
 * partner decodes to U+FFFD, as the grammar allows it but UTF-8 cannot say
 * it.  Every form decodes to fewer bytes than it is written with, which is
 * what makes one reservation of the line's length enough.
 */
static bool take_unicode(struct json *j, char **o)
{
	long cp = hex4(j->p, j->end);
	if (cp < 0)
		return fail(j, j->p, "expected 4 hex digits after \\u");
	j->p += 6;
	if (cp >= 0xd800 && cp < 0xdc00) {
		long lo = j->p < j->end && *j->p == '\\' ? hex4(j->p, j->end) : -1;
		if (lo >= 0xdc00 && lo < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			j->p += 6;
		} else {
			cp = 0xfffd;
		}
	} else if (cp >= 0xdc00 && cp < 0xe000) {
		cp = 0xfffd;
	}
	if (*o)
		*o = put_utf8(*o, (unsigned long)cp);
	return true;
}

/*
 * escape -> '\' ('"' | '\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') | unicode
 * The escape at j->p (a backslash); decoded to *o unless *o is NULL.
 */
static bool take_escape(struct json *j, char **o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (j->end - j->p < 2)
		return fail(j, j->p, "invalid escape");
	if (j->p[1] == 'u')
		return take_unicode(j, o);
	const char *k = memchr(from, j->p[1], sizeof from - 1);
	if (!k)
		return fail(j, j->p, "invalid escape");
	if (*o)
		*(*o)++ = to[k - from];
	j->p += 2;
	return true;
}

/* The first byte from p that a string cannot simply hold: its closing
 * quote, an escape's backslash, a control character (not allowed raw), or
 * the end.  Other bytes, UTF-8 or not, are the string's as they are. */
static const char *skip_plain(const char *p, const char *end)
{
	while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
		p++;
	return p;
}

/*
 * The rest of a string from j->p, where skip_plain stopped short of the
 * closing quote.  With `decode`, the string is decoded to scratch: each
 * run of plain bytes copied as it is, each escape as what it stands for.
 */
static bool take_escaped(struct json *j, const char *open, bool decode,
			 struct sm__str *out)
{
	char *o = decode ? j->out : NULL;
	const char *run = open + 1; /* plain bytes not yet copied */
	for (;;) {
		const char *p = skip_plain(j->p, j->end);
		if (o) {
			memcpy(o, run, (size_t)(p - run));
			o += p - run;
		}
		j->p = p;
		if (p == j->end)
			return fail(j, open, "unterminated string");
		if (*p == '"')
			break;
		if (*p != '\\')
			return fail(j, p, "control character in a string");
		if (!take_escape(j, &o))
			return false;
		run = j->p;
	}
	if (o) {
		*out = (struct sm__str){j->out, (size_t)(o - j->out)};
		j->out = o;
	} else {
		*out = (struct sm__str){open + 1, (size_t)(j->p - open - 1)};
	}
	j->p++;
	return true;
}

/*
 * string -> '"' {char | escape} '"'
 * The string at j->p (its opening quote).  Without an escape, the common
 * case, *out is the span inside the quotes; with one, see take_escaped.
 */
static bool take_string(struct json *j, bool decode, struct sm__str *out)
{
	const char *open = j->p, *p = skip_plain(open + 1, j->end);
	if (p < j->end && *p == '"') {
		*out = (struct sm__str){open + 1, (size_t)(p - open - 1)};
		j->p = p + 1;
		return true;
	}
	j->p = p;
	return take_escaped(j, open, decode, out);
}

static const char *skip_digits(const char *p, const char *end)
{
	while (p < end && is_digit(*p))
		p++;
	return p;
}

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

/*
 * number -> ['-'] int ['.' digit {digit}] [('e' | 'E') ['+' | '-'] digit {digit}]
 * int -> '0' | onenine {digit}
 * The number at j->p (its sign or first digit), taken apart into v->num.
 */
static bool take_number(struct json *j, struct jvalue *v)
{
	struct jnumber *n = &v->num;
	const char *start = j->p, *p = j->p, *end = j->end;
	n->neg = *p == '-';
	p += n->neg;
	if (p == end || !is_digit(*p))
		return fail(j, p, "expected a digit");
	if (*p == '0' && p + 1 < end && is_digit(p[1]))
		return fail(j, p, "leading zeros are not allowed");
	uint64_t ival = 0; /* wraps past INT_DIGITS digits, when nint says not to use it */
	for (n->ints = p; p < end && is_digit(*p); p++)
		ival = ival * 10 + (uint64_t)(*p - '0');
	n->ival = ival;
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
	j->p = p;
	return true;
}

/* literal -> 'true' | 'false' | 'null' */
static bool take_literal(struct json *j, struct jvalue *v)
{
	static const struct {
		char word[6];
		size_t len;
		enum jkind kind;
		bool truth;
	} words[] = {{"true", 4, J_BOOL, true}, {"false", 5, J_BOOL, false}, {"null", 4, J_NULL, false}};
	for (size_t k = 0; k < SM__ARRAY_LEN(words); k++) {
		size_t n = words[k].len;
		if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[k].word, n) == 0) {
			v->kind = words[k].kind;
			v->truth = words[k].truth;
			v->s = (struct sm__str){j->p, n};
			j->p += n;
			return true;
		}
	}
	return fail(j, j->p, "expected a value");
}

static bool take_object(struct json *j, int depth, struct sm__record *rec,
			bool *has_event, int64_t *journal_ns);
static bool take_array(struct json *j, int depth);

/*
 * value -> string | number | object | array | literal
 * Any value at j->p; strings are decoded only for the record's own members
 * (depth 1), nested values are kept as text.
 */
static bool take_value(struct json *j, int depth, struct jvalue *v)
{
	if (j->p == j->end)
		return fail(j, j->p, "expected a value");
	char c = *j->p;
	if (c == '"') {
		v->kind = J_STR;
		return take_string(j, depth == 1, &v->s);
	}
	if (c == '-' || is_digit(c))
		return take_number(j, v);
	if (c != '{' && c != '[')
		return take_literal(j, v);
	if (depth == MAX_DEPTH)
		return fail(j, j->p, "nesting deeper than 64");
	const char *start = j->p;
	if (!(c == '{' ? take_object(j, depth + 1, NULL, NULL, NULL)
		       : take_array(j, depth + 1)))
		return false;
	v->kind = J_NESTED;
	v->s = (struct sm__str){start, (size_t)(j->p - start)};
	return true;
}

/* array -> '[' ws [value ws {',' ws value ws}] ']' */
static bool take_array(struct json *j, int depth)
{
	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return true;
	}
	for (;;) {
		struct jvalue v;
		skip_ws(j);
		if (!take_value(j, depth, &v))
			return false;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
		} else if (j->p < j->end && *j->p == ']') {
			j->p++;
			return true;
		} else {
			return fail(j, j->p, "expected ',' or ']' after an element");
		}
	}
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

/* `digits[.digits]` seconds, at most SECONDS_DIGITS before the point, in
 * nanoseconds: the integer part take_number read, then 9 fraction digits
 * (zeros past the written ones; those past 9 are below a nanosecond). */
static int64_t decimal_ns(const struct jnumber *n)
{
	int64_t ns = (int64_t)n->ival;
	for (long long k = 0; k < 9; k++)
		ns = ns * 10 + (k < n->nfrac ? n->frac[k] - '0' : 0);
	return ns;
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

/* `"ts"`: seconds as any JSON number, to nanoseconds.  ts_digits is how
 * many digits after the point the number carries, at most 9. */
static bool json_seconds(const struct jnumber *n, struct sm__record *rec)
{
	int64_t ns;
	if (n->exp == 0 && n->nint <= SECONDS_DIGITS)
		ns = decimal_ns(n);
	else if (!scaled_ns(n, &ns))
		return false;
	long long digits = n->nfrac - n->exp;
	rec->has_ts = true;
	rec->ts_ns = n->neg ? -ns : ns;
	rec->ts_digits = (uint8_t)(digits < 0 ? 0 : digits > 9 ? 9 : digits);
	return true;
}

static struct sm__value field_value(const struct jvalue *v)
{
	struct sm__value out = {0};
	switch (v->kind) {
	case J_NUM:
		if (json_int(&v->num, &out.i)) {
			out.kind = SM__VAL_INT;
			return out;
		}
		break;
	case J_BOOL:
		out.kind = SM__VAL_INT;
		out.i = v->truth;
		return out;
	case J_NULL:
		return out;
	case J_STR:
	case J_NESTED:
		break;
	}
	out.kind = SM__VAL_STR;
	out.s = v->s;
	return out;
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

/* A member of the record's object: event, ts, ts_ns or a field.  Of a
 * journal entry (journalctl -o json), MESSAGE is also the text `from log`
 * patterns see, and __REALTIME_TIMESTAMP the time unless ts says it. */
static bool use_member(struct json *j, struct sm__str name, const char *at,
		       const struct jvalue *v, struct sm__record *rec,
		       bool *has_event, int64_t *journal_ns)
{
	switch (member_kind(name)) {
	case M_EVENT:
		if (v->kind != J_STR)
			return fail(j, at, "\"event\" must be a string");
		rec->name = v->s;
		*has_event = true;
		return true;
	case M_TS:
		if (v->kind != J_NUM)
			return fail(j, at, "\"ts\" must be a number");
		if (!json_seconds(&v->num, rec))
			return fail(j, at, "\"ts\" is out of range");
		return true;
	case M_TS_NS:
		/* json_int wraps values above INT64_MAX; a time must not. */
		if (v->kind != J_NUM || !v->num.integral || !json_int(&v->num, &rec->ts_ns) ||
		    (!v->num.neg && rec->ts_ns < 0))
			return fail(j, at, "\"ts_ns\" must be an integer (nanoseconds)");
		rec->has_ts = true;
		rec->ts_digits = 9;
		return true;
	case M_MESSAGE:
		if (v->kind == J_STR)
			rec->text = v->s;
		break;
	case M_REALTIME:
		if (v->kind == J_STR && !journal_time(v->s, journal_ns))
			return fail(j, at, "\"__REALTIME_TIMESTAMP\" must be microseconds (a string of digits)");
		break;
	case M_FIELD:
		break;
	}
	record_add_field(rec, name, field_value(v));
	return true;
}

/*
 * object -> '{' ws [member ws {',' ws member ws}] '}'
 * member -> string ws ':' ws value
 * An object at j->p.  With `rec` it is the record itself and its members
 * are used; nested objects are only checked.
 */
static bool take_object(struct json *j, int depth, struct sm__record *rec,
			bool *has_event, int64_t *journal_ns)
{
	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return true;
	}
	for (;;) {
		struct sm__str name;
		struct jvalue v;
		skip_ws(j);
		if (j->p == j->end || *j->p != '"')
			return fail(j, j->p, "expected a member name (a string)");
		if (!take_string(j, rec != NULL, &name))
			return false;
		skip_ws(j);
		if (j->p == j->end || *j->p != ':')
			return fail(j, j->p, "expected ':' after the member name");
		j->p++;
		skip_ws(j);
		const char *at = j->p;
		if (!take_value(j, depth, &v))
			return false;
		if (rec && !use_member(j, name, at, &v, rec, has_event, journal_ns))
			return false;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
		} else if (j->p < j->end && *j->p == '}') {
			j->p++;
			return true;
		} else {
			return fail(j, j->p, "expected ',' or '}' after a member");
		}
	}
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
	struct json j = {.p = line.ptr, .end = line.ptr + line.len, .line = line.ptr};
	scratch->len = 0;
	sm__buf_reserve(scratch, line.len);
	j.out = scratch->data;
	skip_ws(&j);
	if (j.p == j.end)
		return SM__LINE_COMMENT;
	record_begin(rec, line);

	const char *object = j.p;
	bool has_event = false;
	int64_t journal_ns = -1;
	rec->text = (struct sm__str){NULL, 0}; /* a journal entry's MESSAGE sets it */
	if (*j.p != '{')
		fail(&j, j.p, "expected a JSON object");
	else if (take_object(&j, 1, rec, &has_event, &journal_ns)) {
		skip_ws(&j);
		if (j.p != j.end)
			fail(&j, j.p, "trailing characters after the object");
		else if (!has_event && !rec->text.ptr)
			fail(&j, object, "no \"event\" member (a string), nor a journal \"MESSAGE\"");
	}
	if (!rec->has_ts && journal_ns >= 0) {
		rec->has_ts = true;
		rec->ts_ns = journal_ns;
		rec->ts_digits = 6;
	}
	scratch->len = (size_t)(j.out - scratch->data);
	scratch->data[scratch->len] = '\0';
	return j.why ? bad(&j, why, col) : SM__LINE_RECORD;
}
