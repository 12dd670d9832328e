//! ZMQ_STREAM (libzmq `stream_t`): talks to plain TCP peers through the raw
//! engine (`crate::engine::raw_engine`), which carries bytes with no framing.
//!
//! Each connection is one pipe and gets a routing id: the connect's
//! ZMQ_CONNECT_ROUTING_ID, or a generated 5-byte id (0x00 then a 32-bit
//! counter), as ROUTER does. A received message is [routing id][data]; a
//! sent one is [routing id] with SNDMORE, then [data]. An empty data frame
//! sent closes that connection.
//!
//! The raw engine marks a connection and a disconnection by an empty
//! message on the pipe (TCP reads never yield empty data, so an empty
//! message is always such a mark). With ZMQ_STREAM_NOTIFY (default on) they
//! reach the application as [routing id][""]; with it off they are dropped
//! here, so the option stays a pattern matter.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::options::{self, ZMQ_ROUTING_ID};
use crate::socket::factory::{int_value, ZMQ_STREAM};
use crate::socket::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::socket::reqrep::ZMQ_CONNECT_ROUTING_ID;
use crate::socket::routing::fq::Fq;

/// ZMQ_STREAM_NOTIFY (zmq.h).
pub(crate) const ZMQ_STREAM_NOTIFY: i32 = 73;

#[derive(Debug)]
pub struct Stream {
    fq: Fq,
    /// Routing id -> pipe, for sending.
    out_pipes: HashMap<Vec<u8>, PipeId>,
    /// Pipe -> routing id, for receiving.
    routing_ids: HashMap<PipeId, Vec<u8>>,
    /// The routing id frame of the message being received, not yet handed
    /// out.
    prefetched_id: Option<Msg>,
    /// The data frame of the message being received.
    prefetched_msg: Option<Msg>,
    /// The routing id frame was taken; the data frame comes next.
    more_out: bool,
    /// The pipe the data frame being sent goes to; `None` drops it.
    current_out: Option<PipeId>,
    /// Generated routing ids are 0x00 then this counter, big-endian.
    next_integral_routing_id: u32,
    /// ZMQ_STREAM_NOTIFY.
    notify: bool,
    /// ZMQ_CONNECT_ROUTING_ID, consumed by the next connect.
    connect_routing_id: Option<Vec<u8>>,
    /// The id last generated for a peer: libzmq stores it in the socket's
    /// ZMQ_ROUTING_ID, so reading the option returns it (callers use it to
    /// address the peer they just connected to) until the option is set.
    last_generated_id: Option<Vec<u8>>,
}

/// A random start for the routing id counter (libzmq starts it at a random
/// value too, so ids differ between runs): std's hasher keys are random.
fn random_u32() -> u32 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(std::process::id().into());
    h.finish() as u32
}

impl Stream {
    pub fn new() -> Self {
        Stream {
            fq: Fq::new(),
            out_pipes: HashMap::new(),
            routing_ids: HashMap::new(),
            prefetched_id: None,
            prefetched_msg: None,
            more_out: false,
            current_out: None,
            next_integral_routing_id: random_u32(),
            notify: true,
            connect_routing_id: None,
            last_generated_id: None,
        }
    }

    fn generate_routing_id(&mut self) -> Vec<u8> {
        // Skip ids still in use after the counter wrapped.
        loop {
            let n = self.next_integral_routing_id;
            self.next_integral_routing_id = n.wrapping_add(1);
            let mut id = Vec::with_capacity(5);
            id.push(0);
            id.extend_from_slice(&n.to_be_bytes());
            if !self.out_pipes.contains_key(&id) {
                return id;
            }
        }
    }

    /// Reads the next message to hand out: its routing id frame (MORE) and
    /// its data frame (no MORE). Connection marks are dropped when
    /// ZMQ_STREAM_NOTIFY is off.
    fn fetch(&mut self, pipes: &mut dyn PipeSet) -> Result<(Msg, Msg)> {
        loop {
            let (mut msg, pipe) = self.fq.recv_pipe(pipes)?;
            if msg.size() == 0 && !self.notify {
                continue;
            }
            msg.set_more(false);
            let mut id = self
                .routing_ids
                .get(&pipe)
                .map(|id| Msg::from_slice(id))
                .unwrap_or_default();
            id.set_more(true);
            // zmq_msg_gets works on the routing id frame too.
            id.set_metadata(msg.metadata().cloned());
            return Ok((id, msg));
        }
    }
}

impl Default for Stream {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for Stream {
    fn socket_type(&self) -> i32 {
        ZMQ_STREAM
    }

