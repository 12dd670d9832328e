//! Load balancer (libzmq `lb_t`): round-robin of whole messages over the
//! pipes that have room. Used by PUSH, DEALER and REQ.
//!
//! `pipes[..active]` are writable; a pipe whose write fails moves past
//! `active` until `activated` (the base's `write_activated`) brings it back.

use super::active_pipes::ActivePipes;
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::pattern::{PipeId, PipeSet};

#[derive(Debug, Default)]
pub struct Lb {
    array: ActivePipes,
    /// A multipart message is half written to the current pipe.
    more: bool,
    /// The rest of the current multipart message is discarded, because the
    /// pipe it started on went away.
    dropping: bool,
}

impl Lb {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn attach(&mut self, id: PipeId) {
        self.array.attach(id);
    }

    pub fn pipe_terminated(&mut self, id: PipeId) {
        // The remaining frames of a message half sent to this pipe have
        // nowhere to go; they are dropped rather than split across peers.
        if self.array.remove(id) == Some(true) && self.more {
            self.dropping = true;
        }
    }

    pub fn activated(&mut self, id: PipeId) {
        self.array.activate(id);
    }

    /// Sends one frame. `Err(Again)` leaves `msg` untouched.
    pub fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        self.send_pipe(pipes, msg).map(|_| ())
    }

    /// Sends one frame and names the pipe it went to (`None` when the frame
    /// was dropped as the tail of a broken multipart message).
    pub fn send_pipe(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<Option<PipeId>> {
        if self.dropping {
            self.more = msg.more();
            self.dropping = self.more;
            *msg = Msg::new();
            return Ok(None);
        }

        let frame_more = msg.more();
        // The frame stays in `msg` until a pipe takes it, so nothing is
        // moved back and forth, and a failed send leaves it where it was.
        while let Some(id) = self.array.current() {
            if pipes.write_from(id, msg) {
                self.more = frame_more;
                if !self.more {
                    pipes.flush(id);
                    self.array.advance();
                }
                return Ok(Some(id));
            }
            if self.more {
                // The pipe died under a multipart message: undo what was
                // written and drop the rest of the message. libzmq reports
                // EAGAIN here; a blocking retry then lands in `dropping`.
                pipes.rollback(id);
                self.dropping = frame_more;
                self.more = false;
                return Err(Error::Again);
            }
            self.array.deactivate_current();
        }
        Err(Error::Again)
    }

    /// Whether a message can be sent now.
    pub fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        if self.more {
            return true;
        }
        while let Some(id) = self.array.current() {
            if pipes.check_write(id) {
                return true;
            }
            self.array.deactivate_current();
        }
        false
    }
}

// Lets the invariant checks in `random_ops` read the shared counters as
// `lb.active`, `lb.current` and `lb.pipes`.
#[cfg(test)]
impl std::ops::Deref for Lb {
    type Target = ActivePipes;
    fn deref(&self) -> &ActivePipes {
        &self.array
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    fn frame(data: &[u8], more: bool) -> Msg {
        let mut m = Msg::from_slice(data);
        m.set_more(more);
        m
    }

    #[test]
    fn round_robin_over_pipes() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        for id in 1..=3 {
            p.add(id);
            lb.attach(id);
        }
        for i in 0..6u8 {
            lb.send(&mut p, &mut frame(&[i], false)).unwrap();
        }
        let got: Vec<_> = (1..=3).map(|id| p.drain_out(id)).collect();
        assert_eq!(got[0], vec![vec![vec![0]], vec![vec![3]]]);
        assert_eq!(got[1], vec![vec![vec![1]], vec![vec![4]]]);
        assert_eq!(got[2], vec![vec![vec![2]], vec![vec![5]]]);
    }

