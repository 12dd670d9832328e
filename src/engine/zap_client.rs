//! The session's side of ZAP (RFC 27, as libzmq 4.3.4's `zap_client_t`
//! and `session_base_t::zap_connect` do it): the request goes to the
//! handler bound at `inproc://zeromq.zap.01` over a pipe of its own (made
//! by the session, owned by its I/O thread), and the reply comes back as a
//! pipe event, so waiting for it never blocks the I/O thread.
//!
//! - Request frames: "" (REP envelope delimiter), "1.0", "1", the
//!   ZMQ_ZAP_DOMAIN, the peer's address (no port), the server socket's own
//!   ZMQ_ROUTING_ID, the mechanism name, then its credentials.
//! - Reply: exactly 7 frames ("", "1.0", "1", status code, status text,
//!   User-Id, metadata), each defect reported with its
//!   `ZMQ_PROTOCOL_ERROR_ZAP_*` code.
//! - A handler that goes away leaves the handshake waiting, as in libzmq:
//!   ZMQ_HANDSHAKE_IVL or the peer's leaving ends it.

use bytes::Bytes;

use crate::io::io_thread::IoCx;
use crate::msg::Msg;
use crate::options::Options;
use crate::pipe::{Pipe, PipeCmd, PipeEvent, PipeId, Read};
use crate::zmtp::mechanism::{ZapReply, ZapRequest};
use crate::zmtp::{metadata, ProtocolError};

use super::session::SocketLink;

/// ZAP's version and our only request id.
const VERSION: &[u8] = b"1.0";
const REQUEST_ID: &[u8] = b"1";
/// Frames in a reply.
const REPLY_FRAMES: usize = 7;

/// What became of a ZAP request, for the connection.
#[derive(Debug)]
pub enum ZapOutcome {
    /// The handler answered with a well-formed reply.
    Reply(ZapReply),
    /// The handler answered with a malformed reply.
    Invalid(ProtocolError),
    /// No handler is bound.
    NoHandler,
}

/// A request waiting for the session (the engine raised it; the session
/// sends it after the engine call, where it has its I/O context).
#[derive(Debug)]
pub struct PendingRequest {
    pub request: ZapRequest,
    /// The peer's address without port (empty for ipc).
    pub peer_address: String,
}

/// One session's pipe to the ZAP handler and the reply being read.
#[derive(Default)]
pub struct ZapClient {
    pipe: Option<Pipe>,
    /// The pipe id routed to the session's object.
    routed: Option<PipeId>,
    /// Reply frames read so far.
    frames: Vec<Msg>,
    /// The last frame read had MORE and its message is to be dropped (a
    /// reply with too many frames).
    skipping: bool,
    /// A request is out and its reply is still due.
    awaiting: bool,
}

impl ZapClient {
    /// Sends `req`, connecting to the handler first if needed. `NoHandler`
    /// when nothing is bound at `inproc://zeromq.zap.01`; None when sent
    /// and the reply is still due.
    pub fn send(
        &mut self,
        link: Option<&dyn SocketLink>,
        options: &Options,
        req: &PendingRequest,
    ) -> Option<ZapOutcome> {
        if self.pipe.as_ref().is_none_or(|p| p.is_terminated()) {
            self.pipe = link.and_then(|l| l.zap_connect());
        }
        let Some(pipe) = self.pipe.as_mut() else {
            return Some(ZapOutcome::NoHandler);
        };
        let r = &req.request;
        let head: [&[u8]; 7] = [
            b"",
            VERSION,
            REQUEST_ID,
            &options.zap_domain,
            req.peer_address.as_bytes(),
            &options.routing_id,
            r.mechanism,
        ];
        let last = head.len() + r.credentials.len() - 1;
        let frames = head.iter().map(|f| Msg::from_slice(f));
        let creds = r.credentials.iter().map(|c| Msg::from_bytes(c.clone()));
        for (i, mut msg) in frames.chain(creds).enumerate() {
            msg.set_more(i < last);
            // The pipe has no HWM: a write cannot be refused.
            let _ = pipe.write(msg);
        }
        pipe.flush();
        self.frames.clear();
        self.skipping = false;
        self.awaiting = true;
        // A read attempt marks the pipe's reader asleep, so the reply's
        // arrival is signalled (libzmq reads here for the same reason).
        self.read_reply()
    }

