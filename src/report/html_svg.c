/*
 * html_svg.c: the drawings of the HTML report (html.h), inline SVG laid out
 * here, so that neither the machine that checks nor the one that reads
 * needs Graphviz: an automaton, a relation, a timeline.
 *
 * An automaton is drawn in layers by BFS distance from its initial state,
 * top to bottom (a protocol's lifecycle reads down the page, and guards,
 * which can be long, go beside the edges without widening the drawing), the
 * states of a layer in a row, ordered by the mean place of their
 * predecessors (the barycentre heuristic: fewer crossings).  When many
 * edges stay inside a layer or skip some, the states go on a circle
 * instead, where no straight edge crosses a state.  `*` edges leave one
 * dashed "any state" box, as `specmon graph` draws them.  The spec's edges
 * from a node to the same node share one arrow, a label line each.  Arrows
 * are quadratic curves: straight, bent apart from their reverse, or around
 * a state they would cross; loops, the refused event's red arrow, go where
 * the rest left the most room.  Labels go over the arrows, with a halo,
 * so that no line hides them, and under the states, whose names matter
 * more.
 *
 * An automaton is laid out and drawn once for the page (struct
 * sm__svg_graph), in three layers, arrows, labels and states, which the
 * page defines once; each card uses them by reference (<use>) and draws its
 * highlights between them: the allowed arrows and their labels again, in
 * green, the state the instance was in, the refused event.  The layout
 * does not depend on the card, so the highlights fall on what they cover.
 *
 * Sizes come from character counts: SVG text on the page is monospace,
 * whose advance is 0.6 em in DejaVu Sans Mono and Liberation Mono alike.
 * Every drawing grows a bounding box as it is drawn (struct canvas), which
 * becomes its viewBox.
 */
#include "graph.h"
#include "html.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHAR_EM 0.6
#define FONT_STATE 13.0
#define FONT_LABEL 12.0
#define FONT_SMALL 11.0

/* ---- geometry ---- */

struct pt {
	double x, y;
};

static struct pt pt(double x, double y)
{
	return (struct pt){x, y};
}

static struct pt add(struct pt a, struct pt b)
{
	return pt(a.x + b.x, a.y + b.y);
}

static struct pt sub(struct pt a, struct pt b)
{
	return pt(a.x - b.x, a.y - b.y);
}

static struct pt scale(struct pt a, double k)
{
	return pt(a.x * k, a.y * k);
}

static double length(struct pt a)
{
	return sqrt(a.x * a.x + a.y * a.y);
}

/* The unit vector along a; (1, 0) for a null one. */
static struct pt unit(struct pt a)
{
	double n = length(a);
	return n < 1e-9 ? pt(1, 0) : scale(a, 1 / n);
}

/* The left normal of direction d (on screen, y down: up for d = (1, 0)). */
static struct pt normal(struct pt d)
{
	return pt(d.y, -d.x);
}

/* Distance from p to the segment a-b. */
static double segment_distance(struct pt p, struct pt a, struct pt b)
{
	struct pt ab = sub(b, a);
	double len2 = ab.x * ab.x + ab.y * ab.y;
	double t = len2 < 1e-9 ? 0 : ((p.x - a.x) * ab.x + (p.y - a.y) * ab.y) / len2;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	return length(sub(p, add(a, scale(ab, t))));
}

/* ---- a canvas: SVG elements and the box they cover ---- */

struct canvas {
	struct sm__buf body;
	double x0, y0, x1, y1;
	bool used;
};

static void cover(struct canvas *c, struct pt p)
{
	if (!c->used) {
		c->x0 = c->x1 = p.x;
		c->y0 = c->y1 = p.y;
		c->used = true;
		return;
	}
	c->x0 = fmin(c->x0, p.x);
	c->x1 = fmax(c->x1, p.x);
	c->y0 = fmin(c->y0, p.y);
	c->y1 = fmax(c->y1, p.y);
}

/* Characters, not bytes: UTF-8 continuation bytes take no room. */
static size_t glyphs(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t k = 0; k < n; k++)
		count += ((unsigned char)s[k] & 0xc0) != 0x80;
	return count;
}

/* The width of the n bytes at s as text() draws them: cut after
 * SM__HTML_TEXT_MAX bytes, with an ellipsis (shapes around a text are sized
 * for what is shown, not for a name of 64 kB). */
static double text_width(const char *s, size_t n, double size)
{
	size_t shown = sm__html_text_shown(s, n);
	return (double)(glyphs(s, shown) + (shown < n)) * size * CHAR_EM;
}

/* Text with its baseline at p; anchor 's'tart, 'm'iddle or 'e'nd; its
 * tooltip tip (NULL: none). */
static void tip_text(struct canvas *c, struct pt p, char anchor, double size, const char *cls,
		     const char *s, size_t n, const struct sm__buf *tip)
{
	double w = text_width(s, n, size);
	double left = anchor == 'm' ? p.x - w / 2 : anchor == 'e' ? p.x - w : p.x;
	cover(c, pt(left, p.y - size));
	cover(c, pt(left + w, p.y + size * 0.3));
	sm__buf_printf(&c->body, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\"", p.x, p.y, size);
	if (anchor != 's')
		sm__buf_printf(&c->body, " text-anchor=\"%s\"", anchor == 'm' ? "middle" : "end");
	if (cls)
		sm__buf_printf(&c->body, " class=\"%s\"", cls);
	sm__buf_addc(&c->body, '>');
	sm__html_text(&c->body, s, n);
	if (tip) {
		sm__buf_adds(&c->body, "<title>");
		sm__html_text(&c->body, tip->data, tip->len);
		sm__buf_adds(&c->body, "</title>");
	}
	sm__buf_adds(&c->body, "</text>");
}

static void text(struct canvas *c, struct pt p, char anchor, double size, const char *cls,
		 const char *s, size_t n)
{
	tip_text(c, p, anchor, size, cls, s, n, NULL);
}

static void ctext(struct canvas *c, struct pt p, char anchor, double size, const char *cls,
		  const char *s)
{
	text(c, p, anchor, size, cls, s, strlen(s));
}

/* A filled arrowhead with its tip at `tip`, pointing along d. */
static void arrowhead(struct canvas *c, struct pt tip, struct pt d)
{
	struct pt back = sub(tip, scale(d, 10)), side = scale(normal(d), 4.5);
	struct pt l = add(back, side), r = sub(back, side);
	sm__buf_printf(&c->body, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", tip.x,
		       tip.y, l.x, l.y, r.x, r.y);
	cover(c, l);
	cover(c, r);
}

