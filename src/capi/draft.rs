//! The draft calls of zmq.h (`ZMQ_BUILD_DRAFT_API`) other than the poller:
//! message routing ids and groups, the string context options, ROUTER's
//! peer state, and the socket calls whose socket types (RADIO/DISH, PEER,
//! ...) do not exist yet.
// Entry points take C pointers by contract; each dereference is checked
// and has its own SAFETY comment.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::ctx::ctx_from;
use super::socket::socket_from;
use super::types::zmq_msg_t;
use super::{fail, fail_null, set_errno};
use crate::error::Error;
use crate::msg::Msg;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

const INT_SIZE: usize = std::mem::size_of::<c_int>();

pub fn zmq_msg_set_routing_id(msg: *mut zmq_msg_t, routing_id: u32) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_mut checks it is live.
    match unsafe { Msg::from_c_mut(msg) } {
        // libzmq refuses 0: it means "no routing id".
        Ok(_) if routing_id == 0 => fail(Error::Inval),
        Ok(m) => {
            m.set_routing_id(routing_id);
            0
        }
        Err(e) => fail(e),
    }
}

pub fn zmq_msg_routing_id(msg: *mut zmq_msg_t) -> u32 {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_ref checks it is live.
    match unsafe { Msg::from_c_ref(msg) } {
        Ok(m) => m.routing_id(),
        Err(e) => {
            set_errno(e.errno());
            0
        }
    }
}

