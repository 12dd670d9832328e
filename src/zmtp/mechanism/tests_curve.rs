//! CURVE handshakes in memory, byte-exact command sizes, MESSAGE boxes,
//! and hostile input.

use super::curve_box::{nonce, precompute, seal_into, WELCOME_NONCE_PREFIX};
use super::curve_client::CurveClient;
use super::curve_server::{CurveServer, HELLO_SIZE, INITIATE_MIN, WELCOME_SIZE};
use super::tests_support::{handshake, prop, Zap};
use super::{Mechanism, OwnProperties, Secret32, Status};
use crate::util::curve_keys;
use crate::zmtp::error::ProtocolError;
use crate::zmtp::frame::{FLAG_COMMAND, FLAG_MORE};
use crate::zmtp::socket_type::SocketType;
use bytes::{Bytes, BytesMut};

struct Keys {
    server_public: [u8; 32],
    server_secret: [u8; 32],
    client_public: [u8; 32],
    client_secret: [u8; 32],
}

fn keys() -> Keys {
    let (server_public, server_secret) = curve_keys::keypair().unwrap();
    let (client_public, client_secret) = curve_keys::keypair().unwrap();
    Keys {
        server_public,
        server_secret,
        client_public,
        client_secret,
    }
}

fn client_own() -> OwnProperties {
    let mut own = OwnProperties::new(SocketType::Dealer);
    own.routing_id = Bytes::from_static(b"client-1");
    own.metadata = vec![("X-Who".into(), Bytes::from_static(b"me"))];
    own
}

fn pair_with(
    k: &Keys,
    server_own: &OwnProperties,
    server_key: [u8; 32],
) -> (CurveClient, CurveServer) {
    let c = CurveClient::new(
        &client_own(),
        k.client_public,
        Secret32(k.client_secret),
        server_key,
    )
    .unwrap();
    let s = CurveServer::new(server_own, k.server_public, Secret32(k.server_secret)).unwrap();
    (c, s)
}

fn pair(k: &Keys) -> (CurveClient, CurveServer) {
    pair_with(k, &OwnProperties::new(SocketType::Router), k.server_public)
}

fn ready_pair() -> (CurveClient, CurveServer) {
    let k = keys();
    let (mut c, mut s) = pair(&k);
    let out = handshake(&mut c, &mut s, Zap::Status(200));
    assert_eq!(
        (out.client, out.server),
        (Ok(Status::Ready), Ok(Status::Ready))
    );
    (c, s)
}

fn metadata_len(own: &OwnProperties) -> usize {
    let mut b = BytesMut::new();
    super::null::put_properties(&mut b, own.socket_type, &own.routing_id, &own.metadata);
    b.len()
}

#[test]
fn handshake_with_zap_200_and_exact_sizes() {
    let k = keys();
    let (mut c, mut s) = pair(&k);
    let out = handshake(&mut c, &mut s, Zap::Status(200));
    assert_eq!(out.client, Ok(Status::Ready));
    assert_eq!(out.server, Ok(Status::Ready));
    let hello = &out.client_sent[0];
    assert_eq!(hello.len(), HELLO_SIZE);
    assert_eq!(&hello[..8], b"\x05HELLO\x01\x00");
    assert!(hello[8..80].iter().all(|&b| b == 0));
    assert_eq!(&hello[112..120], &1u64.to_be_bytes());
    let welcome = &out.server_sent[0];
    assert_eq!(welcome.len(), WELCOME_SIZE);
    assert_eq!(&welcome[..8], b"\x07WELCOME");
    let initiate = &out.client_sent[1];
    assert_eq!(initiate.len(), INITIATE_MIN + metadata_len(&client_own()));
    assert_eq!(&initiate[..9], b"\x08INITIATE");
    assert_eq!(&initiate[105..113], &2u64.to_be_bytes());
    let ready = &out.server_sent[1];
    let server_own = OwnProperties::new(SocketType::Router);
    assert_eq!(ready.len(), 6 + 8 + 16 + metadata_len(&server_own));
    assert_eq!(&ready[..14], b"\x05READY\0\0\0\0\0\0\0\x01");

    assert_eq!(out.zap_requests.len(), 1);
    assert_eq!(out.zap_requests[0].mechanism, b"CURVE");
    assert_eq!(
        out.zap_requests[0].credentials,
        vec![Bytes::copy_from_slice(&k.client_public)]
    );
    assert_eq!(
        prop(s.peer_properties(), "Identity"),
        Some(&b"client-1"[..])
    );
    assert_eq!(prop(s.peer_properties(), "X-Who"), Some(&b"me"[..]));
    assert_eq!(
        prop(c.peer_properties(), "Socket-Type"),
        Some(&b"ROUTER"[..])
    );
    assert_eq!(&s.user_id()[..], b"alice");
    assert_eq!(prop(s.zap_properties(), "X-Role"), Some(&b"admin"[..]));
    assert!(!s.holds_cookie_key());
    assert!(c.wraps_frames() && s.wraps_frames());
    assert!(!c.as_server());
    assert!(s.as_server());
    assert_eq!(c.name(), b"CURVE");
}

