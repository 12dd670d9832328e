//! The calls that need no socket or message: errors, version, capabilities,
//! Z85, CURVE keys, atomic counters, timers, stopwatch, sleep, threads.
//!
//! Where libzmq would crash on a NULL argument these return their failure
//! value with EFAULT instead (or do nothing, for the void calls).

// These are C entry points: C callers cannot see `unsafe`, and every pointer
// is checked for NULL before it is dereferenced.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::types::{zmq_thread_fn, zmq_timer_fn};
use super::{fail, fail_null, set_errno};
use crate::error::{self, Error};
use crate::util::atomic_counter::AtomicCounter;
use crate::util::capabilities;
use crate::util::curve_keys;
use crate::util::stopwatch::Stopwatch;
use crate::util::thread::Thread;
use crate::util::timers::Timers;
use crate::util::z85;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::sync::OnceLock;
use std::time::Instant;

pub fn zmq_errno() -> c_int {
    // SAFETY: __errno_location always returns a valid pointer to this thread's errno.
    unsafe { *libc::__errno_location() }
}

pub fn zmq_strerror(errnum: c_int) -> *const c_char {
    // libzmq's own texts for its own errors; the C library's for the rest.
    match errnum {
        error::EFSM => c"Operation cannot be accomplished in current state".as_ptr(),
        error::ENOCOMPATPROTO => c"The protocol is not compatible with the socket type".as_ptr(),
        error::ETERM => c"Context was terminated".as_ptr(),
        error::EMTHREAD => c"No thread available".as_ptr(),
        // libzmq's own wording on every platform (glibc says "No route to host").
        libc::EHOSTUNREACH => c"Host unreachable".as_ptr(),
        // SAFETY: strerror accepts any value and returns a NUL-terminated
        // string (for unknown values glibc formats into a per-thread buffer).
        _ => unsafe { libc::strerror(errnum) },
    }
}

pub fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    use super::constants::{ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH};
    for (out, value) in [
        (major, ZMQ_VERSION_MAJOR),
        (minor, ZMQ_VERSION_MINOR),
        (patch, ZMQ_VERSION_PATCH),
    ] {
        if !out.is_null() {
            // SAFETY: the caller passes NULL or a pointer to a writable int (zmq_version(3)).
            unsafe { *out = value };
        }
    }
}

pub fn zmq_has(capability: *const c_char) -> c_int {
    if capability.is_null() {
        return 0;
    }
    // SAFETY: non-NULL and NUL-terminated by zmq_has(3).
    let name = unsafe { CStr::from_ptr(capability) };
    capabilities::has(name.to_bytes()) as c_int
}

pub fn zmq_z85_encode(dest: *mut c_char, data: *const u8, size: usize) -> *mut c_char {
    if !size.is_multiple_of(4) {
        return fail_null(Error::Inval);
    }
    if dest.is_null() || (data.is_null() && size != 0) {
        return fail_null(Error::Fault);
    }
    let input: &[u8] = if size == 0 {
        &[]
    } else {
        // SAFETY: non-NULL and, by zmq_z85_encode(3), size bytes long.
        unsafe { std::slice::from_raw_parts(data, size) }
    };
    let Some((len, with_nul)) = z85::encoded_len(size).and_then(|n| Some((n, n.checked_add(1)?)))
    else {
        return fail_null(Error::Inval);
    };
    // SAFETY: by zmq_z85_encode(3) dest holds size * 5 / 4 + 1 bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(dest.cast::<u8>(), with_nul) };
    let (text, nul) = out.split_at_mut(len);
    match z85::encode_into(input, text) {
        Ok(()) => {
            nul.fill(0);
            dest
        }
        Err(e) => fail_null(e),
    }
}

pub fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    if dest.is_null() || string.is_null() {
        return fail_null(Error::Fault);
    }
    // SAFETY: non-NULL and NUL-terminated by zmq_z85_decode(3).
    let text = unsafe { CStr::from_ptr(string) }.to_bytes();
    if text.is_empty() || !text.len().is_multiple_of(5) {
        return fail_null(Error::Inval);
    }
    // SAFETY: by zmq_z85_decode(3) dest holds strlen(string) * 4 / 5 bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(dest, z85::decoded_len(text.len())) };
    match z85::decode_into(text, out) {
        Ok(()) => dest,
        Err(e) => fail_null(e),
    }
}

