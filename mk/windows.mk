# Windows: cross-build with mingw-w64, the test suites under Wine, the release zip.
#   make windows        build/certrebind.exe: one static PE32+ x86-64 console program (wmain)
#   make check-windows  the Check suites and the simulators as .exe, run under Wine (headless,
#                       prefix in build/wineprefix); Linux vs Wine parser output byte for byte;
#                       the DLLs the .exe imports
#   make dist           build/dist/certrebind-$(VERSION)-windows-x64.zip (exe, README, LICENSE, SHA256SUMS)
# PCRE2 and Check for mingw come from Debian's source packages (scripts/build-mingw-deps.sh,
# cached in build/mingw-deps/); WIN_SYSTEM_LIBS=1 uses an environment's own instead (MSYS2).
# The library is built from the same sources as on Linux, with platform_win32.c instead of
# platform_posix.c.

WIN_BUILD    := build/win64
WIN_DIST     := build/dist
WIN_OPT      ?= -O2
ifeq ($(WIN_SYSTEM_LIBS),1)
# A native Windows build in an MSYS2 UCRT64 shell (pacman -S mingw-w64-ucrt-x86_64-gcc
# mingw-w64-ucrt-x86_64-pcre2 mingw-w64-ucrt-x86_64-check make), or any mingw-w64 whose PCRE2
# and Check are installed already (vcpkg's x64-mingw-static triplet: add
# WIN_DEPS_CFLAGS=-I<vcpkg>/installed/x64-mingw-static/include and WIN_PCRE2=<...>/lib/libpcre2-8.a):
# that environment's compiler and libraries; nothing is installed or built from Debian sources.
WIN_HOST     :=
WIN_CC       := gcc
WIN_AR       := ar
WIN_OBJDUMP  := objdump
WIN_NM       := nm
WIN_STRIP    := strip
WIN_DEPS_CFLAGS :=
WIN_PCRE2    := -lpcre2-8
WIN_CHECK    := -lcheck
WIN_ROOT     := $(shell cygpath -m "$(CURDIR)" 2>/dev/null || echo "$(CURDIR)")
else
WIN_HOST     := x86_64-w64-mingw32
WIN_CC       := $(WIN_HOST)-gcc
WIN_AR       := $(WIN_HOST)-ar
WIN_OBJDUMP  := $(WIN_HOST)-objdump
WIN_NM       := $(WIN_HOST)-nm
WIN_STRIP    := $(WIN_HOST)-strip
WIN_DEPS     := build/mingw-deps
WIN_DEPS_CFLAGS := -I$(WIN_DEPS)/include
WIN_PCRE2    := $(WIN_DEPS)/lib/libpcre2-8.a
WIN_CHECK    := $(WIN_DEPS)/lib/libcheck.a
# Tests under Wine see the tree through its Z: drive (Z:\ is /).
WIN_ROOT     := Z:$(CURDIR)
endif
# WIN_EXTRA_CFLAGS: more flags for the library, program and tests (e.g. -O0 -g).
WIN_CFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -D__USE_MINGW_ANSI_STDIO=1 $(WARN) -municode -static \
                -DPCRE2_STATIC $(WIN_OPT) $(WIN_DEPS_CFLAGS) -DCERTREBIND_VERSION=\"$(VERSION)\" $(WIN_EXTRA_CFLAGS)
WIN_LDFLAGS  := -municode -static

