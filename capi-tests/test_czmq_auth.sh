#!/usr/bin/env bash
# czmq's zauth + zcert (Debian's libczmq4) over the library under test: a
# CURVE round trip with a certificate zauth knows, and a refused one
# (czmq_auth.c), built, loader-checked and run by test_czmq.sh.
exec ./test_czmq.sh czmq_auth