/* <svg class="cls"> around what was drawn, with a margin; the size is the
 * drawing's own, which the page's CSS lets shrink to the card. */
static void canvas_emit(struct canvas *c, struct sm__buf *out, const char *cls,
			const char *label)
{
	const double m = 10;
	double w = c->x1 - c->x0 + 2 * m, h = c->y1 - c->y0 + 2 * m;
	sm__buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" "
		       "viewBox=\"%.1f %.1f %.1f %.1f\" width=\"%.0f\" height=\"%.0f\" "
		       "role=\"img\" aria-label=\"", cls, c->x0 - m, c->y0 - m, w, h, ceil(w),
		       ceil(h));
	sm__html_text(out, label, strlen(label));
	sm__buf_adds(out, "\">");
	sm__buf_add(out, c->body.data, c->body.len);
	sm__buf_adds(out, "</svg>\n");
	sm__buf_free(&c->body);
}

/* ---- automata: layout ---- */

#define STATE_RY 20.0
#define LAYER_GAP 100.0    /* between the centres of two layers */
#define STATE_GAP 70.0     /* between two states of a layer, at least */
#define CIRCLE_GAP 110.0   /* between two neighbours on a circle */
#define ANY_ABOVE 90.0     /* the "any state" box, above the top layer */
#define PARALLEL_GAP 36.0  /* between an arrow and its reverse */
#define LABEL_MAX 32       /* characters (not bytes) of an edge's label */
#define LINE_H 14.0        /* between the lines of a label */
/* Past these a drawing says nothing a reader can follow (and the layout's
 * quadratic steps, once per card, would cost): the page says so instead. */
#define DRAW_MAX_STATES 60
#define DRAW_MAX_EDGES 240

struct node {
	struct pt at;
	double rx, ry; /* the outer ring's, for a final state */
	bool box;      /* the "any state" node */
};

/* One arrow per pair of nodes and direction: the spec's edges from the
 * same node to the same node share it, a line of its label each (as
 * Graphviz users expect of a multigraph drawn by hand). */
struct group {
	int from, to;     /* nodes; equal: a loop */
	const int *edges; /* indexes into p->edges, in the spec's order */
	size_t n;
};

/* Where a group's label goes, beside its arrow: found when the arrow is
 * drawn, written after all arrows so that no line crosses a label. */
struct label {
	struct pt at, side;
	size_t group;
};

struct layout {
	const struct sm__ir *ir;
	const struct sm__ir_prop *p;
	struct node *node;   /* the states, then the "any state" box */
	size_t nnodes;
	int any;             /* the box's node, or -1 */
	int *layer, *row;    /* row: the place in the layer, from the left */
	int nlayers;
	struct group *group;
	size_t ngroups;
	int *members;        /* the groups' edges, group after group */
	struct sm__buf *arrow; /* per group: its path and arrowhead, as drawn */
	struct label *label;
	size_t nlabels;
};

/* The node an edge leaves and the one it enters (equal: a loop). */
static void edge_ends(const struct layout *l, const struct sm__ir_edge *e, int *from, int *to)
{
	*from = e->from == SM__ANY_STATE ? l->any : e->from;
	*to = e->to == SM__STAY ? *from : e->to;
}

/* The groups, in the order of their first edges. */
static void make_groups(struct layout *l)
{
	const struct sm__ir_prop *p = l->p;
	l->group = sm__xcalloc(p->nedges + 1, sizeof *l->group);
	l->members = sm__xmalloc((p->nedges + 1) * sizeof *l->members);
	size_t used = 0;
	for (size_t k = 0; k < p->nedges; k++) {
		int from, to;
		edge_ends(l, &p->edges[k], &from, &to);
		size_t g = 0;
		while (g < l->ngroups && (l->group[g].from != from || l->group[g].to != to))
			g++;
		if (p->edges[k].event < 0 || g < l->ngroups)
			continue;
		struct group *grp = &l->group[l->ngroups++];
		*grp = (struct group){from, to, l->members + used, 0};
		for (size_t j = k; j < p->nedges; j++) {
			int f, t;
			edge_ends(l, &p->edges[j], &f, &t);
			if (p->edges[j].event >= 0 && f == from && t == to) {
				l->members[used++] = (int)j;
				grp->n++;
			}
		}
	}
}

/* BFS distance from the initial state, in l->layer, and the order states
 * were reached in, in `order`.  A '*' edge leaves every state, the initial
 * one too: its target is one step away.  States never reached share a
 * layer after the last. */
static void assign_layers(struct layout *l, int *order)
{
	const struct sm__ir_prop *p = l->p;
	for (size_t s = 0; s < p->nstates; s++)
		l->layer[s] = -1;
	int head = 0, tail = 0, most = 0;
	l->layer[p->initial] = 0;
	order[tail++] = p->initial;
	while (head < tail) {
		int s = order[head++];
		for (size_t k = 0; k < p->nedges; k++) {
			const struct sm__ir_edge *e = &p->edges[k];
			bool leaves = e->from == s || (e->from == SM__ANY_STATE && s == p->initial);
			if (e->event < 0 || !leaves || e->to < 0 || l->layer[e->to] >= 0)
				continue;
			l->layer[e->to] = l->layer[s] + 1;
			most = l->layer[e->to] > most ? l->layer[e->to] : most;
			order[tail++] = e->to;
		}
	}
	l->nlayers = most + 1;
	for (size_t s = 0; s < p->nstates; s++)
		if (l->layer[s] < 0) {
			l->layer[s] = most + 1;
			l->nlayers = most + 2;
			order[tail++] = (int)s;
		}
}

/* The mean place of s's predecessors in the layer before (its own place
 * when it has none there). */
static double barycentre(const struct layout *l, int s)
{
	double sum = 0;
	int n = 0;
	for (size_t k = 0; k < l->p->nedges; k++) {
		const struct sm__ir_edge *e = &l->p->edges[k];
		if (e->event >= 0 && e->to == s && e->from >= 0 &&
		    l->layer[e->from] == l->layer[s] - 1) {
			sum += l->row[e->from];
			n++;
		}
	}
	return n ? sum / n : l->row[s];
}

/* Places in each layer: first in the order reached, then one sweep of the
 * barycentre heuristic, layer by layer from the top. */
