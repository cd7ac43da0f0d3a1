/* report.c: text and JSON reports (see report.h). */
#include "report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_str(struct sm__buf *b, struct sm__str s)
{
	sm__buf_add(b, s.ptr, s.len);
}

static void add_json_str(struct sm__buf *b, struct sm__str s)
{
	sm__buf_addc(b, '"');
	sm__buf_add_json(b, s.ptr, s.len);
	sm__buf_addc(b, '"');
}

static void add_json_cstr(struct sm__buf *b, const char *s)
{
	add_json_str(b, (struct sm__str){s, strlen(s)});
}

static void add_json_value(struct sm__buf *b, struct sm__value v)
{
	if (v.kind == SM__VAL_INT)
		sm__buf_printf(b, "%" PRId64, v.i);
	else if (v.kind == SM__VAL_STR)
		add_json_str(b, v.s);
	else
		sm__buf_adds(b, "null");
}

void sm__report_spec_place(struct sm__buf *b, struct sm__loc loc)
{
	if (!loc.src)
		return;
	uint32_t line, col;
	sm__source_linecol(loc.src, loc.off, &line, &col);
	sm__buf_printf(b, "%s:%u", loc.src->name, line);
}

void sm__report_instance(struct sm__buf *b, const struct sm__ir_prop *p,
			 const struct sm__instance *inst)
{
	add_str(b, p->name);
	if (!p->nkeys)
		return;
	sm__buf_addc(b, '[');
	struct sm__value keys[SM__MAX_KEYS];
	sm__instance_keys(inst, keys);
	for (size_t k = 0; k < p->nkeys; k++) {
		sm__buf_printf(b, "%s%.*s=", k ? ", " : "", (int)p->keys[k].len, p->keys[k].ptr);
		sm__format_value(b, keys[k]);
	}
	sm__buf_addc(b, ']');
}

static void add_json_key(struct sm__buf *b, const struct sm__ir_prop *p,
			 const struct sm__instance *inst)
{
	sm__buf_adds(b, ",\"key\":{");
	struct sm__value keys[SM__MAX_KEYS];
	sm__instance_keys(inst, keys);
	for (size_t k = 0; k < p->nkeys; k++) {
		if (k)
			sm__buf_addc(b, ',');
		add_json_str(b, p->keys[k]);
		sm__buf_addc(b, ':');
		add_json_value(b, keys[k]);
	}
	sm__buf_addc(b, '}');
}

static void add_json_where(struct sm__buf *b, const struct sm__where *w)
{
	sm__buf_adds(b, "\"input\":");
	add_json_cstr(b, w->input ? w->input : "");
	sm__buf_printf(b, ",\"line\":%" PRIu64, w->lineno);
	if (w->has_ts) {
		sm__buf_adds(b, ",\"ts\":");
		sm__format_time(b, w);
	}
}

/* "trace.txt:812: 8.372307 " */
static void add_where(struct sm__buf *b, const struct sm__where *w)
{
	sm__buf_printf(b, "%s:%" PRIu64 ": ", w->input ? w->input : "-", w->lineno);
	if (w->has_ts) {
		sm__format_time(b, w);
		sm__buf_addc(b, ' ');
	}
}

static struct sm__str state_name(const struct sm__ir_prop *p, int s)
{
	return s >= 0 ? p->states[s] : (struct sm__str){"*", 1};
}

/* ---- what was allowed ---- */

size_t sm__report_allowed_edges(const struct sm__ir_prop *p, int state, int *out)
{
	size_t n = 0;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from == state && p->edges[k].event >= 0)
			out[n++] = (int)k;
	if (n)
		return n;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from == SM__ANY_STATE && p->edges[k].event >= 0)
			out[n++] = (int)k;
	return n;
}

void sm__report_edge_text(struct sm__buf *b, const struct sm__ir *ir,
			  const struct sm__ir_edge *e)
{
	add_str(b, ir->events[e->event].name);
	if (e->guard) {
		sm__buf_adds(b, " when ");
		add_str(b, sm__loc_text(e->guard_loc));
	}
}

size_t sm__report_allowed_clocks(const struct sm__ir_prop *p, int64_t lead,
				 struct sm__str *out)
{
	size_t n = 0;
	bool a_alone, b_alone;
	switch (p->rel) {
	case SM__REL_PRECEDES:
		a_alone = !p->bound || lead + 1 <= p->bound;
		b_alone = lead > 0;
		break;
	case SM__REL_CAUSES: a_alone = true; b_alone = lead > 0; break;
	case SM__REL_ALTERNATES: a_alone = lead == 0; b_alone = lead > 0; break;
	case SM__REL_SUBCLOCK: a_alone = false; b_alone = true; break;
	case SM__REL_EXCLUDES: a_alone = b_alone = true; break;
	default: a_alone = b_alone = false; break;
	}
	if (a_alone)
		out[n++] = p->a_text;
	if (b_alone && !(a_alone && sm__str_eq_str(p->a_text, p->b_text)))
		out[n++] = p->b_text;
	return n;
}

const char *sm__report_nothing_allowed(const struct sm__ir_prop *p)
{
	if (p->kind == SM__PROP_AUTOMATON)
		return "nothing (no edge leaves this state)";
	return p->rel == SM__REL_COINCIDES ? "both together" : "nothing";
}

