//! Why a ZMTP connection failed.
//!
//! Every failure is fatal to the one connection it happened on: the engine
//! drops that connection, reports it on the monitor, and nothing else.

use bytes::Bytes;
use std::fmt;

/// `ZMQ_PROTOCOL_ERROR_*` values from zmq.h, the payload of
/// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL` monitor events.
pub mod code {
    pub const ZMTP_UNSPECIFIED: i32 = 0x1000_0000;
    pub const ZMTP_UNEXPECTED_COMMAND: i32 = 0x1000_0001;
    pub const ZMTP_INVALID_SEQUENCE: i32 = 0x1000_0002;
    pub const ZMTP_KEY_EXCHANGE: i32 = 0x1000_0003;
    pub const ZMTP_MALFORMED_COMMAND_UNSPECIFIED: i32 = 0x1000_0011;
    pub const ZMTP_MALFORMED_COMMAND_MESSAGE: i32 = 0x1000_0012;
    pub const ZMTP_MALFORMED_COMMAND_HELLO: i32 = 0x1000_0013;
    pub const ZMTP_MALFORMED_COMMAND_INITIATE: i32 = 0x1000_0014;
    pub const ZMTP_MALFORMED_COMMAND_ERROR: i32 = 0x1000_0015;
    pub const ZMTP_MALFORMED_COMMAND_READY: i32 = 0x1000_0016;
    pub const ZMTP_MALFORMED_COMMAND_WELCOME: i32 = 0x1000_0017;
    pub const ZMTP_INVALID_METADATA: i32 = 0x1000_0018;
    pub const ZMTP_CRYPTOGRAPHIC: i32 = 0x1100_0001;
    pub const ZMTP_MECHANISM_MISMATCH: i32 = 0x1100_0002;
    pub const WS_UNSPECIFIED: i32 = 0x3000_0000;
}

/// A fatal protocol failure on one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    /// The peer's first bytes are not a ZMTP 2.0+ signature (byte 0 is not
    /// 0xFF or byte 9 lacks bit 0), so it speaks ZMTP 1.0, and this
    /// connection refuses 1.0 (ZAP is in use, as libzmq refuses it then).
    Unversioned,
    /// The peer announced a ZMTP 1.0/2.0 revision and this connection
    /// refuses those (ZAP is in use).
    UnsupportedVersion { major: u8 },
    /// The peer's greeting names another security mechanism.
    MechanismMismatch { peer: [u8; 20] },
    /// A command (or a data frame) the handshake does not allow here.
    UnexpectedCommand,
    /// A command frame whose name is cut short.
    MalformedCommand,
    /// An ERROR command whose reason is cut short.
    MalformedError,
    /// READY's property list is cut short or has trailing bytes.
    InvalidMetadata,
    /// The peer's Socket-Type cannot talk to ours (libzmq reports this as
    /// ZMTP_INVALID_METADATA).
    IncompatibleSocketType { peer: Bytes },
    /// The peer sent ERROR during the handshake; its reason, verbatim.
    PeerError { reason: Bytes },
    /// A frame's flags byte has a reserved bit (7..3) set.
    ReservedFlags { flags: u8 },
    /// A ZMTP 1.0 frame with a length of 0: the length counts the flags
    /// byte, so it is at least 1 (libzmq fails these with EPROTO).
    MalformedFrame,
    /// A frame announces more than ZMQ_MAXMSGSIZE allows, or more than this
    /// machine can address.
    MessageTooLarge { size: u64 },
    /// ZMQ_HANDSHAKE_IVL passed before the handshake completed.
    HandshakeTimeout,
    /// We sent PING and heard nothing for ZMQ_HEARTBEAT_TIMEOUT.
    HeartbeatTimeout,
    /// The peer's PING promised traffic within its TTL and none came.
    HeartbeatTtlExpired,
    /// ws://: a bad HTTP upgrade (libzmq: ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED).
    WsHandshake,
    /// ws://: a WebSocket frame libzmq would not accept either.
    WsFrame,
}

