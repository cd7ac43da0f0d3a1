/*
 * html.c: the HTML report page (see html.h).
 *
 * The page says what the text report says, in its words (the pieces of
 * report.c), and draws it (html_svg.c).  A violation's card is made when
 * the violation is reported, while the instance's history is the one that
 * led to it; cards, pending instances and warnings are kept in buffers, the
 * first SM__HTML_MAX_ITEMS of each (cards also up to SM__HTML_MAX_BYTES),
 * and the page is written in one go at the end, once the counts of its
 * header are known.  Everything that comes from a spec or a trace is
 * escaped (sm__html_text): a trace value `<script>` is text on the page.
 */
#include "html.h"

#include <specmon/specmon.h> /* SPECMON_VERSION */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct sm__html {
	struct sm__reporter text; /* the text report's words, whatever the output */
	struct sm__buf cards, index, pending, warnings;
	uint64_t violations, npending, nwarnings; /* all of them, shown or not */
	uint64_t cards_shown;
};

struct sm__html *sm__html_new(const struct sm__ir *ir, struct sm__engine *engine)
{
	struct sm__html *h = sm__xcalloc(1, sizeof *h);
	h->text = (struct sm__reporter){ir, engine, false, false};
	return h;
}

void sm__html_free(struct sm__html *h)
{
	if (!h)
		return;
	sm__buf_free(&h->cards);
	sm__buf_free(&h->index);
	sm__buf_free(&h->pending);
	sm__buf_free(&h->warnings);
	free(h);
}

void sm__html_text(struct sm__buf *b, const char *p, size_t n)
{
	bool cut = n > SM__HTML_TEXT_MAX;
	if (cut) {
		n = SM__HTML_TEXT_MAX;
		while (n && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--; /* not inside a UTF-8 sequence */
	}
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)p[k];
		switch (c) {
		case '&': sm__buf_adds(b, "&amp;"); break;
		case '<': sm__buf_adds(b, "&lt;"); break;
		case '>': sm__buf_adds(b, "&gt;"); break;
		case '"': sm__buf_adds(b, "&quot;"); break;
		case '\'': sm__buf_adds(b, "&#39;"); break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				c = '?';
			sm__buf_addc(b, (char)c);
		}
	}
	if (cut)
		sm__buf_adds(b, "\xe2\x80\xa6"); /* … */
}

static void esc(struct sm__buf *b, struct sm__str s)
{
	sm__html_text(b, s.ptr, s.len);
}

static void esc_cstr(struct sm__buf *b, const char *s)
{
	sm__html_text(b, s, strlen(s));
}

/* The text in t, escaped into b; t is emptied for the next piece. */
static void esc_take(struct sm__buf *b, struct sm__buf *t)
{
	sm__html_text(b, t->data, t->len);
	t->len = 0;
}

/* ---- a violation's card ---- */

/* The line of the spec that loc is on: its place, then its text. */
static void spec_line(struct sm__buf *b, struct sm__loc loc)
{
	if (!loc.src)
		return;
	const char *text = loc.src->text;
	size_t start = loc.off, end = loc.off;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	while (end < loc.src->len && text[end] != '\n' && text[end] != '\r')
		end++;
	while (start < end && (text[start] == ' ' || text[start] == '\t'))
		start++;
	struct sm__buf place = {0};
	sm__report_spec_place(&place, loc);
	sm__buf_adds(b, "<span class=\"place\">");
	esc_take(b, &place);
	sm__buf_adds(b, "</span><code class=\"src\">");
	sm__html_text(b, text + start, end - start);
	sm__buf_adds(b, "</code>");
	sm__buf_free(&place);
}

/* A relation written on its property's line is shown once. */
static bool same_line(struct sm__loc a, struct sm__loc b)
{
	if (a.src != b.src || !a.src)
		return false;
	uint32_t la, lb, col;
	sm__source_linecol(a.src, a.off, &la, &col);
	sm__source_linecol(b.src, b.off, &lb, &col);
	return la == lb;
}

static void fact(struct sm__buf *b, const char *name, const char *cls)
{
	sm__buf_printf(b, "<dt>%s</dt><dd%s%s%s>", name, cls ? " class=\"" : "", cls ? cls : "",
		       cls ? "\"" : "");
}

