//! The C types of zmq.h. Sizes and alignments equal libzmq 4.3's.

use std::os::raw::{c_int, c_short, c_void};

/// An opaque message: 64 bytes, pointer-aligned, as in libzmq. `crate::msg::Msg`
/// lives inside it.
#[repr(C, align(8))]
pub struct zmq_msg_t {
    pub _x: [u8; 64],
}

/// One entry of `zmq_poll`'s array.
#[repr(C)]
pub struct zmq_pollitem_t {
    pub socket: *mut c_void,
    pub fd: c_int,
    pub events: c_short,
    pub revents: c_short,
}

pub type zmq_free_fn = unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void);
pub type zmq_timer_fn = unsafe extern "C" fn(timer_id: c_int, arg: *mut c_void);
pub type zmq_thread_fn = unsafe extern "C" fn(arg: *mut c_void);
