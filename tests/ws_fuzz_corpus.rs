//! Replays the seed corpus of the ws fuzz targets (fuzz/seeds/ws_*), so
//! every seed, and every crash input added there, is checked on each
//! `cargo test` without cargo-fuzz.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus directory") {
        let path = entry.expect("corpus entry").path();
        let data = std::fs::read(&path).expect("corpus file");
        run(&data);
        // Every prefix too: the parsers must cope with input cut anywhere.
        for cut in (0..data.len()).step_by(7) {
            run(&data[..cut]);
        }
        n += 1;
    }
    assert!(n >= 5, "{target}: only {n} seeds in {}", dir.display());
}

#[test]
fn ws_frame_corpus() {
    replay("ws_frame", zmq::engine::ws_fuzz::frames_and_handshake);
}

#[test]
fn ws_connection_corpus() {
    replay("ws_connection", zmq::engine::ws_fuzz::server_connection);
}
