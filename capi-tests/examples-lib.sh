# Shared by the test_examples_ch*.sh scripts (sourced, not run): the guide's
# example programs are run with endpoints chosen here instead of their fixed
# ports (ZHELPERS_ENDPOINT_<port>, see c-examples/zhelpers.h), in a scratch
# directory (for ipc:// files), and every background process is killed on exit.
set -euo pipefail

examples=${ZMQ_EXAMPLES:?run through capi-tests/run.sh}
work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-examples.XXXXXX")
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }

# need PROGRAM...: every program was built.
need() {
    local p
    for p in "$@"; do
        [[ -x $examples/$p ]] || fail "example $p not built"
    done
}

# A free loopback endpoint chosen by the kernel; ipc:// if python3 is missing.
endpoint() {
    if command -v python3 >/dev/null; then
        local port
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        echo "tcp://127.0.0.1:$port"
    else
        echo "ipc://$work/$1-$RANDOM.ipc"
    fi
}

# bg OUTFILE PROGRAM ARGS...: runs a program in the background (killed on
# exit); its pid is in $last_pid.
last_pid=
bg() {
    local out=$1
    shift
    "$examples/$1" "${@:2}" >"$out" 2>&1 </dev/null &
    last_pid=$!
    pids+=("$last_pid")
}

# wait_exit PID SECONDS: waits for a background program to end by itself;
# fails on timeout or a non-zero exit status.
wait_exit() {
    local pid=$1 secs=$2
    timeout "$secs" tail --pid="$pid" -f /dev/null || fail "pid $pid still running after ${secs}s"
    wait "$pid" || fail "pid $pid exited with status $?"
}

# count PATTERN FILE: how many lines of FILE match the extended regex.
count() {
    grep -cE "$1" "$2" || true
}
