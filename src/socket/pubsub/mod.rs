//! Publish-subscribe: PUB and XPUB (`xpub.rs`) distribute messages to the
//! subscribers whose subscription prefixes them; SUB and XSUB (`xsub.rs`)
//! send subscriptions upstream and fair-queue what comes back.
//!
//! On a pipe a subscription is a message whose first byte is 1 (subscribe)
//! or 0 (unsubscribe) followed by the topic, as in ZMTP 3.0.

mod xpub;
mod xsub;

pub use xpub::{Pub, XPub};
pub use xsub::{Sub, XSub};

use crate::msg::Msg;

// Option numbers (zmq.h).
pub(crate) const ZMQ_SUBSCRIBE: i32 = 6;
pub(crate) const ZMQ_UNSUBSCRIBE: i32 = 7;
pub(crate) const ZMQ_XPUB_VERBOSE: i32 = 40;
pub(crate) const ZMQ_XPUB_NODROP: i32 = 69;
pub(crate) const ZMQ_XPUB_MANUAL: i32 = 71;
pub(crate) const ZMQ_XPUB_WELCOME_MSG: i32 = 72;
pub(crate) const ZMQ_INVERT_MATCHING: i32 = 74;
pub(crate) const ZMQ_XPUB_VERBOSER: i32 = 78;
pub(crate) const ZMQ_XPUB_MANUAL_LAST_VALUE: i32 = 98;
pub(crate) const ZMQ_ONLY_FIRST_SUBSCRIBE: i32 = 108;

/// Whether a frame is a subscription (`Some(true)`), an unsubscription
/// (`Some(false)`) or neither, and its topic.
fn parse_subscription(data: &[u8]) -> Option<(bool, &[u8])> {
    match data.split_first() {
        Some((1, topic)) => Some((true, topic)),
        Some((0, topic)) => Some((false, topic)),
        _ => None,
    }
}

/// The message carrying a (un)subscription to `topic`.
fn subscription_msg(subscribe: bool, topic: &[u8]) -> Msg {
    let mut body = Vec::with_capacity(topic.len() + 1);
    body.push(u8::from(subscribe));
    body.extend_from_slice(topic);
    Msg::from_vec(body)
}

/// ZMQ_INVERT_MATCHING is a generic option the base stores; the patterns
/// that honour it read it on the way (libzmq's relaxed int-as-bool).
fn invert_matching_value(value: &[u8]) -> Option<bool> {
    crate::socket::factory::int_value(value).map(|v| v != 0)
}
