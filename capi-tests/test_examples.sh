#!/usr/bin/env bash
# Runs the guide's chapter-1 examples (c-examples/) against the library under
# test: hello world (REQ/REP), weather updates (PUB/SUB) and the parallel
# pipeline with three workers (PUSH/PULL). The programs keep the guide's
# fixed ports by default; here each endpoint is replaced through
# ZHELPERS_ENDPOINT_<port> (see zhelpers.h) by a port the kernel chose.
set -euo pipefail

examples=${ZMQ_EXAMPLES:?run through capi-tests/run.sh}
for p in hwserver hwclient wuserver wuclient taskvent taskwork tasksink; do
    [[ -x $examples/$p ]] || { echo "example $p not built" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-examples.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port chosen by the kernel; ipc:// if python3 is missing.
endpoint() {
    if command -v python3 >/dev/null; then
        local port
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        echo "tcp://127.0.0.1:$port"
    else
        echo "ipc://$work/$1.ipc"
    fi
}
export ZHELPERS_ENDPOINT_5555=$(endpoint 5555)
export ZHELPERS_ENDPOINT_5556=$(endpoint 5556)
export ZHELPERS_ENDPOINT_5557=$(endpoint 5557)
export ZHELPERS_ENDPOINT_5558=$(endpoint 5558)

fail() { echo "FAIL: $*" >&2; exit 1; }

# Runs a client while its server(s) must stay up: fails at once if a server
# dies (instead of letting the client wait for a reply that never comes).
run_client() {  # run_client "<server pids>" <out> <cmd...>
    local servers=$1 out=$2
    shift 2
    timeout 40 "$@" >"$out" </dev/null &
    local client=$! pid
    while kill -0 "$client" 2>/dev/null; do
        for pid in $servers; do
            kill -0 "$pid" 2>/dev/null || { kill "$client" 2>/dev/null; fail "server $pid died"; }
        done
        sleep 0.1
    done
    wait "$client"
}

# Hello world: ten requests, ten replies.
"$examples/hwserver" > "$work/hwserver.out" &
pids+=($!)
run_client "$!" "$work/hwclient.out" "$examples/hwclient" || fail "hwclient exit $?"
[[ $(head -n 1 "$work/hwclient.out") == "Connecting to hello world server..." ]] \
    || fail "hwclient banner: $(head -n 1 "$work/hwclient.out")"
for i in $(seq 0 9); do
    grep -qx "Sending Hello $i..." "$work/hwclient.out" || fail "no 'Sending Hello $i'"
    grep -qx "Received World $i" "$work/hwclient.out" || fail "no 'Received World $i'"
done
[[ $(grep -c -x "Received Hello" "$work/hwserver.out") == 10 ]] || fail "hwserver did not see 10 requests"

# Weather: the subscriber takes 100 updates for its filter. A one-digit
# prefix matches a tenth of the zip codes, which keeps the run short.
"$examples/wuserver" &
pids+=($!)
run_client "$!" "$work/wuclient.out" "$examples/wuclient" "1" || fail "wuclient exit $?"
grep -qx "Collecting updates from weather server..." "$work/wuclient.out" || fail "wuclient banner"
grep -qE "^Average temperature for zipcode '1' was -?[0-9]+F$" "$work/wuclient.out" \
    || fail "wuclient result: $(cat "$work/wuclient.out")"
# The average of temperatures drawn from -80..134 lies in that range.
avg=$(sed -nE "s/^Average temperature .* was (-?[0-9]+)F$/\1/p" "$work/wuclient.out")
(( avg >= -80 && avg <= 134 )) || fail "average $avg out of range"

# Pipeline: sink, three workers, then the ventilator ("Enter" on stdin).
"$examples/tasksink" > "$work/tasksink.out" &
sink=$!
workers=""
for w in 1 2 3; do
    "$examples/taskwork" > "$work/taskwork$w.out" &
    pids+=($!)
    workers="$workers $!"
done
echo | timeout 40 "$examples/taskvent" > "$work/taskvent.out" || fail "taskvent exit $?"
grep -q "Sending tasks to workers..." "$work/taskvent.out" || fail "taskvent output"
grep -qE "Total expected cost: [0-9]+ msec" "$work/taskvent.out" || fail "taskvent cost"
run_client "$workers" /dev/null tail --pid="$sink" -f /dev/null || fail "tasksink did not finish"
wait "$sink" || fail "tasksink exit status"
grep -qE '^(:\.{9}){10}Total elapsed time: [0-9]+ msec$' "$work/tasksink.out" \
    || fail "tasksink output: $(cat "$work/tasksink.out")"
# Every task was done by some worker: the workers printed 100 workloads.
done_count=$(cat "$work"/taskwork*.out | tr '.' '\n' | grep -c '^[0-9]' || true)
(( done_count == 100 )) || fail "workers did $done_count tasks, want 100"
echo "examples ok"