/* What the automaton's state allowed: its edges, as the text report says
 * them, each with its place in the spec. */
static void allowed_edges(struct sm__buf *b, const struct sm__ir *ir,
			  const struct sm__violation *v)
{
	const struct sm__ir_prop *p = v->prop;
	int *edges = sm__xmalloc(sizeof(int) * (p->nedges + 1));
	size_t n = sm__report_allowed_edges(p, v->state, edges);
	struct sm__buf t = {0};
	fact(b, "allowed here", NULL);
	if (!n)
		sm__buf_adds(b, "nothing (no edge leaves this state)");
	sm__buf_adds(b, n ? "<ul class=\"allowed\">" : "");
	for (size_t k = 0; k < n; k++) {
		const struct sm__ir_edge *e = &p->edges[edges[k]];
		sm__report_edge_text(&t, ir, e);
		sm__buf_adds(b, "<li><code>");
		esc_take(b, &t);
		sm__report_spec_place(&t, e->loc);
		sm__buf_adds(b, "</code> <span class=\"place\">");
		esc_take(b, &t);
		sm__buf_adds(b, "</span></li>");
	}
	sm__buf_adds(b, n ? "</ul></dd>\n" : "</dd>\n");
	sm__buf_free(&t);
	free(edges);
}

/* What the relation allowed alone in this instant, after its lead. */
static void allowed_clocks(struct sm__buf *b, const struct sm__violation *v)
{
	struct sm__str clocks[2];
	size_t n = sm__report_allowed_clocks(v->prop, v->lead, clocks);
	fact(b, "allowed here", NULL);
	for (size_t k = 0; k < n; k++) {
		sm__buf_adds(b, k ? ", <code class=\"ok\">" : "<code class=\"ok\">");
		esc(b, clocks[k]);
		sm__buf_adds(b, "</code>");
	}
	if (!n)
		sm__buf_adds(b, v->prop->rel == SM__REL_COINCIDES ? "both together" : "nothing");
	sm__buf_adds(b, "</dd>\n");
}

/* A missed deadline: what opened it, when it was due and what passed it. */
static void miss_facts(struct sm__buf *b, const struct sm__violation *v)
{
	struct sm__buf t = {0};
	fact(b, v->prop->kind == SM__PROP_AUTOMATON ? "since" : "opened by", "mono");
	sm__report_miss_opened(&t, v);
	esc_take(b, &t);
	sm__buf_adds(b, "</dd>\n");
	fact(b, "deadline", "mono");
	sm__report_miss_deadline(&t, v);
	esc_take(b, &t);
	sm__buf_adds(b, "</dd>\n");
	sm__buf_free(&t);
}

/* The rule, the property's spec line, where the instance stood and what was
 * allowed there: the text report's lines, as a definition list. */
static void card_facts(struct sm__html *h, const struct sm__violation *v, struct sm__buf *b)
{
	const struct sm__ir_prop *p = v->prop;
	sm__buf_adds(b, "<dl class=\"facts\">\n");
	if (p->title.len) {
		fact(b, "rule", "rule");
		esc(b, p->title);
		sm__buf_adds(b, "</dd>\n");
	}
	if (p->kind == SM__PROP_AUTOMATON || !same_line(p->loc, p->rel_text)) {
		fact(b, "property", NULL);
		spec_line(b, p->loc);
		sm__buf_adds(b, "</dd>\n");
	}
	if (p->kind == SM__PROP_AUTOMATON) {
		fact(b, "state", NULL);
		sm__buf_adds(b, "<code class=\"state-name\">");
		esc(b, p->states[v->state]);
		sm__buf_adds(b, "</code></dd>\n");
	} else {
		fact(b, "relation", NULL);
		spec_line(b, p->rel_text);
		sm__buf_adds(b, "</dd>\n");
	}
	if (v->miss)
		miss_facts(b, v);
	else if (p->kind == SM__PROP_AUTOMATON)
		allowed_edges(b, h->text.ir, v);
	else
		allowed_clocks(b, v);
	if (v->where->loss) {
		struct sm__buf t = {0};
		fact(b, "after a loss", "loss");
		sm__report_loss(&t, v->where);
		esc_take(b, &t);
		sm__buf_adds(b, " (the verdict may be wrong)</dd>\n");
		sm__buf_free(&t);
	}
	sm__buf_adds(b, "</dl>\n");
}

