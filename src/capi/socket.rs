//! zmq_socket, zmq_close, options, bind/connect, send/recv and monitor.
//!
//! A socket pointer handed to C points at a [`SocketHandle`] whose first word
//! is a tag (libzmq's `check_tag`): NULL or foreign pointers give ENOTSOCK.
//! `zmq_close` drops the socket at once but keeps the small handle, marked
//! dead, among the last `DEAD_KEPT` closed ones, so a second close or a use
//! soon after close gives ENOTSOCK instead of reading freed memory, while a
//! program that opens and closes sockets forever does not grow.
//!
//! Sockets are not thread-safe (zmq_socket(3)), but a program that uses one
//! from two threads at once must not corrupt memory: every call holds the
//! handle's `busy` flag for its duration (one compare-and-swap, no syscall),
//! and a call that finds it held fails with EBUSY instead of touching the
//! socket. docs/reliability.md lists what can and cannot be detected.
// Entry points take C pointers by contract; each dereference is checked
// and has its own SAFETY comment.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::ctx::ctx_from;
use super::types::zmq_msg_t;
use super::{fail, fail_null};
use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::socket::base::Socket;
use crate::util::retired::Retired;
use std::cell::UnsafeCell;
use std::ffi::CStr;
use std::ops::{Deref, DerefMut};
use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

const SOCKET_TAG: u32 = 0xbadd_ecaf;
const SOCKET_TAG_DEAD: u32 = 0xdead_ecaf;
/// A call on the socket panicked: its state may be half-updated, so every
/// call but zmq_close fails with EFAULT (capi/guard.rs).
const SOCKET_TAG_POISONED: u32 = 0xbad0_ecaf;

#[repr(C)]
pub(crate) struct SocketHandle {
    tag: AtomicU32,
    /// Held by the call that uses the socket; a closed handle keeps it.
    busy: AtomicBool,
    socket: UnsafeCell<Option<Socket>>,
}

/// How many closed sockets' handles stay allocated (and tagged dead).
const DEAD_KEPT: usize = 4096;

static DEAD: Retired<SocketHandle> = Retired::new(DEAD_KEPT);

/// The socket of a handle, held exclusively by one call until dropped.
pub(crate) struct SocketRef<'a> {
    socket: &'a mut Socket,
    busy: &'a AtomicBool,
}

impl Deref for SocketRef<'_> {
    type Target = Socket;
    fn deref(&self) -> &Socket {
        self.socket
    }
}

impl DerefMut for SocketRef<'_> {
    fn deref_mut(&mut self) -> &mut Socket {
        self.socket
    }
}

impl Drop for SocketRef<'_> {
    fn drop(&mut self) {
        self.busy.store(false, Ordering::Release);
    }
}

/// The live socket behind a C pointer, held for this call: ENOTSOCK for
/// NULL, a pointer without our tag or a closed socket; EFAULT for a socket
/// poisoned by a panic; EBUSY while another thread is inside a call on the
/// same socket.
pub(crate) fn socket_from<'a>(p: *mut c_void) -> Result<SocketRef<'a>> {
    acquire(p, false)
}

/// What a handle's tag allows: a live socket anything, a poisoned one only
/// zmq_close (`closing`).
fn tag_check(tag: u32, closing: bool) -> Result<()> {
    match tag {
        SOCKET_TAG => Ok(()),
        SOCKET_TAG_POISONED if closing => Ok(()),
        SOCKET_TAG_POISONED => Err(Error::Fault),
        _ => Err(Error::NotSock),
    }
}

