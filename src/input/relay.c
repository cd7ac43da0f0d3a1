/*
 * relay.c: a feed on a thread of its own (see relay.h).
 *
 * The reader thread writes items into a batch, a block of bytes; a full
 * batch is handed over and the next free one taken, from a ring of
 * RELAY_BATCHES.  Warnings and the like are written with their pointers
 * already aimed at their own copies in the batch (a batch that holds items
 * never moves: only an empty one grows, for an item larger than it), and
 * replayed as they lie.  Records, nearly all of the traffic, carry their
 * line and where its parts are (struct record_item), or, picked on the
 * reader's side while the caller's is behind, their values (struct
 * picked_item), or, JSON's, the members the reader parsed (struct
 * json_item): the two sides share the work.  Instants, when the
 * reader binds, are packed (struct instant_item) and unpacked into the
 * caller's own slots: what crosses from one core to the other costs by
 * the byte.  Batches are
 * large (megabytes, past the private caches of a core) and the counters
 * that hand them over sit on cache lines of their own, so the two threads
 * do not wait on each other's cache lines item by item.  The lock is taken
 * only by a side that found nothing to do for a while.
 */
#include "relay.h"

#include "bind.h"
#include "source.h"

#include <assert.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RELAY_BATCHES 4
/* A batch's bytes.  2 MB: each record's line is copied into it, and W1
 * (256 MB) took 0.84x the time it took with 512 KB batches (median of 20
 * pairs, 2-core VM).  Near the end of a file batches are smaller
 * (RELAY_LEFT_SHARE): what the ring holds when the reader is done is
 * stepped by the caller's side alone. */
#define RELAY_BATCH_BYTES ((size_t)2 << 20)
/* The first batch of an input is handed over at this many bytes, and each
 * next one at twice the one before, up to RELAY_BATCH_BYTES: the caller's
 * side starts stepping soon instead of waiting for a whole batch. */
#define RELAY_FIRST_BYTES ((size_t)64 << 10)
/* Near the file's end, no batch is larger than an eighth of what is left
 * of it, down to RELAY_LAST_BYTES: what the ring holds when the reader is
 * done is stepped by the caller's side alone (with full batches of 512 KB,
 * a 4 MB trace spent 3 ms so). */
#define RELAY_LEFT_SHARE 8
#define RELAY_LAST_BYTES ((size_t)16 << 10)

enum item_kind {
	ITEM_INSTANT, ITEM_RECORD, ITEM_PICKED, ITEM_JSON, ITEM_WARNING, ITEM_SKIPPED,
	ITEM_READ_ERROR, ITEM_LOSS, ITEM_COUNTS
};

/* Every item starts with its kind and its size, a multiple of ALIGN. */
struct item {
	uint32_t kind;
	uint32_t size;
};

/* Items hold 8-byte words and pointers at most (checked at their
 * declarations' end). */
#define ALIGN ((size_t)8)

/* The counts that move line by line, as the feed has them (the others
 * change seldom: a counts item says them first). */
struct lines_count {
	uint64_t lines, records, comments;
};

/* How far they moved since the item before that said them: each item
 * says its step, and the caller's side adds them up (what crosses costs by
 * the byte, and 24 bytes of counts were a third of W1's record item).  A
 * step too large for 32 bits goes in a counts item first (step_lines). */
struct lines_step {
	uint32_t lines, records, comments;
};

/* An instant, packed: it is most of what crosses from one core to the
 * other, and the cost of crossing is by the byte.  Its place but the
 * input (the one being read) and the loss (the input's, told by loss
 * items); then its matches (pack_match). */
struct instant_item {
	struct item h;
	int64_t ts_ns;
	uint64_t lineno;
	struct lines_step step;
	uint32_t n;
	bool has_ts, after_loss;
	bool events_told; /* its events are in the counts item before it */
	uint8_t ts_digits;
	/* then the matches */
};

/* A record for the caller's side to bind (sm__feed_defer): its line (the
 * part that crosses: copied_part, copied after the item), where its name
 * is in it, its time, read on the reader's side.  Its text after the name
 * is what follows the name's ':', as sm__ftrace_parse_header leaves it.
 * Small: a record item crosses for nearly every line.  Not its number:
 * the feed counts each line of an input as it numbers it, so a record's
 * number is its input's lines counted up to it: the lines the last counts
 * item said plus the steps since (record_number), for picked and JSON
 * items too. */
struct span {
	uint32_t at, len;
};

struct record_item {
	struct item h;
	int64_t ts_ns;
	struct lines_step step;
	uint32_t len;   /* of the part of the line that crosses: its bytes
			 * follow, after the task's spans when has_task
			 * (record_line) */
	uint32_t taken; /* sm__binder_takes's answer */
	struct span name;
	bool has_ts, has_task;
	uint8_t ts_digits;
};

/* A deferred record that the reader picked (sm__binder_prepick): its
 * values cross in place of its line (W1's record item is nearly twice
 * its size). */
struct picked_item {
	struct item h;
	int64_t ts_ns;
	struct lines_step step;
	uint32_t taken;
	bool has_ts;
	uint8_t ts_digits;
	/* then its values, int64_t */
};

/* A JSON record for the caller's side to bind (sm__feed_defer's
 * defer_json): its members as the reader parsed them, their strings' bytes
 * copied after them (the parser's may be its own: decoded, or a shape's
 * text), and their names' when its shape's have not crossed just before
 * (names_cross).  Not its event's name: taken says where the binder has
 * it, and binding reads no more of it.  Parsing is most of a JSON
 * line's cost: W1's reader did 1400 instructions a line when it bound
 * them too, the stepping side 410, and waited. */
struct json_item {
	struct item h;
	int64_t ts_ns;
	struct lines_step step;
	uint32_t taken;    /* sm__binder_takes_json's answer */
	uint64_t shape;    /* rec->shape */
	uint32_t nfields;
	uint32_t nbytes;   /* the names' and strings' */
	bool has_ts;
	uint8_t ts_digits;
	bool names;        /* its members' names crossed (names_cross) */
	/* then nfields struct json_field, then the bytes */
};

struct json_field {
	struct span name, str; /* name: when the item's names crossed; str: a string's */
	uint8_t kind, hex;
	int64_t i;
};

/* The stepping side's copy of the member names that a JSON binding's
 * records last crossed with: the records of the same shape (record.h)
 * cross without theirs (names_cross) and are rebuilt with these. */
struct json_names {
	struct sm__str *name; /* the item's nfields, in bytes */
	char *bytes;
	size_t cap, cap_bytes;
};

/* The most a picked item takes. */
#define PICKED_ROOM (sizeof(struct picked_item) + SM__LAYOUT_WORDS * sizeof(int64_t))

