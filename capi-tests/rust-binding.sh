# Sourced by test_binding_rust.sh and zmq-crate-suite.sh: how to build Rust code
# using the `zmq` crate (0.10, crates.io) against the library under test.
# zmq-sys 0.12 has `links = "zmq"` and a build script that compiles its own
# libzmq 4.3.4; Cargo's build-script override replaces it with the link flags
# pkg-config gives for the library under test (our prefix, or the system's in
# reference mode), so the crate links the shared libzmq.so.5 found there.
#
#   zmq_cargo ARGS...   cargo ARGS with that override and a target dir kept
#                       across runs (target/bindings-rust)
#   zmq_crate_suite     the crate's own test suite (its library tests and
#                       tests/*.rs but the trybuild compile-fail check, which
#                       tests rustc's messages, not libzmq), run over the
#                       library the loader finds

rust_libdir=$(pkg-config --variable=libdir libzmq)
rust_triple=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR=$ZMQ_ROOT/target/bindings-rust

zmq_cargo() {
    cargo "$@" \
        --config "target.$rust_triple.zmq.rustc-link-search=[\"native=$rust_libdir\"]" \
        --config "target.$rust_triple.zmq.rustc-link-lib=[\"dylib=zmq\"]"
}

# The dependencies come from crates.io; without it the test cannot run.
zmq_cargo_fetch() {  # zmq_cargo_fetch MANIFEST
    if ! cargo fetch --locked --manifest-path "$1" > "$ZMQ_TEST_BUILD/cargo-fetch.log" 2>&1; then
        cat "$ZMQ_TEST_BUILD/cargo-fetch.log" >&2
        echo "cannot fetch the zmq crate and its dependencies from crates.io" >&2
        exit 77
    fi
}

# The crate's sources are copied to a fixed place under target/ (the registry
# copy is read-only to cargo's test build), so a warm target dir rebuilds nothing.
zmq_crate_suite() {
    local crate src=$ZMQ_ROOT/target/zmq-crate-src/zmq t name tests=()
    crate=$(cargo metadata --format-version 1 --locked --manifest-path bindings/rust/Cargo.toml \
        | /usr/bin/python3 -c 'import json, sys
print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "zmq"))')
    mkdir -p "$src"
    cp -r -p "$(dirname "$crate")/." "$src"
    for t in "$src"/tests/*.rs; do
        name=$(basename "$t" .rs)
        [[ $name == compile-tests ]] || tests+=(--test "$name")
    done
    (cd "$src" && zmq_cargo fetch --locked && zmq_cargo test --release --locked --lib "${tests[@]}")
}
