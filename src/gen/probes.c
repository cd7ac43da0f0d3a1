/*
 * probes.c: the kprobe_events lines of a spec's probes (probes.h).
 *
 * A FETCH is turned into the kernel's fetch-argument syntax
 * (Documentation/trace/kprobetrace.rst) by walking it with BTF types:
 *
 *   argument  `$argN` (N from the function's BTF parameter list: `$argN`
 *             is arch-neutral and valid at function entry, where our
 *             probes sit), except for a module's function on x86-64: the
 *             register of the calling convention (%di %si %dx %cx %r8
 *             %r9), because the kernel (6.1) refuses `$argN` in a probe
 *             on a module not loaded yet (it cannot tell the probe is at
 *             the function's entry), and a module's probes are armed
 *             before it loads
 *   a->m      read the pointer a, then the member m at its offset:
 *             +OFF(a's value)
 *   a.m       the member m of the struct a is in memory: its offset adds
 *   a[N]      an array element (or through a pointer): N * element size
 *   container_of(a, struct T, m.n)
 *             the pointer a minus the offset of m.n in T: an address, not
 *             a value, so the offsets of what is read through it fold in
 *             (container_of(mdev, ..., mdev)->vdev.index is -856($arg1))
 *
 * so the walk keeps, for each node, where its value is: a register-like
 * variable (`$arg1`, `$retval`), an object in memory at BASE+OFF, or an
 * address BASE+OFF (container_of).  The final type gives the fetch type:
 * integers and enums u/s8..64, pointers x64, char pointers and char
 * arrays `string`; a `: TYPE` suffix overrides it.
 */
#include "probes.h"

#include "btf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SM_HAVE_LIBBPF
#include <bpf/btf.h>
#endif

/* A `from kprobe/kretprobe/tracepoint` binding and its event. */
struct site {
	const struct sm__ast_binding *b;
	const struct sm__ir_event *ev;
	bool used; /* some property reads the event (or an event derived from it, or
		    * the return of it) */
};

struct ctx {
	const struct sm__ir *ir;
	const struct sm__probe_opts *o;
	struct sm__diags *d;
	struct site *sites;
	size_t nsites, capsites;
	struct sm__btf *btf;
	bool btf_failed;
	struct sm__buf lines; /* the probe lines */
	struct sm__buf notes; /* comments about them */
};

static bool is_probe(const struct sm__ast_binding *b)
{
	return b->kind == SM__BIND_KPROBE || b->kind == SM__BIND_KRETPROBE;
}

/* The IR event an AST event became (the resolver skips redeclarations). */
static const struct sm__ir_event *ir_event(const struct sm__ir *ir, const struct sm__ast_event *a)
{
	for (size_t k = 0; k < ir->nevents; k++)
		if (ir->events[k].loc.src == a->name.loc.src && ir->events[k].loc.off == a->name.loc.off)
			return &ir->events[k];
	return NULL;
}

/* Does some property read ev, or the return of ev (`returning`), whose
 * records take their missing fields from ev's? */
static bool event_used(const struct sm__ir *ir, const struct sm__ir_event *ev)
{
	if (ev->nprops > 0)
		return true;
	for (size_t k = 0; ev->entry && k < ir->nbindings; k++) {
		const struct sm__ir_binding *b = &ir->bindings[k];
		if (b->entry >= 0 && &ir->events[b->entry] == ev && ir->events[b->event].nprops > 0)
			return true;
	}
	return false;
}

static void collect(struct ctx *c)
{
	const struct sm__ast *ast = &c->ir->ast;
	for (size_t k = 0; k < ast->nevents; k++) {
		const struct sm__ast_event *a = &ast->events[k];
		const struct sm__ir_event *ev = a->derived ? NULL : ir_event(c->ir, a);
		for (size_t j = 0; ev && j < a->nbindings; j++) {
			const struct sm__ast_binding *b = &a->bindings[j];
			if (!is_probe(b) && b->kind != SM__BIND_TRACEPOINT)
				continue;
			struct site s = {b, ev, event_used(c->ir, ev)};
			SM__PUSH(c->sites, c->nsites, c->capsites, s);
		}
	}
}

