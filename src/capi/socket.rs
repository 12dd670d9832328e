//! zmq_socket, zmq_close, options, bind/connect, send/recv and monitor.

use super::types::zmq_msg_t;
use super::{fail, fail_null};
use crate::error::Error;
use std::os::raw::{c_char, c_int, c_void};

#[no_mangle]
pub extern "C" fn zmq_socket(_context: *mut c_void, _type: c_int) -> *mut c_void {
    fail_null(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_close(_s: *mut c_void) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_setsockopt(
    _s: *mut c_void,
    _option: c_int,
    _optval: *const c_void,
    _optvallen: usize,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_getsockopt(
    _s: *mut c_void,
    _option: c_int,
    _optval: *mut c_void,
    _optvallen: *mut usize,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_bind(_s: *mut c_void, _addr: *const c_char) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_connect(_s: *mut c_void, _addr: *const c_char) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_unbind(_s: *mut c_void, _addr: *const c_char) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_disconnect(_s: *mut c_void, _addr: *const c_char) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_send(
    _s: *mut c_void,
    _buf: *const c_void,
    _len: usize,
    _flags: c_int,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_send_const(
    _s: *mut c_void,
    _buf: *const c_void,
    _len: usize,
    _flags: c_int,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_recv(
    _s: *mut c_void,
    _buf: *mut c_void,
    _len: usize,
    _flags: c_int,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_send(_msg: *mut zmq_msg_t, _s: *mut c_void, _flags: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_msg_recv(_msg: *mut zmq_msg_t, _s: *mut c_void, _flags: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_sendmsg(_s: *mut c_void, _msg: *mut zmq_msg_t, _flags: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_recvmsg(_s: *mut c_void, _msg: *mut zmq_msg_t, _flags: c_int) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_sendiov(
    _s: *mut c_void,
    _iov: *mut libc::iovec,
    _count: usize,
    _flags: c_int,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_recviov(
    _s: *mut c_void,
    _iov: *mut libc::iovec,
    _count: *mut usize,
    _flags: c_int,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_socket_monitor(
    _s: *mut c_void,
    _addr: *const c_char,
    _events: c_int,
) -> c_int {
    fail(Error::NotSup)
}
