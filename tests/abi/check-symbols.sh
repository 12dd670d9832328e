#!/usr/bin/env bash
# The shared library exports exactly libzmq 4.3.4's 70 zmq_* symbols and the
# 25 functions of its draft API (zmq.h's ZMQ_BUILD_DRAFT_API section), nothing
# more (no Rust internals) and nothing less, and its soname is libzmq.so.5.
#   tests/abi/check-symbols.sh target/release/libzmq.so
set -euo pipefail
lib=${1:?usage: check-symbols.sh path/to/libzmq.so}
root=$(cd "$(dirname "$0")/../.." && pwd)
# A copy of shared/reference/libzmq-4.3.4-symbols.txt (nm -D of Debian's libzmq5).
ref=$root/tests/abi/libzmq-4.3.4-symbols.txt
# The prototypes of 4.3.4's draft section (Debian's libzmq5 does not export them).
draft=$root/tests/abi/libzmq-4.3.4-draft-symbols.txt

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sort -u "$ref" "$draft" > "$tmp/want"
nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort -u > "$tmp/have"
if ! diff -u "$tmp/want" "$tmp/have" > "$tmp/diff"; then
    echo "exported symbols differ from $ref ('-' missing, '+' extra):" >&2
    grep '^[-+][^-+]' "$tmp/diff" >&2
    exit 1
fi
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [[ $soname != libzmq.so.5 ]]; then
    echo "soname is '$soname', want libzmq.so.5" >&2
    exit 1
fi
echo "symbols: exactly the $(wc -l < "$tmp/want") zmq_* symbols of libzmq 4.3.4 (stable and draft), soname $soname"