/* Do sites a and b name the same probe (or tracepoint)? */
static bool same_probe(const struct site *a, const struct site *b)
{
	if (is_probe(a->b) != is_probe(b->b))
		return false;
	if (!is_probe(a->b) && !sm__str_eq_str(a->b->system.name, b->b->system.name))
		return false;
	return sm__str_eq_str(a->b->name.name, b->b->name.name);
}

#ifdef SM_HAVE_LIBBPF

/* ---- types ---- */

/* Through typedefs, const, volatile, restrict and type tags. */
static int skip_mods(const struct btf *btf, int id)
{
	for (int n = 0; id > 0 && n < 64; n++) {
		const struct btf_type *t = btf__type_by_id(btf, (uint32_t)id);
		if (!t || !(btf_is_mod(t) || btf_is_typedef(t)))
			break;
		id = (int)t->type;
	}
	return id;
}

static const struct btf_type *type_of(const struct btf *btf, int id)
{
	return btf__type_by_id(btf, (uint32_t)skip_mods(btf, id));
}

/* A type as C writes it, for messages: "struct virtio_device *", "u8". */
static void type_text(const struct btf *btf, int id, struct sm__buf *out, int depth)
{
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, (uint32_t)id) : NULL;
	if (!t) {
		sm__buf_adds(out, "void");
		return;
	}
	const char *name = btf__name_by_offset(btf, t->name_off);
	if (btf_is_mod(t) && depth < 16) {
		type_text(btf, (int)t->type, out, depth + 1);
	} else if (btf_is_ptr(t) && depth < 16) {
		type_text(btf, (int)t->type, out, depth + 1);
		sm__buf_adds(out, " *");
	} else if (btf_is_array(t) && depth < 16) {
		type_text(btf, (int)btf_array(t)->type, out, depth + 1);
		sm__buf_printf(out, "[%u]", btf_array(t)->nelems);
	} else if (btf_is_func_proto(t)) {
		sm__buf_adds(out, "a function");
	} else {
		sm__buf_printf(out, "%s%s", btf_is_struct(t) ? "struct " : btf_is_union(t) ? "union "
					 : btf_is_any_enum(t) ? "enum " : "",
			       name && *name ? name : "(anonymous)");
	}
}

static char *type_string(const struct btf *btf, int id)
{
	struct sm__buf b = {0};
	type_text(btf, id, &b, 0);
	return b.data;
}

/* The kernel's fetch type of an integer, enum or pointer ("" otherwise). */
static void scalar_type(const struct btf *btf, int id, char out[8])
{
	const struct btf_type *t = type_of(btf, id);
	out[0] = 0;
	if (!t)
		return;
	unsigned size = t->size;
	char sign = 'u';
	if (btf_is_int(t)) {
		uint8_t enc = btf_int_encoding(t);
		sign = enc & BTF_INT_SIGNED ? 's' : 'u';
		if (enc & BTF_INT_BOOL)
			sign = 'u';
	} else if (btf_is_any_enum(t)) {
		sign = btf_kflag(t) ? 's' : 'u';
	} else if (btf_is_ptr(t)) {
		sign = 'x';
		size = (unsigned)btf__pointer_size(btf);
		size = size ? size : 8;
	} else {
		return;
	}
	if (size == 1 || size == 2 || size == 4 || size == 8)
		snprintf(out, 8, "%c%u", sign, size * 8);
}

/* A char (an 8-bit integer) pointed to or held in an array? */
static bool is_char(const struct btf *btf, int id)
{
	const struct btf_type *t = type_of(btf, id);
	return t && btf_is_int(t) && t->size == 1 && !(btf_int_encoding(t) & BTF_INT_BOOL);
}

/* ---- members ---- */

/* Member `name` of the struct or union `id`, C11 anonymous members
 * searched too: its offset in bits and type; false when none. */
