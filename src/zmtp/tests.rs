//! Connection-level tests: exact bytes against the RFCs and libzmq, two
//! connections wired together, and failures.

use super::*;
use bytes::{Bytes, BytesMut};
use std::time::{Duration, Instant};

pub(super) fn cfg(t: SocketType) -> Config {
    Config {
        socket_type: t,
        ..Config::default()
    }
}

pub(super) fn drain_out(c: &mut Connection) -> Vec<u8> {
    let mut v = Vec::new();
    while let Some(t) = c.poll_transmit() {
        v.extend_from_slice(&t.to_vec());
    }
    v
}

pub(super) fn drain_events(c: &mut Connection) -> Vec<Event> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

fn feed(c: &mut Connection, now: Instant, bytes: &[u8]) {
    let mut buf = BytesMut::from(bytes);
    c.handle_input(now, &mut buf);
}

/// Moves bytes both ways until neither side has anything to say.
pub(super) fn pump(a: &mut Connection, b: &mut Connection, now: Instant) {
    let (mut a_in, mut b_in) = (BytesMut::new(), BytesMut::new());
    loop {
        let ab = drain_out(a);
        let ba = drain_out(b);
        if ab.is_empty() && ba.is_empty() {
            return;
        }
        b_in.extend_from_slice(&ab);
        a_in.extend_from_slice(&ba);
        a.handle_input(now, &mut a_in);
        b.handle_input(now, &mut b_in);
    }
}

fn pair(ca: Config, cb: Config, now: Instant) -> (Connection, Connection) {
    let mut a = Connection::new(ca, now);
    let mut b = Connection::new(cb, now);
    pump(&mut a, &mut b, now);
    (a, b)
}

/// A complete 64-byte greeting as some peer would send it.
fn greeting(major: u8, minor: u8, mechanism: &[u8]) -> Vec<u8> {
    let mut g = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, major, minor];
    let mut mech = [0u8; 20];
    mech[..mechanism.len()].copy_from_slice(mechanism);
    g.extend_from_slice(&mech);
    g.extend_from_slice(&[0u8; 32]);
    g
}

fn ready_frame(socket_type: &str) -> Vec<u8> {
    let body = mechanism::null::ready_body(
        SocketType::from_name(socket_type.as_bytes()).unwrap(),
        b"",
        &[],
    );
    let mut f = vec![0x04, body.len() as u8];
    f.extend_from_slice(&body);
    f
}

/// A connection talking to a hand-driven peer of the given version, with
/// the handshake done and all its output so far discarded.
fn with_fake_peer(own: Config, major: u8, minor: u8, peer_type: &str, now: Instant) -> Connection {
    let mut c = Connection::new(own, now);
    let mut input = greeting(major, minor, b"NULL");
    input.extend_from_slice(&ready_frame(peer_type));
    feed(&mut c, now, &input);
    drain_out(&mut c);
    let ev = drain_events(&mut c);
    assert!(
        matches!(ev.as_slice(), [Event::HandshakeComplete { .. }]),
        "{ev:?}"
    );
    c
}

pub(super) fn error_of(c: &mut Connection) -> Option<ProtocolError> {
    drain_events(c).into_iter().find_map(|e| match e {
        Event::Error(e) => Some(e),
        _ => None,
    })
}

#[test]
fn greeting_bytes_in_stages() {
    let now = Instant::now();
    let mut c = Connection::new(cfg(SocketType::Dealer), now);
    assert_eq!(drain_out(&mut c), [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F]);
    // Nothing more until the peer's signature is in.
    feed(&mut c, now, &[0xFF, 0, 0, 0, 0, 0, 0, 0]);
    assert!(drain_out(&mut c).is_empty());
    feed(&mut c, now, &[1, 0x7F]);
    assert_eq!(drain_out(&mut c), [3]);
    feed(&mut c, now, &[3]);
    let tail = drain_out(&mut c);
    let mut want = vec![1u8];
    want.extend_from_slice(b"NULL");
    want.extend_from_slice(&[0u8; 16 + 1 + 31]);
    assert_eq!(tail, want);
    assert_eq!(c.version(), None);
}