static void assign_rows(struct layout *l, const int *order)
{
	size_t n = l->p->nstates;
	int *count = sm__xcalloc((size_t)l->nlayers, sizeof *count);
	for (size_t k = 0; k < n; k++)
		l->row[order[k]] = count[l->layer[order[k]]]++;
	int *col = sm__xmalloc(n * sizeof *col);
	double *key = sm__xmalloc(n * sizeof *key);
	for (int layer = 1; layer < l->nlayers; layer++) {
		size_t m = 0;
		for (size_t k = 0; k < n; k++)
			if (l->layer[order[k]] == layer)
				col[m++] = order[k];
		for (size_t k = 0; k < m; k++)
			key[col[k]] = barycentre(l, col[k]);
		for (size_t k = 1; k < m; k++) /* insertion sort: stable, and m is small */
			for (size_t j = k; j > 0 && key[col[j - 1]] > key[col[j]]; j--) {
				int t = col[j];
				col[j] = col[j - 1];
				col[j - 1] = t;
			}
		for (size_t k = 0; k < m; k++)
			l->row[col[k]] = (int)k;
	}
	free(key);
	free(col);
	free(count);
}

/* Layers suit a lifecycle.  An automaton with many edges inside a layer or
 * across several reads better on a circle, where an edge crosses no state. */
static bool tangled(const struct layout *l)
{
	size_t bad = 0;
	for (size_t k = 0; k < l->p->nedges; k++) {
		const struct sm__ir_edge *e = &l->p->edges[k];
		if (e->event >= 0 && e->from >= 0 && e->to >= 0 && e->from != e->to)
			bad += abs(l->layer[e->from] - l->layer[e->to]) != 1;
	}
	return 2 * bad > l->p->nstates;
}

/* An edge's label: the event and the guard, cut at LABEL_MAX characters
 * (UTF-8 ones, never inside one), the last of them an ellipsis. */
static void edge_label(struct sm__buf *b, const struct sm__ir *ir, const struct sm__ir_edge *e)
{
	b->len = 0;
	sm__buf_add(b, ir->events[e->event].name.ptr, ir->events[e->event].name.len);
	if (e->guard) {
		struct sm__str g = sm__loc_text(e->guard_loc);
		sm__buf_adds(b, " [");
		for (size_t k = 0; k < g.len; k++) /* a guard over several lines: one */
			sm__buf_addc(b, g.ptr[k] == '\n' || g.ptr[k] == '\t' ? ' ' : g.ptr[k]);
		sm__buf_addc(b, ']');
	}
	if (glyphs(b->data, b->len) > LABEL_MAX) {
		/* LABEL_MAX - 1 characters, then the ellipsis: the byte where
		 * the LABEL_MAX-th character starts ends them. */
		size_t end = 0;
		for (size_t count = 0;; end++)
			if (((unsigned char)b->data[end] & 0xc0) != 0x80 && ++count == LABEL_MAX)
				break;
		b->len = end;
		sm__buf_adds(b, "\xe2\x80\xa6"); /* … */
	}
	sm__buf_addc(b, '\0');
	b->len--;
}

/* The width of a group's label: its longest line. */
static double label_width(const struct layout *l, const struct group *g)
{
	struct sm__buf t = {0};
	double w = 0;
	for (size_t k = 0; k < g->n; k++) {
		edge_label(&t, l->ir, &l->p->edges[g->edges[k]]);
		w = fmax(w, text_width(t.data, t.len, FONT_LABEL));
	}
	sm__buf_free(&t);
	return w;
}

static double state_rx(const struct layout *l, size_t s)
{
	const struct sm__ir_prop *p = l->p;
	double w = text_width(p->states[s].ptr, p->states[s].len, FONT_STATE);
	if (p->inv_clock && p->inv_clock[s] >= 0) {
		struct sm__str inv = sm__loc_text(p->inv_loc[s]);
		w = fmax(w, text_width(inv.ptr, inv.len, FONT_SMALL));
	}
	return fmax(26, w / 2 + 16) + (p->final[s] ? 4 : 0);
}

static void size_states(struct layout *l)
{
	const struct sm__ir_prop *p = l->p;
	for (size_t s = 0; s < p->nstates; s++) {
		l->node[s].rx = state_rx(l, s);
		l->node[s].ry = STATE_RY + (p->inv_clock && p->inv_clock[s] >= 0 ? 7 : 0) +
				(p->final[s] ? 4 : 0);
	}
}

/* The room between two neighbours of a layer: enough for the labels of
 * the arrows that join them. */
static double row_gap(const struct layout *l, int a, int b)
{
	double gap = STATE_GAP;
	for (size_t g = 0; g < l->ngroups; g++) {
		const struct group *grp = &l->group[g];
		if ((grp->from == a && grp->to == b) || (grp->from == b && grp->to == a))
			gap = fmax(gap, label_width(l, grp) + 24);
	}
	return gap;
}

/* Layers top to bottom, the states of each side by side, centred on x = 0. */
static void place_layers(struct layout *l)
{
	size_t n = l->p->nstates;
	int *by_place = sm__xmalloc(n * sizeof *by_place);
	for (int k = 0; k < l->nlayers; k++) {
		size_t m = 0;
		for (int place = 0; place < (int)n; place++)
			for (size_t s = 0; s < n; s++)
				if (l->layer[s] == k && l->row[s] == place)
					by_place[m++] = (int)s;
		double x = 0;
		for (size_t j = 0; j < m; j++) {
			const struct node *o = &l->node[by_place[j]];
			if (j)
				x += l->node[by_place[j - 1]].rx + row_gap(l, by_place[j - 1],
									   by_place[j]) + o->rx;
			l->node[by_place[j]].at = pt(x, k * LAYER_GAP);
		}
		for (size_t j = 0; j < m; j++) /* centred */
			l->node[by_place[j]].at.x -= x / 2;
	}
	free(by_place);
}

/* The states on a circle, in the order reached, the initial one on top,
 * clockwise; the circle as large as its states and the gaps need. */
static void place_circle(struct layout *l, const int *order)
{
	size_t n = l->p->nstates;
	double around = 0;
	for (size_t k = 0; k < n; k++)
		around += 2 * l->node[k].rx + CIRCLE_GAP;
	double r = fmax(90, around / (2 * M_PI)), angle = -M_PI / 2;
	for (size_t k = 0; k < n; k++) {
		l->node[order[k]].at = pt(r * cos(angle), r * sin(angle));
		angle += 2 * M_PI / (double)n;
	}
}

/* The "any state" box: on layers, above the top one, over the states its
 * edges enter (the middle when they enter none: `* -> *`); on a circle,
 * in its centre. */
static void place_any_box(struct layout *l, bool circle)
{
	const struct sm__ir_prop *p = l->p;
	double sum = 0;
	int n = 0;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from == SM__ANY_STATE && p->edges[k].to >= 0) {
			sum += l->node[p->edges[k].to].at.x;
			n++;
		}
	struct node *box = &l->node[l->any];
	box->box = true;
	box->rx = text_width("any state", 9, FONT_LABEL) / 2 + 14;
	box->ry = 14;
	box->at = circle ? pt(0, 0) : pt(n ? sum / n : 0, -ANY_ABOVE);
}

