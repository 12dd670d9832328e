#!/usr/bin/env bash
# Our libzmq.so.5 is a drop-in: a program linked against the system libzmq (not
# against ours) runs against ours when ours comes first on LD_LIBRARY_PATH, and
# the system one without it. Checked with the guide's version.c.
set -euo pipefail
out=$ZMQ_TEST_BUILD/version-system
# Build against the system library only: no prefix of ours on any path.
env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH \
    "$CC" $ZMQ_CFLAGS "$ZMQ_ROOT/c-examples/version.c" -o "$out" $(env -u PKG_CONFIG_PATH pkg-config --cflags --libs libzmq)
system=$(env -u LD_LIBRARY_PATH "$out")
[[ $system == "Current 0MQ version is 4.3.4" ]] || { echo "system run: $system" >&2; exit 1; }
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    exit 0
fi
ours=$(LD_LIBRARY_PATH=$ZMQ_PREFIX/lib "$out")
[[ $ours == "Current 0MQ version is 4.3.5" ]] || { echo "with our library first: $ours" >&2; exit 1; }
# The loader found ours by its soname. (No `| grep -q`: with pipefail, ldd's
# SIGPIPE after an early match would fail the pipeline.)
LD_LIBRARY_PATH=$ZMQ_PREFIX/lib ldd "$out" > "$out.ldd"
grep -q "libzmq.so.5 => $ZMQ_PREFIX/lib/libzmq.so.5" "$out.ldd" \
    || { echo "loader did not pick $ZMQ_PREFIX/lib/libzmq.so.5" >&2; cat "$out.ldd" >&2; exit 1; }