/* Why a relation refused this instant, in words. */
static void relation_reason(struct sm__buf *b, const struct sm__violation *v)
{
	const struct sm__ir_prop *p = v->prop;
	struct sm__str a = p->a_text, bn = p->b_text;
	/* An expression side: say which one the event made tick. */
	if (v->tb && p->b < 0)
		sm__buf_printf(b, "makes %.*s tick ", (int)bn.len, bn.ptr);
	else if (v->ta && !v->tb && p->a < 0)
		sm__buf_printf(b, "makes %.*s tick ", (int)a.len, a.ptr);
	switch (p->rel) {
	case SM__REL_SUBCLOCK:
		sm__buf_printf(b, "without %.*s in the same instant", (int)bn.len, bn.ptr);
		return;
	case SM__REL_EXCLUDES: /* the report shows b: name the other one */
		sm__buf_printf(b, "together with %.*s in the same instant", (int)a.len, a.ptr);
		return;
	case SM__REL_COINCIDES:
		sm__buf_printf(b, "without %.*s in the same instant",
			       (int)(v->ta ? bn.len : a.len), v->ta ? bn.ptr : a.ptr);
		return;
	default:
		break;
	}
	if (v->tb && v->lead + (p->rel == SM__REL_CAUSES ? v->ta : 0) <= 0)
		sm__buf_printf(b, "with no %.*s before it to match", (int)a.len, a.ptr);
	else if (p->rel == SM__REL_ALTERNATES)
		sm__buf_printf(b, "while a %.*s still waits for its %.*s", (int)a.len, a.ptr,
			       (int)bn.len, bn.ptr);
	else
		sm__buf_printf(b, "while %" PRId64 " %.*s already wait for their %.*s (bound %" PRId64
			       ")", v->lead, (int)a.len, a.ptr, (int)bn.len, bn.ptr, p->bound);
}

/* ---- text reports ---- */

static void text_allowed_automaton(struct sm__buf *b, const struct sm__ir *ir,
				   const struct sm__ir_prop *p, int state)
{
	int *edges = sm__xmalloc(sizeof(int) * (p->nedges + 1));
	size_t n = sm__report_allowed_edges(p, state, edges);
	if (!n)
		sm__buf_printf(b, "  allowed here: %s\n", sm__report_nothing_allowed(p));
	for (size_t k = 0; k < n; k++) {
		const struct sm__ir_edge *e = &p->edges[edges[k]];
		sm__buf_adds(b, k ? "                " : "  allowed here: ");
		sm__report_edge_text(b, ir, e);
		sm__buf_adds(b, "   (");
		sm__report_spec_place(b, e->loc);
		sm__buf_adds(b, ")\n");
	}
	free(edges);
}

static void text_allowed_relation(struct sm__buf *b, const struct sm__ir_prop *p, int64_t lead)
{
	sm__buf_adds(b, "  relation: ");
	add_str(b, sm__loc_text(p->rel_text));
	sm__buf_adds(b, "   (");
	sm__report_spec_place(b, p->rel_text);
	sm__buf_adds(b, ")\n  allowed here: ");
	struct sm__str clocks[2];
	size_t n = sm__report_allowed_clocks(p, lead, clocks);
	for (size_t k = 0; k < n; k++)
		sm__buf_printf(b, "%s%.*s", k ? ", " : "", (int)clocks[k].len, clocks[k].ptr);
	if (!n)
		sm__buf_adds(b, sm__report_nothing_allowed(p));
	sm__buf_addc(b, '\n');
}

void sm__report_history_event(struct sm__buf *b, const struct sm__reporter *r,
			      const struct sm__ir_prop *p, const struct sm__hist_entry *h)
{
	const struct sm__journal_rec *rec = sm__engine_record(r->engine, h);
	const struct sm__ir_event *ev = &r->ir->events[h->event];
	if (rec && rec->nvalues == ev->nfields) {
		sm__format_event(b, ev, rec->values, p);
	} else {
		add_str(b, ev->name);
		sm__buf_adds(b, "(...)");
	}
}

/* A violation in a JSON history: what the `after violation` policy did. */
static const char *violation_after_json(const struct sm__ir_prop *p)
{
	if (p->kind != SM__PROP_AUTOMATON || p->after == SM__AFTER_IGNORE)
		return ",\"ignored\":true";
	return p->after == SM__AFTER_STOP ? ",\"violation\":true,\"after\":\"stop\""
					  : ",\"violation\":true,\"after\":\"restart\"";
}

void sm__report_history_step(struct sm__buf *b, const struct sm__ir_prop *p,
			     const struct sm__hist_entry *h, const char *sep)
{
	if (h->to == SM__HIST_VIOLATION) {
		sm__buf_printf(b, "%sviolation, ", sep);
		if (p->kind != SM__PROP_AUTOMATON || p->after == SM__AFTER_IGNORE)
			sm__buf_adds(b, "ignored");
		else if (p->after == SM__AFTER_STOP)
			sm__buf_adds(b, "stops watching");
		else if (p->start_event >= 0)
			sm__buf_adds(b, "waits for its start event again");
		else
			sm__buf_printf(b, "back to %.*s", (int)p->states[p->initial].len,
				       p->states[p->initial].ptr);
	} else if (h->from == SM__HIST_STARTED) {
		sm__buf_printf(b, "%sstarts watching in %.*s", sep, (int)p->states[h->to].len,
			       p->states[h->to].ptr);
	} else if (p->kind == SM__PROP_AUTOMATON) {
		sm__buf_printf(b, "%s%.*s -> %.*s", sep, (int)state_name(p, h->from).len,
			       state_name(p, h->from).ptr, (int)p->states[h->to].len,
			       p->states[h->to].ptr);
	}
}

