/* smrt_tables.h: a stand-in for the spec's tables of a generated monitor,
 * so that monitor.c.in compiles on its own (Makefile: the runtime check):
 * the tables `specmon gen c tests/golden/gen/status.sm --prefix smrt`
 * writes (an automaton with a derived event and a guard, a relation, a
 * `within` deadline), with the runtime's names in scope. */

static const char *const rt_fields_0[] = {"dev", "status"};
static const int rt_family_0[] = {2};
static const char *const rt_fields_1[] = {"dev"};
static const int rt_family_1[] = {0};
static const char *const rt_fields_2[] = {"dev", "status"};
static const int rt_family_2[] = {0};

static const struct rt_event rt_events[] = {
	{"set_status", 2, rt_fields_0, -1, 1, rt_family_0},
	{"get_status", 1, rt_fields_1, -1, 0, rt_family_1},
	{"reset", 2, rt_fields_2, 0, 0, rt_family_2},
	{0, 0, 0, -1, 0, 0} /* the end: no array is empty */
};

static const char *const rt_keys_0[] = {"dev"};
static const unsigned char rt_alphabet_0[] = {1, 1, 1};
static const int rt_key_slot_0[] = {0, 0, 0};
static const char *const rt_states_0[] = {"reset", "live", "acked"};
static const unsigned char rt_final_0[] = {1, 1, 0};
static const struct rt_edge rt_edges_0[] = {
	{0, 2, 0, 0, -1},
	{2, 1, 0, 1, -1},
	{1, 1, 1, -1, -1},
	{-1, 0, 2, -1, -1},
};
static const uint16_t rt_order_0[] = {
	0, 3,
	2, 3,
	1, 3,
};
static const int64_t rt_var_init_0[] = {0};

static const char *const rt_keys_1[] = {"dev"};
static const unsigned char rt_alphabet_1[] = {1, 1, 0};
static const int rt_key_slot_1[] = {0, 0, 0};
static const struct rt_node rt_nodes_1[] = {
	{0, 0, -1, 0, -1, INT64_C(0), 0, 0, 0},
	{0, 1, -1, 1, -1, INT64_C(0), 0, 0, 0},
};

static const char *const rt_keys_2[] = {"dev"};
static const unsigned char rt_alphabet_2[] = {1, 1, 0};
static const int rt_key_slot_2[] = {0, 0, 0};
static const struct rt_node rt_nodes_2[] = {
	{0, 0, -1, 0, -1, INT64_C(0), 0, 0, 0},
	{0, 1, -1, 1, -1, INT64_C(0), 0, 0, 0},
};

static const struct rt_prop rt_props[] = {
	{.name = "init", .kind = RT_AUTOMATON, .nkeys = 1, .keys = rt_keys_0,
	 .alphabet = rt_alphabet_0, .key_slot = rt_key_slot_0,
	 .base = 0, .cap = 64, .tbase = 0, .tcap = 128, .obase = 0,
	 .has_deadlines = 0,
	 .nstates = 3, .initial = 0, .start_event = -1, .start_only = -1, .start_with = 0, .after = RT_AFTER_IGNORE,
	 .states = rt_states_0, .final = rt_final_0, .edges = rt_edges_0, .order = rt_order_0, .norder = 2,
	 .nvars = 0, .nclocks = 0, .has_invariants = 0, .var_init = rt_var_init_0},
	{.name = "poll", .kind = RT_RELATION, .nkeys = 1, .keys = rt_keys_1,
	 .alphabet = rt_alphabet_1, .key_slot = rt_key_slot_1,
	 .base = 64, .cap = 64, .tbase = 128, .tcap = 128, .obase = 0,
	 .has_deadlines = 0,
	 .rel = RT_PRECEDES, .nnodes = 2, .nslots = 0, .ca = 0, .cb = 1, .a_is_expr = 0, .b_is_expr = 0,
	 .nodes = rt_nodes_1, .bound = INT64_C(0), .within = INT64_C(0),
	 .a_text = "set_status", .b_text = "get_status",
	 .rel_text = "set_status precedes get_status", .place = "tests/golden/gen/status.sm:16"},
	{.name = "answer", .kind = RT_RELATION, .nkeys = 1, .keys = rt_keys_2,
	 .alphabet = rt_alphabet_2, .key_slot = rt_key_slot_2,
	 .base = 128, .cap = 64, .tbase = 256, .tcap = 128, .obase = 0,
	 .has_deadlines = 1,
	 .rel = RT_WITHIN, .nnodes = 2, .nslots = 0, .ca = 0, .cb = 1, .a_is_expr = 0, .b_is_expr = 0,
	 .nodes = rt_nodes_2, .bound = INT64_C(0), .within = INT64_C(5000000),
	 .a_text = "set_status", .b_text = "get_status",
	 .rel_text = "get_status within 5ms after set_status", .place = "tests/golden/gen/status.sm:17"},
	{.name = 0} /* the end: no array is empty */
};

/* Derived events: does the filter hold on the values of the tick? */
static bool rt_filter(int event, const struct smrt_tick *t, const struct smrt_where *w)
{
	(void)t;
	(void)w;
	switch (event) {
	case 2: /* reset */
		return rt_true(rt_cmp(0, rt_slot(t, 2, 1, w), rt_int(INT64_C(0))));
	default:
		return false;
	}
}

/* Guards: does the edge's guard hold? */
static bool rt_guard(int guard, const struct smrt_tick *t, const int64_t *vars,
		     const int64_t *resets, const struct smrt_where *w)
{
	(void)t;
	(void)vars;
	(void)resets;
	(void)w;
	switch (guard) {
	case 0: /* init, edge 0 */
		return rt_true(rt_cmp(0, rt_slot(t, 2, 1, w), rt_int(INT64_C(1))));
	case 1: /* init, edge 1 */
		return rt_true(rt_cmp(0, rt_slot(t, 2, 1, w), rt_arith('|', rt_int(INT64_C(1)), rt_int(INT64_C(2)))));
	default:
		return false;
	}
}

/* Actions: `do` lists, reading the values before the step. */
static void rt_actions(struct smrt_monitor *m, int actions, const struct smrt_tick *t,
		       struct smrt_instance *s, const struct smrt_where *w)
{
	(void)t;
	switch (actions) {
	default:
		(void)m;
		(void)s;
		(void)w;
		return;
	}
}

