//! ZMTP 2.0 and 1.0 peers, byte for byte. The peer's bytes are written out
//! as libzmq 3.2 (ZMTP 2.0, RFC 15) and libzmq 2.x (ZMTP 1.0, RFC 13) put
//! them on the wire; our answers are checked against what libzmq 4.3's
//! zmtp_engine sends them.

use super::*;
use bytes::{Bytes, BytesMut};
use std::time::{Duration, Instant};

fn cfg(t: SocketType) -> Config {
    Config {
        socket_type: t,
        ..Config::default()
    }
}

fn cfg_id(t: SocketType, id: &'static [u8]) -> Config {
    Config {
        socket_type: t,
        routing_id: Bytes::from_static(id),
        ..Config::default()
    }
}

fn out(c: &mut Connection) -> Vec<u8> {
    let mut v = Vec::new();
    while let Some(t) = c.poll_transmit() {
        v.extend_from_slice(&t.to_vec());
    }
    v
}

fn events(c: &mut Connection) -> Vec<Event> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

/// Feeds `bytes` through a buffer kept across calls, as the engine does.
fn feed(c: &mut Connection, buf: &mut BytesMut, bytes: &[u8]) {
    buf.extend_from_slice(bytes);
    c.handle_input(Instant::now(), buf);
}

fn frame(more: bool, body: &'static [u8]) -> Event {
    Event::Frame {
        more,
        body: Bytes::from_static(body).into(),
    }
}

fn props(p: &[(&str, &'static [u8])]) -> Properties {
    p.iter()
        .map(|&(k, v)| (k.to_string(), Bytes::from_static(v)))
        .collect()
}

fn complete(version: Version, p: &[(&str, &'static [u8])]) -> Event {
    Event::HandshakeComplete {
        properties: props(p),
        version,
    }
}

/// Our signature with an empty routing id: 0xFF, length 1, 0x7F.
const SIG: [u8; 10] = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F];

/// A libzmq 3.2 signature for a routing id of `id_len` bytes.
fn sig32(id_len: u8) -> Vec<u8> {
    vec![0xFF, 0, 0, 0, 0, 0, 0, 0, id_len + 1, 0x7F]
}

// ---------------------------------------------------------------- ZMTP 2.0

#[test]
fn libzmq32_dealer_to_our_router_in_stages() {
    let mut c = Connection::new(cfg(SocketType::Router), Instant::now());
    let mut buf = BytesMut::new();
    assert_eq!(out(&mut c), SIG);

    // libzmq 3.2 DEALER with ZMQ_IDENTITY "A".
    feed(&mut c, &mut buf, &sig32(1));
    assert_eq!(out(&mut c), [3], "our major version");
    feed(&mut c, &mut buf, &[0x01]); // revision 1 = ZMTP 2.0
    assert_eq!(out(&mut c), [6], "our socket type, ROUTER");
    feed(&mut c, &mut buf, &[0x05]); // DEALER
    assert_eq!(out(&mut c), [0x00, 0x00], "our empty identity frame");
    assert_eq!(c.version(), Some(Version::V2_0));
    assert!(!c.is_ready());
    assert_eq!(c.send_frame_copy(false, b"early"), Err(NotReady));

    // Its identity frame, then a two-frame message.
    feed(&mut c, &mut buf, b"\x00\x01A\x01\x03abc\x00\x05hello");
    assert_eq!(
        events(&mut c),
        [
            complete(
                Version::V2_0,
                &[("Socket-Type", b"DEALER"), ("Identity", b"A")]
            ),
            frame(true, b"abc"),
            frame(false, b"hello"),
        ]
    );
    assert!(c.is_ready());
    assert_eq!(c.peer_routing_id().map(|b| &b[..]), Some(&b"A"[..]));
    assert_eq!(c.peer_socket_type(), Some(SocketType::Dealer));
    assert!(buf.is_empty());

    // Our reply: 2.0 framing, a long frame (> 255) sent by reference.
    c.send_frame_copy(true, b"x").unwrap();
    let big = Bytes::from(vec![0x5Au8; 300]);
    c.send_frame(true, big.clone()).unwrap();
    c.send_frame(false, Bytes::from(vec![0x11u8; 2000]))
        .unwrap();
    let mut want = b"\x01\x01x\x03\x00\x00\x00\x00\x00\x00\x01\x2c".to_vec();
    want.extend_from_slice(&big);
    want.extend_from_slice(&[0x02, 0, 0, 0, 0, 0, 0, 0x07, 0xD0]);
    want.extend_from_slice(&[0x11u8; 2000]);
    assert_eq!(out(&mut c), want);
}

#[test]
fn libzmq32_req_to_our_rep_with_long_multipart() {
    let mut c = Connection::new(cfg_id(SocketType::Rep, b"srv"), Instant::now());
    let mut buf = BytesMut::new();
    // A libzmq 3.2 REQ sends everything at once: greeting, empty identity,
    // then [delimiter, 300-byte body, "z"].
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x03, 0x00, 0x00]);
    wire.extend_from_slice(&[0x01, 0x00]);
    wire.extend_from_slice(&[0x03, 0, 0, 0, 0, 0, 0, 0x01, 0x2C]);
    wire.extend_from_slice(&[b'q'; 300]);
    wire.extend_from_slice(b"\x00\x01z");
    feed(&mut c, &mut buf, &wire);

    let mut want = vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 4, 0x7F, 3, 4];
    want.extend_from_slice(b"\x00\x03srv");
    assert_eq!(out(&mut c), want);
    let ev = events(&mut c);
    assert_eq!(ev.len(), 4, "{ev:?}");
    assert_eq!(
        ev[0],
        complete(Version::V2_0, &[("Socket-Type", b"REQ"), ("Identity", b"")])
    );
    assert_eq!(ev[1], frame(true, b""));
    let Event::Frame { more: true, body } = &ev[2] else {
        panic!("{:?}", ev[2])
    };
    assert_eq!(&body[..], &[b'q'; 300][..]);
    assert_eq!(ev[3], frame(false, b"z"));

    c.send_frame_copy(true, b"").unwrap();
    c.send_frame_copy(false, b"ok").unwrap();
    assert_eq!(out(&mut c), b"\x01\x00\x00\x02ok");
}

