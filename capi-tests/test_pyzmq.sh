#!/usr/bin/env bash
# Debian's pyzmq (python3-zmq, built against the system libzmq.so.5) runs over
# our libzmq.so.5 when our lib dir comes first on LD_LIBRARY_PATH: REQ/REP,
# PUB/SUB, a poller, DEALER/ROUTER, options, error mapping, context term, and a
# monitor when zmq_socket_monitor works here (pyzmq_roundtrip.py probes it).
# In reference mode the same script runs over the system libzmq 4.3.4.
# An argument names another script to run the same way (test_pyzmq_auth.sh:
# pyzmq_auth.py); each takes the expected version and library directory.
set -euo pipefail
script=${1:-pyzmq_roundtrip.py}
python=/usr/bin/python3     # Debian's interpreter, the one python3-zmq is for
if ! "$python" -c 'import zmq' 2>/dev/null; then
    echo "pyzmq is missing: install Debian's python3-zmq (apt-get install python3-zmq)" >&2
    exit 1
fi
if [[ ${ZMQ_REFERENCE:-0} == 1 ]]; then
    libdir=$(pkg-config --variable=libdir libzmq)
    env -u LD_LIBRARY_PATH "$python" -B "$script" 4.3.4 "$(dirname "$(realpath "$libdir/libzmq.so.5")")"
else
    LD_LIBRARY_PATH=$ZMQ_PREFIX/lib "$python" -B "$script" 4.3.5 "$ZMQ_PREFIX/lib"
fi
