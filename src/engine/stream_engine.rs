//! The stream engine (libzmq's `stream_engine_t`): joins one connected,
//! nonblocking stream fd (tcp or unix) to a sans-IO protocol state machine.
//!
//! - Input: one `read` per readiness event into a large `BytesMut` (64 KiB
//!   reserved as needed, reused), so the protocol can hand out frames as
//!   slices of it without copying. Once a frame header announces a large
//!   body, the body gets a buffer of exactly its size: the part already
//!   read is copied there (at most one read's worth, usually 2 KiB) and the
//!   rest is read straight into it, as libzmq's decoder hands out the
//!   message's buffer. Decoded messages go to the host (the session) until
//!   its pipe is full; then reading stops until the host calls
//!   `restart_input`.
//! - Output: messages pulled from the host are encoded into one batch buffer
//!   (~32 KiB); large bodies are queued as their own chunk and go out from
//!   their own buffer in the same `sendmsg` (gather write), not copied.
//!   One syscall per batch.
//! - Any I/O error, EOF or protocol error ends the engine with a
//!   `Disconnect` reason; only this connection is affected.
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

use std::collections::VecDeque;
use std::os::unix::io::{AsRawFd, OwnedFd, RawFd};
use std::time::Instant;

use bytes::{Buf, Bytes, BytesMut};

use crate::error::Error;
use crate::io::reactor::Interest;
use crate::msg::Msg;
use crate::msg::{Metadata, SOURCE_FD_PROPERTY};
use crate::zmtp::mechanism::ZapRequest;
use crate::zmtp::ProtocolError;
use std::sync::Arc;

use super::zap_client::{self, PendingRequest, ZapOutcome};

/// Read buffer growth step; one read can fill up to this much.
const READ_CHUNK: usize = 64 * 1024;
/// Below this much spare room the read buffer is grown before a read.
const READ_MIN_SPARE: usize = 16 * 1024;
/// The engine stops pulling messages once this much output is queued.
/// libzmq batches 8 KiB; a larger batch means fewer `sendmsg` calls and
/// fewer TCP pushes per message, and with 1 KiB frames (header and body,
/// two iovecs each) it still fits one gather write of `MAX_IOV` chunks.
pub const OUT_BATCH: usize = 32 * 1024;
/// Bodies at least this large are sent from their own buffer, not copied.
pub const ZERO_COPY_MIN: usize = 1024;
/// A pending frame body at least this large gets a buffer of its own size.
const LARGE_BODY: usize = 32 * 1024;
/// After a large body, the next read into the read buffer takes at most
/// this much: should another large frame follow, only this much of its body
/// has to be copied into its own buffer (libzmq reads 8 KiB there, its
/// decoder buffer). Enough for a multipart envelope plus the next header;
/// the read after that is full size again.
const READ_AFTER_LARGE: usize = 2 * 1024;
/// Larger announced bodies are not allocated up front (the peer need not
/// send them): the buffer grows with what actually arrives.
const MAX_EXACT_BODY: usize = 256 * 1024 * 1024;
/// At most this many chunks per gather write.
const MAX_IOV: usize = 64;

/// Why a connection ended; kept for the socket monitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disconnect {
    /// The peer closed the connection.
    Closed,
    /// A read or write failed.
    Io(Error),
    /// The peer broke the protocol (bad greeting, mechanism, frame, ...)
    /// or a handshake/heartbeat timer expired.
    Protocol(ProtocolError),
}

/// What the peer said about itself in its handshake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerInfo {
    /// Its ZMQ_* socket type.
    pub socket_type: i32,
    /// Its routing id (READY's Identity), empty when none.
    pub routing_id: Vec<u8>,
    /// All properties of its READY command.
    pub properties: Vec<(String, Vec<u8>)>,
    /// What ZAP said of it: "User-Id" and the reply's metadata (empty when
    /// ZAP was not asked). They shadow READY properties of the same name.
    pub zap_properties: Vec<(String, Vec<u8>)>,
}

/// What the protocol reports after consuming input.
pub enum ProtoEvent {
    /// The handshake finished; messages flow from now on.
    Ready(PeerInfo),
    /// One frame for the socket (MORE set on all but the last of a message).
    Message(Msg),
    /// The connection failed; nothing follows.
    Failed(Disconnect),
    /// The handshake waits for this ZAP request's outcome
    /// (`StreamEngine::zap_outcome`).
    ZapRequest(ZapRequest),
}