pub fn zmq_msg_set_group(msg: *mut zmq_msg_t, group: *const c_char) -> c_int {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_mut checks it is live.
    let m = match unsafe { Msg::from_c_mut(msg) } {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    if group.is_null() {
        return fail(Error::Inval);
    }
    // SAFETY: group is a non-NULL NUL-terminated string by zmq_msg_set_group(3).
    let group = unsafe { CStr::from_ptr(group) };
    match m.set_group(group) {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

pub fn zmq_msg_group(msg: *mut zmq_msg_t) -> *const c_char {
    // SAFETY: msg is NULL or a zmq_msg_t; from_c_ref checks it is live.
    match unsafe { Msg::from_c_ref(msg) } {
        // The text lives in the message's Arc, valid as long as the message;
        // a message without a group has the empty one, as in libzmq.
        Ok(m) => m.group().unwrap_or(c"").as_ptr(),
        Err(e) => fail_null::<c_char>(e).cast_const(),
    }
}

pub fn zmq_msg_init_buffer(msg: *mut zmq_msg_t, buf: *const c_void, size: usize) -> c_int {
    let body = if size == 0 {
        Msg::new()
    } else if buf.is_null() {
        return fail(Error::Fault);
    } else {
        // SAFETY: zmq_msg_init_buffer(3): buf holds `size` readable bytes.
        Msg::from_slice(unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), size) })
    };
    // SAFETY: msg is NULL (checked) or a zmq_msg_t to initialise.
    match unsafe { Msg::write_into(msg, body) } {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

/// zmq_ctx_set_ext: an int-sized value is zmq_ctx_set's int, anything else a
/// string option (libzmq 4.3.4's rule).
pub fn zmq_ctx_set_ext(
    context: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    let h = match ctx_from(context) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    if optval.is_null() {
        return fail(Error::Inval);
    }
    // SAFETY: zmq_ctx_set_ext(3): optval holds `optvallen` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(optval.cast::<u8>(), optvallen) };
    let r = match <[u8; INT_SIZE]>::try_from(bytes) {
        Ok(int) => h.ctx.set(option, c_int::from_ne_bytes(int)),
        Err(_) => h.ctx.set_text(option, bytes),
    };
    match r {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

/// zmq_ctx_get_ext: an int-sized buffer gets zmq_ctx_get's int; otherwise
/// the string, without NUL, if the buffer holds it (libzmq 4.3.4's rule).
pub fn zmq_ctx_get_ext(
    context: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    let h = match ctx_from(context) {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    if optval.is_null() || optvallen.is_null() {
        return fail(Error::Inval);
    }
    // SAFETY: optvallen is a non-NULL size_t by zmq_ctx_get_ext(3).
    let room = unsafe { *optvallen };
    let value: Vec<u8> = if room == INT_SIZE {
        match h.ctx.get(option) {
            Ok(v) => v.to_ne_bytes().to_vec(),
            Err(e) => return fail(e),
        }
    } else {
        match h.ctx.get_text(option) {
            Ok(text) if text.len() <= room => text.into_bytes(),
            Ok(_) => return fail(Error::Inval),
            Err(e) => return fail(e),
        }
    };
    // SAFETY: optval holds `room` >= value.len() writable bytes by
    // zmq_ctx_get_ext(3); optvallen is non-NULL (checked).
    unsafe {
        std::ptr::copy_nonoverlapping(value.as_ptr(), optval.cast::<u8>(), value.len());
        *optvallen = value.len();
    }
    0
}

/// libzmq answers ENOTSUP for every socket type without groups: none of
/// ours has them until RADIO/DISH exist.
pub fn zmq_join(s: *mut c_void, group: *const c_char) -> c_int {
    not_supported_on(s, group)
}

pub fn zmq_leave(s: *mut c_void, group: *const c_char) -> c_int {
    not_supported_on(s, group)
}

fn not_supported_on(s: *mut c_void, _arg: *const c_char) -> c_int {
    match socket_from(s) {
        Ok(_) => fail(Error::NotSup),
        Err(e) => fail(e),
    }
}

/// Only PEER sockets connect this way (ENOTSUP on the others, as libzmq);
/// PEER does not exist yet. 0 is the failure value.
pub fn zmq_connect_peer(s: *mut c_void, addr: *const c_char) -> u32 {
    not_supported_on(s, addr);
    0
}

/// ZMQ_POLLOUT while the ROUTER peer `routing_id` can take a message, 0 when
/// it cannot, -1 EHOSTUNREACH for an unknown peer; ENOTSUP on other types.
pub fn zmq_socket_get_peer_state(
    s: *mut c_void,
    routing_id: *const c_void,
    routing_id_size: usize,
) -> c_int {
    let r = socket_from(s).and_then(|mut sock| {
        let id: &[u8] = if routing_id_size == 0 {
            &[]
        } else if routing_id.is_null() {
            return Err(Error::Fault);
        } else {
            // SAFETY: routing_id holds routing_id_size readable bytes by
            // zmq_socket_get_peer_state(3).
            unsafe { std::slice::from_raw_parts(routing_id.cast::<u8>(), routing_id_size) }
        };
        sock.peer_state(id)
    });
    match r {
        Ok(state) => c_int::from(state),
        Err(e) => fail(e),
    }
}

/// Version 1 events are zmq_socket_monitor's, on a PAIR socket; the version
/// 2 format and the PUB/PUSH monitor sockets are not there yet.
pub fn zmq_socket_monitor_versioned(
    s: *mut c_void,
    addr: *const c_char,
    events: u64,
    event_version: c_int,
    socket_type: c_int,
) -> c_int {
    const ZMQ_PAIR: c_int = 0;
    if let Err(e) = socket_from(s) {
        return fail(e);
    }
    if !(1..=2).contains(&event_version) {
        return fail(Error::Inval);
    }
    if event_version != 1 || socket_type != ZMQ_PAIR {
        return fail(Error::NotSup);
    }
    match c_int::try_from(events) {
        Ok(ev) => super::socket::zmq_socket_monitor(s, addr, ev),
        // Version 1 events fit in 16 bits; a higher bit is a v2 event.
        Err(_) => fail(Error::NotSup),
    }
}

pub fn zmq_socket_monitor_pipes_stats(s: *mut c_void) -> c_int {
    not_supported_on(s, std::ptr::null())
}
