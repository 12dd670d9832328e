#!/usr/bin/env bash
# pyzmq's zmq.auth.thread.ThreadAuthenticator (Debian's python3-zmq) over the
# library under test: allow/deny by address, PLAIN passwords, CURVE
# allow-any and by key, User-Id (pyzmq_auth.py, which also checks which
# libzmq was loaded), run by test_pyzmq.sh.
exec ./test_pyzmq.sh pyzmq_auth.py
