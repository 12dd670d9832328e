//! zmq_proxy and zmq_proxy_steerable: forward messages between a frontend and
//! a backend socket, copying every frame to an optional capture socket and
//! obeying an optional control socket (libzmq 4.3.5's `proxy.cpp` behaviour).
//!
//! # Flow control
//! As in libzmq, a side is only read when the other side can take a message
//! (ZMQ_POLLOUT), so a slow consumer pushes back through the proxy's queues
//! to the producer instead of the proxy dropping or buffering without bound.
//! When no direction can make progress the proxy blocks in poll(2) on the
//! sockets' ZMQ_FDs, waiting only for the events that would unblock it:
//! POLLIN on a side with nothing to read, POLLOUT on the side a pending
//! message is waiting for. It never spins on a readable side whose peer is
//! full, and while paused it waits on the control socket alone.
//!
//! Messages are forwarded in bursts of up to [`BURST`] per wake-up. The
//! first frame of each message is sent with ZMQ_DONTWAIT; if the target
//! became full mid-burst that frame is held (already captured and counted as
//! received) and goes out first when the target has room again, so the
//! proxy stays responsive to control commands and context termination
//! rather than blocking in send. Later frames of a message follow without
//! that check: a pipe's high-water mark counts whole messages.
//!
//! # Statistics
//! Counted per frame (libzmq 4.3.5; 4.3.4 counted whole messages):
//! frames and bytes received and sent by each of frontend and backend.

use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::poll::{poll, PollEntry, ZMQ_POLLIN, ZMQ_POLLOUT};
use crate::socket::base::{Socket, ZMQ_DONTWAIT, ZMQ_SNDMORE};
use crate::socket::factory::ZMQ_REP;

/// Messages forwarded in one direction per wake-up (libzmq's
/// `proxy_burst_size`), so one busy direction cannot starve the other or the
/// control socket.
const BURST: usize = 1000;

/// Frames and bytes through one side, one direction.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub frames: u64,
    pub bytes: u64,
}

impl Counter {
    fn add(&mut self, bytes: usize) {
        self.frames += 1;
        self.bytes += bytes as u64;
    }

    fn merge(&mut self, other: Counter) {
        self.frames += other.frames;
        self.bytes += other.bytes;
    }
}

/// What one socket of the proxy received and sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SideStats {
    pub recv: Counter,
    pub send: Counter,
}

/// The counters the STATISTICS command reports.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub frontend: SideStats,
    pub backend: SideStats,
}

impl Stats {
    /// The eight values of the STATISTICS reply, in zmq_proxy_steerable(3)'s
    /// order: frontend recv frames, bytes, sent frames, bytes; then backend.
    pub fn values(&self) -> [u64; 8] {
        let f = &self.frontend;
        let b = &self.backend;
        [
            f.recv.frames,
            f.recv.bytes,
            f.send.frames,
            f.send.bytes,
            b.recv.frames,
            b.recv.bytes,
            b.send.frames,
            b.send.bytes,
        ]
    }
}

/// The sockets a proxy runs over.
pub struct ProxySockets<'a> {
    pub frontend: &'a mut Socket,
    /// `None` when the backend is the frontend itself (libzmq allows that:
    /// every message read from it is sent back to it).
    pub backend: Option<&'a mut Socket>,
    pub capture: Option<&'a mut Socket>,
    pub control: Option<&'a mut Socket>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Active,
    Paused,
    Terminated,
}

/// Which way a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// frontend -> backend (requests)
    Forth,
    /// backend -> frontend (replies)
    Back,
}

/// The proxy's state between wake-ups.
struct Proxy<'a> {
    s: ProxySockets<'a>,
    state: State,
    stats: Stats,
    /// A first frame that was received and captured but found its target
    /// full, per direction; it goes out before anything else that way.
    held_forth: Option<Msg>,
    held_back: Option<Msg>,
}

/// Runs the proxy until the control socket says TERMINATE (`Ok`) or an error
/// ends it: ETERM when the context terminates, which is the usual way out.
pub fn proxy(sockets: ProxySockets<'_>) -> Result<()> {
    let mut p = Proxy {
        s: sockets,
        state: State::Active,
        stats: Stats::default(),
        held_forth: None,
        held_back: None,
    };
    p.run()
}