/* The timeline of the instance, and the automaton or relation where it stood. */
static void card_figures(struct sm__html *h, const struct sm__violation *v, struct sm__buf *b)
{
	const struct sm__ir_prop *p = v->prop;
	struct sm__buf t = {0};
	sm__buf_adds(b, "<div class=\"figures\">\n<figure class=\"fig-timeline\"><figcaption>"
		     "history of ");
	sm__report_instance(&t, p, v->inst);
	esc_take(b, &t);
	sm__buf_adds(b, "</figcaption>\n");
	sm__svg_timeline(b, &h->text, v);
	sm__buf_printf(b, "</figure>\n<figure class=\"fig-%s\"><figcaption>%s ",
		       p->kind == SM__PROP_AUTOMATON ? "automaton" : "relation",
		       p->kind == SM__PROP_AUTOMATON ? "automaton" : "relation");
	esc(b, p->name);
	sm__buf_adds(b, "</figcaption>\n");
	if (p->kind == SM__PROP_AUTOMATON) {
		if (!v->miss)
			sm__format_event(&t, &h->text.ir->events[v->event], v->slots, p);
		sm__svg_automaton(b, h->text.ir, p, v->state, v->miss ? NULL : t.data);
	} else {
		sm__svg_relation(b, v);
	}
	sm__buf_adds(b, "</figure>\n</div>\n");
	sm__buf_free(&t);
}

/* A line of the index at the top of the violations: number, instance, place. */
static void index_entry(struct sm__html *h, uint64_t n, const struct sm__violation *v)
{
	struct sm__buf t = {0};
	sm__buf_printf(&h->index, "<li><a href=\"#v%" PRIu64 "\">#%" PRIu64 "</a> <code>", n, n);
	sm__report_instance(&t, v->prop, v->inst);
	esc_take(&h->index, &t);
	sm__buf_printf(&t, "%s:%" PRIu64, v->where->input ? v->where->input : "-",
		       v->where->lineno);
	sm__buf_adds(&h->index, "</code> <span class=\"place\">");
	esc_take(&h->index, &t);
	sm__buf_adds(&h->index, "</span></li>\n");
	sm__buf_free(&t);
}

void sm__html_violation(struct sm__html *h, const struct sm__violation *v)
{
	uint64_t n = ++h->violations;
	if (n > SM__HTML_MAX_ITEMS || h->cards.len >= SM__HTML_MAX_BYTES)
		return; /* from the first one left out on: both only grow */
	h->cards_shown = n;
	struct sm__buf *b = &h->cards, t = {0};
	sm__buf_printf(b, "<article class=\"card violation\" id=\"v%" PRIu64 "\">\n"
		       "<header class=\"card-head\"><a class=\"num\" href=\"#v%" PRIu64 "\">#%"
		       PRIu64 "</a><code class=\"headline\">", n, n, n);
	sm__report_headline(&h->text, v, &t);
	esc_take(b, &t);
	sm__buf_adds(b, "</code></header>\n");
	card_facts(h, v, b);
	card_figures(h, v, b);
	sm__buf_adds(b, "</article>\n");
	index_entry(h, n, v);
	sm__buf_free(&t);
}

/* ---- pending instances and warnings ---- */

/* A list item: the first line of a text report, then the rule's title. */
static void list_item(struct sm__buf *b, const char *cls, const struct sm__buf *report,
		      struct sm__str rule)
{
	const char *nl = memchr(report->data, '\n', report->len);
	size_t first = nl ? (size_t)(nl - report->data) : report->len;
	sm__buf_printf(b, "<li class=\"%s\"><code>", cls);
	sm__html_text(b, report->data, first);
	sm__buf_adds(b, "</code>");
	if (rule.len) {
		sm__buf_adds(b, "<span class=\"rule\">");
		esc(b, rule);
		sm__buf_adds(b, "</span>");
	}
	sm__buf_adds(b, "</li>\n");
}

void sm__html_pending(struct sm__html *h, const struct sm__pending *p)
{
	if (++h->npending > SM__HTML_MAX_ITEMS)
		return;
	struct sm__buf t = {0};
	sm__report_pending(&h->text, p, &t);
	list_item(&h->pending, "pending-item", &t, p->prop->title);
	sm__buf_free(&t);
}

