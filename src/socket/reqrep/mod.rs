//! Request-reply: DEALER and REQ (`dealer.rs`) load-balance requests and
//! fair-queue replies; ROUTER and REP (`router.rs`) address peers by
//! routing id.
//!
//! A request travels as an envelope (routing ids pushed by each ROUTER on
//! the way, then an empty delimiter frame) followed by the body.

mod dealer;
mod router;

pub use dealer::{Dealer, Req};
pub use router::{Rep, Router};

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

// Option numbers (zmq.h).
pub(crate) const ZMQ_ROUTER_MANDATORY: i32 = 33;
pub(crate) const ZMQ_ROUTER_RAW: i32 = 41;
pub(crate) const ZMQ_PROBE_ROUTER: i32 = 51;
pub(crate) const ZMQ_REQ_CORRELATE: i32 = 52;
pub(crate) const ZMQ_REQ_RELAXED: i32 = 53;
pub(crate) const ZMQ_ROUTER_HANDOVER: i32 = 56;
pub(crate) const ZMQ_CONNECT_ROUTING_ID: i32 = 61;

/// A random 32-bit start value, as libzmq's `generate_random` gives the
/// request id and routing id counters, so ids differ between runs. The
/// std hasher keys are random per process and per `RandomState`.
fn random_u32() -> u32 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(std::process::id().into());
    h.finish() as u32
}
