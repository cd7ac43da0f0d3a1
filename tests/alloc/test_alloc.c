/*
 * test_alloc.c: once an instance exists, an emit allocates nothing
 * (DESIGN.md §1 and §4: "Stepping never allocates"; "allocation-free once
 * an instance exists").  Linked with tests/unit/main.c into its own binary,
 * with -Wl,--wrap for malloc, calloc, realloc and aligned_alloc: every
 * call the library makes to them goes through the counters below (calls
 * inside the C library, such as fopen's, are not the library's and are not
 * seen).  For a global relation, a per-key relation and an automaton, each
 * in its own monitor: warm up (the instances are made), then 100000 emits
 * on the existing instances, by number (sm_emit_args), through SM_EMIT and
 * by name (sm_emit), none a violation; the count must not move.
 */
#include "harness.h"

#include <specmon/specmon.h>
#include <stdatomic.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);

static atomic_ulong allocations;

void *__wrap_malloc(size_t n)
{
	allocations++;
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	allocations++;
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	allocations++;
	return __real_realloc(p, n);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
	allocations++;
	return __real_aligned_alloc(align, n);
}

#define EMITS 100000
#define KEYS 16

static const char declarations[] =
	"event req(dev)\n"
	"event done(dev)\n"
	"event x\n"
	"event y\n";

/* One kind of property a monitor, so that each test measures one. */
static const char global_relation[] = "property global: x alternatesWith y\n";
static const char per_key_relation[] = "property io per dev: req alternatesWith done\n";
static const char automaton[] =
	"automaton door per dev {\n"
	"    initial closed\n"
	"    closed -> opened on req\n"
	"    opened -> closed on done\n"
	"}\n";

static sm_monitor *monitor_of(const char *property, sm_spec **spec)
{
	char text[512];
	int len = snprintf(text, sizeof text, "%s%s", declarations, property);
	CHECK_INT(sm_spec_parse("alloc.sm", text, (size_t)len, spec, NULL, NULL), SM_OK);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = NULL;
	opt.err = NULL;
	sm_monitor *mon;
	unsigned long before = allocations;
	CHECK_INT(sm_monitor_new(*spec, &opt, &mon), SM_OK);
	/* The counting works: making a monitor allocates. */
	CHECK(allocations > before);
	return mon;
}

static void finish(sm_monitor *mon, sm_spec *spec, uint64_t events)
{
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT(c.events, events);
	CHECK_INT(c.violations, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* x, y, x, y, ...: `x alternatesWith y` holds; its one instance exists
 * from the start, warmed by one round. */
TEST(alloc_global_relation_emits_allocate_nothing)
{
	sm_spec *spec;
	sm_monitor *mon = monitor_of(global_relation, &spec);
	int x = sm_spec_event_id(spec, "x"), y = sm_spec_event_id(spec, "y");
	CHECK_INT(sm_emit_args(mon, x, -1, NULL, 0), SM_OK);
	CHECK_INT(sm_emit_args(mon, y, -1, NULL, 0), SM_OK);
	CHECK_INT(SM_EMIT(mon, x), SM_OK);
	CHECK_INT(SM_EMIT(mon, y), SM_OK);
	unsigned long warm = allocations;
	for (int i = 0; i < EMITS / 4; i++) {
		CHECK_INT(sm_emit_args(mon, x, -1, NULL, 0), SM_OK);
		CHECK_INT(sm_emit_args(mon, y, -1, NULL, 0), SM_OK);
		CHECK_INT(SM_EMIT(mon, x), SM_OK);
		CHECK_INT(SM_EMIT(mon, y), SM_OK);
	}
	CHECK_INT(allocations - warm, 0);
	finish(mon, spec, 4 + EMITS);
}

/* Per key k: req(k), done(k), ... : each key's instance is made by its
 * first req; then 100000 emits over the 16 existing keys, in rounds. */
static void per_key_emits_allocate_nothing(const char *property)
{
	sm_spec *spec;
	sm_monitor *mon = monitor_of(property, &spec);
	int req = sm_spec_event_id(spec, "req"), done = sm_spec_event_id(spec, "done");
	int dev = sm_spec_field_id(spec, req, "dev");
	CHECK_INT(sm_spec_field_id(spec, done, "dev"), dev);
	for (int k = 0; k < KEYS; k++) {
		sm_arg a[] = {SM_I(dev, k)};
		CHECK_INT(sm_emit_args(mon, req, -1, a, 1), SM_OK);
		CHECK_INT(SM_EMIT(mon, done, SM_INT(dev, k)), SM_OK);
		sm_field f[] = {{"dev", k, NULL}};
		CHECK_INT(sm_emit(mon, req, -1, f, 1), SM_OK);
		CHECK_INT(sm_emit(mon, done, -1, f, 1), SM_OK);
	}
	unsigned long warm = allocations;
	for (int i = 0; i < EMITS / 4; i++) {
		int k = i % KEYS;
		sm_arg a[] = {SM_I(dev, k)};
		sm_field f[] = {{"dev", k, NULL}};
		CHECK_INT(sm_emit_args(mon, req, -1, a, 1), SM_OK);
		CHECK_INT(SM_EMIT(mon, done, SM_INT(dev, k)), SM_OK);
		CHECK_INT(sm_emit(mon, req, -1, f, 1), SM_OK);
		CHECK_INT(sm_emit(mon, done, -1, f, 1), SM_OK);
	}
	CHECK_INT(allocations - warm, 0);
	finish(mon, spec, 4 * KEYS + EMITS);
}

TEST(alloc_per_key_relation_emits_allocate_nothing)
{
	per_key_emits_allocate_nothing(per_key_relation);
}

TEST(alloc_automaton_emits_allocate_nothing)
{
	per_key_emits_allocate_nothing(automaton);
}
