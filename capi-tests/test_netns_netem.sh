#!/usr/bin/env bash
# Streams across a bad link: the veth pair of netns-lib.sh with netem on
# both ends (5% loss, 100 ms +- 20 ms delay, 10% reordering, 1%
# duplication). PUSH/PULL (ours both sides, and ours against the system
# libzmq 4.3.4), DEALER/ROUTER and REQ/REP must deliver every message
# exactly once, in order. A few hundred messages keep it under a minute;
# NETEM_SCALE=N multiplies the counts (make test-netns-long).
# Needs root, iproute2 and the kernel's sch_netem; skips (77) otherwise.
set -uo pipefail
source "$(dirname "$0")/netns-lib.sh"
netns_setup
scale=${NETEM_SCALE:-1}

impair="delay 100ms 20ms loss 5% reorder 10% 50% duplicate 1%"
for side in "$nsA $vA" "$nsB $vB"; do
    set -- $side
    if ! tc -n "$1" qdisc add dev "$2" root netem $impair 2>"$work/err"; then
        echo "skip: tc netem unavailable (kernel module sch_netem?): $(cat "$work/err")" >&2
        exit 77
    fi
done
echo "link: $impair, both directions"

n=$((300 * scale))
in_b ours "$work/p.pull" pull "tcp://$addrB:5701" bind; pull_pid=$last_pid
in_a ours "$work/p.push" push "tcp://$addrB:5701" connect 1 "$n"; push_pid=$last_pid
in_b ref "$work/x.pull" pull "tcp://$addrB:5702" bind; xpull_pid=$last_pid
in_a ours "$work/x.push" push "tcp://$addrB:5702" connect 2 "$n"; xpush_pid=$last_pid
in_b ours "$work/d.router" router "tcp://$addrB:5703"; router_pid=$last_pid
in_a ours "$work/d.dealer" dealer "tcp://$addrB:5703" $((200 * scale)); dealer_pid=$last_pid
in_b ours "$work/r.rep" rep "tcp://$addrB:5704"; rep_pid=$last_pid
in_a ours "$work/r.req" req "tcp://$addrB:5704" $((20 * scale)); req_pid=$last_pid

await_pid "$pull_pid" 90 || fail "push/pull: receiver did not get END"
await_pid "$push_pid" 10 || fail "push/pull: sender failed"
check_stream "$work/p.pull" 1 0 $((n - 1))
await_pid "$xpull_pid" 90 || fail "ours->reference: receiver did not get END"
await_pid "$xpush_pid" 10 || fail "ours->reference: sender failed"
check_stream "$work/x.pull" 2 0 $((n - 1))
await_pid "$dealer_pid" 90 || fail "dealer/router: $(cat "$work/d.dealer.err")"
await_pid "$req_pid" 90 || fail "req/rep: $(cat "$work/r.req.err")"
check_ok_sequence "$work/r.req" $((20 * scale))
kill -9 "$router_pid" "$rep_pid" 2>/dev/null

(( failures == 0 )) || exit 1
echo "netns netem: every stream exactly once, in order"
