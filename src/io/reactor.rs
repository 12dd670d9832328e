//! The reactor of an I/O thread: fd readiness over `polling::Poller` (epoll)
//! plus one-shot timers (libzmq's `epoll_t` + `poller_base_t`).
//!
//! Fds are registered level-triggered under a caller-chosen token; interest
//! changes only on transitions (e.g. "output buffer became non-empty"), so the
//! steady state costs one `epoll_wait` per batch of events and no `epoll_ctl`.
//! Timers live in an ordered map keyed by deadline, so the next timeout is the
//! first key and expiry is a range split.

use std::collections::BTreeMap;
use std::os::unix::io::{BorrowedFd, RawFd};
use std::time::{Duration, Instant};

use polling::{Event, Events, PollMode, Poller};

use crate::error::{Error, Result};

/// Names what an fd or timer belongs to; chosen by the reactor's user.
pub type Token = usize;

/// Which readiness to report for an fd.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Interest {
    pub read: bool,
    pub write: bool,
}

impl Interest {
    pub const NONE: Interest = Interest {
        read: false,
        write: false,
    };
    pub const READ: Interest = Interest {
        read: true,
        write: false,
    };
    pub const WRITE: Interest = Interest {
        read: false,
        write: true,
    };
    pub const BOTH: Interest = Interest {
        read: true,
        write: true,
    };
}

/// One fd readiness report. Errors and hang-ups are reported as readable
/// (and writable when write interest is set) so the owner's next read or
/// write syscall observes them, as with libzmq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ready {
    pub token: Token,
    pub readable: bool,
    pub writable: bool,
}

/// Identifies a pending timer so it can be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimerId {
    deadline: Instant,
    seq: u64,
}

impl TimerId {
    pub fn deadline(&self) -> Instant {
        self.deadline
    }
}

pub struct Reactor {
    poller: Poller,
    events: Events,
    timers: BTreeMap<TimerId, Token>,
    next_seq: u64,
}

fn borrow(fd: RawFd) -> BorrowedFd<'static> {
    // SAFETY: the registration API requires callers to deregister an fd
    // before closing it, so the fd is open for every use of this borrow,
    // which never outlives the call it is made for.
    unsafe { BorrowedFd::borrow_raw(fd) }
}

fn event(token: Token, interest: Interest) -> Event {
    Event::new(token, interest.read, interest.write)
}

impl Reactor {
    pub fn new() -> Result<Reactor> {
        Ok(Reactor {
            poller: Poller::new()?,
            events: Events::new(),
            timers: BTreeMap::new(),
            next_seq: 0,
        })
    }

    /// Starts watching `fd`. The caller must `deregister` it before closing
    /// it. `token` must not be `usize::MAX` (the poller's own wake-up).
    pub fn register(&self, fd: RawFd, token: Token, interest: Interest) -> Result<()> {
        if token == usize::MAX {
            return Err(Error::Inval);
        }
        // SAFETY: the caller keeps fd open until it calls `deregister`, as
        // documented above and as every owner in this crate does on drop.
        unsafe {
            self.poller
                .add_with_mode(fd, event(token, interest), PollMode::Level)?;
        }
        Ok(())
    }

    /// Changes the interest of a registered fd.
    pub fn reregister(&self, fd: RawFd, token: Token, interest: Interest) -> Result<()> {
        self.poller
            .modify_with_mode(borrow(fd), event(token, interest), PollMode::Level)?;
        Ok(())
    }

    /// Stops watching `fd` (call before closing it).
    pub fn deregister(&self, fd: RawFd) -> Result<()> {
        self.poller.delete(borrow(fd))?;
        Ok(())
    }

