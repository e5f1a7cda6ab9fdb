# certrebind: `make` builds build/certrebind; `make check` runs the tests; `make demo` the main job.
VERSION   := 0.1.0
PREFIX    ?= /usr/local
CC        ?= cc
PKG_CONFIG ?= pkg-config

WARN      := -Wall -Wextra -Wpedantic -Werror
CSTD      := -std=c11 -D_POSIX_C_SOURCE=200809L
OPT       ?= -O2 -g

ifeq ($(SANITIZE),1)
BUILD     ?= build/asan
OPT       := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN     := -fsanitize=address,undefined
else
BUILD     ?= build
endif

PCRE2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS   = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS   = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

CFLAGS    += $(CSTD) $(WARN) $(OPT) $(PCRE2_CFLAGS) -DCERTREBIND_VERSION=\"$(VERSION)\"
LDLIBS    += $(PCRE2_LIBS)

# Everything in src/ but main.c and the other platform's file goes into the library.
LIB_SRC   := $(filter-out src/main.c src/platform_win32.c,$(wildcard src/*.c src/lang/*.c))
LIB_OBJ   := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
LIB       := $(BUILD)/libcertrebind.a
BIN       := $(BUILD)/certrebind

TEST_SRC  := $(wildcard tests/test_*.c) tests/check_main.c tests/testutil.c
TEST_OBJ  := $(patsubst tests/%.c,$(BUILD)/tobj/%.o,$(TEST_SRC))
TEST_BIN  := $(BUILD)/run-tests
SIM_SRC   := $(wildcard tests/sim/*.c)
SIM_BINS  := $(patsubst tests/sim/%.c,$(BUILD)/sim/%,$(filter-out tests/sim/simcommon.c,$(SIM_SRC)))

.PHONY: all deps check check-cli check-unit demo bench install clean valgrind windows check-windows dist fixtures-check

all: $(BIN)

# Installs PCRE2/Check with the system package manager when pkg-config cannot find them.
deps:
	@$(PKG_CONFIG) --exists libpcre2-8 check 2>/dev/null || sh scripts/install-deps.sh

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/suites.inc: $(wildcard tests/test_*.c)
	@mkdir -p $(dir $@)
	@grep -h '^Suite \*suite_[a-z0-9_]*(void)' $^ | sed 's/^Suite \*\(suite_[a-z0-9_]*\)(void).*/SUITE(\1)/' > $@.tmp && mv $@.tmp $@

$(BUILD)/tobj/check_main.o: $(BUILD)/suites.inc
$(BUILD)/tobj/%.o: tests/%.c $(wildcard tests/*.h src/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CHECK_CFLAGS) -Isrc -I$(BUILD) -DFIXTURES_DIR=\"$(CURDIR)/fixtures\" \
	    -DBUILD_DIR=\"$(CURDIR)/$(BUILD)\" -c $< -o $@

$(TEST_BIN): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) $(LDSAN) -o $@ $^ $(LDLIBS) $(CHECK_LIBS)

$(BUILD)/sim/%: tests/sim/%.c tests/sim/simcommon.c $(wildcard tests/sim/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(OPT) -o $@ $< tests/sim/simcommon.c $(LDSAN)

# Command-line tests first (they check JSON with a real parser), Check's suites last so the
# run ends with Check's summary line.
check: $(BIN) $(TEST_BIN) $(SIM_BINS)
	@sh tests/cli/run.sh $(BIN) $(BUILD)
	@CERTREBIND_BIN=$(CURDIR)/$(BIN) $(TEST_BIN)

check-unit: $(TEST_BIN) $(BIN) $(SIM_BINS)
	@CERTREBIND_BIN=$(CURDIR)/$(BIN) $(TEST_BIN)

# Parser suites under valgrind (no fork, so valgrind sees every test).
valgrind: $(TEST_BIN) $(BIN) $(SIM_BINS)
	CERTREBIND_NO_JIT=1 CK_FORK=no CERTREBIND_BIN=$(CURDIR)/$(BIN) valgrind --quiet --error-exitcode=99 --leak-check=full \
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

# Optional parts (Windows cross-build, benchmarks...) live in mk/*.mk.
-include mk/*.mk
