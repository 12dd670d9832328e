#!/usr/bin/env bash
# Benchmarks our libzmq against the reference libzmq 4.3.4 with the perf/
# programs (libzmq's command lines). Each row runs ours and the reference
# interleaved (A B A B ...) for $BENCH_ROUNDS rounds and prints the median of
# each side, their ratio, and the median peak RSS of the processes.
#
#   perf/bench.sh                 (make bench calls it)
#
# Environment:
#   BENCH_ROUNDS=5      rounds per row (at least 1; 5 or more for medians)
#   BENCH_SCALE=1       multiplies every message/roundtrip count (0.1 = quick)
#   BENCH_PIN=0         1: pin with taskset (local side / main thread on CPU 0,
#                       remote side on CPU 1; inproc programs on CPUs 0-1)
#   BENCH_ROWS=         only rows whose name contains this text (e.g. "tcp")
#   ZMQ_PREFIX=         use our library already installed there instead of
#                       running `make install` into a temporary prefix
#   BENCH_TIMEOUT=60    seconds before a single run counts as failed
#   BENCH_CLIENTS=10000 REQ clients of the "router" row (split over processes
#                       of at most 4000 clients each; fds are raised to the hard
#                       limit with ulimit -n)
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${BENCH_ROUNDS:-5}
scale=${BENCH_SCALE:-1}
pin=${BENCH_PIN:-0}
only=${BENCH_ROWS:-}
run_timeout=${BENCH_TIMEOUT:-60}
clients=${BENCH_CLIENTS:-10000}
CC=${CC:-cc}
reference_lib=/usr/lib/x86_64-linux-gnu/libzmq.so.5