static void text_history(struct sm__buf *b, const struct sm__reporter *r,
			 const struct sm__ir_prop *p, const struct sm__instance *inst)
{
	const struct sm__hist_entry *hist;
	bool cut;
	size_t n = sm__instance_history(r->engine, inst, &hist, &cut);
	if (!n && !cut)
		return;
	sm__buf_adds(b, "  history of ");
	sm__report_instance(b, p, inst);
	sm__buf_adds(b, ":\n");
	if (cut)
		sm__buf_adds(b, "    (earlier steps no longer kept: the history log is bounded)\n");
	for (size_t k = 0; k < n; k++) {
		const struct sm__hist_entry *h = &hist[k];
		sm__buf_printf(b, "    %s:%" PRIu64 "  ", h->where.input, h->where.lineno);
		if (h->where.has_ts) {
			sm__format_time(b, &h->where);
			sm__buf_adds(b, "  ");
		}
		sm__report_history_event(b, r, p, h);
		sm__report_history_step(b, p, h, "   ");
		sm__buf_addc(b, '\n');
	}
}

/* How many events a loss counted, in words. */
static void add_lost_count(struct sm__buf *b, const struct sm__loss *l)
{
	if (!l->some_unknown)
		sm__buf_printf(b, "%" PRIu64 " event%s", l->events, l->events == 1 ? "" : "s");
	else if (l->events)
		sm__buf_printf(b, "at least %" PRIu64 " events", l->events);
	else
		sm__buf_adds(b, "an unknown number of events");
}

void sm__report_loss(struct sm__buf *b, const struct sm__where *w)
{
	const struct sm__loss *l = w->loss;
	add_lost_count(b, l);
	if (l->places == 1)
		sm__buf_printf(b, " lost at %s:%" PRIu64, w->input, l->first_line);
	else
		sm__buf_printf(b, " lost in %" PRIu64 " places, the first at %s:%" PRIu64,
			       l->places, w->input, l->first_line);
}

/* "  after a loss: 12 events lost at trace:4": the verdict may be wrong. */
static void text_after_loss(struct sm__buf *b, const struct sm__where *w)
{
	sm__buf_adds(b, "  after a loss: ");
	sm__report_loss(b, w);
	sm__buf_addc(b, '\n');
}

/* ---- missed deadlines ---- */

/* The deadline as the rule says it: `within` D after a is met at ts(a) + D
 * itself; `clk < D` is broken when clk reaches D.  As a time: with the
 * opener's precision, or more where the duration needs it (a 150ms deadline
 * after 1.0 is 1.15, not 1.1).  It has a value even when the record that
 * opened it had no ts (an invariant's clock was reset earlier). */
static void add_deadline(struct sm__buf *b, const struct sm__violation *v)
{
	const struct sm__ir_prop *p = v->prop;
	struct sm__where t = *v->miss->opened;
	t.has_ts = true;
	t.ts_ns = v->miss->deadline;
	if (p->kind == SM__PROP_AUTOMATON && p->inv_strict[v->state])
		t.ts_ns++;
	uint64_t frac = (uint64_t)(t.ts_ns % 1000000000);
	uint8_t exact = frac ? 9 : 0;
	for (; frac && frac % 10 == 0; frac /= 10)
		exact--;
	if (!v->miss->opened->has_ts)
		t.ts_digits = exact ? exact : 1;
	else if (exact > t.ts_digits)
		t.ts_digits = exact;
	sm__format_time(b, &t);
}

/* The property's title, the second line of its reports (DESIGN.md §3). */
static void text_rule(struct sm__buf *b, const struct sm__ir_prop *p)
{
	if (!p->title.len)
		return;
	sm__buf_adds(b, "  rule: ");
	add_str(b, p->title);
	sm__buf_addc(b, '\n');
}

static void json_rule(struct sm__buf *b, const struct sm__ir_prop *p)
{
	if (!p->title.len)
		return;
	sm__buf_adds(b, ",\"rule\":");
	add_json_str(b, p->title);
}

/* What passed the deadline: "this record", or the wall clock (live). */
static const char *passed_by(const struct sm__miss *m)
{
	switch (m->by) {
	case SM__PASSED_BY_IDLE: return "the wall clock while the input was idle";
	case SM__PASSED_AT_END: return "the wall clock at the end of input";
	default: return "this record";
	}
}

/* A missed deadline (v->miss): the rule it came from in words, and its
 * place in the spec. */
static void miss_rule(struct sm__buf *b, const struct sm__violation *v, struct sm__loc *place)
{
	const struct sm__ir_prop *p = v->prop;
	if (p->kind == SM__PROP_AUTOMATON) {
		sm__buf_adds(b, "stayed in ");
		add_str(b, p->states[v->state]);
		sm__buf_adds(b, " past its invariant ");
		add_str(b, sm__loc_text(p->inv_loc[v->state]));
		*place = p->inv_loc[v->state];
		return;
	}
	sm__buf_adds(b, "no ");
	add_str(b, p->b_text); /* an event, or a clock expression */
	sm__buf_adds(b, " in time: ");
	add_str(b, sm__loc_text(p->rel_text));
	*place = p->rel_text;
}

void sm__report_miss_opened(struct sm__buf *b, const struct sm__violation *v)
{
	const struct sm__where *o = v->miss->opened;
	sm__buf_printf(b, "%s:%" PRIu64, o->input, o->lineno);
	if (o->has_ts) {
		sm__buf_adds(b, "  ");
		sm__format_time(b, o);
	}
}

