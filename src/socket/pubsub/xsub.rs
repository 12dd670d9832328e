//! ZMQ_XSUB and ZMQ_SUB (libzmq `xsub_t`, `sub_t`).
//!
//! Subscriptions go upstream to every pipe (and to new pipes when they
//! attach) and are counted in a `Trie`. SUB filters what it receives by
//! them; XSUB, like libzmq's, does not (its publishers filter).

use super::{
    invert_matching_value, parse_subscription, subscription_msg, ZMQ_INVERT_MATCHING,
    ZMQ_ONLY_FIRST_SUBSCRIBE, ZMQ_SUBSCRIBE, ZMQ_UNSUBSCRIBE,
};
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::factory::{bool_value, ZMQ_SUB, ZMQ_XSUB};
use crate::socket::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::socket::routing::dist::Dist;
use crate::socket::routing::fq::Fq;
use crate::socket::routing::trie::Trie;

#[derive(Debug)]
pub struct XSub {
    socket_type: i32,
    fq: Fq,
    dist: Dist,
    subscriptions: Trie,
    /// Drop received messages that match no subscription (SUB only).
    filter: bool,
    invert_matching: bool,
    only_first_subscribe: bool,
    process_subscribe: bool,
    /// A matching message read ahead by `has_in`.
    prefetched: Option<Msg>,
    more_send: bool,
    more_recv: bool,
}

impl XSub {
    pub fn new() -> Self {
        Self::with_type(ZMQ_XSUB)
    }

    fn with_type(socket_type: i32) -> Self {
        XSub {
            socket_type,
            fq: Fq::new(),
            dist: Dist::new(),
            subscriptions: Trie::new(),
            filter: socket_type == ZMQ_SUB,
            invert_matching: false,
            only_first_subscribe: false,
            process_subscribe: false,
            prefetched: None,
            more_send: false,
            more_recv: false,
        }
    }

    fn matches(&self, msg: &Msg) -> bool {
        self.subscriptions.check(msg.data()) ^ self.invert_matching
    }

    /// Reads whole messages until one passes the filter; returns its first
    /// frame.
    fn next_matching(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        loop {
            let mut msg = self.fq.recv(pipes)?;
            if !self.filter || self.matches(&msg) {
                return Ok(msg);
            }
            while msg.more() {
                match self.fq.recv(pipes) {
                    Ok(next) => msg = next,
                    Err(_) => break,
                }
            }
        }
    }

    fn upstream(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        let first_part = !self.more_send;
        self.more_send = msg.more();
        if first_part {
            self.process_subscribe = !self.only_first_subscribe;
        } else if !self.process_subscribe {
            self.dist.send_to_all(pipes, msg);
            return Ok(());
        }

        match parse_subscription(msg.data()) {
            Some((true, topic)) => {
                // Duplicates go upstream too: the XPUB side counts them, and
                // ZMQ_XPUB_VERBOSE relies on seeing each one.
                self.subscriptions.add(topic);
                self.process_subscribe = true;
                self.dist.send_to_all(pipes, msg);
            }
            Some((false, topic)) => {
                self.process_subscribe = true;
                // Only the last unsubscription from a topic goes upstream.
                if self.subscriptions.rm(topic) {
                    self.dist.send_to_all(pipes, msg);
                } else {
                    *msg = Msg::new();
                }
            }
            None => self.dist.send_to_all(pipes, msg),
        }
        Ok(())
    }
}

impl Default for XSub {
    fn default() -> Self {
        Self::new()
    }
}

impl Pattern for XSub {
    fn socket_type(&self) -> i32 {
        self.socket_type
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, _info: &PipeInfo) {
        self.fq.attach(id);
        self.dist.attach(id);
        // A new upstream learns everything subscribed so far. Like a
        // subscription sent at HWM, one that does not fit is dropped.
        self.subscriptions.apply(|topic| {
            let _ = pipes.write(id, subscription_msg(true, topic));
        });
        pipes.flush(id);
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.pipe_terminated(id);
        self.dist.pipe_terminated(id);
    }