/// The sans-IO protocol the engine drives (ZMTP in production).
pub trait Protocol: Send {
    /// Consumes bytes from the front of `input`. Large frame bodies may be
    /// split off it without copying. Failures come out as events.
    fn handle_input(&mut self, now: Instant, input: &mut BytesMut);
    /// The next decoded event, if any.
    fn poll_event(&mut self) -> Option<ProtoEvent>;
    /// Protocol-generated bytes (greeting, handshake, PING/PONG) to send.
    fn poll_transmit(&mut self, out: &mut Output);
    /// Whether data messages may be sent (handshake done).
    fn is_ready(&self) -> bool;
    /// Bytes encoded and not yet taken by `poll_transmit`.
    fn pending(&self) -> usize;
    /// How many more input bytes the decoder needs before it can make
    /// progress (a hint for sizing reads).
    fn bytes_needed(&self, input: &BytesMut) -> usize;
    /// Encodes one frame from the socket.
    fn encode(&mut self, msg: Msg, out: &mut Output) -> Result<(), Disconnect>;
    /// Timer bookkeeping (handshake timeout, heartbeats); failures come out
    /// as events.
    fn handle_timeout(&mut self, now: Instant);
    /// When `handle_timeout` wants to be called next.
    fn poll_timeout(&self) -> Option<Instant>;
    /// The outcome of the ZAP request raised as `ProtoEvent::ZapRequest`.
    fn zap_outcome(&mut self, _outcome: ZapOutcome) {}
    /// False while the protocol consumes no input (waiting for ZAP): the
    /// engine stops reading, so a peer cannot fill memory meanwhile.
    fn wants_input(&self) -> bool {
        true
    }
}

/// The session side of an engine.
pub trait EngineHost {
    /// The handshake finished. An error closes the connection (e.g. the
    /// routing id is taken).
    fn ready(&mut self, peer: PeerInfo) -> Result<(), Disconnect>;
    /// Passes one received frame on; gives it back when the pipe is full.
    fn push(&mut self, msg: Msg) -> Result<(), Msg>;
    /// Makes the frames pushed so far visible.
    fn flush(&mut self);
    /// The next frame to send, `None` when the pipe is empty (it then wakes
    /// the session, which calls `restart_output`).
    fn pull(&mut self) -> Option<Msg>;
    /// The handshake asks ZAP: the host sends `req` after this engine call
    /// and answers with `StreamEngine::zap_outcome`.
    fn zap_request(&mut self, req: PendingRequest) {
        let _ = req;
    }
}

/// Room for a frame header stored beside a body (every ZMTP framing fits).
const HEAD_MAX: usize = 16;

enum Chunk {
    Bytes(Bytes),
    /// A body sent from its message's own buffer, preceded by its frame
    /// header (`head_len` bytes of `head`, possibly none): one chunk per
    /// frame, where a header in the batch would seal the batch each time.
    /// `sent` counts the bytes of header and body already written.
    Body {
        head: [u8; HEAD_MAX],
        head_len: u8,
        msg: Msg,
        sent: usize,
    },
}

impl Chunk {
    /// The unsent header bytes and the unsent body bytes.
    fn remaining(&self) -> (&[u8], &[u8]) {
        match self {
            Chunk::Bytes(b) => (&[], b),
            Chunk::Body {
                head,
                head_len,
                msg,
                sent,
            } => {
                let head = head.get(..usize::from(*head_len)).unwrap_or(&[]);
                let head_rest = head.get(*sent..).unwrap_or(&[]);
                let body_sent = sent.saturating_sub(head.len());
                (head_rest, msg.data().get(body_sent..).unwrap_or(&[]))
            }
        }
    }

    fn remaining_len(&self) -> usize {
        let (head, body) = self.remaining();
        head.len().saturating_add(body.len())
    }

    /// Marks `n` more bytes written; `n` is less than what remains.
    fn advance(&mut self, n: usize) {
        match self {
            Chunk::Bytes(b) => b.advance(n),
            Chunk::Body { sent, .. } => *sent = sent.saturating_add(n),
        }
    }
}

/// Queued output: a batch buffer plus sealed chunks, written in order.
#[derive(Default)]
pub struct Output {
    chunks: VecDeque<Chunk>,
    batch: BytesMut,
    len: usize,
}

impl Output {
    /// Appends bytes (copied into the batch).
    pub fn put(&mut self, data: &[u8]) {
        self.batch.extend_from_slice(data);
        self.len = self.len.saturating_add(data.len());
    }

    /// Appends a message body: copied when small, else sent from the
    /// message's own buffer.
    pub fn put_body(&mut self, msg: Msg) {
        self.put_framed_body(&[], msg);
    }

