//! zmq_msg_*: the message calls that need no socket.

use super::fail;
use super::types::{zmq_free_fn, zmq_msg_t};
use crate::error::Error;
use std::os::raw::{c_char, c_int, c_void};

#[no_mangle]
pub extern "C" fn zmq_msg_init(_msg: *mut zmq_msg_t) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_init_size(_msg: *mut zmq_msg_t, _size: usize) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_init_data(
    _msg: *mut zmq_msg_t,
    _data: *mut c_void,
    _size: usize,
    _ffn: Option<zmq_free_fn>,
    _hint: *mut c_void,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_close(_msg: *mut zmq_msg_t) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_move(_dest: *mut zmq_msg_t, _src: *mut zmq_msg_t) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_copy(_dest: *mut zmq_msg_t, _src: *mut zmq_msg_t) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_data(_msg: *mut zmq_msg_t) -> *mut c_void {
    std::ptr::null_mut()
}

#[no_mangle]
pub extern "C" fn zmq_msg_size(_msg: *const zmq_msg_t) -> usize {
    0
}

#[no_mangle]
pub extern "C" fn zmq_msg_more(_msg: *const zmq_msg_t) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn zmq_msg_get(_msg: *const zmq_msg_t, _property: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_set(_msg: *mut zmq_msg_t, _property: c_int, _optval: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_gets(_msg: *const zmq_msg_t, _property: *const c_char) -> *const c_char {
    super::set_errno(Error::NotSup.errno());
    std::ptr::null()
}
