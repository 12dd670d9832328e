//! ZMQ_DEALER and ZMQ_REQ (libzmq `dealer_t`, `req_t`).

use super::{random_u32, ZMQ_PROBE_ROUTER, ZMQ_REQ_CORRELATE, ZMQ_REQ_RELAXED};
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::factory::{bool_value, ZMQ_DEALER, ZMQ_REQ};
use crate::socket::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::socket::routing::fq::Fq;
use crate::socket::routing::lb::Lb;

#[derive(Debug, Default)]
pub struct Dealer {
    fq: Fq,
    lb: Lb,
    /// ZMQ_PROBE_ROUTER: greet each new peer with an empty message.
    probe_router: bool,
}

impl Dealer {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Pattern for Dealer {
    fn socket_type(&self) -> i32 {
        ZMQ_DEALER
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, _info: &PipeInfo) {
        if self.probe_router && pipes.write(id, Msg::new()).is_ok() {
            pipes.flush(id);
        }
        self.fq.attach(id);
        self.lb.attach(id);
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.pipe_terminated(id);
        self.lb.pipe_terminated(id);
    }

    fn read_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.activated(id);
    }

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.lb.activated(id);
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        self.lb.send(pipes, msg)
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        self.fq.recv(pipes)
    }

    fn recv_into(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        self.fq.recv_into(pipes, msg).map(|_| ())
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.fq.has_in(pipes)
    }

    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.lb.has_out(pipes)
    }

    fn set_option(&mut self, _pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        match option {
            ZMQ_PROBE_ROUTER => {
                self.probe_router = bool_value(value).ok_or(Error::Inval)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

/// ZMQ_REQ: a DEALER that sends one request, then takes one reply from the
/// peer it sent to, strictly alternating.
#[derive(Debug)]
pub struct Req {
    dealer: Dealer,
    /// A request was sent; its reply is awaited.
    receiving_reply: bool,
    /// The next frame sent (or received) starts a message.
    message_begins: bool,
    /// Where the request went; replies from other pipes are dropped.
    reply_pipe: Option<PipeId>,
    /// ZMQ_REQ_CORRELATE: prefix requests with an id, accept only replies
    /// carrying it.
    request_id_frames_enabled: bool,
    request_id: u32,
    /// Not ZMQ_REQ_RELAXED.
    strict: bool,
}

impl Req {
    pub fn new() -> Self {
        Req {
            dealer: Dealer::new(),
            receiving_reply: false,
            message_begins: true,
            reply_pipe: None,
            request_id_frames_enabled: false,
            request_id: random_u32(),
            strict: true,
        }
    }

    /// The next frame from the pipe the request went to; frames from any
    /// other pipe are late replies to abandoned requests and are dropped.
    fn recv_reply_pipe(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        loop {
            let (msg, pipe) = self.dealer.fq.recv_pipe(pipes)?;
            if self.reply_pipe.is_none() || self.reply_pipe == Some(pipe) {
                return Ok(msg);
            }
        }
    }

    /// Drops the remaining frames of a reply that failed a check.
    fn skip_rest(&mut self, pipes: &mut dyn PipeSet, mut msg: Msg) -> Result<()> {
        while msg.more() {
            msg = self.recv_reply_pipe(pipes)?;
        }
        Ok(())
    }
}

impl Default for Req {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for Req {
    fn socket_type(&self) -> i32 {
        ZMQ_REQ
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, info: &PipeInfo) {
        self.dealer.attach(pipes, id, info);
    }

    fn pipe_terminated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        if self.reply_pipe == Some(id) {
            self.reply_pipe = None;
        }
        self.dealer.pipe_terminated(pipes, id);
    }

    fn read_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.dealer.read_activated(pipes, id);
    }

    fn write_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.dealer.write_activated(pipes, id);
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        if self.receiving_reply {
            if self.strict {
                return Err(Error::Fsm);
            }
            self.receiving_reply = false;
            self.message_begins = true;
        }

        if self.message_begins {
            self.reply_pipe = None;
            if self.request_id_frames_enabled {
                self.request_id = self.request_id.wrapping_add(1);
                // Host byte order, as libzmq memcpys it.
                let mut id = Msg::from_slice(&self.request_id.to_ne_bytes());
                id.set_more(true);
                self.reply_pipe = self.dealer.lb.send_pipe(pipes, &mut id)?;
            }
            let mut bottom = Msg::new();
            bottom.set_more(true);
            if let Some(pipe) = self.dealer.lb.send_pipe(pipes, &mut bottom)? {
                self.reply_pipe = Some(pipe);
            }
            self.message_begins = false;

            // Replies that arrived for earlier requests must not be taken
            // for the reply to this one.
            while self.dealer.fq.recv(pipes).is_ok() {}
        }

        let more = msg.more();
        self.dealer.send(pipes, msg)?;
        if !more {
            self.receiving_reply = true;
            self.message_begins = true;
        }
        Ok(())
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        if !self.receiving_reply {
            return Err(Error::Fsm);
        }

        while self.message_begins {
            if self.request_id_frames_enabled {
                let msg = self.recv_reply_pipe(pipes)?;
                if !msg.more() || msg.data() != self.request_id.to_ne_bytes() {
                    self.skip_rest(pipes, msg)?;
                    continue;
                }
            }
            let msg = self.recv_reply_pipe(pipes)?;
            if !msg.more() || msg.size() != 0 {
                self.skip_rest(pipes, msg)?;
                continue;
            }
            self.message_begins = false;
        }

        let msg = self.recv_reply_pipe(pipes)?;
        if !msg.more() {
            self.receiving_reply = false;
            self.message_begins = true;
        }
        Ok(msg)
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.receiving_reply && self.dealer.has_in(pipes)
    }

    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        if self.receiving_reply && self.strict {
            return false;
        }
        self.dealer.has_out(pipes)
    }

    fn set_option(&mut self, pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        match option {
            ZMQ_REQ_CORRELATE => {
                self.request_id_frames_enabled = bool_value(value).ok_or(Error::Inval)?;
                Ok(true)
            }
            ZMQ_REQ_RELAXED => {
                self.strict = !bool_value(value).ok_or(Error::Inval)?;
                Ok(true)
            }
            _ => self.dealer.set_option(pipes, option, value),
        }
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

    fn attach(s: &mut dyn Pattern, p: &mut FakePipes, id: PipeId) {
        p.add(id);
        s.attach(p, id, &PipeInfo::default());
    }

    #[test]
    fn dealer_round_robins_and_fair_queues() {
        let mut p = FakePipes::new();
        let mut s = Dealer::new();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        s.send(&mut p, &mut frame(b"a", true)).unwrap();
        s.send(&mut p, &mut frame(b"b", false)).unwrap();
        s.send(&mut p, &mut frame(b"c", false)).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"a".to_vec(), b"b".to_vec()]]);
        assert_eq!(p.drain_out(2), vec![vec![b"c".to_vec()]]);
        p.push_in(2, &[b"x"]);
        p.push_in(1, &[b"y"]);
        assert!(s.has_in(&mut p));
        let a = s.recv(&mut p).unwrap();
        let b = s.recv(&mut p).unwrap();
        let mut got = vec![a.data().to_vec(), b.data().to_vec()];
        got.sort();
        assert_eq!(got, vec![b"x".to_vec(), b"y".to_vec()]);
    }

    #[test]
    fn dealer_probe_router_sends_empty_message() {
        let mut p = FakePipes::new();
        let mut s = Dealer::new();
        assert_eq!(s.set_option(&mut p, ZMQ_PROBE_ROUTER, &int(1)), Ok(true));
        assert_eq!(
            s.set_option(&mut p, ZMQ_PROBE_ROUTER, &int(-1)),
            Err(Error::Inval)
        );
        attach(&mut s, &mut p, 1);
        assert_eq!(p.drain_out(1), vec![vec![Vec::<u8>::new()]]);
        assert_eq!(s.set_option(&mut p, ZMQ_REQ_RELAXED, &int(1)), Ok(false));
    }

    #[test]
    fn req_envelope_and_fsm() {
        let mut p = FakePipes::new();
        let mut s = Req::new();
        attach(&mut s, &mut p, 1);
        assert_eq!(s.recv(&mut p).err(), Some(Error::Fsm));
        assert!(!s.has_in(&mut p));
        assert!(s.has_out(&mut p));
        s.send(&mut p, &mut frame(b"hello", false)).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![vec![], b"hello".to_vec()]]);
        assert!(!s.has_out(&mut p));
        assert_eq!(s.send(&mut p, &mut frame(b"again", false)), Err(Error::Fsm));
        assert_eq!(s.recv(&mut p).err(), Some(Error::Again));
        // Replies without the delimiter are dropped.
        p.push_in(1, &[b"bad"]);
        p.push_in(1, &[b"x", b"bad"]);
        p.push_in(1, &[b"", b"world", b"!"]);
        s.read_activated(&mut p, 1);
        assert!(s.has_in(&mut p));
        let a = s.recv(&mut p).unwrap();
        assert_eq!(a.data(), b"world");
        assert!(a.more());
        let b = s.recv(&mut p).unwrap();
        assert_eq!(b.data(), b"!");
        assert!(!b.more());
        assert_eq!(s.recv(&mut p).err(), Some(Error::Fsm));
        assert!(s.has_out(&mut p));
    }

    #[test]
    fn req_takes_reply_only_from_request_pipe() {
        let mut p = FakePipes::new();
        let mut s = Req::new();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        s.send(&mut p, &mut frame(b"q", false)).unwrap();
        let target = if p.drain_out(1).is_empty() { 2 } else { 1 };
        let other = 3 - target;
        p.push_in(other, &[b"", b"wrong"]);
        p.push_in(target, &[b"", b"right"]);
        s.read_activated(&mut p, 1);
        s.read_activated(&mut p, 2);
        assert_eq!(s.recv(&mut p).unwrap().data(), b"right");
    }

    #[test]
    fn req_drops_stale_replies_before_new_request() {
        let mut p = FakePipes::new();
        let mut s = Req::new();
        s.set_option(&mut p, ZMQ_REQ_RELAXED, &int(1)).unwrap();
        attach(&mut s, &mut p, 1);
        s.send(&mut p, &mut frame(b"q1", false)).unwrap();
        // Relaxed: a second request may go out before the reply.
        s.send(&mut p, &mut frame(b"q2", false)).unwrap();
        assert!(s.has_out(&mut p));
        p.push_in(1, &[b"", b"r2"]);
        s.read_activated(&mut p, 1);
        assert_eq!(s.recv(&mut p).unwrap().data(), b"r2");
        // A reply to an old request that arrives before the next send is
        // discarded by that send.
        s.send(&mut p, &mut frame(b"q3", false)).unwrap();
        p.push_in(1, &[b"", b"r3"]);
        s.read_activated(&mut p, 1);
        s.send(&mut p, &mut frame(b"q4", false)).unwrap();
        assert_eq!(s.recv(&mut p).err(), Some(Error::Again));
    }

    #[test]
    fn req_correlate_checks_request_id() {
        let mut p = FakePipes::new();
        let mut s = Req::new();
        s.set_option(&mut p, ZMQ_REQ_CORRELATE, &int(1)).unwrap();
        attach(&mut s, &mut p, 1);
        s.send(&mut p, &mut frame(b"q", false)).unwrap();
        let out = p.drain_out(1);
        assert_eq!(out.len(), 1);
        let req = &out[0];
        assert_eq!(req.len(), 3);
        assert_eq!(req[0].len(), 4);
        assert!(req[1].is_empty());
        let id = req[0].clone();
        let mut wrong = id.clone();
        wrong[0] ^= 0xff;
        p.push_in(1, &[&wrong, b"", b"old"]);
        p.push_in(1, &[&id, b"", b"new"]);
        s.read_activated(&mut p, 1);
        assert_eq!(s.recv(&mut p).unwrap().data(), b"new");
        // The id moves on with each request.
        s.send(&mut p, &mut frame(b"q2", false)).unwrap();
        let next = p.drain_out(1)[0][0].clone();
        assert_ne!(next, id);
    }

    #[test]
    fn req_options_are_checked() {
        let mut p = FakePipes::new();
        let mut s = Req::new();
        assert_eq!(
            s.set_option(&mut p, ZMQ_REQ_CORRELATE, &[1]),
            Err(Error::Inval)
        );
        assert_eq!(
            s.set_option(&mut p, ZMQ_REQ_RELAXED, &int(-1)),
            Err(Error::Inval)
        );
        assert_eq!(s.set_option(&mut p, ZMQ_PROBE_ROUTER, &int(1)), Ok(true));
        assert_eq!(s.set_option(&mut p, 33, &int(1)), Ok(false));
    }

    #[test]
    fn req_without_peers_is_again_then_sends() {
        let mut p = FakePipes::new();
        let mut s = Req::new();
        let mut m = frame(b"q", false);
        assert_eq!(s.send(&mut p, &mut m), Err(Error::Again));
        attach(&mut s, &mut p, 1);
        s.send(&mut p, &mut m).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![vec![], b"q".to_vec()]]);
    }
}