void sm__report_miss_deadline(struct sm__buf *b, const struct sm__violation *v)
{
	add_deadline(b, v);
	sm__buf_printf(b, ", passed by %s", passed_by(v->miss));
	if (v->miss->by != SM__PASSED_BY_RECORD) {
		/* live: the trace time the wall clock had reached (where) */
		sm__buf_adds(b, ", at trace time ");
		sm__format_time(b, v->where);
	}
}

void sm__report_headline(const struct sm__reporter *r, const struct sm__violation *v,
			 struct sm__buf *b)
{
	const struct sm__ir_prop *p = v->prop;
	add_where(b, v->where);
	sm__buf_adds(b, "violation of ");
	sm__report_instance(b, p, v->inst);
	if (v->miss) {
		sm__buf_adds(b, ": missed deadline: ");
		struct sm__loc place;
		miss_rule(b, v, &place);
		sm__buf_adds(b, "   (");
		sm__report_spec_place(b, place);
		sm__buf_addc(b, ')');
		return;
	}
	sm__buf_adds(b, ": ");
	sm__format_event(b, &r->ir->events[v->event], v->slots, NULL);
	if (p->kind == SM__PROP_AUTOMATON) {
		sm__buf_adds(b, " in state ");
		add_str(b, p->states[v->state]);
	} else {
		sm__buf_addc(b, ' ');
		relation_reason(b, v);
	}
}

static void text_miss(const struct sm__reporter *r, const struct sm__violation *v,
		      struct sm__buf *b)
{
	sm__report_headline(r, v, b);
	sm__buf_addc(b, '\n');
	text_rule(b, v->prop);
	sm__buf_printf(b, "  %s: ", v->prop->kind == SM__PROP_AUTOMATON ? "since" : "opened by");
	sm__report_miss_opened(b, v);
	sm__buf_adds(b, "\n  deadline: ");
	sm__report_miss_deadline(b, v);
	sm__buf_addc(b, '\n');
	text_history(b, r, v->prop, v->inst);
}

static void text_violation(const struct sm__reporter *r, const struct sm__violation *v,
			   struct sm__buf *b)
{
	const struct sm__ir_prop *p = v->prop;
	if (v->miss) {
		text_miss(r, v, b);
		return;
	}
	sm__report_headline(r, v, b);
	sm__buf_addc(b, '\n');
	text_rule(b, p);
	if (p->kind == SM__PROP_AUTOMATON)
		text_allowed_automaton(b, r->ir, p, v->state);
	else
		text_allowed_relation(b, p, v->lead);
	if (v->where->loss)
		text_after_loss(b, v->where);
	text_history(b, r, p, v->inst);
}

/* ---- JSON reports ---- */

static void json_fields(struct sm__buf *b, const struct sm__ir_event *ev,
			const struct sm__value *slots)
{
	sm__buf_adds(b, ",\"fields\":{");
	bool first = true;
	for (size_t k = 0; k < ev->nfields; k++) {
		if (slots[k].kind == SM__VAL_NONE)
			continue;
		if (!first)
			sm__buf_addc(b, ',');
		first = false;
		add_json_str(b, ev->fields[k]);
		sm__buf_addc(b, ':');
		add_json_value(b, slots[k]);
	}
	sm__buf_addc(b, '}');
}

/*
 * The history as objects (DESIGN.md §3): the event's name and all its
 * fields, keys included, as the violation's own "fields" has them (a script
 * reads every entry alike); "fields_lost" when the journal has written over
 * the values.  Then what the step did: from/to states, or the marks.
 */
static void json_history(struct sm__buf *b, const struct sm__reporter *r,
			 const struct sm__ir_prop *p, const struct sm__instance *inst)
{
	const struct sm__hist_entry *hist;
	bool cut;
	size_t n = sm__instance_history(r->engine, inst, &hist, &cut);
	if (cut)
		sm__buf_adds(b, ",\"history_cut\":true");
	sm__buf_adds(b, ",\"history\":[");
	for (size_t k = 0; k < n; k++) {
		const struct sm__hist_entry *h = &hist[k];
		const struct sm__journal_rec *rec = sm__engine_record(r->engine, h);
		const struct sm__ir_event *ev = &r->ir->events[h->event];
		sm__buf_adds(b, k ? ",{" : "{");
		add_json_where(b, &h->where);
		sm__buf_adds(b, ",\"event\":");
		add_json_str(b, ev->name);
		if (rec && rec->nvalues == ev->nfields)
			json_fields(b, ev, rec->values);
		else
			sm__buf_adds(b, ",\"fields_lost\":true");
		if (h->to == SM__HIST_VIOLATION) {
			sm__buf_adds(b, violation_after_json(p));
		} else if (h->from == SM__HIST_STARTED) {
			sm__buf_adds(b, ",\"started\":true,\"to\":");
			add_json_str(b, p->states[h->to]);
		} else if (p->kind == SM__PROP_AUTOMATON) {
			sm__buf_adds(b, ",\"from\":");
			add_json_str(b, state_name(p, h->from));
			sm__buf_adds(b, ",\"to\":");
			add_json_str(b, p->states[h->to]);
		}
		sm__buf_addc(b, '}');
	}
	sm__buf_addc(b, ']');
}

