//! Security mechanisms (RFC 37/23 "Authentication and Confidentiality"):
//! NULL, PLAIN (RFC 24) and CURVE (RFC 26), each a sans-IO state machine
//! behind [`Mechanism`], built per connection by [`build`].
//!
//! The connection feeds the peer's handshake command bodies to
//! [`Mechanism::process_handshake_command`], sends whatever
//! [`Mechanism::next_handshake_command`] yields, forwards
//! [`Mechanism::poll_zap_request`] to the ZAP handler (RFC 27) and hands
//! its answer back with [`Mechanism::handle_zap_reply`] (or
//! [`Mechanism::zap_unavailable`] when no handler is bound), until
//! [`Mechanism::status`] is `Ready` or `Error`. After `Ready`, a mechanism
//! whose [`Mechanism::wraps_frames`] is true (CURVE) turns every frame into
//! a MESSAGE box and back.
//!
//! Nothing here panics on peer input, and nothing is allocated from a size
//! the peer announces before that size is checked against a bound.

#![forbid(unsafe_code)]
// Peer input must never panic; tests may.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::arithmetic_side_effects
    )
)]

mod curve_box;
pub mod curve_client;
pub mod curve_server;
#[doc(hidden)]
pub mod fuzzing;
pub mod null;
pub mod plain;
mod zap;

#[cfg(test)]
mod tests_curve;
#[cfg(test)]
mod tests_plain;
#[cfg(test)]
mod tests_support;

use crate::zmtp::error::ProtocolError;
use crate::zmtp::metadata::Properties;
use crate::zmtp::socket_type::SocketType;
use bytes::{Bytes, BytesMut};
use zeroize::{Zeroize, ZeroizeOnDrop};

pub use zap::{ZapReply, ZapRequest};

/// Where a mechanism's handshake stands (libzmq's `mechanism_t::status_t`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Handshaking,
    Ready,
    Error,
}

/// A 32-byte secret (a CURVE secret key): wiped when dropped, never
/// printed.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret32(pub [u8; 32]);

impl std::fmt::Debug for Secret32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret32(..)")
    }
}

/// A password or other secret byte string, wiped when dropped.
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretBytes(pub Vec<u8>);

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretBytes({} bytes)", self.0.len())
    }
}

/// Per-connection settings a mechanism is built from (the socket's
/// ZMQ_PLAIN_* / ZMQ_CURVE_* options).
#[derive(Debug, Clone)]
pub enum MechanismConfig {
    Null,
    PlainClient {
        username: Bytes,
        password: SecretBytes,
    },
    PlainServer,
    CurveClient {
        public: [u8; 32],
        secret: Secret32,
        server_public: [u8; 32],
    },
    CurveServer {
        public: [u8; 32],
        secret: Secret32,
    },
}

/// What a mechanism says about its own socket in READY/INITIATE, and the
/// socket's ZAP settings.
#[derive(Debug, Clone)]
pub struct OwnProperties {
    pub socket_type: SocketType,
    /// ZMQ_ROUTING_ID (sent as `Identity` by REQ, DEALER and ROUTER).
    pub routing_id: Bytes,
    /// ZMQ_METADATA properties (`X-` names), in the order set.
    pub metadata: Vec<(String, Bytes)>,
    /// ZMQ_ZAP_DOMAIN is not empty: NULL asks ZAP, CURVE asks ZAP even
    /// with ZMQ_ZAP_ENFORCE_DOMAIN.
    pub zap_domain_set: bool,
    /// ZMQ_ZAP_ENFORCE_DOMAIN.
    pub zap_enforce_domain: bool,
}

impl OwnProperties {
    /// A socket of `socket_type` with no routing id, metadata or ZAP domain.
    pub fn new(socket_type: SocketType) -> OwnProperties {
        OwnProperties {
            socket_type,
            routing_id: Bytes::new(),
            metadata: Vec::new(),
            zap_domain_set: false,
            zap_enforce_domain: false,
        }
    }
}