impl Proxy<'_> {
    fn same(&self) -> bool {
        self.s.backend.is_none()
    }

    fn run(&mut self) -> Result<()> {
        loop {
            if self.state == State::Terminated {
                return Ok(());
            }
            let f_ev = self.s.frontend.events()?;
            let b_ev = match self.s.backend.as_deref_mut() {
                Some(b) => b.events()?,
                None => 0,
            };
            if let Some(c) = self.s.control.as_deref_mut() {
                if c.events()? & ZMQ_POLLIN != 0 {
                    self.handle_control()?;
                    continue;
                }
            }
            // Ready to go one way: a message to read (or held) there.
            let forth_in = self.held_forth.is_some() || f_ev & ZMQ_POLLIN != 0;
            let back_in = self.held_back.is_some() || b_ev & ZMQ_POLLIN != 0;
            if self.state == State::Active {
                let mut progress = false;
                let forth_out = if self.same() {
                    // Sending to the socket it came from: libzmq does not
                    // wait for POLLOUT here, only a held frame must.
                    self.held_forth.is_none() || f_ev & ZMQ_POLLOUT != 0
                } else {
                    b_ev & ZMQ_POLLOUT != 0
                };
                if forth_in && forth_out {
                    progress |= self.forward(Dir::Forth)?;
                }
                if !self.same() && back_in && f_ev & ZMQ_POLLOUT != 0 {
                    progress |= self.forward(Dir::Back)?;
                }
                if progress {
                    continue;
                }
            }
            self.wait(forth_in, back_in)?;
        }
    }

    /// Blocks until something that could unblock the proxy changes.
    fn wait(&mut self, forth_in: bool, back_in: bool) -> Result<()> {
        let active = self.state == State::Active;
        let mut items: Vec<PollEntry> = Vec::with_capacity(3);
        let entry = |s: &Socket, events: i16| -> Result<PollEntry> {
            Ok(PollEntry {
                is_socket: true,
                fd: s.fd()?,
                events,
                revents: 0,
            })
        };
        // Events that are false now and would allow progress once true.
        let (f_mask, b_mask) = if !active {
            (0, 0)
        } else if self.same() {
            let held = self.held_forth.is_some();
            (if held { ZMQ_POLLOUT } else { ZMQ_POLLIN }, 0)
        } else {
            let f =
                (if forth_in { 0 } else { ZMQ_POLLIN }) | (if back_in { ZMQ_POLLOUT } else { 0 });
            let b =
                (if back_in { 0 } else { ZMQ_POLLIN }) | (if forth_in { ZMQ_POLLOUT } else { 0 });
            (f, b)
        };
        items.push(entry(self.s.frontend, f_mask)?);
        if let Some(b) = self.s.backend.as_deref() {
            items.push(entry(b, b_mask)?);
        }
        if let Some(c) = self.s.control.as_deref() {
            items.push(entry(c, ZMQ_POLLIN)?);
        }
        let nb = usize::from(self.s.backend.is_some());
        let s = &mut self.s;
        poll(&mut items, -1, |i| {
            // Every socket is asked, masked or not: that is also how ETERM
            // reaches a proxy waiting on the other sockets.
            if i == 0 {
                s.frontend.events()
            } else if i == nb {
                match s.backend.as_deref_mut() {
                    Some(b) => b.events(),
                    None => Ok(0),
                }
            } else {
                match s.control.as_deref_mut() {
                    Some(c) => c.events(),
                    None => Ok(0),
                }
            }
        })?;
        Ok(())
    }

    /// Forwards up to a burst of messages one way; says whether any moved.
    fn forward(&mut self, dir: Dir) -> Result<bool> {
        let mut held = match dir {
            Dir::Forth => self.held_forth.take(),
            Dir::Back => self.held_back.take(),
        };
        let (from_is_front, to_is_front) = match dir {
            Dir::Forth => (true, self.same()),
            Dir::Back => (false, true),
        };
        let mut recv_stats = Counter::default();
        let mut send_stats = Counter::default();
        let mut progress = false;
        let mut result = Ok(());
        for _ in 0..BURST {
            let ProxySockets {
                frontend,
                backend,
                capture,
                ..
            } = &mut self.s;
            // (from, to); with one socket both are the frontend.
            let (from, to) = match (dir, backend.as_deref_mut()) {
                (_, None) => (&mut **frontend, None),
                (Dir::Forth, Some(b)) => (&mut **frontend, Some(b)),
                (Dir::Back, Some(b)) => (b, Some(&mut **frontend)),
            };
            let capture = capture.as_deref_mut();
            match forward_one(
                from,
                to,
                capture,
                &mut held,
                &mut recv_stats,
                &mut send_stats,
            ) {
                Ok(true) => progress = true,
                Ok(false) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        match dir {
            Dir::Forth => self.held_forth = held,
            Dir::Back => self.held_back = held,
        }
        let (from_stats, to_stats) = match (from_is_front, to_is_front) {
            (true, true) => (&mut self.stats.frontend, None),
            (true, false) => (&mut self.stats.frontend, Some(&mut self.stats.backend)),
            (false, _) => (&mut self.stats.backend, Some(&mut self.stats.frontend)),
        };
        from_stats.recv.merge(recv_stats);
        to_stats.unwrap_or(from_stats).send.merge(send_stats);
        result.map(|()| progress)
    }

    /// Reads one command from the control socket and obeys it.
    fn handle_control(&mut self) -> Result<()> {
        let Some(control) = self.s.control.as_deref_mut() else {
            return Ok(());
        };
        let cmd = match control.recv(ZMQ_DONTWAIT) {
            Ok(m) => m,
            Err(Error::Again) => return Ok(()),
            Err(e) => return Err(e),
        };
        // A command is one frame; further frames of the message are dropped
        // (a REP control socket could not reply before reading them all).
        let mut more = cmd.more();
        while more {
            more = control.recv(0)?.more();
        }
        match cmd.data() {
            b"STATISTICS" => {
                let values = self.stats.values();
                for (i, v) in values.iter().enumerate() {
                    let mut m = Msg::from_slice(&v.to_ne_bytes());
                    let flags = if i + 1 < values.len() { ZMQ_SNDMORE } else { 0 };
                    control.send(&mut m, flags)?;
                }
                return Ok(());
            }
            b"PAUSE" => self.state = State::Paused,
            b"RESUME" => self.state = State::Active,
            b"TERMINATE" => self.state = State::Terminated,
            _ => {}
        }
        if control.options().socket_type == ZMQ_REP {
            // A REP socket owes a reply to every request.
            control.send(&mut Msg::from_slice(&[]), 0)?;
        }
        Ok(())
    }
}

/// Forwards one whole message (or the rest of a held one). `Ok(false)` when
/// there was nothing to read or the target is full (the first frame is then
/// kept in `held`).
fn forward_one(
    from: &mut Socket,
    mut to: Option<&mut Socket>,
    mut capture: Option<&mut Socket>,
    held: &mut Option<Msg>,
    recv_stats: &mut Counter,
    send_stats: &mut Counter,
) -> Result<bool> {
    let mut msg = match held.take() {
        Some(m) => m,
        None => match receive(from, capture.as_deref_mut(), recv_stats, ZMQ_DONTWAIT) {
            Ok(m) => m,
            Err(Error::Again) => return Ok(false),
            Err(e) => return Err(e),
        },
    };
    let mut more = msg.more();
    let n = msg.size();
    let flags = ZMQ_DONTWAIT | if more { ZMQ_SNDMORE } else { 0 };
    let target = match to.as_deref_mut() {
        Some(t) => t,
        None => &mut *from,
    };
    match target.send(&mut msg, flags) {
        Ok(()) => send_stats.add(n),
        Err(Error::Again) => {
            *held = Some(msg);
            return Ok(false);
        }
        Err(e) => return Err(e),
    }
    while more {
        let mut m = receive(from, capture.as_deref_mut(), recv_stats, 0)?;
        more = m.more();
        let n = m.size();
        let target = match to.as_deref_mut() {
            Some(t) => t,
            None => &mut *from,
        };
        target.send(&mut m, if more { ZMQ_SNDMORE } else { 0 })?;
        send_stats.add(n);
    }
    Ok(true)
}

/// Receives one frame, counts it and sends a copy to the capture socket.
fn receive(
    from: &mut Socket,
    capture: Option<&mut Socket>,
    stats: &mut Counter,
    flags: i32,
) -> Result<Msg> {
    let mut msg = from.recv(flags)?;
    stats.add(msg.size());
    if let Some(c) = capture {
        let mut copy = msg.share();
        let more = msg.more();
        c.send(&mut copy, if more { ZMQ_SNDMORE } else { 0 })?;
    }
    Ok(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_order() {
        let mut s = Stats::default();
        s.frontend.recv.add(3);
        s.frontend.send.add(4);
        s.backend.recv.add(5);
        s.backend.recv.add(6);
        s.backend.send.add(7);
        assert_eq!(s.values(), [1, 3, 1, 4, 2, 11, 1, 7]);
    }
}
