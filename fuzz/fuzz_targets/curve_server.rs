//! The CURVE server fed arbitrary and mutated-honest HELLO/INITIATE commands, ZAP answers and MESSAGE boxes
//! (input layout: zmq::zmtp::mechanism::fuzzing). The corpus in
//! fuzz/corpus/curve_server/ is replayed by tests/fuzz_corpus_replay.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = zmq::zmtp::mechanism::fuzzing::curve_server(data);
});
