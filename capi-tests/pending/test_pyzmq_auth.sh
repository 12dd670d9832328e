#!/usr/bin/env bash
# pyzmq's zmq.auth.thread.ThreadAuthenticator (Debian's python3-zmq) over our
# libzmq.so.5, picked by LD_LIBRARY_PATH: allow/deny by address, PLAIN
# passwords, CURVE allow-any and by key, User-Id (pyzmq_auth.py, which also
# checks which libzmq was loaded). In reference mode the same script runs
# over the system libzmq 4.3.4.
set -euo pipefail
python=/usr/bin/python3     # Debian's interpreter, the one python3-zmq is for
if ! "$python" -c 'import zmq.auth.thread' 2>/dev/null; then
    echo "pyzmq is missing: install Debian's python3-zmq (apt-get install python3-zmq)" >&2
    exit 1
fi
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    libdir=$(pkg-config --variable=libdir libzmq)
    env -u LD_LIBRARY_PATH "$python" -B pyzmq_auth.py "$(dirname "$(realpath "$libdir/libzmq.so.5")")"
else
    LD_LIBRARY_PATH=$ZMQ_PREFIX/lib "$python" -B pyzmq_auth.py "$ZMQ_PREFIX/lib"
fi
