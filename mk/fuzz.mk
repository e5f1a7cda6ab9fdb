# Fuzzing (libFuzzer, clang): the harnesses in tests/fuzz/, each seeded from fixtures/.
#   make fuzz [FUZZ_SECONDS=N] [FUZZERS="fuzz_netsh ..."]   each harness for N seconds (default 60)
#                         under ASan+UBSan; corpora grow in build/fuzz/corpus/, a crash or leak
#                         stops that harness and leaves its input in build/fuzz/artifacts/
#   make fuzz-build       the harnesses only (build/fuzz/fuzz/*)
# The library is built again into build/fuzz with clang, the sanitizers and libFuzzer's coverage
# instrumentation (a recursive make of the ordinary rules with other flags).
FUZZ_CC      ?= clang
FUZZ_BUILD   := build/fuzz
FUZZ_SECONDS ?= 60
FUZZERS      ?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN     := -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: clang-deps fuzz fuzz-build

# clang with libFuzzer and the sanitizer runtimes, installed when missing (scripts/install-deps.sh
# clang): the fuzzers and CI's clang build need it; `make check` does not.
clang-deps:
	@printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
	    $(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1 || sh scripts/install-deps.sh clang

fuzz-build: clang-deps
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) SANITIZE=1 BUILD=$(FUZZ_BUILD) SAN='$(FUZZ_SAN)' fuzz-harnesses

.PHONY: fuzz-harnesses
fuzz-harnesses: $(addprefix $(BUILD)/fuzz/,$(FUZZERS))
	@:

fuzz: fuzz-build
	@sh scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZERS)

# A harness: its own main comes from libFuzzer (-fsanitize=fuzzer at the link). The script
# writer's and the planner's harnesses also link the cmd.exe model of the tests.
$(BUILD)/fuzz/fuzz_script $(BUILD)/fuzz/fuzz_plan: tests/cmdline_model.c
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB) $(wildcard src/*.h tests/*.h tests/fuzz/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Isrc -Itests -DFIXTURES_DIR=\"$(CURDIR)/fixtures\" $(ALL_LDFLAGS) \
	    -o $@ $(filter %.c,$^) $(LIB) $(LDLIBS)
