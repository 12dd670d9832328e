//! zmq_stopwatch_*: elapsed microseconds on the monotonic clock.
#![forbid(unsafe_code)]

use std::time::Instant;

#[derive(Debug)]
pub struct Stopwatch {
    start: Instant,
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch {
            start: Instant::now(),
        }
    }

    /// Microseconds since `start`, saturating.
    pub fn elapsed_us(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_micros()).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_monotonic() {
        let w = Stopwatch::start();
        let a = w.elapsed_us();
        let b = w.elapsed_us();
        assert!(b >= a);
    }
}
