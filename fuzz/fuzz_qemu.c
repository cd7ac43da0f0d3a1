/* fuzz_qemu.c: libFuzzer target for sm__qemu_parse, line by line. */
#include "check_record.h"

static void parse(struct sm__str line)
{
	static struct sm__record rec;
	const char *why = NULL;
	size_t col = 0;
	enum sm__line_kind kind = sm__qemu_parse(line, &rec, &why, &col);
	/* A QEMU line is a record, a bad line or blank; never a loss. */
	if (kind == SM__LINE_LOSS)
		abort();
	check_result(kind, &rec, line, (struct sm__str){0}, why, col);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for_each_line(data, size, parse);
	return 0;
}
