//! A wake-up signal over a Linux eventfd (libzmq's `signaler_t`).
//!
//! One side calls `send` to make the fd readable; the other waits on it with
//! `wait`, or hands `fd()` to a poller, and clears it with `recv`. The eventfd
//! is nonblocking and close-on-exec, so a forked child that execs does not
//! keep it and a stray read never blocks.

use std::os::unix::io::{AsRawFd, RawFd};
use std::time::Duration;

use crate::error::{Error, Result};

/// An eventfd used as a level-triggered "something happened" flag.
#[derive(Debug)]
pub struct Signaler {
    fd: RawFd,
}

impl Signaler {
    /// Creates a cleared signaler.
    pub fn new() -> Result<Signaler> {
        // SAFETY: eventfd takes no pointers; the result is checked below.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(Error::last_os_error());
        }
        Ok(Signaler { fd })
    }

    /// The fd that is readable while the signal is set.
    pub fn fd(&self) -> RawFd {
        self.fd
    }

    /// Sets the signal. Setting it again before `recv` is harmless: the
    /// eventfd counter only saturates after 2^64-2 increments.
    pub fn send(&self) {
        let one: u64 = 1;
        loop {
            // SAFETY: writes 8 bytes from a live local u64 to our own fd.
            let n = unsafe {
                libc::write(
                    self.fd,
                    (&one as *const u64).cast::<libc::c_void>(),
                    std::mem::size_of::<u64>(),
                )
            };
            if n >= 0 {
                return;
            }
            match Error::last_os_error() {
                Error::Intr => continue,
                // EAGAIN means the counter is saturated: the signal is set,
                // which is all a send promises.
                _ => return,
            }
        }
    }

    /// Waits until the signal is set or `timeout` passes (`None` waits
    /// forever, zero only checks). Does not clear the signal.
    /// `Err(Again)` on timeout, `Err(Intr)` when a signal handler ran.
    pub fn wait(&self, timeout: Option<Duration>) -> Result<()> {
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout_ms(timeout);
        // SAFETY: polls exactly one pollfd that lives on our stack.
        let rc = unsafe { libc::poll(&mut pfd, 1, ms) };
        if rc < 0 {
            return Err(Error::last_os_error());
        }
        if rc == 0 {
            return Err(Error::Again);
        }
        Ok(())
    }

    /// Clears the signal. Returns whether it was set.
    pub fn recv(&self) -> bool {
        let mut value: u64 = 0;
        loop {
            // SAFETY: reads 8 bytes into a live local u64 from our own fd.
            let n = unsafe {
                libc::read(
                    self.fd,
                    (&mut value as *mut u64).cast::<libc::c_void>(),
                    std::mem::size_of::<u64>(),
                )
            };
            if n == std::mem::size_of::<u64>() as isize {
                return true;
            }
            if n < 0 && Error::last_os_error() == Error::Intr {
                continue;
            }
            return false;
        }
    }
}

impl AsRawFd for Signaler {
    fn as_raw_fd(&self) -> RawFd {
        self.fd
    }
}

impl Drop for Signaler {
    fn drop(&mut self) {
        // SAFETY: we own fd and nothing uses it after drop.
        unsafe {
            libc::close(self.fd);
        }
    }
}

/// A poll(2) timeout in milliseconds: -1 for none, rounded up so a short
/// positive timeout never turns into a busy zero-timeout poll.
pub(crate) fn timeout_ms(timeout: Option<Duration>) -> i32 {
    match timeout {
        None => -1,
        Some(d) => {
            let ms = d.as_millis() + u128::from(d.subsec_nanos() % 1_000_000 != 0);
            i32::try_from(ms).unwrap_or(i32::MAX)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Instant;

    #[test]
    fn starts_cleared() {
        let s = Signaler::new().unwrap();
        assert_eq!(s.wait(Some(Duration::ZERO)), Err(Error::Again));
        assert!(!s.recv());
    }

    #[test]
    fn send_then_recv_clears() {
        let s = Signaler::new().unwrap();
        s.send();
        s.send();
        assert_eq!(s.wait(Some(Duration::ZERO)), Ok(()));
        // Waiting does not consume the signal.
        assert_eq!(s.wait(None), Ok(()));
        assert!(s.recv());
        assert_eq!(s.wait(Some(Duration::ZERO)), Err(Error::Again));
    }

    #[test]
    fn wait_times_out() {
        let s = Signaler::new().unwrap();
        let t = Instant::now();
        assert_eq!(s.wait(Some(Duration::from_millis(20))), Err(Error::Again));
        assert!(t.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn wakes_another_thread() {
        let s = Arc::new(Signaler::new().unwrap());
        let s2 = Arc::clone(&s);
        let h = std::thread::spawn(move || s2.wait(None));
        s.send();
        assert_eq!(h.join().unwrap(), Ok(()));
    }

    #[test]
    fn fd_is_cloexec_and_nonblocking() {
        let s = Signaler::new().unwrap();
        // SAFETY: fcntl queries on our own live fd.
        let (fd_flags, fl_flags) = unsafe {
            (
                libc::fcntl(s.fd(), libc::F_GETFD),
                libc::fcntl(s.fd(), libc::F_GETFL),
            )
        };
        assert!(fd_flags & libc::FD_CLOEXEC != 0);
        assert!(fl_flags & libc::O_NONBLOCK != 0);
    }

    #[test]
    fn timeout_rounds_up() {
        assert_eq!(timeout_ms(None), -1);
        assert_eq!(timeout_ms(Some(Duration::ZERO)), 0);
        assert_eq!(timeout_ms(Some(Duration::from_micros(1))), 1);
        assert_eq!(timeout_ms(Some(Duration::from_millis(5))), 5);
        assert_eq!(timeout_ms(Some(Duration::from_secs(u64::MAX))), i32::MAX);
    }
}
