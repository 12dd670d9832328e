//! tcp and ipc through the socket API: bind/connect in both orders,
//! ZMQ_LAST_ENDPOINT, multipart, large messages, reconnect, unbind.

use zmq::ctx::Context;
use zmq::error::Error;
use zmq::msg::Msg;
use zmq::socket::base::Socket;

const ZMQ_PAIR: i32 = 0;
const ZMQ_PUB: i32 = 1;
const ZMQ_SUB: i32 = 2;
const ZMQ_REQ: i32 = 3;
const ZMQ_REP: i32 = 4;
const ZMQ_PULL: i32 = 7;
const ZMQ_PUSH: i32 = 8;
const ZMQ_SNDMORE: i32 = 2;
const ZMQ_LINGER: i32 = 17;
const ZMQ_RCVTIMEO: i32 = 27;
const ZMQ_SUBSCRIBE: i32 = 6;

fn sock(ctx: &Context, t: i32) -> Socket {
    let mut s = Socket::new(ctx, t).unwrap();
    // Every test bounds its waits.
    s.set_option(ZMQ_RCVTIMEO, Some(&10_000i32.to_ne_bytes()))
        .unwrap();
    s.set_option(ZMQ_LINGER, Some(&1_000i32.to_ne_bytes()))
        .unwrap();
    s
}

fn send(s: &mut Socket, data: &[u8], more: bool) {
    let mut m = Msg::from_slice(data);
    s.send(&mut m, if more { ZMQ_SNDMORE } else { 0 }).unwrap();
}

fn recv(s: &mut Socket) -> Vec<u8> {
    s.recv(0).unwrap().data().to_vec()
}

fn bind(s: &mut Socket, uri: &str) -> String {
    s.bind(uri).unwrap();
    s.options().last_endpoint.clone()
}

#[test]
fn pair_over_tcp_both_orders() {
    let ctx = Context::new();
    let mut a = sock(&ctx, ZMQ_PAIR);
    let ep = bind(&mut a, "tcp://127.0.0.1:*");
    assert!(ep.starts_with("tcp://127.0.0.1:") && !ep.ends_with(":0"));
    let mut b = sock(&ctx, ZMQ_PAIR);
    b.connect(&ep).unwrap();
    send(&mut b, b"hello", true);
    send(&mut b, b"world", false);
    assert_eq!(recv(&mut a), b"hello");
    assert!(a.rcvmore());
    assert_eq!(recv(&mut a), b"world");
    let big = vec![3u8; 300_000];
    send(&mut a, &big, false);
    assert!(recv(&mut b) == big);
    drop(a);
    drop(b);

    // Connect first, bind later (to a port we learn by binding elsewhere).
    let mut probe = sock(&ctx, ZMQ_PAIR);
    let ep = bind(&mut probe, "tcp://127.0.0.1:*");
    probe.term_endpoint(&ep).unwrap();
    drop(probe);
    let mut c = sock(&ctx, ZMQ_PUSH);
    c.connect(&ep).unwrap();
    send(&mut c, b"early", false);
    let mut d = sock(&ctx, ZMQ_PULL);
    d.bind(&ep).unwrap();
    assert_eq!(recv(&mut d), b"early");
    drop(c);
    drop(d);
    ctx.term();
}

#[test]
fn reqrep_over_ipc() {
    let ctx = Context::new();
    let mut rep = sock(&ctx, ZMQ_REP);
    let ep = bind(&mut rep, "ipc://*");
    assert!(ep.starts_with("ipc://"));
    let mut req = sock(&ctx, ZMQ_REQ);
    req.connect(&ep).unwrap();
    for i in 0..100u32 {
        send(&mut req, &i.to_be_bytes(), false);
        let q = recv(&mut rep);
        send(&mut rep, &q, false);
        assert_eq!(recv(&mut req), i.to_be_bytes());
    }
    drop(req);
    drop(rep);
    ctx.term();
}

#[test]
fn pubsub_over_tcp_filters_at_publisher() {
    let ctx = Context::new();
    let mut publ = sock(&ctx, ZMQ_PUB);
    let ep = bind(&mut publ, "tcp://127.0.0.1:*");
    let mut sub = sock(&ctx, ZMQ_SUB);
    sub.set_option(ZMQ_SUBSCRIBE, Some(b"A")).unwrap();
    sub.connect(&ep).unwrap();
    // Publish until the subscription has arrived (PUB drops before that).
    loop {
        send(&mut publ, b"B-skip", false);
        send(&mut publ, b"A-data", false);
        sub.set_option(ZMQ_RCVTIMEO, Some(&20i32.to_ne_bytes()))
            .unwrap();
        match sub.recv(0) {
            Ok(m) => {
                assert_eq!(m.data(), b"A-data");
                break;
            }
            Err(Error::Again) => continue,
            Err(e) => panic!("{e:?}"),
        }
    }
    drop(sub);
    drop(publ);
    ctx.term();
}

