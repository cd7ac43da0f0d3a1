/*
 * parse.h: the recursive-descent parser of the spec language
 * (DESIGN.md §2).  It stops at the first syntax error, which it adds to the
 * diagnostics; `automaton ... from "x.dot"` models are read here too, with
 * paths relative to the spec's own folder.
 */
#ifndef SM_PARSE_H
#define SM_PARSE_H

#include "ast.h"

bool sm__parse(const struct sm__source *src, struct sm__ast *ast, struct sm__diags *d);

/* Parse a whole text as one expression (DOT guards); loc says where the
 * text is, for diagnostics.  NULL after an error. */
struct sm__expr *sm__parse_expr_at(struct sm__loc loc, struct sm__diags *d);

/* The rule library's folders, colon-separated (sm_library_folders): the
 * folders `include` searches after the including file's own, and where a
 * spec given by name is looked up.  Empty entries are to be passed over. */
void sm__library_folders(struct sm__buf *dirs);

#endif
