//! The WebSocket frame decoder and the upgrade parsers (both sides) over
//! arbitrary bytes; see `zmq::engine::ws_fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| zmq::engine::ws_fuzz::frames_and_handshake(data));