    /// Appends a frame header and its message body: both copied when the
    /// body is small, else the header is kept beside the message and the
    /// body sent from its own buffer.
    pub fn put_framed_body(&mut self, header: &[u8], msg: Msg) {
        let n = msg.size();
        let mut head = [0u8; HEAD_MAX];
        match head.get_mut(..header.len()) {
            Some(room) if n >= ZERO_COPY_MIN => room.copy_from_slice(header),
            _ => {
                self.put(header);
                self.put(msg.data());
                return;
            }
        }
        self.seal();
        self.len = self.len.saturating_add(header.len()).saturating_add(n);
        self.chunks.push_back(Chunk::Body {
            head,
            // header.len() <= HEAD_MAX, checked above.
            head_len: header.len() as u8,
            msg,
            sent: 0,
        });
    }

    /// Appends already shared (e.g. already batched) bytes without copying.
    pub fn put_bytes(&mut self, data: Bytes) {
        if data.is_empty() {
            return;
        }
        self.seal();
        self.len = self.len.saturating_add(data.len());
        self.chunks.push_back(Chunk::Bytes(data));
    }

    /// Bytes queued and not yet written.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn seal(&mut self) {
        if !self.batch.is_empty() {
            self.chunks
                .push_back(Chunk::Bytes(self.batch.split().freeze()));
        }
    }

    /// One gather write of as much as is queued. `Ok(0)` when the fd would
    /// block.
    fn write_to(&mut self, fd: RawFd) -> Result<usize, Error> {
        if self.len == 0 {
            return Ok(0);
        }
        let mut iov: [libc::iovec; MAX_IOV] = [libc::iovec {
            iov_base: std::ptr::null_mut(),
            iov_len: 0,
        }; MAX_IOV];
        let mut n_iov = 0;
        let mut add = |s: &[u8]| {
            if s.is_empty() {
                return true;
            }
            let Some(slot) = iov.get_mut(n_iov) else {
                return false;
            };
            *slot = libc::iovec {
                iov_base: s.as_ptr() as *mut libc::c_void,
                iov_len: s.len(),
            };
            n_iov = n_iov.saturating_add(1);
            true
        };
        let mut room = true;
        for chunk in self.chunks.iter() {
            let (head, body) = chunk.remaining();
            room = add(head) && add(body);
            if !room {
                break;
            }
        }
        if room {
            add(&self.batch);
        }
        // SAFETY: a zeroed msghdr is valid; we set only the iovec fields.
        let mut mh: libc::msghdr = unsafe { std::mem::zeroed() };
        mh.msg_iov = iov.as_mut_ptr();
        mh.msg_iovlen = n_iov as _;
        let n = loop {
            // SAFETY: every iovec points into a buffer owned by `self`,
            // which is not touched until the call returns; MSG_NOSIGNAL
            // turns a write to a closed peer into EPIPE instead of SIGPIPE.
            let rc = unsafe { libc::sendmsg(fd, &mh, libc::MSG_NOSIGNAL) };
            if rc >= 0 {
                break rc as usize;
            }
            match Error::last_os_error() {
                Error::Intr => continue,
                Error::Again => return Ok(0),
                e => return Err(e),
            }
        };
        self.consume(n);
        Ok(n)
    }

    fn consume(&mut self, mut n: usize) {
        self.len = self.len.saturating_sub(n);
        while n > 0 {
            let Some(front) = self.chunks.front_mut() else {
                self.batch.advance(n);
                return;
            };
            let left = front.remaining_len();
            if n < left {
                front.advance(n);
                return;
            }
            n = n.saturating_sub(left);
            self.chunks.pop_front();
        }
        if self.len == 0 {
            // Lets the next batch start at the front of the allocation.
            self.batch.clear();
        }
    }
}

/// One connection's engine. Owned by its session, which forwards readiness
/// events and timer expiries to it.
pub struct StreamEngine {
    fd: OwnedFd,
    proto: Box<dyn Protocol>,
    rbuf: BytesMut,
    /// A large frame body being read into a buffer of its own size.
    body: Option<LargeBody>,
    /// A large body just completed: the next read is short.
    after_large: bool,
    out: Output,
    /// A received frame the host could not take yet (pipe full).
    pending_in: Option<Msg>,
    /// The host's pipe was found empty: wait for `restart_output`.
    output_idle: bool,
    interest: Interest,
    ready: bool,
    /// The peer's properties (plus Peer-Address), shared by every message
    /// received on this connection (zmq_msg_gets).
    metadata: Option<Arc<Metadata>>,
}

