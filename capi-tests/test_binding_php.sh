#!/usr/bin/env bash
# PHP: Debian's php-zmq extension (linked against libzmq.so.5) runs
# bindings/roundtrip.php over the library under test: REQ/REP with a multipart
# request, EFSM on a second REQ send, PUB/SUB with a filter and ZMQPoll, CURVE
# (keys from ZMQ::curveKeyPair) and PLAIN (with a ZAP handler); the
# process maps our libzmq and no other, and ZMQ::LIBZMQ_VERSION (read from
# zmq_version() when the extension loads) is ours.
set -euo pipefail
. ./binding-lib.sh
binding_require "php-zmq is missing: apt-get install php-cli php-zmq" \
    /usr/bin/php -r 'exit(class_exists("ZMQContext") ? 0 : 1);'
binding_run /usr/bin/php bindings/roundtrip.php
binding_check
