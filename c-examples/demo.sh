#!/usr/bin/env bash
# `make demo`: the guide's chapter-1 programs on this library, with what they
# print. Hello world (REQ/REP), the weather pair (PUB/SUB) and the parallel
# pipeline with three workers (PUSH/PULL). The programs keep the guide's
# ports unless those are taken, in which case zhelpers.h's
# ZHELPERS_ENDPOINT_<port> points them at a free loopback port.
set -euo pipefail
bin=${1:?usage: demo.sh <directory of built examples>}
work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-demo.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

for port in 5555 5556 5557 5558; do
    if python3 -c "import socket,sys; s=socket.socket(); s.bind(('0.0.0.0', $port))" 2>/dev/null; then
        continue
    fi
    free=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    export "ZHELPERS_ENDPOINT_$port=tcp://127.0.0.1:$free"
    echo "(port $port is taken: using $free)"
done

section() { printf '\n=== %s ===\n' "$*"; }

section "version"
"$bin/version"

section "hello world: hwserver + hwclient (10 requests)"
"$bin/hwserver" > "$work/hwserver.out" &
pids+=($!)
timeout 60 "$bin/hwclient"
echo "-- hwserver printed:"
cat "$work/hwserver.out"

section "weather: wuserver + wuclient 10001 (100 updates)"
"$bin/wuserver" &
pids+=($!)
timeout 120 "$bin/wuclient" 10001

section "pipeline: taskvent + 3 x taskwork + tasksink (100 tasks)"
"$bin/tasksink" > "$work/tasksink.out" &
sink=$!
for _ in 1 2 3; do
    "$bin/taskwork" > /dev/null &
    pids+=($!)
done
echo | timeout 60 "$bin/taskvent"
timeout 60 tail --pid="$sink" -f /dev/null
wait "$sink"
echo "-- tasksink printed:"
cat "$work/tasksink.out"
echo
echo "demo: done"
