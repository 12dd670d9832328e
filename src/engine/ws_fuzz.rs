//! Entry points for the ws fuzz targets (`fuzz/fuzz_targets/ws_*.rs`) and
//! for the test that replays their seed corpus (`tests/ws_fuzz_corpus.rs`),
//! so both run exactly the same code. Each asserts the invariants that
//! must hold on any peer input; a panic is a bug.
#![doc(hidden)]

use std::time::{Duration, Instant};

use bytes::BytesMut;

use super::stream_engine::{Output, ProtoEvent, Protocol};
use super::ws_protocol::WsProtocol;
use crate::msg::Msg;
use crate::options::Options;
use crate::transport::ws::frame::{self, Decoder};
use crate::transport::ws::handshake::{self, Client};

/// The sans-IO parsers over arbitrary bytes: the frame decoder (both
/// roles, with and without a size limit), the server's request parser and
/// the client's response parser. The first byte picks the settings.
pub fn frames_and_handshake(data: &[u8]) {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let max = if ctl & 1 != 0 { 1000 } else { -1 };
    let decoder = Decoder::new(ctl & 2 != 0, max);
    let mut buf = BytesMut::from(rest);
    let needed = decoder.bytes_needed(&buf);
    while let Ok(Some(m)) = decoder.decode(&mut buf) {
        assert!(max < 0 || m.body.len() <= 1000);
        assert!(m.opcode == frame::Opcode::Binary || m.body.len() <= 125);
    }
    if let Ok(None) = decoder.decode(&mut buf) {
        // Incomplete: what is missing is consistent with what is there.
        let _ = needed;
        assert!(decoder.bytes_needed(&buf) < usize::MAX);
    }
    let mechanism = i32::from(ctl >> 2 & 3);
    let mut req = BytesMut::from(rest);
    let len = req.len();
    if let Ok(Some((_, response))) = handshake::handle_request(&mut req, mechanism) {
        assert!(response.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
        assert!(req.len() < len);
    }
    let client = Client::new("127.0.0.1", "/", mechanism, *b"the sample nonce");
    let mut resp = BytesMut::from(rest);
    let _ = client.handle_response(&mut resp);
}

/// A valid upgrade request offering ZWS2.0/NULL and a masked READY from a
/// DEALER: the prefix that gets the fuzzer past the handshakes.
pub fn valid_client_prefix() -> Vec<u8> {
    let mut v = b"GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: ZWS2.0/NULL,ZWS2.0\r\n\r\n"
        .to_vec();
    let ready = b"\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER";
    let mask = [9, 8, 7, 6];
    let head = frame::head(
        frame::Opcode::Binary,
        frame::FLAG_COMMAND,
        ready.len(),
        Some(mask),
    );
    v.extend_from_slice(head.as_slice());
    let mut body = ready.to_vec();
    frame::apply_mask(&mut body, mask, 1);
    v.extend_from_slice(&body);
    v
}

/// The whole accepting side (`WsProtocol::server`, with the ZMTP
/// connection behind it) over arbitrary bytes fed in chunks, with timers,
/// heartbeats and outgoing traffic. The first byte picks prefix, limits and
/// chunk size.
pub fn server_connection(data: &[u8]) {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let mut options = Options {
        socket_type: 5, // ZMQ_ROUTER
        heartbeat_ivl: 5,
        handshake_ivl: 1000,
        ..Options::default()
    };
    if ctl & 1 != 0 {
        options.maxmsgsize = 100;
    }
    let mut input = if ctl & 2 != 0 {
        valid_client_prefix()
    } else {
        Vec::new()
    };
    input.extend_from_slice(rest);
    let t0 = Instant::now();
    let mut p = WsProtocol::server(&options);
    let chunk = 1 + usize::from(ctl >> 2 & 15) * 7;
    let mut buf = BytesMut::new();
    let mut out = Output::default();
    let (mut ready, mut failed) = (0, 0);
    for (i, piece) in input.chunks(chunk).enumerate() {
        let now = t0 + Duration::from_millis(i as u64);
        buf.extend_from_slice(piece);
        p.handle_input(now, &mut buf);
        if p.poll_timeout()
            .is_some_and(|at| at <= now + Duration::from_millis(3))
        {
            p.handle_timeout(now + Duration::from_millis(3));
        }
        while let Some(e) = p.poll_event() {
            match e {
                ProtoEvent::Ready(_) => ready += 1,
                ProtoEvent::Failed(_) => failed += 1,
                ProtoEvent::Message(_) => assert!(ready == 1, "message before READY"),
                ProtoEvent::ZapRequest(_) => {}
            }
        }
        if p.is_ready() {
            let mut m = Msg::from_slice(piece);
            m.set_more(i % 2 == 0);
            let _ = p.encode(m, &mut out);
        }
        p.poll_transmit(&mut out);
        let _ = p.bytes_needed(&buf);
    }
    assert!(ready <= 1 && failed <= 1);
}