#[test]
fn zap_outcomes() {
    for status in [400u16, 500] {
        let k = keys();
        let (mut c, mut s) = pair(&k);
        let out = handshake(&mut c, &mut s, Zap::Status(status));
        assert_eq!(out.server, Ok(Status::Error));
        assert_eq!(
            out.server_sent.last().unwrap()[..],
            *format!("\x05ERROR\x03{status}").as_bytes()
        );
        assert_eq!(out.client, Err(ProtocolError::AuthFailed { status }));
        assert!(s
            .encode_into(false, false, b"x", &mut BytesMut::new())
            .is_err());
    }
    let k = keys();
    let (mut c, mut s) = pair(&k);
    let out = handshake(&mut c, &mut s, Zap::Status(300));
    assert_eq!(out.server, Err(ProtocolError::AuthFailed { status: 300 }));
    assert_eq!(out.server_sent.len(), 1);

    // No handler: CURVE proceeds (libzmq's "Stonehouse").
    let (mut c, mut s) = pair(&k);
    let out = handshake(&mut c, &mut s, Zap::Unavailable);
    assert_eq!(
        (out.client, out.server),
        (Ok(Status::Ready), Ok(Status::Ready))
    );
    assert!(s.user_id().is_empty());

    // Enforced domain and no handler: fails with nothing sent after WELCOME.
    let mut own = OwnProperties::new(SocketType::Router);
    own.zap_domain_set = true;
    own.zap_enforce_domain = true;
    let (mut c, mut s) = pair_with(&k, &own, k.server_public);
    let out = handshake(&mut c, &mut s, Zap::Unavailable);
    assert_eq!(out.server, Err(ProtocolError::NoZapHandler));
    assert_eq!(out.server_sent.len(), 1);

    // Enforcement without a domain: ZAP is not asked at all.
    own.zap_domain_set = false;
    let (mut c, mut s) = pair_with(&k, &own, k.server_public);
    let out = handshake(&mut c, &mut s, Zap::Status(500));
    assert!(out.zap_requests.is_empty());
    assert_eq!(
        (out.client, out.server),
        (Ok(Status::Ready), Ok(Status::Ready))
    );
}