#[test]
fn whole_greeting_is_64_bytes_and_routing_id_in_padding() {
    let now = Instant::now();
    let mut c = Connection::new(
        Config {
            routing_id: Bytes::from_static(b"abc"),
            ..cfg(SocketType::Dealer)
        },
        now,
    );
    feed(&mut c, now, &greeting(3, 1, b"NULL")[..11]);
    let out = drain_out(&mut c);
    assert_eq!(out.len(), 64);
    assert_eq!(&out[..10], &[0xFF, 0, 0, 0, 0, 0, 0, 0, 4, 0x7F]);
    assert_eq!(&out[10..12], &[3, 1]);
    assert_eq!(&out[12..16], b"NULL");
    assert_eq!(out[32], 0, "as-server is 0, as libzmq sends it");
}

#[test]
fn ready_bytes_for_dealer_with_identity() {
    let now = Instant::now();
    let mut c = Connection::new(
        Config {
            routing_id: Bytes::from_static(b"ID"),
            metadata: vec![("X-Hello".into(), Bytes::from_static(b"World"))],
            ..cfg(SocketType::Dealer)
        },
        now,
    );
    drain_out(&mut c);
    feed(&mut c, now, &greeting(3, 1, b"NULL"));
    let out = drain_out(&mut c);
    let ready = &out[1 + 53..];
    let body: &[u8] = b"\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER\x08Identity\x00\x00\x00\x02ID\x07X-Hello\x00\x00\x00\x05World";
    assert_eq!(ready[0], 0x04);
    assert_eq!(usize::from(ready[1]), body.len());
    assert_eq!(&ready[2..], body);
    assert_eq!(c.version(), Some(Version::V3_1));
}

#[test]
fn identity_only_for_req_dealer_router() {
    for (t, has) in [
        (SocketType::Req, true),
        (SocketType::Router, true),
        (SocketType::Dealer, true),
        (SocketType::Pub, false),
        (SocketType::Pair, false),
        (SocketType::Push, false),
    ] {
        let body = mechanism::null::ready_body(t, b"", &[]);
        let props = metadata::parse(&body.freeze().slice(6..)).unwrap();
        assert_eq!(metadata::get(&props, "Identity").is_some(), has, "{t:?}");
    }
}

#[test]
fn round_trip_dealer_router() {
    let now = Instant::now();
    let (mut a, mut b) = pair(
        Config {
            routing_id: Bytes::from_static(b"dealer-1"),
            metadata: vec![("X-Key".into(), Bytes::from_static(b"val"))],
            ..cfg(SocketType::Dealer)
        },
        cfg(SocketType::Router),
        now,
    );
    assert!(a.is_ready() && b.is_ready());
    let ev = drain_events(&mut b);
    let [Event::HandshakeComplete {
        properties,
        version,
    }] = ev.as_slice()
    else {
        panic!("{ev:?}")
    };
    assert_eq!(*version, Version::V3_1);
    assert_eq!(
        properties,
        &vec![
            ("Socket-Type".to_string(), Bytes::from_static(b"DEALER")),
            ("Identity".to_string(), Bytes::from_static(b"dealer-1")),
            ("X-Key".to_string(), Bytes::from_static(b"val")),
        ]
    );
    assert_eq!(
        b.peer_routing_id().unwrap(),
        &Bytes::from_static(b"dealer-1")
    );
    assert_eq!(b.peer_socket_type(), Some(SocketType::Dealer));
    assert_eq!(a.peer_routing_id().unwrap(), &Bytes::new());
    drain_events(&mut a);

    let big = Bytes::from(vec![0xAB; 100_000]);
    a.send_frame(true, Bytes::from_static(b"")).unwrap();
    a.send_frame_copy(true, b"small").unwrap();
    a.send_frame(false, big.clone()).unwrap();
    pump(&mut a, &mut b, now);
    let ev = drain_events(&mut b);
    assert_eq!(
        ev,
        vec![
            Event::Frame {
                more: true,
                body: Bytes::new().into()
            },
            Event::Frame {
                more: true,
                body: Bytes::from_static(b"small").into()
            },
            Event::Frame {
                more: false,
                body: big.into()
            },
        ]
    );
}

