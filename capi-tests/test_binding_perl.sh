#!/usr/bin/env bash
# Perl: Debian's libzmq-ffi-perl (ZMQ::FFI over FFI::Platypus) runs
# bindings/roundtrip.pl over the library under test: REQ/REP with a multipart
# request, EFSM on a second REQ send, PUB/SUB with a filter polled through
# ZMQ_FD, CURVE (keys from the context's curve_keypair) and PLAIN (with a ZAP
# handler); the process maps our libzmq and no other. ZMQ::FFI finds its library
# through the ldconfig cache by default, which holds the system's; here it is
# given the soname (its `soname` option), which dlopen resolves through
# LD_LIBRARY_PATH. The default lookup is run by the Debian package test.
set -euo pipefail
. ./binding-lib.sh
binding_require "ZMQ::FFI is missing: apt-get install libzmq-ffi-perl" /usr/bin/perl -MZMQ::FFI -e 1
binding_run /usr/bin/perl bindings/roundtrip.pl libzmq.so.5
binding_check
