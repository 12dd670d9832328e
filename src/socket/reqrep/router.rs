//! ZMQ_ROUTER and ZMQ_REP (libzmq `router_t`, `rep_t`).
//!
//! ROUTER prefixes each received message with the routing id of the pipe
//! it came from, and sends each message to the pipe named by its first
//! frame.
//!
//! ZMQ_ROUTER_RAW (deprecated in favour of ZMQ_STREAM) makes a ROUTER's
//! new connections raw TCP, through the raw engine: routing ids are always
//! generated (or the connect's ZMQ_CONNECT_ROUTING_ID), a message is
//! [routing id][data], connections and disconnections show up as
//! [routing id][""], and sending [routing id][""] closes the connection.

use std::collections::{HashMap, HashSet};

use super::{
    random_u32, ZMQ_CONNECT_ROUTING_ID, ZMQ_PROBE_ROUTER, ZMQ_ROUTER_HANDOVER,
    ZMQ_ROUTER_MANDATORY, ZMQ_ROUTER_RAW,
};
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::factory::{bool_value, ZMQ_REP, ZMQ_ROUTER};
use crate::socket::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::socket::routing::fq::Fq;

#[derive(Debug)]
pub struct Router {
    socket_type: i32,
    fq: Fq,
    /// Routing id -> pipe, for sending.
    out_pipes: HashMap<Vec<u8>, PipeId>,
    /// Pipe -> routing id, for receiving.
    routing_ids: HashMap<PipeId, Vec<u8>>,
    /// Pipes refused a routing id (a duplicate without handover), or still
    /// waiting for it: never read from or routed to.
    anonymous: HashSet<PipeId>,
    /// Anonymous pipes whose first message will be the peer's routing id
    /// (`PipeInfo::routing_id_in_band`).
    awaiting_routing_id: HashSet<PipeId>,
    /// The routing id frame of a message read ahead by `has_in`.
    prefetched_id: Option<Msg>,
    /// The first frame of a message read ahead (by `has_in` or by `recv`
    /// handing out the routing id first).
    prefetched_msg: Option<Msg>,
    /// The pipe the message being received comes from.
    current_in: Option<PipeId>,
    /// `current_in` lost its routing id to a handover: close it once the
    /// message being received is complete.
    terminate_current_in: bool,
    more_in: bool,
    /// The pipe the message being sent goes to; `None` drops it.
    current_out: Option<PipeId>,
    more_out: bool,
    /// Generated routing ids are 0x00 then this counter, big-endian.
    next_integral_routing_id: u32,
    mandatory: bool,
    probe_router: bool,
    handover: bool,
    /// ZMQ_CONNECT_ROUTING_ID, consumed by the next connect.
    connect_routing_id: Option<Vec<u8>>,
    /// ZMQ_ROUTER_RAW as last set: an empty data frame closes the peer.
    raw: bool,
    /// ZMQ_ROUTER_RAW was ever set to non-zero (libzmq's
    /// `options.raw_socket`, which setting 0 does not clear): raw
    /// connections, generated ids, and a data frame always ends a message.
    raw_socket: bool,
}

impl Router {
    pub fn new() -> Self {
        Self::with_type(ZMQ_ROUTER)
    }

    fn with_type(socket_type: i32) -> Self {
        Router {
            socket_type,
            fq: Fq::new(),
            out_pipes: HashMap::new(),
            routing_ids: HashMap::new(),
            anonymous: HashSet::new(),
            awaiting_routing_id: HashSet::new(),
            prefetched_id: None,
            prefetched_msg: None,
            current_in: None,
            terminate_current_in: false,
            more_in: false,
            current_out: None,
            more_out: false,
            next_integral_routing_id: random_u32(),
            mandatory: false,
            probe_router: false,
            handover: false,
            connect_routing_id: None,
            raw: false,
            raw_socket: false,
        }
    }

    fn generate_routing_id(&mut self) -> Vec<u8> {
        let n = self.next_integral_routing_id;
        self.next_integral_routing_id = n.wrapping_add(1);
        let mut id = Vec::with_capacity(5);
        id.push(0);
        id.extend_from_slice(&n.to_be_bytes());
        id
    }

    fn set_routing_id(&mut self, pipe: PipeId, id: Vec<u8>) {
        self.routing_ids.insert(pipe, id.clone());
        self.out_pipes.insert(id, pipe);
    }

