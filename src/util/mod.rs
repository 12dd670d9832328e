//! Utilities behind the socket-less C calls: Z85, CURVE keys, atomic
//! counters, timers, stopwatch, threads and the capability table.

pub mod atomic_counter;
pub mod capabilities;
pub mod curve_keys;
pub mod id_map;
pub mod panics;
pub(crate) mod retired;
pub mod stopwatch;
pub(crate) mod sync;
pub mod test_panic;
pub mod thread;
pub mod timers;
pub mod z85;
