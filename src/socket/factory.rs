//! Creates the pattern for a ZMQ_* socket type, and the small helpers the
//! patterns share for decoding option values.

use super::pair::Pair;
use super::pattern::Pattern;
use super::pipeline::{Pull, Push};
use super::pubsub::{Pub, Sub, XPub, XSub};
use super::reqrep::{Dealer, Rep, Req, Router};
use super::stream::Stream;

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
        ZMQ_STREAM => Box::new(Stream::new()),
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
        for t in ZMQ_PAIR..=ZMQ_STREAM {
            let p = create(t).expect("known type");
            assert_eq!(p.socket_type(), t);
        }
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

    use crate::msg::Msg;
    use crate::socket::pattern::PipeInfo;
    use crate::socket::routing::fake::{deliver, FakePipes};

    /// Two sockets joined by pipe 1 on each side.
    struct Link {
        a: Box<dyn Pattern>,
        pa: FakePipes,
        b: Box<dyn Pattern>,
        pb: FakePipes,
    }

    impl Link {
        fn new(a: i32, b: i32) -> Link {
            let mut l = Link {
                a: create(a).unwrap(),
                pa: FakePipes::new(),
                b: create(b).unwrap(),
                pb: FakePipes::new(),
            };
            l.pa.add(1);
            l.pb.add(1);
            l.a.attach(&mut l.pa, 1, &PipeInfo::default());
            l.b.attach(&mut l.pb, 1, &PipeInfo::default());
            l.pump();
            l
        }

        /// Carries what each side flushed to the other and wakes it.
        fn pump(&mut self) {
            deliver(&mut self.pa, 1, &mut self.pb, 1);
            deliver(&mut self.pb, 1, &mut self.pa, 1);
            self.a.read_activated(&mut self.pa, 1);
            self.b.read_activated(&mut self.pb, 1);
        }
    }

    fn send(s: &mut dyn Pattern, p: &mut FakePipes, frames: &[&[u8]]) {
        for (i, f) in frames.iter().enumerate() {
            let mut m = Msg::from_slice(f);
            m.set_more(i + 1 < frames.len());
            s.send(p, &mut m).unwrap();
        }
    }

    fn recv(s: &mut dyn Pattern, p: &mut FakePipes) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        loop {
            let m = s.recv(p).unwrap();
            out.push(m.data().to_vec());
            if !m.more() {
                return out;
            }
        }
    }

    #[test]
    fn req_rep_round_trip() {
        let mut l = Link::new(ZMQ_REQ, ZMQ_REP);
        for i in 0..3u8 {
            send(&mut *l.a, &mut l.pa, &[b"ping", &[i]]);
            l.pump();
            assert_eq!(recv(&mut *l.b, &mut l.pb), vec![b"ping".to_vec(), vec![i]]);
            send(&mut *l.b, &mut l.pb, &[b"pong"]);
            l.pump();
            assert_eq!(recv(&mut *l.a, &mut l.pa), vec![b"pong".to_vec()]);
        }
    }

    #[test]
    fn dealer_router_round_trip() {
        let mut l = Link::new(ZMQ_DEALER, ZMQ_ROUTER);
        send(&mut *l.a, &mut l.pa, &[b"hello"]);
        l.pump();
        let got = recv(&mut *l.b, &mut l.pb);
        assert_eq!(got.len(), 2);
        let id = got[0].clone();
        send(&mut *l.b, &mut l.pb, &[&id, b"back"]);
        l.pump();
        assert_eq!(recv(&mut *l.a, &mut l.pa), vec![b"back".to_vec()]);
    }

    #[test]
    fn pub_sub_and_xpub_xsub() {
        let mut l = Link::new(ZMQ_SUB, ZMQ_PUB);
        l.a.set_option(&mut l.pa, 6, b"news").unwrap();
        l.pump();
        send(&mut *l.b, &mut l.pb, &[b"sports"]);
        send(&mut *l.b, &mut l.pb, &[b"news!"]);
        l.pump();
        assert_eq!(recv(&mut *l.a, &mut l.pa), vec![b"news!".to_vec()]);
        assert!(!l.a.has_in(&mut l.pa));

        let mut x = Link::new(ZMQ_XSUB, ZMQ_XPUB);
        send(&mut *x.a, &mut x.pa, &[b"\x01t"]);
        x.pump();
        assert_eq!(recv(&mut *x.b, &mut x.pb), vec![b"\x01t".to_vec()]);
        send(&mut *x.b, &mut x.pb, &[b"t1"]);
        send(&mut *x.b, &mut x.pb, &[b"u1"]);
        x.pump();
        assert_eq!(recv(&mut *x.a, &mut x.pa), vec![b"t1".to_vec()]);
    }

    #[test]
    fn push_pull_and_pair() {
        let mut l = Link::new(ZMQ_PUSH, ZMQ_PULL);
        send(&mut *l.a, &mut l.pa, &[b"job", b"data"]);
        l.pump();
        assert_eq!(
            recv(&mut *l.b, &mut l.pb),
            vec![b"job".to_vec(), b"data".to_vec()]
        );

        let mut p = Link::new(ZMQ_PAIR, ZMQ_PAIR);
        send(&mut *p.a, &mut p.pa, &[b"x"]);
        send(&mut *p.b, &mut p.pb, &[b"y"]);
        p.pump();
        assert_eq!(recv(&mut *p.a, &mut p.pa), vec![b"y".to_vec()]);
        assert_eq!(recv(&mut *p.b, &mut p.pb), vec![b"x".to_vec()]);
    }
}