/// A large frame body in progress: `buf` was allocated with capacity
/// `size`, and is handed to the protocol once it holds `size` bytes.
struct LargeBody {
    buf: BytesMut,
    size: usize,
}

/// One `read` into the spare capacity of `buf`, at most `limit` bytes.
/// `Ok(0)`: nothing to read now.
fn read_into(fd: RawFd, buf: &mut BytesMut, limit: usize) -> Result<usize, Disconnect> {
    let spare = buf.spare_capacity_mut();
    let len = spare.len().min(limit);
    if len == 0 {
        return Ok(0);
    }
    let n = loop {
        // SAFETY: reads into the uninitialised spare capacity of buf, at
        // most `len` bytes of it; set_len below covers only what was read.
        let rc = unsafe { libc::read(fd, spare.as_mut_ptr().cast::<libc::c_void>(), len) };
        if rc > 0 {
            break rc as usize;
        }
        if rc == 0 {
            return Err(Disconnect::Closed);
        }
        match Error::last_os_error() {
            Error::Intr => continue,
            Error::Again => return Ok(0),
            e => return Err(Disconnect::Io(e)),
        }
    };
    // SAFETY: the kernel initialised exactly `n` bytes of spare room.
    unsafe {
        buf.set_len(buf.len().saturating_add(n));
    }
    Ok(n)
}

/// What the owner must do after an engine call.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Keep going; (re)register the fd with this interest if it changed.
    Running(Interest),
    /// The connection is over.
    Closed(Disconnect),
}

impl StreamEngine {
    /// Wraps a connected nonblocking stream fd. The protocol's greeting is
    /// queued at once; call `start` after registering the fd to send it.
    pub fn new(fd: OwnedFd, proto: Box<dyn Protocol>) -> StreamEngine {
        StreamEngine {
            fd,
            proto,
            rbuf: BytesMut::with_capacity(READ_CHUNK),
            body: None,
            after_large: false,
            out: Output::default(),
            pending_in: None,
            output_idle: false,
            interest: Interest::READ,
            ready: false,
            metadata: None,
        }
    }

    pub fn fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// The interest the fd should currently be registered with.
    pub fn interest(&self) -> Interest {
        self.interest
    }

    /// Whether the handshake finished.
    pub fn is_ready(&self) -> bool {
        self.ready
    }

    /// Nothing is left to write: the host's pipe was found empty and all
    /// encoded bytes went out.
    pub fn output_flushed(&self) -> bool {
        self.output_idle && self.out.is_empty() && self.proto.pending() == 0
    }

    /// Everything encoded was written (the pipe may still hold more).
    pub fn output_empty(&self) -> bool {
        self.out.is_empty() && self.proto.pending() == 0
    }