#[test]
fn message_round_trips_with_flags() {
    let (mut c, mut s) = ready_pair();
    let big = vec![0xA5u8; 70_000];
    let cases: [(bool, bool, &[u8]); 5] = [
        (false, false, b""),
        (true, false, b"part one"),
        (false, true, b"\x04PING\x00\x0a"),
        (true, true, b"\x09SUBSCRIBEtopic"),
        (false, false, &big),
    ];
    for (i, (more, command, body)) in cases.iter().enumerate() {
        let mut wire = BytesMut::new();
        c.encode_into(*more, *command, body, &mut wire).unwrap();
        let (flags, len, at) = if body.len() + 33 > 255 {
            (
                wire[0],
                u64::from_be_bytes(wire[1..9].try_into().unwrap()) as usize,
                9,
            )
        } else {
            (wire[0], wire[1] as usize, 2)
        };
        assert_eq!(flags & !0x02, 0, "MESSAGE travels as a data frame");
        assert_eq!(len, body.len() + 33);
        assert_eq!(wire.len(), at + len);
        assert_eq!(&wire[at..at + 8], b"\x07MESSAGE");
        assert_eq!(&wire[at + 8..at + 16], &(3 + i as u64).to_be_bytes());
        let frame = wire.split_off(at).freeze();
        let (flags, plain) = s.decode(0, frame).unwrap();
        assert_eq!(flags & FLAG_MORE != 0, *more);
        assert_eq!(flags & FLAG_COMMAND != 0, *command);
        assert_eq!(&plain[..], *body);
    }
    // And back, server nonces from 2; a shared buffer decodes by copy.
    let mut wire = BytesMut::new();
    s.encode_into(true, false, b"reply", &mut wire).unwrap();
    assert_eq!(&wire[2 + 8..2 + 16], &2u64.to_be_bytes());
    let frame = wire.freeze().slice(2..);
    let keep = frame.clone();
    let (flags, plain) = c.decode(0, frame).unwrap();
    assert_eq!((flags, &plain[..]), (FLAG_MORE, &b"reply"[..]));
    assert_eq!(keep.len(), 16 + 16 + 1 + 5);
}

#[test]
fn replay_tamper_and_garbage_after_ready() {
    let (mut c, mut s) = ready_pair();
    let mut wire = BytesMut::new();
    c.encode_into(false, false, b"once", &mut wire).unwrap();
    let frame = wire.split_off(2).freeze();
    s.decode(0, frame.clone()).unwrap();
    assert_eq!(s.decode(0, frame), Err(ProtocolError::InvalidSequence));

    let mut wire = BytesMut::new();
    c.encode_into(false, false, b"tampered", &mut wire).unwrap();
    let mut bad = wire.split_off(2);
    let last = bad.len() - 1;
    bad[last] ^= 0x80;
    assert_eq!(s.decode(0, bad.freeze()), Err(ProtocolError::Cryptographic));

    // A box from the server's own direction does not open at the server.
    let (mut c, mut s) = ready_pair();
    let mut wire = BytesMut::new();
    s.encode_into(false, false, b"mirror", &mut wire).unwrap();
    let mut mirrored = wire.split_off(2);
    mirrored[8..16].copy_from_slice(&9u64.to_be_bytes());
    assert_eq!(
        s.decode(0, mirrored.freeze()),
        Err(ProtocolError::Cryptographic)
    );
    let _ = &mut c;

    let (_, mut s) = ready_pair();
    let cases: [(&[u8], ProtocolError); 4] = [
        (b"", ProtocolError::MalformedCommand),
        (b"\x07MESSAG", ProtocolError::MalformedCommand),
        (
            b"\x05READYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            ProtocolError::UnexpectedCommand,
        ),
        (
            b"\x07MESSAGE\0\0\0\0\0\0\0\x09short",
            ProtocolError::MalformedMessage,
        ),
    ];
    for (body, want) in cases {
        assert_eq!(s.decode(0, Bytes::from_static(body)), Err(want));
    }
    for len in 0..=300usize {
        let mut body = vec![0x41u8; len];
        if len >= 8 {
            body[..8].copy_from_slice(b"\x07MESSAGE");
        }
        assert!(s.decode(0, Bytes::from(body)).is_err());
    }
}

#[test]
fn frames_before_ready_are_refused() {
    let k = keys();
    let (mut c, mut s) = pair(&k);
    assert!(c
        .encode_into(false, false, b"x", &mut BytesMut::new())
        .is_err());
    assert!(s.decode(0, Bytes::from_static(b"\x07MESSAGE")).is_err());
    assert_eq!(c.status(), Status::Handshaking);
}

#[test]
fn wrong_server_key_fails_at_hello() {
    let k = keys();
    let (other, _) = curve_keys::keypair().unwrap();
    let (mut c, mut s) = pair_with(&k, &OwnProperties::new(SocketType::Router), other);
    let out = handshake(&mut c, &mut s, Zap::Status(200));
    assert_eq!(out.server, Err(ProtocolError::Cryptographic));
    assert!(out.server_sent.is_empty());
}

