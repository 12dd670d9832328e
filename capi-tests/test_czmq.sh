#!/usr/bin/env bash
# Debian's czmq (libczmq4, built against the system libzmq.so.5) runs over our
# libzmq.so.5 when our lib dir comes first on LD_LIBRARY_PATH: zsock REQ/REP
# and PUB/SUB over tcp, zpoller, zmsg multipart, a zactor, zmonitor when
# zmq_socket_monitor works here (czmq_roundtrip.c probes it), zsys_shutdown.
# The program is built against the system headers and libraries only, as any
# czmq application would be; in reference mode it runs over the system libzmq.
# An argument names another czmq program to build and run the same way
# (test_czmq_auth.sh: czmq_auth).
set -euo pipefail
program=${1:-czmq_roundtrip}
if ! env -u PKG_CONFIG_PATH pkg-config --exists libczmq || [[ ! -f /usr/include/czmq.h ]]; then
    echo "czmq is missing: install Debian's libczmq-dev (apt-get install libczmq-dev)" >&2
    exit 1
fi
out=$ZMQ_TEST_BUILD/$program
env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH \
    "$CC" $ZMQ_CFLAGS "$program.c" -o "$out" \
    $(env -u PKG_CONFIG_PATH pkg-config --cflags --libs libczmq libzmq)

if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    env -u LD_LIBRARY_PATH "$out" 4.3.4
    exit 0
fi
# The loader resolves libzmq.so.5 (needed by the program and by libczmq) to ours.
LD_LIBRARY_PATH=$ZMQ_PREFIX/lib ldd "$out" > "$out.ldd"
grep -q "libzmq.so.5 => $ZMQ_PREFIX/lib/libzmq.so.5" "$out.ldd" \
    || { echo "loader did not pick $ZMQ_PREFIX/lib/libzmq.so.5" >&2; cat "$out.ldd" >&2; exit 1; }
if grep "libzmq.so" "$out.ldd" | grep -v -q "$ZMQ_PREFIX/lib/"; then
    echo "a second libzmq is loaded:" >&2; cat "$out.ldd" >&2; exit 1
fi
LD_LIBRARY_PATH=$ZMQ_PREFIX/lib "$out" 4.3.5
