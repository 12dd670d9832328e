//! ZMQ_PAIR: exclusive pair. The first pipe is the peer; any later pipe is
//! terminated at once, as libzmq does.

use super::factory::ZMQ_PAIR;
use super::pattern::{Pattern, PipeId, PipeInfo, PipeSet};
use crate::error::{Error, Result};
use crate::msg::Msg;

#[derive(Debug, Default)]
pub struct Pair {
    pipe: Option<PipeId>,
}

impl Pair {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Pattern for Pair {
    fn socket_type(&self) -> i32 {
        ZMQ_PAIR
    }

    fn attach(&mut self, pipes: &mut dyn PipeSet, id: PipeId, _info: &PipeInfo) {
        if self.pipe.is_none() {
            self.pipe = Some(id);
        } else {
            pipes.terminate(id);
        }
    }

    fn pipe_terminated(&mut self, _pipes: &mut dyn PipeSet, id: PipeId) {
        if self.pipe == Some(id) {
            self.pipe = None;
        }
    }

    fn read_activated(&mut self, _pipes: &mut dyn PipeSet, _id: PipeId) {}

    fn write_activated(&mut self, _pipes: &mut dyn PipeSet, _id: PipeId) {}

    fn send(&mut self, pipes: &mut dyn PipeSet, msg: &mut Msg) -> Result<()> {
        let Some(id) = self.pipe else {
            return Err(Error::Again);
        };
        let more = msg.more();
        match pipes.write(id, std::mem::take(msg)) {
            Ok(()) => {
                if !more {
                    pipes.flush(id);
                }
                Ok(())
            }
            Err(back) => {
                *msg = back;
                Err(Error::Again)
            }
        }
    }

    fn recv(&mut self, pipes: &mut dyn PipeSet) -> Result<Msg> {
        self.pipe.and_then(|id| pipes.read(id)).ok_or(Error::Again)
    }

    fn has_in(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.pipe.is_some_and(|id| pipes.check_read(id))
    }

    fn has_out(&mut self, pipes: &mut dyn PipeSet) -> bool {
        self.pipe.is_some_and(|id| pipes.check_write(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::socket::routing::fake::FakePipes;

    #[test]
    fn exclusive_peer() {
        let mut p = FakePipes::new();
        let mut s = Pair::new();
        let info = PipeInfo::default();
        assert!(!s.has_out(&mut p));
        assert_eq!(
            s.send(&mut p, &mut Msg::from_slice(b"x")),
            Err(Error::Again)
        );
        p.add(1);
        p.add(2);
        s.attach(&mut p, 1, &info);
        s.attach(&mut p, 2, &info);
        assert!(p.pipe(2).terminated);
        assert!(!p.pipe(1).terminated);
        s.pipe_terminated(&mut p, 2);
        assert!(s.has_out(&mut p));
        let mut m = Msg::from_slice(b"a");
        m.set_more(true);
        s.send(&mut p, &mut m).unwrap();
        s.send(&mut p, &mut Msg::from_slice(b"b")).unwrap();
        assert_eq!(p.drain_out(1), vec![vec![b"a".to_vec(), b"b".to_vec()]]);

        assert!(!s.has_in(&mut p));
        p.push_in(1, &[b"in"]);
        assert!(s.has_in(&mut p));
        assert_eq!(s.recv(&mut p).unwrap().data(), b"in");
        assert_eq!(s.recv(&mut p).err(), Some(Error::Again));

        // Once the peer is gone a new pipe may take its place.
        s.pipe_terminated(&mut p, 1);
        p.add(3);
        s.attach(&mut p, 3, &info);
        assert!(!p.pipe(3).terminated);
        s.send(&mut p, &mut Msg::from_slice(b"c")).unwrap();
        assert_eq!(p.drain_out(3).len(), 1);
    }

    #[test]
    fn full_pipe_is_again_and_keeps_msg() {
        let mut p = FakePipes::new();
        let mut s = Pair::new();
        p.add_hwm(1, 1);
        s.attach(&mut p, 1, &PipeInfo::default());
        s.send(&mut p, &mut Msg::from_slice(b"a")).unwrap();
        assert!(!s.has_out(&mut p));
        let mut m = Msg::from_slice(b"b");
        assert_eq!(s.send(&mut p, &mut m), Err(Error::Again));
        assert_eq!(m.data(), b"b");
    }
}