void sm__html_warning(struct sm__html *h, const struct sm__warning *w)
{
	if (++h->nwarnings > SM__HTML_MAX_ITEMS)
		return;
	struct sm__buf t = {0};
	sm__report_warning(&h->text, w, &t);
	list_item(&h->warnings, "warning-item", &t, (struct sm__str){0});
	sm__buf_free(&t);
}

/* ---- the page ---- */

/* The style sheet.  SVG text is monospace: html_svg.c sizes boxes by
 * character counts at 0.6 em. */
static const char css[] =
	":root{--ink:#1f2933;--muted:#66727f;--line:#d9dee5;--bg:#f3f5f8;--accent:#1d3557;"
	"--red:#c62828;--red-bg:#fdeeee;--green:#2e7d32;--amber:#a15c00;--amber-bg:#fff4d6;"
	"--mono:\"DejaVu Sans Mono\",\"Liberation Mono\",ui-monospace,Menlo,Consolas,monospace}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,"
	"-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif}\n"
	"code,.mono{font-family:var(--mono);font-size:13px}\n"
	".wrap{max-width:1180px;margin:0 auto;padding:0 24px}\n"
	"header.top{background:var(--accent);color:#fff;padding:26px 0 24px}\n"
	".brand{margin:0;font-size:12px;letter-spacing:.14em;text-transform:uppercase;"
	"opacity:.7}\n"
	"h1{margin:2px 0 0;font-size:27px;font-weight:600}\n"
	".subtitle{margin:0;font-size:15px;opacity:.85}\n"
	".meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:14px 0 0;"
	"font-size:14px}\n.meta dt{opacity:.7}\n.meta dd{margin:0}\n"
	".meta code{color:#fff;font-size:13px}\n"
	".verdict{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0 0;padding:0;"
	"list-style:none}\n"
	".verdict li{background:rgba(255,255,255,.12);border-radius:6px;padding:5px 14px;"
	"font-size:14px}\n.verdict b{font-size:20px;margin-right:6px}\n"
	".verdict .bad{background:var(--red)}\n.verdict .warn{background:var(--amber)}\n"
	".verdict .good{background:var(--green)}\n"
	".banner{margin:14px 0 0;padding:8px 14px;border-radius:6px;background:var(--amber-bg);"
	"color:#5c3b00}\n"
	"main{padding:8px 0 32px}\nsection{margin-top:30px}\n"
	"h2{font-size:20px;margin:0 0 12px;font-weight:600}\n"
	"h2 .count{display:inline-block;margin-left:8px;background:#dde2e8;border-radius:10px;"
	"padding:0 10px;font-size:14px;vertical-align:2px}\n"
	".card{background:#fff;border:1px solid var(--line);border-left:5px solid var(--red);"
	"border-radius:8px;margin:0 0 20px;box-shadow:0 1px 3px rgba(16,24,40,.07);"
	"overflow:hidden}\n"
	".card-head{display:flex;gap:14px;align-items:baseline;padding:12px 18px;"
	"background:var(--red-bg);border-bottom:1px solid #f3cccc}\n"
	".num{color:var(--red);font-weight:700;text-decoration:none}\n"
	".headline{color:#7a1616;font-weight:700;white-space:pre-wrap;word-break:break-word}\n"
	".facts{display:grid;grid-template-columns:max-content 1fr;gap:7px 20px;margin:0;"
	"padding:14px 18px 6px}\n"
	".facts dt{color:var(--muted);font-size:13px;padding-top:2px}\n"
	".facts dd{margin:0;min-width:0}\n.facts .rule{font-weight:600}\n"
	".place{color:var(--muted);font-family:var(--mono);font-size:12px;margin-right:10px}\n"
	"code.src{background:#f5f7f9;border:1px solid #e6eaee;border-radius:4px;padding:1px 7px;"
	"white-space:pre-wrap;word-break:break-word}\n"
	".state-name{background:var(--amber-bg);color:var(--amber);border-radius:4px;"
	"padding:1px 7px;font-weight:700}\n"
	"ul.allowed{margin:0;padding:0;list-style:none}\nul.allowed .place{margin-left:10px}\n"
	"ul.allowed code,code.ok{color:var(--green);font-weight:600}\n"
	".loss{color:var(--amber)}\n"
	".figures{display:flex;flex-wrap:wrap;gap:16px;padding:10px 18px 18px;"
	"align-items:flex-start}\n"
	"figure{margin:0;border:1px solid #e3e7ec;border-radius:6px;padding:10px 14px;"
	"background:#fbfcfd;max-width:100%;overflow-x:auto}\n"
	"figcaption{font-size:12px;color:var(--muted);margin-bottom:6px;"
	"letter-spacing:.04em}\n"
	"svg{display:block;max-width:100%;height:auto}\n"
	"svg text{font-family:var(--mono);fill:var(--ink)}\n"
	".edge path{fill:none;stroke:#9aa5b1;stroke-width:1.4}\n.edge polygon{fill:#9aa5b1}\n"
	".edge.any path{stroke-dasharray:5 4}\n"
	".edge.allowed path{stroke:var(--green);stroke-width:2.4}\n"
	".edge.allowed polygon{fill:var(--green)}\n"
	"text.elabel,.refused text,.rel-edge text{paint-order:stroke;stroke:#fbfcfd;"
	"stroke-width:4px;stroke-linejoin:round}\n"
	"text.elabel{fill:#52606d}\ntext.elabel.allowed{fill:var(--green);font-weight:700}\n"
	".state ellipse{fill:#fff;stroke:#52606d;stroke-width:1.5}\n"
	".state.current ellipse{fill:var(--amber-bg);stroke:var(--amber);stroke-width:2.5}\n"
	".state.current text{font-weight:700;fill:#5c3b00}\n"
	".state.any rect{fill:#f3f5f8;stroke:#9aa5b1;stroke-width:1.2;stroke-dasharray:5 4}\n"
	".state .inv{fill:var(--muted)}\n"
	".start circle,.start polygon{fill:#52606d}\n"
	".start path{stroke:#52606d;stroke-width:1.4}\n"
	".refused path{fill:none;stroke:var(--red);stroke-width:2;stroke-dasharray:6 4}\n"
	".refused path.cross{stroke-dasharray:none;stroke-width:2.4}\n"
	".refused polygon{fill:var(--red)}\n.refused text{fill:var(--red);font-weight:700}\n"
	".tl-axis{stroke:#cbd2d9;stroke-width:2}\n"
	".tl-event circle{fill:#fff;stroke:#52606d;stroke-width:2}\n"
	".tl-event.past circle{fill:var(--amber-bg);stroke:var(--amber)}\n"
	".tl-event.violating circle{fill:var(--red);stroke:var(--red)}\n"
	".tl-event.violating text{fill:var(--red)}\n"
	".tl-event.violating .tl-text{font-weight:700}\n"
	"text.tl-time{fill:#323f4b}\ntext.tl-delta,text.tl-sub{fill:#7b8794}\n"
	".side rect{fill:#fff;stroke:#52606d;stroke-width:1.5}\n"
	".side.allowed rect{stroke:var(--green);stroke-width:2.4}\n"
	".side.ticked rect,.side.missed rect{fill:var(--red-bg);stroke:var(--red);"
	"stroke-width:2.2;stroke-dasharray:6 4}\n"
	".side .note{fill:var(--red)}\n"
	".rel-edge path{stroke:#52606d;stroke-width:1.6}\n.rel-edge polygon{fill:#52606d}\n"
	".lead text{fill:var(--accent);font-weight:700}\n"
	".list{background:#fff;border:1px solid var(--line);border-radius:8px;margin:0;"
	"padding:0;list-style:none}\n"
	".list li{padding:9px 16px;border-top:1px solid #edf0f3}\n"
	".list li:first-child{border-top:0}\n"
	".list code{white-space:pre-wrap;word-break:break-word}\n"
	".list .rule{display:block;color:var(--muted);font-size:13px}\n"
	".pending-item code{color:var(--amber)}\n"
	"ol.index{columns:2;margin:0 0 18px;padding:12px 18px 12px 40px;background:#fff;"
	"border:1px solid var(--line);border-radius:8px;font-size:14px}\n"
	".none{color:var(--muted);font-style:italic;margin:0}\n"
	".omitted{background:var(--amber-bg);border:1px solid #f1d18a;border-radius:6px;"
	"padding:10px 14px}\n"
	"table{border-collapse:collapse;background:#fff;border:1px solid var(--line);"
	"margin:0 0 16px}\n"
	"th,td{padding:6px 16px;text-align:left;border-top:1px solid #edf0f3;font-size:14px}\n"
	"th{color:var(--muted);font-weight:600}\ntd.n{text-align:right;"
	"font-variant-numeric:tabular-nums}\n"
	"pre.summary-text{margin:0;background:#fff;border:1px solid var(--line);"
	"border-radius:8px;padding:10px 16px;font-family:var(--mono);font-size:13px;"
	"white-space:pre-wrap}\n"
	"footer{color:var(--muted);font-size:12px;padding:0 0 36px}\n";