#[test]
fn large_body_is_transmitted_by_reference() {
    let now = Instant::now();
    let (mut a, _b) = pair(cfg(SocketType::Pair), cfg(SocketType::Pair), now);
    let big = Bytes::from(vec![1u8; 4096]);
    a.send_frame_copy(true, b"hdr").unwrap();
    a.send_frame(false, big.clone()).unwrap();
    let t = a.poll_transmit().unwrap();
    assert_eq!(
        &t.head[..],
        b"\x01\x03hdr\x02\x00\x00\x00\x00\x00\x00\x10\x00"
    );
    assert_eq!(t.body.as_ptr(), big.as_ptr());
    assert!(a.poll_transmit().is_none());
}

#[test]
fn subscriptions_3_1_are_commands() {
    let now = Instant::now();
    let mut sub = with_fake_peer(cfg(SocketType::Sub), 3, 1, "PUB", now);
    sub.send_subscribe(b"topic").unwrap();
    sub.send_cancel(b"").unwrap();
    assert_eq!(
        drain_out(&mut sub),
        b"\x04\x0f\x09SUBSCRIBEtopic\x04\x07\x06CANCEL"
    );

    let (mut s, mut p) = pair(cfg(SocketType::Sub), cfg(SocketType::XPub), now);
    drain_events(&mut p);
    s.send_subscribe(b"abc").unwrap();
    s.send_cancel(b"abc").unwrap();
    pump(&mut s, &mut p, now);
    assert_eq!(
        drain_events(&mut p),
        vec![
            Event::Subscribe(Bytes::from_static(b"abc")),
            Event::Cancel(Bytes::from_static(b"abc"))
        ]
    );
}

#[test]
fn subscriptions_3_0_are_data_frames() {
    let now = Instant::now();
    let mut sub = with_fake_peer(cfg(SocketType::Sub), 3, 0, "PUB", now);
    assert_eq!(sub.version(), Some(Version::V3_0));
    sub.send_subscribe(b"topic").unwrap();
    sub.send_cancel(b"t").unwrap();
    assert_eq!(drain_out(&mut sub), b"\x00\x06\x01topic\x00\x02\x00t");
    // A 3.0 peer's subscription arrives as a plain frame.
    feed(&mut sub, now, b"\x00\x02\x01x");
    assert_eq!(
        drain_events(&mut sub),
        vec![Event::Frame {
            more: false,
            body: Bytes::from_static(b"\x01x").into()
        }]
    );
}

#[test]
fn newer_major_talks_3_1() {
    let now = Instant::now();
    let c = with_fake_peer(cfg(SocketType::Pair), 4, 0, "PAIR", now);
    assert_eq!(c.version(), Some(Version::V3_1));
}

#[test]
fn ping_pong_bytes_and_heartbeat() {
    let t0 = Instant::now();
    let hb = Config {
        heartbeat_ivl_ms: 1000,
        heartbeat_ttl_ms: 2000,
        ..cfg(SocketType::Pair)
    };
    let (mut a, mut b) = pair(hb, cfg(SocketType::Pair), t0);
    drain_events(&mut a);
    drain_events(&mut b);
    assert_eq!(a.poll_timeout(), Some(t0 + Duration::from_secs(1)));
    assert_eq!(b.poll_timeout(), None);
    let t1 = t0 + Duration::from_secs(1);
    a.handle_timeout(t1);
    let ping = drain_out(&mut a);
    assert_eq!(ping, b"\x04\x07\x04PING\x00\x14");
    feed(&mut b, t1, &ping);
    assert_eq!(drain_out(&mut b), b"\x04\x05\x04PONG");
    // b now expects traffic within a's TTL (2 s).
    assert_eq!(b.poll_timeout(), Some(t1 + Duration::from_secs(2)));
    // a's heartbeat timeout defaults to the interval.
    assert_eq!(a.poll_timeout(), Some(t1 + Duration::from_secs(1)));
    feed(&mut a, t1, b"\x04\x05\x04PONG");
    assert_eq!(
        a.poll_timeout(),
        Some(t1 + Duration::from_secs(1)),
        "next PING"
    );
    assert!(drain_events(&mut a).is_empty());

    // No answer to the next PING: timeout.
    let t2 = t1 + Duration::from_secs(1);
    a.handle_timeout(t2);
    assert_eq!(drain_out(&mut a), b"\x04\x07\x04PING\x00\x14");
    a.handle_timeout(t2 + Duration::from_millis(999));
    assert!(!a.is_failed());
    a.handle_timeout(t2 + Duration::from_secs(1));
    assert_eq!(error_of(&mut a), Some(ProtocolError::HeartbeatTimeout));
    assert_eq!(a.poll_timeout(), None);

    // And b, hearing nothing for the TTL, gives up.
    b.handle_timeout(t1 + Duration::from_secs(2));
    assert_eq!(error_of(&mut b), Some(ProtocolError::HeartbeatTtlExpired));
}