    /// Gives `pipe` its routing id; false when it must stay anonymous.
    fn identify_peer(&mut self, pipes: &mut dyn PipeSet, pipe: PipeId, info: &PipeInfo) -> bool {
        let connect_id = info
            .connect_routing_id
            .as_ref()
            .filter(|id| info.locally_initiated && !id.is_empty());
        let id = if let Some(id) = connect_id {
            // libzmq asserts this cannot happen; refuse rather than steal.
            if self.out_pipes.contains_key(id) {
                return false;
            }
            id.clone()
        } else if self.raw_socket || info.peer_routing_id.is_empty() {
            // A raw peer has no routing id of its own.
            self.generate_routing_id()
        } else {
            let id = info.peer_routing_id.clone();
            if let Some(&old) = self.out_pipes.get(&id) {
                if !self.handover {
                    return false;
                }
                // The new connection takes the id; the old pipe gets a
                // temporary one until it is gone.
                let temp = self.generate_routing_id();
                self.out_pipes.remove(&id);
                self.set_routing_id(old, temp);
                if self.current_in == Some(old) {
                    self.terminate_current_in = true;
                } else {
                    pipes.terminate(old);
                }
            }
            id
        };
        self.set_routing_id(pipe, id);
        true
    }

    /// The message being received is complete.
    fn end_of_input_message(&mut self, pipes: &mut dyn PipeSet) {
        if self.terminate_current_in {
            if let Some(pipe) = self.current_in {
                pipes.terminate(pipe);
            }
            self.terminate_current_in = false;
        }
        self.current_in = None;
    }

    /// Reads the first frame of the next message and builds its routing id
    /// frame.
    fn fetch(&mut self, pipes: &mut dyn PipeSet) -> Result<(Msg, Msg, PipeId)> {
        let (msg, pipe) = self.fq.recv_pipe(pipes)?;
        let id = self
            .routing_ids
            .get(&pipe)
            .map(|id| Msg::from_slice(id))
            .unwrap_or_default();
        let mut id_frame = id;
        id_frame.set_more(true);
        // zmq_msg_gets works on the routing id frame too.
        id_frame.set_metadata(msg.metadata().cloned());
        Ok((id_frame, msg, pipe))
    }

    /// Drops the reply being composed (REP discards a malformed envelope).
    fn rollback(&mut self, pipes: &mut dyn PipeSet) {
        if let Some(pipe) = self.current_out.take() {
            pipes.rollback(pipe);
        }
        self.more_out = false;
    }
}

impl Default for Router {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for Router {
    fn socket_type(&self) -> i32 {
        self.socket_type
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, info: &PipeInfo) {
        if self.probe_router && pipes.write(id, Msg::new()).is_ok() {
            pipes.flush(id);
        }
        let named_now = info.locally_initiated
            && info
                .connect_routing_id
                .as_ref()
                .is_some_and(|id| !id.is_empty());
        if info.routing_id_in_band && !named_now && !self.raw_socket {
            self.anonymous.insert(id);
            self.awaiting_routing_id.insert(id);
            // Marks the pipe asleep, so its first message wakes us.
            if pipes.check_read(id) {
                self.read_activated(pipes, id);
            }
        } else if self.identify_peer(pipes, id, info) {
            self.fq.attach(id);
        } else {
            self.anonymous.insert(id);
        }
    }

    fn pipe_terminated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.awaiting_routing_id.remove(&id);
        if self.anonymous.remove(&id) {
            return;
        }
        if let Some(rid) = self.routing_ids.remove(&id) {
            if self.out_pipes.get(&rid) == Some(&id) {
                self.out_pipes.remove(&rid);
            }
        }
        self.fq.pipe_terminated(id);
        pipes.rollback(id);
        if self.current_out == Some(id) {
            self.current_out = None;
        }
        if self.current_in == Some(id) {
            self.current_in = None;
            self.terminate_current_in = false;
        }
    }