const KEY_WITH_NUL: usize = curve_keys::Z85_KEY_LEN + 1;

/// Copies a Z85 key and its NUL into a caller's 41-byte buffer.
///
/// # Safety
/// `dest` is non-NULL and valid for 41 bytes of writes.
unsafe fn write_key(dest: *mut c_char, key: &[u8; curve_keys::Z85_KEY_LEN]) {
    // SAFETY: by this function's contract.
    let out = unsafe { std::slice::from_raw_parts_mut(dest.cast::<u8>(), KEY_WITH_NUL) };
    let (text, nul) = out.split_at_mut(curve_keys::Z85_KEY_LEN);
    text.copy_from_slice(key);
    nul.fill(0);
}

pub fn zmq_curve_keypair(z85_public_key: *mut c_char, z85_secret_key: *mut c_char) -> c_int {
    if z85_public_key.is_null() || z85_secret_key.is_null() {
        return fail(Error::Fault);
    }
    match curve_keys::keypair_z85() {
        Ok((public, secret)) => {
            // SAFETY: non-NULL, 41-byte buffers by zmq_curve_keypair(3).
            unsafe {
                write_key(z85_public_key, &public);
                write_key(z85_secret_key, &secret);
            }
            0
        }
        Err(e) => fail(e),
    }
}

pub fn zmq_curve_public(z85_public_key: *mut c_char, z85_secret_key: *const c_char) -> c_int {
    if z85_public_key.is_null() || z85_secret_key.is_null() {
        return fail(Error::Fault);
    }
    // SAFETY: non-NULL and NUL-terminated by zmq_curve_public(3).
    let secret = unsafe { CStr::from_ptr(z85_secret_key) }.to_bytes();
    match curve_keys::public_z85(secret) {
        Ok(public) => {
            // SAFETY: non-NULL, 41-byte buffer by zmq_curve_public(3).
            unsafe { write_key(z85_public_key, &public) };
            0
        }
        Err(e) => fail(e),
    }
}

/// The counter behind a `zmq_atomic_counter_new` pointer, or EFAULT.
///
/// # Safety
/// `counter` is NULL or a live pointer from zmq_atomic_counter_new.
unsafe fn counter<'a>(counter: *mut c_void) -> Option<&'a AtomicCounter> {
    if counter.is_null() {
        set_errno(Error::Fault.errno());
        return None;
    }
    // SAFETY: by this function's contract it came from Box::into_raw below.
    Some(unsafe { &*counter.cast::<AtomicCounter>() })
}

pub fn zmq_atomic_counter_new() -> *mut c_void {
    Box::into_raw(Box::new(AtomicCounter::new())).cast()
}

pub fn zmq_atomic_counter_set(counter_: *mut c_void, value: c_int) {
    // SAFETY: NULL or a live counter, by zmq_atomic_counter_set(3).
    if let Some(c) = unsafe { counter(counter_) } {
        c.set(value);
    }
}

/// Returns the value before incrementing; -1 with EFAULT for NULL.
pub fn zmq_atomic_counter_inc(counter_: *mut c_void) -> c_int {
    // SAFETY: NULL or a live counter, by zmq_atomic_counter_inc(3).
    unsafe { counter(counter_) }.map_or(-1, |c| c.inc())
}

/// Returns 1 if the counter is non-zero after decrementing, else 0; -1 with
/// EFAULT for NULL.
pub fn zmq_atomic_counter_dec(counter_: *mut c_void) -> c_int {
    // SAFETY: NULL or a live counter, by zmq_atomic_counter_dec(3).
    unsafe { counter(counter_) }.map_or(-1, |c| c.dec() as c_int)
}

