/*
 * steplog.h: what instance histories are made of.  Every step an instance
 * takes is one compact entry in an engine-wide ring, the step log; the
 * instance keeps only the number of its last entry, and each entry the
 * number of the same instance's previous one, so a history is read by
 * walking back (DESIGN.md §5: history costs nothing until a report needs
 * it).  What the steps of an instant's tick share (the record's place:
 * input, line, time; its event and values) is kept once, in a second ring
 * beside the first, however many instances the instant steps -- or, for
 * the one step of the commonest instants, in a third ring at the step's
 * own place (struct sm__own).  The rings have a fixed size: memory stays
 * bounded, and a history stops where the ring has written over older
 * steps.
 */
#ifndef SM_STEPLOG_H
#define SM_STEPLOG_H

#include "base.h"

/* Entries the log holds per step of --history (rounded up to a power of
 * two, at most SM__STEPLOG_MAX): with the default 5, 32768 entries, 2 MB
 * with their origins.  Every step writes the next entry, so the ring runs
 * through the caches: one that fits in them costs W1 little (with 131072
 * entries, W1 ran 20% slower); an instance idle longer loses its history. */
#define SM__STEPLOG_PER_HISTORY 4096u
#define SM__STEPLOG_MAX (1u << 22)

/* A record's place, for reports: a struct sm__where without its losses. */
struct sm__place {
	uint64_t line;
	int64_t ts;
	uint32_t input; /* an index in the engine's input names */
	uint8_t digits; /* of ts, at most 9 (what a report shows) */
	bool has_ts;
};

/* What the steps an instant shows at one of its ticks have in common: the
 * record's place, the event and the journal reference of its values.
 * Written once, at the first such step, however many instances step. */
struct sm__origin {
	struct sm__place place;
	uint64_t record;
	int32_t event;
};

/* One step of one instance: its tick's origin and what is its own; from
 * and to as in struct sm__hist_entry.  Whose step it is (prop, slot) lets
 * an instance keep only 32 bits of its last step's seq (sm__steplog_find).
 * An instance may hold steps of another property's instance in the same
 * slot, its keeper's (struct sm__step_owner). */
struct sm__step {
	uint32_t origin; /* an index in the origin ring */
	uint32_t prev;   /* the low 32 bits of the seq of the instance's step
			  * before (0: it took none), as it kept them: how far
			  * back that is, is worked out when a history is read */
	uint32_t prop, slot;
	int16_t from, to;
};

/*
 * A step whose origin is its own: the one step of a direct instant (one
 * tick, one property; engine.c, step_planned) of an event of at most
 * SM__OWN_VALUES declared fields, all decimal integers, at a place that
 * packs in a word, with a time.  Its step's origin is SM__OWN_ORIGIN, and
 * the place, event and values are at the same seq in the ring of these:
 * no journal entry and no shared origin (W1's history took 90 instructions
 * a line so, 67 this way), and they live as long as the step.
 */
#define SM__OWN_ORIGIN UINT32_MAX
#define SM__OWN_VALUES 3
struct sm__own {
	uint64_t place_at; /* as a slot's last_at packs it (engine_private.h) */
	int64_t ts;
	int32_t event;
	uint32_t nvalues;
	int64_t values[SM__OWN_VALUES];
};

struct sm__steplog {
	struct sm__step *steps;     /* seq s at steps[s % cap] */
	struct sm__own *own;        /* and its own origin at own[s % cap] */
	struct sm__origin *origins; /* as many: see sm__steplog_origin */
	size_t cap, mask;           /* cap, a power of two, and cap - 1 */
	uint64_t seq;               /* the last entry's seq (the first is 1); 0: none */
	uint64_t norigins;          /* origins written */
};

/* A log for --history `history` (not 0). */
void sm__steplog_init(struct sm__steplog *log, unsigned history);

/*
 * A new origin, for the steps about to be added at it: its index.  The
 * origin ring needs no check of its own: an origin is written just before
 * its first step, and a step at an origin that is no longer the last one
 * written takes a copy (sm__steplog_add: an instant's ticks interleave),
 * so fewer origins than steps come after a step's origin, and while a step
 * is held (less than a ring behind) so is its origin.
 */
static inline uint32_t sm__steplog_origin(struct sm__steplog *log, const struct sm__place *place,
					  uint64_t record, int event)
{
	struct sm__origin *o = &log->origins[log->norigins & log->mask];
	o->place = *place;
	o->record = record;
	o->event = event;
	return (uint32_t)(log->norigins++ & log->mask);
}

/* The seq after seq: its low 32 bits are never 0 (a seq that would have
 * them is skipped), so that an instance's ref (those bits of its last
 * step's seq) says both whether it stepped and where. */
static inline uint64_t sm__steplog_next(uint64_t seq)
{
	seq++;
	return seq + !(uint32_t)seq;
}

/* The seq n seqs after seq (sm__steplog_next n times, n < 2^32): one more
 * when the low 32 bits passed 0. */
