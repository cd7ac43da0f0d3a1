/*
 * diag.h: source texts and diagnostics.  Tokens and AST nodes carry a
 * struct sm__loc (a byte span in a source); line and column are worked out
 * only when a diagnostic is printed, as jq does.
 */
#ifndef SM_DIAG_H
#define SM_DIAG_H

#include "base.h"

/* A spec or model text, owned, NUL-terminated. */
struct sm__source {
	char *name; /* as the user named it: "virtio.sm", "models/wip.dot" */
	char *text;
	size_t len;
	/* Where each line starts (line_start[0] is 0), so that a location's
	 * line is a binary search: reports give a spec place per property. */
	uint32_t *line_start;
	size_t nlines;
};

struct sm__loc {
	const struct sm__source *src; /* NULL: no location */
	uint32_t off, len;
};

/* Specs and models are small: a bigger file is an error (EFBIG). */
#define SM__SOURCE_MAX ((size_t)16 << 20)

/* Read a whole file; on failure returns NULL and sets errno. */
struct sm__source *sm__source_load(const char *path);
/* Why sm__source_load failed, for messages (strerror, and EFBIG's limit). */
const char *sm__source_strerror(int err);
struct sm__source *sm__source_from_text(const char *name, const char *text, size_t len);
void sm__source_free(struct sm__source *src);
/* 1-based line and byte column of an offset. */
void sm__source_linecol(const struct sm__source *src, uint32_t off, uint32_t *line,
			uint32_t *col);
/* The text a location covers. */
struct sm__str sm__loc_text(struct sm__loc loc);

enum sm__severity { SM__SEV_ERROR, SM__SEV_WARNING, SM__SEV_NOTE };

struct sm__diag {
	enum sm__severity severity;
	struct sm__loc loc;
	char *msg;
};

struct sm__diags {
	struct sm__diag *v;
	size_t n, cap;
	size_t nerrors;
};

void sm__diag_add(struct sm__diags *d, enum sm__severity sev, struct sm__loc loc,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
#define sm__error(d, loc, ...) sm__diag_add((d), SM__SEV_ERROR, (loc), __VA_ARGS__)
#define sm__warning(d, loc, ...) sm__diag_add((d), SM__SEV_WARNING, (loc), __VA_ARGS__)
#define sm__note(d, loc, ...) sm__diag_add((d), SM__SEV_NOTE, (loc), __VA_ARGS__)

/*
 * "file:line:col: error: message", then the source line and a caret under
 * the span (^~~~), gcc and jq style.  No location: "specmon: error: msg".
 */
void sm__diag_render(const struct sm__diag *diag, struct sm__buf *out);
void sm__diags_free(struct sm__diags *d);

#endif
