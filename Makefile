# specmon: plain GNU Make, no configure step.
#
#   make              build/specmon and build/libspecmon.a
#   make check        every test; ends with "check: N passed, N failed, N skipped"
#   make check SAN=1  the same suite under ASan+UBSan (build-san/)
#   make fuzz         libFuzzer targets (clang), each run for FUZZ_SECONDS
#   make demo         specmon on a bundled real trace
#   make bench        performance figures next to their references and targets
#                     (grep -c -F, wc -l, ...) in one table; BENCH_QUICK=1: quick
#   make install      PREFIX (default /usr/local) and DESTDIR, as packagers expect;
#                     make uninstall.  Build with the same PREFIX: the installed
#                     rule library's folder is compiled in.

CC      ?= cc
SHARED  ?= $(abspath ../shared)
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
# `from log` patterns: PCRE2 (Debian's libpcre2-dev), for its match limits and JIT.
# -lm: the HTML report lays out its drawings (src/report/html_svg.c).
LDLIBS  ?= -lpcre2-8 -lm
# trace-cmd's binary trace.dat (src/input/source_dat.c): read through
# libtracecmd (Debian's libtracecmd-dev, with libtracefs-dev and libtraceevent-dev,
# which its pkg-config file requires) when pkg-config finds it.  Without
# it the build works all the same, and a .dat input is an error that says
# how to get a build that reads it.  HAVE_TRACECMD=0 leaves it out.
HAVE_TRACECMD ?= $(shell pkg-config --exists libtracecmd 2>/dev/null && echo 1 || echo 0)
ifeq ($(HAVE_TRACECMD),1)
# -isystem: its headers are not held to our warnings.
TRACECMD_CFLAGS := -DSM_HAVE_TRACECMD $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libtracecmd))
TRACECMD_LIBS   := $(shell pkg-config --libs libtracecmd)
LDLIBS  += $(TRACECMD_LIBS)
endif
# BTF, for the kprobe definitions of `from kprobe` (src/gen/btf.c): read
# through libbpf (Debian's libbpf-dev) when pkg-config finds it.  Without it
# `specmon probes` and `watch` say that this build cannot define kprobes;
# the language is the same.  HAVE_LIBBPF=0 leaves it out.
HAVE_LIBBPF ?= $(shell pkg-config --exists libbpf 2>/dev/null && echo 1 || echo 0)
ifeq ($(HAVE_LIBBPF),1)
LIBBPF_CFLAGS := -DSM_HAVE_LIBBPF $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libbpf))
LIBBPF_LIBS   := $(shell pkg-config --libs libbpf)
LDLIBS  += $(LIBBPF_LIBS)
endif
# The library's stages, in pipeline order (DESIGN.md §1); each folder's
# headers are visible to the others by name.
STAGES  := spec input engine report gen
SRC_INC := -Isrc $(STAGES:%=-Isrc/%)

