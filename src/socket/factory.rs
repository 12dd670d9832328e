//! Creates the pattern for a ZMQ_* socket type, and the small helpers the
//! patterns share for decoding option values.

use super::pair::Pair;
use super::pattern::Pattern;
use super::pipeline::{Pull, Push};
use super::pubsub::{Pub, Sub, XPub, XSub};
use super::reqrep::{Dealer, Rep, Req, Router};

/// Socket types (zmq.h).
pub const ZMQ_PAIR: i32 = 0;
pub const ZMQ_PUB: i32 = 1;
pub const ZMQ_SUB: i32 = 2;
pub const ZMQ_REQ: i32 = 3;
pub const ZMQ_REP: i32 = 4;
pub const ZMQ_DEALER: i32 = 5;
pub const ZMQ_ROUTER: i32 = 6;
pub const ZMQ_PULL: i32 = 7;
pub const ZMQ_PUSH: i32 = 8;
pub const ZMQ_XPUB: i32 = 9;
pub const ZMQ_XSUB: i32 = 10;
pub const ZMQ_STREAM: i32 = 11;

/// The pattern for `socket_type`; `None` for unknown (or not yet supported)
/// types, which the C API reports as EINVAL.
pub fn create(socket_type: i32) -> Option<Box<dyn Pattern>> {
    let pattern: Box<dyn Pattern> = match socket_type {
        ZMQ_PAIR => Box::new(Pair::new()),
        ZMQ_PUB => Box::new(Pub::new()),
        ZMQ_SUB => Box::new(Sub::new()),
        ZMQ_REQ => Box::new(Req::new()),
        ZMQ_REP => Box::new(Rep::new()),
        ZMQ_DEALER => Box::new(Dealer::new()),
        ZMQ_ROUTER => Box::new(Router::new()),
        ZMQ_PULL => Box::new(Pull::new()),
        ZMQ_PUSH => Box::new(Push::new()),
        ZMQ_XPUB => Box::new(XPub::new()),
        ZMQ_XSUB => Box::new(XSub::new()),
        _ => return None,
    };
    Some(pattern)
}

/// An `int` option value as libzmq reads it: exactly `sizeof(int)` bytes in
/// native byte order.
pub(crate) fn int_value(value: &[u8]) -> Option<i32> {
    let bytes: [u8; 4] = value.try_into().ok()?;
    Some(i32::from_ne_bytes(bytes))
}

/// A boolean option as patterns take them: an `int` that is not negative.
pub(crate) fn bool_value(value: &[u8]) -> Option<bool> {
    match int_value(value) {
        Some(v) if v >= 0 => Some(v != 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_each_known_type() {
        for t in ZMQ_PAIR..=ZMQ_XSUB {
            let p = create(t).expect("known type");
            assert_eq!(p.socket_type(), t);
        }
        assert!(create(ZMQ_STREAM).is_none());
        assert!(create(-1).is_none());
        assert!(create(12).is_none());
    }

    #[test]
    fn option_values() {
        assert_eq!(int_value(&5i32.to_ne_bytes()), Some(5));
        assert_eq!(int_value(&[1, 2]), None);
        assert_eq!(bool_value(&(-1i32).to_ne_bytes()), None);
        assert_eq!(bool_value(&2i32.to_ne_bytes()), Some(true));
        assert_eq!(bool_value(&0i32.to_ne_bytes()), Some(false));
    }
}