#[test]
fn libzmq32_sub_to_our_pub_subscribes_with_data_frames() {
    let mut c = Connection::new(cfg(SocketType::Pub), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x02, 0x00, 0x00]);
    // Subscribe "abc", subscribe "" (everything), unsubscribe "abc".
    wire.extend_from_slice(b"\x00\x04\x01abc\x00\x01\x01\x00\x04\x00abc");
    feed(&mut c, &mut buf, &wire);
    assert_eq!(out(&mut c), [3, 1, 0, 0]);
    assert_eq!(
        events(&mut c),
        [
            // No made-up subscription: a 2.0 SUB sends its own.
            complete(Version::V2_0, &[("Socket-Type", b"SUB"), ("Identity", b"")]),
            frame(false, b"\x01abc"),
            frame(false, b"\x01"),
            frame(false, b"\x00abc"),
        ]
    );
    c.send_frame_copy(true, b"abc").unwrap();
    c.send_frame_copy(false, b"data").unwrap();
    assert_eq!(out(&mut c), b"\x01\x03abc\x00\x04data");
}

#[test]
fn our_sub_to_libzmq32_pub() {
    let mut c = Connection::new(cfg(SocketType::Sub), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x01, 0x00, 0x00]);
    wire.extend_from_slice(b"\x00\x05hello");
    feed(&mut c, &mut buf, &wire);
    assert_eq!(out(&mut c), [3, 2, 0, 0]);
    assert_eq!(
        events(&mut c),
        [
            complete(Version::V2_0, &[("Socket-Type", b"PUB"), ("Identity", b"")]),
            frame(false, b"hello"),
        ]
    );
    // Subscriptions go out as data frames, as libzmq's v2 encoder writes them.
    c.send_subscribe(b"abc").unwrap();
    c.send_cancel(b"abc").unwrap();
    c.send_subscribe(b"").unwrap();
    assert_eq!(out(&mut c), b"\x00\x04\x01abc\x00\x04\x00abc\x00\x01\x01");
}

