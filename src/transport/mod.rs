//! Transports: address parsing and the inproc, tcp and ipc transports.

pub mod endpoint;
pub mod inproc;
pub mod ipc;
pub mod listener;
pub mod socks;
pub mod tcp;
pub mod ws;
