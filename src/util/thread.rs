//! zmq_threadstart / zmq_threadclose: a thread running a C function, joined
//! by close.

use crate::capi::types::zmq_thread_fn;
use crate::error::{Error, Result};
use std::os::raw::c_void;
use std::thread::JoinHandle;

/// A C function and its argument, moved to the new thread.
struct Start {
    func: zmq_thread_fn,
    arg: *mut c_void,
}

// SAFETY: zmq_threadstart(3) hands `arg` to `func` on a new thread; making
// that safe is the caller's side of the contract, as with pthread_create.
unsafe impl Send for Start {}

impl Start {
    fn run(self) {
        block_signals();
        // SAFETY: func and arg come from the zmq_threadstart caller, who
        // promises func(arg) may run on another thread.
        unsafe { (self.func)(self.arg) }
    }
}

/// As libzmq's threads: signals go to the application's own threads, which
/// keeps a SIGINT handler or sigwait in the main thread working.
fn block_signals() {
    // SAFETY: sigset_t is plain data, initialised by sigfillset before use;
    // pthread_sigmask only changes this thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// A running thread started for C.
#[derive(Debug)]
pub struct Thread {
    handle: JoinHandle<()>,
}

impl Thread {
    /// Starts `func(arg)` on a new thread.
    ///
    /// # Safety
    /// `func(arg)` must be safe to call on another thread.
    pub unsafe fn start(func: zmq_thread_fn, arg: *mut c_void) -> Result<Thread> {
        let start = Start { func, arg };
        std::thread::Builder::new()
            .name("zmq-user".into())
            .spawn(move || crate::util::panics::thread_body("zmq-user", || start.run()))
            .map(|handle| Thread { handle })
            .map_err(|_| Error::Again)
    }

    /// Waits for the thread to finish.
    pub fn join(self) {
        // The thread only runs C code, which cannot unwind into Rust, so
        // there is no panic payload to report.
        let _ = self.handle.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI32, Ordering};

    unsafe extern "C" fn bump(arg: *mut c_void) {
        // SAFETY: the test passes a pointer to a live AtomicI32.
        unsafe { &*arg.cast::<AtomicI32>() }.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn runs_and_joins() {
        let counter = AtomicI32::new(0);
        let arg = std::ptr::addr_of!(counter).cast_mut().cast();
        // SAFETY: counter outlives the thread, which is joined below.
        let t = unsafe { Thread::start(bump, arg) }.unwrap();
        t.join();
        assert_eq!(counter.load(Ordering::SeqCst), 1);
    }
}
