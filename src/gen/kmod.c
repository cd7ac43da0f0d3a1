/*
 * kmod.c: a resolved spec as a Linux kernel module (`specmon gen kmod`,
 * doc/gen.md).
 *
 * The module is the monitor of `gen c` (c_gen.c, prefix MODULE_mon) and a
 * glue: the fixed part src/gen/runtime/kmod.c.in and, written here, one
 * handler per probe.  The probes are the ones `specmon probes` prints for
 * the spec (probes.c, with BTF): each kprobe_events line is read back here
 * and its fetches (`$argN`, `$retval`, `+OFF(...)` and a type) become calls
 * of smk_fetch, so the module reads exactly what the tracefs probe would.
 * A handler binds its record the way the binder binds an ftrace record of
 * the probe's name (every binding of that name, its fields by member), and
 * hands the events to the monitor as one instant.  A kretprobe whose
 * events are `returning` an entry keeps the entry's fields in its
 * instance's data (struct kretprobe's data_size), fetched by its entry
 * handler with the entry probe's fetches: the pairing of pair.c, per task
 * by construction.
 */
#include "kmod.h"

#include "c_gen.h"
#include "probes.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* One fetch of a probe line: `field=FETCH:TYPE`. */
struct kfetch {
	char *field;
	int arg;      /* N of $argN, 0: $retval */
	long off[16]; /* innermost first; all but the last read a pointer */
	int noff;
	int size;     /* bytes of the integer read; 0: not an integer (string, symbol) */
	bool sign;
	char *text;   /* FETCH:TYPE, for comments */
};

struct kprobe_def {
	bool ret;
	char *name, *module, *func, *line;
	struct kfetch *fetches;
	size_t nfetches;
	int entry_probe; /* a kretprobe `returning`: the entry's probe (-1: none) */
	int entry_event;
};

struct kctx {
	const struct sm__ir *ir;
	const struct sm__gen_kmod_options *o;
	struct sm__diags *d;
	struct kprobe_def *probes;
	size_t nprobes, cap;
	char *prefix;
};

/* ---- reading the probe lines back ---- */

/* The x86-64 registers of the first six arguments, as probes.c writes
 * them for a module's function (an argument N is register N here). */
static const char *const arg_regs[] = {"%di", "%si", "%dx", "%cx", "%r8", "%r9"};

/* fetch := ('+'|'-') DIGITS '(' fetch ')' | '$arg' DIGITS | '$retval' | REGISTER */
static bool parse_fetch(const char **p, struct kfetch *f)
{
	for (int k = 0; k < 6; k++)
		if (strncmp(*p, arg_regs[k], 3) == 0) {
			*p += 3;
			f->arg = k + 1;
			return true;
		}
	if (strncmp(*p, "$retval", 7) == 0) {
		*p += 7;
		f->arg = 0;
		return true;
	}
	if (strncmp(*p, "$arg", 4) == 0) {
		char *end;
		f->arg = (int)strtol(*p + 4, &end, 10);
		*p = end;
		return f->arg > 0;
	}
	char *end;
	long off = strtol(*p, &end, 10);
	if (end == *p || *end != '(')
		return false;
	*p = end + 1;
	if (!parse_fetch(p, f) || **p != ')' || f->noff >= 16)
		return false;
	++*p;
	f->off[f->noff++] = off;
	return true;
}

/* TYPE: u8..u64, s8..s64, x8..x64 are integers; others are not. */
static void parse_type(const char *t, struct kfetch *f)
{
	int bits = (t[0] == 'u' || t[0] == 's' || t[0] == 'x') ? atoi(t + 1) : 0;
	f->size = bits == 8 || bits == 16 || bits == 32 || bits == 64 ? bits / 8 : 0;
	f->sign = t[0] == 's';
}

static bool parse_arg(char *word, struct kfetch *f)
{
	char *eq = strchr(word, '='), *colon = strrchr(word, ':');
	if (!eq || !colon || colon < eq)
		return false;
	*eq = *colon = '\0';
	f->field = sm__xstrndup(word, strlen(word));
	parse_type(colon + 1, f);
	*colon = ':';
	f->text = sm__xstrndup(eq + 1, strlen(eq + 1));
	*colon = '\0';
	const char *p = eq + 1;
	bool ok = parse_fetch(&p, f) && *p == '\0';
	*colon = ':';
	return ok;
}

