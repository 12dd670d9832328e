//! The NULL mechanism (RFC 37): each side sends READY with its properties
//! and waits for the peer's READY, or an ERROR.

use crate::zmtp::command::{self, Command};
use crate::zmtp::error::ProtocolError;
use crate::zmtp::frame::Frame;
use crate::zmtp::metadata::{self, Properties};
use crate::zmtp::socket_type::SocketType;
use bytes::{BufMut, Bytes, BytesMut};

/// The name in the greeting's mechanism field.
pub const NAME: &[u8] = b"NULL";

/// The body of our READY command: `\x05READY`, `Socket-Type`, `Identity`
/// for REQ/DEALER/ROUTER (empty when no routing id is set, as libzmq
/// does), then the application metadata (ZMQ_METADATA, `X-` names).
/// Properties that cannot be encoded are skipped; the option layer refuses
/// them before they get here.
pub fn ready_body(socket_type: SocketType, routing_id: &[u8], app: &[(String, Bytes)]) -> BytesMut {
    let mut b = BytesMut::with_capacity(64);
    b.put_u8(command::READY.len() as u8);
    b.extend_from_slice(command::READY);
    metadata::put_property(&mut b, metadata::SOCKET_TYPE, socket_type.name().as_bytes());
    if socket_type.sends_identity() {
        metadata::put_property(&mut b, metadata::IDENTITY, routing_id);
    }
    for (name, value) in app {
        if metadata::is_encodable(name, value.len()) {
            metadata::put_property(&mut b, name, value);
        }
    }
    b
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
    let end = 1 + usize::from(len);
    if data.len() < end {
        return ProtocolError::MalformedError;
    }
    ProtocolError::PeerError {
        reason: data.slice(1..end),
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
}
