#!/usr/bin/env bash
# Ruby: Debian's ruby-ffi-rzmq (ffi-rzmq over FFI, dlopen("libzmq.so.5")) runs
# bindings/roundtrip.rb over the library under test: REQ/REP with a multipart
# request, EFSM on a second REQ send, PUB/SUB with a filter and a poller, CURVE
# (keys from ZMQ::Util.curve_keypair) and PLAIN (with a ZAP handler); the
# process maps our libzmq and no other.
set -euo pipefail
. ./binding-lib.sh
binding_require "ffi-rzmq is missing: apt-get install ruby-ffi-rzmq" /usr/bin/ruby -e "require 'ffi-rzmq'"
binding_run /usr/bin/ruby bindings/roundtrip.rb
binding_check