    /// When the protocol's timer should fire.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.proto.poll_timeout()
    }

    /// Sends the greeting right away (libzmq writes it before polling).
    pub fn start(&mut self, host: &mut dyn EngineHost) -> Status {
        // A protocol without a handshake (raw) is ready before any input.
        if let Err(d) = self.drain_events(host) {
            return Status::Closed(d);
        }
        self.proto.poll_transmit(&mut self.out);
        self.write(host)
    }

    /// The fd is readable and/or writable.
    pub fn on_ready(
        &mut self,
        readable: bool,
        writable: bool,
        host: &mut dyn EngineHost,
    ) -> Status {
        if readable && self.interest.read {
            if let Err(d) = self.read(host) {
                return Status::Closed(d);
            }
        }
        // Also after a read alone: the handshake may just have finished, or
        // the input produced replies.
        let _ = writable;
        self.write(host)
    }

    /// The host's pipe has room again: deliver what was held back and read
    /// on.
    pub fn restart_input(&mut self, host: &mut dyn EngineHost) -> Status {
        if let Err(d) = self.drain_events(host) {
            return Status::Closed(d);
        }
        if self.pending_in.is_none() && !self.rbuf.is_empty() {
            // Bytes read while stopped may hold more frames.
            if let Err(d) = self.decode(host) {
                return Status::Closed(d);
            }
        }
        self.status()
    }

    /// The host's pipe has messages again.
    pub fn restart_output(&mut self, host: &mut dyn EngineHost) -> Status {
        self.output_idle = false;
        self.write(host)
    }

    /// The ZAP handler answered (or none exists): the handshake resumes,
    /// with any input that waited for it.
    pub fn zap_outcome(&mut self, outcome: ZapOutcome, host: &mut dyn EngineHost) -> Status {
        self.proto.zap_outcome(outcome);
        if let Err(d) = self.drain_events(host) {
            return Status::Closed(d);
        }
        if self.pending_in.is_none() && !self.rbuf.is_empty() {
            if let Err(d) = self.decode(host) {
                return Status::Closed(d);
            }
        }
        self.proto.poll_transmit(&mut self.out);
        self.write(host)
    }

    /// The protocol timer fired.
    pub fn on_timeout(&mut self, host: &mut dyn EngineHost) -> Status {
        self.proto.handle_timeout(Instant::now());
        if let Err(d) = self.drain_events(host) {
            return Status::Closed(d);
        }
        self.proto.poll_transmit(&mut self.out);
        self.write(host)
    }

    fn status(&mut self) -> Status {
        self.interest = Interest {
            read: self.pending_in.is_none() && self.proto.wants_input(),
            write: !self.out.is_empty(),
        };
        Status::Running(self.interest)
    }

    fn read(&mut self, host: &mut dyn EngineHost) -> Result<(), Disconnect> {
        if self.body.is_none() && !self.start_large_body() {
            let limit = if std::mem::take(&mut self.after_large) {
                READ_AFTER_LARGE
            } else {
                usize::MAX
            };
            if self.rbuf.capacity().saturating_sub(self.rbuf.len()) < READ_MIN_SPARE {
                // Unique and empty (the usual case between messages), this
                // reuses the allocation rather than growing it.
                self.rbuf.reserve(READ_CHUNK);
            }
            if read_into(self.fd.as_raw_fd(), &mut self.rbuf, limit)? == 0 {
                return Ok(());
            }
            self.decode(host)?;
            // The rest of a large body that this read began is most likely
            // in the socket already: read it now, not after another wait.
            if self.pending_in.is_some() || !self.start_large_body() {
                return Ok(());
            }
        }
        self.read_large_body(host)
    }

    /// When the read buffer holds only the start of a large frame body,
    /// moves it into a buffer of the body's size (one copy of at most one
    /// read) so that the rest is read in place and the message owns exactly
    /// its bytes. Bodies announced larger than `MAX_EXACT_BODY` are not
    /// allocated up front (the peer need not send them): they grow in the
    /// read buffer with what arrives.
    fn start_large_body(&mut self) -> bool {
        // Before the handshake (and ZAP) succeeded the peer is nobody: what
        // it announces reserves nothing; its frames grow with what arrives.
        if !self.proto.is_ready() {
            return false;
        }
        let need = self.proto.bytes_needed(&self.rbuf);
        // While a body is awaited the read buffer holds only its start.
        let size = self.rbuf.len().saturating_add(need);
        if need == 0 || !(LARGE_BODY..=MAX_EXACT_BODY).contains(&size) {
            return false;
        }
        let mut buf = BytesMut::with_capacity(size);
        buf.extend_from_slice(&self.rbuf);
        self.rbuf.clear();
        self.body = Some(LargeBody { buf, size });
        true
    }

    fn read_large_body(&mut self, host: &mut dyn EngineHost) -> Result<(), Disconnect> {
        let Some(body) = self.body.as_mut() else {
            return Ok(());
        };
        let want = body.size.saturating_sub(body.buf.len());
        if read_into(self.fd.as_raw_fd(), &mut body.buf, want)? == 0 || body.buf.len() < body.size {
            return Ok(());
        }
        let Some(mut body) = self.body.take() else {
            return Ok(());
        };
        // The protocol takes the whole buffer as the frame's body.
        self.proto.handle_input(Instant::now(), &mut body.buf);
        self.after_large = true;
        self.drain_events(host)?;
        self.proto.poll_transmit(&mut self.out);
        Ok(())
    }

    fn decode(&mut self, host: &mut dyn EngineHost) -> Result<(), Disconnect> {
        self.proto.handle_input(Instant::now(), &mut self.rbuf);
        self.drain_events(host)?;
        // Replies the input caused (handshake, PONG) go out with the next
        // write.
        self.proto.poll_transmit(&mut self.out);
        Ok(())
    }

    fn drain_events(&mut self, host: &mut dyn EngineHost) -> Result<(), Disconnect> {
        let mut pushed = false;
        if let Some(msg) = self.pending_in.take() {
            if let Err(msg) = host.push(msg) {
                self.pending_in = Some(msg);
                return Ok(());
            }
            pushed = true;
        }
        while let Some(ev) = self.proto.poll_event() {
            match ev {
                ProtoEvent::Ready(peer) => {
                    self.ready = true;
                    // The engine's own properties go first: an earlier name
                    // shadows a later one, so a peer cannot announce its own
                    // Peer-Address or fd (libzmq's map keeps them too).
                    let mut props = vec![(
                        SOURCE_FD_PROPERTY.to_string(),
                        self.fd.as_raw_fd().to_string().into_bytes(),
                    )];
                    let address = zap_client::peer_address(self.fd.as_raw_fd());
                    if !address.is_empty() {
                        props.push(("Peer-Address".into(), address.into_bytes()));
                    }
                    // libzmq's order: ZAP's properties, then the peer's.
                    props.extend(peer.zap_properties.iter().cloned());
                    props.extend(peer.properties.iter().cloned());
                    self.metadata = Some(Arc::new(Metadata::from_properties(props)));
                    host.ready(peer)?;
                    // Messages queued while connecting may go now.
                    self.output_idle = false;
                }
                ProtoEvent::Message(mut msg) => {
                    if let Some(md) = &self.metadata {
                        msg.set_metadata(Some(Arc::clone(md)));
                    }
                    if let Err(msg) = host.push(msg) {
                        self.pending_in = Some(msg);
                        break;
                    }
                    pushed = true;
                }
                ProtoEvent::Failed(d) => {
                    if pushed {
                        host.flush();
                    }
                    // What the protocol queued last (an ERROR command for
                    // a refused peer) gets one nonblocking try.
                    self.proto.poll_transmit(&mut self.out);
                    let _ = self.out.write_to(self.fd.as_raw_fd());
                    return Err(d);
                }
                ProtoEvent::ZapRequest(request) => host.zap_request(PendingRequest {
                    request,
                    peer_address: zap_client::peer_address(self.fd.as_raw_fd()),
                }),
            }
        }
        if pushed {
            host.flush();
        }
        Ok(())
    }

    fn fill(&mut self, host: &mut dyn EngineHost) -> Result<(), Disconnect> {
        if !self.ready || self.output_idle || !self.proto.is_ready() {
            return Ok(());
        }
        while self.out.len().saturating_add(self.proto.pending()) < OUT_BATCH {
            match host.pull() {
                Some(msg) => self.proto.encode(msg, &mut self.out)?,
                None => {
                    self.output_idle = true;
                    break;
                }
            }
        }
        self.proto.poll_transmit(&mut self.out);
        Ok(())
    }

    fn write(&mut self, host: &mut dyn EngineHost) -> Status {
        if let Err(d) = self.fill(host) {
            return Status::Closed(d);
        }
        if !self.out.is_empty() {
            if let Err(e) = self.out.write_to(self.fd.as_raw_fd()) {
                return Status::Closed(Disconnect::Io(e));
            }
            // Refill right away so the level-triggered poller keeps write
            // interest only while there is something to send.
            if self.out.is_empty() {
                if let Err(d) = self.fill(host) {
                    return Status::Closed(d);
                }
            }
        }
        self.status()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::os::unix::net::UnixStream;

    /// A toy protocol: greeting "HI", frames are flags(1) len(4 BE) body.
    #[derive(Default)]
    pub(crate) struct Toy {
        greeted: bool,
        sent_greeting: bool,
        events: VecDeque<ProtoEvent>,
    }

    impl Protocol for Toy {
        fn handle_input(&mut self, _now: Instant, input: &mut BytesMut) {
            if !self.greeted {
                if input.len() < 2 {
                    return;
                }
                if &input[..2] != b"HI" {
                    self.events
                        .push_back(ProtoEvent::Failed(Disconnect::Protocol(
                            ProtocolError::Unversioned,
                        )));
                    return;
                }
                input.advance(2);
                self.greeted = true;
                self.events
                    .push_back(ProtoEvent::Ready(PeerInfo::default()));
            }
            while input.len() >= 5 {
                let len = u32::from_be_bytes([input[1], input[2], input[3], input[4]]) as usize;
                if input.len() < 5 + len {
                    break;
                }
                let flags = input[0];
                input.advance(5);
                let body = input.split_to(len).freeze();
                let mut m = Msg::from_bytes(body);
                m.set_more(flags & 1 != 0);
                self.events.push_back(ProtoEvent::Message(m));
            }
        }
        fn poll_event(&mut self) -> Option<ProtoEvent> {
            self.events.pop_front()
        }
        fn poll_transmit(&mut self, out: &mut Output) {
            if !self.sent_greeting {
                self.sent_greeting = true;
                out.put(b"HI");
            }
        }
        fn is_ready(&self) -> bool {
            self.greeted
        }
        fn pending(&self) -> usize {
            0
        }
        fn bytes_needed(&self, input: &BytesMut) -> usize {
            match input.get(1..5) {
                Some(len) if self.greeted => {
                    let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
                    (5 + len).saturating_sub(input.len()).max(1)
                }
                _ => 1,
            }
        }
        fn encode(&mut self, msg: Msg, out: &mut Output) -> Result<(), Disconnect> {
            out.put(&[u8::from(msg.more())]);
            out.put(&(msg.size() as u32).to_be_bytes());
            out.put_body(msg);
            Ok(())
        }
        fn handle_timeout(&mut self, _now: Instant) {}
        fn poll_timeout(&self) -> Option<Instant> {
            None
        }
    }

    #[derive(Default)]
    struct Host {
        ready: bool,
        inbox: Vec<Msg>,
        cap: usize,
        outbox: VecDeque<Msg>,
        flushes: usize,
    }

    impl EngineHost for Host {
        fn ready(&mut self, _peer: PeerInfo) -> Result<(), Disconnect> {
            self.ready = true;
            Ok(())
        }
        fn push(&mut self, msg: Msg) -> Result<(), Msg> {
            if self.inbox.len() >= self.cap {
                return Err(msg);
            }
            self.inbox.push(msg);
            Ok(())
        }
        fn flush(&mut self) {
            self.flushes += 1;
        }
        fn pull(&mut self) -> Option<Msg> {
            self.outbox.pop_front()
        }
    }

    fn engine(cap: usize) -> (StreamEngine, Host, UnixStream) {
        let (a, b) = UnixStream::pair().unwrap();
        a.set_nonblocking(true).unwrap();
        let e = StreamEngine::new(OwnedFd::from(a), Box::<Toy>::default());
        let h = Host {
            cap,
            ..Host::default()
        };
        (e, h, b)
    }

    fn frame(more: bool, body: &[u8]) -> Vec<u8> {
        let mut v = vec![u8::from(more)];
        v.extend_from_slice(&(body.len() as u32).to_be_bytes());
        v.extend_from_slice(body);
        v
    }

    /// Every byte still queued, in the order it goes out.
    fn queued(out: &Output) -> Vec<u8> {
        let mut v = Vec::new();
        for chunk in out.chunks.iter() {
            let (head, body) = chunk.remaining();
            v.extend_from_slice(head);
            v.extend_from_slice(body);
        }
        v.extend_from_slice(&out.batch);
        v
    }

    #[test]
    fn framed_body_header_goes_out_beside_its_body() {
        let body: Vec<u8> = (0..3000u32).map(|i| i as u8).collect();
        let mut out = Output::default();
        out.put(b"ab");
        out.put_framed_body(b"HDR", Msg::from_slice(&body));
        out.put(b"cd");
        // A small body is copied with its header.
        out.put_framed_body(b"h", Msg::from_slice(b"small"));
        let mut want = b"abHDR".to_vec();
        want.extend_from_slice(&body);
        want.extend_from_slice(b"cdhsmall");
        assert_eq!(out.len(), want.len());
        assert_eq!(queued(&out), want);
        // Partial writes ending inside the header, at its end, inside the
        // body and across the following bytes.
        for step in [3, 2, 1000, 2000, 4] {
            out.consume(step);
            want.drain(..step);
            assert_eq!(queued(&out), want);
            assert_eq!(out.len(), want.len());
        }
        out.consume(out.len());
        assert!(out.is_empty() && queued(&out).is_empty());
    }

    #[test]
    fn greeting_then_messages_both_ways() {
        let (mut e, mut h, mut peer) = engine(100);
        h.outbox.push_back(Msg::from_slice(b"queued"));
        assert_eq!(e.start(&mut h), Status::Running(Interest::READ));
        let mut buf = [0u8; 2];
        peer.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"HI");
        // Greeting and a two-frame message in one read.
        let mut input = b"HI".to_vec();
        input.extend(frame(true, b"a"));
        input.extend(frame(false, &[7u8; 5000]));
        peer.write_all(&input).unwrap();
        let st = e.on_ready(true, false, &mut h);
        assert_eq!(st, Status::Running(Interest::READ));
        assert!(h.ready);
        assert_eq!(h.inbox.len(), 2);
        assert!(h.inbox[0].more());
        assert_eq!(h.inbox[1].data(), &[7u8; 5000][..]);
        assert_eq!(h.flushes, 1);
        // The message queued before the handshake went out after it.
        let want = frame(false, b"queued");
        let mut got = vec![0u8; want.len()];
        peer.read_exact(&mut got).unwrap();
        assert_eq!(got, want);
        // Pipe empty now: output idle until restart_output.
        let big = vec![9u8; 3000];
        h.outbox.push_back(Msg::from_slice(b"x"));
        h.outbox.push_back(Msg::from_slice(&big));
        assert_eq!(e.restart_output(&mut h), Status::Running(Interest::READ));
        let mut want = frame(false, b"x");
        want.extend(frame(false, &big));
        let mut got = vec![0u8; want.len()];
        peer.read_exact(&mut got).unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn backpressure_stops_reading() {
        let (mut e, mut h, mut peer) = engine(1);
        e.start(&mut h);
        let mut input = b"HI".to_vec();
        input.extend(frame(false, b"1"));
        input.extend(frame(false, b"2"));
        input.extend(frame(false, b"3"));
        peer.write_all(&input).unwrap();
        let st = e.on_ready(true, false, &mut h);
        assert_eq!(st, Status::Running(Interest::NONE));
        assert_eq!(h.inbox.len(), 1);
        h.cap = 10;
        assert_eq!(e.restart_input(&mut h), Status::Running(Interest::READ));
        let bodies: Vec<_> = h.inbox.iter().map(|m| m.data().to_vec()).collect();
        assert_eq!(bodies, vec![b"1".to_vec(), b"2".to_vec(), b"3".to_vec()]);
    }

    #[test]
    fn eof_and_garbage_close() {
        let (mut e, mut h, peer) = engine(10);
        e.start(&mut h);
        drop(peer);
        // EOF, or a reset because the greeting was never read.
        assert!(matches!(
            e.on_ready(true, false, &mut h),
            Status::Closed(Disconnect::Closed | Disconnect::Io(_))
        ));
        let (mut e, mut h, mut peer) = engine(10);
        e.start(&mut h);
        peer.write_all(b"NO").unwrap();
        assert!(matches!(
            e.on_ready(true, false, &mut h),
            Status::Closed(Disconnect::Protocol(_))
        ));
    }

    #[test]
    fn large_bodies_read_into_their_own_buffer() {
        let (mut e, mut h, mut peer) = engine(100);
        e.start(&mut h);
        let bodies: Vec<Vec<u8>> = [100_000usize, 3, 70_000, 40_000, 5000, 65_536]
            .iter()
            .enumerate()
            .map(|(i, &n)| (0..n).map(|j| (i * 7 + j) as u8).collect())
            .collect();
        let mut input = b"HI".to_vec();
        for (i, b) in bodies.iter().enumerate() {
            input.extend(frame(i % 2 == 0, b));
        }
        let writer = std::thread::spawn(move || {
            let mut buf = [0u8; 2];
            peer.read_exact(&mut buf).unwrap();
            // Odd-sized writes, so bodies arrive in pieces.
            for part in input.chunks(7001) {
                peer.write_all(part).unwrap();
            }
            peer
        });
        let mut pfd = libc::pollfd {
            fd: e.fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        while h.inbox.len() < bodies.len() {
            // SAFETY: one pollfd on the stack.
            assert_eq!(unsafe { libc::poll(&mut pfd, 1, 5000) }, 1);
            assert!(matches!(
                e.on_ready(true, false, &mut h),
                Status::Running(_)
            ));
        }
        let _peer = writer.join().unwrap();
        for (i, (m, b)) in h.inbox.iter().zip(&bodies).enumerate() {
            assert!(m.data() == &b[..], "frame {i}");
            assert_eq!(m.more(), i % 2 == 0);
        }
    }

    #[test]
    fn large_output_partial_writes() {
        let (mut e, mut h, mut peer) = engine(10);
        e.start(&mut h);
        peer.write_all(b"HI").unwrap();
        e.on_ready(true, false, &mut h);
        let mut want = Vec::new();
        for i in 0..50u32 {
            let body = vec![i as u8; 40_000 + i as usize];
            want.extend(frame(i % 2 == 0, &body));
            h.outbox.push_back({
                let mut m = Msg::from_slice(&body);
                m.set_more(i % 2 == 0);
                m
            });
        }
        let reader = std::thread::spawn(move || {
            let mut got = vec![0u8; 2];
            peer.read_exact(&mut got).unwrap();
            let mut got = vec![0u8; want.len()];
            peer.read_exact(&mut got).unwrap();
            assert!(got == want);
        });
        let mut st = e.restart_output(&mut h);
        let mut pfd = libc::pollfd {
            fd: e.fd(),
            events: libc::POLLOUT,
            revents: 0,
        };
        while st == Status::Running(Interest::BOTH) {
            // SAFETY: one pollfd on the stack.
            unsafe { libc::poll(&mut pfd, 1, 5000) };
            st = e.on_ready(false, true, &mut h);
        }
        assert_eq!(st, Status::Running(Interest::READ));
        reader.join().unwrap();
    }
}
