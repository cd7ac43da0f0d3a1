# specmon: plain GNU Make, no configure step.
#
#   make              build/specmon and build/libspecmon.a
#   make check        every test; ends with "check: N passed, N failed, N skipped"
#   make check SAN=1  the same suite under ASan+UBSan (build-san/)
#   make fuzz         libFuzzer targets (clang), each run for FUZZ_SECONDS
#   make demo         specmon on a bundled real trace
#   make bench        throughput next to `grep -c -F` on a generated 1 GB trace

CC      ?= cc
SHARED  ?= $(abspath ../shared)
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-missing-field-initializers
CFLAGS  ?= -O2 -g
# `from log` patterns: PCRE2 (Debian's libpcre2-dev), for its match limits and JIT.
LDLIBS  ?= -lpcre2-8
# The library's stages, in pipeline order (DESIGN.md §1); each folder's
# headers are visible to the others by name.
STAGES  := spec input engine report
SRC_INC := -Isrc $(STAGES:%=-Isrc/%)
# `include` searches the source tree's rule library last (doc/language.md).
SPECS_DIR := -DSM_SPECS_DIR='"$(abspath specs)"'
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
              -Iinclude $(SRC_INC) $(SPECS_DIR)

ifeq ($(SAN),1)
BUILD   := build-san
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
BUILD   := build
endif

LIB_SRC  := $(wildcard src/*.c $(STAGES:%=src/%/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_SRC  := $(wildcard src/cli/*.c)
CLI_OBJ  := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:tests/%.c=$(BUILD)/obj/tests/%.o)
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
REPLAY   := $(FUZZ_NAMES:%=$(BUILD)/replay-%)

LIB := $(BUILD)/libspecmon.a
BIN := $(BUILD)/specmon

.PHONY: all check unit golden replay fuzz demo bench clean
all: $(BIN) $(LIB)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/unit-tests: $(UNIT_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(LIB) $(LDLIBS)

# Corpus replay: each fuzz target linked to a plain main() (fuzz/replay.c),
# built with the same compiler and sanitizers as the rest of the suite.
$(BUILD)/replay-%: fuzz/fuzz_%.c fuzz/replay.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(LIB) $(LDLIBS)

check: $(BIN) $(BUILD)/unit-tests $(REPLAY)
	@BUILD=$(BUILD) SHARED=$(SHARED) sh tests/run-all.sh

FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Iinclude $(SRC_INC) $(SPECS_DIR) \
              -fsanitize=fuzzer,address,undefined
fuzz:
	@mkdir -p build-fuzz
	@for t in $(FUZZ_NAMES); do \
	  clang $(FUZZ_FLAGS) -o build-fuzz/fuzz-$$t fuzz/fuzz_$$t.c $(LIB_SRC) $(LDLIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus-$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
	  build-fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -print_final_stats=1 build-fuzz/corpus-$$t fuzz/corpus/$$t >build-fuzz/$$t.log 2>&1 \
	    || { tail -40 build-fuzz/$$t.log; exit 1; }; \
	  grep -E 'stat::number_of_executed_units' build-fuzz/$$t.log; \
	done

# Exit status 1 (a violation found) is the demo working; 2 would be an error.
demo: $(BIN)
	@$(BIN) check examples/virtio-status.sm examples/boot-cloud.trace; test $$? -le 1

bench: $(BIN) $(BUILD)/gen-ftrace
	@BUILD=$(BUILD) sh bench/run.sh

$(BUILD)/gen-ftrace: bench/gen-ftrace.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