    #[test]
    fn no_pipes_is_again_and_keeps_msg() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        let mut m = frame(b"x", false);
        assert_eq!(lb.send(&mut p, &mut m), Err(Error::Again));
        assert_eq!(m.data(), b"x");
        assert!(!lb.has_out(&mut p));
    }

    #[test]
    fn multipart_stays_on_one_pipe() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        p.add(1);
        p.add(2);
        lb.attach(1);
        lb.attach(2);
        lb.send(&mut p, &mut frame(b"a", true)).unwrap();
        lb.send(&mut p, &mut frame(b"b", true)).unwrap();
        assert!(
            p.drain_out(1).is_empty(),
            "not flushed before the last frame"
        );
        lb.send(&mut p, &mut frame(b"c", false)).unwrap();
        lb.send(&mut p, &mut frame(b"d", false)).unwrap();
        assert_eq!(
            p.drain_out(1),
            vec![vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]]
        );
        assert_eq!(p.drain_out(2), vec![vec![b"d".to_vec()]]);
    }

    #[test]
    fn full_pipe_is_skipped_until_activated() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        p.add_hwm(1, 1);
        p.add(2);
        lb.attach(1);
        lb.attach(2);
        for i in 0..4u8 {
            lb.send(&mut p, &mut frame(&[i], false)).unwrap();
        }
        assert_eq!(p.drain_out(1), vec![vec![vec![0]]]);
        assert_eq!(p.drain_out(2).len(), 3);
        // Pipe 1 has room now, but stays inactive until told.
        lb.send(&mut p, &mut frame(&[9], false)).unwrap();
        assert!(p.drain_out(1).is_empty());
        lb.activated(1);
        lb.send(&mut p, &mut frame(&[10], false)).unwrap();
        lb.send(&mut p, &mut frame(&[11], false)).unwrap();
        assert_eq!(p.drain_out(1).len(), 1);
    }

    #[test]
    fn all_full_is_again() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        p.add_hwm(1, 1);
        lb.attach(1);
        lb.send(&mut p, &mut frame(b"a", false)).unwrap();
        assert!(!lb.has_out(&mut p));
        let mut m = frame(b"b", false);
        assert_eq!(lb.send(&mut p, &mut m), Err(Error::Again));
        assert_eq!(m.data(), b"b");
    }

    #[test]
    fn dead_pipe_mid_message_rolls_back_and_drops_rest() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        p.add(1);
        p.add(2);
        lb.attach(1);
        lb.attach(2);
        lb.send(&mut p, &mut frame(b"a", true)).unwrap();
        p.pipe(1).dead = true;
        let mut m = frame(b"b", true);
        assert_eq!(lb.send(&mut p, &mut m), Err(Error::Again));
        assert!(p.pipe(1).unflushed.is_empty(), "rolled back");
        // Retrying drops the rest of that message, then sending resumes.
        lb.send(&mut p, &mut m).unwrap();
        lb.send(&mut p, &mut frame(b"c", false)).unwrap();
        lb.pipe_terminated(1);
        lb.send(&mut p, &mut frame(b"z", false)).unwrap();
        assert_eq!(p.drain_out(2), vec![vec![b"z".to_vec()]]);
    }

    #[test]
    fn terminated_mid_message_drops_rest() {
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        p.add(1);
        p.add(2);
        lb.attach(1);
        lb.attach(2);
        lb.send(&mut p, &mut frame(b"a", true)).unwrap();
        lb.pipe_terminated(1);
        lb.send(&mut p, &mut frame(b"b", false)).unwrap();
        assert!(p.drain_out(2).is_empty());
        lb.send(&mut p, &mut frame(b"c", false)).unwrap();
        assert_eq!(p.drain_out(2), vec![vec![b"c".to_vec()]]);
    }
}

#[cfg(test)]
mod random_ops {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn lb_and_fq_survive_random_operations() {
        use crate::socket::routing::fq::Fq;
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut p = FakePipes::new();
        let mut lb = Lb::new();
        let mut fq = Fq::new();
        let mut live: Vec<PipeId> = Vec::new();
        let mut next_id = 1;
        for _ in 0..20_000 {
            match rng.next(8) {
                0 => {
                    p.add_hwm(next_id, 1 + rng.next(3) as usize);
                    lb.attach(next_id);
                    fq.attach(next_id);
                    live.push(next_id);
                    next_id += 1;
                }
                1 if !live.is_empty() => {
                    let id = live.swap_remove(rng.next(live.len() as u64) as usize);
                    lb.pipe_terminated(id);
                    fq.pipe_terminated(id);
                    p.pipes.remove(&id);
                }
                2 if !live.is_empty() => {
                    let id = live[rng.next(live.len() as u64) as usize];
                    p.drain_out(id);
                    lb.activated(id);
                }
                3 if !live.is_empty() => {
                    let id = live[rng.next(live.len() as u64) as usize];
                    p.push_in(id, &[b"x", b"y"]);
                    fq.activated(id);
                }
                4 => {
                    let mut m = Msg::from_slice(b"m");
                    m.set_more(rng.next(2) == 0);
                    let _ = lb.send(&mut p, &mut m);
                }
                5 => {
                    let _ = lb.has_out(&mut p);
                }
                6 => {
                    let _ = fq.recv(&mut p);
                }
                _ => {
                    let _ = fq.has_in(&mut p);
                }
            }
            assert!(lb.active <= lb.pipes.len());
            assert!(lb.current < lb.active.max(1));
            assert_eq!(lb.pipes.len(), live.len());
        }
    }
}