static void page_head(struct sm__buf *b, const struct sm__html_run *run)
{
	sm__buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"specmon " SPECMON_VERSION "\">\n<title>");
	esc(b, run->spec_name);
	sm__buf_printf(b, ": %" PRIu64 " violation%s \xe2\x80\x94 specmon</title>\n<style>\n%s"
		       "</style>\n</head>\n<body>\n", run->totals->violations,
		       run->totals->violations == 1 ? "" : "s", css);
}

/* A count in the header's verdict: cls "bad" when it fails the run. */
static void verdict_count(struct sm__buf *b, const char *id, const char *cls, uint64_t n,
			  const char *one, const char *many)
{
	sm__buf_printf(b, "<li id=\"%s\"%s%s%s><b>%" PRIu64 "</b>%s</li>", id,
		       *cls ? " class=\"" : "", cls, *cls ? "\"" : "", n, n == 1 ? one : many);
}

static void page_header(struct sm__buf *b, const struct sm__ir *ir,
			const struct sm__html_run *run)
{
	const struct sm__totals *t = run->totals;
	sm__buf_adds(b, "<header class=\"top\"><div class=\"wrap\">\n<p class=\"brand\">specmon "
		     "check report</p>\n<h1>");
	esc(b, run->spec_name);
	sm__buf_adds(b, "</h1>\n");
	if (ir->title.len) {
		sm__buf_adds(b, "<p class=\"subtitle\">");
		esc(b, ir->title);
		sm__buf_adds(b, "</p>\n");
	}
	sm__buf_adds(b, "<dl class=\"meta\"><dt>spec</dt><dd><code>");
	esc_cstr(b, run->spec_path);
	sm__buf_printf(b, "</code></dd><dt>input%s</dt><dd>", run->ninputs == 1 ? "" : "s");
	for (size_t k = 0; k < run->ninputs; k++) {
		sm__buf_adds(b, k ? ", <code>" : "<code>");
		esc_cstr(b, run->inputs[k]);
		sm__buf_adds(b, "</code>");
	}
	if (!run->ninputs)
		sm__buf_adds(b, "none");
	sm__buf_adds(b, "</dd></dl>\n<ul class=\"verdict\">");
	verdict_count(b, "n-violations", t->violations ? "bad" : "good", t->violations,
		      " violation", " violations");
	verdict_count(b, "n-pending", t->pending ? "warn" : "", t->pending, " pending", " pending");
	verdict_count(b, "n-warnings", t->warnings ? "warn" : "", t->warnings, " warning",
		      " warnings");
	verdict_count(b, "n-events", "", t->events, " event", " events");
	verdict_count(b, "n-lines", "", t->lines, " line", " lines");
	sm__buf_adds(b, "</ul>\n");
	if (t->stopped)
		sm__buf_adds(b, "<p class=\"banner\" id=\"stopped\">Stopped early: "
			     "--max-violations reached. Pending instances were not reported.</p>\n");
	if (run->interrupted)
		sm__buf_adds(b, "<p class=\"banner\" id=\"interrupted\">Interrupted: the verdict "
			     "is of the input read so far.</p>\n");
	sm__buf_adds(b, "</div></header>\n");
}

