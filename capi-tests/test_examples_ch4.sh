#!/usr/bin/env bash
# The guide's chapter-4 Lazy Pirate pair: lpserver (told to crash at its
# third request instead of at random) answers two requests; lpclient then
# times out three times (2.5 s each), reconnecting, and abandons.
source "$(dirname "$0")/examples-lib.sh"
need lpclient lpserver

export ZHELPERS_ENDPOINT_5555=$(endpoint 5555)
bg lpserver.out lpserver 3
server=$last_pid
timeout 40 "$examples/lpclient" >lpclient.out || fail "lpclient exit $?"
wait_exit $server 5

[[ $(cat lpserver.out) == "I: normal request (1)
I: normal request (2)
I: simulating a crash" ]] || fail "lpserver output: $(cat lpserver.out)"
[[ $(cat lpclient.out) == "I: connecting to server...
I: server replied OK (1)
I: server replied OK (2)
W: no response from server, retrying...
I: reconnecting to server...
W: no response from server, retrying...
I: reconnecting to server...
E: server seems to be offline, abandoning" ]] || fail "lpclient output: $(cat lpclient.out)"
echo "chapter 4 examples ok"
