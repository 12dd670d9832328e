#!/usr/bin/env bash
# The guide's chapter-3 examples:
#   rtreq and rtdealer (ROUTER hands out work to 10 REQ / DEALER workers for
#   five seconds, then fires them), side by side
#   lbbroker (load-balancing broker, 10 REQ clients, 3 REQ workers, ipc://
#   endpoints in the scratch directory)
source "$(dirname "$0")/examples-lib.sh"
need rtreq rtdealer lbbroker

ZHELPERS_ENDPOINT_5671=$(endpoint 5671) timeout 40 "$examples/rtreq" >rtreq.out &
rtreq=$!
ZHELPERS_ENDPOINT_5671=$(endpoint 5671) timeout 40 "$examples/rtdealer" >rtdealer.out &
rtdealer=$!
timeout 40 "$examples/lbbroker" >lbbroker.out || fail "lbbroker exit $?"

[[ $(count '^Client: OK$' lbbroker.out) == 10 ]] || fail "lbbroker clients: $(cat lbbroker.out)"
[[ $(count '^Worker: HELLO$' lbbroker.out) == 10 ]] || fail "lbbroker workers: $(cat lbbroker.out)"
[[ $(wc -l <lbbroker.out) == 20 ]] || fail "lbbroker: $(cat lbbroker.out)"

wait $rtreq || fail "rtreq exit $?"
wait $rtdealer || fail "rtdealer exit $?"
for out in rtreq.out rtdealer.out; do
    # Every worker was kept busy until fired.
    [[ $(count '^Completed: [1-9][0-9]* tasks$' $out) == 10 ]] || fail "$out: $(cat $out)"
    [[ $(wc -l <$out) == 10 ]] || fail "$out: $(cat $out)"
done
echo "chapter 3 examples ok"
