//! The contract between the socket base and a socket pattern (PAIR, PUB, ...).
//!
//! The socket base owns the pipes, the mailbox, blocking, timeouts and the
//! generic options. A pattern owns its routing state and decides which pipe a
//! frame goes to or comes from. Patterns name pipes by `PipeId` and reach them
//! only through `PipeSet`, so the routing code is testable without threads.

use crate::error::Result;
use crate::msg::Msg;

/// Names one pipe of one socket. Ids are never reused within a socket.
pub type PipeId = u64;

/// The pipes of one socket, as a pattern sees them.
pub trait PipeSet {
    /// Takes the next frame from `id`. `None` when no complete message is
    /// readable; the pipe is then asleep and the pattern later receives
    /// `read_activated(id)`.
    fn read(&mut self, id: PipeId) -> Option<Msg>;
    /// As [`PipeSet::read`], into `out` (its old content dropped): `true`
    /// when a frame was read, `out` untouched otherwise. Saves moving the
    /// frame through return values on the receive hot path.
    fn read_into(&mut self, id: PipeId, out: &mut Msg) -> bool {
        match self.read(id) {
            Some(m) => {
                *out = m;
                true
            }
            None => false,
        }
    }
    /// Whether a frame can be read from `id` now (does not consume it). When
    /// false, `read_activated(id)` follows once one can.
    fn check_read(&mut self, id: PipeId) -> bool;
    /// Whether one more message fits under the pipe's HWM. When false,
    /// `write_activated(id)` follows once the reader has made room.
    fn check_write(&mut self, id: PipeId) -> bool;
    /// Writes one frame. Gives the frame back when the pipe is full or gone.
    fn write(&mut self, id: PipeId, msg: Msg) -> std::result::Result<(), Msg>;
    /// As [`PipeSet::write`], from `msg`: on success the frame is taken and
    /// `msg` left empty; on failure (`false`) `msg` is untouched.
    fn write_from(&mut self, id: PipeId, msg: &mut Msg) -> bool {
        match self.write(id, std::mem::take(msg)) {
            Ok(()) => true,
            Err(back) => {
                *msg = back;
                false
            }
        }
    }
    /// Makes the frames written so far visible to the reader (call after the
    /// last frame of a message).
    fn flush(&mut self, id: PipeId);
    /// Drops the frames of an incomplete message written since the last flush.
    fn rollback(&mut self, id: PipeId);
    /// Closes `id` from this side; `pipe_terminated(id)` follows.
    fn terminate(&mut self, id: PipeId);
}

/// What a pattern learns about a pipe when it is attached.
#[derive(Debug, Clone, Default)]
pub struct PipeInfo {
    /// The routing id the peer announced (its ZMQ_ROUTING_ID, or the
    /// `Identity` property of the ZMTP handshake); empty when it set none.
    pub peer_routing_id: Vec<u8>,
    /// ZMQ_CONNECT_ROUTING_ID given for the connect that created this pipe.
    pub connect_routing_id: Option<Vec<u8>>,
    /// True when this socket connected, false when it bound/accepted.
    pub locally_initiated: bool,
    /// The peer's routing id is not known yet: it arrives as the first
    /// message on the pipe once the handshake is done (a ROUTER's pipe made
    /// at `zmq_connect`, as libzmq's anonymous pipes).
    pub routing_id_in_band: bool,
}

/// One socket type's behaviour over the socket base.
pub trait Pattern: Send {
    /// The ZMQ_* socket type constant.
    fn socket_type(&self) -> i32;
    /// A new pipe joined the socket.
    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, info: &PipeInfo);
    /// A pipe is gone; forget it.
    fn pipe_terminated(&mut self, pipes: &mut dyn PipeSet, id: PipeId);
    /// A pipe that was asleep has frames to read again.
    fn read_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId);
    /// A pipe that was full has room again.
    fn write_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId);
    /// Sends one frame (`msg.more()` marks all but the last). On success the
    /// frame is taken (left empty); on `Err(Again)` it is left untouched so the
    /// base can block and retry.
    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()>;
    /// Receives one frame; `Err(Again)` when none is ready.
    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg>;
    /// As `recv`, into `msg` (its old content dropped); on error `msg` is
    /// left as it was. Patterns on the hot path override it to receive
    /// straight into the caller's message.
    fn recv_into(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        *msg = self.recv(pipes)?;
        Ok(())
    }
    /// Whether `recv` would succeed now (ZMQ_EVENTS POLLIN).
    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool;
    /// Whether `send` would succeed now (ZMQ_EVENTS POLLOUT).
    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool;
    /// A pattern-specific option. `Ok(false)` when this pattern does not
    /// handle `option`, so the base tries its generic options. A pattern may
    /// also read a generic option it depends on (ZMQ_INVERT_MATCHING) and
    /// still return `Ok(false)`, so the base stores it as well. `pipes` is
    /// there because some options act at once (SUB's ZMQ_SUBSCRIBE sends the
    /// subscription upstream).
    fn set_option(
        &mut self,
        _pipes: &mut dyn PipeSet,
        _option: i32,
        _value: &[u8],
    ) -> Result<bool> {
        Ok(false)
    }
    /// Takes the ZMQ_CONNECT_ROUTING_ID set since the last connect (ROUTER
    /// keeps it as a pattern option, as libzmq does). The base calls this
    /// once per `zmq_connect` and passes the value in
    /// `PipeInfo::connect_routing_id` of the pipe that connect creates.
    fn take_connect_routing_id(&mut self) -> Option<Vec<u8>> {
        None
    }
    /// Whether the socket's connections must run the raw engine instead of
    /// ZMTP (ROUTER after ZMQ_ROUTER_RAW). Checked by the base after each
    /// `set_option`; once true the base keeps it, as libzmq does.
    fn raw_socket(&self) -> bool {
        false
    }
    /// Reads a pattern-specific option into `out`, returning the length
    /// written, or `Ok(None)` when the pattern does not handle `option`.
    fn get_option(&self, _option: i32, _out: &mut [u8]) -> Result<Option<usize>> {
        Ok(None)
    }
    /// zmq_socket_get_peer_state (draft): ZMQ_POLLOUT when the peer named
    /// `routing_id` can take a message now. Only ROUTER knows its peers by
    /// routing id; libzmq answers ENOTSUP for the other types.
    fn peer_state(&mut self, _pipes: &mut dyn PipeSet, _routing_id: &[u8]) -> Result<i16> {
        Err(crate::error::Error::NotSup)
    }
}