/// Returns the value; -1 with EFAULT for NULL.
pub fn zmq_atomic_counter_value(counter_: *mut c_void) -> c_int {
    // SAFETY: NULL or a live counter, by zmq_atomic_counter_value(3).
    unsafe { counter(counter_) }.map_or(-1, |c| c.value())
}

pub fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    if counter_p.is_null() {
        return;
    }
    // SAFETY: counter_p is non-NULL and points at a counter pointer (or NULL)
    // from zmq_atomic_counter_new, by zmq_atomic_counter_destroy(3); it is
    // nulled so a second destroy does nothing.
    unsafe {
        let c = *counter_p;
        if !c.is_null() {
            drop(Box::from_raw(c.cast::<AtomicCounter>()));
            *counter_p = std::ptr::null_mut();
        }
    }
}

/// A C timer: its handler and argument.
#[derive(Clone, Copy)]
struct CTimer {
    handler: zmq_timer_fn,
    arg: *mut c_void,
}

type CTimers = Timers<CTimer>;

/// Milliseconds on the monotonic clock since the first timer call.
fn now_ms() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    u64::try_from(EPOCH.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Runs `f` on the timers behind a `zmq_timers_new` pointer; EFAULT for NULL.
/// The borrow ends when `f` returns, so it never spans a C handler.
fn with_timers<T>(
    timers: *mut c_void,
    f: impl FnOnce(&mut CTimers) -> error::Result<T>,
) -> error::Result<T> {
    if timers.is_null() {
        return Err(Error::Fault);
    }
    // SAFETY: a non-NULL pointer from zmq_timers_new, by zmq_timers(3); the
    // timers are not thread-safe (as in libzmq), so this is the only borrow.
    f(unsafe { &mut *timers.cast::<CTimers>() })
}

fn int_result(r: error::Result<c_int>) -> c_int {
    r.unwrap_or_else(fail)
}

pub fn zmq_timers_new() -> *mut c_void {
    Box::into_raw(Box::new(CTimers::new())).cast()
}

pub fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    if timers_p.is_null() {
        return fail(Error::Fault);
    }
    // SAFETY: non-NULL, pointing at a pointer from zmq_timers_new or NULL,
    // by zmq_timers(3); nulled so it cannot be destroyed twice.
    unsafe {
        let t = *timers_p;
        if t.is_null() {
            return fail(Error::Fault);
        }
        drop(Box::from_raw(t.cast::<CTimers>()));
        *timers_p = std::ptr::null_mut();
    }
    0
}

pub fn zmq_timers_add(
    timers: *mut c_void,
    interval: usize,
    handler: Option<zmq_timer_fn>,
    arg: *mut c_void,
) -> c_int {
    int_result(with_timers(timers, |t| {
        let handler = handler.ok_or(Error::Fault)?;
        t.add(now_ms(), interval as u64, CTimer { handler, arg })
    }))
}

pub fn zmq_timers_cancel(timers: *mut c_void, timer_id: c_int) -> c_int {
    int_result(with_timers(timers, |t| t.cancel(timer_id).map(|()| 0)))
}

pub fn zmq_timers_set_interval(timers: *mut c_void, timer_id: c_int, interval: usize) -> c_int {
    int_result(with_timers(timers, |t| {
        t.set_interval(now_ms(), timer_id, interval as u64)
            .map(|()| 0)
    }))
}

pub fn zmq_timers_reset(timers: *mut c_void, timer_id: c_int) -> c_int {
    int_result(with_timers(timers, |t| {
        t.reset(now_ms(), timer_id).map(|()| 0)
    }))
}

pub fn zmq_timers_timeout(timers: *mut c_void) -> c_long {
    match with_timers(timers, |t| Ok(t.timeout(now_ms()))) {
        Ok(Some(ms)) => c_long::try_from(ms).unwrap_or(c_long::MAX),
        Ok(None) => -1,
        Err(e) => fail(e) as c_long,
    }
}