fn acquire<'a>(p: *mut c_void, closing: bool) -> Result<SocketRef<'a>> {
    if p.is_null() {
        return Err(Error::NotSock);
    }
    let h = p as *const SocketHandle;
    // SAFETY: a non-null socket pointer is one we returned (a live handle,
    // or a dead one kept allocated among the last DEAD_KEPT closed) or a
    // caller error, which like libzmq we detect by the tag word where we
    // can. Only the atomics are read before the busy flag is ours.
    let h = unsafe { &*h };
    tag_check(h.tag.load(Ordering::Acquire), closing)?;
    if h.busy
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        // In use by another thread now, or closed (close keeps the flag).
        return Err(match tag_check(h.tag.load(Ordering::Acquire), closing) {
            Ok(()) => Error::Os(libc::EBUSY),
            Err(e) => e,
        });
    }
    // SAFETY: the busy flag makes this call the only one touching the
    // socket slot until the SocketRef is dropped.
    match unsafe { (*h.socket.get()).as_mut() } {
        Some(socket) => Ok(SocketRef {
            socket,
            busy: &h.busy,
        }),
        None => {
            h.busy.store(false, Ordering::Release);
            Err(Error::NotSock)
        }
    }
}

/// Marks a live socket poisoned after a panic in a call on it (the call's
/// SocketRef was dropped while unwinding, so the socket is not busy).
pub(crate) fn poison(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: as in acquire: only the tag atomic is touched, and only when
    // it holds our live tag.
    let h = unsafe { &*(p as *const SocketHandle) };
    let _ = h.tag.compare_exchange(
        SOCKET_TAG,
        SOCKET_TAG_POISONED,
        Ordering::AcqRel,
        Ordering::Relaxed,
    );
}

/// A live or poisoned socket, held for zmq_close.
fn closable<'a>(p: *mut c_void) -> Result<SocketRef<'a>> {
    acquire(p, true)
}

fn ret(r: Result<()>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => fail(e),
    }
}

/// The size a send/recv call reports: libzmq clips it to INT_MAX.
fn size_ret(n: usize) -> c_int {
    n.min(c_int::MAX as usize) as c_int
}

pub fn zmq_socket(context: *mut c_void, type_: c_int) -> *mut c_void {
    let h = match ctx_from(context) {
        Ok(h) => h,
        Err(e) => return fail_null(e),
    };
    match Socket::new(&h.ctx, type_) {
        Ok(s) => Box::into_raw(Box::new(SocketHandle {
            tag: AtomicU32::new(SOCKET_TAG),
            busy: AtomicBool::new(false),
            socket: UnsafeCell::new(Some(s)),
        })) as *mut c_void,
        Err(e) => fail_null(e),
    }
}

pub fn zmq_close(s: *mut c_void) -> c_int {
    let held = match closable(s) {
        Ok(held) => held,
        Err(e) => return fail(e),
    };
    // The busy flag stays set for good: a call racing with this close, or
    // coming after it, fails instead of reaching the freed socket.
    std::mem::forget(held);
    let h = s as *mut SocketHandle;
    // SAFETY: socket_from proved `h` is a live SocketHandle and gave this
    // call the busy flag, so nothing else touches the slot.
    let sock = unsafe {
        (*h).tag.store(SOCKET_TAG_DEAD, Ordering::Release);
        (*(*h).socket.get()).take()
    };
    if let Some(sock) = sock {
        sock.close();
    }
    DEAD.retire(h);
    0
}

pub fn zmq_setsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    let value = if optval.is_null() {
        if optvallen != 0 {
            return fail(Error::Inval);
        }
        None
    } else {
        // SAFETY: the caller passes `optvallen` readable bytes at `optval`.
        Some(unsafe { std::slice::from_raw_parts(optval as *const u8, optvallen) })
    };
    ret(sock.set_option(option, value))
}

pub fn zmq_getsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    if optvallen.is_null() {
        return fail(Error::Fault);
    }
    // SAFETY: checked non-null; the caller passes a valid size_t.
    let len = unsafe { *optvallen };
    if optval.is_null() && len != 0 {
        return fail(Error::Fault);
    }
    let out: &mut [u8] = if len == 0 {
        &mut []
    } else {
        // SAFETY: the caller passes `*optvallen` writable bytes at `optval`.
        unsafe { std::slice::from_raw_parts_mut(optval as *mut u8, len) }
    };
    match sock.get_option(option, out) {
        Ok(n) => {
            // SAFETY: as above.
            unsafe { *optvallen = n };
            0
        }
        Err(e) => fail(e),
    }
}