#[test]
fn low_order_keys_are_refused() {
    let k = keys();
    // Our own server key option of small order: HELLO cannot be made.
    let (mut c, _) = pair_with(&k, &OwnProperties::new(SocketType::Router), [0; 32]);
    assert_eq!(
        c.next_handshake_command(),
        Err(ProtocolError::Cryptographic)
    );
    assert_eq!(c.status(), Status::Error);

    // A HELLO whose C' has small order.
    let (mut c, mut s) = pair(&k);
    let mut hello = c.next_handshake_command().unwrap().unwrap();
    hello[80..112].fill(0);
    assert_eq!(
        s.process_handshake_command(&hello.freeze()),
        Err(ProtocolError::Cryptographic)
    );

    // A WELCOME (really from the server's key) naming an S' of small order:
    // libzmq asserts in crypto_box_beforenm; here the connection fails.
    let (mut c, _) = pair(&k);
    let hello = c.next_handshake_command().unwrap().unwrap();
    let cn_client: [u8; 32] = hello[80..112].try_into().unwrap();
    let cipher = precompute(&cn_client, &k.server_secret).unwrap();
    let mut welcome = BytesMut::from(&b"\x07WELCOME"[..]);
    welcome.extend_from_slice(&[7u8; 16]);
    seal_into(
        &cipher,
        &nonce(WELCOME_NONCE_PREFIX, &[7u8; 16]),
        &[0u8; 128],
        &mut welcome,
    )
    .unwrap();
    assert_eq!(welcome.len(), WELCOME_SIZE);
    assert_eq!(
        c.process_handshake_command(&welcome.freeze()),
        Err(ProtocolError::Cryptographic)
    );
}

/// Drives a server to the point of waiting for INITIATE, returning the
/// honest client's INITIATE too.
fn server_at_initiate() -> (CurveServer, Bytes) {
    let k = keys();
    let (mut c, mut s) = pair(&k);
    let hello = c.next_handshake_command().unwrap().unwrap().freeze();
    s.process_handshake_command(&hello).unwrap();
    let welcome = s.next_handshake_command().unwrap().unwrap().freeze();
    c.process_handshake_command(&welcome).unwrap();
    let initiate = c.next_handshake_command().unwrap().unwrap().freeze();
    (s, initiate)
}

/// A client waiting for READY, and the server's honest READY.
fn client_at_ready(k: &Keys) -> (CurveClient, Bytes) {
    let (mut c, mut s) = pair(k);
    let hello = c.next_handshake_command().unwrap().unwrap().freeze();
    s.process_handshake_command(&hello).unwrap();
    let welcome = s.next_handshake_command().unwrap().unwrap().freeze();
    c.process_handshake_command(&welcome).unwrap();
    let initiate = c.next_handshake_command().unwrap().unwrap().freeze();
    s.process_handshake_command(&initiate).unwrap();
    s.zap_unavailable().unwrap();
    let ready = s.next_handshake_command().unwrap().unwrap().freeze();
    (c, ready)
}

#[test]
fn malformed_initiates() {
    let (_, honest) = server_at_initiate();
    for len in 0..=300usize.max(honest.len() + 1) {
        let mut body = honest.to_vec();
        body.resize(len, 0x5a);
        let (mut s, _) = server_at_initiate();
        let r = s.process_handshake_command(&Bytes::from(body));
        assert!(r.is_err(), "length {len}");
        assert!(!s.holds_cookie_key());
        assert_eq!(s.status(), Status::Error);
        if (9..INITIATE_MIN).contains(&len) {
            assert_eq!(r, Err(ProtocolError::MalformedInitiate));
        }
    }
    // Every single flipped bit of an honest INITIATE is caught.
    for i in (0..honest.len()).step_by(7) {
        let mut body = honest.to_vec();
        body[i] ^= 0x10;
        let (mut s, _) = server_at_initiate();
        assert!(
            s.process_handshake_command(&Bytes::from(body)).is_err(),
            "byte {i}"
        );
    }
    // An INITIATE for another connection's cookie.
    let (mut s, _) = server_at_initiate();
    let r = s.process_handshake_command(&honest);
    assert_eq!(r, Err(ProtocolError::Cryptographic));
    // Oversized metadata is refused before any work.
    let (mut s, honest) = server_at_initiate();
    let mut body = honest.to_vec();
    body.resize(INITIATE_MIN + 64 * 1024 + 1, 0);
    assert_eq!(
        s.process_handshake_command(&Bytes::from(body)),
        Err(ProtocolError::MalformedInitiate)
    );
}

