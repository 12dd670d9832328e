#!/usr/bin/env bash
# Interoperability with the reference libzmq 4.3.4: capi-tests/interop_peer.c
# is built once against the reference (/usr/lib/x86_64-linux-gnu/libzmq.so.5,
# named explicitly) and once against the library under test ($ZMQ_PREFIX),
# and the two builds run against each other: every pattern pair, each library
# on each side, each side binding, over tcp and ipc. Without a library under
# test (reference mode, or ZMQ_PREFIX unset) both sides are the reference.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
ref_lib=/usr/lib/x86_64-linux-gnu/libzmq.so.5
[[ -e $ref_lib ]] || { echo "reference $ref_lib not installed" >&2; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-interop.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

flags=(-Wall -Wextra -Werror -pthread -I"$here")
"$CC" "${flags[@]}" -I/usr/include "$here/interop_peer.c" -o "$work/ref_peer" "$ref_lib" \
    || { echo "building interop_peer against the reference failed" >&2; exit 1; }

prefix=${ZMQ_PREFIX:-}
if [[ ${ZMQ_REFERENCE:-0} == 1 || -z $prefix || $prefix == /usr ]]; then
    echo "no library under test: the reference on both sides"
    cp "$work/ref_peer" "$work/ours_peer"
    ours_env=(env -u LD_LIBRARY_PATH)
else
    "$CC" "${flags[@]}" -I"$prefix/include" "$here/interop_peer.c" -o "$work/ours_peer" \
        -L"$prefix/lib" -Wl,-rpath,"$prefix/lib" -lzmq \
        || { echo "building interop_peer against $prefix failed" >&2; exit 1; }
    ours_env=(env LD_LIBRARY_PATH="$prefix/lib")
fi
# The reference build must never pick up our library through the environment.
ref_env=(env -u LD_LIBRARY_PATH)

run_peer() {  # run_peer <lib> <log> <args...>
    local lib=$1 log=$2
    shift 2
    if [[ $lib == ref ]]; then
        "${ref_env[@]}" timeout 30 "$work/ref_peer" "$@" 2>"$log" &
    else
        "${ours_env[@]}" timeout 30 "$work/ours_peer" "$@" 2>"$log" &
    fi
    pids+=($!)
    last_pid=$!
}

# Waits for both peers; if one fails, stops the other at once.
wait_pair() {  # wait_pair <pid1> <pid2>
    local a=$1 b=$2 ra="" rb=""
    while [[ -z $ra || -z $rb ]]; do
        if [[ -z $ra ]] && ! kill -0 "$a" 2>/dev/null; then wait "$a"; ra=$?; fi
        if [[ -z $rb ]] && ! kill -0 "$b" 2>/dev/null; then wait "$b"; rb=$?; fi
        if [[ -n $ra && $ra != 0 && -z $rb ]]; then kill "$b" 2>/dev/null; wait "$b"; rb=stopped; fi
        if [[ -n $rb && $rb != 0 && -z $ra ]]; then kill "$a" 2>/dev/null; wait "$a"; ra=stopped; fi
        [[ -z $ra || -z $rb ]] && sleep 0.02
    done
    [[ $ra == 0 && $rb == 0 ]]
}

IFS=, read -r -a pairs <<<"${INTEROP_PAIRS:-pair-a pair-b,push pull,req rep,dealer router,pub sub,xpub xsub}"
passed=0
failed=0
n=0
for transport in tcp ipc; do
    case $transport in
        tcp) wildcard="tcp://127.0.0.1:*" ;;
        ipc) wildcard="ipc://*" ;;
    esac
    for pair in "${pairs[@]}"; do
        read -r role_a role_b <<<"$pair"
        for libs in "ref ours" "ours ref"; do
            read -r lib_a lib_b <<<"$libs"
            for binder in ${INTEROP_BINDERS:-a b}; do
                n=$((n + 1))
                epfile=$work/ep.$n sync=$work/sync.$n
                if [[ $binder == a ]]; then
                    b_role=$role_a b_lib=$lib_a c_role=$role_b c_lib=$lib_b
                else
                    b_role=$role_b b_lib=$lib_b c_role=$role_a c_lib=$lib_a
                fi
                label="$transport $role_a($lib_a)/$role_b($lib_b), $b_role binds"
                run_peer "$b_lib" "$work/log.$n.bind" "$b_role" bind "$wildcard" "$epfile" "$sync"
                bind_pid=$last_pid
                for _ in $(seq 1 500); do
                    [[ -s $epfile ]] && break
                    kill -0 "$bind_pid" 2>/dev/null || break
                    sleep 0.01
                done
                if [[ ! -s $epfile ]]; then
                    kill "$bind_pid" 2>/dev/null; wait "$bind_pid" 2>/dev/null
                    echo "FAIL $label: no endpoint bound"
                    sed 's/^/    | /' "$work/log.$n.bind" | tail -n 3
                    failed=$((failed + 1))
                    continue
                fi
                ep=$(head -n 1 "$epfile")
                run_peer "$c_lib" "$work/log.$n.connect" "$c_role" connect "$ep" - "$sync"
                if wait_pair "$bind_pid" "$last_pid"; then
                    passed=$((passed + 1))
                else
                    echo "FAIL $label"
                    cat "$work/log.$n.bind" "$work/log.$n.connect" | grep -v ': libzmq ' | sed 's/^/    | /' | tail -n 4
                    failed=$((failed + 1))
                fi
            done
        done
    done
done
# Which libraries actually ran.
grep -h ': libzmq ' "$work"/log.1.* 2>/dev/null | sed 's/^/  /' | sort -u
echo "interop${INTEROP_MECHANISM:+ $INTEROP_MECHANISM}${INTEROP_HEARTBEAT:+ heartbeat}: $passed passed, $failed failed"
[[ $failed == 0 ]]