/* Where the line from n's centre toward `toward` leaves n, and a little
 * more (arrowheads touch, not overlap). */
static struct pt boundary(const struct node *n, struct pt toward)
{
	struct pt d = unit(sub(toward, n->at));
	double t;
	if (n->box)
		t = fmin(fabs(d.x) < 1e-9 ? 1e9 : n->rx / fabs(d.x),
			 fabs(d.y) < 1e-9 ? 1e9 : n->ry / fabs(d.y));
	else
		t = 1 / sqrt((d.x / n->rx) * (d.x / n->rx) + (d.y / n->ry) * (d.y / n->ry));
	return add(n->at, scale(d, t + 2));
}

/* ---- automata: arrows ---- */

/* How far the control point of group g lies from the middle, along the left
 * normal of its direction: half PARALLEL_GAP when its reverse is drawn too
 * (each bends to its own left: apart), and around a third node its
 * straight line would cross. */
static double group_bend(const struct layout *l, const struct group *g)
{
	double bend = 0;
	for (size_t h = 0; h < l->ngroups; h++)
		if (l->group[h].from == g->to && l->group[h].to == g->from)
			bend = PARALLEL_GAP / 2;
	int lo = g->from < g->to ? g->from : g->to, hi = g->from < g->to ? g->to : g->from;
	struct pt a = l->node[lo].at, b = l->node[hi].at;
	for (size_t j = 0; j < l->nnodes; j++) {
		const struct node *o = &l->node[j];
		double r = fmax(o->rx, o->ry);
		if ((int)j != lo && (int)j != hi && segment_distance(o->at, a, b) < r + 8) {
			/* A quadratic curve's apex is half way to its control
			 * point; the same side for both directions: left of
			 * lo -> hi. */
			double around = 2 * (r + 16);
			return bend + (g->from == lo ? around : -around);
		}
	}
	return bend;
}

/* An edge's tooltip, on its arrow and on its label's line: the edge as the
 * text report says it ("event when guard", the guard whole), with its place
 * in the spec. */
static void edge_tip(struct sm__buf *b, const struct sm__ir *ir, const struct sm__ir_edge *e)
{
	sm__report_edge_text(b, ir, e);
	sm__buf_adds(b, "   (");
	sm__report_spec_place(b, e->loc);
	sm__buf_addc(b, ')');
}

/* The lines of a group's label beside `at`, on the side `side` (a unit
 * vector), anchored away from the arrow; the allowed edges' lines green
 * (allowed: per edge, or NULL for none). */
static void draw_label(struct canvas *c, const struct layout *l, const struct label *lb,
		       const bool *allowed)
{
	const struct group *g = &l->group[lb->group];
	struct pt q = add(lb->at, scale(lb->side, 7));
	char anchor = lb->side.x > 0.6 ? 's' : lb->side.x < -0.6 ? 'e' : 'm';
	double lines = (double)(g->n - 1) * LINE_H;
	double y = lb->side.y < -0.3   ? q.y - 2 - lines
		   : lb->side.y > 0.3 ? q.y + FONT_LABEL
				      : q.y + FONT_LABEL * 0.35 - lines / 2;
	struct sm__buf t = {0}, tip = {0};
	for (size_t k = 0; k < g->n; k++, y += LINE_H) {
		const struct sm__ir_edge *e = &l->p->edges[g->edges[k]];
		edge_label(&t, l->ir, e);
		tip.len = 0;
		edge_tip(&tip, l->ir, e);
		tip_text(c, pt(q.x, y), anchor, FONT_LABEL,
			 allowed && allowed[g->edges[k]] ? "elabel allowed" : "elabel", t.data, t.len,
			 &tip);
	}
	sm__buf_free(&tip);
	sm__buf_free(&t);
}

/* The arrow's element: classes "edge", "allowed" (its edges are allowed in
 * the instance's state), "any" (from the "any state" box, dashed);
 * data-edge its edges' numbers in the spec's order. */
static void open_group(struct canvas *c, const struct layout *l, const struct group *g,
		       bool allowed)
{
	sm__buf_printf(&c->body, "<g class=\"edge%s%s\" data-edge=\"", allowed ? " allowed" : "",
		       g->from == l->any ? " any" : "");
	for (size_t k = 0; k < g->n; k++)
		sm__buf_printf(&c->body, "%s%d", k ? " " : "", g->edges[k]);
	sm__buf_adds(&c->body, "\">");
}

/* The arrow's tooltip: each of its edges, a line each; then </g>. */
static void close_group(struct canvas *c, const struct layout *l, const struct group *g)
{
	struct sm__buf t = {0};
	for (size_t k = 0; k < g->n; k++) {
		if (k)
			sm__buf_addc(&t, '\n');
		edge_tip(&t, l->ir, &l->p->edges[g->edges[k]]);
	}
	sm__buf_adds(&c->body, "<title>");
	sm__html_text(&c->body, t.data, t.len);
	sm__buf_adds(&c->body, "</title></g>");
	sm__buf_free(&t);
}

/* An arrow between two nodes: a quadratic curve; its label's place. */
static void draw_curve(struct canvas *c, struct layout *l, size_t gi)
{
	const struct group *g = &l->group[gi];
	const struct node *a = &l->node[g->from], *b = &l->node[g->to];
	struct pt d = unit(sub(b->at, a->at)), n = normal(d);
	double bend = group_bend(l, g);
	struct pt ctl = add(scale(add(a->at, b->at), 0.5), scale(n, bend));
	struct pt s = boundary(a, ctl), e = boundary(b, ctl);
	open_group(c, l, g, false);
	size_t from = c->body.len;
	sm__buf_printf(&c->body, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\"/>", s.x, s.y,
		       ctl.x, ctl.y, e.x, e.y);
	arrowhead(c, e, unit(sub(e, ctl)));
	sm__buf_add(&l->arrow[gi], c->body.data + from, c->body.len - from);
	close_group(c, l, g);
	cover(c, s);
	cover(c, e);
	/* The label on the outer side of the bend; a straight arrow's above
	 * it, or right of it when it is upright. */
	struct pt side = bend < 0 ? scale(n, -1) : n;
	if (fabs(bend) < 1e-9 && (n.y > 0.01 || (fabs(n.y) <= 0.01 && n.x < 0)))
		side = scale(n, -1);
	struct pt mid = add(scale(add(s, e), 0.25), scale(ctl, 0.5));
	l->label[l->nlabels++] = (struct label){mid, side, gi};
}

