//! Two connections wired together in memory with a mechanism and a fake
//! ZAP handler: the hand-off, each ZAP status, and input held while ZAP
//! is asked.

use super::mechanism::{ZapReply, ZapRequest};
use super::tests::{cfg, drain_events, drain_out};
use super::*;
use bytes::{Bytes, BytesMut};
use std::time::Instant;

/// Two connections and what is in flight toward each.
struct Wire {
    client: Connection,
    server: Connection,
    to_client: BytesMut,
    to_server: BytesMut,
    now: Instant,
}

impl Wire {
    fn new(client: Config, server: Config) -> Wire {
        let now = Instant::now();
        let mut w = Wire {
            client: Connection::new(client, now),
            server: Connection::new(server, now),
            to_client: BytesMut::new(),
            to_server: BytesMut::new(),
            now,
        };
        w.pump();
        w
    }

    /// Moves bytes both ways until neither side has anything to say. Input
    /// a side does not consume stays in flight.
    fn pump(&mut self) {
        loop {
            let cs = drain_out(&mut self.client);
            let sc = drain_out(&mut self.server);
            if cs.is_empty() && sc.is_empty() {
                return;
            }
            self.to_server.extend_from_slice(&cs);
            self.to_client.extend_from_slice(&sc);
            self.client.handle_input(self.now, &mut self.to_client);
            self.server.handle_input(self.now, &mut self.to_server);
        }
    }

    /// Answers the server's ZAP request with `reply` and lets the
    /// handshake finish.
    fn zap_answer(&mut self, reply: Result<ZapReply, ProtocolError>) {
        self.server.handle_zap_reply(self.now, reply);
        // The engine hands back the input it held.
        self.server.handle_input(self.now, &mut self.to_server);
        self.pump();
    }
}

fn zap_request_of(events: &[Event]) -> Option<&ZapRequest> {
    events.iter().find_map(|e| match e {
        Event::ZapRequest(r) => Some(r),
        _ => None,
    })
}

fn error_in(events: &[Event]) -> Option<&ProtocolError> {
    events.iter().find_map(|e| match e {
        Event::Error(e) => Some(e),
        _ => None,
    })
}

fn reply(status: u16, user: &'static [u8]) -> ZapReply {
    ZapReply {
        status_code: status,
        status_text: Bytes::from_static(b"text"),
        user_id: Bytes::from_static(user),
        metadata: vec![("Hello".into(), Bytes::from_static(b"World"))],
    }
}

fn null_server_with_domain() -> Config {
    Config {
        zap_domain_set: true,
        zap_enabled: true,
        ..cfg(SocketType::Pull)
    }
}

#[test]
fn null_with_domain_asks_zap_and_holds_input_until_200() {
    let mut w = Wire::new(cfg(SocketType::Push), null_server_with_domain());
    assert!(w.client.is_ready() || !w.server.is_ready());
    let ev = drain_events(&mut w.server);
    let req = zap_request_of(&ev).expect("a ZAP request");
    assert_eq!(req.mechanism, b"NULL");
    assert!(req.credentials.is_empty());
    assert!(w.server.awaiting_zap() && !w.server.is_ready());
    // The client is ready only once the server's READY came, which waits
    // for ZAP; frames it sends meanwhile wait in flight.
    w.client.send_frame_copy(false, b"early").ok();
    w.pump();
    assert!(drain_events(&mut w.server).is_empty());
    w.zap_answer(Ok(reply(200, b"alice")));
    assert!(w.server.is_ready() && w.client.is_ready());
    let props = w.server.zap_properties();
    assert_eq!(props[0], ("User-Id".into(), Bytes::from_static(b"alice")));
    assert_eq!(props[1], ("Hello".into(), Bytes::from_static(b"World")));
    w.client.send_frame_copy(false, b"after").unwrap();
    w.pump();
    let ev = drain_events(&mut w.server);
    assert!(matches!(ev.first(), Some(Event::HandshakeComplete { .. })));
    let bodies: Vec<_> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Frame { body, .. } => Some(body.to_vec()),
            _ => None,
        })
        .collect();
    assert_eq!(bodies.last().map(|b| &b[..]), Some(&b"after"[..]));
}

#[test]
fn zap_400_sends_error_and_both_sides_fail_auth() {
    let mut w = Wire::new(cfg(SocketType::Push), null_server_with_domain());
    drain_events(&mut w.server);
    w.zap_answer(Ok(reply(400, b"")));
    let s = drain_events(&mut w.server);
    assert_eq!(
        error_in(&s),
        Some(&ProtocolError::AuthFailed { status: 400 })
    );
    let c = drain_events(&mut w.client);
    assert_eq!(
        error_in(&c),
        Some(&ProtocolError::AuthFailed { status: 400 })
    );
}

#[test]
fn zap_300_closes_without_error_command() {
    let mut w = Wire::new(cfg(SocketType::Push), null_server_with_domain());
    drain_events(&mut w.server);
    w.zap_answer(Ok(reply(300, b"")));
    let s = drain_events(&mut w.server);
    assert_eq!(
        error_in(&s),
        Some(&ProtocolError::AuthFailed { status: 300 })
    );
    // Nothing was sent: the client still waits for the server's READY.
    assert!(drain_events(&mut w.client).is_empty());
    assert!(!w.client.is_ready() && !w.client.is_failed());
}

#[test]
fn malformed_zap_reply_fails_with_its_code() {
    let mut w = Wire::new(cfg(SocketType::Push), null_server_with_domain());
    drain_events(&mut w.server);
    w.zap_answer(Err(ProtocolError::ZapBadVersion));
    let s = drain_events(&mut w.server);
    assert_eq!(error_in(&s), Some(&ProtocolError::ZapBadVersion));
    assert_eq!(
        ProtocolError::ZapBadVersion.code(),
        error::code::ZAP_BAD_VERSION
    );
}

#[test]
fn no_handler_proceeds_unless_enforced() {
    let mut w = Wire::new(cfg(SocketType::Push), null_server_with_domain());
    drain_events(&mut w.server);
    w.server.zap_unavailable(w.now);
    w.server.handle_input(w.now, &mut w.to_server);
    w.pump();
    assert!(w.server.is_ready() && w.client.is_ready());
    assert!(w.server.zap_properties().is_empty());

    let enforced = Config {
        zap_enforce_domain: true,
        ..null_server_with_domain()
    };
    let mut w = Wire::new(cfg(SocketType::Push), enforced);
    drain_events(&mut w.server);
    w.server.zap_unavailable(w.now);
    let s = drain_events(&mut w.server);
    assert_eq!(error_in(&s), Some(&ProtocolError::NoZapHandler));
}

#[test]
fn a_reply_nobody_asked_for_is_ignored() {
    let mut w = Wire::new(cfg(SocketType::Push), cfg(SocketType::Pull));
    assert!(w.server.is_ready());
    w.server.handle_zap_reply(w.now, Ok(reply(400, b"")));
    w.server.zap_unavailable(w.now);
    assert!(w.server.is_ready());
}

#[test]
fn mechanism_not_provided_fails_the_handshake() {
    let gssapi = Config {
        mechanism: None,
        ..cfg(SocketType::Pull)
    };
    let mut w = Wire::new(cfg(SocketType::Push), gssapi);
    let s = drain_events(&mut w.server);
    assert!(matches!(
        error_in(&s),
        Some(ProtocolError::MechanismMismatch { .. })
    ));
}
