//! Blocking on a 32-bit word (Linux futex), so a thread can sleep until
//! another wakes it without owning a file descriptor.
//!
//! A socket's blocking send/recv waits here instead of on an eventfd: a
//! process with 10 000 client sockets then needs no fd per socket beyond
//! its connection (the eventfd is made only when ZMQ_FD or zmq_poll asks).

use std::time::Duration;

use std::sync::atomic::AtomicU32;

use crate::error::{Error, Result};

/// How long one futex wait lasts when the caller gave no timeout. A wait
/// with a timeout is what makes the kernel return EINTR after a signal
/// handler even with SA_RESTART (as poll(2) does, which libzmq's blocking
/// calls use); the caller loops past it.
const FOREVER_SLICE: Duration = Duration::from_secs(3600);

/// Sleeps while `word` holds `expected`, up to `timeout` (`None`: until
/// woken). `Ok` when woken or when `word` no longer held `expected`
/// (possibly spuriously: the caller rechecks its condition), `Err(Again)`
/// on timeout (only with `Some` timeout), `Err(Intr)` when a signal
/// handler ran.
pub fn wait(word: &AtomicU32, expected: u32, timeout: Option<Duration>) -> Result<()> {
    let slice = timeout.unwrap_or(FOREVER_SLICE);
    let ts = libc::timespec {
        tv_sec: libc::time_t::try_from(slice.as_secs()).unwrap_or(libc::time_t::MAX),
        tv_nsec: libc::c_long::from(slice.subsec_nanos()),
    };
    // SAFETY: `word` is a live AtomicU32 (same layout as u32) for the whole
    // call; the timespec lives on our stack; the other arguments are unused
    // by FUTEX_WAIT.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
            expected,
            &ts as *const libc::timespec,
            std::ptr::null::<u32>(),
            0u32,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    match Error::last_os_error() {
        Error::Intr => Err(Error::Intr),
        // ETIMEDOUT: with no caller timeout, a slice ended; report a wake-up
        // and let the caller look again.
        Error::TimedOut if timeout.is_none() => Ok(()),
        Error::TimedOut => Err(Error::Again),
        // EAGAIN: the word changed before we slept.
        _ => Ok(()),
    }
}

/// Wakes one thread sleeping in [`wait`] on `word`.
pub fn wake_one(word: &AtomicU32) {
    // SAFETY: `word` is a live AtomicU32; FUTEX_WAKE reads no other pointer.
    unsafe {
        libc::syscall(
            libc::SYS_futex,
            word.as_ptr(),
            libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
            1i32,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;
    use std::sync::Arc;
    use std::time::Instant;

    #[test]
    fn times_out() {
        let w = AtomicU32::new(0);
        let t = Instant::now();
        assert_eq!(
            wait(&w, 0, Some(Duration::from_millis(20))),
            Err(Error::Again)
        );
        assert!(t.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn changed_word_returns_at_once() {
        let w = AtomicU32::new(1);
        assert_eq!(wait(&w, 0, None), Ok(()));
    }

    #[test]
    fn wakes_another_thread() {
        let w = Arc::new(AtomicU32::new(0));
        let w2 = Arc::clone(&w);
        let h = std::thread::spawn(move || {
            while w2.load(Ordering::Acquire) == 0 {
                wait(&w2, 0, None).unwrap();
            }
        });
        w.store(1, Ordering::Release);
        wake_one(&w);
        h.join().unwrap();
    }
}
