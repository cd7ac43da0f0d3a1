/* diag.c: source texts, line/column lookup and diagnostic rendering. */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The line starts of a source (its length is below 4 GiB: SM__SOURCE_MAX). */
static void index_lines(struct sm__source *src)
{
	size_t cap = 0;
	SM__PUSH(src->line_start, src->nlines, cap, 0);
	for (const char *p = src->text, *end = p + src->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		SM__PUSH(src->line_start, src->nlines, cap, (uint32_t)(p + 1 - src->text));
}

struct sm__source *sm__source_from_text(const char *name, const char *text, size_t len)
{
	/* A UTF-8 byte-order mark (some Windows editors write one) is not part
	 * of the text: dropping it keeps line 1's columns right. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	struct sm__source *src = sm__xcalloc(1, sizeof *src);
	src->name = sm__xstrndup(name, strlen(name));
	src->text = sm__xstrndup(text, len);
	src->len = len;
	index_lines(src);
	return src;
}

struct sm__source *sm__source_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sm__buf b = {0};
	char chunk[65536];
	size_t n;
	/* Stop one byte past the limit: enough to know it is too big, and
	 * /dev/zero or a runaway generator cannot exhaust memory. */
	errno = 0;
	while (b.len <= SM__SOURCE_MAX && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sm__buf_add(&b, chunk, n);
	/* fread leaves read(2)'s errno: EISDIR says more than EIO. */
	int err = ferror(f) ? (errno ? errno : EIO) : b.len > SM__SOURCE_MAX ? EFBIG : 0;
	fclose(f);
	if (err) {
		sm__buf_free(&b);
		errno = err;
		return NULL;
	}
	struct sm__source *src = sm__source_from_text(path, b.data ? b.data : "", b.len);
	sm__buf_free(&b);
	return src;
}

const char *sm__source_strerror(int err)
{
	return err == EFBIG ? "larger than the 16 MiB limit" : strerror(err);
}

void sm__source_free(struct sm__source *src)
{
	if (!src)
		return;
	free(src->name);
	free(src->text);
	free(src->line_start);
	free(src);
}

void sm__source_linecol(const struct sm__source *src, uint32_t off, uint32_t *line,
			uint32_t *col)
{
	if (off > src->len)
		off = (uint32_t)src->len;
	/* the last line that starts at or before off */
	size_t lo = 0, hi = src->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (src->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)lo + 1;
	*col = off - (src->nlines ? src->line_start[lo] : 0) + 1;
}

struct sm__str sm__loc_text(struct sm__loc loc)
{
	struct sm__str s = {"", 0};
	if (loc.src) {
		s.ptr = loc.src->text + loc.off;
		s.len = loc.len;
	}
	return s;
}

void sm__diag_add(struct sm__diags *d, enum sm__severity sev, struct sm__loc loc,
		  const char *fmt, ...)
{
	struct sm__buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sm__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct sm__diag diag = {sev, loc, b.data ? b.data : sm__xstrndup("", 0)};
	SM__PUSH(d->v, d->n, d->cap, diag);
	if (sev == SM__SEV_ERROR)
		d->nerrors++;
}

static const char *severity_name(enum sm__severity sev)
{
	switch (sev) {
	case SM__SEV_ERROR: return "error";
	case SM__SEV_WARNING: return "warning";
	case SM__SEV_NOTE: return "note";
	}
	return "error";
}

/* The source line holding `off`, and a caret line under [off, off+len). */
static void render_excerpt(const struct sm__source *src, uint32_t off, uint32_t len,
			   struct sm__buf *out)
{
	uint32_t begin = off, end = off;
	while (begin > 0 && src->text[begin - 1] != '\n')
		begin--;
	while (end < src->len && src->text[end] != '\n')
		end++;
	sm__buf_adds(out, "    ");
	sm__buf_add_escaped(out, src->text + begin, end - begin);
	sm__buf_adds(out, "\n    ");
	/* Pad with the same widths the escaped line used, tabs kept as tabs
	 * would be printed as \t: count escaped widths byte by byte. */
	for (uint32_t k = begin; k < off; k++) {
		unsigned char c = (unsigned char)src->text[k];
		int width = (c >= 0x20 && c < 0x7f) ? 1 : (c == '\t' ? 2 : 4);
		while (width--)
			sm__buf_addc(out, ' ');
	}
	sm__buf_addc(out, '^');
	for (uint32_t k = off + 1; k < off + len && k < end; k++)
		sm__buf_addc(out, '~');
	sm__buf_addc(out, '\n');
}

void sm__diag_render(const struct sm__diag *diag, struct sm__buf *out)
{
	if (!diag->loc.src) {
		sm__buf_printf(out, "specmon: %s: %s\n", severity_name(diag->severity), diag->msg);
		return;
	}
	uint32_t line, col;
	sm__source_linecol(diag->loc.src, diag->loc.off, &line, &col);
	sm__buf_printf(out, "%s:%u:%u: %s: %s\n", diag->loc.src->name, line, col,
		       severity_name(diag->severity), diag->msg);
	render_excerpt(diag->loc.src, diag->loc.off, diag->loc.len, out);
}

void sm__diags_free(struct sm__diags *d)
{
	for (size_t k = 0; k < d->n; k++)
		free(d->v[k].msg);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->nerrors = 0;
}
