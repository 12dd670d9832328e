//! zmq_msg_*: the message calls that need no socket.
//!
//! Every call checks its `zmq_msg_t` through `Msg`'s C-slot helpers: NULL,
//! zeroed or closed messages give -1/EFAULT (libzmq's `msg_t::check`), where
//! libzmq itself would sometimes crash or assert.

// These are C entry points: C callers cannot see `unsafe`, and every pointer
// is checked (NULL, alignment, live tag) before it is dereferenced.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::types::{zmq_free_fn, zmq_msg_t};
use super::{fail, fail_null, set_errno};
use crate::error::{Error, Result};
use crate::msg::{Msg, SOURCE_FD_PROPERTY};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

/// zmq_msg_get / zmq_msg_set property numbers (zmq.h).
const ZMQ_MORE: c_int = 1;
const ZMQ_SRCFD: c_int = 2;
const ZMQ_SHARED: c_int = 3;

fn status(r: Result<()>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

#[inline(always)]
pub fn zmq_msg_init(msg: *mut zmq_msg_t) -> c_int {
    // SAFETY: zmq_msg_init(3): msg points at a zmq_msg_t (or is NULL, checked).
    status(unsafe { Msg::write_into(msg, Msg::new()) })
}

#[inline(always)]
pub fn zmq_msg_init_size(msg: *mut zmq_msg_t, size: usize) -> c_int {
    if msg.is_null() {
        return fail(Error::Fault);
    }
    // SAFETY: the body is left uninitialised, as libzmq leaves it: the new
    // message goes straight into the caller's zmq_msg_t, and nothing in this
    // library reads a body before the message comes back to it in a later
    // call (zmq_msg_data hands the C caller the pointer to fill; a send or
    // copy happens after the caller had that chance). What C wrote, or left
    // as it was, is then foreign memory to Rust, as a buffer a syscall
    // filled; libzmq too sends whatever the caller left there.
    match unsafe { Msg::with_size_uninit(size) } {
        // SAFETY: msg is a non-NULL zmq_msg_t by zmq_msg_init_size(3).
        Ok(m) => status(unsafe { Msg::write_into(msg, m) }),
        Err(e) => fail(e),
    }
}

#[inline(always)]
pub fn zmq_msg_init_data(
    msg: *mut zmq_msg_t,
    data: *mut c_void,
    size: usize,
    ffn: Option<zmq_free_fn>,
    hint: *mut c_void,
) -> c_int {
    if msg.is_null() || (data.is_null() && size != 0) {
        return fail(Error::Fault);
    }
    let m = match ffn {
        // SAFETY: zmq_msg_init_data(3): the buffer stays valid until ffn is
        // called, and ffn may run on any thread.
        Some(ffn) => unsafe { Msg::from_raw_user(data.cast(), size, ffn, hint) },
        // As in libzmq, no free function makes a constant message: the
        // caller keeps the buffer alive as long as the message lives.
        // SAFETY: that is the caller's contract for a NULL ffn.
        None => unsafe { Msg::from_raw_const(data.cast_const().cast(), size) },
    };
    // SAFETY: msg is a non-NULL zmq_msg_t by zmq_msg_init_data(3).
    status(unsafe { Msg::write_into(msg, m) })
}

#[inline(always)]
pub fn zmq_msg_close(msg: *mut zmq_msg_t) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t; close_c checks it is live.
    status(unsafe { Msg::close_c(msg) })
}

#[inline(always)]
pub fn zmq_msg_move(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    // SAFETY: both are NULL or zmq_msg_t; as libzmq, both must be live
    // (dest is closed before it receives src's content).
    unsafe {
        if let Err(e) = Msg::check_c(src).and_then(|()| Msg::check_c(dest)) {
            return fail(e);
        }
        if dest == src {
            return 0;
        }
        status(Msg::take_from(src).and_then(|m| {
            *Msg::from_c_mut(dest)? = m;
            Ok(())
        }))
    }
}

#[inline(always)]
pub fn zmq_msg_copy(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    // SAFETY: both are NULL or zmq_msg_t, checked live; distinct pointers
    // so the two &mut do not alias.
    unsafe {
        if let Err(e) = Msg::check_c(src).and_then(|()| Msg::check_c(dest)) {
            return fail(e);
        }
        if dest == src {
            return 0;
        }
        status(Msg::from_c_mut(src).and_then(|s| {
            let copy = s.share();
            *Msg::from_c_mut(dest)? = copy;
            Ok(())
        }))
    }
}

#[inline(always)]
pub fn zmq_msg_data(msg: *mut zmq_msg_t) -> *mut c_void {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_mut checks it is live.
    match unsafe { Msg::from_c_mut(msg) } {
        Ok(m) => m.data_ptr().cast(),
        Err(e) => fail_null(e),
    }
}

#[inline(always)]
pub fn zmq_msg_size(msg: *const zmq_msg_t) -> usize {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_ref checks it is live.
    match unsafe { Msg::from_c_ref(msg) } {
        Ok(m) => m.size(),
        Err(e) => {
            set_errno(e.errno());
            0
        }
    }
}

