//! Handles retired by zmq_close and zmq_ctx_term: kept allocated (their tag
//! already marked dead) among the last few retired, so a use soon after
//! reads our own memory and fails cleanly, and freed once older than that,
//! so a program that opens and closes forever does not grow.

use std::collections::VecDeque;

use parking_lot::Mutex;

/// A retired handle, freed when it leaves the queue.
struct RetiredBox<T>(*mut T);

// SAFETY: the pointer is freed once, by Drop; no one dereferences it
// through this wrapper otherwise.
unsafe impl<T> Send for RetiredBox<T> {}

impl<T> Drop for RetiredBox<T> {
    fn drop(&mut self) {
        // SAFETY: `retire` took a pointer from Box::into_raw whose owner
        // gave it up; this wrapper is its only owner.
        drop(unsafe { Box::from_raw(self.0) });
    }
}

/// The last `keep` retired handles of one kind.
pub(crate) struct Retired<T> {
    queue: Mutex<VecDeque<RetiredBox<T>>>,
    keep: usize,
}

impl<T> Retired<T> {
    pub(crate) const fn new(keep: usize) -> Retired<T> {
        Retired {
            queue: Mutex::new(VecDeque::new()),
            keep,
        }
    }

    /// Takes ownership of `handle` (made by `Box::into_raw`, tagged dead,
    /// retired once) and frees the oldest handle beyond `keep`.
    pub(crate) fn retire(&self, handle: *mut T) {
        let evicted = {
            let mut queue = self.queue.lock();
            queue.push_back(RetiredBox(handle));
            if queue.len() > self.keep {
                queue.pop_front()
            } else {
                None
            }
        };
        // Freed outside the lock.
        drop(evicted);
    }
}