static inline uint64_t sm__steplog_advance(uint64_t seq, uint32_t n)
{
	uint64_t to = seq + n;
	return to + ((uint32_t)to < n);
}

/* Write the entry of seq (the sm__steplog_next of the log's), ref as for
 * sm__steplog_add, at the origin written last; the caller stores seq in
 * the log.  For a caller that keeps the log's seq in a register over many
 * steps of one tick. */
static inline void sm__steplog_put(struct sm__steplog *log, uint64_t seq, uint32_t ref,
				   struct sm__step step)
{
	step.prev = ref;
	log->steps[seq & log->mask] = step;
}

/* The entry of seq as sm__steplog_put writes it, for a step of a direct
 * instant whose origin is its own (struct sm__own): n values, at most
 * SM__OWN_VALUES, each a decimal integer. */
static inline void sm__steplog_put_own(struct sm__steplog *log, uint64_t seq, uint32_t ref,
				       uint32_t prop, uint32_t slot, int from, int to,
				       uint64_t place_at, int64_t ts, int event,
				       const struct sm__value *values, size_t n)
{
	size_t at = seq & log->mask;
	log->steps[at] = (struct sm__step){SM__OWN_ORIGIN, ref, prop, slot, (int16_t)from,
					   (int16_t)to};
	struct sm__own *o = &log->own[at];
	o->place_at = place_at;
	o->ts = ts;
	o->event = event;
	o->nvalues = (uint32_t)n;
	switch (n) { /* without a loop */
	case 3: o->values[2] = values[2].i; /* fall through */
	case 2: o->values[1] = values[1].i; /* fall through */
	case 1: o->values[0] = values[0].i; /* fall through */
	default: break;
	}
}

/*
 * Append a step; ref: the low 32 bits of the seq of the instance's step
 * before (unchecked, as sm__steplog_seq: a history walk checks the
 * owner), 0 when it took none.  Returns the new entry's seq.  Inline:
 * every step of every instance comes here.
 */
static inline uint64_t sm__steplog_add(struct sm__steplog *log, uint32_t ref, struct sm__step step)
{
	if (step.origin != (uint32_t)((log->norigins - 1) & log->mask)) {
		struct sm__origin again = log->origins[step.origin];
		step.origin = sm__steplog_origin(log, &again.place, again.record, again.event);
	}
	uint64_t seq = log->seq = sm__steplog_next(log->seq);
	sm__steplog_put(log, seq, ref, step);
	return seq;
}

/* The seq whose low 32 bits are ref, among the last 2^32 (unchecked: see
 * sm__steplog_find and sm__steplog_prev). */
static inline uint64_t sm__steplog_seq(const struct sm__steplog *log, uint32_t ref)
{
	uint32_t behind = (uint32_t)log->seq - ref;
	return behind < log->seq ? log->seq - behind : 0;
}

/* Whose steps an instance's history holds: those of property prop at
 * slot, and of its keeper there (engine.c, sm__unshare: the steps they took
 * alike, before they went apart; keeper is prop when it has none). */
struct sm__step_owner {
	uint32_t prop, keeper, slot;
};

static inline bool sm__step_owned(const struct sm__step *s, struct sm__step_owner o)
{
	return s->slot == o.slot && (s->prop == o.prop || s->prop == o.keeper);
}

/*
 * The seq of the step of instance o whose seq's low 32 bits are ref, or 0
 * when the log no longer holds it (or ref is 0: it took none).  The ring
 * holds the last `cap` seqs, whose low 32 bits differ: ref names at most
 * one of them.  An instance whose last step is older than 2^32 steps would
 * find the step of a later seq with the same low bits; that step is not
 * its own (it took none since), and the owner says so -- unless it is its
 * keeper's in the same slot, taken then for its own: 2^32 steps idle.
 */
static inline uint64_t sm__steplog_find(const struct sm__steplog *log, uint32_t ref,
					struct sm__step_owner o)
{
	if (!ref)
		return 0; /* it took no step */
	uint64_t seq = sm__steplog_seq(log, ref);
	if (!seq || log->seq - seq >= log->cap)
		return 0;
	return sm__step_owned(&log->steps[seq & log->mask], o) ? seq : 0;
}

/* The entry of seq, or NULL when there is none or it was written over. */
const struct sm__step *sm__steplog_get(const struct sm__steplog *log, uint64_t seq);
/* The seq of instance o's step before seq's entry (0: none held).  A step
 * before it a whole ring back or more is gone; one less far back is held,
 * and its owner checked: a writer that names its previous step by 32 bits
 * may name another's (see sm__steplog_find). */
uint64_t sm__steplog_prev(const struct sm__steplog *log, uint64_t seq, struct sm__step_owner o);
const struct sm__origin *sm__steplog_origin_of(const struct sm__steplog *log,
					       const struct sm__step *step);
void sm__steplog_free(struct sm__steplog *log);

#endif