/* `p:GROUP/NAME [MOD:]FUNC field=FETCH:TYPE ...` (r: for a return). */
static bool parse_line(char *line, struct kprobe_def *k)
{
	k->line = sm__xstrndup(line, strlen(line));
	k->ret = line[0] == 'r';
	k->entry_probe = k->entry_event = -1;
	char *save = NULL, *w = strtok_r(line + 2, " ", &save);
	char *slash = w ? strchr(w, '/') : NULL;
	char *target = strtok_r(NULL, " ", &save);
	if (!slash || !target)
		return false;
	k->name = sm__xstrndup(slash + 1, strlen(slash + 1));
	char *colon = strchr(target, ':');
	if (colon)
		k->module = sm__xstrndup(target, (size_t)(colon - target));
	k->func = sm__xstrndup(colon ? colon + 1 : target, strlen(colon ? colon + 1 : target));
	size_t cap = 0;
	for (char *a; (a = strtok_r(NULL, " ", &save));) {
		struct kfetch f = {0};
		if (!parse_arg(a, &f))
			return false;
		SM__PUSH(k->fetches, k->nfetches, cap, f);
	}
	return true;
}

static bool read_probes(struct kctx *c)
{
	struct sm__probe_opts po = {c->o->btf, c->o->nbtf, "specmon"};
	struct sm__buf text = {0};
	size_t before = c->d->nerrors;
	bool ok = sm__probes(c->ir, &po, &text, c->d) && c->d->nerrors == before;
	char *save = NULL;
	for (char *l = ok ? strtok_r(text.data, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (l[0] == '#')
			continue;
		struct kprobe_def k = {0};
		bool parsed = parse_line(l, &k);
		SM__PUSH(c->probes, c->nprobes, c->cap, k);
		if (!parsed) { /* probes.c and this reader disagree: a bug, said plainly */
			sm__error(c->d, (struct sm__loc){0}, "gen kmod: cannot read the probe line "
				  "'%s'", k.line);
			ok = false;
		}
	}
	sm__buf_free(&text);
	return ok;
}

/* ---- what the module cannot do ---- */

static const struct sm__ir_event *root_event(const struct sm__ir *ir, int e)
{
	return &ir->events[ir->events[e].root];
}

/* A used event's tracepoint binding: refused (the module attaches kprobes
 * only); a used event with no kernel source: a warning (never seen). */
static void check_sources(struct kctx *c)
{
	const struct sm__ast *ast = &c->ir->ast;
	for (size_t k = 0; k < ast->nevents; k++) {
		const struct sm__ast_event *a = &ast->events[k];
		const struct sm__ir_event *ev = NULL;
		for (size_t e = 0; !a->derived && e < c->ir->nevents; e++)
			if (c->ir->events[e].loc.src == a->name.loc.src &&
			    c->ir->events[e].loc.off == a->name.loc.off)
				ev = &c->ir->events[e];
		if (!ev || ev->nprops == 0)
			continue;
		bool kernel = false;
		for (size_t j = 0; j < a->nbindings; j++) {
			const struct sm__ast_binding *b = &a->bindings[j];
			if (b->kind == SM__BIND_TRACEPOINT)
				sm__error(c->d, b->name.loc, "gen kmod: tracepoints are not supported yet "
					  "(the module attaches kprobes and kretprobes)");
			kernel |= b->kind >= SM__BIND_KPROBE;
		}
		if (!kernel)
			sm__warning(c->d, a->name.loc, "gen kmod: event '%.*s' has no 'from kprobe' or "
				    "'from kretprobe': the module never sees it", (int)ev->name.len,
				    ev->name.ptr);
	}
}

/* Is slot `slot` of source event e read by an expression or a key? */
static bool expr_reads(const struct sm__expr *x, int slot)
{
	if (!x)
		return false;
	if (x->op == SM__E_NAME && x->slot == slot)
		return true;
	return expr_reads(x->a, slot) || expr_reads(x->b, slot);
}

static bool slot_read(const struct sm__ir *ir, int root, int slot)
{
	for (size_t k = 0; k < ir->nevents; k++)
		if (ir->events[k].root == root && expr_reads(ir->events[k].where, slot))
			return true;
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		for (size_t j = 0; j < p->nedges; j++) {
			const struct sm__ir_edge *e = &p->edges[j];
			if (root_event(ir, e->event) != &ir->events[root])
				continue;
			if (expr_reads(e->guard, slot))
				return true;
			for (size_t a = 0; a < e->nactions; a++)
				if (expr_reads(e->actions[a].value, slot))
					return true;
		}
		for (size_t e = 0; e < ir->nevents; e++)
			for (size_t j = 0; p->alphabet[e] && j < p->nkeys; j++)
				if (ir->events[e].root == root && p->key_slot[e * p->nkeys + j] == slot)
					return true;
	}
	return false;
}