#[test]
fn unbind_then_rebind_same_port_reconnects() {
    let ctx = Context::new();
    let mut pull = sock(&ctx, ZMQ_PULL);
    let ep = bind(&mut pull, "tcp://127.0.0.1:*");
    let mut push = sock(&ctx, ZMQ_PUSH);
    push.connect(&ep).unwrap();
    send(&mut push, b"1", false);
    assert_eq!(recv(&mut pull), b"1");
    pull.term_endpoint(&ep).unwrap();
    drop(pull);
    let mut pull = sock(&ctx, ZMQ_PULL);
    // The old listener closes asynchronously; SO_REUSEADDR lets us rebind
    // as soon as it is gone.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while let Err(e) = pull.bind(&ep) {
        assert_eq!(e, Error::AddrInUse);
        assert!(std::time::Instant::now() < deadline);
        std::thread::yield_now();
    }
    // A message sent while the old connection is still closing may be lost
    // with it (as with libzmq); keep sending until one arrives on the new.
    pull.set_option(ZMQ_RCVTIMEO, Some(&50i32.to_ne_bytes()))
        .unwrap();
    loop {
        send(&mut push, b"2", false);
        match pull.recv(0) {
            Ok(m) => {
                assert_eq!(m.data(), b"2");
                break;
            }
            Err(Error::Again) => assert!(std::time::Instant::now() < deadline),
            Err(e) => panic!("{e:?}"),
        }
    }
    drop(push);
    drop(pull);
    ctx.term();
}

#[test]
fn bind_errors() {
    let ctx = Context::new();
    let mut a = sock(&ctx, ZMQ_PAIR);
    let ep = bind(&mut a, "tcp://127.0.0.1:*");
    let mut b = sock(&ctx, ZMQ_PAIR);
    assert_eq!(b.bind(&ep), Err(Error::AddrInUse));
    assert_eq!(b.connect("tcp://127.0.0.1:*"), Err(Error::Inval));
    assert_eq!(b.term_endpoint("tcp://127.0.0.1:1"), Err(Error::NoEnt));
    drop(a);
    drop(b);
    ctx.term();
}

/// Receives `want` on `sub` while `publ` keeps publishing it (PUB drops
/// until the subscription arrives).
fn pub_until_received(publ: &mut Socket, sub: &mut Socket, want: &[u8]) {
    sub.set_option(ZMQ_RCVTIMEO, Some(&20i32.to_ne_bytes()))
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        send(publ, b"other", false);
        send(publ, want, false);
        match sub.recv(0) {
            Ok(m) => {
                assert_eq!(m.data(), want);
                return;
            }
            Err(Error::Again) => assert!(std::time::Instant::now() < deadline),
            Err(e) => panic!("{e:?}"),
        }
    }
}

#[test]
fn subscriptions_resent_after_publisher_restart() {
    let ctx = Context::new();
    let mut publ = sock(&ctx, ZMQ_PUB);
    let ep = bind(&mut publ, "tcp://127.0.0.1:*");
    let mut sub = sock(&ctx, ZMQ_SUB);
    sub.set_option(ZMQ_SUBSCRIBE, Some(b"A")).unwrap();
    sub.connect(&ep).unwrap();
    pub_until_received(&mut publ, &mut sub, b"A1");
    drop(publ);
    // A new publisher on the same port knows nothing of the subscription
    // until the reconnected subscriber sends it again.
    let mut publ = sock(&ctx, ZMQ_PUB);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while let Err(e) = publ.bind(&ep) {
        assert_eq!(e, Error::AddrInUse);
        assert!(std::time::Instant::now() < deadline);
        std::thread::yield_now();
    }
    pub_until_received(&mut publ, &mut sub, b"A2");
    drop(sub);
    drop(publ);
    ctx.term();
}

#[test]
fn xpub_sees_subscriptions_over_tcp() {
    const ZMQ_XPUB: i32 = 9;
    const ZMQ_UNSUBSCRIBE: i32 = 7;
    let ctx = Context::new();
    let mut xpub = sock(&ctx, ZMQ_XPUB);
    let ep = bind(&mut xpub, "tcp://127.0.0.1:*");
    let mut sub = sock(&ctx, ZMQ_SUB);
    sub.connect(&ep).unwrap();
    sub.set_option(ZMQ_SUBSCRIBE, Some(b"topic")).unwrap();
    assert_eq!(recv(&mut xpub), b"\x01topic");
    sub.set_option(ZMQ_UNSUBSCRIBE, Some(b"topic")).unwrap();
    assert_eq!(recv(&mut xpub), b"\x00topic");
    drop(sub);
    drop(xpub);
    ctx.term();
}

#[test]
fn ipv6_loopback() {
    const ZMQ_IPV6: i32 = 42;
    let ctx = Context::new();
    let mut a = sock(&ctx, ZMQ_PAIR);
    a.set_option(ZMQ_IPV6, Some(&1i32.to_ne_bytes())).unwrap();
    if let Err(e) = a.bind("tcp://[::1]:*") {
        // No IPv6 loopback on this machine.
        assert!(
            matches!(e, Error::AddrNotAvail | Error::AfNoSupport | Error::NoDev),
            "{e:?}"
        );
        return;
    }
    let ep = a.options().last_endpoint.clone();
    assert!(ep.starts_with("tcp://[::1]:"), "{ep}");
    let mut b = sock(&ctx, ZMQ_PAIR);
    b.set_option(ZMQ_IPV6, Some(&1i32.to_ne_bytes())).unwrap();
    b.connect(&ep).unwrap();
    send(&mut b, b"six", false);
    assert_eq!(recv(&mut a), b"six");
    drop(a);
    drop(b);
    ctx.term();
}