/* "N more ... are not shown": what the caps left out. */
static void omitted(struct sm__buf *b, uint64_t all, uint64_t shown, const char *what)
{
	if (all <= shown)
		return;
	sm__buf_printf(b, "<p class=\"omitted\" id=\"omitted-%s\">%" PRIu64 " more %s not shown "
		       "here: the page shows the first %" PRIu64 " in full; the text and JSON "
		       "reports have them all.</p>\n", what, all - shown, what, shown);
}

static void section_open(struct sm__buf *b, const char *id, const char *title, uint64_t n)
{
	sm__buf_printf(b, "<section id=\"%s\">\n<h2>%s<span class=\"count\">%" PRIu64
		       "</span></h2>\n", id, title, n);
}

/* A list of the items kept, or a sentence when there are none. */
static void list_section(struct sm__buf *b, const char *id, const char *title, uint64_t n,
			 const struct sm__buf *items, const char *none)
{
	section_open(b, id, title, n);
	if (n)
		sm__buf_printf(b, "<ul class=\"list\">\n%s</ul>\n", items->data);
	else
		sm__buf_printf(b, "<p class=\"none\">%s</p>\n", none);
	omitted(b, n, n < SM__HTML_MAX_ITEMS ? n : SM__HTML_MAX_ITEMS, id);
	sm__buf_adds(b, "</section>\n");
}