static bool find_member(const struct btf *btf, int id, struct sm__str name, uint32_t *bits,
			int *type, uint32_t *bitfield, int depth)
{
	const struct btf_type *t = type_of(btf, id);
	if (!t || !btf_is_composite(t) || depth > 32)
		return false;
	const struct btf_member *m = btf_members(t);
	for (uint16_t k = 0; k < btf_vlen(t); k++) {
		const char *mn = btf__name_by_offset(btf, m[k].name_off);
		if (mn && *mn) {
			if (!sm__str_eq(name, mn))
				continue;
			*bits = btf_member_bit_offset(t, k);
			*type = (int)m[k].type;
			*bitfield = btf_member_bitfield_size(t, k);
			return true;
		}
		if (find_member(btf, (int)m[k].type, name, bits, type, bitfield, depth + 1)) {
			*bits += btf_member_bit_offset(t, k);
			return true;
		}
	}
	return false;
}

/* The member names of a struct (anonymous members' included), for "did
 * you mean". */
static void member_names(const struct btf *btf, int id, struct sm__str **v, size_t *n,
			 size_t *cap, int depth)
{
	const struct btf_type *t = type_of(btf, id);
	if (!t || !btf_is_composite(t) || depth > 32)
		return;
	const struct btf_member *m = btf_members(t);
	for (uint16_t k = 0; k < btf_vlen(t); k++) {
		const char *mn = btf__name_by_offset(btf, m[k].name_off);
		if (mn && *mn) {
			struct sm__str s = {mn, strlen(mn)};
			SM__PUSH(*v, *n, *cap, s);
		} else {
			member_names(btf, (int)m[k].type, v, n, cap, depth + 1);
		}
	}
}

/* ---- fetches ---- */

enum place_kind {
	P_VAR,  /* the value is the fetch variable `base` ($arg1, $retval) */
	P_MEM,  /* the object is in memory at base+off */
	P_ADDR, /* the value is the address base+off (container_of) of an object of `type` */
};

struct place {
	enum place_kind kind;
	const struct btf *btf; /* type's: the function's, or container_of's struct's */
	char *base; /* fetch text, owned */
	int64_t off;
	int type;
};

/* One kprobe's function, for resolving its fetches. */
struct func {
	struct sm__btf_func f;
	int proto;  /* its FUNC_PROTO */
	const char *name;
};

/* "+OFF(BASE)": the kernel reads memory at BASE+OFF. */
static char *deref_text(const char *base, int64_t off)
{
	struct sm__buf b = {0};
	sm__buf_printf(&b, "%+lld(%s)", (long long)off, base);
	return b.data;
}

static struct sm__str fetch_text(const struct sm__fetch *f)
{
	return sm__loc_text(f->loc);
}

/* The register that holds argument k (from 0) at a function's entry, where
 * the calling convention is known (x86-64 System V); NULL elsewhere and
 * past the registers (then `$argN`). */
static const char *arg_register(unsigned k)
{
#if defined(__x86_64__)
	static const char *const regs[] = {"%di", "%si", "%dx", "%cx", "%r8", "%r9"};
	return k < SM__ARRAY_LEN(regs) ? regs[k] : NULL;
#else
	(void)k;
	return NULL;
#endif
}

static bool arg_place(struct ctx *c, const struct func *fn, const struct sm__fetch *f,
		      struct place *out)
{
	const struct btf *btf = fn->f.btf;
	const struct btf_type *proto = btf__type_by_id(btf, (uint32_t)fn->proto);
	const struct btf_param *p = btf_params(proto);
	uint16_t n = btf_vlen(proto);
	struct sm__str *names = sm__xcalloc(n + 1u, sizeof *names);
	for (uint16_t k = 0; k < n; k++) {
		const char *pn = btf__name_by_offset(btf, p[k].name_off);
		names[k] = (struct sm__str){pn ? pn : "", pn ? strlen(pn) : 0};
		if (sm__str_eq_str(names[k], f->name.name)) {
			struct sm__buf b = {0};
			if (fn->f.module && arg_register(k))
				sm__buf_printf(&b, "%s", arg_register(k));
			else
				sm__buf_printf(&b, "$arg%u", k + 1u);
			*out = (struct place){P_VAR, btf, b.data, 0, (int)p[k].type};
			free(names);
			return true;
		}
	}
	char hint[160];
	sm__suggest(f->name.name, names, n, hint, sizeof hint);
	struct sm__buf list = {0};
	for (uint16_t k = 0; k < n; k++)
		sm__buf_printf(&list, "%s%.*s", k ? ", " : "", (int)names[k].len, names[k].ptr);
	sm__error(c->d, f->loc, "function '%s' has no argument '%.*s'%s; its arguments: %s",
		  fn->name, (int)f->name.name.len, f->name.name.ptr, hint,
		  list.data ? list.data : "none");
	sm__buf_free(&list);
	free(names);
	return false;
}