/* How much room there is around q: the distance to the nearest node's rim,
 * label line or the initial state's arrow. */
static double room_at(const struct layout *l, struct pt q)
{
	double room = 1e9;
	for (size_t k = 0; k < l->nnodes; k++) {
		const struct node *o = &l->node[k];
		room = fmin(room, length(sub(q, o->at)) - fmax(o->rx, o->ry));
	}
	for (size_t k = 0; k < l->nlabels; k++) {
		const struct label *lb = &l->label[k];
		struct pt centre = add(lb->at, scale(lb->side, 40)); /* a label's middle, roughly */
		room = fmin(room, length(sub(q, centre)) - 36);
	}
	const struct node *init = &l->node[l->p->initial]; /* its arrow comes from the left */
	for (double dx = 10; dx <= 40; dx += 15)
		room = fmin(room, length(sub(q, pt(init->at.x - init->rx - dx, init->at.y))));
	return room;
}

/* Of eight directions out of node o, the one with the most room at `reach`
 * from its rim and beyond (right first, then down, on ties). */
static struct pt roomiest(const struct layout *l, const struct node *o, double reach)
{
	static const double dirs[8][2] = {{1, 0},  {1, 1},  {0, 1},  {-1, 1},
					  {1, -1}, {-1, 0}, {0, -1}, {-1, -1}};
	struct pt best_d = pt(1, 0);
	double best = -1e18;
	for (size_t k = 0; k < 8; k++) {
		struct pt d = unit(pt(dirs[k][0], dirs[k][1]));
		struct pt e = add(boundary(o, add(o->at, d)), scale(d, reach));
		double room = fmin(room_at(l, e), room_at(l, add(e, scale(d, 30))));
		if (room > best + 1e-9) {
			best = room;
			best_d = d;
		}
	}
	return best_d;
}

static struct pt rotate(struct pt v, double angle)
{
	double c = cos(angle), sn = sin(angle);
	return pt(v.x * c - v.y * sn, v.x * sn + v.y * c);
}

/* A loop: an arc out of the node where there is room, its label beyond. */
static void draw_loop(struct canvas *c, struct layout *l, size_t gi)
{
	const struct group *g = &l->group[gi];
	const struct node *o = &l->node[g->from];
	struct pt u = roomiest(l, o, 30);
	double reach = length(sub(boundary(o, add(o->at, u)), o->at)) + 30;
	struct pt s = boundary(o, add(o->at, rotate(u, -0.5)));
	struct pt e = boundary(o, add(o->at, rotate(u, 0.5)));
	struct pt c1 = add(o->at, scale(rotate(u, -0.6), reach));
	struct pt c2 = add(o->at, scale(rotate(u, 0.6), reach));
	open_group(c, l, g, false);
	size_t from = c->body.len;
	sm__buf_printf(&c->body, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", s.x,
		       s.y, c1.x, c1.y, c2.x, c2.y, e.x, e.y);
	arrowhead(c, e, unit(sub(e, c2)));
	sm__buf_add(&l->arrow[gi], c->body.data + from, c->body.len - from);
	close_group(c, l, g);
	cover(c, c1);
	cover(c, c2);
	l->label[l->nlabels++] = (struct label){add(o->at, scale(u, reach * 0.8)), u, gi};
}

/* The arrows: between nodes first, then the loops, which go where the
 * others left room. */
static void draw_groups(struct canvas *c, struct layout *l)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t g = 0; g < l->ngroups; g++) {
			bool loop = l->group[g].from == l->group[g].to;
			if (loop != (pass == 1))
				continue;
			if (loop)
				draw_loop(c, l, g);
			else
				draw_curve(c, l, g);
		}
}

/* ---- automata: states ---- */

static void ellipse(struct canvas *c, struct pt at, double rx, double ry)
{
	sm__buf_printf(&c->body, "<ellipse cx=\"%.1f\" cy=\"%.1f\" rx=\"%.1f\" ry=\"%.1f\"/>",
		       at.x, at.y, rx, ry);
	cover(c, pt(at.x - rx, at.y - ry));
	cover(c, pt(at.x + rx, at.y + ry));
}

/* A state: its classes say final, initial and current (where the instance
 * was); data-state its name. */
static void draw_state(struct canvas *c, const struct layout *l, size_t s, bool current)
{
	const struct sm__ir_prop *p = l->p;
	const struct node *o = &l->node[s];
	sm__buf_printf(&c->body, "<g class=\"state%s%s%s\" data-state=\"",
		       current ? " current" : "", p->final[s] ? " final" : "",
		       (int)s == p->initial ? " initial" : "");
	sm__html_text(&c->body, p->states[s].ptr, p->states[s].len);
	sm__buf_adds(&c->body, "\">");
	ellipse(c, o->at, o->rx, o->ry);
	if (p->final[s])
		ellipse(c, o->at, o->rx - 4, o->ry - 4);
	bool inv = p->inv_clock && p->inv_clock[s] >= 0;
	text(c, pt(o->at.x, o->at.y + (inv ? -2 : 4.5)), 'm', FONT_STATE, NULL,
	     p->states[s].ptr, p->states[s].len);
	if (inv) {
		struct sm__str t = sm__loc_text(p->inv_loc[s]);
		text(c, pt(o->at.x, o->at.y + 12), 'm', FONT_SMALL, "inv", t.ptr, t.len);
	}
	sm__buf_adds(&c->body, "</g>");
}

static void draw_any_box(struct canvas *c, const struct node *o)
{
	sm__buf_printf(&c->body, "<g class=\"state any\"><rect x=\"%.1f\" y=\"%.1f\" "
		       "width=\"%.1f\" height=\"%.1f\" rx=\"8\"/>", o->at.x - o->rx,
		       o->at.y - o->ry, 2 * o->rx, 2 * o->ry);
	cover(c, pt(o->at.x - o->rx, o->at.y - o->ry));
	cover(c, pt(o->at.x + o->rx, o->at.y + o->ry));
	ctext(c, pt(o->at.x, o->at.y + 4), 'm', FONT_LABEL, NULL, "any state");
	sm__buf_adds(&c->body, "</g>");
}

/* The arrow from nowhere into the initial state, as rvgen draws it, with
 * `start on E` before it when the instance waits for E. */
