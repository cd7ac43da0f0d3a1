/*
 * test_diag.c: a location's line and column (src/report/diag.c), looked up
 * in the source's line index: by hand on a small text, then against a
 * plain count of newlines at every offset of texts made up at random.
 */
#include "harness.h"

#include "diag.h"

#include <stdlib.h>

static void check_at(const struct sm__source *src, uint32_t off, uint32_t line, uint32_t col)
{
	uint32_t l, c;
	sm__source_linecol(src, off, &l, &c);
	if (l != line || c != col)
		FAIL("offset %u: %u:%u, expected %u:%u", off, l, c, line, col);
}

TEST(linecol_by_hand)
{
	/* "ab\n\ncd\n": a b \n on line 1, an empty line 2, c d \n on line 3 */
	struct sm__source *src = sm__source_from_text("t.sm", "ab\n\ncd\n", 7);
	check_at(src, 0, 1, 1);
	check_at(src, 1, 1, 2);
	check_at(src, 2, 1, 3); /* the newline itself ends line 1 */
	check_at(src, 3, 2, 1);
	check_at(src, 4, 3, 1);
	check_at(src, 6, 3, 3);
	check_at(src, 7, 4, 1); /* the end, after the last newline */
	check_at(src, 99, 4, 1); /* past the end: the end */
	sm__source_free(src);
	struct sm__source *empty = sm__source_from_text("e.sm", "", 0);
	check_at(empty, 0, 1, 1);
	check_at(empty, 5, 1, 1);
	sm__source_free(empty);
	/* a byte-order mark is not part of the text */
	struct sm__source *bom = sm__source_from_text("b.sm", "\xEF\xBB\xBFx\ny", 6);
	check_at(bom, 2, 2, 1);
	sm__source_free(bom);
}

TEST(linecol_equals_a_newline_count)
{
	srand(7);
	char text[512];
	for (int round = 0; round < 200; round++) {
		size_t len = (size_t)rand() % sizeof text;
		for (size_t k = 0; k < len; k++)
			text[k] = rand() % 4 ? 'a' : '\n';
		struct sm__source *src = sm__source_from_text("r.sm", text, len);
		uint32_t line = 1, col = 1;
		for (uint32_t off = 0; off <= len + 1; off++) {
			check_at(src, off, line, col);
			if (off < len && text[off] == '\n') {
				line++;
				col = 1;
			} else if (off < len) {
				col++;
			}
		}
		sm__source_free(src);
	}
}
