#!/usr/bin/env bash
# The guide's chapter-2 synchronised publisher: syncpub waits for its
# subscribers over REQ/REP, then publishes; each of 3 syncsub gets every one
# of 10000 updates (the publisher's SNDHWM is above the count, so nothing
# may be dropped) and the END marker.
source "$(dirname "$0")/examples-lib.sh"
need syncpub syncsub

export ZHELPERS_ENDPOINT_5561=$(endpoint 5561) ZHELPERS_ENDPOINT_5562=$(endpoint 5562)
bg syncpub.out syncpub 3 10000
syncpub=$last_pid
sync_pids=()
for i in 1 2 3; do
    timeout 40 "$examples/syncsub" >syncsub$i.out &
    sync_pids+=($!)
done

for i in 1 2 3; do
    wait ${sync_pids[$((i - 1))]} || fail "syncsub $i exit $?"
    grep -qx "Received 10000 updates" syncsub$i.out || fail "syncsub $i: $(cat syncsub$i.out)"
done
wait_exit $syncpub 20
grep -qx "Waiting for subscribers" syncpub.out || fail "syncpub: $(cat syncpub.out)"
grep -qx "Broadcasting messages" syncpub.out || fail "syncpub: $(cat syncpub.out)"

echo "chapter 2 synchronised publisher ok"