static void json_miss(const struct sm__reporter *r, const struct sm__violation *v,
		      struct sm__buf *b)
{
	const struct sm__ir_prop *p = v->prop;
	sm__buf_adds(b, "{\"type\":\"violation\",");
	add_json_where(b, v->where);
	sm__buf_adds(b, ",\"property\":");
	add_json_str(b, p->name);
	add_json_key(b, p, v->inst);
	if (p->kind == SM__PROP_AUTOMATON) {
		sm__buf_adds(b, ",\"state\":");
		add_json_str(b, p->states[v->state]);
	}
	json_rule(b, p);
	struct sm__buf why = {0};
	struct sm__loc place;
	miss_rule(&why, v, &place);
	sm__buf_adds(b, ",\"reason\":");
	add_json_cstr(b, why.data);
	why.len = 0;
	add_deadline(&why, v);
	sm__buf_printf(b, ",\"deadline\":%s,\"opened\":{", why.data);
	add_json_where(b, v->miss->opened);
	sm__buf_adds(b, "},\"passed_by\":");
	add_json_cstr(b, passed_by(v->miss));
	sm__buf_free(&why);
	json_history(b, r, p, v->inst);
	sm__buf_adds(b, "}\n");
}

static void json_allowed(struct sm__buf *b, const struct sm__ir *ir,
			 const struct sm__violation *v)
{
	const struct sm__ir_prop *p = v->prop;
	sm__buf_adds(b, ",\"allowed\":[");
	if (p->kind == SM__PROP_AUTOMATON) {
		int *edges = sm__xmalloc(sizeof(int) * (p->nedges + 1));
		size_t n = sm__report_allowed_edges(p, v->state, edges);
		for (size_t k = 0; k < n; k++) {
			const struct sm__ir_edge *e = &p->edges[edges[k]];
			sm__buf_adds(b, k ? ",{\"event\":" : "{\"event\":");
			add_json_str(b, ir->events[e->event].name);
			if (e->guard) {
				sm__buf_adds(b, ",\"when\":");
				add_json_str(b, sm__loc_text(e->guard_loc));
			}
			struct sm__buf place = {0};
			sm__report_spec_place(&place, e->loc);
			sm__buf_adds(b, ",\"spec\":");
			add_json_cstr(b, place.data ? place.data : "");
			sm__buf_free(&place);
			sm__buf_addc(b, '}');
		}
		free(edges);
	} else {
		struct sm__str clocks[2];
		size_t n = sm__report_allowed_clocks(p, v->lead, clocks);
		for (size_t k = 0; k < n; k++) {
			sm__buf_adds(b, k ? ",{\"event\":" : "{\"event\":");
			add_json_str(b, clocks[k]);
			sm__buf_addc(b, '}');
		}
	}
	sm__buf_addc(b, ']');
}

static void json_violation(const struct sm__reporter *r, const struct sm__violation *v,
			   struct sm__buf *b)
{
	if (v->miss) {
		json_miss(r, v, b);
		return;
	}
	const struct sm__ir_prop *p = v->prop;
	const struct sm__ir_event *ev = &r->ir->events[v->event];
	sm__buf_adds(b, "{\"type\":\"violation\",");
	add_json_where(b, v->where);
	sm__buf_adds(b, ",\"property\":");
	add_json_str(b, p->name);
	json_rule(b, p);
	add_json_key(b, p, v->inst);
	sm__buf_adds(b, ",\"event\":");
	add_json_str(b, ev->name);
	json_fields(b, ev, v->slots);
	if (p->kind == SM__PROP_AUTOMATON) {
		sm__buf_adds(b, ",\"state\":");
		add_json_str(b, p->states[v->state]);
	} else {
		struct sm__buf why = {0};
		relation_reason(&why, v);
		sm__buf_adds(b, ",\"relation\":");
		add_json_str(b, sm__loc_text(p->rel_text));
		sm__buf_adds(b, ",\"reason\":");
		add_json_cstr(b, why.data);
		sm__buf_free(&why);
	}
	json_allowed(b, r->ir, v);
	json_history(b, r, p, v->inst);
	if (v->where->loss) {
		const struct sm__loss *l = v->where->loss;
		sm__buf_printf(b, ",\"after_loss\":{\"first_line\":%" PRIu64 ",\"places\":%" PRIu64
			       ",\"events\":%" PRIu64 ",\"events_known\":%s}",
			       l->first_line, l->places, l->events,
			       l->some_unknown ? "false" : "true");
	}
	sm__buf_adds(b, "}\n");
}

void sm__report_violation(const struct sm__reporter *r, const struct sm__violation *v,
			  struct sm__buf *b)
{
	if (r->json)
		json_violation(r, v, b);
	else
		text_violation(r, v, b);
}

/* ---- pending ---- */

static void pending_reason(struct sm__buf *b, const struct sm__ir_prop *p,
			   const struct sm__instance *inst)
{
	int64_t state = sm__instance_state(inst);
	if (p->kind == SM__PROP_AUTOMATON && p->final[state]) {
		/* pending only for its invariant's deadline, said after this */
		sm__buf_printf(b, "in final state %.*s at the end of input",
			       (int)p->states[state].len, p->states[state].ptr);
		return;
	}
	if (p->kind == SM__PROP_AUTOMATON) {
		sm__buf_printf(b, "in state %.*s at the end of input, which is not final (final:",
			       (int)p->states[state].len, p->states[state].ptr);
		for (size_t k = 0; k < p->nstates; k++)
			if (p->final[k])
				sm__buf_printf(b, " %.*s", (int)p->states[k].len, p->states[k].ptr);
		sm__buf_addc(b, ')');
		return;
	}
	struct sm__str a = p->a_text, bn = p->b_text;
	sm__buf_printf(b, "%" PRId64 " %.*s still wait%s for %s %.*s at the end of input", state,
		       (int)a.len, a.ptr, state == 1 ? "s" : "", state == 1 ? "its" : "their",
		       (int)bn.len, bn.ptr);
}

