//! zmq_proxy, zmq_proxy_steerable and the deprecated zmq_device.
// Entry points take C pointers by contract; each is checked by socket_from.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::fail;
use super::socket::{socket_from, SocketRef};
use crate::error::{Error, Result};
use crate::proxy::{proxy, ProxySockets};
use std::os::raw::{c_int, c_void};

/// An optional socket argument: NULL is "none".
fn optional<'a>(p: *mut c_void) -> Result<Option<SocketRef<'a>>> {
    if p.is_null() {
        Ok(None)
    } else {
        socket_from(p).map(Some)
    }
}

fn run(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    // libzmq: a NULL frontend or backend is EFAULT.
    if frontend.is_null() || backend.is_null() {
        return fail(Error::Fault);
    }
    // The frontend may double as the backend; capture and control must be
    // sockets of their own, since the proxy uses all of them at once.
    let extra = [capture, control];
    for (i, p) in extra.iter().enumerate() {
        if !p.is_null()
            && (*p == frontend
                || *p == backend
                || extra.iter().skip(i.saturating_add(1)).any(|q| q == p))
        {
            return fail(Error::Inval);
        }
    }
    // Each socket is held (busy) for the whole proxy run.
    let held = (|| {
        let f = socket_from(frontend)?;
        let b = if backend == frontend {
            None
        } else {
            Some(socket_from(backend)?)
        };
        Ok::<_, Error>((f, b, optional(capture)?, optional(control)?))
    })();
    let result = held.and_then(|(mut f, mut b, mut capture, mut control)| {
        proxy(ProxySockets {
            frontend: &mut f,
            backend: b.as_deref_mut(),
            capture: capture.as_deref_mut(),
            control: control.as_deref_mut(),
        })
    });
    match result {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

pub fn zmq_proxy(frontend: *mut c_void, backend: *mut c_void, capture: *mut c_void) -> c_int {
    run(frontend, backend, capture, std::ptr::null_mut())
}

pub fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    run(frontend, backend, capture, control)
}

/// Deprecated: the device type (ZMQ_QUEUE, ZMQ_FORWARDER, ZMQ_STREAMER) is
/// ignored, as in libzmq; it is zmq_proxy without capture.
pub fn zmq_device(_type: c_int, frontend: *mut c_void, backend: *mut c_void) -> c_int {
    run(
        frontend,
        backend,
        std::ptr::null_mut(),
        std::ptr::null_mut(),
    )
}
