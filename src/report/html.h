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
 * (html_svg.c).
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

/* What the page's header says about the run. */
struct sm__html_run {
	const char *spec_path;
	struct sm__str spec_name;
	const char *const *inputs;
	size_t ninputs;
	const struct sm__totals *totals;
	bool interrupted;
};

/* Write the page to f and flush it: 0, or the errno of the failed write. */
int sm__html_write(struct sm__html *h, const struct sm__html_run *run, FILE *f);

/* ---- shared by the page and its drawings ---- */

/* Text for the page (the same inside SVG): & < > " ' as entities, control
 * bytes other than tab and newline as '?', cut after SM__HTML_TEXT_MAX
 * bytes with an ellipsis.  Bytes from 0x80 go as they are: the page is
 * UTF-8, and a browser shows a bad sequence as U+FFFD. */
void sm__html_text(struct sm__buf *b, const char *p, size_t n);

/* The automaton p as SVG, the instance's state `state` highlighted with the
 * edges allowed there; `refused` (NULL: none, a missed deadline) is the
 * refused event's text, drawn as a red dashed arrow out of that state. */
void sm__svg_automaton(struct sm__buf *b, const struct sm__ir *ir,
		       const struct sm__ir_prop *p, int state, const char *refused);
/* The instance's history, oldest first, then the violation in red. */
void sm__svg_timeline(struct sm__buf *b, const struct sm__reporter *r,
		      const struct sm__violation *v);
/* The relation's two sides and the relation, with the lead before the
 * instant, the sides allowed and the side that ticked. */
void sm__svg_relation(struct sm__buf *b, const struct sm__violation *v);

#endif