# The version, said once: in the public header.
VERSION := $(shell sed -n 's/^\#define SPECMON_VERSION "\(.*\)"$$/\1/p' include/specmon/specmon.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man

# `include` and a spec given by name search the rule library: SPECMON_PATH,
# the source tree's specs/ (SOURCE_SPECS=, empty, for a packaged build, which
# must not look into the folder it was built in), then the installed one
# (doc/language.md, doc/cli.md).
SOURCE_SPECS ?= $(abspath specs)
SPECS_DIR := -DSM_SPECS_DIR='"$(SOURCE_SPECS)"' \
             -DSM_INSTALLED_SPECS_DIR='"$(DATADIR)/specmon/specs"'
# -fPIC: the same objects make the static and the shared library.
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
              -fPIC -Iinclude $(SRC_INC) $(SPECS_DIR) $(TRACECMD_CFLAGS) \
              $(LIBBPF_CFLAGS)

ifeq ($(SAN),1)
BUILD   := build-san
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
BUILD   := build
endif

LIB_SRC  := $(wildcard src/*.c $(STAGES:%=src/%/*.c))
# The runtime of generated monitors is C (src/gen/runtime/*.in), made into
# c_gen.c's strings at build time (below).
RUNTIME_TEXT := $(BUILD)/gen/runtime_text.c
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/runtime_text.o
CLI_SRC  := $(wildcard src/cli/*.c)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:tests/%.c=$(BUILD)/obj/tests/%.o)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
REPLAY   := $(FUZZ_NAMES:%=$(BUILD)/replay-%)

LIB := $(BUILD)/libspecmon.a
BIN := $(BUILD)/specmon
# libspecmon.so.0 -> libspecmon.so.0.N.M: the soname changes with the major.
SONAME := libspecmon.so.$(SOMAJOR)
SOLIB  := $(BUILD)/libspecmon.so.$(VERSION)
# Man pages, from scdoc sources (Debian's scdoc) at build time.
MAN    := $(BUILD)/man/specmon.1 $(BUILD)/man/specmon-spec.5

.PHONY: all man check check-tsan unit golden replay fuzz fuzz-virtqueue-bug demo bench clean install uninstall
all: $(BIN) $(LIB) $(SOLIB)
man: $(MAN)

# The flags are a prerequisite: objects built with others (before -fPIC, for
# another PREFIX) are built again.
FLAGS := $(BUILD)/flags
ifneq ($(file <$(FLAGS)),$(ALL_CFLAGS))
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS),$(ALL_CFLAGS))
endif

$(BUILD)/obj/%.o: src/%.c $(FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c $(FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# The generated monitors' runtime: compiled as it is first (with the
# stand-in header and tables beside it), so that an error shows at its line
# in monitor.c.in; then turned into C strings (runtime/text.awk).
RUNTIME_DIR := src/gen/runtime
$(BUILD)/gen/runtime-check.o: $(RUNTIME_DIR)/monitor.c.in $(RUNTIME_DIR)/monitor.h.in \
                              $(RUNTIME_DIR)/smrt.h $(RUNTIME_DIR)/smrt_tables.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -ffreestanding $(WARN) -Wpedantic $(CFLAGS) -x c -c $< -o $@
# The kernel module's glue, against the stand-in kernel API of tests/kstub.
KSTUB_FLAGS := -std=gnu11 -nostdinc -Itests/kstub -I$(RUNTIME_DIR) $(WARN) -Wno-unused-function
$(BUILD)/gen/kmod-check.o: $(RUNTIME_DIR)/kmod.c.in $(RUNTIME_DIR)/smrt_kmod_tables.h \
                           $(RUNTIME_DIR)/smrt.c $(RUNTIME_DIR)/kshim.h.in \
                           $(BUILD)/gen/runtime-check.o $(wildcard tests/kstub/*.h tests/kstub/linux/*.h)
	$(CC) $(KSTUB_FLAGS) $(CFLAGS) -x c -c $< -o $@
RUNTIME_IN := $(RUNTIME_DIR)/monitor.h.in $(RUNTIME_DIR)/monitor.c.in $(RUNTIME_DIR)/kmod.c.in \
              $(RUNTIME_DIR)/kshim.h.in
$(RUNTIME_TEXT): $(RUNTIME_DIR)/text.awk $(RUNTIME_IN) $(BUILD)/gen/runtime-check.o \
                 $(BUILD)/gen/kmod-check.o
	awk -f $(RUNTIME_DIR)/text.awk $(RUNTIME_IN) >$@.tmp
	@mv $@.tmp $@
$(BUILD)/obj/gen/runtime_text.o: $(RUNTIME_TEXT) $(FLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# Only the public API (sm_ and no sm__) is exported: src/libspecmon.map.
$(SOLIB): $(LIB_OBJ) src/libspecmon.map
	$(CC) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/libspecmon.map \
	  -o $@ $(LIB_OBJ) $(LDLIBS)

$(BUILD)/man/%: doc/man/%.scd
	@mkdir -p $(dir $@)
	@command -v scdoc >/dev/null || { echo "make: the man pages need scdoc (apt-get install scdoc)" >&2; exit 1; }
	scdoc <$< >$@

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/unit-tests: $(UNIT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) $(LDLIBS)

# Corpus replay: each fuzz target linked to a plain main() (fuzz/replay.c),
# built with the same compiler and sanitizers as the rest of the suite.
$(BUILD)/replay-%: fuzz/fuzz_%.c fuzz/replay.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(LIB) $(LDLIBS)

# The BTF fixtures of the `from kprobe` tests (tests/golden/probes/): only
# with libbpf, whose BTF writer makes them.
ifeq ($(HAVE_LIBBPF),1)
TEST_TOOLS := $(BUILD)/mkbtf
endif
$(BUILD)/mkbtf: tests/tools/mkbtf.c $(FLAGS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBBPF_LIBS)

BENCH_BIN := $(BUILD)/gen-ftrace $(BUILD)/gen-events $(BUILD)/peak $(BUILD)/emit
# The bench programs are built too, so that an API change cannot break them unseen.
EXAMPLES := $(BUILD)/tracing-formal $(BUILD)/virtqueue $(BUILD)/virtqueue-bug
check: $(BIN) $(SOLIB) $(MAN) $(BUILD)/unit-tests $(REPLAY) $(BENCH_BIN) $(BUILD)/tsan-tests \
       $(EXAMPLES) $(TEST_TOOLS) $(BUILD)/ref-emit $(BUILD)/alloc-tests
	@BUILD=$(BUILD) SHARED=$(SHARED) sh tests/run-all.sh

# The threaded unit tests and the library built with ThreadSanitizer (which
# cannot share a build with ASan): run by tests/run-all.sh, and alone by
# `make check-tsan`.  Without TSan (a compiler that cannot link a program
# with -fsanitize=thread) a note takes its place and the run says it
# skipped them; an error in building the tests themselves fails the build.
TSAN_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O1 -g \
              -fsanitize=thread -Iinclude $(SRC_INC) $(SPECS_DIR) $(TRACECMD_CFLAGS) $(LIBBPF_CFLAGS)
$(BUILD)/tsan-tests: tests/unit/main.c tests/unit/test_threads.c tests/unit/test_relay.c $(LIB_SRC) $(RUNTIME_TEXT) $(FLAGS)
	@mkdir -p $(dir $@)
	@rm -f $@ $@.skip
	@if echo 'int main(void){return 0;}' | $(CC) -fsanitize=thread -x c -o $@.probe - 2>$@.log; then \
	  rm -f $@.probe; \
	  $(CC) $(TSAN_FLAGS) -o $@ tests/unit/main.c tests/unit/test_threads.c tests/unit/test_relay.c $(LIB_SRC) \
	    $(RUNTIME_TEXT) $(LDLIBS); \
	else echo "ThreadSanitizer unavailable: $$(tail -1 $@.log)" >$@.skip; touch $@; fi

# tests/alloc: emits on existing instances allocate nothing, counted by
# wrapping the library's calls to the allocator (its own binary: the wraps
# would count every unit test).
ALLOC_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc
$(BUILD)/alloc-tests: tests/unit/main.c tests/alloc/test_alloc.c $(LIB) $(FLAGS)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) $(ALLOC_WRAP) -o $@ tests/unit/main.c \
	  tests/alloc/test_alloc.c $(LIB) $(LDLIBS)

# The in-process examples (examples/*/main.c), linked as a user would;
# tests/golden/examples runs them.
$(BUILD)/tracing-formal: examples/tracing-formal/main.c $(LIB) $(FLAGS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# The differential test's driver for sm_emit (tests/reference/emit.c, run.py VIA=emit).
$(BUILD)/ref-emit: tests/reference/emit.c $(LIB) $(FLAGS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# examples/virtqueue: a split virtqueue checked by virtio/notifications, and
# the same with rust-vmm's needs_notification bug (-DVQ_BUG_NEEDS_NOTIFICATION).
VQ_SRC := examples/virtqueue/main.c examples/virtqueue/vq.c
$(BUILD)/virtqueue: $(VQ_SRC) examples/virtqueue/vq.h $(LIB) $(FLAGS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -pthread -o $@ $(VQ_SRC) $(LIB) $(LDLIBS)
$(BUILD)/virtqueue-bug: $(VQ_SRC) examples/virtqueue/vq.h $(LIB) $(FLAGS)
	$(CC) $(ALL_CFLAGS) -DVQ_BUG_NEEDS_NOTIFICATION $(LDFLAGS) -pthread -o $@ $(VQ_SRC) \
	  $(LIB) $(LDLIBS)

check-tsan: $(BUILD)/tsan-tests
	@BUILD=$(BUILD) sh tests/run-all.sh tsan

FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Iinclude $(SRC_INC) $(SPECS_DIR) \
              -fsanitize=fuzzer,address,undefined
fuzz: $(RUNTIME_TEXT)
	@mkdir -p build-fuzz
	@for t in $(FUZZ_NAMES); do \
	  clang $(FUZZ_FLAGS) -o build-fuzz/fuzz-$$t fuzz/fuzz_$$t.c $(LIB_SRC) $(RUNTIME_TEXT) $(LDLIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus-$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
	  build-fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -print_final_stats=1 build-fuzz/corpus-$$t fuzz/corpus/$$t >build-fuzz/$$t.log 2>&1 \
	    || { tail -40 build-fuzz/$$t.log; exit 1; }; \
	  grep -E 'stat::number_of_executed_units' build-fuzz/$$t.log; \
	done

# fuzz_virtqueue drives examples/virtqueue/vq.c (it includes it); the same
# harness on the bug build must abort: run until it does (at most
# FUZZ_SECONDS), and say how fast.
$(BUILD)/replay-virtqueue: examples/virtqueue/vq.c examples/virtqueue/vq.h
fuzz-virtqueue-bug: $(RUNTIME_TEXT)
	@mkdir -p build-fuzz/corpus-virtqueue-bug
	clang $(FUZZ_FLAGS) -DVQ_BUG_NEEDS_NOTIFICATION -o build-fuzz/fuzz-virtqueue-bug \
	  fuzz/fuzz_virtqueue.c $(LIB_SRC) $(RUNTIME_TEXT) $(LDLIBS)
	@cd build-fuzz && ./fuzz-virtqueue-bug -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -print_final_stats=1 corpus-virtqueue-bug ../fuzz/corpus/virtqueue >virtqueue-bug.log 2>&1; \
	  grep -q 'violation of' virtqueue-bug.log || { tail -20 virtqueue-bug.log; exit 1; }; \
	  grep -m1 '^<emit>:0: violation of' virtqueue-bug.log; \
	  grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec' virtqueue-bug.log

# Exit status 1 (a violation found) is the demo working; 2 would be an error.
demo: $(BIN)
	@$(BIN) check examples/virtio-status.sm examples/boot-cloud.trace; test $$? -le 1

# bench/run.sh prints one table: each figure beside its reference from the
# same run, and its target (DESIGN.md §5).  BENCH_QUICK=1 for a quick run,
# BENCH_MB for the size of the W1 and unbound traces (default 256).
bench: $(BIN) $(BENCH_BIN)
	@BUILD=$(BUILD) BENCH_MB=$(BENCH_MB) BENCH_QUICK=$(BENCH_QUICK) sh bench/run.sh

# The generators and peak stand alone (a rebuilt generator makes run.sh make
# its inputs again); emit links the library, as a user would.
$(BUILD)/gen-ftrace $(BUILD)/gen-events $(BUILD)/peak: $(BUILD)/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

$(BUILD)/emit: bench/emit.c $(LIB) $(FLAGS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

clean:
	rm -rf build build-san build-fuzz

# The rule library as it is (specs/ may not exist yet).
SPECS_FILES := $(shell find specs -name '*.sm' 2>/dev/null)
install: $(BIN) $(LIB) $(SOLIB) $(MAN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR)/specmon $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/specmon/specs \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/specmon
	install -m 644 include/specmon/*.h $(DESTDIR)$(INCLUDEDIR)/specmon/
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libspecmon.a
	install -m 755 $(SOLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SOLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libspecmon.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@LIBS_PRIVATE@|$(strip -lm $(TRACECMD_LIBS) $(LIBBPF_LIBS))|' \
	  src/specmon.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/specmon.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/specmon.pc
	install -m 644 $(BUILD)/man/specmon.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/specmon-spec.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 src/cli/completion.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/specmon
	for f in $(SPECS_FILES:specs/%=%); do \
	  install -D -m 644 specs/$$f $(DESTDIR)$(DATADIR)/specmon/specs/$$f || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/specmon $(DESTDIR)$(LIBDIR)/libspecmon.a \
	  $(DESTDIR)$(LIBDIR)/libspecmon.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/$(notdir $(SOLIB)) $(DESTDIR)$(LIBDIR)/pkgconfig/specmon.pc \
	  $(DESTDIR)$(MANDIR)/man1/specmon.1 $(DESTDIR)$(MANDIR)/man5/specmon-spec.5 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/specmon
	rm -rf $(DESTDIR)$(INCLUDEDIR)/specmon $(DESTDIR)$(DATADIR)/specmon

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- the lab: real virtio drivers against real QEMU devices (doc/lab.md) ----
# make static: build-static/specmon, a static specmon for the lab's guest
# (without trace.dat: Debian has no static libtracecmd; libbpf with the
# static libraries it needs, libelf and zlib).  It finds the rule library
# through SPECMON_PATH only.
static:
	$(MAKE) BUILD=build-static HAVE_TRACECMD=0 SOURCE_SPECS= LDFLAGS=-static \
	  LIBBPF_LIBS="$$(pkg-config --static --libs libbpf 2>/dev/null)" build-static/specmon
# make lab: boot the lab's guests, compare every verdict with lab/expected/.
# LAB_CACHE (default build/lab), LAB_SCENARIOS, LAB_TIMEOUT, KV: doc/lab.md.
lab: $(BIN) static
	python3 lab/lab.py --specmon $(BIN) --static build-static/specmon
.PHONY: static lab
