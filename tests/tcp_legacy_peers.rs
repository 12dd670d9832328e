//! Our sockets over tcp with peers of older libzmq generations, played by a
//! raw TcpStream sending the bytes libzmq 3.2 (ZMTP 2.0) and libzmq 2.x
//! (ZMTP 1.0) send, and checking the bytes we answer.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use zmq::ctx::Context;
use zmq::msg::Msg;
use zmq::socket::base::Socket;

const ZMQ_PUB: i32 = 1;
const ZMQ_REP: i32 = 4;
const ZMQ_ROUTER: i32 = 6;
const ZMQ_SNDMORE: i32 = 2;
const ZMQ_LINGER: i32 = 17;
const ZMQ_RCVTIMEO: i32 = 27;

fn int(v: i32) -> Vec<u8> {
    v.to_ne_bytes().to_vec()
}

fn bound(ctx: &Context, socket_type: i32) -> (Socket, String) {
    let mut s = Socket::new(ctx, socket_type).unwrap();
    s.set_option(ZMQ_LINGER, Some(&int(0))).unwrap();
    s.set_option(ZMQ_RCVTIMEO, Some(&int(10_000))).unwrap();
    s.bind("tcp://127.0.0.1:*").unwrap();
    let ep = s.options().last_endpoint.clone();
    (s, ep)
}

fn peer(ep: &str) -> TcpStream {
    let s = TcpStream::connect(ep.trim_start_matches("tcp://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

fn read_exact(s: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    s.read_exact(&mut v).unwrap();
    v
}

const SIG: [u8; 10] = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F];

#[test]
fn libzmq32_dealer_talks_to_our_router() {
    let ctx = Context::new();
    let (mut router, ep) = bound(&ctx, ZMQ_ROUTER);
    let mut p = peer(&ep);
    // libzmq 3.2 DEALER with identity "A": signature, revision 1, DEALER,
    // identity frame, then a message.
    p.write_all(&[0xFF, 0, 0, 0, 0, 0, 0, 0, 2, 0x7F, 0x01, 0x05])
        .unwrap();
    p.write_all(b"\x00\x01A\x00\x05hello").unwrap();
    let mut want = SIG.to_vec();
    want.extend_from_slice(&[3, 6, 0x00, 0x00]);
    assert_eq!(read_exact(&mut p, want.len()), want);

    let id = router.recv(0).unwrap();
    assert_eq!(id.data(), b"A");
    assert!(id.more());
    let body = router.recv(0).unwrap();
    assert_eq!(body.data(), b"hello");
    assert!(!body.more());

    router
        .send(&mut Msg::from_slice(b"A"), ZMQ_SNDMORE)
        .unwrap();
    let big = vec![0x42u8; 300];
    router.send(&mut Msg::from_slice(&big), 0).unwrap();
    let mut want = vec![0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x2C];
    want.extend_from_slice(&big);
    assert_eq!(read_exact(&mut p, want.len()), want);
    drop(router);
    ctx.term();
}

#[test]
fn libzmq2_req_talks_to_our_rep() {
    let ctx = Context::new();
    let (mut rep, ep) = bound(&ctx, ZMQ_REP);
    let mut p = peer(&ep);
    // libzmq 2.x REQ: anonymous identity, then [delimiter, "hello"], in
    // ZMTP 1.0 framing and with no signature.
    p.write_all(b"\x01\x00\x01\x01\x06\x00hello").unwrap();
    assert_eq!(read_exact(&mut p, 10), SIG);
    assert_eq!(rep.recv(0).unwrap().data(), b"hello");
    rep.send(&mut Msg::from_slice(b"world"), 0).unwrap();
    assert_eq!(read_exact(&mut p, 9), b"\x01\x01\x06\x00world");
    drop(rep);
    ctx.term();
}

#[test]
fn libzmq2_sub_receives_from_our_pub() {
    // A 2.x SUB sends no subscriptions (it filters itself); our PUB must
    // publish to it anyway, as libzmq does.
    let ctx = Context::new();
    let (mut publisher, ep) = bound(&ctx, ZMQ_PUB);
    let mut p = peer(&ep);
    p.write_all(b"\x01\x00").unwrap();
    assert_eq!(read_exact(&mut p, 10), SIG);
    // Publish until the connection is attached and the message arrives.
    p.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut got = Vec::new();
    while got.len() < 6 {
        assert!(Instant::now() < deadline, "nothing published");
        publisher.send(&mut Msg::from_slice(b"news"), 0).unwrap();
        let mut buf = [0u8; 64];
        match p.read(&mut buf) {
            Ok(0) => panic!("closed"),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    assert_eq!(&got[..6], b"\x05\x00news");
    drop(publisher);
    ctx.term();
}