static bool retval_place(struct ctx *c, const struct func *fn, const struct sm__fetch *f,
			 struct place *out)
{
	const struct btf_type *proto = btf__type_by_id(fn->f.btf, (uint32_t)fn->proto);
	if (proto->type == 0) {
		sm__error(c->d, f->loc, "function '%s' returns void: no $retval", fn->name);
		return false;
	}
	*out = (struct place){P_VAR, fn->f.btf, sm__xstrndup("$retval", 7), 0, (int)proto->type};
	return true;
}

/* The object a pointer points to, for '->' and '[N]' through a pointer. */
static bool deref(struct ctx *c, const struct sm__fetch *f, struct place *x, const char *op)
{
	const struct btf *btf = x->btf;
	if (x->kind == P_ADDR) {
		x->kind = P_MEM;
		return true;
	}
	const struct btf_type *t = type_of(btf, x->type);
	if (!t || !btf_is_ptr(t)) {
		char *ty = type_string(btf, x->type);
		struct sm__str s = fetch_text(f->a);
		sm__error(c->d, f->loc, "'%s' on '%.*s', which is %s, not a pointer%s", op,
			  (int)s.len, s.ptr, ty, t && btf_is_composite(t) ? " (use '.')" : "");
		free(ty);
		return false;
	}
	if (x->kind == P_MEM) {
		char *base = deref_text(x->base, x->off);
		free(x->base);
		x->base = base;
	}
	x->kind = P_MEM;
	x->off = 0;
	x->type = (int)t->type;
	return true;
}

static bool member(struct ctx *c, const struct sm__fetch *f, struct place *x)
{
	const struct btf *btf = x->btf;
	const struct btf_type *t = type_of(btf, x->type);
	if (x->kind != P_MEM || !t || !btf_is_composite(t)) {
		char *ty = type_string(btf, x->type);
		struct sm__str s = fetch_text(f->a);
		sm__error(c->d, f->loc, "'.' on '%.*s', which is %s, not a struct or union%s",
			  (int)s.len, s.ptr, ty, t && btf_is_ptr(t) ? " (use '->')" : "");
		free(ty);
		return false;
	}
	uint32_t bits, bitfield;
	int type;
	if (!find_member(btf, x->type, f->name.name, &bits, &type, &bitfield, 0)) {
		struct sm__str *names = NULL;
		size_t n = 0, cap = 0;
		member_names(btf, x->type, &names, &n, &cap, 0);
		char hint[160];
		sm__suggest(f->name.name, names, n, hint, sizeof hint);
		char *ty = type_string(btf, x->type);
		sm__error(c->d, f->name.loc, "%s has no member '%.*s'%s", ty, (int)f->name.name.len,
			  f->name.name.ptr, hint);
		free(ty);
		free(names);
		return false;
	}
	if (bitfield || bits % 8) {
		sm__error(c->d, f->name.loc, "'%.*s' is a bitfield (%u bit%s): specmon does not "
			  "fetch bitfields", (int)f->name.name.len, f->name.name.ptr, bitfield,
			  bitfield == 1 ? "" : "s");
		return false;
	}
	x->off += bits / 8;
	x->type = type;
	return true;
}