#[test]
fn pong_echoes_context_up_to_16_bytes() {
    let now = Instant::now();
    let mut c = with_fake_peer(cfg(SocketType::Pair), 3, 1, "PAIR", now);
    feed(&mut c, now, b"\x04\x0a\x04PING\x00\x00ctx");
    assert_eq!(drain_out(&mut c), b"\x04\x08\x04PONGctx");
    let mut ping = b"\x04\x1b\x04PING\x00\x00".to_vec();
    ping.extend_from_slice(b"0123456789abcdefXXXX");
    feed(&mut c, now, &ping);
    assert_eq!(drain_out(&mut c), b"\x04\x15\x04PONG0123456789abcdef");
    // TTL 0: no deadline; unknown and malformed commands are dropped.
    feed(
        &mut c,
        now,
        b"\x04\x00\x04\x04\x04PIN\x04\x04\x03FOO\x04\x06\x04PING\x00",
    );
    assert_eq!(c.poll_timeout(), None);
    assert!(drain_events(&mut c).is_empty());
    assert!(c.is_ready());
}

#[test]
fn ttl_is_reset_by_traffic() {
    let t0 = Instant::now();
    let mut c = with_fake_peer(cfg(SocketType::Pair), 3, 1, "PAIR", t0);
    feed(&mut c, t0, b"\x04\x07\x04PING\x00\x0a");
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(1)));
    feed(&mut c, t0, b"\x00\x00");
    assert_eq!(c.poll_timeout(), None);
    c.handle_timeout(t0 + Duration::from_secs(5));
    assert!(c.is_ready());
}

#[test]
fn handshake_timeout() {
    let t0 = Instant::now();
    let mut c = Connection::new(
        Config {
            handshake_ivl_ms: 100,
            ..cfg(SocketType::Pair)
        },
        t0,
    );
    feed(&mut c, t0, &greeting(3, 1, b"NULL")[..30]);
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_millis(100)));
    c.handle_timeout(t0 + Duration::from_millis(99));
    assert!(!c.is_failed());
    c.handle_timeout(t0 + Duration::from_millis(100));
    assert_eq!(error_of(&mut c), Some(ProtocolError::HandshakeTimeout));
    // Completed handshakes disarm it.
    let (a, _) = pair(cfg(SocketType::Pair), cfg(SocketType::Pair), t0);
    assert_eq!(a.poll_timeout(), None);
}

#[test]
fn garbage_greeting_is_a_zmtp_1_0_peer_until_it_fails() {
    // As in libzmq, a first byte other than 0xFF means ZMTP 1.0: "GET ..."
    // is the header of a 71-byte identity frame. It never completes, and
    // the handshake timer ends the connection.
    let t0 = Instant::now();
    let mut c = Connection::new(cfg(SocketType::Pair), t0);
    drain_out(&mut c);
    feed(&mut c, t0, b"GET / HTTP/1.1\r\n");
    assert!(drain_events(&mut c).is_empty());
    assert_eq!(c.version(), Some(Version::V1_0));
    assert!(!c.is_ready());
    c.handle_timeout(t0 + Duration::from_secs(30));
    assert_eq!(error_of(&mut c), Some(ProtocolError::HandshakeTimeout));
    // Later input is ignored, no second error.
    feed(&mut c, t0, &greeting(3, 1, b"NULL"));
    assert!(drain_events(&mut c).is_empty());
    assert_eq!(c.send_frame_copy(false, b"x"), Err(NotReady));

    // A zero length is not a ZMTP 1.0 frame.
    let mut c = Connection::new(cfg(SocketType::Pair), t0);
    feed(&mut c, t0, &[0x00, 0x00]);
    assert_eq!(error_of(&mut c), Some(ProtocolError::MalformedFrame));
}

