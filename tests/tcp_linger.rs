//! ZMQ_LINGER over tcp: close returns at once, pending messages are still
//! delivered (up to the linger time), and zmq_ctx_term waits for them.

use std::time::{Duration, Instant};

use zmq::ctx::Context;
use zmq::msg::Msg;
use zmq::socket::base::Socket;

const ZMQ_PULL: i32 = 7;
const ZMQ_PUSH: i32 = 8;
const ZMQ_LINGER: i32 = 17;
const ZMQ_RCVTIMEO: i32 = 27;
const ZMQ_IMMEDIATE: i32 = 39;

fn int(v: i32) -> [u8; 4] {
    v.to_ne_bytes()
}

/// A port nobody listens on (bound and released again).
fn free_endpoint(ctx: &Context) -> String {
    let mut s = Socket::new(ctx, ZMQ_PULL).unwrap();
    s.bind("tcp://127.0.0.1:*").unwrap();
    let ep = s.options().last_endpoint.clone();
    s.term_endpoint(&ep).unwrap();
    ep
}

#[test]
fn pending_messages_delivered_after_close() {
    let ctx = Context::new();
    let ep = free_endpoint(&ctx);
    let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    push.set_option(ZMQ_LINGER, Some(&int(-1))).unwrap();
    push.connect(&ep).unwrap();
    for i in 0..500u32 {
        let mut m = Msg::from_slice(&i.to_be_bytes());
        push.send(&mut m, 0).unwrap();
    }
    // Close before any peer exists; the session keeps the messages.
    drop(push);

    let ctx2 = Context::new();
    let mut pull = Socket::new(&ctx2, ZMQ_PULL).unwrap();
    pull.set_option(ZMQ_RCVTIMEO, Some(&int(10_000))).unwrap();
    pull.bind(&ep).unwrap();
    for i in 0..500u32 {
        assert_eq!(pull.recv(0).unwrap().data(), i.to_be_bytes());
    }
    // Everything was delivered, so term does not wait.
    ctx.term();
    drop(pull);
    ctx2.term();
}

#[test]
fn linger_bounds_term() {
    let ctx = Context::new();
    let ep = free_endpoint(&ctx);
    let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    push.set_option(ZMQ_LINGER, Some(&int(200))).unwrap();
    push.connect(&ep).unwrap();
    let mut m = Msg::from_slice(b"never delivered");
    push.send(&mut m, 0).unwrap();
    drop(push);
    let t = Instant::now();
    ctx.term();
    let took = t.elapsed();
    assert!(took >= Duration::from_millis(150), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn linger_zero_and_immediate_term_at_once() {
    let ctx = Context::new();
    let ep = free_endpoint(&ctx);
    let mut a = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    a.set_option(ZMQ_LINGER, Some(&int(0))).unwrap();
    a.connect(&ep).unwrap();
    let mut m = Msg::from_slice(b"dropped");
    a.send(&mut m, 0).unwrap();
    drop(a);
    // With ZMQ_IMMEDIATE nothing is queued before a connection exists.
    let mut b = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    b.set_option(ZMQ_IMMEDIATE, Some(&int(1))).unwrap();
    b.connect(&ep).unwrap();
    let mut m = Msg::from_slice(b"x");
    assert_eq!(b.send(&mut m, 1), Err(zmq::error::Error::Again));
    drop(b);
    let t = Instant::now();
    ctx.term();
    assert!(t.elapsed() < Duration::from_secs(5));
}

#[test]
fn disconnect_drops_what_was_queued_for_that_endpoint() {
    let ctx = Context::new();
    let dead = free_endpoint(&ctx);
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    pull.set_option(ZMQ_RCVTIMEO, Some(&int(10_000))).unwrap();
    pull.bind("tcp://127.0.0.1:*").unwrap();
    let live = pull.options().last_endpoint.clone();
    let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    push.set_option(ZMQ_LINGER, Some(&int(-1))).unwrap();
    push.connect(&dead).unwrap();
    push.connect(&live).unwrap();
    // Round robin puts some messages on the pipe to the dead endpoint.
    for i in 0..10u32 {
        let mut m = Msg::from_slice(&i.to_be_bytes());
        push.send(&mut m, 0).unwrap();
    }
    push.term_endpoint(&dead).unwrap();
    // From now on everything goes to the live peer.
    for i in 10..20u32 {
        let mut m = Msg::from_slice(&i.to_be_bytes());
        push.send(&mut m, 0).unwrap();
    }
    let mut got = Vec::new();
    while got.last() != Some(&19u32) {
        let m = pull.recv(0).unwrap();
        got.push(u32::from_be_bytes(m.data().try_into().unwrap()));
    }
    assert!(got.len() <= 15, "{got:?}");
    assert_eq!(&got[got.len() - 10..], &(10..20).collect::<Vec<_>>()[..]);
    // Nothing is left to linger for: term returns at once.
    drop(push);
    drop(pull);
    let t = Instant::now();
    ctx.term();
    assert!(t.elapsed() < Duration::from_secs(5));
}
