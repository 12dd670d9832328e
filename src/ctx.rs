//! The context: context options, the registry of live sockets, the inproc
//! endpoint registry, and termination.
//!
//! # Termination (zmq_ctx_shutdown / zmq_ctx_term)
//! `shutdown` marks the context terminating and sends `stop` to every
//! registered socket; a socket that processes it fails every later call
//! except close with ETERM, which also wakes calls blocked in other threads.
//! `term` does the same, then waits until (1) every socket is closed, and
//! (2) every [`LingerGuard`] is dropped, then runs the termination hooks.
//!
//! # Hooks for the I/O engine
//! - [`Context::options`] gives the context options the I/O threads need
//!   (`io_threads`, scheduling, affinity, name prefix).
//! - [`Context::linger_guard`]: a session that still delivers after its socket
//!   closed (ZMQ_LINGER) holds a guard; `term` waits for it.
//! - [`Context::add_term_hook`]: called once by `term` after every socket and
//!   guard is gone, e.g. to stop and join the I/O threads.
//! - [`Context::extension`] is a slot for one engine-owned object (the I/O
//!   thread pool), created lazily at the first tcp/ipc bind/connect.

use crate::error::{Error, Result};
use crate::io::signaler::Signaler;
use crate::transport::inproc;
use parking_lot::{Condvar, Mutex};
use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

pub const ZMQ_IO_THREADS: i32 = 1;
pub const ZMQ_MAX_SOCKETS: i32 = 2;
pub const ZMQ_SOCKET_LIMIT: i32 = 3;
pub const ZMQ_THREAD_PRIORITY: i32 = 3;
pub const ZMQ_THREAD_SCHED_POLICY: i32 = 4;
pub const ZMQ_MAX_MSGSZ: i32 = 5;
pub const ZMQ_MSG_T_SIZE: i32 = 6;
pub const ZMQ_THREAD_AFFINITY_CPU_ADD: i32 = 7;
pub const ZMQ_THREAD_AFFINITY_CPU_REMOVE: i32 = 8;
pub const ZMQ_THREAD_NAME_PREFIX: i32 = 9;
pub const ZMQ_IPV6: i32 = 42;
pub const ZMQ_BLOCKY: i32 = 70;

/// The largest number of sockets libzmq can ever have (ZMQ_SOCKET_LIMIT).
pub const SOCKET_LIMIT: i32 = 65535;

/// The options of zmq_ctx_set(3), with libzmq's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtxOptions {
    pub io_threads: i32,
    pub max_sockets: i32,
    pub max_msgsz: i32,
    pub blocky: bool,
    pub ipv6: bool,
    /// -1: leave the OS default.
    pub thread_priority: i32,
    /// -1: leave the OS default.
    pub thread_sched_policy: i32,
    pub thread_affinity: BTreeSet<i32>,
    /// Text, as libzmq keeps it: zmq_ctx_set stores the decimal text of the
    /// integer given, zmq_ctx_set_ext the string itself.
    pub thread_name_prefix: String,
}

impl Default for CtxOptions {
    fn default() -> CtxOptions {
        CtxOptions {
            io_threads: 1,
            max_sockets: 1023,
            max_msgsz: i32::MAX,
            blocky: true,
            ipv6: false,
            thread_priority: -1,
            thread_sched_policy: -1,
            thread_affinity: BTreeSet::new(),
            thread_name_prefix: String::new(),
        }
    }
}

