#!/bin/sh
# Builds the two libraries certrebind needs for Windows, as static x86_64-w64-mingw32 libraries,
# from Debian's own source packages (no network but Debian's package archive):
#   - PCRE2 (8-bit, with JIT); consumers compile with -DPCRE2_STATIC
#   - Check (the unit-test framework; no fork on Windows, run the tests with CK_FORK=no)
# Usage: scripts/build-mingw-deps.sh [PREFIX]   (default build/mingw-deps)
# Result: PREFIX/include/{pcre2.h,check.h}, PREFIX/lib/{libpcre2-8.a,libcheck.a}.
# A second run with the same pinned versions finds the stamp files and returns at once.
#
# The versions are pinned to sources bookworm's archive serves (PCRE2 10.42-1 from the main
# archive: the security archive's 10.42-1+deb12u2 source is listed but not served everywhere).
# When a pinned source disappears, the script says so and uses another version the archive
# serves (set PCRE2_DEB_VERSION / CHECK_DEB_VERSION to pin it again).
set -eu

HOST=${MINGW_HOST:-x86_64-w64-mingw32}
PREFIX=${1:-build/mingw-deps}
PCRE2_DEB_VERSION=${PCRE2_DEB_VERSION:-10.42-1}
CHECK_DEB_VERSION=${CHECK_DEB_VERSION:-0.15.2-2}
JOBS=$(nproc 2>/dev/null || echo 2)

say() { echo "build-mingw-deps: $*" >&2; }
die() { say "$*"; exit 1; }

mkdir -p "$PREFIX"
PREFIX=$(cd "$PREFIX" && pwd)
SRC="$PREFIX/src"

# Bump when the way the libraries are built changes, so that caches are rebuilt.
RECIPE=2
stamp() { echo "$PREFIX/.$1-$2-r$RECIPE.done"; }

if [ -f "$(stamp pcre2 "$PCRE2_DEB_VERSION")" ] && [ -f "$(stamp check "$CHECK_DEB_VERSION")" ]; then
    say "cached in $PREFIX (pcre2 $PCRE2_DEB_VERSION, check $CHECK_DEB_VERSION)"
    exit 0
fi

command -v "$HOST-gcc" >/dev/null 2>&1 || die "$HOST-gcc not found (apt-get install gcc-mingw-w64-x86-64)"
command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script uses Debian's source packages"

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

# apt-get source needs a deb-src entry. Add one mirroring the machine's deb entries (same
# archive, suites, components, keys) when there is none.
ensure_deb_src() {
    if apt-cache showsrc pcre2 2>/dev/null | grep -q '^Package: pcre2'; then
        return 0
    fi
    say "no deb-src entry: adding /etc/apt/sources.list.d/certrebind-deb-src.{sources,list}"
    tmp=$(mktemp -d)
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        case "$f" in *certrebind-deb-src*) continue ;; esac
        # deb822: copy each stanza whose Types has "deb", as deb-src (Enabled: no stanzas skipped).
        awk '
            BEGIN { RS = ""; ORS = "\n\n" }
            {
                if ($0 ~ /(^|\n)Enabled:[ \t]*no/) next
                if ($0 !~ /(^|\n)Types:[^\n]*(^|[ \t])deb([ \t]|\n|$)/) next
                n = split($0, l, "\n"); out = ""
                for (i = 1; i <= n; i++) {
                    if (l[i] ~ /^#/) continue
                    if (l[i] ~ /^Types:/) l[i] = "Types: deb-src"
                    out = out l[i] "\n"
                }
                printf "%s\n", out
            }' "$f" >>"$tmp/certrebind-deb-src.sources"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        case "$f" in *certrebind-deb-src*) continue ;; esac
        sed -n 's/^[ \t]*deb[ \t]\+/deb-src /p' "$f" >>"$tmp/certrebind-deb-src.list"
    done
    for ext in sources list; do
        if [ -s "$tmp/certrebind-deb-src.$ext" ]; then
            $SUDO cp "$tmp/certrebind-deb-src.$ext" "/etc/apt/sources.list.d/certrebind-deb-src.$ext"
        fi
    done
    rm -rf "$tmp"
    $SUDO apt-get update -qq || die "apt-get update failed"
    apt-cache showsrc pcre2 2>/dev/null | grep -q '^Package: pcre2' ||
        die "still no source for pcre2 after adding deb-src entries; add one for your Debian release"
}

