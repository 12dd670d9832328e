//! The panic barrier of every C entry point (`exports.rs`).
//!
//! A panic inside an entry point's body is stopped here: the call returns
//! its failure value (-1, NULL, 0 or nothing, per prototype) with errno
//! EFAULT, and one line on stderr names the function. On the path without
//! a panic this costs next to nothing: `catch_unwind` compiles to a plain
//! call with an unwind landing pad (Itanium ABI), the closure inlines, and
//! everything the panic path needs is built in the landing pad, in the
//! cold functions below.

use super::set_errno;
use crate::util::panics;
use std::any::Any;
use std::os::raw::c_void;

type Payload = Box<dyn Any + Send>;

/// Runs entry point `name`'s body; a panic becomes `on_panic`, errno EFAULT.
#[inline(always)]
pub(crate) fn guard<R>(name: &'static str, on_panic: R, body: impl FnOnce() -> R) -> R {
    match panics::catch(body) {
        Ok(r) => r,
        Err(payload) => {
            caught(name, payload);
            on_panic
        }
    }
}

/// As [`guard`] for an entry point that works on `sockets`: after a panic
/// their state may be half-updated, so each is poisoned (every later call
/// on it fails with EFAULT, except `zmq_close`, which frees it).
#[inline(always)]
pub(crate) fn guard_sockets<R, const N: usize>(
    name: &'static str,
    on_panic: R,
    sockets: [*mut c_void; N],
    body: impl FnOnce() -> R,
) -> R {
    match panics::catch(body) {
        Ok(r) => r,
        Err(payload) => {
            caught_on_sockets(name, sockets, payload);
            on_panic
        }
    }
}

/// As [`guard`], with `after_panic` run after the report (e.g. to poison
/// the sockets the body was working on).
#[inline(always)]
pub(crate) fn guard_then<R>(
    name: &'static str,
    on_panic: R,
    after_panic: impl FnOnce(),
    body: impl FnOnce() -> R,
) -> R {
    match panics::catch(body) {
        Ok(r) => r,
        Err(payload) => {
            caught(name, payload);
            let _ = panics::catch(after_panic);
            on_panic
        }
    }
}

#[cold]
#[inline(never)]
fn caught(name: &'static str, payload: Payload) {
    panics::report(format_args!("{name}"), "returned EFAULT", payload);
    set_errno(libc::EFAULT);
}

#[cold]
#[inline(never)]
fn caught_on_sockets<const N: usize>(
    name: &'static str,
    sockets: [*mut c_void; N],
    payload: Payload,
) {
    panics::report(
        format_args!("{name}"),
        "returned EFAULT; the socket fails with EFAULT until closed",
        payload,
    );
    for s in sockets {
        super::socket::poison(s);
    }
    set_errno(libc::EFAULT);
}
