#!/usr/bin/env bash
# PLAIN and CURVE interoperability with the reference libzmq 4.3.4, both
# directions (our server with their client and the reverse), over tcp and
# ipc: every pattern of test_interop.sh (multipart, bodies over 64 KiB,
# subscriptions) with the first role of each pair binding as the security
# server (the connecting side binding is the NULL test's business); then
# heartbeats under CURVE (PING/PONG inside boxes): a PAIR connection with
# ZMQ_HEARTBEAT_IVL 100 ms and a 400 ms timeout stays up over a quiet
# 1.5 s. The PLAIN server runs a ZAP handler (interop_peer.c).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rc=0
for mechanism in plain curve; do
    INTEROP_MECHANISM=$mechanism INTEROP_BINDERS=a "$here/test_interop.sh" || rc=1
done
INTEROP_MECHANISM=curve INTEROP_HEARTBEAT=1 INTEROP_PAIRS="pair-a pair-b" INTEROP_BINDERS=a \
    "$here/test_interop.sh" || rc=1
exit $rc