static bool element(struct ctx *c, const struct sm__fetch *f, struct place *x)
{
	const struct btf *btf = x->btf;
	const struct btf_type *t = type_of(btf, x->type);
	int elem;
	if (x->kind == P_MEM && t && btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);
		if (a->nelems && (uint64_t)f->index >= a->nelems) {
			struct sm__str s = fetch_text(f->a);
			sm__error(c->d, f->loc, "index %lld is past the end of '%.*s' (%u elements)",
				  (long long)f->index, (int)s.len, s.ptr, a->nelems);
			return false;
		}
		elem = (int)a->type;
	} else {
		if (!deref(c, f, x, "[]"))
			return false;
		elem = x->type;
	}
	int64_t size = btf__resolve_size(btf, (uint32_t)elem);
	if (size <= 0 || f->index > INT32_MAX / size) {
		sm__error(c->d, f->loc, "cannot index '%.*s': its elements have no size",
			  (int)fetch_text(f->a).len, fetch_text(f->a).ptr);
		return false;
	}
	x->off += f->index * size;
	x->type = elem;
	return true;
}

static bool container(struct ctx *c, const struct func *fn, const struct sm__fetch *f,
		      struct place *x)
{
	const struct btf *btf = x->btf;
	const struct btf_type *t = type_of(btf, x->type);
	if (x->kind != P_ADDR && (!t || !btf_is_ptr(t))) {
		char *ty = type_string(btf, x->type);
		struct sm__str s = fetch_text(f->a);
		sm__error(c->d, f->a->loc, "container_of needs a pointer; '%.*s' is %s",
			  (int)s.len, s.ptr, ty);
		free(ty);
		return false;
	}
	char *name = sm__xstrndup(f->name.name.ptr, f->name.name.len);
	int id;
	bool found = sm__btf_find_struct(c->btf, fn->f.btf, name, &btf, &id);
	free(name);
	if (!found) {
		struct sm__buf where = {0};
		sm__btf_describe(c->btf, &where);
		sm__error(c->d, f->name.loc, "no struct '%.*s' in the BTF of %s (a module's "
			  "struct: give the module's .ko with --btf)", (int)f->name.name.len,
			  f->name.name.ptr, where.data);
		sm__buf_free(&where);
		return false;
	}
	int64_t off = 0;
	int type = id;
	for (size_t k = 0; k < f->npath; k++) {
		uint32_t bits, bitfield;
		if (!find_member(btf, type, f->path[k].name, &bits, &type, &bitfield, 0)) {
			char *ty = type_string(btf, k ? type : id);
			sm__error(c->d, f->path[k].loc, "%s has no member '%.*s'", ty,
				  (int)f->path[k].name.len, f->path[k].name.ptr);
			free(ty);
			return false;
		}
		off += bits / 8;
	}
	if (x->kind == P_MEM) { /* the pointer is in memory: read it */
		char *base = deref_text(x->base, x->off);
		free(x->base);
		x->base = base;
		x->off = 0;
	}
	x->kind = P_ADDR;
	x->off -= off;
	x->type = id;
	x->btf = btf;
	return true;
}

static bool place_of(struct ctx *c, const struct func *fn, const struct sm__fetch *f,
		     struct place *x)
{
	if (!f)
		return false;
	if (f->op == SM__F_ARG)
		return arg_place(c, fn, f, x);
	if (f->op == SM__F_VAR)
		return retval_place(c, fn, f, x);
	if (!place_of(c, fn, f->a, x))
		return false;
	bool ok = true;
	switch (f->op) {
	case SM__F_ARROW:
		ok = deref(c, f, x, "->") && member(c, f, x);
		break;
	case SM__F_DOT: ok = member(c, f, x); break;
	case SM__F_INDEX: ok = element(c, f, x); break;
	case SM__F_CONTAINER_OF: ok = container(c, fn, f, x); break;
	default: break;
	}
	if (!ok) {
		free(x->base);
		x->base = NULL;
	}
	return ok;
}

/* The fetch argument for a value at x of the kernel type `type`. */
static void value_arg(const struct place *x, const char *type, struct sm__buf *out)
{
	if (x->kind == P_VAR || (x->kind == P_ADDR && x->off == 0))
		sm__buf_printf(out, "%s:%s", x->base, type);
	else
		sm__buf_printf(out, "%+lld(%s):%s", (long long)x->off, x->base, type);
}

