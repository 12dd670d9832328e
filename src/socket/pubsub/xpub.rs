//! ZMQ_XPUB and ZMQ_PUB (libzmq `xpub_t`, `pub_t`).
//!
//! Subscriptions read from the pipes go into an `MTrie`; each message is
//! sent to the pipes with a matching subscription. XPUB also hands the
//! subscriptions to the application (duplicates suppressed unless verbose).

use std::collections::VecDeque;

use super::{
    invert_matching_value, parse_subscription, ZMQ_INVERT_MATCHING, ZMQ_ONLY_FIRST_SUBSCRIBE,
    ZMQ_SUBSCRIBE, ZMQ_UNSUBSCRIBE, ZMQ_XPUB_MANUAL, ZMQ_XPUB_MANUAL_LAST_VALUE, ZMQ_XPUB_NODROP,
    ZMQ_XPUB_VERBOSE, ZMQ_XPUB_VERBOSER, ZMQ_XPUB_WELCOME_MSG,
};
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::factory::{bool_value, ZMQ_PUB, ZMQ_XPUB};
use crate::socket::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::socket::routing::dist::Dist;
use crate::socket::routing::trie::{MTrie, RmResult};

#[derive(Debug)]
pub struct XPub {
    socket_type: i32,
    /// What each pipe is subscribed to; decides where messages go.
    subscriptions: MTrie,
    /// In manual mode, what each pipe asked for, so the matching
    /// unsubscriptions can be reported when it goes away.
    manual_subscriptions: MTrie,
    dist: Dist,
    verbose_subs: bool,
    verbose_unsubs: bool,
    /// Drop on a full pipe (the default) rather than report EAGAIN.
    lossy: bool,
    manual: bool,
    /// ZMQ_XPUB_MANUAL_LAST_VALUE: the next message goes only to the pipe
    /// whose subscription the application just handled.
    send_last_pipe: bool,
    only_first_subscribe: bool,
    process_subscribe: bool,
    invert_matching: bool,
    /// The pipe whose subscription the application read last (manual mode).
    last_pipe: Option<PipeId>,
    more_send: bool,
    more_recv: bool,
    /// Subscriptions (and upstream messages) waiting for `recv`.
    pending: VecDeque<Msg>,
    /// In manual mode, the pipe each pending subscription came from.
    pending_pipes: VecDeque<Option<PipeId>>,
    welcome: Option<Msg>,
}

impl XPub {
    pub fn new() -> Self {
        Self::with_type(ZMQ_XPUB)
    }

    fn with_type(socket_type: i32) -> Self {
        XPub {
            socket_type,
            subscriptions: MTrie::new(),
            manual_subscriptions: MTrie::new(),
            dist: Dist::new(),
            verbose_subs: false,
            verbose_unsubs: false,
            lossy: true,
            manual: false,
            send_last_pipe: false,
            only_first_subscribe: false,
            process_subscribe: false,
            invert_matching: false,
            last_pipe: None,
            more_send: false,
            more_recv: false,
            pending: VecDeque::new(),
            pending_pipes: VecDeque::new(),
            welcome: None,
        }
    }

    fn is_xpub(&self) -> bool {
        self.socket_type == ZMQ_XPUB
    }

    fn handle_frame(&mut self, id: PipeId, msg: Msg) {
        let first_part = !self.more_recv;
        self.more_recv = msg.more();

        let parsed = if first_part || self.process_subscribe {
            parse_subscription(msg.data())
        } else {
            None
        };
        if first_part {
            self.process_subscribe = !self.only_first_subscribe || parsed.is_some();
        }

        let Some((subscribe, topic)) = parsed else {
            // A message sent upstream by an XSUB; PUB never passes them on.
            if self.socket_type != ZMQ_PUB {
                self.pending.push_back(msg);
            }
            return;
        };

        let notify = if self.manual {
            if subscribe {
                self.manual_subscriptions.add(topic, id);
            } else {
                self.manual_subscriptions.rm(topic, id);
            }
            self.pending_pipes.push_back(Some(id));
            true
        } else if subscribe {
            let first = self.subscriptions.add(topic, id);
            first || self.verbose_subs
        } else {
            let removed = self.subscriptions.rm(topic, id);
            removed != RmResult::ValuesRemain || self.verbose_unsubs
        };

        if self.manual || (self.is_xpub() && notify) {
            // The application always gets the old-style message, whatever
            // form the subscription took on the wire.
            let mut note = super::subscription_msg(subscribe, topic);
            note.set_metadata(msg.metadata().cloned());
            self.pending.push_back(note);
        }
    }