/* The counts: the text report's summary lines, and a row per property. */
static void summary_section(struct sm__html *h, struct sm__buf *b, const struct sm__totals *t)
{
	const struct sm__ir *ir = h->text.ir;
	struct sm__buf text = {0};
	sm__report_summary(&h->text, t, &text);
	sm__buf_adds(b, "<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"props\">"
		     "<thead><tr><th>property</th><th>kind</th><th>instances</th>"
		     "<th>violations</th><th>pending</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		struct sm__prop_stats st;
		sm__engine_stats(h->text.engine, k, &st);
		sm__buf_adds(b, "<tr><td><code>");
		esc(b, p->name);
		sm__buf_printf(b, "</code></td><td>%s</td><td class=\"n\">%" PRIu64 "</td>"
			       "<td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
			       "</td></tr>\n",
			       p->kind == SM__PROP_AUTOMATON ? "automaton" : "relation",
			       st.instances, st.violations, st.pending);
	}
	sm__buf_adds(b, "</tbody></table>\n<pre class=\"summary-text\">");
	esc_take(b, &text);
	sm__buf_adds(b, "</pre>\n</section>\n");
	sm__buf_free(&text);
}

static void violations_section(struct sm__html *h, struct sm__buf *b)
{
	section_open(b, "violations", "Violations", h->violations);
	if (!h->violations)
		sm__buf_adds(b, "<p class=\"none\">No violation.</p>\n");
	if (h->cards_shown > 1) /* an index of the cards */
		sm__buf_printf(b, "<ol class=\"index\">\n%s</ol>\n", h->index.data);
}

/* Write what b holds; false (errno set) when it failed. */
static bool put(FILE *f, const struct sm__buf *b)
{
	return b->len == 0 || fwrite(b->data, 1, b->len, f) == b->len;
}

int sm__html_write(struct sm__html *h, const struct sm__html_run *run, FILE *f)
{
	struct sm__buf b = {0};
	errno = 0;
	page_head(&b, run);
	page_header(&b, h->text.ir, run);
	sm__buf_adds(&b, "<main class=\"wrap\">\n");
	violations_section(h, &b);
	bool ok = put(f, &b) && put(f, &h->cards);
	b.len = 0;
	omitted(&b, h->violations, h->cards_shown, "violations");
	sm__buf_adds(&b, "</section>\n");
	list_section(&b, "pending", "Pending instances", h->npending, &h->pending,
		     run->totals->stopped ? "Not reported: --max-violations stopped the run."
					  : "No instance was pending at the end of input.");
	list_section(&b, "warnings", "Warnings", h->nwarnings, &h->warnings, "No warning.");
	summary_section(h, &b, run->totals);
	sm__buf_adds(&b, "</main>\n<footer class=\"wrap\">Written by specmon " SPECMON_VERSION
		     ".</footer>\n</body>\n</html>\n");
	ok = ok && put(f, &b);
	ok = fflush(f) == 0 && ok;
	int err = ok ? 0 : errno ? errno : EIO;
	sm__buf_free(&b);
	return err;
}
