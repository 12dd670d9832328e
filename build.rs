//! Generates include/zmq.h and include/zmq_utils.h from the Rust sources with
//! cbindgen, and gives the shared library its soname. The headers go to
//! target/<profile>/include/, never into the source tree: `make headers` copies
//! them to include/ and `make test` checks that the committed copies are current.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// zmq.h declares the callback types as function types, which Rust cannot name;
/// cbindgen.toml writes those typedefs and cbindgen prints the Rust parameter
/// type `Option<zmq_free_fn>` verbatim. Each is replaced by the reference's
/// spelling (`zmq_timers_add` takes `zmq_timer_fn handler`, without a star).
const CALLBACK_PARAMS: [(&str, &str); 3] = [
    ("Option<zmq_free_fn> ", "zmq_free_fn *"),
    ("Option<zmq_timer_fn> ", "zmq_timer_fn "),
    ("Option<zmq_thread_fn> ", "zmq_thread_fn *"),
];

/// Parameter names in prototypes lose a leading underscore: stubs spell unused
/// parameters `_msg`, and implementing a call (renaming it `msg`) must not
/// change the header. Only prototypes (from `ZMQ_EXPORT` to `;`) are touched, so
/// the `_` field of zmq_msg_t stays.
fn strip_param_underscores(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_proto = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("ZMQ_EXPORT") {
            in_proto = true;
        }
        if in_proto {
            let mut prev = ' ';
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                let starts_name = matches!(prev, ' ' | '*' | '(');
                let next_is_lower = chars.peek().is_some_and(|n| n.is_ascii_lowercase());
                if !(c == '_' && starts_name && next_is_lower) {
                    out.push(c);
                }
                prev = c;
            }
            if line.contains(';') {
                in_proto = false;
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

fn generate(crate_dir: &Path, config_file: &str, with_capi: bool, out: &Path) {
    let config = cbindgen::Config::from_file(crate_dir.join(config_file))
        .unwrap_or_else(|e| panic!("read {config_file}: {e}"));
    let mut builder = cbindgen::Builder::new().with_config(config);
    if with_capi {
        // Only the capi module (cbindgen follows its `mod` items): a `pub const`
        // elsewhere in the crate is Rust's business, not a macro of zmq.h.
        builder = builder.with_src(crate_dir.join("src/capi/mod.rs"));
    }
    let bindings = builder
        .generate()
        .unwrap_or_else(|e| panic!("cbindgen ({config_file}): {e}"));
    let mut bytes = Vec::new();
    bindings.write(&mut bytes);
    let mut text = String::from_utf8(bytes).expect("cbindgen writes UTF-8");
    for (from, to) in CALLBACK_PARAMS {
        text = text.replace(from, to);
    }
    let text = strip_param_underscores(&text);
    // cbindgen guards each draft item alone; one guard per run of them reads
    // as libzmq's draft section does.
    let text = text.replace("#endif\n\n#if defined(ZMQ_BUILD_DRAFT_API)\n", "");
    assert!(
        !text.contains("Option<"),
        "{}: a Rust type cbindgen could not translate is left",
        out.display()
    );
    // Leave the file untouched when nothing changed, so make sees no new header.
    if fs::read_to_string(out).ok().as_deref() != Some(text.as_str()) {
        fs::write(out, text).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
    }
}

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // OUT_DIR is <target>/<profile>/build/<package>-<hash>/out.
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    let profile_dir = out_dir
        .ancestors()
        .nth(3)
        .expect("OUT_DIR lies under <target>/<profile>");
    let include_dir = profile_dir.join("include");
    fs::create_dir_all(&include_dir).expect("create <target>/<profile>/include");

    // The draft API (zmq.h's ZMQ_BUILD_DRAFT_API section) is always compiled
    // in; its items carry `#[cfg(zmq_draft_api)]` only so that cbindgen
    // (cbindgen.toml, [defines]) writes them inside that guard.
    println!("cargo::rustc-check-cfg=cfg(zmq_draft_api)");
    println!("cargo:rustc-cfg=zmq_draft_api");

    // Programs linked against the system libzmq.so.5 must find ours by that name.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libzmq.so.5");

    generate(
        &crate_dir,
        "cbindgen.toml",
        true,
        &include_dir.join("zmq.h"),
    );
    generate(
        &crate_dir,
        "cbindgen-utils.toml",
        false,
        &include_dir.join("zmq_utils.h"),
    );

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=cbindgen-utils.toml");
    println!("cargo:rerun-if-changed=src");
}
