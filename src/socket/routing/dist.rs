//! Distributor (libzmq `dist_t`): sends each message to a set of pipes.
//! Used by PUB, XPUB (the matching subscribers) and XSUB (all upstreams).
//!
//! `pipes` is partitioned as `[matching | active | eligible | inactive]`:
//! - matching: the message being sent goes to these;
//! - active: may receive messages (not full);
//! - eligible: have room again but joined in the middle of a multipart
//!   message, so they start with the next message;
//! - inactive: full, waiting for `activated`.

use super::pipe_array::PipeArray;
use crate::msg::Msg;
use crate::socket::pattern::{PipeId, PipeSet};

#[derive(Debug, Default)]
pub struct Dist {
    pipes: PipeArray,
    matching: usize,
    active: usize,
    eligible: usize,
    /// A multipart message is being sent.
    more: bool,
}

impl Dist {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn has_pipe(&self, id: PipeId) -> bool {
        self.pipes.index_of(id).is_some()
    }

    pub fn attach(&mut self, id: PipeId) {
        if self.has_pipe(id) {
            return;
        }
        self.pipes.push(id);
        let last = self.pipes.len() - 1;
        // A pipe joining in the middle of a multipart message must not get
        // its tail: it becomes eligible, and active at the next message.
        if self.more {
            self.pipes.swap(self.eligible, last);
            self.eligible += 1;
        } else {
            self.pipes.swap(self.active, last);
            self.active += 1;
            self.eligible += 1;
        }
    }

    /// Marks `id` as matching the message about to be sent. Idempotent.
    pub fn match_pipe(&mut self, id: PipeId) {
        let Some(index) = self.pipes.index_of(id) else {
            return;
        };
        if index < self.matching || index >= self.eligible {
            return;
        }
        self.pipes.swap(index, self.matching);
        self.matching += 1;
    }

    /// Swaps the matching and non-matching eligible pipes (ZMQ_INVERT_MATCHING).
    pub fn reverse_match(&mut self) {
        let prev = self.matching;
        self.matching = 0;
        for i in prev..self.eligible {
            self.pipes.swap(i, self.matching);
            self.matching += 1;
        }
    }

    pub fn unmatch(&mut self) {
        self.matching = 0;
    }

    pub fn pipe_terminated(&mut self, id: PipeId) {
        let Some(mut index) = self.pipes.index_of(id) else {
            return;
        };
        if index < self.matching {
            self.pipes.swap(index, self.matching - 1);
            self.matching -= 1;
            index = self.matching;
        }
        if index < self.active {
            self.pipes.swap(index, self.active - 1);
            self.active -= 1;
            index = self.active;
        }
        if index < self.eligible {
            self.pipes.swap(index, self.eligible - 1);
            self.eligible -= 1;
            index = self.eligible;
        }
        self.pipes.swap_remove(index);
    }

    /// A full pipe has room again.
    pub fn activated(&mut self, id: PipeId) {
        let Some(index) = self.pipes.index_of(id) else {
            return;
        };
        // Only a pipe that was deactivated by a failed write moves; a
        // spurious activation of an eligible pipe must not corrupt the
        // partition.
        if index < self.eligible {
            return;
        }
        self.pipes.swap(index, self.eligible);
        self.eligible += 1;
        if !self.more {
            self.pipes.swap(self.eligible - 1, self.active);
            self.active += 1;
        }
    }

    /// Sends a frame to every active pipe.
    pub fn send_to_all(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) {
        self.matching = self.active;
        self.send_to_matching(pipes, msg);
    }

    /// Sends a frame to the matching pipes; full pipes drop it and become
    /// inactive. The frame is always taken.
    pub fn send_to_matching(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) {
        let msg = std::mem::take(msg);
        let more = msg.more();
        self.distribute(pipes, msg);
        // A whole message went out: pipes that became eligible meanwhile
        // take part from the next one.
        if !more {
            self.active = self.eligible;
        }
        self.more = more;
    }

    fn distribute(&mut self, pipes: &mut dyn PipeSet, msg: Msg) {
        let more = msg.more();
        let mut i = 0;
        while i < self.matching {
            let id = self.pipes[i];
            if pipes.write(id, msg.clone()).is_err() {
                // Full or gone: take it out of matching, active and
                // eligible; the same index now holds another pipe.
                self.deactivate(i);
                continue;
            }
            if !more {
                pipes.flush(id);
            }
            i += 1;
        }
    }

    fn deactivate(&mut self, index: usize) {
        self.pipes.swap(index, self.matching - 1);
        self.matching -= 1;
        self.pipes.swap(self.matching, self.active - 1);
        self.active -= 1;
        self.pipes.swap(self.active, self.eligible - 1);
        self.eligible -= 1;
    }