    fn queue_unsubscription(&mut self, topic: &[u8]) {
        if self.socket_type == ZMQ_PUB {
            return;
        }
        self.pending
            .push_back(super::subscription_msg(false, topic));
        if self.manual {
            self.last_pipe = None;
            self.pending_pipes.push_back(None);
        }
    }
}

impl Default for XPub {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for XPub {
    fn socket_type(&self) -> i32 {
        self.socket_type
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, _info: &PipeInfo) {
        self.dist.attach(id);
        if let Some(welcome) = &self.welcome {
            // A full pipe cannot happen on a fresh one; if it is already
            // gone the welcome has no one to go to.
            if pipes.write(id, welcome.clone()).is_ok() {
                pipes.flush(id);
            }
        }
        // The subscriptions the peer sent so far are waiting in the pipe.
        self.read_activated(pipes, id);
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        let mut topics: Vec<Vec<u8>> = Vec::new();
        if self.manual {
            self.manual_subscriptions
                .rm_pipe(id, false, |t| topics.push(t.to_vec()));
            self.subscriptions.rm_pipe(id, false, |_| {});
            if self.last_pipe == Some(id) {
                self.last_pipe = None;
            }
        } else {
            let only_last = !self.verbose_unsubs;
            self.subscriptions
                .rm_pipe(id, only_last, |t| topics.push(t.to_vec()));
        }
        for topic in topics {
            self.queue_unsubscription(&topic);
        }
        self.dist.pipe_terminated(id);
    }

    fn read_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        while let Some(msg) = pipes.read(id) {
            self.handle_frame(id, msg);
        }
    }

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.dist.activated(id);
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        let more = msg.more();
        if !self.more_send {
            // Forget the matching of a previous attempt that gave EAGAIN.
            self.dist.unmatch();
            let dist = &mut self.dist;
            match self.last_pipe {
                Some(last) if self.manual && self.send_last_pipe => {
                    self.subscriptions.match_pipes(msg.data(), |p| {
                        if p == last {
                            dist.match_pipe(p);
                        }
                    });
                    self.last_pipe = None;
                }
                _ => self
                    .subscriptions
                    .match_pipes(msg.data(), |p| dist.match_pipe(p)),
            }
            if self.invert_matching {
                self.dist.reverse_match();
            }
        }

        if !self.lossy && !self.dist.check_hwm(pipes) {
            return Err(Error::Again);
        }
        self.dist.send_to_matching(pipes, msg);
        if !more {
            self.dist.unmatch();
        }
        self.more_send = more;
        Ok(())
    }

    fn recv(&mut self, _pipes: &mut dyn PipeSet) -> Result<Msg> {
        let Some(msg) = self.pending.pop_front() else {
            return Err(Error::Again);
        };
        if self.manual {
            if let Some(pipe) = self.pending_pipes.pop_front() {
                // A pipe already gone cannot take manual subscriptions.
                self.last_pipe = pipe.filter(|&p| self.dist.has_pipe(p));
            }
        }
        Ok(msg)
    }

    fn has_in(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        !self.pending.is_empty()
    }

    fn has_out(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        true
    }

    fn set_option(&mut self, _pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        match option {
            ZMQ_XPUB_VERBOSE
            | ZMQ_XPUB_VERBOSER
            | ZMQ_XPUB_NODROP
            | ZMQ_XPUB_MANUAL
            | ZMQ_XPUB_MANUAL_LAST_VALUE
            | ZMQ_ONLY_FIRST_SUBSCRIBE => {
                let on = bool_value(value).ok_or(Error::Inval)?;
                match option {
                    ZMQ_XPUB_VERBOSE => {
                        self.verbose_subs = on;
                        self.verbose_unsubs = false;
                    }
                    ZMQ_XPUB_VERBOSER => {
                        self.verbose_subs = on;
                        self.verbose_unsubs = on;
                    }
                    ZMQ_XPUB_NODROP => self.lossy = !on,
                    ZMQ_XPUB_MANUAL => self.manual = on,
                    ZMQ_XPUB_MANUAL_LAST_VALUE => {
                        self.manual = on;
                        self.send_last_pipe = on;
                    }
                    _ => self.only_first_subscribe = on,
                }
                Ok(true)
            }
            ZMQ_SUBSCRIBE | ZMQ_UNSUBSCRIBE if self.manual => {
                if let Some(last) = self.last_pipe {
                    if option == ZMQ_SUBSCRIBE {
                        self.subscriptions.add(value, last);
                    } else {
                        self.subscriptions.rm(value, last);
                    }
                }
                Ok(true)
            }
            ZMQ_XPUB_WELCOME_MSG => {
                self.welcome = (!value.is_empty()).then(|| Msg::from_slice(value));
                Ok(true)
            }
            ZMQ_INVERT_MATCHING => {
                if let Some(on) = invert_matching_value(value) {
                    self.invert_matching = on;
                }
                Ok(false)
            }
            _ => Ok(false),
        }
    }
}

