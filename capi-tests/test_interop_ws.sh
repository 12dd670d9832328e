#!/usr/bin/env bash
# Interoperability with the reference libzmq 4.3.4 over ws:// (ZWS 2.0):
# test_interop.sh's exchanges (every pattern pair, empty, small, >64 KiB and
# multipart messages, subscriptions), each library on each side, each side
# binding.
INTEROP_TRANSPORTS=ws exec "$(dirname "$0")/test_interop.sh"