static void draw_initial(struct canvas *c, const struct layout *l)
{
	const struct sm__ir_prop *p = l->p;
	const struct node *o = &l->node[p->initial];
	struct pt s = pt(o->at.x - o->rx - 34, o->at.y), e = pt(o->at.x - o->rx - 2, o->at.y);
	sm__buf_printf(&c->body, "<g class=\"start\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>"
		       "<path d=\"M%.1f,%.1f L%.1f,%.1f\"/>", s.x, s.y, s.x, s.y, e.x, e.y);
	arrowhead(c, e, pt(1, 0));
	cover(c, s);
	if (p->start_event >= 0) {
		struct sm__buf t = {0};
		sm__buf_printf(&t, "start %s %.*s", p->start_with ? "with" : "on",
			       (int)l->ir->events[p->start_event].name.len,
			       l->ir->events[p->start_event].name.ptr);
		text(c, pt(s.x - 8, s.y + 4), 'e', FONT_LABEL, NULL, t.data, t.len);
		sm__buf_free(&t);
	}
	sm__buf_adds(&c->body, "</g>");
}

/* The refused event: a red dashed arrow out of the state, crossed out,
 * toward the most room, labelled with the event. */
static void draw_refused(struct canvas *c, const struct layout *l, int state,
			 const char *refused)
{
	const struct node *o = &l->node[state];
	struct pt d = roomiest(l, o, 56), s = boundary(o, add(o->at, d));
	struct pt e = add(s, scale(d, 56)), m = add(s, scale(d, 26));
	struct pt x1 = scale(add(d, normal(d)), 5), x2 = scale(sub(d, normal(d)), 5);
	sm__buf_printf(&c->body, "<g class=\"refused\"><path d=\"M%.1f,%.1f L%.1f,%.1f\"/>"
		       "<path class=\"cross\" d=\"M%.1f,%.1f L%.1f,%.1f M%.1f,%.1f L%.1f,%.1f\"/>",
		       s.x, s.y, e.x, e.y, m.x - x1.x, m.y - x1.y, m.x + x1.x, m.y + x1.y,
		       m.x - x2.x, m.y - x2.y, m.x + x2.x, m.y + x2.y);
	arrowhead(c, e, d);
	cover(c, s);
	struct pt q = add(e, scale(d, 7));
	char anchor = d.x > 0.6 ? 's' : d.x < -0.6 ? 'e' : 'm';
	double dy = d.y < -0.3 ? -2 : d.y > 0.3 ? FONT_LABEL : FONT_LABEL * 0.35;
	ctext(c, pt(q.x, q.y + dy), anchor, FONT_LABEL, NULL, refused);
	sm__buf_adds(&c->body, "<title>refused here: ");
	sm__html_text(&c->body, refused, strlen(refused));
	sm__buf_adds(&c->body, "</title></g>");
}

/* Where everything goes: layers, or a circle when layers are tangled. */
static void lay_out(struct layout *l)
{
	size_t n = l->p->nstates;
	l->layer = sm__xmalloc(n * sizeof *l->layer);
	l->row = sm__xmalloc(n * sizeof *l->row);
	int *order = sm__xmalloc(n * sizeof *order);
	assign_layers(l, order);
	assign_rows(l, order);
	make_groups(l);
	size_states(l);
	bool circle = tangled(l);
	if (circle)
		place_circle(l, order);
	else
		place_layers(l);
	if (l->any >= 0)
		place_any_box(l, circle);
	free(order);
}

/* An automaton laid out and drawn once for all its cards (html.h). */
struct sm__svg_graph {
	char id[24];
	bool drawn;      /* not too large to draw */
	struct layout l;
	double x0, y0, x1, y1; /* the box of the drawing */
	struct sm__buf edges, labels, states; /* its three layers, bottom up */
};

struct sm__svg_graph *sm__svg_graph_new(const struct sm__ir *ir, const struct sm__ir_prop *p,
					const char *id)
{
	struct sm__svg_graph *g = sm__xcalloc(1, sizeof *g);
	snprintf(g->id, sizeof g->id, "%s", id);
	struct layout *l = &g->l;
	*l = (struct layout){.ir = ir, .p = p, .any = -1};
	if (p->nstates > DRAW_MAX_STATES || p->nedges > DRAW_MAX_EDGES)
		return g;
	g->drawn = true;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from == SM__ANY_STATE && p->edges[k].event >= 0)
			l->any = (int)p->nstates;
	l->nnodes = p->nstates + (l->any >= 0);
	l->node = sm__xcalloc(l->nnodes, sizeof *l->node);
	l->label = sm__xmalloc((p->nedges + 1) * sizeof *l->label);
	l->arrow = sm__xcalloc(p->nedges + 1, sizeof *l->arrow);
	lay_out(l);
	/* Three layers, so that a card's highlights go between them: arrows
	 * (and the initial one), labels over the arrows, states over all. */
	struct canvas c = {0};
	draw_groups(&c, l);
	draw_initial(&c, l);
	g->edges = c.body;
	c.body = (struct sm__buf){0};
	for (size_t k = 0; k < l->nlabels; k++)
		draw_label(&c, l, &l->label[k], NULL);
	g->labels = c.body;
	c.body = (struct sm__buf){0};
	if (l->any >= 0)
		draw_any_box(&c, &l->node[l->any]);
	for (size_t s = 0; s < p->nstates; s++)
		draw_state(&c, l, s, false);
	g->states = c.body;
	g->x0 = c.x0;
	g->y0 = c.y0;
	g->x1 = c.x1;
	g->y1 = c.y1;
	return g;
}

void sm__svg_graph_free(struct sm__svg_graph *g)
{
	if (!g)
		return;
	for (size_t k = 0; g->l.arrow && k < g->l.ngroups; k++)
		sm__buf_free(&g->l.arrow[k]);
	free(g->l.arrow);
	free(g->l.label);
	free(g->l.members);
	free(g->l.group);
	free(g->l.row);
	free(g->l.layer);
	free(g->l.node);
	sm__buf_free(&g->edges);
	sm__buf_free(&g->labels);
	sm__buf_free(&g->states);
	free(g);
}

static void layer_def(struct sm__buf *b, const char *id, const char *layer,
		      const struct sm__buf *body)
{
	sm__buf_printf(b, "<g id=\"%s-%s\" class=\"layer\">", id, layer);
	sm__buf_add(b, body->data, body->len);
	sm__buf_adds(b, "</g>\n");
}

void sm__svg_graph_defs(struct sm__buf *b, const struct sm__svg_graph *g)
{
	if (!g->drawn)
		return;
	layer_def(b, g->id, "edges", &g->edges);
	layer_def(b, g->id, "labels", &g->labels);
	layer_def(b, g->id, "states", &g->states);
}

