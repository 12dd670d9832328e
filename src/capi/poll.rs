//! zmq_poll over sockets and plain file descriptors.
// Entry points take C pointers by contract; each dereference is checked
// and has its own SAFETY comment.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::fail;
use super::socket::socket_from;
use super::types::zmq_pollitem_t;
use crate::error::Error;
use crate::poll::{poll, PollEntry, STACK_ITEMS};
use std::os::raw::{c_int, c_long};

pub fn zmq_poll(items: *mut zmq_pollitem_t, nitems: c_int, timeout: c_long) -> c_int {
    if nitems < 0 {
        return fail(Error::Inval);
    }
    if nitems == 0 {
        if timeout == 0 {
            return 0;
        }
        // libzmq sleeps with usleep(timeout * 1000), including its
        // behaviour for a negative timeout.
        // SAFETY: usleep has no memory effects.
        return unsafe { libc::usleep(timeout.wrapping_mul(1000) as libc::useconds_t) };
    }
    if items.is_null() {
        return fail(Error::Fault);
    }
    // SAFETY: the caller passes `nitems` poll items at `items`.
    let items = unsafe { std::slice::from_raw_parts_mut(items, nitems as usize) };
    // Most callers poll a handful of items: keep them on the stack so a
    // zmq_poll call allocates nothing.
    let mut on_stack = [PollEntry::EMPTY; STACK_ITEMS];
    let mut on_heap;
    let entries: &mut [PollEntry] = match on_stack.get_mut(..items.len()) {
        Some(slice) => slice,
        None => {
            on_heap = vec![PollEntry::EMPTY; items.len()];
            &mut on_heap
        }
    };
    for (entry, it) in entries.iter_mut().zip(items.iter()) {
        *entry = if it.socket.is_null() {
            PollEntry {
                is_socket: false,
                fd: it.fd,
                events: it.events,
                revents: 0,
            }
        } else {
            match socket_from(it.socket).and_then(|s| s.fd()) {
                Ok(fd) => PollEntry {
                    is_socket: true,
                    fd,
                    events: it.events,
                    revents: 0,
                },
                Err(e) => return fail(e),
            }
        };
    }
    let sockets = &*items;
    let rc = poll(entries, timeout, |i| {
        let item = sockets.get(i).ok_or(Error::Fault)?;
        socket_from(item.socket)?.events()
    });
    for (it, e) in items.iter_mut().zip(entries.iter()) {
        it.revents = e.revents;
    }
    match rc {
        Ok(n) => n as c_int,
        Err(e) => fail(e),
    }
}

/// After a panic in zmq_poll: which socket it was working on is unknown, so
/// every socket among the items is poisoned (capi/guard.rs).
pub(crate) fn poison_items(items: *mut zmq_pollitem_t, nitems: c_int) {
    let Ok(n) = usize::try_from(nitems) else {
        return;
    };
    if items.is_null() {
        return;
    }
    // SAFETY: the caller of zmq_poll passed `nitems` poll items at `items`.
    let items = unsafe { std::slice::from_raw_parts(items, n) };
    for it in items {
        super::socket::poison(it.socket);
    }
}