void sm__report_pending(const struct sm__reporter *r, const struct sm__pending *p,
			struct sm__buf *b)
{
	struct sm__where at_last = sm__instance_last(r->engine, p->inst);
	const struct sm__where *last = &at_last;
	struct sm__buf why = {0};
	pending_reason(&why, p->prop, p->inst);
	int64_t at;
	if (sm__instance_deadline(r->engine, p->inst, &at)) {
		/* open, and not yet due when input ended */
		struct sm__violation due = {.prop = p->prop, .state = (int)sm__instance_state(p->inst)};
		struct sm__miss m = {at, last, SM__PASSED_AT_END};
		due.miss = &m;
		sm__buf_adds(&why, ", with a deadline at ");
		add_deadline(&why, &due);
	}
	if (r->json) {
		sm__buf_adds(b, "{\"type\":\"pending\",");
		add_json_where(b, last);
		sm__buf_adds(b, ",\"property\":");
		add_json_str(b, p->prop->name);
		json_rule(b, p->prop);
		add_json_key(b, p->prop, p->inst);
		if (p->prop->kind == SM__PROP_AUTOMATON) {
			sm__buf_adds(b, ",\"state\":");
			add_json_str(b, p->prop->states[sm__instance_state(p->inst)]);
		}
		sm__buf_adds(b, ",\"reason\":");
		add_json_cstr(b, why.data);
		json_history(b, r, p->prop, p->inst);
		sm__buf_adds(b, "}\n");
	} else {
		add_where(b, last);
		sm__buf_adds(b, "pending ");
		sm__report_instance(b, p->prop, p->inst);
		sm__buf_printf(b, ": %s\n", why.data);
		text_rule(b, p->prop);
		text_history(b, r, p->prop, p->inst);
	}
	sm__buf_free(&why);
}

void sm__report_skipped(const struct sm__reporter *r, const char *input, uint64_t line,
			size_t column, const char *why, struct sm__buf *b)
{
	if (r->json) {
		sm__buf_adds(b, "{\"type\":\"skipped\",\"input\":");
		add_json_cstr(b, input);
		sm__buf_printf(b, ",\"line\":%" PRIu64 ",\"column\":%zu,\"reason\":", line, column);
		add_json_cstr(b, why);
		sm__buf_adds(b, "}\n");
	} else {
		sm__buf_printf(b, "%s:%" PRIu64 ":%zu: skipped line: %s\n", input, line, column, why);
	}
}

/* ---- warnings ---- */

static void json_str_member(struct sm__buf *b, const char *name, struct sm__str s)
{
	if (!s.len)
		return;
	sm__buf_printf(b, ",\"%s\":", name);
	add_json_str(b, s);
}

static void json_warning(const struct sm__warning *w, struct sm__buf *b)
{
	sm__buf_adds(b, "{\"type\":\"warning\",\"kind\":");
	add_json_cstr(b, w->kind);
	if (w->input) {
		sm__buf_adds(b, ",\"input\":");
		add_json_cstr(b, w->input);
		if (w->line)
			sm__buf_printf(b, ",\"line\":%" PRIu64, w->line);
	} else if (w->spec.src) {
		struct sm__buf place = {0};
		sm__report_spec_place(&place, w->spec);
		sm__buf_adds(b, ",\"spec\":");
		add_json_cstr(b, place.data);
		sm__buf_free(&place);
	}
	json_str_member(b, "property", w->property);
	json_str_member(b, "event", w->event);
	json_str_member(b, "field", w->field);
	json_str_member(b, "did_you_mean", w->suggestion);
	if (w->has_count)
		sm__buf_printf(b, ",\"events\":%" PRIu64, w->count);
	sm__buf_adds(b, ",\"message\":");
	add_json_cstr(b, w->message);
	sm__buf_adds(b, "}\n");
}

/* "trace:4: warning: ...", "spec.sm:3: warning: ..." or "specmon: warning: ...". */
void sm__report_warning(const struct sm__reporter *r, const struct sm__warning *w,
			struct sm__buf *b)
{
	if (r->json) {
		json_warning(w, b);
		return;
	}
	if (w->input && w->line)
		sm__buf_printf(b, "%s:%" PRIu64 ": ", w->input, w->line);
	else if (w->input)
		sm__buf_printf(b, "%s: ", w->input);
	else if (w->spec.src) {
		sm__report_spec_place(b, w->spec);
		sm__buf_adds(b, ": ");
	} else
		sm__buf_adds(b, "specmon: ");
	sm__buf_printf(b, "warning: %s\n", w->message);
}

void sm__warn_refused(const struct sm__ir_prop *p, const struct sm__where *where, uint64_t max,
		      sm__warn_fn *warn, void *ud)
{
	char msg[512];
	snprintf(msg, sizeof msg, "--max-instances %" PRIu64 " reached for %.*s: from here on, "
		 "its events that need a new instance are not checked",
		 max, (int)p->name.len, p->name.ptr);
	struct sm__warning w = {.kind = "max-instances", .input = where->input,
				.line = where->lineno, .property = p->name, .message = msg};
	warn(ud, &w, true);
}