    fn read_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        if !self.anonymous.contains(&id) {
            self.fq.activated(id);
        } else if self.awaiting_routing_id.remove(&id) {
            // A pipe made at connect: its first message is the peer's
            // routing id, as the handshake told it (empty: none).
            let Some(msg) = pipes.read(id) else {
                self.awaiting_routing_id.insert(id);
                return;
            };
            let info = PipeInfo {
                peer_routing_id: msg.data().to_vec(),
                locally_initiated: true,
                ..PipeInfo::default()
            };
            if self.identify_peer(pipes, id, &info) {
                self.anonymous.remove(&id);
                self.fq.attach(id);
            }
        }
    }

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, _id: PipeId) {
        // Nothing to do: each send checks its pipe's room itself.
    }

    fn peer_state(&mut self, pipes: &mut dyn PipeSet, routing_id: &[u8]) -> Result<i16> {
        // libzmq 4.3.4: EHOSTUNREACH for an unknown peer, else ZMQ_POLLOUT
        // while its pipe has room.
        const ZMQ_POLLOUT: i16 = 2;
        let pipe = *self.out_pipes.get(routing_id).ok_or(Error::HostUnreach)?;
        Ok(if pipes.check_write(pipe) {
            ZMQ_POLLOUT
        } else {
            0
        })
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        if !self.more_out {
            // The first frame names the peer. A lone frame (no MORE) is
            // malformed and silently dropped, as libzmq does.
            if msg.more() {
                match self.out_pipes.get(msg.data()).copied() {
                    Some(pipe) => {
                        if pipes.check_write(pipe) {
                            self.current_out = Some(pipe);
                        } else if self.mandatory {
                            // Full (or closing): the base may block and
                            // retry; the frame stays with the caller.
                            return Err(Error::Again);
                        } else {
                            self.current_out = None;
                        }
                    }
                    None if self.mandatory => return Err(Error::HostUnreach),
                    None => self.current_out = None,
                }
                self.more_out = true;
            }
            *msg = Msg::new();
            return Ok(());
        }

        if self.raw_socket {
            // Raw bytes have no frames: the data frame ends the message,
            // and a frame after it starts the next one (libzmq).
            msg.set_more(false);
        }
        self.more_out = msg.more();
        let frame = std::mem::take(msg);
        if let Some(pipe) = self.current_out {
            if self.raw && frame.size() == 0 {
                // An empty data frame closes the connection; what is still
                // queued for it is dropped.
                pipes.terminate(pipe);
                self.current_out = None;
            } else if pipes.write(pipe, frame).is_err() {
                // Room was checked at the first frame, so the pipe is gone:
                // undo what was written (REP's envelope, say).
                pipes.rollback(pipe);
                self.current_out = None;
            } else if !self.more_out {
                pipes.flush(pipe);
                self.current_out = None;
            }
        }
        Ok(())
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        if let Some(id) = self.prefetched_id.take() {
            self.more_in = true;
            return Ok(id);
        }
        if let Some(msg) = self.prefetched_msg.take() {
            self.more_in = msg.more();
            if !self.more_in {
                self.end_of_input_message(pipes);
            }
            return Ok(msg);
        }

        if self.more_in {
            let msg = self.fq.recv(pipes)?;
            self.more_in = msg.more();
            if !self.more_in {
                self.end_of_input_message(pipes);
            }
            return Ok(msg);
        }

        let (id, msg, pipe) = self.fetch(pipes)?;
        self.prefetched_msg = Some(msg);
        self.current_in = Some(pipe);
        self.more_in = true;
        Ok(id)
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        if self.more_in || self.prefetched_id.is_some() || self.prefetched_msg.is_some() {
            return true;
        }
        match self.fetch(pipes) {
            Ok((id, msg, pipe)) => {
                self.prefetched_id = Some(id);
                self.prefetched_msg = Some(msg);
                self.current_in = Some(pipe);
                true
            }
            Err(_) => false,
        }
    }

    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        // Without MANDATORY a ROUTER can always send (unroutable messages
        // are dropped); with it, only when some peer has room.
        if !self.mandatory {
            return true;
        }
        self.out_pipes.values().any(|&pipe| pipes.check_write(pipe))
    }

    fn set_option(&mut self, _pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        match option {
            ZMQ_ROUTER_MANDATORY => self.mandatory = bool_value(value).ok_or(Error::Inval)?,
            ZMQ_PROBE_ROUTER => self.probe_router = bool_value(value).ok_or(Error::Inval)?,
            ZMQ_ROUTER_HANDOVER => self.handover = bool_value(value).ok_or(Error::Inval)?,
            ZMQ_ROUTER_RAW => {
                // Only new connections go raw; the base reads `raw_socket`.
                self.raw = bool_value(value).ok_or(Error::Inval)?;
                self.raw_socket |= self.raw;
            }
            ZMQ_CONNECT_ROUTING_ID => {
                if value.is_empty() {
                    return Err(Error::Inval);
                }
                self.connect_routing_id = Some(value.to_vec());
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn take_connect_routing_id(&mut self) -> Option<Vec<u8>> {
        self.connect_routing_id.take()
    }

    fn raw_socket(&self) -> bool {
        self.raw_socket
    }
}

/// ZMQ_REP: a ROUTER that receives one request, saves its envelope and
/// sends it back in front of the one reply.
#[derive(Debug)]
pub struct Rep {
    router: Router,
    /// A request was received; its reply is expected next.
    sending_reply: bool,
    /// The next frame received starts a request (its envelope).
    request_begins: bool,
}

impl Rep {
    pub fn new() -> Self {
        Rep {
            router: Router::with_type(ZMQ_REP),
            sending_reply: false,
            request_begins: true,
        }
    }

    /// Moves the envelope of the next request into the reply pipe.
    fn take_envelope(&mut self, pipes: &mut dyn PipeSet) -> Result<()> {
        loop {
            let mut msg = self.router.recv(pipes)?;
            if msg.more() {
                // The empty frame closes the envelope.
                let bottom = msg.size() == 0;
                self.router.send(pipes, &mut msg)?;
                if bottom {
                    return Ok(());
                }
            } else {
                // No delimiter: malformed, discard what was copied.
                self.router.rollback(pipes);
            }
        }
    }
}

impl Default for Rep {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for Rep {
    fn socket_type(&self) -> i32 {
        ZMQ_REP
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, info: &PipeInfo) {
        self.router.attach(pipes, id, info);
    }

    fn pipe_terminated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.router.pipe_terminated(pipes, id);
    }

    fn read_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.router.read_activated(pipes, id);
    }

    fn write_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.router.write_activated(pipes, id);
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        if !self.sending_reply {
            return Err(Error::Fsm);
        }
        let more = msg.more();
        self.router.send(pipes, msg)?;
        if !more {
            self.sending_reply = false;
        }
        Ok(())
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        if self.sending_reply {
            return Err(Error::Fsm);
        }
        if self.request_begins {
            if let Err(e) = self.take_envelope(pipes) {
                self.router.rollback(pipes);
                return Err(e);
            }
            self.request_begins = false;
        }
        let msg = self.router.recv(pipes)?;
        if !msg.more() {
            self.sending_reply = true;
            self.request_begins = true;
        }
        Ok(msg)
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        !self.sending_reply && self.router.has_in(pipes)
    }

    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.sending_reply && self.router.has_out(pipes)
    }

    fn set_option(&mut self, pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        self.router.set_option(pipes, option, value)
    }

    fn take_connect_routing_id(&mut self) -> Option<Vec<u8>> {
        self.router.take_connect_routing_id()
    }

    fn raw_socket(&self) -> bool {
        // REP takes ZMQ_ROUTER_RAW too (libzmq's rep_t is a router_t).
        self.router.raw_socket()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    fn int(v: i32) -> [u8; 4] {
        v.to_ne_bytes()
    }

    fn frame(data: &[u8], more: bool) -> Msg {
        let mut m = Msg::from_slice(data);
        m.set_more(more);
        m
    }

    fn peer(id: &[u8]) -> PipeInfo {
        PipeInfo {
            peer_routing_id: id.to_vec(),
            ..PipeInfo::default()
        }
    }

    fn attach(s: &mut dyn Pattern, p: &mut FakePipes, id: PipeId, info: &PipeInfo) {
        p.add(id);
        s.attach(p, id, info);
    }

    fn recv_msg(s: &mut dyn Pattern, p: &mut FakePipes) -> Vec<Vec<u8>> {
        let mut frames = Vec::new();
        loop {
            let m = s.recv(p).unwrap();
            frames.push(m.data().to_vec());
            if !m.more() {
                return frames;
            }
        }
    }

    fn send_msg(s: &mut dyn Pattern, p: &mut FakePipes, frames: &[&[u8]]) -> Result<()> {
        for (i, f) in frames.iter().enumerate() {
            s.send(p, &mut frame(f, i + 1 < frames.len()))?;
        }
        Ok(())
    }

    #[test]
    fn router_prefixes_routing_id_and_routes_by_it() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        attach(&mut s, &mut p, 1, &peer(b"alice"));
        attach(&mut s, &mut p, 2, &peer(b"bob"));
        p.push_in(2, &[b"hi", b"there"]);
        assert!(s.has_in(&mut p));
        assert_eq!(
            recv_msg(&mut s, &mut p),
            vec![b"bob".to_vec(), b"hi".to_vec(), b"there".to_vec()]
        );
        assert!(!s.has_in(&mut p));
        p.push_in(1, &[b"x"]);
        s.read_activated(&mut p, 1);
        assert_eq!(
            recv_msg(&mut s, &mut p),
            vec![b"alice".to_vec(), b"x".to_vec()]
        );

        send_msg(&mut s, &mut p, &[b"bob", b"reply", b"2"]).unwrap();
        assert_eq!(p.drain_out(2), vec![vec![b"reply".to_vec(), b"2".to_vec()]]);
        assert!(p.drain_out(1).is_empty());
        // Unknown peers are dropped silently, lone frames too.
        send_msg(&mut s, &mut p, &[b"carol", b"lost"]).unwrap();
        send_msg(&mut s, &mut p, &[b"bob"]).unwrap();
        send_msg(&mut s, &mut p, &[b"bob", b"ok"]).unwrap();
        assert_eq!(p.drain_out(2), vec![vec![b"ok".to_vec()]]);
    }

    #[test]
    fn router_generates_five_byte_ids() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        attach(&mut s, &mut p, 1, &PipeInfo::default());
        attach(&mut s, &mut p, 2, &PipeInfo::default());
        p.push_in(1, &[b"a"]);
        p.push_in(2, &[b"b"]);
        let a = recv_msg(&mut s, &mut p)[0].clone();
        let b = recv_msg(&mut s, &mut p)[0].clone();
        assert_eq!(a.len(), 5);
        assert_eq!(a[0], 0);
        assert_eq!(b[0], 0);
        let na = u32::from_be_bytes([a[1], a[2], a[3], a[4]]);
        let nb = u32::from_be_bytes([b[1], b[2], b[3], b[4]]);
        assert_eq!(nb, na.wrapping_add(1));
        send_msg(&mut s, &mut p, &[&b, b"to-b"]).unwrap();
        assert_eq!(p.drain_out(2).len(), 1);
    }

    #[test]
    fn router_mandatory_reports_unroutable_and_full() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        assert!(s.has_out(&mut p));
        assert_eq!(
            s.set_option(&mut p, ZMQ_ROUTER_MANDATORY, &int(1)),
            Ok(true)
        );
        assert!(!s.has_out(&mut p));
        let mut id = frame(b"nobody", true);
        assert_eq!(s.send(&mut p, &mut id), Err(Error::HostUnreach));
        p.add_hwm(1, 1);
        s.attach(&mut p, 1, &peer(b"full"));
        assert!(s.has_out(&mut p));
        send_msg(&mut s, &mut p, &[b"full", b"1"]).unwrap();
        assert!(!s.has_out(&mut p));
        let mut id = frame(b"full", true);
        assert_eq!(s.send(&mut p, &mut id), Err(Error::Again));
        assert_eq!(id.data(), b"full");
        p.drain_out(1);
        s.write_activated(&mut p, 1);
        send_msg(&mut s, &mut p, &[b"full", b"2"]).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"2".to_vec()]]);
    }

    #[test]
    fn router_full_pipe_drops_without_mandatory() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        p.add_hwm(1, 1);
        s.attach(&mut p, 1, &peer(b"x"));
        send_msg(&mut s, &mut p, &[b"x", b"1"]).unwrap();
        send_msg(&mut s, &mut p, &[b"x", b"2"]).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"1".to_vec()]]);
    }

    #[test]
    fn router_duplicate_id_refused_or_handed_over() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        attach(&mut s, &mut p, 1, &peer(b"dup"));
        attach(&mut s, &mut p, 2, &peer(b"dup"));
        p.push_in(2, &[b"ignored"]);
        s.read_activated(&mut p, 2);
        assert!(!s.has_in(&mut p));
        send_msg(&mut s, &mut p, &[b"dup", b"m"]).unwrap();
        assert_eq!(p.drain_out(1).len(), 1);
        assert!(p.drain_out(2).is_empty());

        s.set_option(&mut p, ZMQ_ROUTER_HANDOVER, &int(1)).unwrap();
        attach(&mut s, &mut p, 3, &peer(b"dup"));
        assert!(p.pipe(1).terminated);
        send_msg(&mut s, &mut p, &[b"dup", b"m"]).unwrap();
        assert_eq!(p.drain_out(3).len(), 1);
        assert!(p.drain_out(1).is_empty());
        s.pipe_terminated(&mut p, 1);
        send_msg(&mut s, &mut p, &[b"dup", b"m2"]).unwrap();
        assert_eq!(p.drain_out(3).len(), 1);
    }

    #[test]
    fn router_handover_of_pipe_mid_message_waits_for_its_end() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        s.set_option(&mut p, ZMQ_ROUTER_HANDOVER, &int(1)).unwrap();
        attach(&mut s, &mut p, 1, &peer(b"id"));
        p.push_in(1, &[b"a", b"b"]);
        assert_eq!(s.recv(&mut p).unwrap().data(), b"id");
        attach(&mut s, &mut p, 2, &peer(b"id"));
        assert!(!p.pipe(1).terminated);
        assert_eq!(s.recv(&mut p).unwrap().data(), b"a");
        assert!(!p.pipe(1).terminated);
        assert_eq!(s.recv(&mut p).unwrap().data(), b"b");
        assert!(p.pipe(1).terminated);
    }

    #[test]
    fn router_connect_routing_id_and_probe() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        assert_eq!(
            s.set_option(&mut p, ZMQ_CONNECT_ROUTING_ID, b""),
            Err(Error::Inval)
        );
        s.set_option(&mut p, ZMQ_CONNECT_ROUTING_ID, b"srv")
            .unwrap();
        s.set_option(&mut p, ZMQ_PROBE_ROUTER, &int(1)).unwrap();
        let cid = s.take_connect_routing_id();
        assert_eq!(cid.as_deref(), Some(&b"srv"[..]));
        assert_eq!(s.take_connect_routing_id(), None);
        let info = PipeInfo {
            peer_routing_id: b"their-own".to_vec(),
            connect_routing_id: cid,
            locally_initiated: true,
            routing_id_in_band: false,
        };
        attach(&mut s, &mut p, 1, &info);
        assert_eq!(p.drain_out(1), vec![vec![Vec::<u8>::new()]]);
        p.push_in(1, &[b"x"]);
        assert_eq!(
            recv_msg(&mut s, &mut p),
            vec![b"srv".to_vec(), b"x".to_vec()]
        );
    }

    #[test]
    fn router_learns_a_connected_peer_from_the_first_message() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        s.set_option(&mut p, ZMQ_PROBE_ROUTER, &int(1)).unwrap();
        let info = PipeInfo {
            locally_initiated: true,
            routing_id_in_band: true,
            ..PipeInfo::default()
        };
        attach(&mut s, &mut p, 1, &info);
        // The probe goes out before the peer is known.
        assert_eq!(p.drain_out(1), vec![vec![Vec::<u8>::new()]]);
        assert!(!s.has_in(&mut p));
        send_msg(&mut s, &mut p, &[b"peer", b"lost"]).unwrap();
        assert!(p.drain_out(1).is_empty());
        p.push_in(1, &[b"peer"]);
        s.read_activated(&mut p, 1);
        p.push_in(1, &[b"hi"]);
        assert_eq!(
            recv_msg(&mut s, &mut p),
            vec![b"peer".to_vec(), b"hi".to_vec()]
        );
        send_msg(&mut s, &mut p, &[b"peer", b"back"]).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"back".to_vec()]]);

        // An empty routing id gets a generated one.
        let mut s = Router::new();
        attach(&mut s, &mut p, 2, &info);
        p.push_in(2, &[b""]);
        s.read_activated(&mut p, 2);
        p.push_in(2, &[b"x"]);
        let got = recv_msg(&mut s, &mut p);
        assert_eq!(got[0].len(), 5);
        assert_eq!(got[1], b"x");
    }

    #[test]
    fn router_options_are_checked() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        assert_eq!(
            s.set_option(&mut p, ZMQ_ROUTER_MANDATORY, &int(-1)),
            Err(Error::Inval)
        );
        assert_eq!(
            s.set_option(&mut p, ZMQ_ROUTER_HANDOVER, &[1, 0]),
            Err(Error::Inval)
        );
        assert_eq!(s.set_option(&mut p, ZMQ_ROUTER_RAW, &int(0)), Ok(true));
        assert!(!s.raw_socket());
        assert_eq!(
            s.set_option(&mut p, ZMQ_ROUTER_RAW, &int(-1)),
            Err(Error::Inval)
        );
        assert_eq!(s.set_option(&mut p, 52, &int(1)), Ok(false));
    }

    #[test]
    fn router_raw_generates_ids_and_closes_on_empty_frame() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        assert_eq!(s.set_option(&mut p, ZMQ_ROUTER_RAW, &int(2)), Ok(true));
        assert!(s.raw_socket());
        // A peer's own id is ignored: raw peers have none.
        attach(&mut s, &mut p, 1, &peer(b"ignored"));
        p.push_in(1, &[b""]);
        p.push_in(1, &[b"GET /"]);
        let notify = recv_msg(&mut s, &mut p);
        assert_eq!(notify[0].len(), 5);
        assert_eq!(notify[1], b"");
        let id = notify[0].clone();
        assert_eq!(
            recv_msg(&mut s, &mut p),
            vec![id.clone(), b"GET /".to_vec()]
        );

        // The data frame ends the message even with MORE; the next frame
        // is a lone first frame, dropped.
        send_msg(&mut s, &mut p, &[&id, b"wor", b"ld"]).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"wor".to_vec()]]);

        send_msg(&mut s, &mut p, &[&id, b""]).unwrap();
        assert!(p.pipe(1).terminated);
        assert!(p.drain_out(1).is_empty());
    }

    #[test]
    fn router_raw_off_again_keeps_raw_connections_but_not_close() {
        let mut p = FakePipes::new();
        let mut s = Router::new();
        s.set_option(&mut p, ZMQ_ROUTER_RAW, &int(1)).unwrap();
        s.set_option(&mut p, ZMQ_ROUTER_RAW, &int(0)).unwrap();
        assert!(s.raw_socket());
        attach(&mut s, &mut p, 1, &PipeInfo::default());
        p.push_in(1, &[b""]);
        let id = recv_msg(&mut s, &mut p)[0].clone();
        send_msg(&mut s, &mut p, &[&id, b""]).unwrap();
        assert!(!p.pipe(1).terminated);
        assert_eq!(p.drain_out(1), vec![vec![Vec::<u8>::new()]]);
    }

    #[test]
    fn rep_saves_envelope_and_enforces_fsm() {
        let mut p = FakePipes::new();
        let mut s = Rep::new();
        attach(&mut s, &mut p, 1, &peer(b"req"));
        assert_eq!(s.send(&mut p, &mut frame(b"x", false)), Err(Error::Fsm));
        assert_eq!(s.recv(&mut p).err(), Some(Error::Again));
        assert!(!s.has_out(&mut p));
        // A message with no delimiter is discarded.
        p.push_in(1, &[b"junk"]);
        p.push_in(1, &[b"hop", b"", b"question", b"?"]);
        s.read_activated(&mut p, 1);
        assert!(s.has_in(&mut p));
        assert_eq!(
            recv_msg(&mut s, &mut p),
            vec![b"question".to_vec(), b"?".to_vec()]
        );
        assert!(!s.has_in(&mut p));
        assert_eq!(s.recv(&mut p).err(), Some(Error::Fsm));
        assert!(s.has_out(&mut p));
        assert!(p.drain_out(1).is_empty(), "envelope is not flushed alone");
        send_msg(&mut s, &mut p, &[b"answer", b"!"]).unwrap();
        assert_eq!(
            p.drain_out(1),
            vec![vec![
                b"hop".to_vec(),
                vec![],
                b"answer".to_vec(),
                b"!".to_vec()
            ]]
        );
        assert_eq!(s.send(&mut p, &mut frame(b"x", false)), Err(Error::Fsm));
    }

    #[test]
    fn rep_serves_peers_in_turn() {
        let mut p = FakePipes::new();
        let mut s = Rep::new();
        attach(&mut s, &mut p, 1, &peer(b"a"));
        attach(&mut s, &mut p, 2, &peer(b"b"));
        p.push_in(1, &[b"", b"qa"]);
        p.push_in(2, &[b"", b"qb"]);
        for _ in 0..2 {
            let q = recv_msg(&mut s, &mut p);
            let mut r = q[0].clone();
            r.push(b'!');
            send_msg(&mut s, &mut p, &[&r]).unwrap();
        }
        assert_eq!(p.drain_out(1), vec![vec![vec![], b"qa!".to_vec()]]);
        assert_eq!(p.drain_out(2), vec![vec![vec![], b"qb!".to_vec()]]);
    }
}
