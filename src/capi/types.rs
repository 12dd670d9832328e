//! The C types of zmq.h. Sizes, alignments and field offsets equal libzmq 4.3's;
//! the ABI probe (tests/abi) checks them against the reference header.

use std::os::raw::{c_int, c_short, c_void};

/// An opaque message: 64 bytes, pointer-aligned, as in libzmq. `crate::msg::Msg`
/// lives inside it. The C field is called `_` as in libzmq.
/// cbindgen:field-names=[_]
#[repr(C, align(8))]
pub struct zmq_msg_t {
    pub _x: [u8; 64],
}

/// The type of a socket file descriptor in `zmq_pollitem_t` (an int on POSIX).
pub type zmq_fd_t = c_int;

/// One entry of `zmq_poll`'s array.
#[repr(C)]
pub struct zmq_pollitem_t {
    pub socket: *mut c_void,
    pub fd: zmq_fd_t,
    pub events: c_short,
    pub revents: c_short,
}

/// One event of `zmq_poller_wait` / `zmq_poller_wait_all` (draft API).
#[cfg(zmq_draft_api)]
#[repr(C)]
pub struct zmq_poller_event_t {
    pub socket: *mut c_void,
    pub fd: zmq_fd_t,
    pub user_data: *mut c_void,
    pub events: c_short,
}

// zmq.h declares these three as function types (`typedef void (zmq_free_fn) (...)`),
// which Rust cannot name; they are written in cbindgen.toml and excluded from
// generation. A C parameter of function type is adjusted to a pointer, so the
// generated prototypes (`zmq_free_fn ffn`) are the reference's (`zmq_free_fn *ffn_`).
pub type zmq_free_fn = unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void);
pub type zmq_timer_fn = unsafe extern "C" fn(timer_id: c_int, arg: *mut c_void);
pub type zmq_thread_fn = unsafe extern "C" fn(arg: *mut c_void);

// The layout is part of the ABI: fail the build, not the caller, if it drifts.
const _: () = assert!(std::mem::size_of::<zmq_msg_t>() == 64);
const _: () = assert!(std::mem::align_of::<zmq_msg_t>() == std::mem::align_of::<*mut c_void>());
const _: () = assert!(std::mem::size_of::<zmq_pollitem_t>() == 16);
#[cfg(zmq_draft_api)]
const _: () = assert!(std::mem::size_of::<zmq_poller_event_t>() == 32);
