//! A whole accepting ws:// connection (upgrade, ZWS framing, the ZMTP
//! handshake behind it, heartbeats) over arbitrary peer bytes; see
//! `zmq::engine::ws_fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| zmq::engine::ws_fuzz::server_connection(data));
