//! A whole Connection over arbitrary peer bytes: greeting, NULL handshake,
//! traffic, timers. Most inputs start with a valid 3.x greeting and READY,
//! or a ZMTP 2.0/1.0 greeting and identity, so the fuzzer reaches the
//! post-handshake paths of every version.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use std::time::{Duration, Instant};
use zmq::zmtp::{Config, Connection, Event, SocketType};

fn valid_prefix(peer: SocketType, minor: u8) -> Vec<u8> {
    let mut g = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3, minor];
    g.extend_from_slice(b"NULL");
    g.extend_from_slice(&[0u8; 16 + 32]);
    let body = zmq::zmtp::mechanism::null::ready_body(peer, b"", &[]);
    g.extend_from_slice(&[0x04, body.len() as u8]);
    g.extend_from_slice(&body);
    g
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let own = SocketType::from_raw(i32::from(ctl % 11)).unwrap_or(SocketType::Pair);
    let peer = match own {
        SocketType::Pub | SocketType::XPub => SocketType::Sub,
        SocketType::Sub | SocketType::XSub => SocketType::Pub,
        SocketType::Req => SocketType::Rep,
        SocketType::Rep => SocketType::Req,
        SocketType::Push => SocketType::Pull,
        SocketType::Pull => SocketType::Push,
        SocketType::Dealer | SocketType::Router => SocketType::Dealer,
        _ => SocketType::Pair,
    };
    // Prefixes: none, a 3.x greeting + READY (minor 0 or 1), or a legacy
    // peer's start: ZMTP 2.0 / revision-0 1.0 greeting or an unversioned
    // 1.0 identity frame.
    let mut input = match (ctl >> 6, (ctl >> 4) & 1) {
        (0, _) => Vec::new(),
        (1, 0) => vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 1, peer.raw() as u8, 0, 0],
        (1, _) => vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0, peer.raw() as u8, 1, 0],
        (2, 0) => vec![0x01, 0x00],
        (_, minor) => valid_prefix(peer, minor),
    };
    input.extend_from_slice(rest);
    let t0 = Instant::now();
    let mut c = Connection::new(
        Config {
            socket_type: own,
            max_msg_size: if ctl & 0x08 != 0 { 100 } else { -1 },
            heartbeat_ivl_ms: 5,
            heartbeat_ttl_ms: 1000,
            handshake_ivl_ms: 1000,
            ..Config::default()
        },
        t0,
    );
    let chunk = 1 + usize::from(ctl >> 3 & 7) * 5;
    let mut buf = BytesMut::new();
    let mut errors = 0;
    let mut complete = 0;
    for (i, piece) in input.chunks(chunk).enumerate() {
        let now = t0 + Duration::from_millis(i as u64);
        buf.extend_from_slice(piece);
        c.handle_input(now, &mut buf);
        if let Some(at) = c.poll_timeout() {
            if at <= now + Duration::from_millis(3) {
                c.handle_timeout(now + Duration::from_millis(3));
            }
        }
        if c.is_ready() {
            let _ = c.send_subscribe(piece);
            let _ = c.send_frame_copy(false, piece);
        }
        while c.poll_transmit().is_some() {}
        while let Some(e) = c.poll_event() {
            match e {
                Event::Error(_) => errors += 1,
                Event::HandshakeComplete { .. } => complete += 1,
                _ => assert!(complete == 1, "traffic before the handshake"),
            }
        }
    }
    assert!(errors <= 1);
    assert!(complete <= 1);
    assert!(!(c.is_ready() && c.is_failed()));
});