/* A record's task columns, after its item when binding reads them. */
struct task_spans {
	struct span comm, pid, cpu;
};

struct warning_item {
	struct item h;
	struct sm__warning w;
	bool fails_strict;
	/* then: its texts */
};

struct skipped_item {
	struct item h;
	const char *input, *why;
	uint64_t line;
	size_t col;
	/* then: its texts */
};

struct read_error_item {
	struct item h;
	const char *input, *why; /* why: NULL when err says it */
	int err;
};

struct loss_item {
	struct item h;
	struct sm__loss loss;
};

/* How far the feed's counts had come at the next item. */
struct counts_item {
	struct item h;
	struct sm__totals totals;
};

static_assert(alignof(struct instant_item) <= ALIGN && alignof(struct record_item) <= ALIGN &&
	      alignof(struct picked_item) <= ALIGN && sizeof(int64_t) == ALIGN &&
	      alignof(struct json_item) <= ALIGN && alignof(struct json_field) <= ALIGN &&
	      sizeof(struct json_item) % ALIGN == 0 && sizeof(struct json_field) % ALIGN == 0 &&
	      alignof(struct warning_item) <= ALIGN && alignof(struct skipped_item) <= ALIGN &&
	      alignof(struct read_error_item) <= ALIGN && alignof(struct loss_item) <= ALIGN &&
	      alignof(struct counts_item) <= ALIGN && alignof(struct task_spans) <= ALIGN,
	      "an item's alignment");

/* Each side writes only its own cache lines: a batch's, its counter's. */
#define LINE 64

struct batch {
	alignas(LINE) char *data;
	size_t len, cap;
};

struct sm__relay {
	/* Set before a threaded input starts; read by both sides. */
	const struct sm__ir *ir;
	struct sm__feed_sink down;
	const volatile sig_atomic_t *interrupt;
	const atomic_int *failed;     /* may be NULL (relay.h) */
	enum sm__prepick when;        /* prepick: sm__relay_prepick */
	bool threaded;                /* this input: on a reader thread */
	size_t most_slots;            /* of any event */
	uint32_t *width;              /* per event: the slots the binder may fill */
	struct sm__feed *feed;
	struct sm__binder *binder;    /* deferred.binder, where the reader reads: it picks */
	bool task_read;               /* deferred records keep their task columns */
	int fd;
	const char *name;
	enum sm__format format;

	/* The reader's.  What the feed counts, line by line, until added to
	 * down's; the losses it saw. */
	alignas(LINE) struct sm__totals totals;
	struct sm__totals told;       /* the counts as far as the items told them */
	uint64_t told_seldom;         /* seldom_moved() as told */
	struct lines_count said;      /* the line counts as far as items said them */
	unsigned step_bits;           /* a step's, 32 (sm__relay_step_bits_test) */
	struct sm__loss loss;         /* the input's losses ... */
	uint64_t loss_sent;           /* ... as far as an item told them */
	struct batch *cur;            /* the batch being filled */
	bool prepick;                 /* the batch's records: picked here (publish) */
	size_t fill;                  /* the batch is handed over past this many bytes */
	uint64_t to_read;             /* the file's bytes from where it is read (text_file) */
	uint64_t queued;              /* bytes of the lines of the records queued */
	bool ok;                      /* what sm__feed_fd returned */
	uint64_t *names_sent;         /* per JSON binding: the shape whose names crossed last */

	/* Batches replayed..published-1 are the caller's; done: the reader
	 * has published its last.  Each counter is written by one side. */
	alignas(LINE) _Atomic uint64_t published;
	atomic_bool done;
	alignas(LINE) _Atomic uint64_t replayed;
	/* Seldom touched: a side that waited in vain for a while sleeps on
	 * `changed`, and `sleepers` tells the other side to wake it; halt:
	 * the caller's side says stop reading. */
	alignas(LINE) atomic_int sleepers;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	atomic_bool halt;

	/* The caller's. */
	alignas(LINE) struct sm__loss *caller_loss; /* brought up to date in order */
	struct sm__totals seen;       /* the counts as far as replayed */
	bool halted;                  /* stopped replaying (down.stop) */
	/* Deferred records are bound here: down, counting their events in
	 * `stepped` (those of `seen` are the reader's, as counts items tell). */
	struct sm__feed_sink step;
	struct sm__totals stepped;
	struct sm__deferred deferred; /* what binding them needs of the feed */
	struct sm__record rec;        /* a deferred record, rebuilt */
	struct json_names *names;     /* per JSON binding: the names that crossed last */
	size_t nnames;                /* the binder's sm__binder_takes_bound, both arrays' */
	struct sm__match *out;        /* the unpacked instant: up to capout */
	size_t *dirty;                /* per match: its first slots that may hold a value */
	struct sm__value *slots;      /* matches, most_slots slots each */
	size_t capout;

	struct batch batches[RELAY_BATCHES];
};

/* ---- the reader's side: items into batches ---- */

unsigned sm__relay_step_bits_test;

