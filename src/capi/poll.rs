//! zmq_poll over sockets and plain file descriptors.

use super::fail;
use super::types::zmq_pollitem_t;
use crate::error::Error;
use std::os::raw::{c_int, c_long};

#[no_mangle]
pub extern "C" fn zmq_poll(_items: *mut zmq_pollitem_t, _nitems: c_int, _timeout: c_long) -> c_int {
    fail(Error::NotSup)
}
