# certrebind: `make` builds build/certrebind; `make check` runs the tests; `make demo` the main job.
# CFLAGS, CPPFLAGS and LDFLAGS are the user's: they come after the project's own flags (ALL_CFLAGS),
# so `make CFLAGS=-O0` changes the optimisation and keeps -std=c11, the warnings and the version.
VERSION   := 0.1.0
PREFIX    ?= /usr/local
PKG_CONFIG ?= pkg-config
NM        ?= nm

WARN      := -Wall -Wextra -Wpedantic -Werror
CSTD      := -std=c11 -D_POSIX_C_SOURCE=200809L
DEPFLAGS   = -MMD -MP

ifeq ($(SANITIZE),1)
BUILD     ?= build/asan
CFLAGS    ?= -O1 -g
SAN       := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDSAN     := -fsanitize=address,undefined
else
BUILD     ?= build
CFLAGS    ?= -O2 -g
endif

PCRE2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS   = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null)
CRYPTO_CFLAGS = $(shell $(PKG_CONFIG) --cflags libcrypto 2>/dev/null)
CRYPTO_LIBS   = $(shell $(PKG_CONFIG) --libs libcrypto 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ALL_CFLAGS = $(CSTD) $(WARN) $(SAN) $(PCRE2_CFLAGS) $(CRYPTO_CFLAGS) -DCERTREBIND_VERSION=\"$(VERSION)\" $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDSAN) $(LDFLAGS)
LDLIBS    += $(PCRE2_LIBS) $(CRYPTO_LIBS)

# Everything in src/ but main.c and the other platform's file goes into the library.
LIB_SRC   := $(filter-out src/main.c src/platform_win32.c,$(wildcard src/*.c src/lang/*.c))
LIB_OBJ   := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
LIB       := $(BUILD)/libcertrebind.a
BIN       := $(BUILD)/certrebind

TEST_SRC  := $(wildcard tests/test_*.c) tests/check_main.c tests/testutil.c tests/cmdline_model.c
TEST_OBJ  := $(patsubst tests/%.c,$(BUILD)/tobj/%.o,$(TEST_SRC))
TEST_BIN  := $(BUILD)/run-tests
SIM_SRC   := $(wildcard tests/sim/*.c)
SIM_BINS  := $(patsubst tests/sim/%.c,$(BUILD)/sim/%,$(filter-out tests/sim/simcommon.c,$(SIM_SRC)))

.PHONY: all deps check check-cli check-unit demo bench install clean valgrind windows check-windows dist fixtures-check

all: $(BIN)

# Installs PCRE2, libcrypto (OpenSSL: SHA-256 of backups) and Check with the system package manager
# when pkg-config cannot find them.
deps:
	@{ $(PKG_CONFIG) --exists libpcre2-8 libcrypto check 2>/dev/null && command -v xmllint >/dev/null; } || sh scripts/install-deps.sh

$(BUILD)/obj/%.o: src/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

# suites.inc (one SUITE(suite_x) line per suite, for check_main.c) is read from the compiled test
# objects, not grepped from their text: every function named suite_* a test file defines is
# registered however it is written, and a test file that defines none is an error (its tests
# would never run). NM is the build's own (mk/windows.mk sets the mingw one for its directory).
# It is checked on every run and rewritten only when its content changes (so a removed test file
# leaves no stale entry and an unchanged list rebuilds nothing).
.PHONY: FORCE
%/suites.inc: FORCE
	@mkdir -p $(dir $@)
	@for o in $(filter %.o,$^); do \
	    $(NM) -g --defined-only $$o | grep -q ' T suite_' || \
	    { echo "$$o: its source defines no suite_* function, so its tests would never run" >&2; exit 1; }; \
	done
	@$(NM) -g --defined-only $(filter %.o,$^) | sed -n 's/^[0-9a-fA-F]* T \(suite_[A-Za-z0-9_]*\)$$/SUITE(\1)/p' \
	    | LC_ALL=C sort -u > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

TEST_SUITE_OBJ := $(filter $(BUILD)/tobj/test_%.o,$(TEST_OBJ))
$(BUILD)/suites.inc: $(TEST_SUITE_OBJ)
$(BUILD)/tobj/check_main.o: $(BUILD)/suites.inc
$(BUILD)/tobj/%.o: tests/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(CHECK_CFLAGS) -Isrc -I$(BUILD) -DFIXTURES_DIR=\"$(CURDIR)/fixtures\" \
	    -DBUILD_DIR=\"$(CURDIR)/$(BUILD)\" -c $< -o $@

$(TEST_BIN): $(TEST_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS) $(CHECK_LIBS)

# The simulators stand apart from the library (independent oracles): no PCRE2, no src/ headers.
$(BUILD)/sim/%: tests/sim/%.c tests/sim/simcommon.c $(wildcard tests/sim/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(SAN) $(CPPFLAGS) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/sim/simcommon.c

# Command-line tests first (they check JSON with a real parser), Check's suites last so the
# run ends with Check's summary line.
check: $(BIN) $(TEST_BIN) $(SIM_BINS)
	@sh tests/cli/run.sh $(BIN) $(BUILD)
	@CERTREBIND_BIN=$(CURDIR)/$(BIN) $(TEST_BIN)

check-unit: $(TEST_BIN) $(BIN) $(SIM_BINS)
	@CERTREBIND_BIN=$(CURDIR)/$(BIN) $(TEST_BIN)

# The suites under valgrind (no fork, so valgrind sees every test): all of them, or VALGRIND_SUITES.
valgrind: $(TEST_BIN) $(BIN) $(SIM_BINS)
	CERTREBIND_NO_JIT=1 CK_FORK=no CERTREBIND_BIN=$(CURDIR)/$(BIN) valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect $(TEST_BIN) $(VALGRIND_SUITES)

demo: $(BIN)
	@sh scripts/demo.sh $(BIN)

bench: $(BIN)
	@sh scripts/bench.sh $(BIN) $(BUILD)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/certrebind
	install -m 644 man/certrebind.1 $(DESTDIR)$(PREFIX)/share/man/man1/certrebind.1

clean:
	rm -rf build

# The other parts (benchmarks, fuzzing, Windows cross-build) live in mk/; each is required.
include mk/bench.mk mk/fuzz.mk mk/windows.mk

# Header dependencies the compiler wrote (-MMD -MP); none yet on a first build.
-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/lang/*.d $(BUILD)/tobj/*.d)
