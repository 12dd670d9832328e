//! A `Msg` inside a C caller's `zmq_msg_t`.
//!
//! These are the only ways the C layer (src/capi/msg.rs, and zmq_msg_send /
//! zmq_msg_recv in src/capi/socket.rs) should reach a message. Every reader
//! first checks the pointer (non-NULL, 8-aligned) and the `kind` byte, so a
//! NULL, zeroed, closed or (most) garbage `zmq_msg_t` is `Error::Fault`
//! (EFAULT, as libzmq's `msg_t::check`) instead of undefined behaviour.
//!
//! Typical use in the C layer:
//! - init: `Msg::write_into(p, Msg::new())` (does not read the old bytes);
//! - recv: `*Msg::from_c_mut(p)? = received;` (drops the old body);
//! - send: `let m = Msg::from_c_mut(p)?;` then pass `m` (`&mut Msg`) to the
//!   pattern, which `std::mem::take`s it on success and leaves it on EAGAIN;
//!   or `Msg::take_from(p)?` and, if sending fails, `Msg::write_into(p, msg)`
//!   to hand it back. Either way a sent message is left empty and valid, as
//!   libzmq re-initialises it;
//! - close: `Msg::close_c(p)`.

use super::{Msg, KIND_CLOSED, KIND_CONST, KIND_INLINE, KIND_RAW, KIND_SHARED};
use crate::capi::types::zmq_msg_t;
use crate::error::{Error, Result};
use std::mem::offset_of;

const KIND_OFFSET: usize = offset_of!(Msg, kind);

impl Msg {
    /// Checks that `ptr` points at a live message.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for reads of `size_of::<zmq_msg_t>()` bytes.
    pub unsafe fn check_c(ptr: *const zmq_msg_t) -> Result<()> {
        if ptr.is_null() || !(ptr as usize).is_multiple_of(std::mem::align_of::<Msg>()) {
            return Err(Error::Fault);
        }
        // SAFETY: ptr is non-NULL and valid for 64 bytes by contract, and
        // KIND_OFFSET < size_of::<Msg>() <= 64; a u8 read has no alignment
        // requirement and any value is a valid u8.
        let kind = unsafe { ptr.cast::<u8>().add(KIND_OFFSET).read() };
        match kind {
            KIND_INLINE | KIND_SHARED | KIND_CONST | KIND_RAW => Ok(()),
            _ => Err(Error::Fault),
        }
    }

    /// Writes `msg` into the caller's `zmq_msg_t` without reading or dropping
    /// what was there before (for zmq_msg_init*, and to hand a message back
    /// after [`Msg::take_from`]). NULL or misaligned: `Error::Fault`, and
    /// `msg` is dropped.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for writes of `size_of::<zmq_msg_t>()`
    /// bytes. If it held a live message, that message is leaked.
    pub unsafe fn write_into(ptr: *mut zmq_msg_t, msg: Msg) -> Result<()> {
        if ptr.is_null() || !(ptr as usize).is_multiple_of(std::mem::align_of::<Msg>()) {
            return Err(Error::Fault);
        }
        // SAFETY: non-NULL, aligned for Msg, valid for 64 >= size_of::<Msg>()
        // bytes of writes by contract; `write` does not drop the old bytes.
        unsafe { ptr.cast::<Msg>().write(msg) };
        Ok(())
    }

    /// Borrows the message in a caller's `zmq_msg_t`.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for reads of `size_of::<zmq_msg_t>()`
    /// bytes, and if it holds a live message nothing may mutate it during 'a.
    pub unsafe fn from_c_ref<'a>(ptr: *const zmq_msg_t) -> Result<&'a Msg> {
        // SAFETY: forwarded from this function's contract.
        unsafe { Msg::check_c(ptr)? };
        // SAFETY: check_c verified non-NULL, alignment and a live kind, so the
        // bytes are a Msg written by write_into (or a memcpy of one).
        Ok(unsafe { &*ptr.cast::<Msg>() })
    }

    /// Mutably borrows the message in a caller's `zmq_msg_t`.
    ///
    /// # Safety
    /// `ptr` must be NULL or valid for reads and writes of
    /// `size_of::<zmq_msg_t>()` bytes, and if it holds a live message nothing
    /// else may access it during 'a.
    pub unsafe fn from_c_mut<'a>(ptr: *mut zmq_msg_t) -> Result<&'a mut Msg> {
        // SAFETY: forwarded from this function's contract.
        unsafe { Msg::check_c(ptr)? };
        // SAFETY: as in from_c_ref; exclusivity is the caller's contract.
        Ok(unsafe { &mut *ptr.cast::<Msg>() })
    }

    /// Moves the message out of a caller's `zmq_msg_t`, leaving an empty,
    /// valid message behind (libzmq re-initialises a sent message).
    ///
    /// # Safety
    /// As for [`Msg::from_c_mut`].
    pub unsafe fn take_from(ptr: *mut zmq_msg_t) -> Result<Msg> {
        // SAFETY: forwarded from this function's contract.
        let slot = unsafe { Msg::from_c_mut(ptr)? };
        Ok(std::mem::take(slot))
    }

    /// `zmq_msg_close`: releases the body and marks the `zmq_msg_t` closed, so
    /// later use is `Error::Fault` as in libzmq.
    ///
    /// # Safety
    /// As for [`Msg::from_c_mut`].
    pub unsafe fn close_c(ptr: *mut zmq_msg_t) -> Result<()> {
        // SAFETY: forwarded from this function's contract.
        unsafe { Msg::check_c(ptr)? };
        // SAFETY: check_c verified a live, aligned Msg; it is read out once
        // and its slot marked closed, so it is never read or dropped again.
        let msg = unsafe { ptr.cast::<Msg>().read() };
        // SAFETY: same slot, still valid for writes; a u8 write at an
        // in-bounds offset.
        unsafe { ptr.cast::<u8>().add(KIND_OFFSET).write(KIND_CLOSED) };
        drop(msg);
        Ok(())
    }
}
