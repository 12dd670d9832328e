//! The NULL mechanism (RFC 37): each side sends READY with its properties
//! and waits for the peer's READY, or an ERROR.

use super::zap::ZapState;
use super::{
    parse_peer_properties, peer_error, split_command, Mechanism, OwnProperties, Status, ZapReply,
    ZapRequest,
};
use crate::zmtp::command::{self, Command};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::frame::Frame;
use crate::zmtp::metadata::{self, Properties};
use crate::zmtp::socket_type::SocketType;
use bytes::{Bytes, BytesMut};

/// The name in the greeting's mechanism field.
pub const NAME: &[u8] = b"NULL";

/// The body of our READY command: `\x05READY`, `Socket-Type`, `Identity`
/// for REQ/DEALER/ROUTER (empty when no routing id is set, as libzmq
/// does), then the application metadata (ZMQ_METADATA, `X-` names).
/// Properties that cannot be encoded are skipped; the option layer refuses
/// them before they get here.
pub fn ready_body(socket_type: SocketType, routing_id: &[u8], app: &[(String, Bytes)]) -> BytesMut {
    let mut b = BytesMut::with_capacity(64);
    b.extend_from_slice(b"\x05READY");
    put_properties(&mut b, socket_type, routing_id, app);
    b
}

/// Appends a socket's properties as every mechanism sends them (libzmq's
/// `add_basic_properties`): `Socket-Type`, `Identity` where the type sends
/// one, then ZMQ_METADATA.
pub fn put_properties(
    b: &mut BytesMut,
    socket_type: SocketType,
    routing_id: &[u8],
    app: &[(String, Bytes)],
) {
    metadata::put_property(b, metadata::SOCKET_TYPE, socket_type.name().as_bytes());
    if socket_type.sends_identity() {
        metadata::put_property(b, metadata::IDENTITY, routing_id);
    }
    for (name, value) in app {
        if metadata::is_encodable(name, value.len()) {
            metadata::put_property(b, name, value);
        }
    }
}

/// NULL behind the [`Mechanism`] trait: READY both ways, with an optional
/// ZAP round first (only when a ZAP domain is set, as libzmq 4.3.4).
#[derive(Debug)]
pub struct NullMechanism {
    own: OwnProperties,
    zap: ZapState,
    ready_sent: bool,
    error_sent: bool,
    peer_ready: bool,
    /// A command or ZAP answer was refused: the handshake is over.
    failed: bool,
    peer: Properties,
}

impl NullMechanism {
    pub fn new(own: &OwnProperties) -> NullMechanism {
        let mut zap = ZapState::default();
        if own.zap_domain_set {
            zap.ask(NAME, Vec::new());
        }
        NullMechanism {
            own: own.clone(),
            zap,
            ready_sent: false,
            error_sent: false,
            peer_ready: false,
            failed: false,
            peer: Properties::new(),
        }
    }
}

impl NullMechanism {
    fn process_command(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        // libzmq's NULL mechanism matches READY and ERROR by prefix and calls
        // anything else, an empty or cut-short command too, unexpected.
        let (name, data) = split_command(body).map_err(|_| ProtocolError::UnexpectedCommand)?;
        if self.peer_ready {
            return Err(ProtocolError::UnexpectedCommand);
        }
        if name == command::READY {
            let data = body.slice_ref(data);
            self.peer = parse_peer_properties(self.own.socket_type, data)?;
            self.peer_ready = true;
            Ok(())
        } else if name == command::ERROR {
            Err(peer_error(data))
        } else {
            Err(ProtocolError::UnexpectedCommand)
        }
    }

    /// Any refusal ends the handshake.
    fn note(&mut self, result: Result<(), ProtocolError>) -> Result<(), ProtocolError> {
        if result.is_err() {
            self.failed = true;
        }
        result
    }
}