#[inline(always)]
pub fn zmq_msg_more(msg: *const zmq_msg_t) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_ref checks it is live.
    match unsafe { Msg::from_c_ref(msg) } {
        Ok(m) => m.more() as c_int,
        Err(e) => {
            set_errno(e.errno());
            0
        }
    }
}

/// The fd of the connection a message came in on, from its metadata.
fn source_fd(m: &Msg) -> Option<c_int> {
    let text = m.metadata()?.get(SOURCE_FD_PROPERTY)?;
    std::str::from_utf8(text).ok()?.parse().ok()
}

#[inline(always)]
pub fn zmq_msg_get(msg: *const zmq_msg_t, property: c_int) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_ref checks it is live.
    let m = match unsafe { Msg::from_c_ref(msg) } {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    match property {
        ZMQ_MORE => m.more() as c_int,
        // As libzmq: the "__fd" property tcp and ipc connections attach to
        // every message they deliver; none (inproc, built here) is EINVAL.
        ZMQ_SRCFD => match source_fd(m) {
            Some(fd) => fd,
            None => fail(Error::Inval),
        },
        ZMQ_SHARED => m.is_shared() as c_int,
        _ => fail(Error::Inval),
    }
}

pub fn zmq_msg_set(_msg: *mut zmq_msg_t, _property: c_int, _optval: c_int) -> c_int {
    // libzmq 4.3 supports no settable property.
    fail(Error::Inval)
}

pub fn zmq_msg_gets(msg: *const zmq_msg_t, property: *const c_char) -> *const c_char {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_ref checks it is live.
    let m = match unsafe { Msg::from_c_ref(msg) } {
        Ok(m) => m,
        Err(e) => return fail_null::<c_char>(e).cast_const(),
    };
    if property.is_null() {
        return fail_null::<c_char>(Error::Inval).cast_const();
    }
    // SAFETY: property is a non-NULL NUL-terminated string by zmq_msg_gets(3).
    let name = unsafe { CStr::from_ptr(property) };
    // The value lives in the message's Arc<Metadata>, so the pointer stays
    // valid as long as the message, as zmq_msg_gets(3) promises.
    match m.metadata().and_then(|md| md.get_cstr(name.to_bytes())) {
        Some(v) => v.as_ptr(),
        None => fail_null::<c_char>(Error::Inval).cast_const(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Metadata;
    use std::sync::Arc;

    fn errno() -> c_int {
        super::super::util::zmq_errno()
    }

    #[test]
    fn null_and_closed_messages_are_efault() {
        let null = std::ptr::null_mut();
        let vnull: *mut c_void = std::ptr::null_mut();
        assert_eq!(zmq_msg_init(null), -1);
        assert_eq!(errno(), libc::EFAULT);
        assert_eq!(zmq_msg_init_size(null, 10), -1);
        assert_eq!(zmq_msg_init_data(null, vnull, 0, None, vnull), -1);
        assert_eq!(zmq_msg_close(null), -1);
        assert_eq!(errno(), libc::EFAULT);
        assert!(zmq_msg_data(null).is_null());
        assert_eq!(errno(), libc::EFAULT);
        assert_eq!(zmq_msg_size(null), 0);
        assert_eq!(zmq_msg_more(null), 0);
        assert_eq!(zmq_msg_get(null, ZMQ_MORE), -1);
        assert_eq!(zmq_msg_move(null, null), -1);
        assert_eq!(zmq_msg_copy(null, null), -1);
        assert!(zmq_msg_gets(null, c"Socket-Type".as_ptr()).is_null());
        assert_eq!(errno(), libc::EFAULT);

        let mut m = zmq_msg_t { _x: [0; 64] };
        assert_eq!(zmq_msg_init(&mut m), 0);
        assert!(zmq_msg_gets(&m, std::ptr::null()).is_null());
        assert_eq!(errno(), libc::EINVAL);
        assert_eq!(zmq_msg_close(&mut m), 0);
        assert_eq!(zmq_msg_size(&m), 0);
        assert_eq!(errno(), libc::EFAULT);
        assert_eq!(zmq_msg_init_data(&mut m, vnull, 5, None, vnull), -1);
        assert_eq!(errno(), libc::EFAULT);
    }

    #[test]
    fn gets_reads_metadata() {
        let mut slot = zmq_msg_t { _x: [0; 64] };
        let mut m = Msg::from_slice(b"x");
        m.set_metadata(Some(Arc::new(Metadata::from_properties([
            ("Socket-Type", "ROUTER"),
            ("X-Foo", "bar"),
        ]))));
        // SAFETY: slot is a live, aligned zmq_msg_t.
        unsafe { Msg::write_into(&mut slot, m).unwrap() };
        let v = zmq_msg_gets(&slot, c"socket-type".as_ptr());
        // SAFETY: non-NULL result is a NUL-terminated string owned by the message.
        assert_eq!(unsafe { CStr::from_ptr(v) }.to_bytes(), b"ROUTER");
        assert!(zmq_msg_gets(&slot, c"Peer-Address".as_ptr()).is_null());
        assert_eq!(errno(), libc::EINVAL);
        assert_eq!(zmq_msg_close(&mut slot), 0);
    }
}