impl ProtocolError {
    /// The `ZMQ_PROTOCOL_ERROR_*` value libzmq reports for this failure.
    pub fn code(&self) -> i32 {
        use ProtocolError::*;
        match self {
            MechanismMismatch { .. } => code::ZMTP_MECHANISM_MISMATCH,
            UnexpectedCommand => code::ZMTP_UNEXPECTED_COMMAND,
            MalformedCommand => code::ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
            MalformedError => code::ZMTP_MALFORMED_COMMAND_ERROR,
            InvalidMetadata | IncompatibleSocketType { .. } => code::ZMTP_INVALID_METADATA,
            WsHandshake | WsFrame => code::WS_UNSPECIFIED,
            Unversioned
            | UnsupportedVersion { .. }
            | PeerError { .. }
            | ReservedFlags { .. }
            | MalformedFrame
            | MessageTooLarge { .. }
            | HandshakeTimeout
            | HeartbeatTimeout
            | HeartbeatTtlExpired => code::ZMTP_UNSPECIFIED,
        }
    }

    /// The errno libzmq's engine sees for this failure.
    pub fn errno(&self) -> i32 {
        use ProtocolError::*;
        match self {
            MessageTooLarge { .. } => libc_consts::EMSGSIZE,
            IncompatibleSocketType { .. } => libc_consts::EINVAL,
            HandshakeTimeout | HeartbeatTimeout | HeartbeatTtlExpired => libc_consts::ETIMEDOUT,
            _ => libc_consts::EPROTO,
        }
    }

    /// Whether libzmq reports this as `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`
    /// (a handshake command was wrong) rather than a plain disconnect.
    pub fn is_handshake_protocol_failure(&self) -> bool {
        use ProtocolError::*;
        matches!(
            self,
            MechanismMismatch { .. }
                | UnexpectedCommand
                | MalformedCommand
                | MalformedError
                | InvalidMetadata
                | IncompatibleSocketType { .. }
                | WsHandshake
        )
    }
}

/// Linux errno values; this module depends on std and `bytes` only.
mod libc_consts {
    pub const EINVAL: i32 = 22;
    pub const EMSGSIZE: i32 = 90;
    pub const EPROTO: i32 = 71;
    pub const ETIMEDOUT: i32 = 110;
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ProtocolError::*;
        match self {
            Unversioned => write!(f, "ZMTP 1.0 peer refused"),
            UnsupportedVersion { major } => write!(f, "ZMTP revision {major} peer refused"),
            MechanismMismatch { .. } => write!(f, "security mechanism mismatch"),
            UnexpectedCommand => write!(f, "unexpected command during handshake"),
            MalformedCommand => write!(f, "malformed command"),
            MalformedError => write!(f, "malformed ERROR command"),
            InvalidMetadata => write!(f, "invalid metadata in READY"),
            IncompatibleSocketType { peer } => {
                write!(
                    f,
                    "incompatible peer socket type {:?}",
                    String::from_utf8_lossy(peer)
                )
            }
            PeerError { reason } => {
                write!(f, "peer sent ERROR: {}", String::from_utf8_lossy(reason))
            }
            ReservedFlags { flags } => write!(f, "reserved frame flag bits set: {flags:#04x}"),
            MalformedFrame => write!(f, "ZMTP 1.0 frame of length 0"),
            MessageTooLarge { size } => write!(f, "frame of {size} bytes exceeds the limit"),
            HandshakeTimeout => write!(f, "handshake timed out"),
            HeartbeatTimeout => write!(f, "heartbeat timed out"),
            HeartbeatTtlExpired => write!(f, "peer heartbeat TTL expired"),
            WsHandshake => write!(f, "bad WebSocket upgrade"),
            WsFrame => write!(f, "bad WebSocket frame"),
        }
    }
}

impl std::error::Error for ProtocolError {}
