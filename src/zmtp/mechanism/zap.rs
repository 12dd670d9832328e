//! The mechanism's side of ZAP (RFC 27): what to ask, and what the
//! handler's status means for the handshake. Framing the request and
//! checking the reply's frames is the engine's job.

use crate::zmtp::error::ProtocolError;
use crate::zmtp::metadata::Properties;
use bytes::{BufMut, Bytes, BytesMut};

/// What the server side asks the ZAP handler. The engine adds version
/// "1.0", request id "1", the domain, the peer's address and the socket's
/// routing id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZapRequest {
    /// b"NULL", b"PLAIN" or b"CURVE".
    pub mechanism: &'static [u8],
    /// [] (NULL), [username, password] (PLAIN), [client long-term public
    /// key, 32 bytes] (CURVE).
    pub credentials: Vec<Bytes>,
}

/// A ZAP reply whose framing the engine has checked (7 frames, version
/// "1.0", request id "1").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZapReply {
    /// 200, 300, 400 or 500; anything else is refused as
    /// ZAP_INVALID_STATUS_CODE.
    pub status_code: u16,
    pub status_text: Bytes,
    pub user_id: Bytes,
    /// Frame 7, parsed as ZMTP metadata.
    pub metadata: Properties,
}

/// Where a mechanism stands with ZAP.
#[derive(Debug, Default)]
pub(crate) struct ZapState {
    /// The request not yet taken by `poll_zap_request`.
    queued: Option<ZapRequest>,
    /// A request is out (or queued) and no answer came yet.
    waiting: bool,
    /// 400/500: the ERROR command still to send.
    error_to_send: Option<u16>,
    pub(crate) user_id: Bytes,
    pub(crate) properties: Properties,
}

/// What a ZAP answer lets the handshake do next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// 200, or no handler and the mechanism may go on without one.
    Proceed,
    /// 400/500: send ERROR with this status, then fail.
    Refuse,
}

impl ZapState {
    /// Queues a request; the handshake waits for its answer.
    pub(crate) fn ask(&mut self, mechanism: &'static [u8], credentials: Vec<Bytes>) {
        self.queued = Some(ZapRequest {
            mechanism,
            credentials,
        });
        self.waiting = true;
    }

    pub(crate) fn take_request(&mut self) -> Option<ZapRequest> {
        self.queued.take()
    }

    pub(crate) fn is_waiting(&self) -> bool {
        self.waiting
    }

    /// Takes the handler's answer. 300 fails at once (libzmq closes without
    /// ERROR); an answer nobody asked for is a ZAP failure.
    pub(crate) fn accept(&mut self, reply: ZapReply) -> Result<Verdict, ProtocolError> {
        if !self.waiting {
            return Err(ProtocolError::ZapUnspecified);
        }
        self.waiting = false;
        self.queued = None;
        match reply.status_code {
            200 => {
                self.user_id = reply.user_id;
                self.properties = reply.metadata;
                Ok(Verdict::Proceed)
            }
            300 => Err(ProtocolError::AuthFailed { status: 300 }),
            status @ (400 | 500) => {
                self.error_to_send = Some(status);
                Ok(Verdict::Refuse)
            }
            _ => Err(ProtocolError::ZapInvalidStatusCode),
        }
    }

    /// No handler is bound. `may_proceed`: the mechanism goes on without
    /// authentication (libzmq's CURVE "Stonehouse" and NULL without
    /// enforcement); otherwise HANDSHAKE_FAILED_NO_DETAIL / EFAULT.
    pub(crate) fn unavailable(&mut self, may_proceed: bool) -> Result<(), ProtocolError> {
        if !self.waiting {
            return Err(ProtocolError::ZapUnspecified);
        }
        self.waiting = false;
        self.queued = None;
        if may_proceed {
            Ok(())
        } else {
            Err(ProtocolError::NoZapHandler)
        }
    }

    /// The ERROR command for a 400/500 answer, once: `\x05ERROR\x03` and
    /// the status as three digits, as libzmq's `produce_error`.
    pub(crate) fn take_error_command(&mut self) -> Option<BytesMut> {
        let status = self.error_to_send.take()?;
        let mut b = BytesMut::with_capacity(10);
        b.extend_from_slice(b"\x05ERROR\x03");
        b.put_slice(status.to_string().as_bytes());
        Some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status_code: u16) -> ZapReply {
        ZapReply {
            status_code,
            status_text: Bytes::from_static(b"text"),
            user_id: Bytes::from_static(b"alice"),
            metadata: vec![("X-Role".into(), Bytes::from_static(b"admin"))],
        }
    }

    #[test]
    fn statuses() {
        let mut z = ZapState::default();
        assert_eq!(z.accept(reply(200)), Err(ProtocolError::ZapUnspecified));
        z.ask(b"PLAIN", vec![]);
        assert!(z.is_waiting());
        assert_eq!(z.take_request().map(|r| r.mechanism), Some(&b"PLAIN"[..]));
        assert_eq!(z.take_request(), None);
        assert_eq!(z.accept(reply(200)), Ok(Verdict::Proceed));
        assert_eq!(&z.user_id[..], b"alice");
        assert_eq!(z.properties.len(), 1);
        assert!(z.take_error_command().is_none());

        let mut z = ZapState::default();
        z.ask(b"NULL", vec![]);
        assert_eq!(
            z.accept(reply(300)),
            Err(ProtocolError::AuthFailed { status: 300 })
        );

        let mut z = ZapState::default();
        z.ask(b"NULL", vec![]);
        assert_eq!(z.accept(reply(500)), Ok(Verdict::Refuse));
        assert_eq!(
            z.take_error_command().as_deref(),
            Some(&b"\x05ERROR\x03500"[..])
        );
        assert!(z.take_error_command().is_none());
        assert!(z.user_id.is_empty());

        let mut z = ZapState::default();
        z.ask(b"NULL", vec![]);
        assert_eq!(
            z.accept(reply(201)),
            Err(ProtocolError::ZapInvalidStatusCode)
        );
    }

    #[test]
    fn unavailable() {
        let mut z = ZapState::default();
        z.ask(b"CURVE", vec![]);
        assert_eq!(z.unavailable(true), Ok(()));
        assert!(!z.is_waiting());
        let mut z = ZapState::default();
        z.ask(b"PLAIN", vec![]);
        assert_eq!(z.unavailable(false), Err(ProtocolError::NoZapHandler));
    }
}
