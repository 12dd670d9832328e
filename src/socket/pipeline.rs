//! ZMQ_PUSH (load-balanced sends, no receive) and ZMQ_PULL (fair-queued
//! receives, no send).

use super::factory::{ZMQ_PULL, ZMQ_PUSH};
use super::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use super::routing::fq::Fq;
use super::routing::lb::Lb;
use crate::error::{Error, Result};
use crate::msg::Msg;

#[derive(Debug, Default)]
pub struct Push {
    lb: Lb,
}

impl Push {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Pattern for Push {
    fn socket_type(&self) -> i32 {
        ZMQ_PUSH
    }

    fn attach(&mut self, _pipes: &mut dyn PipeSet, id: PipeId, _info: &PipeInfo) {
        self.lb.attach(id);
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.lb.pipe_terminated(id);
    }

    fn read_activated(&mut self, _pipes: &mut dyn PipeSet, _id: PipeId) {}

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.lb.activated(id);
    }

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        self.lb.send(pipes, msg)
    }

    fn recv(&mut self, _pipes: &mut dyn PipeSet) -> Result<Msg> {
        Err(Error::NotSup)
    }

    fn has_in(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        false
    }

    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.lb.has_out(pipes)
    }
}

#[derive(Debug, Default)]
pub struct Pull {
    fq: Fq,
}

impl Pull {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Pattern for Pull {
    fn socket_type(&self) -> i32 {
        ZMQ_PULL
    }

    fn attach(&mut self, _pipes: &mut dyn PipeSet, id: PipeId, _info: &PipeInfo) {
        self.fq.attach(id);
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.pipe_terminated(id);
    }

    fn read_activated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        self.fq.activated(id);
    }

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, _id: PipeId) {}

    fn send(&mut self, _pipes: &mut dyn PipeSet, _msg: &mut Msg) -> Result<()> {
        Err(Error::NotSup)
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

    fn has_out(&mut self, _pipes: &mut dyn PipeSet) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    #[test]
    fn push_round_robins_and_cannot_recv() {
        let mut p = FakePipes::new();
        let mut s = Push::new();
        assert!(!s.has_out(&mut p));
        for id in 1..=2 {
            p.add(id);
            s.attach(&mut p, id, &PipeInfo::default());
        }
        assert!(s.has_out(&mut p));
        for i in 0..4u8 {
            s.send(&mut p, &mut Msg::from_slice(&[i])).unwrap();
        }
        assert_eq!(p.drain_out(1), vec![vec![vec![0]], vec![vec![2]]]);
        assert_eq!(p.drain_out(2), vec![vec![vec![1]], vec![vec![3]]]);
        assert_eq!(s.recv(&mut p).err(), Some(Error::NotSup));
        assert!(!s.has_in(&mut p));
    }

    #[test]
    fn push_reactivates_full_pipe() {
        let mut p = FakePipes::new();
        let mut s = Push::new();
        p.add_hwm(1, 1);
        s.attach(&mut p, 1, &PipeInfo::default());
        s.send(&mut p, &mut Msg::from_slice(b"a")).unwrap();
        let mut m = Msg::from_slice(b"b");
        assert_eq!(s.send(&mut p, &mut m), Err(Error::Again));
        p.drain_out(1);
        s.write_activated(&mut p, 1);
        s.send(&mut p, &mut m).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"b".to_vec()]]);
    }

    #[test]
    fn pull_fair_queues_and_cannot_send() {
        let mut p = FakePipes::new();
        let mut s = Pull::new();
        for id in 1..=2 {
            p.add(id);
            s.attach(&mut p, id, &PipeInfo::default());
        }
        p.push_in(1, &[b"a", b"b"]);
        p.push_in(1, &[b"c"]);
        p.push_in(2, &[b"d"]);
        assert!(s.has_in(&mut p));
        let got: Vec<Vec<u8>> = std::iter::from_fn(|| s.recv(&mut p).ok())
            .map(|m| m.data().to_vec())
            .collect();
        assert_eq!(
            got,
            vec![b"a".to_vec(), b"b".to_vec(), b"d".to_vec(), b"c".to_vec()]
        );
        assert!(!s.has_in(&mut p));
        let mut m = Msg::from_slice(b"x");
        assert_eq!(s.send(&mut p, &mut m), Err(Error::NotSup));
        assert!(!s.has_out(&mut p));
    }
}