fn addr_str<'a>(addr: *const c_char) -> Result<&'a str> {
    if addr.is_null() {
        return Err(Error::Inval);
    }
    // SAFETY: the caller passes a NUL-terminated string.
    unsafe { CStr::from_ptr(addr) }
        .to_str()
        .map_err(|_| Error::Inval)
}

fn endpoint_call(
    s: *mut c_void,
    addr: *const c_char,
    f: impl FnOnce(&mut Socket, &str) -> Result<()>,
) -> c_int {
    let r = socket_from(s).and_then(|mut sock| {
        let a = addr_str(addr)?;
        f(&mut sock, a)
    });
    ret(r)
}

pub fn zmq_bind(s: *mut c_void, addr: *const c_char) -> c_int {
    endpoint_call(s, addr, |sock, a| sock.bind(a))
}

pub fn zmq_connect(s: *mut c_void, addr: *const c_char) -> c_int {
    endpoint_call(s, addr, |sock, a| sock.connect(a))
}

pub fn zmq_unbind(s: *mut c_void, addr: *const c_char) -> c_int {
    endpoint_call(s, addr, |sock, a| sock.term_endpoint(a))
}

pub fn zmq_disconnect(s: *mut c_void, addr: *const c_char) -> c_int {
    endpoint_call(s, addr, |sock, a| sock.term_endpoint(a))
}

/// The bytes at `buf`, or EFAULT for NULL with a non-zero length.
fn in_slice<'a>(buf: *const c_void, len: usize) -> Result<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if buf.is_null() {
        return Err(Error::Fault);
    }
    // SAFETY: the caller passes `len` readable bytes at `buf`.
    Ok(unsafe { std::slice::from_raw_parts(buf as *const u8, len) })
}

fn send_msg(sock: &mut Socket, mut msg: Msg, flags: c_int) -> c_int {
    let n = msg.size();
    match sock.send(&mut msg, flags) {
        Ok(()) => size_ret(n),
        Err(e) => fail(e),
    }
}

#[inline(always)]
pub fn zmq_send(s: *mut c_void, buf: *const c_void, len: usize, flags: c_int) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    match in_slice(buf, len) {
        Ok(data) => send_msg(&mut sock, Msg::from_slice(data), flags),
        Err(e) => fail(e),
    }
}

#[inline(always)]
pub fn zmq_send_const(s: *mut c_void, buf: *const c_void, len: usize, flags: c_int) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    if buf.is_null() && len != 0 {
        return fail(Error::Fault);
    }
    // SAFETY: zmq_send_const's contract: the buffer stays valid and unchanged
    // for as long as the library may use it.
    let msg = unsafe { Msg::from_raw_const(buf as *const u8, len) };
    send_msg(&mut sock, msg, flags)
}

#[inline(always)]
pub fn zmq_recv(s: *mut c_void, buf: *mut c_void, len: usize, flags: c_int) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    if buf.is_null() && len != 0 {
        return fail(Error::Fault);
    }
    match sock.recv(flags) {
        Ok(msg) => {
            let data = msg.data();
            let n = data.len().min(len);
            if n > 0 {
                // SAFETY: the caller passes `len` writable bytes at `buf`;
                // n <= len and n <= data.len().
                unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), buf as *mut u8, n) };
            }
            size_ret(data.len())
        }
        Err(e) => fail(e),
    }
}

#[inline(always)]
fn msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    // SAFETY: the caller passes a zmq_msg_t it owns; Msg checks its kind.
    let m = match unsafe { Msg::from_c_mut(msg) } {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    let n = m.size();
    match sock.send(m, flags) {
        Ok(()) => size_ret(n),
        Err(e) => fail(e),
    }
}

