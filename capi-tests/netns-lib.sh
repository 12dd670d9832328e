# Shared by test_netns_*.sh: two network namespaces joined by a veth pair,
# capi-tests/netpeer.c built against ours and against the reference, and
# the checks of the scenarios. Sourced, not run.
#
# After `netns_setup`: $nsA (10.77.x.1, "client" side) and $nsB (10.77.x.2,
# "server" side), devices $vA (in A) and $vB (in B), $work (scratch), and
# `in_a`/`in_b LIB ARGS...` to run a netpeer (LIB: ours or ref) in a
# namespace. Skips (exit 77) when not root or when namespaces are missing.

here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
ref_lib=/usr/lib/x86_64-linux-gnu/libzmq.so.5
pids=()

netns_cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$nsA" 2>/dev/null || true
    ip netns del "$nsB" 2>/dev/null || true
    if (( ${failures:-0} > 0 )); then
        for f in "$work"/*.err; do [[ -s $f ]] && { echo "--- $f" >&2; tail -n 5 "$f" >&2; }; done
    fi
    rm -rf "$work"
}

netns_setup() {
    if [[ $(id -u) != 0 ]]; then
        echo "skip: network namespaces need root" >&2
        exit 77
    fi
    if ! command -v ip >/dev/null; then
        echo "skip: iproute2 (ip) is not installed" >&2
        exit 77
    fi
    local tag=zr$$
    nsA=${tag}a nsB=${tag}b vA=${tag}va vB=${tag}vb
    local net=$(( $$ % 250 + 1 ))
    addrA=10.77.$net.1 addrB=10.77.$net.2
    work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-netns.XXXXXX")
    trap netns_cleanup EXIT
    if ! ip netns add "$nsA" 2>"$work/err"; then
        echo "skip: network namespaces unavailable: $(cat "$work/err")" >&2
        exit 77
    fi
    ip netns add "$nsB"
    if ! ip link add "$vA" netns "$nsA" type veth peer name "$vB" netns "$nsB" 2>"$work/err"; then
        echo "skip: veth unavailable: $(cat "$work/err")" >&2
        exit 77
    fi
    ip -n "$nsA" addr add "$addrA/24" dev "$vA"
    ip -n "$nsB" addr add "$addrB/24" dev "$vB"
    ip -n "$nsA" link set lo up
    ip -n "$nsB" link set lo up
    ip -n "$nsA" link set "$vA" up
    ip -n "$nsB" link set "$vB" up
    netns_build
}

netns_build() {
    local flags=(-Wall -Wextra -Werror -pthread)
    [[ -e $ref_lib ]] || { echo "skip: reference $ref_lib not installed" >&2; exit 77; }
    "$CC" "${flags[@]}" -I/usr/include "$here/netpeer.c" -o "$work/peer_ref" "$ref_lib" \
        || { echo "building netpeer against the reference failed" >&2; exit 1; }
    local prefix=${ZMQ_PREFIX:-}
    if [[ ${ZMQ_REFERENCE:-0} == 1 || -z $prefix || $prefix == /usr ]]; then
        cp "$work/peer_ref" "$work/peer_ours"
        ours_lib_path=
    else
        "$CC" "${flags[@]}" -I"$prefix/include" "$here/netpeer.c" -o "$work/peer_ours" \
            -L"$prefix/lib" -Wl,-rpath,"$prefix/lib" -lzmq \
            || { echo "building netpeer against $prefix failed" >&2; exit 1; }
        ours_lib_path=$prefix/lib
    fi
}

# in_ns NS LIB OUT ARGS...: starts a netpeer in NS (stdout to OUT, stderr
# to OUT.err); its pid is in $last_pid.
in_ns() {
    local ns=$1 lib=$2 out=$3
    shift 3
    if [[ $lib == ref ]]; then
        ip netns exec "$ns" env -u LD_LIBRARY_PATH "$work/peer_ref" "$@" >"$out" 2>"$out.err" &
    else
        ip netns exec "$ns" env LD_LIBRARY_PATH="$ours_lib_path" "$work/peer_ours" "$@" \
            >"$out" 2>"$out.err" &
    fi
    last_pid=$!
    pids+=("$last_pid")
}
in_a() { in_ns "$nsA" "$@"; }
in_b() { in_ns "$nsB" "$@"; }

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
failures=0

# await_lines FILE N SECONDS: waits until FILE has N lines.
await_lines() {
    local end=$((SECONDS + $3))
    while (( $(wc -l 2>/dev/null <"$1" || echo 0) < $2 )); do
        (( SECONDS < end )) || return 1
        sleep 0.05
    done
}

# await_pid PID SECONDS: waits for PID to exit; its status, or 124 (killed
# after SECONDS).
await_pid() {
    local end=$((SECONDS + $2))
    while kill -0 "$1" 2>/dev/null; do
        if (( SECONDS >= end )); then
            kill -9 "$1" 2>/dev/null
            wait "$1" 2>/dev/null
            return 124
        fi
        sleep 0.05
    done
    wait "$1"
}

# check_stream FILE GEN FIRST LAST: the lines of GEN in FILE are exactly
# seq FIRST..LAST, in order, each once.
check_stream() {
    awk -v g="$2" -v first="$3" -v last="$4" '
        $1 == g { if ($2 != first + n) { bad = 1; print "seq " $2 " where " first + n " was due" > "/dev/stderr" } n++ }
        END { exit (bad || n != last - first + 1) }' "$1" \
        || { fail "$1: gen $2 is not exactly $3..$4 in order ($(awk -v g="$2" '$1==g' "$1" | wc -l) lines)"; }
}

# check_consecutive FILE GEN: the lines of GEN in FILE are consecutive,
# each once, in order (wherever they start).
check_consecutive() {
    awk -v g="$2" '
        $1 == g { if (n && $2 != prev + 1) bad = 1; prev = $2; n++ }
        END { exit (bad || n == 0) }' "$1" \
        || fail "$1: gen $2 has a gap, a duplicate or nothing"
}

# check_ok_sequence FILE COUNT: "ok 0" .. "ok COUNT-1", each once, in order.
check_ok_sequence() {
    awk -v c="$2" '$1 == "ok" { if ($2 != n) bad = 1; n++ } END { exit (bad || n != c) }' "$1" \
        || fail "$1: replies are not exactly 0..$(($2 - 1)) once each"
}
