#!/usr/bin/env bash
# The C test harness: builds and runs every capi-tests/test_*.c and every
# executable capi-tests/test_*.sh, one line per test, then "N passed, N failed".
#
#   capi-tests/run.sh               against our library (installed into a temp prefix)
#   capi-tests/run.sh --reference   against the system libzmq 4.3.4 (pkg-config libzmq)
#   capi-tests/run.sh [--reference] test_foo test_bar.sh   only the named tests
#
# Each C test is compiled with `$CC -Wall -Wextra -Werror -pthread -I capi-tests
# $(pkg-config --cflags --libs libzmq)` and runs with a time limit of
# $ZMQ_TEST_TIMEOUT seconds (default 60; a first line "/* zmq-test: draft */"
# adds -DZMQ_BUILD_DRAFT_API); exit status 0 is a pass, 77 a skip
# (automake's convention; say why on stderr), anything else a failure. Every
# c-examples/*.c is built too (into $ZMQ_EXAMPLES), and a build failure there is a
# failed test named after the example.
#
# Environment given to every test (C and script):
#   ZMQ_REFERENCE   1 when running against the system libzmq 4.3.4, else 0
#                   (tests that check our version number use it)
#   ZMQ_PREFIX      install prefix of the library under test (/usr in reference mode)
#   ZMQ_ROOT        the repository root
#   ZMQ_TEST_BUILD  directory holding the compiled tests (scratch space is fine)
#   ZMQ_EXAMPLES    directory holding the compiled c-examples (same names, no .c)
#   PKG_CONFIG_PATH, LD_LIBRARY_PATH   set so pkg-config and the loader find the
#                   library under test
#   CC, ZMQ_CFLAGS  the compiler and the flags above, for scripts that build C code
#   ZMQ_TEST_JOBS   how many compiles run at once (default: number of CPUs)
# Scripts run with capi-tests/ as working directory and the same time limit,
# or a longer one named in their header ("# zmq-test-timeout: N").
# Tests run one at a time, in name order.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
reference=0
if [[ ${1:-} == --reference ]]; then
    reference=1
    shift
fi
only=("$@")

CC=${CC:-cc}
timeout_s=${ZMQ_TEST_TIMEOUT:-60}
work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-capi.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [[ $reference == 1 ]]; then
    prefix=/usr
    # The system's pkg-config path; never a prefix of ours.
    unset PKG_CONFIG_PATH LD_LIBRARY_PATH
    pcver=$(pkg-config --modversion libzmq)
    echo "reference mode: system libzmq $pcver"
else
    prefix=$work/prefix
    if ! make -s --no-print-directory -C "$root" install PREFIX="$prefix" >"$work/install.log" 2>&1; then
        cat "$work/install.log" >&2
        echo "make install failed"
        echo "0 passed, 1 failed"
        exit 1
    fi
    export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
    export LD_LIBRARY_PATH=$prefix/lib
fi

cflags=(-Wall -Wextra -Werror -pthread -I"$root/capi-tests")
read -r -a zmq_flags <<< "$(pkg-config --cflags --libs libzmq)"

export ZMQ_REFERENCE=$reference ZMQ_PREFIX=$prefix ZMQ_ROOT=$root CC
export ZMQ_TEST_BUILD=$work/tests ZMQ_EXAMPLES=$work/examples
export ZMQ_CFLAGS="${cflags[*]}"
mkdir -p "$ZMQ_TEST_BUILD" "$ZMQ_EXAMPLES"

passed=0
failed=0
skipped=0
failures=()

pass() { echo "PASS $1"; passed=$((passed + 1)); }
skip() {
    echo "SKIP $1: $(tail -n 1 "$2")"
    skipped=$((skipped + 1))
}
fail() {
    echo "FAIL $1 ($2)"
    sed 's/^/    | /' "$3" | tail -n 40
    failed=$((failed + 1))
    failures+=("$1")
}