impl CtxOptions {
    /// zmq_ctx_set's rules, as libzmq 4.3 applies them.
    pub fn set(&mut self, option: i32, value: i32) -> Result<()> {
        match option {
            ZMQ_IO_THREADS if value >= 0 => self.io_threads = value,
            ZMQ_MAX_SOCKETS if value >= 1 => self.max_sockets = value,
            // ZMQ_SOCKET_LIMIT shares its number with ZMQ_THREAD_PRIORITY;
            // for set, libzmq treats it as the priority.
            ZMQ_THREAD_PRIORITY if value >= 0 => self.thread_priority = value,
            ZMQ_THREAD_SCHED_POLICY if value >= 0 => self.thread_sched_policy = value,
            ZMQ_MAX_MSGSZ if value >= 0 => self.max_msgsz = value,
            ZMQ_THREAD_AFFINITY_CPU_ADD if value >= 0 => {
                self.thread_affinity.insert(value);
            }
            ZMQ_THREAD_AFFINITY_CPU_REMOVE if value >= 0 => {
                if !self.thread_affinity.remove(&value) {
                    return Err(Error::Inval);
                }
            }
            ZMQ_THREAD_NAME_PREFIX => self.thread_name_prefix = value.to_string(),
            ZMQ_BLOCKY if value >= 0 => self.blocky = value != 0,
            ZMQ_IPV6 if value >= 0 => self.ipv6 = value != 0,
            _ => return Err(Error::Inval),
        }
        Ok(())
    }

    /// zmq_ctx_get's rules, as libzmq 4.3 applies them.
    pub fn get(&self, option: i32) -> Result<i32> {
        Ok(match option {
            ZMQ_IO_THREADS => self.io_threads,
            ZMQ_MAX_SOCKETS => self.max_sockets,
            // Shared number with ZMQ_THREAD_PRIORITY; get answers the limit.
            ZMQ_SOCKET_LIMIT => SOCKET_LIMIT,
            ZMQ_THREAD_SCHED_POLICY => self.thread_sched_policy,
            ZMQ_MAX_MSGSZ => self.max_msgsz,
            ZMQ_MSG_T_SIZE => 64,
            ZMQ_THREAD_NAME_PREFIX => leading_int(&self.thread_name_prefix),
            ZMQ_BLOCKY => self.blocky as i32,
            ZMQ_IPV6 => self.ipv6 as i32,
            _ => return Err(Error::Inval),
        })
    }
}

/// C's atoi: the optional sign and digits at the start of `text`, 0 when
/// there are none; saturates where atoi would overflow.
fn leading_int(text: &str) -> i32 {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        rest => (false, rest),
    };
    let mut value: i64 = 0;
    for d in digits.iter().take_while(|c| c.is_ascii_digit()) {
        value = value.saturating_mul(10).saturating_add(i64::from(d - b'0'));
    }
    let value = if negative { -value } else { value };
    value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

impl CtxOptions {
    /// zmq_ctx_set_ext with a value that is not an int: only
    /// ZMQ_THREAD_NAME_PREFIX takes one, 1 to 16 bytes as in libzmq (a thread
    /// name holds at most 16).
    pub fn set_text(&mut self, option: i32, value: &[u8]) -> Result<()> {
        match option {
            ZMQ_THREAD_NAME_PREFIX if (1..=16).contains(&value.len()) => {
                let text = std::str::from_utf8(value).map_err(|_| Error::Inval)?;
                self.thread_name_prefix = text.to_owned();
                Ok(())
            }
            _ => Err(Error::Inval),
        }
    }

    /// zmq_ctx_get_ext with a buffer that is not an int.
    pub fn get_text(&self, option: i32) -> Result<&str> {
        match option {
            ZMQ_THREAD_NAME_PREFIX => Ok(&self.thread_name_prefix),
            _ => Err(Error::Inval),
        }
    }
}

/// What the context needs from a socket: a way to make it notice
/// termination (implemented by the socket's mailbox).
pub trait StopSocket: Send + Sync {
    fn stop(&self);
}

struct State {
    terminating: bool,
    sockets: HashMap<u64, Arc<dyn StopSocket>>,
    next_socket_id: u64,
    /// Fixed when the first socket is created, as libzmq sizes its slots then.
    max_sockets: Option<i32>,
    lingerers: usize,
    term_hooks: Vec<Box<dyn FnOnce() + Send>>,
    options: CtxOptions,
    /// Raised whenever a socket closes or a lingerer finishes once `term`
    /// waits on it: unlike the condvar, a poll on it returns EINTR when a
    /// signal arrives, which zmq_ctx_term must report as libzmq does.
    term_waiter: Option<Arc<Signaler>>,
}