impl Mechanism for NullMechanism {
    fn name(&self) -> &'static [u8] {
        NAME
    }

    fn as_server(&self) -> bool {
        false
    }

    fn next_handshake_command(&mut self) -> Result<Option<BytesMut>, ProtocolError> {
        if self.ready_sent || self.error_sent || self.zap.is_waiting() {
            return Ok(None);
        }
        if let Some(error) = self.zap.take_error_command() {
            self.error_sent = true;
            return Ok(Some(error));
        }
        self.ready_sent = true;
        Ok(Some(ready_body(
            self.own.socket_type,
            &self.own.routing_id,
            &self.own.metadata,
        )))
    }

    fn process_handshake_command(&mut self, body: &Bytes) -> Result<(), ProtocolError> {
        let result = self.process_command(body);
        self.note(result)
    }

    fn poll_zap_request(&mut self) -> Option<ZapRequest> {
        self.zap.take_request()
    }

    fn handle_zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtocolError> {
        let result = self.zap.accept(reply).map(|_| ());
        self.note(result)
    }

    fn zap_unavailable(&mut self) -> Result<(), ProtocolError> {
        let result = self.zap.unavailable(!self.own.zap_enforce_domain);
        self.note(result)
    }

    fn status(&self) -> Status {
        if self.error_sent || self.failed {
            Status::Error
        } else if self.ready_sent && self.peer_ready {
            Status::Ready
        } else {
            Status::Handshaking
        }
    }

    fn peer_properties(&self) -> &Properties {
        &self.peer
    }

    fn user_id(&self) -> &Bytes {
        &self.zap.user_id
    }

    fn zap_properties(&self) -> &Properties {
        &self.zap.properties
    }
}

/// Handles one frame of the peer's handshake. The only acceptable frame is
/// a READY command (giving the peer's properties) and the NULL handshake is
/// then complete; ERROR ends it with the peer's reason.
pub fn process(own: SocketType, frame: &Frame) -> Result<Properties, ProtocolError> {
    if !frame.is_command() {
        return Err(ProtocolError::UnexpectedCommand);
    }
    let cmd = Command::parse(&frame.body).ok_or(ProtocolError::UnexpectedCommand)?;
    if cmd.is(command::READY) {
        let props = metadata::parse(&cmd.data)?;
        if let Some(peer) = metadata::get(&props, metadata::SOCKET_TYPE) {
            if !own.accepts_peer(peer) {
                return Err(ProtocolError::IncompatibleSocketType { peer: peer.clone() });
            }
        }
        Ok(props)
    } else if cmd.is(command::ERROR) {
        Err(parse_error(&cmd.data))
    } else {
        Err(ProtocolError::UnexpectedCommand)
    }
}