/* `field=FETCH:TYPE` for the fetch f of field `field` (explicit type: `as`). */
static bool fetch_arg(struct ctx *c, const struct func *fn, const struct sm__ast_fetch *af,
		      struct sm__buf *out)
{
	struct place x = {0};
	if (!place_of(c, fn, af->fetch, &x))
		return false;
	const struct btf *btf = x.btf;
	const struct btf_type *t = type_of(btf, x.type);
	char type[16];
	scalar_type(btf, x.type, type);
	bool is_string = (t && btf_is_ptr(t) && is_char(btf, (int)t->type)) ||
			 (t && btf_is_array(t) && is_char(btf, (int)btf_array(t)->type));
	if (af->type.name.len) {
		snprintf(type, sizeof type, "%.*s", (int)af->type.name.len, af->type.name.ptr);
		is_string = strstr(type, "string") != NULL;
	} else if (is_string) {
		snprintf(type, sizeof type, "string");
	}
	bool ok = true;
	sm__buf_printf(out, " %.*s=", (int)af->field.name.len, af->field.name.ptr);
	struct sm__str s = fetch_text(af->fetch);
	if (x.kind == P_ADDR) {
		sm__error(c->d, af->fetch->loc, "'%.*s' is an address computed by container_of; "
			  "fetch one of its members with '->'", (int)s.len, s.ptr);
		ok = false;
	} else if (is_string && t && btf_is_array(t) && x.kind == P_MEM) {
		value_arg(&x, type, out); /* the string is in the object itself */
	} else if (is_string && t && (btf_is_ptr(t) || x.kind == P_ADDR)) {
		if (x.kind == P_MEM) {
			char *base = deref_text(x.base, x.off);
			free(x.base);
			x.base = base;
		}
		sm__buf_printf(out, "%+lld(%s):%s", x.kind == P_ADDR ? (long long)x.off : 0LL,
			       x.base, type);
	} else if (is_string || !type[0]) {
		char *ty = type_string(btf, x.type);
		sm__error(c->d, af->fetch->loc, "'%.*s' is %s: %s", (int)s.len, s.ptr, ty,
			  is_string ? "a string is read from a char array or through a pointer"
				    : "fetch one of its members, or give it a type (': u64')");
		free(ty);
		ok = false;
	} else {
		value_arg(&x, type, out);
	}
	free(x.base);
	return ok;
}

static bool open_btf(struct ctx *c, struct sm__loc at)
{
	if (c->btf || c->btf_failed)
		return c->btf != NULL;
	struct sm__buf err = {0};
	c->btf = sm__btf_open(c->o->btf, c->o->nbtf, &err);
	if (!c->btf) {
		sm__error(c->d, (struct sm__loc){0}, "%s", err.data);
		(void)at;
		c->btf_failed = true;
	}
	sm__buf_free(&err);
	return c->btf != NULL;
}

static bool find_func(struct ctx *c, const struct sm__ast_binding *b, struct func *fn,
		      char *name)
{
	if (!open_btf(c, b->func.loc))
		return false;
	fn->name = name;
	if (!sm__btf_find_func(c->btf, name, &fn->f)) {
		struct sm__buf where = {0};
		sm__btf_describe(c->btf, &where);
		sm__error(c->d, b->func.loc, "no function '%s' in the BTF of %s (a module's "
			  "function: give the module's .ko with --btf)", name, where.data);
		sm__buf_free(&where);
		return false;
	}
	fn->proto = (int)btf__type_by_id(fn->f.btf, (uint32_t)fn->f.id)->type;
	return true;
}

#endif /* SM_HAVE_LIBBPF */

/* The fetch of an event's field in binding b: its `{ field = FETCH }`, or
 * NULL (a kprobe then reads the argument of the field's name). */
static const struct sm__ast_fetch *fetch_of(const struct sm__ast_binding *b, struct sm__str field)
{
	for (size_t k = 0; k < b->nfetches; k++)
		if (sm__str_eq_str(b->fetches[k].field.name, field))
			return &b->fetches[k];
	return NULL;
}

