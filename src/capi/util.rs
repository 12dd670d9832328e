//! The calls that need no socket or message: errors, version, capabilities,
//! Z85, CURVE keys, atomic counters, timers, stopwatch, sleep, threads.

use super::types::{zmq_thread_fn, zmq_timer_fn};
use super::{fail, fail_null, set_errno};
use crate::error::Error;
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};

#[no_mangle]
pub extern "C" fn zmq_errno() -> c_int {
    // SAFETY: __errno_location always returns a valid pointer to this thread's errno.
    unsafe { *libc::__errno_location() }
}

#[no_mangle]
pub extern "C" fn zmq_strerror(_errnum: c_int) -> *const c_char {
    c"Operation not supported".as_ptr()
}

#[no_mangle]
pub extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    use super::constants::{ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH};
    for (out, value) in [
        (major, ZMQ_VERSION_MAJOR),
        (minor, ZMQ_VERSION_MINOR),
        (patch, ZMQ_VERSION_PATCH),
    ] {
        if !out.is_null() {
            // SAFETY: the caller passes NULL or a pointer to a writable int (zmq_version(3)).
            unsafe { *out = value };
        }
    }
}

#[no_mangle]
pub extern "C" fn zmq_has(_capability: *const c_char) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn zmq_z85_encode(
    _dest: *mut c_char,
    _data: *const u8,
    _size: usize,
) -> *mut c_char {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_z85_decode(_dest: *mut u8, _string: *const c_char) -> *mut u8 {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_curve_keypair(
    _z85_public_key: *mut c_char,
    _z85_secret_key: *mut c_char,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_curve_public(
    _z85_public_key: *mut c_char,
    _z85_secret_key: *const c_char,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_set(_counter: *mut c_void, _value: c_int) {}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_inc(_counter: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_dec(_counter: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_value(_counter: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_atomic_counter_destroy(_counter_p: *mut *mut c_void) {}

#[no_mangle]
pub extern "C" fn zmq_timers_new() -> *mut c_void {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_timers_destroy(_timers_p: *mut *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_timers_add(
    _timers: *mut c_void,
    _interval: usize,
    _handler: Option<zmq_timer_fn>,
    _arg: *mut c_void,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_timers_cancel(_timers: *mut c_void, _timer_id: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_timers_set_interval(
    _timers: *mut c_void,
    _timer_id: c_int,
    _interval: usize,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_timers_reset(_timers: *mut c_void, _timer_id: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_timers_timeout(_timers: *mut c_void) -> c_long {
    fail(Error::NotSup) as c_long
}

#[no_mangle]
pub extern "C" fn zmq_timers_execute(_timers: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_stopwatch_intermediate(_watch: *mut c_void) -> c_ulong {
    0
}

#[no_mangle]
pub extern "C" fn zmq_stopwatch_stop(_watch: *mut c_void) -> c_ulong {
    0
}

#[no_mangle]
pub extern "C" fn zmq_sleep(_seconds: c_int) {}

#[no_mangle]
pub extern "C" fn zmq_threadstart(_func: Option<zmq_thread_fn>, _arg: *mut c_void) -> *mut c_void {
    set_errno(Error::NotSup.errno());
    std::ptr::null_mut()
}

#[no_mangle]
pub extern "C" fn zmq_threadclose(_thread: *mut c_void) {}