void sm__warn_unknown_actions(const struct sm__ir_prop *p, uint64_t n, sm__warn_fn *warn,
			      void *ud)
{
	char msg[512];
	snprintf(msg, sizeof msg, "%" PRIu64 " action%s of %.*s had no value (a missing field, "
		 "or a division by zero): %s variable%s kept %s value%s", n, n == 1 ? "" : "s",
		 (int)p->name.len, p->name.ptr, n == 1 ? "its" : "their", n == 1 ? "" : "s",
		 n == 1 ? "its" : "their", n == 1 ? "" : "s");
	struct sm__warning w = {.kind = "unknown-action", .spec = p->loc, .property = p->name,
				.has_count = true, .count = n, .message = msg};
	warn(ud, &w, true);
}

void sm__warn_coincident(const struct sm__ir_prop *p, uint64_t n, sm__warn_fn *warn, void *ud)
{
	char msg[512];
	snprintf(msg, sizeof msg, "%" PRIu64 " event%s of %.*s not checked: an earlier record "
		 "of the instant (option instants = timestamp) had the same event for the same "
		 "instance, whose step used the first record's values", n, n == 1 ? "" : "s",
		 (int)p->name.len, p->name.ptr);
	struct sm__warning w = {.kind = "coincident", .spec = p->loc, .property = p->name,
				.has_count = true, .count = n, .message = msg};
	warn(ud, &w, true);
}

void sm__warn_obligations(const struct sm__ir_prop *p, const struct sm__prop_stats *st,
			  sm__warn_fn *warn, void *ud)
{
	char msg[512];
	if (st->dropped) {
		snprintf(msg, sizeof msg, "%" PRIu64 " obligation%s of %.*s not kept: an instance "
			 "keeps at most 64 open, and these came beyond", st->dropped,
			 st->dropped == 1 ? "" : "s", (int)p->name.len, p->name.ptr);
		struct sm__warning w = {.kind = "obligations-dropped", .spec = p->loc,
					.property = p->name, .has_count = true,
					.count = st->dropped, .message = msg};
		warn(ud, &w, true);
	}
	if (st->untimed) {
		snprintf(msg, sizeof msg, "%" PRIu64 " event%s of %.*s had no timestamp: %s opened no "
			 "obligation", st->untimed, st->untimed == 1 ? "" : "s", (int)p->name.len,
			 p->name.ptr, st->untimed == 1 ? "it" : "they");
		struct sm__warning w = {.kind = "obligations-untimed", .spec = p->loc,
					.property = p->name, .has_count = true,
					.count = st->untimed, .message = msg};
		warn(ud, &w, true);
	}
}

void sm__warn_untimed(uint64_t n, sm__warn_fn *warn, void *ud)
{
	if (!n)
		return;
	char msg[256];
	snprintf(msg, sizeof msg, "%" PRIu64 " record%s had no timestamp: %s passed no deadline, "
		 "and clocks were unknown there (guards over them did not hold)", n,
		 n == 1 ? "" : "s", n == 1 ? "it" : "they");
	struct sm__warning w = {.kind = "no-timestamp", .has_count = true, .count = n,
				.message = msg};
	warn(ud, &w, true);
}

void sm__warn_late_partial(const struct sm__ir_prop *p, uint64_t reclaimed,
			   const struct sm__where *where, sm__warn_fn *warn, void *ud)
{
	char msg[512];
	snprintf(msg, sizeof msg, "an event without all the key fields of %.*s: it reaches the "
		 "instances that agree, but not the %" PRIu64 " reclaimed before (as new, they "
		 "were let go); %.*s reclaims no more", (int)p->name.len, p->name.ptr, reclaimed,
		 (int)p->name.len, p->name.ptr);
	struct sm__warning w = {.kind = "late-partial-key", .input = where->input,
				.line = where->lineno, .property = p->name,
				.message = msg};
	warn(ud, &w, true);
}

void sm__warn_no_reclaim(const struct sm__ir_prop *p, sm__warn_fn *warn, void *ud)
{
	char msg[512];
	snprintf(msg, sizeof msg, "the kernel refused membarrier(2), which reclaiming needs when "
		 "threads emit at once: %.*s's instances are never reclaimed, and memory grows "
		 "with its keys (options.threads = 1 reclaims without it)",
		 (int)p->name.len, p->name.ptr);
	struct sm__warning w = {.kind = "no-reclaim", .property = p->name, .message = msg};
	warn(ud, &w, false);
}

void sm__warn_drift(const struct sm__ir_prop *p, const struct sm__clock_node *node,
		    const struct sm__where *where, sm__warn_fn *warn, void *ud)
{
	char msg[512];
	snprintf(msg, sizeof msg, "%.*s in %.*s: the two clocks' counts are more than %d apart "
		 "(CCSL's %s is unbounded; checking goes on)", (int)node->text.len, node->text.ptr,
		 (int)p->name.len, p->name.ptr, SM__CLOCK_DRIFT_LIMIT,
		 node->op == SM__C_INF ? "inf" : "sup");
	struct sm__warning w = {.kind = "clock-drift", .input = where->input,
				.line = where->lineno, .property = p->name, .message = msg};
	warn(ud, &w, false);
}

/* ---- summary ---- */

static void json_coverage(struct sm__buf *b, const struct sm__ir *ir, const struct sm__ir_prop *p,
			  const struct sm__prop_stats *st)
{
	sm__buf_adds(b, ",\"coverage\":[");
	for (size_t k = 0; k < p->nedges; k++) {
		const struct sm__ir_edge *e = &p->edges[k];
		struct sm__buf place = {0};
		sm__report_spec_place(&place, e->loc);
		sm__buf_printf(b, "%s{\"edge\":", k ? "," : "");
		struct sm__buf text = {0};
		sm__buf_printf(&text, "%.*s -> %.*s on ", (int)state_name(p, e->from).len,
			       state_name(p, e->from).ptr,
			       (int)(e->to >= 0 ? p->states[e->to].len : 1),
			       e->to >= 0 ? p->states[e->to].ptr : "*");
		if (e->event >= 0)
			sm__report_edge_text(&text, ir, e);
		add_json_cstr(b, text.data);
		sm__buf_adds(b, ",\"spec\":");
		add_json_cstr(b, place.data ? place.data : "");
		sm__buf_printf(b, ",\"taken\":%" PRIu64 "}", st->edge_hits[k]);
		sm__buf_free(&place);
		sm__buf_free(&text);
	}
	sm__buf_addc(b, ']');
}

