/*
 * vacuity.h: the end-of-run check that a verdict is not empty (DESIGN.md
 * §2.6: vacuity is never silent).  After the engine's pending instances and
 * before the summary, it reads what the binder counted and what the engine
 * stepped, and warns about each event that matched no record (with a "did
 * you mean" over the record names no binding took), each declared field no
 * match carried, each derived event whose filter never held, each property
 * that never stepped and each key field no event carried.
 */
#ifndef SM_VACUITY_H
#define SM_VACUITY_H

#include "bind.h"
#include "report.h"

/* Every warning it gives fails under --strict. */
void sm__vacuity(const struct sm__ir *ir, const struct sm__binder *binder,
		 const struct sm__engine *engine, sm__warn_fn *warn, void *ud);

#endif
