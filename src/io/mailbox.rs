//! A command mailbox: many writers, one reader (libzmq's `mailbox_t`).
//!
//! Commands are rare (they travel only on sleep/wake transitions, attach,
//! termination), so a short mutex-protected queue is enough. What matters is
//! the wake-up: like libzmq, a writer wakes the reader only when the reader
//! has found the queue empty; a reader that is still draining commands costs
//! writers no syscall.
//!
//! # Waiting without an fd
//!
//! A reader blocked in [`Mailbox::recv`] sleeps on a futex word, not on an
//! fd, and a writer wakes it (one `futex` call) only when it really sleeps
//! there. The eventfd exists only once someone asked for [`Mailbox::fd`]
//! (ZMQ_FD, zmq_poll, an I/O thread's reactor): a socket that is only sent
//! to and received from costs no fd at all (libzmq: one eventfd each).
//!
//! # The fd (ZMQ_FD)
//!
//! `fd()` becomes readable when a command arrives while the reader sleeps,
//! and stays readable until the reader has taken every queued command. It is
//! *edge-like* as libzmq documents for ZMQ_FD: readable means "something
//! changed, process commands and ask again"; after the reader has drained the
//! queue the fd is not readable even if the owner still has work (e.g.
//! messages left in its pipes). The fd never stays readable with nothing to
//! process, so a level-triggered poller on it does not spin. Made while
//! commands are queued, it starts readable.

use std::collections::VecDeque;
use std::os::unix::io::RawFd;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::util::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use crate::util::sync::Mutex;

#[cfg(not(loom))]
use super::futex;
use super::signaler::Signaler;
use crate::error::{Error, Result};

struct State<T> {
    queue: VecDeque<T>,
    /// The reader found the queue empty and relies on a wake-up (the fd or
    /// the futex) to learn about the next command.
    asleep: bool,
    /// The eventfd is set, or a writer decided to set it and will write it
    /// just after releasing the lock (writing it under the lock made the
    /// woken reader spin on the lock on every wake-up). The reader clears
    /// the flag only when its read of the eventfd found the signal, so an
    /// in-flight signal is consumed by its next receive, never left behind.
    /// Never set while there is no eventfd.
    signalled: bool,
    /// The reader sleeps (or is about to) in `futex::wait` on `wake_word`.
    waiting: bool,
}

/// A multi-producer, single-consumer queue of commands; blocking receive
/// without an fd, and an fd to poll made on demand.
pub struct Mailbox<T> {
    state: Mutex<State<T>>,
    /// Made by the first `fd()`, under the state lock.
    signaler: OnceLock<Signaler>,
    /// Bumped (under the lock) by a writer that wakes a waiting reader.
    wake_word: AtomicU32,
    /// Under loom the futex is modelled by loom's `Notify`.
    #[cfg(loom)]
    wake_notify: loom::sync::Notify,
    /// Mirrors `!state.queue.is_empty()` so the reader can ask "anything
    /// queued?" on its hot path with one load instead of the lock. Written
    /// only under the lock; Release/Acquire so a reader that sees `true` and
    /// then takes the lock finds the command.
    pending: AtomicBool,
}