#[test]
fn incompatible_2_0_socket_type_is_accepted_as_libzmq_does() {
    // libzmq 4.3 (and 3.2) never check a 2.0 peer's socket type; the type
    // is reported so that the caller can see it.
    let mut c = Connection::new(cfg(SocketType::Req), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x08, 0x00, 0x00]); // PUSH
    feed(&mut c, &mut buf, &wire);
    assert_eq!(out(&mut c), [3, 3, 0, 0]);
    assert_eq!(
        events(&mut c),
        [complete(
            Version::V2_0,
            &[("Socket-Type", b"PUSH"), ("Identity", b"")]
        )]
    );
    assert!(c.is_ready());

    // An unknown type byte gives no Socket-Type at all.
    let mut c = Connection::new(cfg(SocketType::Req), Instant::now());
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x42, 0x00, 0x01, b'i']);
    feed(&mut c, &mut buf, &wire);
    assert_eq!(
        events(&mut c),
        [complete(Version::V2_0, &[("Identity", b"i")])]
    );
    assert_eq!(c.peer_socket_type(), None);
}

#[test]
fn legacy_peers_get_no_commands_or_heartbeats() {
    let t0 = Instant::now();
    let mut c = Connection::new(
        Config {
            heartbeat_ivl_ms: 10,
            heartbeat_ttl_ms: 1000,
            ..cfg(SocketType::Dealer)
        },
        t0,
    );
    out(&mut c);
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x05, 0x00, 0x00]);
    // A PING and a SUBSCRIBE with the command bit: not ZMTP 2.0, dropped
    // (libzmq's session drops command frames), no PONG.
    wire.extend_from_slice(b"\x04\x07\x04PING\x00\x0a\x04\x0a\x09SUBSCRIBE\x00\x01y");
    feed(&mut c, &mut buf, &wire);
    assert_eq!(out(&mut c), [3, 5, 0, 0]);
    assert_eq!(
        events(&mut c),
        [
            complete(
                Version::V2_0,
                &[("Socket-Type", b"DEALER"), ("Identity", b"")]
            ),
            frame(false, b"y"),
        ]
    );
    assert_eq!(c.poll_timeout(), None, "no heartbeat timers");
    c.handle_timeout(t0 + Duration::from_secs(60));
    assert!(out(&mut c).is_empty());
    assert!(c.is_ready());
}

#[test]
fn malformed_2_0_frames() {
    for (tail, want) in [
        (
            &b"\x08\x00"[..],
            ProtocolError::ReservedFlags { flags: 0x08 },
        ),
        (
            b"\x02\xff\xff\xff\xff\xff\xff\xff\xff",
            ProtocolError::MessageTooLarge { size: u64::MAX },
        ),
        (b"\x00\x65", ProtocolError::MessageTooLarge { size: 101 }),
    ] {
        // In the identity frame and after it.
        for after_identity in [false, true] {
            let mut c = Connection::new(
                Config {
                    max_msg_size: 100,
                    ..cfg(SocketType::Pair)
                },
                Instant::now(),
            );
            let mut buf = BytesMut::new();
            let mut wire = sig32(0);
            wire.extend_from_slice(&[0x01, 0x00]);
            if after_identity {
                wire.extend_from_slice(&[0x00, 0x00]);
            }
            wire.extend_from_slice(tail);
            feed(&mut c, &mut buf, &wire);
            let ev = events(&mut c);
            assert_eq!(ev.last(), Some(&Event::Error(want.clone())), "{ev:?}");
            assert_eq!(ev.len(), 1 + usize::from(after_identity));
            assert!(c.is_failed());
        }
    }
}

// ---------------------------------------------------------------- ZMTP 1.0

#[test]
fn libzmq2_req_to_our_rep() {
    let mut c = Connection::new(cfg(SocketType::Rep), Instant::now());
    assert_eq!(out(&mut c), SIG);
    let mut buf = BytesMut::new();
    // libzmq 2.x REQ: anonymous identity (length 1, flags 0), then the
    // request [delimiter, "hello"].
    feed(&mut c, &mut buf, b"\x01\x00\x01\x01\x06\x00hello");
    // Our signature was the header of our identity frame; its body (an
    // empty routing id) adds nothing.
    assert!(out(&mut c).is_empty());
    assert_eq!(
        events(&mut c),
        [
            complete(Version::V1_0, &[("Identity", b"")]),
            frame(true, b""),
            frame(false, b"hello"),
        ]
    );
    assert_eq!(c.version(), Some(Version::V1_0));

    // The reply in 1.0 framing: length counts the flags byte.
    c.send_frame_copy(true, b"").unwrap();
    c.send_frame_copy(false, b"world").unwrap();
    assert_eq!(out(&mut c), b"\x01\x01\x06\x00world");
}

