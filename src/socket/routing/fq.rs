//! Fair queue (libzmq `fq_t`): takes whole messages round-robin from the
//! pipes that have something to read. Used by PULL, DEALER, ROUTER, XSUB.
//!
//! `pipes[..active]` may be readable; a pipe found empty moves past `active`
//! until `activated` (the base's `read_activated`) brings it back.

use super::active_pipes::ActivePipes;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::pattern::{PipeId, PipeSet};

#[derive(Debug, Default)]
pub struct Fq {
    array: ActivePipes,
    /// The last frame handed out had MORE set: the rest of that message
    /// comes from the current pipe.
    more: bool,
}

impl Fq {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn attach(&mut self, id: PipeId) {
        self.array.attach(id);
    }

    pub fn pipe_terminated(&mut self, id: PipeId) {
        // A message cut short by its pipe ending cannot be completed.
        if self.array.remove(id) == Some(true) {
            self.more = false;
        }
    }

    pub fn activated(&mut self, id: PipeId) {
        self.array.activate(id);
    }

    /// Receives one frame.
    pub fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        self.recv_pipe(pipes).map(|(m, _)| m)
    }

    /// Receives one frame and names the pipe it came from.
    pub fn recv_pipe(&mut self, pipes: &mut dyn PipeSet) -> Result<(Msg, PipeId)> {
        let mut msg = Msg::new();
        let id = self.recv_into(pipes, &mut msg)?;
        Ok((msg, id))
    }

    /// Receives one frame into `msg` (its old content dropped; untouched
    /// on error) and names the pipe it came from.
    pub fn recv_into(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<PipeId> {
        while let Some(id) = self.array.current() {
            if pipes.read_into(id, msg) {
                self.more = msg.more();
                if !self.more {
                    self.array.advance();
                }
                return Ok(id);
            }
            // The frames of a message become readable together, so a pipe
            // never runs dry mid-message; if it does (it died), give up on it.
            self.more = false;
            self.array.deactivate_current();
        }
        Err(Error::Again)
    }

    /// Whether a frame can be received now.
    pub fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        if self.more {
            return true;
        }
        while let Some(id) = self.array.current() {
            if pipes.check_read(id) {
                return true;
            }
            self.array.deactivate_current();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    fn drain(fq: &mut Fq, p: &mut FakePipes) -> Vec<(Vec<u8>, PipeId, bool)> {
        let mut out = Vec::new();
        while let Ok((m, id)) = fq.recv_pipe(p) {
            out.push((m.data().to_vec(), id, m.more()));
        }
        out
    }

    #[test]
    fn fair_between_pipes() {
        let mut p = FakePipes::new();
        let mut fq = Fq::new();
        for id in 1..=3 {
            p.add(id);
            fq.attach(id);
        }
        for i in 0..3u8 {
            p.push_in(1, &[&[10 + i]]);
            p.push_in(2, &[&[20 + i]]);
        }
        p.push_in(3, &[&[30]]);
        let got: Vec<u8> = drain(&mut fq, &mut p).iter().map(|x| x.0[0]).collect();
        assert_eq!(got, vec![10, 20, 30, 11, 21, 12, 22]);
        assert!(!fq.has_in(&mut p));
    }

    #[test]
    fn whole_multipart_from_one_pipe() {
        let mut p = FakePipes::new();
        let mut fq = Fq::new();
        p.add(1);
        p.add(2);
        fq.attach(1);
        fq.attach(2);
        p.push_in(1, &[b"a1", b"a2", b"a3"]);
        p.push_in(2, &[b"b1", b"b2"]);
        p.push_in(1, &[b"c1"]);
        let got = drain(&mut fq, &mut p);
        let names: Vec<&[u8]> = got.iter().map(|x| x.0.as_slice()).collect();
        assert_eq!(names, vec![&b"a1"[..], b"a2", b"a3", b"b1", b"b2", b"c1"]);
        assert_eq!(got[0].1, 1);
        assert_eq!(got[3].1, 2);
        assert!(got[0].2 && got[1].2 && !got[2].2);
    }

    #[test]
    fn empty_pipe_sleeps_until_activated() {
        let mut p = FakePipes::new();
        let mut fq = Fq::new();
        p.add(1);
        fq.attach(1);
        assert_eq!(fq.recv(&mut p).err(), Some(Error::Again));
        p.push_in(1, &[b"x"]);
        // Not looked at again until the base says it is readable.
        assert!(!fq.has_in(&mut p));
        fq.activated(1);
        assert!(fq.has_in(&mut p));
        assert_eq!(fq.recv(&mut p).unwrap().data(), b"x");
    }

    #[test]
    fn terminated_pipe_is_forgotten() {
        let mut p = FakePipes::new();
        let mut fq = Fq::new();
        p.add(1);
        p.add(2);
        fq.attach(1);
        fq.attach(2);
        p.push_in(1, &[b"a"]);
        p.push_in(2, &[b"b"]);
        fq.pipe_terminated(1);
        let got = drain(&mut fq, &mut p);
        assert_eq!(got, vec![(b"b".to_vec(), 2, false)]);
    }
}
