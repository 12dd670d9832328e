//! zmq_poll's loop (libzmq's poll(2) variant): sockets are polled through
//! their mailbox fds (ZMQ_FD), and after every wake-up their ZMQ_EVENTS are
//! read again, because a readable ZMQ_FD only means "something changed".
//!
//! The first pass polls with timeout 0 and returns at once if anything is
//! ready; later passes block for what remains of the timeout.

use crate::error::{Error, Result};
use std::time::{Duration, Instant};

pub const ZMQ_POLLIN: i16 = 1;
pub const ZMQ_POLLOUT: i16 = 2;
pub const ZMQ_POLLERR: i16 = 4;
pub const ZMQ_POLLPRI: i16 = 8;

/// Up to this many items are polled without allocating.
pub const STACK_ITEMS: usize = 16;

/// One item: a socket (through its ZMQ_FD) or a plain fd.
#[derive(Debug, Clone, Copy)]
pub struct PollEntry {
    pub is_socket: bool,
    /// The fd to poll(2): the socket's ZMQ_FD, or the plain fd.
    pub fd: i32,
    /// ZMQ_POLLIN / ZMQ_POLLOUT / ZMQ_POLLPRI asked for.
    pub events: i16,
    /// Set by [`poll`].
    pub revents: i16,
}

impl PollEntry {
    /// A placeholder that polls nothing.
    pub const EMPTY: PollEntry = PollEntry {
        is_socket: false,
        fd: -1,
        events: 0,
        revents: 0,
    };
}

const NO_POLLFD: libc::pollfd = libc::pollfd {
    fd: -1,
    events: 0,
    revents: 0,
};

/// The pollfd for one item: a socket waits on its mailbox fd becoming
/// readable, whatever it asked for; a plain fd asks for what it named.
fn pollfd_for(it: &PollEntry) -> libc::pollfd {
    let events = if it.is_socket {
        if it.events != 0 {
            libc::POLLIN
        } else {
            0
        }
    } else {
        let mut e = 0;
        if it.events & ZMQ_POLLIN != 0 {
            e |= libc::POLLIN;
        }
        if it.events & ZMQ_POLLOUT != 0 {
            e |= libc::POLLOUT;
        }
        if it.events & ZMQ_POLLPRI != 0 {
            e |= libc::POLLPRI;
        }
        e
    };
    libc::pollfd {
        fd: it.fd,
        events,
        revents: 0,
    }
}

/// Polls `items` for up to `timeout_ms` (-1: forever, 0: just look).
/// `socket_events(i)` answers ZMQ_EVENTS of socket item `i`. Returns how
/// many items have events.
pub fn poll(
    items: &mut [PollEntry],
    timeout_ms: i64,
    mut socket_events: impl FnMut(usize) -> Result<i16>,
) -> Result<usize> {
    let mut on_stack = [NO_POLLFD; STACK_ITEMS];
    let mut on_heap;
    let pollfds: &mut [libc::pollfd] = match on_stack.get_mut(..items.len()) {
        Some(slice) => slice,
        None => {
            on_heap = vec![NO_POLLFD; items.len()];
            &mut on_heap
        }
    };
    for (pfd, it) in pollfds.iter_mut().zip(items.iter()) {
        *pfd = pollfd_for(it);
    }
    let mut first_pass = true;
    let mut end: Option<Instant> = None;
    loop {
        let wait: i32 = if first_pass {
            0
        } else if timeout_ms < 0 {
            -1
        } else {
            let left = end
                .map(|e| e.saturating_duration_since(Instant::now()))
                .unwrap_or_default();
            // Round up so we never wake just before the deadline and spin.
            left.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
        };
        // SAFETY: pollfds is a live, exclusively borrowed slice of `len` pollfd structs.
        let rc = unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, wait) };
        if rc < 0 {
            return Err(Error::last_os_error());
        }
        let mut nevents = 0;
        for (i, (it, pfd)) in items.iter_mut().zip(pollfds.iter()).enumerate() {
            it.revents = 0;
            if it.is_socket {
                let ev = socket_events(i)?;
                it.revents = ev & it.events & (ZMQ_POLLIN | ZMQ_POLLOUT);
            } else {
                if pfd.revents & libc::POLLIN != 0 {
                    it.revents |= ZMQ_POLLIN;
                }
                if pfd.revents & libc::POLLOUT != 0 {
                    it.revents |= ZMQ_POLLOUT;
                }
                if pfd.revents & libc::POLLPRI != 0 {
                    it.revents |= ZMQ_POLLPRI;
                }
                if pfd.revents & !(libc::POLLIN | libc::POLLOUT | libc::POLLPRI) != 0 {
                    it.revents |= ZMQ_POLLERR;
                }
            }
            if it.revents != 0 {
                nevents += 1;
            }
        }
        if timeout_ms == 0 || nevents > 0 {
            return Ok(nevents);
        }
        if timeout_ms < 0 {
            first_pass = false;
            continue;
        }
        let now = Instant::now();
        if first_pass {
            // A deadline beyond what Instant can hold is as good as forever.
            end = now.checked_add(Duration::from_millis(timeout_ms as u64));
            if end.is_none() {
                return poll(items, -1, socket_events);
            }
            first_pass = false;
            continue;
        }
        if end.is_some_and(|e| now >= e) {
            return Ok(0);
        }
    }
}
