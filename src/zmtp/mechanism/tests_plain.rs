//! PLAIN handshakes in memory, byte-exact commands, and hostile HELLOs.

use super::plain::{PlainClient, PlainServer};
use super::tests_support::{handshake, prop, Zap};
use super::{Mechanism, OwnProperties, SecretBytes, Status};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::socket_type::SocketType;
use bytes::Bytes;

fn pair() -> (PlainClient, PlainServer) {
    let mut own = OwnProperties::new(SocketType::Dealer);
    own.routing_id = Bytes::from_static(b"me");
    own.metadata = vec![("X-Hello".into(), Bytes::from_static(b"world"))];
    let client = PlainClient::new(
        &own,
        Bytes::from_static(b"admin"),
        SecretBytes(b"secret".to_vec()),
    );
    let server = PlainServer::new(&OwnProperties::new(SocketType::Router));
    (client, server)
}

#[test]
fn handshake_with_zap_200() {
    let (mut c, mut s) = pair();
    let out = handshake(&mut c, &mut s, Zap::Status(200));
    assert_eq!(out.client, Ok(Status::Ready));
    assert_eq!(out.server, Ok(Status::Ready));
    assert_eq!(&out.client_sent[0][..], b"\x05HELLO\x05admin\x06secret");
    assert_eq!(&out.server_sent[0][..], b"\x07WELCOME");
    assert!(out.client_sent[1].starts_with(b"\x08INITIATE\x0bSocket-Type\x00\x00\x00\x06DEALER"));
    assert!(out.server_sent[1].starts_with(b"\x05READY\x0bSocket-Type\x00\x00\x00\x06ROUTER"));
    assert_eq!(out.zap_requests.len(), 1);
    assert_eq!(out.zap_requests[0].mechanism, b"PLAIN");
    assert_eq!(
        out.zap_requests[0].credentials,
        vec![Bytes::from_static(b"admin"), Bytes::from_static(b"secret")]
    );
    assert_eq!(prop(s.peer_properties(), "Identity"), Some(&b"me"[..]));
    assert_eq!(prop(s.peer_properties(), "X-Hello"), Some(&b"world"[..]));
    assert_eq!(
        prop(c.peer_properties(), "Socket-Type"),
        Some(&b"ROUTER"[..])
    );
    assert_eq!(&s.user_id()[..], b"alice");
    assert_eq!(prop(s.zap_properties(), "X-Role"), Some(&b"admin"[..]));
    assert!(!s.wraps_frames() && !c.wraps_frames());
}

#[test]
fn zap_refusals() {
    for status in [400u16, 500] {
        let (mut c, mut s) = pair();
        let out = handshake(&mut c, &mut s, Zap::Status(status));
        assert_eq!(out.server, Ok(Status::Error));
        assert_eq!(
            &out.server_sent[0][..],
            format!("\x05ERROR\x03{status}").as_bytes()
        );
        assert_eq!(out.client, Err(ProtocolError::AuthFailed { status }));
        assert_eq!(c.status(), Status::Error);
    }
    let (mut c, mut s) = pair();
    let out = handshake(&mut c, &mut s, Zap::Status(300));
    assert_eq!(out.server, Err(ProtocolError::AuthFailed { status: 300 }));
    assert!(out.server_sent.is_empty());
    assert_eq!(out.client, Ok(Status::Handshaking));
}

#[test]
fn no_zap_handler_fails_silently() {
    let (mut c, mut s) = pair();
    let out = handshake(&mut c, &mut s, Zap::Unavailable);
    assert_eq!(out.server, Err(ProtocolError::NoZapHandler));
    assert_eq!(ProtocolError::NoZapHandler.errno(), 14);
    assert!(out.server_sent.is_empty());
    assert_eq!(s.status(), Status::Error);
}

#[test]
fn malformed_hellos() {
    let cases: &[(&[u8], ProtocolError)] = &[
        (b"\x05HELLO", ProtocolError::MalformedHello),
        (b"\x05HELLO\x01", ProtocolError::MalformedHello),
        (b"\x05HELLO\x01a", ProtocolError::MalformedHello),
        (b"\x05HELLO\x01a\x02b", ProtocolError::MalformedHello),
        (b"\x05HELLO\x01a\x01bc", ProtocolError::MalformedHello),
        (b"\x05HELLO\x05ab", ProtocolError::MalformedHello),
        (b"\x05HELLp\x00\x00", ProtocolError::UnexpectedCommand),
        (b"\x08INITIATE", ProtocolError::UnexpectedCommand),
        (b"\x09HELLO", ProtocolError::MalformedCommand),
        (b"", ProtocolError::MalformedCommand),
    ];
    for (body, want) in cases {
        let mut s = PlainServer::new(&OwnProperties::new(SocketType::Rep));
        assert_eq!(
            s.process_handshake_command(&Bytes::copy_from_slice(body))
                .as_ref(),
            Err(want),
            "{body:?}"
        );
        assert_eq!(s.status(), Status::Error);
        assert!(s.poll_zap_request().is_none());
    }
    let mut s = PlainServer::new(&OwnProperties::new(SocketType::Rep));
    s.process_handshake_command(&Bytes::from_static(b"\x05HELLO\x00\x00"))
        .unwrap();
    let req = s.poll_zap_request().unwrap();
    assert_eq!(req.credentials, vec![Bytes::new(), Bytes::new()]);
}

#[test]
fn client_refuses_out_of_order_and_bad_commands() {
    let (mut c, _) = pair();
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from_static(b"\x07WELCOMEx")),
        Err(ProtocolError::MalformedWelcome)
    );
    let (mut c, _) = pair();
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from_static(b"\x05READY")),
        Err(ProtocolError::UnexpectedCommand)
    );
    let (mut c, _) = pair();
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from_static(b"\x05ERROR\x09")),
        Err(ProtocolError::MalformedError)
    );
    let (mut c, _) = pair();
    c.next_handshake_command().unwrap();
    c.process_handshake_command(&Bytes::from_static(b"\x07WELCOME"))
        .unwrap();
    c.next_handshake_command().unwrap();
    assert_eq!(
        c.process_handshake_command(&Bytes::from_static(
            b"\x05READY\x0bSocket-Type\x00\x00\x00\x03PUB"
        )),
        Err(ProtocolError::IncompatibleSocketType {
            peer: Bytes::from_static(b"PUB")
        })
    );
}

#[test]
fn every_short_body_is_refused_without_panic() {
    for len in 0..=300usize {
        for fill in [0u8, 5, 0xff] {
            let mut body = vec![fill; len];
            if len >= 6 {
                body[..6].copy_from_slice(b"\x05HELLO");
            }
            let body = Bytes::from(body);
            let mut s = PlainServer::new(&OwnProperties::new(SocketType::Rep));
            let _ = s.process_handshake_command(&body);
            let _ = s.process_handshake_command(&body);
            let (mut c, _) = pair();
            let _ = c.next_handshake_command();
            let _ = c.process_handshake_command(&body);
        }
    }
}