/* The loc of a binding's fetch of `field` (or of the binding's function). */
static struct sm__loc fetch_loc(const struct sm__ir *ir, const char *probe, const char *field)
{
	const struct sm__ast *ast = &ir->ast;
	for (size_t k = 0; k < ast->nevents; k++)
		for (size_t j = 0; j < ast->events[k].nbindings; j++) {
			const struct sm__ast_binding *b = &ast->events[k].bindings[j];
			if (!sm__str_eq(b->name.name, probe))
				continue;
			for (size_t f = 0; f < b->nfetches; f++)
				if (sm__str_eq(b->fetches[f].field.name, field))
					return b->fetches[f].fetch->loc;
			return b->func.loc;
		}
	return (struct sm__loc){0};
}

/* A field fetched as a string (or symbol): the module's values are
 * integers.  Refused when the spec reads it; else left out, and said. */
static void check_fetch_types(struct kctx *c)
{
	for (size_t k = 0; k < c->nprobes; k++) {
		const struct kprobe_def *p = &c->probes[k];
		for (size_t f = 0; f < p->nfetches; f++) {
			if (p->fetches[f].size)
				continue;
			bool read = false;
			for (size_t b = 0; b < c->ir->nbindings; b++) {
				const struct sm__ir_binding *ib = &c->ir->bindings[b];
				const struct sm__ir_event *ev = &c->ir->events[ib->event];
				if (!sm__str_eq(ib->name, p->name))
					continue;
				for (size_t j = 0; j < ev->nfields; j++)
					if (sm__str_eq(ib->member[j], p->fetches[f].field))
						read |= slot_read(c->ir, ib->event, (int)j);
			}
			struct sm__loc at = fetch_loc(c->ir, p->name, p->fetches[f].field);
			if (read)
				sm__error(c->d, at, "gen kmod: field '%s' is fetched as '%s', which the "
					  "module cannot read into an integer (its values are integers)",
					  p->fetches[f].field, p->fetches[f].text);
			else
				sm__warning(c->d, at, "gen kmod: field '%s' (%s) is not an integer: the "
					    "module leaves it out (no property reads it)",
					    p->fetches[f].field, p->fetches[f].text);
		}
	}
}

/* A return `returning ENTRY`: the entry must be a kprobe on the same
 * function, whose fetches the kretprobe's entry handler runs. */
static void find_entries(struct kctx *c)
{
	for (size_t k = 0; k < c->nprobes; k++) {
		struct kprobe_def *p = &c->probes[k];
		for (size_t b = 0; p->ret && b < c->ir->nbindings; b++) {
			const struct sm__ir_binding *ib = &c->ir->bindings[b];
			if (!sm__str_eq(ib->name, p->name) || ib->entry < 0)
				continue;
			int found = -1;
			for (size_t j = 0; j < c->nprobes && found < 0; j++) {
				const struct kprobe_def *q = &c->probes[j];
				for (size_t e = 0; !q->ret && e < c->ir->nbindings; e++)
					if (c->ir->bindings[e].event == ib->entry &&
					    sm__str_eq(c->ir->bindings[e].name, q->name) &&
					    strcmp(q->func, p->func) == 0)
						found = (int)j;
			}
			if (found < 0 || (p->entry_event >= 0 && p->entry_event != ib->entry)) {
				sm__error(c->d, c->ir->events[ib->event].loc, "gen kmod: the return probe "
					  "'%s' pairs with its entry only when the entry is a kprobe on "
					  "the same function (%s), and one entry event per probe",
					  p->name, p->func);
				continue;
			}
			p->entry_probe = found;
			p->entry_event = ib->entry;
		}
	}
}

