//! libzmq 4.3 in Rust, behind the same C ABI.
//!
//! Layers, each depending only on those below it:
//! - `capi`: `extern "C"` only; raw pointers, argument checks, errno.
//! - core: `ctx`, `socket`, `msg`, `pipe`, `options`, `poll`, `proxy`, `monitor`.
//! - `io`, `transport`, `engine`: I/O threads, reactor, tcp/ipc/inproc, sessions.
//! - `zmtp`: the sans-IO wire protocol.

pub mod capi;
pub mod ctx;
pub mod engine;
pub mod error;
pub mod io;
pub mod monitor;
pub mod msg;
pub mod options;
pub mod pipe;
pub mod poll;
pub mod proxy;
pub mod socket;
pub mod transport;
pub mod util;
pub mod zmtp;
