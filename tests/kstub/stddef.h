/* The shim a generated module has in shim/ (src/gen/runtime/kshim.h.in). */
#include "../../src/gen/runtime/kshim.h.in"