#[test]
fn libzmq2_dealer_with_identity_to_our_router_with_identity() {
    let mut c = Connection::new(cfg_id(SocketType::Router, b"R1"), Instant::now());
    assert_eq!(out(&mut c), [0xFF, 0, 0, 0, 0, 0, 0, 0, 3, 0x7F]);
    let mut buf = BytesMut::new();
    // 2.x XREQ with ZMQ_IDENTITY "peer", sending one byte at a time.
    let wire = b"\x05\x00peer\x02\x01a\x01\x00";
    let mut ev = Vec::new();
    for &b in wire {
        feed(&mut c, &mut buf, &[b]);
        ev.extend(events(&mut c));
    }
    // The rest of our identity frame: its body.
    assert_eq!(out(&mut c), b"R1");
    assert_eq!(
        ev,
        [
            complete(Version::V1_0, &[("Identity", b"peer")]),
            frame(true, b"a"),
            frame(false, b""),
        ]
    );
}

#[test]
fn libzmq2_long_identity_is_detected_by_the_tenth_byte() {
    // A 300-byte identity takes the long length form: byte 0 is 0xFF like a
    // signature, but byte 9 (the flags) lacks bit 0.
    let mut c = Connection::new(cfg(SocketType::Router), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    let mut wire = vec![0xFF, 0, 0, 0, 0, 0, 0, 0x01, 0x2D, 0x00];
    wire.extend_from_slice(&[b'I'; 300]);
    wire.extend_from_slice(b"\x02\x00m");
    feed(&mut c, &mut buf, &wire[..5]);
    assert!(events(&mut c).is_empty());
    feed(&mut c, &mut buf, &wire[5..]);
    let ev = events(&mut c);
    assert_eq!(ev.len(), 2, "{ev:?}");
    let Event::HandshakeComplete {
        properties,
        version: Version::V1_0,
    } = &ev[0]
    else {
        panic!("{ev:?}")
    };
    assert_eq!(properties.len(), 1);
    assert_eq!(&properties[0].1[..], &[b'I'; 300][..]);
    assert_eq!(ev[1], frame(false, b"m"));
}

#[test]
fn our_long_routing_id_to_libzmq2() {
    let id: &'static [u8] = &[b'L'; 260];
    let mut c = Connection::new(cfg_id(SocketType::Dealer, id), Instant::now());
    assert_eq!(out(&mut c), [0xFF, 0, 0, 0, 0, 0, 0, 0x01, 0x05, 0x7F]);
    let mut buf = BytesMut::new();
    feed(&mut c, &mut buf, b"\x01\x00");
    assert_eq!(out(&mut c), id);
}

#[test]
fn libzmq2_frames_long_and_at_the_boundary() {
    let mut c = Connection::new(cfg(SocketType::Pull), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    let mut wire = b"\x01\x00".to_vec();
    // 253-byte body: the longest short form (length 254).
    wire.push(254);
    wire.push(0x01);
    wire.extend_from_slice(&[1u8; 253]);
    // 254-byte body: length 255, which only the long form can carry.
    wire.extend_from_slice(&[0xFF, 0, 0, 0, 0, 0, 0, 0, 255, 0x01]);
    wire.extend_from_slice(&[2u8; 254]);
    // 70000-byte body.
    wire.extend_from_slice(&[0xFF, 0, 0, 0, 0, 0, 0x01, 0x11, 0x71, 0x00]);
    wire.extend_from_slice(&[3u8; 70_000]);
    feed(&mut c, &mut buf, &wire);
    let ev = events(&mut c);
    let sizes: Vec<(bool, usize)> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Frame { more, body } => Some((*more, body.len())),
            _ => None,
        })
        .collect();
    assert_eq!(sizes, [(true, 253), (true, 254), (false, 70_000)]);
}