void sm__svg_automaton(struct sm__buf *b, const struct sm__svg_graph *g, int state,
		       const char *refused)
{
	const struct layout *l = &g->l;
	const struct sm__ir_prop *p = l->p;
	if (!g->drawn) {
		sm__buf_printf(b, "<p class=\"none\">Too large to draw here (%zu states, %zu "
			       "edges): <code>specmon graph</code> draws it with Graphviz.</p>\n",
			       p->nstates, p->nedges);
		return;
	}
	bool *allowed = sm__xcalloc(p->nedges + 1, sizeof *allowed);
	int *edges = sm__xmalloc((p->nedges + 1) * sizeof *edges);
	size_t nallowed = sm__report_allowed_edges(p, state, edges);
	for (size_t k = 0; k < nallowed; k++)
		allowed[edges[k]] = true;
	/* The drawing by reference, each layer with this card's highlights
	 * over it: the allowed arrows and their labels in green, the state
	 * the instance was in, the refused event. */
	struct canvas c = {.x0 = g->x0, .y0 = g->y0, .x1 = g->x1, .y1 = g->y1, .used = true};
	sm__buf_printf(&c.body, "<use href=\"#%s-edges\"/>", g->id);
	/* A group's edges all leave the same node: allowed together. */
	for (size_t k = 0; k < l->ngroups; k++)
		if (allowed[l->group[k].edges[0]]) {
			open_group(&c, l, &l->group[k], true);
			sm__buf_add(&c.body, l->arrow[k].data, l->arrow[k].len);
			close_group(&c, l, &l->group[k]);
		}
	sm__buf_printf(&c.body, "<use href=\"#%s-labels\"/>", g->id);
	for (size_t k = 0; k < l->nlabels; k++)
		if (allowed[l->group[l->label[k].group].edges[0]])
			draw_label(&c, l, &l->label[k], allowed);
	sm__buf_printf(&c.body, "<use href=\"#%s-states\"/>", g->id);
	draw_state(&c, l, (size_t)state, true);
	if (refused)
		draw_refused(&c, l, state, refused);
	struct sm__buf t = {0};
	sm__buf_printf(&t, "automaton %.*s, in state %.*s", (int)p->name.len, p->name.ptr,
		       (int)p->states[state].len, p->states[state].ptr);
	canvas_emit(&c, b, "automaton", t.data);
	sm__buf_free(&t);
	free(edges);
	free(allowed);
}

/* ---- timelines ---- */

#define TL_PITCH 46.0
#define TL_AXIS 16.0
#define TL_TEXT 34.0
#define TL_MAX_ROWS 40 /* the last ones; a row above says how many came before */

/* "+0.000240": the time since the row before, at the finer precision;
 * false (nothing written) when the difference does not fit in 64 bits
 * (times some 292 years apart). */
static bool add_delta(struct sm__buf *b, const struct sm__where *prev, const struct sm__where *w)
{
	struct sm__where d = *w;
	if (__builtin_sub_overflow(w->ts_ns, prev->ts_ns, &d.ts_ns))
		return false;
	d.ts_digits = prev->ts_digits > w->ts_digits ? prev->ts_digits : w->ts_digits;
	if (d.ts_ns >= 0)
		sm__buf_addc(b, '+');
	sm__format_time(b, &d);
	return true;
}

/* A row of a timeline: kind "" (a step), "past" (an earlier violation),
 * "violating" (this one). */
struct tl_row {
	const struct sm__where *w, *prev; /* prev: the row before, or NULL */
	const char *kind;
	struct sm__str event, step;
};

/* One row: time and delta left of the axis, a dot on it, the event and
 * "line N · what the step did" right of it (the input's name too when it
 * is not the violation's, `here`). */
static void timeline_row(struct canvas *c, double y, const struct tl_row *r, const char *here)
{
	const struct sm__where *w = r->w;
	struct sm__buf t = {0};
	sm__buf_printf(&c->body, "<g class=\"tl-event%s%s\">", *r->kind ? " " : "", r->kind);
	if (w->has_ts) {
		sm__format_time(&t, w);
		text(c, pt(0, y + 4), 'e', FONT_LABEL, "tl-time", t.data, t.len);
	}
	t.len = 0;
	if (w->has_ts && r->prev && r->prev->has_ts && add_delta(&t, r->prev, w))
		text(c, pt(0, y + 19), 'e', FONT_SMALL, "tl-delta", t.data, t.len);
	int radius = strcmp(r->kind, "violating") == 0 ? 7 : 5;
	sm__buf_printf(&c->body, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"/>", TL_AXIS, y,
		       radius);
	cover(c, pt(TL_AXIS - radius, y - radius));
	cover(c, pt(TL_AXIS + radius, y + radius));
	text(c, pt(TL_TEXT, y + 4), 's', FONT_STATE, "tl-text", r->event.ptr, r->event.len);
	t.len = 0;
	const char *input = w->input ? w->input : "-";
	if (strcmp(input, here) == 0)
		sm__buf_printf(&t, "line %" PRIu64, w->lineno);
	else
		sm__buf_printf(&t, "%s:%" PRIu64, input, w->lineno);
	if (r->step.len) {
		sm__buf_adds(&t, " \xc2\xb7 "); /* · */
		sm__buf_add(&t, r->step.ptr, r->step.len);
	}
	text(c, pt(TL_TEXT, y + 20), 's', FONT_SMALL, "tl-sub", t.data, t.len);
	sm__buf_adds(&c->body, "</g>");
	sm__buf_free(&t);
}

static struct sm__str buf_str(const struct sm__buf *b)
{
	return (struct sm__str){b->data, b->len};
}

/* The violation's own row: the refused event (keys left out, as in the
 * history), or the deadline that passed. */
static void violation_row(struct canvas *c, double y, const struct sm__reporter *r,
			  const struct sm__violation *v, const struct sm__where *prev)
{
	struct sm__buf ev = {0}, step = {0};
	if (v->miss) {
		sm__buf_adds(&ev, "missed deadline");
		sm__buf_adds(&step, "deadline ");
		sm__report_miss_deadline(&step, v);
	} else {
		sm__format_event(&ev, &r->ir->events[v->event], v->slots, v->prop);
		sm__buf_adds(&step, "violation");
		if (v->prop->kind == SM__PROP_AUTOMATON)
			sm__buf_printf(&step, " in state %.*s", (int)v->prop->states[v->state].len,
				       v->prop->states[v->state].ptr);
	}
	struct tl_row row = {v->where, prev, "violating", buf_str(&ev), buf_str(&step)};
	timeline_row(c, y, &row, v->where->input ? v->where->input : "-");
	sm__buf_free(&ev);
	sm__buf_free(&step);
}

/* "… 12 earlier events not shown", above the rows, when there are more
 * than TL_MAX_ROWS; returns how many rows it leaves out. */
