#!/usr/bin/env bash
# Rust: the `zmq` crate 0.10 from crates.io, linked against the library under
# test (see rust-binding.sh), runs bindings/rust: REQ/REP with a multipart
# request, EFSM on a second REQ send, PUB/SUB with a filter and zmq::poll, CURVE
# (keys from zmq::CurveKeyPair) and PLAIN (with a ZAP handler); the
# process maps our libzmq and no other. Then the crate's own test suite
# (zmq_crate_suite) runs over the same library. A cold target/bindings-rust
# costs about 1.5 minutes of building, hence the longer time limit.
# zmq-test-timeout: 300
set -euo pipefail
command -v cargo >/dev/null || { echo "cargo is missing" >&2; exit 1; }
. ./rust-binding.sh
manifest=bindings/rust/Cargo.toml
zmq_cargo_fetch "$manifest"
zmq_cargo build --release --locked --quiet --manifest-path "$manifest"
. ./binding-lib.sh
binding_run "$CARGO_TARGET_DIR/release/zmq-binding-roundtrip"
binding_check
zmq_crate_suite > "$ZMQ_TEST_BUILD/zmq-crate-suite.log" 2>&1 \
    || { cat "$ZMQ_TEST_BUILD/zmq-crate-suite.log" >&2; echo "the zmq crate's own test suite failed" >&2; exit 1; }