work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-bench.XXXXXX")
bg_pids=()
cleanup() {
    for pid in "${bg_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
unset LD_LIBRARY_PATH

die() { echo "bench: $*" >&2; exit 1; }

# --- build ----------------------------------------------------------------
prefix=${ZMQ_PREFIX:-}
if [[ -z $prefix ]]; then
    prefix=$work/prefix
    echo "installing our library into a temporary prefix (release build)..."
    make -s --no-print-directory -C "$root" install PREFIX="$prefix" >"$work/install.log" 2>&1 \
        || { cat "$work/install.log" >&2; die "make install failed"; }
fi
[[ -e $prefix/lib/libzmq.so.5 ]] || die "no libzmq.so.5 under $prefix/lib"
[[ -e $reference_lib ]] || die "reference $reference_lib not installed"

programs=(inproc_thr inproc_lat local_thr remote_thr local_lat remote_lat router_srv req_clients)
mkdir -p "$work/ours" "$work/ref"
for p in "${programs[@]}"; do
    # Ours: its own header, and a runpath so the loader picks its .so.5.
    "$CC" -O2 -Wall -Wextra -Werror -pthread -I"$prefix/include" "$root/perf/$p.c" \
        -o "$work/ours/$p" -L"$prefix/lib" -Wl,-rpath,"$prefix/lib" -lzmq \
        || die "building $p against ours failed"
    # Reference: the system header and the system library, named explicitly.
    "$CC" -O2 -Wall -Wextra -Werror -pthread -I/usr/include "$root/perf/$p.c" \
        -o "$work/ref/$p" "$reference_lib" \
        || die "building $p against the reference failed"
done
ours_so=$(ldd "$work/ours/local_thr" | awk '/libzmq/ {print $3}')
ref_so=$(ldd "$work/ref/local_thr" | awk '/libzmq/ {print $3}')
echo "ours:      $ours_so"
echo "reference: $ref_so"
[[ $ours_so != "$ref_so" ]] || die "both builds load the same library"

# --- running ----------------------------------------------------------------
have_time=0
[[ -x /usr/bin/time ]] && have_time=1
if [[ $have_time == 0 ]]; then export ZMQ_PERF_RSS=1; fi

if [[ $pin == 1 ]] && ! command -v taskset >/dev/null; then
    echo "BENCH_PIN=1 but taskset is not installed: running unpinned" >&2
    pin=0
fi
# Each REQ client costs the client process two fds (connection, mailbox)
# and the server one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

pin_cmd() {  # pin_cmd <cpus>
    if [[ $pin == 1 ]] && command -v taskset >/dev/null; then
        echo "taskset -c $1"
    fi
}

# Runs one program; its stdout goes to $1.out, its peak RSS (KiB) to $1.rss.
launch() {  # launch <outbase> <cpus> <cmd...>
    local out=$1 cpus=$2
    shift 2
    if [[ $have_time == 1 ]]; then
        timeout -k 5 "$run_timeout" $(pin_cmd "$cpus") /usr/bin/time -f "%M" -o "$out.rss" \
            "$@" >"$out.out" 2>"$out.err"
    else
        timeout -k 5 "$run_timeout" $(pin_cmd "$cpus") "$@" >"$out.out" 2>"$out.err"
        local rc=$?
        sed -n 's/^peak rss: \([0-9]*\).*/\1/p' "$out.err" >"$out.rss"
        return $rc
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

# Waits until the bound side is ready to accept (tcp: listening; ipc: socket
# file exists) so the connecting side never starts with a reconnect delay.
wait_bound() {  # wait_bound <endpoint> <pid>
    local ep=$1 pid=$2 i
    for i in $(seq 1 500); do
        kill -0 "$pid" 2>/dev/null || return 1
        case $ep in
            tcp://*) ss -Hltn "sport = :${ep##*:}" 2>/dev/null | grep -q . && return 0 ;;
            ipc://*) [[ -S ${ep#ipc://} ]] && return 0 ;;
        esac
        sleep 0.01
    done
    return 1
}

# One measurement. Prints the figure (msg/s or us) and records RSS, or
# prints nothing and fails.
measure() {  # measure <side> <kind> <transport> <size> <count> <tag>
    local side=$1 kind=$2 transport=$3 size=$4 count=$5 tag=$6
    local bin=$work/$side base=$work/run.$tag
    local ep local_prog remote_prog field
    if [[ $kind != lat ]]; then field='mean throughput: \([0-9]*\) \[msg/s\]'; else field='average latency: \([0-9.]*\) \[us\]'; fi
    if [[ $transport == inproc ]]; then
        launch "$base.main" 0,1 "$bin/inproc_$kind" "$size" "$count" || return 1
        sed -n "s#^$field.*#\1#p" "$base.main.out" | head -n 1
        cat "$base.main.rss" >>"$work/rss.$side.$tag" 2>/dev/null
        rm -f "$base.main.rss"
        return 0
    fi
    case $transport in
        tcp) ep="tcp://127.0.0.1:$(free_port)" ;;
        ipc) ep="ipc://$work/$tag.$side.$RANDOM.ipc" ;;
    esac
    # thr and lat: one local and one remote program. mthr<N>: local_thr and
    # N remote_thr processes, each sending count/N. router: router_srv and
    # req_clients processes of at most 4000 clients (size = clients).
    local conns=1 local_prog=local_$kind remote_prog=remote_$kind
    local local_args=("$size" "$count")
    case $kind in
        mthr*) conns=${kind#mthr} local_prog=local_thr remote_prog=remote_thr ;;
        router)
            conns=$(( (size + 3999) / 4000 ))
            local_prog=router_srv remote_prog=req_clients
            local_args=("$((size * count))" "$size") ;;
    esac
    launch "$base.local" 0 "$bin/$local_prog" "$ep" "${local_args[@]}" &
    local lpid=$!
    bg_pids+=("$lpid")
    if ! wait_bound "$ep" "$lpid"; then
        kill "$lpid" 2>/dev/null; wait "$lpid" 2>/dev/null
        return 1
    fi
    local i rpids=() rrc=0 share
    for ((i = 0; i < conns; i++)); do
        case $kind in
            router)
                share=$(( size / conns + (i < size % conns ? 1 : 0) ))
                launch "$base.remote$i" 1 "$bin/$remote_prog" "$ep" "$share" "$count" & ;;
            # Senders hold their connection until the receiver has exited
            # (their stdin ends with it): the row measures throughput, not
            # libzmq 4.3.4's ipc receiver losing a stream's tail when the
            # sender disconnects right after its last send.
            *) ZMQ_PERF_HOLD=1 launch "$base.remote$i" 1 "$bin/$remote_prog" "$ep" "$size" "$((count / conns))" \
                   < <(tail --pid="$lpid" -s 0.1 -f /dev/null) & ;;
        esac
        rpids+=("$!")
        bg_pids+=("$!")
    done
    for i in "${rpids[@]}"; do wait "$i" || rrc=1; done
    wait "$lpid"
    local lrc=$?
    [[ $rrc == 0 && $lrc == 0 ]] || return 1
    local out=$base.local.out
    [[ $kind == lat ]] && out=$base.remote0.out
    sed -n "s#^$field.*#\1#p" "$out" | head -n 1
    # Peak RSS of the heaviest process; for the router row, of the ROUTER
    # process alone (the memory of its 10 000 connections).
    local m=0 v f rss_files=("$base".local.rss "$base".remote*.rss)
    [[ $kind == router ]] && rss_files=("$base".local.rss)
    for f in "${rss_files[@]}"; do
        v=$(tail -n 1 "$f" 2>/dev/null)
        [[ ${v:-0} -gt $m ]] && m=$v
    done
    echo "$m" >>"$work/rss.$side.$tag"
    rm -f "$base".*.rss
    return 0
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print ""; exit} if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# Probe each transport once per side with a tiny run; a failure skips the
# transport's rows for both sides, with the reason.
declare -A usable
probe() {  # probe <transport>
    local t=$1 side
    usable[$t]=1
    for side in ref ours; do
        if [[ -z $(measure "$side" thr "$t" 16 100 "probe-$t") ]]; then
            usable[$t]=0
            echo "skipping $t rows: a 100-message $t run fails with $side ($([[ $side == ours ]] && echo "our library cannot do $t yet?" || echo "reference broken?"))"
            sed 's/^/    | /' "$work"/run.probe-$t.*.err 2>/dev/null | tail -n 5
            return
        fi
    done
}

