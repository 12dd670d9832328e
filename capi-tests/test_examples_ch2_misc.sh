#!/usr/bin/env bash
# The guide's other chapter-2 examples:
#   identity (ROUTER sees generated and chosen REQ identities, inproc)
#   mtrelay (three threads signalling over PAIR, inproc)
#   interrupt (SIGINT ends a blocking recv; the server cleans up)
source "$(dirname "$0")/examples-lib.sh"
need identity mtrelay interrupt

# identity: two dumps, the first with a 5-byte generated identity.
timeout 20 "$examples/identity" >identity.out || fail "identity exit $?"
expected='^-{40}
\[005\] 00[0-9A-F]{8}
\[000\] 
\[039\] ROUTER uses a generated 5 byte identity
-{40}
\[005\] PEER2
\[000\] 
\[040\] ROUTER socket uses REQ.s socket identity$'
[[ $(cat identity.out) =~ $expected ]] || fail "identity output: $(cat identity.out)"

# mtrelay.
timeout 20 "$examples/mtrelay" >mtrelay.out || fail "mtrelay exit $?"
[[ $(cat mtrelay.out) == "Step 1 ready, signaling step 2
Step 2 ready, signaling step 3
Test successful!" ]] || fail "mtrelay output: $(cat mtrelay.out)"

# interrupt: once its SIGINT handler is installed (SigCgt bit 2 in /proc),
# SIGINT makes it leave its loop. A signal that lands just before the
# blocking recv only sets the flag, so it is repeated until the program ends.
export ZHELPERS_ENDPOINT_5555=$(endpoint 5555)
bg interrupt.out interrupt
ipid=$last_pid
for _ in $(seq 1 200); do
    sigcgt=$(sed -n 's/^SigCgt:\s*//p' /proc/$ipid/status 2>/dev/null || true)
    [[ -n $sigcgt ]] && (( 0x$sigcgt & 0x2 )) && break
    sleep 0.05
done
for _ in $(seq 1 20); do
    kill -INT $ipid 2>/dev/null || break
    timeout 0.5 tail --pid=$ipid -f /dev/null && break || true
done
wait_exit $ipid 10
[[ $(cat interrupt.out) == "W: interrupt received, killing server..." ]] || fail "interrupt output: $(cat interrupt.out)"

echo "chapter 2 other examples ok"