#[test]
fn our_long_frames_to_libzmq2() {
    let mut c = Connection::new(cfg(SocketType::Push), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    feed(&mut c, &mut buf, b"\x01\x00");
    assert!(c.is_ready());
    c.send_frame_copy(true, &[1u8; 253]).unwrap();
    c.send_frame_copy(true, &[2u8; 254]).unwrap();
    let big = Bytes::from(vec![3u8; 5000]);
    c.send_frame(false, big.clone()).unwrap();
    let mut want = vec![254, 0x01];
    want.extend_from_slice(&[1u8; 253]);
    want.extend_from_slice(&[0xFF, 0, 0, 0, 0, 0, 0, 0, 255, 0x01]);
    want.extend_from_slice(&[2u8; 254]);
    want.extend_from_slice(&[0xFF, 0, 0, 0, 0, 0, 0, 0x13, 0x89, 0x00]);
    want.extend_from_slice(&big);
    let mut got = Vec::new();
    while let Some(t) = c.poll_transmit() {
        if t.body.len() == big.len() {
            assert_eq!(t.body.as_ptr(), big.as_ptr(), "large body not copied");
        }
        got.extend_from_slice(&t.to_vec());
    }
    assert_eq!(got, want);
}

#[test]
fn libzmq2_sub_to_our_pub_gets_a_subscription_to_everything() {
    for own in [SocketType::Pub, SocketType::XPub] {
        let mut c = Connection::new(cfg(own), Instant::now());
        out(&mut c);
        let mut buf = BytesMut::new();
        // A 2.x SUB sends its identity and nothing else: it filters itself.
        feed(&mut c, &mut buf, b"\x01\x00");
        assert_eq!(
            events(&mut c),
            [
                complete(Version::V1_0, &[("Identity", b"")]),
                Event::Subscribe(Bytes::new()),
            ]
        );
        c.send_frame_copy(false, b"news").unwrap();
        assert_eq!(out(&mut c), b"\x05\x00news");
    }
}

#[test]
fn our_sub_to_libzmq2_pub() {
    let mut c = Connection::new(cfg(SocketType::Sub), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    feed(&mut c, &mut buf, b"\x01\x00\x06\x00hello");
    assert_eq!(
        events(&mut c),
        [
            complete(Version::V1_0, &[("Identity", b"")]),
            frame(false, b"hello"),
        ]
    );
    // libzmq's v1 encoder writes subscriptions as data frames too (a 2.x
    // PUB ignores them).
    c.send_subscribe(b"ab").unwrap();
    c.send_cancel(b"").unwrap();
    assert_eq!(out(&mut c), b"\x04\x00\x01ab\x02\x00\x00");
}

#[test]
fn zmtp_1_0_with_revision_byte() {
    // Revision 0 after a signature: the 12-byte greeting, then identity
    // frames and traffic in 1.0 framing. No made-up subscription here.
    let mut c = Connection::new(cfg_id(SocketType::Pub, b"P"), Instant::now());
    assert_eq!(out(&mut c), [0xFF, 0, 0, 0, 0, 0, 0, 0, 2, 0x7F]);
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x00, 0x02]); // revision 0, SUB
    wire.extend_from_slice(b"\x01\x00\x05\x00\x01abc");
    feed(&mut c, &mut buf, &wire);
    assert_eq!(out(&mut c), b"\x03\x01\x02\x00P");
    assert_eq!(
        events(&mut c),
        [
            complete(Version::V1_0, &[("Socket-Type", b"SUB"), ("Identity", b"")]),
            frame(false, b"\x01abc"),
        ]
    );
}

