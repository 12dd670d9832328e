#!/usr/bin/env bash
# Ruby: Debian's ruby-ffi-rzmq (ffi-rzmq over FFI, dlopen("libzmq.so.5")) runs
# bindings/roundtrip.rb over the library under test: REQ/REP with a multipart
# request, EFSM on a second REQ send, PUB/SUB with a filter and a poller; the
# process maps our libzmq and no other.
set -euo pipefail
ruby=/usr/bin/ruby
"$ruby" -e "require 'ffi-rzmq'" 2>/dev/null \
    || { echo "ffi-rzmq is missing: apt-get install ruby-ffi-rzmq" >&2; exit 1; }
. ./binding-lib.sh
binding_run "$ruby" bindings/roundtrip.rb
binding_check
