//! zmq_poller_*: a set of sockets and plain fds waited on together (draft
//! API), on zmq_poll's loop (crate::poll). The poll entries are kept between
//! waits, so a wait allocates nothing once the set stops changing.
// Entry points take C pointers by contract; each dereference is checked
// and has its own SAFETY comment.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::fail;
use super::socket::socket_from;
use super::types::{zmq_fd_t, zmq_poller_event_t};
use crate::error::Error;
use crate::poll::{poll, PollEntry, ZMQ_POLLERR, ZMQ_POLLIN, ZMQ_POLLOUT, ZMQ_POLLPRI};
use parking_lot::Mutex;
use std::os::raw::{c_int, c_long, c_short, c_void};

/// Marks a live poller, as libzmq's check_tag does.
const POLLER_TAG: u32 = 0xCAFE_BABF;
const DEAD_TAG: u32 = 0xDEAD_BABF;
const NO_FD: zmq_fd_t = -1;

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Socket(*mut c_void),
    Fd(zmq_fd_t),
}

struct Item {
    target: Target,
    user_data: *mut c_void,
    events: c_short,
}

#[derive(Default)]
struct PollerSet {
    items: Vec<Item>,
    /// One entry per item, rebuilt when items change.
    entries: Vec<PollEntry>,
}

struct PollerHandle {
    tag: u32,
    /// libzmq's poller is for one thread at a time; the lock makes misuse
    /// from several safe instead of undefined.
    set: Mutex<PollerSet>,
}

// SAFETY: the raw pointers in the items are the caller's opaque handles
// (sockets, user data); they are only passed back to C or to socket_from,
// which checks them.
unsafe impl Send for PollerSet {}

fn poller_from<'a>(p: *mut c_void) -> Result<&'a PollerHandle, Error> {
    if p.is_null() {
        return Err(Error::Fault);
    }
    // SAFETY: a non-NULL poller is one zmq_poller_new returned, or a caller
    // error that like libzmq we catch by the tag where we can.
    let h = unsafe { &*(p as *const PollerHandle) };
    if h.tag != POLLER_TAG {
        return Err(Error::Fault);
    }
    Ok(h)
}

fn check_events(events: c_short) -> Result<(), Error> {
    if events & !(ZMQ_POLLIN | ZMQ_POLLOUT | ZMQ_POLLERR | ZMQ_POLLPRI) != 0 {
        return Err(Error::Inval);
    }
    Ok(())
}