/// ERROR's data: `reason-size:u8 reason`.
fn parse_error(data: &Bytes) -> ProtocolError {
    let Some(&len) = data.first() else {
        return ProtocolError::MalformedError;
    };
    match data.get(1..).and_then(|r| r.get(..usize::from(len))) {
        Some(reason) => ProtocolError::PeerError {
            reason: data.slice_ref(reason),
        },
        None => ProtocolError::MalformedError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zmtp::frame::FLAG_COMMAND;

    fn cmd(body: &'static [u8]) -> Frame {
        Frame {
            flags: FLAG_COMMAND,
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn ready_for_dealer_with_identity() {
        let b = ready_body(SocketType::Dealer, b"id1", &[]);
        assert_eq!(
            &b[..],
            b"\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER\x08Identity\x00\x00\x00\x03id1"
        );
        let b = ready_body(
            SocketType::Sub,
            b"ignored",
            &[("X-A".into(), Bytes::from_static(b"v"))],
        );
        assert_eq!(
            &b[..],
            b"\x05READY\x0bSocket-Type\x00\x00\x00\x03SUB\x03X-A\x00\x00\x00\x01v"
        );
    }

    #[test]
    fn process_ready_and_errors() {
        let ok = cmd(b"\x05READY\x0bSocket-Type\x00\x00\x00\x03REP");
        let props = process(SocketType::Req, &ok).unwrap();
        assert_eq!(props[0].0, "Socket-Type");
        assert!(matches!(
            process(SocketType::Pub, &ok),
            Err(ProtocolError::IncompatibleSocketType { .. })
        ));
        assert_eq!(
            process(SocketType::Req, &cmd(b"\x05READY\x01")),
            Err(ProtocolError::InvalidMetadata)
        );
        assert_eq!(
            process(SocketType::Req, &cmd(b"\x05ERROR\x03bad")),
            Err(ProtocolError::PeerError {
                reason: Bytes::from_static(b"bad")
            })
        );
        assert_eq!(
            process(SocketType::Req, &cmd(b"\x05ERROR\x04bad")),
            Err(ProtocolError::MalformedError)
        );
        assert_eq!(
            process(SocketType::Req, &cmd(b"\x05ERROR")),
            Err(ProtocolError::MalformedError)
        );
        assert_eq!(
            process(SocketType::Req, &cmd(b"\x04PING\x00\x00")),
            Err(ProtocolError::UnexpectedCommand)
        );
        assert_eq!(
            process(SocketType::Req, &cmd(b"")),
            Err(ProtocolError::UnexpectedCommand)
        );
        let data = Frame {
            flags: 0,
            body: Bytes::from_static(b"\x05READY"),
        };
        assert_eq!(
            process(SocketType::Req, &data),
            Err(ProtocolError::UnexpectedCommand)
        );
    }

    fn zap_reply(status_code: u16) -> ZapReply {
        ZapReply {
            status_code,
            status_text: Bytes::new(),
            user_id: Bytes::from_static(b"u"),
            metadata: Properties::new(),
        }
    }

    #[test]
    fn trait_handshake_without_zap() {
        let mut m = NullMechanism::new(&OwnProperties::new(SocketType::Req));
        assert!(m.poll_zap_request().is_none());
        assert_eq!(m.status(), Status::Handshaking);
        let ready = m.next_handshake_command().unwrap().unwrap();
        assert_eq!(&ready[..], &ready_body(SocketType::Req, b"", &[])[..]);
        assert!(m.next_handshake_command().unwrap().is_none());
        m.process_handshake_command(&Bytes::from_static(
            b"\x05READY\x0bSocket-Type\x00\x00\x00\x03REP",
        ))
        .unwrap();
        assert_eq!(m.status(), Status::Ready);
        assert_eq!(m.peer_properties().len(), 1);
        assert!(!m.wraps_frames());
        assert_eq!(
            m.process_handshake_command(&Bytes::from_static(b"\x05READY")),
            Err(ProtocolError::UnexpectedCommand)
        );
    }

    #[test]
    fn trait_handshake_with_zap() {
        let mut own = OwnProperties::new(SocketType::Rep);
        own.zap_domain_set = true;
        let mut m = NullMechanism::new(&own);
        assert!(m.next_handshake_command().unwrap().is_none());
        let req = m.poll_zap_request().unwrap();
        assert_eq!(req.mechanism, b"NULL");
        assert!(req.credentials.is_empty());
        assert!(m.poll_zap_request().is_none());
        m.handle_zap_reply(zap_reply(200)).unwrap();
        assert!(m.next_handshake_command().unwrap().is_some());
        assert_eq!(&m.user_id()[..], b"u");

        let mut m = NullMechanism::new(&own);
        m.poll_zap_request().unwrap();
        m.handle_zap_reply(zap_reply(400)).unwrap();
        let err = m.next_handshake_command().unwrap().unwrap();
        assert_eq!(&err[..], b"\x05ERROR\x03400");
        assert_eq!(m.status(), Status::Error);
        assert!(m.next_handshake_command().unwrap().is_none());

        let mut m = NullMechanism::new(&own);
        assert_eq!(
            m.handle_zap_reply(zap_reply(300)),
            Err(ProtocolError::AuthFailed { status: 300 })
        );

        let mut m = NullMechanism::new(&own);
        m.zap_unavailable().unwrap();
        assert!(m.next_handshake_command().unwrap().is_some());
        own.zap_enforce_domain = true;
        let mut m = NullMechanism::new(&own);
        assert_eq!(m.zap_unavailable(), Err(ProtocolError::NoZapHandler));
    }

    #[test]
    fn trait_peer_error() {
        let mut m = NullMechanism::new(&OwnProperties::new(SocketType::Req));
        assert_eq!(
            m.process_handshake_command(&Bytes::from_static(b"\x05ERROR\x03500")),
            Err(ProtocolError::AuthFailed { status: 500 })
        );
        assert_eq!(
            m.process_handshake_command(&Bytes::from_static(b"\x05ERROR\x02no")),
            Err(ProtocolError::PeerError {
                reason: Bytes::from_static(b"no")
            })
        );
        assert_eq!(
            m.process_handshake_command(&Bytes::from_static(b"\x04PING\x00\x00")),
            Err(ProtocolError::UnexpectedCommand)
        );
    }
}
