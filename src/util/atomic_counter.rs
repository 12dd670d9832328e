//! zmq_atomic_counter_*: a shared integer for C programs.
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicI32, Ordering};

/// An integer updated atomically. Every operation is SeqCst: libzmq's
/// counter is a full barrier, and C callers may use it to publish data
/// (e.g. "count down, and the last one reads what the others wrote").
#[derive(Debug, Default)]
pub struct AtomicCounter(AtomicI32);

impl AtomicCounter {
    pub fn new() -> AtomicCounter {
        AtomicCounter::default()
    }

    pub fn set(&self, value: i32) {
        self.0.store(value, Ordering::SeqCst);
    }

    /// Adds one; returns the value before (zmq_atomic_counter_inc(3)).
    pub fn inc(&self) -> i32 {
        self.0.fetch_add(1, Ordering::SeqCst)
    }

    /// Subtracts one; returns whether the value after is non-zero
    /// (zmq_atomic_counter_dec(3)).
    pub fn dec(&self) -> bool {
        self.0.fetch_sub(1, Ordering::SeqCst).wrapping_sub(1) != 0
    }

    pub fn value(&self) -> i32 {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libzmq() {
        let c = AtomicCounter::new();
        assert_eq!(c.inc(), 0);
        assert_eq!(c.inc(), 1);
        assert_eq!(c.value(), 2);
        assert!(c.dec());
        assert!(!c.dec());
        assert!(c.dec());
        assert_eq!(c.value(), -1);
        c.set(5);
        assert_eq!(c.value(), 5);
    }
}
