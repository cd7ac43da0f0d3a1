/*
 * html.h: the HTML report (`specmon check --html FILE`, sm_options.html).
 *
 * One self-contained page, readable without a script: inline CSS, inline
 * SVG.  A header with the spec, the inputs and the verdict counts; a card
 * per violation (the report's first line, the rule, the spec's lines, what
 * was allowed, a timeline of the instance's last events, the automaton or
 * relation drawn with where the instance stood); then the pending
 * instances, the warnings and the counts.  Cards are made as violations
 * happen, since an instance's history moves on after; the page is written
 * at the end (html.c).  The drawings are laid out here, not by Graphviz
 * (html_svg.c); an automaton is drawn once for the page, and its cards use
 * that drawing by reference, with their highlights over it.
 */
#ifndef SM_HTML_H
#define SM_HTML_H

#include "report.h"

#include <stdio.h>

/* Violations, pending instances and warnings shown in full; the rest are
 * counted, and the page says how many it left out.  The cards stop early
 * when they reach SM__HTML_MAX_BYTES (long trace values, long histories). */
#define SM__HTML_MAX_ITEMS 1000
#define SM__HTML_MAX_BYTES ((size_t)32 << 20)
/* A text on the page is cut after this many bytes: a 64 MB trace value is
 * not for reading there (the text report has it whole). */
#define SM__HTML_TEXT_MAX 1000

struct sm__html;

struct sm__html *sm__html_new(const struct sm__ir *ir, struct sm__engine *engine);
void sm__html_free(struct sm__html *h);
void sm__html_violation(struct sm__html *h, const struct sm__violation *v);
void sm__html_pending(struct sm__html *h, const struct sm__pending *p);
void sm__html_warning(struct sm__html *h, const struct sm__warning *w);

/* An input, as the page's header lists it: error is why it could not be
 * opened or read (NULL: it was read). */
struct sm__html_input {
	const char *name, *error;
};

/* What the page's header says about the run. */
struct sm__html_run {
	const char *spec_path;
	struct sm__str spec_name;
	const struct sm__html_input *inputs; /* in the order they were given */
	size_t ninputs;
	const struct sm__totals *totals;
	bool interrupted;
	int write_errno; /* the text or JSON reports could not be written: why (0: they were) */
};

/* Write the page to f and flush it: 0, or the errno of the failed write. */
int sm__html_write(struct sm__html *h, const struct sm__html_run *run, FILE *f);

/* ---- shared by the page and its drawings ---- */

/* Text for the page (the same inside SVG): & < > " ' as entities, control
 * bytes other than tab and newline as '?', cut after SM__HTML_TEXT_MAX
 * bytes with an ellipsis.  Bytes from 0x80 go as they are: the page is
 * UTF-8, and a browser shows a bad sequence as U+FFFD. */
void sm__html_text(struct sm__buf *b, const char *p, size_t n);
/* How many of the n bytes at p sm__html_text shows: n, or fewer when it
 * cuts them (the ellipsis after them is one character more). */
size_t sm__html_text_shown(const char *p, size_t n);

/* An automaton laid out and drawn once: the page defines its drawing once
 * (sm__svg_graph_defs, SVG <g> elements with ids from `id`, for the page's
 * <defs>), and each card uses it by reference, with its highlights over it
 * (sm__svg_automaton): a card is a few hundred bytes, not the whole
 * drawing again.  One too large to draw has no defs. */
struct sm__svg_graph;
struct sm__svg_graph *sm__svg_graph_new(const struct sm__ir *ir, const struct sm__ir_prop *p,
					const char *id);
void sm__svg_graph_free(struct sm__svg_graph *g);
void sm__svg_graph_defs(struct sm__buf *b, const struct sm__svg_graph *g);
/* A card's drawing of g: the instance's state `state` highlighted with the
 * edges allowed there; `refused` (NULL: none, a missed deadline) is the
 * refused event's text, drawn as a red dashed arrow out of that state.  Or
 * a sentence when g is too large to draw. */
void sm__svg_automaton(struct sm__buf *b, const struct sm__svg_graph *g, int state,
		       const char *refused);
/* The instance's history, oldest first, then the violation in red. */
void sm__svg_timeline(struct sm__buf *b, const struct sm__reporter *r,
		      const struct sm__violation *v);
/* The relation's two sides and the relation, with the lead before the
 * instant, the sides allowed and the side that ticked. */
void sm__svg_relation(struct sm__buf *b, const struct sm__violation *v);

#endif