WIN_LIB_SRC  := $(filter-out src/main.c src/platform_posix.c,$(wildcard src/*.c src/lang/*.c))
WIN_LIB_OBJ  := $(patsubst src/%.c,$(WIN_BUILD)/obj/%.o,$(WIN_LIB_SRC))
WIN_LIB      := $(WIN_BUILD)/libcertrebind.a
WIN_EXE      := $(WIN_BUILD)/certrebind.exe
WIN_TEST_OBJ := $(patsubst tests/%.c,$(WIN_BUILD)/tobj/%.o,$(TEST_SRC))
WIN_TEST_EXE := $(WIN_BUILD)/run-tests.exe
WIN_SIM_EXES := $(patsubst tests/sim/%.c,$(WIN_BUILD)/sim/%.exe,$(filter-out tests/sim/simcommon.c,$(SIM_SRC)))

# Wine: no display, no debug channels, no Mono/Gecko installers (they would download), our own prefix.
WINE         ?= wine
WINE_PREFIX  := $(CURDIR)/build/wineprefix
WINE_ENV     := WINEPREFIX=$(WINE_PREFIX) WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" DISPLAY=
# Only DLLs every Windows Server has may be imported (no libwinpthread, libgcc, libpcre2...).
WIN_SYSTEM_DLLS := kernel32|advapi32|msvcrt|ucrtbase|api-ms-win-[a-z0-9-]+|user32|shell32|ole32|ws2_32|bcrypt|crypt32|ntdll

WIN_SUDO     := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && echo sudo)

# apt-get install, refreshing the package lists first only when needed.
define win_apt_install
	{ echo "installing $(1) with apt-get"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(WIN_SUDO) apt-get install -y -qq --no-install-recommends $(1) >/dev/null 2>&1 || \
	  { $(WIN_SUDO) apt-get update -qq && $(WIN_SUDO) apt-get install -y -qq --no-install-recommends $(1) >/dev/null; }; }
endef

.PHONY: win-toolchain win-wine win-deps win-prefix win-imports win-suites win-compare

win-toolchain:
ifneq ($(WIN_SYSTEM_LIBS),1)
	@command -v $(WIN_CC) >/dev/null 2>&1 || $(call win_apt_install,gcc-mingw-w64-x86-64)
endif

win-wine:
	@command -v $(WINE) >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 -o -n "$$(command -v wine64)" ] || \
	    $(call win_apt_install,wine wine64)

win-deps: win-toolchain
ifneq ($(WIN_SYSTEM_LIBS),1)
	@sh scripts/build-mingw-deps.sh $(WIN_DEPS)
endif

$(WIN_BUILD)/obj/%.o: src/%.c | win-deps
	@mkdir -p $(dir $@)
	@echo "  WINCC   $<"
	@$(WIN_CC) $(WIN_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(WIN_LIB): $(WIN_LIB_OBJ)
	@rm -f $@
	@echo "  WINAR   $@"
	@$(WIN_AR) rcs $@ $^

$(WIN_EXE): $(WIN_BUILD)/obj/main.o $(WIN_LIB)
	@echo "  WINLD   $@"
	@$(WIN_CC) $(WIN_LDFLAGS) -o $@ $^ $(WIN_PCRE2)

build/certrebind.exe: $(WIN_EXE)
	cp $< $@

windows: build/certrebind.exe

# suites.inc: the Makefile's %/suites.inc rule, with the mingw nm.
$(WIN_BUILD)/suites.inc: NM := $(WIN_NM)
$(WIN_BUILD)/suites.inc: $(filter $(WIN_BUILD)/tobj/test_%.o,$(WIN_TEST_OBJ))
$(WIN_BUILD)/tobj/check_main.o: $(WIN_BUILD)/suites.inc
$(WIN_BUILD)/tobj/%.o: tests/%.c | win-deps
	@mkdir -p $(dir $@)
	@echo "  WINCC   $<"
	@$(WIN_CC) $(WIN_CFLAGS) $(DEPFLAGS) -Isrc -I$(WIN_BUILD) -DFIXTURES_DIR=\"$(WIN_ROOT)/fixtures\" \
	    -DBUILD_DIR=\"$(WIN_ROOT)/$(WIN_BUILD)\" -c $< -o $@

# check_main.c has a plain main() (no -municode at the link); Check needs winpthreads (static).
$(WIN_TEST_EXE): $(WIN_TEST_OBJ) $(WIN_LIB)
	@echo "  WINLD   $@"
	@$(WIN_CC) -static -o $@ $^ $(WIN_CHECK) $(WIN_PCRE2) -pthread

$(WIN_BUILD)/sim/%.exe: tests/sim/%.c tests/sim/simcommon.c $(wildcard tests/sim/*.h) | win-toolchain
	@mkdir -p $(dir $@)
	@echo "  WINCC   $@"
	@$(WIN_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D__USE_MINGW_ANSI_STDIO=1 $(WARN) $(WIN_OPT) -static \
	    -o $@ $< tests/sim/simcommon.c

-include $(wildcard $(WIN_BUILD)/obj/*.d $(WIN_BUILD)/obj/lang/*.d $(WIN_BUILD)/tobj/*.d)

# A fresh prefix, made once (wineboot's complaints about the missing 32-bit part are harmless).
$(WINE_PREFIX)/system.reg: | win-wine
	@echo "creating the Wine prefix $(WINE_PREFIX)"
	@mkdir -p $(WINE_PREFIX)
	@$(WINE_ENV) $(WINE) wineboot --init >$(WINE_PREFIX)/wineboot.log 2>&1 || { cat $(WINE_PREFIX)/wineboot.log; exit 1; }
	@$(WINE_ENV) wineserver -w 2>/dev/null || true

win-prefix: $(WINE_PREFIX)/system.reg

# The DLLs the program imports, its format and subsystem.
win-imports: $(WIN_EXE)
	@echo "== $(WIN_EXE): imports, format"
	@dlls=$$($(WIN_OBJDUMP) -p $(WIN_EXE) | sed -n 's/^[[:space:]]*DLL Name: //p'); \
	echo "imports:" $$dlls; \
	bad=$$(printf '%s\n' $$dlls | grep -viE '^($(WIN_SYSTEM_DLLS))\.dll$$' || true); \
	if [ -n "$$bad" ]; then echo "FAIL: $(WIN_EXE) needs non-system DLLs:" $$bad; exit 1; fi; \
	$(WIN_OBJDUMP) -f $(WIN_EXE) | grep -q 'file format pei-x86-64' || { echo "FAIL: not PE32+ x86-64"; exit 1; }; \
	$(WIN_OBJDUMP) -p $(WIN_EXE) | grep -q 'Subsystem.*Windows CUI' || { echo "FAIL: not a console program"; exit 1; }

# Check has no fork on Windows: CK_FORK=no. The tests find the simulators through BUILD_DIR
# (Z:.../build/win64/sim/netsh.exe) and the program through CERTREBIND_BIN.
# WIN_SUITES=NAME... runs some suites only.
win-suites: $(WIN_TEST_EXE) $(WIN_EXE) $(WIN_SIM_EXES) win-prefix
	@echo "== Check suites under Wine ($(WIN_TEST_EXE))"
	@$(WINE_ENV) CK_FORK=no CERTREBIND_BIN='$(WIN_ROOT)/$(WIN_EXE)' $(WINE) $(WIN_TEST_EXE) $(WIN_SUITES)

win-compare: $(BIN) $(SIM_BINS) $(WIN_EXE) $(WIN_SIM_EXES) win-prefix
	@echo "== Linux and Wine print the same bytes"
	@$(WINE_ENV) WINE=$(WINE) SIM_LINUX=$(BUILD)/sim/netsh SIM_WIN=$(WIN_BUILD)/sim/netsh.exe \
	    sh scripts/compare-wine-output.sh $(BIN) $(WIN_EXE)

# Everything is built first; then all three checks run even when one fails, and the exit
# status says whether all passed.
check-windows: $(BIN) $(SIM_BINS) $(WIN_EXE) $(WIN_TEST_EXE) $(WIN_SIM_EXES) win-prefix
	@failed=""; \
	$(MAKE) --no-print-directory win-imports || failed="$$failed imports"; \
	$(MAKE) --no-print-directory win-suites || failed="$$failed suites"; \
	$(MAKE) --no-print-directory win-compare || failed="$$failed compare"; \
	$(WINE_ENV) wineserver -k 2>/dev/null || true; \
	if [ -n "$$failed" ]; then echo "check-windows: FAILED:$$failed"; exit 1; fi; \
	echo "check-windows: all passed"

# The release zip: deterministic (fixed timestamps: the last commit's), with its own SHA-256.
WIN_ZIP_NAME := certrebind-$(VERSION)-windows-x64
dist: build/certrebind.exe README.md LICENSE
	@rm -rf $(WIN_DIST)/$(WIN_ZIP_NAME) $(WIN_DIST)/$(WIN_ZIP_NAME).zip
	@mkdir -p $(WIN_DIST)/$(WIN_ZIP_NAME)
	@$(WIN_STRIP) -o $(WIN_DIST)/$(WIN_ZIP_NAME)/certrebind.exe build/certrebind.exe
	@cp README.md LICENSE $(WIN_DIST)/$(WIN_ZIP_NAME)/
	@cd $(WIN_DIST)/$(WIN_ZIP_NAME) && sha256sum certrebind.exe README.md LICENSE > SHA256SUMS
	@cd $(WIN_DIST) && SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 315532800) python3 -c \
	    'import os, sys, time, zipfile; d = sys.argv[1]; t = time.gmtime(max(int(os.environ["SOURCE_DATE_EPOCH"]), 315532800))[:6]; \
	    z = zipfile.ZipFile(d + ".zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9); \
	    [z.writestr(zipfile.ZipInfo(d + "/" + n, t), open(os.path.join(d, n), "rb").read(), zipfile.ZIP_DEFLATED) \
	     for n in ("certrebind.exe", "README.md", "LICENSE", "SHA256SUMS")]; z.close()' $(WIN_ZIP_NAME)
	@cd $(WIN_DIST) && sha256sum $(WIN_ZIP_NAME).zip > $(WIN_ZIP_NAME).zip.sha256
	@echo "$(WIN_DIST)/$(WIN_ZIP_NAME).zip: $$(wc -c < $(WIN_DIST)/$(WIN_ZIP_NAME).zip) bytes"; \
	    cat $(WIN_DIST)/$(WIN_ZIP_NAME).zip.sha256