#[test]
fn malformed_hellos_of_every_length() {
    let k = keys();
    let (mut c, _) = pair(&k);
    let honest = c.next_handshake_command().unwrap().unwrap().freeze();
    for len in 0..=300usize {
        let mut body = honest.to_vec();
        body.resize(len, 0);
        let (_, mut s) = pair(&k);
        let r = s.process_handshake_command(&Bytes::from(body));
        if len == HELLO_SIZE {
            assert_eq!(r, Ok(()));
        } else {
            assert!(r.is_err(), "length {len}");
            if len >= 6 {
                assert_eq!(r, Err(ProtocolError::MalformedHello));
            }
        }
    }
    let mut v = honest.to_vec();
    v[6] = 2;
    let (_, mut s) = pair(&k);
    assert_eq!(
        s.process_handshake_command(&Bytes::from(v)),
        Err(ProtocolError::MalformedHello)
    );
    let (_, mut s) = pair(&k);
    s.process_handshake_command(&honest).unwrap();
    assert_eq!(
        s.process_handshake_command(&honest),
        Err(ProtocolError::UnexpectedCommand)
    );
}

#[test]
fn client_refuses_bad_welcome_ready_and_error() {
    let k = keys();
    let (mut c, _) = pair(&k);
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from(vec![7u8; 168])),
        Err(ProtocolError::UnexpectedCommand)
    );
    let (mut c, _) = pair(&k);
    c.next_handshake_command().unwrap();
    let mut w = b"\x07WELCOME".to_vec();
    w.resize(167, 1);
    assert_eq!(
        c.process_handshake_command(&Bytes::from(w)),
        Err(ProtocolError::Cryptographic)
    );
    let (mut c, _) = pair(&k);
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from_static(
            b"\x05READY\0\0\0\0\0\0\0\x01xxxxxxxxxxxxxxxx"
        )),
        Err(ProtocolError::UnexpectedCommand)
    );
    let (mut c, _) = pair(&k);
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from_static(b"\x05ERROR\x03400")),
        Err(ProtocolError::AuthFailed { status: 400 })
    );
    // READY cut short or tampered.
    let (mut c, ready) = client_at_ready(&k);
    let mut short = ready.to_vec();
    short.truncate(29);
    assert_eq!(
        c.process_handshake_command(&Bytes::from(short)),
        Err(ProtocolError::MalformedReady)
    );
}

#[test]
fn ready_tampered_fails() {
    let k = keys();
    let (mut c, ready) = client_at_ready(&k);
    let mut ready = BytesMut::from(&ready[..]);
    ready[20] ^= 1;
    assert_eq!(
        c.process_handshake_command(&ready.freeze()),
        Err(ProtocolError::Cryptographic)
    );
}

#[test]
fn message_path_does_not_allocate() {
    let (mut c, mut s) = ready_pair();
    // encode_into writes into the caller's buffer: with room reserved, the
    // buffer is neither moved nor grown.
    let body = vec![7u8; 1000];
    let mut out = BytesMut::with_capacity(64 * 1024);
    let base = out.as_ptr();
    for _ in 0..50 {
        c.encode_into(true, false, &body, &mut out).unwrap();
    }
    assert_eq!(out.as_ptr(), base);
    assert_eq!(out.capacity(), 64 * 1024);
    assert_eq!(out.len(), 50 * (9 + 33 + 1000));
    // decode of an unshared body decrypts where it lies: the plaintext is
    // a view into the received allocation.
    let mut wire = BytesMut::new();
    c.encode_into(false, false, &body, &mut wire).unwrap();
    let frame = wire.split_off(9);
    drop(wire);
    let frame = frame.freeze();
    let start = frame.as_ptr() as usize;
    let end = start + frame.len();
    let (_, plain) = s.decode(0, frame).unwrap();
    let p = plain.as_ptr() as usize;
    assert!(p >= start && p < end, "decrypted in place");
    assert_eq!(&plain[..], &body[..]);
}
