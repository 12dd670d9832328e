//! Threads and wake-ups: eventfd signalers, futex waits, command mailboxes, the reactor and
//! the I/O threads the context owns.

#[cfg(not(loom))]
pub mod futex;
pub mod io_thread;
pub mod mailbox;
pub mod reactor;
pub mod routes;
pub mod signaler;

#[cfg(all(test, loom))]
mod mailbox_loom;
