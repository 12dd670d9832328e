//! Creates the pattern for a ZMQ_* socket type.

use super::pair::Pair;
use super::pattern::Pattern;
use super::pipeline::{Pull, Push};

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
        ZMQ_PULL => Box::new(Pull::new()),
        ZMQ_PUSH => Box::new(Push::new()),
        _ => return None,
    };
    Some(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_each_known_type() {
        for t in [ZMQ_PAIR, ZMQ_PULL, ZMQ_PUSH] {
            let p = create(t).expect("known type");
            assert_eq!(p.socket_type(), t);
        }
        assert!(create(ZMQ_STREAM).is_none());
        assert!(create(-1).is_none());
        assert!(create(12).is_none());
    }
}