/* ---- the glue ---- */

static void add_cstr(struct sm__buf *b, const char *p, size_t n)
{
	sm__buf_addc(b, '"');
	for (size_t k = 0; k < n; k++) {
		unsigned char ch = (unsigned char)p[k];
		if (ch == '"' || ch == '\\')
			sm__buf_printf(b, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f || ch == '?')
			sm__buf_printf(b, "\\%03o", ch);
		else
			sm__buf_addc(b, (char)ch);
	}
	sm__buf_addc(b, '"');
}

static void add_name(struct sm__buf *b, struct sm__str s)
{
	for (size_t k = 0; k < s.len; k++) {
		char ch = s.ptr[k];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '_';
		sm__buf_addc(b, ok ? ch : '_');
	}
}

/* smk_fetch_K(regs, v, h): the probe's fetches into v (h: has a value). */
static void fetch_function(const struct kprobe_def *p, size_t k, struct sm__buf *b)
{
	sm__buf_printf(b, "/* %s */\nstatic void smk_fetch_%zu(struct pt_regs *regs, int64_t *v, "
		       "unsigned char *h)\n{\n", p->line, k);
	if (!p->nfetches)
		sm__buf_adds(b, "\t(void)regs;\n\t(void)v;\n\t(void)h;\n");
	for (size_t f = 0; f < p->nfetches; f++) {
		const struct kfetch *x = &p->fetches[f];
		if (!x->size) {
			sm__buf_printf(b, "\th[%zu] = 0; /* %s=%s: not an integer, left out */\n", f,
				       x->field, x->text);
			continue;
		}
		sm__buf_printf(b, "\t{ /* %s=%s */\n", x->field, x->text);
		if (x->noff) {
			sm__buf_adds(b, "\t\tstatic const long off[] = {");
			for (int j = 0; j < x->noff; j++)
				sm__buf_printf(b, "%s%ld", j ? ", " : "", x->off[j]);
			sm__buf_adds(b, "};\n");
		}
		if (x->arg)
			sm__buf_printf(b, "\t\tunsigned long base = regs_get_kernel_argument(regs, %d);\n",
				       x->arg - 1);
		else
			sm__buf_adds(b, "\t\tunsigned long base = regs_return_value(regs);\n");
		sm__buf_printf(b, "\t\th[%zu] = smk_fetch(base, %s, %d, %d, %s, &v[%zu]);\n\t}\n", f,
			       x->noff ? "off" : "NULL", x->noff, x->size, x->sign ? "true" : "false",
			       f);
	}
	sm__buf_adds(b, "}\n\n");
}

static int fetch_index(const struct kprobe_def *p, struct sm__str member)
{
	for (size_t f = 0; f < p->nfetches; f++)
		if (sm__str_eq(member, p->fetches[f].field))
			return (int)f;
	return -1;
}

/* The entry data of a kretprobe: the entry event's values. */
static size_t entry_fields(const struct kctx *c, const struct kprobe_def *p)
{
	return p->entry_event >= 0 ? c->ir->events[p->entry_event].nfields : 0;
}