impl<T> Mailbox<T> {
    /// An empty mailbox whose reader counts as asleep, so the first command
    /// raises the signal. Makes no fd; kept fallible for callers that treat
    /// mailbox creation as a resource acquisition.
    pub fn new() -> Result<Mailbox<T>> {
        Ok(Mailbox {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                asleep: true,
                signalled: false,
                waiting: false,
            }),
            signaler: OnceLock::new(),
            wake_word: AtomicU32::new(0),
            #[cfg(loom)]
            wake_notify: loom::sync::Notify::new(),
            pending: AtomicBool::new(false),
        })
    }

    /// Queues `cmd` for the reader, waking it if it sleeps. Any thread.
    pub fn send(&self, cmd: T) {
        let mut st = self.state.lock();
        st.queue.push_back(cmd);
        self.pending.store(true, Ordering::Release);
        let mut signal = None;
        if st.asleep {
            st.asleep = false;
            if !st.signalled {
                if let Some(s) = self.signaler.get() {
                    st.signalled = true;
                    signal = Some(s);
                }
            }
        }
        let wake = st.waiting;
        if wake {
            st.waiting = false;
            self.wake_word.fetch_add(1, Ordering::Relaxed);
        }
        drop(st);
        if let Some(s) = signal {
            s.send();
        }
        if wake {
            self.wake_reader();
        }
    }

    #[cfg(not(loom))]
    fn wake_reader(&self) {
        futex::wake_one(&self.wake_word);
    }

    #[cfg(loom)]
    fn wake_reader(&self) {
        self.wake_notify.notify();
    }

    /// Sleeps until a writer bumps the wake word past `seen`, or `timeout`.
    #[cfg(not(loom))]
    fn sleep(&self, seen: u32, timeout: Option<Duration>) -> Result<()> {
        futex::wait(&self.wake_word, seen, timeout)
    }

    /// The loom model: no timeout, no signals; loom's `Notify` keeps a
    /// wake-up that comes before the wait, as the futex word does.
    #[cfg(loom)]
    fn sleep(&self, _seen: u32, _timeout: Option<Duration>) -> Result<()> {
        self.wake_notify.wait();
        Ok(())
    }

    /// Takes the next command without blocking; `Err(Again)` when there is
    /// none (the reader then counts as asleep). Reader only.
    ///
    /// The signal is consumed only once the queue is found empty, and outside
    /// the lock: by then the writer that raised it has almost always written
    /// the eventfd (so the read does not come back empty and cost a second
    /// wake-up), and writers never wait on the reader's syscall.
    pub fn try_recv(&self) -> Result<T> {
        let mut st = self.state.lock();
        if let Some(cmd) = st.queue.pop_front() {
            self.pending.store(!st.queue.is_empty(), Ordering::Release);
            return Ok(cmd);
        }
        self.pending.store(false, Ordering::Release);
        st.asleep = true;
        if !st.signalled {
            return Err(Error::Again);
        }
        drop(st);
        let Some(signaler) = self.signaler.get() else {
            return Err(Error::Again);
        };
        if !signaler.recv() {
            // The writer that raised the signal has yet to write the eventfd;
            // that write wakes the reader again.
            return Err(Error::Again);
        }
        let mut st = self.state.lock();
        st.signalled = false;
        // A writer that came while the signal was being consumed saw it still
        // raised and sent no new one: hand its command over now.
        let next = st.queue.pop_front();
        self.pending.store(!st.queue.is_empty(), Ordering::Release);
        next.ok_or(Error::Again)
    }

    /// Takes the next command, waiting up to `timeout` (`None`: forever).
    /// `Err(Again)` on timeout, `Err(Intr)` when a signal handler interrupted
    /// the wait. Reader only. Waits on the futex word, never on the fd.
    pub fn recv(&self, timeout: Option<Duration>) -> Result<T> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            match self.try_recv() {
                Err(Error::Again) => {}
                other => return other,
            }
            let remaining = match deadline {
                None => None,
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        self.state.lock().waiting = false;
                        return Err(Error::Again);
                    }
                    Some(d - now)
                }
            };
            let seen = {
                let mut st = self.state.lock();
                if !st.queue.is_empty() {
                    continue;
                }
                // Any send from here on sees `waiting` and bumps the word,
                // so the wait below cannot miss it.
                st.waiting = true;
                self.wake_word.load(Ordering::Relaxed)
            };
            match self.sleep(seen, remaining) {
                Ok(()) | Err(Error::Again) => {}
                Err(e) => {
                    self.state.lock().waiting = false;
                    return Err(e);
                }
            }
        }
    }

    /// Whether a command is queued, without taking the lock or touching the
    /// fd: lets the reader's hot path notice commands at once (libzmq polls
    /// its mailbox at least every millisecond for the same reason). Reader
    /// only; a `false` may be stale by a command that is being sent now.
    pub fn has_pending(&self) -> bool {
        self.pending.load(Ordering::Acquire)
    }

    /// The fd to poll for readability, made at the first call (EMFILE and
    /// the like when none can be had); see the module docs for its
    /// semantics.
    pub fn fd(&self) -> Result<RawFd> {
        if let Some(s) = self.signaler.get() {
            return Ok(s.fd());
        }
        let mut st = self.state.lock();
        if let Some(s) = self.signaler.get() {
            return Ok(s.fd());
        }
        let s = Signaler::new()?;
        if !st.queue.is_empty() {
            // Commands wait: the fd must say so, as if they had arrived
            // while the reader slept with the fd in place.
            st.signalled = true;
            s.send();
        }
        let fd = s.fd();
        // Cannot be set already: every setter holds the lock.
        let _ = self.signaler.set(s);
        Ok(fd)
    }

    /// Whether the fd has been made (tests, fd accounting).
    pub fn has_fd(&self) -> bool {
        self.signaler.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn readable(fd: RawFd) -> bool {
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: polls one pollfd on the stack with a zero timeout.
        let rc = unsafe { libc::poll(&mut pfd, 1, 0) };
        rc == 1
    }

    #[test]
    fn fifo_order() {
        let m = Mailbox::new().unwrap();
        for i in 0..5 {
            m.send(i);
        }
        for i in 0..5 {
            assert_eq!(m.try_recv(), Ok(i));
        }
        assert_eq!(m.try_recv(), Err(Error::Again));
    }

    #[test]
    fn recv_times_out() {
        let m: Mailbox<u32> = Mailbox::new().unwrap();
        assert_eq!(m.recv(Some(Duration::ZERO)), Err(Error::Again));
        let t = Instant::now();
        assert_eq!(m.recv(Some(Duration::from_millis(20))), Err(Error::Again));
        assert!(t.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn fd_edge_semantics() {
        let m = Mailbox::new().unwrap();
        assert!(!readable(m.fd().unwrap()));
        // Reader asleep from the start: the first command raises the fd.
        m.send(1);
        assert!(readable(m.fd().unwrap()));
        // More commands while signalled change nothing.
        m.send(2);
        assert!(readable(m.fd().unwrap()));
        // The fd stays raised while commands remain.
        assert_eq!(m.try_recv(), Ok(1));
        assert!(readable(m.fd().unwrap()));
        // The reader has not slept yet: no new signal for this one.
        m.send(3);
        assert_eq!(m.try_recv(), Ok(2));
        assert_eq!(m.try_recv(), Ok(3));
        assert!(readable(m.fd().unwrap()));
        // Draining the queue clears the fd.
        assert_eq!(m.try_recv(), Err(Error::Again));
        assert!(!readable(m.fd().unwrap()));
        // Asleep with the signal consumed: the next command raises it.
        m.send(5);
        assert!(readable(m.fd().unwrap()));
        assert_eq!(m.try_recv(), Ok(5));
        assert_eq!(m.try_recv(), Err(Error::Again));
        assert!(!readable(m.fd().unwrap()));
        // Asleep again: the next command raises the fd.
        m.send(4);
        assert!(readable(m.fd().unwrap()));
        assert_eq!(m.recv(None), Ok(4));
        // Raised until the reader finds the queue empty.
        assert!(readable(m.fd().unwrap()));
        assert_eq!(m.try_recv(), Err(Error::Again));
        assert!(!readable(m.fd().unwrap()));
    }

    #[test]
    fn no_fd_until_asked() {
        let m = Arc::new(Mailbox::new().unwrap());
        let m2 = Arc::clone(&m);
        let h = std::thread::spawn(move || m2.recv(Some(Duration::from_secs(10))));
        m.send(1u8);
        assert_eq!(h.join().unwrap(), Ok(1));
        assert_eq!(m.recv(Some(Duration::from_millis(1))), Err(Error::Again));
        assert!(!m.has_fd());
    }

    #[test]
    fn fd_made_late_reports_queued_commands() {
        let m = Mailbox::new().unwrap();
        m.send(1);
        m.send(2);
        let fd = m.fd().unwrap();
        assert!(readable(fd));
        assert_eq!(m.try_recv(), Ok(1));
        assert!(readable(fd));
        assert_eq!(m.try_recv(), Ok(2));
        assert_eq!(m.try_recv(), Err(Error::Again));
        assert!(!readable(fd));
        m.send(3);
        assert!(readable(fd));
        // A blocking receive (futex) keeps the fd's bookkeeping right.
        assert_eq!(m.recv(None), Ok(3));
        assert_eq!(m.recv(Some(Duration::ZERO)), Err(Error::Again));
        assert!(!readable(fd));
    }

    #[test]
    fn cross_thread_many_writers() {
        const WRITERS: u64 = 4;
        const PER: u64 = 2000;
        let m = Arc::new(Mailbox::new().unwrap());
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let m = Arc::clone(&m);
                std::thread::spawn(move || {
                    for i in 0..PER {
                        m.send((w, i));
                    }
                })
            })
            .collect();
        let mut next = [0u64; WRITERS as usize];
        for _ in 0..WRITERS * PER {
            let (w, i) = m.recv(Some(Duration::from_secs(10))).unwrap();
            // Each writer's commands arrive in its own order.
            assert_eq!(next[w as usize], i);
            next[w as usize] += 1;
        }
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(m.try_recv(), Err(Error::Again));
        assert!(!readable(m.fd().unwrap()));
    }

    #[test]
    fn blocking_recv_wakes_on_send() {
        let m = Arc::new(Mailbox::new().unwrap());
        let m2 = Arc::clone(&m);
        let h = std::thread::spawn(move || m2.recv(None));
        m.send(7u8);
        assert_eq!(h.join().unwrap(), Ok(7));
    }

    #[test]
    fn ping_pong() {
        let a = Arc::new(Mailbox::new().unwrap());
        let b = Arc::new(Mailbox::new().unwrap());
        let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
        let h = std::thread::spawn(move || {
            for _ in 0..1000 {
                let v: u32 = a2.recv(None).unwrap();
                b2.send(v + 1);
            }
        });
        for i in 0..1000u32 {
            a.send(i);
            assert_eq!(b.recv(Some(Duration::from_secs(10))), Ok(i + 1));
        }
        h.join().unwrap();
    }

    extern "C" fn noop_handler(_: libc::c_int) {}

    #[test]
    fn recv_reports_intr() {
        use std::os::unix::thread::JoinHandleExt;
        // SAFETY: installs a handler that does nothing, without SA_RESTART,
        // for a signal no other test uses.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = noop_handler as extern "C" fn(libc::c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut sa.sa_mask);
            sa.sa_flags = 0;
            assert_eq!(libc::sigaction(libc::SIGUSR2, &sa, std::ptr::null_mut()), 0);
        }
        let m: Arc<Mailbox<u8>> = Arc::new(Mailbox::new().unwrap());
        let m2 = Arc::clone(&m);
        let (tx, rx) = std::sync::mpsc::channel();
        let h = std::thread::spawn(move || {
            tx.send(m2.recv(Some(Duration::from_secs(30)))).unwrap();
        });
        let tid = h.as_pthread_t();
        // The signal may land before the thread blocks; repeat until the
        // receive returns.
        let result = loop {
            // SAFETY: the thread is joined only after this loop.
            unsafe {
                libc::pthread_kill(tid, libc::SIGUSR2);
            }
            if let Ok(r) = rx.recv_timeout(Duration::from_millis(10)) {
                break r;
            }
        };
        h.join().unwrap();
        assert_eq!(result, Err(Error::Intr));
    }
}