fn status(r: Result<(), Error>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

impl PollerSet {
    fn position(&self, target: Target) -> Option<usize> {
        self.items.iter().position(|it| it.target == target)
    }

    fn add(
        &mut self,
        target: Target,
        user_data: *mut c_void,
        events: c_short,
    ) -> Result<(), Error> {
        if self.position(target).is_some() {
            return Err(Error::Inval);
        }
        self.items.push(Item {
            target,
            user_data,
            events,
        });
        self.entries.push(PollEntry::EMPTY);
        Ok(())
    }

    fn modify(&mut self, target: Target, events: c_short) -> Result<(), Error> {
        let i = self.position(target).ok_or(Error::Inval)?;
        let item = self.items.get_mut(i).ok_or(Error::Inval)?;
        item.events = events;
        Ok(())
    }

    fn remove(&mut self, target: Target) -> Result<(), Error> {
        let i = self.position(target).ok_or(Error::Inval)?;
        self.items.remove(i);
        self.entries.pop();
        Ok(())
    }

    /// Fills `out` with up to `out.len()` events, as libzmq: the found ones
    /// first, the rest cleared. EAGAIN when none came within `timeout`.
    fn wait(&mut self, out: &mut [zmq_poller_event_t], timeout: c_long) -> Result<usize, Error> {
        if self.items.is_empty() {
            if timeout < 0 {
                // Nothing could ever wake an endless wait.
                return Err(Error::Fault);
            }
            if timeout > 0 {
                let ms = u64::try_from(timeout).unwrap_or(0);
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
            return Err(Error::Again);
        }
        for (entry, it) in self.entries.iter_mut().zip(self.items.iter()) {
            *entry = match it.target {
                Target::Socket(s) => PollEntry {
                    is_socket: true,
                    fd: socket_from(s)?.fd()?,
                    events: it.events,
                    revents: 0,
                },
                // An fd that asks for nothing is not polled at all (libzmq
                // 4.3.4), so its hang-up or error is not reported either.
                Target::Fd(_) if it.events == 0 => PollEntry::EMPTY,
                Target::Fd(fd) => PollEntry {
                    is_socket: false,
                    fd,
                    events: it.events,
                    revents: 0,
                },
            };
        }
        let items = &self.items;
        poll(&mut self.entries, timeout, |i| match items.get(i) {
            Some(Item {
                target: Target::Socket(s),
                ..
            }) => socket_from(*s)?.events(),
            _ => Err(Error::Fault),
        })?;
        let ready = self
            .items
            .iter()
            .zip(self.entries.iter())
            .filter(|(_, e)| e.revents != 0);
        let mut found: usize = 0;
        for (slot, (it, e)) in out.iter_mut().zip(ready) {
            let (socket, fd) = match it.target {
                Target::Socket(s) => (s, NO_FD),
                Target::Fd(fd) => (std::ptr::null_mut(), fd),
            };
            *slot = zmq_poller_event_t {
                socket,
                fd,
                user_data: it.user_data,
                events: e.revents,
            };
            // At most out.len() slots: cannot overflow.
            found = found.saturating_add(1);
        }
        if found == 0 {
            return Err(Error::Again);
        }
        for slot in out.iter_mut().skip(found) {
            clear(slot);
        }
        Ok(found)
    }
}

fn clear(ev: &mut zmq_poller_event_t) {
    *ev = zmq_poller_event_t {
        socket: std::ptr::null_mut(),
        fd: NO_FD,
        user_data: std::ptr::null_mut(),
        events: 0,
    };
}

fn with_set<T>(
    poller: *mut c_void,
    f: impl FnOnce(&mut PollerSet) -> Result<T, Error>,
) -> Result<T, Error> {
    let h = poller_from(poller)?;
    let mut set = h.set.lock();
    f(&mut set)
}

pub fn zmq_poller_new() -> *mut c_void {
    let h = Box::new(PollerHandle {
        tag: POLLER_TAG,
        set: Mutex::new(PollerSet::default()),
    });
    Box::into_raw(h).cast()
}

pub fn zmq_poller_destroy(poller_p: *mut *mut c_void) -> c_int {
    if poller_p.is_null() {
        return fail(Error::Fault);
    }
    // SAFETY: poller_p is a non-NULL pointer to the caller's poller variable.
    let p = unsafe { *poller_p };
    if let Err(e) = poller_from(p) {
        return fail(e);
    }
    // SAFETY: the tag says p is a live PollerHandle from zmq_poller_new; it is
    // marked dead before it is freed, and the caller's pointer is cleared.
    unsafe {
        let mut h = Box::from_raw(p as *mut PollerHandle);
        h.tag = DEAD_TAG;
        drop(h);
        *poller_p = std::ptr::null_mut();
    }
    0
}

pub fn zmq_poller_size(poller: *mut c_void) -> c_int {
    match with_set(poller, |set| Ok(set.items.len())) {
        Ok(n) => c_int::try_from(n).unwrap_or(c_int::MAX),
        Err(e) => fail(e),
    }
}

pub fn zmq_poller_add(
    poller: *mut c_void,
    socket: *mut c_void,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    status(with_set(poller, |set| {
        socket_from(socket)?;
        check_events(events)?;
        set.add(Target::Socket(socket), user_data, events)
    }))
}

pub fn zmq_poller_modify(poller: *mut c_void, socket: *mut c_void, events: c_short) -> c_int {
    status(with_set(poller, |set| {
        socket_from(socket)?;
        check_events(events)?;
        set.modify(Target::Socket(socket), events)
    }))
}

pub fn zmq_poller_remove(poller: *mut c_void, socket: *mut c_void) -> c_int {
    status(with_set(poller, |set| {
        socket_from(socket)?;
        set.remove(Target::Socket(socket))
    }))
}

pub fn zmq_poller_add_fd(
    poller: *mut c_void,
    fd: zmq_fd_t,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    status(with_set(poller, |set| {
        valid_fd(fd)?;
        check_events(events)?;
        set.add(Target::Fd(fd), user_data, events)
    }))
}

pub fn zmq_poller_modify_fd(poller: *mut c_void, fd: zmq_fd_t, events: c_short) -> c_int {
    status(with_set(poller, |set| {
        valid_fd(fd)?;
        check_events(events)?;
        set.modify(Target::Fd(fd), events)
    }))
}

pub fn zmq_poller_remove_fd(poller: *mut c_void, fd: zmq_fd_t) -> c_int {
    status(with_set(poller, |set| {
        valid_fd(fd)?;
        set.remove(Target::Fd(fd))
    }))
}

/// libzmq refuses its retired_fd (-1) with EBADF.
fn valid_fd(fd: zmq_fd_t) -> Result<(), Error> {
    if fd == NO_FD {
        return Err(Error::Os(libc::EBADF));
    }
    Ok(())
}

pub fn zmq_poller_wait_all(
    poller: *mut c_void,
    events: *mut zmq_poller_event_t,
    n_events: c_int,
    timeout: c_long,
) -> c_int {
    let r = with_set(poller, |set| {
        if events.is_null() {
            return Err(Error::Fault);
        }
        let n = usize::try_from(n_events).map_err(|_| Error::Inval)?;
        // SAFETY: the caller passes `n_events` (>= 0, checked) event slots.
        let out = unsafe { std::slice::from_raw_parts_mut(events, n) };
        set.wait(out, timeout)
    });
    match r {
        Ok(n) => c_int::try_from(n).unwrap_or(c_int::MAX),
        Err(e) => fail(e),
    }
}

/// One event; 0 on success (libzmq's rule), and on failure the event is
/// cleared.
pub fn zmq_poller_wait(
    poller: *mut c_void,
    event: *mut zmq_poller_event_t,
    timeout: c_long,
) -> c_int {
    let rc = zmq_poller_wait_all(poller, event, 1, timeout);
    if rc < 0 {
        if !event.is_null() {
            // SAFETY: event is a non-NULL zmq_poller_event_t by zmq_poller_wait(3).
            clear(unsafe { &mut *event });
        }
        return rc;
    }
    0
}

/// libzmq 4.3.4 has a poller fd only once a thread-safe socket was added,
/// and answers EINVAL before; this library has no thread-safe sockets yet.
pub fn zmq_poller_fd(poller: *mut c_void, fd: *mut zmq_fd_t) -> c_int {
    status(with_set(poller, |_| {
        if fd.is_null() {
            return Err(Error::Fault);
        }
        Err(Error::Inval)
    }))
}