/// One connection's security mechanism.
pub trait Mechanism: Send + std::fmt::Debug {
    /// The greeting's mechanism name (b"NULL", b"PLAIN", b"CURVE").
    fn name(&self) -> &'static [u8];
    /// The greeting's as-server bit (PLAIN/CURVE server: true; NULL: false).
    fn as_server(&self) -> bool;
    /// The next handshake command to send (the whole command body, e.g.
    /// `\x05HELLO...`), or None when nothing is due now. Called after every
    /// input and after a ZAP reply until it returns None.
    fn next_handshake_command(&mut self) -> Result<Option<BytesMut>, ProtocolError>;
    /// One handshake command frame's body from the peer.
    fn process_handshake_command(&mut self, body: &Bytes) -> Result<(), ProtocolError>;
    /// Server side (and NULL with a ZAP domain): the ZAP request to send
    /// now, returned once. The handshake waits until `handle_zap_reply` or
    /// `zap_unavailable`.
    fn poll_zap_request(&mut self) -> Option<ZapRequest>;
    /// The ZAP handler's reply. 200 continues; 300 is
    /// `Err(AuthFailed { status: 300 })` (close silently); 400/500 queue an
    /// ERROR command for the peer (the next `next_handshake_command`), after
    /// which the status is `Error`.
    fn handle_zap_reply(&mut self, reply: ZapReply) -> Result<(), ProtocolError>;
    /// No ZAP handler is bound: proceed (CURVE, NULL) or
    /// `Err(NoZapHandler)` (PLAIN; CURVE/NULL with ZMQ_ZAP_ENFORCE_DOMAIN),
    /// as libzmq 4.3.4.
    fn zap_unavailable(&mut self) -> Result<(), ProtocolError>;
    fn status(&self) -> Status;
    /// The peer's properties (READY/INITIATE metadata) once Ready.
    fn peer_properties(&self) -> &Properties;
    /// The ZAP User-Id once Ready (empty when ZAP was not used).
    fn user_id(&self) -> &Bytes;
    /// The ZAP reply's metadata once Ready.
    fn zap_properties(&self) -> &Properties;
    /// After Ready: whether frames are boxed (CURVE). When false,
    /// `encode_into` and `decode` are never called.
    fn wraps_frames(&self) -> bool {
        false
    }
    /// After Ready (CURVE): append to `out` the complete wire frame (ZMTP
    /// header + MESSAGE body) carrying this frame, MORE/COMMAND inside the
    /// box as libzmq 4.3 puts them. No allocation beyond growing `out`.
    fn encode_into(
        &mut self,
        more: bool,
        command: bool,
        body: &[u8],
        out: &mut BytesMut,
    ) -> Result<(), ProtocolError> {
        let _ = (more, command, body, out);
        Err(ProtocolError::UnexpectedCommand)
    }
    /// After Ready (CURVE): one received wire frame's flags and body ->
    /// the inner frame as (ZMTP frame flags: `frame::FLAG_MORE` and/or
    /// `frame::FLAG_COMMAND`, body). A replayed or old nonce is
    /// `Err(InvalidSequence)`, a box that does not open `Err(Cryptographic)`.
    fn decode(&mut self, flags: u8, body: Bytes) -> Result<(u8, Bytes), ProtocolError> {
        let _ = (flags, body);
        Err(ProtocolError::UnexpectedCommand)
    }
}

