# clang with libFuzzer and the sanitizer runtimes, installed when missing (scripts/install-deps.sh
# clang): CI's clang build and the fuzzers (see below) need it; `make check` does not.
FUZZ_CC ?= clang

.PHONY: clang-deps
clang-deps:
	@printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
	    $(FUZZ_CC) -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1 || sh scripts/install-deps.sh clang
