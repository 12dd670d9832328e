//! zmq_poll over sockets and plain file descriptors.
// Entry points take C pointers by contract; each dereference is checked
// and has its own SAFETY comment.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::fail;
use super::socket::socket_from;
use super::types::zmq_pollitem_t;
use crate::error::Error;
use crate::poll::{poll, PollEntry};
use std::os::raw::{c_int, c_long};

#[no_mangle]
pub extern "C" fn zmq_poll(items: *mut zmq_pollitem_t, nitems: c_int, timeout: c_long) -> c_int {
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
    let mut entries = Vec::with_capacity(items.len());
    for it in items.iter() {
        if it.socket.is_null() {
            entries.push(PollEntry {
                is_socket: false,
                fd: it.fd,
                events: it.events,
                revents: 0,
            });
        } else {
            match socket_from(it.socket) {
                Ok(s) => entries.push(PollEntry {
                    is_socket: true,
                    fd: s.fd(),
                    events: it.events,
                    revents: 0,
                }),
                Err(e) => return fail(e),
            }
        }
    }
    let sockets: Vec<*mut std::os::raw::c_void> = items.iter().map(|it| it.socket).collect();
    let rc = poll(&mut entries, timeout, |i| {
        let s = socket_from(sockets[i])?;
        s.events()
    });
    for (it, e) in items.iter_mut().zip(entries.iter()) {
        it.revents = e.revents;
    }
    match rc {
        Ok(n) => n as c_int,
        Err(e) => fail(e),
    }
}