/// The mechanism for one new connection.
pub fn build(
    cfg: &MechanismConfig,
    own: &OwnProperties,
) -> Result<Box<dyn Mechanism>, ProtocolError> {
    match cfg {
        MechanismConfig::Null => Ok(Box::new(null::NullMechanism::new(own))),
        MechanismConfig::PlainClient { username, password } => Ok(Box::new(
            plain::PlainClient::new(own, username.clone(), password.clone()),
        )),
        MechanismConfig::PlainServer => Ok(Box::new(plain::PlainServer::new(own))),
        MechanismConfig::CurveClient {
            public,
            secret,
            server_public,
        } => Ok(Box::new(curve_client::CurveClient::new(
            own,
            *public,
            secret.clone(),
            *server_public,
        )?)),
        MechanismConfig::CurveServer { public, secret } => Ok(Box::new(
            curve_server::CurveServer::new(own, *public, secret.clone())?,
        )),
    }
}

/// Splits a handshake command body as libzmq's
/// `check_basic_command_structure` does: at least 2 bytes, and the name
/// fits. Returns (name, data).
pub(crate) fn split_command(body: &Bytes) -> Result<(&[u8], &[u8]), ProtocolError> {
    let (&name_len, rest) = body.split_first().ok_or(ProtocolError::MalformedCommand)?;
    if rest.is_empty() {
        return Err(ProtocolError::MalformedCommand);
    }
    let name_len = usize::from(name_len);
    if rest.len() < name_len {
        return Err(ProtocolError::MalformedCommand);
    }
    Ok(rest.split_at(name_len))
}

/// The peer's ERROR command data (`reason-size reason`) as the failure it
/// reports: a ZAP status ("300", "400", "500") is `AuthFailed`, as libzmq's
/// `handle_error_reason` reports HANDSHAKE_FAILED_AUTH.
pub(crate) fn peer_error(data: &[u8]) -> ProtocolError {
    let Some((&len, rest)) = data.split_first() else {
        return ProtocolError::MalformedError;
    };
    let Some(reason) = rest.get(..usize::from(len)) else {
        return ProtocolError::MalformedError;
    };
    if let [digit @ b'3'..=b'5', b'0', b'0'] = reason {
        return ProtocolError::AuthFailed {
            status: u16::from(digit.saturating_sub(b'0')).saturating_mul(100),
        };
    }
    ProtocolError::PeerError {
        reason: Bytes::copy_from_slice(reason),
    }
}

/// Parses the peer's READY/INITIATE properties and checks its
/// Socket-Type against ours.
pub(crate) fn parse_peer_properties(
    own: SocketType,
    data: Bytes,
) -> Result<Properties, ProtocolError> {
    use crate::zmtp::metadata;
    let props = metadata::parse(&data)?;
    if let Some(peer) = metadata::get(&props, metadata::SOCKET_TYPE) {
        if !own.accepts_peer(peer) {
            return Err(ProtocolError::IncompatibleSocketType { peer: peer.clone() });
        }
    }
    Ok(props)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_command_checks_structure() {
        let ok = Bytes::from_static(b"\x05READYx");
        assert_eq!(split_command(&ok), Ok((&b"READY"[..], &b"x"[..])));
        for bad in [&b""[..], b"\x00", b"\x05", b"\x05READ"] {
            assert_eq!(
                split_command(&Bytes::copy_from_slice(bad)),
                Err(ProtocolError::MalformedCommand)
            );
        }
    }

    #[test]
    fn peer_error_reasons() {
        assert_eq!(
            peer_error(b"\x03400"),
            ProtocolError::AuthFailed { status: 400 }
        );
        assert_eq!(
            peer_error(b"\x03300"),
            ProtocolError::AuthFailed { status: 300 }
        );
        assert_eq!(
            peer_error(b"\x03200"),
            ProtocolError::PeerError {
                reason: Bytes::from_static(b"200")
            }
        );
        assert_eq!(peer_error(b"\x04400"), ProtocolError::MalformedError);
        assert_eq!(peer_error(b""), ProtocolError::MalformedError);
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret32([7; 32]);
        assert_eq!(format!("{s:?}"), "Secret32(..)");
        let p = SecretBytes(b"hunter2".to_vec());
        assert!(!format!("{p:?}").contains("hunter2"));
    }
}