struct arg {
	struct sm__str field;
	char *text;  /* " field=FETCH:TYPE" */
	struct sm__loc at;
};

/* A field's fetch argument, unless another binding of the probe has the
 * field already (then they must agree). */
static void add_arg(struct ctx *c, struct arg **args, size_t *n, size_t *cap, struct arg a)
{
	for (size_t k = 0; k < *n; k++) {
		if (!sm__str_eq_str((*args)[k].field, a.field))
			continue;
		if (strcmp((*args)[k].text, a.text) != 0) {
			uint32_t line, col;
			sm__source_linecol((*args)[k].at.src, (*args)[k].at.off, &line, &col);
			sm__error(c->d, a.at, "field '%.*s' of this probe is fetched as '%s' here and "
				  "as '%s' at %s:%u", (int)a.field.len, a.field.ptr, a.text + 1,
				  (*args)[k].text + 1, (*args)[k].at.src->name, line);
		}
		free(a.text);
		return;
	}
	SM__PUSH(*args, *n, *cap, a);
}

#ifdef SM_HAVE_LIBBPF
static bool has_arg(const struct func *fn, struct sm__str name)
{
	const struct btf_type *proto = btf__type_by_id(fn->f.btf, (uint32_t)fn->proto);
	const struct btf_param *p = btf_params(proto);
	for (uint16_t k = 0; k < btf_vlen(proto); k++) {
		const char *pn = btf__name_by_offset(fn->f.btf, p[k].name_off);
		if (pn && sm__str_eq(name, pn))
			return true;
	}
	return false;
}

/* The args one site gives its probe: each declared field, in order. */
static void site_args(struct ctx *c, const struct site *s, const struct func *fn,
		      struct arg **args, size_t *n, size_t *cap)
{
	for (size_t f = 0; f < s->ev->nfields; f++) {
		const struct sm__ast_fetch *af = fetch_of(s->b, s->ev->fields[f]);
		struct sm__fetch implicit = {0};
		struct sm__ast_fetch def = {0};
		if (!af && s->b->kind == SM__BIND_KRETPROBE)
			continue; /* not in the record: a return probe reads $retval only */
		if (!af && !has_arg(fn, s->ev->fields[f])) {
			sm__buf_printf(&c->notes, "# %.*s: field '%.*s' has no fetch and %s() no "
				       "argument of that name: its records lack it\n",
				       (int)s->b->name.name.len, s->b->name.name.ptr,
				       (int)s->ev->fields[f].len, s->ev->fields[f].ptr, fn->name);
			continue;
		}
		if (!af) {
			/* `from kprobe f` with field `x`: f's argument x */
			implicit.op = SM__F_ARG;
			implicit.loc = s->b->func.loc;
			implicit.name = (struct sm__ast_name){s->ev->fields[f], s->b->func.loc};
			def.field = implicit.name;
			def.fetch = &implicit;
			af = &def;
		}
		struct sm__buf text = {0};
		if (fetch_arg(c, fn, af, &text))
			add_arg(c, args, n, cap, (struct arg){af->field.name, text.data, af->fetch->loc});
		else
			sm__buf_free(&text);
	}
}
#endif

/* The kprobe_events line of the probe whose sites are those same_probe as
 * sites[first] (used or not: they all give fields). */