struct Inner {
    /// The process that made the context: a forked child must not touch
    /// the parent's threads, fds or locks through it (libzmq's `_pid`).
    pid: u32,
    state: Mutex<State>,
    changed: Condvar,
    inproc: Mutex<inproc::Registry>,
    extension: Mutex<Option<Arc<dyn Any + Send + Sync>>>,
}

/// A handle to one context; clones share it.
#[derive(Clone)]
pub struct Context {
    inner: Arc<Inner>,
}

impl Default for Context {
    fn default() -> Context {
        Context::new()
    }
}

impl Context {
    pub fn new() -> Context {
        Context {
            inner: Arc::new(Inner {
                pid: std::process::id(),
                state: Mutex::new(State {
                    terminating: false,
                    sockets: HashMap::new(),
                    next_socket_id: 1,
                    max_sockets: None,
                    lingerers: 0,
                    term_hooks: Vec::new(),
                    options: CtxOptions::default(),
                    term_waiter: None,
                }),
                changed: Condvar::new(),
                inproc: Mutex::new(inproc::Registry::default()),
                extension: Mutex::new(None),
            }),
        }
    }

    /// Whether this process is a child forked from the one that made the
    /// context. The child inherited the memory but not the threads; its
    /// copies of the eventfds are shared with the parent, so it must neither
    /// read nor write them, nor take locks a parent thread may have held.
    pub fn forked(&self) -> bool {
        self.inner.pid != std::process::id()
    }

    /// Whether two handles name the same context.
    pub fn same(&self, other: &Context) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    pub fn set(&self, option: i32, value: i32) -> Result<()> {
        self.inner.state.lock().options.set(option, value)
    }

    pub fn get(&self, option: i32) -> Result<i32> {
        self.inner.state.lock().options.get(option)
    }

    pub fn set_text(&self, option: i32, value: &[u8]) -> Result<()> {
        self.inner.state.lock().options.set_text(option, value)
    }

    /// The text of a string option.
    pub fn get_text(&self, option: i32) -> Result<String> {
        self.inner
            .state
            .lock()
            .options
            .get_text(option)
            .map(str::to_owned)
    }

    /// A copy of the current options.
    pub fn options(&self) -> CtxOptions {
        self.inner.state.lock().options.clone()
    }

    pub fn is_terminating(&self) -> bool {
        self.inner.state.lock().terminating
    }

    /// Registers a new socket; fails with ETERM once terminating and with
    /// EMFILE at ZMQ_MAX_SOCKETS. Returns the socket's registry id.
    pub fn register_socket(&self, stop: Arc<dyn StopSocket>) -> Result<u64> {
        let mut st = self.inner.state.lock();
        if st.terminating {
            return Err(Error::Term);
        }
        let dflt = st.options.max_sockets;
        let max = *st.max_sockets.get_or_insert(dflt);
        if st.sockets.len() >= max as usize {
            return Err(Error::MFile);
        }
        let id = st.next_socket_id;
        st.next_socket_id += 1;
        st.sockets.insert(id, stop);
        Ok(id)
    }

    /// A socket was closed.
    pub fn unregister_socket(&self, id: u64) {
        let mut st = self.inner.state.lock();
        st.sockets.remove(&id);
        self.notify_closed(st);
    }

    /// Wakes a `term` waiting for sockets and lingerers.
    fn notify_closed(&self, st: parking_lot::MutexGuard<'_, State>) {
        self.inner.changed.notify_all();
        let waiter = st.term_waiter.clone();
        drop(st);
        if let Some(w) = waiter {
            w.send();
        }
    }