    /// Whether every matching pipe has room for one more message.
    pub fn check_hwm(&self, pipes: &mut dyn PipeSet) -> bool {
        self.pipes[..self.matching]
            .iter()
            .all(|&id| pipes.check_write(id))
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

    fn setup(n: u64) -> (FakePipes, Dist) {
        let mut p = FakePipes::new();
        let mut d = Dist::new();
        for id in 1..=n {
            p.add(id);
            d.attach(id);
        }
        (p, d)
    }

    #[test]
    fn send_to_all_reaches_everyone() {
        let (mut p, mut d) = setup(3);
        d.send_to_all(&mut p, &mut frame(b"a", true));
        d.send_to_all(&mut p, &mut frame(b"b", false));
        for id in 1..=3 {
            assert_eq!(p.drain_out(id), vec![vec![b"a".to_vec(), b"b".to_vec()]]);
        }
    }

    #[test]
    fn only_matching_pipes_get_it() {
        let (mut p, mut d) = setup(3);
        d.match_pipe(2);
        d.match_pipe(2);
        d.send_to_matching(&mut p, &mut frame(b"x", false));
        d.unmatch();
        assert!(p.drain_out(1).is_empty());
        assert_eq!(p.drain_out(2).len(), 1);
        assert!(p.drain_out(3).is_empty());
    }

    #[test]
    fn reverse_match_inverts() {
        let (mut p, mut d) = setup(3);
        d.match_pipe(2);
        d.reverse_match();
        d.send_to_matching(&mut p, &mut frame(b"x", false));
        assert_eq!(p.drain_out(1).len(), 1);
        assert!(p.drain_out(2).is_empty());
        assert_eq!(p.drain_out(3).len(), 1);
    }

    #[test]
    fn full_pipe_drops_and_sleeps() {
        let mut p = FakePipes::new();
        let mut d = Dist::new();
        p.add_hwm(1, 1);
        p.add(2);
        d.attach(1);
        d.attach(2);
        assert!(d.check_hwm_all(&mut p));
        d.send_to_all(&mut p, &mut frame(b"1", false));
        d.send_to_all(&mut p, &mut frame(b"2", false));
        assert_eq!(p.drain_out(1).len(), 1);
        assert_eq!(p.drain_out(2).len(), 2);
        // Pipe 1 had room again but was not told yet.
        d.send_to_all(&mut p, &mut frame(b"3", false));
        assert!(p.drain_out(1).is_empty());
        d.activated(1);
        d.send_to_all(&mut p, &mut frame(b"4", false));
        assert_eq!(p.drain_out(1), vec![vec![b"4".to_vec()]]);
    }

    #[test]
    fn pipe_joining_mid_message_waits_for_next() {
        let (mut p, mut d) = setup(1);
        d.send_to_all(&mut p, &mut frame(b"a", true));
        p.add(2);
        d.attach(2);
        d.send_to_all(&mut p, &mut frame(b"b", false));
        d.send_to_all(&mut p, &mut frame(b"c", false));
        assert_eq!(p.drain_out(1).len(), 2);
        assert_eq!(p.drain_out(2), vec![vec![b"c".to_vec()]]);
    }

    #[test]
    fn terminated_pipes_leave_cleanly() {
        let (mut p, mut d) = setup(3);
        d.match_pipe(1);
        d.match_pipe(3);
        d.pipe_terminated(1);
        d.send_to_matching(&mut p, &mut frame(b"x", false));
        d.unmatch();
        assert!(p.drain_out(1).is_empty());
        assert!(p.drain_out(2).is_empty());
        assert_eq!(p.drain_out(3).len(), 1);
        assert!(!d.has_pipe(1));
        d.send_to_all(&mut p, &mut frame(b"y", false));
        assert_eq!(p.drain_out(2).len(), 1);
    }

    impl Dist {
        fn check_hwm_all(&mut self, p: &mut FakePipes) -> bool {
            self.matching = self.active;
            let ok = self.check_hwm(p);
            self.matching = 0;
            ok
        }
    }
}

#[cfg(test)]
mod random_ops {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    /// xorshift64: deterministic, so a failure always reproduces.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn check(d: &Dist, live: &[PipeId]) {
        assert!(d.matching <= d.active && d.active <= d.eligible);
        assert!(d.eligible <= d.pipes.len());
        let mut sorted = d.pipes.to_vec();
        sorted.sort();
        let mut expected = live.to_vec();
        expected.sort();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn partition_survives_random_operations() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut p = FakePipes::new();
        let mut d = Dist::new();
        let mut live: Vec<PipeId> = Vec::new();
        let mut next_id = 1;
        for _ in 0..20_000 {
            match rng.next(9) {
                0 => {
                    p.add_hwm(next_id, 1 + rng.next(3) as usize);
                    d.attach(next_id);
                    live.push(next_id);
                    next_id += 1;
                }
                1 if !live.is_empty() => {
                    let id = live.swap_remove(rng.next(live.len() as u64) as usize);
                    d.pipe_terminated(id);
                    p.pipes.remove(&id);
                }
                2 if !live.is_empty() => {
                    let id = live[rng.next(live.len() as u64) as usize];
                    p.drain_out(id);
                    d.activated(id);
                }
                // Matching is decided at the start of a message only.
                3 if !live.is_empty() && !d.more => {
                    d.match_pipe(live[rng.next(live.len() as u64) as usize]);
                }
                4 if !d.more => d.reverse_match(),
                5 if !d.more => d.unmatch(),
                6 => {
                    let mut m = Msg::from_slice(b"m");
                    m.set_more(rng.next(2) == 0);
                    d.send_to_matching(&mut p, &mut m);
                }
                7 => {
                    let mut m = Msg::from_slice(b"a");
                    m.set_more(rng.next(3) == 0);
                    d.send_to_all(&mut p, &mut m);
                }
                _ => {
                    let _ = d.check_hwm(&mut p);
                }
            }
            check(&d, &live);
        }
    }
}
