#!/bin/sh
# Installs what certrebind needs to build and test: a C compiler, make, pkg-config, PCRE2 (8-bit),
# OpenSSL's libcrypto (SHA-256 of backups) and Check; plus jq, python3, valgrind and xmllint (the task
# XML files are checked by a real XML parser) for the test runs. Debian/Ubuntu, Fedora, macOS.
set -eu
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
# `install-deps.sh clang`: clang with its sanitizer and libFuzzer runtimes instead (CI's clang
# build and `make fuzz`; not needed for `make check`).
if [ "${1:-}" = clang ]; then
    if command -v apt-get >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -qq clang libclang-rt-dev >/dev/null
    elif command -v dnf >/dev/null 2>&1; then
        $SUDO dnf install -y clang compiler-rt
    elif command -v brew >/dev/null 2>&1; then
        brew install llvm
    else
        echo "install-deps: no apt-get, dnf or brew found; install clang with libFuzzer yourself" >&2
        exit 1
    fi
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq build-essential pkg-config libpcre2-dev libssl-dev check jq python3 valgrind libxml2-utils >/dev/null
elif command -v dnf >/dev/null 2>&1; then
    $SUDO dnf install -y gcc make pkgconf-pkg-config pcre2-devel openssl-devel check-devel jq python3 valgrind libxml2
elif command -v brew >/dev/null 2>&1; then
    brew install pkg-config pcre2 openssl@3 check jq python3 libxml2
else
    echo "install-deps: no apt-get, dnf or brew found; install PCRE2 (libpcre2-8), OpenSSL (libcrypto) and Check yourself" >&2
    exit 1
fi