static void probe_line(struct ctx *c, size_t first)
{
	const struct site *s0 = &c->sites[first];
	const struct sm__ast_binding *b0 = s0->b;
#ifdef SM_HAVE_LIBBPF
	struct func fn;
	char *name = sm__xstrndup(b0->func.name.ptr, b0->func.name.len);
	if (!find_func(c, b0, &fn, name)) {
		free(name);
		return;
	}
	struct arg *args = NULL;
	size_t n = 0, cap = 0;
	for (size_t k = first; k < c->nsites; k++) {
		const struct site *s = &c->sites[k];
		if (!same_probe(s0, s))
			continue;
		if (s->b->kind != b0->kind || !sm__str_eq_str(s->b->func.name, b0->func.name)) {
			uint32_t line, col;
			sm__source_linecol(b0->func.loc.src, b0->func.loc.off, &line, &col);
			sm__error(c->d, s->b->name.loc, "probe '%.*s' is defined twice: here on '%.*s', "
				  "at %s:%u on %s'%s'", (int)s->b->name.name.len, s->b->name.name.ptr,
				  (int)s->b->func.name.len, s->b->func.name.ptr, b0->func.loc.src->name,
				  line, b0->kind == SM__BIND_KRETPROBE ? "the return of " : "", name);
			continue;
		}
		site_args(c, s, &fn, &args, &n, &cap);
	}
	sm__buf_printf(&c->lines, "%c:%s/%.*s %s%s%s", b0->kind == SM__BIND_KRETPROBE ? 'r' : 'p',
		       c->o->group, (int)b0->name.name.len, b0->name.name.ptr,
		       fn.f.module ? fn.f.module : "", fn.f.module ? ":" : "", name);
	for (size_t k = 0; k < n; k++) {
		sm__buf_adds(&c->lines, args[k].text);
		free(args[k].text);
	}
	sm__buf_addc(&c->lines, '\n');
	free(args);
	free(name);
#else
	(void)fetch_of;
	(void)add_arg;
	sm__error(c->d, b0->func.loc, "this specmon was built without libbpf, so it cannot read "
		  "BTF to define kprobes (install libbpf-dev, then make again)");
#endif
}

/* Is sites[k] the first of its probe, and is some site of it used? */
static bool first_used(const struct ctx *c, size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (same_probe(&c->sites[j], &c->sites[k]))
			return false;
	for (size_t j = k; j < c->nsites; j++)
		if (same_probe(&c->sites[j], &c->sites[k]) && c->sites[j].used)
			return true;
	return false;
}

static bool first_of(const struct ctx *c, size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (same_probe(&c->sites[j], &c->sites[k]))
			return false;
	return true;
}

static void write_all(struct ctx *c, struct sm__buf *out)
{
	struct sm__buf tps = {0}, unused = {0};
	size_t nkprobes = 0;
	for (size_t k = 0; k < c->nsites; k++) {
		const struct sm__ast_binding *b = c->sites[k].b;
		if (!first_of(c, k))
			continue;
		if (!first_used(c, k)) {
			sm__buf_printf(&unused, " %.*s", (int)b->name.name.len, b->name.name.ptr);
		} else if (is_probe(b)) {
			probe_line(c, k);
			nkprobes++;
		} else {
			sm__buf_printf(&tps, "# tracepoint %.*s/%.*s\n", (int)b->system.name.len,
				       b->system.name.ptr, (int)b->name.name.len, b->name.name.ptr);
		}
	}
	if (nkprobes)
		sm__buf_printf(out, "# kprobe_events lines (%zu probe%s, group %s)\n", nkprobes,
			       nkprobes == 1 ? "" : "s", c->o->group);
	if (c->lines.len)
		sm__buf_add(out, c->lines.data, c->lines.len);
	if (c->notes.len)
		sm__buf_add(out, c->notes.data, c->notes.len);
	if (tps.len)
		sm__buf_printf(out, "# tracepoints to enable (events/SYS/NAME/enable)\n%s", tps.data);
	if (unused.len)
		sm__buf_printf(out, "# not armed, no property uses their events:%s\n", unused.data);
	if (!out->len)
		sm__buf_adds(out, "# no probes: no property uses an event declared 'from kprobe', "
			     "'from kretprobe' or 'from tracepoint'\n");
	sm__buf_free(&tps);
	sm__buf_free(&unused);
}

bool sm__probes(const struct sm__ir *ir, const struct sm__probe_opts *o, struct sm__buf *out,
		struct sm__diags *d)
{
	struct ctx c = {ir, o, d, NULL, 0, 0, NULL, false, {0}, {0}};
	size_t errors = d->nerrors;
	collect(&c);
	write_all(&c, out);
#ifdef SM_HAVE_LIBBPF
	sm__btf_free(c.btf);
#endif
	free(c.sites);
	sm__buf_free(&c.lines);
	sm__buf_free(&c.notes);
	return d->nerrors == errors;
}