scaled() { awk -v c="$1" -v s="$scale" 'BEGIN {n = int(c * s); if (n < 10) n = 10; print n}'; }

# name|kind|transport|size|count[|curve]. kind: thr, lat, mthr<N> (N
# connections into one PULL), router (size = REQ clients, count = round trips
# each). A sixth field "curve" runs the row under CURVE (ZMQ_PERF_CURVE=1:
# fixed test keys, the bound side is the server).
rows=(
    "inproc thr 1 B|thr|inproc|1|10000000"
    "inproc thr 64 B|thr|inproc|64|5000000"
    "inproc thr 1 KiB|thr|inproc|1024|2000000"
    "inproc thr 64 KiB|thr|inproc|65536|400000"
    "inproc lat 64 B|lat|inproc|64|10000"
    "inproc lat 1 KiB|lat|inproc|1024|10000"
    "tcp thr 1 B|thr|tcp|1|2000000"
    "tcp thr 64 B|thr|tcp|64|1500000"
    "tcp thr 1 KiB|thr|tcp|1024|300000"
    "tcp thr 64 KiB|thr|tcp|65536|30000"
    "tcp lat 64 B|lat|tcp|64|5000"
    "tcp lat 1 KiB|lat|tcp|1024|5000"
    "ipc thr 1 B|thr|ipc|1|2000000"
    "ipc thr 64 B|thr|ipc|64|1500000"
    "ipc thr 1 KiB|thr|ipc|1024|300000"
    "ipc thr 64 KiB|thr|ipc|65536|30000"
    "ipc lat 64 B|lat|ipc|64|5000"
    "ipc lat 1 KiB|lat|ipc|1024|5000"
    "tcp 1 conn -> PULL|mthr1|tcp|64|960000"
    "tcp 2 conns -> PULL|mthr2|tcp|64|960000"
    "tcp 4 conns -> PULL|mthr4|tcp|64|960000"
    "tcp 16 conns -> PULL|mthr16|tcp|64|960000"
    "tcp ROUTER/REQ x$clients|router|tcp|$clients|5"
    "tcp curve thr 64 B|thr|tcp|64|500000|curve"
    "tcp curve thr 1 KiB|thr|tcp|1024|200000|curve"
    "tcp curve thr 64 KiB|thr|tcp|65536|20000|curve"
    "tcp curve lat 64 B|lat|tcp|64|5000|curve"
)

