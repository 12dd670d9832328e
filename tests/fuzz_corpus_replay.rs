//! Replays every file of the mechanism fuzz corpora (fuzz/corpus/<target>/)
//! through the same entry points the fuzz targets use, so `make test`
//! re-checks every input the fuzzer ever kept.

use std::fs;
use std::path::Path;
use zmq::zmtp::mechanism::fuzzing;

fn replay(target: &str, entry: fn(&[u8]) -> bool) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry_path in fs::read_dir(&dir).expect("corpus directory") {
        let path = entry_path.expect("corpus entry").path();
        let data = fs::read(&path).expect("corpus file");
        let _ = entry(&data);
        n += 1;
    }
    assert!(n > 0, "no corpus in {}", dir.display());
}

#[test]
fn curve_server_corpus() {
    replay("curve_server", fuzzing::curve_server);
}

#[test]
fn curve_client_corpus() {
    replay("curve_client", fuzzing::curve_client);
}

#[test]
fn plain_handshake_corpus() {
    replay("plain_handshake", fuzzing::plain_handshake);
}
