#!/usr/bin/env bash
# libzmq.a links into a fully static program with nothing but
# `pkg-config --static --cflags --libs libzmq`, and the program runs. Skipped in
# reference mode (Debian's libzmq.a needs libraries of its own that may be absent).
set -euo pipefail
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    echo "our static library only" >&2
    exit 77
fi
out=$ZMQ_TEST_BUILD/version-static
read -r -a flags <<< "$(pkg-config --static --cflags --libs libzmq)"
# glibc warns that getaddrinfo in a static binary needs its shared NSS modules:
# a linker note, not a failure.
"$CC" $ZMQ_CFLAGS "$ZMQ_ROOT/c-examples/version.c" -o "$out" -static "${flags[@]}"
if ldd "$out" >/dev/null 2>&1; then
    echo "version-static is a dynamic executable" >&2
    exit 1
fi
got=$("$out")
[[ $got == "Current 0MQ version is 4.3.5" ]] || { echo "got: $got" >&2; exit 1; }