    /// zmq_ctx_shutdown: every socket's blocking and later calls fail with ETERM.
    pub fn shutdown(&self) {
        if self.forked() {
            return;
        }
        let stops: Vec<Arc<dyn StopSocket>> = {
            let mut st = self.inner.state.lock();
            if st.terminating {
                return;
            }
            st.terminating = true;
            st.sockets.values().cloned().collect()
        };
        // Outside the lock: a stop may wake a thread that then closes its socket.
        for s in stops {
            s.stop();
        }
        self.inner.inproc.lock().clear();
    }

    /// zmq_ctx_term: shutdown, then wait for every socket to be closed and
    /// every lingering session to finish.
    pub fn term(&self) {
        self.shutdown();
        // Without a signal-aware waiter the wait cannot be interrupted.
        let _ = self.wait_closed(None);
        self.finish_term();
    }

    /// As [`term`](Self::term), but a signal caught while waiting ends the
    /// wait with `Err(Intr)` and leaves the context terminating; calling
    /// again resumes the wait (libzmq's zmq_ctx_term and EINTR).
    pub fn term_interruptible(&self) -> Result<()> {
        if self.forked() {
            // As libzmq in a forked child: nothing is waited for or freed
            // (the parent's threads are not here), and the call reports an
            // interrupted wait, EINTR.
            return Err(Error::Intr);
        }
        self.shutdown();
        let waiter = {
            let mut st = self.inner.state.lock();
            if st.term_waiter.is_none() {
                // Without an eventfd (fd limit) the wait is uninterruptible.
                st.term_waiter = Signaler::new().ok().map(Arc::new);
            }
            st.term_waiter.clone()
        };
        self.wait_closed(waiter)?;
        self.finish_term();
        Ok(())
    }

    fn wait_closed(&self, waiter: Option<Arc<Signaler>>) -> Result<()> {
        let mut st = self.inner.state.lock();
        while !st.sockets.is_empty() || st.lingerers > 0 {
            match &waiter {
                Some(w) => {
                    drop(st);
                    // The check above and this wait are not atomic, but a
                    // close in between leaves the eventfd raised.
                    match w.wait(None) {
                        Ok(()) => {
                            w.recv();
                        }
                        Err(Error::Intr) => return Err(Error::Intr),
                        Err(_) => return self.wait_closed(None),
                    }
                    st = self.inner.state.lock();
                }
                None => self.inner.changed.wait(&mut st),
            }
        }
        Ok(())
    }

    fn finish_term(&self) {
        let hooks = std::mem::take(&mut self.inner.state.lock().term_hooks);
        for h in hooks {
            h();
        }
        *self.inner.extension.lock() = None;
        self.inner.inproc.lock().clear();
    }

    /// Keeps `term` waiting until the guard is dropped.
    pub fn linger_guard(&self) -> LingerGuard {
        self.inner.state.lock().lingerers += 1;
        LingerGuard { ctx: self.clone() }
    }

    /// Runs `hook` once, at the end of `term`.
    pub fn add_term_hook(&self, hook: Box<dyn FnOnce() + Send>) {
        self.inner.state.lock().term_hooks.push(hook);
    }

    /// The engine's slot: returns the object stored there, creating it with
    /// `make` the first time.
    pub fn extension<T: Any + Send + Sync>(
        &self,
        make: impl FnOnce() -> Result<Arc<T>>,
    ) -> Result<Arc<T>> {
        let mut slot = self.inner.extension.lock();
        if let Some(e) = slot.as_ref() {
            return e.clone().downcast::<T>().map_err(|_| Error::Inval);
        }
        let made = make()?;
        *slot = Some(made.clone());
        Ok(made)
    }

    /// The inproc endpoint registry.
    pub(crate) fn inproc(&self) -> parking_lot::MutexGuard<'_, inproc::Registry> {
        self.inner.inproc.lock()
    }
}

/// See [`Context::linger_guard`].
pub struct LingerGuard {
    ctx: Context,
}