/* smk_bind_K(v, h, ev, eh): the record's events, one instant. */
static void bind_function(const struct kctx *c, const struct kprobe_def *p, size_t k,
			  struct sm__buf *b)
{
	const char *P = c->prefix;
	sm__buf_printf(b, "static void smk_bind_%zu(const int64_t *v, const unsigned char *h, "
		       "const int64_t *ev, const unsigned char *eh)\n{\n", k);
	sm__buf_printf(b, "\tstruct %s_match ms[%zu];\n\tsize_t n = 0;\n", P,
		       c->ir->nbindings ? c->ir->nbindings : 1);
	sm__buf_adds(b, "\t(void)v;\n\t(void)h;\n\t(void)ev;\n\t(void)eh;\n");
	size_t nb = 0;
	for (size_t j = 0; j < c->ir->nbindings; j++) {
		const struct sm__ir_binding *ib = &c->ir->bindings[j];
		const struct sm__ir_event *e = &c->ir->events[ib->event];
		if (!sm__str_eq(ib->name, p->name))
			continue;
		size_t nf = e->nfields ? e->nfields : 1;
		sm__buf_printf(b, "\t/* ");
		add_name(b, e->name);
		sm__buf_printf(b, " */\n\tint64_t v%zu[%zu] = {0};\n\tunsigned char h%zu[%zu] = {0};\n",
			       nb, nf, nb, nf);
		for (size_t f = 0; f < e->nfields; f++) {
			int x = fetch_index(p, ib->member[f]);
			if (x >= 0)
				sm__buf_printf(b, "\tv%zu[%zu] = v[%d];\n\th%zu[%zu] = h[%d];\n", nb, f, x,
					       nb, f, x);
			if (ib->entry >= 0 && ib->entry == p->entry_event && ib->from_entry[f] >= 0)
				sm__buf_printf(b, "\tif (!h%zu[%zu] && eh) {\n\t\tv%zu[%zu] = ev[%d];\n"
					       "\t\th%zu[%zu] = eh[%d];\n\t}\n", nb, f, nb, f,
					       ib->from_entry[f], nb, f, ib->from_entry[f]);
		}
		sm__buf_printf(b, "\tms[n].event = %d;\n\tms[n].values = v%zu;\n"
			       "\tms[n++].present = h%zu;\n", ib->event, nb, nb);
		nb++;
	}
	sm__buf_printf(b, "\tsmk_instant(ms, n, \"%s:%s\");\n}\n\n", p->ret ? "kretprobe" : "kprobe",
		       p->func);
}

static void handlers(const struct kctx *c, const struct kprobe_def *p, size_t k, struct sm__buf *b)
{
	size_t nv = p->nfetches ? p->nfetches : 1;
	if (!p->ret) {
		sm__buf_printf(b, "static int smk_hit_%zu(struct kprobe *kp, struct pt_regs *regs)\n"
			       "{\n\tint64_t v[%zu] = {0};\n\tunsigned char h[%zu] = {0};\n\t(void)kp;\n"
			       "\tsmk_fetch_%zu(regs, v, h);\n\tsmk_bind_%zu(v, h, NULL, NULL);\n"
			       "\treturn 0;\n}\n\n", k, nv, nv, k, k);
		return;
	}
	if (p->entry_probe >= 0) {
		const struct kprobe_def *q = &c->probes[p->entry_probe];
		const struct sm__ir_event *e = &c->ir->events[p->entry_event];
		size_t ne = entry_fields(c, p), nq = q->nfetches ? q->nfetches : 1;
		sm__buf_printf(b, "/* The entry's fields (");
		add_name(b, e->name);
		sm__buf_printf(b, ", fetched as probe %s fetches them), kept for the return. */\n"
			       "struct smk_entry_%zu {\n\tint64_t v[%zu];\n\tunsigned char h[%zu];\n};\n\n"
			       "static int smk_enter_%zu(struct kretprobe_instance *ri, struct pt_regs "
			       "*regs)\n{\n\tstruct smk_entry_%zu *d = (void *)ri->data;\n"
			       "\tint64_t v[%zu] = {0};\n\tunsigned char h[%zu] = {0};\n"
			       "\tsmk_fetch_%d(regs, v, h);\n\t(void)v;\n\t(void)h;\n",
			       q->name, k, ne ? ne : 1, ne ? ne : 1, k, k, nq, nq, p->entry_probe);
		const struct sm__ir_binding *eb = NULL;
		for (size_t j = 0; j < c->ir->nbindings; j++)
			if (c->ir->bindings[j].event == p->entry_event &&
			    sm__str_eq(c->ir->bindings[j].name, q->name))
				eb = &c->ir->bindings[j];
		for (size_t f = 0; f < ne; f++) {
			int x = fetch_index(q, eb->member[f]);
			if (x >= 0)
				sm__buf_printf(b, "\td->v[%zu] = v[%d];\n\td->h[%zu] = h[%d];\n", f, x, f, x);
			else
				sm__buf_printf(b, "\td->h[%zu] = 0;\n", f);
		}
		sm__buf_adds(b, "\treturn 0;\n}\n\n");
	}
	sm__buf_printf(b, "static int smk_return_%zu(struct kretprobe_instance *ri, struct pt_regs "
		       "*regs)\n{\n\tint64_t v[%zu] = {0};\n\tunsigned char h[%zu] = {0};\n", k, nv, nv);
	if (p->entry_probe >= 0)
		sm__buf_printf(b, "\tstruct smk_entry_%zu *d = (void *)ri->data;\n"
			       "\tsmk_fetch_%zu(regs, v, h);\n\tsmk_bind_%zu(v, h, d->v, d->h);\n",
			       k, k, k);
	else
		sm__buf_printf(b, "\t(void)ri;\n\tsmk_fetch_%zu(regs, v, h);\n"
			       "\tsmk_bind_%zu(v, h, NULL, NULL);\n", k, k);
	sm__buf_adds(b, "\treturn 0;\n}\n\n");
}

