#!/usr/bin/env bash
# The `zmq` crate's own test suite (rust-zmq 0.10.0 from crates.io; see
# zmq_crate_suite in rust-binding.sh) linked against and run over the library
# under test, outside the C harness. test_binding_rust.sh runs it too.
# Tests of a capability the library lacks (zmq_has: curve, gssapi) pass without
# running, as the crate's test_capability! macro does.
#   capi-tests/zmq-crate-suite.sh [--reference]   (make test-zmq-crate runs both)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/capi-tests"
work=$(mktemp -d "${TMPDIR:-/tmp}/zmq-crate.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ZMQ_ROOT=$root ZMQ_TEST_BUILD=$work
if [[ ${1:-} == --reference ]]; then
    unset PKG_CONFIG_PATH LD_LIBRARY_PATH
    echo "zmq crate suite over the system libzmq $(pkg-config --modversion libzmq)"
else
    make -s --no-print-directory -C "$root" install PREFIX="$work/prefix" > "$work/install.log" 2>&1 \
        || { cat "$work/install.log" >&2; exit 1; }
    export PKG_CONFIG_PATH=$work/prefix/lib/pkgconfig LD_LIBRARY_PATH=$work/prefix/lib
    echo "zmq crate suite over our library"
fi
. ./rust-binding.sh
zmq_cargo_fetch bindings/rust/Cargo.toml
zmq_crate_suite
