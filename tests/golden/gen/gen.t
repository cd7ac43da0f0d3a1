# specmon gen c: the generated monitor of status.sm (an automaton with a
# derived event, a relation, a `within` deadline, per dev), worked out by
# hand on status.trace:
#   line 2: dev 1 is in acked, where get_status has no edge;
#   line 3: dev 2 starts in reset, and status 3 is not ACK (nor 0);
#   line 4: time 10.009 passes dev 2's deadline (10.0003 + 5ms) first,
#           then dev 3 starts in reset (get_status: no edge there) and
#           its get_status has no set_status before it (poll);
#   end:    dev 1 is still in acked, which is not final (it was last
#           stepped at line 1: line 2 was a violation).
# The files: a header with the events, fields and properties as enums and
# the API; a source that includes only its header, which includes only
# <stdbool.h>, <stddef.h> and <stdint.h>.  It compiles freestanding without
# a warning and calls nothing (no undefined symbol).  demo.c feeds it the
# trace's events by hand: the first lines of its reports are specmon
# check's.  Then a pool of 2 instances (--instances 2) refuses the third
# key, counted; the refused features (strings, `comm`) are errors at their
# places; and the command's usage errors.
# needs: cc
# needs: nm
$ mkdir -p genc && specmon gen c tests/golden/gen/status.sm -o genc --prefix st && ls genc
st.c
st.h
$ grep -h '#include' genc/st.h genc/st.c
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "st.h"
$ grep -E '^	st_(EV|F|PROP|N)[A-Z_a-z]* = ' genc/st.h
	st_EV_set_status = 0,
	st_EV_get_status = 1,
	st_EV_reset = 2,
	st_NEVENTS = 3
	st_F_set_status_dev = 0,
	st_F_set_status_status = 1,
	st_F_get_status_dev = 0,
	st_PROP_init = 0,
	st_PROP_poll = 1,
	st_PROP_answer = 2,
	st_NPROPS = 3
$ grep -E '^[a-z].*st_[a-z_]*\(' genc/st.h
void st_init(struct st_monitor *m, st_report_fn report, void *ud);
int st_instant(struct st_monitor *m, const struct st_match *ms, size_t n,
int st_emit(struct st_monitor *m, int event, const int64_t *values,
int st_advance(struct st_monitor *m, const struct st_where *w);
int st_finish(struct st_monitor *m, const struct st_where *w);
size_t st_format(const struct st_report *r, char *buf, size_t cap);
const char *st_event_name(int event);
const char *st_property_name(int prop);
const char *st_state_name(int prop, int state);
int st_property_nkeys(int prop);
$ cc -std=c11 -ffreestanding -nostdlib -O2 -Wall -Wextra -Wpedantic -Werror -c genc/st.c -o genc/st.o && nm -u genc/st.o && echo no undefined symbol
no undefined symbol
$ cc -std=c11 -Wall -Wextra -Werror -Igenc tests/golden/gen/demo.c genc/st.c -o genc/demo && genc/demo
tests/golden/gen/status.trace:2: 10.000200 violation of init[dev=1]: get_status(dev=1) in state acked
tests/golden/gen/status.trace:3: 10.000300 violation of init[dev=2]: set_status(dev=2, status=3) in state reset
tests/golden/gen/status.trace:4: 10.009000 violation of answer[dev=2]: missed deadline: no get_status in time: get_status within 5ms after set_status   (tests/golden/gen/status.sm:17)
tests/golden/gen/status.trace:4: 10.009000 violation of init[dev=3]: get_status(dev=3) in state reset
tests/golden/gen/status.trace:4: 10.009000 violation of poll[dev=3]: get_status(dev=3) with no set_status before it to match
tests/golden/gen/status.trace:1: 10.000100 pending init[dev=1]: in state acked at the end of input, which is not final (final: reset live)
4 instants, 5 violations, 1 pending
$ specmon check tests/golden/gen/status.sm tests/golden/gen/status.trace 2>/dev/null | grep -v '^  '
tests/golden/gen/status.trace:2: 10.000200 violation of init[dev=1]: get_status(dev=1) in state acked
tests/golden/gen/status.trace:3: 10.000300 violation of init[dev=2]: set_status(dev=2, status=3) in state reset
tests/golden/gen/status.trace:4: 10.009000 violation of answer[dev=2]: missed deadline: no get_status in time: get_status within 5ms after set_status   (tests/golden/gen/status.sm:17)
tests/golden/gen/status.trace:4: 10.009000 violation of init[dev=3]: get_status(dev=3) in state reset
tests/golden/gen/status.trace:4: 10.009000 violation of poll[dev=3]: get_status(dev=3) with no set_status before it to match
tests/golden/gen/status.trace:1: 10.000100 pending init[dev=1]: in state acked at the end of input, which is not final (final: reset live)
$ specmon gen c tests/golden/gen/pool.sm -o genc --instances 2 && cc -std=c11 -Wall -Wextra -Werror -Igenc tests/golden/gen/pool.c genc/pool.c -o genc/pool && genc/pool
-:1: violation of once[k=1]: b(k=1) with no a before it to match
-:2: violation of once[k=2]: b(k=2) with no a before it to match
instances 2, refused 1
$ specmon gen c tests/golden/gen/strings.sm -o genc
tests/golden/gen/strings.sm:2:31: error: gen c: string values are not supported (the generated monitor's values are integers)
    event ro = open where mode == "r"
                                  ^~~
tests/golden/gen/strings.sm:5:43: error: gen c: string values are not supported (the generated monitor's values are integers)
        closed -> opened on open when name != "/dev/null" && comm == "init"
                                              ^~~~~~~~~~~
tests/golden/gen/strings.sm:5:58: error: gen c: the built-in field comm is a string, which the generated monitor does not have (its values are integers)
        closed -> opened on open when name != "/dev/null" && comm == "init"
                                                             ^~~~
tests/golden/gen/strings.sm:5:66: error: gen c: string values are not supported (the generated monitor's values are integers)
        closed -> opened on open when name != "/dev/null" && comm == "init"
                                                                     ^~~~~~
[2]
$ specmon gen c tests/golden/gen/status.sm -o genc --prefix 2x
specmon: --prefix takes a C identifier, not '2x'
(specmon gen --help shows the usage)
[2]
$ specmon gen c tests/golden/gen/status.sm
specmon: gen c needs -o DIR, the folder to write to
(specmon gen --help shows the usage)
[2]
$ specmon gen c tests/golden/gen/status.sm -o genc --instances 0
specmon: --instances takes a number from 1 to 1048576, not '0'
(specmon gen --help shows the usage)
[2]
$ specmon gen c tests/golden/gen/status.sm -o no-such-folder
specmon: error: cannot write into 'no-such-folder': No such file or directory
[2]
$ specmon gen kmod tests/golden/gen/status.sm -o genc
tests/golden/gen/status.sm:5:7: warning: gen kmod: event 'set_status' has no 'from kprobe' or 'from kretprobe': the module never sees it
    event set_status(dev, status)
          ^~~~~~~~~~
tests/golden/gen/status.sm:6:7: warning: gen kmod: event 'get_status' has no 'from kprobe' or 'from kretprobe': the module never sees it
    event get_status(dev)
          ^~~~~~~~~~