static void probe_table(const struct kctx *c, struct sm__buf *b)
{
	sm__buf_adds(b, "static struct smk_probe smk_probes[] = {\n");
	for (size_t k = 0; k < c->nprobes; k++) {
		const struct kprobe_def *p = &c->probes[k];
		sm__buf_adds(b, "\t{.name = ");
		add_cstr(b, p->name, strlen(p->name));
		sm__buf_adds(b, ", .func = ");
		add_cstr(b, p->func, strlen(p->func));
		sm__buf_adds(b, ", .module = ");
		if (p->module)
			add_cstr(b, p->module, strlen(p->module));
		else
			sm__buf_adds(b, "NULL");
		if (!p->ret)
			sm__buf_printf(b, ",\n\t .pre = smk_hit_%zu},\n", k);
		else if (p->entry_probe >= 0)
			sm__buf_printf(b, ", .ret = true,\n\t .handler = smk_return_%zu, .entry_handler = "
				       "smk_enter_%zu,\n\t .data_size = sizeof(struct smk_entry_%zu)},\n",
				       k, k, k);
		else
			sm__buf_printf(b, ", .ret = true,\n\t .handler = smk_return_%zu},\n", k);
	}
	if (!c->nprobes)
		sm__buf_adds(b, "\t{.name = NULL} /* no probes: no property uses a kernel event */\n");
	sm__buf_adds(b, "};\n\n");
}

static void titles(const struct sm__ir *ir, struct sm__buf *b)
{
	sm__buf_adds(b, "/* The rules' titles, for the report's `rule:` line. */\n"
		     "static const char *const smk_titles[] = {\n");
	for (size_t k = 0; k < ir->nprops; k++) {
		struct sm__str t = ir->props[k].title.len ? ir->props[k].title : ir->props[k].name;
		sm__buf_addc(b, '\t');
		add_cstr(b, t.ptr, t.len);
		sm__buf_adds(b, ",\n");
	}
	sm__buf_adds(b, ir->nprops ? "};\n\n" : "\t\"\"};\n\n");
}

/* The runtime's text with the prefix in place of "smrt". */
static void add_text(struct sm__buf *b, const char *text, const char *prefix)
{
	for (const char *at; (at = strstr(text, "smrt")); text = at + 4) {
		sm__buf_add(b, text, (size_t)(at - text));
		sm__buf_adds(b, prefix);
	}
	sm__buf_adds(b, text);
}

static void glue(const struct kctx *c, struct sm__buf *b)
{
	sm__buf_printf(b, "/* %s.c: a Linux kernel module that checks spec ", c->o->name);
	sm__buf_add(b, c->ir->name.ptr, c->ir->name.len);
	sm__buf_adds(b, ", generated by\n * specmon gen kmod (doc/gen.md).  Its probes:\n");
	for (size_t k = 0; k < c->nprobes; k++)
		sm__buf_printf(b, " *   %s\n", c->probes[k].line);
	sm__buf_adds(b, " */\n");
	add_text(b, sm__kmod_runtime_head, c->prefix);
	sm__buf_adds(b, "\n/* ---- the spec's probes ---- */\n\n");
	titles(c->ir, b);
	for (size_t k = 0; k < c->nprobes; k++) {
		fetch_function(&c->probes[k], k, b);
		bind_function(c, &c->probes[k], k, b);
	}
	for (size_t k = 0; k < c->nprobes; k++)
		handlers(c, &c->probes[k], k, b);
	probe_table(c, b);
	add_text(b, sm__kmod_runtime_body, c->prefix);
}

