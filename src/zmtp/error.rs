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
    pub const ZAP_UNSPECIFIED: i32 = 0x2000_0000;
    pub const ZAP_MALFORMED_REPLY: i32 = 0x2000_0001;
    pub const ZAP_BAD_REQUEST_ID: i32 = 0x2000_0002;
    pub const ZAP_BAD_VERSION: i32 = 0x2000_0003;
    pub const ZAP_INVALID_STATUS_CODE: i32 = 0x2000_0004;
    pub const ZAP_INVALID_METADATA: i32 = 0x2000_0005;
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
    UnsupportedVersion {
        major: u8,
    },
    /// The peer's greeting names another security mechanism.
    MechanismMismatch {
        peer: [u8; 20],
    },
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
    IncompatibleSocketType {
        peer: Bytes,
    },
    /// The peer sent ERROR during the handshake; its reason, verbatim.
    PeerError {
        reason: Bytes,
    },
    /// A frame's flags byte has a reserved bit (7..3) set.
    ReservedFlags {
        flags: u8,
    },
    /// A ZMTP 1.0 frame with a length of 0: the length counts the flags
    /// byte, so it is at least 1 (libzmq fails these with EPROTO).
    MalformedFrame,
    /// A frame announces more than ZMQ_MAXMSGSIZE allows, or more than this
    /// machine can address.
    MessageTooLarge {
        size: u64,
    },
    /// ZMQ_HANDSHAKE_IVL passed before the handshake completed.
    HandshakeTimeout,
    /// We sent PING and heard nothing for ZMQ_HEARTBEAT_TIMEOUT.
    HeartbeatTimeout,
    /// The peer's PING promised traffic within its TTL and none came.
    HeartbeatTtlExpired,
    /// A CURVE MESSAGE (or handshake command) whose short nonce is not
    /// above the last one seen: a replay or reordering.
    InvalidSequence,
    /// A box that does not open (wrong key, tampered bytes), a cookie that
    /// is not ours, or a peer key whose shared secret is all zero.
    Cryptographic,
    /// The vouch inside INITIATE does not name the client's short-term key.
    KeyExchange,
    /// A HELLO of the wrong size, version or layout.
    MalformedHello,
    /// A WELCOME of the wrong size.
    MalformedWelcome,
    /// An INITIATE too short, or with metadata over the bound.
    MalformedInitiate,
    /// A READY too short (CURVE) or too large.
    MalformedReady,
    /// A CURVE MESSAGE too short to hold a nonce, a tag and the flags byte.
    MalformedMessage,
    /// A ZAP reply that fails RFC 27's checks (the engine side finds these).
    ZapUnspecified,
    ZapMalformedReply,
    ZapBadRequestId,
    ZapBadVersion,
    ZapInvalidStatusCode,
    ZapInvalidMetadata,
    /// The ZAP handler answered 300, 400 or 500 (server side), or the peer
    /// sent ERROR with such a code (client side): libzmq reports
    /// ZMQ_EVENT_HANDSHAKE_FAILED_AUTH with this status.
    AuthFailed {
        status: u16,
    },
    /// The mechanism needs a ZAP handler and none is bound (PLAIN server,
    /// or ZMQ_ZAP_ENFORCE_DOMAIN): libzmq reports
    /// ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL with EFAULT.
    NoZapHandler,
    /// The system's random source failed while making keys or nonces.
    Randomness,
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
            InvalidSequence => code::ZMTP_INVALID_SEQUENCE,
            Cryptographic => code::ZMTP_CRYPTOGRAPHIC,
            KeyExchange => code::ZMTP_KEY_EXCHANGE,
            MalformedHello => code::ZMTP_MALFORMED_COMMAND_HELLO,
            MalformedWelcome => code::ZMTP_MALFORMED_COMMAND_WELCOME,
            MalformedInitiate => code::ZMTP_MALFORMED_COMMAND_INITIATE,
            MalformedReady => code::ZMTP_MALFORMED_COMMAND_READY,
            MalformedMessage => code::ZMTP_MALFORMED_COMMAND_MESSAGE,
            ZapUnspecified => code::ZAP_UNSPECIFIED,
            ZapMalformedReply => code::ZAP_MALFORMED_REPLY,
            ZapBadRequestId => code::ZAP_BAD_REQUEST_ID,
            ZapBadVersion => code::ZAP_BAD_VERSION,
            ZapInvalidStatusCode => code::ZAP_INVALID_STATUS_CODE,
            ZapInvalidMetadata => code::ZAP_INVALID_METADATA,
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
            | HeartbeatTtlExpired
            | AuthFailed { .. }
            | NoZapHandler
            | Randomness => code::ZMTP_UNSPECIFIED,
        }
    }

    /// The errno libzmq's engine sees for this failure.
    pub fn errno(&self) -> i32 {
        use ProtocolError::*;
        match self {
            MessageTooLarge { .. } => libc_consts::EMSGSIZE,
            IncompatibleSocketType { .. } => libc_consts::EINVAL,
            HandshakeTimeout | HeartbeatTimeout | HeartbeatTtlExpired => libc_consts::ETIMEDOUT,
            NoZapHandler => libc_consts::EFAULT,
            AuthFailed { .. } => libc_consts::EACCES,
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
                | InvalidSequence
                | Cryptographic
                | KeyExchange
                | MalformedHello
                | MalformedWelcome
                | MalformedInitiate
                | MalformedReady
                | MalformedMessage
                | ZapUnspecified
                | ZapMalformedReply
                | ZapBadRequestId
                | ZapBadVersion
                | ZapInvalidStatusCode
                | ZapInvalidMetadata
                | WsHandshake
        )
    }

    /// The status for `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`, when this failure
    /// is an authentication refusal.
    pub fn auth_status(&self) -> Option<u16> {
        match self {
            ProtocolError::AuthFailed { status } => Some(*status),
            _ => None,
        }
    }
}

/// Linux errno values; this module depends on std and `bytes` only.
mod libc_consts {
    pub const EACCES: i32 = 13;
    pub const EFAULT: i32 = 14;
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
            InvalidSequence => write!(f, "nonce not above the last one seen"),
            Cryptographic => write!(f, "cryptographic failure"),
            KeyExchange => write!(f, "vouch does not match the short-term key"),
            MalformedHello => write!(f, "malformed HELLO command"),
            MalformedWelcome => write!(f, "malformed WELCOME command"),
            MalformedInitiate => write!(f, "malformed INITIATE command"),
            MalformedReady => write!(f, "malformed READY command"),
            MalformedMessage => write!(f, "malformed MESSAGE command"),
            ZapUnspecified => write!(f, "ZAP failure"),
            ZapMalformedReply => write!(f, "malformed ZAP reply"),
            ZapBadRequestId => write!(f, "ZAP reply with a wrong request id"),
            ZapBadVersion => write!(f, "ZAP reply with a wrong version"),
            ZapInvalidStatusCode => write!(f, "ZAP reply with an invalid status code"),
            ZapInvalidMetadata => write!(f, "ZAP reply with invalid metadata"),
            AuthFailed { status } => write!(f, "authentication failed ({status})"),
            NoZapHandler => write!(f, "no ZAP handler"),
            Randomness => write!(f, "random source failed"),
            WsHandshake => write!(f, "bad WebSocket upgrade"),
            WsFrame => write!(f, "bad WebSocket frame"),
        }
    }
}

impl std::error::Error for ProtocolError {}