    /// Routes the pipe's commands to the session's object (and drops the
    /// route of a pipe that is gone).
    pub fn sync_route(&mut self, cx: &mut IoCx<'_>) {
        if self.pipe.as_ref().is_some_and(|p| p.is_terminated()) {
            self.pipe = None;
        }
        let now = self.pipe.as_ref().map(|p| p.id());
        if now != self.routed {
            if let Some(old) = self.routed.take() {
                cx.unroute_pipe(old);
            }
            if let Some(id) = now {
                cx.route_pipe(id);
            }
            self.routed = now;
        }
    }

    /// Whether `pipe` is the ZAP pipe.
    pub fn owns(&self, pipe: PipeId) -> bool {
        self.routed == Some(pipe)
    }

    /// A command for the ZAP pipe: the reply, once it is complete.
    pub fn pipe_command(&mut self, cmd: PipeCmd) -> Option<ZapOutcome> {
        let pipe = self.pipe.as_mut()?;
        match pipe.process_command(cmd) {
            PipeEvent::ReadActivated => self.read_reply(),
            PipeEvent::Terminated => {
                self.pipe = None;
                None
            }
            PipeEvent::None | PipeEvent::WriteActivated => None,
        }
    }

    /// Reads what is there of the reply; the outcome once it is whole.
    fn read_reply(&mut self) -> Option<ZapOutcome> {
        loop {
            let pipe = self.pipe.as_mut()?;
            let msg = match pipe.read() {
                Read::Msg(m) => m,
                Read::Empty => return None,
                Read::Delimiter => {
                    // The handler closed: the handshake keeps waiting.
                    self.pipe = None;
                    return None;
                }
            };
            if self.skipping {
                self.skipping = msg.more();
                continue;
            }
            if !self.awaiting {
                // A reply for a connection that is gone: drop it whole.
                self.skipping = msg.more();
                continue;
            }
            let more = msg.more();
            self.frames.push(msg);
            if !more || self.frames.len() == REPLY_FRAMES {
                self.skipping = more && self.frames.len() == REPLY_FRAMES;
                self.awaiting = false;
                let frames = std::mem::take(&mut self.frames);
                return Some(match check_reply(&frames) {
                    Ok(r) => ZapOutcome::Reply(r),
                    Err(e) => ZapOutcome::Invalid(e),
                });
            }
        }
    }

    /// The connection ended: a reply still due is for nobody.
    pub fn forget(&mut self) {
        self.awaiting = false;
        self.frames.clear();
    }

    /// The session finishes.
    pub fn close(&mut self, cx: &mut IoCx<'_>) {
        if let Some(mut pipe) = self.pipe.take() {
            pipe.terminate();
        }
        self.sync_route(cx);
    }
}

/// Checks a reply's frames as libzmq's `receive_and_process_zap_reply`:
/// 7 frames with MORE on all but the last, an empty delimiter, version
/// "1.0", request id "1", status "200"/"300"/"400"/"500", metadata in ZMTP
/// property encoding.
pub fn check_reply(frames: &[Msg]) -> Result<ZapReply, ProtocolError> {
    if frames.len() != REPLY_FRAMES {
        return Err(ProtocolError::ZapMalformedReply);
    }
    for (i, f) in frames.iter().enumerate() {
        if f.more() != (i + 1 < REPLY_FRAMES) {
            return Err(ProtocolError::ZapMalformedReply);
        }
    }
    let frame = |i: usize| frames.get(i).map_or(&[][..], |m| m.data());
    if !frame(0).is_empty() {
        return Err(ProtocolError::ZapUnspecified);
    }
    if frame(1) != VERSION {
        return Err(ProtocolError::ZapBadVersion);
    }
    if frame(2) != REQUEST_ID {
        return Err(ProtocolError::ZapBadRequestId);
    }
    let status_code = match frame(3) {
        [d @ b'2'..=b'5', b'0', b'0'] => u16::from(d - b'0') * 100,
        _ => return Err(ProtocolError::ZapInvalidStatusCode),
    };
    let metadata = metadata::parse(&Bytes::copy_from_slice(frame(6)))
        .map_err(|_| ProtocolError::ZapInvalidMetadata)?;
    Ok(ZapReply {
        status_code,
        status_text: Bytes::copy_from_slice(frame(4)),
        user_id: Bytes::copy_from_slice(frame(5)),
        metadata,
    })
}

