//! zmq_ctx_* and the deprecated zmq_init/zmq_term.
//!
//! A context pointer handed to C points at a [`CtxHandle`], whose first word
//! is a tag checked on every call (libzmq's `check_tag`): a NULL, foreign or
//! already terminated pointer gives EFAULT instead of undefined behaviour in
//! the common cases. A terminated context's handle stays allocated, tagged
//! dead, among the last `DEAD_KEPT` terminated ones, so a use after
//! zmq_ctx_term reads our own memory, not freed memory.
// Entry points take C pointers by contract; each dereference is checked
// and has its own SAFETY comment.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::{fail, fail_null};
use crate::ctx::Context;
use crate::error::Error;
use crate::util::retired::Retired;
use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicU32, Ordering};

const CTX_TAG: u32 = 0xabad_cafe;
const CTX_TAG_DEAD: u32 = 0xdead_cafe;

#[repr(C)]
pub(crate) struct CtxHandle {
    tag: AtomicU32,
    pub(crate) ctx: Context,
}

/// The context behind a C pointer, or EFAULT.
pub(crate) fn ctx_from<'a>(p: *mut c_void) -> Result<&'a CtxHandle, Error> {
    if p.is_null() {
        return Err(Error::Fault);
    }
    // SAFETY: a non-null pointer given to us as a context is either one we
    // returned (a live, aligned CtxHandle) or a caller error; like libzmq we
    // read the tag word to catch the caller errors we can.
    let h = unsafe { &*(p as *const CtxHandle) };
    if h.tag.load(Ordering::Acquire) != CTX_TAG {
        return Err(Error::Fault);
    }
    Ok(h)
}

/// How many terminated contexts' handles stay allocated (and tagged dead).
const DEAD_KEPT: usize = 64;

static DEAD: Retired<CtxHandle> = Retired::new(DEAD_KEPT);

fn new_ctx() -> *mut c_void {
    let h = Box::new(CtxHandle {
        tag: AtomicU32::new(CTX_TAG),
        ctx: Context::new(),
    });
    Box::into_raw(h) as *mut c_void
}

pub fn zmq_ctx_new() -> *mut c_void {
    new_ctx()
}

fn term(context: *mut c_void) -> c_int {
    match ctx_from(context) {
        Ok(h) => {
            if let Err(e) = h.ctx.term_interruptible() {
                // EINTR: the context stays valid and terminating; the caller
                // calls zmq_ctx_term again, as with libzmq.
                return fail(e);
            }
            // Two threads terminating at once both get here: one retires
            // the handle, the other has nothing left to do.
            if h.tag
                .compare_exchange(CTX_TAG, CTX_TAG_DEAD, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
            {
                return 0;
            }
            DEAD.retire(context as *mut CtxHandle);
            0
        }
        Err(e) => fail(e),
    }
}

pub fn zmq_ctx_term(context: *mut c_void) -> c_int {
    term(context)
}

pub fn zmq_ctx_shutdown(context: *mut c_void) -> c_int {
    match ctx_from(context) {
        Ok(h) => {
            h.ctx.shutdown();
            0
        }
        Err(e) => fail(e),
    }
}

pub fn zmq_ctx_set(context: *mut c_void, option: c_int, optval: c_int) -> c_int {
    match ctx_from(context).and_then(|h| h.ctx.set(option, optval)) {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

pub fn zmq_ctx_get(context: *mut c_void, option: c_int) -> c_int {
    match ctx_from(context).and_then(|h| h.ctx.get(option)) {
        Ok(v) => v,
        Err(e) => fail(e),
    }
}

pub fn zmq_init(io_threads: c_int) -> *mut c_void {
    if io_threads < 0 {
        return fail_null(Error::Inval);
    }
    let p = new_ctx();
    if let Ok(h) = ctx_from(p) {
        let _ = h.ctx.set(crate::ctx::ZMQ_IO_THREADS, io_threads);
    }
    p
}

pub fn zmq_term(context: *mut c_void) -> c_int {
    term(context)
}

pub fn zmq_ctx_destroy(context: *mut c_void) -> c_int {
    term(context)
}
