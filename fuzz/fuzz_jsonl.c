/*
 * fuzz_jsonl.c: libFuzzer target for sm__jsonl_parse, line by line, with
 * one scratch buffer kept across lines as the CLI keeps it.
 */
#include "check_record.h"

static struct sm__buf scratch;

static void parse(struct sm__str line)
{
	static struct sm__record rec;
	const char *why = NULL;
	size_t col = 0;
	enum sm__line_kind kind = sm__jsonl_parse(line, &rec, &scratch, &why, &col);
	/* Decoding never lengthens a string, so all of them fit in the line's
	 * length: more would mean the scratch buffer was overrun. */
	if (scratch.len > line.len)
		abort();
	check_result(kind, &rec, line, (struct sm__str){scratch.data, scratch.len},
		     why, col);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for_each_line(data, size, parse);
	return 0;
}
