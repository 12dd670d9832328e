//! An in-memory `PipeSet` for unit tests: each pipe has an inbound queue the
//! test fills and an outbound queue the test drains, with a message HWM.

use std::collections::{HashMap, VecDeque};

use crate::msg::Msg;
use crate::socket::pattern::{PipeId, PipeSet};

#[derive(Default)]
pub struct FakePipe {
    /// Frames the peer sent to us.
    pub inbound: VecDeque<Msg>,
    /// Frames we wrote and flushed.
    pub outbound: VecDeque<Msg>,
    /// Frames we wrote but did not flush yet.
    pub unflushed: Vec<Msg>,
    /// Complete messages written and not yet taken by the peer.
    pub queued_msgs: usize,
    /// 0 means no limit.
    pub hwm: usize,
    /// Gone from the peer's side: writes fail.
    pub dead: bool,
    pub terminated: bool,
}

#[derive(Default)]
pub struct FakePipes {
    pub pipes: HashMap<PipeId, FakePipe>,
}

impl FakePipes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, id: PipeId) {
        self.pipes.insert(id, FakePipe::default());
    }

    pub fn add_hwm(&mut self, id: PipeId, hwm: usize) {
        self.pipes.insert(
            id,
            FakePipe {
                hwm,
                ..FakePipe::default()
            },
        );
    }

    pub fn pipe(&mut self, id: PipeId) -> &mut FakePipe {
        self.pipes.get_mut(&id).expect("no such fake pipe")
    }

    /// Queues a message from the peer; frames but the last get MORE.
    pub fn push_in(&mut self, id: PipeId, frames: &[&[u8]]) {
        let n = frames.len();
        for (i, f) in frames.iter().enumerate() {
            let mut m = Msg::from_slice(f);
            m.set_more(i + 1 < n);
            self.pipe(id).inbound.push_back(m);
        }
    }

    /// Takes one whole flushed message the socket wrote to `id`, as the peer.
    pub fn take_out(&mut self, id: PipeId) -> Option<Vec<Vec<u8>>> {
        let p = self.pipe(id);
        p.outbound.front()?;
        let mut frames = Vec::new();
        while let Some(m) = p.outbound.pop_front() {
            let more = m.more();
            frames.push(m.data().to_vec());
            if !more {
                break;
            }
        }
        p.queued_msgs = p.queued_msgs.saturating_sub(1);
        Some(frames)
    }

    /// All whole messages flushed to `id`.
    pub fn drain_out(&mut self, id: PipeId) -> Vec<Vec<Vec<u8>>> {
        let mut all = Vec::new();
        while let Some(m) = self.take_out(id) {
            all.push(m);
        }
        all
    }
}

impl PipeSet for FakePipes {
    fn read(&mut self, id: PipeId) -> Option<Msg> {
        self.pipes.get_mut(&id)?.inbound.pop_front()
    }

    fn check_read(&mut self, id: PipeId) -> bool {
        self.pipes
            .get(&id)
            .map(|p| !p.inbound.is_empty())
            .unwrap_or(false)
    }

    fn check_write(&mut self, id: PipeId) -> bool {
        match self.pipes.get(&id) {
            Some(p) => !p.dead && !p.terminated && (p.hwm == 0 || p.queued_msgs < p.hwm),
            None => false,
        }
    }

    fn write(&mut self, id: PipeId, msg: Msg) -> Result<(), Msg> {
        if !self.check_write(id) {
            return Err(msg);
        }
        let p = self.pipe(id);
        if !msg.more() {
            p.queued_msgs += 1;
        }
        p.unflushed.push(msg);
        Ok(())
    }

    fn flush(&mut self, id: PipeId) {
        if let Some(p) = self.pipes.get_mut(&id) {
            let frames: Vec<Msg> = p.unflushed.drain(..).collect();
            p.outbound.extend(frames);
        }
    }

    fn rollback(&mut self, id: PipeId) {
        if let Some(p) = self.pipes.get_mut(&id) {
            p.unflushed.clear();
        }
    }

    fn terminate(&mut self, id: PipeId) {
        if let Some(p) = self.pipes.get_mut(&id) {
            p.terminated = true;
        }
    }
}

/// Moves everything flushed on `a`'s pipe `ida` into the inbound queue of
/// `b`'s pipe `idb`: the two sockets' ends of one connection.
pub fn deliver(a: &mut FakePipes, ida: PipeId, b: &mut FakePipes, idb: PipeId) {
    let frames: Vec<Msg> = a.pipe(ida).outbound.drain(..).collect();
    a.pipe(ida).queued_msgs = 0;
    b.pipe(idb).inbound.extend(frames);
}