    fn read_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.activated(id);
    }

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.dist.activated(id);
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        if self.socket_type == ZMQ_SUB {
            return Err(Error::NotSup);
        }
        self.upstream(pipes, msg)
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        if let Some(msg) = self.prefetched.take() {
            self.more_recv = msg.more();
            return Ok(msg);
        }
        let msg = if self.more_recv {
            // The rest of a message that passed the filter.
            self.fq.recv(pipes)?
        } else {
            self.next_matching(pipes)?
        };
        self.more_recv = msg.more();
        Ok(msg)
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        if self.more_recv || self.prefetched.is_some() {
            return true;
        }
        match self.next_matching(pipes) {
            Ok(msg) => {
                self.prefetched = Some(msg);
                true
            }
            Err(_) => false,
        }
    }

    fn has_out(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        self.socket_type != ZMQ_SUB
    }

    fn set_option(&mut self, pipes: &mut dyn PipeSet, option: i32, value: &[u8]) -> Result<bool> {
        match option {
            ZMQ_SUBSCRIBE | ZMQ_UNSUBSCRIBE if self.socket_type == ZMQ_SUB => {
                // As libzmq: the option becomes a message sent as XSUB would
                // send it; a pipe at its HWM drops it.
                let mut msg = subscription_msg(option == ZMQ_SUBSCRIBE, value);
                self.upstream(pipes, &mut msg)?;
                Ok(true)
            }
            ZMQ_ONLY_FIRST_SUBSCRIBE if self.socket_type == ZMQ_XSUB => {
                self.only_first_subscribe = bool_value(value).ok_or(Error::Inval)?;
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

/// ZMQ_SUB: an XSUB that filters, takes subscriptions as socket options and
/// cannot send.
#[derive(Debug)]
pub struct Sub;

impl Sub {
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> XSub {
        XSub::with_type(ZMQ_SUB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    fn attach(s: &mut XSub, p: &mut FakePipes, id: PipeId) {
        p.add(id);
        s.attach(p, id, &PipeInfo::default());
    }

    fn recv_all(s: &mut XSub, p: &mut FakePipes) -> Vec<Vec<u8>> {
        std::iter::from_fn(|| s.recv(p).ok())
            .map(|m| m.data().to_vec())
            .collect()
    }

    #[test]
    fn sub_sends_subscriptions_to_all_and_new_pipes() {
        let mut p = FakePipes::new();
        let mut s = Sub::new();
        attach(&mut s, &mut p, 1);
        assert_eq!(s.set_option(&mut p, ZMQ_SUBSCRIBE, b"A"), Ok(true));
        assert_eq!(s.set_option(&mut p, ZMQ_SUBSCRIBE, b"A"), Ok(true));
        assert_eq!(s.set_option(&mut p, ZMQ_SUBSCRIBE, b""), Ok(true));
        assert_eq!(
            p.drain_out(1),
            vec![
                vec![b"\x01A".to_vec()],
                vec![b"\x01A".to_vec()],
                vec![b"\x01".to_vec()]
            ]
        );
        attach(&mut s, &mut p, 2);
        let mut late = p.drain_out(2);
        late.sort();
        assert_eq!(late, vec![vec![b"\x01".to_vec()], vec![b"\x01A".to_vec()]]);
        // Two subscriptions to A: only the second unsubscription goes out.
        s.set_option(&mut p, ZMQ_UNSUBSCRIBE, b"A").unwrap();
        assert!(p.drain_out(1).is_empty());
        s.set_option(&mut p, ZMQ_UNSUBSCRIBE, b"A").unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"\x00A".to_vec()]]);
        s.set_option(&mut p, ZMQ_UNSUBSCRIBE, b"never").unwrap();
        assert!(p.drain_out(1).is_empty());
    }

    #[test]
    fn sub_filters_and_cannot_send() {
        let mut p = FakePipes::new();
        let mut s = Sub::new();
        attach(&mut s, &mut p, 1);
        s.set_option(&mut p, ZMQ_SUBSCRIBE, b"A").unwrap();
        p.push_in(1, &[b"B1", b"tail"]);
        p.push_in(1, &[b"A1", b"tail"]);
        p.push_in(1, &[b"C1"]);
        assert!(s.has_in(&mut p));
        assert_eq!(
            recv_all(&mut s, &mut p),
            vec![b"A1".to_vec(), b"tail".to_vec()]
        );
        assert!(!s.has_in(&mut p));
        let mut m = Msg::from_slice(b"x");
        assert_eq!(s.send(&mut p, &mut m), Err(Error::NotSup));
        assert!(!s.has_out(&mut p));
    }

    #[test]
    fn sub_invert_matching() {
        let mut p = FakePipes::new();
        let mut s = Sub::new();
        attach(&mut s, &mut p, 1);
        assert_eq!(
            s.set_option(&mut p, ZMQ_INVERT_MATCHING, &1i32.to_ne_bytes()),
            Ok(false)
        );
        s.set_option(&mut p, ZMQ_SUBSCRIBE, b"A").unwrap();
        p.push_in(1, &[b"A1"]);
        p.push_in(1, &[b"B1"]);
        assert_eq!(recv_all(&mut s, &mut p), vec![b"B1".to_vec()]);
    }

    #[test]
    fn xsub_sends_subscriptions_and_messages_upstream() {
        let mut p = FakePipes::new();
        let mut s = XSub::new();
        attach(&mut s, &mut p, 1);
        attach(&mut s, &mut p, 2);
        assert_eq!(s.set_option(&mut p, ZMQ_SUBSCRIBE, b"A"), Ok(false));
        s.send(&mut p, &mut Msg::from_slice(b"\x01A")).unwrap();
        s.send(&mut p, &mut Msg::from_slice(b"hello")).unwrap();
        for id in 1..=2 {
            assert_eq!(
                p.drain_out(id),
                vec![vec![b"\x01A".to_vec()], vec![b"hello".to_vec()]]
            );
        }
        attach(&mut s, &mut p, 3);
        assert_eq!(p.drain_out(3), vec![vec![b"\x01A".to_vec()]]);
        let mut m = Msg::from_slice(b"\x00A");
        s.send(&mut p, &mut m).unwrap();
        assert_eq!(p.drain_out(3), vec![vec![b"\x00A".to_vec()]]);
        assert!(s.has_out(&mut p));
    }

    #[test]
    fn xsub_does_not_filter() {
        let mut p = FakePipes::new();
        let mut s = XSub::new();
        attach(&mut s, &mut p, 1);
        p.push_in(1, &[b"anything"]);
        assert_eq!(recv_all(&mut s, &mut p), vec![b"anything".to_vec()]);
    }

    #[test]
    fn xsub_only_first_subscribe() {
        let mut p = FakePipes::new();
        let mut s = XSub::new();
        attach(&mut s, &mut p, 1);
        s.set_option(&mut p, ZMQ_ONLY_FIRST_SUBSCRIBE, &1i32.to_ne_bytes())
            .unwrap();
        let mut a = Msg::from_slice(b"data");
        a.set_more(true);
        s.send(&mut p, &mut a).unwrap();
        // Not the first frame: not a subscription, trie unchanged.
        s.send(&mut p, &mut Msg::from_slice(b"\x01X")).unwrap();
        attach(&mut s, &mut p, 2);
        assert!(p.drain_out(2).is_empty());
    }
}