static void text_coverage(struct sm__buf *b, const struct sm__ir *ir, const struct sm__ir_prop *p,
			  const struct sm__prop_stats *st)
{
	size_t taken = 0;
	for (size_t k = 0; k < p->nedges; k++)
		taken += st->edge_hits[k] > 0;
	sm__buf_printf(b, "coverage of %.*s: %zu of %zu edges taken\n", (int)p->name.len,
		       p->name.ptr, taken, p->nedges);
	text_rule(b, p);
	for (size_t k = 0; k < p->nedges; k++) {
		const struct sm__ir_edge *e = &p->edges[k];
		if (e->event < 0)
			continue;
		sm__buf_printf(b, "  %8" PRIu64 "  %.*s -> %.*s on ", st->edge_hits[k],
			       (int)state_name(p, e->from).len, state_name(p, e->from).ptr,
			       (int)(e->to >= 0 ? p->states[e->to].len : 1),
			       e->to >= 0 ? p->states[e->to].ptr : "*");
		sm__report_edge_text(b, ir, e);
		sm__buf_adds(b, "   (");
		sm__report_spec_place(b, e->loc);
		sm__buf_adds(b, ")\n");
	}
}

void sm__report_summary(const struct sm__reporter *r, const struct sm__totals *t,
			struct sm__buf *b)
{
	if (r->json) {
		sm__buf_printf(b, "{\"type\":\"summary\",\"lines\":%" PRIu64 ",\"records\":%" PRIu64
			       ",\"events\":%" PRIu64 ",\"skipped\":%" PRIu64
			       ",\"comments\":%" PRIu64 ",\"violations\":%" PRIu64
			       ",\"pending\":%" PRIu64 ",\"stopped\":%s,\"properties\":[",
			       t->lines, t->records, t->events, t->skipped, t->comments,
			       t->violations, t->pending, t->stopped ? "true" : "false");
		for (size_t k = 0; k < r->ir->nprops; k++) {
			const struct sm__ir_prop *p = &r->ir->props[k];
			struct sm__prop_stats st;
			sm__engine_stats(r->engine, k, &st);
			sm__buf_adds(b, k ? ",{\"name\":" : "{\"name\":");
			add_json_str(b, p->name);
			json_rule(b, p);
			sm__buf_printf(b, ",\"instances\":%" PRIu64 ",\"violations\":%" PRIu64
				       ",\"pending\":%" PRIu64 ",\"refused\":%" PRIu64,
				       st.instances, st.violations, st.pending, st.refused);
			if (st.reclaimed) /* only a long input has some */
				sm__buf_printf(b, ",\"reclaimed\":%" PRIu64, st.reclaimed);
			if (p->kind == SM__PROP_AUTOMATON)
				json_coverage(b, r->ir, p, &st);
			sm__buf_addc(b, '}');
		}
		sm__buf_printf(b, "],\"warnings\":%" PRIu64 ",\"losses\":%" PRIu64
			       ",\"lost_events\":%" PRIu64 ",\"pattern_limit\":%" PRIu64 "}\n",
			       t->warnings, t->losses, t->lost_events, t->pattern_limit);
		return;
	}
	if (r->coverage)
		for (size_t k = 0; k < r->ir->nprops; k++) {
			struct sm__prop_stats st;
			sm__engine_stats(r->engine, k, &st);
			if (r->ir->props[k].kind == SM__PROP_AUTOMATON)
				text_coverage(b, r->ir, &r->ir->props[k], &st);
		}
	sm__buf_printf(b, "specmon: %" PRIu64 " line%s, %" PRIu64 " event%s, %" PRIu64
		       " skipped line%s; %" PRIu64 " violation%s, %" PRIu64 " pending\n",
		       t->lines, t->lines == 1 ? "" : "s", t->events, t->events == 1 ? "" : "s",
		       t->skipped, t->skipped == 1 ? "" : "s", t->violations,
		       t->violations == 1 ? "" : "s", t->pending);
	if (t->refused)
		sm__buf_printf(b, "specmon: %" PRIu64 " event%s not checked: --max-instances "
			       "reached\n", t->refused, t->refused == 1 ? "" : "s");
	if (t->pattern_limit)
		sm__buf_printf(b, "specmon: %" PRIu64 " line%s not matched: a pattern reached its "
			       "match limit\n", t->pattern_limit, t->pattern_limit == 1 ? "" : "s");
	if (t->stopped)
		sm__buf_adds(b, "specmon: stopped early: --max-violations reached\n");
	if (t->losses)
		sm__buf_printf(b, "specmon: events were lost in %" PRIu64 " place%s (%" PRIu64
			       " counted): verdicts after a loss may be wrong\n",
			       t->losses, t->losses == 1 ? "" : "s", t->lost_events);
	if (t->warnings)
		sm__buf_printf(b, "specmon: %" PRIu64 " warning%s\n", t->warnings,
			       t->warnings == 1 ? "" : "s");
}