impl Drop for LingerGuard {
    fn drop(&mut self) {
        let mut st = self.ctx.inner.state.lock();
        st.lingerers -= 1;
        self.ctx.notify_closed(st);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn defaults_and_rules() {
        let c = Context::new();
        assert_eq!(c.get(ZMQ_IO_THREADS), Ok(1));
        assert_eq!(c.get(ZMQ_MAX_SOCKETS), Ok(1023));
        assert_eq!(c.get(ZMQ_SOCKET_LIMIT), Ok(65535));
        assert_eq!(c.get(ZMQ_MAX_MSGSZ), Ok(i32::MAX));
        assert_eq!(c.get(ZMQ_MSG_T_SIZE), Ok(64));
        assert_eq!(c.get(ZMQ_BLOCKY), Ok(1));
        assert_eq!(c.get(ZMQ_IPV6), Ok(0));
        assert_eq!(c.get(ZMQ_THREAD_SCHED_POLICY), Ok(-1));
        assert_eq!(c.get(ZMQ_THREAD_AFFINITY_CPU_ADD), Err(Error::Inval));
        assert_eq!(c.set(ZMQ_IO_THREADS, -1), Err(Error::Inval));
        assert_eq!(c.set(ZMQ_MAX_SOCKETS, 0), Err(Error::Inval));
        assert_eq!(c.set(ZMQ_MSG_T_SIZE, 5), Err(Error::Inval));
        assert_eq!(c.set(ZMQ_BLOCKY, 5), Ok(()));
        assert_eq!(c.get(ZMQ_BLOCKY), Ok(1));
        assert_eq!(c.set(ZMQ_THREAD_AFFINITY_CPU_REMOVE, 7), Err(Error::Inval));
        assert_eq!(c.set(ZMQ_THREAD_AFFINITY_CPU_ADD, 7), Ok(()));
        assert_eq!(c.set(ZMQ_THREAD_AFFINITY_CPU_REMOVE, 7), Ok(()));
        assert_eq!(c.set(ZMQ_THREAD_NAME_PREFIX, -1), Ok(()));
        assert_eq!(c.get(ZMQ_THREAD_NAME_PREFIX), Ok(-1));
        assert_eq!(c.set_text(ZMQ_THREAD_NAME_PREFIX, b"42abc"), Ok(()));
        assert_eq!(c.get(ZMQ_THREAD_NAME_PREFIX), Ok(42));
        assert_eq!(c.get_text(ZMQ_THREAD_NAME_PREFIX), Ok("42abc".to_owned()));
        assert_eq!(c.set_text(ZMQ_THREAD_NAME_PREFIX, b""), Err(Error::Inval));
        assert_eq!(
            c.set_text(ZMQ_THREAD_NAME_PREFIX, &[b'x'; 17]),
            Err(Error::Inval)
        );
        assert_eq!(c.set_text(ZMQ_IO_THREADS, b"ab"), Err(Error::Inval));
    }

    struct Counter(AtomicUsize);
    impl StopSocket for Counter {
        fn stop(&self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn max_sockets_and_termination() {
        let c = Context::new();
        c.set(ZMQ_MAX_SOCKETS, 2).unwrap();
        let k = Arc::new(Counter(AtomicUsize::new(0)));
        let a = c.register_socket(k.clone()).unwrap();
        let b = c.register_socket(k.clone()).unwrap();
        assert_eq!(c.register_socket(k.clone()), Err(Error::MFile));
        let guard = c.linger_guard();
        c.shutdown();
        assert_eq!(k.0.load(Ordering::SeqCst), 2);
        let c2 = c.clone();
        let t = std::thread::spawn(move || c2.term());
        c.unregister_socket(a);
        c.unregister_socket(b);
        drop(guard);
        t.join().unwrap();
        assert_eq!(k.0.load(Ordering::SeqCst), 2);
        assert_eq!(c.register_socket(k), Err(Error::Term));
    }
}
