//! The queue of a ZMQ_CONFLATE pipe: it keeps only the last message.
//!
//! Conflation exists for "latest value" feeds where throughput is low, so a
//! mutex (as libzmq's `dbuffer_t`) is acceptable here; the asleep flag is
//! changed under the same lock, so the wake-up protocol matches ypipe's.

use super::Item;
use parking_lot::Mutex;

#[derive(Default)]
struct State {
    /// Written, not yet flushed.
    pending: Option<Item>,
    /// Flushed, readable.
    ready: Option<Item>,
    asleep: bool,
}

#[derive(Default)]
pub struct Conflate(Mutex<State>);

impl Conflate {
    pub fn write(&self, item: Item) {
        self.0.lock().pending = Some(item);
    }

    /// `false` when the reader slept and must be woken.
    pub fn flush(&self) -> bool {
        let mut s = self.0.lock();
        if let Some(item) = s.pending.take() {
            // A delimiter is never replaced by a later message.
            if !matches!(s.ready, Some(Item::Delimiter)) {
                s.ready = Some(item);
            }
            if s.asleep {
                s.asleep = false;
                return false;
            }
        }
        true
    }

    pub fn check_read(&self) -> bool {
        let mut s = self.0.lock();
        if s.ready.is_some() {
            return true;
        }
        s.asleep = true;
        false
    }

    pub fn next_is_delimiter(&self) -> bool {
        matches!(self.0.lock().ready, Some(Item::Delimiter))
    }

    pub fn read(&self) -> Option<Item> {
        let mut s = self.0.lock();
        match s.ready.take() {
            Some(i) => Some(i),
            None => {
                s.asleep = true;
                None
            }
        }
    }
}
