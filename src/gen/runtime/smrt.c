/* smrt.c: a stand-in for a generated monitor's source, so that kmod.c.in
 * compiles on its own (Makefile: the runtime check): the runtime with the
 * stand-in tables (smrt_tables.h). */
#include "monitor.c.in"