    fn attach(&mut self, _pipes: &mut dyn PipeSet, id: PipeId, info: &PipeInfo) {
        // A peer's own routing id means nothing to a raw socket: ids are
        // the connect's or generated. A connect routing id already in use
        // (libzmq asserts) gets a generated one instead.
        let rid = match info.connect_routing_id.as_ref() {
            Some(rid)
                if info.locally_initiated
                    && !rid.is_empty()
                    && !self.out_pipes.contains_key(rid) =>
            {
                rid.clone()
            }
            _ => {
                let rid = self.generate_routing_id();
                self.last_generated_id = Some(rid.clone());
                rid
            }
        };
        self.out_pipes.insert(rid.clone(), id);
        self.routing_ids.insert(id, rid);
        self.fq.attach(id);
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        if let Some(rid) = self.routing_ids.remove(&id) {
            if self.out_pipes.get(&rid) == Some(&id) {
                self.out_pipes.remove(&rid);
            }
        }
        self.fq.pipe_terminated(id);
        if self.current_out == Some(id) {
            self.current_out = None;
        }
    }

    fn read_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.activated(id);
    }

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, _id: PipeId) {
        // Each send checks its pipe's room itself.
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        if !self.more_out {
            // The first frame names the peer. A lone frame (no MORE) is
            // malformed: libzmq ignores it, and still takes the next frame
            // as data (which then goes nowhere).
            if msg.more() {
                let pipe = *self.out_pipes.get(msg.data()).ok_or(Error::HostUnreach)?;
                if !pipes.check_write(pipe) {
                    // The frame stays with the caller: the base may block
                    // and retry.
                    return Err(Error::Again);
                }
                self.current_out = Some(pipe);
            }
            self.more_out = true;
            *msg = Msg::new();
            return Ok(());
        }

        // The data frame ends the message whatever its MORE flag says.
        self.more_out = false;
        let mut data = std::mem::take(msg);
        data.set_more(false);
        if let Some(pipe) = self.current_out.take() {
            if data.size() == 0 {
                // An empty data frame closes the connection.
                pipes.terminate(pipe);
            } else if pipes.write(pipe, data).is_ok() {
                pipes.flush(pipe);
            }
            // A failed write means the pipe is going: the frame is lost
            // with the connection, as in libzmq.
        }
        Ok(())
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        if let Some(id) = self.prefetched_id.take() {
            return Ok(id);
        }
        if let Some(msg) = self.prefetched_msg.take() {
            return Ok(msg);
        }
        let (id, msg) = self.fetch(pipes)?;
        self.prefetched_msg = Some(msg);
        Ok(id)
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        if self.prefetched_id.is_some() || self.prefetched_msg.is_some() {
            return true;
        }
        match self.fetch(pipes) {
            Ok((id, msg)) => {
                self.prefetched_id = Some(id);
                self.prefetched_msg = Some(msg);
                true
            }
            Err(_) => false,
        }
    }

    fn has_out(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        // Whether a send succeeds depends on the peer it names.
        true
    }

    fn set_option(&mut self, _pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        match option {
            ZMQ_STREAM_NOTIFY => match int_value(value) {
                Some(v @ (0 | 1)) => self.notify = v == 1,
                _ => return Err(Error::Inval),
            },
            ZMQ_CONNECT_ROUTING_ID => {
                if value.is_empty() {
                    return Err(Error::Inval);
                }
                self.connect_routing_id = Some(value.to_vec());
            }
            ZMQ_ROUTING_ID => {
                // The base checks and stores the new value (1 to 255
                // bytes); it reads back from there until the next
                // generated id.
                if (1..=255).contains(&value.len()) {
                    self.last_generated_id = None;
                }
                return Ok(false);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn take_connect_routing_id(&mut self) -> Option<Vec<u8>> {
        self.connect_routing_id.take()
    }

    fn get_option(&self, option: i32, out: &mut [u8]) -> Result<Option<usize>> {
        match (option, &self.last_generated_id) {
            (ZMQ_ROUTING_ID, Some(id)) => options::put_bytes(out, id).map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    fn frames(s: &mut Stream, p: &mut FakePipes) -> Vec<Vec<u8>> {
        let id = s.recv(p).unwrap();
        assert!(id.more());
        let data = s.recv(p).unwrap();
        assert!(!data.more());
        vec![id.data().to_vec(), data.data().to_vec()]
    }

    fn send(s: &mut Stream, p: &mut FakePipes, id: &[u8], data: &[u8]) -> Result<()> {
        let mut m = Msg::from_slice(id);
        m.set_more(true);
        s.send(p, &mut m)?;
        s.send(p, &mut Msg::from_slice(data))
    }

    fn accepted() -> PipeInfo {
        PipeInfo::default()
    }

    #[test]
    fn ids_prefix_data_and_route_replies() {
        let mut s = Stream::new();
        let mut p = FakePipes::new();
        p.add(1);
        p.add(2);
        s.attach(&mut p, 1, &accepted());
        s.attach(&mut p, 2, &accepted());
        p.push_in(1, &[b""]);
        p.push_in(2, &[b"GET /"]);
        let a = frames(&mut s, &mut p);
        assert_eq!(a[0].len(), 5);
        assert_eq!(a[0][0], 0);
        assert_eq!(a[1], b"");
        let b = frames(&mut s, &mut p);
        assert_ne!(a[0], b[0]);
        assert_eq!(b[1], b"GET /");
        assert!(s.recv(&mut p).is_err());

        send(&mut s, &mut p, &b[0], b"200 OK").unwrap();
        assert_eq!(p.take_out(2), Some(vec![b"200 OK".to_vec()]));
        assert_eq!(p.take_out(1), None);
        assert_eq!(
            send(&mut s, &mut p, b"nobody", b"x"),
            Err(Error::HostUnreach)
        );
    }

    #[test]
    fn empty_frame_closes_and_notify_off_hides_marks() {
        let mut s = Stream::new();
        let mut p = FakePipes::new();
        p.add(1);
        s.attach(&mut p, 1, &accepted());
        p.push_in(1, &[b""]);
        let id = frames(&mut s, &mut p)[0].clone();
        send(&mut s, &mut p, &id, b"").unwrap();
        assert!(p.pipe(1).terminated);
        s.pipe_terminated(&mut p, 1);
        assert_eq!(send(&mut s, &mut p, &id, b"x"), Err(Error::HostUnreach));

        let mut s = Stream::new();
        s.set_option(&mut p, ZMQ_STREAM_NOTIFY, &0i32.to_ne_bytes())
            .unwrap();
        assert_eq!(
            s.set_option(&mut p, ZMQ_STREAM_NOTIFY, &2i32.to_ne_bytes()),
            Err(Error::Inval)
        );
        p.add(2);
        s.attach(&mut p, 2, &accepted());
        p.push_in(2, &[b""]);
        p.push_in(2, &[b"data"]);
        p.push_in(2, &[b""]);
        assert!(s.has_in(&mut p));
        assert_eq!(frames(&mut s, &mut p)[1], b"data");
        assert!(!s.has_in(&mut p));
    }

    #[test]
    fn connect_routing_id_and_lone_frame() {
        let mut s = Stream::new();
        let mut p = FakePipes::new();
        s.set_option(&mut p, ZMQ_CONNECT_ROUTING_ID, b"web")
            .unwrap();
        assert_eq!(
            s.set_option(&mut p, ZMQ_CONNECT_ROUTING_ID, b""),
            Err(Error::Inval)
        );
        p.add(1);
        let info = PipeInfo {
            connect_routing_id: s.take_connect_routing_id(),
            locally_initiated: true,
            ..PipeInfo::default()
        };
        s.attach(&mut p, 1, &info);
        // A lone frame is dropped, and so is the frame after it.
        s.send(&mut p, &mut Msg::from_slice(b"web")).unwrap();
        s.send(&mut p, &mut Msg::from_slice(b"lost")).unwrap();
        send(&mut s, &mut p, b"web", b"hello").unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"hello".to_vec()]]);
    }

    #[test]
    fn routing_id_option_reads_the_last_generated_id() {
        let mut s = Stream::new();
        let mut p = FakePipes::new();
        let mut out = [0xAAu8; 8];
        assert_eq!(s.get_option(ZMQ_ROUTING_ID, &mut out), Ok(None));
        p.add(1);
        s.attach(&mut p, 1, &accepted());
        assert_eq!(s.get_option(ZMQ_ROUTING_ID, &mut out), Ok(Some(5)));
        assert_eq!(out[..5], s.routing_ids[&1][..]);
        assert_eq!(out[5..], [0, 0, 0]);
        assert_eq!(s.set_option(&mut p, ZMQ_ROUTING_ID, b""), Ok(false));
        assert_eq!(s.get_option(ZMQ_ROUTING_ID, &mut out), Ok(Some(5)));
        assert_eq!(s.set_option(&mut p, ZMQ_ROUTING_ID, b"me"), Ok(false));
        assert_eq!(s.get_option(ZMQ_ROUTING_ID, &mut out), Ok(None));
    }

    #[test]
    fn full_pipe_is_again() {
        let mut s = Stream::new();
        let mut p = FakePipes::new();
        p.add_hwm(1, 1);
        s.attach(&mut p, 1, &accepted());
        p.push_in(1, &[b""]);
        let id = frames(&mut s, &mut p)[0].clone();
        send(&mut s, &mut p, &id, b"one").unwrap();
        assert_eq!(send(&mut s, &mut p, &id, b"two"), Err(Error::Again));
    }
}