#[test]
fn malformed_1_0_frames() {
    let cases: [(&[u8], ProtocolError); 5] = [
        // Zero length as the identity frame, and after it.
        (b"\x00", ProtocolError::MalformedFrame),
        (b"\x01\x00\x00", ProtocolError::MalformedFrame),
        (
            b"\x01\x00\xff\x00\x00\x00\x00\x00\x00\x00\x00",
            ProtocolError::MalformedFrame,
        ),
        // Over ZMQ_MAXMSGSIZE (100): refused on the length alone.
        (
            b"\x01\x00\x66",
            ProtocolError::MessageTooLarge { size: 101 },
        ),
        (
            b"\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff",
            ProtocolError::MessageTooLarge { size: u64::MAX - 1 },
        ),
    ];
    for (wire, want) in cases {
        let mut c = Connection::new(
            Config {
                max_msg_size: 100,
                ..cfg(SocketType::Pair)
            },
            Instant::now(),
        );
        let mut buf = BytesMut::new();
        feed(&mut c, &mut buf, wire);
        let ev = events(&mut c);
        assert_eq!(
            ev.last(),
            Some(&Event::Error(want.clone())),
            "{wire:?}: {ev:?}"
        );
        assert_eq!(
            want.errno(),
            if want == ProtocolError::MalformedFrame {
                71
            } else {
                90
            }
        );
        assert!(c.is_failed());
        assert_eq!(c.send_frame_copy(false, b"x"), Err(NotReady));
    }
}

#[test]
fn identity_must_arrive_within_the_handshake_interval() {
    let t0 = Instant::now();
    let mut c = Connection::new(cfg(SocketType::Dealer), t0);
    let mut buf = BytesMut::new();
    let mut wire = sig32(0);
    wire.extend_from_slice(&[0x01, 0x05]);
    feed(&mut c, &mut buf, &wire);
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(30)));
    c.handle_timeout(t0 + Duration::from_secs(30));
    assert_eq!(
        events(&mut c),
        [Event::Error(ProtocolError::HandshakeTimeout)]
    );
}

#[test]
fn legacy_peers_refused_when_zap_is_enabled() {
    let zap = Config {
        zap_enabled: true,
        ..cfg(SocketType::Dealer)
    };
    let mut c = Connection::new(zap.clone(), Instant::now());
    out(&mut c);
    let mut buf = BytesMut::new();
    feed(&mut c, &mut buf, b"\x01\x00");
    assert_eq!(events(&mut c), [Event::Error(ProtocolError::Unversioned)]);
    assert!(out(&mut c).is_empty());

    for revision in [0u8, 1] {
        let mut c = Connection::new(zap.clone(), Instant::now());
        out(&mut c);
        let mut buf = BytesMut::new();
        let mut wire = sig32(0);
        wire.extend_from_slice(&[revision, 0x05, 0x00, 0x00]);
        feed(&mut c, &mut buf, &wire);
        // libzmq has sent its major version and socket type by then.
        assert_eq!(out(&mut c), [3, 5]);
        assert_eq!(
            events(&mut c),
            [Event::Error(ProtocolError::UnsupportedVersion {
                major: revision
            })]
        );
    }
}

/// Deterministic random legacy traffic: never panics, at most one error,
/// never traffic before the handshake.
#[test]
fn random_legacy_input_never_panics() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let prefixes: [Vec<u8>; 4] = [
        b"\x01\x00".to_vec(),
        vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 1, 5, 0, 0],
        vec![0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0, 5, 1, 0],
        Vec::new(),
    ];
    for i in 0..20_000 {
        let mut input = prefixes[i % 4].clone();
        for _ in 0..(next() % 64) {
            let r = next();
            input.push(match r % 3 {
                0 => [0x00, 0x01, 0x02, 0x03, 0x04, 0xFF, 0x7F][(r >> 8) as usize % 7],
                _ => (r >> 16) as u8,
            });
        }
        let mut c = Connection::new(
            Config {
                max_msg_size: if i % 3 == 0 { 40 } else { -1 },
                socket_type: SocketType::from_raw((i % 11) as i32).unwrap_or(SocketType::Pair),
                ..Config::default()
            },
            Instant::now(),
        );
        let mut buf = BytesMut::new();
        let mut complete = 0;
        let mut errors = 0;
        for chunk in input.chunks(1 + (next() % 13) as usize) {
            feed(&mut c, &mut buf, chunk);
            let _ = c.send_subscribe(chunk);
            let _ = c.send_frame_copy(true, chunk);
            while c.poll_transmit().is_some() {}
            for e in events(&mut c) {
                match e {
                    Event::HandshakeComplete { .. } => complete += 1,
                    Event::Error(_) => errors += 1,
                    _ => assert_eq!(complete, 1),
                }
            }
        }
        assert!(complete <= 1 && errors <= 1);
    }
}