static size_t aligned(size_t n)
{
	return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* ---- handing batches over ---- */

/* A batch takes microseconds to fill or to replay; going to sleep and
 * being woken takes tens: a side spins this many times before it sleeps. */
#define RELAY_SPINS 2000

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Wake the other side if it sleeps.  (Its `sleepers` count is raised
 * before it looks at the counters one last time, and the counters are
 * changed before this looks at it: one of the two sees the other.) */
static void wake(struct sm__relay *r)
{
	if (atomic_load(&r->sleepers)) {
		pthread_mutex_lock(&r->lock);
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
	}
}

static void wait_for(struct sm__relay *r, bool (*ready)(struct sm__relay *))
{
	for (int k = 0; k < RELAY_SPINS; k++) {
		if (ready(r))
			return;
		cpu_relax();
	}
	pthread_mutex_lock(&r->lock);
	atomic_fetch_add(&r->sleepers, 1);
	while (!ready(r))
		pthread_cond_wait(&r->changed, &r->lock);
	atomic_fetch_sub(&r->sleepers, 1);
	pthread_mutex_unlock(&r->lock);
}

/* For the reader: a batch is free. */
static bool batch_free(struct sm__relay *r)
{
	return atomic_load(&r->published) - atomic_load(&r->replayed) < RELAY_BATCHES;
}

/* For the caller: a batch to replay, or the end. */
static bool batch_ready(struct sm__relay *r)
{
	return atomic_load(&r->published) != atomic_load(&r->replayed) || atomic_load(&r->done);
}

/* The size the next batch is handed over at (RELAY_FIRST_BYTES,
 * RELAY_LEFT_SHARE).  Only the records' lines count as read: with many
 * other lines, more seems left than is, and batches stay larger. */
static size_t next_fill(const struct sm__relay *r)
{
	size_t fill = r->fill * 2 < RELAY_BATCH_BYTES ? r->fill * 2 : RELAY_BATCH_BYTES;
	uint64_t share = r->to_read > r->queued ? (r->to_read - r->queued) / RELAY_LEFT_SHARE : 0;
	if (share < fill)
		fill = share > RELAY_LAST_BYTES ? (size_t)share : RELAY_LAST_BYTES;
	return fill;
}

/*
 * Hand the current batch over and take the next free one.  Its records
 * are picked here when every other batch is still to be replayed: the
 * reader is so far ahead that it would wait for the caller's side once
 * this one is full, and takes on work that would be that side's
 * (SM__PREPICK_BEHIND).  Picking sooner, two batches behind, overloaded
 * the reader instead: W1 took 150 ms so, 139 ms this way (medians, side by
 * side), and both threads are busy all the run with this rule.
 */
static void publish(struct sm__relay *r)
{
	atomic_fetch_add(&r->published, 1);
	wake(r);
	wait_for(r, batch_free);
	uint64_t published = atomic_load(&r->published);
	r->prepick = r->when == SM__PREPICK_ALWAYS ||
		     (r->when == SM__PREPICK_BEHIND &&
		      published - atomic_load(&r->replayed) >= RELAY_BATCHES - 1);
	r->cur = &r->batches[published % RELAY_BATCHES];
	r->cur->len = 0;
	r->fill = next_fill(r);
}

/* The current batch, with room for `size` bytes, when it has none: the
 * next one (or, for an item larger than a batch, one grown for it). */
static struct batch *make_room(struct sm__relay *r, size_t size)
{
	if (r->cur->len > 0)
		publish(r);
	struct batch *b = r->cur;
	if (size > b->cap) {
		b->data = sm__xrealloc(b->data, size);
		b->cap = size;
	}
	return b;
}

/* Room for an item of `size` bytes at the end of the current batch. */
static inline void *reserve(struct sm__relay *r, enum item_kind kind, size_t size)
{
	size = aligned(size);
	struct batch *b = r->cur;
	if (b->len + size > r->fill)
		b = make_room(r, size);
	struct item *it = (struct item *)(b->data + b->len);
	it->kind = kind;
	it->size = (uint32_t)size;
	b->len += size;
	return it;
}

/* Copy len bytes to *text, NUL-terminated, and move *text past them. */
static const char *copy_text(char **text, const char *s, size_t len)
{
	char *at = *text;
	if (len)
		memcpy(at, s, len);
	at[len] = '\0';
	*text += len + 1;
	return at;
}

static size_t cstr_room(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static const char *copy_cstr(char **text, const char *s)
{
	return s ? copy_text(text, s, strlen(s)) : NULL;
}

static struct sm__str copy_str(char **text, struct sm__str s)
{
	return (struct sm__str){s.len ? copy_text(text, s.ptr, s.len) : s.ptr, s.len};
}

/* Losses the reader saw since the last item: an item of their own, so
 * that the reports that follow say them as they stood then. */
static void tell_losses(struct sm__relay *r)
{
	if (r->loss.places == r->loss_sent)
		return;
	r->loss_sent = r->loss.places;
	struct loss_item *it = reserve(r, ITEM_LOSS, sizeof *it);
	it->loss = r->loss;
}

/* The feed's counts (the ones it adds to: see add_totals). */
static bool same_counts(const struct sm__totals *a, const struct sm__totals *b)
{
	return a->lines == b->lines && a->records == b->records && a->events == b->events &&
	       a->skipped == b->skipped && a->comments == b->comments && a->losses == b->losses &&
	       a->lost_events == b->lost_events && a->pattern_limit == b->pattern_limit;
}

/* The counts that seldom move, all at once: they only grow, so their sum
 * stays put exactly when each does. */
static uint64_t seldom_moved(const struct sm__relay *r)
{
	const struct sm__totals *t = &r->totals;
	return t->events + t->skipped + t->losses + t->lost_events + t->pattern_limit +
	       r->loss.places;
}

/* The feed's line counts, for an item.  Each is read on its own: the
 * feed has just added to them one by one, and one 16-byte load of two
 * such stores waits until both have left the core (a store is forwarded
 * to a load it covers whole only): W1's reader lost 14% of queue_record's
 * time so. */
static inline struct lines_count lines_now(const struct sm__relay *r)
{
	return (struct lines_count){__atomic_load_n(&r->totals.lines, __ATOMIC_RELAXED),
				    __atomic_load_n(&r->totals.records, __ATOMIC_RELAXED),
				    __atomic_load_n(&r->totals.comments, __ATOMIC_RELAXED)};
}

/* A counts item: all the feed's counts as they are. */
static void say_counts(struct sm__relay *r)
{
	r->told = r->totals;
	r->said = lines_now(r);
	struct counts_item *it = reserve(r, ITEM_COUNTS, sizeof *it);
	it->totals = r->totals;
}

/*
 * Each item tells how far the feed's counts had come when it was made, so
 * that a run the caller's side stops (a report that could not be written)
 * counts the lines it stepped, as one thread does, not those read ahead.
 * Instants and records say how far the counts that move line by line
 * (lines, records, comments) moved; when any other moved since the last
 * item, a counts item goes first.
 */
static void tell_counts(struct sm__relay *r)
{
	tell_losses(r);
	r->told_seldom = seldom_moved(r); /* the losses told, the rest as they are */
	if (!same_counts(&r->totals, &r->told))
		say_counts(r);
}

/* The line counts' step for an item, false when one does not fit in 32
 * bits (then nothing is said: a counts item must go first). */
static inline bool step_lines(struct sm__relay *r, struct lines_step *s)
{
	struct lines_count now = lines_now(r);
	uint64_t lines = now.lines - r->said.lines, records = now.records - r->said.records,
		 comments = now.comments - r->said.comments;
	if ((lines | records | comments) >> r->step_bits)
		return false;
	*s = (struct lines_step){(uint32_t)lines, (uint32_t)records, (uint32_t)comments};
	r->said = now;
	return true;
}

/* The line counts' step for an item with n events about to be made, after
 * a counts item if others moved (then true: it counted the events).  The
 * events are compared too: with timestamp instants some of the n may have
 * been told already (an item came between them), and a skipped line that
 * made no item could make up the sum. */
static inline bool count_lines(struct sm__relay *r, size_t n, struct lines_step *s)
{
	bool told = seldom_moved(r) != r->told_seldom + n ||
		    r->totals.events != r->told.events + n;
	if (told) {
		tell_counts(r);
	} else {
		r->told_seldom += n;
		r->told.events += n;
	}
	/* r->told keeps the line counts of the last counts item: the next
	 * warning or skipped line, which do not say them, get one */
	if (!step_lines(r, s)) {
		say_counts(r); /* it counts the n events too */
		*s = (struct lines_step){0, 0, 0};
		told = true;
	}
	return told;
}

/*
 * A match, packed: its event and width (the slots packed: struct
 * sm__relay's `width`), each slot's kind and hex byte, then, from the next
 * multiple of 8, each integer's 8 bytes and each string's length (8 bytes)
 * and bytes (to a multiple of 8).  A slot with no value has its two bytes
 * only.  Kinds first and 8-byte words after keep both loops short.
 */
static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t packed_size(const struct sm__value *v, size_t width)
{
	size_t size = 8 + round8(2 * width);
	for (size_t j = 0; j < width; j++)
		size += (v[j].kind != SM__VAL_NONE ? 8 : 0) +
			(v[j].kind == SM__VAL_STR ? round8(v[j].s.len) : 0);
	return size;
}

static char *pack_match(char *at, const struct sm__match *m, size_t width)
{
	int32_t event = m->event, n = (int32_t)width;
	memcpy(at, &event, sizeof event);
	memcpy(at + sizeof event, &n, sizeof n);
	char *kinds = at + 8, *word = kinds + round8(2 * width);
	for (size_t j = 0; j < width; j++) {
		const struct sm__value *v = &m->slots[j];
		kinds[2 * j] = (char)v->kind;
		kinds[2 * j + 1] = (char)v->hex;
		if (v->kind == SM__VAL_INT) {
			memcpy(word, &v->i, 8);
			word += 8;
		} else if (v->kind == SM__VAL_STR) {
			uint64_t len = v->s.len;
			memcpy(word, &len, 8);
			memcpy(word + 8, v->s.ptr, len);
			word += 8 + round8(len);
		}
	}
	return word;
}

static void queue_instant(struct sm__relay *r, const struct sm__match *m, size_t n,
			  const struct sm__where *w)
{
	size_t size = sizeof(struct instant_item);
	for (size_t k = 0; k < n; k++)
		size += packed_size(m[k].slots, r->width[m[k].event]);
	struct lines_step step;
	bool told = count_lines(r, n, &step);
	struct instant_item *it = reserve(r, ITEM_INSTANT, size);
	it->step = step;
	it->events_told = told;
	it->ts_ns = w->ts_ns;
	it->lineno = w->lineno;
	it->n = (uint32_t)n;
	it->has_ts = w->has_ts;
	it->after_loss = w->loss != NULL;
	it->ts_digits = w->ts_digits;
	char *at = (char *)(it + 1);
	for (size_t k = 0; k < n; k++)
		at = pack_match(at, &m[k], r->width[m[k].event]);
}

/* Where s, a part of the line, lies in it. */
static struct span span_in(struct sm__str line, struct sm__str s)
{
	return (struct span){(uint32_t)(s.ptr - line.ptr), (uint32_t)s.len};
}

/*
 * What of a record's line crosses: nothing for one that binds nothing
 * (handed over for its time), else the line from its name on (what
 * crosses costs by the byte), with the 8 bytes before it, which the pick
 * may load as part of a word (pick.h), or the whole line when binding
 * reads its task columns.
 */
static struct sm__str copied_part(const struct sm__relay *r, const struct sm__record *rec,
				  size_t taken)
{
	struct sm__str line = rec->line;
	if (!taken)
		return (struct sm__str){line.ptr, 0};
	size_t from = (size_t)(rec->name.ptr - line.ptr);
	if (r->task_read || from <= 8)
		return line;
	return (struct sm__str){rec->name.ptr - 8, line.len - (from - 8)};
}

/* len bytes (w <= len <= 2w, w at most 8) in two moves of w bytes, the
 * first and the last, that may overlap. */
static inline void copy_ends(char *to, const char *from, size_t len, size_t w)
{
	char head[8], tail[8];
	memcpy(head, from, w);
	memcpy(tail, from + len - w, w);
	memcpy(to, head, w);
	memcpy(to + len - w, tail, w);
}

/* memcpy, inline: 16 bytes a step, the last step ending at the end (a
 * line's part, most a few times that); shorter (a JSON member's name or
 * string), in two moves that may overlap.  Never past from's len bytes (a
 * call of memcpy for each JSON name cost a line 75 instructions). */
static inline void copy_line(char *to, const char *from, size_t len)
{
	if (len >= 16) {
		for (size_t k = 0; k + 16 < len; k += 16)
			memcpy(to + k, from + k, 16);
		memcpy(to + len - 16, from + len - 16, 16);
	} else if (len >= 8) {
		copy_ends(to, from, len, 8);
	} else if (len >= 4) {
		copy_ends(to, from, len, 4);
	} else if (len) { /* its first, middle and last bytes: all of it */
		to[0] = from[0];
		to[len / 2] = from[len / 2];
		to[len - 1] = from[len - 1];
	}
}

/* A record item, in full: its counts told first if they must be, its
 * task's spans when binding reads them, room made for it. */
static __attribute__((noinline)) void queue_record_in_full(struct sm__relay *r,
							   struct sm__record *rec,
							   size_t taken)
{
	struct lines_step step;
	count_lines(r, 0, &step);
	struct sm__str line = copied_part(r, rec, taken);
	bool has_task = taken && rec->has_task && r->task_read;
	if (has_task)
		sm__ftrace_task_text(rec);
	size_t task = has_task ? sizeof(struct task_spans) : 0;
	struct record_item *it = reserve(r, ITEM_RECORD, sizeof *it + task + line.len);
	it->ts_ns = rec->ts_ns;
	it->step = step;
	it->len = (uint32_t)line.len;
	it->taken = (uint32_t)taken;
	it->name = taken ? span_in(line, rec->name) : (struct span){0, 0};
	it->has_ts = rec->has_ts;
	it->has_task = has_task;
	it->ts_digits = rec->ts_digits;
	char *bytes = (char *)(it + 1);
	if (has_task) {
		struct task_spans spans = {span_in(line, rec->comm), span_in(line, rec->pid_text),
					   span_in(line, rec->cpu_text)};
		memcpy(bytes, &spans, sizeof spans);
		bytes += sizeof spans;
	}
	copy_line(bytes, line.ptr, line.len);
}

/*
 * A record that may bind, its time read, for the caller's side to bind
 * (sm__feed_defer).  Most are taken, need no counts item, no task
 * columns, and fit the batch: written here, in few registers (a call
 * that saves none); the others by queue_record_in_full.
 */
static void queue_record(void *ud, struct sm__record *rec, size_t taken)
{
	struct sm__relay *r = ud;
	const char *line = rec->line.ptr, *name = rec->name.ptr;
	size_t from = (size_t)(name - line);
	struct batch *b = r->cur;
	r->queued += rec->line.len + 1;
	size_t len = rec->line.len - (from - 8);
	size_t size = sizeof(struct record_item) + aligned(len);
	/* room for either item: the values are picked into the batch before
	 * it is known which of the two it will hold */
	struct lines_step step;
	if (!taken || r->task_read || from <= 8 || seldom_moved(r) != r->told_seldom ||
	    b->len + size + PICKED_ROOM > r->fill || !step_lines(r, &step)) {
		queue_record_in_full(r, rec, taken);
		return;
	}
	struct picked_item *p = (struct picked_item *)(b->data + b->len);
	size_t n;
	if (r->prepick && sm__binder_prepick(r->binder, rec, taken, (int64_t *)(p + 1), &n)) {
		size = sizeof *p + n * sizeof(int64_t);
		b->len += size;
		*p = (struct picked_item){
			.h = {ITEM_PICKED, (uint32_t)size}, .ts_ns = rec->ts_ns,
			.step = step, .taken = (uint32_t)taken, .has_ts = rec->has_ts,
			.ts_digits = rec->ts_digits};
		return;
	}
	struct record_item *it = (struct record_item *)(b->data + b->len);
	b->len += size;
	char *bytes = (char *)(it + 1);
	*it = (struct record_item){
		.h = {ITEM_RECORD, (uint32_t)size},
		.ts_ns = rec->ts_ns, .step = step,
		.len = (uint32_t)len, .taken = (uint32_t)taken,
		.name = {8, (uint32_t)rec->name.len}, .has_ts = rec->has_ts,
		.ts_digits = rec->ts_digits};
	copy_line(bytes, name - 8, len);
}

/* Copy s to *to and move *to past it: its span in the bytes at base. */
static inline struct span copy_member(char *base, char **to, struct sm__str s)
{
	char *at = *to;
	copy_line(at, s.ptr, s.len);
	*to = at + s.len;
	return (struct span){(uint32_t)(at - base), (uint32_t)s.len};
}

/* A threaded input begins: no names crossed yet (shapes are told apart
 * within an input).  The arrays per binding are made at the first. */
static void names_forgotten(struct sm__relay *r)
{
	if (!r->names_sent) {
		r->nnames = sm__binder_takes_bound(r->binder);
		r->names_sent = sm__xcalloc(r->nnames, sizeof *r->names_sent);
		r->names = sm__xcalloc(r->nnames, sizeof *r->names);
	}
	memset(r->names_sent, 0, r->nnames * sizeof *r->names_sent);
}

/*
 * Do the members' names of a JSON record that binding `taken` takes cross
 * with it?  Not when its shape is the one they last crossed with for that
 * binding (the stepping side keeps those: json_names): the same shape has
 * the same names, in the same order.  A record without a shape (0) is read
 * member by member: its names always cross.  Copying them was a tenth of
 * W1's JSON reader.
 */
static bool names_cross(struct sm__relay *r, uint64_t shape, size_t taken)
{
	if (shape && r->names_sent[taken] == shape)
		return false;
	r->names_sent[taken] = shape;
	return true;
}

/* A JSON record that may bind, its members read, for the caller's side
 * to bind (sm__feed_defer's defer_json). */
static void queue_json(void *ud, struct sm__record *rec, size_t taken)
{
	struct sm__relay *r = ud;
	size_t nfields = taken ? rec->nfields : 0; /* else only its time counts */
	bool names = nfields && names_cross(r, rec->shape, taken);
	struct lines_step step;
	count_lines(r, 0, &step);
	/* room for the most its names and strings may take: the line's
	 * length (each is a part of it, or decoded from one, which is no
	 * longer), cut to what they took (a pass to add them up first cost a
	 * line 40 instructions) */
	size_t head = sizeof(struct json_item) + nfields * sizeof(struct json_field);
	struct json_item *it = reserve(r, ITEM_JSON, head + rec->line.len);
	struct json_field *fields = (struct json_field *)(it + 1);
	char *bytes = (char *)(fields + nfields), *to = bytes;
	for (size_t k = 0; k < nfields; k++) {
		const struct sm__raw_field *f = &rec->fields[k];
		struct json_field *out = &fields[k];
		out->name = names ? copy_member(bytes, &to, f->name) : (struct span){0, 0};
		out->kind = f->value.kind;
		out->hex = f->value.hex;
		out->i = f->value.i;
		out->str = f->value.kind == SM__VAL_STR ? copy_member(bytes, &to, f->value.s)
							: (struct span){0, 0};
	}
	size_t nbytes = (size_t)(to - bytes);
	struct item h = {ITEM_JSON, (uint32_t)aligned(head + nbytes)};
	r->cur->len -= it->h.size - h.size;
	*it = (struct json_item){.h = h, .ts_ns = rec->ts_ns,
				 .step = step, .taken = (uint32_t)taken, .shape = rec->shape,
				 .nfields = (uint32_t)nfields, .nbytes = (uint32_t)nbytes,
				 .has_ts = rec->has_ts, .ts_digits = rec->ts_digits,
				 .names = names};
}

static void queue_warning(struct sm__relay *r, const struct sm__warning *w, bool fails_strict)
{
	size_t ntext = cstr_room(w->kind) + cstr_room(w->input) + cstr_room(w->message) +
		       w->property.len + w->event.len + w->field.len + w->suggestion.len + 4;
	tell_counts(r);
	struct warning_item *it = reserve(r, ITEM_WARNING, sizeof *it + ntext);
	char *text = (char *)(it + 1);
	it->w = *w;
	it->fails_strict = fails_strict;
	it->w.kind = copy_cstr(&text, w->kind);
	it->w.input = copy_cstr(&text, w->input);
	it->w.message = copy_cstr(&text, w->message);
	it->w.property = copy_str(&text, w->property);
	it->w.event = copy_str(&text, w->event);
	it->w.field = copy_str(&text, w->field);
	it->w.suggestion = copy_str(&text, w->suggestion);
}

static void queue_skipped(struct sm__relay *r, const char *input, uint64_t line, size_t col,
			  const char *why)
{
	tell_counts(r);
	struct skipped_item *it = reserve(r, ITEM_SKIPPED, sizeof *it + cstr_room(why));
	char *text = (char *)(it + 1);
	it->input = input; /* the input's name: the caller keeps it (and knows it by it) */
	it->why = copy_cstr(&text, why);
	it->line = line;
	it->col = col;
}

static void queue_read_error(struct sm__relay *r, const char *input, int err, const char *why)
{
	tell_counts(r);
	struct read_error_item *it = reserve(r, ITEM_READ_ERROR, sizeof *it + cstr_room(why));
	char *text = (char *)(it + 1);
	it->input = input; /* the input's name: the caller keeps it (and knows it by it) */
	it->why = copy_cstr(&text, why);
	it->err = err;
}

/* ---- the sink the feed calls: queued on a reader thread, else passed on ---- */

static void on_skipped(void *ud, const char *input, uint64_t line, size_t col, const char *why)
{
	struct sm__relay *r = ud;
	if (r->threaded)
		queue_skipped(r, input, line, col, why);
	else
		r->down.skipped(r->down.ud, input, line, col, why);
}

static void on_warning(void *ud, const struct sm__warning *w, bool fails_strict)
{
	struct sm__relay *r = ud;
	if (r->threaded)
		queue_warning(r, w, fails_strict);
	else
		r->down.warning(r->down.ud, w, fails_strict);
}

static void on_instant(void *ud, const struct sm__match *m, size_t n, const struct sm__where *w)
{
	struct sm__relay *r = ud;
	if (r->threaded)
		queue_instant(r, m, n, w);
	else
		r->down.instant(r->down.ud, m, n, w);
}

static bool on_stop(void *ud)
{
	struct sm__relay *r = ud;
	if (!r->threaded)
		return r->down.stop(r->down.ud);
	return atomic_load_explicit(&r->halt, memory_order_relaxed) ||
	       (r->interrupt && *r->interrupt);
}

/* Asked only of live input, which is never threaded (relay.h). */
static bool on_next_deadline(void *ud, int64_t *at)
{
	struct sm__relay *r = ud;
	return !r->threaded && r->down.next_deadline(r->down.ud, at);
}

static void on_advance(void *ud, const struct sm__where *w, enum sm__passed_by by)
{
	struct sm__relay *r = ud;
	if (!r->threaded)
		r->down.advance(r->down.ud, w, by);
}

static void on_read_error(void *ud, const char *input, int err, const char *why)
{
	struct sm__relay *r = ud;
	if (r->threaded)
		queue_read_error(r, input, err, why);
	else
		r->down.read_error(r->down.ud, input, err, why);
}

void sm__relay_prepick(struct sm__relay *r, enum sm__prepick when)
{
	r->when = when;
}

struct sm__feed_sink sm__relay_sink(struct sm__relay *r)
{
	return (struct sm__feed_sink){.totals = &r->totals, .skipped = on_skipped,
				      .warning = on_warning, .instant = on_instant,
				      .stop = on_stop, .next_deadline = on_next_deadline,
				      .advance = on_advance, .read_error = on_read_error, .ud = r};
}

/* ---- the caller's side: replaying ---- */

/*
 * What each side writes as it goes sits on cache lines of its own: the
 * caller's thread makes its arrays as it first needs them, from the same
 * heap as those the reader's thread reads for every record (the relay's
 * widths, the binder's), and one cache line shared by the two, one side
 * writing it, made JSON Lines 10 to 20% slower.  lines_again: an array of
 * `had` bytes (zeroed past those) made `size` bytes long.
 */
static void *lines_again(void *p, size_t had, size_t size)
{
	char *q = sm__xlines(size);
	if (had)
		memcpy(q, p, had);
	free(p);
	return q;
}

/* Room for n matches of up to `most` slots each, in r->out and r->slots;
 * the slots are kept without a value, but those unpack_match writes. */
static void unpack_room(struct sm__relay *r, size_t n)
{
	if (n <= r->capout)
		return;
	size_t most = r->most_slots;
	r->out = lines_again(r->out, r->capout * sizeof *r->out, n * sizeof *r->out);
	r->dirty = lines_again(r->dirty, r->capout * sizeof *r->dirty, n * sizeof *r->dirty);
	r->slots = lines_again(r->slots, r->capout * most * sizeof *r->slots,
			       n * most * sizeof *r->slots);
	r->capout = n;
}

/* Match k of the instant at `at`, into its slots: those past the packed
 * ones have no value (the binder filled none of them). */
static const char *unpack_match(struct sm__relay *r, const char *at, size_t k)
{
	struct sm__match *m = &r->out[k];
	struct sm__value *slot = r->slots + k * r->most_slots;
	int32_t event, width;
	memcpy(&event, at, sizeof event);
	memcpy(&width, at + sizeof event, sizeof width);
	*m = (struct sm__match){event, slot};
	const char *kinds = at + 8, *word = kinds + round8(2 * (size_t)width);
	for (size_t j = 0; j < (size_t)width; j++) {
		struct sm__value *v = &slot[j];
		*v = (struct sm__value){.kind = (uint8_t)kinds[2 * j], .hex = (uint8_t)kinds[2 * j + 1]};
		if (v->kind == SM__VAL_INT) {
			memcpy(&v->i, word, 8);
			word += 8;
		} else if (v->kind == SM__VAL_STR) {
			uint64_t len;
			memcpy(&len, word, 8);
			v->s = (struct sm__str){word + 8, (size_t)len};
			word += 8 + round8(len);
		}
	}
	for (size_t j = (size_t)width; j < r->dirty[k]; j++)
		slot[j] = (struct sm__value){0};
	r->dirty[k] = (size_t)width;
	return word;
}

/* The line counts brought up to an item: its step added. */
static inline void add_lines(struct sm__relay *r, struct lines_step s)
{
	r->seen.lines += s.lines;
	r->seen.records += s.records;
	r->seen.comments += s.comments;
}

/* The number of the record whose item was replayed last (struct
 * record_item). */
static inline uint64_t record_number(const struct sm__relay *r)
{
	return r->seen.lines;
}

/* A record item's line: after it, and after its task's spans if any. */
static const char *record_line(const struct record_item *it)
{
	return (const char *)(it + 1) + (it->has_task ? sizeof(struct task_spans) : 0);
}

static struct sm__str part(const char *line, struct span s)
{
	return (struct sm__str){line + s.at, s.len};
}

/* A deferred record, rebuilt as the header parse left it (the task and
 * the fields still text), bound and stepped here. */
static void replay_record(struct sm__relay *r, const struct record_item *it)
{
	add_lines(r, it->step);
	const char *line = record_line(it);
	struct sm__record *rec = &r->rec;
	rec->has_task = it->has_task;
	if (it->has_task) {
		struct task_spans spans;
		memcpy(&spans, it + 1, sizeof spans);
		rec->comm = part(line, spans.comm);
		rec->pid_text = part(line, spans.pid);
		rec->cpu_text = part(line, spans.cpu);
	}
	rec->lineno = record_number(r);
	struct sm__str whole = {line, it->len}; /* stored twice, not reloaded */
	rec->line = whole;
	rec->text = whole;
	rec->name = part(line, it->name);
	size_t rest = it->taken ? it->name.at + it->name.len + 1 : 0; /* past the name's ':' */
	rec->rest = (struct sm__str){line + rest, it->len - rest};
	rec->has_ts = it->has_ts;
	rec->ts_ns = it->ts_ns;
	rec->ts_digits = it->ts_digits;
	rec->time_pending = false;
	rec->task_pending = rec->fields_pending = true;
	sm__feed_bind_deferred(&r->deferred, rec, it->taken, &r->step);
}

/* A record the reader picked, bound and stepped here. */
static void replay_picked(struct sm__relay *r, const struct picked_item *it)
{
	add_lines(r, it->step);
	struct sm__record *rec = &r->rec;
	rec->lineno = record_number(r);
	rec->has_ts = it->has_ts;
	rec->ts_ns = it->ts_ns;
	rec->ts_digits = it->ts_digits;
	size_t n = (it->h.size - sizeof *it) / sizeof(int64_t); /* its values */
	sm__feed_bind_picked(&r->deferred, rec, it->taken, (const int64_t *)(it + 1), n, &r->step);
}

/* The names of a JSON item's members: when they crossed, copied as its
 * binding's (an item without them follows one with them, of its binding
 * and shape, in the same input: names_cross). */
static const struct sm__str *item_names(struct sm__relay *r, const struct json_item *it,
					const struct json_field *fields, const char *bytes)
{
	if (!it->names)
		return r->names[it->taken].name;
	struct json_names *kept = &r->names[it->taken];
	size_t nbytes = 0;
	for (size_t k = 0; k < it->nfields; k++)
		nbytes += fields[k].name.len;
	if (it->nfields > kept->cap) {
		kept->cap = it->nfields;
		kept->name = sm__xrealloc(kept->name, kept->cap * sizeof *kept->name);
	}
	if (nbytes >= kept->cap_bytes) { /* never none: to + 0 */
		kept->cap_bytes = nbytes + 1;
		kept->bytes = sm__xrealloc(kept->bytes, kept->cap_bytes);
	}
	char *to = kept->bytes;
	for (size_t k = 0; k < it->nfields; k++) {
		struct sm__str name = part(bytes, fields[k].name);
		copy_line(to, name.ptr, name.len);
		kept->name[k] = (struct sm__str){to, name.len};
		to += name.len;
	}
	return kept->name;
}

/* A JSON record the reader parsed, rebuilt on the item's bytes, bound
 * and stepped here.  Its line is those bytes: what the binder may read
 * past a name (bind.c, bytes_after) is in the item.  Not inline: the
 * replay of ftrace records keeps its registers. */
static __attribute__((noinline)) void replay_json(struct sm__relay *r,
						  const struct json_item *it)
{
	add_lines(r, it->step);
	struct sm__record *rec = &r->rec;
	const struct json_field *fields = (const struct json_field *)(it + 1);
	const char *bytes = (const char *)(fields + it->nfields);
	struct sm__str whole = {bytes, it->nbytes}; /* stored twice, not reloaded */
	rec->lineno = record_number(r);
	rec->line = whole;
	rec->text = whole;
	rec->name = (struct sm__str){bytes, 0}; /* its binding is known: it->taken */
	rec->has_ts = it->has_ts;
	rec->ts_ns = it->ts_ns;
	rec->ts_digits = it->ts_digits;
	rec->has_task = rec->time_pending = rec->task_pending = rec->fields_pending = false;
	rec->shape = it->shape;
	rec->nfields = 0;
	const struct sm__str *names = it->nfields ? item_names(r, it, fields, bytes) : NULL;
	for (size_t k = 0; k < it->nfields; k++) {
		const struct json_field *f = &fields[k];
		struct sm__value v = {.kind = f->kind, .hex = f->hex, .i = f->i};
		if (f->kind == SM__VAL_STR)
			v.s = part(bytes, f->str);
		record_add_field(rec, names[k], v);
	}
	sm__feed_bind_json(&r->deferred, rec, it->taken, &r->step);
}

static void replay_instant(struct sm__relay *r, const struct instant_item *it)
{
	struct sm__where w = {r->name, it->lineno, it->has_ts, it->ts_digits, it->ts_ns,
			      it->after_loss ? r->caller_loss : NULL};
	add_lines(r, it->step);
	if (!it->events_told)
		r->seen.events += it->n;
	unpack_room(r, it->n);
	const char *at = (const char *)(it + 1);
	for (size_t k = 0; k < it->n; k++)
		at = unpack_match(r, at, k);
	r->down.instant(r->down.ud, r->out, it->n, &w);
}

static void replay_item(struct sm__relay *r, const struct item *it)
{
	const struct sm__feed_sink *d = &r->down;
	switch ((enum item_kind)it->kind) {
	case ITEM_INSTANT:
		replay_instant(r, (const struct instant_item *)it);
		break;
	case ITEM_RECORD:
		replay_record(r, (const struct record_item *)it);
		break;
	case ITEM_PICKED:
		replay_picked(r, (const struct picked_item *)it);
		break;
	case ITEM_JSON:
		replay_json(r, (const struct json_item *)it);
		break;
	case ITEM_WARNING: {
		const struct warning_item *i = (const struct warning_item *)it;
		d->warning(d->ud, &i->w, i->fails_strict);
		break;
	}
	case ITEM_SKIPPED: {
		const struct skipped_item *i = (const struct skipped_item *)it;
		d->skipped(d->ud, i->input, i->line, i->col, i->why);
		break;
	}
	case ITEM_READ_ERROR: {
		const struct read_error_item *i = (const struct read_error_item *)it;
		d->read_error(d->ud, i->input, i->err, i->why);
		break;
	}
	case ITEM_LOSS:
		*r->caller_loss = ((const struct loss_item *)it)->loss;
		break;
	case ITEM_COUNTS:
		r->seen = ((const struct counts_item *)it)->totals;
		break;
	}
}

/* After an item: might down.stop say stop now (relay.h)?  The relay's
 * pointers are passed in, loaded once per batch. */
static inline bool may_stop(const atomic_int *failed, const volatile sig_atomic_t *interrupt)
{
	return !failed || atomic_load_explicit(failed, memory_order_relaxed) ||
	       (interrupt && *interrupt);
}

/*
 * Replay a batch, item by item, until the sink says stop (a report could
 * not be written, an interrupt): then the reader is told to stop too, and
 * what it had read ahead is not replayed, nor counted (r->seen).
 */
static void replay(struct sm__relay *r, const struct batch *b)
{
	const atomic_int *failed = r->failed;
	const volatile sig_atomic_t *interrupt = r->interrupt;
	if (r->halted)
		return;
	for (const char *at = b->data, *end = at + b->len; at < end;) {
		const struct item *it = (const struct item *)at;
		uint32_t kind = it->kind;
		at += it->size;
		replay_item(r, it);
		if (kind != ITEM_COUNTS && kind != ITEM_LOSS && may_stop(failed, interrupt) &&
		    r->down.stop(r->down.ud)) {
			r->halted = true;
			atomic_store_explicit(&r->halt, true, memory_order_relaxed);
			break;
		}
	}
}

static void *reader_main(void *arg)
{
	struct sm__relay *r = arg;
	r->ok = sm__feed_fd(r->feed, r->fd, r->name, &r->loss, r->format);
	tell_counts(r);
	atomic_fetch_add(&r->published, 1);
	atomic_store(&r->done, true);
	wake(r);
	return NULL;
}

/* The batches the reader hands over, replayed until it is done. */
static void drain(struct sm__relay *r)
{
	for (;;) {
		wait_for(r, batch_ready);
		bool done = atomic_load(&r->done); /* then `published` is the last */
		uint64_t at = atomic_load(&r->replayed);
		if (at == atomic_load(&r->published)) {
			if (done)
				return;
			continue;
		}
		replay(r, &r->batches[at % RELAY_BATCHES]);
		atomic_store(&r->replayed, at + 1);
		wake(r);
	}
}

/* Run the feed on a reader thread; false when no thread could be made
 * (the caller then feeds on its own thread, nothing read yet). */
static bool feed_threaded(struct sm__relay *r, struct sm__feed *f, int fd, const char *name,
			  struct sm__loss *loss, enum sm__format format)
{
	for (size_t k = 0; k < RELAY_BATCHES; k++)
		if (!r->batches[k].data) { /* the first threaded input */
			r->batches[k].cap = RELAY_BATCH_BYTES;
			r->batches[k].data = sm__xhuge(RELAY_BATCH_BYTES);
		}
	atomic_store(&r->published, 0);
	atomic_store(&r->replayed, 0);
	atomic_store(&r->done, false);
	atomic_store(&r->halt, false);
	r->halted = false;
	r->told = r->seen = r->totals; /* zero: emptied after each input */
	r->said = (struct lines_count){0};
	r->step_bits = sm__relay_step_bits_test ? sm__relay_step_bits_test : 32;
	r->threaded = true;
	r->cur = &r->batches[0];
	r->cur->len = 0;
	r->fill = RELAY_FIRST_BYTES;
	r->queued = 0;
	r->prepick = r->when == SM__PREPICK_ALWAYS;
	r->loss = *loss;
	r->loss_sent = loss->places;
	r->told_seldom = seldom_moved(r);
	r->caller_loss = loss;
	r->feed = f;
	r->step = r->down;
	r->stepped = (struct sm__totals){0};
	r->step.totals = &r->stepped;
	r->task_read = sm__feed_defer(f, queue_record, queue_json, r, name, loss);
	r->deferred = sm__feed_deferred(f);
	r->binder = r->deferred.binder;
	names_forgotten(r);
	r->fd = fd;
	r->name = name;
	r->format = format;
	pthread_t reader;
	bool made = pthread_create(&reader, NULL, reader_main, r) == 0;
	if (made) {
		drain(r);
		pthread_join(reader, NULL);
	}
	sm__feed_defer(f, NULL, NULL, NULL, NULL, NULL);
	r->threaded = false;
	return made;
}

/* A regular file of text lines (not trace.dat, whose reader forks); *left:
 * its bytes from where it is read on. */
static bool text_file(int fd, enum sm__format format, uint64_t *left)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sm__feed_is_dat(fd, &sb, format))
		return false;
	off_t at = lseek(fd, 0, SEEK_CUR);
	*left = at >= 0 && sb.st_size > at ? (uint64_t)(sb.st_size - at) : 0;
	return true;
}

