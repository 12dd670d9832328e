//! The `extern "C"` surface. The only module that touches C pointers: it checks
//! every argument, calls safe Rust, and maps `Error` to errno and -1.
#![allow(non_camel_case_types)]
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

pub mod constants;
pub mod ctx;
#[cfg(zmq_draft_api)]
pub mod draft;
#[cfg(zmq_draft_api)]
pub mod draft_constants;
pub mod exports;
mod guard;
pub mod msg;
pub mod poll;
#[cfg(zmq_draft_api)]
pub mod poller;
pub mod proxy;
pub mod socket;
pub mod types;
pub mod util;

use crate::error::Error;

/// Sets the calling thread's errno, which both C's `errno` and `zmq_errno()` read.
pub(crate) fn set_errno(e: i32) {
    // SAFETY: __errno_location always returns a valid pointer to this thread's errno.
    unsafe { *libc::__errno_location() = e };
}

/// Reports `e` through errno and returns libzmq's failure value.
pub(crate) fn fail(e: Error) -> i32 {
    set_errno(e.errno());
    -1
}

/// Reports `e` through errno and returns a null pointer.
pub(crate) fn fail_null<T>(e: Error) -> *mut T {
    set_errno(e.errno());
    std::ptr::null_mut()
}