# Downloads and unpacks source package $1 at version $2 into $SRC/$1; prints the version used
# on stdout. When the pinned version is not served, tries the other versions the archive lists.
fetch_source() {
    pkg=$1
    want=$2
    dir="$SRC/$pkg-dl"
    used=""
    # As root apt cannot drop to its _apt sandbox user for a directory under build/.
    sandbox=""
    [ "$(id -u)" != 0 ] || sandbox="-o APT::Sandbox::User=root"
    for v in "$want" $(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -r -u); do
        rm -rf "$dir"
        mkdir -p "$dir"
        # shellcheck disable=SC2086
        if (cd "$dir" && apt-get $sandbox -qq source --download-only "$pkg=$v") >"$dir.log" 2>&1; then
            used=$v
            break
        fi
        say "$pkg $v: source not served here ($(grep -m 1 '^E:' "$dir.log" || tail -n 1 "$dir.log"))"
    done
    rm -f "$dir.log"
    [ -n "$used" ] || die "no source package for $pkg could be downloaded"
    [ "$used" = "$want" ] || say "WARNING: using $pkg $used instead of the pinned $want (pin it with ${3}=$used)"
    dsc=$(ls "$dir"/*.dsc | head -n 1)
    rm -rf "${SRC:?}/$pkg"
    if command -v dpkg-source >/dev/null 2>&1; then
        # Unpacks the upstream tarball and applies Debian's patches (security fixes included).
        dpkg-source --no-check -x "$dsc" "$SRC/$pkg" >"$dir.log" 2>&1 ||
            { cat "$dir.log" >&2; die "dpkg-source -x $dsc failed"; }
        rm -f "$dir.log"
    else
        mkdir -p "$SRC/$pkg"
        orig=$(ls "$dir"/*.orig.tar.* | head -n 1)
        tar -xf "$orig" -C "$SRC/$pkg" --strip-components=1
        deb=$(ls "$dir"/*.debian.tar.* 2>/dev/null | head -n 1 || true)
        diff=$(ls "$dir"/*.diff.gz 2>/dev/null | head -n 1 || true)
        if [ -n "$diff" ]; then # source format 1.0
            gzip -dc "$diff" | patch -d "$SRC/$pkg" -p1 -s || die "applying $diff failed"
        elif [ -n "$deb" ]; then
            tar -xf "$deb" -C "$SRC/$pkg"
            if [ -f "$SRC/$pkg/debian/patches/series" ]; then
                grep -v '^[ \t]*#' "$SRC/$pkg/debian/patches/series" | while read -r p _; do
                    [ -n "$p" ] || continue
                    patch -d "$SRC/$pkg" -p1 -s <"$SRC/$pkg/debian/patches/$p" || die "patch $p failed"
                done
            fi
        fi
    fi
    echo "$used"
}

# Autotools would try to regenerate configure when patches touched its inputs; the release
# tarballs ship generated files, so make them look newer than their sources.
freeze_autotools() {
    for f in aclocal.m4 configure Makefile.in config.h.in src/config.h.in; do
        [ -f "$1/$f" ] && touch "$1/$f"
    done
    find "$1" -name Makefile.in -exec touch {} + 2>/dev/null || true
}

ensure_deb_src
mkdir -p "$SRC" "$PREFIX/include" "$PREFIX/lib"
export CC="$HOST-gcc" AR="$HOST-ar" RANLIB="$HOST-ranlib"

if [ ! -f "$(stamp pcre2 "$PCRE2_DEB_VERSION")" ]; then
    say "PCRE2 $PCRE2_DEB_VERSION for $HOST (static, JIT)"
    v=$(fetch_source pcre2 "$PCRE2_DEB_VERSION" PCRE2_DEB_VERSION)
    s="$SRC/pcre2"
    freeze_autotools "$s"
    log="$PREFIX/pcre2-build.log"
    (
        cd "$s"
        ./configure --host="$HOST" --prefix="$PREFIX" --enable-static --disable-shared \
            --enable-pcre2-8 --disable-pcre2-16 --disable-pcre2-32 --enable-jit \
            --disable-pcre2grep-libz --disable-pcre2grep-libbz2 --disable-pcre2test-libreadline \
            CFLAGS="-O2"
        make -j"$JOBS" libpcre2-8.la
    ) >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "building PCRE2 failed (log: $log)"; }
    cp "$s/.libs/libpcre2-8.a" "$PREFIX/lib/"
    cp "$s/src/pcre2.h" "$PREFIX/include/"
    grep -q 'define SUPPORT_JIT' "$s/src/config.h" || die "PCRE2 was configured without JIT"
    cp "$s/LICENCE" "$PREFIX/PCRE2-LICENCE" 2>/dev/null || true
    rm -rf "$s" "$SRC/pcre2-dl"
    touch "$(stamp pcre2 "$PCRE2_DEB_VERSION")"
    [ "$v" = "$PCRE2_DEB_VERSION" ] || touch "$(stamp pcre2 "$v")"
fi

if [ ! -f "$(stamp check "$CHECK_DEB_VERSION")" ]; then
    say "Check $CHECK_DEB_VERSION for $HOST (static)"
    v=$(fetch_source check "$CHECK_DEB_VERSION" CHECK_DEB_VERSION)
    s="$SRC/check"
    freeze_autotools "$s"
    log="$PREFIX/check-build.log"
    (
        cd "$s"
        # No subunit, no timeout tests; lib/ supplies what Windows lacks (timer_create stubs...)
        # and libtool merges it into libcheck.a. C99 printf (%zu) for Check's own messages.
        ./configure --host="$HOST" --prefix="$PREFIX" --enable-static --disable-shared \
            --disable-subunit --disable-build-docs --disable-timeout-tests \
            CFLAGS="-O2 -D__USE_MINGW_ANSI_STDIO=1"
        make -j"$JOBS" -C lib
        make -j"$JOBS" -C src libcheck.la
    ) >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "building Check failed (log: $log)"; }
    cp "$s/src/.libs/libcheck.a" "$PREFIX/lib/"
    # check.h declares its message functions format(printf), which mingw-w64 gcc reads as the
    # Microsoft printf (no %jd, %zu): under -Werror every ck_assert_int_* would fail to compile.
    # The library above was built with the C99 printf (__USE_MINGW_ANSI_STDIO), so say gnu_printf.
    sed 's/CK_ATTRIBUTE_FORMAT(printf,/CK_ATTRIBUTE_FORMAT(gnu_printf,/g' "$s/src/check.h" >"$PREFIX/include/check.h"
    grep -q 'CK_ATTRIBUTE_FORMAT(gnu_printf,' "$PREFIX/include/check.h" || die "check.h: format attribute not found"
    cp "$s/check_stdint.h" "$PREFIX/include/" 2>/dev/null || true
    rm -rf "$s" "$SRC/check-dl"
    touch "$(stamp check "$CHECK_DEB_VERSION")"
    [ "$v" = "$CHECK_DEB_VERSION" ] || touch "$(stamp check "$v")"
fi

rm -rf "${SRC:?}"
say "done: $PREFIX/lib/libpcre2-8.a, $PREFIX/lib/libcheck.a"
