//! zmq_proxy, zmq_proxy_steerable and the deprecated zmq_device.

use super::fail;
use crate::error::Error;
use std::os::raw::{c_int, c_void};

#[no_mangle]
pub extern "C" fn zmq_proxy(
    _frontend: *mut c_void,
    _backend: *mut c_void,
    _capture: *mut c_void,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_proxy_steerable(
    _frontend: *mut c_void,
    _backend: *mut c_void,
    _capture: *mut c_void,
    _control: *mut c_void,
) -> c_int {
    fail(Error::NotSup)
}

#[no_mangle]
pub extern "C" fn zmq_device(_type: c_int, _frontend: *mut c_void, _backend: *mut c_void) -> c_int {
    fail(Error::NotSup)
}