echo "rounds: $rounds, scale: $scale, pinned: $pin; ratio = ours / reference"
echo "(throughput: higher is better, ratio > 1 means ours is faster;"
echo " latency: lower is better, ratio < 1 means ours is faster)"
for t in tcp ipc; do
    for row in "${rows[@]}"; do
        IFS='|' read -r name _ transport _ <<<"$row"
        if [[ $transport == "$t" && ( -z $only || $name == *$only* ) ]]; then
            probe "$t"
            break
        fi
    done
done
printf '%-24s %16s %16s %7s %20s\n' "row" "ours (median)" "ref (median)" "ratio" "peak RSS ours/ref"
tag=0
any_failed=0
for row in "${rows[@]}"; do
    IFS='|' read -r name kind transport size count security <<<"$row"
    [[ -n $only && $name != *$only* ]] && continue
    if [[ ${security:-} == curve ]]; then export ZMQ_PERF_CURVE=1; else unset ZMQ_PERF_CURVE; fi
    if [[ $transport != inproc && ${usable[$transport]:-0} != 1 ]]; then
        printf '%-24s %s\n' "$name" "skipped (see above)"
        continue
    fi
    if [[ $kind == router ]]; then
        count=$(awk -v c="$count" -v s="$scale" 'BEGIN {n = int(c * s); if (n < 1) n = 1; print n}')
    elif [[ $kind == mthr* ]]; then
        # Divisible by every connection count.
        count=$(( $(scaled "$count") / 48 * 48 )); [[ $count -gt 0 ]] || count=48
    else
        count=$(scaled "$count")
    fi
    tag=$((tag + 1))
    : >"$work/vals.ours.$tag"; : >"$work/vals.ref.$tag"
    failed=""
    for r in $(seq 1 "$rounds"); do
        for side in ours ref; do
            v=$(measure "$side" "$kind" "$transport" "$size" "$count" "$tag")
            if [[ -n $v ]]; then echo "$v" >>"$work/vals.$side.$tag"; else failed="$failed $side"; fi
        done
    done
    mo=$(median <"$work/vals.ours.$tag") mr=$(median <"$work/vals.ref.$tag")
    ro=$(median 2>/dev/null <"$work/rss.ours.$tag") rr=$(median 2>/dev/null <"$work/rss.ref.$tag")
    unit="msg/s"; [[ $kind == lat ]] && unit="us"
    ratio="-"
    if [[ -n $mo && -n $mr ]]; then ratio=$(awk -v a="$mo" -v b="$mr" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'); fi
    fmt() { [[ -z $1 ]] && { echo "failed"; return; }; if [[ $kind == lat ]]; then printf '%.1f %s' "$1" "$unit"; else printf '%.0f %s' "$1" "$unit"; fi; }
    printf '%-24s %16s %16s %7s %20s\n' "$name" "$(fmt "$mo")" "$(fmt "$mr")" "$ratio" "${ro:-?}/${rr:-?} KiB"
    if [[ -n $failed ]]; then
        echo "    (failed runs:$failed)"
        any_failed=1
    fi
done
exit "$any_failed"
