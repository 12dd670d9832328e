//! PLAIN client and server fed arbitrary and mutated-honest commands and ZAP answers
//! (input layout: zmq::zmtp::mechanism::fuzzing). The corpus in
//! fuzz/corpus/plain_handshake/ is replayed by tests/fuzz_corpus_replay.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = zmq::zmtp::mechanism::fuzzing::plain_handshake(data);
});
