#!/usr/bin/env bash
# Instructions per message under callgrind, for the rows the mailbox
# touches: inproc_lat and inproc_thr (whole process), tcp local_thr and
# remote_thr (each process). Each row runs with N and 2N messages and prints
# (Ir(2N) - Ir(N)) / N, so start-up and shutdown cancel out.
#
#   perf/callgrind-ir.sh [PERF_DIR]     (default: target/c-programs/perf,
#                                        built by `make programs`)
#   LD_LIBRARY_PATH=/some/lib perf/callgrind-ir.sh   another libzmq.so.5
set -euo pipefail
dir=${1:-target/c-programs/perf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ir() { # total Ir of a callgrind output file
    awk '/^summary:/ { print $2 }' "$1"
}
cg() { # cg OUT PROGRAM ARGS...: run under callgrind, all threads in one file
    local out=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1
}

per_msg() { # per_msg NAME N IR_N IR_2N
    echo "$1: $(( ($4 - $3) / $2 )) Ir per message (N=$2)"
}

inproc() { # inproc PROGRAM SIZE N
    cg "$tmp/a" "$dir/$1" "$2" "$3"
    cg "$tmp/b" "$dir/$1" "$2" "$(( $3 * 2 ))"
    per_msg "$1 $2 B" "$3" "$(ir "$tmp/a")" "$(ir "$tmp/b")"
}

tcp_pair() { # tcp_pair SIZE COUNT OUTPREFIX
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cg "$3.local" "$dir/local_thr" "tcp://127.0.0.1:$port" "$1" "$2" &
    local lpid=$!
    # The receiver binds under callgrind; the sender reconnects until it is up.
    cg "$3.remote" "$dir/remote_thr" "tcp://127.0.0.1:$port" "$1" "$2"
    wait "$lpid"
}

tcp() { # tcp SIZE N
    tcp_pair "$1" "$2" "$tmp/t1"
    tcp_pair "$1" "$(( $2 * 2 ))" "$tmp/t2"
    per_msg "tcp local_thr $1 B" "$2" "$(ir "$tmp/t1.local")" "$(ir "$tmp/t2.local")"
    per_msg "tcp remote_thr $1 B" "$2" "$(ir "$tmp/t1.remote")" "$(ir "$tmp/t2.remote")"
}

inproc inproc_lat 64 5000
inproc inproc_thr 64 200000
tcp 64 100000
