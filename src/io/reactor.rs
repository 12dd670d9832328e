//! The reactor of an I/O thread: fd readiness over epoll plus one-shot
//! timers (libzmq's `epoll_t` + `poller_base_t`).
//!
//! Fds are registered level-triggered under a caller-chosen token; interest
//! changes only on transitions (e.g. "output buffer became non-empty"), so the
//! steady state costs one `epoll_wait` per batch of events and no `epoll_ctl`.
//! epoll is used directly rather than through `polling::Poller`, whose every
//! wait re-arms a timerfd and its own notifier (four more syscalls per
//! wake-up than `epoll_wait`); the timeout is epoll's, in milliseconds
//! rounded up, as libzmq's. Timers live in an ordered map keyed by
//! deadline, so the next timeout is the first key and expiry is a range split.

use std::collections::BTreeMap;
use std::os::unix::io::RawFd;
use std::time::{Duration, Instant};

use super::signaler::timeout_ms;
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
    epoll_fd: RawFd,
    events: Vec<libc::epoll_event>,
    timers: BTreeMap<TimerId, Token>,
    next_seq: u64,
}

/// Events taken from the kernel per `epoll_wait`.
const MAX_EVENTS: usize = 256;

/// What is reported as readable: errors and hang-ups too, so the owner's next
/// read observes them (the flags `polling` used, kept for the same behaviour).
const READ_FLAGS: u32 = (libc::EPOLLIN | libc::EPOLLHUP | libc::EPOLLERR | libc::EPOLLPRI) as u32;
const WRITE_FLAGS: u32 = (libc::EPOLLOUT | libc::EPOLLHUP | libc::EPOLLERR) as u32;

fn event(token: Token, interest: Interest) -> libc::epoll_event {
    let mut events = 0;
    if interest.read {
        events |= READ_FLAGS;
    }
    if interest.write {
        events |= WRITE_FLAGS;
    }
    libc::epoll_event {
        events,
        u64: token as u64,
    }
}

impl Reactor {
    pub fn new() -> Result<Reactor> {
        // SAFETY: epoll_create1 takes no pointers; the result is checked.
        let epoll_fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if epoll_fd < 0 {
            return Err(Error::last_os_error());
        }
        Ok(Reactor {
            epoll_fd,
            events: Vec::with_capacity(MAX_EVENTS),
            timers: BTreeMap::new(),
            next_seq: 0,
        })
    }

    fn ctl(&self, op: i32, fd: RawFd, token: Token, interest: Interest) -> Result<()> {
        let mut ev = event(token, interest);
        // SAFETY: ev is a live epoll_event on our stack (ignored for DEL);
        // epoll_fd is ours and open until drop.
        let rc = unsafe { libc::epoll_ctl(self.epoll_fd, op, fd, &mut ev) };
        if rc < 0 {
            return Err(Error::last_os_error());
        }
        Ok(())
    }

    /// Starts watching `fd`. The caller must `deregister` it before closing
    /// it. `token` must not be `usize::MAX` (reserved).
    pub fn register(&self, fd: RawFd, token: Token, interest: Interest) -> Result<()> {
        if token == usize::MAX {
            return Err(Error::Inval);
        }
        self.ctl(libc::EPOLL_CTL_ADD, fd, token, interest)
    }

    /// Changes the interest of a registered fd.
    pub fn reregister(&self, fd: RawFd, token: Token, interest: Interest) -> Result<()> {
        self.ctl(libc::EPOLL_CTL_MOD, fd, token, interest)
    }

    /// Stops watching `fd` (call before closing it).
    pub fn deregister(&self, fd: RawFd) -> Result<()> {
        self.ctl(libc::EPOLL_CTL_DEL, fd, 0, Interest::NONE)
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
        // SAFETY: the kernel writes at most MAX_EVENTS entries into the
        // vector's spare capacity, which is at least that large.
        let n = unsafe {
            libc::epoll_wait(
                self.epoll_fd,
                self.events.as_mut_ptr(),
                MAX_EVENTS as i32,
                timeout_ms(timeout),
            )
        };
        if n < 0 {
            let e = Error::last_os_error();
            if e != Error::Intr {
                return Err(e);
            }
        } else {
            // SAFETY: epoll_wait initialised the first n entries (n <=
            // MAX_EVENTS <= capacity).
            unsafe { self.events.set_len(n as usize) };
        }
        for ev in self.events.iter() {
            let flags = ev.events;
            ready.push(Ready {
                token: ev.u64 as Token,
                readable: flags & READ_FLAGS != 0,
                writable: flags & WRITE_FLAGS != 0,
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

impl Drop for Reactor {
    fn drop(&mut self) {
        // SAFETY: we own epoll_fd and nothing uses it after drop.
        unsafe {
            libc::close(self.epoll_fd);
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