/// ZMQ_PUB: an XPUB that neither receives nor reports subscriptions.
#[derive(Debug)]
pub struct Pub(XPub);

impl Pub {
    pub fn new() -> Self {
        Pub(XPub::with_type(ZMQ_PUB))
    }
}

impl Default for Pub {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for Pub {
    fn socket_type(&self) -> i32 {
        ZMQ_PUB
    }
    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, info: &PipeInfo) {
        self.0.attach(pipes, id, info)
    }
    fn pipe_terminated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.0.pipe_terminated(pipes, id)
    }
    fn read_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.0.read_activated(pipes, id)
    }
    fn write_activated(&mut self, pipes: &mut dyn PipeSet, id: PipeId) {
        self.0.write_activated(pipes, id)
    }
    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        self.0.send(pipes, msg)
    }
    fn recv(&mut self, _pipes: &mut dyn PipeSet) -> Result<Msg> {
        Err(Error::NotSup)
    }
    fn has_in(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        false
    }
    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.0.has_out(pipes)
    }
    fn set_option(&mut self, pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        self.0.set_option(pipes, option, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    fn opt(s: &mut dyn Pattern, option: i32, value: &[u8]) -> Result<bool> {
        s.set_option(&mut FakePipes::new(), option, value)
    }

    fn int(v: i32) -> [u8; 4] {
        v.to_ne_bytes()
    }

    fn attach(s: &mut dyn Pattern, p: &mut FakePipes, id: PipeId) {
        if !p.pipes.contains_key(&id) {
            p.add(id);
        }
        s.attach(p, id, &PipeInfo::default());
    }

    fn sub(s: &mut dyn Pattern, p: &mut FakePipes, id: PipeId, topic: &[u8]) {
        let mut m = vec![1];
        m.extend_from_slice(topic);
        p.push_in(id, &[&m]);
        s.read_activated(p, id);
    }

    fn unsub(s: &mut dyn Pattern, p: &mut FakePipes, id: PipeId, topic: &[u8]) {
        let mut m = vec![0];
        m.extend_from_slice(topic);
        p.push_in(id, &[&m]);
        s.read_activated(p, id);
    }

    fn recv_all(s: &mut dyn Pattern, p: &mut FakePipes) -> Vec<Vec<u8>> {
        std::iter::from_fn(|| s.recv(p).ok())
            .map(|m| m.data().to_vec())
            .collect()
    }

    fn publish(s: &mut dyn Pattern, p: &mut FakePipes, data: &[u8]) {
        s.send(p, &mut Msg::from_slice(data)).unwrap();
    }

    #[test]
    fn pub_sends_to_matching_subscribers_only() {
        let mut p = FakePipes::new();
        let mut s = Pub::new();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        attach(&mut s, &mut p, 3);
        sub(&mut s, &mut p, 1, b"A");
        sub(&mut s, &mut p, 2, b"");
        publish(&mut s, &mut p, b"Apple");
        publish(&mut s, &mut p, b"Banana");
        assert_eq!(p.drain_out(1), vec![vec![b"Apple".to_vec()]]);
        assert_eq!(p.drain_out(2).len(), 2);
        assert!(p.drain_out(3).is_empty());
        assert_eq!(s.recv(&mut p).err(), Some(Error::NotSup));
        assert!(!s.has_in(&mut p));
        unsub(&mut s, &mut p, 1, b"A");
        publish(&mut s, &mut p, b"Apple");
        assert!(p.drain_out(1).is_empty());
    }

    #[test]
    fn pub_multipart_goes_whole_by_first_frame() {
        let mut p = FakePipes::new();
        let mut s = Pub::new();
        attach(&mut s, &mut p, 1);
        sub(&mut s, &mut p, 1, b"t");
        let mut a = Msg::from_slice(b"t1");
        a.set_more(true);
        s.send(&mut p, &mut a).unwrap();
        publish(&mut s, &mut p, b"x-body");
        assert_eq!(
            p.drain_out(1),
            vec![vec![b"t1".to_vec(), b"x-body".to_vec()]]
        );
    }

    #[test]
    fn pub_drops_on_full_pipe_nodrop_gives_again() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        p.add_hwm(1, 1);
        attach(&mut s, &mut p, 1);
        sub(&mut s, &mut p, 1, b"");
        publish(&mut s, &mut p, b"a");
        publish(&mut s, &mut p, b"b");
        assert_eq!(p.drain_out(1), vec![vec![b"a".to_vec()]]);
        s.write_activated(&mut p, 1);

        opt(&mut s, ZMQ_XPUB_NODROP, &int(1)).unwrap();
        publish(&mut s, &mut p, b"c");
        let mut m = Msg::from_slice(b"d");
        assert_eq!(s.send(&mut p, &mut m), Err(Error::Again));
        assert_eq!(m.data(), b"d");
        p.drain_out(1);
        s.send(&mut p, &mut m).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"d".to_vec()]]);
    }

    #[test]
    fn xpub_reports_unique_subscriptions() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        sub(&mut s, &mut p, 1, b"A");
        sub(&mut s, &mut p, 2, b"A");
        sub(&mut s, &mut p, 2, b"B");
        assert_eq!(
            recv_all(&mut s, &mut p),
            vec![b"\x01A".to_vec(), b"\x01B".to_vec()]
        );
        unsub(&mut s, &mut p, 1, b"A");
        assert!(recv_all(&mut s, &mut p).is_empty(), "pipe 2 still wants A");
        unsub(&mut s, &mut p, 2, b"A");
        assert_eq!(recv_all(&mut s, &mut p), vec![b"\x00A".to_vec()]);
        // Going away unsubscribes from what nobody else wants.
        s.pipe_terminated(&mut p, 2);
        assert_eq!(recv_all(&mut s, &mut p), vec![b"\x00B".to_vec()]);
    }

    #[test]
    fn xpub_verbose_and_verboser() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        opt(&mut s, ZMQ_XPUB_VERBOSE, &int(1)).unwrap();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        sub(&mut s, &mut p, 1, b"A");
        sub(&mut s, &mut p, 2, b"A");
        assert_eq!(recv_all(&mut s, &mut p).len(), 2);
        unsub(&mut s, &mut p, 1, b"A");
        assert!(recv_all(&mut s, &mut p).is_empty());

        opt(&mut s, ZMQ_XPUB_VERBOSER, &int(1)).unwrap();
        sub(&mut s, &mut p, 1, b"A");
        unsub(&mut s, &mut p, 1, b"A");
        assert_eq!(
            recv_all(&mut s, &mut p),
            vec![b"\x01A".to_vec(), b"\x00A".to_vec()]
        );
        sub(&mut s, &mut p, 1, b"C");
        recv_all(&mut s, &mut p);
        s.pipe_terminated(&mut p, 1);
        assert_eq!(recv_all(&mut s, &mut p), vec![b"\x00C".to_vec()]);
    }

    #[test]
    fn xpub_manual_sets_subscription_of_last_pipe() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        opt(&mut s, ZMQ_XPUB_MANUAL, &int(1)).unwrap();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        sub(&mut s, &mut p, 1, b"A");
        sub(&mut s, &mut p, 2, b"A");
        // Not applied by itself.
        publish(&mut s, &mut p, b"A1");
        assert!(p.drain_out(1).is_empty());
        assert_eq!(s.recv(&mut p).unwrap().data(), b"\x01A");
        opt(&mut s, ZMQ_SUBSCRIBE, b"B").unwrap();
        publish(&mut s, &mut p, b"B1");
        assert_eq!(p.drain_out(1), vec![vec![b"B1".to_vec()]]);
        assert!(p.drain_out(2).is_empty());
        assert_eq!(s.recv(&mut p).unwrap().data(), b"\x01A");
        opt(&mut s, ZMQ_SUBSCRIBE, b"A").unwrap();
        publish(&mut s, &mut p, b"A2");
        assert!(p.drain_out(1).is_empty());
        assert_eq!(p.drain_out(2).len(), 1);
        opt(&mut s, ZMQ_UNSUBSCRIBE, b"A").unwrap();
        publish(&mut s, &mut p, b"A3");
        assert!(p.drain_out(2).is_empty());
        // Without manual mode, ZMQ_SUBSCRIBE is not an XPUB option.
        let mut plain = XPub::new();
        assert_eq!(opt(&mut plain, ZMQ_SUBSCRIBE, b"A"), Ok(false));
    }

    #[test]
    fn xpub_manual_terminated_pipe_reports_its_subscriptions() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        opt(&mut s, ZMQ_XPUB_MANUAL, &int(1)).unwrap();
        attach(&mut s, &mut p, 1);
        sub(&mut s, &mut p, 1, b"A");
        recv_all(&mut s, &mut p);
        opt(&mut s, ZMQ_SUBSCRIBE, b"A").unwrap();
        s.pipe_terminated(&mut p, 1);
        assert_eq!(recv_all(&mut s, &mut p), vec![b"\x00A".to_vec()]);
        // The last pipe is gone: subscribing now affects nothing.
        opt(&mut s, ZMQ_SUBSCRIBE, b"Z").unwrap();
        publish(&mut s, &mut p, b"Z");
    }

    #[test]
    fn xpub_manual_last_value_sends_only_to_last_pipe() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        opt(&mut s, ZMQ_XPUB_MANUAL_LAST_VALUE, &int(1)).unwrap();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        sub(&mut s, &mut p, 1, b"A");
        s.recv(&mut p).unwrap();
        opt(&mut s, ZMQ_SUBSCRIBE, b"A").unwrap();
        sub(&mut s, &mut p, 2, b"A");
        s.recv(&mut p).unwrap();
        opt(&mut s, ZMQ_SUBSCRIBE, b"A").unwrap();
        publish(&mut s, &mut p, b"A-last");
        assert!(p.drain_out(1).is_empty());
        assert_eq!(p.drain_out(2).len(), 1);
        publish(&mut s, &mut p, b"A-all");
        assert_eq!(p.drain_out(1).len(), 1);
        assert_eq!(p.drain_out(2).len(), 1);
    }

    #[test]
    fn xpub_welcome_message() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        opt(&mut s, ZMQ_XPUB_WELCOME_MSG, b"hi").unwrap();
        attach(&mut s, &mut p, 1);
        assert_eq!(p.drain_out(1), vec![vec![b"hi".to_vec()]]);
        opt(&mut s, ZMQ_XPUB_WELCOME_MSG, b"").unwrap();
        attach(&mut s, &mut p, 2);
        assert!(p.drain_out(2).is_empty());
    }

    #[test]
    fn invert_matching_sends_to_non_matching() {
        let mut p = FakePipes::new();
        let mut s = Pub::new();
        assert_eq!(opt(&mut s, ZMQ_INVERT_MATCHING, &int(1)), Ok(false));
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        sub(&mut s, &mut p, 1, b"A");
        sub(&mut s, &mut p, 2, b"B");
        publish(&mut s, &mut p, b"A1");
        assert!(p.drain_out(1).is_empty());
        assert_eq!(p.drain_out(2).len(), 1);
    }

    #[test]
    fn xpub_passes_upstream_messages_pub_drops_them() {
        let mut p = FakePipes::new();
        let mut x = XPub::new();
        attach(&mut x, &mut p, 1);
        p.push_in(1, &[b"hello"]);
        x.read_activated(&mut p, 1);
        assert_eq!(recv_all(&mut x, &mut p), vec![b"hello".to_vec()]);

        let mut q = FakePipes::new();
        let mut s = Pub::new();
        attach(&mut s, &mut q, 1);
        q.push_in(1, &[b"hello"]);
        s.read_activated(&mut q, 1);
        assert!(s.0.pending.is_empty());
    }

    #[test]
    fn xpub_subscriptions_already_queued_at_attach_are_read() {
        let mut p = FakePipes::new();
        let mut s = XPub::new();
        p.add(1);
        p.push_in(1, &[b"\x01T"]);
        s.attach(&mut p, 1, &PipeInfo::default());
        assert_eq!(recv_all(&mut s, &mut p), vec![b"\x01T".to_vec()]);
    }

    #[test]
    fn option_values_are_checked() {
        let mut s = XPub::new();
        assert_eq!(opt(&mut s, ZMQ_XPUB_VERBOSE, &int(-1)), Err(Error::Inval));
        assert_eq!(opt(&mut s, ZMQ_XPUB_NODROP, &[1, 0]), Err(Error::Inval));
        assert_eq!(opt(&mut s, ZMQ_XPUB_MANUAL, &int(2)), Ok(true));
        assert_eq!(opt(&mut s, 9999, &int(1)), Ok(false));
        assert_eq!(opt(&mut Pub::new(), ZMQ_XPUB_VERBOSE, &int(1)), Ok(true));
    }
}
