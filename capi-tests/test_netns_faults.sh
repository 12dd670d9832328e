#!/usr/bin/env bash
# Faults on a real network path: two network namespaces joined by a veth
# pair (capi-tests/netns-lib.sh), netpeer.c processes on each side.
#  - partition longer than the heartbeat timeout, then heal: DISCONNECTED
#    within the timeout (checked by netpeer), reconnect after the heal, the
#    messages the PUSH queued while disconnected all delivered, in order;
#  - SIGKILL of the binding PULL, restarted on the same endpoint: the
#    stream resumes, in order, without duplicates;
#  - SIGKILL of the connecting PUSH, restarted: the new stream arrives whole;
#  - REQ with ZMQ_REQ_CORRELATE while its REP is killed and restarted: every
#    request answered exactly once, no stale or duplicate reply;
#  - ours (PUSH) against the system libzmq 4.3.4 (PULL) across the link.
# Fixed ports are fine here: the namespaces are private to this test.
# Needs root and iproute2; skips (77) otherwise. test_netns_netem.sh adds
# loss, delay, reordering and duplication.
set -uo pipefail
source "$(dirname "$0")/netns-lib.sh"
netns_setup

# --- partition, then heal -------------------------------------------------
ep=tcp://$addrB:5601
mkdir "$work/part"
in_b ours "$work/part.pull" pull "$ep" bind; pull_pid=$last_pid
in_a ours "$work/part.push" push-partition "$ep" "$work/part"; push_pid=$last_pid
if await_lines "$work/part.pull" 50 20; then
    ip -n "$nsA" link set "$vA" down
    touch "$work/part/down"
    end=$((SECONDS + 20))
    while [[ ! -e $work/part/queued ]] && kill -0 "$push_pid" 2>/dev/null && ((SECONDS < end)); do
        sleep 0.05
    done
    ip -n "$nsA" link set "$vA" up
    await_pid "$push_pid" 40 || fail "partition: sender: $(cat "$work/part.push.err")"
    await_pid "$pull_pid" 20 || fail "partition: receiver did not get END"
    check_stream "$work/part.pull" 1 0 69
else
    fail "partition: the first 50 messages did not arrive"
fi
grep -h DISCONNECTED "$work/part.push.err"

# --- SIGKILL the binder, restart it on the same endpoint -------------------
ep=tcp://$addrB:5602
in_b ours "$work/k1.pull1" pull "$ep" bind; pull1=$last_pid
in_a ours "$work/k1.push" push "$ep" connect 1 1000000 2000; push_pid=$last_pid
await_lines "$work/k1.pull1" 50 20 || fail "kill binder: first receiver got too little"
kill -9 "$pull1"
wait "$pull1" 2>/dev/null
in_b ours "$work/k1.pull2" pull "$ep" bind 100; pull2=$last_pid
await_pid "$pull2" 30 || fail "kill binder: the restarted receiver did not get 100 messages"
kill -9 "$push_pid"
check_consecutive "$work/k1.pull1" 1
check_consecutive "$work/k1.pull2" 1
last1=$(tail -n 1 "$work/k1.pull1" | awk '{print $2}')
first2=$(head -n 1 "$work/k1.pull2" | awk '{print $2}')
(( ${first2:-0} > ${last1:-0} )) || fail "kill binder: seq $first2 after $last1 (duplicate)"

# --- SIGKILL the connecter, restart it ---------------------------------------
ep=tcp://$addrB:5603
in_b ours "$work/k2.pull" pull "$ep" bind; pull_pid=$last_pid
in_a ours "$work/k2.push1" push "$ep" connect 1 1000000 2000; push1=$last_pid
await_lines "$work/k2.pull" 30 20 || fail "kill connecter: first sender's messages missing"
kill -9 "$push1"
wait "$push1" 2>/dev/null
in_a ours "$work/k2.push2" push "$ep" connect 2 50; push2=$last_pid
await_pid "$pull_pid" 30 || fail "kill connecter: receiver did not get the second stream's END"
await_pid "$push2" 10 || fail "kill connecter: second sender failed"
check_consecutive "$work/k2.pull" 1
check_stream "$work/k2.pull" 2 0 49

# --- REQ_CORRELATE across a REP killed and restarted -------------------------
ep=tcp://$addrB:5604
in_b ours "$work/r.rep1" rep "$ep"; rep1=$last_pid
in_a ours "$work/r.req" req "$ep" 100 5000; req_pid=$last_pid
await_lines "$work/r.req" 30 20 || fail "req: first replies missing"
kill -9 "$rep1"
wait "$rep1" 2>/dev/null
in_b ours "$work/r.rep2" rep "$ep"; rep2=$last_pid
await_pid "$req_pid" 40 || fail "req: $(cat "$work/r.req.err")"
kill -9 "$rep2"
check_ok_sequence "$work/r.req" 100

# --- ours against the reference ---------------------------------------------
ep=tcp://$addrB:5605
in_b ref "$work/x.pull" pull "$ep" bind; pull_pid=$last_pid
in_a ours "$work/x.push" push "$ep" connect 7 200; push_pid=$last_pid
await_pid "$pull_pid" 30 || fail "ours->reference: receiver did not get END"
await_pid "$push_pid" 10 || fail "ours->reference: sender failed"
check_stream "$work/x.pull" 7 0 199

(( failures == 0 )) || exit 1
echo "netns faults: all scenarios passed"