/// The peer's address as libzmq 4.3.4 names it in a ZAP request and in the
/// `Peer-Address` property: a tcp peer's IP without port (IPv6 without
/// brackets); for ipc "localhost" (glibc's numeric name of a unix socket)
/// followed by the peer's ":uid:gid:pid" (measured against the reference).
pub fn peer_address(fd: std::os::unix::io::RawFd) -> String {
    if let Ok(addr) = crate::transport::tcp::peer_addr(fd) {
        return addr.ip().to_string();
    }
    crate::transport::ipc::peer_credentials(fd)
        .map(|c| format!("localhost:{}:{}:{}", c.uid, c.gid, c.pid))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(frames: &[&[u8]]) -> Vec<Msg> {
        let n = frames.len();
        frames
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut m = Msg::from_slice(f);
                m.set_more(i + 1 < n);
                m
            })
            .collect()
    }

    const GOOD: [&[u8]; 7] = [
        b"",
        b"1.0",
        b"1",
        b"200",
        b"OK",
        b"alice",
        b"\x05Hello\x00\x00\x00\x05World",
    ];

    #[test]
    fn good_reply() {
        let r = check_reply(&reply(&GOOD)).unwrap();
        assert_eq!(r.status_code, 200);
        assert_eq!(&r.status_text[..], b"OK");
        assert_eq!(&r.user_id[..], b"alice");
        assert_eq!(r.metadata.len(), 1);
        assert_eq!(r.metadata[0].0, "Hello");
        assert_eq!(&r.metadata[0].1[..], b"World");
        for (code, want) in [(&b"300"[..], 300), (b"400", 400), (b"500", 500)] {
            let mut f = GOOD;
            f[3] = code;
            assert_eq!(check_reply(&reply(&f)).unwrap().status_code, want);
        }
    }

    #[test]
    fn each_defect_has_its_code() {
        let with = |i: usize, v: &'static [u8]| {
            let mut f = GOOD;
            f[i] = v;
            check_reply(&reply(&f)).unwrap_err()
        };
        assert_eq!(with(0, b"x"), ProtocolError::ZapUnspecified);
        assert_eq!(with(1, b"2.0"), ProtocolError::ZapBadVersion);
        assert_eq!(with(1, b""), ProtocolError::ZapBadVersion);
        assert_eq!(with(2, b"2"), ProtocolError::ZapBadRequestId);
        for bad in [&b"201"[..], b"600", b"100", b"20", b"2000", b"abc", b""] {
            assert_eq!(with(3, bad), ProtocolError::ZapInvalidStatusCode);
        }
        assert_eq!(with(6, b"\x05Hello"), ProtocolError::ZapInvalidMetadata);
        // Too few or too many frames, or MORE where it does not belong.
        assert_eq!(
            check_reply(&reply(&GOOD[..6])).unwrap_err(),
            ProtocolError::ZapMalformedReply
        );
        let mut eight = GOOD.to_vec();
        eight.push(b"extra");
        assert_eq!(
            check_reply(&reply(&eight)).unwrap_err(),
            ProtocolError::ZapMalformedReply
        );
        let mut frames = reply(&GOOD);
        frames[6].set_more(true);
        assert_eq!(
            check_reply(&frames).unwrap_err(),
            ProtocolError::ZapMalformedReply
        );
        assert_eq!(
            check_reply(&[]).unwrap_err(),
            ProtocolError::ZapMalformedReply
        );
    }
}