static size_t timeline_cut(struct canvas *c, size_t n, bool lost, double *y)
{
	size_t first = n < TL_MAX_ROWS ? 0 : n - (TL_MAX_ROWS - 1);
	char note[64];
	if (first)
		snprintf(note, sizeof note, "\xe2\x80\xa6 %zu earlier event%s not shown", first,
			 first == 1 ? "" : "s");
	else if (lost) /* the history log, bounded, let them go */
		snprintf(note, sizeof note, "\xe2\x80\xa6 earlier steps no longer kept");
	else
		return 0;
	ctext(c, pt(TL_TEXT, *y + 4), 's', FONT_SMALL, "tl-sub", note);
	*y += TL_PITCH * 0.6;
	return first;
}

void sm__svg_timeline(struct sm__buf *b, const struct sm__reporter *r,
		      const struct sm__violation *v)
{
	const struct sm__hist_entry *hist; /* valid until the next history call */
	bool lost;
	size_t n = sm__instance_history(r->engine, v->inst, &hist, &lost);
	struct canvas c = {0};
	double y = 0;
	size_t first = timeline_cut(&c, n, lost, &y);
	double top = y;
	struct sm__buf ev = {0}, step = {0};
	/* The first row shown has a delta too: from the last one cut. */
	const struct sm__where *prev =
		first ? &hist[first - 1].where : NULL;
	const char *here = v->where->input ? v->where->input : "-";
	for (size_t k = first; k < n; k++, y += TL_PITCH) {
		const struct sm__hist_entry *h = &hist[k];
		ev.len = step.len = 0;
		sm__report_history_event(&ev, r, v->prop, h);
		sm__report_history_step(&step, v->prop, h, "");
		struct tl_row row = {&h->where, prev, h->to == SM__HIST_VIOLATION ? "past" : "",
				     buf_str(&ev), buf_str(&step)};
		timeline_row(&c, y, &row, here);
		prev = &h->where;
	}
	violation_row(&c, y, r, v, prev);
	/* The axis, under the dots: first in the body. */
	struct sm__buf axis = {0};
	sm__buf_printf(&axis, "<path class=\"tl-axis\" d=\"M%.1f,%.1f L%.1f,%.1f\"/>", TL_AXIS,
		       top - 10, TL_AXIS, y);
	cover(&c, pt(TL_AXIS - 1, top - 10)); /* its stroke is 2 wide */
	cover(&c, pt(TL_AXIS + 1, y));
	sm__buf_add(&axis, c.body.data, c.body.len);
	sm__buf_free(&c.body);
	c.body = axis;
	ev.len = 0;
	sm__buf_adds(&ev, "history of ");
	sm__report_instance(&ev, v->prop, v->inst);
	canvas_emit(&c, b, "timeline", ev.data);
	sm__buf_free(&ev);
	sm__buf_free(&step);
}

/* ---- relations ---- */

#define SIDE_H 38.0

/* A side of a relation: a box with its text; classes "allowed" (it could
 * tick alone here), "ticked" (it did, in this instant), "missed" (the b of
 * a missed deadline). */
static double draw_side(struct canvas *c, double x, struct sm__str s, const char *which,
			bool allowed, bool ticked, bool missed)
{
	double w = text_width(s.ptr, s.len, FONT_STATE) + 32;
	sm__buf_printf(&c->body, "<g class=\"side %s%s%s%s\"><rect x=\"%.1f\" y=\"%.1f\" "
		       "width=\"%.1f\" height=\"%.1f\" rx=\"6\"/>", which,
		       allowed ? " allowed" : "", ticked ? " ticked" : "", missed ? " missed" : "",
		       x, -SIDE_H / 2, w, SIDE_H);
	cover(c, pt(x, -SIDE_H / 2));
	cover(c, pt(x + w, SIDE_H / 2));
	text(c, pt(x + w / 2, 4.5), 'm', FONT_STATE, NULL, s.ptr, s.len);
	if (ticked || missed)
		ctext(c, pt(x + w / 2, SIDE_H / 2 + 16), 'm', FONT_SMALL, "note",
		      ticked ? "ticked in this instant" : "not in time");
	sm__buf_adds(&c->body, "</g>");
	return w;
}

/* Relations that count: the lead is how many a wait for their b. */
static bool counts_lead(const struct sm__ir_prop *p)
{
	return p->rel == SM__REL_PRECEDES || p->rel == SM__REL_CAUSES ||
	       p->rel == SM__REL_ALTERNATES;
}

void sm__svg_relation(struct sm__buf *b, const struct sm__violation *v)
{
	const struct sm__ir_prop *p = v->prop;
	struct sm__str ok[2];
	size_t nok = v->miss ? 0 : sm__report_allowed_clocks(p, v->lead, ok);
	bool a_ok = false, b_ok = false;
	for (size_t k = 0; k < nok; k++) {
		a_ok |= ok[k].ptr == p->a_text.ptr;
		b_ok |= ok[k].ptr == p->b_text.ptr;
	}
	struct sm__buf t = {0}, lead = {0};
	sm__graph_relation_label(&t, p);
	if (counts_lead(p) && !v->miss)
		sm__buf_printf(&lead, "lead %" PRId64 " before this instant", v->lead);
	double gap = fmax(text_width(t.data, t.len, FONT_LABEL),
			  text_width(lead.data, lead.len, FONT_SMALL));
	gap = fmax(170, gap + 40);
	struct canvas c = {0};
	double wa = draw_side(&c, 0, p->a_text, "a", a_ok, v->ta, false);
	double xb = wa + gap;
	draw_side(&c, xb, p->b_text, "b", b_ok, v->tb, v->miss != NULL);
	struct pt s = pt(wa + 2, 0), e = pt(xb - 2, 0);
	sm__buf_printf(&c.body, "<g class=\"rel-edge\"><path d=\"M%.1f,0 L%.1f,0\"/>", s.x, e.x);
	arrowhead(&c, e, pt(1, 0));
	text(&c, pt((s.x + e.x) / 2, -8), 'm', FONT_LABEL, NULL, t.data, t.len);
	sm__buf_adds(&c.body, "</g>");
	if (lead.len) {
		sm__buf_printf(&c.body, "<g class=\"lead\" data-lead=\"%" PRId64 "\">", v->lead);
		text(&c, pt((s.x + e.x) / 2, 20), 'm', FONT_SMALL, NULL, lead.data, lead.len);
		sm__buf_adds(&c.body, "</g>");
	}
	t.len = 0;
	sm__buf_printf(&t, "relation %.*s", (int)p->name.len, p->name.ptr);
	canvas_emit(&c, b, "relation", t.data);
	sm__buf_free(&t);
	sm__buf_free(&lead);
}
