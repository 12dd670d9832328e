//! zmq_ctx_* and the deprecated zmq_init/zmq_term.

use super::{fail, fail_null};
use crate::error::Error;
use std::os::raw::{c_int, c_void};

#[no_mangle]
pub extern "C" fn zmq_ctx_new() -> *mut c_void {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_ctx_term(_context: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_ctx_shutdown(_context: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_ctx_set(_context: *mut c_void, _option: c_int, _optval: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_ctx_get(_context: *mut c_void, _option: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_init(_io_threads: c_int) -> *mut c_void {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_term(_context: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_ctx_destroy(_context: *mut c_void) -> c_int {
    fail(Error::NotSup)
}