selected() {
    [[ ${#only[@]} == 0 ]] && return 0
    local t
    for t in "${only[@]}"; do
        [[ $t == "$1" || $t == "${1%.*}" ]] && return 0
    done
    return 1
}

# Compile the examples and tests in parallel ($ZMQ_TEST_JOBS at a time, default
# the number of CPUs); each compile leaves its exit status in <out>.rc.
jobs=${ZMQ_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
compile() {  # compile <src> <out> <log> [extra flags]
    local src=$1 out=$2 log=$3
    shift 3
    local rc=0
    "$CC" "${cflags[@]}" "$@" "$src" -o "$out" "${zmq_flags[@]}" >"$log" 2>&1 || rc=$?
    echo "$rc" > "$out.rc"
}
throttle() {
    while (( $(jobs -rp | wc -l) >= jobs )); do wait -n || true; done
}

shopt -s nullglob
tests=()
for src in "$root"/capi-tests/test_*.c; do
    name=$(basename "$src" .c)
    selected "$name.c" && tests+=("$name")
done
# The examples are built too, so script tests can run them.
for src in "$root"/c-examples/*.c; do
    name=$(basename "$src" .c)
    throttle
    compile "$src" "$ZMQ_EXAMPLES/$name" "$ZMQ_EXAMPLES/$name.build.log" -I"$root/c-examples" &
done
for name in "${tests[@]}"; do
    throttle
    # A test whose first line is "/* zmq-test: draft */" is built with the
    # draft API section of zmq.h.
    extra=()
    [[ $(head -n 1 "$root/capi-tests/$name.c") == '/* zmq-test: draft */' ]] && extra=(-DZMQ_BUILD_DRAFT_API)
    compile "$root/capi-tests/$name.c" "$ZMQ_TEST_BUILD/$name" "$work/tests/$name.log" "${extra[@]}" &
done
wait

for src in "$root"/c-examples/*.c; do
    name=$(basename "$src" .c)
    if [[ $(cat "$ZMQ_EXAMPLES/$name.rc") != 0 ]]; then
        fail "c-examples/$name.c" "does not compile" "$ZMQ_EXAMPLES/$name.build.log"
    fi
done

# ZMQ_TEST_WRAP (e.g. a valgrind command line, `make test-valgrind`) runs
# every C test and every example under it; the examples through a small
# script in their place, so the script tests run them wrapped too.
read -r -a wrap <<<"${ZMQ_TEST_WRAP:-}"
if (( ${#wrap[@]} )); then
    for src in "$root"/c-examples/*.c; do
        name=$(basename "$src" .c)
        [[ -x $ZMQ_EXAMPLES/$name ]] || continue
        mv "$ZMQ_EXAMPLES/$name" "$ZMQ_EXAMPLES/$name.bin"
        printf '#!/bin/sh\nexec %s "$0.bin" "$@"\n' "${wrap[*]}" >"$ZMQ_EXAMPLES/$name"
        chmod +x "$ZMQ_EXAMPLES/$name"
    done
fi

for name in "${tests[@]}"; do
    log=$work/tests/$name.log
    if [[ $(cat "$ZMQ_TEST_BUILD/$name.rc") != 0 ]]; then
        fail "$name" "does not compile" "$log"
        continue
    fi
    rc=0
    (cd "$root/capi-tests" && timeout -k 5 "$timeout_s" "${wrap[@]}" "$ZMQ_TEST_BUILD/$name") >>"$log" 2>&1 || rc=$?
    if [[ $rc == 0 ]]; then
        pass "$name"
    elif [[ $rc == 77 ]]; then
        skip "$name" "$log"
    elif [[ $rc == 124 || $rc == 137 ]]; then
        fail "$name" "timed out after ${timeout_s}s" "$log"
    else
        fail "$name" "exit $rc" "$log"
    fi
done

for script in "$root"/capi-tests/test_*.sh; do
    name=$(basename "$script")
    selected "$name" || continue
    [[ -x $script ]] || continue
    log=$work/tests/$name.log
    rc=0
    # A script may ask for a longer limit: "# zmq-test-timeout: N" in its header.
    limit=$(sed -n '1,20s/^# zmq-test-timeout: \([0-9]\+\)$/\1/p' "$script" | head -n 1)
    (( ${limit:-0} > timeout_s )) || limit=$timeout_s
    (cd "$root/capi-tests" && timeout -k 5 "$limit" "$script") >"$log" 2>&1 </dev/null || rc=$?
    if [[ $rc == 0 ]]; then
        pass "$name"
    elif [[ $rc == 77 ]]; then
        skip "$name" "$log"
    elif [[ $rc == 124 || $rc == 137 ]]; then
        fail "$name" "timed out after ${limit}s" "$log"
    else
        fail "$name" "exit $rc" "$log"
    fi
done

if [[ $failed != 0 ]]; then
    echo "failed: ${failures[*]}"
fi
if [[ $skipped == 0 ]]; then
    echo "$passed passed, $failed failed"
else
    echo "$passed passed, $failed failed, $skipped skipped"
fi
[[ $failed == 0 ]]