/* The feed's counts added to the run's. */
static void add_totals(struct sm__totals *to, const struct sm__totals *from)
{
	to->lines += from->lines;
	to->records += from->records;
	to->events += from->events;
	to->skipped += from->skipped;
	to->comments += from->comments;
	to->losses += from->losses;
	to->lost_events += from->lost_events;
	to->pattern_limit += from->pattern_limit;
}

bool sm__relay_feed_fd(struct sm__relay *r, struct sm__feed *f, int fd, const char *name,
		       struct sm__loss *loss, enum sm__format format, bool may_thread)
{
	bool ok;
	if (may_thread && text_file(fd, format, &r->to_read) &&
	    feed_threaded(r, f, fd, name, loss, format)) {
		/* The counts of what was replayed: all that was read, unless
		 * the caller stopped replaying. */
		r->totals = r->seen;
		r->totals.events += r->stepped.events;
		ok = r->ok;
	} else {
		ok = sm__feed_fd(f, fd, name, loss, format);
	}
	add_totals(r->down.totals, &r->totals);
	r->totals = (struct sm__totals){0};
	return ok;
}

/* A match's slots past its event's declared fields are built-ins, filled
 * only where the spec reads them: those are packed, up to the last. */
static void set_widths(struct sm__relay *r)
{
	const struct sm__ir *ir = r->ir;
	uint8_t *reads = sm__xcalloc(ir->nevents + 1, 1);
	sm__bind_builtins_read(ir, reads);
	r->width = sm__xlines((ir->nevents + 1) * sizeof *r->width);
	for (size_t k = 0; k < ir->nevents; k++) {
		unsigned read = reads[ir->events[k].root];
		r->width[k] = (uint32_t)(ir->events[k].nfields +
					(read ? 32 - (size_t)__builtin_clz(read) : 0));
	}
	free(reads);
}

struct sm__relay *sm__relay_new(const struct sm__ir *ir, struct sm__feed_sink down,
				const volatile sig_atomic_t *interrupt, const atomic_int *failed)
{
	struct sm__relay *r = sm__xaligned(alignof(struct sm__relay), sizeof *r);
	memset(r, 0, sizeof *r);
	r->ir = ir;
	r->down = down;
	r->interrupt = interrupt;
	r->failed = failed;
	for (size_t k = 0; k < ir->nevents; k++)
		if (sm__ir_nslots(&ir->events[k]) > r->most_slots)
			r->most_slots = sm__ir_nslots(&ir->events[k]);
	set_widths(r);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	return r;
}

void sm__relay_free(struct sm__relay *r)
{
	if (!r)
		return;
	for (size_t k = 0; k < RELAY_BATCHES; k++)
		free(r->batches[k].data);
	free(r->out);
	free(r->dirty);
	free(r->slots);
	free(r->width);
	free(r->names_sent);
	for (size_t k = 0; k < r->nnames; k++) {
		free(r->names[k].name);
		free(r->names[k].bytes);
	}
	free(r->names);
	sm__record_free(&r->rec);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	free(r);
}
