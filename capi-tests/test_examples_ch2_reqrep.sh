#!/usr/bin/env bash
# The guide's chapter-2 request-reply examples, three set-ups side by side:
#   rrclient -> rrbroker (ROUTER/DEALER, zmq_poll) -> rrworker x2
#   rrclient -> msgqueue (zmq_proxy) -> rrworker
#   hwclient -> mtserver (zmq_proxy to 5 REP threads over inproc)
# Each client makes ten requests; every worker sleeps a second per request.
source "$(dirname "$0")/examples-lib.sh"
need rrclient rrworker rrbroker msgqueue mtserver hwclient

# rrbroker with two workers.
export ZHELPERS_ENDPOINT_5559=$(endpoint 5559) ZHELPERS_ENDPOINT_5560=$(endpoint 5560)
bg rrbroker.out rrbroker
bg rrworker1.out rrworker
bg rrworker2.out rrworker
timeout 40 "$examples/rrclient" >rrclient1.out &
c1=$!

# msgqueue with one worker.
export ZHELPERS_ENDPOINT_5559=$(endpoint 5559) ZHELPERS_ENDPOINT_5560=$(endpoint 5560)
bg msgqueue.out msgqueue
bg rrworker3.out rrworker
timeout 40 "$examples/rrclient" >rrclient2.out &
c2=$!

# mtserver.
export ZHELPERS_ENDPOINT_5555=$(endpoint 5555)
bg mtserver.out mtserver
timeout 40 "$examples/hwclient" >hwclient.out &
c3=$!

wait $c1 || fail "rrclient via rrbroker: exit $?"
wait $c2 || fail "rrclient via msgqueue: exit $?"
wait $c3 || fail "hwclient via mtserver: exit $?"

for out in rrclient1.out rrclient2.out; do
    for i in $(seq 0 9); do
        grep -qx "Received reply $i \[World\]" $out || fail "$out: no reply $i: $(cat $out)"
    done
    [[ $(wc -l <$out) == 10 ]] || fail "$out: $(cat $out)"
done
# The broker shared the ten requests between its two workers.
n1=$(count '^Received request: \[Hello\]$' rrworker1.out)
n2=$(count '^Received request: \[Hello\]$' rrworker2.out)
(( n1 + n2 == 10 && n1 > 0 && n2 > 0 )) || fail "rrbroker workers did $n1 + $n2 requests"
[[ $(count '^Received request: \[Hello\]$' rrworker3.out) == 10 ]] || fail "msgqueue worker: $(cat rrworker3.out)"

for i in $(seq 0 9); do
    grep -qx "Received World $i" hwclient.out || fail "hwclient: no reply $i"
done
[[ $(count '^Received request: \[Hello\]$' mtserver.out) == 10 ]] || fail "mtserver: $(cat mtserver.out)"
echo "chapter 2 request-reply examples ok"