#[test]
fn revision_2_and_up_talk_3_1() {
    // libzmq sends a 3.x tail to anything above revision 1 and speaks 3.1.
    let now = Instant::now();
    let c = with_fake_peer(cfg(SocketType::Pair), 2, 0, "PAIR", now);
    assert!(c.is_ready());
    assert_eq!(c.version(), Some(Version::V3_1));
}

#[test]
fn wrong_mechanism() {
    let now = Instant::now();
    for mech in [&b"PLAIN"[..], b"CURVE", b"null", b"NULLX"] {
        let mut c = Connection::new(cfg(SocketType::Pair), now);
        feed(&mut c, now, &greeting(3, 1, mech));
        let e = error_of(&mut c).unwrap();
        assert!(
            matches!(e, ProtocolError::MechanismMismatch { .. }),
            "{e:?}"
        );
        assert_eq!(e.code(), error::code::ZMTP_MECHANISM_MISMATCH);
    }
}

#[test]
fn incompatible_socket_types() {
    let now = Instant::now();
    use SocketType::*;
    let all = [
        Pair, Pub, Sub, Req, Rep, Dealer, Router, Pull, Push, XPub, XSub,
    ];
    let ok = |a: SocketType, b: SocketType| {
        matches!(
            (a, b),
            (Pair, Pair)
                | (Pub | XPub, Sub | XSub)
                | (Sub | XSub, Pub | XPub)
                | (Req, Rep | Router)
                | (Rep, Req | Dealer)
                | (Dealer, Rep | Dealer | Router)
                | (Router, Req | Dealer | Router)
                | (Push, Pull)
                | (Pull, Push)
        )
    };
    for a in all {
        for b in all {
            let (mut ca, cb) = pair(cfg(a), cfg(b), now);
            assert_eq!(ca.is_ready(), ok(a, b), "{a:?} with {b:?}");
            assert_eq!(cb.is_ready(), ok(b, a), "{b:?} with {a:?}");
            if !ok(a, b) {
                let e = error_of(&mut ca).unwrap();
                assert!(matches!(e, ProtocolError::IncompatibleSocketType { .. }));
                assert_eq!(e.code(), error::code::ZMTP_INVALID_METADATA);
            }
        }
    }
}

#[test]
fn handshake_command_errors() {
    let now = Instant::now();
    let cases: &[(&[u8], ProtocolError)] = &[
        (b"\x00\x01x", ProtocolError::UnexpectedCommand),
        (
            b"\x04\x06\x04PING\x00\x00",
            ProtocolError::UnexpectedCommand,
        ),
        (b"\x04\x00", ProtocolError::UnexpectedCommand),
        (b"\x04\x07\x05READYx", ProtocolError::InvalidMetadata),
        (
            b"\x04\x09\x05ERROR\x02ab",
            ProtocolError::PeerError {
                reason: Bytes::from_static(b"ab"),
            },
        ),
        (b"\x04\x08\x05ERROR\x02a", ProtocolError::MalformedError),
        (b"\x0c\x00", ProtocolError::ReservedFlags { flags: 0x0c }),
    ];
    for (input, want) in cases {
        let mut c = Connection::new(cfg(SocketType::Pair), now);
        let mut wire = greeting(3, 1, b"NULL");
        wire.extend_from_slice(input);
        feed(&mut c, now, &wire);
        assert_eq!(error_of(&mut c).as_ref(), Some(want), "{input:?}");
    }
}

#[test]
fn oversized_frame_vs_maxmsgsize() {
    let now = Instant::now();
    let mut c = with_fake_peer(
        Config {
            max_msg_size: 100,
            ..cfg(SocketType::Pair)
        },
        3,
        1,
        "PAIR",
        now,
    );
    let mut full = vec![0x00, 100];
    full.extend_from_slice(&[0u8; 100]);
    feed(&mut c, now, &full);
    assert_eq!(drain_events(&mut c).len(), 1);
    assert!(c.is_ready());
    // Only the header of the 101-byte frame: fails before the body.
    feed(&mut c, now, &[0x02, 0, 0, 0, 0, 0, 0, 0, 101]);
    let e = error_of(&mut c).unwrap();
    assert_eq!(e, ProtocolError::MessageTooLarge { size: 101 });
    assert_eq!(e.errno(), 90);
}