#[inline(always)]
fn msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    // SAFETY: the caller passes a zmq_msg_t it owns; Msg checks its kind.
    let m = match unsafe { Msg::from_c_mut(msg) } {
        Ok(m) => m,
        Err(e) => return fail(e),
    };
    match sock.recv_into(m, flags) {
        Ok(()) => size_ret(m.size()),
        Err(e) => fail(e),
    }
}

#[inline(always)]
pub fn zmq_msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    msg_send(msg, s, flags)
}

#[inline(always)]
pub fn zmq_msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    msg_recv(msg, s, flags)
}

#[inline(always)]
pub fn zmq_sendmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    msg_send(msg, s, flags)
}

#[inline(always)]
pub fn zmq_recvmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    msg_recv(msg, s, flags)
}

/// libzmq: every part is sent with `flags`, except that the last one has
/// ZMQ_SNDMORE cleared; returns the last part's size.
pub fn zmq_sendiov(s: *mut c_void, iov: *mut libc::iovec, count: usize, flags: c_int) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    if count == 0 || iov.is_null() {
        return fail(Error::Inval);
    }
    // SAFETY: the caller passes `count` iovecs at `iov`.
    let parts = unsafe { std::slice::from_raw_parts(iov, count) };
    let mut rc = 0;
    for (i, part) in parts.iter().enumerate() {
        let data = match in_slice(part.iov_base, part.iov_len) {
            Ok(d) => d,
            Err(e) => return fail(e),
        };
        let f = if i.checked_add(1) == Some(count) {
            flags & !crate::socket::base::ZMQ_SNDMORE
        } else {
            flags
        };
        rc = send_msg(&mut sock, Msg::from_slice(data), f);
        if rc < 0 {
            return -1;
        }
    }
    rc
}

/// libzmq: receives up to `*count` parts of one message into buffers it
/// allocates with malloc (the caller frees them); `*count` becomes the
/// number of parts received, which is also returned.
pub fn zmq_recviov(
    s: *mut c_void,
    iov: *mut libc::iovec,
    count: *mut usize,
    flags: c_int,
) -> c_int {
    let mut sock = match socket_from(s) {
        Ok(sock) => sock,
        Err(e) => return fail(e),
    };
    if count.is_null() || iov.is_null() {
        return fail(Error::Inval);
    }
    // SAFETY: checked non-null; the caller passes a valid size_t.
    let max = unsafe { *count };
    if max == 0 {
        return fail(Error::Inval);
    }
    // SAFETY: as above.
    unsafe { *count = 0 };
    let mut nread = 0;
    for i in 0..max {
        let msg = match sock.recv(flags) {
            Ok(m) => m,
            Err(e) => return fail(e),
        };
        let data = msg.data();
        // SAFETY: malloc of any size; checked for NULL below (a 0-byte
        // request may legitimately return NULL).
        let buf = unsafe { libc::malloc(data.len().max(1)) } as *mut u8;
        if buf.is_null() {
            return fail(Error::NoMem);
        }
        // SAFETY: buf has room for data.len() bytes; `iov` has `max` entries.
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), buf, data.len());
            let slot = &mut *iov.add(i);
            slot.iov_base = buf as *mut c_void;
            slot.iov_len = data.len();
            *count = i.saturating_add(1);
        }
        nread = c_int::try_from(i).unwrap_or(c_int::MAX).saturating_add(1);
        if !msg.more() {
            break;
        }
    }
    nread
}

pub fn zmq_socket_monitor(s: *mut c_void, addr: *const c_char, events: c_int) -> c_int {
    let r = socket_from(s).and_then(|mut sock| {
        crate::util::test_panic::fire(crate::util::test_panic::Point::SocketMonitor);
        let a = if addr.is_null() {
            None
        } else {
            Some(addr_str(addr)?)
        };
        // The C int is a bit mask: its bits, whatever the sign.
        sock.set_monitor(a, events as u32)
    });
    ret(r)
}
