/*
 * vacuity.c: the vacuity warnings at the end of a run (see vacuity.h).
 * Stage: src/report, after the engine; the counts come from the binder
 * (matches, fields carried) and the engine (ticks, steps, keys carried),
 * and the texts are made here.
 */
#include "vacuity.h"

#include <inttypes.h>
#include <stdio.h>

struct vacuity {
	const struct sm__ir *ir;
	const struct sm__binder *binder;
	const struct sm__engine *engine;
	sm__warn_fn *warn;
	void *ud;
};

/* The record name a named binding of the event expects, if any. */
static struct sm__str record_name(const struct sm__ir *ir, size_t event)
{
	for (size_t k = 0; k < ir->nbindings; k++)
		if (ir->bindings[k].event == (int)event && ir->bindings[k].kind != SM__BIND_LOG)
			return ir->bindings[k].name;
	return (struct sm__str){"", 0};
}

/* A record name of the inputs close to the one the event expects. */
static struct sm__str near_record(const struct vacuity *v, struct sm__str want)
{
	struct sm__str names[SM__UNBOUND_MAX], pick = {"", 0};
	size_t n = sm__binder_unbound(v->binder, names, SM__UNBOUND_MAX), best = 3;
	for (size_t k = 0; want.len && k < n; k++) {
		size_t d = sm__edit_distance(want, names[k]);
		if (d < best && d < want.len) {
			best = d;
			pick = names[k];
		}
	}
	return pick;
}

/* A source event that matched no record, or none with some field. */
static void vacuous_source(const struct vacuity *v, size_t e)
{
	const struct sm__ir_event *ev = &v->ir->events[e];
	char msg[512];
	struct sm__warning w = {.kind = "unmatched-event", .spec = ev->loc, .event = ev->name,
				.message = msg};
	uint64_t matched = sm__binder_matched(v->binder, (int)e);
	if (!matched) {
		struct sm__str want = record_name(v->ir, e);
		w.suggestion = near_record(v, want);
		int n = snprintf(msg, sizeof msg, "event %.*s matched no record", (int)ev->name.len,
				 ev->name.ptr);
		if (w.suggestion.len)
			snprintf(msg + n, sizeof msg - (size_t)n, " (did you mean '%.*s', "
				 "a record name in the input, instead of '%.*s'?)",
				 (int)w.suggestion.len, w.suggestion.ptr, (int)want.len, want.ptr);
		v->warn(v->ud, &w, true);
		return;
	}
	w.kind = "missing-field";
	for (size_t f = 0; f < ev->nfields; f++) {
		if (sm__binder_field_seen(v->binder, (int)e, f))
			continue;
		w.field = ev->fields[f];
		snprintf(msg, sizeof msg, "event %.*s matched %" PRIu64 " record%s, none with a "
			 "field %.*s (renamed in the trace?)", (int)ev->name.len, ev->name.ptr,
			 matched, matched == 1 ? "" : "s",
			 (int)ev->fields[f].len, ev->fields[f].ptr);
		v->warn(v->ud, &w, true);
	}
}

/* A derived event that never ticked: its base never did, or its filter
 * never held. */
static void vacuous_derived(const struct vacuity *v, size_t e)
{
	const struct sm__ir_event *ev = &v->ir->events[e], *base = &v->ir->events[ev->base];
	char msg[512];
	bool base_ticked = sm__engine_ever_ticked(v->engine, ev->base);
	snprintf(msg, sizeof msg, "event %.*s never ticked: %.*s %s", (int)ev->name.len,
		 ev->name.ptr, (int)base->name.len, base->name.ptr,
		 base_ticked ? "ticked but the filter never held" : "never ticked");
	struct sm__warning w = {.kind = base_ticked ? "filter-never-held" : "unmatched-event",
				.spec = ev->loc, .event = ev->name, .message = msg};
	v->warn(v->ud, &w, true);
}

/* A property that never stepped, and key fields no event carried. */
static void vacuous_property(const struct vacuity *v, size_t k)
{
	const struct sm__ir_prop *p = &v->ir->props[k];
	struct sm__prop_stats st;
	sm__engine_stats(v->engine, k, &st);
	char msg[512];
	struct sm__warning w = {.kind = "key-never-carried", .spec = p->loc, .property = p->name,
				.message = msg};
	for (size_t f = 0; f < p->nkeys; f++) {
		if (st.keys_carried & (1u << f))
			continue;
		w.field = p->keys[f];
		snprintf(msg, sizeof msg, "no event of %.*s carried its key field %.*s",
			 (int)p->name.len, p->name.ptr, (int)p->keys[f].len, p->keys[f].ptr);
		v->warn(v->ud, &w, true);
	}
	if (st.steps)
		return;
	w.kind = "never-stepped";
	w.field = (struct sm__str){"", 0};
	snprintf(msg, sizeof msg, "property %.*s was never checked: no instance of it took a "
		 "step", (int)p->name.len, p->name.ptr);
	v->warn(v->ud, &w, true);
}

void sm__vacuity(const struct sm__ir *ir, const struct sm__binder *binder,
		 const struct sm__engine *engine, sm__warn_fn *warn, void *ud)
{
	struct vacuity v = {ir, binder, engine, warn, ud};
	for (size_t e = 0; e < ir->nevents; e++) {
		if (ir->events[e].base < 0)
			vacuous_source(&v, e);
		else if (!sm__engine_ever_ticked(engine, (int)e))
			vacuous_derived(&v, e);
	}
	for (size_t k = 0; k < ir->nprops; k++)
		vacuous_property(&v, k);
}