static struct sm__buf *add_file(struct sm__gen_file **files, size_t *n, size_t *cap,
				const char *name, const char *ext)
{
	struct sm__gen_file f = {0};
	struct sm__buf path = {0};
	sm__buf_printf(&path, "%s%s", name, ext);
	f.name = path.data;
	SM__PUSH(*files, *n, *cap, f);
	return &(*files)[*n - 1].text;
}

static void write_files(const struct kctx *c, struct sm__gen_file **files, size_t *n)
{
	size_t cap = 0;
	const char *M = c->o->name;
	sm__buf_printf(add_file(files, n, &cap, "Kbuild", ""),
		       "# Kbuild of %s, generated by specmon gen kmod (doc/gen.md).\n"
		       "obj-m := %s.o\n"
		       "# The monitor includes <stdint.h>, <stddef.h> and <stdbool.h>: shim/ has\n"
		       "# the kernel's types under those names.  It is C11 written with\n"
		       "# declarations where they are used.\n"
		       "ccflags-y := -I$(src)/shim -Wno-declaration-after-statement\n", M, M);
	sm__buf_printf(add_file(files, n, &cap, "Makefile", ""),
		       "# make: build %s.ko against the running kernel's headers, or KDIR's.\n"
		       "KDIR ?= /lib/modules/$(shell uname -r)/build\n\n"
		       "all:\n\t$(MAKE) -C $(KDIR) M=$(CURDIR) modules\n\n"
		       "clean:\n\t$(MAKE) -C $(KDIR) M=$(CURDIR) clean\n", M);
	glue(c, add_file(files, n, &cap, M, ".c"));
	struct sm__gen_c_options co = {c->prefix, c->o->instances, 8, 64};
	add_file(files, n, &cap, c->prefix, ".h");
	add_file(files, n, &cap, c->prefix, ".c"); /* both in place: no push moves them now */
	sm__gen_c(c->ir, &co, &(*files)[*n - 2].text, &(*files)[*n - 1].text);
	static const char *const shims[] = {"shim/stdint.h", "shim/stddef.h", "shim/stdbool.h"};
	for (size_t k = 0; k < 3; k++)
		sm__buf_adds(add_file(files, n, &cap, shims[k], ""), sm__kmod_shim);
}

static void free_probes(struct kctx *c)
{
	for (size_t k = 0; k < c->nprobes; k++) {
		struct kprobe_def *p = &c->probes[k];
		for (size_t f = 0; f < p->nfetches; f++) {
			free(p->fetches[f].field);
			free(p->fetches[f].text);
		}
		free(p->fetches);
		free(p->name);
		free(p->module);
		free(p->func);
		free(p->line);
	}
	free(c->probes);
}

bool sm__gen_kmod(const struct sm__ir *ir, const struct sm__gen_kmod_options *o,
		  struct sm__gen_file **files, size_t *nfiles, struct sm__diags *d)
{
	struct kctx c = {ir, o, d, NULL, 0, 0, NULL};
	size_t before = d->nerrors;
	*files = NULL;
	*nfiles = 0;
	sm__gen_c_supported(ir, d);
	check_sources(&c);
	if (d->nerrors == before && read_probes(&c)) {
		check_fetch_types(&c);
		find_entries(&c);
	}
	bool ok = d->nerrors == before;
	if (ok) {
		struct sm__buf prefix = {0};
		sm__buf_printf(&prefix, "%s_mon", o->name);
		c.prefix = prefix.data;
		write_files(&c, files, nfiles);
		free(c.prefix);
	}
	free_probes(&c);
	return ok;
}

void sm__gen_files_free(struct sm__gen_file *files, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(files[k].name);
		sm__buf_free(&files[k].text);
	}
	free(files);
}