#[test]
fn byte_by_byte_completes_without_error() {
    let now = Instant::now();
    let mut wire = greeting(3, 1, b"NULL");
    wire.extend_from_slice(&ready_frame("DEALER"));
    wire.extend_from_slice(b"\x01\x03abc\x02\x00\x00\x00\x00\x00\x00\x01\x00");
    wire.extend_from_slice(&[7u8; 256]);
    wire.extend_from_slice(b"\x04\x0a\x09SUBSCRIBE");
    let mut c = Connection::new(cfg(SocketType::Router), now);
    let mut buf = BytesMut::new();
    let mut events = Vec::new();
    for &byte in &wire {
        buf.extend_from_slice(&[byte]);
        c.handle_input(now, &mut buf);
        events.extend(drain_events(&mut c));
        assert!(!c.is_failed(), "failed at {} bytes", wire.len());
    }
    assert!(buf.is_empty());
    assert_eq!(events.len(), 4, "{events:?}");
    assert!(matches!(events[0], Event::HandshakeComplete { .. }));
    assert_eq!(events[3], Event::Subscribe(Bytes::new()));
}

#[test]
fn frames_pipelined_after_ready_are_kept() {
    let now = Instant::now();
    let mut c = Connection::new(cfg(SocketType::Pull), now);
    let mut wire = greeting(3, 1, b"NULL");
    wire.extend_from_slice(&ready_frame("PUSH"));
    wire.extend_from_slice(b"\x00\x02hi");
    feed(&mut c, now, &wire);
    let ev = drain_events(&mut c);
    assert_eq!(ev.len(), 2);
    assert_eq!(
        ev[1],
        Event::Frame {
            more: false,
            body: Bytes::from_static(b"hi").into()
        }
    );
}

#[test]
fn send_before_ready_is_refused() {
    let now = Instant::now();
    let mut c = Connection::new(cfg(SocketType::Pair), now);
    assert_eq!(c.send_frame(false, Bytes::new()), Err(NotReady));
    assert_eq!(c.send_subscribe(b""), Err(NotReady));
}

/// Deterministic random inputs over the whole connection: never panics,
/// and at most one error event. (The cargo-fuzz targets in fuzz/ do the
/// same with coverage guidance.)
#[test]
fn random_input_never_panics() {
    let now = Instant::now();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let prefix = {
        let mut p = greeting(3, 1, b"NULL");
        p.extend_from_slice(&ready_frame("PAIR"));
        p
    };
    for i in 0..20_000 {
        let mut input = if i % 2 == 0 {
            prefix.clone()
        } else {
            Vec::new()
        };
        let len = (next() % 96) as usize;
        for _ in 0..len {
            let r = next();
            // Bias towards bytes that mean something in ZMTP.
            input.push(match r % 4 {
                0 => [0x00, 0x01, 0x02, 0x04, 0xFF, 0x7F, 0x03][(r >> 8) as usize % 7],
                _ => (r >> 16) as u8,
            });
        }
        let mut c = Connection::new(
            Config {
                max_msg_size: if i % 3 == 0 { 64 } else { -1 },
                heartbeat_ivl_ms: 10,
                ..cfg(SocketType::Pair)
            },
            now,
        );
        let mut buf = BytesMut::new();
        for chunk in input.chunks(1 + (next() % 17) as usize) {
            buf.extend_from_slice(chunk);
            c.handle_input(now, &mut buf);
            c.handle_timeout(now + Duration::from_millis(next() % 50));
            let _ = c.send_subscribe(b"x");
            while c.poll_transmit().is_some() {}
        }
        let errors = drain_events(&mut c)
            .iter()
            .filter(|e| matches!(e, Event::Error(_)))
            .count();
        assert!(errors <= 1);
    }
}