pub fn zmq_timers_execute(timers: *mut c_void) -> c_int {
    let round = match with_timers(timers, |t| Ok(t.round(now_ms()))) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    // One timer per borrow: a handler may cancel, reset or add timers.
    while let Ok(Some(due)) = with_timers(timers, |t| Ok(t.pop_due(round))) {
        // SAFETY: handler and arg were given together to zmq_timers_add.
        unsafe { (due.handler.handler)(due.id, due.handler.arg) };
    }
    0
}

pub fn zmq_stopwatch_start() -> *mut c_void {
    Box::into_raw(Box::new(Stopwatch::start())).cast()
}

/// Microseconds since start; 0 for NULL.
pub fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    if watch.is_null() {
        return 0;
    }
    // SAFETY: a live pointer from zmq_stopwatch_start, by zmq_stopwatch(3).
    unsafe { &*watch.cast::<Stopwatch>() }.elapsed_us() as c_ulong
}

/// Microseconds since start, and frees the stopwatch; 0 for NULL.
pub fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    if watch.is_null() {
        return 0;
    }
    // SAFETY: a live pointer from zmq_stopwatch_start, by zmq_stopwatch(3);
    // stop ends its life.
    let w = unsafe { Box::from_raw(watch.cast::<Stopwatch>()) };
    w.elapsed_us() as c_ulong
}

pub fn zmq_sleep(seconds: c_int) {
    if seconds > 0 {
        std::thread::sleep(std::time::Duration::from_secs(seconds as u64));
    }
}

pub fn zmq_threadstart(func: Option<zmq_thread_fn>, arg: *mut c_void) -> *mut c_void {
    let Some(func) = func else {
        return fail_null(Error::Inval);
    };
    // SAFETY: by zmq_threadstart(3), func(arg) is meant to run on a new thread.
    match unsafe { Thread::start(func, arg) } {
        Ok(t) => Box::into_raw(Box::new(t)).cast(),
        Err(e) => fail_null(e),
    }
}

pub fn zmq_threadclose(thread: *mut c_void) {
    if thread.is_null() {
        return;
    }
    // SAFETY: a pointer from zmq_threadstart, closed once, by zmq_threadclose(3).
    let t = unsafe { Box::from_raw(thread.cast::<Thread>()) };
    t.join();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n<T>() -> *mut T {
        std::ptr::null_mut()
    }

    #[test]
    fn null_arguments_do_not_crash() {
        zmq_version(n(), n(), n());
        assert_eq!(zmq_has(std::ptr::null()), 0);
        assert!(zmq_z85_encode(n(), [0u8; 4].as_ptr(), 4).is_null());
        assert_eq!(zmq_errno(), libc::EFAULT);
        assert!(zmq_z85_decode(std::ptr::null_mut(), c"HelloWorld".as_ptr()).is_null());
        assert_eq!(zmq_curve_keypair(n(), n()), -1);
        assert_eq!(zmq_curve_public(n(), std::ptr::null()), -1);
        zmq_atomic_counter_set(n(), 1);
        assert_eq!(zmq_atomic_counter_inc(n()), -1);
        assert_eq!(zmq_atomic_counter_value(n()), -1);
        zmq_atomic_counter_destroy(std::ptr::null_mut());
        assert_eq!(zmq_timers_destroy(std::ptr::null_mut()), -1);
        assert_eq!(zmq_errno(), libc::EFAULT);
        assert_eq!(zmq_timers_timeout(n()), -1);
        assert_eq!(zmq_timers_execute(n()), -1);
        assert_eq!(zmq_stopwatch_intermediate(n()), 0);
        assert_eq!(zmq_stopwatch_stop(n()), 0);
        assert!(zmq_threadstart(None, n()).is_null());
        zmq_threadclose(n());
    }

    #[test]
    fn strerror_texts() {
        // SAFETY: zmq_strerror returns NUL-terminated strings.
        let text = |e| {
            unsafe { CStr::from_ptr(zmq_strerror(e)) }
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(text(error::ETERM), "Context was terminated");
        assert_eq!(text(libc::EINVAL), "Invalid argument");
        assert_eq!(text(libc::EHOSTUNREACH), "Host unreachable");
    }
}