    /// Arms a one-shot timer firing `after` from now for `token`.
    pub fn add_timer(&mut self, after: Duration, token: Token) -> TimerId {
        let now = Instant::now();
        let deadline = now
            .checked_add(after)
            .unwrap_or(now + Duration::from_secs(86400 * 365));
        let id = TimerId {
            deadline,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.timers.insert(id, token);
        id
    }

    /// Arms a one-shot timer firing at `deadline` for `token`.
    pub fn add_timer_at(&mut self, deadline: Instant, token: Token) -> TimerId {
        let id = TimerId {
            deadline,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.timers.insert(id, token);
        id
    }

    /// Cancels a timer; harmless when it already fired.
    pub fn cancel_timer(&mut self, id: TimerId) {
        self.timers.remove(&id);
    }

    /// Number of armed timers (for tests and shutdown checks).
    pub fn timer_count(&self) -> usize {
        self.timers.len()
    }

    /// Time until the first timer fires, zero when one is due.
    pub fn next_timeout(&self) -> Option<Duration> {
        self.timers
            .keys()
            .next()
            .map(|t| t.deadline.saturating_duration_since(Instant::now()))
    }

    /// Waits for readiness or the first timer (at most `max_wait` when given;
    /// `None` with no timers waits forever), then appends ready fds to
    /// `ready` and the tokens of expired timers, in deadline order, to
    /// `expired`. An interrupted wait returns with nothing ready.
    pub fn poll(
        &mut self,
        max_wait: Option<Duration>,
        ready: &mut Vec<Ready>,
        expired: &mut Vec<(TimerId, Token)>,
    ) -> Result<()> {
        let timeout = match (self.next_timeout(), max_wait) {
            (None, m) => m,
            (Some(t), None) => Some(t),
            (Some(t), Some(m)) => Some(t.min(m)),
        };
        self.events.clear();
        match self.poller.wait(&mut self.events, timeout) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
        for ev in self.events.iter() {
            if ev.key == usize::MAX {
                continue;
            }
            ready.push(Ready {
                token: ev.key,
                readable: ev.readable,
                writable: ev.writable,
            });
        }
        self.expire(Instant::now(), expired);
        Ok(())
    }

    fn expire(&mut self, now: Instant, expired: &mut Vec<(TimerId, Token)>) {
        while let Some(entry) = self.timers.first_entry() {
            if entry.key().deadline > now {
                break;
            }
            let (id, token) = entry.remove_entry();
            expired.push((id, token));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::signaler::Signaler;

    #[test]
    fn reports_readable_fd() {
        let mut r = Reactor::new().unwrap();
        let s = Signaler::new().unwrap();
        r.register(s.fd(), 7, Interest::READ).unwrap();
        let (mut ready, mut expired) = (Vec::new(), Vec::new());
        r.poll(Some(Duration::ZERO), &mut ready, &mut expired)
            .unwrap();
        assert!(ready.is_empty());
        s.send();
        r.poll(Some(Duration::from_secs(5)), &mut ready, &mut expired)
            .unwrap();
        assert_eq!(
            ready,
            vec![Ready {
                token: 7,
                readable: true,
                writable: false
            }]
        );
        // Level-triggered: still reported until cleared.
        ready.clear();
        r.poll(Some(Duration::ZERO), &mut ready, &mut expired)
            .unwrap();
        assert_eq!(ready.len(), 1);
        s.recv();
        ready.clear();
        r.poll(Some(Duration::ZERO), &mut ready, &mut expired)
            .unwrap();
        assert!(ready.is_empty());
        // Interest off: nothing reported even when set.
        s.send();
        r.reregister(s.fd(), 7, Interest::NONE).unwrap();
        r.poll(Some(Duration::ZERO), &mut ready, &mut expired)
            .unwrap();
        assert!(ready.is_empty());
        r.deregister(s.fd()).unwrap();
    }

    #[test]
    fn timers_fire_in_order_and_cancel() {
        let mut r = Reactor::new().unwrap();
        let a = r.add_timer(Duration::from_millis(30), 1);
        let _b = r.add_timer(Duration::from_millis(10), 2);
        let c = r.add_timer(Duration::from_millis(20), 3);
        r.cancel_timer(c);
        let (mut ready, mut expired) = (Vec::new(), Vec::new());
        while expired.len() < 2 {
            r.poll(Some(Duration::from_secs(5)), &mut ready, &mut expired)
                .unwrap();
        }
        let tokens: Vec<_> = expired.iter().map(|e| e.1).collect();
        assert_eq!(tokens, vec![2, 1]);
        assert_eq!(expired[1].0, a);
        assert!(Instant::now() >= a.deadline());
        assert_eq!(r.timer_count(), 0);
        assert_eq!(r.next_timeout(), None);
    }

    #[test]
    fn writable_socket() {
        let mut r = Reactor::new().unwrap();
        let (a, _b) = std::os::unix::net::UnixStream::pair().unwrap();
        use std::os::unix::io::AsRawFd;
        r.register(a.as_raw_fd(), 1, Interest::BOTH).unwrap();
        let (mut ready, mut expired) = (Vec::new(), Vec::new());
        r.poll(Some(Duration::from_secs(5)), &mut ready, &mut expired)
            .unwrap();
        assert_eq!(
            ready,
            vec![Ready {
                token: 1,
                readable: false,
                writable: true
            }]
        );
        r.deregister(a.as_raw_fd()).unwrap();
    }
}
